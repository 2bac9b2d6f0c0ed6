"""``danvan serve`` in a real browser (Debian's Chromium through Playwright, every request
off 127.0.0.1 blocked), as a user goes: search → a document → its lineage → its coverage
table and map (the image loaded) → an event and a unit of it → a catalogue query →
validate a bad file → add as an editor; and the extract flow: paste an article (a seed
article from ../shared/corpus where it is there, with a sentence carrying markup) → the
annotated article and the draft → validate → findings, the markup shown as text.

Screenshots: docs/screenshots/web-coverage.png, web-event.png, web-unit.png,
web-extract.png, web-extract-findings.png (the tab is one context of the process's
shared Chromium, tests/chromium.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the web extras (uvicorn) are not installed")

from chromium import uses_chromium
from conftest import CORPUS
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

TESTS = Path(__file__).parent
BAD = TESTS / "bad_records" / "conference-before-document.yaml"
GOOD = TESTS / "good_records" / "thanh-liem-2024-so-ket.yaml"
TOKEN = "pages-browser-secret"
SEED = "000_"  # the Thanh Liêm article (Chỉ thị 19-CT/TU, Dân vận khéo)
# Entities in the article, so the cleaned text holds the markup: it must show as text.
MARKUP = "<script>window.__pwned = 1</script>"
MARKUP_SENTENCE = "Ghi chú &lt;script&gt;window.__pwned = 1&lt;/script&gt; <b>cuối bài</b>."
SYNTHETIC = (
    "Sáng ngày 29/11/2023, Huyện ủy Thanh Liêm tổ chức hội nghị tổng kết 10 năm thực hiện "
    "Chỉ thị số 19-CT/TU, ngày 16/10/2013 của Ban Thường vụ Tỉnh ủy. Dự hội nghị có đồng chí "
    "Trần Xuân Thành, Phó Bí thư Thường trực Huyện ủy. Toàn huyện có 76 mô hình điển hình."
)


@pytest.fixture(scope="module")
def editor_base(
    built: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A writable copy of the graph, served with an editor token and a records folder.
    On disk, its table files hard-linked (tests/oxigraph_server.py): no 157k quads to
    read and load again into memory."""
    place = tmp_path_factory.mktemp("pages-browser-store") / "store"
    copy_store_folder(built[1], place)
    copy = Store.embedded(place)
    records = tmp_path_factory.mktemp("pages-browser-records")
    try:
        with Served(
            create_app(copy, Settings(editor_token=TOKEN, records=records, part_wait=PATIENT))
        ) as url:
            yield url
    finally:
        copy.close()


