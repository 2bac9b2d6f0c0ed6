"""``danvan add``: validate, then write all or nothing; adding twice leaves one copy."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.cli import main
from danvan_kg.stores import Store
from danvan_kg.validate import Severity, add_files

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_add")

TESTS = Path(__file__).parent
BAD = TESTS / "bad_records"
GOOD = TESTS / "good_records" / "thanh-liem-2024-so-ket.yaml"
GOOD_GRAPH = "https://w3id.org/danvan/graph/source/test-thanh-liem-2024-so-ket"
INFERRED = "https://w3id.org/danvan/graph/inferred"
GAZETTEER = "https://w3id.org/danvan/graph/gazetteer"


def snapshot(store: Store) -> bytes:
    """Every quad but the gazetteer's in a fixed order, and how many each graph holds:
    equal bytes means the same store.

    Adding writes source graphs and the inferred graph, never the gazetteer, whose ~150k
    quads take seconds to read back from disk; a stray write into it still changes its
    count, and a lost or doubled quad anywhere else changes the bytes. The counts are
    Oxigraph's own: the store's size and the default graph's (one scan each, in Rust),
    the other graphs' from their quads; the gazetteer's is what is left. That is the
    same information as a count per graph (a SPARQL GROUP BY over every quad, twice the
    time), so a store that differs in any count still gives other bytes."""
    total = len(store)  # every quad, the default graph's too
    [[default]] = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False).rows
    lines = [f"{total} quads".encode(), f"default graph {default.value}".encode()]
    named = store.named_graphs()
    graphs = {
        graph: sorted(str(quad).encode() for quad in store.quads(graph))
        for graph in named
        if graph != GAZETTEER
    }
    rest = total - int(default.value) - sum(map(len, graphs.values()))
    for graph in named:
        lines.append(f"{graph} {len(graphs[graph]) if graph in graphs else rest}".encode())
    for quads in graphs.values():
        lines.extend(quads)
    return b"\n".join(lines)


class SharedMemoryStore:
    """One in-memory copy of the curated graph for the whole module, put back as it was
    after every test that uses it.

    A fresh copy is 0.35 s of CPU (157k quads through Python), put back it is a few
    hundredths: an add writes source graphs and the inferred graph only, so every named
    graph but the gazetteer is compared with the copy's first state and any that differs
    is written again. Whether that gave the first state back is checked with
    :func:`snapshot` (every quad but the gazetteer's, and every graph's count); where it
    did not (a stray write into the gazetteer), the next test gets a fresh copy instead.
    Each test thus starts on a store equal to a fresh copy, as before.
    """

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.quads = quads
        self.store = self._fresh()
        self.first = snapshot(self.store)
        self.graphs = {
            graph: list(self.store.quads(graph))
            for graph in self.store.named_graphs()
            if graph != GAZETTEER
        }
        self.lines = {graph: sorted(map(str, quads)) for graph, quads in self.graphs.items()}

    def _fresh(self) -> Store:
        store = Store.embedded()
        store.extend(self.quads)
        return store

    def put_back(self) -> None:
        names = (set(self.store.named_graphs()) | set(self.graphs)) - {GAZETTEER}
        changed = [
            graph
            for graph in sorted(names)
            if sorted(map(str, self.store.quads(graph))) != self.lines.get(graph, [])
        ]
        if changed:
            self.store.replace_graphs({graph: [] for graph in changed})
            self.store.extend(quad for graph in changed for quad in self.graphs.get(graph, []))
        if snapshot(self.store) != self.first:
            self.store.close()
            self.store = self._fresh()


@pytest.fixture(scope="module")
def shared_memory(curated_quads: list[ox.Quad]) -> Iterator[SharedMemoryStore]:
    shared = SharedMemoryStore(curated_quads)
    yield shared
    shared.store.close()


@pytest.fixture
def memory_store(shared_memory: SharedMemoryStore) -> Iterator[Store]:
    """A copy of the curated graph in memory, as fresh (the module's one copy, put back
    after each test: :class:`SharedMemoryStore`). The tests of refused adds compare it
    before and after their own add too, so an add that wrote anyway still fails the test
    that made it (as test_fuzz's refused adds do)."""
    yield shared_memory.store
    shared_memory.put_back()


@pytest.fixture(params=["memory", "disk"])
def store(
    request: pytest.FixtureRequest, graph_copy: Callable[[Path | None], Store], tmp_path: Path
) -> Store:
    """A fresh copy of the curated graph, in memory and on disk (on disk the copy's table
    files are hard links, a hundredth of a second)."""
    if request.param == "memory":
        return request.getfixturevalue("memory_store")
    return graph_copy(tmp_path / "store")


def test_a_valid_record_is_added(store: Store) -> None:
    before = len(store)
    result = add_files([GOOD], store)
    assert result.added
    assert result.exit_code == 0
    assert result.written == {GOOD_GRAPH: len(list(store.quads(GOOD_GRAPH)))}
    assert len(store) == before + result.written[GOOD_GRAPH] + 1  # + the new lineage link
    event = "https://w3id.org/danvan/id/event/2024-12-10-thanh-liem-so-ket-dvk"
    assert store.ask(
        "ASK { ?event dv:reportedAt|^dv:reportedAt ?figure }", {"event": ox.NamedNode(event)}
    )


def test_the_lineage_closure_follows_the_new_document(store: Store) -> None:
    add_files([GOOD], store)
    ancestors = store.select(
        "SELECT ?plan ?ancestor WHERE { GRAPH dvg:inferred { ?plan dv:derivesFrom ?ancestor } }",
        {
            "plan": ox.NamedNode(
                "https://w3id.org/danvan/id/document/huyen-uy-thanh-liem/kh-52-2024"
            )
        },
    ).column("ancestor")
    assert ancestors == ["https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013"]


def test_adding_the_same_record_twice_leaves_one_copy(store: Store) -> None:
    assert add_files([GOOD], store).added
    once = snapshot(store)
    again = add_files([GOOD], store)
    assert again.added
    assert again.validation.findings == []  # its own earlier copy is not a duplicate source
    assert snapshot(store) == once


@pytest.mark.parametrize(
    "name",
    [
        "minh-long-as-stated.yaml",
        "breakdown-does-not-sum.yaml",
        "duplicate-source.yaml",
        "impossible-date.yaml",
        "unknown-unit.yaml",
        "missing-event-date.yaml",
    ],
)
def test_a_failed_add_leaves_the_store_exactly_as_it_was(memory_store: Store, name: str) -> None:
    before = snapshot(memory_store)
    result = add_files([BAD / name], memory_store)
    assert not result.added
    assert result.written == {}
    assert result.exit_code == (2 if result.validation.unusable else 1)
    assert snapshot(memory_store) == before


@pytest.mark.parametrize("name", ["minh-long-as-stated.yaml", "impossible-date.yaml"])
def test_a_failed_add_leaves_a_disk_store_exactly_as_it_was(
    graph_copy: Callable[[Path | None], Store], tmp_path: Path, name: str
) -> None:
    with graph_copy(tmp_path / "store") as store:
        before = snapshot(store)
        assert not add_files([BAD / name], store).added
        assert snapshot(store) == before
    with Store.embedded(tmp_path / "store") as reopened:
        assert snapshot(reopened) == before


def test_one_bad_file_keeps_the_good_ones_out_too(store: Store) -> None:
    before = snapshot(store)
    result = add_files([GOOD, BAD / "post-does-not-fit.yaml"], store)
    assert not result.added
    assert result.validation.count(Severity.VIOLATION) == 1
    assert snapshot(store) == before
    assert list(store.quads(GOOD_GRAPH)) == []


def test_warnings_alone_pass_only_when_accepted(store: Store) -> None:
    path = BAD / "missing-event-date.yaml"
    before = snapshot(store)
    refused = add_files([path], store)
    assert refused.validation.conforms
    assert refused.validation.count(Severity.WARNING) == 1
    assert (refused.added, refused.exit_code) == (False, 1)
    assert snapshot(store) == before
    accepted = add_files([path], store, accept_warnings=True)
    assert (accepted.added, accepted.exit_code) == (True, 0)
    assert snapshot(store) != before


def test_violations_are_never_accepted(store: Store) -> None:
    before = snapshot(store)
    result = add_files([BAD / "symbol-does-not-match-issuer.yaml"], store, accept_warnings=True)
    assert not result.added
    assert snapshot(store) == before


def test_records_added_are_checked_against_later_records(store: Store, tmp_path: Path) -> None:
    # Once the good record is in, the same article under another key is a duplicate.
    assert add_files([GOOD], store).added
    copy = GOOD.read_text(encoding="utf-8").replace(
        "key: test-thanh-liem-2024-so-ket", "key: test-again", 1
    )
    path = tmp_path / "copy.yaml"
    path.write_text(copy, encoding="utf-8")
    result = add_files([path], store)
    assert not result.added
    [finding] = [f for f in result.validation.findings if f.severity is Severity.VIOLATION]
    assert (finding.record, finding.field) == ("source", "title")
    assert (
        "already in the graph as source test-thanh-liem-2024-so-ket (same title, and publisher"
        in finding.message_en
    )


def test_an_added_store_survives_reopening(
    graph_copy: Callable[[Path | None], Store], tmp_path: Path
) -> None:
    location = tmp_path / "store"
    with graph_copy(location) as first:
        assert add_files([GOOD], first).added
        written = snapshot(first)
    with Store.embedded(location) as reopened:
        assert snapshot(reopened) == written
        assert len(list(reopened.quads(GOOD_GRAPH))) > 50


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def store_dir(graph_copy: Callable[[Path | None], Store], tmp_path: Path) -> Path:
    location = tmp_path / "cli-store"
    graph_copy(location).close()
    return location


def test_cli_add(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ["--store", str(store_dir)]
    assert main(["add", str(BAD / "award-decision-after-ceremony.yaml"), *store]) == 1
    out = capsys.readouterr().out
    assert "decision: [lỗi] Quyết định khen thưởng ban hành ngày 2024-05-20" in out
    assert out.endswith("Không ghi gì vào đồ thị.\n")
    assert main(["add", str(BAD / "date-not-iso.yaml"), "--lang", "en", *store]) == 2
    assert capsys.readouterr().out.endswith("Nothing was written.\n")
    assert main(["add", str(BAD / "undated-document.yaml"), "--lang", "en", *store]) == 1
    assert "add --accept-warnings to write anyway" in capsys.readouterr().out
    assert main(["add", str(GOOD), "--format", "json", *store]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] is True
    assert list(data["written"]) == [GOOD_GRAPH]
    assert main(["add", str(BAD / "undated-document.yaml"), "--accept-warnings", *store]) == 0
    assert "Đã ghi" in capsys.readouterr().out
    graphs = Store.embedded(store_dir, read_only=True).named_graphs()
    assert GOOD_GRAPH in graphs
    assert "https://w3id.org/danvan/graph/source/test-undated-document" in graphs
    assert "https://w3id.org/danvan/graph/source/test-award-decision-after-ceremony" not in graphs
    assert INFERRED in graphs


def test_cli_add_needs_a_built_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", str(GOOD), "--store", str(tmp_path / "nothing-here")]) == 2
    assert "make one with 'danvan build'" in capsys.readouterr().err
    assert not (tmp_path / "nothing-here").exists()


def _redescribe(folder: Path, identifier: str, extra: str = "") -> Path:
    """A new source that describes the stored document ``da-06-tu-bac-kan`` again."""
    path = folder / "redescribed.yaml"
    path.write_text(
        "format: danvan-record/1\n"
        "source: {key: test-redescribed, kind: article, title: Tin, published: 2024-01-02}\n"
        "documents:\n"
        f"  - {{key: da-06-tu-bac-kan, identifier: '{identifier}', "
        f"issuer: tinh-uy-bac-kan{extra}}}\n",
        encoding="utf-8",
    )
    return path


def test_a_stored_document_takes_the_fuller_iri_when_a_record_knows_more(
    memory_store: Store, tmp_path: Path
) -> None:
    # The stored 06-ĐA/TU has no year: its IRI ends in -undated. A later record that
    # knows the year agrees with it (nothing contradicts the stored facts), and the
    # document takes the IRI a rebuild of both files would give it; the stored source
    # that spoke of it is rewritten with that IRI (tests/test_identity_order.py).
    stored = "https://w3id.org/danvan/id/document/tinh-uy-bac-kan/da-6-undated"
    fuller = "https://w3id.org/danvan/id/document/tinh-uy-bac-kan/da-6-2019"
    assert memory_store.document_facts(stored)["issuer_code"] == "TU"
    result = add_files([_redescribe(tmp_path, "06-ĐA/TU", ", year: 2019")], memory_store)
    assert result.added, result.validation.findings
    assert "https://w3id.org/danvan/graph/source/cho-don-2020" in result.written
    assert memory_store.select(
        "SELECT DISTINCT ?d WHERE { ?d dv:recordKey 'da-06-tu-bac-kan' }"
    ).column("d") == [fuller]
    assert not list(memory_store.quads_for_pattern(ox.NamedNode(stored), None, None, None))


def test_a_record_that_contradicts_a_stored_document_is_refused(
    memory_store: Store, tmp_path: Path
) -> None:
    before = snapshot(memory_store)
    result = add_files([_redescribe(tmp_path, "07-ĐA/TU")], memory_store)
    assert not result.added
    findings = result.validation.findings
    assert [finding.code for finding in findings] == ["record.document-identified-twice"]
    assert "da-6-undated" in findings[0].message_en
    assert snapshot(memory_store) == before
