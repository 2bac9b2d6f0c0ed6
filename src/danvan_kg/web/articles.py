"""``/extract``: paste or upload an article, see what ``danvan extract`` finds in it, and
take the draft record on to validation (and, for editors, to the graph).

The page runs :func:`danvan_kg.extract.extract` on the article (documents matched
against the store the server reads), shows the annotated article — the annotate stage's
own page, in an ``<iframe sandbox srcdoc=…>``: no script runs in it, and it keeps its
Content-Security-Policy — and the draft in an editable text area. "Validate" posts the
edited draft to ``/validate`` and "Add" (editors: token and CSRF token) to ``/add``: the
same findings and the same all-or-nothing add as ``danvan validate`` and ``danvan add``.

The article form is itself CSRF-protected (the cookie and token of :mod:`.records`);
its body is capped by the app's body limit (413), an upload must be UTF-8 text named
``.txt``, ``.html`` or ``.htm``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from danvan_kg.errors import DanvanError
from danvan_kg.extract import KINDS, Metadata, extract
from danvan_kg.extract.annotate import annotate
from danvan_kg.extract.output import to_yaml
from danvan_kg.stores import Store
from danvan_kg.web.common import error, language
from danvan_kg.web.records import clean_name, csrf_ok, form_page

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
METADATA_FIELDS = ("url", "published", "province")


def article_text(content: bytes) -> str | None:
    """The article's text, or None when the bytes are not UTF-8 text (as ``danvan
    extract`` refuses binary files: a NUL byte, or bytes that do not decode).

    >>> article_text("Chỉ thị 19".encode()), article_text(b"\\x00PK"), article_text(b"\\xff")
    ('Chỉ thị 19', None, None)
    """
    if b"\x00" in content[:65536]:
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


async def _article(request: Request) -> tuple[dict[str, str], str, str] | Response:
    """The form's fields, the article's name and its text, or an error answer."""
    form = await request.form()
    fields = {key: value.strip() for key, value in form.items() if isinstance(value, str)}
    if not csrf_ok(request, fields.get("csrf")):
        return error("web.csrf-failed", request, 403)
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        name = clean_name(upload.filename)
        if not name.lower().endswith(ARTICLE_SUFFIXES):
            return error(
                "web.bad-article-name", request, 400, name=name, known=", ".join(ARTICLE_SUFFIXES)
            )
        text = article_text(await upload.read())
        if text is None:
            return error("web.article-not-text", request, 400, name=name)
    else:
        name, text = "", str(form.get("article") or "")
    if not text.strip():
        return error("web.no-article", request, 400)
    published = fields.get("published", "")
    if published and not ISO_DATE.match(published):
        return error("web.bad-published", request, 400, value=published)
    return fields, name, text


def _extract(store: Store, text: str, name: str, fields: dict[str, str]) -> dict[str, Any]:
    metadata = Metadata(**{key: fields.get(key) or None for key in METADATA_FIELDS})
    result = extract(text, metadata, name=name, store=store)
    found = Counter(mention.kind for mention in result.mentions)
    return {
        "annotated": annotate(result),
        "draft": to_yaml(result),
        "found": [(kind, found[kind]) for kind in KINDS if found[kind]],
        "unresolved": sum(1 for mention in result.mentions if not mention.resolved),
    }


async def extract_page(request: Request) -> Response:
    """GET: the article form. POST: the annotated article and its draft record."""
    if request.method == "GET":
        return form_page(request, "extract.html", fields={})
    got = await _article(request)
    if isinstance(got, Response):
        return got
    fields, name, text = got
    store: Store = request.app.state.store
    try:
        shown = await run_in_threadpool(_extract, store, text, name, fields)
    except DanvanError as problem:
        return error("web.extract-failed", request, 400, reason=problem.message(language(request)))
    return form_page(
        request,
        "extract.html",
        fields=fields,
        article=text if not name else "",
        name=name,
        **shown,
    )
