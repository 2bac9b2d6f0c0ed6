"""Golden tests of the query catalogue on the graph of the five source articles.

Expected answers are written out here from the articles and the curated records, not
regenerated from the code's own output.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from danvan_kg.cli import main
from danvan_kg.errors import QueryError
from danvan_kg.queries import catalogue, get_query, run

QUESTIONS = set(range(1, 14))


def rows(graph, name, **params):
    return run(get_query(name), graph, params).values()


def column(graph, name, col, **params):
    return [row[col] for row in rows(graph, name, **params)]


# ---------------------------------------------------------------- headers


def test_every_competency_question_is_covered():
    covered = {q for query in catalogue().values() for q in query.questions}
    assert covered >= QUESTIONS


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_header(name):
    query = catalogue()[name]
    assert query.title.get("en") and query.title.get("vi")
    assert query.description
    for param in query.params:
        assert param.type
        assert re.search(rf"[?$]{param.name}\b", query.text.split("SELECT", 1)[1])


# Queries whose defaults find nothing in the shipped records, and why.
EMPTY_WITH_DEFAULTS = {"source-disagreements": "no two shipped sources disagree on a fact"}


def projected(text):
    """The variables a query's outermost SELECT clause projects, in order."""
    clause = re.split(r"\bWHERE\b|\{", text.split("SELECT", 1)[1], maxsplit=1)[0]
    return tuple(
        alias or variable
        for alias, variable in re.findall(r"\(.*?\bAS\s+[?$](\w+)\s*\)|[?$](\w+)", clause)
    )


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_runs_with_defaults(graph, name):
    table = run(get_query(name), graph, {})
    assert table.columns == projected(get_query(name).text)
    # With its defaults a query answers from the shipped records, or it is listed above.
    assert bool(table.rows) is (name not in EMPTY_WITH_DEFAULTS), len(table.rows)


# ---------------------------------------------------------------- golden answers


def test_q2_conferences_that_reviewed_ct19(graph):
    found = rows(graph, "reviews-of-directive", directive="ct-19-tu-ha-nam-2013")
    assert [(r["event_key"], r["date"], r["place_name"], r["organiser_name"], r["period_start"],
             r["period_end"]) for r in found] == [
        ("2023-11-29-thanh-liem-tong-ket-ct19", "2023-11-29", "Huyện Thanh Liêm",
         "Huyện ủy Thanh Liêm", "2013", "2023"),
    ]
    assert set(found[0]["figures"].split("; ")) == {
        "models-built = hàng trăm", "models-exemplary (district-level) = 23",
        "models-exemplary (commune-level) = 76", "models-recognised (district-level) = 13",
    }


def test_q2_reviews_of_dan_van_kheo(graph):
    assert column(graph, "reviews-of-directive", "event_key", directive="dan-van-kheo") == [
        "2020-cho-don-tong-ket-da06",  # no date printed: sorts first
        "2015-10-12-lien-chieu-ky-niem-so-ket-dvk",
        "2020-10-08-que-son-tong-ket-dvk",
        "2023-11-29-thanh-liem-tong-ket-ct19",
        "2023-12-13-dat-do-tong-ket-dan-van",
    ]


def test_q1_lineage(graph):
    found = rows(graph, "lineage", directive="ct-05-tw-2016")
    assert [(r["depth"], r["path"], r["relation"]) for r in found] == [
        ("1", "ct-05-tw-2016 › kl-01-tw-2021", "https://w3id.org/danvan/ontology#continues"),
    ]
    assert column(graph, "lineage", "document_key", directive="10/2022/QH15") == [
        "cv-huyen-uy-minh-long-2023-luat-dan-chu"]
    assert rows(graph, "lineage", directive="ct-19-tu-ha-nam-2013") == []
    assert column(graph, "lineage-edges", "parent_key", directive="ct-05-tw-2016") == [
        "ct-05-tw-2016"]


