"""Records → triples: one small function per section, predicates from the schema table.

Fields whose mapping is regular (a code, a key, a list of keys, a year, a plain text) are
written by :func:`regular` straight from the table in ``schema.py``; the rest (labels
made from several fields, corrections, documents' identity, nested records) is code that
still reads its predicates from the table. Every node minted here is located
(:meth:`Context.locate`) so validate can name the record a finding is about.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import DanvanError
from danvan_kg.identifiers import DocumentIdentifier, parse_identifier
from danvan_kg.records.iris import (
    DocumentName,
    KeyIndex,
    Location,
    correction_iri,
    document_name,
    local_name,
    participation_iri,
    post_iri,
    review_iri,
    source_graph,
    thing_iri,
)
from danvan_kg.records.schema import PARTS, SECTIONS, Field
from danvan_kg.records.schema import iri as iri_of
from danvan_kg.records.values import (
    ROMAN_PATTERN,
    Stated,
    Where,
    check_fields,
    code_value,
    count_value,
    date_literal,
    date_value,
    integer_literal,
    key_value,
    keys_value,
    lang,
    names_value,
    period_value,
    plain,
    text_value,
    unwrap,
    url_literal,
    url_value,
    year_literal,
    year_value,
)
from danvan_kg.vocab import (
    DV,
    ORG_HOLDS,
    ORG_POST,
    PROV_WAS_DERIVED_FROM,
    RDF_TYPE,
    RDFS_LABEL,
    concept_label,
    document_class,
)
from danvan_kg.vocab import label as term_label

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]
UnitResolver = Callable[[Mapping[str, Any]], str]


def P(section: str, name: str) -> ox.NamedNode:  # noqa: N802 (reads as a table lookup)
    """The predicate of field ``name`` of ``section`` (or part)."""
    return (SECTIONS.get(section) or PARTS[section]).field(name).predicate


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
    # Node IRI → where it came from; None when nobody asked (a build does not).
    locations: dict[str, Location] | None = None
    # Record key → its name in vi and en, for the records of this file (local_names).
    names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def display(self, key: str, language: str) -> str:
        """How a label names the record ``key``: its name where the batch gives one (a
        person's name, "Chỉ thị 19-CT/TU"), else its stored label, else its key."""
        names = self.names.get(key)
        if names is None and self.index is not None:
            # A record already stored (an add refers to it): its stored label.
            names = self.index.record_name(key)
            if names is not None:
                self.names[key] = names
        if names is None:
            return key
        return names[0] if language == "vi" else names[1]

    def locate(self, node: ox.NamedNode, where: Where, section: str | None) -> None:
        """Remember that ``node`` was made by the record (and field) ``where`` names.

        The first mention answers: posts are shared nodes, and a document may be
        described twice in one file.
        """
        if self.locations is not None:
            self.locations.setdefault(
                node.value, Location(self.file, where.record, where.field, section)
            )

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
            raise where.error("record.unit-not-in-file", unit=key)
        return self.units[key]


def regular(
    subject: ox.NamedNode,
    record: Mapping[str, Any],
    section: str,
    names: tuple[str, ...],
    ctx: Context,
    where: Where,
) -> Iterator[Triple]:
    """The triples of fields whose mapping the table says all about, in ``names`` order."""
    fields = SECTIONS.get(section) or PARTS[section]
    for name in names:
        spec = fields.field(name)
        raw = record.get(name, [] if spec.many else None)
        # As the fields were always read: lists always (a null is an error), numbers
        # unless absent, anything else unless empty.
        if not spec.many and (raw is None if spec.kind in ("year", "count") else not raw):
            continue
        yield from _regular_field(subject, spec, raw, record, ctx, where)


def _regular_field(
    subject: ox.NamedNode,
    spec: Field,
    raw: Any,
    record: Mapping[str, Any],
    ctx: Context,
    where: Where,
) -> Iterator[Triple]:
    prop, here = spec.predicate, where.at(spec.name)
    kind = spec.kind
    if kind == "code":
        assert spec.scheme is not None
        yield subject, prop, code_value(spec.scheme, raw, here)
    elif kind == "key":
        yield subject, prop, ctx.ref_field(spec.refers_to, record, spec.name, where)
    elif kind == "keys":
        for key in keys_value(raw, here):
            yield subject, prop, ctx.ref(spec.refers_to, key, here)
    elif kind == "unit":
        yield subject, prop, ctx.unit_field(record, spec.name, where)
    elif kind == "year":
        yield subject, prop, year_literal(year_value(raw, here))
    elif kind == "count":
        yield subject, prop, integer_literal(count_value(raw, here))
    elif kind == "period":
        # A review's phase is a second span, written like the period with its own pair.
        start, end = (iri_of(curie) for curie in spec.predicates)
        yield from period_triples(subject, raw, here, ctx, start=start, end=end)
    elif kind == "text":
        text = text_value(raw, here)
        yield subject, prop, lang(text, spec.language) if spec.language else plain(text)
    elif kind == "names":
        for name in names_value(raw, here):
            yield subject, prop, lang(name, spec.language) if spec.language else plain(name)
    else:
        raise TypeError(f"field {spec.name!r} ({kind}) has no regular mapping")


def correction_triples(
    subject: ox.NamedNode,
    prop: ox.NamedNode,
    stated: Stated | None,
    corrected: ox.Literal | ox.NamedNode,
    where: Where,
    ctx: Context,
) -> Iterator[Triple]:
    """The ``dv:Correction`` kept beside a corrected value."""
    if stated is None:
        return
    node = correction_iri(subject, prop)
    ctx.locate(node, where, None)
    name = local_name(prop)
    yield subject, DV.hasCorrection, node
    yield node, RDF_TYPE, DV.Correction
    yield node, RDFS_LABEL, lang(f"Đính chính: {term_label(prop.value, 'vi') or name}", "vi")
    yield node, RDFS_LABEL, lang(f"Correction: {term_label(prop.value, 'en') or name}", "en")
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
    subject: ox.NamedNode,
    prop: ox.NamedNode,
    raw: Any,
    where: Where,
    language: str,
    ctx: Context,
) -> Iterator[Triple]:
    """A language-tagged text value, with its correction if the source got it wrong."""
    value, stated = unwrap(raw, where)
    literal = lang(text_value(value, where), language)
    yield subject, prop, literal
    yield from correction_triples(subject, prop, stated, literal, where, ctx)


