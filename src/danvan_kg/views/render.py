"""The lineage tree as text: indented, with box-drawing characters, in Vietnamese or
English (labels of relations, levels, review kinds and award forms from the ontology)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from danvan_kg.views.words import (
    WORDS,
    award_label,
    check_language,
    level_label,
    level_phrase,
    period_text,
    relation_label,
    review_label,
    tail,
    word,
)

if TYPE_CHECKING:
    from danvan_kg.views.lineage import Award, Conference, LineageNode, LineageTree, Model


def render_lineage(tree: LineageTree, language: str = "vi") -> str:
    """The tree as indented text with box-drawing characters."""
    check_language(language)
    w = lambda name: word(WORDS, name, language)  # noqa: E731
    root = tree.root
    lines = [_document_line(root, language, with_relation=False)]
    if root.title:
        lines.append(f"  {root.title}")
    lines.append("")
    lines.append(f"{w('rests_on')}:")
    if not tree.ancestors:
        lines.append(f"  {w('nothing_above')}")
    for ancestor in tree.ancestors:
        relation = relation_label(ancestor.relation, language)
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
    details = [part for part in (issuer, level_label(tail(level), language), date) if part]
    return name + (f" — {' · '.join(details)}" if details else "")


def _document_line(node: LineageNode, language: str, *, with_relation: bool = True) -> str:
    label = node.label or node.identifier
    name = f"{label} ({node.key})" if label else node.key
    details = [
        part
        for part in (node.issuer, level_label(tail(node.issuer_level), language), node.date)
        if part
    ]
    text = name + (f" — {' · '.join(details)}" if details else "")
    if with_relation and node.relation:
        text = f"[{relation_label(node.relation, language)}] {text}"
    return text


def _conference_line(conference: Conference, language: str) -> str:
    w = lambda name: word(WORDS, name, language)  # noqa: E731
    parts = [conference.date or "?", conference.place, conference.organiser]
    review = review_label(conference.review_kind, language)
    period = period_text(conference.period_start, conference.period_end)
    if review or period:
        parts.append(
            " ".join(part for part in (review, f"{w('period')} {period}" if period else "") if part)
        )
    return f"{w('conference')} {conference.key}: " + " · ".join(part for part in parts if part)


def _model_line(model: Model, language: str) -> str:
    level = level_phrase(model.recognition_level, language)
    details = [model.owner, model.place, model.field, level, model.recognised_in]
    name = model.name or model.key
    text = f"{word(WORDS, 'model', language)}: {name}"
    details = [part for part in details if part]
    return text + (f" ({', '.join(details)})" if details else "")


def _award_line(award: Award, language: str) -> str:
    w = lambda name: word(WORDS, name, language)  # noqa: E731
    counts = [
        f"{count} {w(name)}"
        for count, name in (
            (award.collectives, "collectives"),
            (award.individuals, "individuals"),
            (award.models, "models"),
        )
        if count is not None
    ]
    head = " — ".join(part for part in (award_label(award.form, language), award.giver) if part)
    text = f"{w('award')} {award.key}: {head}" if head else f"{w('award')} {award.key}"
    if counts:
        text += f": {', '.join(counts)}"
    extra = []
    if award.decision:
        extra.append(f"{w('decision')} {award.decision}")
    period = period_text(award.period_start, award.period_end)
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
            (f"{word(WORDS, 'reported', language)}: {figure}", []) for figure in conference.figures
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
