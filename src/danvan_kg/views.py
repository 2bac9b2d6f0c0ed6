"""Convenience views built on the query catalogue: a directive's lineage tree and coverage.

Both are plain Python objects a notebook can use directly, and the ``danvan lineage`` and
``danvan coverage`` commands print them::

    >>> tree = lineage(store, "05-CT/TW")                        # doctest: +SKIP
    >>> print(tree.render())                                     # doctest: +SKIP
    >>> table = coverage(store, "ct-19-tu-ha-nam-2013", period=(2013, 2023))  # doctest: +SKIP
    >>> table.totals.covered, table.totals.total                 # doctest: +SKIP
    (1, 6)

Every fact comes from a named query (``queries/*.rq``, and the internal
``queries/system/coverage-activities.rq``) run through :func:`danvan_kg.queries.run`;
there is no SPARQL in this module. A directive is named by its record key
(``ct-19-tu-ha-nam-2013``), its identifier (``19-CT/TU``; an identifier that names more
than one document is an error listing their keys) or its IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import QueryError
from danvan_kg.queries import (
    AmbiguousIdentifierError,
    format_table,
    get_query,
    resolve_entity,
    run,
    system_query,
)
from danvan_kg.store import Store, Table

LANGUAGES = ("vi", "en")
LEVELS = ("district", "province")
MAPS = ("old", "new")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DV_TITLE = "https://w3id.org/danvan/ontology#title"

# Words of the rendered views, Vietnamese first.
RELATION_WORDS = {
    "carriesOut": ("thực hiện", "carries out"),
    "basedOn": ("căn cứ", "based on"),
    "continues": ("tiếp tục", "continues"),
    "amends": ("sửa đổi", "amends"),
    "replaces": ("thay thế", "replaces"),
    "cites": ("dẫn chiếu", "cites"),
}
LEVEL_WORDS = {
    "central": ("trung ương", "central"),
    "province": ("tỉnh", "province"),
    "district": ("huyện", "district"),
    "commune": ("xã", "commune"),
    "village": ("thôn", "village"),
}
REVIEW_WORDS = {
    "final-review": ("tổng kết", "final review"),
    "interim-review": ("sơ kết", "interim review"),
    "assessment": ("khảo sát, đánh giá", "assessment"),
}
AWARD_WORDS = {
    "certificate-of-merit": ("Giấy khen", "certificate of merit"),
    "commendation": ("Bằng khen", "commendation"),
    "reward": ("khen thưởng", "reward"),
    "praise": ("tuyên dương", "praise"),
    "recognition": ("công nhận", "recognition"),
}
WORDS = {
    "rests_on": ("Căn cứ, văn bản cấp trên", "Rests on"),
    "nothing_above": (
        "(không có văn bản cấp trên trong đồ thị)",
        "(no higher document in the graph)",
    ),
    "below": ("Văn bản thực hiện và hoạt động", "Carried out by, and activity"),
    "nothing_below": ("(chưa có văn bản hay hoạt động nào)", "(no documents or activity recorded)"),
    "issuer": ("cơ quan ban hành", "issued by"),
    "depth": ("cấp", "level"),
    "conference": ("Hội nghị", "Conference"),
    "model": ("Mô hình", "Model"),
    "award": ("Khen thưởng", "Award"),
    "period": ("giai đoạn", "period"),
    "collectives": ("tập thể", "collectives"),
    "individuals": ("cá nhân", "individuals"),
    "models": ("mô hình", "models"),
    "decision": ("quyết định", "decision"),
    "at": ("tại", "at"),
    "reported": ("báo cáo", "reported"),
    "coverage": ("Độ bao phủ", "Coverage"),
    "all_years": ("mọi năm", "all years"),
    "old_map": ("bản đồ trước 1/7/2025", "map before 1 July 2025"),
    "new_map": (
        "bản đồ từ 1/7/2025 (các huyện cũ gộp vào tỉnh mới)",
        "map from 1 July 2025 (old districts rolled up into the new provinces)",
    ),
    "level": ("cấp", "level"),
    "in": ("trong", "in"),
    "yes": ("có", "yes"),
    "no": ("chưa", "no"),
}
COVERAGE_HEADINGS = {
    "code": ("Mã", "Code"),
    "name": ("Đơn vị", "Unit"),
    "parent": ("Thuộc", "Within"),
    "covered": ("Có hoạt động", "Covered"),
    "events": ("Hội nghị", "Events"),
    "documents": ("Văn bản", "Documents"),
    "first": ("Đầu tiên", "First"),
    "last": ("Gần nhất", "Last"),
    "districts": ("Huyện cũ có hoạt động", "Old districts covered"),
}


def _word(table: Mapping[str, tuple[str, str]], code: str | None, language: str) -> str:
    if not code:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[0] if language == "vi" else pair[1]


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise QueryError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")


def _tail(value: str | None) -> str | None:
    """The last part of an IRI: ``…/level/district`` → ``district``, ``…#amends`` → ``amends``."""
    if value is None:
        return None
    return re.split(r"[/#]", value)[-1]


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split("; ") if part]


