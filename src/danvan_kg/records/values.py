"""Field values: parse and check each value kind of the schema, and make its literal.

Every parser takes a :class:`Where` and raises a :class:`RecordError` by code, naming
the file, the record and the field.

>>> year_value("2013", Where("a.yaml", "documents[0]", "year"))
2013
>>> count_value(-1, Where("a.yaml", "awards[0]", "individuals")).message("en")
Traceback (most recent call last):
...
danvan_kg.errors.RecordError: a.yaml: awards[0]: individuals: -1 is not a whole number ≥ 0
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import pyoxigraph as ox

from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.messages import Language, render
from danvan_kg.records.schema import KIND_NAMES_VI, Section
from danvan_kg.text import find_markup, repair_mojibake
from danvan_kg.text import normalise as _normalise_text
from danvan_kg.vocab import PREFIXES, UnknownTermError, concept

# Record files repeat the same names and titles many times (every organisation, unit,
# role…); normalising is a pure function, so a bounded cache saves most of its cost.
normalise = functools.lru_cache(maxsize=1 << 16)(_normalise_text)

XSD = PREFIXES["xsd"]
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROMAN_PATTERN = re.compile(r"^[IVXLC]+$")
FIRST_YEAR, LAST_YEAR = 1930, 2100


class KeyKindError(DanvanError):
    """A message whose ``kinds`` argument (a tuple of kinds of things: ``org``,
    ``document``…) is named in the reader's language: "org or unit" / "tổ chức hoặc…".

    Raised located, as ``where.wrap(KeyKindError(…))``: a plain :class:`RecordError`
    whose message is this one's.
    """

    def message(self, language: Language = "en") -> str:
        kinds = tuple(self.params["kinds"])
        if language == "vi":
            named = " hoặc ".join(KIND_NAMES_VI.get(kind, kind) for kind in kinds)
        else:
            named = " or ".join(kinds)
        return render(self.code, {**self.params, "kinds": named}, language)


class Where(NamedTuple):
    """Where a value came from, for error messages.

    A named tuple rather than a dataclass: converting records makes one for nearly
    every field, and a tuple is several times cheaper to make.
    """

    file: str
    record: str
    field: str | None = None

    def at(self, field_name: str) -> Where:
        return Where(
            self.file, self.record, field_name if not self.field else f"{self.field}.{field_name}"
        )

    def error(self, code: str, /, **params: Any) -> RecordError:
        return RecordError(code, file=self.file, record=self.record, field=self.field, **params)

    def wrap(self, error: DanvanError) -> RecordError:
        """``error`` (raised by a helper that knows no record) located here."""
        return RecordError.wrap(error, file=self.file, record=self.record, field=self.field)


@dataclass(frozen=True)
class Stated:
    """A corrected value: what the source states and why it was changed."""

    stated: str
    note: str | None


def check_fields(record: Any, section: Section, where: Where) -> None:
    """A record is a mapping of the section's fields, with its required ones given."""
    if not isinstance(record, dict):
        raise where.error("record.not-a-record")
    allowed = section.names
    for name in record:
        if name not in allowed:
            raise where.at(str(name)).error(
                "record.field-unknown", name=str(name), known=", ".join(sorted(allowed))
            )
    for name in section.required:
        if record.get(name) in (None, "", []):
            raise where.at(name).error("record.field-missing")


def unwrap(value: Any, where: Where) -> tuple[Any, Stated | None]:
    """Split ``{value, stated, note}`` into the value and its correction."""
    if isinstance(value, dict):
        extra = set(value) - {"value", "stated", "note"}
        if extra:
            raise where.error("record.corrected-value-key", key=sorted(extra)[0])
        if "value" not in value or "stated" not in value:
            raise where.error("record.corrected-value")
        note = value.get("note")
        return value["value"], Stated(
            normalise(str(value["stated"])), normalise(note) if note else None
        )
    return value, None


def text_value(value: Any, where: Where) -> str:
    """Free text: normalised, and refused when it is mojibake or holds HTML."""
    text = _text(value, where)
    markup = find_markup(text)
    if markup is not None:
        raise where.error("record.markup", markup=markup)
    return text


