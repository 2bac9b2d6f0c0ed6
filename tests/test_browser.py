"""The HTML export in a real browser: headless Chromium, network blocked, from disk.

Chromium comes from the system (Debian ``chromium``; ``make test`` installs it through
scripts/system-deps.sh) and is driven by Playwright's Python package with
``executable_path`` — no browser is ever downloaded.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from chromium import chromium, uses_chromium
from danvan_kg import export as ex
from danvan_kg.stores import Store
from danvan_kg.text import strip_diacritics

# One xdist worker runs the browser modules one after another, on one Chromium.
pytestmark = uses_chromium

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def fold(text: str) -> str:
    return strip_diacritics(text).lower()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(1280, 800) as context:
        yield context


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """One tab for the module, its console errors and the requests it was refused (both
    emptied by :func:`open_page`). Each test loads its page afresh into it (a new
    document, nothing of the last kept): a new tab costs Chromium about 0.2-0.5 s of CPU
    more than a navigation."""
    page = browser.new_page()
    errors: list[str] = []
    blocked: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    yield page, errors, blocked


def open_page(
    tab: tuple[Any, list[str], list[str]], path: Path
) -> tuple[Any, list[str], list[str]]:
    """``path`` loaded afresh in the module's tab, drawn; what it logged as an error and
    what it asked off the disc."""
    page, errors, blocked = tab
    errors.clear()
    blocked.clear()
    page.goto(path.as_uri())
    page.wait_for_function(
        "window.danvanGraph && window.danvanGraph.ready === true", timeout=120_000
    )
    return page, errors, blocked


def png_is_not_blank(data: bytes) -> bool:
    """Decode a PNG's pixels (8-bit RGB/RGBA) and check that the image has many distinct
    colours, not one flat fill: those of every seventh pixel of each row. Pillow decodes
    (matplotlib's dependency; this was a pure-Python unfilter, a second a screenshot); a
    pixel's channels are packed into one integer, so the colours are counted by a 1-D
    unique (``np.unique(..., axis=0)`` took a quarter of a second a screenshot)."""
    import numpy as np
    from PIL import Image

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    assert image.mode in ("RGB", "RGBA")  # 8 bits a channel
    pixels = np.asarray(image)
    sampled = pixels[:, ::7].reshape(-1, pixels.shape[2]).astype(np.uint32)
    packed = sampled @ (256 ** np.arange(pixels.shape[2], dtype=np.uint32))
    return len(np.unique(packed)) > 20


@pytest.fixture(scope="module")
def exports(
    graph: Store, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, Any, str]]:
    folder = tmp_path_factory.mktemp("html")
    chosen = {
        "lineage": (ex.select_lineage(graph, "ct-19-tu-ha-nam-2013"), "Hà Nam"),
        "source": (ex.select_graph(graph, "thanh-liem-2023"), "Thanh Liem"),  # without diacritics
        "around": (ex.select_around(graph, "dan-van-kheo", 2), "Quế Sơn"),
    }
    return {
        name: (ex.export(sel, "html", folder / f"{name}.html"), ex.to_networkx(sel), query)
        for name, (sel, query) in chosen.items()
    }


@pytest.mark.parametrize("name", ["lineage", "source", "around"])
def test_html_export_in_chromium(
    tab: tuple[Any, list[str], list[str]],
    exports: dict[str, tuple[Path, Any, str]],
    name: str,
    tmp_path: Path,
) -> None:
    path, graph, query = exports[name]
    page, errors, blocked = open_page(tab, path)
    assert errors == []
    assert blocked == []  # nothing but the file itself was asked for
    rendered = page.evaluate("window.danvanGraph.network.body.nodeIndices.length")
    assert rendered == graph.number_of_nodes()
    legend = page.locator("#legend .class-name").all_text_contents()
    assert len(legend) == len({d["class"] for _, d in graph.nodes(data=True)})

    page.fill("#search", query)
    page.press("#search", "Enter")
    selected = page.evaluate("window.danvanGraph.network.getSelectedNodes()")
    assert selected, f"searching {query!r} selected nothing"
    labels = [
        graph.nodes[node]["label_vi"] + " " + graph.nodes[node]["label_en"] for node in selected
    ]
    assert all(fold(query) in fold(label) for label in labels)
    assert page.locator("#details h2").text_content()

    page.check("#english")
    assert page.locator("#legend-title").text_content() == "Legend"
    page.uncheck("#english")

    shot = tmp_path / f"{name}.png"
    page.evaluate("window.danvanGraph.network.fit()")
    page.screenshot(path=str(shot))
    assert png_is_not_blank(shot.read_bytes())
    if name == "lineage":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SCREENSHOTS / "lineage-html.png")


def test_class_filter_hides_nodes(
    tab: tuple[Any, list[str], list[str]], exports: dict[str, tuple[Path, Any, str]]
) -> None:
    path, graph, _ = exports["source"]
    page, errors, _ = open_page(tab, path)
    before = page.evaluate("window.danvanGraph.network.body.nodeIndices.length")
    page.locator("#legend input.class-filter").first.uncheck()
    after = page.evaluate("window.danvanGraph.network.body.nodeIndices.length")
    assert after < before == graph.number_of_nodes()
    assert errors == []


def test_script_in_a_label_shows_as_text(
    tab: tuple[Any, list[str], list[str]], tmp_path: Path
) -> None:
    evil = '<script>window.pwned = 1</script><img src=x onerror="window.pwned=2">'
    node = ox.NamedNode("https://w3id.org/danvan/id/org/evil")
    selection = ex.Selection(
        [
            ox.Quad(
                node,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(evil, language="vi"),
                ox.NamedNode("https://w3id.org/danvan/graph/source/x"),
            ),
            ox.Quad(
                node,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://w3id.org/danvan/ontology#Organisation"),
                ox.NamedNode("https://w3id.org/danvan/graph/source/x"),
            ),
        ],
        "graph",
        evil,
        focus=node.value,
    )
    path = ex.export(selection, "html", tmp_path / "evil.html")
    page, errors, blocked = open_page(tab, path)
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("#details h2").text_content() == evil
    assert page.locator("#title").text_content() == evil
    assert errors == [] and blocked == []
