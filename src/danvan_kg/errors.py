"""One error family for danvan-kg.

The CLI turns any :class:`DanvanError` into one line on stderr and a non-zero exit
code; Python callers catch the class they care about.
"""

from __future__ import annotations


class DanvanError(Exception):
    """Base class of every error danvan-kg raises on purpose."""


class IdentifierError(DanvanError, ValueError):
    """A string is not a document identifier we can parse."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"not a document identifier: {text!r} ({reason})")


class RecordError(DanvanError):
    """A record file is unusable; names the file, the record and the field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.record = record
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = [part for part in (self.file, self.record, self.field) if part]
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class StoreError(DanvanError):
    """The store cannot be opened, read or written."""


class QueryError(DanvanError):
    """A named query is missing, malformed, or got bad parameters."""


class EndpointError(DanvanError):
    """A remote SPARQL endpoint refused, failed or timed out."""
