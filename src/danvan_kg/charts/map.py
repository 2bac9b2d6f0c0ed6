"""The coverage map: a choropleth of districts or provinces coloured by activity.

Each unit is filled by the number of activities it had — what ``danvan coverage`` counts
for it, under the same ``counting`` — in classed colours ("no activity" a distinct grey),
inside outlines that :mod:`danvan_kg.charts.geometry` approximates from the gazetteer's
coordinates. A provincial directive is drawn in its own province (the
neighbours faint around it), anything else in the whole country. Names are written only
where they can be read: most active first, none over another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from danvan_kg.charts import (
    Counting,
    TargetInfo,
    _pyplot,
    _save,
    counting_note,
    target_info,
    unit_counts,
)
from danvan_kg.charts import geometry as geo
from danvan_kg.stores import Store

# Unit names are ``unit-name-district-351`` …: the SVG's <g id=…>, found by the tests.
NAME_GID = "unit-name"
MAP_LABELS = 25  # unit names written on a map at most
NO_ACTIVITY = "#e0e0e0"
CONTEXT = "#f5f5f5"  # the neighbours of a province, drawn for orientation only
EDGE = "#9a9a9a"  # the outline of a district (or of a 2025 commune)
# Upper bounds of the colour classes, the first ones that the highest count needs.
BREAKS = (1, 2, 4, 9, 19, 49, 99, 199, 499, 999)
MAX_CLASSES = 5
CAPTION = (
    "Ranh giới gần đúng: ô Voronoi quanh tọa độ các xã trong danh mục, cắt theo đường"
    " biên Natural Earth — không phải địa giới hành chính.\n"
    "Approximate outlines: Voronoi cells of the gazetteer's commune coordinates clipped"
    " to Natural Earth's outline — not legal boundaries."
)
CAPTION_NO_OUTLINE = (
    "Ranh giới gần đúng: ô Voronoi quanh tọa độ các xã (không có đường biên Natural"
    " Earth: bờ biển là vòng tròn quanh các xã) — không phải địa giới hành chính.\n"
    "Approximate outlines: Voronoi cells of the communes' coordinates (no Natural Earth"
    " outline installed: the coast is discs around communes) — not legal boundaries."
)


def count_classes(highest: int) -> list[tuple[int, int]]:
    """Colour classes ``(low, high)`` for counts 1…``highest``: small counts apart, larger
    ones in widening bands, at most :data:`MAX_CLASSES`.

    >>> count_classes(1)
    [(1, 1)]
    >>> count_classes(7)
    [(1, 1), (2, 2), (3, 4), (5, 7)]
    >>> count_classes(300)
    [(1, 1), (2, 2), (3, 4), (5, 9), (10, 300)]
    """
    classes: list[tuple[int, int]] = []
    low = 1
    for high in BREAKS:
        if low > highest:
            break
        if len(classes) == MAX_CLASSES - 1 or high >= highest:
            classes.append((low, highest))
            break
        classes.append((low, high))
        low = high + 1
    return classes


def _class_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def territory_province(store: Store, target: str, info: TargetInfo | None = None) -> Any:
    """The old-map province a target's issuer governs (a provincial directive), or None
    (a central document, a movement); ``info``: the target's, where the caller has it."""
    from danvan_kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    for iri in (info or target_info(store, target)).territories:
        unit = gazetteer.unit_by_iri(iri)
        if unit is not None and unit.level == "province":
            return unit
    return None


def _in_scope(epoch: str, level: str, province: Any) -> set[str] | None:
    """The IRIs of the units drawn in colour (None: every unit of the map)."""
    from danvan_kg.gazetteer import Gazetteer

    if province is None:
        return None
    gazetteer = Gazetteer.load()
    if epoch == "new":
        return {gazetteer.new_province_of(province).iri}
    if level == "province":
        return {province.iri}
    return {u.iri for u in gazetteer.children(province)}