def test_q3_upstream_chain_of_the_cho_don_award(graph):
    found = {(r["via"], r["document_key"], r["central"])
             for r in rows(graph, "upstream-chain", item="2020-cho-don-2559")}
    assert found == {
        ("awarded for", "da-06-tu-bac-kan", "false"),
        ("awarded for", "dan-van-kheo", "false"),
        ("by decision", "qd-2559-ubnd-cho-don-2020", "false"),
        ("presented at a review of", "da-06-tu-bac-kan", "false"),
        ("presented at a review of", "dan-van-kheo", "false"),
    }
    chain = rows(graph, "upstream-chain", item="kl-01-tw-2021")
    assert [(r["steps"], r["document_key"], r["central"]) for r in chain] == [
        ("0", "kl-01-tw-2021", "true"), ("1", "ct-05-tw-2016", "true")]


def test_q4_models_under_dan_van_kheo(graph):
    assert column(graph, "models-under", "model_key", target="dan-van-kheo") == [
        "que-son-chinh-trang-vuon-nha-cong-ngo", "que-son-xay-dung-to-dan-pho-van-minh"]


def test_q5_awards(graph):
    ct19 = rows(graph, "awards-for", directive="ct-19-tu-ha-nam-2013")
    assert [(r["award_key"], r["collectives"]) for r in ct19] == [
        ("2023-thanh-liem-btv-hu-ct19", "5")]
    cho_don = rows(graph, "awards-for", directive="da-06-tu-bac-kan")
    assert [(r["award_key"], r["decision"], r["collectives"], r["individuals"], r["giver_name"])
            for r in cho_don] == [
        ("2020-cho-don-2559", "2559/QĐ-UBND", "15", "9", "Ủy ban nhân dân huyện Chợ Đồn")]
    assert sorted(column(graph, "awards-for", "award_key", directive="dan-van-kheo")) == [
        "2015-lien-chieu-ubnd-dvk", "2020-cho-don-2559", "2020-que-son-dvk",
        "2023-phuoc-an-hoi-thi-giai-ba", "2023-phuoc-an-hoi-thi-giai-khuyen-khich",
        "2023-phuoc-an-hoi-thi-giai-nhat", "2023-phuoc-an-hoi-thi-giai-nhi",
        "2023-thanh-liem-dvk-recognition", "2023-thanh-liem-ubnd-dvk-models"]


HA_NAM = {"347": "Thành phố Phủ Lý", "349": "Thị xã Duy Tiên", "350": "Thị xã Kim Bảng",
          "351": "Huyện Thanh Liêm", "352": "Huyện Bình Lục", "353": "Huyện Lý Nhân"}


@pytest.mark.parametrize("period", [("2013", "2023"), ("2021", "2023")])
def test_q6_coverage_of_ct19_in_ha_nam(graph, period):
    found = rows(graph, "coverage", target="ct-19-tu-ha-nam-2013", start=period[0], end=period[1])
    assert {r["code"]: r["name"] for r in found} == HA_NAM
    assert [r["name"] for r in found if r["covered"] == "true"] == ["Huyện Thanh Liêm"]
    assert sorted(r["name"] for r in found if r["covered"] == "false") == sorted(
        ["Thành phố Phủ Lý", "Thị xã Duy Tiên", "Thị xã Kim Bảng", "Huyện Bình Lục",
         "Huyện Lý Nhân"])


def test_q6_coverage_outside_the_period_and_by_province(graph):
    found = rows(graph, "coverage", target="ct-19-tu-ha-nam-2013", start="2014", end="2020")
    assert len(found) == 6 and all(r["covered"] == "false" for r in found)
    dvk = rows(graph, "coverage", target="dan-van-kheo", start="2018", end="2023")
    assert len(dvk) == 696
    # Hớn Quản: the Phước An contest's prizes (awards, counted by default)
    assert sorted(r["name"] for r in dvk if r["covered"] == "true") == [
        "Huyện Chợ Đồn", "Huyện Hớn Quản", "Huyện Quế Sơn", "Huyện Thanh Liêm"]
    provinces = rows(graph, "coverage", target="dan-van-kheo", start="2018", end="2023",
                     level="province")
    # Bà Rịa - Vũng Tàu: the Đất Đỏ conference is placed in the province (Đất Đỏ is on
    # neither map), so it covers the province and no district.
    assert sorted(r["name"] for r in provinces if r["covered"] == "true") == [
        "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Bình Phước", "Tỉnh Bắc Kạn", "Tỉnh Hà Nam",
        "Tỉnh Quảng Nam"]
    bac_kan = rows(graph, "coverage", target="dan-van-kheo", start="2018", end="2023",
                   province="Bắc Kạn")
    assert [r["name"] for r in bac_kan if r["covered"] == "true"] == ["Huyện Chợ Đồn"]
    assert len(bac_kan) == 8


