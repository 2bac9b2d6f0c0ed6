"""Coverage: which units have recorded activity on a directive or movement in a period.

Built from the catalogue queries ``coverage`` / ``coverage-2025``, the internal
``system/coverage-activities`` (counts and dates) and ``statement-sources`` (the
target's label); a directive or movement is looked up by :func:`danvan_kg.lookup.resolve`.

What counts as activity is chosen by relation (``counting``, the header of
``queries/coverage.rq`` defines each): ``reviews``, ``carries-out``, ``concerns``,
``awards`` and ``cites``; by default every one but ``cites``.

:func:`coverage_activities` gives the activities themselves, unit by unit (the charts
draw them: one definition of activity and of counting for the table and the pictures);
:func:`counting_label` names the relations counted in words, from the ontology's labels.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import QueryError
from danvan_kg.lookup import TARGET_KINDS, check_period, parse_period, resolve
from danvan_kg.queries import (
    COVERAGE_RELATIONS,
    DEFAULT_COUNTING,
    format_table,
    get_query,
    parse_counting,
    run,
    system_query,
    to_term,
)
from danvan_kg.stores import Store, Table
from danvan_kg.views.rows import query_rows, to_int
from danvan_kg.views.words import (
    COVERAGE_HEADINGS,
    WORDS,
    check_language,
    level_phrase,
    period_text,
    word,
)
from danvan_kg.vocab import DV, RDFS_LABEL, label

LEVELS = ("district", "province")
MAPS = ("old", "new")

# The ontology term that names each relation in words (its rdfs:label, vi and en): what
# a reader of a chart's legend recognises, where the relation's key is internal.
RELATION_TERMS = {
    "reviews": DV.Review,
    "carries-out": DV.carriesOut,
    "concerns": DV.concerns,
    "awards": DV.Award,
    "cites": DV.cites,
}

__all__ = [
    "COVERAGE_RELATIONS",
    "DEFAULT_COUNTING",
    "CoverageActivity",
    "CoverageRow",
    "CoverageTable",
    "CoverageTotals",
    "counting_label",
    "coverage",
    "coverage_activities",
    "parse_counting",
    "parse_period",
]


@dataclass(frozen=True)
class CoverageActivity:
    """One activity counted in one unit: an event, a document or an award
    (``activity_type``) by its record key, the relations it counts under (in
    :data:`COVERAGE_RELATIONS` order) and its earliest and latest dates (``first``,
    ``last``: a date or a year; two where an undated event reviewed two periods).

    ``unit`` is the IRI of the unit on the map asked for: an old-map unit of the level
    asked, or on the new map the 2025 province its old district went into.
    """

    unit: str
    activity_type: str
    activity_key: str
    relations: tuple[str, ...]
    first: str
    last: str

    @property
    def year(self) -> int:
        """The year it is counted in: that of its earliest date."""
        return int(self.first[:4])


@dataclass
class CoverageRow:
    """One unit: covered when it (or a unit inside it) has activity in the period.

    ``events`` counts the conferences and visits, ``documents`` the documents issued by
    its bodies, ``awards`` the awards presented in it or given by its bodies, each under
    the relations counted; ``first`` and ``last`` are the earliest and latest of their
    dates (a year where only the year is known); ``counted_under`` names the relations
    its activities count under ("reviews, awards"). On the new map ``districts`` and
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
    awards: int = 0
    first: str | None = None
    last: str | None = None
    counted_under: str | None = None
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
    counting: tuple[str, ...] = DEFAULT_COUNTING
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
            "counting": list(self.counting),
            "rows": self.to_rows(),
            "totals": {
                "covered": totals.covered,
                "uncovered": totals.uncovered,
                "total": totals.total,
                "percent": totals.percent,
            },
        }

    def as_table(self) -> Table:
        """The rows as a :class:`~danvan_kg.stores.Table` (for ``format_table``)."""
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
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        text = format_table(self.as_table(), output)
        if output == "md":
            text += f"\n{self.totals_line(language)}\n"
        return text

    def heading(self, language: str = "vi") -> str:
        w = lambda name: word(WORDS, name, language)  # noqa: E731
        name = self.target_label or self.target_key or self.target
        if self.target_label and self.target_key:
            name = f"{self.target_label} ({self.target_key})"
        period = (
            period_text(*(str(year) for year in self.period)) if self.period else w("all_years")
        )
        where = (
            w("new_map")
            if self.map == "new"
            else f"{level_phrase(self.level, language)}, {w('old_map')}"
        )
        if self.province:
            where += f", {w('in')} {self.province}"
        counted = f"{w('counting')}: {', '.join(self.counting)}"
        return f"{w('coverage')}: {name} · {period} · {where} · {counted}"

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
        check_language(language)
        head = lambda name: word(COVERAGE_HEADINGS, name, language)  # noqa: E731
        yes, no = word(WORDS, "yes", language), word(WORDS, "no", language)
        columns = ["code", "name"] + (["districts"] if self.map == "new" else ["parent"])
        columns += ["covered", "events", "documents", "awards", "first", "last", "counted_under"]
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
                "awards": str(row.awards),
                "first": row.first or "",
                "last": row.last or "",
                "counted_under": row.counted_under or "",
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


