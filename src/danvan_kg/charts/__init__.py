"""Charts and a coverage map, drawn with matplotlib (PNG or SVG, by the file suffix).

- :func:`activity_per_year`: events (conferences, visits …) and documents issued per year;
- :func:`models_per_field`: "Dân vận khéo" models per field;
- :func:`coverage_heatmap`: unit × year, how many events about a directive or movement
  (or anything) each unit held;
- :func:`coverage_map`: a choropleth of the districts or provinces, coloured by how many
  events each held, on the old map or the 2025 one (:mod:`danvan_kg.charts.map`). The
  outlines are Voronoi cells of the gazetteer's coordinates clipped to Natural Earth's
  outline of the country (:mod:`danvan_kg.charts.geometry`): approximations, not legal
  boundaries. No map tiles, nothing downloaded.

matplotlib is imported inside the drawing functions (with the non-interactive Agg
backend), so importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from danvan_kg import lookup
from danvan_kg.errors import DanvanError, QueryError
from danvan_kg.lookup import resolve
from danvan_kg.stores import Store
from danvan_kg.vocab import code_label

ACTIVITY_QUERY = """
SELECT ?event ?date ?place ?of ?periodEnd WHERE {
  ?event a dv:Event .
  OPTIONAL { ?event dv:date ?date }
  OPTIONAL { ?event dv:place ?place }
  OPTIONAL {
    ?event dv:hasReview ?review . ?review dv:reviewOf ?of .
    OPTIONAL { ?review dv:periodEnd ?periodEnd }
  }
}
"""
DOCUMENTS_QUERY = "SELECT ?doc ?date WHERE { ?doc a dv:Document ; dv:dateIssued ?date }"
MODELS_QUERY = """
SELECT ?model ?field WHERE { ?model a dv:Model . OPTIONAL { ?model dv:field ?field } }
"""
# The fields in the order the chart shows them (their labels come from the vocabulary).
FIELD_ORDER = ("economy", "culture-society", "defence-security", "political-system")


class ChartError(DanvanError):
    """A chart that cannot be drawn (unknown kind, target, period or output)."""


@dataclass(frozen=True)
class Activity:
    """One event: when (year), where (unit IRI) and what it reviewed."""

    event: str
    year: int | None
    place: str | None
    about: frozenset[str]


def activities(store: Store) -> list[Activity]:
    """Every event with its year (date, else end of the period reviewed) and place."""
    rows: dict[str, dict[str, Any]] = {}
    for event, date, place, of, period_end in store.select(ACTIVITY_QUERY).rows:
        item = rows.setdefault(
            event.value, {"year": None, "place": None, "about": set(), "end": None}
        )
        if date is not None:
            item["year"] = int(date.value[:4])
        if place is not None and item["place"] is None:
            item["place"] = place.value
        if of is not None:
            item["about"].add(of.value)
        if period_end is not None and re.match(r"\d{4}", period_end.value):
            item["end"] = max(item["end"] or 0, int(period_end.value[:4]))
    return [
        Activity(event, item["year"] or item["end"], item["place"], frozenset(item["about"]))
        for event, item in sorted(rows.items())
    ]


def lineage_of(store: Store, target: str) -> set[str]:
    """The target's IRI with every document that derives from it."""
    root = resolve(store, target)
    table = store.select("SELECT ?doc ?root WHERE { ?doc dv:derivesFrom ?root }", {"root": root})
    return {root.value, *(row[0].value for row in table.rows)}


def parse_period(period: str | None) -> tuple[int, int] | None:
    """A period as :func:`danvan_kg.lookup.parse_period` reads it; a bad one is a
    :class:`ChartError` with the same message."""
    try:
        return lookup.parse_period(period)
    except QueryError as error:
        raise ChartError(error.code, **error.params) from error


def _selected(store: Store, target: str | None, period: str | None) -> list[Activity]:
    years = parse_period(period)
    wanted = lineage_of(store, target) if target else None
    chosen = []
    for activity in activities(store):
        if wanted is not None and not activity.about & wanted:
            continue
        if years and (activity.year is None or not years[0] <= activity.year <= years[1]):
            continue
        chosen.append(activity)
    return chosen


