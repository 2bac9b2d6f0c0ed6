"""A directive's lineage: what it rests on, what carries it out (at any depth), and the
conferences, models and awards below each document.

Every fact comes from a named query (``upstream-chain``, ``lineage-edges``,
``reviews-of-directive``, ``models-under``, ``awards-for``, ``statement-sources`` and the
internal ``system/lineage-model-reviews``); the tree is drawn by
:mod:`danvan_kg.views.render`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import QueryError
from danvan_kg.lookup import resolve
from danvan_kg.queries import get_query, run, system_query
from danvan_kg.stores import Store
from danvan_kg.views.rows import query_rows, split, to_int
from danvan_kg.views.words import tail
from danvan_kg.vocab import DV_IRI, RDFS_LABEL

DV_TITLE = DV_IRI + "title"


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
        from danvan_kg.views.render import render_lineage

        return render_lineage(self, language)


def lineage(store: Store, directive: str, *, activity: bool = True) -> LineageTree:
    """The lineage tree of a directive (key, identifier such as ``05-CT/TW``, or IRI).

    Built from the catalogue queries ``upstream-chain`` and ``lineage-edges`` (what it
    rests on), ``lineage-edges`` (the tree below, any depth), ``reviews-of-directive``,
    ``models-under`` and ``awards-for`` (the activity below each document),
    ``statement-sources`` (the root's label and title) and the internal
    ``system/lineage-model-reviews`` (which documents' reviews each model was reported at).
    ``activity=False``: the documents only, without the conferences, models and awards
    below them (the web page of a document with thousands of them lists a few apart).
    """
    root_iri = resolve(store, directive, ("document",)).value
    root = LineageNode(key="", iri=root_iri)

    # The root itself and what it rests on.
    upstream = [
        row for row in query_rows(store, "upstream-chain", item=root_iri) if row["via"] == "is"
    ]
    above: dict[str, dict[str, Any]] = {}
    for row in upstream:
        if row["steps"] == "0":
            root.key = row["document_key"]
            root.identifier = row["identifier"]
            root.issuer = row["issuer_name"]
            root.issuer_level = tail(row["issuer_level"])
            root.date = row["date"]
        else:
            above.setdefault(row["document_key"], row)
    _label_root(store, root)
    if not root.key:
        raise QueryError("view.not-a-keyed-document", directive=directive)
    ancestors = _ancestors(store, root.key, above)

    # The tree below.
    edges: dict[str, list[dict[str, Any]]] = {}
    for row in query_rows(store, "lineage-edges", directive=root_iri):
        edges.setdefault(row["parent_key"], []).append(row)
    for children in edges.values():
        children.sort(key=lambda row: (row["date"] or "9999", row["document_key"], row["relation"]))
    _grow(root, edges, (root.key,))
    if not activity:
        return LineageTree(root=root, ancestors=ancestors)

    # The activity below each document.
    nodes: dict[str, list[LineageNode]] = {}
    for node in root.walk():
        nodes.setdefault(node.key, []).append(node)
    for row in query_rows(store, "reviews-of-directive", directive=root_iri):
        conference = Conference(
            key=row["event_key"],
            date=row["date"],
            place=row["place_name"],
            organiser=row["organiser_name"],
            review_kind=tail(row["review_kind"]),
            period_start=row["period_start"],
            period_end=row["period_end"],
            reviewed_key=row["reviewed_key"],
            figures=split(row["figures"]),
            awards=split(row["awards"]),
        )
        for node in nodes.get(conference.reviewed_key, []):
            node.conferences.append(conference)
    for row in query_rows(store, "awards-for", directive=root_iri):
        award = Award(
            key=row["award_key"],
            for_key=row["for_key"],
            form=tail(row["form"]),
            giver=row["giver_name"],
            decision=row["decision"],
            collectives=to_int(row["collectives"]),
            individuals=to_int(row["individuals"]),
            models=to_int(row["models"]),
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
    for row in query_rows(store, "models-under", target=root_iri):
        model = Model(
            key=row["model_key"],
            name=row["name"],
            owner=row["owner_name"],
            place=row["place_name"],
            field=tail(row["field"]),
            recognition_level=tail(row["recognition_level"]),
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
    root.label = found.get((RDFS_LABEL.value, "vi")) or found.get((RDFS_LABEL.value, ""))
    root.title = found.get((DV_TITLE, "vi")) or found.get((DV_TITLE, ""))


def _ancestors(store: Store, root_key: str, above: dict[str, dict[str, Any]]) -> list[Ancestor]:
    """What the root rests on, with the relation and depth of the link that reaches each."""
    members = {root_key, *above}
    links: dict[str, list[tuple[str, str]]] = {}  # child → [(relation, parent)]
    for key in sorted(above):
        for row in query_rows(store, "lineage-edges", directive=key):
            child, parent = row["document_key"], row["parent_key"]
            if child in members and parent in above:
                pair = (tail(row["relation"]) or "", parent)
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
                        issuer_level=tail(row["issuer_level"]),
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
            issuer_level=tail(row["issuer_level"]),
            date=row["date"],
            relation=tail(row["relation"]),
            parent_key=node.key,
            depth=node.depth + 1,
        )
        node.children.append(child)
        _grow(child, edges, (*path, key))
