"""Charts and a coverage map, drawn with matplotlib (PNG or SVG, by the file suffix).

- :func:`activity_per_year`: events (conferences, visits …) and documents issued per year;
- :func:`models_per_field`: "Dân vận khéo" models per field;
- :func:`coverage_heatmap`: unit × year, how many activities on a directive or movement
  (or on any) each unit had;
- :func:`coverage_map`: a choropleth of the districts or provinces, coloured by how many
  activities each had, on the old map or the 2025 one (:mod:`danvan_kg.charts.map`). The
  outlines are Voronoi cells of the gazetteer's coordinates clipped to Natural Earth's
  outline of the country (:mod:`danvan_kg.charts.geometry`): approximations, not legal
  boundaries. No map tiles, nothing downloaded.

The heatmap and the map count what ``danvan coverage`` counts: the activities of
:func:`danvan_kg.views.coverage.coverage_activities` (events, documents and awards under
the relations of ``counting``, default :data:`~danvan_kg.queries.DEFAULT_COUNTING`), so a
unit's number on the map is its ``events + documents + awards`` in the coverage table
for the same period, level, map and counting. The queries the charts run themselves are
internal ones, ``queries/system/chart-*.rq``.

matplotlib is imported inside the drawing functions (with the non-interactive Agg
backend), so importing this module costs nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from danvan_kg import lookup
from danvan_kg.errors import DanvanError, QueryError
from danvan_kg.queries import run, system_query
from danvan_kg.stores import Store
from danvan_kg.views.coverage import CoverageActivity, counting_label, coverage_activities
from danvan_kg.vocab import code_label, code_of

# The fields in the order the chart shows them (their labels come from the vocabulary).
FIELD_ORDER = ("economy", "culture-society", "defence-security", "political-system")

Counting = str | Iterable[str] | None


class ChartError(DanvanError):
    """A chart that cannot be drawn (unknown kind, target, period or output)."""


def parse_period(period: str | None) -> tuple[int, int] | None:
    """A period as :func:`danvan_kg.lookup.parse_period` reads it; a bad one is a
    :class:`ChartError` with the same message."""
    try:
        return lookup.parse_period(period)
    except QueryError as error:
        raise ChartError(error.code, **error.params) from error


def activities(
    store: Store,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
    counting: Counting = None,
) -> list[CoverageActivity]:
    """The activities the heatmap and the map count: those of the coverage view
    (:func:`~danvan_kg.views.coverage.coverage_activities`), one per unit of ``level``
    on map ``epoch`` (the 2025 provinces on the new map) and record."""
    if epoch == "new" and level != "province":
        raise ChartError("chart.new-map-districts")
    return coverage_activities(
        store, target, period=parse_period(period), level=level, map=epoch, counting=counting
    )


def unit_counts(
    store: Store,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
    counting: Counting = None,
) -> Counter[str]:
    """Unit IRI → how many activities it had: the number the map colours, and the
    ``events + documents + awards`` of the unit's row in ``danvan coverage``."""
    found = activities(store, target, level=level, epoch=epoch, period=period, counting=counting)
    return Counter(activity.unit for activity in found)


@dataclass(frozen=True)
class TargetInfo:
    """What a chart says of its target: its label, and the units its issuer governs."""

    label: str
    territories: tuple[str, ...]


