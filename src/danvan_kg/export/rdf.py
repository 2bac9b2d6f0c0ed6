"""The RDF formats: every quad of a selection, named graphs kept where the format can."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from danvan_kg.export.selection import Selection
from danvan_kg.vocab import PREFIXES


def _serialize(selection: Selection, path: Path, rdf_format: ox.RdfFormat) -> None:
    if rdf_format.supports_datasets:
        items: Iterable[Any] = sorted(set(selection.quads), key=str)
    else:
        items = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in selection.quads}, key=str
        )
    prefixes = (
        PREFIXES
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)
        else None
    )
    with path.open("wb") as stream:
        ox.serialize(items, stream, rdf_format, prefixes=prefixes)


def write_turtle(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.TURTLE)


def write_trig(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.TRIG)


def write_jsonld(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.JSON_LD)


def write_nquads(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.N_QUADS)
