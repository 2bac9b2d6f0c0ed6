"""PNG and SVG drawings of large graphs are capped in size (issue 16: a 5,000-node PNG
was 22,000 px wide, 108 MB)."""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import pytest

from danvan_kg import export as ex
from danvan_kg.export import drawing
from danvan_kg.stores import Store

pytestmark = pytest.mark.skipif(
    shutil.which("sfdp") is None, reason="Graphviz is not installed (Debian: graphviz)"
)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])  # IHDR: width, height


def test_the_canvas_is_capped(
    graph: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    selection = ex.select_around(graph, "huyen-uy-thanh-liem", depth=2)
    free = _png_size(ex.export(selection, "png", tmp_path / "free.png"))
    assert max(free) > 600  # the cap below bites
    monkeypatch.setattr(drawing, "MAX_CANVAS_PX", 600)
    capped = _png_size(ex.export(selection, "png", tmp_path / "capped.png"))
    assert max(capped) <= 600
    # The drawing is scaled, not cropped: the same proportions.
    assert abs(capped[0] / capped[1] - free[0] / free[1]) < 0.05
    svg = ex.export(selection, "svg", tmp_path / "capped.svg").read_text(encoding="utf-8")
    width, height = (
        float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    )
    assert max(width, height) <= 600 * 72 / 96 + 1  # points, at 96 px per inch


def test_the_default_cap() -> None:
    assert drawing.MAX_CANVAS_PX == 4000
    assert drawing.canvas_limits("png") == ["-Gsize=41.67,41.67", "-Gdpi=96"]
