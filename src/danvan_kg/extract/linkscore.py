"""Links of a record, comparable between a draft and a hand-made record of the same
article: precision and recall of what `danvan extract` links.

Keys differ between a draft and the hand-made record, so every link is written with what
identifies its ends: a person or model by name (the hand-made record's ``stated`` spelling
counts as its name), an organisation by kind, level, unit and head word ("Ban Dân vận"),
a document by its identifier, a unit by name. Events are paired by kind and date (the
date as printed counts too), then the one left of a kind with the one left; awards by
their counts.

>>> gold = {"people": [{"key": "a", "name": "Lê Văn An"}],
...         "events": [{"key": "e", "kind": "conference", "date": "2024-01-12",
...                     "participants": [{"person": "a", "role": "chair"}]}]}
>>> draft = {"people": [{"key": "le-van-an", "name": "Lê Văn An"}],
...          "events": [{"key": "x", "kind": "conference", "date": "2024-01-12",
...                      "participants": [{"person": "le-van-an", "role": "attendee"}]}]}
>>> scores = score_links(draft, gold)
>>> scores["participant"]
(0, 1, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from danvan_kg.extract.find.dates import find_dates
from danvan_kg.extract.links import _ONE_PER_UNIT, body_head
from danvan_kg.identifiers import parse_identifier
from danvan_kg.text import match_key

Link = tuple[str, ...]
FAMILIES = ("post", "participant", "event", "review", "award", "model")


def _plain(value: Any) -> Any:
    return value["value"] if isinstance(value, dict) and "value" in value else value


def _stated(value: Any) -> Any:
    return value.get("stated") if isinstance(value, dict) else None


class _Ids:
    """What identifies each record of one record file, by key."""

    def __init__(self, record: dict[str, Any], aliases: dict[str, str] | None = None) -> None:
        self.aliases = aliases or {}
        units = {u["key"]: str(_plain(u["name"])) for u in record.get("units", [])}
        self.units = units
        self.orgs: dict[str, str] = {}
        for org in record.get("organisations", []):
            kind, name = str(_plain(org["kind"])), str(_plain(org["name"]))
            head = "" if kind in _ONE_PER_UNIT else body_head(name)
            territory = units.get(str(org.get("territory")), "")
            self.orgs[org["key"]] = f"{kind}|{_plain(org['level'])}|{territory}|{head}"
        self.people = {p["key"]: self._name(p["name"]) for p in record.get("people", [])}
        self.models = {m["key"]: self._name(m["name"]) for m in record.get("models", [])}
        self.documents: dict[str, str] = {}
        for document in record.get("documents", []):
            identifier = _plain(document.get("identifier"))
            self.documents[document["key"]] = (
                parse_identifier(str(identifier)).canonical() if identifier else document["key"]
            )

    def _name(self, name: Any) -> str:
        key = match_key(str(_plain(name)))
        return self.aliases.get(key, key)

    def who(self, entry: dict[str, Any]) -> str:
        if entry.get("person"):
            return "person:" + self.people.get(entry["person"], entry["person"])
        return "org:" + self.org(entry.get("organisation"))

    def org(self, key: Any) -> str:
        return self.orgs.get(str(key), f"?{key}")

    def target(self, key: Any) -> str:
        return self.documents.get(str(key), str(key))


def _aliases(gold: dict[str, Any]) -> dict[str, str]:
    """The hand-made record's stated spellings → its corrected names."""
    aliases = {}
    for section in ("people", "models"):
        for entry in gold.get(section, []):
            if _stated(entry["name"]):
                aliases[match_key(str(entry["name"]["stated"]))] = match_key(
                    str(entry["name"]["value"])
                )
    return aliases


def _event_dates(event: dict[str, Any]) -> set[str]:
    dates = {str(_plain(event.get("date")))} if event.get("date") else set()
    stated = _stated(event.get("date"))
    if stated:
        for mention in find_dates(str(stated)):
            value = mention.value
            if value.get("precision") == "day" and not value.get("year_inferred"):
                dates.add(str(value["iso"]))
    return dates


def _pair(draft: list[dict[str, Any]], gold: list[dict[str, Any]], same: Any) -> dict[str, str]:
    """Draft key → gold key: first by ``same``, then the one left of a kind each."""
    paired: dict[str, str] = {}
    used: set[str] = set()
    for d in draft:
        for g in gold:
            if g["key"] not in used and same(d, g):
                paired[d["key"]] = g["key"]
                used.add(g["key"])
                break
    for d in draft:
        if d["key"] in paired:
            continue
        left = [g for g in gold if g["key"] not in used and g.get("kind") == d.get("kind")]
        unpaired = [x for x in draft if x["key"] not in paired and x.get("kind") == d.get("kind")]
        if len(left) == 1 and len(unpaired) == 1:
            paired[d["key"]] = left[0]["key"]
            used.add(left[0]["key"])
    return paired


