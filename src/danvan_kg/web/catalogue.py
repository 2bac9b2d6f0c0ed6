"""The catalogue of named queries on the web: ``/queries`` and ``/queries/{name}``.

Each query has a page with a form typed by its parameters (numbers, dates, a choice of
codes for vocabulary parameters, text for keys and identifiers). The page's URL carries
the values (``/queries/conferences-of?directive=19-CT/TU``), so a link reproduces the
answer; ``/queries/{name}.csv`` and ``.json`` give the same rows as data. Values are
bound by :func:`danvan_kg.queries.run` (RDF terms, never pasted into the query).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from danvan_kg import messages, queries
from danvan_kg.errors import DanvanError
from danvan_kg.queries import CONCEPT_TYPES, NamedQuery, Parameter
from danvan_kg.stores import Store, Table
from danvan_kg.vocab import VOCAB_IRI
from danvan_kg.web.cache import Cache
from danvan_kg.web.common import Settings, error, json_response, language, page
from danvan_kg.web.search import page_path
from danvan_kg.web.sparql import BusyError, busy

INPUT_TYPES = {"integer": "number", "date": "date"}
TWINS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# Rows of an answer on one HTML page (?page=N for the next); CSV and JSON have them all,
# up to the operator's result cap.
PAGE_ROWS = 100


def _title(query: NamedQuery, lang: str) -> str:
    return query.title.get(lang) or query.title.get("en", query.name)


async def list_page(request: Request) -> Response:
    lang = language(request)
    listed = sorted(queries.catalogue().values(), key=lambda q: (q.questions or (99,), q.name))
    return page(request, "queries.html", queries=listed, title_of=lambda q: _title(q, lang))


async def list_json(request: Request) -> Response:
    return json_response(
        [
            {
                "name": query.name,
                "title": query.title,
                "description": query.description,
                "parameters": [
                    {"name": p.name, "type": p.type, "default": p.default, "required": p.required}
                    for p in query.params
                ],
                "page": f"/queries/{query.name}",
            }
            for query in sorted(queries.catalogue().values(), key=lambda q: q.name)
        ]
    )


def concept_choices(store: Store, parameter: Parameter) -> list[tuple[str, str]]:
    """The codes a vocabulary parameter may take, with their labels."""
    prefix = f"{VOCAB_IRI}{CONCEPT_TYPES[parameter.type]}/"
    table = store.select(
        "SELECT ?concept (SAMPLE(?name) AS ?label) WHERE { ?concept a skos:Concept "
        "FILTER(STRSTARTS(STR(?concept), ?prefix)) "
        "OPTIONAL { ?concept skos:prefLabel ?name } } GROUP BY ?concept ORDER BY ?concept",
        {"prefix": ox.Literal(prefix)},
    )
    return [
        (concept.value[len(prefix) :], label.value if label else "")
        for concept, label in table.rows
        if concept is not None
    ]


def _choices(store: Store, parameter: Parameter, cache: Cache | None) -> list[tuple[str, str]]:
    """:func:`concept_choices`, kept (a query a form, else) until the store changes."""
    if cache is None:
        return concept_choices(store, parameter)
    key = ("choices", parameter.type)
    found = cache.get(key)
    if found is None:
        found = concept_choices(store, parameter)
        cache.put(key, found, 100 * len(found) + 100)
    return found  # type: ignore[no-any-return]


def form_fields(
    store: Store, query: NamedQuery, values: dict[str, str], cache: Cache | None = None
) -> list[dict[str, Any]]:
    fields = []
    for parameter in query.params:
        fields.append(
            {
                "name": parameter.name,
                "type": parameter.type,
                "input": INPUT_TYPES.get(parameter.type, "text"),
                "value": values.get(parameter.name, ""),
                "default": "" if parameter.default is None else str(parameter.default),
                "description": parameter.description,
                "required": parameter.required,
                "choices": _choices(store, parameter, cache)
                if parameter.type in CONCEPT_TYPES
                else None,
            }
        )
    return fields


def cells(table: Table) -> list[list[tuple[str, str | None]]]:
    """Rows as (text, link) pairs: IRIs link to their page."""
    return [
        [
            (
                queries.compact(term),
                page_path(term.value) if isinstance(term, ox.NamedNode) else None,
            )
            for term in row
        ]
        for row in table.rows
    ]


def table_size(answer: tuple[Table, bool]) -> int:
    """What a kept answer weighs, roughly (for the cache's byte bound)."""
    table = answer[0]
    return 200 + 200 * len(table.rows) * max(1, len(table.columns))


def page_number(request: Request) -> int:
    """``?page=N`` (1 for none or nonsense)."""
    given = request.query_params.get("page", "1")
    return max(1, int(given)) if given.isdigit() else 1


async def answer_of(
    request: Request, query: NamedQuery, values: dict[str, str]
) -> tuple[Table, bool]:
    """The query's rows (at most the result cap, and whether the cap cut them), from the
    cache or run in the query workers with the endpoint's deadline (raises
    :class:`~danvan_kg.web.sparql.BusyError`, :class:`TimeoutError`, :class:`DanvanError`)."""
    settings: Settings = request.app.state.settings
    cache: Cache = request.app.state.cache
    store: Store = request.app.state.store
    key = ("query", query.name, tuple(sorted(values.items())))
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    generation = cache.generation

    def work() -> tuple[Table, bool]:
        table = queries.run(query, store, values)
        cap = settings.result_cap
        answer = (
            (Table(table.columns, table.rows[:cap]), True)
            if len(table.rows) > cap
            else (
                table,
                False,
            )
        )
        # Kept here, in the worker: an answer that came after its deadline (the client
        # got 503; Oxigraph cannot stop the query) serves the next request for it.
        cache.put(key, answer, table_size(answer), generation)
        return answer

    return await request.app.state.sparql.run(work)  # type: ignore[no-any-return]


async def query_page(request: Request) -> Response:
    """A catalogue query's page: its form, and its answer as a table of ``PAGE_ROWS``
    rows a page (``?page=N``), with CSV and JSON twins. The query runs in the query
    workers with the endpoint's deadline and result cap (the page says when either cut
    the answer); answers are kept until an add changes the store."""
    name: str = request.path_params["name"]
    twin = None
    for suffix in TWINS:
        if name.endswith("." + suffix):
            name, twin = name[: -len(suffix) - 1], suffix
    known = queries.catalogue()
    if name not in known:
        return error("web.not-found", request, 404, json_body=twin == "json", path=request.url.path)
    query = known[name]
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    names = {parameter.name for parameter in query.params}
    values = {
        key: value.strip()
        for key, value in request.query_params.items()
        if key in names and value.strip()
    }
    failure: str | None = None
    table: Table | None = None
    truncated = False
    status = 200
    try:
        table, truncated = await answer_of(request, query, values)
    except BusyError:
        return busy(request, plain=twin is not None)
    except TimeoutError:
        failure = messages.render(
            "web.sparql-timeout", {"seconds": settings.query_timeout}, language(request)
        )
        status = 503
    except DanvanError as problem:
        failure = problem.message(language(request))
        status = 400
    if twin is not None:
        if table is None:
            return error(
                "web.query-failed",
                request,
                status,
                json_body=twin == "json",
                detail=failure or "",
            )
        return Response(
            queries.format_table(table, twin),
            media_type=TWINS[twin],
            headers={
                "X-Danvan-Result-Cap": str(settings.result_cap),
                "X-Danvan-Truncated": "true" if truncated else "false",
            },
        )
    fields = await run_in_threadpool(form_fields, store, query, values, request.app.state.cache)
    number = page_number(request)
    shown: list[list[tuple[str, str | None]]] = []
    pages = 1
    if table is not None:
        pages = max(1, -(-len(table.rows) // PAGE_ROWS))
        number = min(number, pages)
        first = (number - 1) * PAGE_ROWS
        shown = cells(Table(table.columns, table.rows[first : first + PAGE_ROWS]))
    query_string = request.url.query

    def page_link(to: int) -> str:
        return str(request.url.include_query_params(page=to))

    return page(
        request,
        "query.html",
        status_code=status,
        query=query,
        title=_title(query, language(request)),
        fields=fields,
        table=table,
        rows=shown,
        total=len(table.rows) if table is not None else 0,
        first_row=(number - 1) * PAGE_ROWS + 1,
        page_number=number,
        pages=pages,
        previous=page_link(number - 1) if number > 1 else None,
        following=page_link(number + 1) if number < pages else None,
        truncated=truncated,
        cap=settings.result_cap,
        failure=failure,
        twins={suffix: f"/queries/{name}.{suffix}?{query_string}" for suffix in TWINS},
    )
