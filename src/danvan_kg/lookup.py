"""What a reader types, looked up: a record key, a document identifier, an IRI, a graph
name or a period.

Every command and view that takes "ID" goes through :func:`resolve`, so one spelling
works everywhere: a key (``ct-19-tu-ha-nam-2013``), a document identifier in any
spelling the identifier parser accepts (``19-CT/TU``, ``19 CT-TU``, ``Chỉ thị số
19-CT/TU``), a prefixed name (``dvi:document/…``) or a full IRI. An identifier that names
several documents is an error listing their keys; a key that names nothing may come with
the closest keys ("did you mean …").

>>> from danvan_kg.stores import Store
>>> parse_period("2021-2023"), parse_period("2023"), parse_period("all")
((2021, 2023), (2023, 2023), None)
>>> resolve(Store.embedded(), "dvi:document/x").value
'https://w3id.org/danvan/id/document/x'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import IdentifierError, QueryError
from danvan_kg.messages import Language, render
from danvan_kg.stores import Store, kind_of_class
from danvan_kg.text import normalise
from danvan_kg.vocab import GRAPH_IRI, PREFIXES, compact_iri

# Every kind of node made from a record, in the order ``thing`` tries them.
THING_KINDS = ("event", "model", "award", "figure", "document", "initiative", "org", "person")
TARGET_KINDS = ("document", "initiative")
SUGGESTIONS = 3  # closest keys offered when a key names nothing
SUGGESTION_POOL = 5000  # keys read to look for them (only ever on the error path)


class AmbiguousIdentifierError(QueryError):
    """An identifier such as ``19-CT/TU`` (or a key) names more than one node."""


class NotFoundError(QueryError):
    """Nothing has this key, identifier or IRI; ``suggestions`` are the closest keys."""

    def __init__(self, code: str, /, *, suggestions: Sequence[str] = (), **params: Any) -> None:
        self.suggestions = tuple(suggestions)
        super().__init__(code, **params)

    def message(self, language: Language = "en") -> str:
        params = dict(self.params)
        if "kind" in params:  # a kind of node is a word of the catalogue too
            params["kind"] = render(f"lookup.kind-{params['kind']}", {}, language)
        text = render(self.code, params, language)
        if self.suggestions:
            keys = ", ".join(self.suggestions)
            text += render("lookup.did-you-mean", {"keys": keys}, language)
        return text


def _not_found(store: Store, text: str, kinds: Sequence[str] | None) -> NotFoundError:
    suggestions = _closest_keys(store, text, kinds)
    if kinds is None:
        return NotFoundError("lookup.not-found", value=text, suggestions=suggestions)
    if tuple(kinds) == TARGET_KINDS:
        return NotFoundError("lookup.no-target", value=text, suggestions=suggestions)
    if len(kinds) == 1 and kinds[0] in THING_KINDS:
        return NotFoundError("lookup.no-kind", value=text, kind=kinds[0], suggestions=suggestions)
    return NotFoundError("lookup.no-thing", value=text, suggestions=suggestions)


def expand(text: str) -> str | None:
    """The IRI written as ``http(s)://…`` or as a prefixed name (``dvi:…``), else None."""
    if text.startswith(("http://", "https://")):
        return text
    prefix, colon, rest = text.partition(":")
    if colon and rest and prefix in PREFIXES:
        return PREFIXES[prefix] + rest
    return None


def resolve(store: Store, value: str, kinds: Sequence[str] | None = None) -> ox.NamedNode:
    """The node that ``value`` names: an IRI, a prefixed name, a record key or a document
    identifier.

    ``kinds`` (``document``, ``initiative``, ``org`` … see :data:`THING_KINDS`) are tried
    in order, a key first and, for documents, then an identifier; None takes a key of any
    kind (an error if it is the key of several nodes) and then an identifier.
    """
    text = normalise(value).strip()
    iri = expand(text)
    if iri is not None:
        return ox.NamedNode(iri)
    keyed = store.keyed(text)  # one query for every kind the key may be
    if kinds is None:
        found = list(dict.fromkeys(keyed.values()))
        if len(found) > 1:
            raise AmbiguousIdentifierError(
                "lookup.key-ambiguous",
                value=text,
                count=len(found),
                nodes=", ".join(compact_iri(node) for node in found),
            )
        if found:
            return ox.NamedNode(found[0])
        node = _by_identifier(store, text)
        if node is not None:
            return node
    else:
        for kind in kinds:
            if kind in keyed:
                return ox.NamedNode(keyed[kind])
            if kind == "document":
                node = _by_identifier(store, text)
                if node is not None:
                    return node
    raise _not_found(store, text, kinds)


