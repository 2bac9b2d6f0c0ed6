"""A document's IRI is a function of what is known of it, not of the order in which the
files were added (issue 13, "Identity"): 25-NQ/TW known by its term in one article and by
its date in another became …/nq-25-khoa-xi or …/nq-25-2013 depending on which came first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from danvan_kg.stores import Store
from danvan_kg.validate import add_files

DOCUMENT = "https://w3id.org/danvan/id/document/ban-chap-hanh-trung-uong/nq-25-2013"
BY_TERM = "https://w3id.org/danvan/id/document/ban-chap-hanh-trung-uong/nq-25-khoa-xi"
GRAPHS = [
    "https://w3id.org/danvan/graph/source/test-nq25-by-term",
    "https://w3id.org/danvan/graph/source/test-nq25-by-date",
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """Two articles about 25-NQ/TW: one knows its term (khóa XI), the other its date, and
    the plan of a province that carries it out."""
    by_term = tmp_path / "by-term.yaml"
    by_term.write_text(
        "format: danvan-record/1\n"
        "source: {key: test-nq25-by-term, kind: article, title: Bài thử một}\n"
        "documents:\n"
        "  - {key: nq-25-tw, identifier: 25-NQ/TW, issuer: ban-chap-hanh-trung-uong,"
        " term: XI, title: về tăng cường và đổi mới công tác dân vận}\n",
        encoding="utf-8",
    )
    by_date = tmp_path / "by-date.yaml"
    by_date.write_text(
        "format: danvan-record/1\n"
        "source: {key: test-nq25-by-date, kind: article, title: Bài thử hai}\n"
        "documents:\n"
        "  - {key: nq-25-tw, identifier: 25-NQ/TW, issuer: ban-chap-hanh-trung-uong,"
        " date: 2013-06-03}\n"
        "  - {key: kh-thu-nq25, identifier: 10-KH/TU, issuer: tinh-uy-ha-nam,"
        " date: 2013-09-01, carries_out: [nq-25-tw]}\n",
        encoding="utf-8",
    )
    return by_term, by_date


def added(store: Store, *batches: list[Path]) -> list[str]:
    for batch in batches:
        result = add_files(batch, store, accept_warnings=True)
        assert result.added, [f.message_en for f in result.validation.findings]
    return sorted(str(quad) for graph in GRAPHS for quad in store.quads(graph))


def test_the_iri_does_not_depend_on_the_order_files_come_in(
    graph_copy: Callable[[Path | None], Store], files: tuple[Path, Path], tmp_path: Path
) -> None:
    by_term, by_date = files
    # Copies on disk: their table files are hard links (a hundredth of a second, where an
    # in-memory copy puts 157k quads through Python); where the store is does not matter.
    term_first = added(graph_copy(tmp_path / "term-first"), [by_term], [by_date])
    date_first = added(graph_copy(tmp_path / "date-first"), [by_date], [by_term])
    together = added(graph_copy(tmp_path / "together"), [by_term, by_date])
    assert term_first == date_first == together
    assert any(DOCUMENT in quad for quad in term_first)
    assert not any(BY_TERM in quad for quad in term_first)


def test_the_earlier_source_is_rewritten_in_the_same_add(
    graph_copy: Callable[[Path | None], Store], files: tuple[Path, Path]
) -> None:
    by_term, by_date = files
    store = graph_copy(None)
    assert add_files([by_term], store, accept_warnings=True).added
    assert store.ask("ASK { ?d dv:recordKey 'nq-25-tw' }")
    assert BY_TERM in {q.subject.value for q in store.quads(GRAPHS[0])}
    result = add_files([by_date], store, accept_warnings=True)
    # Both sources were written: the new one, and the earlier one under the fuller IRI.
    assert set(result.written) == set(GRAPHS)
    assert not any(BY_TERM in str(quad) for quad in store.quads())
    plan = store.select(
        "SELECT ?document WHERE { ?plan dv:recordKey 'kh-thu-nq25' ; dv:carriesOut ?document }"
    )
    assert plan.column("document") == [DOCUMENT]