# The longest text a field may hold: a title or a note is a few hundred characters; a
# whole page pasted into one is refused before any text processing sees it.
MAX_TEXT_CHARS = 20_000


def _text(value: Any, where: Where) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise where.error("record.text-expected", type=type(value).__name__)
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        raise where.error("record.text-too-long", length=len(value), limit=MAX_TEXT_CHARS)
    # Before normalising: the tone-mark folding would rearrange the garbled letters.
    repaired = repair_mojibake(str(value))
    if repaired is not None:
        raise where.error("record.mojibake", text=str(value), repaired=repaired)
    text = normalise(str(value))
    if not text:
        raise where.error("record.empty")
    return text


def key_value(value: Any, where: Where) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise where.error("record.key-invalid", value=repr(value))
    return value


def names_value(value: Any, where: Where) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise where.error("record.names-expected")
    return [text_value(item, where) for item in value]


def keys_value(value: Any, where: Where) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise where.error("record.keys-expected")
    return [key_value(item, where) for item in value]


def date_value(value: Any, where: Where) -> dt.date | dt.datetime:
    """An ISO date (``2013-10-16``) or minute-precision datetime (``2020-10-09T09:25``)."""
    if not isinstance(value, str):
        raise where.error("record.date-expected", value=repr(value))
    text = value.strip()
    shape = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?", text)
    if not shape:
        raise where.error("record.date-not-iso", value=repr(value))
    try:
        if shape.group(4):
            return dt.datetime.fromisoformat(text.replace(" ", "T"))
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise where.error("record.date-not-real", value=repr(value), reason=str(error)) from error


def year_value(value: Any, where: Where) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not FIRST_YEAR <= value <= LAST_YEAR
    ):
        raise where.error("record.year-range", value=repr(value), first=FIRST_YEAR, last=LAST_YEAR)
    return value


def count_value(value: Any, where: Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise where.error("record.count-invalid", value=repr(value))
    return value


Period = tuple[ox.Literal, ox.Literal]


def period_value(value: Any, where: Where) -> Period:
    """``2021-2023``, ``2023`` or ``2013-10-16/2023-11-29`` → (start, end) literals."""
    text = str(value).strip()
    years = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", text)
    if years:
        start = year_value(int(years.group(1)), where)
        end = year_value(int(years.group(2) or years.group(1)), where)
        if end < start:
            raise where.error("record.period-backwards", period=text)
        return year_literal(start), year_literal(end)
    if "/" in text:
        first, _, second = text.partition("/")
        start_date, end_date = date_value(first, where), date_value(second, where)
        if end_date < start_date:
            raise where.error("record.period-backwards", period=text)
        return date_literal(start_date), date_literal(end_date)
    raise where.error("record.period-invalid", period=text)


def code_value(scheme: str, value: Any, where: Where) -> ox.NamedNode:
    if not isinstance(value, str):
        raise where.error("record.code-expected", scheme=scheme, value=repr(value))
    try:
        return concept(scheme, value)
    except UnknownTermError as error:
        raise where.wrap(error) from error


def url_value(value: Any, where: Where) -> str:
    url = _text(value, where)  # "&site=" in a query string is no HTML entity
    if not re.match(r"^https?://\S+$", url):
        raise where.error("record.url-invalid", url=url)
    return url


def lang(text: str, language: str) -> ox.Literal:
    return ox.Literal(text, language=language)


def plain(text: str) -> ox.Literal:
    return ox.Literal(text)


def integer_literal(number: int) -> ox.Literal:
    return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))


def year_literal(year: int) -> ox.Literal:
    return ox.Literal(f"{year:04d}", datatype=ox.NamedNode(XSD + "gYear"))


def date_literal(value: dt.date | dt.datetime) -> ox.Literal:
    if isinstance(value, dt.datetime):
        return ox.Literal(
            value.isoformat(timespec="seconds"), datatype=ox.NamedNode(XSD + "dateTime")
        )
    return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def url_literal(url: str) -> ox.Literal:
    return ox.Literal(url, datatype=ox.NamedNode(XSD + "anyURI"))
