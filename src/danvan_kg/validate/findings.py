"""Validate new records against the graph they will join; add them all or nothing.

A staff member writes the records of a new conference and must learn at once what is
missing or inconsistent, in Vietnamese or English, naming the file, the record and the
field — and nothing wrong may enter the graph. Three layers do that:

1. :mod:`danvan_kg.records` turns record files into quads and refuses what it cannot
   convert (an unknown field, 31/02, an unknown unit or key): *unusable input*.
2. The SHACL shapes in ``shapes/`` check what was converted: required fields, datatypes,
   vocabularies, links to the right classes, and rules across records.
3. :func:`add_files` writes the records only when nothing is wrong, in one transaction.

Validating inside a big graph is fast because the engine never sees the store: the data
graph is the new records, one hop of context fetched from the store (what they refer to:
a reviewed document's date of issue, an issuer's level, a unit's ``dv:validUntil``) and
the ontology; only the new records' nodes are focus nodes. See ``docs/benchmarks.md``.

pySHACL is the reference engine; pyshacl-turbo (a Rust engine with pySHACL's API) gives
the same report on these shapes — ``tests/test_validate.py`` runs every bad record through
both — and is used when installed (``engine="auto"``).

>>> [severity.value for severity in Severity]
['unusable', 'violation', 'warning', 'info']
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.records import (
    KIND_OF_SECTION,
    RecordFile,
    convert,
    read_record_file,
    source_graph,
    thing_iri,
)
from danvan_kg.resources import resource_files
from danvan_kg.store import Store
from danvan_kg.vocab import (
    DV_IRI,
    GRAPH_IRI,
    ID_IRI,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    PROV_WAS_DERIVED_FROM,
    RDF_TYPE,
    ontology_quads,
)

Engine = Literal["auto", "pyshacl", "turbo"]
Language = Literal["vi", "en"]
RECORD_SUFFIXES = (".yaml", ".yml")
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


class Severity(StrEnum):
    """How bad a finding is, worst first. ``unusable`` is not SHACL: the input could not
    even be turned into RDF (records.py refused it)."""

    UNUSABLE = "unusable"
    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    def label(self, language: Language) -> str:
        return _SEVERITY_LABELS[self][language]


_SEVERITY_LABELS: dict[Severity, dict[str, str]] = {
    Severity.UNUSABLE: {"vi": "không dùng được", "en": "unusable"},
    Severity.VIOLATION: {"vi": "lỗi", "en": "violation"},
    Severity.WARNING: {"vi": "cảnh báo", "en": "warning"},
    Severity.INFO: {"vi": "lưu ý", "en": "info"},
}
_SHACL_SEVERITY = {
    str(SH.Violation): Severity.VIOLATION,
    str(SH.Warning): Severity.WARNING,
    str(SH.Info): Severity.INFO,
}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    """One problem, located in the user's terms (file, record, field) and in RDF terms."""

    severity: Severity
    message_vi: str
    message_en: str
    file: str | None = None
    record: str | None = None
    field: str | None = None
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    component: str | None = None

    def message(self, language: Language) -> str:
        return self.message_vi if language == "vi" else self.message_en

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class ValidationReport:
    """What :func:`validate_files` found, and what :func:`add_files` would write."""

    files: list[str]
    findings: list[Finding]
    engine: str = "none"
    focus_nodes: int = 0
    data_triples: int = 0
    seconds: float = 0.0
    report_graph: rdflib.Graph | None = field(default=None, repr=False)
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict, repr=False)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def unusable(self) -> bool:
        return self.count(Severity.UNUSABLE) > 0

    @property
    def conforms(self) -> bool:
        """True when nothing is unusable and nothing is a violation (warnings may remain)."""
        return not self.unusable and self.count(Severity.VIOLATION) == 0

    @property
    def exit_code(self) -> int:
        """0 valid, 1 violations, 2 unusable input (as ``danvan validate`` exits)."""
        if self.unusable:
            return 2
        return 0 if self.conforms else 1


@dataclass
class AddReport:
    """What :func:`add_files` did: the validation, and the graphs written (if any)."""

    validation: ValidationReport
    written: dict[str, int] = field(default_factory=dict)

    @property
    def added(self) -> bool:
        return bool(self.written)

    @property
    def exit_code(self) -> int:
        """0 written, 1 refused for violations (or warnings not accepted), 2 unusable."""
        if self.validation.unusable:
            return 2
        return 0 if self.added else 1


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Location:
    """Where a node came from: the file, the record (``events[0] (key)``) and, for nodes
    inside a record (a review, a participant, a post), the field they sit under."""

    file: str
    record: str | None
    prefix: str | None = None
    section: str | None = None
    rdf: bool = False


@dataclass
class Batch:
    """New records, converted: quads per named graph and where each node came from."""

    files: list[str]
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)

    @property
    def quads(self) -> list[ox.Quad]:
        return [quad for quads in self.graphs.values() for quad in quads]


_RECORD_KEY = ox.NamedNode(DV_IRI + "recordKey")