def _unit_of(iri: str) -> Any:
    """The gazetteer unit of a unit IRI (``…/unit/old/district/351``)."""
    from danvan_kg.gazetteer import Gazetteer

    match = re.search(r"/unit/(old|new)/(province|district|commune)/(\w+)$", iri)
    if not match:
        return None
    return Gazetteer.load().get(match.group(1), match.group(2), match.group(3))  # type: ignore[arg-type]


def roll_up(iri: str, level: str, epoch: str) -> Any:
    """The unit at ``level`` on map ``epoch`` that a place lies in (None if above it)."""
    from danvan_kg.gazetteer import Gazetteer

    unit = _unit_of(iri)
    if unit is None:
        return None
    gazetteer = Gazetteer.load()
    if epoch == "new":
        return gazetteer.new_province_of(unit) if level == "province" else None
    if level == "province":
        return gazetteer.province_of(unit)
    while unit is not None and unit.level != "district":
        if unit.level == "province":
            return None
        unit = gazetteer.parent(unit)
    return unit


# --------------------------------------------------------------------------- drawing


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"
    plt.rcParams["svg.hashsalt"] = "danvan-kg"
    # Text stays text in an SVG (searchable, selectable, translatable), not glyph paths.
    plt.rcParams["svg.fonttype"] = "none"
    return plt


def _save(figure: Any, path: Path) -> Path:
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ChartError("chart.suffix-unknown", path=str(path))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(
        path, dpi=120, bbox_inches="tight", metadata={"Date": None} if suffix == ".svg" else None
    )
    _pyplot().close(figure)
    return Path(path)


def activity_per_year(store: Store, path: Path) -> Path:
    """Bars: events held and documents issued per year."""
    plt = _pyplot()
    events = Counter(a.year for a in activities(store) if a.year)
    documents = Counter(int(row[1].value[:4]) for row in store.select(DOCUMENTS_QUERY).rows)
    years = sorted(set(events) | set(documents))
    if not years:
        raise ChartError("chart.nothing-dated")
    figure, axes = plt.subplots(figsize=(9, 4))
    span = list(range(years[0], years[-1] + 1))
    axes.bar(
        [y - 0.2 for y in span],
        [documents.get(y, 0) for y in span],
        width=0.4,
        label="Văn bản ban hành (documents issued)",
        color="#e6550d",
    )
    axes.bar(
        [y + 0.2 for y in span],
        [events.get(y, 0) for y in span],
        width=0.4,
        label="Hội nghị, sự kiện (events)",
        color="#9467bd",
    )
    axes.set_xlabel("Năm (year)")
    axes.set_ylabel("Số lượng (count)")
    axes.set_title("Hoạt động theo năm — activity per year")
    axes.set_xticks(span)
    axes.tick_params(axis="x", labelrotation=90)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend()
    return _save(figure, path)


def models_per_field(store: Store, path: Path) -> Path:
    """Horizontal bars: models per field (models with no field stated are counted apart)."""
    plt = _pyplot()
    counts = Counter(
        row[1].value.rsplit("/", 1)[-1] if row[1] is not None else "(không rõ)"
        for row in store.select(MODELS_QUERY).rows
    )
    fields = [*FIELD_ORDER, *sorted(set(counts) - set(FIELD_ORDER))]
    figure, axes = plt.subplots(figsize=(8, 3.5))
    axes.barh(
        [code_label("field", f, "vi") for f in fields],
        [counts.get(f, 0) for f in fields],
        color="#31a354",
    )
    axes.invert_yaxis()
    axes.set_xlabel("Số mô hình (models)")
    axes.set_title("Mô hình “Dân vận khéo” theo lĩnh vực — models per field")
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _save(figure, path)