def labelled(
    subject: ox.NamedNode, record: dict[str, Any], where: Where, ctx: Context
) -> Iterator[Triple]:
    for name, language in (("name", "vi"), ("name_en", "en")):
        if record.get(name):
            yield from text_triples(
                subject, RDFS_LABEL, record[name], where.at(name), language, ctx
            )


def dated(
    subject: ox.NamedNode, prop: ox.NamedNode, raw: Any, where: Where, ctx: Context
) -> tuple[list[Triple], dt.date | dt.datetime]:
    value, stated = unwrap(raw, where)
    parsed = date_value(value, where)
    literal = date_literal(parsed)
    corrections = correction_triples(subject, prop, stated, literal, where, ctx)
    return [(subject, prop, literal), *corrections], parsed


def period_triples(
    subject: ox.NamedNode,
    raw: Any,
    where: Where,
    ctx: Context,
    start: ox.NamedNode = DV.periodStart,
    end: ox.NamedNode = DV.periodEnd,
) -> Iterator[Triple]:
    value, stated = unwrap(raw, where)
    first, last = period_value(value, where)
    yield subject, start, first
    yield subject, end, last
    yield from correction_triples(subject, end, stated, last, where, ctx)


def thing(
    section: str, record: dict[str, Any], ctx: Context, where: Where, cls: ox.NamedNode
) -> tuple[ox.NamedNode, list[Triple]]:
    """A record's node (located), its class and its key and note."""
    subject = thing_iri(SECTIONS[section].kind or section, record["key"])
    ctx.locate(subject, where, section)
    return subject, [
        (subject, RDF_TYPE, cls),
        *common_triples(subject, record, record["key"], where),
    ]


