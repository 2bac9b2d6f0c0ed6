"""Administrative units (through the gazetteer, both maps) and organisations.

A unit name is resolved on the old map (the articles predate or straddle 1 July 2025),
then on the new one; the article's province (given, or the one its text names most)
disambiguates district and commune names. A name the gazetteer does not know, or
cannot decide between, is kept as stated and marked unresolved.

>>> from danvan_kg.gazetteer import Gazetteer
>>> s = "Huyện ủy Thanh Liêm, tỉnh Hà Nam; UBND huyện"
>>> units, orgs = find_places(s, Gazetteer.load())
>>> [(m.text, m.value.get("code")) for m in units]
[('Thanh Liêm', '351'), ('tỉnh Hà Nam', '35')]
>>> [(m.text, m.value["kind"]) for m in orgs]
[('Huyện ủy Thanh Liêm', 'party-committee'), ('UBND huyện', 'peoples-committee')]
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from danvan_kg.extract.find.common import capitalised_run, without_overlaps
from danvan_kg.extract.model import Mention
from danvan_kg.gazetteer import Gazetteer, Level, Unit, UnitNotFound
from danvan_kg.text import match_key

_UNIT_WORDS: dict[str, tuple[Level, ...]] = {
    "tỉnh": ("province",),
    "thành phố": ("province", "district"),
    "tp.": ("province", "district"),
    "tp": ("province", "district"),
    "huyện": ("district",),
    "quận": ("district",),
    "thị xã": ("district",),
    "tx.": ("district",),
    "xã": ("commune",),
    "phường": ("commune",),
    "thị trấn": ("commune",),
}
_NON_WORD = re.compile(r"[\W_]+")
_UNIT_WORD = re.compile(
    r"(?<!\w)(?P<word>thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|TP\.?|TX\.)(?=\s)",
    re.IGNORECASE,
)
# Party committees name their unit right after them: "Huyện ủy Thanh Liêm".
_COMMITTEE_LEVEL: dict[str, tuple[Level, ...]] = {
    "tỉnh ủy": ("province",),
    "thành ủy": ("province", "district"),
    "huyện ủy": ("district",),
    "thị ủy": ("district",),
    "quận ủy": ("district",),
}
_PREFIXES = (
    ("Ban Tuyên giáo và Dân vận", "party-commission"),
    ("Ban Thường vụ", "party-standing-committee"),
    ("Ban Chấp hành", "party-committee"),
    ("Ban Dân vận", "party-commission"),
    ("Ban Tuyên giáo", "party-commission"),
    ("Ban Tổ chức", "party-commission"),
    ("Ủy ban Kiểm tra", "party-commission"),
    ("Thường trực", "party-standing-board"),
    ("BTV", "party-standing-committee"),
    ("BCH", "party-committee"),
    ("BDV", "party-commission"),
)
_COMMITTEE = r"(?:Tỉnh|Huyện|Thành|Thị|Quận)\s+ủy|Đảng\s+ủy"
_PREFIX = "|".join(re.escape(prefix).replace(r"\ ", r"\s+") for prefix, _ in _PREFIXES)
_PARTY = re.compile(
    rf"(?<!\w)(?:(?P<prefix>{_PREFIX})\s+)?(?P<committee>{_COMMITTEE})(?!\w)"
    rf"|(?<!\w)(?P<central>Ban Dân vận Trung ương|Ban Dân vận TW|Bộ Chính trị|Ban Bí thư"
    r"|Ban Chấp hành Trung ương|Chính phủ|Quốc hội|Mặt trận Tổ quốc Việt Nam)(?!\w)",
    re.IGNORECASE,
)
_OTHER_KINDS: tuple[tuple[str, str], ...] = (
    (r"UBND|Ủy ban nhân dân|UBMTTQ(?:VN)?\b", ""),
    # "TT HĐND", "Thường trực HĐND": the council's standing board (value "board")
    (r"(?:(?:Thường trực|TT\.?)\s+)?(?:HĐND|Hội đồng nhân dân)", "peoples-council"),
    (r"Ủy ban MTTQ(?:\s+Việt Nam)?|Ủy ban Mặt trận Tổ quốc(?:\s+Việt Nam)?|MTTQ(?:VN)?"
     r"|Mặt trận Tổ quốc|Mặt trận", "fatherland-front"),
    # the words after "Hội" are often written in lower case: "Hội Liên hiệp phụ nữ huyện"
    (r"Hội\s+(?i:Nông\s+dân|Liên\s+hiệp\s+Phụ\s+nữ|LHPN|Phụ\s+nữ|Cựu\s+chiến\s+binh|CCB"
     r"|Chữ\s+thập\s+đỏ|Người\s+cao\s+tuổi|Khuyến\s+học)(?!\w)"
     r"|Đoàn Thanh niên(?:\s+Cộng sản Hồ Chí Minh)?|Huyện đoàn|Tỉnh đoàn|Thành đoàn"
     r"|Liên đoàn Lao động|LĐLĐ", "mass-association"),
    (r"Công an", "police"),
    # the district and provincial military commands and the border guard are the army's
    (r"Ban Chỉ huy Quân sự|Bộ Chỉ huy Quân sự|Ban CHQS|Bộ CHQS|Bộ đội Biên phòng"
     r"|Đồn Biên phòng", "military"),
    (r"Hội đồng (?i:Thi đua\s*[-–]?\s*Khen thưởng|TĐ\s*[-–]\s*KT)", "emulation-council"),
    # "Trung tâm VH-TT và TT-TH huyện": the district's centre for culture, information
    # and broadcasting, which reports the news (a sports centre is a state agency)
    (r"Trung tâm (?:VH|Văn hóa)\s*[-–]\s*(?:TT|Thông tin|Thể thao)"
     r"(?:\s*[-–]\s*(?:TT|Thể thao))?(?:\s+và\s+(?:TT\s*[-–]\s*TH|Truyền thanh\s*[-–]\s*"
     r"Truyền hình))?", "centre"),
)  # fmt: skip
_TD_KT = re.compile(r"TĐ\s*[-–]\s*KT", re.IGNORECASE)
_OTHER = re.compile(
    "|".join(f"(?P<k{index}>{pattern})" for index, (pattern, _) in enumerate(_OTHER_KINDS)),
)
_SCOPE_WORD = re.compile(
    r"\s+(?P<word>tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường|thị trấn)(?!\w)", re.IGNORECASE
)
_LEVEL_OF_SCOPE = {
    "tỉnh": "province", "thành phố": "province", "tp": "province", "tp.": "province",
    "huyện": "district", "quận": "district", "thị xã": "district", "xã": "commune",
    "phường": "commune", "thị trấn": "commune",
}  # fmt: skip
_COMMITTEE_SCOPE = {
    "tỉnh ủy": "province", "thành ủy": "province", "huyện ủy": "district",
    "thị ủy": "district", "quận ủy": "district", "đảng ủy": "commune",
}  # fmt: skip


@cache
def _province_names(gazetteer: Gazetteer) -> dict[str, Unit]:
    return {match_key(unit.name): unit for unit in gazetteer.units("old", "province")}


def _loose(name: str) -> str:
    return " ".join(_NON_WORD.sub(" ", match_key(name, ignore_diacritics=True)).split())


@cache
def _units_by_name(gazetteer: Gazetteer) -> dict[tuple[str, str, str], list[Unit]]:
    """(epoch, level, loose name) → units, for both maps (built once per process)."""
    index: dict[tuple[str, str, str], list[Unit]] = {}
    for unit in gazetteer.units():
        for name in {_loose(unit.name), _loose(unit.full_name)}:
            index.setdefault((unit.epoch, unit.level, name), []).append(unit)
    return index


_KIND_OF_WORD = {"tp": "thành phố", "tp.": "thành phố", "tx.": "thị xã"}


def _resolve(
    gazetteer: Gazetteer,
    name: str,
    levels: tuple[Level, ...],
    province: Unit | None,
    kind: str | None = None,
    districts: frozenset[str] = frozenset(),
) -> tuple[Unit | None, str]:
    """The unit, or None with the reason ("ambiguous", "unknown").

    Namesakes are told apart by the article's province, then by the kind of unit the
    text writes ("thị xã Sơn Tây", not "huyện Sơn Tây"), then, for a commune, by the
    districts the article names. Candidates come from a loose index: Gazetteer.resolve
    spends ~0.1 s suggesting close names for a name it does not know or cannot place, and
    the extractor wants no suggestions, so it is not asked at all.
    """
    index = _units_by_name(gazetteer)
    key = _loose(name)
    reason = "unknown"
    for epoch in ("old", "new"):
        for level in levels:
            candidates = index.get((epoch, level, key), [])
            if not candidates:
                continue
            narrowed = candidates
            in_province = province is None or level == "province" or epoch != "old"
            narrowers = (
                lambda u, free=in_province: free or gazetteer.province_of(u).code == province.code,  # type: ignore[union-attr]
                lambda u: kind is None or u.kind.casefold() == kind,
                lambda u: u.level != "commune" or not districts or u.parent_code in districts,
            )
            for keep in narrowers:
                # a narrower that leaves nothing is ignored: the text may name a unit of
                # another province, or write the kind loosely
                narrowed = [u for u in narrowed if keep(u)] or narrowed
            if len(narrowed) == 1:
                return narrowed[0], ""
            # several: the one whose name matches with its diacritics ("Hòa" is not "Hoa")
            exact = [
                u
                for u in narrowed
                if match_key(name) in (match_key(u.name), match_key(u.full_name))
            ]
            if len(exact) == 1:
                return exact[0], ""
            reason = "ambiguous"
    return None, reason


def _unit_value(unit: Unit, gazetteer: Gazetteer) -> dict[str, object]:
    value: dict[str, object] = {
        "name": unit.name,
        "level": unit.level,
        "epoch": unit.epoch,
        "code": unit.code,
        "iri": unit.iri,
    }
    if unit.level != "province":
        value["province"] = gazetteer.province_of(unit).name
    if unit.epoch == "old" and unit.level == "commune":
        parent = gazetteer.parent(unit)
        if parent is not None:
            value["district"] = parent.name
    return value


def _candidates(text: str) -> list[tuple[int, int, int, tuple[Level, ...], str | None]]:
    """(span start, name start, end, levels, kind word) of every unit-shaped phrase."""
    found = []
    for match in _UNIT_WORD.finditer(text):
        word = match.group("word").lower()
        levels = _UNIT_WORDS[word]
        end = capitalised_run(text, match.end())
        name = text[match.end() + 1 : end]
        if end > match.end() and (not name.isdigit() or word in {"quận", "phường"}):
            kind = _KIND_OF_WORD.get(word, word)
            found.append((match.start(), match.end() + 1, end, levels, kind))
    for match in re.finditer(r"(?<!\w)(Tỉnh|Thành|Huyện|Thị|Quận)\s+ủy(?!\w)", text):
        levels = _COMMITTEE_LEVEL[" ".join(match.group().lower().split())]
        end = capitalised_run(text, match.end())
        if end > match.end() and not text[match.end() + 1 : end].isdigit():
            start = match.end() + 1
            found.append((start, start, end, levels, None))
    return found


def article_province(text: str, gazetteer: Gazetteer, hint: str | None = None) -> Unit | None:
    """The province an article is about: ``hint`` if given, else the one it names most."""
    if hint:
        try:
            return gazetteer.resolve(hint, "province")
        except UnitNotFound:
            pass
    names = _province_names(gazetteer)
    counts: Counter[str] = Counter()
    for _, name_start, end, levels, _ in _candidates(text):
        if "province" in levels and match_key(text[name_start:end]) in names:
            counts[match_key(text[name_start:end])] += 1
    if not counts:
        return None
    return names[counts.most_common(1)[0][0]]


def find_units(text: str, gazetteer: Gazetteer, province_hint: str | None = None) -> list[Mention]:
    """Unit mentions; resolved ones carry the gazetteer unit's code, level, map and IRI."""
    candidates = _candidates(text)
    province = article_province(text, gazetteer, province_hint)
    if province is None:
        # no province named: the one of the districts and communes the text names alone
        provinces = Counter(
            gazetteer.province_of(unit).code
            for _, name_start, end, levels, kind in candidates
            if "province" not in levels
            and (unit := _resolve(gazetteer, text[name_start:end], levels, None, kind)[0])
            and unit.epoch == "old"
        )
        if provinces:
            province = gazetteer.get("old", "province", provinces.most_common(1)[0][0])
    resolved: list[Unit | None] = []
    for _, name_start, end, levels, kind in candidates:
        resolved.append(_resolve(gazetteer, text[name_start:end], levels, province, kind)[0])
    districts = frozenset(
        unit.code for unit in resolved if unit and unit.level == "district" and unit.epoch == "old"
    )
    found: list[Mention] = []
    for (start, name_start, end, levels, kind), unit in zip(candidates, resolved, strict=True):
        name = text[name_start:end]
        reason = ""
        if unit is None or (unit.level == "commune" and districts):
            unit, reason = _resolve(gazetteer, name, levels, province, kind, districts)
        if unit is None:
            value: dict[str, object] = {"name": name, "level": levels[0], "unresolved": reason}
            found.append(Mention("unit", start, end, text[start:end], value, 0.4, False))
        else:
            value = _unit_value(unit, gazetteer)
            found.append(Mention("unit", start, end, text[start:end], value, 0.9, True, unit.iri))
    return without_overlaps(found)


