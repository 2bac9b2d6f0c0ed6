"""Finding a node by what it is called: ``danvan find``, and the matching it shares with
the web's search box (:mod:`danvan_kg.web.search`).

What a reader types is folded once (:class:`Sought`): case, diacritics and where the tone
mark sits are ignored, so "THÙY", "Thuỳ", "thuy" and decomposed (NFD) input are one text,
and so are "khoá" and "khóa". Every name is folded the same way and compared with it; a
text the identifier parser accepts (``số 19-CT/TU``, ``19-CT/TƯ``) also matches the
documents whose canonical identifier it is. A match ranks 0 (that identifier), 1 (a
whole name), 2 (the start of a name), 3 (inside a name) or 4 (inside a name when
punctuation is ignored too: "19 ct tu" in "19-CT/TU", "thanh liem" in
"huyen-uy-thanh-liem"); lower is better.

:func:`find` reads every record node's names, key, kind and dates in one query
(``queries/system/find-records.rq``) and matches them here: SPARQL cannot fold Vietnamese.
The kind of a node comes from its ``rdf:type`` (:func:`~danvan_kg.stores.kind_of_class`),
never from its IRI.

>>> sought = Sought.of("THUỲ")
>>> sought.folded, sought.rank("Lê Thị Thủy", fold("Lê Thị Thủy"))
('thuy', 3)
>>> Sought.of("số 19-CT/TU").canonical, Sought.of("19 CT TU").rank("19-CT/TU", "19-ct/tu")
('19-CT/TU', 4)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from danvan_kg.errors import DanvanError, QueryError
from danvan_kg.identifiers import parse_identifier
from danvan_kg.messages import Language, render
from danvan_kg.stores import KIND_OF_TOP_CLASS, Store, Table, kind_of_class
from danvan_kg.text import match_key
from danvan_kg.vocab import DV_IRI, PREFIXES

# The kinds of record node, in the order hits of the same rank are listed.
KINDS: tuple[str, ...] = tuple(dict.fromkeys(KIND_OF_TOP_CLASS.values()))
DEFAULT_LIMIT = 20
COLUMNS = ("key", "kind", "label", "identifier", "date", "iri")

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
RECORD_KEY = DV_IRI + "recordKey"
IDENTIFIER = DV_IRI + "identifier"
TITLE = DV_IRI + "title"
# The texts a search matches; a node's other facts only describe the hit.
MATCHED = frozenset({RECORD_KEY, RDFS_LABEL, PREFIXES["skos"] + "altLabel", TITLE, IDENTIFIER})
# Where a node's date is, best first; its year only when it has none of them.
DATES = (DV_IRI + "date", DV_IRI + "dateIssued", DV_IRI + "publicationDate")
YEAR = DV_IRI + "year"
_PUNCTUATION = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """A name as it is compared: normalised, case-folded, without diacritics.

    >>> fold("Đặng Thị THUỲ") == fold("dang thi thùy") == "dang thi thuy"
    True
    """
    return match_key(text, ignore_diacritics=True)


def words(folded: str) -> str:
    """A folded name without its punctuation: its words, one space apart.

    >>> words("huyen-uy-thanh-liem"), words("19-ct/tu")
    ('huyen uy thanh liem', '19 ct tu')
    """
    return _PUNCTUATION.sub(" ", folded).strip()


def canonical_identifier(text: str) -> str | None:
    """The canonical document identifier ``text`` spells, None when it spells none."""
    try:
        return parse_identifier(text).canonical() or None
    except (DanvanError, ValueError):
        return None


@dataclass(frozen=True)
class Sought:
    """What a reader typed, folded once to be compared with many names."""

    text: str
    folded: str
    canonical: str | None = None
    words: str = ""  # the folded text without punctuation (see :func:`words`)

    @classmethod
    def of(cls, text: str) -> Sought:
        tidy = " ".join(text.split())
        if not tidy:
            return cls("", "")
        folded = fold(tidy)
        return cls(tidy, folded, canonical_identifier(tidy), words(folded))

    def rank(self, text: str, folded: str, *, identifier: bool = False) -> int | None:
        """How well a name (``text``, and ``folded`` by :func:`fold`) matches: 0 it is the
        identifier sought, 1 the whole name, 2 its start, 3 inside it, 4 inside it when
        punctuation is ignored; None no match."""
        if not self.folded:
            return None
        if identifier and self.canonical and text == self.canonical:
            return 0
        if folded == self.folded:
            return 1
        if folded.startswith(self.folded):
            return 2
        if self.folded in folded:
            return 3
        if self.words and self.words in words(folded):
            return 4
        return None


@dataclass(frozen=True)
class Found:
    """A node found by :func:`find`: its key, kind, Vietnamese label, identifier (a
    document's), date (or year) and IRI; ``matched`` is the name that matched, ``rank``
    how well (see :meth:`Sought.rank`)."""

    key: str
    kind: str
    label: str
    identifier: str
    date: str
    iri: str
    matched: str
    rank: int


@dataclass
class _Node:
    """What the store says of one record node (every value of each property)."""

    iri: str
    values: dict[str, set[ox.Literal]] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)

    def texts(self, prop: str) -> list[str]:
        return sorted(literal.value for literal in self.values.get(prop, ()))

    def label(self) -> str:
        """Its label in Vietnamese, else one without a language, else any; else a title."""
        for prop in (RDFS_LABEL, TITLE):
            literals = sorted(
                self.values.get(prop, ()),
                key=lambda lit: (lit.language != "vi", lit.language is not None, lit.value),
            )
            if literals:
                return literals[0].value
        return ""

    def date(self) -> str:
        for prop in DATES:
            if prop in self.values:
                return self.texts(prop)[0]
        return self.texts(YEAR)[0] if YEAR in self.values else ""


def _record_nodes(store: Store) -> list[_Node]:
    from danvan_kg.queries import system_query  # queries imports lookup, which is heavier

    nodes: dict[str, _Node] = {}
    for node, prop, value in store.select(system_query("find-records").text).rows:
        if not isinstance(node, ox.NamedNode) or prop is None or value is None:
            continue
        found = nodes.setdefault(node.value, _Node(node.value))
        if prop.value == RDF_TYPE:
            found.classes.add(value.value)
        elif isinstance(value, ox.Literal):
            found.values.setdefault(prop.value, set()).add(value)
    return list(nodes.values())


def find(
    store: Store, text: str, kind: str | None = None, limit: int | None = DEFAULT_LIMIT
) -> list[Found]:
    """The record nodes whose name, key or identifier contains ``text``, best match first
    (then by kind and key), at most ``limit`` (None: all); of one ``kind`` (``org``,
    ``person``, ``document`` … see :data:`KINDS`) if given.

    Case, diacritics and tone-mark placement do not matter: "thuy", "THÙY" and "Thuỳ"
    find "Lê Thị Thủy"; "19 CT/TU" finds every document numbered 19-CT/TU.
    """
    sought = Sought.of(text)
    if not sought.folded:
        raise QueryError("find.empty")
    if kind is not None and kind not in KINDS:
        raise QueryError("find.kind-unknown", kind=kind, known=", ".join(KINDS))
    if limit is not None and limit < 1:
        raise QueryError("find.limit-invalid", limit=limit)
    class_kinds = kind_of_class()
    hits = []
    for node in _record_nodes(store):
        kinds = {class_kinds[cls] for cls in node.classes if cls in class_kinds}
        if kind is not None and kind not in kinds:
            continue
        best: tuple[int, str] | None = None
        for prop in sorted(MATCHED & node.values.keys()):
            for name in node.texts(prop):
                rank = sought.rank(name, fold(name), identifier=prop == IDENTIFIER)
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, name)
        if best is None:
            continue
        shown = kind or next((known for known in KINDS if known in kinds), "")
        hits.append(
            Found(
                key=(node.texts(RECORD_KEY) or [""])[0],
                kind=shown,
                label=node.label(),
                identifier=", ".join(node.texts(IDENTIFIER)),
                date=node.date(),
                iri=node.iri,
                matched=best[1],
                rank=best[0],
            )
        )
    order = {known: position for position, known in enumerate(KINDS)}
    hits.sort(key=lambda hit: (hit.rank, order.get(hit.kind, len(order)), hit.key, hit.iri))
    return hits if limit is None else hits[:limit]


def found_table(hits: list[Found]) -> Table:
    """The hits as a result table (``key kind label identifier date iri``), for
    :func:`~danvan_kg.queries.format_table`."""

    def cell(value: str) -> ox.Literal | None:
        return ox.Literal(value) if value else None

    rows = tuple(
        (
            cell(hit.key),
            cell(hit.kind),
            cell(hit.label),
            cell(hit.identifier),
            cell(hit.date),
            ox.NamedNode(hit.iri),
        )
        for hit in hits
    )
    return Table(COLUMNS, rows)


def nothing_found(text: str, kind: str | None, language: Language = "en") -> str:
    """The one line that says nothing matched, in ``language``.

    >>> nothing_found("zzz", "person")
    "no person has a name, key or identifier like 'zzz'"
    """
    if kind is None:
        return render("find.nothing", {"text": text}, language)
    kind_word = render(f"lookup.kind-{kind}", {}, language)
    return render("find.nothing-of-kind", {"text": text, "kind": kind_word}, language)