def test_search_document_coverage_map_event_unit_query_validate_add(editor_base: str) -> None:
    base = editor_base
    with browser_tab(base) as (tab, errors):
        tab.goto(f"{base}/")
        tab.fill("input[name=q]", "19-CT/TU")
        tab.press("input[name=q]", "Enter")
        tab.click("text=Chỉ thị 19-CT/TU")
        tab.wait_for_selector("table.facts")
        assert "2023-11-29-thanh-liem-tong-ket-ct19" in tab.inner_text("pre.lineage")

        tab.locator("section.coverage").scroll_into_view_if_needed()
        district = tab.inner_text("table.coverage[data-level=district]")
        assert "Huyện Thanh Liêm" in district and "sơ kết, tổng kết; khen thưởng" in district
        image = tab.locator("#coverage-map")
        image.scroll_into_view_if_needed()
        tab.wait_for_function(
            "() => { const i = document.getElementById('coverage-map');"
            " return i.complete && i.naturalWidth > 0; }",
            timeout=90_000,
        )
        assert image.evaluate("i => i.naturalWidth") > 300
        image.evaluate("i => i.closest('figure').scrollIntoView({block: 'end'})")
        shot(tab, "coverage")

        # a unit it covers: Thanh Liêm on the old map, then its 2025 province
        tab.click("table.coverage[data-level=district] a:text-is('Huyện Thanh Liêm')")
        tab.wait_for_selector("section.activity")
        assert "2023" in tab.inner_text("table.activity[data-map=old]")
        tab.locator("section.activity").scroll_into_view_if_needed()
        shot(tab, "unit")
        tab.click("p.successor a")
        tab.wait_for_selector("ul.predecessors")
        assert "Huyện Thanh Liêm" in tab.inner_text("ul.predecessors")

        # the conference that reviewed it
        tab.goto(f"{base}/id/event/2023-11-29-thanh-liem-tong-ket-ct19")
        tab.locator("section.participants").scroll_into_view_if_needed()
        assert "Trần Xuân Thành" in tab.inner_text("section.participants")
        assert "Khen thưởng (5 tập thể)" in tab.inner_text("section.awards")
        shot(tab, "event")

        tab.click("header nav >> text=Truy vấn")
        tab.click("a[href^='/queries/reviews-of-directive']")
        tab.fill("input[name=directive]", "19-CT/TU")
        tab.click("form.params button[type=submit]")
        tab.wait_for_selector("table.results tbody tr")

        tab.goto(f"{base}/validate")
        tab.set_input_files("input[type=file]", str(BAD))
        tab.click("form.records button[type=submit]:not([formaction])")
        tab.wait_for_selector("table.findings")
        assert "conference-before-document.yaml" in tab.inner_text("table.findings")

        tab.goto(f"{base}/validate?lang=en")
        tab.set_input_files("input[type=file]", str(GOOD))
        tab.fill("input[name=token]", TOKEN)
        tab.click("form.records button[formaction]")
        tab.wait_for_selector("p.added")
        assert tab.inner_text("p.added").startswith("Wrote ")
        assert not errors, errors


def article() -> str:
    """The seed article where the corpus is here, else a short one written for the test,
    pasted as HTML (one paragraph a line) with a last paragraph carrying markup: its
    ``<b>`` is the page's and is dropped, its ``&lt;script&gt;`` is the article's text."""
    seeds = sorted(CORPUS.glob(f"{SEED}*.txt")) if CORPUS.is_dir() else []
    text = seeds[0].read_text(encoding="utf-8") if seeds else SYNTHETIC
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    return f"<html><body>{paragraphs}<p>{MARKUP_SENTENCE}</p></body></html>"


def test_extract_an_article_then_validate_its_draft(editor_base: str) -> None:
    base = editor_base
    with browser_tab(base) as (tab, errors):
        tab.goto(f"{base}/")
        tab.click("header nav >> text=Trích xuất")
        tab.fill("textarea[name=article]", article())
        tab.fill("input[name=published]", "2023-11-30")
        tab.fill("input[name=province]", "Hà Nam")
        tab.click("#extract")
        tab.wait_for_selector("iframe.annotated")
        assert "document" in tab.inner_text("p.found")
        frame = next(f for f in tab.frames if f != tab.main_frame)
        frame.wait_for_selector("mark.k-document")
        assert "<script>window.__pwned = 1</script>" in frame.inner_text("article")
        assert frame.locator("article b").count() == 0  # <b> was the article's HTML: dropped
        assert tab.evaluate("() => window.__pwned") is None
        draft = tab.input_value("form.records textarea[name=text]")
        assert draft.startswith("format: danvan-record/1")
        assert "19-CT/TU" in draft
        tab.locator("iframe.annotated").scroll_into_view_if_needed()
        shot(tab, "extract")

        # the person edits the draft — here pasting the article's markup into its title
        edited = re.sub(
            r"(?m)^  title: .*(\n    .*)?$", f"  title: Ghi chú {MARKUP}", draft, count=1
        )
        tab.fill("form.records textarea[name=text]", edited)
        tab.click("#validate-draft")
        tab.wait_for_selector("table.findings", timeout=90_000)
        findings = tab.inner_text("table.findings")
        assert "source draft-" in findings  # unusable: the record checks stop there
        assert "title" in findings and "<script>" in findings  # the markup, quoted as text
        assert tab.evaluate("() => window.__pwned") is None
        tab.locator("section.report").scroll_into_view_if_needed()
        shot(tab, "extract-findings")
        assert not errors, errors
