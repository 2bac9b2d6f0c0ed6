"""The record format (``danvan-record/1``) as one table: section → field → what it holds.

This table is the schema. The record checks (unknown and required fields), the converters'
predicates, validate's mapping from a SHACL finding back to the record field, and the
field reference in ``docs/records.md`` (between ``<!-- fields:start -->`` and
``<!-- fields:end -->``, written by :func:`write_reference` — run
``python scripts/records_reference.py`` — and checked by
``tests/test_schema.py``) all read it.

>>> SECTIONS["people"].names
('key', 'name', 'note')
>>> SECTIONS["documents"].field("carries_out").predicates
('dv:carriesOut',)
>>> field_for("organisations", "rdfs:label", language="en")
'name_en'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from danvan_kg.vocab import PREFIXES

FORMAT = "danvan-record/1"

# What a field's value is. The value parsers in values.py check each kind.
VALUE_KINDS: dict[str, str] = {
    "text": "text (NFC, tone marks folded); may be a corrected value",
    "names": "a name or a list of names",
    "key": "the key of a record of the kind named in 'refers to'",
    "keys": "a key or a list of keys",
    "unit": "the key of a unit of this file's 'units' section",
    "date": "ISO date `2013-10-16` or minute datetime `2020-10-09T09:25`",
    "year": "a year, 1930-2100",
    "count": "a whole number ≥ 0",
    "period": "`2021-2023`, `2023` or `DATE/DATE`",
    "code": "a code of the vocabulary named in 'scheme'",
    "url": "an http(s) address",
    "target": "a document or initiative key, or `workarea:CODE`",
    "targets": "a list of what `target` allows",
    "scope": "a unit key of this file, or an organisation key",
    "list": "a list of the records of the part named in 'part'",
    "participant": "one participant record (see `participants`)",
}


@dataclass(frozen=True)
class Field:
    """One field of a record: its value kind, the triple(s) it becomes, and its rules."""

    name: str
    kind: str
    predicates: tuple[str, ...] = ()  # CURIEs of the predicates it is written with
    required: bool = False
    scheme: str | None = None  # the vocabulary (dvv:{scheme}) of a code
    refers_to: tuple[str, ...] = ()  # the kinds of things a key may name
    many: bool = False  # a list (cardinality 0..n) rather than one value
    language: str | None = None  # the language tag of its literal
    part: str | None = None  # for lists of nested records: their part in PARTS
    en: str = ""

    @property
    def predicate(self) -> ox.NamedNode:
        """The (first) predicate as an IRI."""
        return iri(self.predicates[0])


@dataclass(frozen=True)
class Section:
    """One section (or nested part) of a record file and its fields, in order."""

    name: str
    kind: str | None  # the IRI path segment of its things (dvi:{kind}/{key}), if any
    fields: tuple[Field, ...]
    vi: str = ""  # what its things are called in Vietnamese (for messages)
    en: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields if field.required)

    def field(self, name: str) -> Field:
        return _field_index()[self.name, name]


def iri(curie: str) -> ox.NamedNode:
    prefix, _, local = curie.partition(":")
    return ox.NamedNode(PREFIXES[prefix] + local)


def _f(name: str, kind: str, *predicates: str, **rest: object) -> Field:
    return Field(name, kind, predicates, **rest)  # type: ignore[arg-type]


def _key(en: str) -> Field:
    return _f("key", "key", "dv:recordKey", required=True, en=en)


def _note() -> Field:
    return _f("note", "text", "dv:note", language="en", en="a note (English)")


def _names(required: bool = False, has_en: bool = True) -> tuple[Field, ...]:
    vi = _f("name", "text", "rdfs:label", required=required, language="vi", en="name (label @vi)")
    en = _f("name_en", "text", "rdfs:label", language="en", en="English name (label @en)")
    return (vi, en) if has_en else (vi,)


def _ref(name: str, predicate: str, *kinds: str, en: str = "", many: bool = False) -> Field:
    kind = ("keys" if many else "key") if kinds != ("unit",) else "unit"
    return _f(name, kind, predicate, refers_to=kinds, many=many, en=en)


def _code(name: str, predicate: str, scheme: str, required: bool = False, en: str = "") -> Field:
    return _f(name, "code", predicate, scheme=scheme, required=required, en=en)


def _period() -> Field:
    return _f("period", "period", "dv:periodStart", "dv:periodEnd", en="the period covered")


# What an event does to a directive or movement other than reviewing it (issue 13).
_TARGETS = ("document", "initiative")


_LINEAGE = (
    ("carries_out", "dv:carriesOut", "documents it carries out"),
    ("based_on", "dv:basedOn", "documents it is based on"),
    ("continues", "dv:continues", "documents it continues"),
    ("amends", "dv:amends", "documents it amends"),
    ("replaces", "dv:replaces", "documents it replaces"),
    ("cites", "dv:cites", "documents it cites"),
)

_SECTION_LIST: tuple[Section, ...] = (
    Section(
        "source",
        "source",
        (
            _key("the source's key: dvi:source/{key}, its graph dvg:source/{key}"),
            _code("kind", "dv:sourceKind", "sourcekind", required=True, en="article or reference"),
            _f(
                "title",
                "text",
                "dv:title",
                "rdfs:label",
                required=True,
                language="vi",
                en="the article's title",
            ),
            _f("url", "url", "dv:sourceUrl", en="where the article is published (http(s))"),
            _f("publisher", "text", "dv:publisher", en="who published it"),
            _f("published", "date", "dv:publicationDate", en="when it was published"),
            _f("retrieved", "date", "dv:retrievedDate", en="when it was read at its url"),
            _f("authors", "names", "dv:author", many=True, en="authors"),
            _f("photographers", "names", "dv:photographer", many=True, en="photographers"),
            _f("editors", "names", "dv:editor", many=True, en="editors"),
            _f("corpus_file", "text", "dv:corpusFile", en="its file in shared/corpus"),
            _f(
                "confirmation_url",
                "url",
                "dv:confirmationUrl",
                en="reference facts: the public page confirming them",
            ),
            _code(
                "confirmation",
                "dv:confirmationStatus",
                "confirmation",
                en="reference facts: confirmed or unconfirmed",
            ),
            _note(),
        ),
        vi="nguồn",
        en="the article (or reference body) the file's statements come from",
    ),
    Section(
        "units",
        "unit",
        (
            _f("key", "key", required=True, en="local handle used by territory, place, scope"),
            _f("name", "text", required=True, en="the unit's name, resolved by the gazetteer"),
            _f("level", "code", required=True, en="province, district or commune"),
            _f("province", "text", en="its province (for a district or commune)"),
            _f("district", "text", en="its district (for a commune of the old map)"),
            _f("epoch", "code", en="old (before 1 July 2025, the default) or new map"),
            _f("note", "text", en="a note (English)"),
        ),
        vi="đơn vị hành chính",
        en="administrative units mentioned (no triples of their own: gazetteer IRIs)",
    ),
    Section(
        "organisations",
        "org",
        (
            _key("dvi:org/{key}"),
            *_names(required=True),
            _f(
                "abbreviations",
                "names",
                "skos:altLabel",
                many=True,
                language="vi",
                en="abbreviations",
            ),
            _code("kind", "dv:organisationKind", "orgkind", required=True, en="the kind of body"),
            _code("level", "dv:level", "level", required=True, en="the level it works at"),
            _ref("territory", "dv:territory", "unit", en="the unit it governs"),
            _ref("parent", "dv:parentOrganisation", "org", en="the body it belongs to"),
            _note(),
        ),
        vi="tổ chức",
    ),
    Section(
        "people",
        "person",
        (_key("dvi:person/{key}"), _names(required=True, has_en=False)[0], _note()),
        vi="người",
    ),
    Section(
        "initiatives",
        "initiative",
        (
            _key("dvi:initiative/{key}"),
            _code(
                "kind",
                "dv:initiativeKind",
                "initiativekind",
                required=True,
                en="emulation-movement or campaign",
            ),
            *_names(required=True),
            _ref("launched_by", "dv:launchedBy", "org", en="who launched it"),
            _note(),
        ),
        vi="phong trào, cuộc vận động",
    ),
    Section(
        "documents",
        "document",
        (
            _key("its IRI comes from issuer, type, number and year (or term)"),
            _f(
                "identifier",
                "text",
                "dv:identifier",
                "dv:issuerCode",
                en="number and symbol, e.g. 19-CT/TU: type, number, issuer code, year",
            ),
            _code("type", "dv:documentType", "doctype", en="when there is no identifier"),
            _f("number", "text", "dv:documentNumber", en="when there is no identifier"),
            _ref("issuer", "dv:issuer", "org", en="the body the symbol names"),
            _ref("signed_by", "dv:signedBy", "org", en="who signed it"),
            _f("date", "date", "dv:dateIssued", en="date of issue"),
            _f("year", "year", "dv:year", en="taken from date or identifier if not given"),
            _f("term", "text", "dv:term", en="the khóa (Roman numeral)"),
            _f("title", "text", "dv:title", language="vi", en="title"),
            _f("title_en", "text", "dv:title", language="en", en="English title"),
            _f("name", "text", "rdfs:label", language="vi", en="a name it goes by (label)"),
            _f(
                "also_known_as",
                "names",
                "skos:altLabel",
                many=True,
                language="vi",
                en="other names",
            ),
            _ref("concerns", "dv:concerns", "initiative", many=True, en="initiatives it is about"),
            *(
                _ref(name, predicate, "document", many=True, en=en)
                for name, predicate, en in _LINEAGE
            ),
            _note(),
        ),
        vi="văn bản",
    ),
    Section(
        "events",
        "event",
        (
            _key("dvi:event/{key}"),
            _code(
                "kind", "dv:eventKind", "eventkind", required=True, en="conference, working visit…"
            ),
            *_names(),
            _f("date", "date", "dv:date", en="when it took place"),
            _code("time_of_day", "dv:timeOfDay", "daypart", en="morning, afternoon…"),
            _ref("place", "dv:place", "unit", en="where"),
            _ref("organiser", "dv:organiser", "org", en="who organised it"),
            _ref("host", "dv:host", "org", en="who hosted it (working visits)"),
            _ref(
                "co_organisers",
                "dv:coOrganiser",
                "org",
                many=True,
                en="who organised it with the organiser (phối hợp tổ chức)",
            ),
            _code("format", "dv:meetingFormat", "meetingformat", en="in-person, online, hybrid"),
            _f(
                "bridge_points",
                "count",
                "dv:bridgePointCount",
                en="how many bridge points (điểm cầu) an online event had",
            ),
            _ref(
                "launches",
                "dv:launches",
                *_TARGETS,
                many=True,
                en="documents or initiatives it launches (phát động, triển khai)",
            ),
            _ref(
                "carries_out",
                "dv:eventCarriesOut",
                *_TARGETS,
                many=True,
                en="documents or initiatives it carries out without reviewing them",
            ),
            _f("reviews", "list", "dv:hasReview", many=True, part="reviews", en="what it reviewed"),
            _f(
                "participants",
                "list",
                "dv:hasParticipation",
                many=True,
                part="participants",
                en="who took part",
            ),
            _note(),
        ),
        vi="sự kiện",
    ),
    Section(
        "models",
        "model",
        (
            _key("dvi:model/{key}"),
            *_names(required=True),
            _code(
                "kind", "dv:modelKind", "modelkind", en="model (mô hình) or exemplar (điển hình)"
            ),
            _ref("owner", "dv:owner", "org", "person", en="who runs it: a body or a person"),
            _ref(
                "association",
                "dv:association",
                "org",
                en="the association (hội, chi hội) its owner belongs to",
            ),
            _ref("place", "dv:place", "unit", en="where"),
            _f(
                "place_description",
                "text",
                "dv:placeDescription",
                language="vi",
                en="a place below the gazetteer",
            ),
            _code("field", "dv:field", "field", en="its field of work"),
            _code("recognition_level", "dv:recognitionLevel", "level", en="who recognised it"),
            _f("recognised_in", "year", "dv:recognisedIn", en="year it was recognised"),
            _ref("recognised_by", "dv:recognisedBy", "org", en="the body that recognised it"),
            _ref("initiative", "dv:underInitiative", "initiative", en="the movement it is under"),
            _period(),
            _ref("reported_at", "dv:reportedAt", "event", many=True, en="events that reported it"),
            _note(),
        ),
        vi="mô hình",
    ),
    Section(
        "awards",
        "award",
        (
            _key("dvi:award/{key}"),
            _names(has_en=False)[0],
            _code("form", "dv:awardForm", "awardform", en="default: reward"),
            _code("rank", "dv:prizeRank", "prizerank", en="a prize's rank: first, second…"),
            _code(
                "status",
                "dv:awardStatus",
                "awardstatus",
                en="given (when absent) or proposed (đề nghị khen thưởng)",
            ),
            _ref("proposed_by", "dv:proposedBy", "org", en="who proposed it to the giver"),
            _ref("giver", "dv:giver", "org", en="who gave it"),
            _ref("decision", "dv:byDecision", "document", en="the decision"),
            _f("collectives", "count", "dv:collectiveCount", en="collectives rewarded"),
            _f("individuals", "count", "dv:individualCount", en="individuals rewarded"),
            _f("models", "count", "dv:modelCount", en="models rewarded"),
            _f("reason", "text", "dv:reason", language="vi", en="why"),
            _f(
                "for",
                "targets",
                "dv:awardedFor",
                refers_to=("document", "initiative"),
                many=True,
                en="what it rewards",
            ),
            _ref("presented_at", "dv:presentedAt", "event", en="the event"),
            _f(
                "presented_by",
                "participant",
                "dv:presentedBy",
                part="participants",
                en="who presented it (role: presenter by default)",
            ),
            _period(),
            _note(),
        ),
        vi="khen thưởng",
    ),
    Section(
        "figures",
        "figure",
        (
            _key("dvi:figure/{key}"),
            _code("measure", "dv:measure", "measure", required=True, en="what is counted"),
            _f("value", "count", "dv:value", en="the number (or value_as_stated)"),
            _f(
                "value_as_stated",
                "text",
                "dv:valueAsStated",
                language="vi",
                en="a vague count as stated (hàng trăm)",
            ),
            _f("minimum", "count", "dv:minimumValue", en="at least this many"),
            _f("scope", "scope", "dv:scope", refers_to=("unit", "org"), en="where or whose"),
            _f(
                "about",
                "target",
                "dv:about",
                refers_to=("document", "initiative"),
                en="what it is about",
            ),
            _code("category", "dv:category", "category", en="which part of a breakdown"),
            _ref("breakdown_of", "dv:breakdownOf", "figure", en="the figure it breaks down"),
            _ref(
                "recognised_by",
                "dv:recognisedBy",
                "org",
                en="the body that recognised the models counted",
            ),
            _period(),
            _ref("reported_at", "dv:reportedAt", "event", en="the event that reported it"),
            _note(),
        ),
        vi="số liệu",
    ),
)

# Records nested inside a record: an event's reviews and participants, their posts.
_PART_LIST: tuple[Section, ...] = (
    Section(
        "reviews",
        None,
        (
            _f(
                "of",
                "target",
                "dv:reviewOf",
                required=True,
                refers_to=("document", "initiative"),
                en="what is reviewed",
            ),
            _code(
                "kind",
                "dv:reviewKind",
                "reviewkind",
                required=True,
                en="preliminary or final review…",
            ),
            _period(),
            _f(
                "phase",
                "period",
                "dv:phaseStart",
                "dv:phaseEnd",
                en="the programme phase, when it differs from the period reviewed",
            ),
            _note(),
        ),
        en="events: reviews[]",
    ),
    Section(
        "participants",
        None,
        (
            _ref("person", "dv:participant", "person", en="a person (or organisation)"),
            _ref("organisation", "dv:participant", "org", en="an organisation (or person)"),
            _code(
                "role",
                "dv:participationRole",
                "partrole",
                en="required (presenter in presented_by)",
            ),
            _f(
                "posts",
                "list",
                "dv:inPost",
                "org:holds",
                many=True,
                part="posts",
                en="posts held at the time",
            ),
            _note(),
        ),
        en="events: participants[], awards: presented_by",
    ),
    Section(
        "posts",
        None,
        (
            _code("role", "org:role", "role", required=True, en="the post held"),
            _ref("in", "org:postIn", "org", en="the organisation"),
        ),
        en="participants: posts[]",
    ),
)

SECTIONS: dict[str, Section] = {section.name: section for section in _SECTION_LIST}
PARTS: dict[str, Section] = {section.name: section for section in _PART_LIST}
# The sections whose records are things with a key of their kind (not source, not units).
THING_SECTIONS: tuple[Section, ...] = tuple(
    section for section in _SECTION_LIST if section.name not in ("source", "units")
)
# What each kind of thing is called in Vietnamese (error messages name kinds).
KIND_NAMES_VI: dict[str, str] = {s.kind: s.vi for s in _SECTION_LIST if s.kind}


@cache
def _field_index() -> dict[tuple[str, str], Field]:
    return {
        (section.name, field.name): field
        for section in (*_SECTION_LIST, *_PART_LIST)
        for field in section.fields
    }


@cache
def _by_predicate() -> dict[tuple[str | None, str], tuple[Field, ...]]:
    """(section or None for anywhere, predicate CURIE) → the fields written with it."""
    found: dict[tuple[str | None, str], list[Field]] = {}
    anywhere: dict[str, Counter[str]] = {}
    for section in (*_SECTION_LIST, *_PART_LIST):
        for field in section.fields:
            for predicate in field.predicates:
                found.setdefault((section.name, predicate), []).append(field)
                anywhere.setdefault(predicate, Counter())[field.name] += 1
    result = {key: tuple(fields) for key, fields in found.items()}
    # Outside its section (a node another record made, like a person's org:holds), a
    # predicate answers with the field most sections write it from.
    for predicate, names in anywhere.items():
        name = names.most_common(1)[0][0]
        first = next(
            field
            for (_, written), fields in found.items()
            if written == predicate
            for field in fields
            if field.name == name
        )
        result[None, predicate] = (first,)
    return result


def field_for(
    section: str | None,
    predicate: str,
    *,
    language: str | None = None,
    refers_to: str | None = None,
) -> str | None:
    """The record field a triple with ``predicate`` (a CURIE) comes from, in ``section``.

    Where one predicate serves several fields (``name`` and ``name_en``; a participant's
    ``person`` and ``organisation``), the literal's ``language`` or the kind of thing
    the value names (``refers_to``) picks one. ``None`` when no field writes it.
    """
    table = _by_predicate()
    fields = table.get((section, predicate)) or table.get((None, predicate)) or ()
    if len(fields) > 1:
        narrowed = [
            field
            for field in fields
            if (language is None or field.language == language)
            and (refers_to is None or refers_to in field.refers_to)
        ]
        fields = tuple(narrowed) or fields
    return fields[0].name if fields else None


# --------------------------------------------------------------------------- the reference


START, END = "<!-- fields:start -->", "<!-- fields:end -->"


def reference() -> str:
    """The field reference of ``docs/records.md``, as Markdown tables."""
    lines = [
        "Generated from `src/danvan_kg/records/schema.py` by"
        " `python scripts/records_reference.py`; do not edit by hand.",
        "",
    ]
    for section in (*_SECTION_LIST, *_PART_LIST):
        lines.append(f"### `{section.name}`" + (f" ({section.en})" if section.en else ""))
        lines.append("")
        lines.append("| field | value | required | predicate | scheme / refers to | meaning |")
        lines.append("|---|---|---|---|---|---|")
        for field in section.fields:
            kind = field.kind + ("" if field.language is None else f" @{field.language}")
            target = (
                f"dvv:{field.scheme}"
                if field.scheme
                else " or ".join(field.refers_to) or (field.part and f"part `{field.part}`") or ""
            )
            predicates = ", ".join(f"`{p}`" for p in field.predicates) or "—"
            lines.append(
                f"| `{field.name}` | {kind} | {'yes' if field.required else ''} | {predicates}"
                f" | {target} | {field.en} |"
            )
        lines.append("")
    lines.append("Value kinds:")
    lines.append("")
    lines.extend(f"- `{kind}`: {meaning}" for kind, meaning in VALUE_KINDS.items())
    return "\n".join(lines) + "\n"


def with_reference(document: str) -> str:
    """``document`` with the text between the markers replaced by :func:`reference`."""
    head, start, rest = document.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the document has no {START} … {END} markers")
    return f"{head}{START}\n{reference()}{END}{tail}"


def write_reference(path: Path | str) -> bool:
    """Regenerate the field reference in ``path``; True when the file changed."""
    path = Path(path)
    old = path.read_text(encoding="utf-8")
    new = with_reference(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
