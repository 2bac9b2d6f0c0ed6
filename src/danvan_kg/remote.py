"""A remote SPARQL 1.1 server behind the same interface as the embedded store.

``Store.remote(url)`` returns a :class:`RemoteStore`: queries go to the SPARQL 1.1
Protocol endpoint (through SPARQLWrapper), writes to the SPARQL 1.1 Update endpoint,
and :func:`push` copies a whole embedded store — every named graph — by the Graph Store
Protocol (one ``PUT`` per graph) or, where the server lacks it, by SPARQL Update.

The protocol has no way to pass variable bindings, so parameters are bound by a
structural rewrite instead: a ``VALUES`` block holding the terms in N-Triples syntax is
put at the start of the query's outermost ``WHERE`` group (:func:`bind_values`). The
values are terms, never query text: ``"} ; DROP ALL ; #`` stays one string literal.

Any failure of the server — refused connection, timeout, an HTTP error, a missing
protocol — becomes one :class:`~danvan_kg.errors.EndpointError` with one clear line.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

import pyoxigraph as ox

from danvan_kg.errors import EndpointError, QueryError, StoreError
from danvan_kg.store import Store, Table, Term
from danvan_kg.vocab import PREFIXES

DEFAULT_TIMEOUT = 30.0
UPDATE_CHUNK = 5_000  # quads per INSERT DATA request when pushing by SPARQL Update
USER_AGENT = "danvan-kg (SPARQL 1.1 client)"

Progress = Callable[[str], None]


# --------------------------------------------------------------------------- binding


_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# IRIREF of the SPARQL grammar: no spaces, quotes, braces; so "a < b" is not an IRI.
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NAME_CHAR = re.compile(r"[\w:\-.]")
_VAR = re.compile(r"[?$](\w+)")


def _skip(text: str, position: int) -> int | None:
    """If a comment, string or IRI starts at ``position``, the index just after it."""
    char = text[position]
    if char == "#":
        end = text.find("\n", position)
        return len(text) if end < 0 else end + 1
    if char in "\"'":
        long_quote = char * 3
        if text.startswith(long_quote, position):
            index = position + 3
            while index < len(text):
                if text[index] == "\\":
                    index += 2
                    continue
                if text.startswith(long_quote, index):
                    return index + 3
                index += 1
            raise QueryError("unterminated string in the query")
        index = position + 1
        while index < len(text):
            if text[index] == "\\":
                index += 2
                continue
            if text[index] == char:
                return index + 1
            if text[index] == "\n":
                break
            index += 1
        raise QueryError("unterminated string in the query")
    if char == "<":
        match = _IRIREF.match(text, position)
        if match:
            return match.end()
    return None


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """The tokens that matter for binding, outside comments, strings and IRIs.

    Yields ``(start, end, token)``: token is one of ``{ } ( ) *``, a variable as
    ``?name`` (``$name`` too), or an upper-cased keyword; prefixed names are skipped.
    """
    index = 0
    while index < len(text):
        after = _skip(text, index)
        if after is not None:
            index = after
            continue
        char = text[index]
        if char in "{}()*":
            yield index, index + 1, char
            index += 1
        elif char in "?$" and (match := _VAR.match(text, index)):
            yield index, match.end(), "?" + match.group(1)
            index = match.end()
        elif char.isalpha() and (index == 0 or not _NAME_CHAR.match(text[index - 1])):
            end = index
            while end < len(text) and _NAME_CHAR.match(text[end]):
                end += 1
            word = text[index:end]
            if ":" not in word:
                yield index, end, word.upper().rstrip(".")
            index = end
        else:
            index += 1


def where_position(query: str) -> int:
    """Index just after the ``{`` that opens the outermost WHERE group of a query."""
    form = None
    depth = 0
    parens = 0
    template_done = False
    for _start, end, token in _tokens(query):
        if form is None:
            if token in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                form = token
            elif token in _UPDATE_WORDS:
                raise QueryError("parameters can only be bound in a query, not in an update")
            continue
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "{":
            if depth == 0 and parens == 0:
                if form == "CONSTRUCT" and not template_done:
                    depth += 1
                    continue
                return end
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and form == "CONSTRUCT":
                template_done = True
        elif token == "WHERE" and form == "CONSTRUCT" and depth == 0 and not template_done:
            raise QueryError(
                "parameters cannot be bound in the short form CONSTRUCT WHERE { … }; "
                "write CONSTRUCT { … } WHERE { … }"
            )
    raise QueryError("cannot find the WHERE clause of the query to bind its parameters")


_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def _check_bindings(bindings: Mapping[str, Term]) -> dict[str, str]:
    """Each parameter's term in N-Triples syntax (pyoxigraph escapes it)."""
    written = {}
    for name, term in bindings.items():
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a variable name")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryError(
                f"parameter {name}: only IRIs and literals can be sent to a remote endpoint"
            )
        written[name] = str(term)
    return written


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "text"@vi) }`` — the terms in N-Triples syntax."""
    written = _check_bindings(bindings)
    names = " ".join(f"?{name}" for name in written)
    return f"VALUES ({names}) {{ ({' '.join(written.values())}) }}"


def inject_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with ``bindings`` as a VALUES block opening its outermost WHERE group.

    >>> inject_values(
    ...     "SELECT * WHERE { ?x ?p ?v }", {"v": ox.Literal("} ; DROP ALL ; #", language="vi")}
    ... )
    'SELECT * WHERE { VALUES (?v) { ("} ; DROP ALL ; #"@vi) } ?x ?p ?v }'
    """
    if not bindings:
        return query
    position = where_position(query)
    return f"{query[:position]} {values_block(bindings)}{query[position:]}"