def coverage(
    store: Store,
    target: str,
    *,
    period: tuple[int, int] | str | None = (2021, 2023),
    level: str = "district",
    province: str | None = None,
    map: str = "old",
    counting: str | Iterable[str] | None = None,
) -> CoverageTable:
    """Which units have recorded activity on a directive or movement in a period.

    ``target``: a document (key, identifier or IRI) or a movement/campaign key;
    ``period``: (first year, last year), "2021-2023", or None for any year; ``level``:
    "district" or "province" (old map); ``province``: an old-map province (name, code or
    IRI) instead of the issuer's territory; ``map``: "old" (units before 1 July 2025) or
    "new" (old districts rolled up into the 2025 provinces, one row per new province);
    ``counting``: the relations that count as activity — names from
    :data:`COVERAGE_RELATIONS` as a list or a comma-separated string, ``"all"``, or None
    for :data:`DEFAULT_COUNTING` (every relation but ``cites``). Built from the catalogue
    queries ``coverage`` / ``coverage-2025`` and the internal
    ``system/coverage-activities`` (counts, dates and the relations each activity counts
    under)."""
    years = check_period(period)
    if level not in LEVELS:
        raise QueryError("view.level-unknown", level=level, known=", ".join(LEVELS))
    if map not in MAPS:
        raise QueryError("view.map-unknown", map=map, known=", ".join(MAPS))
    relations = parse_counting(counting)
    target_iri = resolve(store, target, TARGET_KINDS).value
    start, end = years if years else (0, 9999)
    values = {
        "target": target_iri,
        "start": str(start),
        "end": str(end),
        "counting": ",".join(relations),
    }
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
        counting=relations,
    )
    _label_target(store, table)

    found_activities = _activities(store, values, level=level, map=map)

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
        from danvan_kg.gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
        found = _rows(store, "coverage-2025", **values)
        for row in found:
            province_unit = gazetteer.unit_by_iri(row["new_province"])
            table.rows.append(
                CoverageRow(
                    unit=row["new_province"],
                    code=province_unit.code if province_unit else "",
                    name=row["name"],
                    parent=None,
                    covered=row["covered"] == "true",
                    districts=to_int(row["districts"]),
                    covered_districts=to_int(row["covered_districts"]) or 0,
                )
            )
    per_unit: dict[str, list[CoverageActivity]] = {}
    for activity in found_activities:
        per_unit.setdefault(activity.unit, []).append(activity)
    for row in table.rows:
        found = per_unit.get(row.unit, [])
        row.events = sum(1 for a in found if a.activity_type == "event")
        row.documents = sum(1 for a in found if a.activity_type == "document")
        row.awards = sum(1 for a in found if a.activity_type == "award")
        under = {relation for a in found for relation in a.relations}
        row.counted_under = ", ".join(k for k in COVERAGE_RELATIONS if k in under) or None
        row.first = min((a.first for a in found), default=None)
        row.last = max((a.last for a in found), default=None)
    table.rows.sort(key=lambda row: (not row.covered, row.code))
    return table


