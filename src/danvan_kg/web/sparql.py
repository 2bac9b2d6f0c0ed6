"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint, and the query editor page.

GET ``?query=``, POST as a form (``query=``) or with an ``application/sparql-query``
body. SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE in
Turtle, N-Triples, JSON-LD or RDF/XML, by ``Accept`` (or ``?format=``). The default
graph is the union of the named graphs, as everywhere in danvan; ``default-graph-uri``
and ``named-graph-uri`` are not supported and are refused.

Refused: SPARQL Update (``update=``, an ``application/sparql-update`` body, or an
update in ``query=``) with 403; ``SERVICE`` with 403, so the server never makes a
request on a client's behalf; a malformed query with 400.

Limits the operator sets (:class:`~danvan_kg.web.common.Settings`): a query's answer is
abandoned after ``query_timeout`` seconds (503), and at most ``result_cap`` rows or
triples are sent; every answer states the cap in ``X-Danvan-Result-Cap`` and whether it
cut the answer in ``X-Danvan-Truncated`` (a cut answer also carries Virtuoso's
``X-SPARQL-MaxRows``, which danvan's remote store refuses to take as a whole answer).
Queries run in a pool of ``query_workers`` threads apart from the pages (the catalogue
pages' queries too); the deadline counts from when a worker starts the query. Before
that a query waits in a bounded queue: at most ``queue_size`` waiting, each at most
``queue_wait`` seconds, else 503 with ``Retry-After`` (:class:`BusyError`). The embedded
Oxigraph engine cannot cancel a running query: a runaway query goes on in its worker
until it ends (using a core), while the client gets its 503 at the deadline and other
requests are answered by the other workers.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from danvan_kg import queries
from danvan_kg.errors import DanvanError
from danvan_kg.stores import Store, Table
from danvan_kg.vocab import PREFIXES
from danvan_kg.web.common import FormatError, Settings, error, language, negotiate, page

T = TypeVar("T")

RESULT_OFFERS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# Clients that ask for plain JSON or XML get the SPARQL results formats.
RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
GRAPH_OFFERS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# What is not SPARQL syntax proper, removed before looking for keywords: strings, IRIs
# and comments (a literal "SERVICE" or a comment "# insert" must not count).
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_FORM = re.compile(
    r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY"
    r"|MOVE|ADD|WITH)(?![\w:])",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.IGNORECASE)
UPDATE_FORMS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}


def query_form(query: str) -> tuple[str | None, bool]:
    """The query's form (``SELECT``, ``ASK``, …, or an update keyword) and whether it
    uses ``SERVICE``.

    >>> query_form('PREFIX s: <http://x/SERVICE#> SELECT * { ?s ?p "SERVICE" } # DROP')
    ('SELECT', False)
    >>> query_form("select * { service <http://evil/> { ?s ?p ?o } }")
    ('SELECT', True)
    >>> query_form("INSERT DATA { <a:b> <a:c> <a:d> }")
    ('INSERT', False)
    """
    bare = _NOT_KEYWORDS.sub(" ", query)
    found = _FORM.search(bare)
    return (found.group(1).upper() if found else None), bool(_SERVICE.search(bare))


class BusyError(Exception):
    """Every query worker is taken and the queue is full, or a query waited in it longer
    than the queue wait: the client gets 503 with ``Retry-After``."""


class Runner:
    """Runs queries in ``query_workers`` threads of their own, apart from the pages.

    A query first waits in a bounded queue (at most ``queue_size`` waiting, each at most
    ``queue_wait`` seconds, else :class:`BusyError`); its deadline of ``query_timeout``
    seconds counts from when a worker starts it, so a quick query queued behind slow ones
    is not abandoned for their time.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ThreadPoolExecutor(settings.query_workers, thread_name_prefix="danvan-sparql")
        self.waiting = 0  # queries submitted and not yet started
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Run ``work`` in a query worker, with no deadline (parts of pages that are
        cached when done, :meth:`danvan_kg.web.cache.Cache.compute`); :class:`BusyError`
        when ``queue_size`` queries and parts already wait (the queue stays bounded)."""
        with self._lock:
            if self.waiting >= self.settings.queue_size:
                raise BusyError
            self.waiting += 1

        def begun() -> T:
            with self._lock:
                self.waiting -= 1
            return work()

        return self.pool.submit(begun)

    async def run(self, work: Callable[[], T]) -> T:
        """``work()``'s result; :class:`BusyError` when the queue is full or ``work`` waited
        in it too long (it is then dropped, never run); :class:`TimeoutError` when it
        ran longer than the deadline (it runs on: Oxigraph cannot cancel a query)."""
        settings = self.settings
        loop = asyncio.get_running_loop()
        started = asyncio.Event()
        with self._lock:
            if self.waiting >= settings.queue_size:
                raise BusyError
            self.waiting += 1

        def begun() -> T:
            with self._lock:
                self.waiting -= 1
            loop.call_soon_threadsafe(started.set)
            return work()

        future = self.pool.submit(begun)
        try:
            await asyncio.wait_for(started.wait(), timeout=settings.queue_wait)
        except TimeoutError:
            if future.cancel():  # never started: begun() did not count it out
                with self._lock:
                    self.waiting -= 1
                raise BusyError from None
        try:
            return await asyncio.wait_for(
                asyncio.wrap_future(future), timeout=settings.query_timeout
            )
        except TimeoutError:
            future.cancel()
            raise


# --------------------------------------------------------------------------- results


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != PREFIXES["xsd"] + "string":
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "triple", "value": str(term)}


