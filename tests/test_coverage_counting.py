"""What counts as activity under a target (issue 13): the coverage relations, their
default (every one but ``cites``) and the choice of them, in the catalogue queries, the
view and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from danvan_kg.cli import main
from danvan_kg.errors import QueryError
from danvan_kg.queries import (
    COVERAGE_RELATIONS,
    DEFAULT_COUNTING,
    get_query,
    parse_counting,
    run,
    system_query,
)
from danvan_kg.stores import Store
from danvan_kg.validate import add_files
from danvan_kg.views import coverage

HON_QUAN = "https://w3id.org/danvan/id/unit/old/district/694"
CHO_DON = "https://w3id.org/danvan/id/unit/old/district/064"

# Two district documents of 2022 under Chỉ thị 19-CT/TU of Hà Nam: Lý Nhân's công văn
# only cites it, Bình Lục's plan carries it out; a 2022 conference in Lý Nhân reviews the
# công văn. Nothing else in the shipped data is about 19-CT/TU in Lý Nhân or Bình Lục.
CITING = """\
format: danvan-record/1

source:
  key: test-coverage-cites
  kind: article
  title: "Lý Nhân và Bình Lục triển khai công tác dân vận năm 2022"
  publisher: "Cổng thông tin điện tử tỉnh Hà Nam"
  published: 2022-06-01

units:
  - key: ly-nhan
    name: Lý Nhân
    level: district
    province: Hà Nam
  - key: binh-luc
    name: Bình Lục
    level: district
    province: Hà Nam

organisations:
  - key: huyen-uy-ly-nhan-test
    name: Huyện ủy Lý Nhân
    kind: party-committee
    level: district
    territory: ly-nhan
  - key: huyen-uy-binh-luc-test
    name: Huyện ủy Bình Lục
    kind: party-committee
    level: district
    territory: binh-luc

documents:
  - key: cv-12-hu-ly-nhan-2022
    identifier: 12-CV/HU
    issuer: huyen-uy-ly-nhan-test
    date: 2022-03-02
    title: "về công tác dân vận năm 2022"
    cites: [ct-19-tu-ha-nam-2013]
  - key: kh-30-hu-binh-luc-2022
    identifier: 30-KH/HU
    issuer: huyen-uy-binh-luc-test
    date: 2022-04-05
    title: "thực hiện Chỉ thị số 19-CT/TU năm 2022"
    carries_out: [ct-19-tu-ha-nam-2013]

events:
  - key: 2022-05-20-ly-nhan-so-ket-cv-12
    kind: conference
    name: "Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2022"
    date: 2022-05-20
    place: ly-nhan
    organiser: huyen-uy-ly-nhan-test
    reviews:
      - of: cv-12-hu-ly-nhan-2022
        kind: interim-review
        period: 2022-01-01/2022-05-20