def source_triples(record: dict[str, Any], ctx: Context) -> Iterator[Triple]:
    where = Where(ctx.file, f"source {ctx.source_key}")
    subject = thing_iri("source", ctx.source_key)
    ctx.locate(subject, Where(ctx.file, "source"), "source")
    yield subject, RDF_TYPE, DV.Source
    yield from common_triples(subject, record, ctx.source_key, where)
    yield from regular(subject, record, "source", ("kind",), ctx, where)
    title = text_value(record["title"], where.at("title"))
    yield subject, DV.title, lang(title, "vi")
    yield subject, RDFS_LABEL, lang(title, "vi")
    if record.get("url"):
        url = url_value(record["url"], where.at("url"))
        yield subject, P("source", "url"), url_literal(url)
    yield from regular(subject, record, "source", ("publisher",), ctx, where)
    for name in ("published", "retrieved"):
        if record.get(name):
            triples, _ = dated(subject, P("source", name), record[name], where.at(name), ctx)
            yield from triples
    names = ("authors", "photographers", "editors", "corpus_file")
    yield from regular(subject, record, "source", names, ctx, where)
    if record.get("confirmation_url"):
        url = url_value(record["confirmation_url"], where.at("confirmation_url"))
        yield subject, P("source", "confirmation_url"), url_literal(url)
    yield from regular(subject, record, "source", ("confirmation",), ctx, where)
    yield source_graph(ctx.source_key), PROV_WAS_DERIVED_FROM, subject


def organisation_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject, triples = thing("organisations", record, ctx, where, DV.Organisation)
    yield from triples
    yield from labelled(subject, record, where, ctx)
    names = ("abbreviations", "kind", "level", "territory", "parent")
    yield from regular(subject, record, "organisations", names, ctx, where)


def person_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject, triples = thing("people", record, ctx, where, DV.Person)
    yield from triples
    yield from labelled(subject, record, where, ctx)


def initiative_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    kind = code_value("initiativekind", record["kind"], where.at("kind"))
    cls = DV.Movement if record["kind"] == "emulation-movement" else DV.Campaign
    subject, triples = thing("initiatives", record, ctx, where, cls)
    yield triples[0]
    yield subject, P("initiatives", "kind"), kind
    yield from triples[1:]
    yield from labelled(subject, record, where, ctx)
    yield from regular(subject, record, "initiatives", ("launched_by",), ctx, where)


@dataclass(frozen=True)
class DocumentIdentity:
    """What a document record says about who issued what, when — its IRI follows."""

    type_code: str
    number: str | None
    issuer: str | None
    parsed: DocumentIdentifier | None
    year: int | None
    term: str | None

    def name(self, key: str) -> DocumentName:
        return document_name(
            issuer=self.issuer,
            issuer_code=self.parsed.issuer_code if self.parsed else None,
            type_code=self.type_code,
            number=self.number,
            year=self.year,
            term=self.term,
            key=key,
        )

    def iri(self, key: str) -> ox.NamedNode:
        return self.name(key).iri


@functools.lru_cache(maxsize=1 << 15)
def _parsed_identifier(text: str, type_code: str | None) -> DocumentIdentifier:
    """:func:`parse_identifier`, remembered: a batch reads each document's identity up to
    four times (pass 1's check and names, pass 2's names and triples). Parsing is a pure
    function of its two arguments and its result is frozen, so sharing it is safe; an
    error is not cached, so it is raised afresh, the same, every time."""
    return parse_identifier(text, type_code=type_code)


