"""What a node's page shows by its kind, besides its facts and incoming links.

- a document's (or an initiative's) **coverage**: the units with recorded activity on it,
  by level, with counts, from :func:`danvan_kg.views.coverage` (and the coverage map,
  which the page takes from ``/chart``);
- a unit's **activity over time** (events, models, awards and figures by year) on the
  old map and on the 2025 map, with its 2025 successor or its predecessors, from the
  internal query ``system/unit-activity``;
- an event's **participants, reviewed documents, figures, awards and models**, each a
  table with human labels and the source graphs that state each row.

Everything is read through the :class:`~danvan_kg.stores.Store` interface (named queries,
``describe`` and ``quads_for_pattern``), so the sections are the same on the embedded
store and over ``--endpoint``. The pages build them; nothing here knows HTTP.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from danvan_kg import queries, views
from danvan_kg.errors import DanvanError
from danvan_kg.gazetteer import Gazetteer, Unit
from danvan_kg.messages import Language
from danvan_kg.queries import system_query
from danvan_kg.stores import Store
from danvan_kg.views.words import COVERAGE_HEADINGS, word
from danvan_kg.vocab import PREFIXES, compact_iri
from danvan_kg.web.search import SearchIndex, page_path

DV = PREFIXES["dv"]
ORG = PREFIXES["org"]
LABELS = (PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label")
RDF_TYPE = PREFIXES["rdf"] + "type"
ACTIVITY_TYPES = ("event", "model", "award", "figure")
UNKNOWN_YEAR = ""  # the year column of activities whose source gives no date


@dataclass
class Cell:
    text: str
    href: str | None = None


@dataclass
class Row:
    cells: list[Cell]
    sources: list[str] = field(default_factory=list)


@dataclass
class Section:
    """One table of a page: its heading and column names are message codes."""

    code: str
    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)


class Described:
    """The quads of a few nodes, read in one ``describe`` per step, and their labels."""

    def __init__(self, store: Store, index: SearchIndex, lang: Language) -> None:
        self.store = store
        self.index = index
        self.lang = lang
        self.quads: dict[str, list[ox.Quad]] = defaultdict(list)

    def read(self, nodes: Iterable[ox.NamedNode]) -> None:
        wanted = [node for node in dict.fromkeys(nodes) if node.value not in self.quads]
        if not wanted:
            return
        for quad in self.store.describe(wanted):
            self.quads[quad.subject.value].append(quad)  # type: ignore[union-attr]
        for node in wanted:
            self.quads.setdefault(node.value, [])

    def objects(self, node: str, prop: str) -> list[ox.NamedNode | ox.Literal]:
        found = []
        for quad in self.quads.get(node, []):
            if quad.predicate.value == prop and quad.object not in found:
                found.append(quad.object)  # type: ignore[arg-type]
        return found

    def one(self, node: str, prop: str) -> ox.NamedNode | ox.Literal | None:
        found = self.objects(node, prop)
        return found[0] if found else None

    def links(self, nodes: Iterable[str], props: Iterable[str]) -> list[ox.NamedNode]:
        """The IRIs that ``nodes`` point to by ``props`` (to read in the next step)."""
        wanted = set(props)
        return [
            quad.object
            for node in nodes
            for quad in self.quads.get(node, [])
            if quad.predicate.value in wanted and isinstance(quad.object, ox.NamedNode)
        ]

    def label(self, node: str) -> str:
        by_language: dict[str, str] = {}
        for quad in self.quads.get(node, []):
            if quad.predicate.value in LABELS and isinstance(quad.object, ox.Literal):
                by_language.setdefault(quad.object.language or "", quad.object.value)
        return (
            by_language.get(self.lang)
            or by_language.get("")
            or by_language.get("vi")
            or next(iter(by_language.values()), None)
            or self.index.name(node, self.lang)
            or compact_iri(node)
        )

    def cell(self, term: ox.NamedNode | ox.Literal | None) -> Cell:
        if term is None:
            return Cell("")
        if isinstance(term, ox.NamedNode):
            return Cell(self.label(term.value), page_path(term.value))
        return Cell(term.value)


def kind_of(store: Store, iri: str) -> str:
    """The kind of the node ``iri`` by its class (``document``, ``unit``, ``event`` …:
    ``queries/system/node-kinds.rq``), or "" for a node of no such class."""
    table = store.select(system_query("node-kinds").text, {"node": ox.NamedNode(iri)})
    return next((str(kind.value) for _node, kind in table.rows if kind is not None), "")


def _graph(quad: ox.Quad) -> str:
    graph = quad.graph_name
    return compact_iri(graph.value) if isinstance(graph, ox.NamedNode) else ""


def _sources(quads: Iterable[ox.Quad]) -> list[str]:
    return sorted({name for name in (_graph(quad) for quad in quads) if name})


# --------------------------------------------------------------------------- events


def event_sections(store: Store, index: SearchIndex, iri: str, lang: Language) -> list[Section]:
    """An event's participants (name, post, role), the documents it reviewed (with the
    kind of review and the period), and the figures, awards and models reported or
    presented there; each row names the source graphs that state its link to the event."""
    event = ox.NamedNode(iri)
    own = list(store.quads_for_pattern(event))
    into = [
        quad
        for quad in store.quads_for_pattern(None, None, event)
        if quad.predicate.value in (DV + "reportedAt", DV + "presentedAt")
    ]
    seen = Described(store, index, lang)
    linked: dict[str, dict[str, list[ox.Quad]]] = defaultdict(lambda: defaultdict(list))
    for quad in own:
        if quad.predicate.value in (DV + "hasParticipation", DV + "hasReview"):
            linked[quad.predicate.value][quad.object.value].append(quad)  # type: ignore[union-attr]
    for quad in into:
        linked[quad.predicate.value][quad.subject.value].append(quad)  # type: ignore[union-attr]
    first = [ox.NamedNode(node) for by_node in linked.values() for node in by_node]
    seen.read(first)
    nodes = list(seen.quads)
    second = seen.links(
        nodes,
        [DV + name for name in ("participant", "participationRole", "inPost", "reviewOf",
                                "reviewKind", "measure", "scope", "awardedFor", "giver",
                                "field", "place", "owner", "awardForm")],
    )  # fmt: skip
    seen.read(second)
    posts = [n.value for n in second if seen.one(n.value, ORG + "postIn") is not None]
    seen.read(seen.links(posts, [ORG + "role", ORG + "postIn"]))

    def rows(prop: str, make: type | None = None) -> list[tuple[str, list[ox.Quad]]]:
        return sorted(linked[DV + prop].items(), key=lambda item: seen.label(item[0]).casefold())

    def typed(node: str, cls: str) -> bool:
        return any(term.value == DV + cls for term in seen.objects(node, RDF_TYPE))

    sections: list[Section] = []
    people = Section("web.ui.participants", ("web.ui.who", "web.ui.post", "web.ui.role"))
    for node, quads in rows("hasParticipation"):
        who = seen.one(node, DV + "participant")
        post_cells = []
        for post in seen.objects(node, DV + "inPost"):
            role = seen.one(post.value, ORG + "role")
            body = seen.one(post.value, ORG + "postIn")
            parts = [seen.label(term.value) for term in (role, body) if term is not None]
            post_cells.append(", ".join(parts) or seen.label(post.value))
        people.rows.append(
            Row(
                [
                    seen.cell(who) if who is not None else Cell(seen.label(node)),
                    Cell("; ".join(sorted(post_cells))),
                    seen.cell(seen.one(node, DV + "participationRole")),
                ],
                _sources(quads),
            )
        )
    sections.append(people)

    reviewed = Section("web.ui.reviewed", ("web.ui.reviewed-what", "web.ui.review-kind",
                                           "web.ui.period"))  # fmt: skip
    for node, quads in rows("hasReview"):
        start = seen.one(node, DV + "periodStart")
        end = seen.one(node, DV + "periodEnd")
        period = "–".join(dict.fromkeys(term.value for term in (start, end) if term is not None))
        for target in seen.objects(node, DV + "reviewOf") or [None]:  # type: ignore[list-item]
            reviewed.rows.append(
                Row(
                    [seen.cell(target), seen.cell(seen.one(node, DV + "reviewKind")), Cell(period)],
                    _sources(quads),
                )
            )
    sections.append(reviewed)

    figures = Section("web.ui.figures", ("web.ui.figure", "web.ui.measure", "web.ui.amount",
                                         "web.ui.scope"))  # fmt: skip
    models = Section("web.ui.models", ("web.ui.model", "web.ui.model-field", "web.ui.place",
                                       "web.ui.owner"))  # fmt: skip
    for node, quads in rows("reportedAt"):
        if typed(node, "Figure"):
            amount = seen.one(node, DV + "value") or seen.one(node, DV + "valueAsStated")
            figures.rows.append(
                Row(
                    [
                        Cell(seen.label(node), page_path(node)),
                        seen.cell(seen.one(node, DV + "measure")),
                        seen.cell(amount),
                        seen.cell(seen.one(node, DV + "scope")),
                    ],
                    _sources(quads),
                )
            )
        elif typed(node, "Model"):
            models.rows.append(
                Row(
                    [
                        Cell(seen.label(node), page_path(node)),
                        seen.cell(seen.one(node, DV + "field")),
                        seen.cell(seen.one(node, DV + "place")),
                        seen.cell(seen.one(node, DV + "owner")),
                    ],
                    _sources(quads),
                )
            )
    sections += [figures]
    awards = Section("web.ui.awards", ("web.ui.award", "web.ui.award-for", "web.ui.giver"))
    for node, quads in rows("presentedAt"):
        if typed(node, "Award"):
            awards.rows.append(
                Row(
                    [
                        Cell(seen.label(node), page_path(node)),
                        seen.cell(seen.one(node, DV + "awardedFor")),
                        seen.cell(seen.one(node, DV + "giver")),
                    ],
                    _sources(quads),
                )
            )
    sections += [awards, models]
    return [section for section in sections if section.rows]


# --------------------------------------------------------------------------- units


@dataclass
class YearRow:
    year: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Activity:
    """A unit's activity on one map, year by year (``""``: the source gives no date)."""

    map: str
    unit: Cell
    years: list[YearRow] = field(default_factory=list)
    # on the 2025 map: each old unit that went into it and how many activities it had
    predecessors: list[tuple[Cell, int]] = field(default_factory=list)

    @property
    def most(self) -> int:
        return max((row.total for row in self.years), default=0)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.years)


