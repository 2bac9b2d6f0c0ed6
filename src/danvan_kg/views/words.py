"""The words of the rendered views, in Vietnamese and English.

Labels of vocabulary codes (relations, levels, review kinds, award forms) are read from
the ontology (:func:`danvan_kg.vocab.label`), so nothing here restates a label the
ontology carries; what remains is the views' own text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from danvan_kg.errors import QueryError
from danvan_kg.vocab import DV_IRI, code_label, label

LANGUAGES = ("vi", "en")

# The views' own words, Vietnamese first.
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
    "counting": ("tính theo", "counting"),
    "all_years": ("mọi năm", "all years"),
    "old_map": ("bản đồ trước 1/7/2025", "map before 1 July 2025"),
    "new_map": (
        "bản đồ từ 1/7/2025 (các huyện cũ gộp vào tỉnh mới)",
        "map from 1 July 2025 (old districts rolled up into the new provinces)",
    ),
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
    "awards": ("Khen thưởng", "Awards"),
    "counted_under": ("Tính theo", "Counted under"),
    "first": ("Đầu tiên", "First"),
    "last": ("Gần nhất", "Last"),
    "districts": ("Huyện cũ có hoạt động", "Old districts covered"),
}


def word(table: Mapping[str, tuple[str, str]], code: str | None, language: str) -> str:
    if not code:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[0] if language == "vi" else pair[1]


def relation_label(relation: str | None, language: str) -> str:
    """``carriesOut`` → "thực hiện" / "carries out" (the property's ``rdfs:label``)."""
    if not relation:
        return ""
    return label(DV_IRI + relation, language) or relation


def level_label(level: str | None, language: str) -> str:
    """A level code (``district``) → its label in the ``level`` vocabulary."""
    return code_label("level", level, language)


def level_phrase(level: str | None, language: str) -> str:
    """A level as said of a model or a table: "Cấp huyện" / "District level"."""
    text = level_label(level, language)
    if not text or language == "vi":
        return text
    return f"{text} level"


def review_label(kind: str | None, language: str) -> str:
    return code_label("reviewkind", kind, language)


def award_label(form: str | None, language: str) -> str:
    return code_label("awardform", form, language)


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise QueryError("view.language-unknown", language=language, known=", ".join(LANGUAGES))


def tail(value: str | None) -> str | None:
    """The last part of an IRI: ``…/level/district`` → ``district``, ``…#amends`` → ``amends``."""
    if value is None:
        return None
    return re.split(r"[/#]", value)[-1]


def period_text(start: str | None, end: str | None) -> str:
    if start and end and start != end:
        return f"{start}–{end}"
    return start or end or ""
