"""What every page of the web app shares: settings, templates, language, content
negotiation and error answers.

Templates are Jinja2 with autoescape on for every file, so a label, a value or a finding
that carries markup (``<script>``) is shown as text. Page words and error messages come
from the message catalogue (``messages/web.yaml``) by code, in the page's language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from danvan_kg import messages
from danvan_kg.messages import Language

HERE = Path(__file__).resolve().parent
LANGUAGES: tuple[Language, ...] = ("vi", "en")


@dataclass(frozen=True)
class Settings:
    """What the operator sets when starting the server (``danvan serve`` options)."""

    # SPARQL endpoint and catalogue pages: seconds a query may run before its answer is
    # abandoned (counted from when a worker starts it), rows at most, and how many
    # queries may run at once (a runaway query holds one worker until it ends).
    query_timeout: float = 10.0
    result_cap: int = 10_000
    query_workers: int = 2
    # Queries waiting for a worker: at most this many, each at most this many seconds
    # (else 503 with Retry-After).
    queue_size: int = 100
    queue_wait: float = 10.0
    # A page waits this long for a part computed in the query workers (a document's
    # lineage summary, its coverage) and is else shown without it, the part cached
    # for the next request when it is done.
    part_wait: float = 2.0
    # Pages, parts and answers kept between adds (least recently used dropped first).
    cache_items: int = 2048
    cache_bytes: int = 128_000_000
    # Request bodies (uploads, posted queries) larger than this are refused with 413.
    max_body: int = 1_000_000
    # Adding records is on only when this is set (env DANVAN_EDITOR_TOKEN / --editor-token).
    editor_token: str | None = None
    # Where added record files are kept (the store's records folder: a rebuild makes
    # them again); None keeps no file.
    records: Path | None = None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["messages"] = messages
    return env


TEMPLATES = _environment()


def language(request: Request) -> Language:
    """The page's language: ``?lang=en`` switches from the default Vietnamese."""
    chosen = request.query_params.get("lang", "vi")
    return "en" if chosen == "en" else "vi"


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the page's language and a ``t(code, **args)`` for words."""
    lang = language(request)

    def t(code: str, **args: Any) -> str:
        return messages.render(code, args, lang)

    def switch(to: Language) -> str:
        params = dict(request.query_params)
        params["lang"] = to
        return str(request.url.replace_query_params(**params))

    html = TEMPLATES.get_template(template).render(
        request=request, lang=lang, t=t, switch=switch, **context
    )
    return HTMLResponse(html, status_code=status_code)


def negotiate(
    request: Request,
    offers: dict[str, str],
    default: str,
    aliases: Mapping[str, str] | None = None,
) -> str | None:
    """The format to answer with: ``?format=NAME`` if given, else the best of the
    ``Accept`` header among ``offers`` (format name → media type; ``aliases``: other
    media types that mean one of them), else ``default``.

    Returns None when the client accepts none of the offers (answer 406); raises
    :class:`FormatError` for an unknown ``?format=``.
    """
    wanted = request.query_params.get("format")
    if wanted:
        if wanted in offers:
            return wanted
        by_type = {media: name for name, media in offers.items()}
        if wanted in by_type:
            return by_type[wanted]
        raise FormatError(wanted, sorted(offers))
    accept = request.headers.get("accept", "")
    if not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        media, quality = pieces[0].lower(), 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media))
    for _, _, media in sorted(ranked):
        if media == "*/*" or (media == "text/*" and offers[default].startswith("text/")):
            return default
        alias = (aliases or {}).get(media)
        if alias in offers:
            return alias
        for name, offered in offers.items():
            if media == offered or (media.endswith("/*") and offered.startswith(media[:-1])):
                return name
    return None


class FormatError(Exception):
    """``?format=`` names a format this page does not have."""

    def __init__(self, wanted: str, known: list[str]) -> None:
        super().__init__(wanted)
        self.wanted = wanted
        self.known = known


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


def error(
    code: str,
    request: Request,
    status: int,
    *,
    json_body: bool | None = None,
    plain: bool = False,
    **args: Any,
) -> Response:
    """An error answer: a page for browsers, JSON for clients that ask for it, plain text
    where ``plain`` (the SPARQL endpoint, whose clients are programs)."""
    lang = language(request)
    text = messages.render(code, args, lang)
    if plain:
        return PlainTextResponse(text + "\n", status_code=status)
    if json_body if json_body is not None else wants_json(request):
        return JSONResponse({"error": code, "message": text}, status_code=status)
    accept = request.headers.get("accept", "")
    if accept and "html" not in accept and "*/*" not in accept:
        return PlainTextResponse(text + "\n", status_code=status)
    return page(request, "error.html", status_code=status, message=text, code=code)


def json_response(data: Any, status_code: int = 200) -> Response:
    """JSON as UTF-8 text, Vietnamese kept readable (not \\u-escaped)."""
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return Response(body, status_code=status_code, media_type="application/json")
