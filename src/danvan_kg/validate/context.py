"""The one hop of stored context a batch of new records is validated with.

Only the Store interface is used (:meth:`~danvan_kg.stores.Store.quads_for_pattern` and
:meth:`~danvan_kg.stores.Store.describe`), so validation runs against a remote endpoint
as well: a remote store answers each call with one request.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from danvan_kg.stores import Store
from danvan_kg.validate.batch import Batch, focus_nodes, renamed_term
from danvan_kg.vocab import DV_IRI, ID_IRI, INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF_TYPE

_BREAKDOWN_OF = ox.NamedNode(DV_IRI + "breakdownOf")
_TERRITORY = ox.NamedNode(DV_IRI + "territory")
_SOURCE = ox.NamedNode(DV_IRI + "Source")
# A new source's title or corpus file may already belong to a stored source (a duplicate).
_DUPLICATE_KEYS = (ox.NamedNode(DV_IRI + "corpusFile"), ox.NamedNode(DV_IRI + "title"))
_SKIP_GRAPHS = (ONTOLOGY_GRAPH, INFERRED_GRAPH)
# A new person's name may already belong to a stored person (the same one under another
# key, issue 13); the posts both hold say whether it is.
_PERSON = ox.NamedNode(DV_IRI + "Person")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_HOLDS = ox.NamedNode("http://www.w3.org/ns/org#holds")


def fetch_context(store: Store, batch: Batch) -> list[ox.Triple]:
    """The stored triples the new records' rules look at: what other sources state about
    the nodes they describe, one hop from every node they refer to, and the few lookups
    named in shapes/rules.ttl.

    Graphs the batch replaces are ignored — the new records take their place — so adding
    the same file twice sees no stale copy of itself.
    """
    replaced = {ox.NamedNode(graph) for graph in batch.graphs}
    new_quads = batch.quads
    # The nodes the batch describes get their statements from other sources too: the
    # graph they join may already give a document's issuer, or a different date.
    subjects = {ox.NamedNode(node) for node in focus_nodes(batch)}
    sources = {
        quad.subject for quad in new_quads if quad.predicate == RDF_TYPE and quad.object == _SOURCE
    }

    def kept(quads: Iterable[ox.Quad]) -> Iterable[ox.Quad]:
        for quad in quads:
            if quad.graph_name not in replaced and quad.graph_name not in _SKIP_GRAPHS:
                yield quad

    def stored(predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> set[ox.NamedNode]:
        """The subjects stored with ``predicate`` ``value``."""
        return {
            quad.subject  # type: ignore[misc]
            for quad in kept(store.quads_for_pattern(None, predicate, value, None))
        }

    wanted: set[ox.NamedNode] = set()
    for quad in new_quads:
        # Things (dvi:…), not classes, concepts or graphs: those come with the ontology.
        for node in (quad.subject, quad.object):
            if isinstance(node, ox.NamedNode) and node.value.startswith(ID_IRI):
                wanted.add(node)
        if quad.predicate == _BREAKDOWN_OF:
            wanted |= stored(_BREAKDOWN_OF, quad.object)  # type: ignore[arg-type]
        if quad.subject in sources and quad.predicate in _DUPLICATE_KEYS:
            wanted |= stored(quad.predicate, quad.object)  # type: ignore[arg-type]
    for subject in subjects:
        wanted |= stored(_BREAKDOWN_OF, subject)
    people = {q.subject for q in new_quads if q.predicate == RDF_TYPE and q.object == _PERSON}
    namesakes = {
        namesake
        for quad in new_quads
        if quad.subject in people and quad.predicate == _LABEL
        for namesake in stored(_LABEL, quad.object)  # type: ignore[arg-type]
    } - people
    wanted |= namesakes

    triples: set[ox.Triple] = set()

    # A node the batch renames is stored under its old IRI: asked for under that one,
    # its triples are seen under the new.
    old_of = {new: old for old, new in batch.renamed.items()}

    def fetch(nodes: Iterable[ox.NamedNode]) -> set[ox.NamedNode]:
        """Add the stored triples of ``nodes``; return the things they point to."""
        targets = set()
        asked = {ox.NamedNode(old_of.get(node.value, node.value)) for node in nodes}
        for quad in kept(store.describe(sorted(asked, key=str))):
            quad = ox.Quad(
                renamed_term(quad.subject, batch.renamed),  # type: ignore[arg-type]
                quad.predicate,
                renamed_term(quad.object, batch.renamed),
                quad.graph_name,
            )
            triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(ID_IRI):
                targets.add(quad.object)
        return targets

    # What other sources say of the new nodes is part of them: what it points to is one hop
    # away too (a reference file's issuer of a document the batch also describes).
    wanted |= fetch(subjects)
    fetch(wanted - subjects)
    # Two hops for units only: a stored issuer's territory, to date the document against.
    territories = {
        t.object
        for t in triples
        if t.predicate == _TERRITORY and isinstance(t.object, ox.NamedNode)
    }
    fetch(territories - wanted)
    # Two hops for a namesake: the organisations of the posts a stored namesake holds.
    fetch({t.object for t in triples if t.subject in namesakes and t.predicate == _HOLDS} - wanted)  # type: ignore[misc]
    return sorted(triples, key=str)
