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
    assert "không có hoạt động / none (5)" in texts  # Hà Nam's other five districts
    assert "Thanh Liêm" in texts and "1 hoạt động / activity" in texts  # size legend
