"""A page for every node, at the path of its IRI, with content negotiation.

``/id/org/huyen-uy-thanh-liem`` is the page of ``https://w3id.org/danvan/id/org/…``:
HTML for browsers (labels in Vietnamese, ``?lang=en`` for English; facts grouped by
property under the ontology's own labels, the source graph of each fact, corrections
with the stated value beside the corrected one, incoming links), and Turtle, N-Triples
or JSON-LD for clients that ask (``Accept`` or ``?format=``). Any other IRI has its page
at ``/resource?iri=…``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from danvan_kg import messages, queries, views
from danvan_kg.errors import DanvanError
from danvan_kg.messages import Language
from danvan_kg.queries import compact as compact_term
from danvan_kg.queries import system_query
from danvan_kg.stores import Store
from danvan_kg.vocab import BASE, ID_IRI, PREFIXES, compact_iri
from danvan_kg.web import kinds
from danvan_kg.web.cache import PENDING, Cache
from danvan_kg.web.common import FormatError, Settings, error, language, negotiate, page
from danvan_kg.web.downloads import export_links
from danvan_kg.web.search import SearchIndex, index_of, page_path
from danvan_kg.web.sparql import BusyError

RDF_OFFERS = {
    "html": "text/html",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
# A path below /id/ or /vocab/: segments of IRI-safe characters, none of them "." or "..".
SAFE_PATH = re.compile(r"^[\w\-.~()%:,+=@]+(/[\w\-.~()%:,+=@]+)*$")
LABELS = (PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label")
HAS_CORRECTION = PREFIXES["dv"] + "hasCorrection"
CORRECTION_PARTS = {
    PREFIXES["dv"] + "correctedProperty": "property",
    PREFIXES["dv"] + "statedValue": "stated",
    PREFIXES["dv"] + "correctedValue": "corrected",
}
MAX_INCOMING = 200
LANGUAGE_TAGS = ("vi", "en")
RDF_TYPE = PREFIXES["rdf"] + "type"


@dataclass
class Value:
    """One object of a fact, ready to show: text, where it links, which source said it."""

    text: str
    href: str | None
    note: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Fact:
    property: str
    label: str
    values: list[Value]


def safe_path(path: str) -> bool:
    """True for a path that can be part of an IRI here; ``..`` and odd characters are not.

    >>> safe_path("org/huyen-uy"), safe_path("../etc/passwd"), safe_path("a//b")
    (True, False, False)
    """
    if not SAFE_PATH.match(path):
        return False
    return all(segment not in (".", "..") for segment in path.split("/"))


def labels_of(store: Store, nodes: set[str]) -> dict[str, dict[str, str]]:
    """The labels of ``nodes`` by language (``""`` for a label without one)."""
    found: dict[str, dict[str, str]] = {}
    for node in nodes:
        for prop in LABELS:
            for quad in store.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(prop)):
                if isinstance(quad.object, ox.Literal):
                    found.setdefault(node, {}).setdefault(
                        quad.object.language or "", quad.object.value
                    )
    return found


def pick(labels: dict[str, str] | None, lang: Language) -> str | None:
    if not labels:
        return None
    return labels.get(lang) or labels.get("") or labels.get("vi") or next(iter(labels.values()))


def compact(term: object) -> str:
    """An IRI with the longest known prefix (``rdf:type``), any other term as its value."""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    return compact_term(term)  # type: ignore[arg-type]


def _graph_name(quad: ox.Quad) -> str:
    graph = quad.graph_name
    return compact(graph) if isinstance(graph, ox.NamedNode) else ""


def _show(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
    labels: dict[str, dict[str, str]],
    index: SearchIndex,
    lang: Language,
) -> Value:
    if isinstance(term, ox.NamedNode):
        name = pick(labels.get(term.value), lang) or index.name(term.value, lang) or compact(term)
        return Value(name, page_path(term.value), compact(term) if name != compact(term) else "")
    if isinstance(term, ox.Literal):
        note = term.language or ""
        if not note and term.datatype.value != PREFIXES["xsd"] + "string":
            note = compact(term.datatype)
        return Value(term.value, None, note)
    return Value(str(term), None, "")


def describe_node(store: Store, index: SearchIndex, iri: str, lang: Language) -> dict | None:
    """What the HTML page shows about ``iri``, or None when the graph has nothing on it."""
    node = ox.NamedNode(iri)
    outgoing = list(store.quads_for_pattern(node))
    incoming = []
    for quad in store.quads_for_pattern(None, None, node):
        incoming.append(quad)
        if len(incoming) > MAX_INCOMING:
            break
    if not outgoing and not incoming:
        return None
    wanted = {iri} | {quad.predicate.value for quad in outgoing + incoming}
    wanted |= {q.object.value for q in outgoing if isinstance(q.object, ox.NamedNode)}
    wanted |= {q.subject.value for q in incoming if isinstance(q.subject, ox.NamedNode)}
    labels = labels_of(store, wanted)
    facts: dict[str, Fact] = {}
    corrections = []
    for quad in outgoing:
        prop = quad.predicate.value
        if prop == HAS_CORRECTION and isinstance(quad.object, ox.NamedNode | ox.BlankNode):
            corrections.append(_correction(store, quad.object, labels, index, lang))
        fact = facts.get(prop)
        if fact is None:
            label = pick(labels.get(prop), lang) or (
                messages.render("web.ui.type", {}, lang)
                if prop == RDF_TYPE
                else compact(quad.predicate)
            )
            fact = facts[prop] = Fact(prop, label, [])
        value = _show(quad.object, labels, index, lang)
        same = next((v for v in fact.values if (v.text, v.href) == (value.text, value.href)), None)
        if same is None:
            fact.values.append(value)
            same = value
        source = _graph_name(quad)
        if source and source not in same.sources:
            same.sources.append(source)
    for fact in facts.values():
        fact.values = _in_language(fact.values, lang)
    links = []
    for quad in incoming[:MAX_INCOMING]:
        label = pick(labels.get(quad.predicate.value), lang) or compact(quad.predicate)
        links.append((_show(quad.subject, labels, index, lang), label, _graph_name(quad)))
    title = pick(labels.get(iri), lang) or index.name(iri, lang) or compact(node)
    return {
        "iri": iri,
        "title": title,
        "facts": sorted(facts.values(), key=lambda fact: fact.label.casefold()),
        "corrections": corrections,
        "incoming": links,
        "incoming_more": len(incoming) > MAX_INCOMING,
    }


def _in_language(values: list[Value], lang: Language) -> list[Value]:
    """Where a property has texts in several languages, the ones in the page's language
    (the other languages are a ``?lang=`` switch away); other values all stay."""
    tagged = {value.note for value in values if value.note in LANGUAGE_TAGS}
    if lang not in tagged or len(tagged) < 2:
        return values
    return [value for value in values if value.note not in LANGUAGE_TAGS or value.note == lang]


def _correction(
    store: Store,
    correction: ox.NamedNode | ox.BlankNode,
    labels: dict[str, dict[str, str]],
    index: SearchIndex,
    lang: Language,
) -> dict[str, str]:
    parts = {"property": "", "stated": "", "corrected": ""}
    for quad in store.quads_for_pattern(correction):
        part = CORRECTION_PARTS.get(quad.predicate.value)
        if part:
            parts[part] = _show(quad.object, labels, index, lang).text
    return parts


def rdf_answer(store: Store, iri: str, chosen: str) -> Response:
    """The node's own statements (every source graph merged) in an RDF format."""
    triples = sorted(
        {ox.Triple(q.subject, q.predicate, q.object) for q in store.describe([ox.NamedNode(iri)])},
        key=str,
    )
    body = ox.serialize(triples, format=RDF_FORMATS[chosen], prefixes=PREFIXES)
    return Response(body, media_type=RDF_OFFERS[chosen], headers={"Vary": "Accept"})


