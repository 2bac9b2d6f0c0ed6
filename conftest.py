"""What every test of the run shares, the doctests of ``src/`` included: the run's own
folder, and in it the cache the package's on-disk builds and maps use (never the user's
own cache: ``danvan_kg.gazetteer_store``)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_kg.gazetteer_store import CACHE_VARIABLE


def pytest_configure(config: pytest.Config) -> None:
    """Python's cyclic garbage collector, run less often in the test processes.

    A worker holds large long-lived structures for the whole run (the gazetteer, the
    shared stores' quads, search indexes) and allocates millions of small objects
    besides, so with the default thresholds (700, 10, 10) it collected some 12,000 times
    a run and spent about 20 s of CPU (7 % of the workers') re-walking what lives on.
    Collecting after 50,000 allocations instead leaves about 200 collections and 7 s.
    No test depends on when a cycle is freed (what must be released is closed
    explicitly), so what the tests check is unchanged; the package itself keeps
    Python's defaults.
    """
    gc.set_threshold(50_000, 20, 50)


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base folder of this run, the same for every xdist worker.

    A worker's base folder is ``pytest-N/popen-gwK`` and the run's is its parent; without
    xdist the base folder is the run's own (its parent holds every earlier run, whose
    folders must never be taken for this one's).
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


@pytest.fixture(scope="session", autouse=True)
def gazetteer_cache(run_dir: Path) -> Iterator[Path]:
    folder = run_dir / "danvan-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_VARIABLE, str(folder))
        yield folder