def find_organisations(text: str) -> list[Mention]:
    """Organisation mentions: name as written (tidied), orgkind code, level and territory."""
    found: list[Mention] = []
    for match in _PARTY.finditer(text):
        if match.group("central"):
            name = " ".join(match.group("central").split())
            kind = _central_kind(name)
            value = {"name": name, "kind": kind, "level": "central"}
            found.append(Mention("organisation", *match.span(), match.group(), value, 0.9))
            continue
        committee = " ".join(match.group("committee").lower().split())
        prefix = match.group("prefix")
        kind = "party-committee"
        if prefix:
            kind = next(k for p, k in _PREFIXES if p.lower() == " ".join(prefix.lower().split()))
        level = _COMMITTEE_SCOPE[committee]
        end = match.end()
        scope = _SCOPE_WORD.match(text, end) if committee == "đảng ủy" else None
        if scope is not None:
            level = _LEVEL_OF_SCOPE[scope.group("word").lower()]
            end = scope.end()
        end = capitalised_run(text, end)
        surface = text[match.start() : end]
        value = {"name": " ".join(surface.split()), "kind": kind, "level": level}
        if end > match.end():
            value["territory"] = text[match.end() : end].strip()
        found.append(Mention("organisation", match.start(), end, surface, value, 0.85))
    for match in _OTHER.finditer(text):
        index = int(next(name for name, v in match.groupdict().items() if v)[1:])
        kind = _OTHER_KINDS[index][1]
        if not kind:
            kind = "fatherland-front" if "MTTQ" in match.group() else "peoples-committee"
        if kind == "centre":
            broadcast = re.search(r"Thông tin|TT\s*[-–]\s*TH|Truyền", match.group())
            kind = "media" if broadcast else "state-agency"
        end = match.end()
        level = None
        if scope := _SCOPE_WORD.match(text, end):
            level = _LEVEL_OF_SCOPE[scope.group("word").lower()]
            end = scope.end()
        name_end = capitalised_run(text, end)
        if kind == "police" and level is None and name_end == end:
            continue  # "công an" alone is the police in general, not one body
        surface = text[match.start() : name_end]
        value = {"name": " ".join(surface.split()), "kind": kind}
        if kind == "emulation-council":
            # "Hội đồng TĐ-KT" stands for one name: written out, it is the same body
            value["name"] = _TD_KT.sub("Thi đua - Khen thưởng", value["name"])
        if kind == "peoples-council" and not match.group().startswith(("HĐND", "Hội")):
            value["board"] = "standing"  # "TT HĐND": Thường trực, not the whole council
        if level:
            value["level"] = level
        if name_end > end:
            value["territory"] = text[end:name_end].strip()
        found.append(Mention("organisation", match.start(), name_end, surface, value, 0.8))
    return without_overlaps(found)


def _central_kind(name: str) -> str:
    lowered = name.lower()
    if "bộ chính trị" in lowered:
        return "politburo"
    if "bí thư" in lowered:
        return "secretariat"
    if "chấp hành" in lowered:
        return "central-committee"
    if "chính phủ" in lowered:
        return "government"
    if "quốc hội" in lowered:
        return "national-assembly"
    if "mặt trận" in lowered:
        return "fatherland-front"
    return "party-commission"


def find_places(
    text: str, gazetteer: Gazetteer, province_hint: str | None = None
) -> tuple[list[Mention], list[Mention]]:
    """Units and organisations of ``text``."""
    return find_units(text, gazetteer, province_hint), find_organisations(text)
