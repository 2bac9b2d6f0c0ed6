"""Stage 1: from an article as given (HTML or plain text) to the cleaned text.

The cleaned text is what every span points into: NFC, one tone-mark placement
(:func:`danvan_kg.text.normalise`, line by line so that line breaks survive), HTML tags,
scripts and styles removed, entities decoded, and page furniture dropped (menu lines,
image file names, share/comment buttons).

>>> clean("<p>Huyện ủy <b>Thanh Liêm</b> &amp; UBND</p><script>x()</script>")
'Huyện ủy Thanh Liêm & UBND'
>>> clean("Ho\u0300a  Bi\u0300nh\\n\\n\\n25.jpg\\nkhoá XI") == "Hòa Bình\\n\\nkhóa XI"
True
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from danvan_kg.extract.model import Metadata
from danvan_kg.text import normalise

# Elements whose content is never article text.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
# Elements that end a line when they close (or open).
_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "footer", "section", "article", "blockquote", "figure",
        "figcaption", "hr", "dd", "dt", "title", "nav", "aside", "main", "form", "pre",
    }
)  # fmt: skip
_HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|p|div|br|span|script|meta|head|a)\b", re.I)
# Lines that are page furniture, not article text (compared case-folded, whole line).
_FURNITURE = frozenset(
    {
        "skip ribbon commands", "skip to main content", "bình luận", "chia sẻ", "in bài",
        "in trang", "gửi bài", "lưu bài", "tin liên quan", "tin khác", "các tin khác",
        "quay lại", "về đầu trang", "trang chủ", "đăng nhập", "tweet", "share", "like",
        "facebook", "zalo", "email", "print", "bản in", "xem thêm",
    }
)  # fmt: skip
_IMAGE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp)$", re.I)
_META_NAMES = {
    "og:url": "url",
    "og:site_name": "publisher",
    "article:published_time": "published",
    "og:title": "title",
    "title": "title",
    "dc.date": "published",
    "pubdate": "published",
    "date": "published",
    "publisher": "publisher",
    "dc.publisher": "publisher",
}
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {name.lower(): value or "" for name, value in attrs}
            name = (values.get("property") or values.get("name") or "").lower()
            if name in _META_NAMES and values.get("content"):
                self.meta.setdefault(_META_NAMES[name], values["content"])
        elif tag == "link":
            values = {name.lower(): value or "" for name, value in attrs}
            if values.get("rel", "").lower() == "canonical" and values.get("href"):
                self.meta.setdefault("url", values["href"])
        if tag == "title":
            self.in_title = True
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED and self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            self.parts.append(data)


def is_html(raw: str) -> bool:
    """Whether ``raw`` looks like HTML rather than plain text."""
    return bool(_HTML_HINT.search(raw[:4096]))


def _parse_html(raw: str) -> tuple[str, Metadata]:
    parser = _Text()
    parser.feed(raw)
    parser.close()
    meta = dict(parser.meta)
    if "title" not in meta and parser.title:
        meta["title"] = "".join(parser.title)
    if "published" in meta:
        found = _ISO_DATE.search(meta["published"])
        meta["published"] = found.group(1) if found else ""
    clean_meta = {name: normalise(value) for name, value in meta.items() if value.strip()}
    return "".join(parser.parts), Metadata(**clean_meta)


def _tidy(text: str) -> str:
    lines: list[str] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalise(raw_line)
        if line.casefold() in _FURNITURE or _IMAGE_NAME.match(line):
            continue
        if not line and (not lines or not lines[-1]):
            continue  # at most one blank line in a row, none at the start
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def clean_with_metadata(raw: str) -> tuple[str, Metadata]:
    """The cleaned text of ``raw`` and the metadata its HTML meta tags give (if any)."""
    if is_html(raw):
        text, metadata = _parse_html(raw)
        return _tidy(text), metadata
    return _tidy(raw), Metadata()


def clean(raw: str) -> str:
    """The cleaned text of ``raw`` (HTML or plain text); see the module docstring."""
    return clean_with_metadata(raw)[0]