def node_page(request: Request, iri: str) -> Response:
    store: Store = request.app.state.store
    try:
        chosen = negotiate(request, RDF_OFFERS, "html")
    except FormatError as wrong:
        return error(
            "web.bad-format", request, 400, format=wrong.wanted, known=", ".join(wrong.known)
        )
    if chosen is None:
        return error(
            "web.not-acceptable",
            request,
            406,
            json_body=False,
            accept=request.headers.get("accept", ""),
            known=", ".join(RDF_OFFERS.values()),
        )
    if chosen != "html":
        if not store.ask("ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }", {"s": ox.NamedNode(iri)}):
            return error("web.unknown-iri", request, 404, json_body=False, iri=iri)
        return rdf_answer(store, iri, chosen)
    lang = language(request)
    cache: Cache = request.app.state.cache
    key = ("page", str(request.url))
    kept = cache.get(key)
    if kept is not None:
        return HTMLResponse(kept)
    generation = cache.generation
    index = index_of(request)
    about = describe_node(store, index, iri, lang)
    if about is None:
        words = re.sub(r"[-_/]+", " ", iri.rsplit("/", 1)[-1])
        suggestions = index.search(words, limit=5, language=lang)
        return page(request, "not_found.html", status_code=404, iri=iri, suggestions=suggestions)
    downloads = {name: f"?format={name}" for name in RDF_FORMATS}
    found = parts(request, iri, lang)
    lineage, coverage = found.get("lineage"), found.get("coverage")
    activity = found.get("activity")
    kind = kinds.kind_of(store, iri)
    related = related_queries(iri, kind, lang)
    exports = export_links(iri, kind) if iri.startswith(ID_IRI) else []
    if activity and activity is not PENDING:
        related = related + activity["related"]  # type: ignore[index]
    answer = page(
        request,
        "entity.html",
        downloads=downloads,
        exports=exports,
        lineage=None if lineage is PENDING else lineage,
        lineage_pending=lineage is PENDING,
        related=related,
        coverage=None if coverage is PENDING else coverage,
        coverage_pending=coverage is PENDING,
        activity=None if activity is PENDING else activity,
        activity_pending=activity is PENDING,
        sections=kinds.event_sections(store, index, iri, lang) if kind == "event" else [],
        **about,
    )
    if PENDING not in found.values():
        # The whole page is kept until an add (a page with a part still being computed
        # is not: the next request shows the part).
        cache.put(key, answer.body.decode(), generation=generation)
    return answer


