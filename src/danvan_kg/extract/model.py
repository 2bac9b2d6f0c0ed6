"""The plain objects every extraction stage passes on: articles and mentions.

Spans always index the *cleaned* text (:func:`danvan_kg.extract.clean.clean`), so a
mention's ``text`` is ``article.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal[
    "document", "date", "unit", "organisation", "person", "event", "model", "award", "figure"
]
KINDS: tuple[Kind, ...] = (
    "document", "date", "unit", "organisation", "person", "event", "model", "award", "figure"
)  # fmt: skip


@dataclass(frozen=True)
class Metadata:
    """What is known about an article besides its text (flags or HTML meta tags)."""

    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date "2023-11-29" (or datetime)
    title: str | None = None
    province: str | None = None  # a hint for unit names ("Hà Nam"), else guessed

    def merged(self, other: Metadata) -> Metadata:
        """Fields of ``self``, completed by ``other`` where ``self`` has none."""
        return Metadata(
            **{
                name: getattr(self, name) or getattr(other, name)
                for name in ("url", "publisher", "published", "title", "province")
            }
        )


@dataclass(frozen=True)
class Article:
    """A cleaned article: NFC text with one tone-mark placement, and its metadata."""

    text: str
    metadata: Metadata = Metadata()
    name: str = ""  # where it came from (file name), for messages and record keys


@dataclass
class Mention:
    """One thing found in the text.

    ``value`` holds the normalised value, by kind (see docs/extraction.md): an
    identifier's parts, an ISO date and whether its year was inferred, a unit code, a
    role code, a number. ``resolved`` is False when the value could not be completed
    (a short reference with no full mention, a unit not in the gazetteer): such a value
    is kept as stated, never guessed. ``match`` is the key or IRI of an existing node.
    """

    kind: Kind
    start: int
    end: int
    text: str
    value: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    resolved: bool = True
    match: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``--format json``."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "confidence": round(self.confidence, 2),
            "resolved": self.resolved,
        }
        if self.match is not None:
            out["match"] = self.match
        return out

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass
class Extraction:
    """An article, every mention found in it (by start), and the draft record."""

    article: Article
    mentions: list[Mention]
    record: dict[str, Any] = field(default_factory=dict)

    def of_kind(self, kind: Kind) -> list[Mention]:
        return [mention for mention in self.mentions if mention.kind == kind]
