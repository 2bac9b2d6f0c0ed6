"""The HTML page of a large graph (issue 16): sigma.js (WebGL) in headless Chromium with
the network cut off. It opens and draws, its first picture is readable (few labels, none
overlapping, nodes spread over the screen), hover, search, class filter and the vi/en
switch work, markup in a label stays text, and the page falls back to vis-network (with
a warning) when the scripts are missing and to an in-browser layout when Graphviz is.

The graph is the shipped one around Tỉnh ủy Hà Nam, four links deep: about 600 nodes,
above :data:`~danvan_kg.export.webgl.WEBGL_ABOVE`.

Set DANVAN_SCREENSHOTS=1 to (re)write docs/screenshots/export-large.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from chromium import chromium, uses_chromium
from danvan_kg.cli import main
from danvan_kg.export import drawing, webgl
from danvan_kg.export.html import render_html
from danvan_kg.export.selection import Selection, select_around
from danvan_kg.stores import Store

# One xdist worker runs the browser modules one after another, on one Chromium.
pytestmark = uses_chromium

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "screenshots" / "export-large.png"
CENTRE = "tinh-uy-ha-nam"
EVIL = '<script>window.pwned = 1</script> Ủy ban "lạ"'
WIDTH, HEIGHT = 1200, 800


@pytest.fixture(scope="module")
def scripts() -> None:
    """The npm scripts, fetched by scripts/web-assets.sh if they are not there yet."""
    if webgl.webgl_scripts() is None:
        if shutil.which("npm") is None:
            pytest.skip("the WebGL scripts are not in .web-assets/ and npm is not installed")
        subprocess.run(["sh", str(ROOT / "scripts" / "web-assets.sh")], check=False)
        if webgl.webgl_scripts() is None:
            pytest.skip("scripts/web-assets.sh could not fetch the WebGL scripts from npm")


@pytest.fixture(scope="module")
def selection(graph: Store) -> Selection:
    """Around Tỉnh ủy Hà Nam, plus one organisation whose name is markup."""
    part = select_around(graph, CENTRE, 4)
    evil = ox.NamedNode("https://w3id.org/danvan/id/org/evil")
    source = ox.NamedNode("https://w3id.org/danvan/graph/source/thanh-liem-2023")
    centre = ox.NamedNode(f"https://w3id.org/danvan/id/org/{CENTRE}")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    sub = ox.NamedNode("http://www.w3.org/ns/org#subOrganizationOf")
    part.quads = [
        *part.quads,
        ox.Quad(evil, label, ox.Literal(EVIL, language="vi"), source),
        ox.Quad(evil, sub, centre, source),
    ]
    return part


@pytest.fixture(scope="module")
def page_file(
    scripts: None, selection: Selection, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(render_html(selection), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(WIDTH, HEIGHT) as context:
        yield context


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """One tab for the module, every request that is not a file refused and recorded in
    the list (emptied by :func:`open_offline`). Each test loads its page afresh into it
    (a new document, nothing of the last kept): a new tab costs Chromium about 0.2-0.5 s
    of CPU more than a navigation."""
    page = browser.new_page()
    problems: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (problems.append(route.request.url), route.abort())
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    yield page, problems


def open_offline(
    tab: tuple[Any, list[str]], path: Path, until: str = "stable", motion: str = "no-preference"
) -> tuple[Any, list[str]]:
    """The page loaded afresh in the module's tab, once ``danvanGraph[until]`` is true,
    and the (emptied) list of what it asked off the disc or got wrong. ``motion`` is the
    reader's prefers-reduced-motion: "reduce" moves the camera at once (an animated move
    is some 25 frames drawn in software, about 0.5 s of CPU)."""
    page, problems = tab
    problems.clear()
    page.emulate_media(reduced_motion=motion)
    page.goto(path.as_uri())
    # A function, not an expression: Playwright evaluates expressions with eval, which
    # the page's Content-Security-Policy forbids.
    page.wait_for_function(
        "key => window.danvanGraph && window.danvanGraph[key]", arg=until, timeout=60_000
    )
    if until == "stable":
        page.wait_for_timeout(300)
    return page, problems


def node_screen_positions(page: Any) -> list[list[float]]:
    return page.evaluate(
        """() => { const r = danvanGraph.renderer;
          return danvanGraph.graph.nodes().map(id => {
            const d = r.getNodeDisplayData(id); const p = r.framedGraphToViewport(d);
            return [p.x, p.y, r.scaleSize(d.size)]; }); }"""
    )


def overlaps(boxes: list[dict[str, float]]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    ]


def test_the_large_page_is_the_webgl_one_and_self_contained(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    assert "new Sigma(" in text and "vis.Network" not in text
    assert EVIL not in text  # the label is in the JSON, escaped
    head = text.split("<script", 1)[0]
    assert "http://" not in head.replace("http-equiv", "") and "https://" not in head
    # sfdp placed the nodes, so the in-browser layout library is left out
    assert '"positioned":true' in text and "graphologyLibrary={}" not in text


def test_opens_offline_draws_and_is_readable(tab: tuple[Any, list[str]], page_file: Path) -> None:
    page, problems = open_offline(tab, page_file)
    assert problems == []
    nodes = page.evaluate("danvanGraph.graph.order")
    assert nodes > webgl.WEBGL_ABOVE

    # Drawn: the graph area of a screenshot is not blank (white) but many-coloured.
    from io import BytesIO

    from PIL import Image

    picture = Image.open(BytesIO(page.locator("#graph").screenshot())).convert("RGB")
    small = picture.resize((picture.width // 4, picture.height // 4))
    raw = small.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    inked = sum(1 for p in pixels if sum(p) < 720)
    assert inked > len(pixels) * 0.05
    assert len(set(pixels)) > 50

    # Labels at the first zoom: some, not one per node, within the screen, none overlapping.
    labels = page.evaluate("danvanGraph.labels")
    assert 3 <= len(labels) <= 80 and len(labels) < nodes / 5
    assert overlaps(labels) == []
    width, height = page.evaluate(
        "[danvanGraph.renderer.getDimensions().width, danvanGraph.renderer.getDimensions().height]"
    )
    assert all(-50 < box["x"] < width and 0 < box["y"] < height for box in labels)
    assert "Tỉnh ủy Hà Nam" in {box["text"] for box in labels}  # the hub is labelled

    # Nodes spread: they fill most of the screen, and few discs cover one another.
    points = node_screen_positions(page)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert max(xs) - min(xs) > 0.6 * width and max(ys) - min(ys) > 0.6 * height
    cells: dict[tuple[int, int], int] = {}
    for x, y, _ in points:
        cells[(int(x // 40), int(y // 40))] = cells.get((int(x // 40), int(y // 40)), 0) + 1
    assert max(cells.values()) < nodes / 10  # no 40 px square holds a tenth of the graph
    covered = sum(
        1
        for i, (x, y, r) in enumerate(points)
        if any(
            (x - u) ** 2 + (y - v) ** 2 < (0.5 * (r + s)) ** 2
            for j, (u, v, s) in enumerate(points)
            if j != i and abs(x - u) < 40
        )
    )
    assert covered < 0.1 * nodes

    # Zooming in shows more labels, still without overlap.
    page.evaluate("danvanGraph.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 0.2})")
    page.wait_for_timeout(300)
    zoomed = page.evaluate("danvanGraph.labels")
    assert overlaps(zoomed) == []
    shown = page.evaluate(
        "danvanGraph.graph.nodes().filter(id => { const r = danvanGraph.renderer;"
        " const p = r.framedGraphToViewport(r.getNodeDisplayData(id));"
        " return p.x > 0 && p.y > 0 && p.x < r.getDimensions().width"
        " && p.y < r.getDimensions().height; }).length"
    )
    assert len(zoomed) >= min(len(labels), shown // 2)
    if os.environ.get("DANVAN_SCREENSHOTS"):
        page.evaluate("danvanGraph.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 1})")
        page.wait_for_timeout(300)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))


def test_hover_details_language_search_and_filter(
    tab: tuple[Any, list[str]], page_file: Path
) -> None:
    page, problems = open_offline(tab, page_file)
    centre = f"https://w3id.org/danvan/id/org/{CENTRE}"
    x, y = page.evaluate(
        "id => { const r = danvanGraph.renderer;"
        " const p = r.framedGraphToViewport(r.getNodeDisplayData(id)); return [p.x, p.y]; }",
        centre,
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_function("() => document.querySelector('#details h2')")
    assert page.text_content("#details h2") == "Tỉnh ủy Hà Nam"
    assert page.text_content("#details .cls") == "Cơ quan, tổ chức"
    page.mouse.click(box["x"] + x, box["y"] + y)  # kept when the mouse leaves
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.check("#english")
    assert page.text_content("#details h2") == "Hà Nam Provincial Party Committee"
    assert page.text_content("#legend-title") == "Legend"
    assert "Organisation" in page.inner_text("#legend")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.uncheck("#english")

    # Diacritic-free search: "tinh uy ha nam" finds Tỉnh ủy Hà Nam first.
    page.fill("#search", "tinh uy ha nam")
    page.press("#search", "Enter")
    assert page.text_content("#details h2") == "Tỉnh ủy Hà Nam"
    assert "kết quả" in page.text_content("#found")
    page.fill("#search", "")
    page.press("#search", "Enter")

    # The class filter hides a class's nodes and the edges that touch them.
    organisations = page.evaluate(
        "danvanGraph.data.nodes.filter(n => n.cls === 'dv:Organisation').map(n => n.id)"
    )
    assert organisations
    page.uncheck(".class-filter[data-cls='dv:Organisation']")
    hidden = page.evaluate(
        "ids => ids.filter(id => danvanGraph.renderer.getNodeDisplayData(id).hidden).length",
        organisations,
    )
    assert hidden == len(organisations)
    page.check(".class-filter[data-cls='dv:Organisation']")
    assert problems == []


def test_markup_in_a_label_is_text(tab: tuple[Any, list[str]], page_file: Path) -> None:
    page, problems = open_offline(tab, page_file, motion="reduce")
    page.evaluate("danvanGraph.goTo('https://w3id.org/danvan/id/org/evil')")
    # Less motion asked for: the camera is on the node at once.
    assert page.evaluate("danvanGraph.renderer.getCamera().ratio") == 0.15
    assert page.text_content("#details h2") == EVIL
    assert page.locator("#details script").count() == 0
    assert page.evaluate("window.pwned") is None
    assert problems == []


def without_graphviz(selection: Selection, path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The page of ``selection`` written at ``path`` as on a machine without Graphviz (no
    positions: the page lays the graph out itself)."""
    monkeypatch.setattr(drawing.shutil, "which", lambda name: None)
    path.write_text(render_html(selection), encoding="utf-8")
    return path


