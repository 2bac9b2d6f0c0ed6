"""What validation finds: severities, findings located in the records, the reports.

>>> [severity.value for severity in Severity]
['unusable', 'violation', 'warning', 'info']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from danvan_kg.messages import Language


class Severity(StrEnum):
    """How bad a finding is, worst first. ``unusable`` is not SHACL: the input could not
    even be turned into RDF (the records package refused it)."""

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
SHACL_SEVERITY = {
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
    # The message's code: a catalogue code (record.…) for unusable input, else the
    # shape's (shape.{NodeShape}.{path}.{constraint}).
    code: str | None = None

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
    # What makes the SHACL report graph when first asked for (report_graph): decoding
    # turbo's report is a sixth of a validation that only --format turtle shows (EngineRun).
    report_source: Callable[[], rdflib.Graph] | None = field(default=None, repr=False)
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict, repr=False)
    # Graph IRI → (the file that makes it, its source key).
    sources: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    # Stored source graphs rewritten because the new records rename a node they mention.
    renamed_graphs: dict[str, list[ox.Quad]] = field(default_factory=dict, repr=False)

    @property
    def report_graph(self) -> rdflib.Graph | None:
        """The SHACL report graph, None when no engine ran."""
        return None if self.report_source is None else self.report_source()

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
