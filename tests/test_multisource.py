"""Things stated by several sources are answered once (issue 13, "Rows multiplied by sources").

Each source file is its own named graph, and queries read the union of them. Oxigraph's
union default graph keeps one match per graph: a triple stated by three sources is
matched three times, and a join through it (a record key, a label, a date) multiplies
the rows. The fixture in ``tests/fixtures/multisource/`` states 25-NQ/TW and the Central
Committee three times, Huyện ủy Lý Nhân, its secretary, the conference (name, date,
review, participation), the district plan, the model, a figure and the award twice; every catalogue
query and both views must still give each answer once.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.build import build
from danvan_kg.cli import main
from danvan_kg.queries import catalogue, get_query, run, system_query
from danvan_kg.stores import Store, push
from danvan_kg.views import coverage, lineage
from parity import canonical_rows

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_multisource")

FIXTURE = Path(__file__).parent / "fixtures" / "multisource"

DOCUMENT = "nq-25-tw-2013"
PLAN = "kh-40-hu-ly-nhan-2013"
CONFERENCE = "2023-06-28-ly-nhan-tong-ket-nq25"
INTERIM = "2018-12-20-ly-nhan-so-ket-kh40"
MODEL = "ly-nhan-dan-van-kheo-xa-nhan-hau"
AWARD = "2023-ly-nhan-nq25"

# Parameters pointing every catalogue query at the things stated several times.
PARAMS: dict[str, dict[str, str]] = {
    "awards-for": {"directive": DOCUMENT},
    "coverage": {"target": DOCUMENT, "start": "2013", "end": "2023", "province": "Hà Nam"},
    "coverage-2025": {"target": DOCUMENT, "start": "2013", "end": "2023", "province": "Hà Nam"},
    "lineage": {"directive": DOCUMENT},
    "lineage-edges": {"directive": DOCUMENT},
    "models-under": {"target": DOCUMENT},
    "reviews-of-directive": {"directive": DOCUMENT},
    "statement-sources": {"subject": DOCUMENT},
    "upstream-chain": {"item": CONFERENCE},
}

# More parameter sets for the queries that take a thing: each thing stated several times.
MORE_PARAMS: list[tuple[str, dict[str, str]]] = [
    ("models-under", {"target": "dan-van-kheo"}),
    ("reviews-of-directive", {"directive": PLAN}),
    ("statement-sources", {"subject": "huyen-uy-ly-nhan"}),
    ("statement-sources", {"subject": "tran-thi-thu-huong"}),
    ("statement-sources", {"subject": CONFERENCE}),
    ("upstream-chain", {"item": AWARD}),
    ("upstream-chain", {"item": MODEL}),
    ("upstream-chain", {"item": PLAN}),
    ("units-2025", {"level": "province"}),
]


@pytest.fixture(scope="module")
def multi() -> Store:
    store, _ = build(None, data_dir=FIXTURE)
    return store


def rows(store: Store, name: str, **params: str) -> list[dict[str, str | None]]:
    return run(get_query(name), store, params).values()


def repeated(table_rows: list[tuple[object, ...]]) -> dict[tuple[object, ...], int]:
    return {row: count for row, count in Counter(table_rows).items() if count > 1}


def graphs_stating(store: Store, key: str, prop: str) -> int:
    """How many source graphs state ``prop`` of the thing with record ``key``."""
    table = store.select(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {"
        " ?thing <https://w3id.org/danvan/ontology#recordKey> ?key ."
        " GRAPH ?g { ?thing ?prop ?value } }",
        {"key": ox.Literal(key), "prop": ox.NamedNode(prop)},
    )
    return int(table.rows[0][0].value)


DV = "https://w3id.org/danvan/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.mark.parametrize(
    ("key", "prop", "sources"),
    [
        (DOCUMENT, DV + "identifier", 3),
        ("ban-chap-hanh-trung-uong", RDFS_LABEL, 3),
        ("huyen-uy-ly-nhan", RDFS_LABEL, 2),
        ("tran-thi-thu-huong", RDFS_LABEL, 2),
        (CONFERENCE, RDFS_LABEL, 2),
        (CONFERENCE, DV + "date", 2),
        (CONFERENCE, DV + "hasReview", 2),
        (PLAN, DV + "carriesOut", 2),
        (MODEL, DV + "reportedAt", 2),
        (AWARD, DV + "awardedFor", 2),
        ("ly-nhan-2013-2023-models-recognised", DV + "value", 2),
    ],
)
def test_the_fixture_states_things_several_times(multi, key, prop, sources):
    # Without this the tests below could pass on a fixture that repeats nothing.
    assert graphs_stating(multi, key, prop) == sources


# ---------------------------------------------------------------- every query, no repeats


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_no_catalogue_query_repeats_a_row(multi, name):
    table = run(catalogue()[name], multi, PARAMS.get(name, {}))
    assert repeated([tuple(row) for row in table.rows]) == {}


@pytest.mark.parametrize(("name", "params"), MORE_PARAMS, ids=lambda item: str(item))
def test_no_repeats_for_each_thing(multi, name, params):
    table = run(get_query(name), multi, params)
    assert table.rows, "the parameters should find something"
    assert repeated([tuple(row) for row in table.rows]) == {}


SYSTEM_PARAMS: dict[str, dict[str, str]] = {
    "coverage-activities": {
        "target": DOCUMENT,
        "start": "2013",
        "end": "2023",
        "level": "district",
    },
    "lineage-model-reviews": {"directive": DOCUMENT},
    "export-lineage": {"root": DOCUMENT},
}


@pytest.mark.parametrize(
    "name",
    [
        "coverage-activities",
        "export-lineage",
        "lineage-edges",
        "lineage-model-reviews",
        "materialise-lineage",
    ],
)
def test_no_system_query_repeats_a_row(multi, name):
    table = run(system_query(name), multi, SYSTEM_PARAMS.get(name, {}))
    assert table.rows
    assert repeated([tuple(row) for row in table.rows]) == {}


@pytest.mark.parametrize("name", ["stats-classes", "stats-graphs"])
def test_statistics_count_each_thing_once(multi, name):
    table = multi.select(system_query(name).text, union=False)
    assert repeated([tuple(row) for row in table.rows]) == {}


def test_things_are_counted_once_per_class(multi):
    table = multi.select(system_query("stats-classes").text, union=False)
    counts = {row[0].value.rpartition("#")[2]: int(row[2].value) for row in table.rows}
    # two conferences, one model, one award, two documents, though stated 2-3 times
    assert (counts["Event"], counts["Model"], counts["Award"], counts["Document"]) == (2, 1, 1, 2)


# ---------------------------------------------------------------- the expected rows, once


def test_reviews_of_25_nq_tw_once(multi):
    found = rows(multi, "reviews-of-directive", directive=DOCUMENT)
    assert [
        (
            row["event_key"],
            row["date"],
            row["place_name"],
            row["organiser_name"],
            row["reviewed_key"],
            row["review_kind"],
            row["period_start"],
            row["period_end"],
            row["figures"],
            row["awards"],
        )
        for row in found
    ] == [
        (
            INTERIM,
            "2018-12-20",
            "Huyện Lý Nhân",
            "Huyện ủy Lý Nhân",
            PLAN,
            "https://w3id.org/danvan/vocab/reviewkind/interim-review",
            "2013",
            "2018",
            None,
            None,
        ),
        (
            CONFERENCE,
            "2023-06-28",
            "Huyện Lý Nhân",
            "Huyện ủy Lý Nhân",
            DOCUMENT,
            "https://w3id.org/danvan/vocab/reviewkind/final-review",
            "2013",
            "2023",
            "models-recognised = 120; models-registered = 150",
            "Giấy khen (6 tập thể, 10 cá nhân)",
        ),
    ]


def test_awards_models_and_figures_once(multi):
    assert [row["award_key"] for row in rows(multi, "awards-for", directive=DOCUMENT)] == [AWARD]
    for target in (DOCUMENT, "dan-van-kheo"):
        assert [row["model_key"] for row in rows(multi, "models-under", target=target)] == [MODEL]
    assert sorted(row["figure_key"] for row in rows(multi, "figures")) == [
        "ly-nhan-2013-2023-models-recognised",
        "ly-nhan-2013-2023-models-registered",
    ]
    (share,) = rows(multi, "registered-vs-recognised")
    assert (share["as_text"], share["percent"]) == ("120 of 150", "80")
    assert [
        (row["district_name"], row["field_name"], row["models"])
        for row in rows(multi, "models-per-field")
        if row["models"] != "0"
    ] == [("Huyện Lý Nhân", "Kinh tế", "1")]


def test_reviews_counted_once(multi):
    assert [
        (row["event_key"], row["reviewed_key"], row["years_after"])
        for row in rows(multi, "review-periods")
    ] == [(INTERIM, PLAN, "0"), (CONFERENCE, DOCUMENT, "0")]
    assert [
        (row["year"], row["events"], row["reviews"], row["of_documents"])
        for row in rows(multi, "reviews-per-year")
    ] == [("2018", "1", "1", "1"), ("2023", "1", "1", "1")]


def test_participations_once(multi):
    assert [
        (row["event_key"], row["participant_name"], row["role"], row["post_role"], row["post_in"])
        for row in rows(multi, "officials-at-conferences")
        if row["participant_name"] == "Trần Thị Thu Hương"
    ] == [
        (
            INTERIM,
            "Trần Thị Thu Hương",
            "https://w3id.org/danvan/vocab/partrole/chair",
            "https://w3id.org/danvan/vocab/role/secretary",
            "Huyện ủy Lý Nhân",
        ),
        (
            CONFERENCE,
            "Trần Thị Thu Hương",
            "https://w3id.org/danvan/vocab/partrole/chair",
            "https://w3id.org/danvan/vocab/role/secretary",
            "Huyện ủy Lý Nhân",
        ),
    ]
    assert [(row["event_key"], row["body"]) for row in rows(multi, "higher-level-attendance")] == [
        (CONFERENCE, "Ban Dân vận Tỉnh ủy Hà Nam")
    ]


def test_lineage_queries_once(multi):
    assert [
        (row["document_key"], row["parent_key"], row["issuer_name"])
        for row in rows(multi, "lineage", directive=DOCUMENT)
    ] == [(PLAN, DOCUMENT, "Huyện ủy Lý Nhân")]
    assert [
        (row["document_key"], row["parent_key"])
        for row in rows(multi, "lineage-edges", directive=DOCUMENT)
    ] == [(PLAN, DOCUMENT)]
    assert [
        (row["via"], row["document_key"], row["steps"])
        for row in rows(multi, "upstream-chain", item=CONFERENCE)
    ] == [("reviews", DOCUMENT, "0")]
    assert [
        (row["via"], row["document_key"], row["steps"])
        for row in rows(multi, "upstream-chain", item=PLAN)
    ] == [("is", PLAN, "0"), ("is", DOCUMENT, "1")]


def test_coverage_queries_once(multi):
    covered = [
        row["name"]
        for row in rows(multi, "coverage", **PARAMS["coverage"])
        if row["covered"] == "true"
    ]
    assert covered == ["Huyện Lý Nhân"]
    (province,) = rows(multi, "coverage-2025", **PARAMS["coverage-2025"])
    assert (province["name"], province["districts"], province["covered_districts"]) == (
        "Tỉnh Ninh Bình",
        "6",
        "1",
    )
    assert [row["name"] for row in rows(multi, "units-2025")] == ["Huyện Lý Nhân"]


def test_statement_sources_one_row_per_source(multi):
    identifiers = [
        row["graph"]
        for row in rows(multi, "statement-sources", subject=DOCUMENT)
        if row["property"] == DV + "identifier"
    ]
    assert sorted(identifiers) == [
        "https://w3id.org/danvan/graph/source/test-ly-nhan-2023-a",
        "https://w3id.org/danvan/graph/source/test-ly-nhan-2023-b",
        "https://w3id.org/danvan/graph/source/test-reference-nq-25-tw-2013",
    ]


# ---------------------------------------------------------------- the views


def test_lineage_view_lists_each_conference_once(multi):
    tree = lineage(multi, "25-NQ/TW")
    (plan,) = tree.find(PLAN)
    assert [c.key for c in tree.root.conferences] == [CONFERENCE]
    assert [c.key for c in plan.conferences] == [INTERIM]
    assert [a.key for a in tree.root.awards] == [AWARD]
    assert [m.key for m in tree.root.models] == [MODEL]
    assert tree.root.conferences[0].figures == [
        "models-recognised = 120",
        "models-registered = 150",
    ]
    text = tree.render()
    assert text.count(f"Hội nghị {CONFERENCE}") == 1
    assert text.count(f"Hội nghị {INTERIM}") == 1
    assert text.count("Dân vận khéo trong xây dựng nông thôn mới kiểu mẫu") == 1


def test_coverage_view_counts_each_activity_once(multi):
    table = coverage(multi, "25-NQ/TW", period=(2013, 2023), province="Hà Nam")
    (ly_nhan,) = table.covered
    assert (ly_nhan.name, ly_nhan.events, ly_nhan.documents, ly_nhan.first, ly_nhan.last) == (
        "Huyện Lý Nhân",
        2,
        1,
        "2013-08-15",
        "2023-06-28",
    )
    assert (table.totals.covered, table.totals.total) == (1, 6)
    assert repeated([tuple(row.values()) for row in table.to_rows()]) == {}


def test_cli_reviews_of_25_nq_tw_once(tmp_path, capsys):
    # The command, on a store built on disk.
    store, _ = build(tmp_path / "store", data_dir=FIXTURE)
    store.close()
    args = ["query", "run", "reviews-of-directive", "--param", f"directive={DOCUMENT}"]
    assert main([*args, "--format", "csv", "--store", str(tmp_path / "store")]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3  # the header and one row per review
    assert sum(CONFERENCE in line for line in lines) == 1


# ---------------------------------------------------------------- many sources, in time

# Every catalogue query on the fixture with the district portal's article stated by four
# more sources (six graphs state the conference): each lookup multiplies the rows by 6,
# and before the lookups were made distinct step by step some queries ran for minutes
# (reviews-of-directive over 10, models-under 40 s, awards-for and figures over 30 s).
# In a process of its own, so that a query that runs away fails the test instead of
# hanging it: forked from this one (the package imported, the gazetteer's quads read),
# where a fresh interpreter spent two of its three seconds starting.
MANY_SOURCES_SECONDS = 120


def _every_query_once(data: Path, problems: Connection) -> None:
    """In the forked process: build ``data``, run every catalogue query, send back what
    went wrong (an empty list: nothing)."""
    found: list[str] = []
    try:
        store, _ = build(None, data_dir=data)
        for name, query in sorted(catalogue().items()):
            rows = [tuple(row) for row in run(query, store, PARAMS.get(name, {})).rows]
            if len(rows) != len(set(rows)):
                found.append(f"{name}: {len(rows)} rows, {len(set(rows))} distinct")
    except BaseException as error:  # the parent reports it; the child must end either way
        found.append(f"{type(error).__name__}: {error}")
    problems.send(found)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (not Windows)"
)
def test_many_sources_stay_fast(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    article = (FIXTURE / "sources" / "ly-nhan-2023-b.yaml").read_text(encoding="utf-8")
    for copy in "cdef":
        (data / "sources" / f"ly-nhan-2023-{copy}.yaml").write_text(
            article.replace("key: test-ly-nhan-2023-b", f"key: test-ly-nhan-2023-{copy}").replace(
                'title: "Lý Nhân:', f'title: "({copy}) Lý Nhân:'
            ),
            encoding="utf-8",
        )
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_every_query_once, args=(data, sending))
    child.start()
    sending.close()
    try:
        finished = receiving.poll(MANY_SOURCES_SECONDS)  # an answer, or the child's end
        problems = receiving.recv() if finished else None
    except EOFError:
        child.join()
        problems = [f"the process ended (exit code {child.exitcode}) without an answer"]
    finally:
        child.kill()  # nothing to do when it has answered and ended
        child.join()
    assert finished, f"the catalogue queries took more than {MANY_SOURCES_SECONDS} s"
    assert problems == []


# ---------------------------------------------------------------- the same on a server


def with_units_used(store: Store) -> Store:
    """``store`` with only the part of its gazetteer the records use: the units they name
    and every unit those lie within (pushing the whole 150k quads takes seconds)."""
    gazetteer = "https://w3id.org/danvan/graph/gazetteer"
    lean = Store.embedded()
    lean.extend(
        quad for name in store.named_graphs() if name != gazetteer for quad in store.quads(name)
    )
    wanted = {q.object for q in lean.quads() if isinstance(q.object, ox.NamedNode)}
    seen: set[ox.NamedNode] = set()
    while wanted - seen:
        unit = (wanted - seen).pop()
        seen.add(unit)
        quads = store.quads_for_pattern(unit, None, None, ox.NamedNode(gazetteer))
        for quad in quads:
            lean.extend([quad])
            if quad.predicate.value.endswith("#within"):
                wanted.add(quad.object)
    return lean


@pytest.mark.server
def test_same_answers_on_a_server(multi, tmp_path):
    """Every catalogue query, pointed at the things stated several times, gives the same
    rows on ``oxigraph serve --union-default-graph`` (whose union keeps duplicates too)."""
    from oxigraph_server import start_oxigraph, stop  # the parity tests' server

    local = with_units_used(multi)
    assert 0 < sum(1 for _ in local.quads("https://w3id.org/danvan/graph/gazetteer")) < 10_000
    server = start_oxigraph(tmp_path / "db")
    try:
        remote = server.remote()
        push(local, remote)
        for name, query in sorted(catalogue().items()):
            params = PARAMS.get(name, {})
            expected = run(query, local, params)
            got = run(query, remote, params)
            ordered = "ORDER BY" in " ".join(query.text.upper().split())
            assert got.columns == expected.columns, name
            assert canonical_rows(got, ordered) == canonical_rows(expected, ordered), name
            assert repeated([tuple(row) for row in got.rows]) == {}, name
    finally:
        stop(server)