def coverage_activities(
    store: Store,
    target: str | None = None,
    *,
    period: tuple[int, int] | str | None = None,
    level: str = "district",
    map: str = "old",
    counting: str | Iterable[str] | None = None,
) -> list[CoverageActivity]:
    """The activities that :func:`coverage` counts, one per unit and activity.

    The same rule and the same query (``system/coverage-activities``) as the coverage
    table, so a unit's activities here are its ``events + documents + awards`` there.
    ``target`` as for :func:`coverage`, or None for the activities on any directive,
    movement or campaign (an activity on two of them is still one); ``period`` None is
    every year; ``level`` the old map's level (on the new map activities are gathered by
    district and rolled up into the 2025 provinces, as the table does); ``counting`` as
    for :func:`coverage`.
    """
    years = check_period(period)
    if level not in LEVELS:
        raise QueryError("view.level-unknown", level=level, known=", ".join(LEVELS))
    if map not in MAPS:
        raise QueryError("view.map-unknown", map=map, known=", ".join(MAPS))
    start, end = years if years else (0, 9999)
    values = {"start": str(start), "end": str(end), "counting": ",".join(parse_counting(counting))}
    if target is not None:
        values["target"] = resolve(store, target, TARGET_KINDS).value
    return _activities(store, values, level=level, map=map)


def _activities(
    store: Store, values: dict[str, str], *, level: str, map: str
) -> list[CoverageActivity]:
    """Run ``system/coverage-activities`` (``values``: target, start, end, counting;
    without a target, the query's ``?target`` stays a variable and matches any) and fold
    its rows into one activity per unit and record. A read-only store's answers are
    kept (:data:`_KEPT`): the same question is answered from memory, with the same
    activities in the same order."""
    activity_level = level if map == "old" else "district"
    given = {k: v for k, v in values.items() if k in ("target", "start", "end", "counting")}
    key = (tuple(sorted(given.items())), activity_level, map)
    return _kept(
        store, key, lambda: _run_activities(store, given, activity_level=activity_level, map=map)
    )


def _rows(store: Store, name: str, **values: str) -> list[dict[str, Any]]:
    """The rows of the catalogue query ``name`` (``coverage`` or ``coverage-2025``) with
    ``values`` bound, kept for a read-only store as its activities are (:data:`_KEPT`):
    a document's page asks the same three tables at each visit, in each language. The
    rows are only read here (never handed out), so one kept list can serve every caller."""
    key = ("rows", name, tuple(sorted(values.items())))
    return _kept(store, key, lambda: query_rows(store, name, **values))


def _kept(store: Store, key: tuple[Any, ...], compute: Callable[[], list[Any]]) -> list[Any]:
    """``compute()``, or for a read-only store the answer kept for ``key`` (a new list
    of the same items each time), keeping it within the bounds below."""
    if not store.read_only:
        return compute()
    with _KEPT_LOCK:
        kept = _KEPT.setdefault(store, OrderedDict())
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return list(found)
    # Two threads asking at once may both run the query: the same answer, kept once.
    found = tuple(compute())
    with _KEPT_LOCK:
        kept[key] = found
        # The least recently asked go first, past the count or the size (the answer just
        # found is dropped too where it alone is larger than the bound).
        while kept and (
            len(kept) > KEPT_QUESTIONS
            or sum(len(answer) for answer in kept.values()) > KEPT_ACTIVITIES
        ):
            kept.popitem(last=False)
    return list(found)


