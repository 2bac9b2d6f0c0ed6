"""No input ends in an internal error (issue 12.7): record files mutated at random —
values of every type, unicode, structure, sizes, raw bytes — are validated and added;
the outcome is always 0, 1 or 2, and a refused add leaves the store as it was.

Hypothesis runs a fixed budget of examples, derandomized (the same examples on every
run), so the test takes the same time everywhere and a failure reproduces.
"""

from __future__ import annotations

import copy
import os
import resource
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan_kg.stores import Store
from danvan_kg.validate import add_files, validate_files

# One worker runs this module (tests/test_workers.py): its module fixtures are made
# once a run, not once on each worker its tests were dealt to.
pytestmark = pytest.mark.xdist_group("test_fuzz")

GOOD = Path(__file__).parent / "good_records" / "thanh-liem-2024-so-ket.yaml"
RECORD: dict[str, Any] = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
BUDGET = settings(
    max_examples=int(os.environ.get("DANVAN_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize="DANVAN_FUZZ_RANDOM" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Text a clerk or a scraper may bring: Vietnamese in NFC and NFD, control characters,
# markup, mojibake, long strings.
texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "Thuỳ",
            "Thu\u0300y",
            "<svg/onload=alert(1)>",
            "Tráº§n XuÃ¢n ThÃ nh",
            "a\x00b",
            "\u202e",
            "2024-02-31",
            "19-CT/TU",
            "x" * 30_000,
        ]
    ),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(document: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed record file a value sits."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(document, list):
        for position, value in enumerate(document):
            yield from paths(value, (*prefix, position))


PLACES = [place for place in paths(RECORD) if place]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """The good record with one to three places changed, removed or given a new field."""
    document = copy.deepcopy(RECORD)
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(PLACES))
        parent: Any = document
        try:
            for step in place[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "remove", "add"]))
            if action == "replace":
                parent[place[-1]] = draw(values)
            elif action == "remove":
                del parent[place[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=10))] = draw(values)
            else:
                parent.append(draw(values))
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier mutation changed the way there
    return document


def write(folder: Path, document: Any) -> Path:
    path = folder / "fuzzed.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@BUDGET
@given(document=mutated())
def test_validate_never_fails_inside(
    graph: Store, tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    path = write(tmp_path_factory.mktemp("fuzz"), document)
    report = validate_files([path], graph)
    assert report.exit_code in (0, 1, 2)
    assert peak_memory_mb() < MEMORY_CEILING_MB


def peak_memory_mb() -> float:
    """The test process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The worker holds the built stores (a few hundred MB); an input that made validation
# balloon (an alias bomb, a huge value copied into messages) would pass this bound.
MEMORY_CEILING_MB = 2048


@BUDGET
@given(data=st.binary(max_size=200), position=st.integers(0, 5000))
def test_raw_bytes_never_fail_inside(
    graph: Store, tmp_path_factory: pytest.TempPathFactory, data: bytes, position: int
) -> None:
    original = GOOD.read_bytes()
    path = tmp_path_factory.mktemp("fuzz") / "bytes.yaml"
    path.write_bytes(original[:position] + data + original[position:])
    report = validate_files([path], graph)
    assert report.exit_code in (0, 1, 2)


def snapshot(store: Store) -> list[str]:
    """Every quad but the gazetteer's (an add never writes it) and the store's size."""
    gazetteer = "https://w3id.org/danvan/graph/gazetteer"
    quads = [
        str(quad)
        for name in store.named_graphs()
        if name != gazetteer
        for quad in store.quads(name)
    ]
    return [str(len(store)), *sorted(quads)]


@pytest.fixture(scope="module")
def writable(curated_quads: list) -> Store:
    store = Store.embedded()
    store.extend(curated_quads)
    return store


@pytest.fixture(scope="module")
def known(writable: Store) -> dict[str, list[str]]:
    """The snapshot of ``writable`` as the last example left it, when that is known:
    nothing but the test below writes to the store, so after a refused add the snapshot
    taken to check it is the next example's "before" (a snapshot is 0.03 s of CPU, most
    of it counting the 157k quads); after an add that wrote it is taken again."""
    return {}


@settings(
    max_examples=25,
    deadline=None,
    derandomize="DANVAN_FUZZ_RANDOM" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=mutated())
def test_a_refused_add_changes_nothing(
    writable: Store,
    known: dict[str, list[str]],
    tmp_path_factory: pytest.TempPathFactory,
    document: dict[str, Any],
) -> None:
    path = write(tmp_path_factory.mktemp("fuzz"), document)
    before = known.pop("snapshot", None) or snapshot(writable)
    result = add_files([path], writable, accept_warnings=True, replace=True)
    assert result.exit_code in (0, 1, 2)
    if not result.added:
        after = known["snapshot"] = snapshot(writable)
        assert after == before


def test_the_fuzz_starts_from_a_record_that_passes(graph: Store, tmp_path: Path) -> None:
    # The mutations start from a record that passes (0), and a wrong type is unusable (2).
    assert validate_files([GOOD], graph).exit_code == 0
    unusable = copy.deepcopy(RECORD)
    unusable["events"][0]["date"] = ["not", "a", "date"]
    assert validate_files([write(tmp_path, unusable)], graph).exit_code == 2
