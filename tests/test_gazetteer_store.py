"""The cached gazetteer store that on-disk builds start from: the same graph as a build
without it, made again when damaged or stale, never a reason for a build to fail."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest

from danvan_kg import gazetteer_store
from danvan_kg.build import build
from danvan_kg.gazetteer_store import CACHE_VARIABLE, start_from_gazetteer
from danvan_kg.vocab import GAZETTEER_GRAPH


def _quads(location: Path) -> set[bytes]:
    """Every quad of a build without records, as the lines of its N-Quads dump (each
    line a quad's str() and " ."): Oxigraph writes them, where a Python object and its
    str() per quad read from disk took half as long again."""
    store, _report = build(location, data_dir=location.parent / "no-records")
    with store:
        dumped = io.BytesIO()
        store.dump(dumped, "nquads")
    return set(dumped.getvalue().splitlines())


@pytest.fixture
def no_records(tmp_path: Path) -> Path:
    (tmp_path / "no-records").mkdir()
    return tmp_path


@pytest.fixture
def cache(gazetteer_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, holding a copy of the session's entry (making an
    entry takes seconds; copying one, milliseconds)."""
    start_from_gazetteer(tmp_path / "warm-up")  # makes the session's entry if need be
    own = tmp_path / "cache"
    # The gazetteer's entries only (the run's maps keep their outlines there too).
    shutil.copytree(gazetteer_cache, own, ignore=shutil.ignore_patterns("outlines-*"))
    monkeypatch.setenv(CACHE_VARIABLE, str(own))
    return own


def test_a_build_from_the_cache_holds_what_a_build_without_it_holds(
    no_records: Path, gazetteer_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    without = _quads(no_records / "without")
    assert not (no_records / "cache").exists()
    monkeypatch.setenv(CACHE_VARIABLE, str(gazetteer_cache))
    copied = _quads(no_records / "copied")
    assert len(without) > 150_000
    assert copied == without
    entries = [entry for entry in gazetteer_cache.iterdir() if entry.is_dir()]
    assert [entry.name.startswith("gazetteer-") for entry in entries] == [True]


def test_the_report_counts_the_copied_gazetteer(no_records: Path, cache: Path) -> None:
    store, report = build(no_records / "store", data_dir=no_records / "no-records")
    with store:
        assert report.graphs[GAZETTEER_GRAPH.value] == len(gazetteer_store.gazetteer_graph())
        assert report.quads == len(store)


def test_a_damaged_entry_is_not_used_and_is_made_again(no_records: Path, cache: Path) -> None:
    [entry] = cache.iterdir()
    for file in (entry / "store").iterdir():  # the files are there, their content is not
        if file.is_file():
            file.write_bytes(b"\0not a store")
    assert start_from_gazetteer(no_records / "b") is None  # fell back, entry removed
    assert not entry.exists()
    assert (no_records / "b").is_dir() and not any((no_records / "b").iterdir())
    assert start_from_gazetteer(no_records / "c") == len(gazetteer_store.gazetteer_graph())
    assert entry.is_dir()


def test_an_entry_without_its_closing_note_is_made_again(no_records: Path, cache: Path) -> None:
    # A process killed while making an entry leaves at most a ".making-" folder; an
    # entry whose note is missing is treated as unfinished.
    [entry] = cache.iterdir()
    (entry / "danvan-entry.json").unlink()
    killed = cache / ".making-killed"
    killed.mkdir()
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    assert start_from_gazetteer(no_records / "b") is not None
    assert (entry / "danvan-entry.json").is_file()
    assert not killed.exists()


def test_entries_of_another_version_are_removed(no_records: Path, cache: Path) -> None:
    [entry] = cache.iterdir()
    shutil.rmtree(entry)  # this version's entry must be made, which clears the others
    stale = cache / "gazetteer-0000stale0000"
    (stale / "store").mkdir(parents=True)
    assert start_from_gazetteer(no_records / "a") is not None
    assert not stale.exists()
    assert entry.is_dir()


def test_a_cache_that_cannot_be_written_never_fails_a_build(
    no_records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = no_records / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocker / "cache"))
    store, report = build(no_records / "store", data_dir=no_records / "no-records")
    with store:
        assert report.graphs[GAZETTEER_GRAPH.value] == len(gazetteer_store.gazetteer_graph())
        assert len(store) == report.quads


def test_the_cache_folder_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    assert gazetteer_store.cache_dir() is None
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    assert gazetteer_store.cache_dir() == tmp_path
    monkeypatch.delenv(CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer_store.cache_dir() == tmp_path / "xdg" / "danvan-kg"