# How an edit rewrites a variable token: text before the term, the parameter whose term
# goes there (None: no term), text after it.
_Replacement = tuple[str, str | None, str]
_DROP: _Replacement = ("", None, "")


@dataclass
class _Select:
    """A SELECT (the query's or a sub-select's) while the query is scanned."""

    depth: int  # brace depth where the SELECT keyword stands
    projects: set[str] = field(default_factory=set)
    star: bool = False
    phase: str = "projection"  # then "where", then "modifiers"
    where_depth: int = -1
    parens: int = 0
    by: bool = False  # inside GROUP BY / ORDER BY
    items: int = 0  # variables and (expressions) projected
    by_items: int = 0  # conditions in the current GROUP BY / ORDER BY
    by_pending: list[tuple[int, int, _Replacement]] = field(default_factory=list)

    def end_by(self, edits: list[tuple[int, int, _Replacement]]) -> None:
        """Grouping or ordering by a constant does nothing (and Virtuoso rejects it):
        drop a bound parameter there, unless it is the clause's only condition."""
        keep = self.by_items == len(self.by_pending)
        edits += [(a, b, text if keep else _DROP) for a, b, text in self.by_pending]
        self.by, self.by_items, self.by_pending = False, 0, []

    pending: list[tuple[int, int, _Replacement]] = field(default_factory=list)

    def sees(self, name: str) -> bool:
        return self.star or name in self.projects


