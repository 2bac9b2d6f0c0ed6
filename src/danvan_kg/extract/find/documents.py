"""Document mentions: full identifiers (through :func:`find_identifiers`), with the type
word before them, the date, issuer and term (khóa) after them; and short references
("Chỉ thị 19", "Quyết định số 217 và 218") that :mod:`..resolve` completes.

>>> s = "thực hiện Chỉ thị số 19-CT/TU, ngày 16/10/2013 của Ban Thường vụ Tỉnh ủy; Chỉ thị 19"
>>> [(m.text, m.value.get("identifier"), m.value.get("date")) for m in find_documents(s)]
[('19-CT/TU', '19-CT/TU', '2013-10-16'), ('Chỉ thị 19', None, None)]
"""

from __future__ import annotations

import re
from typing import Any

from danvan_kg import identifiers
from danvan_kg.extract.model import Mention
from danvan_kg.identifiers import find_identifiers

#: Type words as written (lower case, NFC) → doctype code: the identifier parser's, and
#: "Chương trình hành động số 03" (the Party's programme of action is a Chương trình).
TYPE_WORDS: dict[str, str] = {**identifiers.TYPE_WORDS, "chương trình hành động": "CTr"}
# Misspelt type words seen in published articles (a slip of one letter the reader reads
# past: "Chỉ chị 03" for "Chỉ thị 03") → the word meant.
TYPE_TYPOS: dict[str, str] = {"chỉ chị": "chỉ thị"}
_WORDS = "|".join(sorted([*TYPE_WORDS, *TYPE_TYPOS], key=len, reverse=True)).replace(" ", r"\s+")
_WORD_BEFORE = re.compile(rf"(?P<word>{_WORDS})\s+(?:số\s*:?\s*)?$", re.IGNORECASE)
# "Chỉ thị 19", "Nghị quyết số 25", "Quyết định số 217 và 218" (no symbol)
_SHORT = re.compile(
    rf"(?<!\w)(?P<word>{_WORDS})\s+(?:số\s*:?\s*)?"
    # "Nghị quyết 30a": a number may end in one letter
    r"(?P<numbers>\d{1,4}(?:[a-z](?!\w))?(?:\s*(?:,|và)\s*\d{1,4}(?:[a-z](?!\w))?)*)"
    # a letter may follow straight on ("số 01của": a missing space), a digit may not; a
    # count of days is no number ("Kế hoạch 100 ngày"), the document's date is ("Chỉ thị
    # số 35 ngày 30/5/2019")
    r"(?![\d/\-–.,]\d|\d|[ \t]*(?:năm|tháng|ngày(?![ \t]+\d{1,2}[ \t]*[/.\-][ \t]*\d)"
    r"|%|người|lượt|tập thể|cá nhân|mô hình|hộ\b))",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d{1,4}(?:[a-z](?!\w))?")
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?(?:ngày\s+)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*"
    r"((?:19|20)\d{2})",
    re.IGNORECASE,
)
_ISSUER_AFTER = re.compile(
    r"^[^;.\n]{0,40}?\b(?:của|do)\s+(?P<issuer>(?:Ban Thường vụ|BTV|Ban Chấp hành|BCH|"
    r"Ban Bí thư|Bộ Chính trị|Thường trực|Ban Dân vận|Ủy ban nhân dân|UBND|Chính phủ|"
    r"Thủ tướng|Quốc hội|Trung ương|Tỉnh ủy|Huyện ủy|Thành ủy|Thị ủy|Đảng ủy)"
    r"[^;,.\n(]{0,40}?)(?=\s+(?:về|khóa|và)\b|[;,.\n(]|$)",
    re.IGNORECASE,
)
_TERM = re.compile(r"\bkhóa\s+(?P<term>[IVXLC]+)\b")


def _context(text: str, start: int, end: int) -> dict[str, object]:
    """Type word before, date / issuer / term after a mention."""
    value: dict[str, object] = {}
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is not None:
        word = " ".join(before.group("word").lower().split())
        value["type_word"] = TYPE_TYPOS.get(word, word)
    after = text[end : end + 160]
    if date := _DATE_AFTER.match(after):
        day, month, year = date.groups()
        value["date"] = f"{year}-{int(month):02d}-{int(day):02d}"
    if issuer := _ISSUER_AFTER.match(after):
        value["issuer_text"] = " ".join(issuer.group("issuer").split())
    term = _TERM.search(after[:80])
    if term and ";" not in after[: term.start()] and "." not in after[: term.start()]:
        value["term"] = term.group("term")
    return value


