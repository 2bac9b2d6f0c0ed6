"""One error family for danvan-kg, raised by code.

Every error carries a message **code** and its arguments, never a finished sentence:
the text comes from the catalogue (``messages/*.yaml``) in the reader's language, via
:meth:`DanvanError.message`. ``str(error)`` is the English text. The CLI turns any
:class:`DanvanError` into one line on stderr and a non-zero exit code; Python callers
catch the class they care about.

>>> error = RecordError("cli.internal-error", file="a.yaml", kind="X", detail="y")
>>> error.code, error.file
('cli.internal-error', 'a.yaml')
>>> str(error)
'a.yaml: internal error: X: y (set DANVAN_DEBUG=1 for details)'
"""

from __future__ import annotations

from typing import Any

from danvan_kg.messages import CatalogueError, Language, catalogue, render


class DanvanError(Exception):
    """Base class of every error danvan-kg raises on purpose."""

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in catalogue():
            raise CatalogueError(f"{type(self).__name__} raised with unknown code {code!r}")
        self.code = code
        self.params = params
        super().__init__(code)

    def message(self, language: Language = "en") -> str:
        """The message in ``language`` (``vi`` or ``en``)."""
        return render(self.code, self.params, language)

    def __str__(self) -> str:
        return self.message("en")

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (the build's workers); subclasses take keyword
        # arguments of their own, so rebuild from the attributes, not from __init__.
        return _rebuild, (type(self), self.__dict__.copy())


def _rebuild(cls: type[DanvanError], state: dict[str, Any]) -> DanvanError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("code"))
    error.__dict__.update(state)
    return error


class IdentifierError(DanvanError, ValueError):
    """A string is not a document identifier we can parse.

    ``text`` is what was parsed; the code says why not (``reason`` in English), and the
    message reads "not a document identifier: TEXT (REASON)" in either language.
    """

    def __init__(self, code: str, /, *, text: str, **params: Any) -> None:
        self.text = text
        super().__init__(code, **params)

    @property
    def reason(self) -> str:
        return render(self.code, self.params, "en")

    def message(self, language: Language = "en") -> str:
        reason = render(self.code, self.params, language)
        return render("identifier.invalid", {"text": self.text, "reason": reason}, language)


class RecordError(DanvanError):
    """A record file is unusable; names the file, the record and the field."""

    def __init__(
        self,
        code: str,
        /,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.inner: DanvanError | None = None  # the error this one locates (see wrap)
        super().__init__(code, **params)

    @classmethod
    def wrap(
        cls,
        error: DanvanError,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> RecordError:
        """The same message as ``error``, located in a record file.

        The message stays ``error``'s own, so an error that composes its text (an
        :class:`IdentifierError`) reads the same inside a record.
        """
        wrapped = cls(error.code, file=file, record=record, field=field, **error.params)
        wrapped.inner = error
        return wrapped

    def message(self, language: Language = "en") -> str:
        """The message, prefixed by where it is: ``file: record: field: message``."""
        where = [part for part in (self.file, self.record, self.field) if part]
        message = self.bare(language)
        return f"{': '.join(where)}: {message}" if where else message

    def bare(self, language: Language = "en") -> str:
        """The message alone, without where it is (for reports that show that apart)."""
        if self.inner is not None:
            return self.inner.message(language)
        return render(self.code, self.params, language)


class StoreError(DanvanError):
    """The store cannot be opened, read or written."""


class QueryError(DanvanError):
    """A named query is missing, malformed, or got bad parameters."""


class EndpointError(DanvanError):
    """A remote SPARQL endpoint refused, failed or timed out."""