def coverage_matrix(
    store: Store,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
) -> tuple[list[str], list[int], list[list[int]]]:
    """Unit names, years and the count of events per (unit, year)."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for activity in _selected(store, target, period):
        if activity.place is None or activity.year is None:
            continue
        unit = roll_up(activity.place, level, epoch)
        if unit is not None:
            counts[unit.full_name][activity.year] += 1
    years_range = parse_period(period)
    seen = sorted({year for counter in counts.values() for year in counter})
    if years_range:
        years = list(range(years_range[0], years_range[1] + 1))
    else:
        years = list(range(seen[0], seen[-1] + 1)) if seen else []
    units = sorted(counts)
    return units, years, [[counts[unit].get(year, 0) for year in years] for unit in units]


def coverage_heatmap(
    store: Store,
    path: Path,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
) -> Path:
    """Unit × year heatmap of the events about ``target`` (or every event)."""
    plt = _pyplot()
    units, years, matrix = coverage_matrix(store, target, level=level, epoch=epoch, period=period)
    if not units:
        if target:
            raise ChartError("chart.no-activity-for", target=target)
        raise ChartError("chart.no-activity")
    from matplotlib.ticker import MaxNLocator

    shown, units, matrix = _most_active(units, matrix, HEATMAP_ROWS)
    figure, axes = plt.subplots(
        figsize=(max(5, 0.6 * len(years) + 3), max(2.5, 0.3 * len(units) + 1.8))
    )
    highest = max((value for values in matrix for value in values), default=0) or 1
    image = axes.imshow(matrix, cmap="YlOrRd", aspect="auto", vmin=0, vmax=highest)
    axes.set_xticks(range(len(years)), [str(y) for y in years], rotation=90)
    axes.set_yticks(range(len(units)), units)
    axes.set_xlabel("Năm (year)")
    axes.set_ylabel(LEVEL_AXIS[level])
    for row, values in enumerate(matrix):
        for column, value in enumerate(values):
            if value:
                # Light text on the dark end of the scale, dark text elsewhere.
                colour = "white" if value > 0.6 * highest else "black"
                axes.text(
                    column, row, str(value), ha="center", va="center", fontsize=8, color=colour
                )
    title = "Hoạt động theo đơn vị và năm"
    if target:
        title += f" — {_target_label(store, target)}"
    if shown > len(units):
        count = len(units)
        title += f"\n{count} đơn vị nhiều hoạt động nhất trong {shown}"
        title += f" ({count} most active of {shown})"
    axes.set_title(title)
    bar = figure.colorbar(image, ax=axes, label="số sự kiện (events)")
    bar.locator = MaxNLocator(integer=True)  # counts: no 0.5 ticks
    bar.update_ticks()
    return _save(figure, path)


# A heatmap of every district of the country is 28,000 px tall: show the most active.
HEATMAP_ROWS = 60
LEVEL_AXIS = {"district": "Huyện (district)", "province": "Tỉnh (province)"}


def _most_active(
    units: list[str], matrix: list[list[int]], limit: int
) -> tuple[int, list[str], list[list[int]]]:
    """At most ``limit`` rows, the most active first kept in name order; and how many
    there were."""
    if len(units) <= limit:
        return len(units), units, matrix
    ranked = sorted(range(len(units)), key=lambda row: (-sum(matrix[row]), units[row]))[:limit]
    kept = sorted(ranked)
    return len(units), [units[row] for row in kept], [matrix[row] for row in kept]


def _target_label(store: Store, target: str) -> str:
    """The target as a reader knows it (its Vietnamese label), else as given."""
    try:
        node = resolve(store, target)
    except DanvanError:
        return target
    labels = store.select(
        "SELECT ?label WHERE { ?node rdfs:label ?label FILTER(LANG(?label) = 'vi') }"
        " ORDER BY ?label LIMIT 1",
        {"node": node},
    ).column("label")
    return labels[0] if labels and labels[0] else target


def coverage_map(
    store: Store,
    path: Path,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
) -> Path:
    """A choropleth of the activity per unit: see :mod:`danvan_kg.charts.map`."""
    from danvan_kg.charts.map import coverage_map as draw_map

    return draw_map(store, path, target, level=level, epoch=epoch, period=period)


CHARTS = {
    "activity": activity_per_year,
    "fields": models_per_field,
    "heatmap": coverage_heatmap,
    "map": coverage_map,
}


def draw(
    store: Store,
    kind: str,
    path: Path,
    *,
    target: str | None = None,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
) -> Path:
    """Draw chart ``kind`` (``activity``, ``fields``, ``heatmap``, ``map``) into ``path``."""
    if kind not in CHARTS:
        raise ChartError("chart.kind-unknown", kind=kind, known=", ".join(CHARTS))
    if kind in ("heatmap", "map"):
        return CHARTS[kind](store, path, target, level=level, epoch=epoch, period=period)
    return CHARTS[kind](store, path)
