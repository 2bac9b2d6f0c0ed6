"""Search: one box over names, identifiers and keys, without regard to case or diacritics.

The names, keys and identifiers of every node are read once into memory (one SELECT,
:meth:`SearchIndex.load`) as folded text (:func:`danvan_kg.search.fold`); a search is
then a scan of that list, no query per keystroke, matched and ranked as ``danvan find``
does (:class:`danvan_kg.search.Sought`): a text the identifier parser accepts (``số
19-CT/TU``) also finds the documents whose canonical identifier it is. The index is read
when it is first needed (:class:`Names`), so the server starts at once; after an add,
the app reads it again.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter
from urllib.parse import quote

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from danvan_kg.queries import system_query
from danvan_kg.search import Sought
from danvan_kg.stores import EmbeddedStore, Store
from danvan_kg.text import strip_diacritics
from danvan_kg.vocab import BASE, ID_IRI, PREFIXES, VOCAB_IRI
from danvan_kg.web.common import json_response, language, page

# What a node is called, best first: the first one found names the hit.
NAME_PROPERTIES = (
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["dv"] + "title",
    PREFIXES["skos"] + "altLabel",
    PREFIXES["dv"] + "identifier",
    PREFIXES["dv"] + "recordKey",
    PREFIXES["dv"] + "unitCode",
    PREFIXES["skos"] + "notation",
)
IDENTIFIER = PREFIXES["dv"] + "identifier"
MAX_PER_KIND = 20
# Between two names in the texts searched at once (SearchIndex._blob): never in a search.
SEPARATOR = "\x00"
# What danvan_kg.search.words makes a blank (a run of anything but letters and digits),
# the separator excepted: the words of all the names at once (_Blob.of_words).
_NOT_WORDS = re.compile(r"(?:[^\w\x00]|_)+")


@dataclass(frozen=True, slots=True)
class Entry:
    # Slots, and the IRIs, properties, kinds and languages shared between entries
    # (SearchIndex.load interns them): 1.35 kB an entry became ~0.5 kB (docs/benchmarks.md).
    node: str
    property: str
    text: str
    folded: str
    kind: str
    language: str = ""


@dataclass
class Hit:
    node: str
    name: str
    kind: str
    matched: str
    rank: int
    path: str = ""


@dataclass
class Results:
    query: str
    groups: dict[str, list[Hit]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(hits) for hits in self.groups.values())

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "count": self.count,
            "groups": {
                kind: [
                    {"iri": hit.node, "name": hit.name, "matched": hit.matched, "page": hit.path}
                    for hit in hits
                ]
                for kind, hits in self.groups.items()
            },
        }


def kind_of(kind: str | None, rdf_type: str | None) -> str:
    """A node's kind for grouping: the kind of its class (``queries/system/node-kinds.rq``:
    ``document``, ``org``, ``unit`` …), else the local name of its class, else ``other``.

    >>> kind_of(None, "http://www.w3.org/2004/02/skos/core#Concept"), kind_of(None, None)
    ('concept', 'other')
    """
    if kind:
        return kind
    if rdf_type:
        return rdf_type.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
    return "other"


def page_path(node: str) -> str:
    """Where a node's page is: the path of its IRI for ``…/id/…`` and ``…/vocab/…``
    (``/id/org/x``), ``/resource?iri=…`` for any other IRI (the ontology's terms have a
    ``#`` that a browser never sends).

    >>> page_path("https://w3id.org/danvan/id/org/huyen-uy")
    '/id/org/huyen-uy'
    """
    if node.startswith((ID_IRI, VOCAB_IRI)) and "#" not in node and "?" not in node:
        return node[len(BASE) - 1 :]
    return "/resource?iri=" + quote(node, safe="")


class SearchIndex:
    """Every name, key and identifier of the graph, folded for matching.

    Kept as columns, one list a field, position ``i`` of each being one name (an
    :class:`Entry` is made only when asked for, :attr:`entries`): making an object for
    each of the 57,770 names of the shipped graph was most of the time of a read, and a
    writable store's app reads its index again after every add.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        rows = list(entries)
        self._fill(
            [entry.node for entry in rows],
            [entry.property for entry in rows],
            [entry.text for entry in rows],
            [entry.folded for entry in rows],
            [entry.kind for entry in rows],
            [entry.language for entry in rows],
        )

    def _fill(
        self,
        nodes: list[str],
        properties: list[str],
        texts: list[str],
        folded: list[str],
        kinds: list[str],
        languages: list[str],
    ) -> None:
        """Index the names given as columns (position ``i`` of each is one name)."""
        self.nodes, self.properties, self.texts = nodes, properties, texts
        self.folded, self.kinds, self.languages = folded, kinds, languages
        # graph → the positions of its names (None: not known, the index was given them)
        self._graphs: dict[str, slice] | None = None
        # Every folded name in one string, and every name's words in another, so that a
        # search finds its candidates with bytes.find (C speed) instead of ranking each
        # of the 337,000 names of a 1M-triple graph in Python (1.3–2 s a search at 1M).
        folded_names = _grouped(folded)
        self._folded = _Blob.of_groups(folded_names)
        # The words of each distinct folded name, not of each name (a third as many).
        self._words = _Blob.of_words(self._folded)
        self._identifiers: dict[str, list[int]] = {}
        # the identifiers' positions picked in C (a few among tens of thousands of names)
        for position in compress(range(len(properties)), map(IDENTIFIER.__eq__, properties)):
            self._identifiers.setdefault(texts[position], []).append(position)
        # node → language → its best name in that language ("" for names without one):
        # the first of the best-ranked property (a stable sort by rank, which costs
        # nothing on what load gives: its names come property by property, best first).
        order = {iri: position for position, iri in enumerate(NAME_PROPERTIES)}
        ranks = list(map(order.get, properties, repeat(len(order))))
        self.names: dict[str, dict[str, str]] = {}
        for position in sorted(range(len(ranks)), key=ranks.__getitem__):
            node, lang = nodes[position], languages[position]
            names = self.names.get(node)
            if names is None:
                self.names[node] = {lang: texts[position]}
            elif lang not in names:
                names[lang] = texts[position]

    @cached_property
    def entries(self) -> list[Entry]:
        """Each name as an :class:`Entry`, made on first use (the tests compare them)."""
        return list(
            map(
                Entry,
                self.nodes,
                self.properties,
                self.texts,
                self.folded,
                self.kinds,
                self.languages,
            )
        )

    @classmethod
    def load(cls, store: Store) -> SearchIndex:
        """The index of every name in ``store``."""
        return cls._read(store, {})

    def refreshed(self, store: Store, changed: Iterable[str]) -> SearchIndex:
        """The index of ``store`` after the named graphs ``changed`` were written (an
        add), the names of every other graph taken from this index instead of the store:
        the gazetteer's, 98 % of the shipped graph's names, are not read and folded again.
        The same index as :meth:`load` (tests/test_web.py compares them after an add):
        a graph's names are read by the same patterns in the same order either way, and
        the kinds, which the triples of any graph may change, are all read again.

        Only for a store nothing else writes to while this index lives (an embedded
        store: its writer holds it alone, Names.reload), and only when this index was
        read by :meth:`load` (it knows the graph of each name); else a whole read.
        """
        if self._graphs is None:
            return self.load(store)
        written = set(changed)
        kept = {
            graph: (
                self.nodes[part],
                self.properties[part],
                self.texts[part],
                self.folded[part],
                self.languages[part],
            )
            for graph, part in self._graphs.items()
            if graph not in written
        }
        return self._read(store, kept)

    @classmethod
    def _read(cls, store: Store, kept: dict[str, tuple[list[str], ...]]) -> SearchIndex:
        """Read the index of ``store``: the names of the graphs in ``kept`` are those
        given (nodes, properties, texts, folded texts, languages), the others' are read.

        The names are put graph by graph, graphs in the order of their IRIs, and in a
        graph property by property (best first) in the store's order: what reading one
        graph again gives, so a partial read (:meth:`refreshed`) is a whole one.
        """
        known: dict[str, str] = {}
        for node, kind in store.select(system_query("node-kinds").text).rows:
            if node is not None and kind is not None:
                known.setdefault(node.value, kind.value)
        types: dict[str, str] = {}
        classes = system_query("node-classes").text
        for node, rdf_type in store.select(classes, {"base": ox.Literal(ID_IRI)}).rows:
            if node is not None and rdf_type is not None:
                types.setdefault(node.value, rdf_type.value)
        # One str object for each distinct IRI and language: a node has several names,
        # and every quad brings its own copy of each. The names kept bring theirs.
        shared: dict[str, str] = {}
        for columns in kept.values():
            for iri in columns[0]:
                shared.setdefault(iri, iri)
        if isinstance(store, EmbeddedStore):
            wanted = None
            if kept:
                wanted = [graph for graph in store.named_graphs() if graph not in kept]
            parts = _names_as_text(store, wanted, shared)
        else:
            parts = _names_as_terms(store, kept, shared)
        parts.update(kept)
        graphs: dict[str, range] = {}
        at = 0
        for graph in sorted(parts):
            graphs[graph] = range(at, at + len(parts[graph][0]))
            at += len(parts[graph][0])
        ordered = [parts[graph] for graph in graphs]
        nodes, properties, texts, folds, languages = (
            list(chain.from_iterable(part[column] for part in ordered)) for column in range(5)
        )
        # The kind of each node once, not of each of its names.
        kind_of_node: dict[str, str] = {}
        for iri in dict.fromkeys(nodes):
            kind = kind_of(known.get(iri), types.get(iri))
            kind_of_node[iri] = shared.setdefault(kind, kind)
        index = cls.__new__(cls)
        index._fill(
            nodes, properties, texts, folds, list(map(kind_of_node.__getitem__, nodes)), languages
        )
        index._graphs = {graph: slice(part.start, part.stop) for graph, part in graphs.items()}
        return index

    def search(self, query: str, limit: int = MAX_PER_KIND, language: str = "vi") -> Results:
        """Hits grouped by kind, best first (:meth:`danvan_kg.search.Sought.rank`): a
        parsed identifier, whole-text matches, prefixes, then matches inside a name.

        >>> index = SearchIndex([Entry("https://w3id.org/danvan/id/org/a", "p", "Huyện ủy",
        ...                            "huyen uy", "org")])
        >>> [hit.name for hit in index.search("HUYỆN").groups["org"]]
        ['Huyện ủy']
        """
        sought = Sought.of(query)
        results = Results(sought.text)
        if not sought.folded:
            return results
        nodes, texts, kinds = self.nodes, self.texts, self.kinds
        # node → (its best rank, the name that gave it); Hits are made only for the
        # `limit` best of each kind (a one-letter search matches most of the graph).
        best: dict[str, tuple[int, int]] = {}
        for position in sorted(self._candidates(sought)):
            rank = sought.rank(
                texts[position],
                self.folded[position],
                identifier=self.properties[position] == IDENTIFIER,
            )
            if rank is None:
                continue
            node = nodes[position]
            known = best.get(node)
            if known is None or rank < known[0]:
                best[node] = (rank, position)
        # Each kind's hits by (rank, name), ties in the order found; kinds by their best
        # hit's rank, then by name.
        by_kind: dict[str, list[tuple[int, str, int, str, int]]] = {}
        for order, (node, (rank, position)) in enumerate(best.items()):
            name = self.name(node, language) or texts[position]
            by_kind.setdefault(kinds[position], []).append((rank, name, order, node, position))
        chosen = {kind: heapq.nsmallest(limit, hits) for kind, hits in by_kind.items()}
        for kind in sorted(chosen, key=lambda kind: (chosen[kind][0][0], kind)):
            results.groups[kind] = [
                Hit(
                    node=node,
                    name=name,
                    kind=kind,
                    matched=texts[position],
                    rank=rank,
                    path=page_path(node),
                )
                for rank, name, _order, node, position in chosen[kind]
            ]
        return results

    def _candidates(self, sought: Sought) -> set[int]:
        """The names that may match: those whose folded form holds the folded search
        (ranks 1–3), whose words hold its words (4), or that are the identifier it
        spells (0). A superset: :meth:`Sought.rank` decides."""
        found = set(self._folded.holding(sought.folded))
        if sought.words:
            found.update(self._words.holding(sought.words))
        if sought.canonical:
            found.update(self._identifiers.get(sought.canonical, ()))
        return found

    def name(self, node: str, language: str = "vi") -> str | None:
        """The node's name in ``language``, else one without a language, else any."""
        names = self.names.get(node)
        if not names:
            return None
        return names.get(language) or names.get("") or next(iter(names.values()))


def _names_as_terms(
    store: Store, kept: dict[str, tuple[list[str], ...]], shared: dict[str, str]
) -> dict[str, tuple[list[str], ...]]:
    """graph → its names as columns (nodes, properties, texts, folded, languages), read as
    terms from ``store`` (a remote one), every graph not in ``kept``, in the store's order."""
    parts: dict[str, tuple[list[str], ...]] = {}
    seen: dict[str, str] = {}
    reading: list[ox.NamedNode | None] = [None]  # every graph at once
    if kept:
        reading = [ox.NamedNode(graph) for graph in store.named_graphs() if graph not in kept]
    # A pattern a property, not a SELECT: the same quads, read a third as fast again
    # (no solution rows to build), which every app pays at its first search.
    # What each value of the Rust terms costs to read (a new str at every access) is
    # paid once a quad; a text is folded once however often it is named.
    for graph_node in reading:
        for prop in NAME_PROPERTIES:
            pattern = store.quads_for_pattern(predicate=ox.NamedNode(prop), graph=graph_node)
            for quad in pattern:
                node, text = quad.subject, quad.object
                if not isinstance(node, ox.NamedNode) or not isinstance(text, ox.Literal):
                    continue
                graph = quad.graph_name.value
                part = parts.get(graph)
                if part is None:
                    part = parts[shared.setdefault(graph, graph)] = ([], [], [], [], [])
                iri = node.value
                part[0].append(shared.setdefault(iri, iri))
                part[1].append(prop)
                value = text.value
                fold_ = seen.get(value)
                if fold_ is None:
                    fold_ = folded(value, seen)
                    # an ASCII name already in lower case is its own folded form
                    fold_ = seen[value] = value if fold_ == value else fold_
                part[2].append(value)
                part[3].append(fold_)
                language = text.language or ""
                part[4].append(shared.setdefault(language, language))
    return parts


def _names_as_text(
    store: EmbeddedStore, graphs: list[str] | None, shared: dict[str, str]
) -> dict[str, tuple[list[str], ...]]:
    """What :func:`_names_as_terms` gives (the same columns, the same order) of an
    embedded store, every named graph (``graphs`` None) or those given, read as text.

    Oxigraph writes each graph's rows of each property as SPARQL TSV, cut into cells by
    str.split (C speed): no Python term is made for a name, and each distinct node and
    value is decoded once (:func:`_literal`), the values once a process
    (:data:`_LITERALS`). A graph at a time, as :meth:`SearchIndex.refreshed` reads: no
    graph to write and decode on each row (a third of Oxigraph's time), and a graph's
    rows in the order of the same index as a pattern over every graph gives them
    (tests/test_web_search_index.py compares the two readings).
    """
    query = system_query("name-quads").text
    literals = _LITERALS
    if len(literals) > _LITERALS_KEPT:
        literals.clear()
    parts: dict[str, tuple[list[str], ...]] = {}
    for graph in store.named_graphs() if graphs is None else graphs:
        cells: list[str] = []
        properties: list[str] = []
        for prop in NAME_PROPERTIES:
            bindings = {"graph": ox.NamedNode(graph), "property": ox.NamedNode(prop)}
            # "?node\t?value\n" then a line a row, each ending with "\n"
            found = store.select_tsv(query, bindings).replace("\n", "\t").split("\t")[2:-1]
            cells += found
            properties += [prop] * (len(found) // 2)
        node_cells, value_cells = cells[0::2], cells[1::2]
        # Each distinct cell once: a node's cell is "<iri>" (its IRI, one str shared by
        # all its rows, or None for a blank node); a value's is decoded (None: no literal).
        iris: dict[str, str | None] = {}
        for cell in dict.fromkeys(node_cells):
            iri = cell[1:-1] if cell.startswith("<") and not cell.startswith("<<") else None
            iris[cell] = None if iri is None else shared.setdefault(iri, iri)
        for cell in dict.fromkeys(value_cells):
            if cell not in literals:
                literals[cell] = _literal(cell)
        nodes = list(map(iris.__getitem__, node_cells))
        decoded = list(map(literals.__getitem__, value_cells))
        if None in nodes or None in decoded:
            # a blank node named, or a property whose value is no literal: left out
            keep = [
                node is not None and value is not None
                for node, value in zip(nodes, decoded, strict=True)
            ]
            nodes = list(compress(nodes, keep))
            decoded = list(compress(decoded, keep))
            properties = list(compress(properties, keep))
        if not nodes:
            continue  # a graph without names has no part, as when read as terms
        languages = [shared.setdefault(tag, tag) for tag in map(itemgetter(2), decoded)]
        texts = list(map(itemgetter(0), decoded))
        parts[shared.setdefault(graph, graph)] = (
            nodes,
            properties,
            texts,
            list(map(itemgetter(1), decoded)),
            languages,
        )
    return parts  # type: ignore[return-value]


# A TSV cell of a literal → its value, folded value and language, kept for the process:
# every app over a writable store reads the same names at its first page and after each
# add, and decoding and folding them was a third of a read. A pure function of the
# cell's text, so what is kept is what would be computed again; bounded (cleared when
# it holds more: a few hundred bytes an entry), never stale.
_LITERALS: dict[str, tuple[str, str, str] | None] = {}
_LITERALS_KEPT = 500_000
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescaped(match: re.Match[str]) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else _ESCAPED[match[3]]


def _literal(cell: str) -> tuple[str, str, str] | None:
    """A TSV cell's literal as (value, folded value, language): what ``.value``,
    :func:`folded` and ``.language`` give of the term; None if the cell is no literal.
    A literal is ``"…"`` (escapes as in Turtle), then ``@language`` or ``^^<datatype>``,
    or a bare number or boolean, its value as written.

    >>> _literal('"Huyện \\\\"A\\\\"\\\\n"@vi'), _literal("12"), _literal("<http://x>")
    (('Huyện "A"\\n', 'huyen "a"', 'vi'), ('12', '12', ''), None)
    """
    if cell.startswith(("<", "_:")):
        return None
    language = ""
    value = cell
    if cell.startswith('"'):
        end = cell.rindex('"')
        value, suffix = cell[1:end], cell[end + 1 :]
        if suffix.startswith("@"):
            language = suffix[1:]
        if "\\" in value:
            value = _ESCAPE.sub(_unescaped, value)
    fold_ = folded(value, {})
    # an ASCII name already in lower case is its own folded form
    return value, value if fold_ == value else fold_, language


def folded(text: str, seen: dict[str, str]) -> str:
    """:func:`danvan_kg.search.fold`, quicker for what the index reads by the hundred
    thousand: an ASCII text (keys, identifiers, codes) needs only its spaces tidied and
    its case folded, and a text already in ``seen`` is not folded again (the index's
    read spent 10 of its 20 s at 1M in ``fold``).

    >>> from danvan_kg.search import fold
    >>> folded("  19-CT/TU ", {}) == fold("  19-CT/TU "), folded("Huyện ủy", {}) == fold("Huyện ủy")
    (True, True)
    >>> folded("Thuỳ  HOÀ", {}) == fold("Thuỳ  HOÀ") == "thuy hoa"
    True
    """
    if text.isascii():
        # What normalise + casefold + strip_diacritics amount to on ASCII.
        return " ".join(text.split()).lower()
    found = seen.get(text)
    if found is None:
        # fold without normalise's tone-mark placement, twice as fast: the marks it moves
        # stay on the same letters' syllable and strip_diacritics drops every mark, so the
        # result is the same (checked on every name of the shipped graph and on random
        # Vietnamese syllables).
        nfc = unicodedata.normalize("NFC", text)
        found = seen[text] = strip_diacritics(" ".join(nfc.split()).casefold())
    return found


def _grouped(texts: Iterable[str]) -> dict[str, list[int]]:
    """Each distinct text → the positions of ``texts`` that are it; a separator in a text
    becomes a blank (it would join two texts in a blob; a blank cannot, as searches never
    hold one: Sought tidies them).

    >>> _grouped(["a", "b", "a", "x\\x00y", "x y"])
    {'a': [0, 2], 'b': [1], 'x y': [3, 4]}
    """
    groups: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        found = groups.get(text)
        if found is None:
            groups[text] = [position]
        else:
            found.append(position)
    if any(SEPARATOR in text for text in groups):
        return _regrouped(groups, str)
    return groups


def _regrouped(groups: dict[str, list[int]], change: Callable[[str], str]) -> dict[str, list[int]]:
    """The groups of ``change`` of each text (separators made blanks), computed once for
    each distinct text: what :func:`_grouped` gives of the changed texts, positions in
    another order (a blob's holders are a set to its readers).

    >>> from danvan_kg.search import words
    >>> _regrouped({"a-b": [0, 3], "a b": [1], "c": [2]}, words)
    {'a b': [0, 3, 1], 'c': [2]}
    """
    changed: dict[str, list[int]] = {}
    for text, positions in groups.items():
        key = change(text).replace(SEPARATOR, " ")
        found = changed.get(key)
        if found is None:
            changed[key] = list(positions)
        else:
            found.extend(positions)
    return changed


class _Blob:
    """Texts searched at once: which of them hold a substring.

    The distinct texts are joined into one UTF-8 string (a 1M-triple graph has 337,000
    names but 119,000 distinct folded ones, nearly all ASCII once folded), so a search is
    a few ``bytes.find`` over it (C speed, a byte a character) and one list per distinct
    text gives the names that are that text. UTF-8 matches only at character
    boundaries, so a match of the bytes is a match of the text.

    >>> sorted(_Blob(["huyen uy", "ban dan van", "uy ban", "huyen uy"]).holding("uy"))
    [0, 2, 3]
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._fill(_grouped(texts))

    def _fill(self, groups: dict[str, list[int]]) -> None:
        """Join ``groups`` (distinct text, none holding the separator → positions)."""
        self._join(SEPARATOR.join(groups), list(groups.values()))

    def _join(self, joined: str, holders: list[list[int]]) -> None:
        """``joined``: the texts, a separator between two; ``holders``: each one's positions."""
        self.holders: list[list[int]] = holders
        self.text = joined.encode()
        # each text's byte offset in self.text (one encode and one split, both in C)
        self.starts: list[int] = list(
            accumulate((len(part) + 1 for part in self.text.split(SEPARATOR.encode())), initial=0)
        )
        self.starts.pop()

    @classmethod
    def of_groups(cls, groups: dict[str, list[int]]) -> _Blob:
        """The blob of groups made by :func:`_grouped` or :func:`_regrouped`."""
        blob = cls.__new__(cls)
        blob._fill(groups)
        return blob

    @classmethod
    def of_words(cls, folded: _Blob) -> _Blob:
        """The words (:func:`danvan_kg.search.words`) of each text of ``folded``, found
        in the whole blob at once: one regular expression over one string instead of one
        over each of its texts, the separators kept. Texts whose words are the same stay
        apart (a blob's holders are a set to its readers, so the hits are the same).

        >>> from danvan_kg.search import words
        >>> texts = ["huyen-uy thanh_liem", "19-ct/tu", "-", "(a)", "x y"]
        >>> blob = _Blob.of_words(_Blob(texts))
        >>> blob.text.decode().split(SEPARATOR) == [words(text) for text in texts]
        True
        >>> sorted(blob.holding("ct tu")), blob.starts
        ([1], [0, 20, 29, 30, 32])
        """
        joined = _NOT_WORDS.sub(" ", folded.text.decode())
        # What strip does to each text: no blank at either end of it.
        joined = joined.replace(" " + SEPARATOR, SEPARATOR).replace(SEPARATOR + " ", SEPARATOR)
        blob = cls.__new__(cls)
        blob._join(joined.strip(" "), folded.holders)
        return blob

    def holding(self, sought: str) -> Iterator[int]:
        """Positions of the texts that hold ``sought``, each once."""
        if not sought or SEPARATOR in sought:
            return
        needle = sought.encode()
        at = self.text.find(needle)
        while at >= 0:
            number = bisect.bisect_right(self.starts, at) - 1
            yield from self.holders[number]
            # Go on from the next text: one hit of a text is enough.
            following = number + 1
            if following >= len(self.starts):
                return
            at = self.text.find(needle, self.starts[following])


# The index of each open read-only store, shared by every app over it: its data cannot
# change while it is open (Store.read_only), so one read serves them all, where each app
# would otherwise read the same ~60,000 names again (a second a graph the size of the
# shipped one). Weak keys: an index lives no longer than its store.
_FIXED: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_FIXED_LOCK = threading.Lock()


def fixed_index(store: Store) -> SearchIndex:
    """The index of a read-only ``store``, read once per process.

    >>> from danvan_kg.stores import EmbeddedStore, Store
    >>> fixed_index(Store.embedded())
    Traceback (most recent call last):
    ...
    ValueError: only a read-only store's index is kept
    """
    if not store.read_only:
        raise ValueError("only a read-only store's index is kept")
    with _FIXED_LOCK:
        index = _FIXED.get(store)
        if index is None:
            index = _FIXED[store] = SearchIndex.load(store)
        return index


class Names:
    """The app's search index, read on first use and again after an add (the index of a
    read-only store is read once for every app over it: :func:`fixed_index`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                if self.store.read_only:
                    self._index = fixed_index(self.store)
                else:
                    self._index = SearchIndex.load(self.store)
            return self._index

    def reload(self, changed: Iterable[str] | None = None) -> None:
        """Read the index again: after an add that wrote the named graphs ``changed``,
        only those (:meth:`SearchIndex.refreshed`) when the store is an embedded one, which
        only the app's adds write to while it serves (in memory it is the app's own; on
        disk no other process can open it for writing while this one has it); else
        every name (None: any graph may have changed; a remote store has other writers)."""
        with self._lock:
            index = self._index
        if index is None or changed is None or not isinstance(self.store, EmbeddedStore):
            fresh = SearchIndex.load(self.store)
        else:
            fresh = index.refreshed(self.store, changed)
        with self._lock:
            self._index = fresh


def index_of(request: Request) -> SearchIndex:
    """The search index of the app serving ``request`` (call it off the event loop: the
    first call reads every name from the store)."""
    names: Names = request.app.state.names
    return names.get()


# --------------------------------------------------------------------------- pages


async def searched(request: Request, query: str) -> Results:
    """The hits for ``query``: kept ones (until an add), else found off the event loop."""
    lang = language(request)
    cache = request.app.state.cache
    key = ("search", query, lang)
    found = cache.get(key)
    if found is None:
        generation = cache.generation
        found = await run_in_threadpool(lambda: index_of(request).search(query, language=lang))
        # A few hits of at most MAX_PER_KIND a kind: a few kB each.
        cache.put(key, found, 512 + 256 * found.count, generation)
    return found  # type: ignore[no-any-return]


async def search_page(request: Request) -> Response:
    """``/`` and ``/search?q=``: the box, and the hits grouped by kind."""
    query = request.query_params.get("q", "")
    results = None
    if query.strip():
        results = await searched(request, query)
    return page(request, "search.html", query=query, search_text=query, results=results)


async def search_json(request: Request) -> Response:
    """``/search.json?q=``: the same hits as JSON (the text kept with the hits: writing
    it was most of the time of a kept search)."""
    query = request.query_params.get("q", "")
    cache = request.app.state.cache
    key = ("search.json", query, language(request))
    body = cache.get(key)
    if body is None:
        generation = cache.generation
        body = json_response((await searched(request, query)).as_json()).body
        cache.put(key, body, generation=generation)
    return Response(body, media_type="application/json")
