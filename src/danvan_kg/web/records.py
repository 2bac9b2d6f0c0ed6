"""``/validate`` and ``/add``: check a record file on the web, and add it as an editor.

A pasted or uploaded file is written to a fresh temporary folder under its own (cleaned)
name and handed to :func:`danvan_kg.validate.validate_files` or
:func:`~danvan_kg.validate.add_files`, so the findings (by file, record and field, in
Vietnamese or English) and the all-or-nothing add are exactly those of
``danvan validate`` and ``danvan add``.

Adding is for editors only: it is off unless the operator set a token
(``DANVAN_EDITOR_TOKEN`` or ``--editor-token``); a request without the token gets 401,
with a wrong one 403. The form carries a CSRF token tied to a cookie (an HMAC of the
cookie's random value under a secret made when the server starts), so another site
cannot make an editor's browser post to ``/add``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from danvan_kg.stores import Store
from danvan_kg.validate import (
    RDF_FORMATS,
    RECORD_SUFFIXES,
    AddReport,
    ValidationReport,
    add_files,
    render_add,
    render_text,
    validate_files,
)
from danvan_kg.vocab import INFERRED_GRAPH
from danvan_kg.web.common import Settings, error, language, page

CSRF_COOKIE = "danvan_csrf"
SUFFIXES = (*RECORD_SUFFIXES, *RDF_FORMATS)
PASTED_NAME = "pasted.yaml"


def csrf_token(secret: bytes, cookie: str) -> str:
    return hmac.new(secret, cookie.encode(), hashlib.sha256).hexdigest()


def csrf_ok(request: Request, sent: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not sent:
        return False
    return hmac.compare_digest(csrf_token(request.app.state.secret, cookie), sent)


def clean_name(name: str | None) -> str:
    """The uploaded file's name, reduced to its last part and safe characters.

    >>> clean_name("../../etc/x.yaml"), clean_name("tệp <b>.yml"), clean_name(None)
    ('x.yaml', 't_p__b_.yml', 'pasted.yaml')
    """
    if not name:
        return PASTED_NAME
    base = re.split(r"[\\/]", name)[-1]
    return re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".") or PASTED_NAME


async def _input(request: Request) -> tuple[dict[str, Any], str, bytes] | Response:
    """The form, the file's name and its bytes (pasted text or upload), or an error."""
    form = await request.form()
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        name, content = clean_name(upload.filename), await upload.read()
    else:
        text = form.get("text")
        name, content = PASTED_NAME, (text if isinstance(text, str) else "").encode()
    if not content.strip():
        return error("web.no-record", request, 400)
    if not name.endswith(SUFFIXES):
        return error("web.bad-file-name", request, 400, name=name, known=", ".join(SUFFIXES))
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    return fields, name, content


def _shown(report: ValidationReport, folder: str, lang: str) -> dict[str, Any]:
    """The report as the page shows it, the temporary folder cut from file names."""
    prefix = folder.rstrip("/") + "/"
    findings = [
        {
            "severity": finding.severity.label(lang),  # type: ignore[arg-type]
            "level": finding.severity.value,
            "file": (finding.file or "").replace(prefix, ""),
            "record": finding.record or "",
            "field": finding.field or "",
            "message": finding.message(lang).replace(prefix, ""),  # type: ignore[arg-type]
        }
        for finding in report.findings
    ]
    return {
        "findings": findings,
        "text": render_text(report, lang).replace(prefix, ""),  # type: ignore[arg-type]
        "conforms": report.conforms,
        "exit_code": report.exit_code,
    }


def form_page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """A page with a form: its CSRF token (and the cookie it is tied to), whether the
    operator lets editors add, and the body limit, for ``template``."""
    settings: Settings = request.app.state.settings
    cookie = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = page(
        request,
        template,
        status_code=status,
        editing=settings.editor_token is not None,
        csrf=csrf_token(request.app.state.secret, cookie),
        max_body=settings.max_body,
        **context,
    )
    response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict")
    return response


def _form_page(request: Request, status: int = 200, **context: Any) -> Response:
    return form_page(request, "validate.html", status, **context)


async def validate_page(request: Request) -> Response:
    """GET: the form. POST: the findings of the pasted or uploaded file."""
    if request.method == "GET":
        return _form_page(request)
    got = await _input(request)
    if isinstance(got, Response):
        return got
    fields, name, content = got
    lang = language(request)
    store: Store = request.app.state.store
    with tempfile.TemporaryDirectory(prefix="danvan-web-") as folder:
        path = Path(folder, name)
        path.write_bytes(content)
        report = await run_in_threadpool(validate_files, [path], store)
        shown = _shown(report, folder, lang)
    return _form_page(
        request,
        status=200,
        report=shown,
        name=name,
        pasted=fields.get("text", ""),
    )


async def add_page(request: Request) -> Response:
    """POST: validate, then add the file as ``danvan add`` does (editors only)."""
    settings: Settings = request.app.state.settings
    if settings.editor_token is None:
        return error("web.editing-disabled", request, 403)
    got = await _input(request)
    if isinstance(got, Response):
        return got
    fields, name, content = got
    sent = fields.get("token") or request.headers.get("authorization", "").removeprefix("Bearer ")
    if not sent:
        return error("web.editor-token-missing", request, 401)
    if not hmac.compare_digest(sent.encode(), settings.editor_token.encode()):
        return error("web.editor-token-wrong", request, 403)
    if not csrf_ok(request, fields.get("csrf")):
        return error("web.csrf-failed", request, 403)
    lang = language(request)
    store: Store = request.app.state.store
    accept = fields.get("accept_warnings") == "on"
    with tempfile.TemporaryDirectory(prefix="danvan-web-") as folder:
        path = Path(folder, name)
        path.write_bytes(content)
        result: AddReport = await run_in_threadpool(
            lambda: add_files(
                [path], store, accept_warnings=accept, records=request.app.state.settings.records
            )
        )
        shown = _shown(result.validation, folder, lang)
    if result.added:
        # The graph changed: every kept page, part and answer may be out of date. Again
        # once the search index is read anew: hits found meanwhile came from the old one.
        request.app.state.cache.clear()
        # The add wrote its sources' graphs and the lineage closure (the inferred graph):
        # the names of every other graph are as they were.
        changed = [*result.written, INFERRED_GRAPH.value]
        await run_in_threadpool(request.app.state.names.reload, changed)
        request.app.state.cache.clear()
    shown["added"] = render_add(result, lang)  # type: ignore[arg-type]
    return _form_page(
        request,
        status=200 if result.added else 422,
        report=shown,
        name=name,
        pasted=fields.get("text", ""),
    )