def _path(geometry: Any) -> Any:
    """A matplotlib path of a (multi)polygon, holes included."""
    import numpy as np
    import shapely
    from matplotlib.path import Path as MplPath

    vertices: list[Any] = []
    codes: list[int] = []
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = np.asarray(ring.coords)
            if len(points) < 3:
                continue
            vertices.append(points)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 2) + [MplPath.CLOSEPOLY]
    if not vertices:
        return MplPath(np.zeros((1, 2)), readonly=True)
    return MplPath(np.concatenate(vertices), codes, readonly=True)


# The path of each unit's cell, by (map, level, IRI), made the first time a map draws
# it: the cells are computed once a process (geometry.unit_cells), so their paths are
# too, where each map made them again (a tenth of a second for the country's districts,
# drawn twice). Read-only paths: the figures that share one cannot change it.
_PATHS: dict[tuple[str, str, str], Any] = {}


def _unit_paths(epoch: str, level: str, iris: Iterable[str]) -> list[Any]:
    """The paths of the cells of ``iris``, units of ``level`` on map ``epoch``."""
    cells = geo.unit_cells(epoch, level)
    paths = []
    for iri in iris:
        path = _PATHS.get((epoch, level, iri))
        if path is None:
            path = _PATHS.setdefault((epoch, level, iri), _path(cells[iri]))
        paths.append(path)
    return paths


def _patches(axes: Any, paths: list[Any], **style: Any) -> None:
    from matplotlib.collections import PathCollection

    axes.add_collection(PathCollection(paths, **style))


