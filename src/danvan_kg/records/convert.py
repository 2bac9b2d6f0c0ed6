"""Record files (YAML, ``danvan-record/1``) → RDF quads, one named graph per source.

The format is documented in ``docs/records.md``. Reading is split in two:
:func:`read_record_file` turns bytes into a checked Python mapping (or a
:class:`RecordError` naming file, record and field); :func:`convert` turns a batch of
such mappings into quads with small pure functions, one per section. Nothing here
touches a store: the caller hands in a :class:`KeyIndex` that knows what already exists.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import pyoxigraph as ox
import yaml

from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.identifiers import DocumentIdentifier, parse_identifier
from danvan_kg.text import normalise as _normalise_text
from danvan_kg.vocab import (
    DV,
    GRAPH_IRI,
    ID_IRI,
    ORG_HOLDS,
    ORG_POST,
    ORG_POST_IN,
    ORG_ROLE,
    PREFIXES,
    PROV_WAS_DERIVED_FROM,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    UnknownTermError,
    concept,
    concept_label,
    document_class,
)

# Record files repeat the same names and titles many times (every organisation, unit,
# role…); normalising is a pure function, so a bounded cache saves most of its cost.
normalise = functools.lru_cache(maxsize=1 << 16)(_normalise_text)

FORMAT = "danvan-record/1"
XSD = PREFIXES["xsd"]
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROMAN_PATTERN = re.compile(r"^[IVXLC]+$")

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]


# --------------------------------------------------------------------------- reading


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (we parse them with clear errors) and
    refuses duplicate keys (the second silently winning hides typos)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# The same loader on libyaml's C parser (about 10× faster on large files), when PyYAML
# was built with it. Same resolvers and constructors, so the same documents; on any
# YAML error the file is parsed again with the pure-Python loader above, so error
# messages (problem and mark) are exactly those of _StrictLoader.
if getattr(yaml, "__with_libyaml__", False):

    class _FastStrictLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
        yaml_constructors = _StrictLoader.yaml_constructors

    _LOADERS: tuple[type, ...] = (_FastStrictLoader, _StrictLoader)
else:  # pragma: no cover - PyYAML without libyaml
    _LOADERS = (_StrictLoader,)

_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = frozenset(_YAML_TAG + kind for kind in ("null", "bool", "int", "float"))


class _UnusualYamlError(Exception):
    """A document that the plain construction below leaves to the loader's own."""


def _load_plain(text: str, loader_class: type) -> Any:
    """Load YAML made of mappings, lists and plain scalars, as ``loader_class`` would.

    The general constructor spends more time on bookkeeping (deep construction, state
    generators) than the C parser on parsing; records need none of it. Anything else
    (other tags, duplicate keys, recursive aliases) raises :class:`_UnusualYamlError`,
    and the caller loads the text the general way.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct_plain(node, loader, {})
        except Exception as error:
            raise _UnusualYamlError from error
    finally:
        loader.dispose()


def _construct_plain(node: yaml.Node, loader: Any, built: dict[int, Any]) -> Any:
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        if tag == _YAML_TAG + "str":
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            return loader.yaml_constructors[tag](loader, node)
        raise _UnusualYamlError(tag)
    # An alias is the very same node again: give the very same object, as PyYAML does.
    if id(node) in built:
        if built[id(node)] is None:
            raise _UnusualYamlError("a recursive alias")
        return built[id(node)]
    built[id(node)] = None
    result: Any
    if kind is yaml.MappingNode and tag == _YAML_TAG + "map":
        result = {}
        for key_node, value_node in node.value:
            key = _construct_plain(key_node, loader, built)
            if key in result:
                raise _UnusualYamlError("a duplicate key")
            result[key] = _construct_plain(value_node, loader, built)
    elif kind is yaml.SequenceNode and tag == _YAML_TAG + "seq":
        result = [_construct_plain(item, loader, built) for item in node.value]
    else:
        raise _UnusualYamlError(tag)
    built[id(node)] = result
    return result


def _load_yaml(text: str) -> Any:
    try:
        return _load_plain(text, _LOADERS[0])
    except _UnusualYamlError:
        pass
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LOADERS[-1])  # for the reference error message
    for loader in _LOADERS[:-1]:
        try:
            return yaml.load(text, Loader=loader)
        except yaml.YAMLError:
            break  # parse again below for the reference error message
    return yaml.load(text, Loader=_LOADERS[-1])


def read_record_file(path: Path | str) -> dict[str, Any]:
    """Read one record file: UTF-8, safe YAML, the right format marker, known sections."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RecordError(f"cannot read file ({error.strerror})", file=name) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError(
            f"not UTF-8: byte 0x{raw[error.start]:02x} at line {line}", file=name
        ) from error
    return parse_record_text(text, file=name)


def parse_record_text(text: str, *, file: str = "<string>") -> dict[str, Any]:
    """Parse record YAML given as text; see :func:`read_record_file`."""
    try:
        document = _load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise RecordError(f"malformed YAML{where}: {problem}", file=file) from error
    if not isinstance(document, dict):
        raise RecordError("a record file must be a YAML mapping of sections", file=file)
    if document.get("format") != FORMAT:
        raise RecordError(
            f"missing or unknown format marker (expected 'format: {FORMAT}')",
            file=file,
            field="format",
        )
    unknown = sorted(set(document) - set(SECTIONS) - {"format"})
    if unknown:
        raise RecordError(
            f"unknown section {unknown[0]!r} (known: {', '.join(SECTIONS)})", file=file
        )
    if not isinstance(document.get("source"), dict):
        raise RecordError("the 'source' section is required", file=file, field="source")
    for section in SECTIONS:
        if section != "source" and not isinstance(document.get(section, []), list):
            raise RecordError(f"section {section!r} must be a list of records", file=file)
    return document


# --------------------------------------------------------------------------- schema