def test_q7_models_per_field(graph):
    found = {(r["district_name"], r["field"].rsplit("/", 1)[-1] if r["field"] else None):
             r["models"]
             for r in rows(graph, "models-per-field")}
    assert found == {
        ("Huyện Minh Long", None): "14", ("Huyện Minh Long", "culture-society"): "0",
        ("Huyện Minh Long", "defence-security"): "2", ("Huyện Minh Long", "economy"): "1",
        ("Huyện Minh Long", "political-system"): "0",
        ("Huyện Quế Sơn", None): "2", ("Huyện Quế Sơn", "culture-society"): "0",
        ("Huyện Quế Sơn", "defence-security"): "0", ("Huyện Quế Sơn", "economy"): "0",
        ("Huyện Quế Sơn", "political-system"): "0",
    }


def test_q8_reviews_per_year(graph):
    assert [(r["year"], r["events"], r["reviews"], r["of_documents"], r["of_initiatives"],
             r["of_work_areas"])
            for r in rows(graph, "reviews-per-year")] == [
        (None, "1", "2", "1", "1", "0"),  # Chợ Đồn: no date printed
        ("2015", "1", "1", "0", "1", "0"),  # Liên Chiểu
        ("2020", "1", "1", "0", "1", "0"),
        ("2022", "1", "1", "1", "0", "0"),
        ("2023", "2", "5", "2", "2", "1"),  # Thanh Liêm and Đất Đỏ
        ("2024", "1", "3", "0", "0", "3"),
    ]
    periods = {(r["event_key"], r["reviewed_key"]): r["years_after"]
               for r in rows(graph, "review-periods")}
    assert periods[("2024-01-12-minh-long-tong-ket", "workarea/religion")] == "1"
    assert periods[("2023-11-29-thanh-liem-tong-ket-ct19", "ct-19-tu-ha-nam-2013")] == "0"


def test_q9_document_gaps(graph):
    assert [(r["document_key"], r["missing"].strip()) for r in rows(graph, "document-gaps")] == [
        ("ctr-dat-do-2023-phoi-hop", "issuer date"),
        ("cv-huyen-uy-minh-long-2023-luat-dan-chu", "date"),
        ("da-06-tu-bac-kan", "date"),
        ("kh-huyen-uy-minh-long-2023-tiep-dan", "date"),
        ("nq-01-tu-dong-thap-xi", "date"),
    ]