class _BatchIndex:
    """Keys defined by the RDF files of the batch, then the store (a records.KeyIndex)."""

    def __init__(self, store: Store, rdf_quads: Iterable[ox.Quad]) -> None:
        self._store = store
        self._local: dict[tuple[str, str], str] = {}
        key_predicate = DV_IRI + "recordKey"
        for quad in rdf_quads:
            if quad.predicate.value == key_predicate and isinstance(quad.subject, ox.NamedNode):
                kind = quad.subject.value[len(ID_IRI) :].partition("/")[0]
                self._local.setdefault((kind, quad.object.value), quad.subject.value)

    def existing(self, kind: str, key: str) -> str | None:
        if (kind, key) in self._local:
            return self._local[(kind, key)]
        # An index lookup, not Store.existing's SPARQL: a batch asks this once per reference.
        prefix = f"{ID_IRI}{kind}/"
        found = sorted(
            quad.subject.value
            for quad in self._store.engine.quads_for_pattern(
                None, _RECORD_KEY, ox.Literal(key), None
            )
            if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(prefix)
        )
        return found[0] if found else None


def _resolver() -> Callable[[Mapping[str, Any]], str]:
    # The gazetteer raises ValueError for impossible requests (a district on the new map);
    # records.convert only wraps DanvanError, so turn it into one to keep file and record.
    from danvan_kg.build import unit_resolver
    from danvan_kg.gazetteer import Gazetteer

    resolve = unit_resolver(Gazetteer.load())

    def checked(unit: Mapping[str, Any]) -> str:
        try:
            return resolve(unit)
        except ValueError as error:
            raise DanvanError(str(error)) from error

    return checked


def _read_rdf(path: Path) -> list[ox.Quad]:
    """Parse a Turtle / N-Triples / JSON-LD file into quads of the source it describes."""
    name = str(path)
    try:
        with path.open("rb") as stream:
            parsed = list(ox.parse(stream, RDF_FORMATS[path.suffix.lower()]))
    except OSError as error:
        raise RecordError(f"cannot read file ({error.strerror})", file=name) from error
    except SyntaxError as error:
        raise RecordError(f"not valid {path.suffix[1:]}: {error}", file=name) from error
    source_class = ox.NamedNode(DV_IRI + "Source")
    sources = sorted(
        {t.subject.value for t in parsed if t.predicate == RDF_TYPE and t.object == source_class}
    )
    if len(sources) != 1:
        raise RecordError(
            "an RDF file must describe exactly one dv:Source"
            " (the article its statements come from);"
            f" found {len(sources)}",
            file=name,
        )
    source = ox.NamedNode(sources[0])
    if not source.value.startswith(f"{ID_IRI}source/"):
        raise RecordError(
            f"the source IRI must be {ID_IRI}source/{{key}}, not {source.value}", file=name
        )
    graph = source_graph(source.value.rsplit("/", 1)[-1])
    quads = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed}
    quads.add(ox.Quad(graph, PROV_WAS_DERIVED_FROM, source, graph))
    return sorted(quads, key=str)


def _record_locations(file: RecordFile, quads: Sequence[ox.Quad]) -> dict[str, Location]:
    """Node IRI → record, for every node a record file makes (see records.py for the IRIs)."""
    key_predicate = DV_IRI + "recordKey"
    documents = {
        quad.object.value: quad.subject.value
        for quad in quads
        if quad.predicate.value == key_predicate
        and quad.subject.value.startswith(f"{ID_IRI}document/")
    }
    where: dict[str, Location] = {}
    content = file.content
    where[thing_iri("source", str(content["source"]["key"])).value] = Location(
        file.name, "source", None, "source"
    )
    for section, kind in KIND_OF_SECTION.items():
        for index, record in enumerate(content.get(section) or []):
            key = str(record["key"])
            label = f"{section}[{index}] ({key})"
            iri = documents.get(key, "") if section == "documents" else thing_iri(kind, key).value
            where.setdefault(iri, Location(file.name, label, None, section))
            if section == "events":
                for position, _review in enumerate(record.get("reviews") or []):
                    where[f"{iri}/review/{position + 1}"] = Location(
                        file.name, label, f"reviews[{position}]", "reviews"
                    )
                for position, participant in enumerate(record.get("participants") or []):
                    _participant_locations(
                        where, file.name, label, key, participant, f"participants[{position}]"
                    )
            if section == "awards" and isinstance(record.get("presented_by"), dict):
                _participant_locations(
                    where,
                    file.name,
                    label,
                    key,
                    record["presented_by"],
                    "presented_by",
                    "presenter",
                )
    return where


def _participant_locations(
    where: dict[str, Location],
    file: str,
    label: str,
    owner: str,
    participant: Mapping[str, Any],
    prefix: str,
    default_role: str | None = None,
) -> None:
    who = participant.get("person") or participant.get("organisation")
    role = participant.get("role", default_role)
    where[f"{ID_IRI}participation/{owner}/{who}-{role}"] = Location(
        file, label, prefix, "participants"
    )
    for position, post in enumerate(participant.get("posts") or []):
        node = f"{ID_IRI}post/{post.get('in') or 'unspecified'}/{post.get('role')}"
        # Posts are shared nodes (one per organisation and role): the first mention answers.
        where.setdefault(node, Location(file, label, f"{prefix}.posts[{position}]", "posts"))