# =========================================================================== lineage


@dataclass
class Conference:
    """An event that reviewed a document of the lineage (reviews-of-directive)."""

    key: str
    date: str | None
    place: str | None
    organiser: str | None
    review_kind: str | None
    period_start: str | None
    period_end: str | None
    reviewed_key: str
    figures: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)


@dataclass
class Model:
    """A model reported at a review of a document of the lineage (models-under)."""

    key: str
    name: str | None
    owner: str | None
    place: str | None
    field: str | None
    recognition_level: str | None
    recognised_in: str | None


@dataclass
class Award:
    """An award given for a document of the lineage (awards-for)."""

    key: str
    for_key: str
    form: str | None
    giver: str | None
    decision: str | None
    collectives: int | None
    individuals: int | None
    models: int | None
    period_start: str | None
    period_end: str | None
    event_key: str | None


@dataclass
class LineageNode:
    """A document in the tree: the root (depth 0) or one carrying it out, at any depth.

    ``relation`` is the link from this document up to ``parent_key`` (``carriesOut``,
    ``basedOn``, ``continues``, ``amends``, ``replaces``, ``cites``); a document reached
    along two paths appears under both parents.
    """

    key: str
    identifier: str | None = None
    issuer: str | None = None
    issuer_level: str | None = None
    date: str | None = None
    relation: str | None = None
    parent_key: str | None = None
    depth: int = 0
    label: str | None = None
    title: str | None = None
    iri: str | None = None
    conferences: list[Conference] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    children: list[LineageNode] = field(default_factory=list)

    def walk(self) -> Iterator[LineageNode]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self, *, children: bool = True) -> dict[str, Any]:
        data = {
            name: value
            for name, value in asdict(self).items()
            if name not in ("children", "conferences", "models", "awards")
        }
        data["conferences"] = [asdict(item) for item in self.conferences]
        data["models"] = [asdict(item) for item in self.models]
        data["awards"] = [asdict(item) for item in self.awards]
        if children:
            data["children"] = [child.to_dict() for child in self.children]
        return data


@dataclass
class Ancestor:
    """A document the root rests on: ``child_key`` → this one by ``relation``.

    ``depth`` is 1 for what the root itself carries out (or is based on, continues …),
    2 for what that rests on, and so on up to the central (/TW) documents.
    """

    key: str
    identifier: str | None
    issuer: str | None
    issuer_level: str | None
    date: str | None
    relation: str | None
    child_key: str
    depth: int
    central: bool = False


