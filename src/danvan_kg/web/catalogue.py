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

from danvan_kg import queries
from danvan_kg.errors import DanvanError
from danvan_kg.queries import CONCEPT_TYPES, NamedQuery, Parameter
from danvan_kg.stores import Store, Table
from danvan_kg.vocab import VOCAB_IRI
from danvan_kg.web.common import error, json_response, language, page
from danvan_kg.web.search import page_path

INPUT_TYPES = {"integer": "number", "date": "date"}
TWINS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


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


def form_fields(store: Store, query: NamedQuery, values: dict[str, str]) -> list[dict[str, Any]]:
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
                "choices": concept_choices(store, parameter)
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


async def query_page(request: Request) -> Response:
    name: str = request.path_params["name"]
    twin = None
    for suffix in TWINS:
        if name.endswith("." + suffix):
            name, twin = name[: -len(suffix) - 1], suffix
    known = queries.catalogue()
    if name not in known:
        return error("web.not-found", request, 404, json_body=twin == "json", path=request.url.path)
    query = known[name]
    store: Store = request.app.state.store
    names = {parameter.name for parameter in query.params}
    values = {
        key: value.strip()
        for key, value in request.query_params.items()
        if key in names and value.strip()
    }
    failure: str | None = None
    table: Table | None = None
    try:
        table = await run_in_threadpool(queries.run, query, store, values)
    except DanvanError as problem:
        failure = problem.message(language(request))
    if twin is not None:
        if table is None:
            return error(
                "web.query-failed", request, 400, json_body=twin == "json", detail=failure or ""
            )
        return Response(queries.format_table(table, twin), media_type=TWINS[twin])
    fields = await run_in_threadpool(form_fields, store, query, values)
    query_string = request.url.query
    return page(
        request,
        "query.html",
        status_code=200 if failure is None else 400,
        query=query,
        title=_title(query, language(request)),
        fields=fields,
        table=table,
        rows=cells(table) if table is not None else [],
        failure=failure,
        twins={suffix: f"/queries/{name}.{suffix}?{query_string}" for suffix in TWINS},
    )