def load_batch(paths: Sequence[Path | str], store: Store) -> tuple[Batch, list[RecordError]]:
    """Read and convert the files; problems come back as RecordErrors, not raised."""
    batch = Batch(files=[str(path) for path in paths])
    errors: list[RecordError] = []
    record_files: list[RecordFile] = []
    rdf_quads: list[ox.Quad] = []
    for raw in paths:
        path = Path(raw)
        suffix = path.suffix.lower()
        try:
            if suffix in RECORD_SUFFIXES:
                record_files.append(RecordFile(str(path), read_record_file(path)))
            elif suffix in RDF_FORMATS:
                quads = _read_rdf(path)
                graph = quads[0].graph_name.value
                if graph in batch.graphs:
                    raise RecordError(
                        f"a second file for the same source graph {graph}", file=str(path)
                    )
                batch.graphs[graph] = quads
                rdf_quads.extend(quads)
                for quad in quads:
                    if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(
                        ID_IRI
                    ):
                        batch.locations.setdefault(
                            quad.subject.value,
                            Location(str(path), _rdf_record(quad.subject, quads), rdf=True),
                        )
            else:
                known = ", ".join((*RECORD_SUFFIXES, *RDF_FORMATS))
                raise RecordError(
                    f"unknown kind of file {suffix or '(no suffix)'!r} (known: {known})",
                    file=str(path),
                )
        except RecordError as error:
            errors.append(error)
    if errors or not record_files:
        return batch, errors
    try:
        conversion = convert(
            record_files, resolve_unit=_resolver(), index=_BatchIndex(store, rdf_quads)
        )
    except RecordError as error:
        return batch, [error]
    for file in record_files:
        graph = source_graph(file.source_key).value
        if graph in batch.graphs:
            return batch, [
                RecordError(f"a second file for the same source graph {graph}", file=file.name)
            ]
        quads = conversion.graphs.get(file.source_key, [])
        batch.graphs[graph] = quads
        batch.locations.update(_record_locations(file, quads))
    return batch, errors


def _rdf_record(subject: ox.NamedNode, quads: Sequence[ox.Quad]) -> str:
    for quad in quads:
        if quad.subject == subject and quad.predicate.value == DV_IRI + "recordKey":
            return quad.object.value
    return subject.value


# --------------------------------------------------------------------------- context

_BREAKDOWN_OF = ox.NamedNode(DV_IRI + "breakdownOf")
_TERRITORY = ox.NamedNode(DV_IRI + "territory")
_SOURCE = ox.NamedNode(DV_IRI + "Source")
# A new source's title or corpus file may already belong to a stored source (a duplicate).
_DUPLICATE_KEYS = (ox.NamedNode(DV_IRI + "corpusFile"), ox.NamedNode(DV_IRI + "title"))
_SKIP_GRAPHS = (ONTOLOGY_GRAPH, INFERRED_GRAPH)


def fetch_context(store: Store, batch: Batch) -> list[ox.Triple]:
    """The stored triples the new records' rules look at: what other sources state about
    the nodes they describe, one hop from every node they refer to, and the few lookups
    named in shapes/rules.ttl.

    Graphs the batch replaces are ignored — the new records take their place — so adding
    the same file twice sees no stale copy of itself.
    """
    inner = store.engine
    replaced = {ox.NamedNode(graph) for graph in batch.graphs}
    new_quads = batch.quads
    # The nodes the batch describes get their statements from other sources too: the
    # graph they join may already give a document's issuer, or a different date.
    subjects = {ox.NamedNode(node) for node in focus_nodes(batch)}
    sources = {
        quad.subject for quad in new_quads if quad.predicate == RDF_TYPE and quad.object == _SOURCE
    }

    def stored(pattern: tuple[Any, Any, Any]) -> Iterable[ox.Quad]:
        for quad in inner.quads_for_pattern(*pattern, None):
            if quad.graph_name not in replaced and quad.graph_name not in _SKIP_GRAPHS:
                yield quad

    wanted: set[ox.NamedNode] = set()
    for quad in new_quads:
        # Things (dvi:…), not classes, concepts or graphs: those come with the ontology.
        for node in (quad.subject, quad.object):
            if isinstance(node, ox.NamedNode) and node.value.startswith(ID_IRI):
                wanted.add(node)
        if quad.predicate == _BREAKDOWN_OF:
            wanted.update(q.subject for q in stored((None, _BREAKDOWN_OF, quad.object)))
        if quad.subject in sources and quad.predicate in _DUPLICATE_KEYS:
            wanted.update(q.subject for q in stored((None, quad.predicate, quad.object)))
    for subject in subjects:
        wanted.update(q.subject for q in stored((None, _BREAKDOWN_OF, subject)))

    triples: set[ox.Triple] = set()

    def fetch(nodes: Iterable[ox.NamedNode]) -> set[ox.NamedNode]:
        """Add the stored triples of ``nodes``; return the things they point to."""
        targets = set()
        for node in nodes:
            for quad in stored((node, None, None)):
                triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
                if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(ID_IRI):
                    targets.add(quad.object)
        return targets

    # What other sources say of the new nodes is part of them: what it points to is one hop
    # away too (a reference file's issuer of a document the batch also describes).
    wanted |= fetch(subjects)
    fetch(wanted - subjects)
    # Two hops for units only: a stored issuer's territory, to date the document against.
    territories = {
        t.object
        for t in triples
        if t.predicate == _TERRITORY and isinstance(t.object, ox.NamedNode)
    }
    fetch(territories - wanted)
    return sorted(triples, key=str)


