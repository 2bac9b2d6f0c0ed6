"""Charts and the coverage map: drawn from the shipped graph, PNG and SVG."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from danvan_kg import charts
from danvan_kg.stores import Store


@pytest.mark.parametrize("suffix", [".png", ".svg"])
@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("activity", {}),
        ("fields", {}),
        ("heatmap", {"target": "dan-van-kheo"}),
        ("map", {"target": "dan-van-kheo"}),
        ("map", {"level": "province", "epoch": "new"}),
        ("map", {"level": "province", "epoch": "new", "target": "ct-19-tu-ha-nam-2013"}),
        ("map", {"level": "province"}),
    ],
)
def test_draw(
    graph: Store, tmp_path: Path, kind: str, options: dict[str, str], suffix: str
) -> None:
    path = charts.draw(graph, kind, tmp_path / f"{kind}{suffix}", **options)
    data = path.read_bytes()
    assert len(data) > 5000
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]


def test_coverage_matrix_counts_lineage_events(graph: Store) -> None:
    units, years, matrix = charts.coverage_matrix(graph, "dan-van-kheo")
    assert "Huyện Thanh Liêm" in units and 2023 in years
    assert matrix[units.index("Huyện Thanh Liêm")][years.index(2023)] == 1
    units, _, _ = charts.coverage_matrix(graph, "dan-van-kheo", level="province", epoch="new")
    assert units  # old districts rolled up to today's provinces


def test_bad_period_and_map(graph: Store, tmp_path: Path) -> None:
    with pytest.raises(charts.ChartError, match=r"'recent' is not YYYY-YYYY \(e.g. 2021-2023\)"):
        charts.draw(graph, "heatmap", tmp_path / "x.png", period="recent")
    with pytest.raises(charts.ChartError, match="no districts"):
        charts.draw(graph, "map", tmp_path / "x.png", epoch="new", level="district")


def test_the_heatmap_is_readable(graph: Store, tmp_path: Path) -> None:
    # Issue 16: axis labels, whole-number ticks for counts, text kept as text in the SVG,
    # and the target named as a reader knows it, not by its key.
    svg = charts.draw(graph, "heatmap", tmp_path / "h.svg", target="dan-van-kheo").read_text(
        encoding="utf-8"
    )
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Năm (year)" in texts and "Huyện (district)" in texts
    assert any("Dân vận khéo" in text for text in texts)
    assert not any("dan-van-kheo" in text for text in texts)
    assert not any(re.fullmatch(r"\d+\.\d+", text.strip()) for text in texts)  # no 0.5 ticks
    assert "fill: #ffffff" in svg or "fill:#ffffff" in svg  # light text on dark cells


@pytest.mark.xdist_group("synthetic")
def test_a_national_heatmap_shows_the_most_active_units(
    synthetic_built: tuple[Store, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test's national set is small (about 50 active districts): a lower cap shows it.
    monkeypatch.setattr(charts, "HEATMAP_ROWS", 20)
    store, _ = synthetic_built
    units, _, _ = charts.coverage_matrix(store)
    assert len(units) > charts.HEATMAP_ROWS
    svg = charts.draw(store, "heatmap", tmp_path / "all.svg").read_text(encoding="utf-8")
    assert f"{charts.HEATMAP_ROWS} most active of {len(units)}" in svg
    height = float(re.search(r'height="([\d.]+)pt"', svg).group(1))
    assert height < 2000  # not the 28,560 px of every district


def test_a_provincial_directive_is_mapped_in_its_province(graph: Store, tmp_path: Path) -> None:
    # Issue 16: 19-CT/TU of Hà Nam was drawn against all 696 districts of the country.
    svg = charts.draw(
        graph, "map", tmp_path / "m.svg", target="ct-19-tu-ha-nam-2013", period="2013-2023"
    ).read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert any("Tỉnh Hà Nam" in text for text in texts)
    assert any("Chỉ thị 19-CT/TU" in text for text in texts)  # the label, not the key
    assert "không có hoạt động / no activity (5)" in texts  # Hà Nam's other five districts
    assert "Thanh Liêm" in texts and "1" in texts  # its name, and the colour class
    assert "ranh giới tỉnh / province" in texts  # the outlines explained
    assert any("Voronoi" in text and "not legal boundaries" in text for text in texts)


def _names(figure: object) -> list[object]:
    from danvan_kg.charts.map import NAME_GID

    return [
        text
        for axes in figure.axes
        for text in axes.texts
        if (text.get_gid() or "").startswith(NAME_GID)
    ]


def _assert_readable(figure: object) -> int:
    """No unit name overlaps another, measured by matplotlib's renderer; how many."""
    renderer = figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in _names(figure)]
    for number, box in enumerate(boxes):
        for other in boxes[number + 1 :]:
            assert not box.overlaps(other), (box, other)
    return len(boxes)


def test_the_map_is_a_choropleth_of_cells(graph: Store) -> None:
    from matplotlib.collections import PathCollection

    from danvan_kg.charts import map as coverage

    figure = coverage.map_figure(graph, "ct-19-tu-ha-nam-2013", period="2013-2023")
    (axes,) = figure.axes
    fills = [c for c in axes.collections if isinstance(c, PathCollection)]
    # Neighbours for orientation, Hà Nam's six districts, the province outlines.
    districts = next(c for c in fills if len(c.get_paths()) == 6)
    colours = {tuple(colour) for colour in districts.get_facecolors()}
    assert len(colours) == 2  # one district with activity, five without
    assert _assert_readable(figure) == 6  # a province: every district named


@pytest.mark.xdist_group("synthetic")
def test_a_national_map_names_only_what_can_be_read(
    synthetic_built: tuple[Store, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan_kg.charts import map as coverage

    monkeypatch.setattr(coverage, "MAP_LABELS", 400)  # the renderer alone decides
    store, _ = synthetic_built
    figure = coverage.map_figure(store)
    active = len(charts.coverage_matrix(store)[0])
    written = _assert_readable(figure)
    assert 5 <= written < active  # some names, not one per active district
    new = coverage.map_figure(store, level="province", epoch="new")
    assert _assert_readable(new) >= 5


def test_cells_approximate_the_units() -> None:
    import shapely

    from danvan_kg.charts import geometry
    from danvan_kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    districts = geometry.unit_cells("old", "district")
    assert len(districts) == 696 and not any(cell.is_empty for cell in districts.values())
    inside = sum(
        cell.contains(shapely.Point(unit.longitude, unit.latitude))
        for unit in gazetteer.units("old", "district")
        for cell in [districts[unit.iri]]
    )
    assert inside > 0.9 * 696  # a district's own coordinates lie in its cell
    provinces = geometry.unit_cells("new", "province")
    assert len(provinces) == 34
    outline, source = geometry.country_outline()
    assert source == "natural-earth"
    mainland = shapely.union_all(list(provinces.values()))
    assert mainland.area == pytest.approx(outline.area, rel=0.05)  # no sea, no gaps
    assert geometry.unit_cells("old", "district") is districts  # computed once a process