@dataclass
class LineageTree:
    """The lineage of a directive: what it rests on, and the tree below it."""

    root: LineageNode
    ancestors: list[Ancestor] = field(default_factory=list)

    @property
    def descendants(self) -> list[LineageNode]:
        """The documents directly below the root, each with its own subtree."""
        return self.root.children

    def walk(self) -> Iterator[LineageNode]:
        """Every node of the tree below and including the root, depth first."""
        return self.root.walk()

    def find(self, key: str) -> list[LineageNode]:
        """Every place in the tree where the document ``key`` appears."""
        return [node for node in self.walk() if node.key == key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root.to_dict(children=False),
            "ancestors": [asdict(ancestor) for ancestor in self.ancestors],
            "descendants": [child.to_dict() for child in self.descendants],
        }

    # ------------------------------------------------------------------ rendering

    def render(self, language: str = "vi") -> str:
        """The tree as indented text with box-drawing characters."""
        _check_language(language)
        w = lambda name: _word(WORDS, name, language)  # noqa: E731
        root = self.root
        lines = [_document_line(root, language, with_relation=False)]
        if root.title:
            lines.append(f"  {root.title}")
        lines.append("")
        lines.append(f"{w('rests_on')}:")
        if not self.ancestors:
            lines.append(f"  {w('nothing_above')}")
        for ancestor in self.ancestors:
            relation = _word(RELATION_WORDS, ancestor.relation, language)
            lines.append(
                f"  {'  ' * (ancestor.depth - 1)}↑ {ancestor.child_key} [{relation}] "
                + _describe(
                    ancestor.identifier,
                    ancestor.key,
                    ancestor.issuer,
                    ancestor.issuer_level,
                    ancestor.date,
                    language,
                )
            )
        lines.append("")
        lines.append(f"{w('below')}:")
        lines.append(
            f"{root.label or root.identifier or root.key} ({root.key})"
            if root.label or root.identifier
            else root.key
        )
        items = _node_items(root, language)
        if not items:
            lines.append(f"  {w('nothing_below')}")
        lines.extend(_draw(items, ""))
        return "\n".join(lines) + "\n"


def _describe(
    identifier: str | None,
    key: str,
    issuer: str | None,
    level: str | None,
    date: str | None,
    language: str,
) -> str:
    name = f"{identifier} ({key})" if identifier else key
    details = [part for part in (issuer, _word(LEVEL_WORDS, _tail(level), language), date) if part]
    return name + (f" — {' · '.join(details)}" if details else "")


def _document_line(node: LineageNode, language: str, *, with_relation: bool = True) -> str:
    label = node.label or node.identifier
    name = f"{label} ({node.key})" if label else node.key
    details = [
        part
        for part in (node.issuer, _word(LEVEL_WORDS, _tail(node.issuer_level), language), node.date)
        if part
    ]
    text = name + (f" — {' · '.join(details)}" if details else "")
    if with_relation and node.relation:
        text = f"[{_word(RELATION_WORDS, node.relation, language)}] {text}"
    return text


def _period(start: str | None, end: str | None) -> str:
    if start and end and start != end:
        return f"{start}–{end}"
    return start or end or ""


def _conference_line(conference: Conference, language: str) -> str:
    w = lambda name: _word(WORDS, name, language)  # noqa: E731
    parts = [conference.date or "?", conference.place, conference.organiser]
    review = _word(REVIEW_WORDS, conference.review_kind, language)
    period = _period(conference.period_start, conference.period_end)
    if review or period:
        parts.append(
            " ".join(part for part in (review, f"{w('period')} {period}" if period else "") if part)
        )
    return f"{w('conference')} {conference.key}: " + " · ".join(part for part in parts if part)


def _model_line(model: Model, language: str) -> str:
    level = _word(LEVEL_WORDS, model.recognition_level, language)
    if level:
        level = f"cấp {level}" if language == "vi" else f"{level} level"
    details = [model.owner, model.place, model.field, level, model.recognised_in]
    name = model.name or model.key
    text = f"{_word(WORDS, 'model', language)}: {name}"
    details = [part for part in details if part]
    return text + (f" ({', '.join(details)})" if details else "")


