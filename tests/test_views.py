"""Golden tests of the convenience views (``danvan lineage``, ``danvan coverage``).

Expected answers are written out by hand from the curated records and from the small
invented chain in ``tests/fixtures/lineage-data/`` (central 99-KL/TW → provincial 07-CT/TU
of Hà Nam → district 12-KH/HU of Thanh Liêm, a conference reviewing the plan, a model
reported there and an award for the plan; a second 07-CT/TU, of Nam Định).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_kg.build import build
from danvan_kg.cli import main
from danvan_kg.errors import QueryError
from danvan_kg.stores import Store
from danvan_kg.views import coverage, lineage, parse_period

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_views")

FIXTURE = Path(__file__).parent / "fixtures" / "lineage-data"

HA_NAM_UNCOVERED = {
    "Thành phố Phủ Lý",
    "Thị xã Duy Tiên",
    "Thị xã Kim Bảng",
    "Huyện Bình Lục",
    "Huyện Lý Nhân",
}


@pytest.fixture(scope="module")
def chain_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture chain built on disk, once: read by the views and the command line."""
    path = tmp_path_factory.mktemp("chain") / "store"
    store, _ = build(path, data_dir=FIXTURE)
    store.close()
    return path


@pytest.fixture(scope="module")
def chain(chain_store: Path) -> Iterator[Store]:
    store = Store.embedded(chain_store, read_only=True)
    yield store
    store.close()


# ---------------------------------------------------------------- lineage, shipped data


def test_lineage_of_05_ct_tw(graph):
    tree = lineage(graph, "05-CT/TW")
    assert tree.root.key == "ct-05-tw-2016"
    assert tree.root.identifier == "05-CT/TW"
    assert tree.root.issuer == "Bộ Chính trị"
    assert tree.root.date == "2016-05-15"
    assert tree.root.label == "Chỉ thị 05-CT/TW"
    assert tree.ancestors == []
    assert [
        (node.key, node.relation, node.depth, node.parent_key) for node in tree.descendants
    ] == [("kl-01-tw-2021", "continues", 1, "ct-05-tw-2016")]
    assert tree.descendants[0].children == []


def test_lineage_by_key_and_iri_agree(graph):
    by_key = lineage(graph, "ct-05-tw-2016")
    by_iri = lineage(graph, by_key.root.iri)
    assert by_key.to_dict() == by_iri.to_dict() == lineage(graph, "05-CT/TW").to_dict()


def test_lineage_upwards_from_01_kl_tw(graph):
    tree = lineage(graph, "kl-01-tw-2021")
    assert [(a.key, a.relation, a.depth, a.child_key, a.central) for a in tree.ancestors] == [
        ("ct-05-tw-2016", "continues", 1, "kl-01-tw-2021", True)
    ]
    assert tree.descendants == []


def test_lineage_activity_on_the_root(graph):
    tree = lineage(graph, "ct-19-tu-ha-nam-2013")
    assert tree.descendants == []
    assert [
        (c.key, c.date, c.place, c.organiser, c.review_kind, c.period_start, c.period_end)
        for c in tree.root.conferences
    ] == [
        (
            "2023-11-29-thanh-liem-tong-ket-ct19",
            "2023-11-29",
            "Huyện Thanh Liêm",
            "Huyện ủy Thanh Liêm",
            "final-review",
            "2013",
            "2023",
        )
    ]
    assert [(a.key, a.collectives, a.giver) for a in tree.root.awards] == [
        ("2023-thanh-liem-btv-hu-ct19", 5, "Ban Thường vụ Huyện ủy Thanh Liêm")
    ]


def test_lineage_render_vi_and_en(graph):
    vi = lineage(graph, "05-CT/TW").render()
    assert vi.startswith(
        "Chỉ thị 05-CT/TW (ct-05-tw-2016) — Bộ Chính trị · Trung ương · 2016-05-15\n"
    )
    assert (
        "└── [tiếp tục thực hiện] 01-KL/TW (kl-01-tw-2021) — Bộ Chính trị · Trung ương · "
        "2021-05-18" in vi
    )
    en = lineage(graph, "05-CT/TW").render(language="en")
    assert "└── [continues] 01-KL/TW (kl-01-tw-2021)" in en
    assert "Rests on:" in en
    with pytest.raises(QueryError, match="language"):
        lineage(graph, "05-CT/TW").render(language="fr")