def _by_identifier(store: Store, text: str) -> ox.NamedNode | None:
    """The one document whose ``dv:identifier`` is ``text`` read as an identifier."""
    from danvan_kg.identifiers import parse_identifier

    try:
        canonical = parse_identifier(text).canonical()
    except (IdentifierError, ValueError):
        return None
    if not canonical:
        return None
    table = store.select(
        "SELECT DISTINCT ?doc ?id ?key WHERE { ?doc dv:identifier ?id "
        "OPTIONAL { ?doc dv:recordKey ?key } } ORDER BY ?key ?doc",
        {"id": ox.Literal(canonical)},
    )
    matches = list(dict.fromkeys(row[0] for row in table.rows))
    if len(matches) == 1:
        return matches[0]  # type: ignore[return-value]
    if not matches:
        return None
    keys = ", ".join(
        dict.fromkeys(
            row[2].value if row[2] else str(row[0].value).rsplit("/document/", 1)[-1]
            for row in table.rows
            if row[0]
        )
    )
    raise AmbiguousIdentifierError(
        "lookup.identifier-ambiguous", value=text, count=len(matches), keys=keys
    )


def _closest_keys(store: Store, text: str, kinds: Sequence[str] | None) -> list[str]:
    """Keys that look like ``text`` (a typo), among the keys that start as it does: cheap
    enough for an error message at any store size."""
    if len(text) < 4 or "/" in text or " " in text:
        return []  # an identifier or a name, not a mistyped key
    table = store.select(
        "SELECT ?key ?class WHERE { ?node dv:recordKey ?key ; a ?class"
        f" FILTER(STRSTARTS(?key, ?start)) }} LIMIT {SUGGESTION_POOL}",
        {"start": ox.Literal(text[:2])},
    )
    # The kind of a node comes from its type, never from its IRI.
    class_kinds = kind_of_class()
    wanted = set(kinds) if kinds else set(class_kinds.values())
    keys = sorted(
        {
            key.value
            for key, cls in table.rows
            if key is not None and cls is not None and class_kinds.get(cls.value) in wanted
        }
    )
    return difflib.get_close_matches(text, keys, n=SUGGESTIONS, cutoff=0.8)


def resolve_graph(store: Store, value: str) -> str:
    """A named graph: its IRI, ``dvg:…``, or a source key (``thanh-liem-2023``)."""
    text = normalise(value).strip()
    known = store.named_graphs()
    iri = expand(text)
    candidates = [iri] if iri else [GRAPH_IRI + text, GRAPH_IRI + "source/" + text]
    for candidate in candidates:
        if candidate in known:
            return candidate
    raise NotFoundError("lookup.graph-unknown", graph=value)


# --------------------------------------------------------------------------- periods

PERIOD = re.compile(r"\s*(\d{4})\s*(?:[-–/]\s*(\d{4}))?\s*")


def parse_period(text: str | None) -> tuple[int, int] | None:
    """``"2021-2023"`` → ``(2021, 2023)``; ``"2023"`` → ``(2023, 2023)``; ``"all"``/empty → None."""
    if text is None or not text.strip() or text.strip().lower() == "all":
        return None
    match = PERIOD.fullmatch(text)
    if not match:
        raise QueryError("period.invalid", period=text)
    return check_period((int(match.group(1)), int(match.group(2) or match.group(1))))


def check_period(period: Any) -> tuple[int, int] | None:
    """A period given as text, as (start, end) or None, checked: start ≤ end."""
    if period is None:
        return None
    if isinstance(period, str):
        return parse_period(period)
    try:
        start, end = (int(year) for year in period)
    except (TypeError, ValueError):
        raise QueryError("period.not-a-pair", period=repr(period)) from None
    if start > end:
        raise QueryError("period.reversed", start=start, end=end)
    return start, end
