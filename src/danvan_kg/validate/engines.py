"""The SHACL engines: pySHACL (the reference) and pyshacl-turbo (the same report, faster)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from danvan_kg.errors import DanvanError
from danvan_kg.resources import resource_files
from danvan_kg.vocab import ontology_quads

Engine = Literal["auto", "pyshacl", "turbo"]


@cache
def shapes_graph() -> rdflib.Graph:
    """Every shape in ``shapes/*.ttl`` as one rdflib graph (what both engines read)."""
    graph = rdflib.Graph()
    for path in resource_files("shapes", ".ttl"):
        graph.parse(path, format="turtle")
    return graph


# What SHACL itself reads of a node whatever the shapes name: its classes (sh:class,
# sh:targetClass follow rdf:type and rdfs:subClassOf).
_ALWAYS_READ = frozenset({str(rdflib.RDF.type), str(rdflib.RDFS.subClassOf)})
_QUERY_KEYS = (SH.select, SH.ask, SH.construct, SH.update)


# Expression nodes of the SPARQL parse tree that only wrap the one below them.
_WRAPPERS = frozenset(
    {
        "ConditionalOrExpression",
        "ConditionalAndExpression",
        "RelationalExpression",
        "AdditiveExpression",
        "MultiplicativeExpression",
    }
)


@dataclass(frozen=True)
class _QueryTerms:
    """What a SPARQL query names, read from its parse tree (:func:`_query_terms`):
    the IRIs written in full, the prefixed names (prefix, local name) unresolved, and
    the prefixes the text declares itself; ``bounded`` is False when the query may read
    a predicate it does not name."""

    iris: frozenset[str]
    pnames: frozenset[tuple[str, str]]
    declared: tuple[tuple[str, str], ...]
    bounded: bool


def _query_terms(tree: Any) -> _QueryTerms:
    """The terms a parsed SPARQL query names (a tree of ``parseQuery``, before
    ``translateQuery``, which rewrites it in place).

    The query's parse tree is walked, not rdflib's algebra: the algebra keeps what it
    has not translated yet (an EXISTS inside an EXISTS) out of reach. A variable in a
    triple pattern's predicate reads any predicate, unless a FILTER of an enclosing
    group requires ``?p IN (<iri>, …)`` as one of its top-level conjuncts: a row
    matched with another predicate is then dropped (an OPTIONAL one as well, for the
    FILTER fails on the unbound variable too), so the triples of predicates outside
    the list cannot change the result; the list's IRIs are named, so kept. A group's
    FILTER does not reach into a sub-select, an EXISTS or a MINUS, whose rows it never
    sees. A negated property set (``!p``) reads every other predicate.
    """
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    iris: set[str] = set()
    pnames: set[tuple[str, str]] = set()
    declared = tuple(
        (str(d["prefix"] or ""), str(d["iri"])) for d in tree[0] if d.name == "PrefixDecl"
    )

    def unwrap(expression: Any) -> Any:
        while (
            isinstance(expression, CompValue)
            and expression.name in _WRAPPERS
            and "other" not in expression
            and "op" not in expression
        ):
            expression = expression["expr"]
        return expression

    def named(term: Any) -> bool:
        return isinstance(term, rdflib.URIRef) or (
            isinstance(term, CompValue) and term.name == "pname"
        )

    def restricted(parts: Any) -> set[str]:
        """The variables a group's FILTERs limit to a list of IRIs."""
        found = set()
        for part in parts:
            if not (isinstance(part, CompValue) and part.name == "Filter"):
                continue
            expression = unwrap(part["expr"])
            conjuncts = [expression]
            if isinstance(expression, CompValue) and expression.name == "ConditionalAndExpression":
                conjuncts = [expression["expr"], *expression["other"]]
            for conjunct in map(unwrap, conjuncts):
                if (
                    isinstance(conjunct, CompValue)
                    and conjunct.name == "RelationalExpression"
                    and conjunct.get("op") == "IN"
                    and isinstance(unwrap(conjunct["expr"]), rdflib.Variable)
                    and all(named(unwrap(item)) for item in conjunct["other"])
                ):
                    found.add(str(unwrap(conjunct["expr"])))
        return found

    def walk(node: Any, guarded: frozenset[str]) -> bool:
        if isinstance(node, rdflib.URIRef):
            iris.add(str(node))
            return True
        if isinstance(node, CompValue):
            if node.name == "pname":
                pnames.add((str(node.get("prefix") or ""), str(node.get("localname") or "")))
                return True
            if node.name == "PathNegatedPropertySet":
                return False
            if node.name in (
                "SubSelect",
                "Builtin_EXISTS",
                "Builtin_NOTEXISTS",
                "MinusGraphPattern",
            ):
                guarded = frozenset()
            elif node.name == "GroupGraphPatternSub":
                guarded = guarded | restricted(node.get("part") or ())
            elif node.name == "TriplesBlock":
                for triples in node["triples"]:
                    flat = list(triples)
                    if len(flat) % 3:
                        return False
                    for predicate in flat[1::3]:
                        if isinstance(predicate, rdflib.Variable) and str(predicate) not in guarded:
                            return False
            return all(walk(value, guarded) for value in node.values())
        if isinstance(node, (list, tuple, ParseResults)):
            return all(walk(value, guarded) for value in node)
        return True

    bounded = walk(tree[1], frozenset())
    return _QueryTerms(frozenset(iris), frozenset(pnames), declared, bounded)


# One parse of each SPARQL text per process, shared by pySHACL's runs (:func:`_prepared`)
# and :func:`read_predicates`: parsing the shapes' queries is 1–3 s a process (pyparsing),
# and a process that checks the predicates and runs pySHACL (the tests) parsed each twice.
# rdflib's translation rewrites a parse tree in place, so each side keeps what the other
# needs before that: the terms of each text parsed (a walk of the tree: 1.5 % of its
# parse), and the trees :func:`read_predicates` parsed, until a run translates them. Both
# are bounded: by the shapes' texts and, for the terms, by _TERMS_KEPT.
_TERMS: dict[str, _QueryTerms] = {}
_UNTRANSLATED: dict[str, Any] = {}
_TERMS_KEPT = 1024


def _terms_of(text: str) -> _QueryTerms:
    """:func:`_query_terms` of ``text``, parsed once per process (see above)."""
    terms = _TERMS.get(text)
    if terms is None:
        from rdflib.plugins.sparql.parser import parseQuery

        tree = parseQuery(text)
        terms = _query_terms(tree)
        if len(_TERMS) < _TERMS_KEPT:
            _TERMS[text] = terms
            _UNTRANSLATED[text] = tree
    return terms


def _query_reads(text: str, prefixes: dict[str, str], iris: set[str]) -> bool:
    """Add to ``iris`` every IRI a SPARQL query names (its prefixed names resolved with
    ``prefixes`` and the query's own declarations); False when it may read a predicate
    it does not name (:func:`_query_terms`). A prefix neither declares: KeyError."""
    terms = _terms_of(text)
    declared = {**prefixes, **dict(terms.declared)}
    iris.update(terms.iris)
    iris.update(declared[prefix] + local for prefix, local in terms.pnames)
    return terms.bounded


@cache
def read_predicates() -> frozenset[str] | None:
    """The predicates a shape can read, which the tests check :data:`UNREAD_PREDICATES`
    against: every IRI of ``shapes/*.ttl`` (a property path, a class, a list member) and
    of the SPARQL constraints' text, with rdf:type and rdfs:subClassOf. None when a shape
    may read any predicate (a closed shape, a variable predicate left open, a query that
    does not parse here)."""
    shapes = shapes_graph()
    if (None, SH.closed, None) in shapes:
        return None  # sh:closed reads every predicate of a node
    iris = set(_ALWAYS_READ)
    for triple in shapes:
        iris.update(str(term) for term in triple if isinstance(term, rdflib.URIRef))
    prefixes = {
        str(prefix): str(namespace)
        for declaration in shapes.objects(None, SH.declare)
        for prefix in shapes.objects(declaration, SH.prefix)
        for namespace in shapes.objects(declaration, SH.namespace)
    }
    for key in _QUERY_KEYS:
        for text in shapes.objects(None, key):
            try:
                if not _query_reads(str(text), prefixes, iris):
                    return None
            except Exception:  # a query only an engine reads (or a prefix unknown): trim nothing
                return None
    return frozenset(iris)


_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCTERMS = "http://purl.org/dc/terms/"
_VANN = "http://purl.org/vocab/vann/"

# Ontology predicates no shape reads: what the ontology tells people (definitions,
# comments, domains and ranges, the schemes' top concepts …). Dropped from what the
# engines load, for a triple no shape can read cannot change a report; the ontology
# loads on every run (a third of a turbo run on one record file: 415 KB, 2,813 triples;
# 181 KB without these). ``tests/test_validate.py`` checks that no shape reads any
# (:func:`read_predicates`) and that every bad and good record gets the same report
# with the whole ontology. A list, not derived per process: parsing every SPARQL text
# of the shapes takes 1.5 s, more than a CLI run saves.
UNREAD_PREDICATES = frozenset(
    {
        *(_RDFS + name for name in ("comment", "domain", "range", "isDefinedBy", "seeAlso")),
        _RDFS + "subPropertyOf",
        *(_SKOS + name for name in ("definition", "scopeNote", "note", "hiddenLabel")),
        *(_SKOS + name for name in ("hasTopConcept", "topConceptOf")),
        *(_OWL + name for name in ("unionOf", "versionInfo")),
        *(_DCTERMS + name for name in ("title", "description", "license")),
        *(_VANN + name for name in ("preferredNamespacePrefix", "preferredNamespaceUri")),
    }
)


@cache
def _ontology_ntriples(whole: bool = False) -> bytes:
    """The ontology as N-Triples, without the triples of :data:`UNREAD_PREDICATES`
    unless ``whole``."""
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ontology_quads()
        if whole or q.predicate.value not in UNREAD_PREDICATES
    ]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


@cache
def _ontology_text(whole: bool = False) -> str:
    """:func:`_ontology_ntriples` as text (what turbo's native parser reads)."""
    return _ontology_ntriples(whole).decode()


# SPARQL-named IRIs: `<iri>` written in full, or `prefix:local` (a prefix the shapes or
# the text declare). Read loosely: a word that is no IRI only adds ontology triples.
_FULL_IRI = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*)>")
_PNAME = re.compile(r"(?<![\w<:/.#-])([A-Za-z][\w.-]*|):([\w-]*(?:\.[\w-]+)*)")
_TEXT_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^<>]*)>", re.IGNORECASE)


@cache
def declared_prefixes() -> dict[str, str]:
    """The prefixes the shapes declare for their SPARQL (``sh:declare``): prefix →
    namespace."""
    shapes = shapes_graph()
    return {
        str(prefix): str(namespace)
        for declaration in shapes.objects(None, SH.declare)
        for prefix in shapes.objects(declaration, SH.prefix)
        for namespace in shapes.objects(declaration, SH.namespace)
    }


@cache
def sparql_named_iris() -> frozenset[str]:
    """Every IRI the SPARQL constraints of the shapes may name (a superset: each
    ``<iri>`` and each prefixed name with a prefix known to ``sh:declare`` or the text)."""
    shapes = shapes_graph()
    prefixes = declared_prefixes()
    named: set[str] = set()
    for key in _QUERY_KEYS:
        for query in shapes.objects(None, key):
            text = str(query)
            known = {**prefixes, **dict(_TEXT_PREFIX.findall(text))}
            named.update(_FULL_IRI.findall(text))
            named.update(known[p] + local for p, local in _PNAME.findall(text) if p in known)
    return frozenset(named)


def _node_key(term: Any) -> str | None:
    """An ontology or data node as the subset below indexes it (None: a literal)."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return None


@dataclass(frozen=True)
class _OntologyIndex:
    """The trimmed ontology, a N-Triples line per triple, indexed for
    :func:`_ontology_for`: each subject's lines and the nodes they point to, and the
    lines every run gets (what the SPARQL constraints can reach from the IRIs they
    name, see :func:`_ontology_for`)."""

    lines: tuple[str, ...]
    edges: dict[str, tuple[tuple[int, str | None], ...]]
    base: frozenset[int]
    base_nodes: frozenset[str]


def _closure(
    edges: dict[str, tuple[tuple[int, str | None], ...]],
    start: Iterable[str],
    seen: set[str],
    kept: set[int],
) -> None:
    """Add to ``kept`` the lines of every node reachable from ``start`` by following
    the ontology's triples forward (``seen``: nodes already done)."""
    todo = [node for node in start if node not in seen]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for line, target in edges.get(node, ()):
            kept.add(line)
            if target is not None and target not in seen:
                todo.append(target)


@cache
def _ontology_index() -> _OntologyIndex:
    triples = list(ox.parse(_ontology_ntriples(), ox.RdfFormat.N_TRIPLES))
    # Each triple written alone: its line, whatever N-Triples makes of its literal.
    lines = [ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES).decode() for triple in triples]
    edges: dict[str, list[tuple[int, str | None]]] = {}
    for number, triple in enumerate(triples):
        edges.setdefault(_node_key(triple.subject) or "", []).append(
            (number, _node_key(triple.object))
        )
    frozen = {node: tuple(found) for node, found in edges.items()}
    named = sparql_named_iris()
    start = set(named)
    start.update(
        _node_key(triple.subject) or ""
        for triple in triples
        if isinstance(triple.object, ox.NamedNode) and triple.object.value in named
    )
    seen: set[str] = set()
    base: set[int] = set()
    _closure(frozen, start, seen, base)
    return _OntologyIndex(tuple(lines), frozen, frozenset(base), frozenset(seen))


def _ontology_for(triples: Iterable[ox.Triple]) -> str:
    """The trimmed ontology's triples a validation of ``triples`` (the new records and
    their context) can read, as N-Triples: what the data's nodes (subjects, predicates,
    objects) and the IRIs the SPARQL constraints name reach by following the
    ontology's triples forward, with the subjects of the ontology's triples whose
    object is such a named IRI (``?concept skos:inScheme dvv:issuercode``).

    The same report as with the whole (trimmed) ontology: the shapes read the graph
    from a focus node (a node of the data) along forward paths only (no inverse or
    repeated path, no ``sh:closed``), and every triple pattern of their SPARQL
    constraints has a subject that is ``$this``, a named IRI, the object of a pattern
    whose subject is such, or the subject of a pattern whose object is a named IRI:
    every triple a match can use has its subject among the nodes kept here, and every
    triple of a kept node is kept. ``tests/test_validate.py`` checks that property of
    each query's parse tree (a shape that breaks it fails there, see
    ``test_the_ontology_subset_reaches_what_the_shapes_read``), and that every bad and
    good record gets the same report with the whole ontology. Loading 600 rather than
    1,410 triples was two fifths of a turbo run on a drafted record file.
    """
    index = _ontology_index()
    return "".join(index.lines[number] for number in _ontology_lines_for(triples))


def _ontology_lines_for(triples: Iterable[ox.Triple]) -> list[int]:
    """The numbers of the lines of :func:`_ontology_index` :func:`_ontology_for` keeps,
    in order."""
    index = _ontology_index()
    start: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            key = _node_key(term)
            if key is not None and key not in index.base_nodes:
                start.add(key)
    kept = set(index.base)
    _closure(index.edges, start, set(index.base_nodes), kept)
    return sorted(kept)


class _TripleList:
    """A sink for rdflib's N-Triples parser that keeps the triples in the order read."""

    def __init__(self) -> None:
        self.triples: list[tuple[Any, Any, Any]] = []

    def triple(self, subject: Any, predicate: Any, obj: Any) -> None:
        self.triples.append((subject, predicate, obj))


@cache
def _ontology_rdflib_lines() -> tuple[tuple[Any, Any, Any], ...]:
    """Each line of :func:`_ontology_index` as the rdflib triple rdflib's N-Triples
    parser makes of it (one parse of all the lines: a blank node is one node across
    them, as in :func:`_ontology_graph`), for pySHACL's runs to copy only the lines
    :func:`_ontology_lines_for` keeps."""
    from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

    sink = _TripleList()
    W3CNTriplesParser(sink).parsestring("".join(_ontology_index().lines))
    return tuple(sink.triples)


def _turbo_input(ntriples: str) -> Any:
    """N-Triples text as pyshacl-turbo's input: its native parser reads the text itself.

    Bytes or a string given to ``validate`` would be parsed into an rdflib graph first (5x
    slower), and an Oxigraph store is loaded, then dumped to N-Quads for that parser (a
    quarter of a run on one record file went there). ``Input`` is what turbo makes of a
    store: the text, no blank node to map back (``{}``: the data names none the report
    must keep), labels kept as written (``preserve_ids``, as for a store's dump), so the
    report is the same; ``tests/test_validate.py`` runs every bad and good record through
    both engines.
    """
    from pyshacl_turbo.rdf import Input

    return Input(ntriples, "nt", None, {}, {}, preserve_ids=True)


@cache
def _ontology_graph(whole: bool = False) -> rdflib.Graph:
    """The ontology as an rdflib graph, parsed once: copying its triples into each run's
    graph is ten times faster than parsing them again (a quarter of a pySHACL run on a
    small batch was that parse)."""
    graph = rdflib.Graph()
    graph.parse(data=_ontology_ntriples(whole), format="nt")
    return graph


@cache
def _turbo_program() -> Any:
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph())


def turbo_available() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine(engine: Engine) -> Literal["pyshacl", "turbo"]:
    if engine == "auto":
        return "turbo" if turbo_available() else "pyshacl"
    if engine == "turbo" and not turbo_available():
        raise DanvanError("validate.turbo-missing")
    if engine not in ("pyshacl", "turbo"):
        raise DanvanError("validate.engine-unknown", engine=engine, known="auto, pyshacl, turbo")
    return engine


# What pySHACL hands rdflib: "PREFIX p: <namespace>" a line for each prefix of the
# constraint, an empty line, then the constraint's text (SPARQLQueryHelper.apply_prefixes).
# Only plain prefix names and IRIs without escapes are split off (the parser reads them
# as written); anything else is parsed whole.
_IRI_CHARS = r"[^\x00-\x20<>\"{}|^`\\]*"
_PYSHACL_PREFIX = re.compile(rf"PREFIX ([A-Za-z][A-Za-z0-9_-]*|): <({_IRI_CHARS}:{_IRI_CHARS})>\n")


def _split_prefixes(text: str) -> tuple[dict[str, rdflib.URIRef], str] | None:
    """pySHACL's query text as its prefix lines and the constraint's own text, or None
    when it is not in that form."""
    prefixes: dict[str, rdflib.URIRef] = {}
    position = 0
    while match := _PYSHACL_PREFIX.match(text, position):
        prefixes[match[1]] = rdflib.URIRef(match[2])
        position = match.end()
    if not text.startswith("\n", position):
        return None
    return prefixes, text[position + 1 :]


@lru_cache(maxsize=1024)
def _prepared(text: str) -> Any:
    """``prepareQuery(text)``, sharing the parse of the constraint's own text with
    :func:`read_predicates`: pySHACL's prefix lines become ``initNs``, which rdflib binds
    as it binds the declarations of a query's prologue, in the same order, before the
    text's own (``translatePrologue``): the same query. A text that does not parse this
    way is prepared whole, for the error to be the one rdflib gives on it."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.algebra import translateQuery

    split = _split_prefixes(text)
    if split is None:
        return prepareQuery(text)
    prefixes, body = split
    try:
        _terms_of(body)
    except Exception:  # the error as rdflib gives it on the whole text
        return prepareQuery(text)
    tree = _UNTRANSLATED.pop(body, None)
    if tree is None:
        from rdflib.plugins.sparql.parser import parseQuery

        tree = parseQuery(body)
    query = translateQuery(tree, None, prefixes)
    query._original_args = (text, {}, None)  # as prepareQuery records them
    return query


class _PreparedGraph(rdflib.Graph):
    """An rdflib graph that parses each SPARQL text once per process.

    pySHACL hands every SPARQL-based constraint to ``graph.query`` as text, once per focus
    node, and rdflib parses the text every time: that parsing was most of a pySHACL run
    (about 60 % on a batch of new records). A prepared query is reusable by design.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs") and not kwargs.get("base"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@dataclass
class EngineRun:
    """A SHACL run: the results the findings are read from, and the whole report.

    ``results`` holds the report's results with their own statements (focus node, path,
    value, messages, severity, shape, component: what :func:`findings_from_report`
    reads); ``report`` gives the whole report graph, as the engine returns it.
    """

    results: rdflib.Graph | ResultStatements
    report: Callable[[], rdflib.Graph]


def run_engine(
    engine: Literal["pyshacl", "turbo"],
    data: bytes,
    focus: Sequence[str],
    values: Iterable[str] = (),
    *,
    whole_ontology: bool = False,
) -> rdflib.Graph:
    """Validate N-Triples ``data`` (the new records and their context) with the ontology
    on ``focus`` nodes; returns the SHACL report graph (see :func:`engine_run`)."""
    return engine_run(engine, data, focus, values, whole_ontology=whole_ontology).report()


def engine_run(
    engine: Literal["pyshacl", "turbo"],
    data: bytes,
    focus: Sequence[str],
    values: Iterable[str] = (),
    *,
    whole_ontology: bool = False,
    triples: Iterable[ox.Triple] | None = None,
) -> EngineRun:
    """Validate N-Triples ``data`` (the new records and their context) with the ontology
    on ``focus`` nodes.

    ``values`` are the IRIs the focus nodes point to, which pySHACL needs as focus nodes
    as well (see below); results on them are not ours and are dropped later. The
    ontology comes without the triples no shape reads (:data:`UNREAD_PREDICATES`: the
    same report), unless ``whole_ontology``; both engines get only the part of it the
    data can reach (:func:`_ontology_for`, of ``triples``: ``data``'s triples, parsed from
    it when not given).
    """
    if engine == "turbo":
        if whole_ontology:
            ontology = _ontology_text(True)
        else:
            ontology = _ontology_for(
                triples if triples is not None else ox.parse(data, ox.RdfFormat.N_TRIPLES)
            )
        return _turbo_run(data.decode() + ontology, list(focus))
    import pyshacl

    graph = _PreparedGraph()
    if whole_ontology:
        graph.addN((*triple, graph) for triple in _ontology_graph(True))
    else:
        # The part of the ontology the data can reach, as turbo gets it (the same report:
        # see _ontology_for; pySHACL reads the graph as turbo does, from the focus nodes
        # forward): copying 1,410 triples into each run's graph was a fifth of a pySHACL
        # run, and its SPARQL constraints scan fewer triples.
        lines = _ontology_rdflib_lines()
        kept = _ontology_lines_for(
            triples if triples is not None else ox.parse(data, ox.RdfFormat.N_TRIPLES)
        )
        graph.addN((*lines[number], graph) for number in kept)
    graph.parse(data=data, format="nt")
    # pySHACL 0.40.1 applies its focus_nodes filter to the value nodes of nested shapes too
    # (sh:node, sh:or), which then pass vacuously; listing those value nodes as focus nodes
    # as well restores the check. findings_from_report keeps only the results on ``focus``.
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph(), inference="none", focus_nodes=sorted({*focus, *values})
    )
    return EngineRun(report, lambda: report)


# The route of _turbo_run calls pyshacl-turbo's internals (its native call as
# CompiledShapes.validate makes it), which are no API: it is taken on the versions it was
# checked on (tests/test_validate.py compares it with the public call on every bad and
# good record); any other version runs the public call, slower by a third, the same report.
TURBO_INTERNALS_CHECKED = ("0.6.",)


@cache
def _turbo_version() -> str:
    from importlib.metadata import version

    return version("pyshacl-turbo")


def _turbo_run(ntriples: str, focus: list[str]) -> EngineRun:
    """pyshacl-turbo on N-Triples text, its report decoded only when asked for.

    What ``CompiledShapes.validate`` does with an ``Input`` of N-Triples text, its
    defaults and no inference (the same native call, the same decoding of the report:
    ``tests/test_validate.py`` checks both against it), except that the rdflib graph
    of the whole report is made when asked for: the report copies the description of
    every shape a result names, and decoding it all was a sixth of a validation of one
    record file, which only ``--format turtle`` shows. The findings read the results'
    own statements, parsed by Oxigraph (:func:`_results_graph`).
    """
    import pyshacl_turbo
    from pyshacl_turbo.rdf import decode

    program = _turbo_program()
    text = _turbo_input(ntriples)
    if not _turbo_version().startswith(TURBO_INTERNALS_CHECKED):
        _conforms, whole, _text = program.validate(text, focus_nodes=focus)
        return EngineRun(whole, lambda: whole)
    _conforms, report_text, _text, _expanded, recursion = program._native.validate(
        text.source,
        text.format,
        text.base,
        False,  # iterate_rules
        100,  # max_rule_iterations
        15,  # max_validation_depth
        False,  # inplace
        False,  # allow_infos
        False,  # allow_warnings
        False,  # abort_on_first
        pyshacl_turbo._expand_names(dict(program.graph.namespaces()), focus),
        [],  # use_shapes: all
        [],  # the data's namespaces: N-Triples has none
    )
    pyshacl_turbo._emit_recursion_warnings(recursion)
    blank_nodes = program._blank_nodes | text.blank_nodes
    decoded: list[rdflib.Graph] = []

    def report() -> rdflib.Graph:
        if not decoded:
            graph = decode(report_text, blank_nodes, preserve_ids=True, report=True)
            for prefix, namespace in program.graph.namespaces():
                graph.bind(prefix, namespace)
            decoded.append(graph)
        return decoded[0]

    try:
        results = _results_graph(report_text, blank_nodes)
    except SyntaxError:  # text only rdflib's parser reads: the whole report, decoded
        results = report()
    return EngineRun(results, report)


_SH_RESULT = ox.NamedNode(str(SH.result))
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class ResultStatements:
    """The statements of a report's results, read as an rdflib graph is
    (``objects(None, sh:result)``, ``objects(result, p)``, ``value(result, p)``): what
    :func:`~danvan_kg.validate.findings.findings_from_report` asks, from two dicts
    rather than an rdflib store (filling one was a tenth of reading a report)."""

    def __init__(self) -> None:
        self._results: list[rdflib.term.Node] = []
        self._statements: dict[tuple[rdflib.term.Node, rdflib.term.Node], list[Any]] = {}

    def add(self, subject: rdflib.term.Node, predicate: rdflib.term.Node, value: Any) -> None:
        if predicate == SH.result:
            if value not in self._results:
                self._results.append(value)
            return
        found = self._statements.setdefault((subject, predicate), [])
        if value not in found:  # a graph holds a statement once
            found.append(value)

    def objects(self, subject: rdflib.term.Node | None, predicate: rdflib.term.Node) -> list[Any]:
        if subject is None and predicate == SH.result:
            return list(self._results)
        if subject is None:
            raise ValueError("only the results are listed whatever their subject")
        return list(self._statements.get((subject, predicate), ()))

    def value(self, subject: rdflib.term.Node, predicate: rdflib.term.Node) -> Any:
        found = self._statements.get((subject, predicate))
        return found[0] if found else None


def _results_graph(report: str, blank_nodes: dict[str, rdflib.BNode]) -> ResultStatements:
    """The statements of a turbo report whose subject is one of its results, and the
    results: all :func:`findings_from_report` reads. A node's text is what turbo's
    decoding gives it (an IRI, a label kept as written, a blank node of the shapes as
    itself, a literal's lexical form and language, never normalised), so the findings
    are the same."""
    quads = list(ox.parse(report, ox.RdfFormat.N_QUADS))
    results = {quad.object for quad in quads if quad.predicate == _SH_RESULT}

    def term(node: Any) -> rdflib.term.Node:
        if isinstance(node, ox.NamedNode):
            return rdflib.URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return blank_nodes.get(node.value) or rdflib.BNode(node.value)
        datatype = node.datatype.value
        return rdflib.Literal(
            node.value,
            lang=node.language,
            datatype=None if node.language or datatype == _XSD_STRING else rdflib.URIRef(datatype),
            normalize=False,
        )

    statements = ResultStatements()
    for quad in quads:
        if quad.predicate == _SH_RESULT or quad.subject in results:
            statements.add(term(quad.subject), term(quad.predicate), term(quad.object))
    return statements
