"""``danvan serve`` in a real browser: headless Chromium (Debian's, driven by Playwright,
every request off 127.0.0.1 blocked) clicks search → document → its lineage → a catalogue query →
validate a bad file, and keeps screenshots in docs/screenshots/web-*.png
(test_web_editor_browser.py adds a record as an editor)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the web extras (uvicorn) are not installed")

from chromium import chromium, uses_chromium
from danvan_kg.stores import Store
from danvan_kg.web import Settings, create_app
from test_browser import SCREENSHOTS
from test_web_sparql import Served

# One xdist worker runs the browser modules one after another, on one Chromium.
pytestmark = uses_chromium

# A page waits this long for its large parts (lineage, coverage, a unit's activity): the
# default 2 s could pass on a busy machine and show "still being computed" instead.
PATIENT = 60.0

BAD = Path(__file__).parent / "bad_records" / "conference-before-document.yaml"


@pytest.fixture(scope="module")
def base(graph: Store) -> Iterator[str]:
    """The session's graph of the shipped records (tests/conftest.py), served."""
    with Served(create_app(graph, Settings(part_wait=PATIENT))) as url:
        yield url


@contextmanager
def browser_tab(base: str) -> Iterator[tuple[Any, list[str]]]:
    """A Chromium tab that may reach ``base`` only; page errors are collected."""
    blocked: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    with chromium(1280, 900) as context:
        tab = context.new_page()
        tab.route("**/*", route)
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        yield tab, errors
    assert not blocked, f"requests left 127.0.0.1: {blocked}"


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[tuple[Any, list[str]]]:
    with browser_tab(base) as tab:
        yield tab


def shot(tab: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Two frames after the last scroll or load, so the picture is painted whole (a shot
    # taken at once sometimes caught the lineage's text half drawn).
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    tab.screenshot(path=str(SCREENSHOTS / f"web-{name}.png"), full_page=False)


def test_search_document_query_validate(base: str, page: tuple[Any, list[str]]) -> None:
    tab, errors = page
    tab.goto(f"{base}/")
    tab.fill("input[name=q]", "19-CT/TU")
    tab.press("input[name=q]", "Enter")
    tab.wait_for_selector("section.group")
    assert "Chỉ thị 19-CT/TU" in tab.inner_text("main")
    shot(tab, "search")

    tab.click("text=Chỉ thị 19-CT/TU")
    tab.wait_for_selector("table.facts")
    assert tab.inner_text("h1") == "Chỉ thị 19-CT/TU"
    assert "số, ký hiệu" in tab.inner_text("table.facts")
    shot(tab, "document")
    # The coverage map above the lineage loads lazily and moves the page when it comes:
    # brought in and waited for first, so the picture of the lineage is the same each run.
    tab.locator("#coverage-map").scroll_into_view_if_needed()
    tab.wait_for_function("() => document.getElementById('coverage-map').complete")
    tab.locator("pre.lineage").scroll_into_view_if_needed()
    assert "2023-11-29-thanh-liem-tong-ket-ct19" in tab.inner_text("pre.lineage")
    shot(tab, "lineage")
    tab.click("a.lang")
    tab.wait_for_selector("h1:text('Directive 19-CT/TU')")

    tab.click("header nav >> text=Queries")
    tab.click("a[href^='/queries/reviews-of-directive']")
    tab.fill("input[name=directive]", "19-CT/TU")
    tab.click("form.params button[type=submit]")
    tab.wait_for_selector("table.results tbody tr")
    assert "directive=19-CT%2FTU" in tab.url or "directive=19-CT/TU" in tab.url
    shot(tab, "query")

    tab.goto(f"{base}/validate")
    tab.set_input_files("input[type=file]", str(BAD))
    tab.click("form.records button[type=submit]:not([formaction])")
    tab.wait_for_selector("table.findings")
    assert "conference-before-document.yaml" in tab.inner_text("table.findings")
    assert "KHÔNG hợp lệ" in tab.inner_text("pre.text")
    shot(tab, "validate")

    tab.goto(f"{base}/editor?lang=en")
    tab.click("#run")
    tab.wait_for_selector("#results tbody tr", timeout=30_000)
    shot(tab, "editor")
    assert not errors, errors
