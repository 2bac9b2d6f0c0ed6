"""Shared fixtures: the graph of the shipped records, built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_kg.build import build
from danvan_kg.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """The shipped records built into an on-disk store, as `danvan build` does."""
    path = tmp_path_factory.mktemp("built") / "store"
    store, _ = build(path)
    yield store, path
    store.close()


@pytest.fixture(scope="session")
def graph(built: tuple[Store, Path]) -> Store:
    return built[0]


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store, in memory and on disk: what works on one must work on both."""
    opened = Store.embedded(None if request.param == "memory" else tmp_path / "store")
    yield opened
    opened.close()


def corpus_text(name_prefix: str) -> str:
    """A whole source article from shared/corpus, or skip where that folder is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the source articles are not here ({CORPUS} is absent)")
    matches = sorted(CORPUS.glob(f"{name_prefix}*.txt"))
    if not matches:
        pytest.skip(f"no article {name_prefix}* in {CORPUS}")
    return matches[0].read_text(encoding="utf-8")