def bind_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with each parameter variable replaced by its term, as Oxigraph does.

    The SPARQL protocol cannot carry bindings, so this is the remote counterpart of
    Oxigraph's ``substitutions``: the token ``?name`` (or ``$name``) becomes the term in
    N-Triples syntax, written by pyoxigraph — one IRI or literal token, never raw text.
    Where the grammar needs a variable it is kept as one: ``SELECT ?name`` becomes
    ``SELECT (<term> AS ?name)``, ``GROUP BY ?name`` becomes ``GROUP BY (<term>)``,
    ``BOUND(?name)`` becomes ``true``. A sub-select that does not project ``?name`` has a
    variable of its own and is left alone. A query that is ``SELECT *`` gets a VALUES
    block at the start of its WHERE group instead (:func:`inject_values`).

    >>> bind_values("SELECT ?x ?v WHERE { ?x ?p ?v }", {"v": ox.Literal('"} ; DROP ALL ; #')})
    'SELECT ?x ("\\\\"} ; DROP ALL ; #" AS ?v) WHERE { ?x ?p "\\\\"} ; DROP ALL ; #" }'
    """
    if not bindings:
        return query
    terms = _check_bindings(bindings)
    edits = _binding_edits(query, frozenset(terms))
    if edits is None:
        return inject_values(query, bindings)
    pieces, done = [], 0
    for start, end, (before, name, after) in edits:
        pieces += [query[done:start], before, terms[name] if name else "", after]
        done = end
    return "".join(pieces) + query[done:]


@functools.lru_cache(maxsize=256)
def _binding_edits(
    query: str, names: frozenset[str]
) -> tuple[tuple[int, int, _Replacement], ...] | None:
    """Where :func:`bind_values` writes the parameters ``names`` into ``query``, in text
    order (None: a ``SELECT *`` query, which gets a VALUES block instead).

    The edits depend on the text and the names only, not on the terms, so they are
    found once per query: scanning a long query costs milliseconds (2 ms for
    lineage.rq), more than the engine takes to answer the small ones.
    """
    tokens = list(_tokens(query))
    edits: list[tuple[int, int, _Replacement]] = []
    selects: list[_Select] = []
    form = None
    depth = 0
    previous = ""
    values_list = 0  # 1 right after VALUES, 2 inside its (variable list)
    skip_to = -1
    for position, (start, end, token) in enumerate(tokens):
        if position < skip_to:
            continue
        if form is None:
            if token in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                form = token
            elif token in _UPDATE_WORDS:
                raise QueryError("parameters can only be bound in a query, not in an update")
            if token != "SELECT":
                previous = token
                continue
        if token == "SELECT":
            selects.append(_Select(depth))
        current = selects[-1] if selects else None
        in_projection = current is not None and current.phase == "projection"
        if token == "{":
            if in_projection and current.parens == 0:
                current.phase, current.where_depth = "where", depth
                # A sub-select need not project a bound parameter: the group around it
                # has the term already. Drop it, unless nothing else would be projected.
                keep = current.items == len(current.pending)
                edits += [(a, b, text if keep else _DROP) for a, b, text in current.pending]
                if len(selects) == 1 and form == "SELECT" and current.star:
                    return None
            depth += 1
        elif token == "}":
            depth -= 1
            if current and current.phase == "where" and depth == current.where_depth:
                current.phase = "modifiers"
            elif current and current.phase == "modifiers" and depth < current.depth:
                current.end_by(edits)
                selects.pop()
        elif token in ("(", ")"):
            if in_projection and token == "(" and current.parens == 0:
                current.items += 1
            if current and current.by and token == "(" and current.parens == 0:
                current.by_items += 1
            if current and current.phase in ("projection", "modifiers"):
                current.parens += 1 if token == "(" else -1
            if values_list == 1 and token == "(":
                values_list = 2
            elif values_list == 2 and token == ")":
                values_list = 0
        elif (
            token == "*"
            and in_projection
            and current.parens == 0
            and previous in ("SELECT", "DISTINCT", "REDUCED")
        ):
            current.star = True
        elif token in ("GROUP", "ORDER") and current and current.phase == "modifiers":
            current.end_by(edits)
            current.by = True
        elif (
            token in ("HAVING", "LIMIT", "OFFSET", "VALUES")
            and current
            and current.phase == "modifiers"
        ):
            current.end_by(edits)
        elif token.startswith("?"):
            name = token[1:]
            if in_projection and current.parens == 0:
                current.projects.add(name)
                current.items += 1
            if current and current.by and current.parens == 0:
                current.by_items += 1
            if name in names and _visible(selects, name, in_projection):
                if previous == "AS":
                    raise QueryError(f"parameter ?{name} is assigned in the query (AS ?{name})")
                if values_list:
                    raise QueryError(
                        f"parameter ?{name} is also given values in the query (VALUES)"
                    )
                if in_projection and current.parens == 0 and len(selects) > 1:
                    current.pending.append((start, end, ("(", name, f" AS ?{name})")))
                elif in_projection and current.parens == 0:
                    edits.append((start, end, ("(", name, f" AS ?{name})")))
                elif previous == "(" and position >= 2 and tokens[position - 2][2] == "BOUND":
                    closing = tokens[position + 1] if position + 1 < len(tokens) else None
                    if closing is None or closing[2] != ")":
                        raise QueryError(f"cannot bind ?{name} in BOUND(…)")
                    edits.append((tokens[position - 2][0], closing[1], ("true", None, "")))
                    skip_to = position + 2
                elif (
                    current and current.phase == "modifiers" and current.by and current.parens == 0
                ):
                    current.by_pending.append((start, end, ("(", name, ")")))
                else:
                    edits.append((start, end, ("", name, "")))
            if values_list == 1:
                values_list = 0
        if token == "VALUES":
            values_list = 1
        elif values_list == 1 and token not in ("(",) and not token.startswith("?"):
            values_list = 0
        previous = token
    if form is None:
        raise QueryError(
            "cannot find the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) to bind parameters"
        )
    for select in selects:
        select.end_by(edits)
    return tuple(sorted(edits, key=lambda edit: edit[0]))


def _visible(selects: list[_Select], name: str, in_projection: bool) -> bool:
    """Whether ``?name`` here is the query's own variable, not one local to a sub-select."""
    inner = selects[1:]
    if in_projection and inner:
        inner = inner[:-1]  # a sub-select's projection belongs to the group around it
    return all(select.sees(name) for select in inner)


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def with_prefixes(text: str) -> str:
    """The query with PREFIX lines for danvan's prefixes it uses but does not declare."""
    declared = {match.group(1) or "" for match in _DECLARED.finditer(text)}
    missing = [
        name
        for name in PREFIXES
        if name not in declared and re.search(rf"(?<![\w?$]){name}:", text)
    ]
    if not missing:
        return text
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in missing) + text


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
    """SPARQL 1.1 JSON results → a :class:`~danvan_kg.store.Table` of pyoxigraph terms."""
    columns = tuple(document["head"]["vars"])
    blanks: dict[str, ox.BlankNode] = {}
    rows = tuple(
        tuple(_term(binding[column], blanks) if column in binding else None for column in columns)
        for binding in document["results"]["bindings"]
    )
    return Table(columns, rows)