def _activity(store: Store, seen: Described, unit: str, on_map: str) -> Activity:
    rows = queries.run(system_query("unit-activity"), store, {"unit": unit}).values()
    first_year: dict[str, tuple[str, str]] = {}
    by_predecessor: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["map"] != on_map or not row["activity"]:
            continue
        key = row["activity"]
        year = (row["when"] or "")[:4]
        kind = row["activity_type"] or ""
        known = first_year.get(key)
        # several sources may date one activity differently: the earliest year counts
        if known is None or (year and (not known[1] or year < known[1])):
            first_year[key] = (kind, year)
        if on_map == "new" and row["old_unit"]:
            by_predecessor[row["old_unit"]].add(key)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ACTIVITY_TYPES, 0))
    for kind, year in first_year.values():
        if kind in ACTIVITY_TYPES:
            counts[year or UNKNOWN_YEAR][kind] += 1
    years = [YearRow(year, counts[year]) for year in sorted(counts, key=lambda y: (not y, y))]
    seen.read(ox.NamedNode(node) for node in [unit, *by_predecessor])
    found = Activity(on_map, Cell(seen.label(unit), page_path(unit)), years)
    found.predecessors = sorted(
        (
            (Cell(seen.label(node), page_path(node)), len(keys))
            for node, keys in by_predecessor.items()
        ),
        key=lambda item: (-item[1], item[0].text),
    )
    return found


