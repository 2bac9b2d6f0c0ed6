"""A national-scale synthetic dataset in the project's own record format.

``danvan synth --scale S -o DIR`` writes ``DIR/reference/*.yaml`` and
``DIR/sources/*.yaml`` (format ``danvan-record/1``, see ``docs/records.md``), so the
data goes through the real build path: ``danvan build --data DIR``.

What it contains (every value invented, every unit real — from the gazetteer):

* ``reference/central.yaml`` — the central bodies, the *Dân vận khéo* movement and
  eight central documents on dân vận work, with ``based_on``/``continues``/``replaces``
  links between them;
* ``reference/p{NN}.yaml`` for each of the 63 pre-2025 provinces — its districts (all
  696 overall), the provincial and district Party committees, commissions and People's
  Committees, a few officials, and the lineage below the central documents: for each
  central document a provincial directive carrying it out (continuing the previous
  term's directive), a provincial plan carrying out that directive, and one district
  plan per district carrying out the directive (for three of the central documents);
* ``sources/p{NN}-{YYYY}.yaml`` for each province and each year 2010–2025 — one
  "article" per province-year holding that year's activity in its districts:
  conferences reviewing the documents issued so far (periods, organiser, chair,
  attendees with posts, higher-level bodies attending), models (owner, commune, field,
  recognition level and year), awards (giver, decision, counts), figures (registered
  and recognised models, with a breakdown) — communes come from the gazetteer.

**Consistency.** The data passes ``danvan validate`` with no finding at all (tested):
every document is dated after what it carries out or builds on; a conference reviews
only documents issued by then, over a period starting no earlier than the document, and
is held after the period ends — from July of its last year (the year-end review) or in
the first half of the next (2025, when districts ended on 1 July, has only reviews of
2024); an award's decision comes before its ceremony; and a unit has one registered and
one recognised count per period — the district's at the first review held in the
period's last year, one of its communes' at any other review of that period.

**Scale.** ``S`` is the mean number of *activity bundles* per district per year; a
bundle is one conference with its reviews and participants plus, on average, 1.5
models, 0.5 awards (each with its decision) and 2.3 figures. ``S`` may be fractional
(0.05: one district-year in twenty has a bundle). The fixed part (units, organisations,
people, the lineage documents) does not depend on ``S``. Record triples (everything
but the gazetteer and the ontology, which every build adds: ≈155,000 quads) are
about ``BASE + S × PER_S`` — see :data:`TRIPLES_BASE`, :data:`TRIPLES_PER_S` (measured;
``docs/benchmarks.md`` has the table).

The output is a pure function of ``(scale, seed)``: every province draws from its own
``random.Random(f"{seed}/{province}/{year}")``, files are written in sorted order, and
the YAML dumper is given fixed key order, so the same arguments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from danvan_kg.records import FORMAT
from danvan_kg.text import slugify

YEARS = range(2010, 2026)
# Measured with the default seed as bench/run.py does (S=0.01 → 107,089, S=0.62 → 1,017,515):
# record quads (source graphs + inferred) ≈ TRIPLES_BASE + scale × TRIPLES_PER_S.
TRIPLES_BASE = 92_000
TRIPLES_PER_S = 1_480_000

Record = dict[str, Any]

# --------------------------------------------------------------------------- vocab

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Lương",
    "Trương",
    "Cao",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Quốc",
    "Xuân",
    "Ngọc",
    "Công",
    "Thu",
    "Mạnh",
    "Hồng",
    "Kim",
    "Bá",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thành",
    "Thảo",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
    "Thắng",
    "Lợi",
    "Nhung",
]
FIELDS = ["economy", "culture-society", "defence-security", "political-system"]
MODEL_NAMES = {
    "economy": [
        "Chuỗi liên kết sản xuất lúa hữu cơ",
        "Tổ hợp tác nuôi ong",
        "Hiến đất làm đường giao thông nông thôn",
        "Vườn mẫu nông thôn mới",
        "Hợp tác xã rau an toàn",
    ],
    "culture-society": [
        "Tủ sách khuyến học",
        "Khu dân cư văn minh, sạch đẹp",
        "Con đường hoa",
        "Nhà văn hóa thôn tự quản",
        "Bếp ăn tình thương",
    ],
    "defence-security": [
        "Camera an ninh Nhân dân",
        "Tổ tự quản an ninh trật tự",
        "Dòng họ không có tội phạm",
        "Tiếng kẻng an ninh",
        "Khu dân cư an toàn về ANTT",
    ],
    "political-system": [
        "Tiếp dân không hẹn",
        "Cán bộ bám địa bàn",
        "Đối thoại với Nhân dân mỗi quý",
        "Chi bộ bốn tốt",
        "Một cửa thân thiện",
    ],
}
# Central documents on dân vận work: key, identifier, issuer, date, term, title, links.
CENTRAL_DOCUMENTS: list[Record] = [
    {
        "key": "qd-290-tw-2010",
        "identifier": "290-QĐ/TW",
        "issuer": "bo-chinh-tri",
        "date": "2010-02-25",
        "term": "X",
        "title": "ban hành Quy chế công tác dân vận của hệ thống chính trị",
    },
    {
        "key": "nq-25-tw-2013",
        "identifier": "25-NQ/TW",
        "issuer": "ban-chap-hanh-trung-uong",
        "date": "2013-06-03",
        "term": "XI",
        "title": (
            "về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận "
            "trong tình hình mới"
        ),
    },
    {
        "key": "kl-114-tw-2015",
        "identifier": "114-KL/TW",
        "issuer": "ban-bi-thu",
        "date": "2015-07-14",
        "term": "XI",
        "title": (
            "về nâng cao chất lượng, hiệu quả công tác dân vận của cơ quan nhà nước, "
            "chính quyền các cấp"
        ),
        "based_on": ["nq-25-tw-2013"],
    },
    {
        "key": "ct-05-tw-2016",
        "identifier": "05-CT/TW",
        "issuer": "bo-chinh-tri",
        "date": "2016-05-15",
        "term": "XII",
        "title": "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    },
    {
        "key": "nq-18-tw-2017",
        "identifier": "18-NQ/TW",
        "issuer": "ban-chap-hanh-trung-uong",
        "date": "2017-10-25",
        "term": "XII",
        "title": "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị",
        "cites": ["nq-25-tw-2013"],
    },
    {
        "key": "kl-62-tw-2019",
        "identifier": "62-KL/TW",
        "issuer": "bo-chinh-tri",
        "date": "2019-12-08",
        "term": "XII",
        "title": "về tiếp tục thực hiện Nghị quyết 25-NQ/TW trong tình hình mới",
        "continues": ["nq-25-tw-2013"],
    },
    {
        "key": "kl-01-tw-2021",
        "identifier": "01-KL/TW",
        "issuer": "bo-chinh-tri",
        "date": "2021-05-18",
        "term": "XIII",
        "title": "về tiếp tục thực hiện Chỉ thị 05-CT/TW",
        "continues": ["ct-05-tw-2016"],
    },
    {
        "key": "qd-23-tw-2021",
        "identifier": "23-QĐ/TW",
        "issuer": "bo-chinh-tri",
        "date": "2021-07-30",
        "term": "XIII",
        "title": "ban hành Quy chế công tác dân vận của hệ thống chính trị",
        "replaces": ["qd-290-tw-2010"],
    },
]
CENTRAL_ORGS: list[Record] = [
    {
        "key": "ban-chap-hanh-trung-uong",
        "name": "Ban Chấp hành Trung ương Đảng",
        "name_en": "Central Committee of the Communist Party of Vietnam",
        "kind": "central-committee",
        "level": "central",
    },
    {
        "key": "bo-chinh-tri",
        "name": "Bộ Chính trị",
        "name_en": "Politburo",
        "kind": "politburo",
        "level": "central",
        "parent": "ban-chap-hanh-trung-uong",
    },
    {
        "key": "ban-bi-thu",
        "name": "Ban Bí thư Trung ương Đảng",
        "name_en": "Secretariat",
        "kind": "secretariat",
        "level": "central",
        "parent": "ban-chap-hanh-trung-uong",
    },
    {
        "key": "ban-dan-van-trung-uong",
        "name": "Ban Dân vận Trung ương",
        "name_en": "Central Mass Mobilisation Commission",
        "kind": "party-commission",
        "level": "central",
        "parent": "ban-chap-hanh-trung-uong",
    },
]
# The central documents every district carries out with a plan of its own.
DISTRICT_PLANS = ("kl-114-tw-2015", "kl-62-tw-2019", "kl-01-tw-2021")
TERMS = [(2010, "X"), (2011, "XI"), (2016, "XII"), (2021, "XIII")]


def term_of(year: int) -> str:
    return [term for start, term in TERMS if start <= year][-1]


# --------------------------------------------------------------------------- geography


@dataclass(frozen=True)
class District:
    code: str
    name: str
    slug: str
    communes: tuple[tuple[str, str], ...]  # (code, name) that resolve back to themselves


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    slug: str
    districts: tuple[District, ...]


@cache
def geography() -> tuple[Province, ...]:
    """The 63 old-map provinces, their districts and the communes that resolve by name.

    A commune whose name is not unique inside its district cannot be written in a
    record by name alone: it is written by its full name ("Thị xã Kỳ Anh"), and left
    out only if that is not unique either.
    """
    from danvan_kg.gazetteer import Gazetteer, UnitNotFound

    gazetteer = Gazetteer.load()

    def written(unit: Any, level: str, **scope: str) -> str | None:
        """The name that resolves back to ``unit``: its short name, else its full name."""
        for name in (unit.name, unit.full_name):
            try:
                if gazetteer.resolve(name, level, **scope).code == unit.code:
                    return name
            except UnitNotFound:
                continue
        return None

    provinces = []
    for province in sorted(gazetteer.units("old", "province"), key=lambda u: u.code):
        districts = []
        for district in sorted(gazetteer.children(province), key=lambda u: u.code):
            district_name = written(district, "district", province=province.name)
            if district_name is None:
                continue
            communes = []
            for commune in sorted(gazetteer.children(district), key=lambda u: u.code):
                commune_name = written(
                    commune, "commune", province=province.name, district=district_name
                )
                if commune_name is not None:
                    communes.append((commune.code, commune_name))
            districts.append(
                District(
                    district.code,
                    district_name,
                    f"{slugify(district.name)}-{district.code}",
                    tuple(communes),
                )
            )
        provinces.append(
            Province(province.code, province.name, slugify(province.name), tuple(districts))
        )
    return tuple(provinces)


# --------------------------------------------------------------------------- helpers


def _person(rng: random.Random, key_suffix: str) -> Record:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {"key": f"{slugify(name)}-{key_suffix}", "name": name}


def _date(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> str:
    return f"{year}-{rng.randint(first_month, last_month):02d}-{rng.randint(1, 28):02d}"


def _after(rng: random.Random, date: str, low: int, high: int) -> str:
    """A date ``low``–``high`` days after ``date`` (ISO): what follows a document comes later."""
    later = dt.date.fromisoformat(date) + dt.timedelta(days=rng.randint(low, high))
    return later.isoformat()


def _org(
    key: str,
    name: str,
    en: str,
    kind: str,
    level: str,
    territory: str,
    parent: str | None = None,
    abbreviations: list[str] | None = None,
) -> Record:
    record: Record = {"key": key, "name": name, "name_en": en}
    if abbreviations:
        record["abbreviations"] = abbreviations
    record.update({"kind": kind, "level": level, "territory": territory})
    if parent:
        record["parent"] = parent
    return record


def _year(record: Record) -> int:
    return int(record["date"][:4])


def _source(key: str, kind: str, title: str, **extra: Any) -> Record:
    return {"key": key, "kind": kind, "title": title, **extra}


# --------------------------------------------------------------------------- records


def central_file(seed: int) -> Record:
    """``reference/central.yaml``: central bodies, the movement, central documents."""
    documents = []
    for document in CENTRAL_DOCUMENTS:
        record = dict(document)
        record["concerns"] = (
            ["dan-van-kheo"] if record["key"] in ("kl-114-tw-2015", "qd-23-tw-2021") else []
        )
        if not record["concerns"]:
            del record["concerns"]
        documents.append(record)
    return {
        "format": FORMAT,
        "source": _source(
            "synth-central",
            "reference",
            "Cơ quan Trung ương và văn bản về công tác dân vận (dữ liệu tổng hợp)",
            confirmation="unconfirmed",
            note=f"Synthetic data (danvan synth, seed {seed}).",
        ),
        "organisations": [dict(org) for org in CENTRAL_ORGS],
        "initiatives": [
            {
                "key": "dan-van-kheo",
                "kind": "emulation-movement",
                "name": "Dân vận khéo",
                "name_en": "Skilful Mass Mobilisation",
                "launched_by": "ban-dan-van-trung-uong",
            }
        ],
        "documents": documents,
    }


@dataclass(frozen=True)
class ProvinceKeys:
    """The keys of one province's fixed records, shared by its reference and source files."""

    province: Province

    @property
    def p(self) -> str:
        return self.province.slug

    def tinh_uy(self) -> str:
        return f"tinh-uy-{self.p}"

    def btv(self) -> str:
        return f"btv-tinh-uy-{self.p}"

    def bdv(self) -> str:
        return f"ban-dan-van-tinh-uy-{self.p}"

    def ubnd(self) -> str:
        return f"ubnd-tinh-{self.p}"

    def huyen_uy(self, d: District) -> str:
        return f"huyen-uy-{d.slug}"

    def bdv_huyen(self, d: District) -> str:
        return f"ban-dan-van-huyen-uy-{d.slug}"

    def ubnd_huyen(self, d: District) -> str:
        return f"ubnd-huyen-{d.slug}"

    def mttq_huyen(self, d: District) -> str:
        return f"mttq-huyen-{d.slug}"

    def directive(self, central: Record) -> str:
        return f"ct-{self.p}-{central['key']}"

    def plan(self, central: Record) -> str:
        return f"kh-{self.p}-{central['key']}"

    def district_plan(self, d: District, central: Record) -> str:
        return f"kh-{d.slug}-{central['key']}"


