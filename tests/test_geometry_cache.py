"""The map's outlines are kept in the cache folder: a later process reads what an earlier
one computed, and a cache that is damaged, stale or turned off changes nothing but time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely

from danvan_kg.charts import geometry
from danvan_kg.gazetteer_store import CACHE_VARIABLE


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """An empty cache folder, and unit_cells forgetting what this process computed."""
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    geometry.unit_cells.cache_clear()
    yield tmp_path
    geometry.unit_cells.cache_clear()


def entries(folder: Path) -> list[str]:
    return sorted(path.name.rsplit("-", 2)[1] + "-" + path.name.rsplit("-", 1)[1]
                  for path in folder.glob("outlines-*.json"))  # fmt: skip


def same(left: dict[str, object], right: dict[str, object]) -> bool:
    return list(left) == list(right) and all(
        shapely.equals_exact(left[iri], right[iri], tolerance=0) for iri in left
    )


def test_what_one_process_computes_the_next_reads(fresh: Path) -> None:
    computed = geometry.unit_cells("new", "province")
    assert entries(fresh) == ["new-province.json"]
    geometry.unit_cells.cache_clear()  # as a new process would
    read = geometry.unit_cells("new", "province")
    assert read is not computed
    assert same(read, computed)
    assert len(read) == 34

    # And it is the file that is read, not the map made again: an entry written by hand
    # is what comes back.
    (entry,) = fresh.glob("outlines-*.json")
    iri = next(iter(read))
    point = shapely.to_wkb(shapely.Point(105.8, 21.0), hex=True)
    entry.write_text(f'{{"iris": ["{iri}"], "wkb": ["{point}"]}}', encoding="utf-8")
    geometry.unit_cells.cache_clear()
    assert geometry.unit_cells("new", "province") == {iri: shapely.Point(105.8, 21.0)}


def test_a_damaged_entry_is_computed_again_and_replaced(fresh: Path) -> None:
    computed = geometry.unit_cells("new", "province")
    (entry,) = fresh.glob("outlines-*.json")
    entry.write_text('{"iris": ["x"], "wkb": ["not wkb"]}', encoding="utf-8")
    geometry.unit_cells.cache_clear()
    assert same(geometry.unit_cells("new", "province"), computed)
    geometry.unit_cells.cache_clear()
    entry.write_text("{", encoding="utf-8")  # half a file
    assert same(geometry.unit_cells("new", "province"), computed)
    assert '"wkb"' in entry.read_text(encoding="utf-8")[:40_000]


def test_entries_of_another_version_are_removed(fresh: Path) -> None:
    stale = fresh / "outlines-000000000000000000000000-new-province.json"
    stale.write_text("{}", encoding="utf-8")
    other_level = fresh / "outlines-000000000000000000000000-old-district.json"
    other_level.write_text("{}", encoding="utf-8")
    geometry.unit_cells("new", "province")
    assert not stale.exists()
    assert other_level.exists()  # another map's entry is that map's to replace


def test_with_the_cache_off_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    geometry.unit_cells.cache_clear()
    try:
        assert len(geometry.unit_cells("new", "province")) == 34
    finally:
        geometry.unit_cells.cache_clear()
    assert list(tmp_path.rglob("*")) == []


def test_a_folder_that_cannot_be_written_never_fails_a_map(fresh: Path) -> None:
    blocked = fresh / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_VARIABLE, str(blocked))
        assert len(geometry.unit_cells("new", "province")) == 34
