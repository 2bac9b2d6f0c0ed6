"""Findings: SHACL results and unusable input, located in the user's terms.

A SHACL result names a focus node and a path; the converter said which record made the
node (:class:`~danvan_kg.records.Location`), and the schema table says which field a
predicate comes from (:func:`~danvan_kg.records.schema.field_for`). Messages are the
shapes' own, in Vietnamese and English; each finding carries a code naming its shape.
An unusable input's message is its error's, by code, in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from functools import cache, lru_cache
from typing import Any

import rdflib
from rdflib.namespace import SH

from danvan_kg.errors import RecordError
from danvan_kg.records import Location
from danvan_kg.records.schema import field_for
from danvan_kg.validate.batch import Batch
from danvan_kg.validate.engines import ResultStatements, shapes_graph
from danvan_kg.validate.report import SHACL_SEVERITY, Finding, Severity
from danvan_kg.vocab import compact_iri


def _field_name(
    path: str, value: rdflib.term.Node | None, location: Location, kinds: Mapping[str, str]
) -> str:
    """The record field a result's path comes from, in the section that made the node."""
    curie = compact_iri(path)
    if location.rdf:
        return curie
    language = value.language if isinstance(value, rdflib.Literal) else None
    refers_to = kinds.get(str(value)) if isinstance(value, rdflib.URIRef) else None
    return field_for(location.section, curie, language=language, refers_to=refers_to) or curie


def _local(node: rdflib.term.Node) -> str:
    return re.split(r"[#/]", str(node))[-1]


@cache
def _shape_messages() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(pattern, language, code) for every message in the shapes.

    The code names the shape the message belongs to: ``shape.EventIriShape``, or for an
    unnamed property shape its node shape and path, ``shape.EventShape.eventKind``. The
    pattern matches the message with its ``{?var}`` filled in: both engines drop the
    language tag of SPARQL-constraint messages (they fill in templates and return plain
    strings), so the message's language is told by which template it matches.
    """
    graph = shapes_graph()
    parents = {
        child: parent
        for link in (SH.property, SH.sparql)
        for parent, child in graph.subject_objects(link)
    }

    def name(node: rdflib.term.Node) -> str:
        if isinstance(node, rdflib.URIRef) or node not in parents:
            return _local(node)
        path = graph.value(node, SH.path)
        inner = _local(path) if isinstance(path, rdflib.URIRef) else "sparql"
        return f"{name(parents[node])}.{inner}"

    messages = [
        (shape, message)
        for shape, message in graph.subject_objects(SH.message)
        if isinstance(message, rdflib.Literal) and message.language
    ]
    english = {shape: str(message) for shape, message in messages if message.language == "en"}
    # Two property shapes on one path (a class check and a warning) get one name: number
    # the later ones, ordered by their English message (not by how the graph was parsed).
    sharing: dict[str, list[rdflib.term.Node]] = {}
    for shape in sorted({shape for shape, _ in messages}, key=lambda s: english.get(s, "")):
        sharing.setdefault(f"shape.{name(shape)}", []).append(shape)
    codes = {
        shape: code if number == 1 else f"{code}-{number}"
        for code, shapes in sharing.items()
        for number, shape in enumerate(shapes, start=1)
    }
    templates = []
    for shape, message in messages:
        # re.escape turns "{?var}" into "\{\?var\}"; each becomes a lazy group.
        pattern = re.sub(r"\\\{\\[?$][A-Za-z_][A-Za-z0-9_]*\\\}", "(.*?)", re.escape(str(message)))
        templates.append((re.compile(f"^{pattern}$", re.DOTALL), message.language, codes[shape]))
    return tuple(templates)


@lru_cache(maxsize=4096)
def _template(text: str, language: str | None) -> tuple[str, str] | None:
    """(language, code) of the first shape message ``text`` matches, in ``language``
    when it has one. Kept per text: the shapes are read once a process, so the answer
    never changes, and the same messages come back in every validation (trying every
    template on each was half the time spent reading a report)."""
    return next(
        (
            (lang, shape_code)
            for pattern, lang, shape_code in _shape_messages()
            if (language is None or lang == language) and pattern.match(text)
        ),
        None,
    )


def _messages(literals: Iterable[rdflib.term.Node]) -> tuple[dict[str, str], str | None]:
    """A result's messages by language, and the code of the shape they come from."""
    found: dict[str, str] = {}
    code = None
    for literal in sorted(literals, key=str):
        text = str(literal)
        language = literal.language if isinstance(literal, rdflib.Literal) else None
        match = _template(text, language)
        if match is not None:
            language = language or match[0]
            code = code or match[1]
        found.setdefault(language or "en", text)
    return found, code


def findings_from_report(
    report: rdflib.Graph | ResultStatements,
    batch: Batch,
    focus: set[str],
    kinds: Mapping[str, str],
) -> list[Finding]:
    """Turn a SHACL report graph (or its results' statements) into findings located in
    the new records; ``kinds`` gives the record kind (from its ``rdf:type``) of the
    nodes the data names."""
    findings = []
    for result in report.objects(None, SH.result):
        focus_node = report.value(result, SH.focusNode)
        if focus_node is None or str(focus_node) not in focus:
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        messages, code = _messages(report.objects(result, SH.resultMessage))
        severity = SHACL_SEVERITY.get(
            str(report.value(result, SH.resultSeverity)), Severity.VIOLATION
        )
        location = _locate(str(focus_node), batch)
        field_name = (
            _field_name(str(path), value, location, kinds)
            if isinstance(path, rdflib.URIRef)
            else None
        )
        if location.prefix:
            field_name = f"{location.prefix}.{field_name}" if field_name else location.prefix
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        findings.append(
            Finding(
                severity=severity,
                # Every shape speaks both languages; a message that matches no template
                # (a shape without its @vi) shows in English in both rather than nothing.
                message_vi=messages.get("vi") or messages.get("en", ""),
                message_en=messages.get("en") or messages.get("vi", ""),
                file=location.file,
                record=location.record,
                field=field_name,
                focus=str(focus_node),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                value=None if value is None else str(value),
                shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
                component=compact_iri(str(component)) if component is not None else None,
                code=code,
            )
        )
    return findings


def _locate(focus: str, batch: Batch) -> Location:
    if focus in batch.locations:
        return batch.locations[focus]
    return Location(batch.files[0] if len(batch.files) == 1 else "", focus)


def unusable_finding(error: RecordError) -> Finding:
    """A file the records package refused, in both languages, by the error's code."""
    return Finding(
        severity=Severity.UNUSABLE,
        message_vi=error.bare("vi"),
        message_en=error.bare("en"),
        file=error.file,
        record=error.record,
        field=error.field,
        code=error.code,
    )


def ordered(findings: Iterable[Finding], files: Sequence[str]) -> list[Finding]:
    """One finding per thing the user sees, by file, record (in file order) and field."""
    order = {name: position for position, name in enumerate(files)}
    severity_order = {severity: position for position, severity in enumerate(Severity)}
    # When two results look alike (a source's title is both its dv:title and its label),
    # keep the same one whatever order the engine used.
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