def _people_rng(seed: int, code: str) -> random.Random:
    return random.Random(f"{seed}/people/{code}")


def province_people(seed: int, province: Province) -> tuple[list[Record], dict[str, list[Record]]]:
    """Officials: 3 per province (secretary, head of the commission, UBND chair), 3 per district.

    Fresh lists and records at every call (the caller may change them), copied from
    what :func:`_drawn_people` drew once per province and seed."""
    provincial, per_district = _drawn_people(seed, province)
    return [dict(person) for person in provincial], {
        code: [dict(person) for person in people] for code, people in per_district.items()
    }


@cache
def _drawn_people(
    seed: int, province: Province
) -> tuple[tuple[Record, ...], dict[str, tuple[Record, ...]]]:
    # Drawn from the province's own generator, so the same at every call: each source
    # file of the province asks again (16 years × 63 provinces), and drawing ~40,000
    # names each time was a third of writing a dataset.
    rng = _people_rng(seed, province.code)
    provincial = tuple(_person(rng, f"p{province.code}-{i}") for i in range(3))
    per_district = {
        d.code: tuple(_person(rng, f"d{d.code}-{i}") for i in range(3)) for d in province.districts
    }
    return provincial, per_district


def province_file(seed: int, province: Province) -> Record:
    """``reference/p{NN}.yaml``: units, organisations, people and lineage documents."""
    k = ProvinceKeys(province)
    p, name = province.slug, province.name
    units: list[Record] = [{"key": p, "name": name, "level": "province"}]
    units += [
        {"key": d.slug, "name": d.name, "level": "district", "province": name}
        for d in province.districts
    ]
    orgs = [
        _org(
            k.tinh_uy(),
            f"Tỉnh ủy {name}",
            f"{name} Provincial Party Committee",
            "party-committee",
            "province",
            p,
            abbreviations=["TU"],
        ),
        _org(
            k.btv(),
            f"Ban Thường vụ Tỉnh ủy {name}",
            f"Standing Committee of the {name} Provincial Party Committee",
            "party-standing-committee",
            "province",
            p,
            k.tinh_uy(),
        ),
        _org(
            k.bdv(),
            f"Ban Dân vận Tỉnh ủy {name}",
            f"Mass Mobilisation Commission of the {name} Provincial Party Committee",
            "party-commission",
            "province",
            p,
            k.tinh_uy(),
        ),
        _org(
            k.ubnd(),
            f"Ủy ban nhân dân tỉnh {name}",
            f"{name} Provincial People's Committee",
            "peoples-committee",
            "province",
            p,
        ),
    ]
    for d in province.districts:
        orgs += [
            _org(
                k.huyen_uy(d),
                f"Huyện ủy {d.name}",
                f"{d.name} District Party Committee",
                "party-committee",
                "district",
                d.slug,
                k.tinh_uy(),
                ["HU"],
            ),
            _org(
                k.bdv_huyen(d),
                f"Ban Dân vận Huyện ủy {d.name}",
                f"Mass Mobilisation Commission of the {d.name} District Party Committee",
                "party-commission",
                "district",
                d.slug,
                k.huyen_uy(d),
            ),
            _org(
                k.ubnd_huyen(d),
                f"Ủy ban nhân dân huyện {d.name}",
                f"{d.name} District People's Committee",
                "peoples-committee",
                "district",
                d.slug,
            ),
            _org(
                k.mttq_huyen(d),
                f"Ủy ban MTTQ Việt Nam huyện {d.name}",
                f"{d.name} District Fatherland Front Committee",
                "fatherland-front",
                "district",
                d.slug,
            ),
        ]
    provincial, per_district = province_people(seed, province)
    people = provincial + [person for d in province.districts for person in per_district[d.code]]

    documents = [dict(document) for document in _lineage(seed, province)]
    return {
        "format": FORMAT,
        "source": _source(
            f"synth-p{province.code}",
            "reference",
            f"Tỉnh {name}: tổ chức và văn bản (dữ liệu tổng hợp)",
            confirmation="unconfirmed",
            note=f"Synthetic data (danvan synth, seed {seed}).",
        ),
        "units": units,
        "organisations": orgs,
        "people": people,
        "documents": documents,
    }


