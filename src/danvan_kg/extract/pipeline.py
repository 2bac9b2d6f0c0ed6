"""The whole pipeline for one article: clean → find → resolve → draft.

>>> result = extract("Ngày 12/01/2024, đồng chí Lê Văn An, Bí thư Huyện ủy, dự.")
>>> [(m.kind, m.text) for m in result.mentions]
[('date', '12/01/2024'), ('person', 'Lê Văn An'), ('organisation', 'Huyện ủy')]
"""

from __future__ import annotations

from typing import Any

from danvan_kg.extract.clean import clean_with_metadata
from danvan_kg.extract.draft import draft_record
from danvan_kg.extract.find.counts import find_figures, find_models
from danvan_kg.extract.find.dates import find_dates
from danvan_kg.extract.find.documents import find_documents
from danvan_kg.extract.find.events import find_awards, find_events
from danvan_kg.extract.find.people import find_people
from danvan_kg.extract.find.places import find_organisations, find_units
from danvan_kg.extract.model import Article, Extraction, Mention, Metadata
from danvan_kg.extract.resolve import match_documents, resolve_short_forms
from danvan_kg.gazetteer import Gazetteer


def _spans(mentions: list[Mention]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in mentions]


def _outside(mentions: list[Mention], taken: list[Mention]) -> list[Mention]:
    """``mentions`` cut before, or dropped at, the first taken span inside them."""
    kept = []
    for mention in mentions:
        inside = [t for t in taken if mention.overlaps(t.start, t.end)]
        if not inside:
            kept.append(mention)
            continue
        cut = min(t.start for t in inside)
        if cut > mention.start and mention.kind == "organisation":
            mention.end = cut
            mention.text = mention.text[: cut - mention.start].rstrip()
            mention.end = mention.start + len(mention.text)
            mention.value["name"] = " ".join(mention.text.split())
            mention.value.pop("territory", None)
            kept.append(mention)
    return kept


def find_mentions(
    article: Article, gazetteer: Gazetteer | None = None, store: Any = None
) -> list[Mention]:
    """Every mention in ``article.text``, by start (kinds may nest: a person inside an
    event's sentence, a date inside a period never)."""
    text = article.text
    gazetteer = gazetteer or Gazetteer.load()
    documents = resolve_short_forms(find_documents(text))
    if store is not None:
        match_documents(documents, store)
    dates = find_dates(text, article.metadata.published, exclude=_spans(documents))
    units = find_units(text, gazetteer, article.metadata.province)
    organisations = find_organisations(text)
    resolved_units = [m for m in units if m.resolved]
    people = find_people(text, exclude=_spans(resolved_units) + _spans(documents))
    units = _outside(units, people)
    organisations = _outside(organisations, people)
    numbers_taken = _spans(dates) + _spans(documents)
    figures = find_figures(text, exclude=numbers_taken)
    models = find_models(text)
    events = find_events(text, dates, documents, organisations, units)
    awards = find_awards(text, documents, organisations)
    everything = [
        *documents, *dates, *units, *organisations, *people, *figures, *models, *events, *awards
    ]  # fmt: skip
    return sorted(everything, key=lambda m: (m.start, m.kind))


def extract(
    raw: str,
    metadata: Metadata | None = None,
    *,
    name: str = "",
    gazetteer: Gazetteer | None = None,
    store: Any = None,
) -> Extraction:
    """Clean ``raw`` (HTML or text), find every mention, and draft the record.

    ``metadata`` given by the caller wins over what the HTML's meta tags say.
    """
    text, found_metadata = clean_with_metadata(raw)
    article = Article(text, (metadata or Metadata()).merged(found_metadata), name)
    mentions = find_mentions(article, gazetteer, store)
    return Extraction(article, mentions, draft_record(article, mentions))


__all__ = ["extract", "find_mentions"]
