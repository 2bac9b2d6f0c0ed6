"""The web app of ``danvan serve``: one Starlette app over one :class:`Store`.

``create_app(store, settings)`` gives an ASGI app; ``danvan serve`` runs it with uvicorn
on 127.0.0.1. Every page reads the store through the Store interface only, so the same
app serves the embedded store and a remote SPARQL endpoint (``--endpoint``). Which page
does what: :mod:`.search` (the box), :mod:`.entity` (a page per IRI), :mod:`.catalogue`
(the named queries), :mod:`.sparql` (the endpoint and its editor), :mod:`.records`
(validate and add), :mod:`.articles` (extract an article, then validate and add).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from danvan_kg.stores import Store
from danvan_kg.web import articles, catalogue, downloads, entity, records, search, sparql
from danvan_kg.web.cache import Cache
from danvan_kg.web.common import HERE, Settings, error

# The query editor's scripts (scripts/web-assets.sh puts them there; git ignores it).
ASSETS_ENV = "DANVAN_WEB_ASSETS"
YASQE_BUILD = Path("node_modules", "@zazuko", "yasqe", "build")


def assets_folder() -> Path | None:
    """The YASQE build folder if it was fetched, else None (the editor is a text area)."""
    root = Path(os.environ.get(ASSETS_ENV) or HERE.parents[2] / ".web-assets")
    folder = root / YASQE_BUILD
    return folder if (folder / "yasqe.min.js").is_file() else None


class BodyTooLargeError(Exception):
    """A request body passed the limit while the app was reading it."""


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether the client states a
    Content-Length or streams the body in chunks (then the read fails with
    :class:`BodyTooLargeError`, which the app answers with 413)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            await too_large(Request(scope), BodyTooLargeError())(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLargeError
            return message

        await self.app(scope, counted, send)


async def _too_large(request: Request, exc: Exception) -> Response:
    return too_large(request, exc)


def too_large(request: Request, exc: Exception) -> Response:
    return error("web.body-too-large", request, 413, limit=request.app.state.settings.max_body)


def create_app(store: Store, settings: Settings | None = None) -> Any:
    """The ASGI app over ``store``.

    >>> from danvan_kg.stores import Store
    >>> app = create_app(Store.embedded())
    >>> sorted(route.path for route in app.routes if hasattr(route, "methods"))[:3]
    ['/', '/add', '/chart']
    """
    settings = settings or Settings()
    routes: list[Any] = [
        Route("/", search.search_page),
        Route("/search", search.search_page),
        Route("/search.json", search.search_json),
        Route("/id/{path:path}", entity.by_path),
        Route("/vocab/{path:path}", entity.by_path),
        Route("/resource", entity.by_iri),
        Route("/queries", catalogue.list_page),
        Route("/queries.json", catalogue.list_json),
        Route("/queries/{name}", catalogue.query_page),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/editor", sparql.editor_page),
        Route("/validate", records.validate_page, methods=["GET", "POST"]),
        Route("/add", records.add_page, methods=["POST"]),
        Route("/extract", articles.extract_page, methods=["GET", "POST"]),
        Route("/export", downloads.export_view),
        Route("/chart", downloads.chart_view),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    editor_assets = assets_folder()
    if editor_assets is not None:
        routes.append(Mount("/assets/yasqe", StaticFiles(directory=editor_assets)))
    app = Starlette(
        routes=routes,
        middleware=[Middleware(BodyLimit, limit=settings.max_body)],
        exception_handlers={BodyTooLargeError: _too_large},
    )
    app.state.store = store
    app.state.settings = settings
    app.state.names = search.Names(store)
    app.state.editor_assets = editor_assets is not None
    app.state.sparql = sparql.Runner(settings)
    # Pages, parts of pages and answers, kept until an add changes the store.
    app.state.cache = Cache(settings.cache_items, settings.cache_bytes)
    app.state.secret = os.urandom(32)
    return app
