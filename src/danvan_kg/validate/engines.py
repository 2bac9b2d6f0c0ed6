"""The SHACL engines: pySHACL (the reference) and pyshacl-turbo (the same report, faster)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, Literal

import pyoxigraph as ox
import rdflib

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


@cache
def _ontology_ntriples() -> bytes:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ontology_quads()]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


@cache
def _ontology_graph() -> rdflib.Graph:
    """The ontology as an rdflib graph, parsed once: copying its triples into each run's
    graph is ten times faster than parsing them again (a quarter of a pySHACL run on a
    small batch was that parse)."""
    graph = rdflib.Graph()
    graph.parse(data=_ontology_ntriples(), format="nt")
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


@lru_cache(maxsize=1024)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


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


def run_engine(
    engine: Literal["pyshacl", "turbo"],
    data: bytes,
    focus: Sequence[str],
    values: Iterable[str] = (),
) -> rdflib.Graph:
    """Validate N-Triples ``data`` (the new records and their context) with the ontology
    on ``focus`` nodes; returns the SHACL report graph.

    ``values`` are the IRIs the focus nodes point to, which pySHACL needs as focus nodes
    as well (see below); results on them are not ours and are dropped later.
    """
    if engine == "turbo":
        # An in-memory Oxigraph store is turbo's fastest input: bytes would go through an
        # rdflib graph first (5x slower on a batch of 100 records).
        graph = ox.Store()
        graph.load(data + _ontology_ntriples(), ox.RdfFormat.N_TRIPLES)
        _conforms, report, _text = _turbo_program().validate(graph, focus_nodes=list(focus))
        return report
    import pyshacl

    graph = _PreparedGraph()
    graph.addN((*triple, graph) for triple in _ontology_graph())
    graph.parse(data=data, format="nt")
    # pySHACL 0.40.1 applies its focus_nodes filter to the value nodes of nested shapes too
    # (sh:node, sh:or), which then pass vacuously; listing those value nodes as focus nodes
    # as well restores the check. findings_from_report keeps only the results on ``focus``.
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph(), inference="none", focus_nodes=sorted({*focus, *values})
    )
    return report