def _award_line(award: Award, language: str) -> str:
    w = lambda name: _word(WORDS, name, language)  # noqa: E731
    counts = [
        f"{count} {w(name)}"
        for count, name in (
            (award.collectives, "collectives"),
            (award.individuals, "individuals"),
            (award.models, "models"),
        )
        if count is not None
    ]
    head = " — ".join(
        part for part in (_word(AWARD_WORDS, award.form, language), award.giver) if part
    )
    text = f"{w('award')} {award.key}: {head}" if head else f"{w('award')} {award.key}"
    if counts:
        text += f": {', '.join(counts)}"
    extra = []
    if award.decision:
        extra.append(f"{w('decision')} {award.decision}")
    period = _period(award.period_start, award.period_end)
    if period:
        extra.append(f"{w('period')} {period}")
    if award.event_key:
        extra.append(f"{w('at')} {award.event_key}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def _node_items(node: LineageNode, language: str) -> list[tuple[str, list[Any]]]:
    """What hangs below a node: (line, sub-items) pairs, activity first, then documents."""
    items: list[tuple[str, list[Any]]] = []
    for conference in node.conferences:
        subs = [
            (f"{_word(WORDS, 'reported', language)}: {figure}", []) for figure in conference.figures
        ]
        items.append((_conference_line(conference, language), subs))
    items += [(_model_line(model, language), []) for model in node.models]
    items += [(_award_line(award, language), []) for award in node.awards]
    items += [
        (_document_line(child, language), _node_items(child, language)) for child in node.children
    ]
    return items


def _draw(items: list[tuple[str, list[Any]]], prefix: str) -> list[str]:
    lines = []
    for index, (text, subs) in enumerate(items):
        last = index == len(items) - 1
        lines.append(f"{prefix}{'└── ' if last else '├── '}{text}")
        lines.extend(_draw(subs, prefix + ("    " if last else "│   ")))
    return lines


def lineage(store: Store, directive: str) -> LineageTree:
    """The lineage tree of a directive (key, identifier such as ``05-CT/TW``, or IRI).

    Built from the catalogue queries ``upstream-chain`` and ``lineage-edges`` (what it
    rests on), ``lineage-edges`` (the tree below, any depth), ``reviews-of-directive``,
    ``models-under`` and ``awards-for`` (the activity below each document),
    ``statement-sources`` (the root's label and title) and the internal
    ``system/lineage-model-reviews`` (which documents' reviews each model was reported at).
    """
    root_iri = resolve_entity(store, "document", directive).value
    root = LineageNode(key="", iri=root_iri)

    # The root itself and what it rests on.
    upstream = [row for row in _rows(store, "upstream-chain", item=root_iri) if row["via"] == "is"]
    above: dict[str, dict[str, Any]] = {}
    for row in upstream:
        if row["steps"] == "0":
            root.key = row["document_key"]
            root.identifier = row["identifier"]
            root.issuer = row["issuer_name"]
            root.issuer_level = _tail(row["issuer_level"])
            root.date = row["date"]
        else:
            above.setdefault(row["document_key"], row)
    _label_root(store, root)
    if not root.key:
        raise QueryError(f"{directive!r} is not a document with a record key")
    ancestors = _ancestors(store, root.key, above)

    # The tree below.
    edges: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(store, "lineage-edges", directive=root_iri):
        edges.setdefault(row["parent_key"], []).append(row)
    for children in edges.values():
        children.sort(key=lambda row: (row["date"] or "9999", row["document_key"], row["relation"]))
    _grow(root, edges, (root.key,))

    # The activity below each document.
    nodes: dict[str, list[LineageNode]] = {}
    for node in root.walk():
        nodes.setdefault(node.key, []).append(node)
    for row in _rows(store, "reviews-of-directive", directive=root_iri):
        conference = Conference(
            key=row["event_key"],
            date=row["date"],
            place=row["place_name"],
            organiser=row["organiser_name"],
            review_kind=_tail(row["review_kind"]),
            period_start=row["period_start"],
            period_end=row["period_end"],
            reviewed_key=row["reviewed_key"],
            figures=_split(row["figures"]),
            awards=_split(row["awards"]),
        )
        for node in nodes.get(conference.reviewed_key, []):
            node.conferences.append(conference)
    for row in _rows(store, "awards-for", directive=root_iri):
        award = Award(
            key=row["award_key"],
            for_key=row["for_key"],
            form=_tail(row["form"]),
            giver=row["giver_name"],
            decision=row["decision"],
            collectives=_int(row["collectives"]),
            individuals=_int(row["individuals"]),
            models=_int(row["models"]),
            period_start=row["period_start"],
            period_end=row["period_end"],
            event_key=row["event_key"],
        )
        for node in nodes.get(award.for_key, []):
            node.awards.append(award)
    # Where each model hangs: the documents whose review it was reported at (one query
    # for all models; a model found only through its movement hangs under the root).
    reviewed_by_model: dict[str, set[str]] = {}
    for row in run(system_query("lineage-model-reviews"), store, {"directive": root_iri}).values():
        reviewed_by_model.setdefault(row["model_key"], set()).add(row["reviewed_key"])
    for row in _rows(store, "models-under", target=root_iri):
        model = Model(
            key=row["model_key"],
            name=row["name"],
            owner=row["owner_name"],
            place=row["place_name"],
            field=_tail(row["field"]),
            recognition_level=_tail(row["recognition_level"]),
            recognised_in=row["recognised_in"],
        )
        under = sorted(reviewed_by_model.get(row["model_key"], ()))
        targets = [node for key in under for node in nodes.get(key, [])] or [root]
        for node in targets:
            node.models.append(model)
    return LineageTree(root=root, ancestors=ancestors)


def _rows(store: Store, name: str, **values: str) -> list[dict[str, Any]]:
    return run(get_query(name), store, values).values()


def _label_root(store: Store, root: LineageNode) -> None:
    """The root's label and title (Vietnamese) from statement-sources."""
    table = run(get_query("statement-sources"), store, {"subject": root.iri or ""})
    prop, value = table.columns.index("property"), table.columns.index("value")
    found: dict[tuple[str, str], str] = {}
    for row in table.rows:
        term = row[value]
        if row[prop] is None or not isinstance(term, ox.Literal):
            continue
        found.setdefault((row[prop].value, term.language or ""), term.value)
    root.label = found.get((RDFS_LABEL, "vi")) or found.get((RDFS_LABEL, ""))
    root.title = found.get((DV_TITLE, "vi")) or found.get((DV_TITLE, ""))


def _ancestors(store: Store, root_key: str, above: dict[str, dict[str, Any]]) -> list[Ancestor]:
    """What the root rests on, with the relation and depth of the link that reaches each."""
    members = {root_key, *above}
    links: dict[str, list[tuple[str, str]]] = {}  # child → [(relation, parent)]
    for key in sorted(above):
        for row in _rows(store, "lineage-edges", directive=key):
            child, parent = row["document_key"], row["parent_key"]
            if child in members and parent in above:
                pair = (_tail(row["relation"]) or "", parent)
                if pair not in links.setdefault(child, []):
                    links[child].append(pair)
    found: list[Ancestor] = []
    seen = {root_key}
    frontier = [root_key]
    depth = 0
    while frontier:
        depth += 1
        following = []
        for child in frontier:
            for relation, parent in sorted(links.get(child, [])):
                if parent in seen:
                    continue
                seen.add(parent)
                following.append(parent)
                row = above[parent]
                found.append(
                    Ancestor(
                        key=parent,
                        identifier=row["identifier"],
                        issuer=row["issuer_name"],
                        issuer_level=_tail(row["issuer_level"]),
                        date=row["date"],
                        relation=relation,
                        child_key=child,
                        depth=depth,
                        central=row["central"] == "true",
                    )
                )
        frontier = following
    return found


def _grow(node: LineageNode, edges: dict[str, list[dict[str, Any]]], path: tuple[str, ...]) -> None:
    for row in edges.get(node.key, []):
        key = row["document_key"]
        if key in path:  # a cycle of citations: draw each document once per path
            continue
        child = LineageNode(
            key=key,
            identifier=row["identifier"],
            issuer=row["issuer_name"],
            issuer_level=_tail(row["issuer_level"]),
            date=row["date"],
            relation=_tail(row["relation"]),
            parent_key=node.key,
            depth=node.depth + 1,
        )
        node.children.append(child)
        _grow(child, edges, (*path, key))


# =========================================================================== coverage


@dataclass
class CoverageRow:
    """One unit: covered when it (or a unit inside it) has activity in the period.

    ``events`` counts the conferences and visits, ``documents`` the deriving documents
    issued by its bodies; ``first`` and ``last`` are the earliest and latest of their
    dates (a year where only the year is known). On the new map ``districts`` and
    ``covered_districts`` say how many old districts went into the 2025 province and how
    many of them are covered.
    """

    unit: str
    code: str
    name: str | None
    parent: str | None
    covered: bool
    events: int = 0
    documents: int = 0
    first: str | None = None
    last: str | None = None
    districts: int | None = None
    covered_districts: int | None = None


@dataclass(frozen=True)
class CoverageTotals:
    covered: int
    uncovered: int
    total: int

    @property
    def percent(self) -> float:
        return round(100 * self.covered / self.total, 1) if self.total else 0.0


@dataclass
class CoverageTable:
    """Covered and uncovered units for a directive or movement, with totals."""

    target: str
    target_key: str | None
    target_label: str | None
    period: tuple[int, int] | None
    level: str
    map: str
    province: str | None
    rows: list[CoverageRow] = field(default_factory=list)

    @property
    def totals(self) -> CoverageTotals:
        covered = sum(1 for row in self.rows if row.covered)
        return CoverageTotals(covered, len(self.rows) - covered, len(self.rows))

    @property
    def covered(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.covered]

    @property
    def uncovered(self) -> list[CoverageRow]:
        return [row for row in self.rows if not row.covered]

    def to_rows(self) -> list[dict[str, Any]]:
        """Rows as plain dictionaries (for CSV, JSON or a data frame)."""
        rows = []
        for row in self.rows:
            data = asdict(row)
            if self.map == "old":
                data.pop("districts")
                data.pop("covered_districts")
            rows.append(data)
        return rows

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals
        return {
            "target": self.target,
            "target_key": self.target_key,
            "target_label": self.target_label,
            "period": list(self.period) if self.period else None,
            "level": self.level,
            "map": self.map,
            "province": self.province,
            "rows": self.to_rows(),
            "totals": {
                "covered": totals.covered,
                "uncovered": totals.uncovered,
                "total": totals.total,
                "percent": totals.percent,
            },
        }

    def as_table(self) -> Table:
        """The rows as a :class:`~danvan_kg.store.Table` (for ``format_table``)."""
        rows = self.to_rows()
        columns = (
            tuple(rows[0])
            if rows
            else tuple(
                name
                for name in CoverageRow.__dataclass_fields__
                if self.map == "new" or name not in ("districts", "covered_districts")
            )
        )
        return Table(
            columns, tuple(tuple(_cell(row[column]) for column in columns) for row in rows)
        )

    def format(self, output: str = "table", language: str = "vi") -> str:
        """``table`` (:meth:`render`), ``csv``, ``json`` or ``md`` (with a totals line)."""
        if output == "table":
            return self.render(language)
        if output == "json":
            import json

            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        text = format_table(self.as_table(), output)
        if output == "md":
            text += f"\n{self.totals_line(language)}\n"
        return text

    def heading(self, language: str = "vi") -> str:
        w = lambda name: _word(WORDS, name, language)  # noqa: E731
        name = self.target_label or self.target_key or self.target
        if self.target_label and self.target_key:
            name = f"{self.target_label} ({self.target_key})"
        period = _period(*(str(year) for year in self.period)) if self.period else w("all_years")
        where = (
            w("new_map")
            if self.map == "new"
            else (f"{w('level')} {_word(LEVEL_WORDS, self.level, language)}, {w('old_map')}")
        )
        if self.province:
            where += f", {w('in')} {self.province}"
        return f"{w('coverage')}: {name} · {period} · {where}"

    def totals_line(self, language: str = "vi") -> str:
        totals = self.totals
        percent = f"{totals.percent:.1f}"
        if language == "vi":
            return (
                f"Tổng cộng: {totals.total} đơn vị — {totals.covered} có hoạt động, "
                f"{totals.uncovered} chưa có ({percent.replace('.', ',')}% bao phủ)"
            )
        return (
            f"Total: {totals.total} units — {totals.covered} covered, {totals.uncovered} uncovered "
            f"({percent}% covered)"
        )

    def render(self, language: str = "vi") -> str:
        """An aligned text table with a heading and a totals line."""
        _check_language(language)
        head = lambda name: _word(COVERAGE_HEADINGS, name, language)  # noqa: E731
        yes, no = _word(WORDS, "yes", language), _word(WORDS, "no", language)
        columns = ["code", "name"] + (["districts"] if self.map == "new" else ["parent"])
        columns += ["covered", "events", "documents", "first", "last"]
        cells = []
        for row in self.rows:
            values = {
                "code": row.code,
                "name": row.name or "",
                "parent": row.parent or "",
                "districts": f"{row.covered_districts}/{row.districts}"
                if row.districts is not None
                else "",
                "covered": yes if row.covered else no,
                "events": str(row.events),
                "documents": str(row.documents),
                "first": row.first or "",
                "last": row.last or "",
            }
            cells.append([values[column] for column in columns])
        headings = [head(column) for column in columns]
        widths = [
            max([len(heading), *(len(row[i]) for row in cells)])
            for i, heading in enumerate(headings)
        ]
        lines = [self.heading(language), ""]
        lines.append(
            "  ".join(heading.ljust(width) for heading, width in zip(headings, widths, strict=True))
        )
        lines.append("  ".join("─" * width for width in widths))
        lines += [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in cells
        ]
        lines.append("  ".join("─" * width for width in widths))
        lines.append(self.totals_line(language))
        return "\n".join(line.rstrip() for line in lines) + "\n"


def _cell(value: Any) -> ox.Literal | None:
    if value is None:
        return None
    return ox.Literal(str(value).lower() if isinstance(value, bool) else str(value))


def parse_period(text: str | None) -> tuple[int, int] | None:
    """``"2021-2023"`` → ``(2021, 2023)``; ``"2023"`` → ``(2023, 2023)``; ``"all"``/empty → None."""
    if text is None or not text.strip() or text.strip().lower() == "all":
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–/]\s*(\d{4}))?\s*", text)
    if not match:
        raise QueryError(f"period {text!r} is not YYYY-YYYY (e.g. 2021-2023), YYYY or 'all'")
    return _check_period((int(match.group(1)), int(match.group(2) or match.group(1))))