# ---------------------------------------------------------------- lineage, fixture chain


def test_three_level_chain_from_the_top(chain):
    tree = lineage(chain, "99-KL/TW")
    assert tree.root.key == "kl-99-tw-2020"
    assert tree.root.issuer == "Ban Bí thư"
    assert [(n.key, n.relation, n.depth, n.parent_key) for n in tree.walk()] == [
        ("kl-99-tw-2020", None, 0, None),
        ("ct-07-tu-ha-nam-2021", "carriesOut", 1, "kl-99-tw-2020"),
        ("kh-12-hu-thanh-liem-2021", "carriesOut", 2, "ct-07-tu-ha-nam-2021"),
    ]
    (plan,) = tree.find("kh-12-hu-thanh-liem-2021")
    assert plan.issuer == "Huyện ủy Thanh Liêm" and plan.issuer_level == "district"
    assert [
        (c.key, c.date, c.place, c.organiser, c.review_kind, c.period_start, c.period_end)
        for c in plan.conferences
    ] == [
        (
            "2022-12-20-thanh-liem-so-ket-kh12",
            "2022-12-20",
            "Huyện Thanh Liêm",
            "Huyện ủy Thanh Liêm",
            "interim-review",
            "2021",
            "2022",
        )
    ]
    assert [
        (a.key, a.form, a.giver, a.collectives, a.individuals, a.event_key) for a in plan.awards
    ] == [
        (
            "2022-thanh-liem-kh12",
            "certificate-of-merit",
            "Huyện ủy Thanh Liêm",
            3,
            4,
            "2022-12-20-thanh-liem-so-ket-kh12",
        )
    ]
    assert [(m.key, m.name, m.recognition_level, m.recognised_in) for m in plan.models] == [
        ("thanh-liem-mo-hinh-thu", "Mô hình thử nghiệm", "district", "2022")
    ]
    # nothing hangs on the upper two levels
    for key in ("kl-99-tw-2020", "ct-07-tu-ha-nam-2021"):
        (node,) = tree.find(key)
        assert node.conferences == [] and node.awards == [] and node.models == []


def test_three_level_chain_from_the_bottom(chain):
    tree = lineage(chain, "kh-12-hu-thanh-liem-2021")
    assert [(a.key, a.relation, a.depth, a.child_key, a.central) for a in tree.ancestors] == [
        ("ct-07-tu-ha-nam-2021", "carriesOut", 1, "kh-12-hu-thanh-liem-2021", False),
        ("kl-99-tw-2020", "carriesOut", 2, "ct-07-tu-ha-nam-2021", True),
    ]
    assert tree.descendants == []
    assert [c.key for c in tree.root.conferences] == ["2022-12-20-thanh-liem-so-ket-kh12"]


def test_three_level_chain_render(chain):
    text = lineage(chain, "kl-99-tw-2020").render()
    lines = text.splitlines()
    assert (
        "└── [thực hiện] 07-CT/TU (ct-07-tu-ha-nam-2021) — Tỉnh ủy Hà Nam · Cấp tỉnh · 2021-03-01"
        in lines
    )
    assert (
        "    └── [thực hiện] 12-KH/HU (kh-12-hu-thanh-liem-2021) — Huyện ủy Thanh Liêm · "
        "Cấp huyện · 2021-05-10"
    ) in lines
    conference = next(
        line for line in lines if "Hội nghị 2022-12-20-thanh-liem-so-ket-kh12" in line
    )
    assert conference.startswith("        ├── ")
    assert "Sơ kết giai đoạn 2021–2022" in conference
    award = next(line for line in lines if "Khen thưởng 2022-thanh-liem-kh12" in line)
    assert award.startswith("        └── ")
    assert "Giấy khen — Huyện ủy Thanh Liêm: 3 tập thể, 4 cá nhân" in award


def test_three_level_chain_to_dict(chain):
    data = lineage(chain, "kl-99-tw-2020").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["root"]["key"] == "kl-99-tw-2020"
    assert "children" not in data["root"]
    (provincial,) = data["descendants"]
    assert (provincial["key"], provincial["depth"]) == ("ct-07-tu-ha-nam-2021", 1)
    (district,) = provincial["children"]
    assert (district["key"], district["depth"], district["relation"]) == (
        "kh-12-hu-thanh-liem-2021",
        2,
        "carriesOut",
    )
    assert [award["key"] for award in district["awards"]] == ["2022-thanh-liem-kh12"]