# Catalogue queries that take a document or initiative, and the parameter that names it.
RELATED_QUERIES = {
    "document": (
        ("lineage", "directive"),
        ("reviews-of-directive", "directive"),
        ("coverage", "target"),
        ("awards-for", "directive"),
    ),
    "initiative": (
        ("reviews-of-directive", "directive"),
        ("coverage", "target"),
        ("awards-for", "directive"),
    ),
}
# What a page lists of each kind under a document (web-lineage-first.rq keeps as many),
# the catalogue query listing them all, and its parameter.
FIRST_ITEMS = 20
UNDER_KINDS = (
    ("conference", "reviews-of-directive", "directive"),
    ("model", "models-under", "target"),
    ("award", "awards-for", "directive"),
)
# Lines of a lineage tree a page shows (the whole tree is an export away).
MAX_TREE_LINES = 300


def related_queries(iri: str, kind: str, lang: Language) -> list[tuple[str, str]]:
    """Links to the catalogue queries about a document or an initiative (``kind``), its
    IRI filled in."""
    catalogue = queries.catalogue()
    return [
        (
            catalogue[name].title.get(lang) or catalogue[name].title["en"],
            f"/queries/{name}?{urlencode({parameter: iri, 'lang': lang})}",
        )
        for name, parameter in RELATED_QUERIES.get(kind, ())
        if name in catalogue
    ]


def lineage_part(store: Store, index: SearchIndex, iri: str, lang: Language) -> dict:
    """A document's lineage tree, and how many conferences, models and awards are under
    it (a document or an initiative).

    When there are at most :data:`FIRST_ITEMS` of each, the tree is drawn whole, as
    ``danvan lineage`` draws it. Otherwise (a central directive has tens of thousands)
    the tree shows the documents only, and each kind is listed apart: its count, the
    first :data:`FIRST_ITEMS` and a link to the catalogue query listing them all. Every
    query here is bounded (COUNT, LIMIT); the tree is cut at :data:`MAX_TREE_LINES`.
    """
    kind = kinds.kind_of(store, iri)
    found: dict = {"tree": None, "lists": [], "counts": {}, "cut": 0, "full": ""}
    if kind not in ("document", "initiative"):
        return found
    try:
        counted = queries.run(system_query("web-lineage-counts"), store, {"directive": iri})
    except DanvanError:
        return found
    counts = {row["kind"]: int(row["count"] or 0) for row in counted.values()}
    found["counts"] = {name: counts.get(name, 0) for name, _, _ in UNDER_KINDS}
    few = all(count <= FIRST_ITEMS for count in counts.values())
    if not few or kind == "initiative":
        found["lists"] = _first_items(store, index, iri, lang, found["counts"])
    if kind == "document":
        try:
            tree = views.lineage(store, iri, activity=few).render(lang)
        except DanvanError:
            tree = None  # a document outside any lineage the views know
        if tree is not None:
            lines = tree.splitlines()
            if len(lines) > MAX_TREE_LINES:
                found["cut"] = len(lines) - MAX_TREE_LINES
                tree = "\n".join(lines[:MAX_TREE_LINES]) + "\n…\n"
                found["full"] = "/export?" + urlencode(
                    {"view": "lineage", "format": "html", "node": iri}
                )
        found["tree"] = tree
    return found