@cache
def _lineage(seed: int, province: Province) -> tuple[Record, ...]:
    """The province's documents below the central ones, each dated after what it builds on.

    A directive follows its central document by weeks or months, the provincial plan
    follows the directive, and each district plan follows the provincial plan it rests
    on: the shapes (``dvsh:LineageOrderShape``) refuse a document older than its parent.
    Cached because every province-year's source file needs the dates, to review only
    what exists by then. Callers copy the records before changing them.
    """
    k = ProvinceKeys(province)
    rng = random.Random(f"{seed}/province/{province.code}")
    name = province.name
    documents: list[Record] = []
    number = rng.randint(1, 9)
    previous: Record | None = None
    for central in CENTRAL_DOCUMENTS:
        number += rng.randint(1, 6)
        date = _after(rng, central["date"], 15, 150)
        directive: Record = {
            "key": k.directive(central),
            "identifier": f"{number}-CT/TU",
            "issuer": k.tinh_uy(),
            "signed_by": k.btv(),
            "date": date,
            "term": term_of(int(date[:4])),
            "title": f"về thực hiện {central['identifier']} trên địa bàn tỉnh {name}",
            "carries_out": [central["key"]],
        }
        if (
            previous is not None
            and term_of(_year(previous)) != directive["term"]
            and previous["date"] < directive["date"]
        ):
            directive["continues"] = [previous["key"]]
        documents.append(directive)
        plan_date = _after(rng, directive["date"], 7, 60)
        documents.append(
            {
                "key": k.plan(central),
                "identifier": f"{number + 1}-KH/TU",
                "issuer": k.tinh_uy(),
                "date": plan_date,
                "term": term_of(int(plan_date[:4])),
                "title": f"thực hiện Chỉ thị {directive['identifier']} của Ban Thường vụ Tỉnh ủy",
                "carries_out": [directive["key"]],
            }
        )
        number += 1
        for d in province.districts if central["key"] in DISTRICT_PLANS else ():
            documents.append(
                {
                    "key": k.district_plan(d, central),
                    "identifier": (
                        f"{20 * DISTRICT_PLANS.index(central['key']) + rng.randint(1, 19)}-KH/HU"
                    ),
                    "issuer": k.huyen_uy(d),
                    "date": _after(rng, plan_date, 5, 120),
                    "title": (
                        f"thực hiện Chỉ thị {directive['identifier']} "
                        f"của Ban Thường vụ Tỉnh ủy {name}"
                    ),
                    "carries_out": [directive["key"]],
                    "based_on": [k.plan(central)],
                }
            )
        previous = directive
    return tuple(documents)