def test_q10_officials(graph):
    found = {(r["event_key"], r["participant_name"],
              r["post_role"].rsplit("/", 1)[-1] if r["post_role"] else None)
             for r in rows(graph, "officials-at-conferences")}
    assert ("2020-10-08-que-son-tong-ket-dvk", "Đặng Thị Thùy Vinh", "head") in found
    assert ("2024-01-12-minh-long-tong-ket", "Lê Thanh Bình", "standing-deputy-secretary") in found
    assert ("2023-11-29-thanh-liem-tong-ket-ct19", "Hoàng Mạnh Dũng", "chair") in found
    chairs = {(r["event_key"], r["participant_name"])
              for r in rows(graph, "officials-at-conferences")
              if r["role"] and r["role"].endswith("/chair")}
    assert chairs == {("2020-10-08-que-son-tong-ket-dvk", "Đặng Thị Thùy Vinh"),
                      ("2024-01-12-minh-long-tong-ket", "Lê Thanh Bình")}
    higher = {(r["event_key"], r["who"], r["body"]) for r in rows(graph, "higher-level-attendance")}
    assert higher == {
        ("2020-10-08-que-son-tong-ket-dvk", "Lê Thị Thủy", "Ban Dân vận Tỉnh ủy Quảng Nam"),
        ("2020-10-08-que-son-tong-ket-dvk", "Lê Thị Thủy", "Tỉnh ủy Quảng Nam"),
        ("2020-cho-don-tong-ket-da06", "Ma Từ Đông Điền", "Ban Dân vận Tỉnh ủy Bắc Kạn"),
        ("2020-cho-don-tong-ket-da06", "Ma Từ Đông Điền", "Tỉnh ủy Bắc Kạn"),
        ("2020-cho-don-tong-ket-da06", "Ma Từ Đông Điền",
         "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Kạn"),
        ("2022-08-19-thap-muoi-khao-sat-nq01", "Ban Dân vận Tỉnh ủy Đồng Tháp",
         "Ban Dân vận Tỉnh ủy Đồng Tháp"),
        ("2022-08-19-thap-muoi-khao-sat-nq01", "Tổ khảo sát của Ban Dân vận Tỉnh ủy Đồng Tháp",
         "Tổ khảo sát của Ban Dân vận Tỉnh ủy Đồng Tháp"),
        ("2023-11-29-thanh-liem-tong-ket-ct19", "Ban Dân vận Tỉnh ủy Hà Nam",
         "Ban Dân vận Tỉnh ủy Hà Nam"),
        ("2023-minh-long-tham-co-so-long-mai", "Ban Thường vụ Huyện ủy Minh Long",
         "Ban Thường vụ Huyện ủy Minh Long"),
        ("2023-minh-long-tham-co-so-long-mon", "Ban Thường vụ Huyện ủy Minh Long",
         "Ban Thường vụ Huyện ủy Minh Long"),
    }


def test_q11_provenance(graph):
    term = [r for r in rows(graph, "statement-sources", subject="kl-114-tw-2015")
            if r["property"].endswith("#term")]
    assert [(r["value"], r["graph"].rsplit("/", 1)[-1]) for r in term] == [
        ("XI", "reference-kl-114-tw-2015")]
    single = {(r["subject_key"], r["property"].rsplit("#", 1)[-1], r["value"])
              for r in rows(graph, "single-source-facts")}
    assert ("kl-114-tw-2015", "term", "XI") in single
    assert ("kl-62-tw-2009", "term", "X") in single
    assert ("kl-62-tw-2009", "dateIssued", "2009-12-08") in single
    assert not any(key == "kl-114-tw-2015" and prop == "dateIssued" for key, prop, _ in single)
    assert rows(graph, "source-disagreements") == []


def test_q12_the_2025_province_of_each_district(graph):
    assert {r["name"]: r["new_province"] for r in rows(graph, "units-2025")} == {
        "Quận Liên Chiểu": "Thành phố Đà Nẵng",
        "Huyện Thanh Liêm": "Tỉnh Ninh Bình",
        "Huyện Tháp Mười": "Tỉnh Đồng Tháp",
        "Huyện Chợ Đồn": "Tỉnh Thái Nguyên",
        "Huyện Quế Sơn": "Thành phố Đà Nẵng",
        "Huyện Minh Long": "Tỉnh Quảng Ngãi",
    }
    ha_nam = rows(graph, "coverage-2025", target="ct-19-tu-ha-nam-2013", start="2013", end="2023")
    assert [(r["name"], r["districts"], r["covered_districts"], r["covered"]) for r in ha_nam] == [
        ("Tỉnh Ninh Bình", "6", "1", "true")]
    country = rows(graph, "coverage-2025", target="dan-van-kheo", start="2018", end="2023")
    assert len(country) == 34
    covered = [(r["name"], r["covered_districts"]) for r in country if r["covered"] == "true"]
    assert sorted(covered) == [
        ("Thành phố Đà Nẵng", "1"), ("Tỉnh Ninh Bình", "1"), ("Tỉnh Thái Nguyên", "1"),
        ("Tỉnh Đồng Nai", "1")]  # Hớn Quản, through the Phước An prizes (awards)


