"""Document mentions: full identifiers (through :func:`find_identifiers`), with the type
word before them, the date, issuer and term (khóa) after them; and short references
("Chỉ thị 19", "Quyết định số 217 và 218") that :mod:`..resolve` completes.

>>> s = "thực hiện Chỉ thị số 19-CT/TU, ngày 16/10/2013 của Ban Thường vụ Tỉnh ủy; Chỉ thị 19"
>>> [(m.text, m.value.get("identifier"), m.value.get("date")) for m in find_documents(s)]
[('19-CT/TU', '19-CT/TU', '2013-10-16'), ('Chỉ thị 19', None, None)]
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from danvan_kg import identifiers
from danvan_kg.extract.model import Mention
from danvan_kg.identifiers import find_identifiers
from danvan_kg.text import strip_diacritics

#: Type words as written (lower case, NFC) → doctype code: the identifier parser's, and
#: "Chương trình hành động số 03" (the Party's programme of action is a Chương trình), and
#: "Chương trình phối hợp số 09" (a joint programme, whose symbol may be "09/CTr-BCA-MTTQ").
TYPE_WORDS: dict[str, str] = {
    **identifiers.TYPE_WORDS,
    "chương trình hành động": "CTr",
    "chương trình phối hợp": "CTr",
}
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
    r"(?![\d/\-–.,]\d|\d|[ \t]*(?:năm|tháng"
    # ("Chỉ thị số 31 ngày 21 tháng 12 năm 2023": a date in words is the document's too)
    r"|ngày(?![ \t]+\d{1,2}(?:[ \t]*[/.\-][ \t]*\d|[ \t]+tháng\b))"
    r"|%|người|lượt|tập thể|cá nhân|mô hình|hộ\b))",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d{1,4}(?:[a-z](?!\w))?")
# "luật" ending another word: "pháp luật" (the law), "kỷ luật" (discipline)
_LAW_AS_WORD = re.compile(r"(?:pháp|kỷ|kỉ)\s+$", re.IGNORECASE)
# "Sự ra đời của NQ 24": a type's notation in capitals before a bare number of 1–4 digits
# is a short reference too (not "Nq 24", not "NQ 2024" nor "NQ 24/…", which is a symbol).
_NOTATION_CODES: dict[str, str] = {
    # "SL" is no notation a text writes alone before a number ("SL 24": số lượng)
    identifiers.TYPE_NOTATIONS[code]: code
    for code in identifiers.WRITTEN_TYPES
    if code not in ("TT", "SL")
}
_ABBREVIATED = re.compile(
    r"(?<![\w/\-–])(?P<word>"
    + "|".join(sorted(_NOTATION_CODES, key=len, reverse=True))
    + r")[ \t]+(?:số[ \t]*:?[ \t]*)?(?!(?:19|20)\d\d(?!\d))(?P<numbers>\d{1,4})(?![\w/\-–]|[.,]\d)"
)
# "NQ21", "(NQ21)": a tag of the Party's chief types glued to a number of 1–3 digits (no
# year: "NQ2024" is none), a short reference like "NQ 21"; not inside a word or symbol.
_GLUED_NOTATION = re.compile(
    r"(?<![\w/\-–])(?P<word>NQ|CT|KL)(?P<numbers>\d{1,3})(?![\w/\-–]|[.,]\d)"
)
# "Nghị định 59/2023": a type word, the number and its year, no symbol: a short reference
# whose number is written with the year ("ND 59/2023"); not a date ("Kế hoạch năm
# 10/2022" has no type word before the number) nor the head of a symbol ("59/2023/NĐ-CP").
_SHORT_YEAR = re.compile(
    rf"(?<!\w)(?P<word>{_WORDS})\s+(?:số\s*:?\s*)?"
    r"(?P<numbers>(?P<number>\d{1,4})[ \t]*/[ \t]*(?P<year>(?:19[4-9]|20\d)\d))"
    r"(?![\w/\-–]|[.,]\d)",
    re.IGNORECASE,
)
# A type word whose tone marks a page scrambles ("Nghị qúỷết 18") or places the old way:
# any letter with any diacritics, in NFC or NFD, then each syllable checked (_same_word).
_COMBINING = "[\u0300-\u036f]*"


@cache
def _letters_by_base() -> dict[str, list[str]]:
    """The characters from U+00C0 to U+1EFF by their letter without diacritics (lower
    case): one scan of the 7,700 code points for every letter class below."""
    found: dict[str, list[str]] = {}
    for code in range(0xC0, 0x1F00):
        found.setdefault(strip_diacritics(chr(code)).lower(), []).append(chr(code))
    return found


@cache
def _letter_class(letter: str) -> str:
    """Every character (NFC) whose letter without diacritics is ``letter``, either case.
    Kept per letter: the type words spell ~200 letters, ~20 distinct."""
    chars = {letter, letter.upper()}
    chars.update(_letters_by_base().get(letter, ()))
    return "[" + re.escape("".join(sorted(chars))) + "]" + _COMBINING


_FOLDED_WORDS = sorted({strip_diacritics(w) for w in TYPE_WORDS}, key=len, reverse=True)
_FOLDED = re.compile(
    r"(?<!\w)(?P<word>"
    + "|".join(
        r"\s+".join("".join(_letter_class(ch) for ch in syllable) for syllable in word.split())
        for word in _FOLDED_WORDS
    )
    + r")(?!\w)(?=\s+(?:số\s*:?\s*)?\d)"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _tones(syllable: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFD", syllable) if c in _TONES]


def _same_word(written: str, word: str) -> bool:
    """Whether ``written``, whose letters are ``word``'s, is that word with its tone marks
    misplaced or scrambled: each syllable carries the word's tone (anywhere), none at all
    (a text without diacritics), or more than one (no Vietnamese syllable does). A single
    other tone is another word ("chí thì" is not "chỉ thị")."""
    for mine, theirs in zip(written.split(), word.split(), strict=True):
        tones = _tones(mine)
        if len(tones) == 1 and tones != _tones(theirs):
            return False
    return True


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
# "30c/NQ-CP" too, and "800QĐ/TTg" (a type glued to the number)
# (a dot may stand for the dash: "26.NQ/TW")
_MAY_HOLD_IDENTIFIER = re.compile(r"\d(?:[a-z]|\.?[A-ZĐ][A-ZĐa-z]{0,3})?\s*[-–—‐‑/⁄∕／]")
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
        state = ident.state_form()
        if state is not None:  # 673-QĐ/TTg: a State document written the Party's way
            value["identifier"] = state.canonical()
            value["family"] = "state"
        confidence = 0.95 if ident.issuer_known else 0.8
        found.append(Mention("document", start, end, text[start:end], value, confidence))
    taken = [(m.start, m.end) for m in found]
    for match in _SHORT_YEAR.finditer(text):
        start, end = match.start(), match.end()
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        word = " ".join(match.group("word").lower().split())
        word = TYPE_TYPOS.get(word, word)
        number, year = match.group("number"), int(match.group("year"))
        value = {"type": TYPE_WORDS[word], "number": f"{number}/{year}", "year": year}
        value["type_word"] = word
        value.update(_context(text, end, end))
        mention = Mention("document", start, end, text[start:end], value, 0.6, False)
        # the full symbol of the same type, number and year in the article, when one only
        full = {
            str(m.value["identifier"])
            for m in found
            if m.value.get("type") == value["type"]
            and str(m.value.get("number")).lstrip("0") == number.lstrip("0")
            and m.value.get("year") == year
        }
        if len(full) == 1:
            mention.value["identifier"] = full.pop()
            mention.resolved = True
        found.append(mention)
    for first, offset, written, word, code in _short_references(text):
        numbers = list(_NUMBER.finditer(written))
        for index, number in enumerate(numbers):
            # the first keeps its type word in the span: "Chỉ thị 19"; listed ones are bare
            start = first if index == 0 else offset + number.start()
            end = offset + number.end()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            value = {"type": code, "number": number.group(), "type_word": word}
            value.update(_context(text, end, end))
            found.append(Mention("document", start, end, text[start:end], value, 0.6, False))
    return sorted(found, key=lambda m: m.start)


_BY_FOLDED = {strip_diacritics(w): w for w in TYPE_WORDS}


def _short_references(text: str) -> list[tuple[int, int, str, str, str]]:
    """Short references as (start, start of the numbers, the numbers, type word as the
    table writes it, code): the type word as written, then with its tone marks misplaced
    or scrambled, then a notation ("NQ 24")."""
    found = []
    exact: set[int] = set()
    for match in _SHORT.finditer(text):
        exact.add(match.start())
        word = " ".join(match.group("word").lower().split())
        word = TYPE_TYPOS.get(word, word)
        if word == "chương trình" and "số" not in text[match.end("word") : match.start("numbers")]:
            continue  # "Chương trình 135", "Chương trình 1719": named after their decisions
        if word == "luật" and _LAW_AS_WORD.search(text, max(0, match.start() - 6), match.start()):
            continue  # "Ngày Pháp luật 2019", "kỷ luật 20 đảng viên": law as a word
        found.append((match.start(), match.start("numbers"), match.group("numbers"), word))
    for loose in _FOLDED.finditer(text):
        if loose.start() in exact:
            continue
        written = " ".join(unicodedata.normalize("NFC", loose.group("word")).lower().split())
        word = _BY_FOLDED[strip_diacritics(written)]
        if not _same_word(written, word):
            continue
        # read as if written right, so that _SHORT's rules for the number hold
        shift = loose.end() - loose.start() - len(word)
        fixed = text[: loose.start()] + word + text[loose.end() :]
        match = _SHORT.match(fixed, loose.start())
        if match is not None and match.end("word") == loose.start() + len(word):
            numbers = match.start("numbers") + shift
            found.append((loose.start(), numbers, match.group("numbers"), word))
    result = [(a, b, c, word, TYPE_WORDS[word]) for a, b, c, word in found]
    for match in [*_ABBREVIATED.finditer(text), *_GLUED_NOTATION.finditer(text)]:
        notation = match.group("word")
        result.append((match.start(), match.start("numbers"), match.group("numbers"), notation,
                       _NOTATION_CODES[notation]))  # fmt: skip
    return result