@cache
def _issued(seed: int, province: Province) -> dict[str, str]:
    """Date of issue of each of the province's lineage documents, by key."""
    return {document["key"]: document["date"] for document in _lineage(seed, province)}


def _review_targets(k: ProvinceKeys, d: District, central: Record) -> list[str]:
    """What a district conference may review under a central document."""
    targets = [k.directive(central), k.plan(central)]
    if central["key"] in DISTRICT_PLANS:
        targets.append(k.district_plan(d, central))
    return targets


def _period(start: int, end: int) -> str:
    return f"{start}-{end}" if start < end else str(end)


def _figure_scope(seed: int, d: District, end: int, slot: int) -> tuple[str, str] | None:
    """``(code, name)`` of the unit (the district, or one of its communes) whose figures for
    the period ending in ``end`` the ``slot``-th review of that period reports; ``None``
    when every unit is taken.

    A unit has one registered and one recognised count per period
    (dvsh:RecognisedNotAboveRegisteredShape compares all figures of a scope and period),
    yet a period is reviewed both in its last year (even slots) and early the next (odd
    slots), in two files drawn apart: a fixed order of the units per district and period,
    the district first — the year-end review reports the district's totals — keeps them
    apart without either file knowing the other.
    """
    communes = list(d.communes)
    random.Random(f"{seed}/scopes/{d.code}/{end}").shuffle(communes)
    order = [(d.code, d.name), *communes]
    return order[slot] if slot < len(order) else None


