"""Named SPARQL queries: the catalogue in ``queries/``, their headers, typed parameters.

A query file runs as-is in any SPARQL tool; its header is written as comments::

    #+ title:
    #+   en: Conferences that reviewed a directive
    #+   vi: Các hội nghị sơ kết, tổng kết một văn bản
    #+ description: …
    #+ questions: [2]
    #+ params:
    #+   directive: {type: document, default: ct-19-tu-ha-nam-2013, description: …}

Parameters are bound as RDF terms, serialised by pyoxigraph and written where the
variable stands (:func:`danvan_kg.stores.bind_values`), never formatted into the query
text as raw values, so a value like ``"} ; DROP ALL ; #`` is only a string that matches
nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from danvan_kg.errors import DanvanError, QueryError
from danvan_kg.lookup import (
    TARGET_KINDS,
    THING_KINDS,
    expand,
    resolve,
)
from danvan_kg.lookup import AmbiguousIdentifierError as AmbiguousIdentifierError  # was here
from danvan_kg.messages import Language, render
from danvan_kg.resources import resource_files, resource_path
from danvan_kg.stores import Store, Table, Term
from danvan_kg.text import normalise
from danvan_kg.vocab import PREFIXES, VOCAB_IRI, compact_iri

SYSTEM_FOLDER = "system"
HEADER_LINE = re.compile(r"^#\+ ?(.*)$")
XSD = PREFIXES["xsd"]

# Parameter type → how a command-line value becomes an RDF term.
ENTITY_TYPES = {
    "document": "document",
    "initiative": "initiative",
    "org": "org",
    "person": "person",
    "event": "event",
    "model": "model",
    "award": "award",
    "figure": "figure",
}
CONCEPT_TYPES = {
    "level": "level",
    "field": "field",
    "measure": "measure",
    "reviewkind": "reviewkind",
}
PARAM_TYPES = {
    *ENTITY_TYPES,
    *CONCEPT_TYPES,
    "iri",
    "string",
    "integer",
    "date",
    "target",
    "thing",
    "province",
    "counting",
}

# What counts as activity under a target in the coverage queries (their header defines
# each relation). Citing is left out by default: a công văn that names a directive among
# its grounds is not work done under it.
COVERAGE_RELATIONS = ("reviews", "carries-out", "concerns", "awards", "cites")
DEFAULT_COUNTING = ("reviews", "carries-out", "concerns", "awards")


class ParameterError(QueryError):
    """A parameter value that another part of danvan refused (``cause``): which
    parameter, then why, both in the reader's language."""

    def __init__(self, code: str, /, *, cause: DanvanError, **params: Any) -> None:
        self.cause = cause
        super().__init__(code, **params)

    def message(self, language: Language = "en") -> str:
        return render(self.code, {**self.params, "detail": self.cause.message(language)}, language)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any = None
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file with its parsed header."""

    name: str
    path: Path
    text: str
    title: dict[str, str]
    description: str
    questions: tuple[int, ...] = ()
    params: tuple[Parameter, ...] = field(default_factory=tuple)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.params:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError("query.param-unknown", query=self.name, param=name, known=known)


def parse_query_file(path: Path, name: str | None = None, *, ad_hoc: bool = False) -> NamedQuery:
    """Read a ``.rq`` file and its ``#+`` header, strictly.

    ``ad_hoc``: a file a user runs by path may have no header at all (it then has no
    parameters and its file name as title); a header it does have is read as strictly.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError("query.file-unreadable", path=str(path), detail=str(error)) from error
    header_lines = []
    for line in text.splitlines():
        match = HEADER_LINE.match(line)
        if match:
            header_lines.append(match.group(1))
        elif line.strip() and not line.startswith("#"):
            break
    name = name or path.stem
    if ad_hoc and not header_lines:
        return NamedQuery(name=name, path=path, text=text, title={"en": name}, description="")
    try:
        header = yaml.safe_load("\n".join(header_lines)) if header_lines else None
    except yaml.YAMLError as error:
        raise QueryError("query.header-malformed", path=str(path), detail=str(error)) from error
    if not isinstance(header, dict):
        raise QueryError("query.header-missing", path=str(path))
    unknown = set(header) - {"title", "description", "questions", "params"}
    if unknown:
        raise QueryError("query.header-field-unknown", path=str(path), name=sorted(unknown)[0])
    title = header.get("title")
    if isinstance(title, str):
        title = {"en": title}
    if not isinstance(title, dict) or not title.get("en") or not header.get("description"):
        raise QueryError("query.header-incomplete", path=str(path))
    params = []
    for param_name, spec in (header.get("params") or {}).items():
        spec = spec or {}
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
            raise QueryError(
                "query.param-type-missing",
                path=str(path),
                param=param_name,
                types=", ".join(sorted(PARAM_TYPES)),
            )
        if f"?{param_name}" not in text and f"${param_name}" not in text:
            raise QueryError("query.param-unused", path=str(path), param=param_name)
        params.append(
            Parameter(
                name=param_name,
                type=spec["type"],
                default=spec.get("default"),
                description=str(spec.get("description", "")),
                required=bool(spec.get("required", spec.get("default") is None)),
            )
        )
    questions = header.get("questions") or []
    questions = [questions] if isinstance(questions, int) else questions
    return NamedQuery(
        name=name,
        path=path,
        text=text,
        title={str(k): normalise(str(v)) for k, v in title.items()},
        description=normalise(str(header["description"])),
        questions=tuple(int(q) for q in questions),
        params=tuple(params),
    )