def test_ambiguous_identifier_lists_the_keys(chain):
    with pytest.raises(QueryError) as error:
        lineage(chain, "07-CT/TU")
    message = str(error.value)
    assert "ct-07-tu-ha-nam-2021" in message and "ct-07-tu-nam-dinh-2021" in message
    assert "give its key" in message
    with pytest.raises(QueryError, match="ct-07-tu-nam-dinh-2021"):
        coverage(chain, "07-CT/TU")


def test_unknown_directive(graph):
    with pytest.raises(QueryError, match="no document"):
        lineage(graph, "no-such-directive")
    with pytest.raises(QueryError, match="no document or initiative"):
        coverage(graph, "no-such-directive")


# ---------------------------------------------------------------- coverage


def test_coverage_of_ct19_by_district(graph):
    table = coverage(graph, "ct-19-tu-ha-nam-2013", period=(2013, 2023), level="district")
    assert [(row.name, row.covered) for row in table.covered] == [("Huyện Thanh Liêm", True)]
    assert {row.name for row in table.uncovered} == HA_NAM_UNCOVERED
    assert all(row.parent == "Tỉnh Hà Nam" for row in table.rows)
    (thanh_liem,) = table.covered
    assert (
        thanh_liem.code,
        thanh_liem.events,
        thanh_liem.documents,
        thanh_liem.first,
        thanh_liem.last,
    ) == ("351", 1, 0, "2023-11-29", "2023-11-29")
    assert all(row.events == 0 and row.first is None for row in table.uncovered)
    totals = table.totals
    assert (totals.covered, totals.uncovered, totals.total, totals.percent) == (1, 5, 6, 16.7)


def test_coverage_render_and_rows(graph):
    table = coverage(graph, "19-CT/TU", period=(2013, 2023))
    text = table.render()
    assert "Huyện Thanh Liêm" in text and "Huyện Lý Nhân" in text
    assert text.rstrip().endswith("Tổng cộng: 6 đơn vị — 1 có hoạt động, 5 chưa có (16,7% bao phủ)")
    assert (
        table.render("en")
        .rstrip()
        .endswith("Total: 6 units — 1 covered, 5 uncovered (16.7% covered)")
    )
    rows = table.to_rows()
    assert rows[0] == {
        "unit": "https://w3id.org/danvan/id/unit/old/district/351",
        "code": "351",
        "name": "Huyện Thanh Liêm",
        "parent": "Tỉnh Hà Nam",
        "covered": True,
        "events": 1,
        "documents": 0,
        "awards": 1,  # 2023-thanh-liem-btv-hu-ct19, counted by default (awards)
        "first": "2023-11-29",
        "last": "2023-11-29",
        "counted_under": "reviews, awards",
    }
    assert sorted(row["name"] for row in rows if not row["covered"]) == sorted(HA_NAM_UNCOVERED)


def test_coverage_outside_the_period(graph):
    table = coverage(graph, "ct-19-tu-ha-nam-2013", period=(2014, 2020))
    assert (table.totals.covered, table.totals.total) == (0, 6)
    assert coverage(graph, "ct-19-tu-ha-nam-2013", period=None).totals.covered == 1


def test_coverage_by_province_and_movement(graph):
    table = coverage(graph, "dan-van-kheo", period=(2018, 2023), level="province")
    assert sorted(row.name for row in table.covered) == [
        "Tỉnh Bà Rịa - Vũng Tàu",  # the Đất Đỏ conference, placed in its province
        "Tỉnh Bình Phước",  # the Phước An contest's prizes (awards, counted by default)
        "Tỉnh Bắc Kạn",
        "Tỉnh Hà Nam",
        "Tỉnh Quảng Nam",
    ]
    bac_kan = coverage(graph, "dan-van-kheo", period="2018-2023", province="Bắc Kạn")
    assert [row.name for row in bac_kan.covered] == ["Huyện Chợ Đồn"]
    assert bac_kan.totals.total == 8