# --------------------------------------------------------------------------- engines


@cache
def shapes_graph() -> rdflib.Graph:
    """Every shape in ``shapes/*.ttl`` as one rdflib graph (what both engines read)."""
    graph = rdflib.Graph()
    for path in resource_files("shapes", ".ttl"):
        graph.parse(path, format="turtle")
    return graph


@cache
def _ontology_ntriples() -> bytes:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ontology_quads()]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


@cache
def _turbo_program() -> Any:
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph())


def turbo_available() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine(engine: Engine) -> Literal["pyshacl", "turbo"]:
    if engine == "auto":
        return "turbo" if turbo_available() else "pyshacl"
    if engine == "turbo" and not turbo_available():
        raise DanvanError(
            "engine 'turbo' needs the package pyshacl-turbo (pip install pyshacl-turbo)"
        )
    if engine not in ("pyshacl", "turbo"):
        raise DanvanError(f"unknown engine {engine!r} (known: auto, pyshacl, turbo)")
    return engine


def run_engine(
    engine: Literal["pyshacl", "turbo"],
    data: bytes,
    focus: Sequence[str],
    values: Iterable[str] = (),
) -> rdflib.Graph:
    """Validate N-Triples ``data`` on ``focus`` nodes; returns the SHACL report graph.

    ``values`` are the IRIs the focus nodes point to, which pySHACL needs as focus nodes
    as well (see below); results on them are not ours and are dropped later.
    """
    if engine == "turbo":
        # An in-memory Oxigraph store is turbo's fastest input: bytes would go through an
        # rdflib graph first (5x slower on a batch of 100 records).
        graph = ox.Store()
        graph.load(data, ox.RdfFormat.N_TRIPLES)
        _conforms, report, _text = _turbo_program().validate(graph, focus_nodes=list(focus))
        return report
    import pyshacl

    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    # pySHACL 0.40.1 applies its focus_nodes filter to the value nodes of nested shapes too
    # (sh:node, sh:or), which then pass vacuously; listing those value nodes as focus nodes
    # as well restores the check. findings_from_report keeps only the results on ``focus``.
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph(), inference="none", focus_nodes=sorted({*focus, *values})
    )
    return report


# --------------------------------------------------------------------------- reports

# Predicate → the record field it comes from (docs/records.md). Where one predicate serves
# two fields, _field_name picks by section.
_FIELDS: dict[str, str] = {
    PREFIXES["rdfs"] + "label": "name",
    PREFIXES["skos"] + "altLabel": "abbreviations",
    PREFIXES["org"] + "role": "role",
    PREFIXES["org"] + "postIn": "in",
    PREFIXES["org"] + "holds": "posts",
    **{
        DV_IRI + name: field_name
        for name, field_name in {
            "recordKey": "key",
            "note": "note",
            "identifier": "identifier",
            "documentNumber": "number",
            "documentType": "type",
            "issuerCode": "identifier",
            "issuer": "issuer",
            "signedBy": "signed_by",
            "dateIssued": "date",
            "year": "year",
            "term": "term",
            "title": "title",
            "concerns": "concerns",
            "carriesOut": "carries_out",
            "basedOn": "based_on",
            "continues": "continues",
            "amends": "amends",
            "replaces": "replaces",
            "cites": "cites",
            "organisationKind": "kind",
            "level": "level",
            "territory": "territory",
            "parentOrganisation": "parent",
            "initiativeKind": "kind",
            "launchedBy": "launched_by",
            "eventKind": "kind",
            "date": "date",
            "timeOfDay": "time_of_day",
            "place": "place",
            "organiser": "organiser",
            "host": "host",
            "hasReview": "reviews",
            "hasParticipation": "participants",
            "reviewOf": "of",
            "reviewKind": "kind",
            "periodStart": "period",
            "periodEnd": "period",
            "participant": "person",
            "participationRole": "role",
            "inPost": "posts",
            "owner": "owner",
            "placeDescription": "place_description",
            "field": "field",
            "recognitionLevel": "recognition_level",
            "recognisedIn": "recognised_in",
            "underInitiative": "initiative",
            "reportedAt": "reported_at",
            "giver": "giver",
            "awardForm": "form",
            "byDecision": "decision",
            "collectiveCount": "collectives",
            "individualCount": "individuals",
            "modelCount": "models",
            "reason": "reason",
            "awardedFor": "for",
            "presentedAt": "presented_at",
            "presentedBy": "presented_by",
            "measure": "measure",
            "value": "value",
            "valueAsStated": "value_as_stated",
            "minimumValue": "minimum",
            "scope": "scope",
            "about": "about",
            "category": "category",
            "breakdownOf": "breakdown_of",
            "sourceKind": "kind",
            "publisher": "publisher",
            "publicationDate": "published",
            "author": "authors",
            "photographer": "photographers",
            "editor": "editors",
            "corpusFile": "corpus_file",
            "confirmationUrl": "confirmation_url",
            "confirmationStatus": "confirmation",
        }.items()
    },
}