def _first_items(
    store: Store, index: SearchIndex, iri: str, lang: Language, counts: dict[str, int]
) -> list[dict]:
    rows = queries.run(system_query("web-lineage-first"), store, {"directive": iri}).values()
    labels = labels_of(store, {row["item"] for row in rows if row["item"]})
    lists = []
    for kind, query, parameter in UNDER_KINDS:
        if not counts.get(kind):
            continue
        mine = sorted(
            (row for row in rows if row["kind"] == kind),
            key=lambda row: (row["date"] or "9999", row["key"] or row["item"]),
        )[:FIRST_ITEMS]
        items = []
        for row in mine:
            node = row["item"]
            name = pick(labels.get(node), lang) or index.name(node, lang) or row["key"] or node
            items.append((kinds.Cell(name, page_path(node)), row["date"] or ""))
        lists.append(
            {
                "kind": kind,
                "count": counts[kind],
                "entries": items,
                "more": max(0, counts[kind] - len(items)),
                "href": f"/queries/{query}?{urlencode({parameter: iri, 'lang': lang})}",
            }
        )
    return lists


def _part_size(part: object) -> int:
    """A kept lineage or coverage part's weight, roughly (for the cache's byte bound)."""
    if isinstance(part, dict):
        tree = part.get("tree") or ""
        return 4096 + 2 * len(tree) if isinstance(tree, str) else 65536
    return 4096


def parts(request: Request, iri: str, lang: Language) -> dict[str, object]:
    """The page's large parts by kind (a document's or initiative's lineage and coverage,
    a unit's activity): kept ones, else computed in the query workers, all at once, and
    waited for up to ``Settings.part_wait`` in all (:data:`cache.PENDING` for a part
    not done by then: it is kept when it is, for the next request)."""
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    cache: Cache = request.app.state.cache
    runner = request.app.state.sparql
    index = index_of(request)
    kind = kinds.kind_of(store, iri)
    work: dict[str, Callable[[], object]] = {}
    if kind in ("document", "initiative"):
        work["lineage"] = lambda: lineage_part(store, index, iri, lang)
        work["coverage"] = lambda: kinds.document_coverage(store, iri, lang) or {}
    elif kind == "unit":
        work["activity"] = lambda: kinds.unit_activity(store, index, iri, lang) or {}

    def part(name: str, make: Callable[[], object], wait: float) -> object:
        try:
            return cache.compute((name, iri, lang), make, runner.submit, wait, _part_size)
        except BusyError:  # the workers' queue is full: shown as still being computed
            return PENDING

    found = {name: part(name, make, 0) for name, make in work.items()}
    deadline = time.monotonic() + settings.part_wait
    for name, make in work.items():
        if found[name] is PENDING:
            found[name] = part(name, make, max(0.0, deadline - time.monotonic()))
    return found


async def by_path(request: Request) -> Response:
    """``/id/…`` and ``/vocab/…``: the node whose IRI is this path under the base."""
    path = request.path_params["path"]
    area = request.url.path.split("/", 2)[1]
    if not safe_path(path):
        return error("web.bad-path", request, 400, path=request.url.path)
    return await run_in_threadpool(node_page, request, f"{BASE}{area}/{path}")


async def by_iri(request: Request) -> Response:
    """``/resource?iri=…``: the page of any other IRI (the ontology's terms, …)."""
    iri = request.query_params.get("iri", "")
    if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", iri, re.IGNORECASE):
        return error("web.bad-path", request, 400, path=iri)
    return await run_in_threadpool(node_page, request, iri)