@cache
def catalogue() -> dict[str, NamedQuery]:
    """The named queries shipped in ``queries/`` (without the internal ``system/`` ones)."""
    root = resource_path("queries")
    found = {}
    for path in resource_files("queries", ".rq"):
        relative = path.relative_to(root)
        if relative.parts[0] == SYSTEM_FOLDER:
            continue
        found[path.stem] = parse_query_file(path)
    return found


@cache
def system_query(name: str) -> NamedQuery:
    """An internal query (``queries/system/NAME.rq``) the package itself runs, read once a
    process as the catalogue is (parsing a header's YAML is ~15 ms)."""
    return parse_query_file(resource_path("queries", SYSTEM_FOLDER, f"{name}.rq"))


def get_query(name_or_path: str) -> NamedQuery:
    """A catalogue query by name, or any ``.rq`` file by path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        path = Path(name_or_path)
        if not path.exists():
            raise QueryError("query.file-missing", path=name_or_path)
        return parse_query_file(path, ad_hoc=True)
    queries = catalogue()
    if name_or_path not in queries:
        raise QueryError("query.unknown", name=name_or_path, known=", ".join(sorted(queries)))
    return queries[name_or_path]


# --------------------------------------------------------------------------- parameters


def bind(query: NamedQuery, store: Store, values: Mapping[str, str]) -> dict[str, Term]:
    """Turn ``name=value`` strings into typed RDF terms, defaults filled in."""
    for name in values:
        query.parameter(name)
    bindings: dict[str, Term] = {}
    for parameter in query.params:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            if parameter.required:
                raise QueryError("query.param-required", query=query.name, param=parameter.name)
            continue
        bindings[parameter.name] = to_term(parameter, str(raw), store)
    return bindings


def to_term(parameter: Parameter, raw: str, store: Store) -> Term:
    kind = parameter.type
    if kind in ENTITY_TYPES:
        return resolve(store, raw, (ENTITY_TYPES[kind],))
    if kind in ("target", "thing"):
        return resolve(store, raw, TARGET_KINDS if kind == "target" else THING_KINDS)
    if kind == "province":
        return resolve_province(parameter, raw)
    if kind == "counting":
        # one string of the names, in a fixed order: the queries test each relation with
        # CONTAINS on it (a list of terms cannot be bound to one variable portably)
        return ox.Literal(",".join(parse_counting(raw)))
    if kind in CONCEPT_TYPES:
        if not re.fullmatch(r"[A-Za-z0-9-]+", raw):
            raise QueryError("query.param-not-code", param=parameter.name, value=raw, kind=kind)
        return ox.NamedNode(f"{VOCAB_IRI}{CONCEPT_TYPES[kind]}/{raw}")
    if kind == "iri":
        if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", raw, re.IGNORECASE):
            raise QueryError("query.param-not-iri", param=parameter.name, value=raw)
        return ox.NamedNode(raw)
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", raw.strip()):
            raise QueryError("query.param-not-integer", param=parameter.name, value=raw)
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            raise QueryError("query.param-not-date", param=parameter.name, value=raw)
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(normalise(raw))


def parse_counting(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The coverage relations named in ``value``, in :data:`COVERAGE_RELATIONS` order.

    ``value`` is a comma-separated string or a list of names (each may itself hold
    commas); ``all`` stands for every relation, ``default`` (or None) for
    :data:`DEFAULT_COUNTING`.

    >>> parse_counting("awards, reviews")
    ('reviews', 'awards')
    >>> parse_counting(["all"])
    ('reviews', 'carries-out', 'concerns', 'awards', 'cites')
    """
    if value is None:
        return DEFAULT_COUNTING
    items = [value] if isinstance(value, str) else list(value)
    names = {name.strip().lower() for item in items for name in item.split(",") if name.strip()}
    if not names:
        raise QueryError("query.counting-empty", known=", ".join(COVERAGE_RELATIONS))
    if "all" in names:
        names.discard("all")
        names.update(COVERAGE_RELATIONS)
    if "default" in names:
        names.discard("default")
        names.update(DEFAULT_COUNTING)
    unknown = sorted(names - set(COVERAGE_RELATIONS))
    if unknown:
        raise QueryError(
            "query.counting-unknown",
            relation=", ".join(unknown),
            known=", ".join(COVERAGE_RELATIONS),
        )
    return tuple(name for name in COVERAGE_RELATIONS if name in names)