# Field name → what it holds. Kept as data so errors and the docs test can list them.
SECTIONS: dict[str, dict[str, str]] = {
    "source": {
        "key": "key",
        "kind": "code",
        "title": "text",
        "publisher": "text",
        "published": "date",
        "authors": "names",
        "photographers": "names",
        "editors": "names",
        "corpus_file": "text",
        "confirmation_url": "url",
        "confirmation": "code",
        "note": "text",
    },
    "units": {
        "key": "key",
        "name": "text",
        "level": "code",
        "province": "text",
        "district": "text",
        "epoch": "code",
        "note": "text",
    },
    "organisations": {
        "key": "key",
        "name": "text",
        "name_en": "text",
        "abbreviations": "names",
        "kind": "code",
        "level": "code",
        "territory": "unit",
        "parent": "org",
        "note": "text",
    },
    "people": {"key": "key", "name": "text", "note": "text"},
    "initiatives": {
        "key": "key",
        "kind": "code",
        "name": "text",
        "name_en": "text",
        "launched_by": "org",
        "note": "text",
    },
    "documents": {
        "key": "key",
        "identifier": "text",
        "type": "code",
        "number": "text",
        "issuer": "org",
        "signed_by": "org",
        "date": "date",
        "year": "year",
        "term": "text",
        "title": "text",
        "title_en": "text",
        "name": "text",
        "also_known_as": "names",
        "concerns": "initiatives",
        "carries_out": "documents",
        "based_on": "documents",
        "continues": "documents",
        "amends": "documents",
        "replaces": "documents",
        "cites": "documents",
        "note": "text",
    },
    "events": {
        "key": "key",
        "kind": "code",
        "name": "text",
        "name_en": "text",
        "date": "date",
        "time_of_day": "code",
        "place": "unit",
        "organiser": "org",
        "host": "org",
        "reviews": "list",
        "participants": "list",
        "note": "text",
    },
    "models": {
        "key": "key",
        "name": "text",
        "name_en": "text",
        "owner": "org",
        "place": "unit",
        "place_description": "text",
        "field": "code",
        "recognition_level": "code",
        "recognised_in": "year",
        "initiative": "initiative",
        "period": "period",
        "reported_at": "events",
        "note": "text",
    },
    "awards": {
        "key": "key",
        "name": "text",
        "form": "code",
        "giver": "org",
        "decision": "document",
        "collectives": "count",
        "individuals": "count",
        "models": "count",
        "reason": "text",
        "for": "targets",
        "presented_at": "event",
        "presented_by": "participant",
        "period": "period",
        "note": "text",
    },
    "figures": {
        "key": "key",
        "measure": "code",
        "value": "count",
        "value_as_stated": "text",
        "minimum": "count",
        "scope": "scope",
        "about": "target",
        "category": "code",
        "breakdown_of": "figure",
        "period": "period",
        "reported_at": "event",
        "note": "text",
    },
}
REVIEW_FIELDS = {"of", "kind", "period", "note"}
PARTICIPANT_FIELDS = {"person", "organisation", "role", "posts", "note"}
POST_FIELDS = {"role", "in"}
REQUIRED: dict[str, tuple[str, ...]] = {
    "source": ("key", "kind", "title"),
    "units": ("key", "name", "level"),
    "organisations": ("key", "name", "kind", "level"),
    "people": ("key", "name"),
    "initiatives": ("key", "kind", "name"),
    "documents": ("key",),
    "events": ("key", "kind"),
    "models": ("key", "name"),
    "awards": ("key",),
    "figures": ("key", "measure"),
}
# Section → the IRI path segment of its things (dvi:{kind}/{key}).
KIND_OF_SECTION = {
    "organisations": "org",
    "people": "person",
    "initiatives": "initiative",
    "documents": "document",
    "events": "event",
    "models": "model",
    "awards": "award",
    "figures": "figure",
}
CLASS_OF_SECTION = {
    "organisations": "Organisation",
    "people": "Person",
    "events": "Event",
    "models": "Model",
    "awards": "Award",
    "figures": "Figure",
}


# --------------------------------------------------------------------------- identity


class KeyIndex(Protocol):
    """What already exists outside the batch being converted (usually: the store)."""

    def existing(self, kind: str, key: str) -> str | None:
        """The IRI of the thing of ``kind`` with record key ``key``, if it exists."""


class EmptyIndex:
    """A :class:`KeyIndex` for converting records on their own."""

    def existing(self, kind: str, key: str) -> str | None:
        return None


UnitResolver = Callable[[Mapping[str, Any]], str]


def thing_iri(kind: str, key: str) -> ox.NamedNode:
    """``dvi:{kind}/{key}`` — the IRI of everything but documents and units."""
    return ox.NamedNode(f"{ID_IRI}{kind}/{key}")


def source_graph(key: str) -> ox.NamedNode:
    """The named graph holding what source ``key`` states."""
    return ox.NamedNode(f"{GRAPH_IRI}source/{key}")


def document_iri(
    *,
    issuer: str | None,
    issuer_code: str | None,
    type_code: str,
    number: str | None,
    year: int | None,
    term: str | None,
    key: str,
) -> ox.NamedNode:
    """A document's IRI from what identifies it: issuer, type, number, year or term.

    Party numbers restart every term and every province has a "19-CT/TU", so issuer and
    year (or term) are part of the identity.

    >>> document_iri(issuer="tinh-uy-ha-nam", issuer_code="TU", type_code="CT", number="19",
    ...              year=2013, term=None, key="ct-19").value
    'https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013'
    """
    issuer_part = issuer or (f"code-{issuer_code.lower()}" if issuer_code else "unknown-issuer")
    number_part = (number.lstrip("0") or "0") if number else key
    when = str(year) if year else (f"khoa-{term.lower()}" if term else "undated")
    return ox.NamedNode(f"{ID_IRI}document/{issuer_part}/{type_code.lower()}-{number_part}-{when}")


# --------------------------------------------------------------------------- values


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

    def error(self, message: str) -> RecordError:
        return RecordError(message, file=self.file, record=self.record, field=self.field)


@dataclass(frozen=True)
class Stated:
    """A corrected value: what the source states and why it was changed."""

    stated: str
    note: str | None


def unwrap(value: Any, where: Where) -> tuple[Any, Stated | None]:
    """Split ``{value, stated, note}`` into the value and its correction."""
    if isinstance(value, dict):
        extra = set(value) - {"value", "stated", "note"}
        if extra or "value" not in value or "stated" not in value:
            raise where.error(
                "a corrected value is written {value: …, stated: …, note: …}"
                + (f"; unknown key {sorted(extra)[0]!r}" if extra else "")
            )
        note = value.get("note")
        return value["value"], Stated(
            normalise(str(value["stated"])), normalise(note) if note else None
        )
    return value, None


def text_value(value: Any, where: Where) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise where.error(f"expected text, got {type(value).__name__}")
    text = normalise(str(value))
    if not text:
        raise where.error("must not be empty")
    return text


def key_value(value: Any, where: Where) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise where.error(
            f"{value!r} is not a key (lower-case ASCII letters, digits and single hyphens)"
        )
    return value


def names_value(value: Any, where: Where) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise where.error("expected a list of names")
    return [text_value(item, where) for item in value]


def keys_value(value: Any, where: Where) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise where.error("expected a key or a list of keys")
    return [key_value(item, where) for item in value]


