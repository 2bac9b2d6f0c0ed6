"""Downloads: the exports and charts of ``danvan export`` and ``danvan chart``, from the
pages where they make sense (a node's neighbourhood, a document's lineage, a target's
coverage map and heatmap).

``/export?node=IRI&view=around|lineage&format=html|graphml|gexf|cyjs|ttl|jsonld`` and
``/chart?target=IRI&kind=map|heatmap&format=png|svg[&counting=reviews,awards]``: the same
functions as the commands (``counting`` as ``danvan chart --counting``),
written to a temporary folder and sent as an attachment. Only the formats listed here
are offered; a node the graph does not hold is a 404 and a bad parameter a 400.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from danvan_kg import charts, export
from danvan_kg.errors import DanvanError
from danvan_kg.export.selection import select_around, select_lineage
from danvan_kg.lookup import resolve
from danvan_kg.queries import parse_counting
from danvan_kg.stores import Store
from danvan_kg.web.common import error

EXPORT_TYPES = {
    "html": "text/html; charset=utf-8",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cyjs": "application/json",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
}
CHART_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
VIEWS = ("around", "lineage")
CHART_KINDS = ("map", "heatmap")
AROUND_LIMIT = 2000  # nodes of a neighbourhood drawn for the web, at most


def export_links(iri: str, kind: str) -> list[tuple[str, str, str]]:
    """(view, format, URL) of the downloads a node's page offers; the page names the
    view in its language (``web.ui.view-{view}``)."""
    node = _quoted(iri)
    links = [("around", name, f"/export?view=around&format={name}&node={node}")
             for name in ("html", "graphml", "cyjs")]  # fmt: skip
    if kind == "document":
        links += [("lineage", name, f"/export?view=lineage&format={name}&node={node}")
                  for name in ("html", "graphml")]  # fmt: skip
    if kind in ("document", "initiative"):
        links += [(chart, "png", f"/chart?kind={chart}&format=png&target={node}")
                  for chart in CHART_KINDS]  # fmt: skip
    return links


def _quoted(iri: str) -> str:
    from urllib.parse import quote

    return quote(iri, safe="")


async def export_view(request: Request) -> Response:
    params = request.query_params
    node, view, fmt = params.get("node", ""), params.get("view", "around"), params.get("format")
    if view not in VIEWS or fmt not in EXPORT_TYPES or not node:
        return error(
            "web.download-bad", request, 400, known=", ".join(EXPORT_TYPES), views=", ".join(VIEWS)
        )
    store: Store = request.app.state.store
    return await run_in_threadpool(_export, request, store, node, view, fmt)


def _export(request: Request, store: Store, node: str, view: str, fmt: str) -> Response:
    try:
        found = resolve(store, node)
    except DanvanError as problem:
        return error("web.download-none", request, 404, reason=problem.message("en"))
    if not store.ask("ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }", {"s": found}):
        return error("web.unknown-iri", request, 404, iri=found.value)
    try:
        selection = (
            select_lineage(store, node)
            if view == "lineage"
            else select_around(store, node, 1, max_nodes=AROUND_LIMIT)
        )
    except DanvanError as problem:
        return error("web.download-none", request, 404, reason=problem.message("en"))
    with tempfile.TemporaryDirectory(prefix="danvan-web-") as folder:
        path = export.export(selection, fmt, Path(folder) / f"{view}.{fmt}")
        content = path.read_bytes()
    return _attachment(content, EXPORT_TYPES[fmt], f"{view}.{fmt}")


async def chart_view(request: Request) -> Response:
    params = request.query_params
    target, kind, fmt = params.get("target", ""), params.get("kind"), params.get("format", "png")
    if kind not in CHART_KINDS or fmt not in CHART_TYPES or not target:
        return error(
            "web.download-bad",
            request,
            400,
            known=", ".join(CHART_TYPES),
            views=", ".join(CHART_KINDS),
        )
    counting = params.get("counting") or None
    if counting is not None:
        try:
            parse_counting(counting)
        except DanvanError as problem:  # a bad parameter: 400, not "nothing found"
            return error("web.download-none", request, 400, reason=problem.message("en"))
    store: Store = request.app.state.store
    # A drawn chart is kept until an add (the coverage map of a central directive is
    # seconds of queries and drawing, and every view of its page asks for it).
    cache = request.app.state.cache
    key = ("chart", target, kind, fmt, counting)
    kept = cache.get(key)
    if kept is not None:
        return _attachment(kept, CHART_TYPES[fmt], f"{kind}.{fmt}")
    generation = cache.generation
    answer = await run_in_threadpool(_chart, request, store, target, kind, fmt, counting)
    if answer.status_code == 200:
        cache.put(key, answer.body, generation=generation)
    return answer


def _chart(
    request: Request, store: Store, target: str, kind: str, fmt: str, counting: str | None
) -> Response:
    with tempfile.TemporaryDirectory(prefix="danvan-web-") as folder:
        try:
            path = charts.draw(
                store, kind, Path(folder) / f"{kind}.{fmt}", target=target, counting=counting
            )
        except DanvanError as problem:
            return error("web.download-none", request, 404, reason=problem.message("en"))
        content = path.read_bytes()
    return _attachment(content, CHART_TYPES[fmt], f"{kind}.{fmt}")


def _attachment(content: bytes, media_type: str, name: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
