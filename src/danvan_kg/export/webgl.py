"""The interactive page for large graphs: sigma.js (WebGL) on graphology, inlined.

vis-network draws every node, edge and label on a 2D canvas; above a few hundred nodes
its in-browser layout freezes the page, and above ~1,500 nodes the drawing is a blob of
labels. sigma.js draws nodes and edges with WebGL and labels only what its label grid
keeps (the biggest nodes, then more as one zooms in), so 20,000 nodes still open and
pan smoothly (docs/benchmarks.md, "Rendering large graphs").

The scripts come from npm (``scripts/web-assets.sh`` into the git-ignored
``.web-assets/``) and are inlined, so the page works offline. Positions come from
Graphviz ``sfdp`` with overlap removal; where Graphviz is missing the page runs
ForceAtlas2 in a web worker (graphology's library, inlined only then). Without the
scripts :func:`render_webgl` returns None after an :class:`ExportWarning`, and the
caller writes the vis-network page.
"""

from __future__ import annotations

import html
import os
import re
import warnings
from pathlib import Path
from typing import Any

from danvan_kg.export.drawing import sfdp_positions
from danvan_kg.export.html import _ends, _script_json, place, resource_template
from danvan_kg.export.selection import Selection
from danvan_kg.messages import render

# Above this many nodes `danvan export --format html` writes the WebGL page: vis-network
# lays out 500 nodes in the browser in about a second, 1,000 in several (and freezes the
# page meanwhile), while the WebGL page shows 1,000 at once (docs/benchmarks.md).
WEBGL_ABOVE = 500

# Where scripts/web-assets.sh puts the npm packages: the same folder and variable as the
# query editor of `danvan serve` (web/app.py). It is not package data (never committed,
# never in the wheel), so it is found from the checkout, or named by the variable.
ASSETS_ENV = "DANVAN_WEB_ASSETS"
SCRIPTS = {
    "GRAPHOLOGY_JS": ("graphology", "dist", "graphology.umd.min.js"),
    "SIGMA_JS": ("sigma", "dist", "sigma.min.js"),
    "LIBRARY_JS": ("graphology-library", "dist", "graphology-library.min.js"),
}


class ExportWarning(UserWarning):
    """Something the export did differently from what was asked, by code (messages/)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return render(self.code, self.params)


def assets_root() -> Path:
    """``$DANVAN_WEB_ASSETS`` or the checkout's ``.web-assets/``."""
    given = os.environ.get(ASSETS_ENV)
    return Path(given) if given else Path(__file__).resolve().parents[3] / ".web-assets"


def webgl_scripts() -> dict[str, str] | None:
    """The inlined scripts by template slot, or None if any was not fetched."""
    folder = assets_root() / "node_modules"
    paths = {slot: folder.joinpath(*parts) for slot, parts in SCRIPTS.items()}
    if not all(path.is_file() for path in paths.values()):
        return None
    return {slot: path.read_text(encoding="utf-8") for slot, path in paths.items()}


def render_webgl(selection: Selection, payload: dict[str, Any]) -> str | None:
    """The WebGL page of ``payload`` (from ``html_payload(selection, layout=False)``), or
    None, with an :class:`ExportWarning`, when the scripts were not fetched."""
    scripts = webgl_scripts()
    if scripts is None:
        warnings.warn(
            ExportWarning(
                "export.webgl-missing",
                nodes=len(payload["nodes"]),
                folder=str(assets_root()),
            ),
            stacklevel=3,
        )
        return None
    if not payload["positioned"]:
        place(payload, sfdp_positions(*_ends(payload)))
    if payload["positioned"]:
        scripts["LIBRARY_JS"] = ""  # the in-browser layout is not needed: 170 kB less
    values = {
        "TITLE": html.escape(selection.title),
        "DATA": _script_json(payload),
        "PANEL_CSS": resource_template("graph-panel.css"),
        "PANEL_JS": resource_template("graph-panel.js"),  # the side bar, shared with the vis page
        "APP_JS": resource_template("graph-webgl.js"),
        # A script ends at the first "</script" in any case, even inside a JS string.
        **{
            slot: re.sub("</(script)", r"<\\/\1", text, flags=re.I)
            for slot, text in scripts.items()
        },
    }
    template = resource_template("graph-webgl.html")
    # One pass over the template: a slot's text is never searched for further slots.
    return re.sub(r"__([A-Z_]+)__", lambda m: values.get(m.group(1), m.group(0)), template)