def map_figure(
    store: Store,
    target: str | None = None,
    *,
    level: str = "district",
    epoch: str = "old",
    period: str | None = None,
    counting: Counting = None,
) -> Any:
    """The coverage map as a matplotlib figure (see :func:`coverage_map`)."""
    from danvan_kg.gazetteer import Gazetteer

    covered = unit_counts(store, target, level=level, epoch=epoch, period=period, counting=counting)
    plt = _pyplot()
    import shapely
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    gazetteer = Gazetteer.load()
    cells = geo.unit_cells(epoch, level)
    provinces = geo.unit_cells(epoch, "province")
    # The target's label and territories, asked once: the scope and the title read them.
    info = target_info(store, target) if target else None
    province = territory_province(store, target, info) if target else None
    scope = _in_scope(epoch, level, province)
    shown = {iri: cell for iri, cell in cells.items() if scope is None or iri in scope}
    highest = max((covered[iri] for iri in shown), default=0)
    classes = count_classes(highest) if highest else []
    colours = [
        to_hex(plt.get_cmap("YlOrRd")(0.25 + 0.75 * i / max(1, len(classes) - 1)))
        for i in range(len(classes))
    ]
    if len(classes) == 1:
        colours = [to_hex(plt.get_cmap("YlOrRd")(0.7))]

    def fill(count: int) -> str:
        for (low, high), colour in zip(classes, colours, strict=True):
            if low <= count <= high:
                return colour
        return NO_ACTIVITY

    # The bounds of what is drawn in colour: those of the cells together, the same as
    # their union's (an extreme point of a union is an extreme vertex of one of its
    # parts; equal for every scope the maps draw) without computing a union of up to 696
    # outlines (a quarter second for the whole country) only to read its corners.
    west, south, east, north = (
        float(value) for value in shapely.total_bounds(list(shown.values()))
    )
    pad = max(east - west, north - south) * (0.04 if scope is None else 0.08)
    # Degrees of longitude are shorter than degrees of latitude: correct the aspect.
    import math

    aspect = 1 / math.cos(math.radians((south + north) / 2))
    width, height = (east - west + 2 * pad), (north - south + 2 * pad) * aspect
    scale = 8.5 / max(width, height)
    figure, axes = plt.subplots(
        figsize=(max(3.5, width * scale), max(3.5, height * scale)), dpi=120
    )
    view = shapely.box(west - pad, south - pad, east + pad, north + pad)
    if scope is not None:  # the neighbours, for orientation (the territory covers its own)
        around = [iri for iri, cell in provinces.items() if cell.intersects(view)]
        _patches(
            axes,
            _unit_paths(epoch, "province", around),
            facecolor=CONTEXT,
            edgecolor="#bbbbbb",
            linewidth=0.6,
        )
    order = sorted(shown)
    fills = [fill(covered[iri]) for iri in order]
    _patches(
        axes,
        _unit_paths(epoch, level, order),
        facecolor=fills,
        edgecolor=EDGE,
        linewidth=0.2 if scope is None else 0.6,
    )
    if scope is None:  # a small active district stays visible at the country's scale
        active = [iri for iri in order if covered[iri]]
        _patches(
            axes,
            _unit_paths(epoch, level, active),
            facecolor=[fill(covered[iri]) for iri in active],
            edgecolor=[fill(covered[iri]) for iri in active],
            linewidth=1.2,
            zorder=2,
        )
    if epoch == "new" and scope is not None:  # the 2025 communes inside the province
        inside = {gazetteer.unit_by_iri(iri) for iri in scope}
        communes = [
            iri
            for iri in geo.unit_cells("new", "commune")
            if gazetteer.parent(gazetteer.unit_by_iri(iri)) in inside  # type: ignore[arg-type]
        ]
        _patches(
            axes,
            _unit_paths("new", "commune", communes),
            facecolor="none",
            edgecolor=EDGE,
            linewidth=0.3,
        )
    outline_provinces = [
        iri for iri, cell in provinces.items() if scope is None or cell.intersects(view)
    ]
    _patches(
        axes,
        _unit_paths(epoch, "province", outline_provinces),
        facecolor="none",
        edgecolor="#333333",
        linewidth=0.6 if scope is None else 1.4,
        zorder=3,
    )
    axes.set_xlim(west - pad, east + pad)
    axes.set_ylim(south - pad, north + pad)
    axes.set_aspect(aspect)
    axes.set_axis_off()
    # Hidden as well as off: an axes that is off draws no axis, but matplotlib still
    # lays out the y axis's ticks and their labels each time it places the title (twice
    # a savefig), an eighth of a map's drawing for text never shown. Neither axis is in
    # the picture either way: the same PNG and SVG, byte for byte.
    axes.xaxis.set_visible(False)
    axes.yaxis.set_visible(False)

    units = {iri: gazetteer.unit_by_iri(iri) for iri in shown}
    _write_names(figure, axes, shown, units, covered, many=scope is None)

    # A legend for every encoding: the colour classes, no activity, the outlines.
    idle = sum(1 for iri in shown if not covered[iri])
    handles: list[Any] = [
        Patch(facecolor=colour, edgecolor="#999999", label=f"{_class_label(*bounds)}")
        for bounds, colour in zip(classes, colours, strict=True)
    ]
    handles.append(
        Patch(
            facecolor=NO_ACTIVITY,
            edgecolor="#999999",
            label=f"không có hoạt động / no activity ({idle})",
        )
    )
    handles.append(
        Line2D([], [], color="#333333", linewidth=1.4, label="ranh giới tỉnh / province")
    )
    if level == "district" or (scope is not None and epoch == "new"):
        handles.append(
            Line2D(
                [],
                [],
                color=EDGE,
                linewidth=0.6,
                label="ranh giới huyện / district" if level == "district" else "xã / commune",
            )
        )
    axes.legend(
        handles=handles,
        # what a unit's number counts, in words (the relations' labels)
        title=counting_note(counting, width=40, unit=level),
        loc="upper left",
        bbox_to_anchor=(1.02, 1),
        fontsize=8,
        title_fontsize=8,
        borderaxespad=0,
        frameon=False,
    )
    which = "bản đồ cũ / before 1 July 2025" if epoch == "old" else "bản đồ 2025 / 2025 map"
    where = f" — {province.full_name}" if province is not None else ""
    if province is not None and epoch == "new":
        now = gazetteer.new_province_of(province).full_name
        where += f" (nay thuộc / now in {now})"
    title = f"Độ phủ {'cấp huyện' if level == 'district' else 'cấp tỉnh'}{where}\n{which}"
    if target:
        title += f"\n{info.label if info else target}"
    axes.set_title(title, fontsize=10)
    _outline, source = geo.country_outline()
    axes.text(
        0,
        -0.01,
        CAPTION if source == "natural-earth" else CAPTION_NO_OUTLINE,
        transform=axes.transAxes,
        fontsize=6,
        color="#555555",
        va="top",
    )
    return figure


