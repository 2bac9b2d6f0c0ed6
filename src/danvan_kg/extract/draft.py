"""Stage 4: the draft record (``danvan-record/1``) of an article's mentions.

Only what the text states goes in; what could not be resolved is kept as stated with a
note saying so, so that ``danvan validate`` refuses it with a finding instead of the
graph receiving a guess. Every draft's source note says it is a draft to be checked.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from danvan_kg.extract import draft_links
from danvan_kg.extract.links import Organisations, Scopes, add_unique, person_posts, record_key
from danvan_kg.extract.model import Article, Mention

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
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _source(article: Article) -> dict[str, Any]:
    meta = article.metadata
    title = meta.title or article.text.split("\n", 1)[0][:200]
    source: dict[str, Any] = {
        "key": record_key("draft", article.name.rsplit(".", 1)[0] or title[:40]),
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


def _units(
    mentions: list[Mention],
) -> tuple[list[dict[str, Any]], dict[str, str], dict[tuple[str, str], str]]:
    """The unit records, one per name and level, and their keys by name (the first unit of
    the name) and by name and level. A commune named like a unit of another level in the
    article ("thị trấn Yên Lập" beside "huyện Yên Lập") is written with its full name, which
    tells it from its namesakes."""
    firsts: dict[tuple[str, str], Mention] = {}
    for mention in mentions:
        firsts.setdefault((str(mention.value["name"]), str(mention.value["level"])), mention)
    levels_of = Counter(name for name, _ in firsts)
    records: list[dict[str, Any]] = []
    by_name: dict[str, str] = {}
    by_level: dict[tuple[str, str], str] = {}
    for (name, level), mention in firsts.items():
        value = mention.value
        shown = name
        if levels_of[name] > 1 and level == "commune" and value.get("full_name"):
            shown = str(value["full_name"])
        record: dict[str, Any] = {"key": record_key(shown), "name": shown, "level": level}
        if mention.resolved:
            for field in ("province", "district"):
                if field in value:
                    record[field] = value[field]
            if value.get("epoch") == "new":
                record["epoch"] = "new"
        else:
            record["note"] = f"Unresolved ({value.get('unresolved')}): kept as stated."
        key = add_unique(records, record)
        by_name.setdefault(name, key)
        by_level[name, level] = key
    return records, by_name, by_level


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
    text = article.text
    scopes = Scopes(text)
    record: dict[str, Any] = {"format": "danvan-record/1", "source": _source(article)}
    units, unit_keys, unit_keys_by_level = _units(of.get("unit", []))
    registry = Organisations(units, unit_keys, unit_keys_by_level)
    # bodies named in full first, so that "HU" and "UBND huyện" join them, not the reverse
    named = of.get("organisation", [])
    for mention in sorted(named, key=lambda m: not m.value.get("territory")):
        registry.add(mention.value)
    documents, doc_keys = _documents(of.get("document", []))
    events, index = _events(text, scopes, of.get("event", []), doc_keys, registry, unit_keys,
                            named)  # fmt: skip
    people = _people(text, scopes, of.get("person", []), registry, index)
    draft_links.organisation_participants(text, scopes, of.get("person", []), index, registry)
    awards = draft_links.awards(text, scopes, of.get("award", []), named, registry, doc_keys, index)
    models = draft_links.models(
        text, scopes, of.get("model", []), of.get("unit", []), registry, unit_keys
    )
    figures = []
    for mention in of.get("figure", []):
        measure = _measure(article, mention)
        if measure is None or mention.value.get("number") is None:
            continue
        add_unique(figures, {"key": record_key(measure, str(mention.value["number"])),
                             "measure": measure, "value": mention.value["number"]})  # fmt: skip
    # in the order of the record format; the registry may have added units and bodies
    for section, records in (
        ("units", units), ("organisations", registry.records), ("people", people),
        ("documents", documents), ("events", events), ("models", models),
        ("awards", awards), ("figures", figures),
    ):  # fmt: skip
        if records:
            record[section] = records
    return record


def _documents(mentions: list[Mention]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    documents: list[dict[str, Any]] = []
    doc_keys: dict[str, str] = {}
    for mention in mentions:
        identifier = mention.value.get("identifier")
        if not identifier or not mention.resolved:
            continue
        if identifier in doc_keys:  # a later mention may say more (date, term)
            known = next(d for d in documents if d["identifier"] == identifier)
            for field in ("date", "term"):
                if mention.value.get(field) and field not in known:
                    known[field] = mention.value[field]
            continue
        document: dict[str, Any] = {"key": record_key(str(identifier)), "identifier": identifier}
        if mention.value.get("type_from_word"):  # the notation alone does not say it
            document["type"] = mention.value["type"]
        if mention.value.get("date"):
            document["date"] = mention.value["date"]
        if mention.value.get("term"):
            document["term"] = mention.value["term"]
        doc_keys[str(identifier)] = add_unique(documents, document)
    return documents, doc_keys


def _people(
    text: str, scopes: Scopes, mentions: list[Mention], registry: Organisations,
    index: draft_links.EventIndex,
) -> list[dict[str, Any]]:  # fmt: skip
    """People, each a participant of the event their paragraph speaks of, with the posts
    the text gives them; a person of no event keeps their posts in a note."""
    people: list[dict[str, Any]] = []
    keys: dict[str, str] = {}
    segments = draft_links.person_segments(mentions, scopes)
    linked: dict[str, list[str]] = {}
    for mention in mentions:
        name = str(mention.value["name"])
        if name not in keys:
            keys[name] = add_unique(people, {"key": record_key(name), "name": name})
        posts, as_stated = person_posts(mention.value, registry)
        event = index.in_paragraph(mention.start)
        if event is None:
            if posts or as_stated:
                linked.setdefault(name, []).append(str(mention.value.get("post_text", "")))
            continue
        role = draft_links.participant_role(text, mention.start, mention.end,
                                            segments[mention.start])  # fmt: skip
        participants = event.setdefault("participants", [])
        known = next((p for p in participants if p.get("person") == keys[name]), None)
        if known is None:
            known = {"person": keys[name], "role": role}
            participants.append(known)
        elif known["role"] == "attendee" and role != "attendee":
            known["role"] = role  # "chủ trì" in one sentence, named again in another
        for post in posts:
            if post not in known.setdefault("posts", []):
                known["posts"].append(post)
        if not known.get("posts"):  # a second mention without a post: nothing to keep
            known.pop("posts", None)
        if as_stated and "note" not in known:
            known["note"] = (
                "Post organisation as stated: " + "; ".join(f"'{body}'" for body in as_stated) + "."
            )
    participants = {p["person"] for e in index.of.values() for p in e.get("participants", [])
                    if "person" in p}  # fmt: skip
    for person in people:
        stated = [p for p in linked.get(person["name"], []) if p]
        if person["key"] not in participants and stated:
            person["note"] = f"Post as stated: '{stated[0]}'; no event of the article is linked."
    return people


def _events(
    text: str,
    scopes: Scopes,
    mentions: list[Mention],
    doc_keys: dict[str, str],
    registry: Organisations,
    unit_keys: dict[str, str],
    organisations: list[Mention],
) -> tuple[list[dict[str, Any]], draft_links.EventIndex]:
    """Events with a date (one per date), or else the first event named."""
    # only a full date goes in (a day and month with no year to give them stays out)
    dated = [m for m in mentions if _FULL_DATE.fullmatch(str(m.value.get("date", "")))]
    chosen = list({str(m.value["date"]): m for m in reversed(dated)}.values())[::-1] or mentions[:1]
    events: list[dict[str, Any]] = []
    for mention in chosen:
        value = mention.value
        event: dict[str, Any] = {
            "key": record_key(str(value.get("date", "")), "event", str(value["type"])),
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
        if value.get("organiser"):
            organiser = next(
                (m.value for m in organisations if m.value["name"] == value["organiser"]), None
            )
            key = registry.add(organiser) if organiser else None
            if key:
                event["organiser"] = key
        event.update(draft_links.event_format(text, *scopes.sentence(mention.start)))
        add_unique(events, event)
    index = draft_links.EventIndex(scopes, mentions, chosen, events)
    for event in events:
        if event["kind"] == "working-visit":  # who receives whom, in any sentence about it
            for mention in index.mentions_of(event):
                clause = scopes.clause(mention.start)
                for field, key in draft_links.event_host(text, clause, organisations,
                                                         registry).items():  # fmt: skip
                    event.setdefault(field, key)
        reviews = draft_links.event_reviews(text, scopes, index.same_sentence(event), doc_keys)
        date = event.get("date")
        date = str(date["value"] if isinstance(date, dict) else date or "")
        for review in reviews:
            if date and "period" in review and draft_links.before_period(date, review):
                # the article's date or its period is wrong: leave the period to the reader
                period = review.pop("period")
                event["note"] = (
                    f"The article dates the event {date} but says it reviews {period}: "
                    "check the date (the period is left out)."
                )
        if reviews:
            event["reviews"] = reviews
    return events, index
