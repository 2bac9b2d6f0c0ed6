"""From article to draft records: ``danvan extract`` as a Python API (issue 14).

A pipeline of small stages, each returning plain objects with spans into the cleaned
text (eyecite's shape): :func:`clean` → finders per kind (:mod:`.find`) →
:mod:`.resolve` (short forms, graph matches) → :func:`draft_record` → :func:`annotate`.
:func:`extract` runs them all; :func:`extract_paths` runs a folder in parallel.
"""

from danvan_kg.extract.clean import clean, clean_with_metadata
from danvan_kg.extract.draft import draft_record
from danvan_kg.extract.model import KINDS, Article, Extraction, Mention, Metadata
from danvan_kg.extract.pipeline import extract, find_mentions

__all__ = [
    "KINDS",
    "Article",
    "Extraction",
    "Mention",
    "Metadata",
    "clean",
    "clean_with_metadata",
    "draft_record",
    "extract",
    "find_mentions",
]
