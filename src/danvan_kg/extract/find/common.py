"""Small helpers the finders share: sentences, numbers, non-overlapping selection."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from danvan_kg.extract.model import Mention

# A sentence ends at . ; ! ? or a line break followed by a capital or the end; numbers
# such as "4.728" and abbreviations such as "TP." do not end it.
_SENTENCE_END = re.compile(r"(?<![A-ZĐ])\.(?=\s+[^\W\d_]|\s*$)|[!?;](?=\s|$)|\n")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


class Sentences:
    """Sentence boundaries of a text, for "in the same sentence" tests.

    >>> s = Sentences("Một. Hai ba; bốn")
    >>> s.bounds(6)
    (5, 12)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [match.end() for match in _SENTENCE_END.finditer(text)]

    def bounds(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.ends, offset)
        start = self.ends[index - 1] if index else 0
        end = self.ends[index] if index < len(self.ends) else len(self.text)
        while start < end and self.text[start].isspace():
            start += 1
        return start, end


def parse_number(written: str) -> float | int:
    """A number as Vietnamese prints it: "4.728" is 4728, "3,5" is 3.5.

    >>> parse_number("4.728"), parse_number("3,5"), parse_number("123")
    (4728, 3.5, 123)
    """
    if _NUMBER.match(written):
        return int(written.replace(".", ""))
    if "," in written:
        return float(written.replace(".", "").replace(",", "."))
    if "." in written:
        return float(written)
    return int(written)


def without_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep, among overlapping mentions of one kind, the longest (then the earliest)."""
    chosen: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(other.overlaps(mention.start, mention.end) for other in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


# Names join with an apostrophe (H'Hen), never a hyphen: "Hòa-Vụ trưởng" is name-post.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def capitalised_run(text: str, pos: int, max_words: int = 4) -> int:
    """End of the run of capitalised words (or a number) starting at ``pos`` (after
    spaces), on one line; ``pos`` itself when there is none.

    >>> s = "Huyện ủy Thanh Liêm tổ chức"
    >>> s[9:capitalised_run(s, 8)]
    'Thanh Liêm'
    """
    end = pos
    for _ in range(max_words):
        gap = end
        while gap < len(text) and text[gap] in " \t":
            gap += 1
        word = _WORD.match(text, gap)
        if word is None or (gap == end and end != pos):
            break
        token = word.group()
        if not (token[0].isupper() or (token.isdigit() and end == pos)):
            break
        end = word.end()
        if token.isdigit():
            break
    return end
