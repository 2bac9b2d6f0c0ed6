"""Stage 5: the annotated page — the cleaned article with every mention highlighted.

One self-contained HTML file (no script, no remote resource): each span is a ``<mark>``
coloured by kind, with the normalised value in its ``title`` and a link to the draft
record's entry below the text. Everything from the article is escaped, so markup in it
shows as text.

>>> from danvan_kg.extract import extract
>>> page = annotate(extract("<p>Chỉ thị số 19-CT/TU &lt;b&gt;</p>"))
>>> '<mark class="k-document"' in page and "&lt;b&gt;" in page and "<b>" not in page
True
"""

from __future__ import annotations

import json
from html import escape

import yaml

from danvan_kg.extract.model import KINDS, Extraction, Mention

COLOURS = {
    "document": "#ffd166", "date": "#a0d8ef", "unit": "#c7f0bd", "organisation": "#b8e0a0",
    "person": "#f4a6c6", "event": "#d0b8f0", "model": "#ffb38a", "award": "#f7e07e",
    "figure": "#9fe3d6",
}  # fmt: skip
_STYLE = (
    "body{font:16px/1.6 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
    "article{white-space:pre-wrap;border:1px solid #ccc;padding:1rem;border-radius:6px}"
    "mark{border-radius:3px;padding:0 2px}mark.unresolved{outline:2px dashed #c00}"
    # (a monospace font with Vietnamese's precomposed letters: DejaVu Sans Mono, often the
    # default, lacks some and the marks then stand apart from their vowels)
    "pre{background:#f6f6f6;padding:1rem;overflow:auto;white-space:pre-wrap;"
    'font-family:"Liberation Mono","Noto Sans Mono",Cousine,ui-monospace,monospace}'
    ".legend mark{margin-right:.5rem}"
    + "".join(f"mark.k-{kind}{{background:{colour}}}" for kind, colour in COLOURS.items())
)


def _title(mention: Mention) -> str:
    value = json.dumps(mention.value, ensure_ascii=False, sort_keys=True)
    state = "" if mention.resolved else " — UNRESOLVED"
    return f"{mention.kind}{state}: {value} (confidence {mention.confidence:.2f})"


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Mentions that do not overlap an earlier kept one (marks cannot overlap in HTML);
    longer first, so an event's sentence never hides the date inside it."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def annotate(extraction: Extraction) -> str:
    """The annotated page of ``extraction`` as one HTML document."""
    text = extraction.article.text
    pieces: list[str] = []
    position = 0
    for index, mention in enumerate(_outermost(extraction.mentions)):
        pieces.append(escape(text[position : mention.start]))
        classes = f"k-{mention.kind}" + ("" if mention.resolved else " unresolved")
        pieces.append(
            f'<mark class="{classes}" id="m{index}" data-kind="{mention.kind}"'
            f' title="{escape(_title(mention))}"><a href="#draft">'
            f"{escape(text[mention.start : mention.end])}</a></mark>"
        )
        position = mention.end
    pieces.append(escape(text[position:]))
    legend = "".join(f'<mark class="k-{kind}">{kind}</mark>' for kind in KINDS)
    draft = yaml.safe_dump(extraction.record, allow_unicode=True, sort_keys=False)
    title = escape(extraction.article.metadata.title or extraction.article.name or "article")
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{title}</h1><p class="legend">{legend}</p>'
        f"<article>{''.join(pieces)}</article>"
        f'<h2 id="draft">Draft record</h2><pre>{escape(draft)}</pre></body></html>\n'
    )
