"""The annotated page of `danvan extract --annotate` in headless Chromium: spans are
highlighted with their value, markup in the article shows as text, nothing is fetched.

Set DANVAN_SCREENSHOTS=1 to (re)write docs/screenshots/extract-annotate.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import chromium, uses_chromium
from danvan_kg.extract import Metadata, extract
from danvan_kg.extract.annotate import annotate

# One xdist worker runs the browser modules one after another, on one Chromium.
pytestmark = uses_chromium

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "extract-annotate.png"
ARTICLE = (
    "<html><head><title>Tổng kết</title></head><body>"
    "<p>Sáng ngày 29/11, Huyện ủy Thanh Liêm tổ chức hội nghị tổng kết 10 năm thực hiện "
    "Chỉ thị số 19-CT/TU, ngày 16/10/2013 của Ban Thường vụ Tỉnh ủy; sơ kết phong trào "
    "“Dân vận khéo” giai đoạn 2021-2023.</p>"
    "<p>Dự có đồng chí Trần Văn An - Phó Bí thư Thường trực Huyện ủy. Toàn huyện có "
    "123 mô hình, trong đó 54 mô hình cấp huyện; mô hình “Camera an ninh”.</p>"
    "<p>Bình luận của bạn đọc: &lt;script&gt;alert('x')&lt;/script&gt; &lt;b&gt;đậm&lt;/b&gt;</p>"
    "</body></html>"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(1000, 900) as context:
        yield context


def test_annotated_page_in_chromium(browser: Any, tmp_path: Path) -> None:
    result = extract(ARTICLE, Metadata(published="2023-12-01", title="Tổng kết Chỉ thị 19"))
    page_file = tmp_path / "annotated.html"
    page_file.write_text(annotate(result), encoding="utf-8")
    page = browser.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_file.as_uri())

    identifier = page.locator("mark.k-document", has_text="19-CT/TU")
    assert identifier.count() == 1
    title = identifier.get_attribute("title") or ""
    assert title.startswith("document:") and '"identifier": "19-CT/TU"' in title
    colour = identifier.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
    date = page.locator("mark.k-date", has_text="29/11")
    assert '"year_inferred": true' in (date.get_attribute("title") or "")
    assert page.locator("mark.k-person", has_text="Trần Văn An").count() == 1
    # markup in the article is text, not markup: no <b>, no script ran
    article = page.locator("article")
    assert "<script>alert('x')</script>" in article.inner_text()
    assert article.locator("b, script").count() == 0
    assert dialogs == []
    assert "danvan-record/1" in page.locator("#draft + pre").inner_text()
    assert [url for url in requests if not url.startswith("file://")] == []

    if os.environ.get("DANVAN_SCREENSHOTS"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    page.close()
