"""Stage 4: the draft record (``danvan-record/1``) of an article's mentions.

Only what the text states goes in; what could not be resolved is kept as stated with a
note saying so, so that ``danvan validate`` refuses it with a finding instead of the
graph receiving a guess. Every draft's source note says it is a draft to be checked.
"""

from __future__ import annotations

import re
from typing import Any

from danvan_kg.extract.model import Article, Mention
from danvan_kg.text import slugify

DRAFT_NOTE = "Draft made by danvan extract: read the annotated page and check every value."
# Measure of a figure, from the words of its sentence just before it (never a guess
# from the number alone: a figure with none of these words stays out of the draft).
_MEASURES = (
    (r"công nhận", "models-recognised"),
    (r"đăng ký", "models-registered"),
    (r"duy trì", "models-maintained"),
    (r"tiêu biểu|điển hình", "models-exemplary"),
    (r"xây dựng|triển khai|thực hiện", "models-built"),
)
_MAX_KEY = 60
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _key(*parts: str) -> str:
    return slugify(" ".join(part for part in parts if part))[:_MAX_KEY].strip("-") or "x"


def _unique(records: list[dict[str, Any]], record: dict[str, Any]) -> None:
    keys = {r["key"] for r in records}
    base, number = record["key"], 2
    while record["key"] in keys:
        record["key"] = f"{base}-{number}"
        number += 1
    records.append(record)


def _source(article: Article) -> dict[str, Any]:
    meta = article.metadata
    title = meta.title or article.text.split("\n", 1)[0][:200]
    source: dict[str, Any] = {
        "key": _key("draft", article.name.rsplit(".", 1)[0] or title[:40]),
        "kind": "article",
        "title": title,
    }
    if meta.url and re.match(r"https?://\S+$", meta.url):
        source["url"] = meta.url
    if meta.publisher:
        source["publisher"] = meta.publisher
    if meta.published and re.match(r"\d{4}-\d{2}-\d{2}", meta.published):
        source["published"] = meta.published[:10]
    note = DRAFT_NOTE
    if meta.url and "url" not in source:  # not an address the url field takes: kept as said
        note += f" URL: {meta.url}"
    source["note"] = note
    return source