def _figures(
    rng: random.Random,
    figures: list[Record],
    stem: str,
    scope: str,
    period: str,
    event: str,
    low: int,
    high: int,
) -> None:
    """One conference's figures on the movement in ``scope``: registered, recognised."""
    registered = rng.randint(low, high)
    recognised = rng.randint(5, registered)
    figures.append(
        {
            "key": f"sl-{stem}-dk",
            "measure": "models-registered",
            "value": registered,
            "scope": scope,
            "about": "dan-van-kheo",
            "period": period,
            "reported_at": event,
        }
    )
    figures.append(
        {
            "key": f"sl-{stem}-cn",
            "measure": "models-recognised",
            "value": recognised,
            "scope": scope,
            "about": "dan-van-kheo",
            "period": period,
            "reported_at": event,
        }
    )
    if rng.random() < 0.15:
        collective = rng.randint(0, recognised)
        for suffix, category, value in (
            ("tt", "collective", collective),
            ("cn2", "individual", recognised - collective),
        ):
            figures.append(
                {
                    "key": f"sl-{stem}-{suffix}",
                    "measure": "models-recognised",
                    "value": value,
                    "category": category,
                    "scope": scope,
                    "breakdown_of": f"sl-{stem}-cn",
                    "reported_at": event,
                }
            )