def test_coverage_on_the_new_map(graph):
    table = coverage(graph, "ct-19-tu-ha-nam-2013", period=(2013, 2023), map="new")
    assert [
        (row.name, row.covered, row.districts, row.covered_districts, row.events)
        for row in table.rows
    ] == [("Tỉnh Ninh Bình", True, 6, 1, 1)]
    assert (table.totals.covered, table.totals.uncovered, table.totals.total) == (1, 0, 1)


@pytest.mark.parametrize("period", [(2023, 2021), "2023-2021", "abc", (2021,)])
def test_bad_period(graph, period):
    with pytest.raises(QueryError, match="period"):
        coverage(graph, "ct-19-tu-ha-nam-2013", period=period)


def test_bad_level_and_map(graph):
    with pytest.raises(QueryError, match="level"):
        coverage(graph, "ct-19-tu-ha-nam-2013", level="hamlet")
    with pytest.raises(QueryError, match="map"):
        coverage(graph, "ct-19-tu-ha-nam-2013", map="2030")


def test_parse_period():
    assert parse_period("2021-2023") == (2021, 2023)
    assert parse_period("2023") == (2023, 2023)
    assert parse_period("all") is None
    with pytest.raises(QueryError, match="ends before it starts"):
        parse_period("2023-2021")


# ---------------------------------------------------------------- command line


def test_cli_lineage(built, capsys):
    _, path = built
    assert main(["lineage", "05-CT/TW", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "└── [tiếp tục thực hiện] 01-KL/TW (kl-01-tw-2021)" in out
    assert main(["lineage", "ct-05-tw-2016", "--lang", "en", "--store", str(path)]) == 0
    assert "[continues] 01-KL/TW" in capsys.readouterr().out
    assert main(["lineage", "ct-05-tw-2016", "--format", "json", "--store", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["key"], d["depth"], d["relation"]) for d in data["descendants"]] == [
        ("kl-01-tw-2021", 1, "continues")
    ]


def test_cli_lineage_of_the_chain(chain_store, capsys):
    assert main(["lineage", "kl-99-tw-2020", "--format", "json", "--store", str(chain_store)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["descendants"][0]["children"][0]["conferences"][0]["key"] == (
        "2022-12-20-thanh-liem-so-ket-kh12"
    )
    assert main(["lineage", "07-CT/TU", "--store", str(chain_store)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("danvan: error: ")
    assert "ct-07-tu-ha-nam-2021" in err and "ct-07-tu-nam-dinh-2021" in err
    assert len(err.strip().splitlines()) == 1


def test_cli_coverage(built, capsys):
    _, path = built
    args = [
        "coverage",
        "ct-19-tu-ha-nam-2013",
        "--period",
        "2013-2023",
        "--level",
        "district",
        "--store",
        str(path),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Huyện Thanh Liêm" in out
    assert "Tổng cộng: 6 đơn vị — 1 có hoạt động, 5 chưa có" in out
    assert main([*args, "--format", "csv"]) == 0
    found = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["name"] for row in found if row["covered"] == "true"] == ["Huyện Thanh Liêm"]
    assert sorted(row["name"] for row in found if row["covered"] == "false") == sorted(
        HA_NAM_UNCOVERED
    )
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"covered": 1, "uncovered": 5, "total": 6, "percent": 16.7}
    assert main([*args, "--format", "md", "--lang", "en"]) == 0
    assert "Total: 6 units — 1 covered, 5 uncovered" in capsys.readouterr().out
    assert main([*args, "--map", "new"]) == 0
    assert "Tỉnh Ninh Bình" in capsys.readouterr().out


@pytest.mark.parametrize("period", ["2023-2021", "abc"])
def test_cli_coverage_bad_period(built, capsys, period):
    _, path = built
    assert main(["coverage", "ct-19-tu-ha-nam-2013", "--period", period, "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("danvan: error: period")
    assert len(err.strip().splitlines()) == 1


def test_cli_bad_id(built, capsys):
    _, path = built
    assert main(["lineage", "no-such-directive", "--store", str(path)]) == 2
    assert "no document" in capsys.readouterr().err
    assert main(["coverage", "no-such-directive", "--store", str(path)]) == 2
    assert "no document or initiative" in capsys.readouterr().err
