"""Stage 3: resolve short forms and match mentions to the graph.

A short reference ("Chỉ thị 19", "Quyết định số 217 và 218") takes the identifier of the
full mention of the same type and number in the same article ("Chỉ thị số 19-CT/TU"); the
type is compared by its notation, so "NQ 54" is the Assembly's "54/2017/QH14".
With two full candidates, or none, it stays unresolved: nothing is guessed.

>>> from danvan_kg.extract.find.documents import find_documents
>>> found = resolve_short_forms(find_documents("Chỉ thị 19 ... Chỉ thị số 19-CT/TU"))
>>> [(m.text, m.value.get("identifier"), m.resolved) for m in found]
[('Chỉ thị 19', '19-CT/TU', True), ('19-CT/TU', '19-CT/TU', True)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from danvan_kg.extract.model import Mention
from danvan_kg.identifiers import TYPE_NOTATIONS

_DOCUMENT_IDS = """
SELECT ?document ?identifier WHERE { ?document dv:identifier ?identifier }
"""


def _number_key(number: object) -> str:
    """ "06" and "6" are one number; "30a" keeps its letter."""
    return str(number).lstrip("0") or "0"


def _key(value: dict[str, Any]) -> tuple[str, str]:
    """Type notation and number: "NQ 54" and "54/2017/QH14" (an NQQH, written NQ) agree."""
    code = str(value["type"])
    return TYPE_NOTATIONS.get(code, code), _number_key(value["number"])


def resolve_short_forms(documents: Sequence[Mention]) -> list[Mention]:
    """Complete short references in place from the full mentions; returns ``documents``."""
    full: dict[tuple[str, str], set[str]] = {}
    for mention in documents:
        if mention.resolved and "identifier" in mention.value:
            full.setdefault(_key(mention.value), set()).add(str(mention.value["identifier"]))
    for mention in documents:
        if mention.resolved:
            continue
        key = _key(mention.value)
        candidates = full.get(key, set())
        if len(candidates) == 1:
            mention.value["identifier"] = next(iter(candidates))
            mention.value["resolved_from"] = "full mention in the article"
            mention.resolved = True
            mention.confidence = 0.85
        elif candidates:
            mention.value["candidates"] = sorted(candidates)
    return list(documents)


def match_documents(documents: Sequence[Mention], store: Any) -> None:
    """Set ``match`` to the IRI of the stored document with the same identifier, when
    exactly one has it (two provinces' 19-CT/TU are two documents: no match then)."""
    by_identifier: dict[str, list[str]] = {}
    for row in store.select(_DOCUMENT_IDS).rows:
        by_identifier.setdefault(row[1].value, []).append(row[0].value)
    for mention in documents:
        iris = by_identifier.get(str(mention.value.get("identifier")), [])
        if len(set(iris)) == 1:
            mention.match = iris[0]