def test_without_graphviz_the_layout_runs_in_a_worker(
    scripts: None,
    selection: Selection,
    tab: tuple[Any, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = without_graphviz(selection, tmp_path / "no-graphviz.html", monkeypatch)
    assert "graphologyLibrary={}" in path.read_text(encoding="utf-8")
    # The first picture comes at once, while the worker lays the graph out (the button to
    # stop it shown); the reader stops it (the timer that stops it by itself would take
    # 3 s + 1 ms a node, the worker a core meanwhile): the page answered, the result is spread.
    page, problems = open_offline(tab, path, until="ready", motion="reduce")
    # Looked at and pressed in one task of the page, so the timer cannot come in between;
    # None only if it came first (3.6 s after the page began: on a machine that busy, the
    # path this test took before the button).
    laying_out = page.evaluate(
        """() => { if (danvanGraph.stable) { return null; }
          const button = document.getElementById('stop-layout');
          const seen = [document.getElementById('status').textContent, button.hidden,
                        button.getBoundingClientRect().width > 0, button.textContent];
          button.click(); return [...seen, danvanGraph.stable]; }"""
    )
    assert laying_out in (None, ["đang bố trí…", False, True, "Dừng bố trí", True])
    page.wait_for_function("() => danvanGraph.stable")
    # Back to the whole graph, at once (less motion asked for), drawn by the next frame.
    assert page.evaluate("danvanGraph.renderer.getCamera().ratio") == 1
    page.evaluate("() => new Promise(drawn => requestAnimationFrame(() => setTimeout(drawn)))")
    assert page.is_hidden("#stop-layout") and page.text_content("#status") == ""
    assert problems == []
    assert page.evaluate("danvanGraph.firstPicture < danvanGraph.stableAt")
    points = node_screen_positions(page)
    width = page.evaluate("danvanGraph.renderer.getDimensions().width")
    assert max(p[0] for p in points) - min(p[0] for p in points) > 0.5 * width
    assert overlaps(page.evaluate("danvanGraph.labels")) == []


def test_a_layout_stopped_by_the_button_is_drawn_whole_after_the_camera_moves(
    scripts: None,
    selection: Selection,
    tab: tuple[Any, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The animated move back to the whole graph ends on a frame drawn as a move (no edges,
    # no labels); the page draws once more when it ends, or the reader who pressed the
    # button was left with bare dots (seen in a screenshot, 6 December).
    path = without_graphviz(selection, tmp_path / "stopped.html", monkeypatch)
    page, problems = open_offline(tab, path, until="ready")
    # pressed once the worker has moved the nodes for a while (its updates redraw too)
    start = page.evaluate(
        "() => danvanGraph.graph.getNodeAttribute(danvanGraph.graph.nodes()[0], 'x')"
    )
    page.wait_for_function(
        "x => danvanGraph.graph.getNodeAttribute(danvanGraph.graph.nodes()[0], 'x') !== x",
        arg=start,
    )
    page.wait_for_timeout(500)
    page.evaluate("() => document.getElementById('stop-layout').click()")
    page.wait_for_function("() => danvanGraph.stable")
    page.wait_for_function(
        "() => !danvanGraph.renderer.getCamera().isAnimated() && danvanGraph.labels.length > 0",
        timeout=10_000,
    )
    assert page.evaluate("danvanGraph.renderer.getCamera().ratio") == 1
    assert overlaps(page.evaluate("danvanGraph.labels")) == []
    assert problems == []


def test_without_the_scripts_the_vis_network_page_is_written_with_a_warning(
    selection: Selection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(webgl.ASSETS_ENV, str(tmp_path / "nothing"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = render_html(selection)
    assert "vis.Network" in text and "new Sigma(" not in text
    [warning] = [w.message for w in caught if isinstance(w.message, webgl.ExportWarning)]
    assert warning.code == "export.webgl-missing"
    assert str(warning).startswith(f"{len(selection_nodes(text))} nodes drawn with vis-network")


def selection_nodes(page_text: str) -> list[str]:
    import json

    start = page_text.index('id="graph-data">') + len('id="graph-data">')
    return json.loads(page_text[start : page_text.index("</script>", start)])["nodes"]


def test_cli_says_when_it_falls_back(
    built: tuple[Store, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(webgl.ASSETS_ENV, str(tmp_path / "nothing"))
    monkeypatch.setenv("DANVAN_LANG", "vi")
    out = tmp_path / "large.html"
    arguments = ["export", "--store", str(built[1]), "--around", CENTRE, "--depth", "4"]
    assert main([*arguments, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "nút được vẽ bằng vis-network" in err and "scripts/web-assets.sh" in err
    assert "vis.Network" in out.read_text(encoding="utf-8")