def resolve_province(parameter: Parameter, raw: str) -> ox.NamedNode:
    """An old-map province by name ("Hà Nam", "Ha Nam"), GSO code ("35") or IRI (or
    prefixed name, ``dvi:unit/old/province/35``)."""
    from danvan_kg.gazetteer import Gazetteer, UnitNotFound, unit_iri

    text = normalise(raw).strip()
    iri = expand(text)
    if iri is not None:
        return ox.NamedNode(iri)
    if re.fullmatch(r"\d{1,2}", text):
        return ox.NamedNode(unit_iri("old", "province", text.zfill(2)))
    try:
        return ox.NamedNode(Gazetteer.load().resolve(text, "province").iri)
    except UnitNotFound as error:
        raise ParameterError(
            "query.param-province", param=parameter.name, detail=str(error), cause=error
        ) from error


def run(query: NamedQuery, store: Store, values: Mapping[str, str] | None = None) -> Table:
    """Run a named SELECT query with its parameters bound."""
    return store.select(query.text, bind(query, store, values or {}))


# --------------------------------------------------------------------------- output

OUTPUT_FORMATS = ("table", "csv", "json", "md")


# Result tables shorten only the project's own IRIs and a few well-known ones.
TABLE_PREFIXES = ("dvi", "dvv", "dv", "dvg", "org", "skos", "xsd")


def compact(term: Term | None) -> str:
    """An RDF term as people read it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, TABLE_PREFIXES)
    return term.value


def format_table(table: Table, output: str = "table") -> str:
    """Render a result table as an aligned text table, CSV, JSON or Markdown."""
    rows = [[compact(term) for term in row] for row in table.rows]
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(rows)
        return buffer.getvalue()
    if output == "json":
        return (
            json.dumps(
                [dict(zip(table.columns, row, strict=True)) for row in rows],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    if output == "md":
        escape = lambda cell: cell.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
        lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if output != "table":
        raise QueryError("query.output-unknown", output=output, known=", ".join(OUTPUT_FORMATS))
    widths = [
        max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(table.columns)
    ]
    widths = [min(width, 60) for width in widths]
    clip = lambda cell, width: cell if len(cell) <= width else cell[: width - 1] + "…"  # noqa: E731
    lines = [
        "  ".join(column.ljust(width) for column, width in zip(table.columns, widths, strict=True))
    ]
    lines.append("  ".join("-" * width for width in widths))
    lines += [
        "  ".join(clip(cell, width).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def catalogue_table() -> Table:
    """The catalogue as a table: name, questions answered, titles, parameters."""
    rows = []
    for query in sorted(catalogue().values(), key=lambda q: (q.questions or (99,), q.name)):
        params = ", ".join(
            f"{p.name}:{p.type}" + (f"={p.default}" if p.default is not None else "")
            for p in query.params
        )
        rows.append(
            tuple(
                ox.Literal(value)
                for value in (
                    query.name,
                    ",".join(str(q) for q in query.questions),
                    query.title.get("en", ""),
                    query.title.get("vi", ""),
                    params,
                )
            )
        )
    return Table(("name", "questions", "title", "title_vi", "parameters"), tuple(rows))


def graph_statistics(store: Store) -> tuple[Table, Table]:
    """Things per class and statements per named graph."""
    return (
        store.select(system_query("stats-classes").text, union=False),
        store.select(system_query("stats-graphs").text, union=False),
    )
