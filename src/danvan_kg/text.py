"""Vietnamese text normalisation: NFC, one tone-mark placement, keys and folding.

Vietnamese has two conventions for where the tone mark sits on the vowel pairs
oa, oe, uy ("old": khoá, Thuỳ; "new": khóa, Thùy). Sources mix them, and input may
arrive decomposed (NFD). :func:`normalise` maps every spelling of a word to a single
NFC form so that the same name never becomes two values.
"""

from __future__ import annotations

import difflib
import html.entities
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
# The vowel pairs whose tone mark moves between the two styles: o/u then a/e/y.
_FIRST_VOWELS = {"o", "u", "O", "U"}
_SECOND_VOWELS = {"a", "e", "y", "A", "E", "Y"}
_WORD = re.compile(r"\w+", re.UNICODE)


def _last_letters_that_may_move() -> str:
    """Characters that, ending a word, may make its tone mark move: every precomposed
    a/e/y with a tone mark and nothing else (á, ỳ, Ẹ…), and any character whose
    decomposition starts with a combining mark (that mark joins the letter before)."""
    found = []
    for code in range(0x80, 0x10000):
        decomposed = unicodedata.normalize("NFD", chr(code))
        base, marks = decomposed[0], decomposed[1:]
        toned = base in _SECOND_VOWELS and marks and all(mark in _TONE_MARKS for mark in marks)
        if toned or (decomposed != chr(code) and unicodedata.combining(base)):
            found.append(chr(code))
    return "".join(found)


# Most words end in a letter whose tone mark cannot move; such text is left as it is
# without decomposing it word by word (most of the cost of converting records). Written
# out because computing it takes 50 ms at every start; tests/test_text.py checks it.
_MAY_MOVE = frozenset(
    "\xc0\xc1\xc3\xc8\xc9\xdd\xe0\xe1\xe3\xe8\xe9\xfd\u0340\u0341\u0343\u0344\u0f73\u0f75"
    "\u0f81\u1ea0\u1ea1\u1ea2\u1ea3\u1eb8\u1eb9\u1eba\u1ebb\u1ebc\u1ebd\u1ef2\u1ef3\u1ef4"
    "\u1ef5\u1ef6\u1ef7\u1ef8\u1ef9"
)
_ANY_MAY_MOVE = re.compile("[" + re.escape("".join(sorted(_MAY_MOVE))) + "]")


def _fold_tone_placement(word: str) -> str:
    """Move the tone mark of a final ``oa``/``oe``/``uy`` to its new-style vowel.

    New-style (the one Vietnamese dictionaries and government style guides now use)
    puts the mark on the first vowel of a syllable-final oa/oe/uy (``khóa``, ``Thùy``)
    and on the second when a consonant follows (``hoàng``, ``khuyến``).
    """
    if word[-1] not in _MAY_MOVE and not unicodedata.combining(word[-1]):
        return word
    decomposed = unicodedata.normalize("NFD", word)
    letters: list[list[str]] = []  # each base letter with its combining marks
    for char in decomposed:
        if unicodedata.combining(char) and letters:
            letters[-1].append(char)
        else:
            letters.append([char])
    if len(letters) < 2:
        return word
    first, second = letters[-2], letters[-1]
    # Only syllable-final oa/oe/uy, and not after q ("qua", "quý" keep the mark on a/y)
    if first[0] not in _FIRST_VOWELS or second[0] not in _SECOND_VOWELS:
        return word
    if len(letters) >= 3 and letters[-3][0] in {"q", "Q"}:
        return word
    # "uy" after g? ("guy" is not Vietnamese); a vowel before "o"/"u" means a triphthong
    if len(letters) >= 3 and unicodedata.normalize("NFD", letters[-3][0])[0].lower() in "aeiouy":
        return word
    tone = [mark for mark in second[1:] if mark in _TONE_MARKS]
    if not tone or any(mark in _TONE_MARKS for mark in first[1:]):
        return word
    # Only a bare o/u and a bare a/e/y take part: ô, ơ, ư, ê, ă, â are other vowels
    # ("Huế", "thuở"), whose tone mark sits where it is in both styles.
    if len(first) > 1 or any(mark not in _TONE_MARKS for mark in second[1:]):
        return word
    letters[-2] = first + tone
    letters[-1] = [second[0]]
    return unicodedata.normalize("NFC", "".join("".join(letter) for letter in letters))


def normalise(text: str) -> str:
    """Return ``text`` in NFC with new-style tone-mark placement and tidy spaces.

    >>> normalise("kho\u0061\u0301") == normalise("khóa") == "khóa"
    True
    >>> normalise("Thuỳ  Vinh ")
    'Thùy Vinh'
    """
    nfc = unicodedata.normalize("NFC", text)
    if _ANY_MAY_MOVE.search(nfc):
        nfc = _WORD.sub(lambda match: _fold_tone_placement(match.group(0)), nfc)
    return " ".join(nfc.split())


def strip_diacritics(text: str) -> str:
    """Remove every diacritic and map đ/Đ to d/D: ``"Thanh Liêm"`` → ``"Thanh Liem"``.

    >>> strip_diacritics("Đặng Thị Thùy Vinh")
    'Dang Thi Thuy Vinh'
    """
    if text.isascii():
        return text
    return text.translate(_STRIPPED)


