"""Record IRIs: every IRI a record file makes is minted here, and nowhere else.

A converter that mints a node also says where it came from (a :class:`Location`), so
nothing downstream (validate's findings) has to derive an IRI again or read one back.

>>> thing_iri("org", "huyen-uy-thanh-liem").value
'https://w3id.org/danvan/id/org/huyen-uy-thanh-liem'
>>> post_iri("ubnd-cho-don", "vice-chair").value
'https://w3id.org/danvan/id/post/ubnd-cho-don/vice-chair'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import pyoxigraph as ox

from danvan_kg.vocab import GRAPH_IRI, ID_IRI, code_of


class KeyIndex(Protocol):
    """What already exists outside the batch being converted (usually: the store)."""

    def existing(self, kind: str, key: str) -> str | None:
        """The IRI of the thing of ``kind`` with record key ``key``, if it exists."""

    def document_facts(self, iri: str) -> dict[str, str | None]:
        """What identifies the existing document ``iri`` (see
        :meth:`danvan_kg.stores.Store.document_facts`)."""

    def record_name(self, key: str) -> tuple[str, str] | None:
        """The (vi, en) name of the existing record ``key``, for labels that name it."""

    def record_keys(self, kinds: Iterable[str]) -> set[str]:
        """Every existing key of these kinds (the candidates of "did you mean …")."""


class EmptyIndex:
    """A :class:`KeyIndex` for converting records on their own."""

    def existing(self, kind: str, key: str) -> str | None:
        return None

    def document_facts(self, iri: str) -> dict[str, str | None]:
        return {}  # nothing exists

    def record_name(self, key: str) -> tuple[str, str] | None:
        return None

    def record_keys(self, kinds: Iterable[str]) -> set[str]:
        return set()


@dataclass(frozen=True)
class Location:
    """Where a node came from: the file, the record (``events[0] (key)``) and, for nodes
    inside a record (a review, a participant, a post, a correction), the field they sit
    under; ``section`` is the section (or part) whose fields its triples come from."""

    file: str
    record: str | None
    prefix: str | None = None
    section: str | None = None
    rdf: bool = False


def thing_iri(kind: str, key: str) -> ox.NamedNode:
    """``dvi:{kind}/{key}`` — the IRI of everything but documents and units."""
    return ox.NamedNode(f"{ID_IRI}{kind}/{key}")


def source_graph(key: str) -> ox.NamedNode:
    """The named graph holding what source ``key`` states."""
    return ox.NamedNode(f"{GRAPH_IRI}source/{key}")


def review_iri(event: ox.NamedNode, position: int) -> ox.NamedNode:
    """The ``position``-th (from 1) review of an event."""
    return ox.NamedNode(f"{event.value}/review/{position}")


def participation_iri(owner_key: str, who_key: str, role: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID_IRI}participation/{owner_key}/{who_key}-{role}")


def post_iri(org_key: str | None, role: str) -> ox.NamedNode:
    """A post (one per organisation and role, shared by everyone who held it)."""
    return ox.NamedNode(f"{ID_IRI}post/{org_key or 'unspecified'}/{role}")


def correction_iri(subject: ox.NamedNode, prop: ox.NamedNode) -> ox.NamedNode:
    return ox.NamedNode(f"{subject.value}/correction/{local_name(prop)}")


def local_name(prop: ox.NamedNode) -> str:
    return prop.value.rsplit("#", 1)[-1]


class DocumentName(NamedTuple):
    """The parts a document's IRI is made of: ``dvi:document/{issuer}/{stem}-{when}``.

    Party numbers restart every term and every province has a "19-CT/TU", so issuer and
    year (or term) are part of the identity.
    """

    issuer: str  # an organisation key, code-{issuer code} or unknown-issuer
    stem: str  # {type}-{number}
    when: str  # a year, khoa-{term} or undated

    @property
    def iri(self) -> ox.NamedNode:
        return ox.NamedNode(f"{ID_IRI}document/{self.issuer}/{self.stem}-{self.when}")

    @property
    def generic_issuer(self) -> bool:
        return self.issuer == "unknown-issuer" or self.issuer.startswith("code-")

    @property
    def precision(self) -> int:
        """A year says more than a term, a term more than nothing."""
        return 0 if self.when == "undated" else 1 if self.when.startswith("khoa") else 2

    def fuller(self, other: DocumentName) -> DocumentName | None:
        """One name for two records of the same document where they differ only in what
        one of them leaves out (the issuer's key, the year); None if they disagree."""
        if self.stem != other.stem:
            return None
        if self.issuer != other.issuer and not (self.generic_issuer or other.generic_issuer):
            return None
        if self.when != other.when and self.precision == other.precision:
            return None
        issuer = other.issuer if self.generic_issuer else self.issuer
        when = max(self.when, other.when, key=lambda w: DocumentName("", "", w).precision)
        return DocumentName(issuer, self.stem, when)

    @classmethod
    def of_facts(cls, facts: dict[str, str | None]) -> DocumentName:
        """The name of a document already stored, made from what the store says of it
        (:meth:`KeyIndex.document_facts`) by the same rule as a new record's."""
        year = facts.get("year")
        return document_name(
            issuer=facts.get("issuer"),
            issuer_code=facts.get("issuer_code"),
            type_code=code_of(facts.get("type") or "") or "unknown",
            number=facts.get("number"),
            year=int(year) if year and year.isdigit() else None,
            term=facts.get("term"),
            key=facts.get("key") or "",
        )


def document_name(
    *,
    issuer: str | None,
    issuer_code: str | None,
    type_code: str,
    number: str | None,
    year: int | None,
    term: str | None,
    key: str,
) -> DocumentName:
    """A document's name from what identifies it: issuer, type, number, year or term.

    >>> document_name(issuer="tinh-uy-ha-nam", issuer_code="TU", type_code="CT", number="19",
    ...               year=2013, term=None, key="ct-19").iri.value
    'https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013'
    """
    issuer_part = issuer or (f"code-{issuer_code.lower()}" if issuer_code else "unknown-issuer")
    number_part = (number.lstrip("0") or "0") if number else key
    when = str(year) if year else (f"khoa-{term.lower()}" if term else "undated")
    return DocumentName(issuer_part, f"{type_code.lower()}-{number_part}", when)


def document_iri(**parts: object) -> ox.NamedNode:
    """The IRI of :func:`document_name` (same arguments)."""
    return document_name(**parts).iri  # type: ignore[arg-type]
