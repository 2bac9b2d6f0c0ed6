"""``danvan serve`` in a real browser, as an editor: upload a record file with the editor's
token, add it, find it by search (a module of its own: test_web_browser.py keeps its tab
open for its whole module; the tabs are contexts of the process's one Chromium,
tests/chromium.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the web extras (uvicorn) are not installed")

from chromium import uses_chromium
from danvan_kg.stores import Store
from danvan_kg.web import Settings, create_app
from oxigraph_server import copy_store_folder
from test_web_browser import browser_tab, shot
from test_web_sparql import Served

# One xdist worker runs the browser modules one after another, on one Chromium.
pytestmark = uses_chromium

# A page waits this long for its large parts (lineage, coverage, a unit's activity): the
# default 2 s could pass on a busy machine and show "still being computed" instead.
PATIENT = 60.0

GOOD = Path(__file__).parent / "good_records" / "thanh-liem-2024-so-ket.yaml"
TOKEN = "browser-editor-secret"


@pytest.fixture(scope="module")
def editor_base(
    built: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """A writable copy of the graph, served with an editor token and a records folder.
    On disk, its table files hard-linked (tests/oxigraph_server.py): no 157k quads to
    read and load again into memory."""
    place = tmp_path_factory.mktemp("browser-store") / "store"
    copy_store_folder(built[1], place)
    copy = Store.embedded(place)
    records = tmp_path_factory.mktemp("browser-records")
    settings = Settings(editor_token=TOKEN, records=records, part_wait=PATIENT)
    try:
        with Served(create_app(copy, settings)) as url:
            yield url, records
    finally:
        copy.close()


def test_an_editor_adds_a_record_in_the_browser(editor_base: tuple[str, Path]) -> None:
    base, records = editor_base
    with browser_tab(base) as (tab, errors):
        add_in_the_browser(base, records, tab, errors)


def add_in_the_browser(base: str, records: Path, tab: Any, errors: list[str]) -> None:
    tab.goto(f"{base}/validate?lang=en")
    tab.set_input_files("input[type=file]", str(GOOD))
    tab.fill("input[name=token]", TOKEN)
    tab.click("form.records button[formaction]")
    tab.wait_for_selector("p.added")
    assert tab.inner_text("p.added").startswith("Wrote ")
    shot(tab, "add")
    assert (records / "sources" / "test-thanh-liem-2024-so-ket.yaml").exists()
    tab.goto(f"{base}/search?q=2024-12-10-thanh-liem-so-ket-dvk")
    tab.click("section.group a >> nth=0")
    tab.wait_for_selector("table.facts")
    assert "sơ kết" in tab.inner_text("h1").lower()
    assert not errors, errors