def _counts(award: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(_plain(award.get(f)) for f in ("collectives", "individuals", "models"))


def record_links(
    record: dict[str, Any], ids: _Ids, events: dict[str, str], awards: dict[str, str]
) -> Iterator[tuple[str, Link]]:
    """(family, link) of every link a record states; ``events``/``awards`` rename keys."""
    for event in record.get("events", []):
        e = "event:" + events.get(event["key"], "draft:" + event["key"])
        for field in ("organiser", "host"):
            if event.get(field):
                yield "event", (e, field, ids.org(_plain(event[field])))
        if event.get("place"):
            yield "event", (e, "place", ids.units.get(event["place"], event["place"]))
        if event.get("format"):
            yield "event", (e, "format", str(_plain(event["format"])))
        for review in event.get("reviews", []):
            target = ids.target(review["of"])
            yield "review", (e, "review", target, str(_plain(review["kind"])))
            if review.get("period"):
                yield "review", (e, "period", target, str(_plain(review["period"])))
        for entry in event.get("participants", []):
            yield "participant", (e, ids.who(entry), str(_plain(entry.get("role"))))
            yield from _posts(ids, entry)
    for award in record.get("awards", []):
        a = "award:" + awards.get(award["key"], "draft:" + award["key"])
        if award.get("giver"):
            yield "award", (a, "giver", ids.org(_plain(award["giver"])))
        if award.get("decision"):
            yield "award", (a, "decision", ids.target(_plain(award["decision"])))
        yield "award", (a, "form", str(_plain(award.get("form", "reward"))))
        for field in ("collectives", "individuals", "models"):
            if award.get(field) is not None:
                yield "award", (a, field, str(_plain(award[field])))
        if award.get("presented_at"):
            presented = str(award["presented_at"])
            yield "award", (a, "event", "event:" + events.get(presented, "draft:" + presented))
        if isinstance(award.get("presented_by"), dict):
            yield from _posts(ids, award["presented_by"])
    for model in record.get("models", []):
        m = "model:" + ids.models[model["key"]]
        if model.get("owner"):
            owner = str(_plain(model["owner"]))
            who = ids.people.get(owner)
            yield "model", (m, "owner", f"person:{who}" if who else "org:" + ids.org(owner))
        if model.get("place"):
            yield "model", (m, "place", ids.units.get(model["place"], model["place"]))
        if model.get("field"):
            yield "model", (m, "field", str(_plain(model["field"])))


def _posts(ids: _Ids, entry: dict[str, Any]) -> Iterator[tuple[str, Link]]:
    for post in entry.get("posts", []) or []:
        where = ids.org(post["in"]) if post.get("in") else "-"
        yield "post", (ids.who(entry), str(_plain(post["role"])), where)


def score_links(draft: dict[str, Any], gold: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """(links right, links the draft has, links the hand-made record has) by family."""
    aliases = _aliases(gold)
    draft_ids, gold_ids = _Ids(draft, aliases), _Ids(gold, aliases)
    gold_dates = {e["key"]: _event_dates(e) for e in gold.get("events", [])}
    events = _pair(
        draft.get("events", []), gold.get("events", []),
        lambda d, g: d.get("kind") == g.get("kind") and bool(_event_dates(d))
        and _event_dates(d) <= gold_dates[g["key"]],
    )  # fmt: skip
    awards = _pair(
        draft.get("awards", []),
        gold.get("awards", []),
        lambda d, g: any(c is not None for c in _counts(d)) and _counts(d) == _counts(g),
    )
    gold_links: dict[str, set[Link]] = {family: set() for family in FAMILIES}
    draft_links: dict[str, set[Link]] = {family: set() for family in FAMILIES}
    identity = {e["key"]: e["key"] for e in gold.get("events", [])}
    gold_awards = {a["key"]: a["key"] for a in gold.get("awards", [])}
    for family, link in record_links(gold, gold_ids, identity, gold_awards):
        gold_links[family].add(link)
    for family, link in record_links(draft, draft_ids, events, awards):
        draft_links[family].add(link)
    return {
        family: (
            len(draft_links[family] & gold_links[family]),
            len(draft_links[family]),
            len(gold_links[family]),
        )
        for family in FAMILIES
    }


def precision_recall(right: int, drafted: int, stated: int) -> tuple[float, float]:
    """(precision, recall); 1.0 where there is nothing to measure."""
    return (right / drafted if drafted else 1.0, right / stated if stated else 1.0)