def unit_activity(
    store: Store, index: SearchIndex, iri: str, lang: Language
) -> dict[str, object] | None:
    """A gazetteer unit's activity over time on both maps: an old unit's own, and its
    2025 successor's (every old unit that went into it); a 2025 unit's, with the
    activity of each of its predecessors. None for a node that is not a unit."""
    unit = Gazetteer.load().unit_by_iri(iri)
    if unit is None:
        return None
    seen = Described(store, index, lang)
    seen.read([ox.NamedNode(iri)])
    maps: list[Activity] = []
    successors: list[Cell] = []
    if unit.epoch == "new":
        maps.append(_activity(store, seen, iri, "new"))
        went_in = sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(DV + "succeededBy"),
                                                          ox.NamedNode(iri)))  # fmt: skip
    else:
        maps.append(_activity(store, seen, iri, "old"))
        went_in = 0
        for successor in seen.objects(iri, DV + "succeededBy"):
            seen.read([successor])  # type: ignore[list-item]
            successors.append(seen.cell(successor))
            maps.append(_activity(store, seen, successor.value, "new"))
    return {
        "maps": maps,
        "successors": successors,
        "went_in": went_in,
        "types": ACTIVITY_TYPES,
        "related": _unit_questions(unit, lang),
    }


def _unit_questions(unit: Unit, lang: Language) -> list[tuple[str, str]]:
    """Catalogue questions about a unit, its IRI or level filled in: the coverage of the
    default target in an old province (both maps), and where the units of its level went
    in 2025."""
    catalogue = queries.catalogue()
    asked: list[tuple[str, dict[str, str]]] = []
    if unit.epoch == "old" and unit.level == "province":
        asked += [("coverage", {"province": unit.iri}), ("coverage-2025", {"province": unit.iri})]
    if unit.epoch == "old":
        asked.append(("units-2025", {"level": unit.level}))
    else:
        asked.append(("units-2025", {"level": "district"}))
    return [
        (
            catalogue[name].title.get(lang) or catalogue[name].title["en"],
            f"/queries/{name}?{urlencode({**values, 'lang': lang})}",
        )
        for name, values in asked
        if name in catalogue
    ]