def _decision_date(rng: random.Random, ceremony: str) -> str:
    """An award decision signed up to three weeks before its ceremony, in the same year:
    the decision comes first (dvsh:AwardDecisionBeforeCeremonyShape), and its number is
    only unique within the issuer's year."""
    signed = dt.date.fromisoformat(ceremony) - dt.timedelta(days=rng.randint(0, 21))
    return max(signed.isoformat(), f"{ceremony[:4]}-01-01")


def _bundles(rng: random.Random, scale: float) -> int:
    whole = int(scale)
    return whole + (1 if rng.random() < scale - whole else 0)


def source_file(seed: int, scale: float, province: Province, year: int) -> Record | None:
    """``sources/p{NN}-{YYYY}.yaml``: one province-year of activity; ``None`` if there is none."""
    k = ProvinceKeys(province)
    rng = random.Random(f"{seed}/source/{province.code}/{year}")
    provincial, per_district = province_people(seed, province)
    dates = _issued(seed, province)
    units: dict[str, Record] = {}
    events: list[Record] = []
    models: list[Record] = []
    awards: list[Record] = []
    figures: list[Record] = []
    decisions: list[Record] = []

    def use_unit(record: Record) -> str:
        units.setdefault(record["key"], record)
        return record["key"]

    def commune_unit(d: District, commune: tuple[str, str]) -> str:
        code, name = commune
        return use_unit(
            {
                "key": f"x{code}",
                "name": name,
                "level": "commune",
                "province": province.name,
                "district": d.name,
            }
        )

    use_unit({"key": province.slug, "name": province.name, "level": "province"})
    for d in province.districts:
        count = _bundles(rng, scale)
        if not count:
            continue
        d_key = use_unit(
            {"key": d.slug, "name": d.name, "level": "district", "province": province.name}
        )
        secretary, _deputy, chair = per_district[d.code]
        held = {True: 0, False: 0}  # reviews so far this year, early (of last year) or not
        for i in range(count):
            stem = f"{year}-{d.code}-{i + 1}"
            event_key = f"hn-{stem}"
            # A review of a year is held from July of that year (the year-end review) or in
            # the first half of the next; districts were abolished on 1 July 2025, so 2025
            # has only reviews of 2024 (dvsh:ConferenceAfterPeriodShape).
            early = year == 2025 or (year > 2010 and rng.random() < 0.3)
            if early:
                date, end = _date(rng, year, 1, 6), year - 1
            else:
                date, end = _date(rng, year, 7, 12), year
            scope = _figure_scope(seed, d, end, 2 * held[early] + int(early))
            held[early] += 1
            reviews: list[Record] = []
            # Only documents already issued by the conference, and by the end of the period
            # reviewed (dvsh:ConferenceAfterReviewedDocumentShape).
            reviewable = {
                central["key"]: [
                    target
                    for target in _review_targets(k, d, central)
                    if dates[target] < date and int(dates[target][:4]) <= end
                ]
                for central in CENTRAL_DOCUMENTS
            }
            centrals = [key for key, targets in reviewable.items() if targets]
            if centrals:
                target = rng.choice(reviewable[rng.choice(centrals)])
                # The period starts no earlier than the document reviewed
                # (dvsh:ReviewPeriodAfterDocumentShape).
                start = max(int(dates[target][:4]), end - rng.choice([0, 2, 4, 9]))
                reviews.append(
                    {
                        "of": target,
                        "kind": "final-review" if end - start >= 4 else "interim-review",
                        "period": _period(start, end),
                    }
                )
            period = _period(max(2010, end - 2), end)
            reviews.append({"of": "dan-van-kheo", "kind": "interim-review", "period": period})
            if rng.random() < 0.3:
                reviews.append(
                    {"of": "workarea:mass-mobilisation", "kind": "assessment", "period": str(end)}
                )
            identifiers = [r["of"] for r in reviews]
            participants: list[Record] = [
                {
                    "person": secretary["key"],
                    "role": "chair",
                    "posts": [{"role": "secretary", "in": k.huyen_uy(d)}],
                },
                {
                    "person": chair["key"],
                    "role": "attendee",
                    "posts": [
                        {"role": "deputy-secretary", "in": k.huyen_uy(d)},
                        {"role": "chair", "in": k.ubnd_huyen(d)},
                    ],
                },
                {"organisation": k.bdv(), "role": "attendee"},
            ]
            if rng.random() < 0.4:
                participants.append(
                    {
                        "person": provincial[1]["key"],
                        "role": "attendee",
                        "posts": [{"role": "head", "in": k.bdv()}],
                    }
                )
            if rng.random() < 0.5:
                participants.append({"organisation": k.mttq_huyen(d), "role": "attendee"})
            place = d_key
            if d.communes and rng.random() < 0.3:
                place = commune_unit(d, rng.choice(d.communes))
            kind = "tổng kết" if reviews[0]["kind"] == "final-review" else "sơ kết"
            events.append(
                {
                    "key": event_key,
                    "kind": "conference",
                    "name": (
                        f"Hội nghị {kind} thực hiện {', '.join(identifiers[:2])} "
                        f"huyện {d.name} năm {end}"
                    ),
                    "date": date,
                    "time_of_day": rng.choice(["morning", "afternoon"]),
                    "place": place,
                    "organiser": rng.choice([k.huyen_uy(d), k.bdv_huyen(d)]),
                    "reviews": reviews,
                    "participants": participants,
                }
            )
            # Models: 1 or 2 per bundle.
            for m in range(rng.choice([1, 1, 2, 2])):
                field = rng.choice(FIELDS)
                model: Record = {
                    "key": f"mh-{stem}-{m + 1}",
                    "name": rng.choice(MODEL_NAMES[field]),
                    "owner": rng.choice([k.mttq_huyen(d), k.ubnd_huyen(d), k.bdv_huyen(d)]),
                }
                model["place"] = commune_unit(d, rng.choice(d.communes)) if d.communes else d_key
                model.update(
                    {
                        "field": field,
                        "recognition_level": rng.choice(["district", "commune"]),
                        "recognised_in": end,
                        "initiative": "dan-van-kheo",
                        "period": period,
                        "reported_at": [event_key],
                    }
                )
                models.append(model)
            # Figures: registered, recognised, and its collective/individual breakdown (15%).
            if scope is not None and scope[0] == d.code:
                _figures(rng, figures, stem, d_key, period, event_key, 20, 900)
            elif scope is not None:
                _figures(rng, figures, stem, commune_unit(d, scope), period, event_key, 5, 90)
            # Awards: one in two bundles, with its decision.
            if rng.random() < 0.5:
                decision_key = f"qd-{stem}"
                decisions.append(
                    {
                        "key": decision_key,
                        "identifier": f"{100 + 50 * i + rng.randint(0, 49)}/QĐ-UBND",
                        "issuer": k.ubnd_huyen(d),
                        "date": _decision_date(rng, date),
                        "title": (
                            "về việc khen thưởng tập thể, cá nhân có thành tích "
                            f"trong phong trào Dân vận khéo năm {end}"
                        ),
                    }
                )
                planned = [
                    plan
                    for plan in (k.district_plan(d, c) for c in CENTRAL_DOCUMENTS)
                    if plan in dates and dates[plan] < date
                ]
                target = planned[-1] if planned and rng.random() < 0.5 else "dan-van-kheo"
                awards.append(
                    {
                        "key": f"kt-{stem}",
                        "form": rng.choice(["certificate-of-merit", "commendation"]),
                        "giver": k.ubnd_huyen(d),
                        "decision": decision_key,
                        "collectives": rng.randint(1, 20),
                        "individuals": rng.randint(0, 30),
                        "reason": "có thành tích xuất sắc trong phong trào thi đua Dân vận khéo",
                        "for": [target],
                        "presented_at": event_key,
                        "presented_by": {
                            "person": chair["key"],
                            "posts": [{"role": "chair", "in": k.ubnd_huyen(d)}],
                        },
                        "period": period,
                    }
                )
    if not events:
        return None
    record: Record = {
        "format": FORMAT,
        "source": _source(
            f"synth-p{province.code}-{year}",
            "article",
            f"Công tác dân vận tỉnh {province.name} năm {year} (dữ liệu tổng hợp)",
            publisher=f"Cổng thông tin điện tử tỉnh {province.name} (giả lập)",
            published=f"{year}-12-31" if year < 2025 else "2025-06-30",
            authors=[_person(rng, "a")["name"]],
            note=f"Synthetic data (danvan synth, scale {scale:g}, seed {seed}).",
        ),
        "units": list(units.values()),
        "documents": decisions,
        "events": events,
        "models": models,
        "awards": awards,
        "figures": figures,
    }
    return {key: value for key, value in record.items() if value != []}


