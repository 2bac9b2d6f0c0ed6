"""``danvan add`` keeps what it adds in the store's records folder, so that ``danvan
build`` makes it again; the file and the store are both written or neither, even when
the process is killed between the two (issue 13, "Data loss")."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.build import build
from danvan_kg.cli import main
from danvan_kg.records.folder import RecordsFolder
from danvan_kg.stores import Store
from danvan_kg.validate import add_files

TESTS = Path(__file__).parent
GOOD = TESTS / "good_records" / "thanh-liem-2024-so-ket.yaml"
KEY = "test-thanh-liem-2024-so-ket"
GRAPH = f"https://w3id.org/danvan/graph/source/{KEY}"


@pytest.fixture
def store_path(graph_copy: Callable[[Path | None], Store], tmp_path: Path) -> Path:
    """A copy of the built store at tmp_path/store (its records folder: tmp_path/records)."""
    graph_copy(tmp_path / "store").close()
    return tmp_path / "store"


def danvan(*args: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    if crash_at:
        env["DANVAN_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "danvan_kg.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def has_graph(store_path: Path) -> bool:
    with Store.embedded(store_path, read_only=True) as store:
        return GRAPH in store.named_graphs()


def test_add_keeps_the_file_and_a_rebuild_makes_it_again(store_path: Path) -> None:
    assert main(["add", str(GOOD), "--store", str(store_path)]) == 0
    kept = store_path.parent / "records" / "sources" / f"{KEY}.yaml"
    assert kept.read_bytes() == GOOD.read_bytes()
    # No --drop-unfiled needed: the records folder makes the added graph again.
    assert main(["build", "--store", str(store_path)]) == 0
    with Store.embedded(store_path, read_only=True) as rebuilt:
        assert GRAPH in rebuilt.named_graphs()
        assert len(list(rebuilt.quads(GRAPH))) > 50


def test_adding_the_same_file_again_keeps_one_copy(store_path: Path) -> None:
    records = store_path.parent / "records"
    assert main(["add", str(GOOD), "--store", str(store_path)]) == 0
    assert main(["add", str(GOOD), "--store", str(store_path)]) == 0
    assert [p.name for p in (records / "sources").iterdir()] == [f"{KEY}.yaml"]


def test_another_article_under_a_stored_key_is_refused_unless_replace(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", str(GOOD), "--store", str(store_path)]) == 0
    other = tmp_path / "other.yaml"
    other.write_text(
        GOOD.read_text(encoding="utf-8").replace("time_of_day: morning", "time_of_day: afternoon"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["add", str(other), "--store", str(store_path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"source '{KEY}' is already in the graph with other records" in out
    kept = store_path.parent / "records" / "sources" / f"{KEY}.yaml"
    assert kept.read_bytes() == GOOD.read_bytes()  # neither the file nor the store changed
    assert main(["add", str(other), "--store", str(store_path), "--replace"]) == 0
    assert kept.read_bytes() == other.read_bytes()


def test_the_api_refuses_a_reused_source_key_by_code(
    graph_copy: Callable[[Path | None], Store], tmp_path: Path
) -> None:
    store = graph_copy(tmp_path / "store")  # on disk: hard links, no 157k quads to copy
    # thanh-liem-2023 is a shipped source; this file claims its key for other records.
    reused = tmp_path / "reused.yaml"
    reused.write_text(
        GOOD.read_text(encoding="utf-8").replace(f"key: {KEY}", "key: thanh-liem-2023", 1),
        encoding="utf-8",
    )
    before = len(store)
    result = add_files([reused], store)
    assert not result.added
    # First, as it explains the rest: the shipped source's records are gone from view.
    assert result.validation.findings[0].code == "add.source-replaced"
    assert result.validation.findings[0].record == "source"
    # It says what replacing the stored source would remove, class by class.
    assert "replacing it would remove 3 dv:Award, " in result.validation.findings[0].message_en
    assert len(store) == before


@pytest.mark.parametrize(
    ("crash_at", "kept"), [("before-store-write", False), ("after-store-write", True)]
)
def test_a_crash_between_store_and_folder_leaves_both_agreeing(
    store_path: Path, crash_at: str, kept: bool
) -> None:
    killed = danvan("add", str(GOOD), "--store", str(store_path), crash_at=crash_at)
    assert killed.returncode == 137, killed.stderr
    records = RecordsFolder.beside(store_path)
    assert [p.name for p in records.pending()] == [f"{KEY}.yaml.pending"]
    assert has_graph(store_path) is kept  # the store's transaction decides
    # The next build (as `make demo` would) finishes the add or undoes it, then builds.
    build(store_path)[0].close()
    assert records.pending() == []
    assert (records.path_for(KEY).exists(), has_graph(store_path)) == (kept, kept)


def test_a_crashed_add_is_finished_by_the_next_add(store_path: Path) -> None:
    killed = danvan("add", str(GOOD), "--store", str(store_path), crash_at="after-store-write")
    assert killed.returncode == 137
    other = TESTS / "bad_records" / "missing-event-date.yaml"
    assert main(["add", str(other), "--store", str(store_path), "--accept-warnings"]) == 0
    records = RecordsFolder.beside(store_path)
    assert records.pending() == []
    assert len(records.paths()) == 2  # the crashed add's file and this one's
    assert records.path_for(KEY).read_bytes() == GOOD.read_bytes()


PLAN = "https://w3id.org/danvan/id/document/huyen-uy-thanh-liem/kh-52-2024"


def closure_has_the_plan(store_path: Path) -> bool:
    with Store.embedded(store_path, read_only=True) as store:
        return store.ask(
            "ASK { GRAPH dvg:inferred { ?plan dv:derivesFrom ?directive } }",
            {"plan": ox.NamedNode(PLAN)},
        )


@pytest.mark.parametrize("then", ["add", "build"])
def test_a_crash_before_the_closure_is_recomputed_by_the_next_command(
    store_path: Path, then: str
) -> None:
    # Killed after the store and the folder were written, before the lineage closure:
    # the new plan's lineage is missing from dvg:inferred, and the folder says so.
    killed = danvan("add", str(GOOD), "--store", str(store_path), crash_at="before-closure")
    assert killed.returncode == 137, killed.stderr
    records = RecordsFolder.beside(store_path)
    assert records.closure_stale() and records.pending() == []
    assert has_graph(store_path) and records.path_for(KEY).exists()
    assert not closure_has_the_plan(store_path)
    if then == "add":  # even one that is refused: recovery comes before anything else
        refused = TESTS / "bad_records" / "minh-long-as-stated.yaml"
        assert main(["add", str(refused), "--store", str(store_path)]) == 1
    else:
        build(store_path)[0].close()
    assert closure_has_the_plan(store_path)
    assert not records.closure_stale()