# --------------------------------------------------------------------------- coverage


# Covered units a page lists at each level (the coverage query lists them all).
COVERAGE_ROWS = 100


@dataclass
class CoverageSection:
    level: str
    heading: str
    columns: list[str]
    rows: list[list[Cell]]
    totals: str
    more: int = 0  # covered units not listed (over COVERAGE_ROWS)
    more_href: str = ""


def document_coverage(
    store: Store, iri: str, lang: Language, max_rows: int = COVERAGE_ROWS
) -> dict[str, object] | None:
    """A document's or an initiative's coverage over all years, at province and at
    district level (old map): the first ``max_rows`` covered units with their counts
    (and how many more, with the catalogue query that lists them), and each level's
    totals line. None when no unit has recorded activity on it."""
    if kind_of(store, iri) not in ("document", "initiative"):
        return None
    levels = []
    for level in ("province", "district"):
        try:
            table = views.coverage(store, iri, period=None, level=level)
        except DanvanError:
            return None  # not a target the coverage view knows
        if not table.covered:
            continue
        names = ["name", "parent", "events", "documents", "awards", "first", "last",
                 "counted_under"]  # fmt: skip
        rows = []
        for row in table.covered[:max_rows]:
            cells = {
                "name": Cell(row.name or row.code, page_path(row.unit)),
                "parent": Cell(row.parent or ""),
                "events": Cell(str(row.events)),
                "documents": Cell(str(row.documents)),
                "awards": Cell(str(row.awards)),
                "first": Cell(row.first or ""),
                "last": Cell(row.last or ""),
                # The relations in words, as the charts' legends name them.
                "counted_under": Cell(
                    views.counting_label(row.counted_under, lang) if row.counted_under else ""
                ),
            }
            rows.append([cells[name] for name in names])
        levels.append(
            CoverageSection(
                level,
                views.words.level_phrase(level, lang),
                [word(COVERAGE_HEADINGS, name, lang) for name in names],
                rows,
                table.totals_line(lang),
                more=max(0, len(table.covered) - max_rows),
                more_href="/queries/coverage?"
                + urlencode({"target": iri, "level": level, "lang": lang}),
            )
        )
    if not levels:
        return None
    return {"levels": levels, "map": f"/chart?kind=map&format=png&target={quote(iri, safe='')}"}