class _StrippedChars(dict[int, str]):
    """``str.translate`` table filled on first sight of each character: its NFD form
    without combining marks. Per character is exact, because canonical reordering only
    moves the combining marks that are dropped; and it is many times faster than
    decomposing whole strings (the gazetteer folds 28,000 names at every build)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            stripped = "d" if char == "đ" else "D"
        else:
            decomposed = unicodedata.normalize("NFD", char)
            stripped = "".join(part for part in decomposed if not unicodedata.combining(part))
        self[code] = stripped
        return stripped


_STRIPPED = _StrippedChars()


def match_key(text: str, *, ignore_diacritics: bool = False) -> str:
    """A comparison key: normalised, case-folded, optionally without diacritics.

    >>> plain = match_key("Thanh Liem", ignore_diacritics=True)
    >>> plain == match_key("Thanh Liêm", ignore_diacritics=True)
    True
    """
    key = normalise(text).casefold()
    return strip_diacritics(key) if ignore_diacritics else key


def closest(text: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.7) -> list[str]:
    """The ``n`` candidates nearest to ``text`` (a mistyped key or code), best first,
    compared without regard to case or diacritics: "did you mean …" for an error message.

    >>> closest("huyen-uy-thanh-lim", ["huyen-uy-thanh-liem", "huyen-uy-cho-don"])
    ['huyen-uy-thanh-liem']
    >>> closest("CONFERENSE", ["conference", "visit"]), closest("zzz", ["conference"])
    (['conference'], [])
    """
    by_folded: dict[str, list[str]] = {}
    for candidate in candidates:
        by_folded.setdefault(match_key(candidate, ignore_diacritics=True), []).append(candidate)
    sought = match_key(text, ignore_diacritics=True)
    matches = difflib.get_close_matches(sought, list(by_folded), n=n, cutoff=cutoff)
    return [found for match in matches for found in sorted(by_folded[match])][:n]


def slugify(text: str) -> str:
    """An ASCII slug for IRIs: ``"Huyện ủy Thanh Liêm"`` → ``"huyen-uy-thanh-liem"``.

    >>> slugify("Huyện ủy  Thanh Liêm")
    'huyen-uy-thanh-liem'
    """
    ascii_text = strip_diacritics(normalise(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


# UTF-8 read as cp1252 or Latin-1: every Vietnamese letter outside ASCII is two or three
# bytes whose lead byte shows as Ã Ä Å Æ (U+00C0–01B0) or á (U+1E00–1EFF) followed by a
# byte that is no Vietnamese letter (º » € …). Vietnamese text never has these pairs; "Ã"
# followed by a space it has ("XÃ PHƯỚC AN"), so that pair alone never counts.
_MOJIBAKE = re.compile(
    "[ÃÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u203a\u20ac\u2122]|á[º»]"
)


def repair_mojibake(text: str) -> str | None:
    """The text ``text`` was before its UTF-8 bytes were read as cp1252 (or Latin-1),
    when that is what happened; None for ordinary text.

    >>> repair_mojibake("Tráº§n XuÃ¢n ThÃ\xa0nh"), repair_mojibake("Ä\x90áº£ng bá»™")
    ('Trần Xuân Thành', 'Đảng bộ')
    >>> repair_mojibake("Trần Xuân Thành"), repair_mojibake("UBND XÃ PHƯỚC AN")
    (None, None)
    """
    if not _MOJIBAKE.search(text):
        return None
    # A no-break space (the second byte of "à", "Ạ" …) is often turned into a plain one.
    for candidate in (text, re.sub("(?<=[ÃÄÅÆáº»]) ", "\u00a0", text)):
        try:
            repaired = b"".join(map(_cp1252_byte, candidate)).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text and not _MOJIBAKE.search(repaired):
            return normalise(repaired)
    return None


def _cp1252_byte(char: str) -> bytes:
    # cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): decoders that
    # read UTF-8 as "cp1252" pass them through as U+0081 … (Latin-1), as in "Ä\x90" (Đ).
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        return char.encode("latin-1")


def find_markup(text: str) -> str | None:
    """The first piece of HTML in ``text`` — a tag (also ``<svg/onload=…>``, ``</script/x>``,
    an unclosed ``<img …``), an entity or character reference (``&nbsp;``, ``&#8220;``), a
    comment — found by the standard library's HTML tokenizer; None for plain text, where a
    "<" or "&" between words is prose ("3 < 5", "R&D").

    >>> find_markup("<svg/onload=alert(1)>"), find_markup("x &nbsp; y"), find_markup("a < b")
    ('<svg>', '&nbsp;', None)
    >>> find_markup("</script/x>"), find_markup("<img src=x onerror=1"), find_markup("R&D")
    ('</script>', '<img', None)
    >>> find_markup("Sở NN&PTNT tỉnh"), find_markup("x &nbsp y"), find_markup("&copy;")
    (None, '&nbsp;', '&copy;')
    """
    if "<" not in text and "&" not in text:
        return None
    finder = _MarkupFinder()
    finder.feed(text)
    # What the tokenizer still holds at the end is a tag never closed ("<img src=…"),
    # which close() would drop without a word.
    unclosed = _UNCLOSED_TAG.match(finder.rawdata)
    finder.close()
    if finder.found is None and unclosed:
        return unclosed.group(0)
    return finder.found


class _MarkupFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: str | None = None

    def _saw(self, piece: str) -> None:
        if self.found is None:
            self.found = piece

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._saw(f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self._saw(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self._saw(f"</{tag}>")

    def handle_entityref(self, name: str) -> None:
        # The tokenizer takes "&" and letters for a reference even without ";": only a
        # name HTML knows is one ("&nbsp", "&amp;"); "Sở NN&PTNT", "PTTH&TTĐT" are
        # Vietnamese abbreviations ("và" written "&").
        if name in html.entities.html5 or name + ";" in html.entities.html5:
            self._saw(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._saw(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._saw("<!--…-->")

    def handle_decl(self, decl: str) -> None:
        self._saw(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._saw(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._saw(f"<![{data}]>")


_UNCLOSED_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*")