RDF_MEDIA_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


# --------------------------------------------------------------------------- the store


class RemoteStore(Store):
    """A SPARQL 1.1 server used like the embedded store (see :meth:`Store.remote`).

    ``url`` is the query endpoint. The update endpoint defaults to ``…/update`` for a
    ``…/query`` URL (Oxigraph, Fuseki) and to ``url`` itself otherwise (Virtuoso's
    ``/sparql``); the Graph Store Protocol endpoint to ``…/store`` for ``…/query`` and to
    ``…/sparql-graph-crud`` for ``…/sparql``.

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
        super().__init__(None, None)  # type: ignore[arg-type]
        if not re.match(r"^https?://", url):
            raise EndpointError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        self.url = url
        self.update_url = update_url or _sibling(url, "update") or url
        self.graph_store_url = graph_store_url or _sibling(url, "store") or _graph_crud(url)
        if not timeout > 0:
            raise EndpointError(
                f"the timeout must be a positive number of seconds, not {timeout!r}"
            )
        self.timeout = timeout
        self._dataset: list[str] | None = None  # graphs to send as the default graph
        self._union_checked = False

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # ------------------------------------------------------------------ protocol

    def _wrapper(self, endpoint: str) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(endpoint, updateEndpoint=self.update_url, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.timeout = self.timeout  # not setTimeout(): it rounds 0.5 s down to 0, no timeout
        wrapper.setOnlyConneg(True)
        return wrapper

    def _request(
        self, text: str, accept: str, *, union: bool = False, update: bool = False
    ) -> tuple[bytes, Any]:
        wrapper = self._wrapper(self.url)
        wrapper.setQuery(text)
        if update:
            wrapper.queryType = "INSERT"  # SPARQLWrapper: send as `update=` to the update endpoint
        else:
            wrapper.queryType = "SELECT"  # the Accept header below is what matters
            if union and self._dataset:
                for graph in self._dataset:
                    wrapper.addDefaultGraph(graph)
                    wrapper.addNamedGraph(graph)
        wrapper.addCustomHttpHeader("Accept", accept)
        endpoint = self.update_url if update else self.url
        try:
            result = wrapper.query()
            response = result.response
            body = response.read()
        except Exception as error:
            _raise_endpoint_error(error, endpoint, self.timeout)
        return body, response

    def _query(
        self, text: str, bindings: Mapping[str, Term] | None, union: bool, accept: str
    ) -> tuple[bytes, Any]:
        query = with_prefixes(bind_values(text, bindings))
        if union and not self._union_checked:
            self._check_union()
        body, response = self._request(query, accept, union=union)
        limit = response.headers.get("X-SPARQL-MaxRows")
        if limit:
            raise EndpointError(
                f"the SPARQL endpoint {self.url} cut the answer at {limit} rows "
                "(Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
            )
        return body, response

    def _check_union(self) -> None:
        """Find out once whether the server's default graph is the union of its graphs."""
        in_default = self._ask_raw("ASK { ?s ?p ?o }")
        if in_default:
            self._union_checked = True
            return
        graphs = self.named_graphs()
        if graphs:
            self._dataset = graphs
            self._union_checked = True

    def _ask_raw(self, query: str) -> bool:
        body, _ = self._request(query, "application/sparql-results+json")
        return bool(self._json(body).get("boolean"))

    def _json(self, body: bytes) -> dict[str, Any]:
        try:
            return json.loads(body)
        except ValueError as error:
            raise EndpointError(
                f"the SPARQL endpoint {self.url} did not answer with SPARQL JSON results"
            ) from error

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        table = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return int(table.rows[0][0].value) if table.rows and table.rows[0][0] is not None else 0

    @property
    def engine(self) -> ox.Store:
        raise StoreError(f"{self.url} is a remote SPARQL endpoint: there is no embedded engine")

    def named_graphs(self) -> list[str]:
        body, _ = self._request(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json"
        )
        table = self._table(body)
        return sorted(row[0].value for row in table.rows if isinstance(row[0], ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph:
            node = ox.NamedNode(graph)
            table = self.select(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}", union=False
            )
            return iter([ox.Quad(s, p, o, node) for s, p, o in table.rows])  # type: ignore[arg-type]
        table = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return iter([ox.Quad(s, p, o, g) for s, p, o, g in table.rows])  # type: ignore[arg-type]

    def _table(self, body: bytes) -> Table:
        try:
            return table_from_json(self._json(body))
        except (KeyError, TypeError, ValueError) as error:
            raise EndpointError(
                f"the SPARQL endpoint {self.url} sent malformed SPARQL JSON results: {error}"
            ) from error

    def select(
        self, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
    ) -> Table:
        """Run a SELECT on the server; ``bindings`` go in as a VALUES block of terms."""
        body, _ = self._query(query, bindings, union, "application/sparql-results+json")
        return self._table(body)

    def ask(
        self, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
    ) -> bool:
        body, _ = self._query(query, bindings, union, "application/sparql-results+json")
        document = self._json(body)
        if "boolean" not in document:
            raise StoreError("expected an ASK query")
        return bool(document["boolean"])

    def construct(
        self, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
    ) -> list[ox.Triple]:
        body, response = self._query(
            query,
            bindings,
            union,
            "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
        )
        media = (
            (response.headers.get("Content-Type") or "application/n-triples")
            .split(";")[0]
            .strip()
            .lower()
        )
        rdf_format = RDF_MEDIA_TYPES.get(media)
        if rdf_format is None:
            raise EndpointError(f"the SPARQL endpoint {self.url} answered a CONSTRUCT with {media}")
        try:
            return [quad.triple for quad in ox.parse(body, rdf_format)]
        except SyntaxError as error:
            raise EndpointError(
                f"the SPARQL endpoint {self.url} sent unreadable RDF: {error}"
            ) from error

    # ------------------------------------------------------------------ writing

    def update(self, update: str) -> None:
        """Run a SPARQL Update on the server's update endpoint."""
        self._request(with_prefixes(update), "*/*", update=True)

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
        """Replace each named graph's content with one SPARQL Update request."""
        parts = []
        for graph, quads in graphs.items():
            parts.append(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
            quads = list(quads)
            if quads:
                parts.append(insert_data(quads))
        if parts:
            self.update(" ;\n".join(parts))

    def put_graph(self, graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Replace one named graph by a Graph Store Protocol ``PUT`` (N-Triples body)."""
        if not self.graph_store_url:
            raise EndpointError(f"no Graph Store Protocol endpoint known for {self.url} (give one)")
        body = ox.serialize(
            [t.triple if isinstance(t, ox.Quad) else t for t in triples],
            format=ox.RdfFormat.N_TRIPLES,
        )
        separator = "&" if "?" in self.graph_store_url else "?"
        target = f"{self.graph_store_url}{separator}{urllib.parse.urlencode({'graph': graph})}"
        request = urllib.request.Request(
            target,
            data=body or b"",
            method="PUT",
            headers={"Content-Type": "application/n-triples", "User-Agent": USER_AGENT},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if error.code in (404, 405, 501):
                raise GraphStoreUnsupportedError(
                    f"the server at {self.graph_store_url} does not support the Graph Store "
                    f"Protocol (HTTP {error.code})"
                ) from error
            _raise_endpoint_error(error, self.graph_store_url, self.timeout)
        except Exception as error:
            _raise_endpoint_error(error, self.graph_store_url, self.timeout)

    def flush(self) -> None:
        """Nothing to flush: every write is sent at once."""

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""


class GraphStoreUnsupportedError(EndpointError):
    """The server has no Graph Store Protocol endpoint where we looked."""


def _sibling(url: str, name: str) -> str | None:
    """``…/query`` → ``…/NAME`` (Oxigraph and Fuseki name their endpoints this way)."""
    parts = urllib.parse.urlsplit(url)
    if parts.path.endswith("/query"):
        return urllib.parse.urlunsplit(
            parts._replace(path=parts.path[: -len("query")] + name, query="")
        )
    return None


def _graph_crud(url: str) -> str | None:
    """Virtuoso's Graph Store Protocol endpoint next to its ``/sparql``."""
    parts = urllib.parse.urlsplit(url)
    if parts.path.rstrip("/").endswith("/sparql"):
        return urllib.parse.urlunsplit(
            parts._replace(path=parts.path.rstrip("/") + "-graph-crud", query="")
        )
    return None


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { … } … }`` with every term in N-Triples syntax."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            raise StoreError("danvan keeps every statement in a named graph; this quad has none")
        by_graph.setdefault(str(quad.graph_name), []).append(
            f"{quad.subject} {quad.predicate} {quad.object} ."
        )
    blocks = [f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


# --------------------------------------------------------------------------- errors


def _first_line(body: bytes | str | None) -> str:
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    for line in text.splitlines():
        line = re.sub(r"<[^>]+>", "", line).strip()
        if line:
            return line[:200]
    return ""


def _wrapper_body(error: BaseException) -> bytes | None:
    """The response body SPARQLWrapper keeps only inside its message, as a bytes repr."""
    _, found, body = str(error).partition("Response:\n")
    if not found:
        return None
    try:
        value = ast.literal_eval(body.strip())
    except (ValueError, SyntaxError):
        return body.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def _is_timeout(error: BaseException | None) -> bool:
    return isinstance(error, TimeoutError | socket.timeout) or (
        isinstance(error, urllib.error.URLError)
        and isinstance(error.reason, TimeoutError | socket.timeout)
    )


def _raise_endpoint_error(error: BaseException, url: str, timeout: float) -> NoReturn:
    """Turn whatever the HTTP stack raised into one EndpointError line."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if isinstance(error, EndpointError):
        raise error
    if _is_timeout(error) or _is_timeout(error.__context__):
        raise EndpointError(
            f"the SPARQL endpoint {url} did not answer within {timeout:g} s"
        ) from error
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except Exception:
            body = b""
        detail = _first_line(body) or error.reason
        raise EndpointError(
            f"the SPARQL endpoint {url} answered HTTP {error.code}: {detail}"
        ) from error
    if isinstance(error, SPARQLWrapperException):
        codes = {
            "QueryBadFormed": 400,
            "Unauthorized": 401,
            "EndPointNotFound": 404,
            "URITooLong": 414,
            "EndPointInternalError": 500,
        }
        code = codes.get(type(error).__name__)
        detail = _first_line(_wrapper_body(error)) or type(error).__name__
        status = f"HTTP {code}" if code else "an error"
        raise EndpointError(f"the SPARQL endpoint {url} answered {status}: {detail}") from error
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(
                f"cannot connect to the SPARQL endpoint {url} (connection refused)"
            ) from error
        if isinstance(reason, socket.gaierror):
            raise EndpointError(
                f"cannot connect to the SPARQL endpoint {url} (unknown host)"
            ) from error
        raise EndpointError(f"cannot connect to the SPARQL endpoint {url} ({reason})") from error
    if isinstance(error, ConnectionError | OSError):
        raise EndpointError(
            f"the connection to the SPARQL endpoint {url} failed ({error})"
        ) from error
    raise EndpointError(
        f"the SPARQL endpoint {url} failed: {type(error).__name__}: {error}"
    ) from error


# --------------------------------------------------------------------------- push


@dataclass
class PushReport:
    """What :func:`push` sent: quads per named graph, and how."""

    endpoint: str
    method: str = ""
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def quads(self) -> int:
        return sum(self.graphs.values())


PUSH_METHODS = ("auto", "gsp", "update")


def push(
    source: Store, target: RemoteStore, *, method: str = "auto", progress: Progress | None = None
) -> PushReport:
    """Copy every named graph of ``source`` to the server, replacing those graphs there.

    ``method``: ``gsp`` (one Graph Store Protocol ``PUT`` per graph), ``update``
    (``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks), or ``auto``: the Graph Store
    Protocol where the server has it, SPARQL Update where it does not.
    """
    if method not in PUSH_METHODS:
        raise EndpointError(f"unknown push method {method!r} (known: {', '.join(PUSH_METHODS)})")
    say = progress or (lambda _message: None)
    report = PushReport(target.url)
    use = (
        "update"
        if method == "update" or (method == "auto" and not target.graph_store_url)
        else "gsp"
    )
    for graph in source.named_graphs():
        quads = list(source.quads(graph))
        if use == "gsp":
            try:
                target.put_graph(graph, quads)
            except GraphStoreUnsupportedError:
                if method == "gsp":
                    raise
                say(f"{target.graph_store_url} has no Graph Store Protocol; using SPARQL Update")
                use = "update"
        if use == "update":
            target.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
            target.extend(quads)
        report.graphs[graph] = len(quads)
        say(f"pushed {len(quads):,} quads to {graph}")
    report.method = use
    return report


# --------------------------------------------------------------------------- parity


def canonical_rows(table: Table, ordered: bool) -> list[tuple[str, ...]] | Counter[tuple[str, ...]]:
    """Rows as comparable tuples: blank nodes made anonymous, order kept only if asked."""
    rows = [
        tuple(
            "_:" if isinstance(term, ox.BlankNode) else ("" if term is None else str(term))
            for term in row
        )
        for row in table.rows
    ]
    return rows if ordered else Counter(rows)