def test_q13_figures(graph):
    cho_don = {(r["measure"].rsplit("/", 1)[-1],
                r["category"].rsplit("/", 1)[-1] if r["category"] else None): r["value"]
               for r in rows(graph, "figures") if r["scope_name"] == "Huyện Chợ Đồn"}
    assert cho_don == {("models-registered", None): "808", ("models-recognised", None): "179",
                       ("models-recognised", "collective"): "109",
                       ("models-recognised", "individual"): "70"}
    ratio = rows(graph, "registered-vs-recognised")
    assert [(r["scope_name"], r["period_start"], r["period_end"], r["registered"], r["recognised"],
             r["as_text"], r["percent"]) for r in ratio] == [
        ("Huyện Chợ Đồn", "2018", "2020", "808", "179", "179 of 808", "22.2"),
        ("Huyện Thanh Liêm", "2023", "2023", None, "13", None, None),
    ]


# ---------------------------------------------------------------- parameters are bound


INJECTION = '"} ; DROP ALL ; #'


def test_injection_string_matches_nothing_and_changes_nothing(graph):
    before = len(graph)
    for name in ("statement-sources", "coverage"):
        query = get_query(name)
        for param in query.params:
            if param.type in ("integer", "level", "province", "thing", "target", "document"):
                continue
    # a string parameter: the injection string is just a literal that matches nothing
    text = ("#+ title: {en: t, vi: t}\n#+ description: d\n#+ params:\n"
            "#+   name: {type: string, default: x}\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "SELECT ?name ?thing WHERE { ?thing rdfs:label ?name }\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probe.rq"
        path.write_text(text, encoding="utf-8")
        assert run(get_query(str(path)), graph, {"name": INJECTION}).rows == ()
    assert len(graph) == before
    with pytest.raises(Exception):  # noqa: B017 - any DanvanError: not a key, not a code
        run(get_query("coverage"), graph, {"target": INJECTION})
    with pytest.raises(Exception):  # noqa: B017
        run(get_query("coverage"), graph, {"level": INJECTION})
    assert len(graph) == before


# ---------------------------------------------------------------- command line


def test_cli_query_list(capsys):
    assert main(["query", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("reviews-of-directive", "coverage", "units-2025", "figures", "lineage"):
        assert name in out


def test_cli_query_run(built, capsys):
    _, path = built
    assert main(["query", "run", "reviews-of-directive", "--param", "directive=19-CT/TU",
                 "--format", "csv", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2023-11-29-thanh-liem-tong-ket-ct19" in out
    query_file = get_query("figures").path
    assert main(["query", "run", str(query_file), "--format", "json", "--store", str(path)]) == 0
    assert '"808"' in capsys.readouterr().out


def test_a_key_is_looked_up_once_for_every_kind(graph):
    from danvan_kg.queries import to_term

    keyed = graph.keyed("dan-van-kheo")
    assert keyed == {"initiative": "https://w3id.org/danvan/id/initiative/dan-van-kheo"}
    assert graph.existing("initiative", "dan-van-kheo") == keyed["initiative"]
    assert graph.existing("document", "dan-van-kheo") is None
    assert graph.keyed(INJECTION) == {}
    # a "thing" or "target" parameter takes the first kind, in order, that has the key
    thing = get_query("statement-sources").parameter("subject")
    assert to_term(thing, "dan-van-kheo", graph).value == keyed["initiative"]
    directive = graph.keyed("ct-19-tu-ha-nam-2013")["document"]
    assert to_term(thing, "ct-19-tu-ha-nam-2013", graph).value == directive
    target = get_query("coverage").parameter("target")
    assert to_term(target, "19-CT/TU", graph).value == directive  # by identifier, as before
    with pytest.raises(QueryError, match="no document or initiative"):
        to_term(target, "nothing-has-this-key", graph)


def test_an_ad_hoc_query_file_without_a_header_just_runs(built, tmp_path, capsys):
    # Issue 13: `danvan query FILE.rq` refused a file without a `#+` header.
    plain = tmp_path / "mine.rq"
    plain.write_text(
        "SELECT ?id WHERE { ?d dv:identifier ?id } ORDER BY ?id LIMIT 2\n", encoding="utf-8"
    )
    assert main(["query", str(plain), "--store", str(built[1]), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id" and len(lines) == 3
    # A header it does have is still read strictly, and the catalogue stays strict.
    broken = tmp_path / "broken.rq"
    broken.write_text("#+ title: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError):
        get_query(str(broken))
    from danvan_kg.queries import parse_query_file

    with pytest.raises(QueryError, match="header"):
        parse_query_file(plain)
