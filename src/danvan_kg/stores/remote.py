"""A remote SPARQL 1.1 server behind the same Store protocol as the embedded store.

``Store.remote(url)`` returns a :class:`RemoteStore`: queries go to the SPARQL 1.1
Protocol endpoint and writes to the SPARQL 1.1 Update endpoint, through a
:class:`~danvan_kg.stores.http.Connector` (the HTTP side). Parameters are bound as terms
by :mod:`danvan_kg.stores.binding`, as on the embedded store.

What one call costs: every method is one request, except :meth:`RemoteStore.describe`
and :meth:`RemoteStore.extend`, which split a long list into requests of at most
``DESCRIBE_CHUNK`` subjects / ``UPDATE_CHUNK`` quads. docs/stores.md says what is atomic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import EndpointError, StoreError
from danvan_kg.stores.base import Bindings, Store, Table, Term
from danvan_kg.stores.binding import bind_values, term_text, with_prefixes
from danvan_kg.stores.http import DEFAULT_TIMEOUT, Answer, Connector

UPDATE_CHUNK = 5_000  # quads per INSERT DATA request when extending by SPARQL Update
DESCRIBE_CHUNK = 500  # subjects per VALUES block of one describe request
NO_ENDPOINT = (404, 405, 501)  # HTTP statuses that say "no such endpoint here"

SPARQL_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
RDF_MEDIA_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


# --------------------------------------------------------------------------- results


def _term(cell: Mapping[str, Any], blanks: dict[str, ox.BlankNode]) -> Term:
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return blanks.setdefault(value, ox.BlankNode())
    if kind in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return ox.Literal(value, language=cell["xml:lang"])
        if cell.get("datatype"):
            return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
        return ox.Literal(value)
    if kind == "triple":
        inner = cell["value"]
        return ox.Triple(
            _term(inner["subject"], blanks),
            _term(inner["predicate"], blanks),
            _term(inner["object"], blanks),
        )
    raise ValueError(f"unknown term type {kind!r}")


def table_from_json(document: Mapping[str, Any]) -> Table:
    """SPARQL 1.1 JSON results → a :class:`~danvan_kg.stores.base.Table` of pyoxigraph terms.

    >>> table_from_json({"head": {"vars": ["s"]},
    ...                  "results": {"bindings": [{"s": {"type": "uri", "value": "urn:x"}}]}})
    Table(columns=('s',), rows=((<NamedNode value=urn:x>,),))
    """
    columns = tuple(document["head"]["vars"])
    blanks: dict[str, ox.BlankNode] = {}
    rows = tuple(
        tuple(_term(binding[column], blanks) if column in binding else None for column in columns)
        for binding in document["results"]["bindings"]
    )
    return Table(columns, rows)


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { … } … }`` with every term in N-Triples syntax.

    >>> print(insert_data([ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"),
    ...                            ox.Literal("o"), ox.NamedNode("urn:g"))]))
    INSERT DATA {
    GRAPH <urn:g> {
    <urn:s> <urn:p> "o" .
    }
    }
    """
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            raise StoreError("store.default-graph-quad")
        by_graph.setdefault(str(quad.graph_name), []).append(
            f"{quad.subject} {quad.predicate} {quad.object} ."
        )
    blocks = [f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def replace_graphs_update(graphs: Mapping[str, Iterable[ox.Quad]]) -> str:
    """One SPARQL Update that replaces each graph: ``DROP SILENT GRAPH`` + ``INSERT DATA``.

    >>> replace_graphs_update({"urn:g": []})
    'DROP SILENT GRAPH <urn:g>'
    """
    parts = []
    for graph, quads in graphs.items():
        node = ox.NamedNode(graph)
        parts.append(f"DROP SILENT GRAPH {node}")
        listed = [ox.Quad(q.subject, q.predicate, q.object, node) for q in quads]
        if listed:
            parts.append(insert_data(listed))
    return " ;\n".join(parts)


def pattern_query(
    subject: Term | None, predicate: Term | None, obj: Term | None, graph: Term | None
) -> str:
    """``SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }`` with the given positions as
    checked terms (a VALUES row each), so every position comes back in every row.

    >>> pattern_query(ox.NamedNode("urn:x"), None, None, None)
    'SELECT ?s ?p ?o ?g WHERE { VALUES (?s) { (<urn:x>) } GRAPH ?g { ?s ?p ?o } }'
    """
    given = {
        name: term
        for name, term in (("s", subject), ("p", predicate), ("o", obj), ("g", graph))
        if term is not None
    }
    values = ""
    if given:
        names = " ".join(f"?{name}" for name in given)
        row = " ".join(term_text(name, term) for name, term in given.items())
        values = f"VALUES ({names}) {{ ({row}) }} "
    return f"SELECT ?s ?p ?o ?g WHERE {{ {values}GRAPH ?g {{ ?s ?p ?o }} }}"


def describe_query(subjects: Iterable[ox.NamedNode]) -> str:
    """Every quad of the ``subjects``, in one query (a VALUES list of checked IRIs).

    >>> describe_query([ox.NamedNode("urn:a"), ox.NamedNode("urn:b")])
    'SELECT ?s ?p ?o ?g WHERE { VALUES ?s { <urn:a> <urn:b> } GRAPH ?g { ?s ?p ?o } }'
    """
    listed = " ".join(term_text("s", subject) for subject in subjects)
    return f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {listed} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def _quads(table: Table) -> list[ox.Quad]:
    return [
        ox.Quad(s, p, o, g)  # type: ignore[arg-type]
        for s, p, o, g in table.rows
        if isinstance(g, ox.NamedNode)
    ]


# --------------------------------------------------------------------------- the store


class RemoteStore(Store):
    """A SPARQL 1.1 server used like the embedded store (see :meth:`Store.remote` and
    :class:`~danvan_kg.stores.http.Connector` for how its endpoints are found).

    Queries see the union of the named graphs as their default graph, as in the embedded
    store: if the server's default graph is empty while its named graphs are not (an
    ``oxigraph serve`` started without ``--union-default-graph``), every query names the
    graphs as its dataset through the protocol's ``default-graph-uri`` parameters.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.connector = Connector(
            url, update_url=update_url, graph_store_url=graph_store_url, timeout=timeout
        )
        self.path = None
        self._dataset: list[str] = []  # graphs to send as the default graph
        self._union_checked = False

    @property
    def url(self) -> str:
        return self.connector.url

    @property
    def update_url(self) -> str:
        return self.connector.update_url

    @property
    def graph_store_url(self) -> str | None:
        return self.connector.graph_store_url

    @property
    def timeout(self) -> float:
        return self.connector.timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # ------------------------------------------------------------------ protocol

    def _query(self, text: str, bindings: Bindings, union: bool, accept: str) -> Answer:
        query = with_prefixes(bind_values(text, bindings))
        if union and not self._union_checked:
            self._check_union()
        answer = self.connector.query(query, accept, self._dataset if union else ())
        limit = answer.headers.get("X-SPARQL-MaxRows")
        if limit:
            raise EndpointError("endpoint.max-rows", url=self.url, limit=limit)
        return answer

    def _check_union(self) -> None:
        """Find out once whether the server's default graph is the union of its graphs."""
        if self._boolean(self.connector.query("ASK { ?s ?p ?o }", SPARQL_JSON)):
            self._union_checked = True
            return
        graphs = self.named_graphs()
        if graphs:
            self._dataset = graphs
            self._union_checked = True

    def _json(self, answer: Answer) -> dict[str, Any]:
        try:
            return json.loads(answer.body)
        except ValueError as error:
            raise EndpointError("endpoint.not-json", url=self.url) from error

    def _boolean(self, answer: Answer) -> bool:
        document = self._json(answer)
        if "boolean" not in document:
            raise StoreError("store.not-ask")
        return bool(document["boolean"])

    def _table(self, answer: Answer) -> Table:
        try:
            return table_from_json(self._json(answer))
        except (KeyError, TypeError, ValueError) as error:
            raise EndpointError("endpoint.bad-json", url=self.url, detail=error) from error

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        table = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return int(table.rows[0][0].value) if table.rows and table.rows[0][0] is not None else 0

    def named_graphs(self) -> list[str]:
        answer = self.connector.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", SPARQL_JSON
        )
        table = self._table(answer)
        return sorted(row[0].value for row in table.rows if isinstance(row[0], ox.NamedNode))

    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads that match a pattern, in one SELECT (blank nodes cannot be sent)."""
        table = self.select(pattern_query(subject, predicate, object, graph), union=False)
        return iter(_quads(table))

    def describe(self, subjects: Iterable[ox.NamedNode]) -> list[ox.Quad]:
        """Every quad of ``subjects`` with its graph: one SELECT with a VALUES list (one
        per ``DESCRIBE_CHUNK`` subjects, so no request grows without bound)."""
        listed = list(dict.fromkeys(subjects))
        found: list[ox.Quad] = []
        for start in range(0, len(listed), DESCRIBE_CHUNK):
            chunk = listed[start : start + DESCRIBE_CHUNK]
            found.extend(_quads(self.select(describe_query(chunk), union=False)))
        return found

    def select(self, query: str, bindings: Bindings = None, *, union: bool = True) -> Table:
        """Run a SELECT on the server; ``bindings`` are bound as terms."""
        return self._table(self._query(query, bindings, union, SPARQL_JSON))

    def ask(self, query: str, bindings: Bindings = None, *, union: bool = True) -> bool:
        return self._boolean(self._query(query, bindings, union, SPARQL_JSON))

    def construct(
        self, query: str, bindings: Bindings = None, *, union: bool = True
    ) -> list[ox.Triple]:
        answer = self._query(query, bindings, union, RDF_ACCEPT)
        media = answer.media_type or "application/n-triples"
        rdf_format = RDF_MEDIA_TYPES.get(media)
        if rdf_format is None:
            raise EndpointError("endpoint.construct-media", url=self.url, media=media)
        try:
            return [quad.triple for quad in ox.parse(answer.body, rdf_format)]
        except SyntaxError as error:
            raise EndpointError("endpoint.bad-rdf", url=self.url, detail=error) from error

    # ------------------------------------------------------------------ writing

    def update(self, update: str) -> None:
        """Run a SPARQL Update on the server's update endpoint (one request)."""
        self.connector.update(with_prefixes(update))

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads by SPARQL Update ``INSERT DATA``, in requests of at most 5,000 quads.

        One request is one transaction on the server; a larger batch is several.
        """
        batch: list[ox.Quad] = []
        for quad in quads:
            batch.append(quad)
            if len(batch) >= UPDATE_CHUNK:
                self.update(insert_data(batch))
                batch = []
        if batch:
            self.update(insert_data(batch))

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        """Replace each named graph's content with ONE SPARQL Update request (atomic on
        Oxigraph: the request is one transaction).

        Where the server has no update endpoint (HTTP 404, 405 or 501) but a Graph Store
        Protocol one, each graph is replaced by its own ``PUT`` instead: each graph
        atomically, not all of them together (docs/stores.md).
        """
        listed = {graph: list(quads) for graph, quads in graphs.items()}
        update = replace_graphs_update(listed)
        if not update:
            return
        try:
            self.update(update)
        except EndpointError as error:
            if error.params.get("status") not in NO_ENDPOINT or not self.graph_store_url:
                raise
            for graph, quads in listed.items():
                self.put_graph(graph, quads)

    def put_graph(self, graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Replace one named graph by a Graph Store Protocol ``PUT`` (N-Triples body)."""
        body = ox.serialize(
            [t.triple if isinstance(t, ox.Quad) else t for t in triples],
            format=ox.RdfFormat.N_TRIPLES,
        )
        self.connector.put_graph(graph, body or b"")

    def flush(self) -> None:
        """Nothing to flush: every write is sent at once."""

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""