def _field_name(path: str, value: rdflib.term.Node | None, location: Location) -> str:
    if location.rdf:
        return _curie(path)
    name = _FIELDS.get(path, _curie(path))
    section = location.section
    if path == PREFIXES["rdfs"] + "label" and section == "source":
        name = "title"
    elif path == PREFIXES["skos"] + "altLabel" and section == "documents":
        name = "also_known_as"
    elif (
        path == DV_IRI + "participant"
        and isinstance(value, rdflib.URIRef)
        and "/org/" in str(value)
    ):
        name = "organisation"
    if isinstance(value, rdflib.Literal) and value.language == "en" and name in ("name", "title"):
        name += "_en"
    return name


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@cache
def _message_templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Regexes of every message in the shapes, to tell an untagged message's language:
    both engines drop the language tag of SPARQL-constraint messages (they fill in
    {?var} templates and return plain strings)."""
    templates = []
    for message in shapes_graph().objects(None, SH.message):
        if isinstance(message, rdflib.Literal) and message.language:
            # re.escape turns "{?var}" into "\{\?var\}"; each becomes a lazy group.
            pattern = re.sub(
                r"\\\{\\[?$][A-Za-z_][A-Za-z0-9_]*\\\}", "(.*?)", re.escape(str(message))
            )
            templates.append((re.compile(f"^{pattern}$", re.DOTALL), message.language))
    return tuple(templates)


def _messages(literals: Iterable[rdflib.term.Node]) -> dict[str, str]:
    found: dict[str, str] = {}
    untagged = []
    for literal in literals:
        if isinstance(literal, rdflib.Literal) and literal.language in ("vi", "en"):
            found.setdefault(literal.language, str(literal))
        else:
            untagged.append(str(literal))
    for text in untagged:
        language = next(
            (lang for pattern, lang in _message_templates() if pattern.match(text)), None
        )
        if language:
            found.setdefault(language, text)
        else:
            found.setdefault("en", text)
    return found


def findings_from_report(report: rdflib.Graph, batch: Batch, focus: set[str]) -> list[Finding]:
    """Turn a SHACL report graph into findings located in the new records."""
    findings = []
    for result in report.objects(None, SH.result):
        focus_node = report.value(result, SH.focusNode)
        if focus_node is None or str(focus_node) not in focus:
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        messages = _messages(report.objects(result, SH.resultMessage))
        severity = _SHACL_SEVERITY.get(
            str(report.value(result, SH.resultSeverity)), Severity.VIOLATION
        )
        location = _locate(str(focus_node), batch)
        field_name = (
            _field_name(str(path), value, location) if isinstance(path, rdflib.URIRef) else None
        )
        if location.prefix:
            field_name = f"{location.prefix}.{field_name}" if field_name else location.prefix
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        findings.append(
            Finding(
                severity=severity,
                message_vi=messages.get("vi") or messages.get("en", ""),
                message_en=messages.get("en") or messages.get("vi", ""),
                file=location.file,
                record=location.record,
                field=field_name,
                focus=str(focus_node),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                value=None if value is None else str(value),
                shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
                component=_curie(str(component)) if component is not None else None,
            )
        )
    return findings


def _locate(focus: str, batch: Batch) -> Location:
    if focus in batch.locations:
        return batch.locations[focus]
    base, separator, prop = focus.rpartition("/correction/")
    if separator and base in batch.locations:
        parent = batch.locations[base]
        name = _FIELDS.get(DV_IRI + prop, prop) if not parent.rdf else f"dv:{prop}"
        prefix = f"{parent.prefix}.{name}" if parent.prefix else name
        return Location(parent.file, parent.record, prefix, parent.section, parent.rdf)
    return Location(batch.files[0] if len(batch.files) == 1 else "", focus)


# --------------------------------------------------------------------------- unusable input

# records.py speaks English; the common messages have a Vietnamese form for staff.
_VI_RECORD_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (
            r"^unknown field '(.+?)' \(known: (.+)\)$",
            "trường '{0}' không có trong định dạng bản ghi (các trường: {1})",
        ),
        (r"^required field is missing$", "thiếu trường bắt buộc"),
        (r"^'(.+?)' is not a real date \((.+)\)$", "'{0}' không phải là một ngày có thật ({1})"),
        (
            r"^'(.+?)' is not an ISO date .*$",
            "'{0}' không phải ngày dạng YYYY-MM-DD (ví dụ 2013-10-16)",
        ),
        (
            r"^expected an ISO date YYYY-MM-DD, got (.+)$",
            "cần một ngày dạng YYYY-MM-DD, nhưng gặp {0}",
        ),
        (
            r"^(.+?) is not a year between 1930 and 2100$",
            "{0} không phải là năm trong khoảng 1930–2100",
        ),
        (r"^(.+?) is not a whole number ≥ 0$", "{0} không phải là số nguyên không âm"),
        (r"^period '(.+?)' ends before it starts$", "kỳ '{0}' kết thúc trước khi bắt đầu"),
        (
            r"^'(.+?)' is not a period .*$",
            "'{0}' không phải là một kỳ (viết 2021-2023, 2023 hoặc NGÀY/NGÀY)",
        ),
        (
            r"^'(.+?)' is not a key .*$",
            "'{0}' không phải là khóa (chỉ chữ thường không dấu, chữ số và dấu gạch nối)",
        ),
        (
            r"^no (.+?) with key '(.+?)' in these records or the store$",
            "không có {0} nào có khóa '{1}' trong các bản ghi này hay trong đồ thị",
        ),
        (
            r"^unit '(.+?)' is not in this file's 'units' section$",
            "đơn vị '{0}' chưa khai báo trong mục units của tệp này",
        ),
        (
            r"^no (old|new)-map (\w+) named '(.+?)'(.*)$",
            "không tìm thấy đơn vị hành chính '{2}' ({1}, bản đồ {0}){3}",
        ),
        (
            r"^the new map \(from 1 July 2025\) has no district level$",
            "bản đồ mới (từ 01/7/2025) không còn cấp huyện:"
            " đơn vị cấp huyện dùng bản đồ cũ (epoch: old)",
        ),
        (
            r"^'(.+?)' is not a code of vocabulary '(.+?)' \(known: (.+)\)$",
            "'{0}' không phải là mã của bộ mã '{1}' (các mã: {2})",
        ),
        (
            r"^not a document identifier: '(.+?)' \((.+)\)$",
            "'{0}' không phải là số, ký hiệu văn bản ({1})",
        ),
        (
            r"^type '(.+?)' disagrees with identifier '(.+?)'$",
            "loại '{0}' không khớp với ký hiệu '{1}'",
        ),
        (
            r"^date (.+?) disagrees with the year in '(.+?)'$",
            "ngày {0} không khớp với năm trong ký hiệu '{1}'",
        ),
        (r"^'(.+?)' is not a Roman numeral .*$", "'{0}' không phải là số La Mã (khóa XI → XI)"),
        (
            r"^(\w+) key '(.+?)' is defined twice in this file$",
            "khóa {0} '{1}' được khai báo hai lần trong tệp này",
        ),
        (r"^source '(.+?)' is also described by (.+)$", "nguồn '{0}' đã được mô tả trong tệp {1}"),
        (r"^duplicate key '(.+?)'$", "khóa '{0}' lặp lại"),
        (r"^malformed YAML(.*?): (.+)$", "YAML sai cú pháp{0}: {1}"),
        (
            r"^missing or unknown format marker .*$",
            "thiếu hoặc sai dòng định dạng (cần 'format: danvan-record/1')",
        ),
        (r"^unknown section '(.+?)' .*$", "mục '{0}' không có trong định dạng bản ghi"),
        (r"^the 'source' section is required$", "thiếu mục 'source' (bắt buộc)"),
        (
            r"^a participant is either a person or an organisation$",
            "người tham dự là một người (person) hoặc một tổ chức (organisation),"
            " không phải cả hai",
        ),
        (
            r"^a figure needs a value \(or value_as_stated\)$",
            "số liệu cần có value (hoặc value_as_stated)",
        ),
        (
            r"^a document needs an identifier or a type$",
            "văn bản cần có số, ký hiệu (identifier) hoặc loại (type)",
        ),
        (r"^cannot read file \((.+)\)$", "không đọc được tệp ({0})"),
        (
            r"^unknown kind of file (.+?) \(known: (.+)\)$",
            "không nhận dạng được loại tệp {0} (các loại: {1})",
        ),
        (
            r"^an RDF file must describe exactly one dv:Source .*; found (\d+)$",
            "một tệp RDF phải mô tả đúng một nguồn dv:Source"
            " (bài viết chứa các thông tin đó); tìm thấy {0}",
        ),
        (r"^not valid (\w+): (.+)$", "tệp {0} sai cú pháp: {1}"),
    )
)


# Phrases inside the parts of a message that a template carries over as they are.
_VI_PHRASES: tuple[tuple[str, str], ...] = (
    (" at line ", " ở dòng "),
    (", column ", ", cột "),
    ("duplicate key ", "khóa lặp lại "),
    ("; did you mean: ", "; có phải là: "),
    ("; outside that scope: ", "; ngoài phạm vi đó: "),
    (" in Tỉnh ", " thuộc Tỉnh "),
    (" in Thành phố ", " thuộc Thành phố "),
    (" in Huyện ", " thuộc Huyện "),
    ("(province, ", "(cấp tỉnh, "),
    ("(district, ", "(cấp huyện, "),
    ("(commune, ", "(cấp xã, "),
    ("bản đồ old)", "bản đồ cũ)"),
    ("bản đồ new)", "bản đồ mới)"),
    (" has that name: epoch=", " có tên đó: epoch="),
    ("(a new-map ", "(một đơn vị bản đồ mới cấp "),
    ("(a old-map ", "(một đơn vị bản đồ cũ cấp "),
)


def vietnamese(message: str) -> str:
    """The Vietnamese form of a records.py message, or the English one when none is known.

    >>> vietnamese("required field is missing")
    'thiếu trường bắt buộc'
    >>> vietnamese("no old-map district named 'Thanh Lim' in Tỉnh Hà Nam")
    "không tìm thấy đơn vị hành chính 'Thanh Lim' (cấp huyện, bản đồ cũ) thuộc Tỉnh Hà Nam"
    """
    for pattern, template in _VI_RECORD_MESSAGES:
        match = pattern.match(message)
        if match:
            text = template.format(*match.groups())
            for english, vi in _VI_PHRASES:
                text = text.replace(english, vi)
            return text
    return message


def unusable_finding(error: RecordError) -> Finding:
    return Finding(
        severity=Severity.UNUSABLE,
        message_vi=vietnamese(error.bare("en")),
        message_en=error.bare("en"),
        file=error.file,
        record=error.record,
        field=error.field,
    )


# --------------------------------------------------------------------------- API


def validate_files(
    paths: Sequence[Path | str], store: Store, *, engine: Engine = "auto"
) -> ValidationReport:
    """Validate record files (YAML) and RDF files (Turtle, N-Triples, JSON-LD) against the
    graph in ``store`` they would join. Only the new records' nodes are checked.

    Never raises for bad input: unusable files come back as findings of severity
    ``unusable`` (exit code 2).
    """
    started = time.perf_counter()
    chosen = resolve_engine(engine)
    batch, errors = load_batch(paths, store)
    if errors:
        return ValidationReport(
            files=batch.files,
            findings=[unusable_finding(error) for error in errors],
            seconds=time.perf_counter() - started,
        )
    report = validate_batch(batch, store, engine=chosen)
    report.seconds = time.perf_counter() - started
    return report


def focus_nodes(batch: Batch) -> list[str]:
    """The nodes the batch describes: subjects it gives a type or a record key."""
    marks = (RDF_TYPE, _RECORD_KEY)
    return sorted(
        {
            quad.subject.value
            for quad in batch.quads
            if quad.predicate in marks
            and isinstance(quad.subject, ox.NamedNode)
            and not quad.subject.value.startswith(GRAPH_IRI)
        }
    )


def validate_batch(
    batch: Batch, store: Store, *, engine: Literal["pyshacl", "turbo"]
) -> ValidationReport:
    """Validate converted records: new quads + stored context + ontology → SHACL."""
    new_triples = {ox.Triple(q.subject, q.predicate, q.object) for q in batch.quads}
    context = fetch_context(store, batch)
    focus = focus_nodes(batch)
    data = (
        ox.serialize(sorted(new_triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        + ox.serialize(context, format=ox.RdfFormat.N_TRIPLES)
        + _ontology_ntriples()
    )
    report = ValidationReport(
        files=batch.files,
        findings=[],
        engine=engine,
        focus_nodes=len(focus),
        data_triples=len(new_triples) + len(context),
        graphs=batch.graphs,
    )
    if not focus:
        return report
    focus_set = set(focus)
    values = {
        triple.object.value
        for triple in new_triples
        if isinstance(triple.object, ox.NamedNode) and triple.subject.value in focus_set
    }
    graph = run_engine(engine, data, focus, values)
    report.report_graph = graph
    report.findings = _ordered(findings_from_report(graph, batch, focus_set), batch.files)
    return report


def _ordered(findings: Iterable[Finding], files: Sequence[str]) -> list[Finding]:
    order = {name: position for position, name in enumerate(files)}
    severity_order = {severity: position for position, severity in enumerate(Severity)}
    # One finding per thing the user sees; when two results look alike (a source's title is
    # both its dv:title and its label), keep the same one whatever order the engine used.
    unique: dict[tuple[Any, ...], Finding] = {}
    for finding in sorted(findings, key=lambda f: tuple(str(v) for v in asdict(f).values())):
        key = (
            finding.file,
            finding.record,
            finding.field,
            finding.severity,
            finding.message_vi,
            finding.message_en,
            finding.value,
        )
        unique.setdefault(key, finding)
    return sorted(
        unique.values(),
        key=lambda f: (
            order.get(f.file or "", len(order)),
            _record_order(f.record),
            f.field or "",
            severity_order[f.severity],
            f.message_en,
            f.value or "",
        ),
    )


def _record_order(record: str | None) -> tuple[int, str, int, str]:
    # "source" first, then sections in file order ("documents[2] (key)" by number).
    if not record:
        return (0, "", 0, "")
    match = re.match(r"^(\w+)\[(\d+)\]", record)
    if not match:
        return (0 if record == "source" else 2, record, 0, record)
    return (1, match.group(1), int(match.group(2)), record)


def add_files(
    paths: Sequence[Path | str],
    store: Store,
    *,
    accept_warnings: bool = False,
    engine: Engine = "auto",
) -> AddReport:
    """Validate, then write every source graph of the files in one transaction.

    Nothing is written if any input is unusable, any record violates a shape, or (unless
    ``accept_warnings``) any warning remains. Each source's named graph is replaced, so
    adding the same file twice leaves one copy.
    """
    from danvan_kg.build import materialise

    validation = validate_files(paths, store, engine=engine)
    blocked = not validation.conforms or (
        validation.count(Severity.WARNING) and not accept_warnings
    )
    if blocked or not validation.graphs:
        return AddReport(validation)
    store.replace_graphs(validation.graphs)
    # The lineage closure is derived data; recomputing it is its own transaction, and a
    # failure there leaves the records written and the old closure in place.
    materialise(store)
    store.flush()
    return AddReport(validation, {graph: len(quads) for graph, quads in validation.graphs.items()})


# --------------------------------------------------------------------------- rendering


_TEXT = {
    "vi": {
        "record": "(cả bản ghi)",
        "valid": "Hợp lệ",
        "invalid": "KHÔNG hợp lệ",
        "unusable": "Không dùng được: sửa tệp rồi kiểm tra lại",
        "summary": "{files} tệp, {focus} nút được kiểm tra: {violation} lỗi, {warning} cảnh báo,"
        " {info} lưu ý, {unusable} không dùng được",
        "written": "Đã ghi {quads} bộ bốn vào {graphs} đồ thị nguồn.",
        "nothing": "Không ghi gì vào đồ thị.",
        "warnings": "Còn cảnh báo: thêm --accept-warnings để vẫn ghi.",
        "no_file": "(không rõ tệp)",
    },
    "en": {
        "record": "(whole record)",
        "valid": "Valid",
        "invalid": "NOT valid",
        "unusable": "Unusable input: fix the file and validate again",
        "summary": "{files} files, {focus} nodes checked: {violation} violations,"
        " {warning} warnings, {info} info, {unusable} unusable",
        "written": "Wrote {quads} quads into {graphs} source graphs.",
        "nothing": "Nothing was written.",
        "warnings": "Warnings remain: add --accept-warnings to write anyway.",
        "no_file": "(no file)",
    },
}


def render_text(report: ValidationReport, language: Language = "vi") -> str:
    """Findings grouped by file, record and field, in Vietnamese or English."""
    words = _TEXT[language]
    lines: list[str] = []
    current_file: str | None = None
    current_record: str | None = None
    for finding in report.findings:
        file = finding.file or words["no_file"]
        if file != current_file:
            lines.append(file)
            current_file, current_record = file, None
        record = finding.record or words["record"]
        if record != current_record:
            lines.append(f"  {record}")
            current_record = record
        where = finding.field or words["record"]
        lines.append(
            f"    {where}: [{finding.severity.label(language)}] {finding.message(language)}"
        )
    counts = {severity.value: report.count(severity) for severity in Severity}
    verdict = (
        words["unusable"]
        if report.unusable
        else words["valid"]
        if report.conforms
        else words["invalid"]
    )
    summary = words["summary"].format(files=len(report.files), focus=report.focus_nodes, **counts)
    lines.append(f"{verdict} — {summary}.")
    return "\n".join(lines) + "\n"


def render_json(report: ValidationReport) -> str:
    """The report as JSON: verdict, counts and every finding (both languages)."""
    return (
        json.dumps(
            {
                "conforms": report.conforms,
                "exit_code": report.exit_code,
                "engine": report.engine,
                "files": report.files,
                "focus_nodes": report.focus_nodes,
                "counts": {severity.value: report.count(severity) for severity in Severity},
                "results": [finding.as_dict() for finding in report.findings],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def render_turtle(report: ValidationReport) -> str:
    """The SHACL validation report itself, in Turtle (empty report for unusable input:
    the records never became RDF, so there is nothing for SHACL to say)."""
    graph = report.report_graph
    if graph is None:
        graph = rdflib.Graph()
        node = rdflib.BNode()
        graph.add((node, rdflib.RDF.type, SH.ValidationReport))
        graph.add((node, SH.conforms, rdflib.Literal(report.conforms)))
    graph.bind("sh", SH)
    for prefix in ("dv", "dvi", "dvv", "xsd", "rdfs", "skos", "org"):
        graph.bind(prefix, PREFIXES[prefix])
    return graph.serialize(format="turtle")


def render(report: ValidationReport, output: str = "text", language: Language = "vi") -> str:
    if output == "json":
        return render_json(report)
    if output == "turtle":
        return render_turtle(report)
    return render_text(report, language)


def render_add_json(result: AddReport) -> str:
    """The outcome of ``danvan add --format json``: what was written, and the validation."""
    validation = json.loads(render_json(result.validation))
    return (
        json.dumps(
            {
                "added": result.added,
                "exit_code": result.exit_code,
                "written": result.written,
                "validation": validation,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def render_add(result: AddReport, language: Language = "vi") -> str:
    """The outcome of ``danvan add`` after the validation report."""
    words = _TEXT[language]
    if result.added:
        return (
            words["written"].format(quads=sum(result.written.values()), graphs=len(result.written))
            + "\n"
        )
    lines = [words["nothing"]]
    validation = result.validation
    if validation.conforms and validation.count(Severity.WARNING):
        lines.append(words["warnings"])
    return "\n".join(lines) + "\n"