def document_identity(record: dict[str, Any], where: Where) -> DocumentIdentity:
    """Parse the identifying fields of a document record (identifier or type + number)."""
    parsed: DocumentIdentifier | None = None
    if record.get("identifier"):
        here = where.at("identifier")
        raw, _ = unwrap(record["identifier"], here)
        try:
            stated_type = record.get("type")
            parsed = _parsed_identifier(
                text_value(raw, here), stated_type if isinstance(stated_type, str) else None
            )
        except DanvanError as error:
            raise here.wrap(error) from error
    type_code = record.get("type") or (parsed.type_code if parsed else None)
    if not type_code:
        raise where.at("type").error("record.document-needs-type")
    code_value("doctype", type_code, where.at("type"))
    if parsed and record.get("type") and record["type"] != parsed.type_code:
        raise where.at("type").error(
            "record.type-disagrees", type=record["type"], identifier=parsed.canonical()
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
        raise where.at("number").error("record.number-disagrees", identifier=parsed.canonical())
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
            raise where.at("term").error("record.term-not-roman", term=term)
    issuer = key_value(record["issuer"], where.at("issuer")) if record.get("issuer") else None
    return DocumentIdentity(type_code, number, issuer, parsed, year, term)


def document_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    key = record["key"]
    subject = ctx.documents[key]
    ctx.locate(subject, where, "documents")
    identity = document_identity(record, where)
    type_concept = code_value("doctype", identity.type_code, where.at("type"))
    yield subject, RDF_TYPE, DV.Document
    yield subject, RDF_TYPE, document_class(identity.type_code)
    yield subject, P("documents", "type"), type_concept
    yield from common_triples(subject, record, key, where)
    parsed = identity.parsed
    if parsed:
        literal = plain(parsed.canonical())
        yield subject, DV.identifier, literal
        _, stated = unwrap(record["identifier"], where.at("identifier"))
        yield from correction_triples(
            subject, DV.identifier, stated, literal, where.at("identifier"), ctx
        )
        yield subject, DV.issuerCode, plain(parsed.issuer_code)
    if identity.number:
        yield subject, P("documents", "number"), plain(identity.number)
    if identity.year:
        yield subject, P("documents", "year"), year_literal(identity.year)
    if identity.term:
        yield subject, P("documents", "term"), plain(identity.term)
    if record.get("issuer"):
        yield subject, P("documents", "issuer"), ctx.ref("org", identity.issuer or "",
                                                         where.at("issuer"))  # fmt: skip
    yield from regular(subject, record, "documents", ("signed_by",), ctx, where)
    if record.get("date"):
        triples, issued = dated(subject, P("documents", "date"), record["date"],
                                where.at("date"), ctx)  # fmt: skip
        if (
            identity.year
            and issued.year != identity.year
            and record.get("year") is None
            and parsed
            and parsed.year
        ):
            raise where.at("date").error(
                "record.date-disagrees", date=str(issued), identifier=parsed.canonical()
            )
        yield from triples
    for name, language in (("title", "vi"), ("title_en", "en")):
        if record.get(name):
            yield from text_triples(subject, P("documents", name), record[name],
                                    where.at(name), language, ctx)  # fmt: skip
    yield from regular(subject, record, "documents", ("also_known_as",), ctx, where)
    label_vi, label_en = document_labels(record, identity, where)
    yield subject, RDFS_LABEL, lang(label_vi, "vi")
    yield subject, RDFS_LABEL, lang(label_en, "en")
    yield from regular(subject, record, "documents", ("concerns", *LINEAGE_FIELDS), ctx, where)


def document_labels(
    record: dict[str, Any], identity: DocumentIdentity, where: Where
) -> tuple[str, str]:
    """A document's labels: its name, else its type and symbol ("Chỉ thị 19-CT/TU")."""
    parsed = identity.parsed
    name_vi = record.get("name") and text_value(record["name"], where.at("name"))
    type_vi = concept_label("doctype", identity.type_code, "vi")
    type_en = concept_label("doctype", identity.type_code, "en")
    shown = parsed.canonical() if parsed else (f"số {identity.number}" if identity.number else "")
    label_en = f"{type_en} {shown}".strip() if shown else (record.get("title_en") or type_en)
    return name_vi or f"{type_vi} {shown}".strip(), str(label_en)


def local_names(content: dict[str, Any], file: str) -> dict[str, tuple[str, str]]:
    """Record key → (vi, en) name, for the records of one file that have one; what cannot
    be read is left out (the converters report it under its field)."""
    names: dict[str, tuple[str, str]] = {}
    for section in ("people", "organisations", "initiatives", "events", "documents"):
        records = content.get(section, [])
        for position, record in enumerate(records if isinstance(records, list) else []):
            if not isinstance(record, dict) or not isinstance(record.get("key"), str):
                continue
            where = Where(file, f"{section}[{position}]")
            try:
                if section == "documents":
                    found = document_labels(record, document_identity(record, where), where)
                elif record.get("name"):
                    vi = text_value(unwrap(record["name"], where)[0], where)
                    en = record.get("name_en")
                    found = (vi, text_value(unwrap(en, where)[0], where) if en else vi)
                else:
                    continue
            except DanvanError:
                continue
            names.setdefault(record["key"], found)
    return names


# The fields of a document's lineage, each a list of document keys.
LINEAGE_FIELDS = ("carries_out", "based_on", "continues", "amends", "replaces", "cites")


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
        raise where.error("record.posts-not-list")
    for index, post in enumerate(posts):
        here = where.at(f"posts[{index}]")
        check_fields(post, PARTS["posts"], here)
        role = code_value("role", post["role"], here.at("role"))
        org_key = key_value(post["in"], here.at("in")) if post.get("in") else None
        node = post_iri(org_key, post["role"])
        ctx.locate(node, here, "posts")
        yield (node, RDF_TYPE, ORG_POST), node
        yield (node, P("posts", "role"), role), None
        role_vi = concept_label("role", post["role"], "vi")
        role_en = concept_label("role", post["role"], "en")
        if org_key:
            org = ctx.ref("org", org_key, here.at("in"))
            yield (node, P("posts", "in"), org), None
            yield (node, RDFS_LABEL, lang(f"{role_vi}, {ctx.display(org_key, 'vi')}", "vi")), None
            yield (node, RDFS_LABEL, lang(f"{role_en}, {ctx.display(org_key, 'en')}", "en")), None
        else:
            yield (node, RDFS_LABEL, lang(role_vi, "vi")), None
            yield (node, RDFS_LABEL, lang(role_en, "en")), None
        if person.value.startswith(thing_iri("person", "").value):
            yield (person, ORG_HOLDS, node), None


def participation_triples(
    owner_key: str, participant: Any, ctx: Context, where: Where, default_role: str | None = None
) -> tuple[ox.NamedNode, list[Triple]]:
    check_fields(participant, PARTS["participants"], where)
    if bool(participant.get("person")) == bool(participant.get("organisation")):
        raise where.error("record.participant-either")
    if participant.get("person"):
        who_key = key_value(participant["person"], where.at("person"))
        who = ctx.ref("person", who_key, where.at("person"))
    else:
        who_key = key_value(participant["organisation"], where.at("organisation"))
        who = ctx.ref("org", who_key, where.at("organisation"))
    role_code = participant.get("role", default_role)
    if not role_code:
        raise where.at("role").error("record.field-missing")
    role = code_value("partrole", role_code, where.at("role"))
    node = participation_iri(owner_key, who_key, role_code)
    ctx.locate(node, where, "participants")
    triples: list[Triple] = [
        (node, RDF_TYPE, DV.Participation),
        (node, P("participants", "person"), who),
        (node, P("participants", "role"), role),
        *(
            (
                node,
                RDFS_LABEL,
                lang(
                    f"{ctx.display(who_key, language)}"
                    f" ({concept_label('partrole', role_code, language)})",
                    language,
                ),
            )
            for language in ("vi", "en")
        ),
    ]
    for triple, post in post_triples(who, participant.get("posts", []), ctx, where):
        triples.append(triple)
        if post is not None:
            triples.append((node, P("participants", "posts"), post))
    triples.extend(regular(node, participant, "participants", ("note",), ctx, where))
    return node, triples


def event_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    key = record["key"]
    subject, triples = thing("events", record, ctx, where, DV.Event)
    yield from triples
    kind = record["kind"]
    yield from regular(subject, record, "events", ("kind",), ctx, where)
    when = None
    if record.get("date"):
        dates, when = dated(subject, P("events", "date"), record["date"], where.at("date"), ctx)
        yield from dates
    if record.get("name"):
        yield from labelled(subject, record, where, ctx)
    else:
        shown_vi = f" {when:%d/%m/%Y}" if when else f" ({key})"
        shown_en = f" {when:%Y-%m-%d}" if when else f" ({key})"
        yield subject, RDFS_LABEL, lang(concept_label("eventkind", kind, "vi") + shown_vi, "vi")
        yield subject, RDFS_LABEL, lang(concept_label("eventkind", kind, "en") + shown_en, "en")
    names = (
        "time_of_day",
        "place",
        "organiser",
        "host",
        "co_organisers",
        "format",
        "bridge_points",
        "launches",
        "carries_out",
    )
    yield from regular(subject, record, "events", names, ctx, where)
    reviews = record.get("reviews", [])
    if not isinstance(reviews, list):
        raise where.at("reviews").error("record.reviews-not-list")
    for index, review in enumerate(reviews):
        here = where.at(f"reviews[{index}]")
        check_fields(review, PARTS["reviews"], here)
        target = target_ref(str(review["of"]), ctx, here.at("of"))
        node = review_iri(subject, index + 1)
        ctx.locate(node, here, "reviews")
        yield subject, P("events", "reviews"), node
        yield node, RDF_TYPE, DV.Review
        yield node, P("reviews", "of"), target
        yield from regular(node, review, "reviews", ("kind",), ctx, here)
        code_value("reviewkind", review["kind"], here.at("kind"))  # one code, not a list
        for language in ("vi", "en"):
            label = concept_label("reviewkind", review["kind"], language)
            target_name = ctx.display(str(review["of"]), language)
            yield node, RDFS_LABEL, lang(f"{label}: {target_name}", language)
        yield from regular(node, review, "reviews", ("period", "phase", "note"), ctx, here)
    participants = record.get("participants", [])
    if not isinstance(participants, list):
        raise where.at("participants").error("record.participants-not-list")
    for index, participant in enumerate(participants):
        node, triples = participation_triples(
            key, participant, ctx, where.at(f"participants[{index}]")
        )
        yield subject, P("events", "participants"), node
        yield from triples


def model_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject, triples = thing("models", record, ctx, where, DV.Model)
    yield from triples
    yield from labelled(subject, record, where, ctx)
    names = (
        "kind",
        "owner",
        "association",
        "place",
        "place_description",
        "field",
        "recognition_level",
        "recognised_in",
        "recognised_by",
        "initiative",
        "period",
        "reported_at",
    )
    yield from regular(subject, record, "models", names, ctx, where)


_COUNTS = (("collectives", "tập thể"), ("individuals", "cá nhân"), ("models", "mô hình"))


def award_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    key = record["key"]
    subject, triples = thing("awards", record, ctx, where, DV.Award)
    yield from triples
    giver_key = None
    if record.get("giver"):
        giver_key = key_value(record["giver"], where.at("giver"))
        yield subject, P("awards", "giver"), ctx.ref("org", giver_key, where.at("giver"))
    form = record.get("form", "reward")
    yield subject, P("awards", "form"), code_value("awardform", form, where.at("form"))
    # Only when stated: an award without a status was given (the records before issue 13).
    yield from regular(subject, record, "awards", ("rank", "status", "proposed_by"), ctx, where)
    counts = []
    for name, word in _COUNTS:
        if record.get(name) is not None:
            prop = P("awards", name)
            value, stated = unwrap(record[name], where.at(name))
            literal = integer_literal(count_value(value, where.at(name)))
            yield subject, prop, literal
            yield from correction_triples(subject, prop, stated, literal, where.at(name), ctx)
            counts.append(f"{value} {word}")
    if record.get("name"):
        yield from labelled(subject, record, where, ctx)
    else:
        summary = f" ({', '.join(counts)})" if counts else ""
        yield subject, RDFS_LABEL, lang(f"{concept_label('awardform', form, 'vi')}{summary}", "vi")
        by = f" by {ctx.display(giver_key, 'en')}" if giver_key else f" ({key})"
        yield subject, RDFS_LABEL, lang(f"{concept_label('awardform', form, 'en')}{by}", "en")
    yield from regular(subject, record, "awards", ("decision", "reason"), ctx, where)
    for target in keys_value(record.get("for", []), where.at("for")):
        yield subject, P("awards", "for"), target_ref(target, ctx, where.at("for"))
    yield from regular(subject, record, "awards", ("presented_at",), ctx, where)
    if record.get("presented_by"):
        node, triples = participation_triples(
            key, record["presented_by"], ctx, where.at("presented_by"), default_role="presenter"
        )
        yield subject, P("awards", "presented_by"), node
        yield from triples
    yield from regular(subject, record, "awards", ("period",), ctx, where)


def figure_triples(record: dict[str, Any], ctx: Context, where: Where) -> Iterator[Triple]:
    subject, triples = thing("figures", record, ctx, where, DV.Figure)
    yield from triples
    measure, stated_measure = unwrap(record["measure"], where.at("measure"))
    measure_concept = code_value("measure", measure, where.at("measure"))
    prop = P("figures", "measure")
    yield subject, prop, measure_concept
    yield from correction_triples(
        subject, prop, stated_measure, measure_concept, where.at("measure"), ctx
    )
    shown = ""
    if record.get("value") is not None:
        value, stated = unwrap(record["value"], where.at("value"))
        literal = integer_literal(count_value(value, where.at("value")))
        prop = P("figures", "value")
        yield subject, prop, literal
        yield from correction_triples(subject, prop, stated, literal, where.at("value"), ctx)
        shown = str(value)
    elif not record.get("value_as_stated"):
        raise where.at("value").error("record.figure-needs-value")
    if record.get("value_as_stated"):
        as_stated = text_value(record["value_as_stated"], where.at("value_as_stated"))
        yield subject, P("figures", "value_as_stated"), lang(as_stated, "vi")
        shown = shown or as_stated
    if record.get("minimum") is not None:
        minimum = count_value(record["minimum"], where.at("minimum"))
        yield subject, P("figures", "minimum"), integer_literal(minimum)
    yield subject, RDFS_LABEL, lang(f"{concept_label('measure', measure, 'vi')}: {shown}", "vi")
    yield subject, RDFS_LABEL, lang(f"{concept_label('measure', measure, 'en')}: {shown}", "en")
    if record.get("scope"):
        scope = key_value(record["scope"], where.at("scope"))
        place = ctx.units[scope] if scope in ctx.units else ctx.ref("org", scope, where.at("scope"))
        yield subject, P("figures", "scope"), place
    if record.get("about"):
        yield subject, P("figures", "about"), target_ref(str(record["about"]), ctx,
                                                         where.at("about"))  # fmt: skip
    names = ("category", "breakdown_of", "recognised_by", "period", "reported_at")
    yield from regular(subject, record, "figures", names, ctx, where)


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