"""


def covered(table) -> list[str]:
    return sorted(row.name or "" for row in table.covered)


def test_the_relations_and_their_default():
    assert COVERAGE_RELATIONS == ("reviews", "carries-out", "concerns", "awards", "cites")
    assert DEFAULT_COUNTING == ("reviews", "carries-out", "concerns", "awards")
    assert parse_counting(None) == DEFAULT_COUNTING
    assert parse_counting(["cites,Reviews", "awards"]) == ("reviews", "awards", "cites")
    assert parse_counting("all") == COVERAGE_RELATIONS
    assert parse_counting("default,cites") == COVERAGE_RELATIONS
    with pytest.raises(QueryError) as error:
        parse_counting("reviews,quotes")
    assert error.value.code == "query.counting-unknown"
    assert error.value.params["relation"] == "quotes"
    with pytest.raises(QueryError):
        parse_counting(" , ")
    # the catalogue queries declare the same default
    for name in ("coverage", "coverage-2025"):
        assert get_query(name).parameter("counting").default == ",".join(DEFAULT_COUNTING)
    assert system_query("coverage-activities").parameter("counting").default == ",".join(
        DEFAULT_COUNTING
    )


def test_hon_quan_counts_for_dan_van_kheo_through_awards(graph: Store):
    # the Phước An contest of 2023: prizes for Dân vận khéo, nothing else in Hớn Quản
    table = coverage(graph, "dan-van-kheo", period="2021-2023", province="Bình Phước")
    (hon_quan,) = table.covered
    assert (hon_quan.unit, hon_quan.name) == (HON_QUAN, "Huyện Hớn Quản")
    assert (hon_quan.events, hon_quan.documents, hon_quan.awards) == (0, 0, 4)
    assert (hon_quan.first, hon_quan.last, hon_quan.counted_under) == ("2023", "2023", "awards")
    only_reviews = coverage(
        graph, "dan-van-kheo", period="2021-2023", province="Bình Phước", counting="reviews"
    )
    assert only_reviews.covered == []
    assert only_reviews.counting == ("reviews",)
    # the query itself, on the whole country
    found = run(
        get_query("coverage"),
        graph,
        {"target": "dan-van-kheo", "start": "2023", "end": "2023", "counting": "awards"},
    ).values()
    assert sorted(r["name"] for r in found if r["covered"] == "true") == [
        "Huyện Hớn Quản",
        "Huyện Thanh Liêm",
    ]
    assert {r["counting"] for r in found} == {"awards"}


def test_a_province_counts_through_a_document_concerning_the_movement(graph: Store):
    # Đề án 06-ĐA/TU of Bắc Kạn concerns Dân vận khéo; the 2020 Chợ Đồn conference
    # reviewed it (it also reviewed the movement itself and presented an award for it)
    only = coverage(
        graph, "dan-van-kheo", period="2018-2020", level="province", counting="concerns"
    )
    assert covered(only) == ["Tỉnh Bắc Kạn"]
    assert (
        covered(
            coverage(graph, "dan-van-kheo", period="2018-2020", level="province", counting="cites")
        )
        == []
    )
    activities = run(
        system_query("coverage-activities"),
        graph,
        {"target": "dan-van-kheo", "start": "2020", "end": "2020", "level": "district"},
    ).values()
    cho_don = {
        (r["activity_kind"], r["activity_type"], r["activity_key"])
        for r in activities
        if r["unit"] == CHO_DON
    }
    assert cho_don == {
        ("awards", "award", "2020-cho-don-2559"),
        ("concerns", "event", "2020-cho-don-tong-ket-da06"),
        ("reviews", "event", "2020-cho-don-tong-ket-da06"),
    }
    table = coverage(graph, "dan-van-kheo", period="2020-2020", province="Bắc Kạn")
    (row,) = table.covered
    # one event under two relations is one event
    assert (row.events, row.awards, row.counted_under) == (1, 1, "reviews, concerns, awards")


@pytest.fixture
def with_citing(graph_copy: Callable[[Path | None], Store], tmp_path: Path) -> Store:
    store = graph_copy(tmp_path / "store")  # on disk: hard links, no 157k quads to load
    path = tmp_path / "test-coverage-cites.yaml"
    path.write_text(CITING, encoding="utf-8")
    report = add_files([path], store, accept_warnings=True)
    assert report.added, report
    return store


def test_a_document_that_only_cites_does_not_count_by_default(with_citing: Store):
    default = coverage(with_citing, "19-CT/TU", period="2022-2022")
    assert covered(default) == ["Huyện Bình Lục"]
    (binh_luc,) = default.covered
    assert (binh_luc.documents, binh_luc.counted_under) == (1, "carries-out")
    cites = coverage(with_citing, "19-CT/TU", period="2022-2022", counting=["cites"])
    assert covered(cites) == ["Huyện Lý Nhân"]
    (ly_nhan,) = cites.covered
    # the công văn, and the conference that reviewed it
    assert (ly_nhan.documents, ly_nhan.events, ly_nhan.counted_under) == (1, 1, "cites")
    everything = coverage(with_citing, "19-CT/TU", period="2022-2022", counting="all")
    assert covered(everything) == ["Huyện Bình Lục", "Huyện Lý Nhân"]
    # the catalogue query and the 2025 roll-up agree
    query = run(
        get_query("coverage"),
        with_citing,
        {"target": "19-CT/TU", "start": "2022", "end": "2022"},
    ).values()
    assert [r["name"] for r in query if r["covered"] == "true"] == ["Huyện Bình Lục"]
    for counting, districts in (("reviews,carries-out,concerns,awards", "1"), ("all", "2")):
        (ninh_binh,) = run(
            get_query("coverage-2025"),
            with_citing,
            {"target": "19-CT/TU", "start": "2022", "end": "2022", "counting": counting},
        ).values()
        assert (ninh_binh["name"], ninh_binh["covered_districts"]) == ("Tỉnh Ninh Bình", districts)


def test_cli_counting_option(built, capsys):
    _, path = built
    args = ["coverage", "dan-van-kheo", "--province", "Bình Phước", "--store", str(path)]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counting"] == list(DEFAULT_COUNTING)
    assert [row["name"] for row in data["rows"] if row["covered"]] == ["Huyện Hớn Quản"]
    assert (
        main(
            [*args, "--counting", "reviews", "--counting", "cites,carries-out", "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["counting"] == ["reviews", "carries-out", "cites"]
    assert not any(row["covered"] for row in data["rows"])
    assert main([*args, "--counting", "all", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "counting: reviews, carries-out, concerns, awards, cites" in out
    assert main([*args, "--counting", "quotes"]) == 2
    assert "quotes" in capsys.readouterr().err