def results_json(table: Table | None, boolean: bool | None = None) -> str:
    if table is None:
        return json.dumps({"head": {}, "boolean": bool(boolean)})
    # A term met before (an IRI repeated down a column) reuses its cell: json.dumps
    # writes a shared dict as often as it appears; a third less time at 1,644 rows.
    cells: dict[Any, dict[str, str]] = {}
    bindings = []
    for row in table.rows:
        binding = {}
        for column, term in zip(table.columns, row, strict=True):
            if term is None:
                continue
            cell = cells.get(term)
            if cell is None:
                cell = cells[term] = _json_term(term)
            binding[column] = cell
        bindings.append(binding)
    return json.dumps(
        {"head": {"vars": list(table.columns)}, "results": {"bindings": bindings}},
        ensure_ascii=False,
    )


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != PREFIXES["xsd"] + "string":
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def results_xml(table: Table | None, boolean: bool | None = None) -> str:
    lines = [
        '<?xml version="1.0"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    if table is None:
        lines += ["<head/>", f"<boolean>{'true' if boolean else 'false'}</boolean>"]
    else:
        lines.append("<head>")
        lines += [f"<variable name={quoteattr(column)}/>" for column in table.columns]
        lines += ["</head>", "<results>"]
        for row in table.rows:
            lines.append("<result>")
            lines += [
                f"<binding name={quoteattr(column)}>{_xml_term(term)}</binding>"
                for column, term in zip(table.columns, row, strict=True)
                if term is not None
            ]
            lines.append("</result>")
        lines.append("</results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def results_csv(table: Table | None, boolean: bool | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if table is None:
        writer.writerow(["_askResult"])
        writer.writerow(["true" if boolean else "false"])
        return buffer.getvalue()
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [
                ""
                if term is None
                else f"_:{term.value}"
                if isinstance(term, ox.BlankNode)
                else term.value
                for term in row
            ]
        )
    return buffer.getvalue()


def results_tsv(table: Table | None, boolean: bool | None = None) -> str:
    if table is None:
        return "?_askResult\n" + ("true" if boolean else "false") + "\n"
    lines = ["\t".join(f"?{column}" for column in table.columns)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in table.rows]
    return "\n".join(lines) + "\n"


RESULT_WRITERS: dict[str, Callable[[Table | None, bool | None], str]] = {
    "json": results_json,
    "xml": results_xml,
    "csv": results_csv,
    "tsv": results_tsv,
}


# --------------------------------------------------------------------------- endpoint


async def _read_query(request: Request) -> tuple[str | None, bool]:
    """The query text of the request, and whether the request is an update."""
    if request.method == "GET":
        params = request.query_params
        return params.get("query"), "update" in params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8", errors="replace"), False
    if content_type == "application/sparql-update":
        return None, True
    form = await request.form()
    query = form.get("query")
    return (query if isinstance(query, str) else None), "update" in form


async def endpoint(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint (see the module's text for what it refuses)."""
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    query, update = await _read_query(request)
    if update:
        return error("web.sparql-update-refused", request, 403, plain=True)
    if "default-graph-uri" in request.query_params or "named-graph-uri" in request.query_params:
        return error("web.sparql-dataset-unsupported", request, 400, plain=True)
    if not query or not query.strip():
        return error("web.sparql-missing-query", request, 400, plain=True)
    form, service = query_form(query)
    if form in UPDATE_FORMS:
        return error("web.sparql-update-refused", request, 403, plain=True)
    if service:
        return error("web.sparql-service-refused", request, 403, plain=True)
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return error("web.sparql-form-unknown", request, 400, plain=True)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    offers = GRAPH_OFFERS if graph else RESULT_OFFERS
    try:
        chosen = negotiate(request, offers, "turtle" if graph else "json", RESULT_ALIASES)
    except FormatError as wrong:
        return error(
            "web.bad-format",
            request,
            400,
            plain=True,
            format=wrong.wanted,
            known=", ".join(wrong.known),
        )
    if chosen is None:
        return error(
            "web.not-acceptable",
            request,
            406,
            plain=True,
            accept=request.headers.get("accept", ""),
            known=", ".join(offers.values()),
        )

    def work() -> Any:
        if form == "SELECT":
            return store.select(query)
        if form == "ASK":
            return store.ask(query)
        return store.construct(query)

    try:
        answer = await request.app.state.sparql.run(work)
    except BusyError:
        return busy(request, plain=True)
    except TimeoutError:
        return error(
            "web.sparql-timeout",
            request,
            503,
            plain=True,
            seconds=settings.query_timeout,
        )
    except DanvanError as problem:
        return error(
            "web.query-failed",
            request,
            400,
            plain=True,
            detail=problem.message(language(request)),
        )
    cap = settings.result_cap
    truncated = False
    if graph:
        triples = answer
        truncated = len(triples) > cap
        body = ox.serialize(triples[:cap], format=GRAPH_FORMATS[chosen], prefixes=PREFIXES)
    elif form == "ASK":
        body = RESULT_WRITERS[chosen](None, answer).encode()
    else:
        table: Table = answer
        truncated = len(table.rows) > cap
        if truncated:
            table = Table(table.columns, table.rows[:cap])
        body = RESULT_WRITERS[chosen](table, None).encode()
    media = offers[chosen]
    if media.startswith("text/"):
        media += "; charset=utf-8"
    headers = {
        "X-Danvan-Result-Cap": str(cap),
        "X-Danvan-Truncated": "true" if truncated else "false",
        "Vary": "Accept",
    }
    if truncated:
        # Virtuoso's header for a cut answer: clients that know it (danvan's remote
        # store among them) refuse the partial answer instead of using it as whole.
        headers["X-SPARQL-MaxRows"] = str(cap)
    return Response(body, media_type=media, headers=headers)


def busy(request: Request, *, plain: bool = False) -> Response:
    """503 for a query that found the queue full or waited in it too long."""
    settings: Settings = request.app.state.settings
    answer = error(
        "web.busy",
        request,
        503,
        plain=plain,
        workers=settings.query_workers,
        seconds=settings.queue_wait,
    )
    answer.headers["Retry-After"] = str(max(1, round(settings.queue_wait)))
    return answer


# --------------------------------------------------------------------------- editor


async def editor_page(request: Request) -> Response:
    """The query editor, preloaded with the catalogue's queries as examples."""
    examples = [
        {"name": query.name, "title": query.title.get("en", query.name), "text": query.text}
        for query in sorted(queries.catalogue().values(), key=lambda q: q.name)
    ]
    first = request.query_params.get("query") or (examples[0]["text"] if examples else "")
    return page(
        request,
        "editor.html",
        examples=examples,
        query=first,
        assets=request.app.state.editor_assets,
    )