def _units(mentions: list[Mention]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    records: list[dict[str, Any]] = []
    by_name: dict[str, str] = {}
    for mention in mentions:
        value = mention.value
        name = str(value["name"])
        if name in by_name:
            continue
        record: dict[str, Any] = {"key": _key(name), "name": name, "level": value["level"]}
        if mention.resolved:
            for field in ("province", "district"):
                if field in value:
                    record[field] = value[field]
            if value.get("epoch") == "new":
                record["epoch"] = "new"
        else:
            record["note"] = f"Unresolved ({value.get('unresolved')}): kept as stated."
        _unique(records, record)
        by_name[name] = record["key"]
    return records, by_name


def _measure(article: Article, figure: Mention) -> str | None:
    counted = str(figure.value["counted"]).lower()
    before = article.text[max(0, figure.start - 80) : figure.start].lower()
    if counted == "mô hình":
        for pattern, measure in _MEASURES:
            if re.search(pattern, before):
                return measure
    return None


def draft_record(article: Article, mentions: list[Mention]) -> dict[str, Any]:
    """The draft record of ``article`` as a mapping ready for YAML."""
    of = {kind: [m for m in mentions if m.kind == kind] for kind in {m.kind for m in mentions}}
    record: dict[str, Any] = {"format": "danvan-record/1", "source": _source(article)}
    units, unit_keys = _units(of.get("unit", []))
    if units:
        record["units"] = units
    organisations: list[dict[str, Any]] = []
    for mention in of.get("organisation", []):
        value = mention.value
        if "level" not in value or any(o["name"] == value["name"] for o in organisations):
            continue  # a level cannot be read from the name: leave it to the person editing
        org: dict[str, Any] = {
            "key": _key(str(value["name"])),
            "name": value["name"],
            "kind": value["kind"],
            "level": value["level"],
        }
        territory = unit_keys.get(str(value.get("territory")))
        if territory:
            org["territory"] = territory
            # "Thành ủy Hội An" is a city's committee: the unit says the level, not the word
            org["level"] = next(u["level"] for u in units if u["key"] == territory)
        _unique(organisations, org)
    if organisations:
        record["organisations"] = organisations
    people: list[dict[str, Any]] = []
    for mention in of.get("person", []):
        name = str(mention.value["name"])
        if not any(p["name"] == name for p in people):
            _unique(people, {"key": _key(name), "name": name})
    if people:
        record["people"] = people
    documents: list[dict[str, Any]] = []
    doc_keys: dict[str, str] = {}
    for mention in of.get("document", []):
        identifier = mention.value.get("identifier")
        if not identifier or not mention.resolved:
            continue
        if identifier in doc_keys:  # a later mention may say more (date, term)
            known = next(d for d in documents if d["identifier"] == identifier)
            for field in ("date", "term"):
                if mention.value.get(field) and field not in known:
                    known[field] = mention.value[field]
            continue
        document: dict[str, Any] = {"key": _key(str(identifier)), "identifier": identifier}
        if mention.value.get("date"):
            document["date"] = mention.value["date"]
        if mention.value.get("term"):
            document["term"] = mention.value["term"]
        _unique(documents, document)
        doc_keys[str(identifier)] = document["key"]
    if documents:
        record["documents"] = documents
    org_keys = {o["name"]: o["key"] for o in organisations}
    events = _events(of.get("event", []), doc_keys, org_keys, unit_keys)
    if events:
        record["events"] = events
    models = []
    for mention in of.get("model", []):
        if not any(m["name"] == mention.value["name"] for m in models):
            _unique(
                models, {"key": _key(str(mention.value["name"])), "name": mention.value["name"]}
            )
    if models:
        record["models"] = models
    figures = []
    for mention in of.get("figure", []):
        measure = _measure(article, mention)
        if measure is None or mention.value.get("number") is None:
            continue
        _unique(figures, {"key": _key(measure, str(mention.value["number"])), "measure": measure,
                          "value": mention.value["number"]})  # fmt: skip
    if figures:
        record["figures"] = figures
    return record


def _events(
    mentions: list[Mention],
    doc_keys: dict[str, str],
    org_keys: dict[str, str],
    unit_keys: dict[str, str],
) -> list[dict[str, Any]]:
    """Events with a date (one per date), or else the first event named."""
    # only a full date goes in (a day and month with no year to give them stays out)
    dated = [m for m in mentions if _FULL_DATE.fullmatch(str(m.value.get("date", "")))]
    chosen = list({str(m.value["date"]): m for m in reversed(dated)}.values())[::-1] or mentions[:1]
    events: list[dict[str, Any]] = []
    for mention in chosen:
        value = mention.value
        event: dict[str, Any] = {
            "key": _key(str(value.get("date", "")), "event", str(value["type"])),
            "kind": value["kind"],
        }
        if _FULL_DATE.fullmatch(str(value.get("date", ""))):
            if value.get("date_year_inferred"):
                event["date"] = {
                    "value": value["date"],
                    "stated": value.get("date_stated", mention.text),
                    "note": "The article prints no year; the year is inferred. Check it.",
                }
            else:
                event["date"] = value["date"]
        if value.get("place") in unit_keys:
            event["place"] = unit_keys[value["place"]]
        if value.get("organiser") in org_keys:
            event["organiser"] = org_keys[value["organiser"]]
        reviews = []
        for identifier in value.get("documents", []):
            if identifier in doc_keys and value.get("review"):
                review: dict[str, Any] = {"of": doc_keys[identifier], "kind": value["review"]}
                if value.get("period"):
                    review["period"] = str(value["period"]).replace("/", "-")
                reviews.append(review)
        if reviews:
            event["reviews"] = reviews
        _unique(events, event)
    return events