def target_info(store: Store, target: str) -> TargetInfo:
    """The target's Vietnamese label (else the target as given) and its issuer's
    territories (``system/chart-target``)."""
    rows = run(system_query("chart-target"), store, {"target": target}).values()
    labels = sorted(row["label"] for row in rows if row["label"])
    territories = sorted({row["territory"] for row in rows if row["territory"]})
    return TargetInfo(labels[0] if labels else target, tuple(territories))


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
    rows = run(system_query("chart-activity-per-year"), store).values()
    years_of = {
        kind: Counter(int(row["year"]) for row in rows if row["kind"] == kind and row["year"])
        for kind in ("event", "document")
    }
    events, documents = years_of["event"], years_of["document"]
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
    counts: Counter[str] = Counter()
    for row in run(system_query("chart-models-per-field"), store).values():
        field = row["field"]
        counts[(code_of(field) or field) if field else "(không rõ)"] += int(row["models"] or 0)
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
    counting: Counting = None,
) -> tuple[list[str], list[int], list[list[int]]]:
    """Unit names, years and the number of activities per (unit, year): each activity
    counted once per unit, in the year of its earliest date (so a row's total is the
    unit's number on the map and in ``danvan coverage``)."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    found = activities(store, target, level=level, epoch=epoch, period=period, counting=counting)
    for activity in found:
        counts[activity.unit][activity.year] += 1
    years_range = parse_period(period)
    seen = sorted({year for counter in counts.values() for year in counter})
    if years_range:
        years = list(range(years_range[0], years_range[1] + 1))
    else:
        years = list(range(seen[0], seen[-1] + 1)) if seen else []
    names = unit_names(counts)
    units = sorted(counts, key=lambda iri: (names[iri], iri))
    return (
        [names[unit] for unit in units],
        years,
        [[counts[unit].get(year, 0) for year in years] for unit in units],
    )


def unit_names(iris: Iterable[str]) -> dict[str, str]:
    """Unit IRI → its full name, with its province where two units share a name
    ("Huyện Châu Thành, Tỉnh Tiền Giang"); an IRI the gazetteer lacks stays itself."""
    from danvan_kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    units = {iri: gazetteer.unit_by_iri(iri) for iri in iris}
    names = {iri: unit.full_name if unit else iri for iri, unit in units.items()}
    twice = {name for name, count in Counter(names.values()).items() if count > 1}
    for iri, unit in units.items():
        if unit is not None and names[iri] in twice and unit.level != "province":
            names[iri] += f", {gazetteer.province_of(unit).full_name}"
    return names


def coverage_heatmap(
    store: Store,
    path: Path,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
    counting: Counting = None,
) -> Path:
    """Unit × year heatmap of the activities on ``target`` (or on any directive or
    movement) that ``counting`` counts, as :func:`coverage_matrix` counts them."""
    plt = _pyplot()
    units, years, matrix = coverage_matrix(
        store, target, level=level, epoch=epoch, period=period, counting=counting
    )
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
    axes.set_ylabel(LEVEL_AXIS["province" if epoch == "new" else level])
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
        title += f" — {target_info(store, target).label}"
    if shown > len(units):
        count = len(units)
        title += f"\n{count} đơn vị nhiều hoạt động nhất trong {shown}"
        title += f" ({count} most active of {shown})"
    axes.set_title(title)
    bar = figure.colorbar(image, ax=axes, label="số hoạt động (activities)")
    bar.locator = MaxNLocator(integer=True)  # counts: no 0.5 ticks
    bar.update_ticks()
    # What a cell counts, in words: the colour bar's vertical label has no room for it.
    # Under the x axis label, which the tight bounding box then keeps in the picture.
    axes.annotate(
        counting_note(counting, width=max(40, int(8 * len(years)))),
        (0, 0),
        xycoords=("axes fraction", axes.xaxis.label),  # the axes' left, under the label
        xytext=(0, -6),
        textcoords="offset points",
        fontsize=7,
        color="#444444",
        va="top",
        ha="left",
        annotation_clip=False,
    )
    return _save(figure, path)


def counting_note(counting: Counting, width: int = 70, unit: str | None = None) -> str:
    """What a heatmap's cell or a map's unit counts, in both languages (the line under
    a heatmap, the title of a map's legend); ``unit``: ``district`` or ``province``.
    Lines break between relations, never inside one's name.

    >>> print(counting_note("reviews,awards"))
    Số hoạt động (sơ kết, tổng kết; khen thưởng)
    Number of activities (review; award)
    >>> print(counting_note(None, width=40, unit="district"))
    Số hoạt động mỗi huyện
    (sơ kết, tổng kết; thực hiện;
    liên quan đến; khen thưởng)
    Number of activities per district
    (review; carries out; concerns; award)
    """
    vi = f"Số hoạt động{f' mỗi {UNIT_WORDS[unit]}' if unit else ''}"
    en = f"Number of activities{f' per {unit}' if unit else ''}"
    return "\n".join(
        _wrap([head, *counting_label(counting, language).split("; ")], width)
        for head, language in ((vi, "vi"), (en, "en"))
    )


def _wrap(parts: list[str], width: int) -> str:
    """``head (a; b; c)`` in lines of at most ``width`` characters where the parts allow,
    broken after the head or a "; "."""
    head, items = parts[0], parts[1:]
    pieces = [f"{head} ("] + [
        f"{item}{')' if number == len(items) - 1 else ';'}" for number, item in enumerate(items)
    ]
    lines = [pieces[0].rstrip()]
    for piece in pieces[1:]:
        glue = "" if lines[-1].endswith("(") else " "
        if len(lines[-1]) + len(glue) + len(piece) <= width:
            lines[-1] += glue + piece
        elif lines[-1].endswith("("):  # the head alone: the parenthesis opens the next line
            lines[-1] = lines[-1][:-2]
            lines.append(f"({piece}")
        else:
            lines.append(piece)
    return "\n".join(lines)


UNIT_WORDS = {"district": "huyện", "province": "tỉnh"}


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


def coverage_map(
    store: Store,
    path: Path,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
    counting: Counting = None,
) -> Path:
    """A choropleth of the activities per unit: see :mod:`danvan_kg.charts.map`."""
    from danvan_kg.charts.map import coverage_map as draw_map

    return draw_map(store, path, target, level=level, epoch=epoch, period=period, counting=counting)


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
    counting: Counting = None,
) -> Path:
    """Draw chart ``kind`` (``activity``, ``fields``, ``heatmap``, ``map``) into ``path``.

    ``target``, ``level``, ``epoch``, ``period`` and ``counting`` (the coverage relations
    that count as activity: names, a comma-separated string or ``all``; None for
    :data:`~danvan_kg.queries.DEFAULT_COUNTING`) are for the heatmap and the map."""
    if kind not in CHARTS:
        raise ChartError("chart.kind-unknown", kind=kind, known=", ".join(CHARTS))
    if kind in ("heatmap", "map"):
        return CHARTS[kind](
            store, path, target, level=level, epoch=epoch, period=period, counting=counting
        )
    return CHARTS[kind](store, path)
