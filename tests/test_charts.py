"""Charts and the coverage map: drawn from the shipped graph, PNG and SVG."""

from __future__ import annotations

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