def dataset(
    scale: float, seed: int = 0, provinces: Collection[str] | None = None
) -> Iterator[tuple[str, Record]]:
    """``(relative path, record dict)`` for every file, in the order they are written.

    ``provinces`` (codes, such as ``"35"``) keeps only those provinces: a small but
    complete slice (each province refers only to itself and the central file), to test
    at a high scale; every province's records are the same as in the national set.
    """
    if scale < 0:
        raise ValueError("scale must be ≥ 0")
    yield "reference/central.yaml", central_file(seed)
    chosen = [p for p in geography() if provinces is None or p.code in provinces]
    for province in chosen:
        yield f"reference/p{province.code}.yaml", province_file(seed, province)
    for province in chosen:
        for year in YEARS:
            record = source_file(seed, scale, province, year)
            if record is not None:
                yield f"sources/p{province.code}-{year}.yaml", record


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(record: Record) -> str:
    """YAML text of one record file: key order kept, Unicode as is, block style."""
    return yaml.dump(
        record,
        Dumper=_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        width=120,
        default_flow_style=False,
    )


@dataclass
class SynthReport:
    files: int = 0
    records: int = 0
    bytes: int = 0


def write_dataset(
    directory: Path | str,
    scale: float,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    provinces: Collection[str] | None = None,
) -> SynthReport:
    """Write the dataset under ``directory`` (``reference/`` and ``sources/``)."""
    root = Path(directory)
    for folder in ("reference", "sources"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for old in (root / folder).glob("*.yaml"):
            old.unlink()
    report = SynthReport()
    for relative, record in dataset(scale, seed, provinces):
        data = dump(record).encode("utf-8")
        (root / relative).write_bytes(data)
        report.files += 1
        report.bytes += len(data)
        report.records += sum(len(v) for key, v in record.items() if isinstance(v, list))
        if progress and report.files % 200 == 0:
            progress(f"{report.files} files written")
    return report