def date_value(value: Any, where: Where) -> dt.date | dt.datetime:
    """An ISO date (``2013-10-16``) or minute-precision datetime (``2020-10-09T09:25``)."""
    if not isinstance(value, str):
        raise where.error(f"expected an ISO date YYYY-MM-DD, got {value!r}")
    text = value.strip()
    shape = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?", text)
    if not shape:
        raise where.error(f"{value!r} is not an ISO date (write YYYY-MM-DD, e.g. 2013-10-16)")
    try:
        if shape.group(4):
            return dt.datetime.fromisoformat(text.replace(" ", "T"))
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise where.error(f"{value!r} is not a real date ({error})") from error


def year_value(value: Any, where: Where) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1930 <= value <= 2100:
        raise where.error(f"{value!r} is not a year between 1930 and 2100")
    return value


def count_value(value: Any, where: Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise where.error(f"{value!r} is not a whole number ≥ 0")
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
            raise where.error(f"period {text!r} ends before it starts")
        return year_literal(start), year_literal(end)
    if "/" in text:
        first, _, second = text.partition("/")
        start_date, end_date = date_value(first, where), date_value(second, where)
        if end_date < start_date:
            raise where.error(f"period {text!r} ends before it starts")
        return date_literal(start_date), date_literal(end_date)
    raise where.error(f"{text!r} is not a period (write 2021-2023, 2023, or DATE/DATE)")


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


# --------------------------------------------------------------------------- conversion


@dataclass
class Reference:
    """A key used in one file that must name something defined somewhere."""

    kinds: tuple[str, ...]
    key: str
    where: Where


@dataclass
class Context:
    """What the converters of one file share: where they write and how keys resolve."""

    file: str
    source_key: str
    units: dict[str, ox.NamedNode]
    documents: dict[str, ox.NamedNode]
    defined: set[tuple[str, str]]
    references: list[Reference] = field(default_factory=list)
    index: KeyIndex | None = None

    def ref(self, kinds: str | tuple[str, ...], key: str, where: Where) -> ox.NamedNode:
        """The IRI a key names; remembered so the batch can check it exists."""
        kinds = (kinds,) if isinstance(kinds, str) else kinds
        self.references.append(Reference(kinds, key, where))
        for kind in kinds:
            if kind == "document" and key in self.documents:
                return self.documents[key]
            if (kind, key) in self.defined:
                return thing_iri(kind, key)
        if "document" in kinds and key in self.documents:
            return self.documents[key]
        # Defined only in the store: its stored IRI (a document's is not dvi:document/{key}).
        for kind in kinds if self.index is not None else ():
            existing = self.index.existing(kind, key)
            if existing is not None:
                return ox.NamedNode(existing)
        return thing_iri(kinds[0], key)

    def ref_field(
        self, kinds: str | tuple[str, ...], record: Mapping[str, Any], name: str, where: Where
    ) -> ox.NamedNode:
        """The IRI named by the key in ``record[name]`` (see :meth:`ref`)."""
        here = where.at(name)
        return self.ref(kinds, key_value(record[name], here), here)

    def unit_field(self, record: Mapping[str, Any], name: str, where: Where) -> ox.NamedNode:
        """The unit named by the key in ``record[name]`` (see :meth:`unit`)."""
        here = where.at(name)
        return self.unit(key_value(record[name], here), here)

    def unit(self, key: str, where: Where) -> ox.NamedNode:
        if key not in self.units:
            raise where.error(f"unit {key!r} is not in this file's 'units' section")
        return self.units[key]


def code_value(scheme: str, value: Any, where: Where) -> ox.NamedNode:
    if not isinstance(value, str):
        raise where.error(f"expected a {scheme} code, got {value!r}")
    try:
        return concept(scheme, value)
    except UnknownTermError as error:
        raise where.error(str(error)) from error


def check_fields(
    record: Any, allowed: Iterable[str], required: Iterable[str], where: Where
) -> None:
    if not isinstance(record, dict):
        raise where.error("a record must be a mapping of fields")
    allowed = set(allowed)
    for name in record:
        if name not in allowed:
            raise where.at(str(name)).error(
                f"unknown field {name!r} (known: {', '.join(sorted(allowed))})"
            )
    for name in required:
        if record.get(name) in (None, "", []):
            raise where.at(name).error("required field is missing")


def correction_triples(
    subject: ox.NamedNode,
    prop: ox.NamedNode,
    stated: Stated | None,
    corrected: ox.Literal | ox.NamedNode,
) -> Iterator[Triple]:
    """The ``dv:Correction`` kept beside a corrected value."""
    if stated is None:
        return
    node = ox.NamedNode(f"{subject.value}/correction/{prop.value.rsplit('#', 1)[-1]}")
    yield subject, DV.hasCorrection, node
    yield node, RDF_TYPE, DV.Correction
    yield node, RDFS_LABEL, lang(f"Đính chính {prop.value.rsplit('#', 1)[-1]}", "vi")
    yield node, RDFS_LABEL, lang(f"Correction of {prop.value.rsplit('#', 1)[-1]}", "en")
    yield node, DV.correctedProperty, prop
    yield node, DV.statedValue, plain(stated.stated)
    yield node, DV.correctedValue, corrected
    if stated.note:
        yield node, DV.note, lang(stated.note, "en")


def common_triples(
    subject: ox.NamedNode, record: dict[str, Any], key: str, where: Where
) -> Iterator[Triple]:
    yield subject, DV.recordKey, plain(key)
    if record.get("note"):
        yield subject, DV.note, lang(text_value(record["note"], where.at("note")), "en")


def text_triples(
    subject: ox.NamedNode, prop: ox.NamedNode, raw: Any, where: Where, language: str
) -> Iterator[Triple]:
    """A language-tagged text value, with its correction if the source got it wrong."""
    value, stated = unwrap(raw, where)
    literal = lang(text_value(value, where), language)
    yield subject, prop, literal
    yield from correction_triples(subject, prop, stated, literal)


def labelled(
    subject: ox.NamedNode,
    record: dict[str, Any],
    where: Where,
    vi: str = "name",
    en: str = "name_en",
) -> Iterator[Triple]:
    if record.get(vi):
        yield from text_triples(subject, RDFS_LABEL, record[vi], where.at(vi), "vi")
    if record.get(en):
        yield from text_triples(subject, RDFS_LABEL, record[en], where.at(en), "en")


def dated(
    subject: ox.NamedNode, prop: ox.NamedNode, raw: Any, where: Where
) -> tuple[list[Triple], dt.date | dt.datetime]:
    value, stated = unwrap(raw, where)
    parsed = date_value(value, where)
    literal = date_literal(parsed)
    return [(subject, prop, literal), *correction_triples(subject, prop, stated, literal)], parsed


def period_triples(subject: ox.NamedNode, raw: Any, where: Where) -> Iterator[Triple]:
    value, stated = unwrap(raw, where)
    start, end = period_value(value, where)
    yield subject, DV.periodStart, start
    yield subject, DV.periodEnd, end
    yield from correction_triples(subject, DV.periodEnd, stated, end)


def source_triples(record: dict[str, Any], ctx: Context) -> Iterator[Triple]:
    where = Where(ctx.file, f"source {ctx.source_key}")
    subject = thing_iri("source", ctx.source_key)
    yield subject, RDF_TYPE, DV.Source
    yield from common_triples(subject, record, ctx.source_key, where)
    yield subject, DV.sourceKind, code_value("sourcekind", record["kind"], where.at("kind"))
    title = text_value(record["title"], where.at("title"))
    yield subject, DV.title, lang(title, "vi")
    yield subject, RDFS_LABEL, lang(title, "vi")
    if record.get("publisher"):
        yield subject, DV.publisher, plain(text_value(record["publisher"], where.at("publisher")))
    if record.get("published"):
        triples, _ = dated(subject, DV.publicationDate, record["published"], where.at("published"))
        yield from triples
    for field_name, prop in (
        ("authors", DV.author),
        ("photographers", DV.photographer),
        ("editors", DV.editor),
    ):
        for name in names_value(record.get(field_name, []), where.at(field_name)):
            yield subject, prop, plain(name)
    if record.get("corpus_file"):
        yield (
            subject,
            DV.corpusFile,
            plain(text_value(record["corpus_file"], where.at("corpus_file"))),
        )
    if record.get("confirmation_url"):
        url = text_value(record["confirmation_url"], where.at("confirmation_url"))
        if not re.match(r"^https?://\S+$", url):
            raise where.at("confirmation_url").error(f"{url!r} is not an http(s) address")
        yield subject, DV.confirmationUrl, ox.Literal(url, datatype=ox.NamedNode(XSD + "anyURI"))
    if record.get("confirmation"):
        yield (
            subject,
            DV.confirmationStatus,
            code_value("confirmation", record["confirmation"], where.at("confirmation")),
        )
    yield source_graph(ctx.source_key), PROV_WAS_DERIVED_FROM, subject


def organisation_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject = thing_iri("org", record["key"])
    yield subject, RDF_TYPE, DV.Organisation
    yield from common_triples(subject, record, record["key"], where)
    yield from labelled(subject, record, where)
    for abbreviation in names_value(record.get("abbreviations", []), where.at("abbreviations")):
        yield subject, SKOS_ALT_LABEL, lang(abbreviation, "vi")
    yield subject, DV.organisationKind, code_value("orgkind", record["kind"], where.at("kind"))
    yield subject, DV.level, code_value("level", record["level"], where.at("level"))
    if record.get("territory"):
        yield subject, DV.territory, ctx.unit_field(record, "territory", where)
    if record.get("parent"):
        yield subject, DV.parentOrganisation, ctx.ref_field("org", record, "parent", where)


def person_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject = thing_iri("person", record["key"])
    yield subject, RDF_TYPE, DV.Person
    yield from common_triples(subject, record, record["key"], where)
    yield from labelled(subject, record, where)


def initiative_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject = thing_iri("initiative", record["key"])
    kind = code_value("initiativekind", record["kind"], where.at("kind"))
    yield subject, RDF_TYPE, DV.Movement if record["kind"] == "emulation-movement" else DV.Campaign
    yield subject, DV.initiativeKind, kind
    yield from common_triples(subject, record, record["key"], where)
    yield from labelled(subject, record, where)
    if record.get("launched_by"):
        yield subject, DV.launchedBy, ctx.ref_field("org", record, "launched_by", where)


@dataclass(frozen=True)
class DocumentIdentity:
    """What a document record says about who issued what, when — its IRI follows."""

    type_code: str
    number: str | None
    issuer: str | None
    parsed: DocumentIdentifier | None
    year: int | None
    term: str | None

    def iri(self, key: str) -> ox.NamedNode:
        return document_iri(
            issuer=self.issuer,
            issuer_code=self.parsed.issuer_code if self.parsed else None,
            type_code=self.type_code,
            number=self.number,
            year=self.year,
            term=self.term,
            key=key,
        )


def document_identity(record: dict[str, Any], where: Where) -> DocumentIdentity:
    """Parse the identifying fields of a document record (identifier or type + number)."""
    parsed: DocumentIdentifier | None = None
    if record.get("identifier"):
        raw, _ = unwrap(record["identifier"], where.at("identifier"))
        try:
            parsed = parse_identifier(text_value(raw, where.at("identifier")))
        except DanvanError as error:
            raise where.at("identifier").error(str(error)) from error
    type_code = record.get("type") or (parsed.type_code if parsed else None)
    if not type_code:
        raise where.at("type").error("a document needs an identifier or a type")
    code_value("doctype", type_code, where.at("type"))
    if parsed and record.get("type") and record["type"] != parsed.type_code:
        raise where.at("type").error(
            f"type {record['type']!r} disagrees with identifier {parsed.canonical()!r}"
        )
    number = (
        str(record["number"])
        if record.get("number") is not None
        else (parsed.number if parsed else None)
    )
    if (
        parsed
        and record.get("number") is not None
        and str(record["number"]).lstrip("0") != parsed.number.lstrip("0")
    ):
        raise where.at("number").error(f"number disagrees with identifier {parsed.canonical()!r}")
    year: int | None = parsed.year if parsed else None
    if record.get("year") is not None:
        year = year_value(record["year"], where.at("year"))
    elif record.get("date"):
        value, _ = unwrap(record["date"], where.at("date"))
        year = date_value(value, where.at("date")).year
    term = None
    if record.get("term"):
        term = text_value(record["term"], where.at("term")).upper()
        if not ROMAN_PATTERN.match(term):
            raise where.at("term").error(f"{term!r} is not a Roman numeral (khóa XI → XI)")
    issuer = key_value(record["issuer"], where.at("issuer")) if record.get("issuer") else None
    return DocumentIdentity(type_code, number, issuer, parsed, year, term)


def document_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    key = record["key"]
    subject = ctx.documents[key]
    identity = document_identity(record, where)
    type_concept = code_value("doctype", identity.type_code, where.at("type"))
    yield subject, RDF_TYPE, DV.Document
    yield subject, RDF_TYPE, document_class(identity.type_code)
    yield subject, DV.documentType, type_concept
    yield from common_triples(subject, record, key, where)
    parsed = identity.parsed
    if parsed:
        literal = plain(parsed.canonical())
        yield subject, DV.identifier, literal
        _, stated = unwrap(record["identifier"], where.at("identifier"))
        yield from correction_triples(subject, DV.identifier, stated, literal)
        yield subject, DV.issuerCode, plain(parsed.issuer_code)
    if identity.number:
        yield subject, DV.documentNumber, plain(identity.number)
    if identity.year:
        yield subject, DV.year, year_literal(identity.year)
    if identity.term:
        yield subject, DV.term, plain(identity.term)
    if record.get("issuer"):
        yield subject, DV.issuer, ctx.ref("org", identity.issuer or "", where.at("issuer"))
    if record.get("signed_by"):
        yield subject, DV.signedBy, ctx.ref_field("org", record, "signed_by", where)
    if record.get("date"):
        triples, issued = dated(subject, DV.dateIssued, record["date"], where.at("date"))
        if (
            identity.year
            and issued.year != identity.year
            and record.get("year") is None
            and parsed
            and parsed.year
        ):
            raise where.at("date").error(
                f"date {issued} disagrees with the year in {parsed.canonical()!r}"
            )
        yield from triples
    if record.get("title"):
        yield from text_triples(subject, DV.title, record["title"], where.at("title"), "vi")
    if record.get("title_en"):
        yield from text_triples(subject, DV.title, record["title_en"], where.at("title_en"), "en")
    for alias in names_value(record.get("also_known_as", []), where.at("also_known_as")):
        yield subject, SKOS_ALT_LABEL, lang(alias, "vi")
    name_vi = record.get("name") and text_value(record["name"], where.at("name"))
    type_vi = concept_label("doctype", identity.type_code, "vi")
    type_en = concept_label("doctype", identity.type_code, "en")
    shown = parsed.canonical() if parsed else (f"số {identity.number}" if identity.number else "")
    yield subject, RDFS_LABEL, lang(name_vi or f"{type_vi} {shown}".strip(), "vi")
    yield (
        subject,
        RDFS_LABEL,
        lang(f"{type_en} {shown}".strip() if shown else (record.get("title_en") or type_en), "en"),
    )
    for initiative in keys_value(record.get("concerns", []), where.at("concerns")):
        yield subject, DV.concerns, ctx.ref("initiative", initiative, where.at("concerns"))
    for field_name, prop in LINEAGE_FIELDS.items():
        for target in keys_value(record.get(field_name, []), where.at(field_name)):
            yield subject, DV[prop], ctx.ref("document", target, where.at(field_name))


LINEAGE_FIELDS = {
    "carries_out": "carriesOut",
    "based_on": "basedOn",
    "continues": "continues",
    "amends": "amends",
    "replaces": "replaces",
    "cites": "cites",
}


def target_ref(key: str, ctx: Context, where: Where) -> ox.NamedNode:
    """A key naming a document, an initiative, or ``workarea:CODE``."""
    if key.startswith("workarea:"):
        return code_value("workarea", key.partition(":")[2], where)
    return ctx.ref(("document", "initiative"), key_value(key, where), where)


def post_triples(
    person: ox.NamedNode, posts: Any, ctx: Context, where: Where
) -> Iterator[tuple[Triple, ox.NamedNode | None]]:
    """Posts held at the time: (triple, post IRI) pairs so callers can link the posts."""
    if not isinstance(posts, list):
        raise where.error("posts must be a list of {role: …, in: …}")
    for index, post in enumerate(posts):
        here = where.at(f"posts[{index}]")
        check_fields(post, POST_FIELDS, ("role",), here)
        role = code_value("role", post["role"], here.at("role"))
        org_key = key_value(post["in"], here.at("in")) if post.get("in") else None
        node = ox.NamedNode(f"{ID_IRI}post/{org_key or 'unspecified'}/{post['role']}")
        yield (node, RDF_TYPE, ORG_POST), node
        yield (node, ORG_ROLE, role), None
        role_vi = concept_label("role", post["role"], "vi")
        role_en = concept_label("role", post["role"], "en")
        if org_key:
            org = ctx.ref("org", org_key, here.at("in"))
            yield (node, ORG_POST_IN, org), None
            yield (node, RDFS_LABEL, lang(f"{role_vi} ({org_key})", "vi")), None
            yield (node, RDFS_LABEL, lang(f"{role_en} ({org_key})", "en")), None
        else:
            yield (node, RDFS_LABEL, lang(role_vi, "vi")), None
            yield (node, RDFS_LABEL, lang(role_en, "en")), None
        if person.value.startswith(f"{ID_IRI}person/"):
            yield (person, ORG_HOLDS, node), None


def participation_triples(
    owner_key: str, participant: Any, ctx: Context, where: Where, default_role: str | None = None
) -> tuple[ox.NamedNode, list[Triple]]:
    check_fields(participant, PARTICIPANT_FIELDS, (), where)
    if bool(participant.get("person")) == bool(participant.get("organisation")):
        raise where.error("a participant is either a person or an organisation")
    if participant.get("person"):
        who_key = key_value(participant["person"], where.at("person"))
        who = ctx.ref("person", who_key, where.at("person"))
    else:
        who_key = key_value(participant["organisation"], where.at("organisation"))
        who = ctx.ref("org", who_key, where.at("organisation"))
    role_code = participant.get("role", default_role)
    if not role_code:
        raise where.at("role").error("required field is missing")
    role = code_value("partrole", role_code, where.at("role"))
    node = ox.NamedNode(f"{ID_IRI}participation/{owner_key}/{who_key}-{role_code}")
    triples: list[Triple] = [
        (node, RDF_TYPE, DV.Participation),
        (node, DV.participant, who),
        (node, DV.participationRole, role),
        (node, RDFS_LABEL, lang(f"{concept_label('partrole', role_code, 'vi')}: {who_key}", "vi")),
        (node, RDFS_LABEL, lang(f"{concept_label('partrole', role_code, 'en')}: {who_key}", "en")),
    ]
    for triple, post in post_triples(who, participant.get("posts", []), ctx, where):
        triples.append(triple)
        if post is not None:
            triples.append((node, DV.inPost, post))
    if participant.get("note"):
        triples.append(
            (node, DV.note, lang(text_value(participant["note"], where.at("note")), "en"))
        )
    return node, triples


def event_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    key = record["key"]
    subject = thing_iri("event", key)
    yield subject, RDF_TYPE, DV.Event
    yield from common_triples(subject, record, key, where)
    kind = record["kind"]
    yield subject, DV.eventKind, code_value("eventkind", kind, where.at("kind"))
    when = None
    if record.get("date"):
        triples, when = dated(subject, DV.date, record["date"], where.at("date"))
        yield from triples
    if record.get("name"):
        yield from labelled(subject, record, where)
    else:
        shown_vi = f" {when:%d/%m/%Y}" if when else f" ({key})"
        shown_en = f" {when:%Y-%m-%d}" if when else f" ({key})"
        yield subject, RDFS_LABEL, lang(concept_label("eventkind", kind, "vi") + shown_vi, "vi")
        yield subject, RDFS_LABEL, lang(concept_label("eventkind", kind, "en") + shown_en, "en")
    if record.get("time_of_day"):
        yield (
            subject,
            DV.timeOfDay,
            code_value("daypart", record["time_of_day"], where.at("time_of_day")),
        )
    if record.get("place"):
        yield subject, DV.place, ctx.unit_field(record, "place", where)
    for field_name, prop in (("organiser", DV.organiser), ("host", DV.host)):
        if record.get(field_name):
            yield (
                subject,
                prop,
                ctx.ref(
                    "org", key_value(record[field_name], where.at(field_name)), where.at(field_name)
                ),
            )
    reviews = record.get("reviews", [])
    if not isinstance(reviews, list):
        raise where.at("reviews").error("expected a list of reviews")
    for index, review in enumerate(reviews):
        here = where.at(f"reviews[{index}]")
        check_fields(review, REVIEW_FIELDS, ("of", "kind"), here)
        target = target_ref(str(review["of"]), ctx, here.at("of"))
        node = ox.NamedNode(f"{subject.value}/review/{index + 1}")
        yield subject, DV.hasReview, node
        yield node, RDF_TYPE, DV.Review
        yield node, DV.reviewOf, target
        yield node, DV.reviewKind, code_value("reviewkind", review["kind"], here.at("kind"))
        yield (
            node,
            RDFS_LABEL,
            lang(f"{concept_label('reviewkind', review['kind'], 'vi')}: {review['of']}", "vi"),
        )
        yield (
            node,
            RDFS_LABEL,
            lang(f"{concept_label('reviewkind', review['kind'], 'en')}: {review['of']}", "en"),
        )
        if review.get("period"):
            yield from period_triples(node, review["period"], here.at("period"))
        if review.get("note"):
            yield node, DV.note, lang(text_value(review["note"], here.at("note")), "en")
    participants = record.get("participants", [])
    if not isinstance(participants, list):
        raise where.at("participants").error("expected a list of participants")
    for index, participant in enumerate(participants):
        node, triples = participation_triples(
            key, participant, ctx, where.at(f"participants[{index}]")
        )
        yield subject, DV.hasParticipation, node
        yield from triples


def model_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject = thing_iri("model", record["key"])
    yield subject, RDF_TYPE, DV.Model
    yield from common_triples(subject, record, record["key"], where)
    yield from labelled(subject, record, where)
    if record.get("owner"):
        yield subject, DV.owner, ctx.ref_field("org", record, "owner", where)
    if record.get("place"):
        yield subject, DV.place, ctx.unit_field(record, "place", where)
    if record.get("place_description"):
        yield (
            subject,
            DV.placeDescription,
            lang(text_value(record["place_description"], where.at("place_description")), "vi"),
        )
    if record.get("field"):
        yield subject, DV.field, code_value("field", record["field"], where.at("field"))
    if record.get("recognition_level"):
        yield (
            subject,
            DV.recognitionLevel,
            code_value("level", record["recognition_level"], where.at("recognition_level")),
        )
    if record.get("recognised_in") is not None:
        yield (
            subject,
            DV.recognisedIn,
            year_literal(year_value(record["recognised_in"], where.at("recognised_in"))),
        )
    if record.get("initiative"):
        yield subject, DV.underInitiative, ctx.ref_field("initiative", record, "initiative", where)
    if record.get("period"):
        yield from period_triples(subject, record["period"], where.at("period"))
    for event in keys_value(record.get("reported_at", []), where.at("reported_at")):
        yield subject, DV.reportedAt, ctx.ref("event", event, where.at("reported_at"))


def award_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    key = record["key"]
    subject = thing_iri("award", key)
    yield subject, RDF_TYPE, DV.Award
    yield from common_triples(subject, record, key, where)
    giver_key = None
    if record.get("giver"):
        giver_key = key_value(record["giver"], where.at("giver"))
        yield subject, DV.giver, ctx.ref("org", giver_key, where.at("giver"))
    form = record.get("form", "reward")
    yield subject, DV.awardForm, code_value("awardform", form, where.at("form"))
    counts = []
    for field_name, prop, word in (
        ("collectives", DV.collectiveCount, "tập thể"),
        ("individuals", DV.individualCount, "cá nhân"),
        ("models", DV.modelCount, "mô hình"),
    ):
        if record.get(field_name) is not None:
            value, stated = unwrap(record[field_name], where.at(field_name))
            literal = integer_literal(count_value(value, where.at(field_name)))
            yield subject, prop, literal
            yield from correction_triples(subject, prop, stated, literal)
            counts.append(f"{value} {word}")
    if record.get("name"):
        yield from labelled(subject, record, where)
    else:
        summary = f" ({', '.join(counts)})" if counts else ""
        yield subject, RDFS_LABEL, lang(f"{concept_label('awardform', form, 'vi')}{summary}", "vi")
        by = f" by {giver_key}" if giver_key else f" ({key})"
        yield subject, RDFS_LABEL, lang(f"{concept_label('awardform', form, 'en')}{by}", "en")
    if record.get("decision"):
        yield subject, DV.byDecision, ctx.ref_field("document", record, "decision", where)
    if record.get("reason"):
        yield subject, DV.reason, lang(text_value(record["reason"], where.at("reason")), "vi")
    for target in keys_value(record.get("for", []), where.at("for")):
        yield subject, DV.awardedFor, target_ref(target, ctx, where.at("for"))
    if record.get("presented_at"):
        yield subject, DV.presentedAt, ctx.ref_field("event", record, "presented_at", where)
    if record.get("presented_by"):
        node, triples = participation_triples(
            key, record["presented_by"], ctx, where.at("presented_by"), default_role="presenter"
        )
        yield subject, DV.presentedBy, node
        yield from triples
    if record.get("period"):
        yield from period_triples(subject, record["period"], where.at("period"))


def figure_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject = thing_iri("figure", record["key"])
    yield subject, RDF_TYPE, DV.Figure
    yield from common_triples(subject, record, record["key"], where)
    measure, stated_measure = unwrap(record["measure"], where.at("measure"))
    measure_concept = code_value("measure", measure, where.at("measure"))
    yield subject, DV.measure, measure_concept
    yield from correction_triples(subject, DV.measure, stated_measure, measure_concept)
    shown = ""
    if record.get("value") is not None:
        value, stated = unwrap(record["value"], where.at("value"))
        literal = integer_literal(count_value(value, where.at("value")))
        yield subject, DV.value, literal
        yield from correction_triples(subject, DV.value, stated, literal)
        shown = str(value)
    elif not record.get("value_as_stated"):
        raise where.at("value").error("a figure needs a value (or value_as_stated)")
    if record.get("value_as_stated"):
        as_stated = text_value(record["value_as_stated"], where.at("value_as_stated"))
        yield subject, DV.valueAsStated, lang(as_stated, "vi")
        shown = shown or as_stated
    if record.get("minimum") is not None:
        yield (
            subject,
            DV.minimumValue,
            integer_literal(count_value(record["minimum"], where.at("minimum"))),
        )
    yield subject, RDFS_LABEL, lang(f"{concept_label('measure', measure, 'vi')}: {shown}", "vi")
    yield subject, RDFS_LABEL, lang(f"{concept_label('measure', measure, 'en')}: {shown}", "en")
    if record.get("scope"):
        scope = key_value(record["scope"], where.at("scope"))
        yield (
            subject,
            DV.scope,
            ctx.units[scope] if scope in ctx.units else ctx.ref("org", scope, where.at("scope")),
        )
    if record.get("about"):
        yield subject, DV.about, target_ref(str(record["about"]), ctx, where.at("about"))
    if record.get("category"):
        yield subject, DV.category, code_value("category", record["category"], where.at("category"))
    if record.get("breakdown_of"):
        yield subject, DV.breakdownOf, ctx.ref_field("figure", record, "breakdown_of", where)
    if record.get("period"):
        yield from period_triples(subject, record["period"], where.at("period"))
    if record.get("reported_at"):
        yield subject, DV.reportedAt, ctx.ref_field("event", record, "reported_at", where)


CONVERTERS: dict[str, Callable[[dict[str, Any], Context, Where], Iterator[Triple]]] = {
    "organisations": organisation_triples,
    "people": person_triples,
    "initiatives": initiative_triples,
    "documents": document_triples,
    "events": event_triples,
    "models": model_triples,
    "awards": award_triples,
    "figures": figure_triples,
}


# --------------------------------------------------------------------------- batches


@dataclass
class RecordFile:
    """One parsed record file and where it came from."""

    name: str
    content: dict[str, Any]

    @property
    def source_key(self) -> str:
        return str(self.content["source"]["key"])


@dataclass
class Conversion:
    """The quads of a batch of record files, by source graph."""

    graphs: dict[str, list[ox.Quad]]

    @property
    def quads(self) -> list[ox.Quad]:
        return [quad for quads in self.graphs.values() for quad in quads]


def record_where(file: str, section: str, index: int, record: Any) -> Where:
    key = record.get("key") if isinstance(record, dict) else None
    return Where(file, f"{section}[{index}]" + (f" ({key})" if isinstance(key, str) else ""))


def convert(
    files: Sequence[RecordFile],
    *,
    resolve_unit: UnitResolver,
    index: KeyIndex | None = None,
) -> Conversion:
    """Turn a batch of record files into quads, checking every key and reference.

    Raises :class:`RecordError` on the first problem; returns nothing partial.
    """
    return Conversion(dict(convert_stream(files, resolve_unit=resolve_unit, index=index)))


def convert_stream(
    files: Sequence[RecordFile],
    *,
    resolve_unit: UnitResolver,
    index: KeyIndex | None = None,
) -> Iterator[tuple[str, list[ox.Quad]]]:
    """:func:`convert` one source graph at a time: ``(source key, quads)``.

    The same checks in the same order, but the references between files are checked
    only after the last graph: what a consumer received is provisional until the
    generator is exhausted without error (the build loads into a staging store that
    is thrown away on error). Lets a big build hold one file's quads at a time.

    The two passes are built from per-file steps (:func:`check_file`,
    :meth:`BatchKeys.merge`, :func:`convert_file`, :func:`first_unresolved`) so that a
    build can run them in worker processes and still fail exactly as this does.
    """
    index = index or EmptyIndex()
    # Pass 1: every record's fields and key; document identities (IRIs) across the batch.
    keys = BatchKeys()
    for file in files:
        keys.merge(check_file(file), index)

    # Pass 2: triples, file by file, into each source's graph.
    all_references: list[Reference] = []
    defined = keys.defined_keys()
    for file in files:
        graph, triples, references = convert_file(
            file, documents=keys.documents, defined=defined, resolve_unit=resolve_unit, index=index
        )
        all_references.extend(references)
        yield file.source_key, [ox.Quad(s, p, o, graph) for s, p, o in triples]

    missing = first_unresolved(all_references, defined, index)
    if missing is not None:
        raise unresolved_error(missing)


class DocumentSeen(NamedTuple):
    """A document record: its IRI as derived from this record alone."""

    position: int  # of the record in its file, counting every section
    key: str
    iri: str
    where: Where


class RepeatedKey(NamedTuple):
    """A non-document key defined again in the same file."""

    position: int
    kind_key: tuple[str, str]
    where: Where


@dataclass
class FileCheck:
    """Pass 1 of one file on its own: the record checks that need no other file, and
    what the batch-wide checks (:meth:`BatchKeys.merge`) need, in record order.

    ``error`` is the first problem found in the file alone; everything listed comes
    from records before it, so merging files in order raises what a single pass would.
    """

    name: str
    source_key: str | None = None
    documents: list[DocumentSeen] = field(default_factory=list)
    repeats: list[RepeatedKey] = field(default_factory=list)
    # Every (kind, key) the file defines, in order of first definition.
    keys: list[tuple[str, str]] = field(default_factory=list)
    error: Exception | None = None


def check_file(file: RecordFile) -> FileCheck:
    """Pass 1 of :func:`convert_stream` for one file, as far as it needs no other file."""
    check = FileCheck(file.name)
    seen: set[tuple[str, str]] = set()
    position = 0
    # Any failure (not only a RecordError) is kept, so that a batch raises the one that
    # comes first in file order, whichever file was checked first.
    try:
        source = file.content["source"]
        where = Where(file.name, "source")
        check_fields(source, SECTIONS["source"], REQUIRED["source"], where)
        check.source_key = key_value(source["key"], where.at("key"))
        for section, kind in KIND_OF_SECTION.items():
            for number, record in enumerate(file.content.get(section, [])):
                here = record_where(file.name, section, number, record)
                check_fields(record, SECTIONS[section], REQUIRED[section], here)
                key = key_value(record["key"], here.at("key"))
                if section == "documents":
                    iri = document_identity(record, here).iri(key).value
                    check.documents.append(DocumentSeen(position, key, iri, here))
                elif (kind, key) in seen:
                    check.repeats.append(RepeatedKey(position, (kind, key), here))
                if (kind, key) not in seen:
                    seen.add((kind, key))
                    check.keys.append((kind, key))
                position += 1
    except Exception as error:
        check.error = error
    return check


@dataclass
class BatchKeys:
    """What pass 1 learns across a batch: defined keys, document IRIs, source keys."""

    # (kind, key) → the file that defines it first.
    defined: dict[tuple[str, str], str] = field(default_factory=dict)
    documents: dict[str, ox.NamedNode] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def merge(self, check: FileCheck, index: KeyIndex) -> None:
        """Add the next file's :class:`FileCheck`; raise the first problem, in record order."""
        if check.source_key is None:  # the file failed before its source key
            raise check.error or RuntimeError(f"{check.name}: no source key and no error")
        if check.source_key in self.sources:
            raise (
                Where(check.name, "source")
                .at("key")
                .error(
                    f"source {check.source_key!r} is also described by "
                    f"{self.sources[check.source_key]}"
                )
            )
        self.sources[check.source_key] = check.name
        for seen in heapq.merge(check.documents, check.repeats, key=lambda seen: seen.position):
            if isinstance(seen, DocumentSeen):
                self.documents[seen.key] = self._document_iri(seen, index)
            elif seen.kind_key not in self.defined:
                # A key first defined in an earlier file may be defined again here.
                kind, key = seen.kind_key
                raise seen.where.at("key").error(
                    f"{kind} key {key!r} is defined twice in this file"
                )
        if check.error is not None:
            raise check.error
        for kind_key in check.keys:
            self.defined.setdefault(kind_key, check.name)

    def _document_iri(self, seen: DocumentSeen, index: KeyIndex) -> ox.NamedNode:
        key, iri, where = seen.key, ox.NamedNode(seen.iri), seen.where
        existing = index.existing("document", key)
        if existing is not None:
            iri = _reconcile(key, ox.NamedNode(existing), iri, where, stored=True)
        if key in self.documents:
            iri = _reconcile(key, self.documents[key], iri, where, stored=existing is not None)
        return iri

    def defined_keys(self) -> set[tuple[str, str]]:
        return set(self.defined)


def convert_file(
    file: RecordFile,
    *,
    documents: dict[str, ox.NamedNode],
    defined: set[tuple[str, str]],
    resolve_unit: UnitResolver,
    index: KeyIndex,
) -> tuple[ox.NamedNode, list[Triple], list[Reference]]:
    """Pass 2 of :func:`convert_stream` for one file: the source's graph, its triples
    (no duplicates, in first-written order) and the references still to be checked."""
    source_key = file.source_key
    units = {}
    for position, unit in enumerate(file.content.get("units", [])):
        here = record_where(file.name, "units", position, unit)
        check_fields(unit, SECTIONS["units"], REQUIRED["units"], here)
        unit_key = key_value(unit["key"], here.at("key"))
        if unit_key in units:
            raise here.at("key").error(f"unit key {unit_key!r} is defined twice in this file")
        try:
            units[unit_key] = ox.NamedNode(resolve_unit(unit))
        except DanvanError as error:
            raise here.at("name").error(str(error)) from error
    ctx = Context(file.name, source_key, units, documents, defined, index=index)
    triples: list[Triple] = list(source_triples(file.content["source"], ctx))
    for section, converter in CONVERTERS.items():
        for position, record in enumerate(file.content.get(section, [])):
            triples.extend(
                converter(record, ctx, record_where(file.name, section, position, record))
            )
    return source_graph(source_key), list(dict.fromkeys(triples)), ctx.references


def first_unresolved(
    references: Iterable[Reference], defined: set[tuple[str, str]], index: KeyIndex
) -> Reference | None:
    """The first reference to a key that neither the batch nor the store defines."""
    for reference in references:
        if any((kind, reference.key) in defined for kind in reference.kinds):
            continue
        if any(index.existing(kind, reference.key) for kind in reference.kinds):
            continue
        return reference
    return None


def unresolved_error(reference: Reference) -> RecordError:
    kinds = " or ".join(reference.kinds)
    return reference.where.error(
        f"no {kinds} with key {reference.key!r} in these records or the store"
    )


def _reconcile(
    key: str, known: ox.NamedNode, derived: ox.NamedNode, where: Where, *, stored: bool
) -> ox.NamedNode:
    """One IRI for a document described by several records under one key.

    Records may know more or less: one names the issuer, another only its symbol; one
    gives the date, another none. Where they differ only in what one of them leaves
    out, the fuller IRI wins — unless the store already holds the other (IRIs are
    stable once stored). Any real disagreement is an error.
    """
    if known == derived:
        return known
    merged = _fuller_document_iri(known, derived)
    if merged is not None:
        return known if stored else merged
    raise where.at("key").error(
        f"document {key!r} is identified as {derived.value} here but as {known.value}"
        " elsewhere; give the same identifier, issuer and year (or term) in every record of it"
    )


def _fuller_document_iri(first: ox.NamedNode, second: ox.NamedNode) -> ox.NamedNode | None:
    def parts(iri: ox.NamedNode) -> tuple[str, str, str]:
        issuer, _, tail = iri.value[len(ID_IRI + "document/") :].partition("/")
        shape = re.fullmatch(r"(.*)-(\d{4}|khoa-[a-z]+|undated)", tail)
        return (issuer, shape.group(1), shape.group(2)) if shape else (issuer, tail, "undated")

    def generic_issuer(issuer: str) -> bool:
        return issuer == "unknown-issuer" or issuer.startswith("code-")

    (issuer_a, stem_a, when_a), (issuer_b, stem_b, when_b) = parts(first), parts(second)
    if stem_a != stem_b:
        return None
    if issuer_a != issuer_b and not (generic_issuer(issuer_a) or generic_issuer(issuer_b)):
        return None

    def precision(when: str) -> int:  # a year says more than a term, a term more than nothing
        return 0 if when == "undated" else 1 if when.startswith("khoa") else 2

    if when_a != when_b and precision(when_a) == precision(when_b):
        return None
    issuer = issuer_b if generic_issuer(issuer_a) else issuer_a
    when = max(when_a, when_b, key=precision)
    return ox.NamedNode(f"{ID_IRI}document/{issuer}/{stem_a}-{when}")


def display_name(path: Path | str) -> str:
    """How errors name a file: relative to the working folder when it is inside it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(resolved)


def read_file(path: Path | str) -> RecordFile:
    """Read one record file; its errors name it as :func:`display_name` does."""
    name = display_name(path)
    try:
        content = read_record_file(path)
    except RecordError as error:
        error.file = name
        error.args = (str(error),)
        raise
    return RecordFile(name, content)


def read_batch(paths: Iterable[Path | str]) -> list[RecordFile]:
    """Read record files (all or nothing: the first unreadable file raises)."""
    return [read_file(path) for path in paths]