# The activities found in each open read-only store, by question (and the rows of the
# catalogue coverage queries, which the table joins them to). Its data cannot change
# while it is open (Store.read_only), so a question asked again has the same answer; and
# one picture or page asks the same one several times (a map counts what the coverage
# table counts, a heatmap its rows, each through coverage_activities), at ~0.1 s a query
# on the shipped graph. Weak keys: an answer lives no longer than its store; the answers
# are frozen dataclasses (or rows that only coverage() reads) in a tuple, and each caller
# gets a list of its own.
_KEPT: weakref.WeakKeyDictionary[Store, OrderedDict[tuple[Any, ...], tuple[Any, ...]]] = (
    weakref.WeakKeyDictionary()
)
_KEPT_LOCK = threading.Lock()
# At most this many questions and activities kept a store: one picture or page asks a
# question a few times in a row; a national answer of a 5M-quad graph is tens of
# thousands of activities, a few hundred bytes each (some 25 MB at most a store); a
# table's rows count as activities do (one a unit: at most the country's 10,000 communes).
KEPT_QUESTIONS = 32
KEPT_ACTIVITIES = 50_000


def forget_answers(store: Store) -> None:
    """Drop the activities and rows kept for ``store``: the next question runs the queries again
    (bench/run.py times the coverage view this way, the query's cost and not memory's)."""
    with _KEPT_LOCK:
        _KEPT.pop(store, None)


def _run_activities(
    store: Store, given: dict[str, str], *, activity_level: str, map: str
) -> list[CoverageActivity]:
    """The query itself and the folding of its rows (see :func:`_activities`)."""
    query = system_query("coverage-activities")
    # Each parameter bound on its own, not by run(): that would fill in the header's
    # default target where none is given.
    bindings = {
        name: to_term(query.parameter(name), raw, store)
        for name, raw in {**given, "level": activity_level}.items()
    }
    folded: dict[tuple[str, str, str], tuple[set[str], list[str]]] = {}
    table = store.select(query.text, bindings)
    # The five columns read, by position, each term's value taken as Table.values()
    # takes it (None where unbound): not a dictionary of all eleven columns a row, a
    # third of the folding's time on a national answer of 10,000 rows.
    at = [
        table.columns.index(name)
        for name in (
            "unit" if map == "old" else "successor",
            "activity_type",
            "activity_key",
            "activity_kind",
            "when",
        )
    ]
    for row in table.rows:
        unit, kind, key, relation, when = (
            None if (term := row[index]) is None else term.value for index in at
        )
        if unit is None:
            continue
        # an event or a document counted under two relations is still one activity
        relations, dates = folded.setdefault((unit, kind, key), (set(), []))
        relations.add(relation)
        if when:
            dates.append(when)
    return [
        CoverageActivity(
            unit=unit,
            activity_type=kind,
            activity_key=key,
            relations=tuple(name for name in COVERAGE_RELATIONS if name in relations),
            first=min(dates),
            last=max(dates),
        )
        for (unit, kind, key), (relations, dates) in sorted(folded.items())
        if dates  # the query keeps only dated activities (its period filter reads the date)
    ]


def counting_label(counting: str | Iterable[str] | None = None, language: str = "vi") -> str:
    """The relations counted, in words, from the ontology's labels of the terms that
    make them (:data:`RELATION_TERMS`).

    >>> counting_label()
    'sơ kết, tổng kết; thực hiện; liên quan đến; khen thưởng'
    >>> counting_label("reviews,awards", "en")
    'review; award'
    """
    check_language(language)
    words = []
    for name in parse_counting(counting):
        text = label(RELATION_TERMS[name].value, language) or name
        # mid-sentence: "Sơ kết, tổng kết" → "sơ kết, tổng kết" (a name keeps its capital)
        words.append(text[:1].lower() + text[1:] if not text[1:2].isupper() else text)
    return "; ".join(words)


def _label_target(store: Store, table: CoverageTable) -> None:
    result = run(get_query("statement-sources"), store, {"subject": table.target})
    prop, value = result.columns.index("property"), result.columns.index("value")
    for row in result.rows:
        term = row[value]
        if row[prop] is None or not isinstance(term, ox.Literal):
            continue
        if row[prop] == RDFS_LABEL and term.language == "vi" and table.target_label is None:
            table.target_label = term.value
        if row[prop].value.endswith("#recordKey") and table.target_key is None:
            table.target_key = term.value
