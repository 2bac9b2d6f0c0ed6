"""The synthetic data generator: deterministic, in the record format, builds for real."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from danvan_kg import synth
from danvan_kg.build import BuildReport
from danvan_kg.records import read_record_file
from danvan_kg.stores import Store
from danvan_kg.validate import Finding, turbo_available, validate_files

SCALE = 0.003  # a few source files: the fixed part (63 provinces, 696 districts) is always there


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*.yaml"))
    }


@pytest.fixture(scope="module")
def written(synthetic: Path) -> Path:
    """The session's synthetic dataset: SCALE, seed 7 (test_same_seed_same_bytes checks)."""
    return synthetic


@pytest.mark.xdist_group("synthetic")  # one worker writes the dataset
def test_same_seed_same_bytes(written: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    synth.write_dataset(again, SCALE, seed=7)
    assert digest(again) == digest(written)


@pytest.mark.xdist_group("synthetic")  # one worker writes the dataset
def test_different_seed_differs(written: Path) -> None:
    # The files write_dataset would write for seed 8 (each is dump(record) of what
    # dataset() yields: test_same_seed_same_bytes), made one at a time and compared as they
    # come: the first that differs answers, where writing all of them took ~0.6 s of CPU.
    whole = digest(written)
    names = set()
    differs = False
    for relative, record in synth.dataset(SCALE, seed=8):
        names.add(relative)
        made = hashlib.sha256(synth.dump(record).encode("utf-8")).hexdigest()
        if whole.get(relative) != made:
            differs = True
            break
    assert differs or names != set(whole)


@pytest.mark.xdist_group("synthetic")  # one worker writes the dataset
def test_covers_every_old_province_and_district(written: Path) -> None:
    provinces = synth.geography()
    assert len(provinces) == 63
    assert sum(len(p.districts) for p in provinces) == 696
    assert len(list((written / "reference").glob("p*.yaml"))) == 63
    assert list((written / "sources").glob("*.yaml"))


@pytest.fixture(scope="module")
def read_files(written: Path) -> dict[Path, dict[str, Any]]:
    """Every file of the dataset and what read_record_file makes of it: read once for
    the two tests that read them all (a second of YAML each time)."""
    return {path: read_record_file(path) for path in sorted(written.rglob("*.yaml"))}


@pytest.mark.xdist_group("synthetic")  # one worker writes the dataset
def test_every_file_passes_read_record_file(read_files: dict[Path, dict[str, Any]]) -> None:
    for content in read_files.values():  # read_record_file(path) for every file
        assert content["format"] == "danvan-record/1"


@pytest.mark.xdist_group("synthetic")
def test_builds_with_expected_counts_per_class(
    read_files: dict[Path, dict[str, Any]], synthetic_built: tuple[Store, BuildReport]
) -> None:
    store, report = synthetic_built  # build(None, data_dir=written)
    files = list(read_files.values())  # read_record_file(path) for every file of written

    def count(section: str) -> int:
        return sum(len(content.get(section, [])) for content in files)

    expected = {
        "Event": count("events"),
        "Model": count("models"),
        "Award": count("awards"),
        "Figure": count("figures"),
        "Organisation": count("organisations"),
        "Person": count("people"),
        "Document": count("documents"),
        "Review": sum(
            len(event["reviews"]) for content in files for event in content.get("events", [])
        ),
    }
    for name, number in expected.items():
        table = store.select(
            f"SELECT (COUNT(DISTINCT ?thing) AS ?n) WHERE {{ ?thing a/rdfs:subClassOf* dv:{name} }}"
        )
        assert int(table.rows[0][0].value) == number, name
    assert expected["Event"] > 0 and expected["Model"] > 0
    # Lineage is materialised: every provincial directive derives from its central document.
    table = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?doc dv:derivesFrom ?central . "
        "?central dv:recordKey 'kl-114-tw-2015' }"
    )
    assert int(table.rows[0][0].value) >= 63 * 2 + 696
    assert report.quads > 150_000


# --------------------------------------------------------------------------- consistency


@pytest.fixture(scope="module")
def gazetteer_only(empty_graph: Store) -> Store:
    """Ontology and gazetteer, no record: the synthetic set is the whole batch."""
    return empty_graph


def findings(folder: Path, store: Store) -> list[Finding]:
    """Every finding of ``danvan validate`` on all the files at once, at any severity."""
    report = validate_files(sorted(folder.rglob("*.yaml")), store)
    return report.findings


# pySHACL needs minutes for the national fixed part's ~9,000 focus nodes, turbo about
# thirteen seconds; three provinces' slice takes a second or two. A slice is byte for byte
# that part of the national set (test_province_slice_is_the_national_data), and what
# only the whole set can break — keys unique across provinces — its build checks
# (test_builds_with_expected_counts_per_class).
@pytest.mark.skipif(not turbo_available(), reason="pyshacl-turbo is not installed")
def test_national_set_passes_validation(tmp_path: Path, gazetteer_only: Store) -> None:
    # Realistic data is consistent: no violation, and no warning or info either (lineage
    # dated after its parents, reviews after their periods end, one count per scope).
    part = tmp_path / "part"
    synth.write_dataset(part, SCALE, seed=7, provinces=("01", "35", "79"))
    assert (part / "reference" / "central.yaml").exists()
    assert len(list((part / "sources").glob("*.yaml"))) >= 3
    assert [f"{f.record}: {f.message_en}" for f in findings(part, gazetteer_only)] == []


def test_busy_provinces_pass_validation(tmp_path: Path, gazetteer_only: Store) -> None:
    # Several conferences per district-year, reviews of a year held in it and early the
    # next, districts without communes (Côn Đảo): what a national set at S < 1 rarely has.
    folder = tmp_path / "busy"
    synth.write_dataset(folder, 2.5, seed=3, provinces=("35", "77"))
    assert len(list((folder / "sources").glob("*.yaml"))) == 2 * len(synth.YEARS)
    assert [f"{f.record}: {f.message_en}" for f in findings(folder, gazetteer_only)] == []


@pytest.mark.xdist_group("synthetic")  # one worker writes the dataset
def test_province_slice_is_the_national_data(written: Path, tmp_path: Path) -> None:
    part = tmp_path / "part"
    synth.write_dataset(part, SCALE, seed=7, provinces=("35",))
    whole = digest(written)
    assert digest(part).items() <= whole.items()
    assert "reference/p35.yaml" in digest(part)


def test_scale_must_not_be_negative() -> None:
    with pytest.raises(ValueError):
        list(synth.dataset(-1))
