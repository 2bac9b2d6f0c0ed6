"""What every test of the run shares, the doctests of ``src/`` included: the run's own
folder, and in it the cache the package's on-disk builds and maps use (never the user's
own cache: ``danvan_kg.gazetteer_store``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_kg.gazetteer_store import CACHE_VARIABLE


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
