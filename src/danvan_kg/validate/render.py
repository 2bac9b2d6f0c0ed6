"""Reports for people and programs: text by file, record and field (vi or en), JSON,
and the SHACL report itself in Turtle."""

from __future__ import annotations

import json

import rdflib
from rdflib.namespace import SH

from danvan_kg.messages import Language
from danvan_kg.validate.report import AddReport, Severity, ValidationReport
from danvan_kg.vocab import PREFIXES

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
