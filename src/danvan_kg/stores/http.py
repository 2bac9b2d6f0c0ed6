"""The HTTP side of a remote store: SPARQL 1.1 Protocol, Update and Graph Store requests.

:class:`Connector` sends text and returns bytes; it knows URLs, methods, headers and
timeouts, and nothing of RDF terms or queries (the logic is in
:mod:`danvan_kg.stores.remote`). Any failure of the server — refused connection,
timeout, an HTTP error, a missing protocol — becomes one
:class:`~danvan_kg.errors.EndpointError` with one clear line.
"""

from __future__ import annotations

import ast
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from danvan_kg.errors import EndpointError

DEFAULT_TIMEOUT = 30.0
USER_AGENT = "danvan-kg (SPARQL 1.1 client)"


class GraphStoreUnsupportedError(EndpointError):
    """The server has no Graph Store Protocol endpoint where we looked."""


@dataclass(frozen=True)
class Answer:
    """A server's answer: the body, its media type (lower case, no parameters), headers."""

    body: bytes
    media_type: str
    headers: Any


def sibling(url: str, name: str) -> str | None:
    """``…/query`` → ``…/NAME`` (Oxigraph and Fuseki name their endpoints this way).

    >>> sibling("http://127.0.0.1:7878/query", "update")
    'http://127.0.0.1:7878/update'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.path.endswith("/query"):
        return urllib.parse.urlunsplit(
            parts._replace(path=parts.path[: -len("query")] + name, query="")
        )
    return None


def graph_crud(url: str) -> str | None:
    """Virtuoso's Graph Store Protocol endpoint next to its ``/sparql``.

    >>> graph_crud("http://localhost:8890/sparql")
    'http://localhost:8890/sparql-graph-crud'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.path.rstrip("/").endswith("/sparql"):
        return urllib.parse.urlunsplit(
            parts._replace(path=parts.path.rstrip("/") + "-graph-crud", query="")
        )
    return None


class Connector:
    """The three endpoints of one server and how long to wait for each request.

    ``url`` is the query endpoint. The update endpoint defaults to ``…/update`` for a
    ``…/query`` URL (Oxigraph, Fuseki) and to ``url`` itself otherwise (Virtuoso's
    ``/sparql``); the Graph Store Protocol endpoint to ``…/store`` for ``…/query`` and to
    ``…/sparql-graph-crud`` for ``…/sparql``.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not re.match(r"^https?://", url):
            raise EndpointError("endpoint.not-a-url", url=url)
        if not timeout > 0:
            raise EndpointError("endpoint.bad-timeout", timeout=timeout)
        self.url = url
        self.update_url = update_url or sibling(url, "update") or url
        self.graph_store_url = graph_store_url or sibling(url, "store") or graph_crud(url)
        self.timeout = timeout

    def _wrapper(self) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, updateEndpoint=self.update_url, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.timeout = self.timeout  # not setTimeout(): it rounds 0.5 s down to 0, no timeout
        wrapper.setOnlyConneg(True)
        return wrapper

    def query(self, text: str, accept: str, default_graphs: Sequence[str] = ()) -> Answer:
        """POST a query; ``default_graphs`` are sent as the dataset (default and named)."""
        wrapper = self._wrapper()
        # Not setQuery(): it strips the comments of the whole text with regular
        # expressions to guess the query's type, which is set here anyway.
        wrapper.queryString = text
        wrapper.queryType = "SELECT"  # the Accept header below is what matters
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
            wrapper.addNamedGraph(graph)
        wrapper.addCustomHttpHeader("Accept", accept)
        return self._send(wrapper, self.url)

    def update(self, text: str) -> None:
        """POST one SPARQL Update request (one transaction on Oxigraph)."""
        wrapper = self._wrapper()
        # Not setQuery() (see query()): on an INSERT DATA of 5,000 quads its guess of the
        # type took a fifth of a second, and the type is set here.
        wrapper.queryString = text
        wrapper.queryType = "INSERT"  # SPARQLWrapper: send as `update=` to the update endpoint
        wrapper.addCustomHttpHeader("Accept", "*/*")
        self._send(wrapper, self.update_url)

    def _send(self, wrapper: Any, endpoint: str) -> Answer:
        try:
            response = wrapper.query().response
            body = response.read()
        except Exception as error:
            raise_endpoint_error(error, endpoint, self.timeout)
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        return Answer(body, media, response.headers)

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph by a Graph Store Protocol ``PUT`` (N-Triples body)."""
        if not self.graph_store_url:
            raise EndpointError("endpoint.no-graph-store", url=self.url)
        separator = "&" if "?" in self.graph_store_url else "?"
        target = f"{self.graph_store_url}{separator}{urllib.parse.urlencode({'graph': graph})}"
        request = urllib.request.Request(
            target,
            data=ntriples,
            method="PUT",
            headers={"Content-Type": "application/n-triples", "User-Agent": USER_AGENT},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if error.code in (404, 405, 501):
                raise GraphStoreUnsupportedError(
                    "endpoint.graph-store-unsupported", url=self.graph_store_url, status=error.code
                ) from error
            raise_endpoint_error(error, self.graph_store_url, self.timeout)
        except Exception as error:
            raise_endpoint_error(error, self.graph_store_url, self.timeout)


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


# SPARQLWrapper's exception classes → the HTTP status they stand for.
_WRAPPER_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


def raise_endpoint_error(error: BaseException, url: str, timeout: float) -> NoReturn:
    """Turn whatever the HTTP stack raised into one EndpointError line."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if isinstance(error, EndpointError):
        raise error
    if _is_timeout(error) or _is_timeout(error.__context__):
        raise EndpointError("endpoint.timeout", url=url, timeout=timeout) from error
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except Exception:
            body = b""
        detail = _first_line(body) or error.reason
        raise EndpointError("endpoint.http", url=url, status=error.code, detail=detail) from error
    if isinstance(error, SPARQLWrapperException):
        status = _WRAPPER_STATUS.get(type(error).__name__)
        detail = _first_line(_wrapper_body(error)) or type(error).__name__
        if status is None:
            raise EndpointError("endpoint.error-answer", url=url, detail=detail) from error
        raise EndpointError("endpoint.http", url=url, status=status, detail=detail) from error
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError("endpoint.refused", url=url) from error
        if isinstance(reason, socket.gaierror):
            raise EndpointError("endpoint.unknown-host", url=url) from error
        raise EndpointError("endpoint.cannot-connect", url=url, reason=reason) from error
    if isinstance(error, ConnectionError | OSError):
        raise EndpointError("endpoint.connection-failed", url=url, detail=error) from error
    raise EndpointError(
        "endpoint.failed", url=url, kind=type(error).__name__, detail=error
    ) from error