# Some sites type Đ as the look-alike Icelandic Eth (U+00D0: "11-QÐi/TW"), which no
# folding turns into D; read it as Đ.
_ETH = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})
_MAY_HOLD_IDENTIFIER = re.compile(r"\d[a-z]?\s*[-–—‐‑/⁄∕／]")  # "30c/NQ-CP" too
# "Quyết định 217 QĐ/TW, 218 QĐ/ TW": a space where the dash goes between the number and a
# Party symbol. Read as the dash (the first space becomes "-", one character for one, so
# the spans carry over); a number alone before a type word and a slash is no date. The
# issuer may be any body writing Party-style symbols in capitals ("84 QĐ/TWĐTN": the Youth
# Union's Central Committee), but not one of the State's, whose symbols put the slash
# first: "84 QĐ/UBND" is no Party symbol.
_SPACE_FOR_DASH = re.compile(
    r"(?<![\d/.,])(?<!năm )(?<!Năm )(\d{1,4})([ \t]+)"
    r"(?=(?:NQ|CT|KL|QĐi|QĐ|ĐA|KH|CTr|HD|TB|BC|QC|CV)[ \t]*/[ \t]*"
    r"(?:TW|TƯ|TU|HU|QU|ĐU|(?!(?:UBND|HĐND|CP|TTg|QH)(?![A-ZĐ]))[A-ZĐ]{2,})(?!\w))"
)


def _dash_for_space(match: re.Match[str]) -> str:
    return match.group(1) + "-" + " " * (len(match.group(2)) - 1)


def _identifiers(text: str) -> list[tuple[int, int, Any]]:
    """find_identifiers, line by line, skipping lines with no number before a dash or
    slash: most of an article's lines hold none, and the finder folds every character."""
    found = []
    offset = 0
    for line in text.split("\n"):
        line = _SPACE_FOR_DASH.sub(_dash_for_space, line)
        if _MAY_HOLD_IDENTIFIER.search(line):
            line = line.translate(_ETH)  # one character for one: the spans carry over
            found.extend((offset + a, offset + b, i) for a, b, i in find_identifiers(line))
        offset += len(line) + 1
    return found


def find_documents(text: str) -> list[Mention]:
    """Full identifiers and short references, by start."""
    found: list[Mention] = []
    for start, end, ident in _identifiers(text):
        value: dict[str, object] = {
            "identifier": ident.canonical(),
            "number": ident.number,
            "type": ident.type_code,
            "issuer": ident.issuer_code,
            "family": ident.family,
        }
        if ident.year is not None:
            value["year"] = ident.year
        if ident.legislature is not None:
            value["legislature"] = ident.legislature
        if ident.type_from_word:  # "Công văn số 01-CB/TW": only the word gives the type
            value["type_from_word"] = True
        value.update(_context(text, start, end))
        party = ident.party_form()
        if party is not None:
            value["identifier"] = party.canonical()
            value["family"] = "party"
        confidence = 0.95 if ident.issuer_known else 0.8
        found.append(Mention("document", start, end, text[start:end], value, confidence))
    taken = [(m.start, m.end) for m in found]
    for match in _SHORT.finditer(text):
        word = " ".join(match.group("word").lower().split())
        word = TYPE_TYPOS.get(word, word)
        code = TYPE_WORDS[word]
        numbers = list(_NUMBER.finditer(match.group("numbers")))
        offset = match.start("numbers")
        for index, number in enumerate(numbers):
            # the first keeps its type word in the span: "Chỉ thị 19"; listed ones are bare
            start = match.start() if index == 0 else offset + number.start()
            end = offset + number.end()
            if any(start < e and s < end for s, e in taken):
                continue
            value = {"type": code, "number": number.group(), "type_word": word}
            value.update(_context(text, end, end))
            found.append(Mention("document", start, end, text[start:end], value, 0.6, False))
    return sorted(found, key=lambda m: m.start)