def _check_period(period: Any) -> tuple[int, int] | None:
    if period is None:
        return None
    if isinstance(period, str):
        return parse_period(period)
    try:
        start, end = (int(year) for year in period)
    except (TypeError, ValueError):
        raise QueryError(f"period {period!r} is not a pair of years (start, end)") from None
    if start > end:
        raise QueryError(f"period {start}-{end} ends before it starts (give {end}-{start})")
    return start, end


def coverage(
    store: Store,
    target: str,
    *,
    period: tuple[int, int] | str | None = (2021, 2023),
    level: str = "district",
    province: str | None = None,
    map: str = "old",
) -> CoverageTable:
    """Which units have recorded activity on a directive or movement in a period.

    ``target``: a document (key, identifier or IRI) or a movement/campaign key;
    ``period``: (first year, last year), "2021-2023", or None for any year; ``level``:
    "district" or "province" (old map); ``province``: an old-map province (name, code or
    IRI) instead of the issuer's territory; ``map``: "old" (units before 1 July 2025) or
    "new" (old districts rolled up into the 2025 provinces, one row per new province).
    Built from the catalogue queries ``coverage`` / ``coverage-2025`` and the internal
    ``system/coverage-activities`` (counts and dates).
    """
    years = _check_period(period)
    if level not in LEVELS:
        raise QueryError(f"unknown level {level!r} (known: {', '.join(LEVELS)})")
    if map not in MAPS:
        raise QueryError(f"unknown map {map!r} (known: {', '.join(MAPS)})")
    target_iri = _resolve_target(store, target)
    start, end = years if years else (0, 9999)
    values = {"target": target_iri, "start": str(start), "end": str(end)}
    if province:
        values["province"] = province
    table = CoverageTable(
        target=target_iri,
        target_key=None,
        target_label=None,
        period=years,
        level=level if map == "old" else "province",
        map=map,
        province=province,
    )
    _label_target(store, table)

    activity_level = level if map == "old" else "district"
    activities: dict[str, dict[str, set[str]]] = {}
    dates: dict[str, list[str]] = {}
    activity_rows = run(
        system_query("coverage-activities"),
        store,
        {"target": target_iri, "start": str(start), "end": str(end), "level": activity_level},
    ).values()
    for row in activity_rows:
        unit = row["unit"] if map == "old" else row["successor"]
        if unit is None:
            continue
        activities.setdefault(unit, {"event": set(), "document": set()})[row["activity_kind"]].add(
            row["activity_key"]
        )
        if row["when"]:
            dates.setdefault(unit, []).append(row["when"])

    if map == "old":
        found = _rows(store, "coverage", level=level, **values)
        for row in found:
            table.rows.append(
                CoverageRow(
                    unit=row["unit"],
                    code=row["code"],
                    name=row["name"],
                    parent=row["parent_name"],
                    covered=row["covered"] == "true",
                )
            )
    else:
        found = _rows(store, "coverage-2025", **values)
        for row in found:
            table.rows.append(
                CoverageRow(
                    unit=row["new_province"],
                    code=_tail(row["new_province"]) or "",
                    name=row["name"],
                    parent=None,
                    covered=row["covered"] == "true",
                    districts=_int(row["districts"]),
                    covered_districts=_int(row["covered_districts"]) or 0,
                )
            )
    for row in table.rows:
        kinds = activities.get(row.unit, {})
        row.events = len(kinds.get("event", ()))
        row.documents = len(kinds.get("document", ()))
        when = sorted(dates.get(row.unit, []))
        row.first, row.last = (when[0], when[-1]) if when else (None, None)
    table.rows.sort(key=lambda row: (not row.covered, row.code))
    return table


def _resolve_target(store: Store, target: str) -> str:
    """A document or an initiative; an ambiguous identifier is an error naming the keys."""
    try:
        return resolve_entity(store, "document", target).value
    except AmbiguousIdentifierError:
        raise
    except QueryError:
        pass
    try:
        return resolve_entity(store, "initiative", target).value
    except QueryError:
        raise QueryError(f"no document or initiative with key or identifier {target!r}") from None


def _label_target(store: Store, table: CoverageTable) -> None:
    result = run(get_query("statement-sources"), store, {"subject": table.target})
    prop, value = result.columns.index("property"), result.columns.index("value")
    for row in result.rows:
        term = row[value]
        if row[prop] is None or not isinstance(term, ox.Literal):
            continue
        if row[prop].value == RDFS_LABEL and term.language == "vi" and table.target_label is None:
            table.target_label = term.value
        if row[prop].value.endswith("#recordKey") and table.target_key is None:
            table.target_key = term.value
