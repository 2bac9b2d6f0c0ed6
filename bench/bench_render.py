"""Benchmark the HTML page of large graphs in headless Chromium (network cut off).

The graphs are neighbourhoods of 1,000, 5,000 and 20,000 nodes in the synthetic graph of
bench/bench_export.py (the shipped sources copied N times). For each: the export time
(selection excluded; Graphviz sfdp included), the file size, and in Chromium the time to
the first picture and to a stable layout (from navigation start) and the frames per
second while zooming (requestAnimationFrame callbacks counted during a scripted zoom in
and out, 3 s). vis-network at 500 and 1,000 nodes is measured too: it sets the threshold
above which the WebGL page is written. Writes the "### Rendering large graphs" part of
the "## Export" section of docs/benchmarks.md.

    python bench/bench_render.py [--copies 300] [--screenshots]

Needs the npm scripts (scripts/web-assets.sh), Graphviz, Playwright and Chromium.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_export import ROOT, synthetic

from chromium import CHROMIUM_FLAGS, find_chromium
from danvan_kg import export as ex
from danvan_kg.export import webgl
from danvan_kg.export.html import render_html

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
HEADING = "### Rendering large graphs (WebGL)"
WIDTH, HEIGHT = 1400, 900
NOTE = (  # about this machine: edit when it runs elsewhere
    "There is no GPU here: SwiftShader rasterises WebGL on the CPU, so these frame rates"
    " are a floor. The page hides edges and labels while the camera moves and draws nodes"
    " as GL points (NodePointProgram); with edges shown, labels drawn and triangle-built"
    " circles the same pages zoomed at 9, 6 and 2 frames per second. The first picture"
    " is the stable one: the layout is done before the page opens."
)

ZOOM = """async () => {
  const camera = danvanGraph.renderer.getCamera();
  let frames = 0, going = true;
  const tick = () => { frames++; if (going) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const started = performance.now();
  await camera.animate({ ratio: 0.15 }, { duration: 1500 });
  await camera.animate({ ratio: 1 }, { duration: 1500 });
  going = false;
  return frames / ((performance.now() - started) / 1000);
}"""


def measure(context: Any, path: Path, renderer: str, shot: Path | None) -> dict[str, float]:
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page.goto(path.as_uri(), timeout=300_000)
    flag = "stable" if renderer == "webgl" else "ready"
    page.wait_for_function(
        f"() => window.danvanGraph && window.danvanGraph.{flag}", timeout=300_000
    )
    if renderer == "webgl":
        first, stable = page.evaluate("[danvanGraph.firstPicture, danvanGraph.stableAt]")
        labels = page.evaluate("danvanGraph.labels.length")
        page.wait_for_timeout(500)
        if shot is not None:
            from PIL import Image

            picture = Image.open(BytesIO(page.screenshot())).convert("RGB")
            # 256 colours: the dots and text stay sharp and the file stays small.
            picture.quantize(colors=128).save(shot, optimize=True)
        fps = page.evaluate(ZOOM)
    else:
        first = stable = page.evaluate("performance.now()")
        labels = page.evaluate("danvanGraph.data.nodes.length")  # vis draws every label
        fps = float("nan")
    page.close()
    return {"first": first / 1000, "stable": stable / 1000, "fps": fps, "labels": labels}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--screenshots", action="store_true", help="docs/screenshots/*.png")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md")
    args = parser.parse_args()
    if webgl.webgl_scripts() is None:
        sys.exit("bench_render: run scripts/web-assets.sh first (the WebGL scripts are missing)")
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    store = synthetic(args.copies)
    print(f"graph: {len(store):,} quads in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    cases = [("vis", 500), ("vis", 1000), ("webgl", 1000), ("webgl", 5000), ("webgl", 20000)]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(headless_shell=False), headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        for renderer, size in cases:
            selection = ex.select_around(store, ROOT, 30, max_nodes=size)
            started = time.perf_counter()
            text = render_html(selection, renderer=renderer)
            export_s = time.perf_counter() - started
            path = out / f"{renderer}-{size}.html"
            path.write_text(text, encoding="utf-8")
            shot = SHOTS / f"export-large-{size}.png" if args.screenshots else None
            if renderer != "webgl" or size not in (5000, 20000):
                shot = None
            result = measure(context, path, renderer, shot)
            edges = text.count('"from":')
            row = [
                "vis-network" if renderer == "vis" else "sigma.js (WebGL)",
                f"{size:,}",
                f"{edges:,}",
                f"{export_s:.1f}",
                f"{path.stat().st_size / 1e6:.1f}",
                f"{result['first']:.1f}",
                f"{result['stable']:.1f}",
                "—" if result["fps"] != result["fps"] else f"{result['fps']:.0f}",
                f"{result['labels']:,}",
            ]
            rows.append(row)
            print(" | ".join(row), file=sys.stderr)
        browser.close()
    header = (
        "| page | nodes | edges | export s | file MB | first picture s | stable s "
        "| fps while zooming | labels drawn |"
    )
    lines = [
        HEADING,
        "",
        f"`python bench/bench_render.py --copies {args.copies}` ({time.strftime('%d %B %Y')}): "
        "neighbourhoods of Chỉ thị 19-CT/TU in the synthetic graph of bench_export.py, "
        f"exported with `danvan export --format html` and opened in headless Chromium "
        f"({WIDTH}×{HEIGHT}, `--disable-gpu`: WebGL through SwiftShader on the CPU, network "
        "cut off). Times are from navigation start; frames per second are "
        "requestAnimationFrame callbacks during a 3 s scripted zoom in and out. "
        f"{platform.machine()}, Python {platform.python_version()}, 2 cores shared with "
        "other work while this ran, so the times are upper bounds.",
        "",
        header,
        "|" + "---|" * (header.count("|") - 1),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        "The export time is mostly Graphviz sfdp with overlap removal (`overlap=prism`). "
        "vis-network lays a graph of up to 1,500 nodes out in the browser and is ready only "
        "when its physics settle, with every label drawn; the WebGL page is ready as soon "
        f"as it is drawn. So `danvan export --format html` writes the WebGL page above "
        f"{webgl.WEBGL_ABOVE} nodes (`WEBGL_ABOVE` in src/danvan_kg/export/webgl.py), and "
        "vis-network below, where it keeps node shapes, edge labels and the top-down "
        "lineage layout. Screenshots: docs/screenshots/export-large-5000.png, "
        "export-large-20000.png.",
        "",
        NOTE,
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if args.no_write:
        return
    text = DOCS.read_text(encoding="utf-8")
    if HEADING in text:
        text = re.sub(
            re.escape(HEADING) + r"\n.*?(?=\n## |\n### |\Z)",
            lambda _: section.rstrip("\n") + "\n",
            text,
            count=1,
            flags=re.S,
        )
    else:  # at the end of "## Export"
        text = re.sub(
            r"(## Export\n.*?)(?=\n## |\Z)",
            lambda m: m.group(1).rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n",
            text,
            count=1,
            flags=re.S,
        )
    DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