def _write_names(
    figure: Any,
    axes: Any,
    shown: dict[str, Any],
    units: dict[str, Any],
    covered: Counter[str],
    *,
    many: bool,
) -> None:
    """Names of the most active units (then the largest), each where it does not cover
    another name: a label is measured by the renderer and dropped if it overlaps one
    already written or leaves the map.

    A national map tries every active district (696 in a large graph) to write a few
    dozen names, so a candidate costs as little as the answer allows, and the same
    names are written in the same places: a name whose anchor lies well inside a label
    already written would overlap it (the anchor is a point of its own box: its middle,
    or on a national map the middle of its left edge), so it is dropped unmeasured;
    the others are measured on one unwritten probe, with the style and the position
    the name would have, and only a name that fits becomes a text of the map."""
    import shapely
    from matplotlib.transforms import ScaledTranslation

    candidates = sorted(
        shown,
        key=lambda iri: (-covered[iri], -shown[iri].area, units[iri].name if units[iri] else ""),
    )
    if many:  # a national map: only units with activity are worth a name
        candidates = [iri for iri in candidates if covered[iri]]
    renderer = figure.canvas.get_renderer()
    inside = axes.get_window_extent(renderer)
    offset = 3 if many else 0  # points

    def label(text: str, anchor: tuple[float, float], **extra: Any) -> Any:
        return axes.annotate(
            text,
            anchor,
            xytext=(offset, 0),
            textcoords="offset points",
            fontsize=7 if many else 8,
            ha="left" if many else "center",
            va="center",
            color="#111111",
            # A light box, not a stroked outline: path effects turn SVG text into paths.
            bbox={
                "boxstyle": "round,pad=0.12",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.65,
            },
            zorder=5,
            **extra,
        )

    probe = label("", (0, 0))
    # Where a name's anchor is drawn (display pixels): the data point, offset in points.
    anchor_at = axes.transData + ScaledTranslation(offset / 72, 0, figure.dpi_scale_trans)
    placed: list[Any] = []
    for iri in candidates:
        if len(placed) >= MAP_LABELS:
            break
        unit = units[iri]
        if unit is None or shown[iri].is_empty:
            continue
        # The unit's largest part: Đà Nẵng's islands (Hoàng Sa) lie 400 km off its coast.
        body = max(shapely.get_parts(shown[iri]), key=lambda part: part.area)
        point = body.representative_point()
        # In a province the name sits in its cell; in the country, where a district is a
        # few pixels, beside it (east), so the name does not hide the colour it explains.
        anchor = (body.bounds[2], point.y) if many else (point.x, point.y)
        x, y = anchor_at.transform(anchor)
        # A pixel's margin: the anchor is computed here, the box by matplotlib.
        if any(
            other.x0 + 1 < x < other.x1 - 1 and other.y0 + 1 < y < other.y1 - 1 for other in placed
        ):
            continue
        probe.xy = anchor
        probe.set_text(unit.name)
        box = probe.get_window_extent(renderer).expanded(1.05, 1.1)
        fits = (
            inside.x0 <= box.x0
            and box.x1 <= inside.x1
            and inside.y0 <= box.y0
            and (box.y1 <= inside.y1)
        )
        if not fits or any(box.overlaps(other) for other in placed):
            continue
        label(unit.name, anchor, gid=f"{NAME_GID}-{unit.level}-{unit.code}")
        placed.append(box)
    probe.remove()


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
    """Draw the coverage map of ``target`` (or of the activities on any directive or
    movement) into ``path``; ``counting`` as for ``danvan coverage``."""
    figure = map_figure(store, target, level=level, epoch=epoch, period=period, counting=counting)
    return _save(figure, path)
