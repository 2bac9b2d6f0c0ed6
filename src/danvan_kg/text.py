"""Vietnamese text normalisation: NFC, one tone-mark placement, keys and folding.

Vietnamese has two conventions for where the tone mark sits on the vowel pairs
oa, oe, uy ("old": khoá, Thuỳ; "new": khóa, Thùy). Sources mix them, and input may
arrive decomposed (NFD). :func:`normalise` maps every spelling of a word to a single
NFC form so that the same name never becomes two values.
"""

from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
# The vowel pairs whose tone mark moves between the two styles: o/u then a/e/y.
_FIRST_VOWELS = {"o", "u", "O", "U"}
_SECOND_VOWELS = {"a", "e", "y", "A", "E", "Y"}
_WORD = re.compile(r"\w+", re.UNICODE)


def _fold_tone_placement(word: str) -> str:
    """Move the tone mark of a final ``oa``/``oe``/``uy`` to its new-style vowel.

    New-style (the one Vietnamese dictionaries and government style guides now use)
    puts the mark on the first vowel of a syllable-final oa/oe/uy (``khóa``, ``Thùy``)
    and on the second when a consonant follows (``hoàng``, ``khuyến``).
    """
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
    folded = _WORD.sub(lambda match: _fold_tone_placement(match.group(0)), nfc)
    return " ".join(folded.split())


def strip_diacritics(text: str) -> str:
    """Remove every diacritic and map đ/Đ to d/D: ``"Thanh Liêm"`` → ``"Thanh Liem"``.

    >>> strip_diacritics("Đặng Thị Thùy Vinh")
    'Dang Thi Thuy Vinh'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def match_key(text: str, *, ignore_diacritics: bool = False) -> str:
    """A comparison key: normalised, case-folded, optionally without diacritics.

    >>> plain = match_key("Thanh Liem", ignore_diacritics=True)
    >>> plain == match_key("Thanh Liêm", ignore_diacritics=True)
    True
    """
    key = normalise(text).casefold()
    return strip_diacritics(key) if ignore_diacritics else key


def slugify(text: str) -> str:
    """An ASCII slug for IRIs: ``"Huyện ủy Thanh Liêm"`` → ``"huyen-uy-thanh-liem"``.

    >>> slugify("Huyện ủy  Thanh Liêm")
    'huyen-uy-thanh-liem'
    """
    ascii_text = strip_diacritics(normalise(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
