"""Dates and periods: "12/01/2024", "ngày 29/11" (year inferred), "tháng 11/2020",
"giai đoạn 2021-2023", "6 tháng đầu năm 2014".

Values: ``iso`` is an ISO 8601 date (``2023-11-29``), month (``2020-11``) or interval
(``2021/2023``, ``2014-01/2014-06``); ``precision`` is day, month or period;
``year_inferred`` says the article did not print the year (``year_basis`` says where it
came from). A day and month with no year to infer it from keep ``--11-29`` and are
unresolved.

>>> [(m.text, m.value["iso"]) for m in find_dates("họp ngày 16/10/2013; giai đoạn 2021-2023")]
[('16/10/2013', '2013-10-16'), ('giai đoạn 2021-2023', '2021/2023')]
>>> m = find_dates("Sáng ngày 29/11, hội nghị", published="2023-12-01")[0]
>>> (m.text, m.value["iso"], m.value["year_inferred"])
('29/11', '2023-11-29', True)
>>> find_dates("6 tháng đầu năm 2014")[0].value["iso"]
'2014-01/2014-06'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from danvan_kg.extract.find.common import without_overlaps
from danvan_kg.extract.model import Mention

_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*[/.\-]\s*"
_FULL = re.compile(rf"(?<![\d/.,])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}{_YEAR}(?![\d/])")
_FULL_WORDS = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}(?!\d)", re.IGNORECASE
)
_DAY_MONTH = re.compile(
    r"(?:\b(?:ngày|hôm|sáng|chiều|tối|trưa)\s+(?:ngày\s+)?)"
    r"(?P<date>(\d{1,2})\s*[/\-]\s*(\d{1,2})|(\d{1,2})\s+tháng\s+(\d{1,2}))"
    r"(?!\s*[/.\-]?\s*\d|\s+năm\s+\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    rf"(?:\btháng\s+(\d{{1,2}})\s*(?:/|năm|-)\s*{_YEAR}|(?<![\d/.,\-])(\d{{1,2}})\s*/\s*{_YEAR})"
    r"(?![\d/])",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    rf"(?:\b(?P<word>giai đoạn|nhiệm kỳ|thời kỳ|năm|từ năm)\s+)?(?<![\d/.\-]){_YEAR}"
    rf"\s*(?:[-–—]|đến\s+(?:năm\s+)?)\s*{_YEAR}(?![\d/])",
    re.IGNORECASE,
)
_HALF = re.compile(
    rf"\b(?P<n>6|9|sáu|chín)\s+tháng\s+(?P<part>đầu|cuối)\s+năm(?:\s+{_YEAR})?(?!\d)"
    rf"|\bquý\s+(?P<q>I{{1,3}}|IV|[1-4])(?:\s*(?:năm|/)\s*{_YEAR})?(?!\d)",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"(?<![\d/.,])((?:19|20)\d{2})(?![\d/])")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


class _YearGuess:
    """The year a date printed without one belongs to: the published year, else the
    latest year the article states (a review is reported in the year it closes)."""

    def __init__(self, text: str, published: str | None) -> None:
        self.year: int | None = None
        self.basis = ""
        if published and published[:4].isdigit():
            self.year, self.basis = int(published[:4]), "published date"
        else:
            years = [int(match.group(1)) for match in _ANY_YEAR.finditer(text)]
            if years:
                self.year, self.basis = max(years), "latest year in the article"


def find_dates(
    text: str, published: str | None = None, exclude: Sequence[tuple[int, int]] = ()
) -> list[Mention]:
    """Every date and period in ``text``; spans in ``exclude`` (identifiers) are skipped."""
    guess = _YearGuess(text, published)
    found: list[Mention] = []

    def add(start: int, end: int, value: dict[str, object], confidence: float = 0.95) -> None:
        if any(start < e and s < end for s, e in exclude):
            return
        resolved = not str(value.get("iso", "")).startswith("--")
        found.append(Mention("date", start, end, text[start:end], value, confidence, resolved))

    for pattern in (_FULL, _FULL_WORDS):
        for match in pattern.finditer(text):
            day, month, year = (int(g) for g in match.groups())
            if _valid(year, month, day):
                iso = f"{year:04d}-{month:02d}-{day:02d}"
                add(*match.span(), {"iso": iso, "precision": "day", "year_inferred": False})
    for match in _DAY_MONTH.finditer(text):
        groups = [g for g in match.groups()[1:] if g is not None]
        day, month = int(groups[0]), int(groups[1])
        start, end = match.span("date")
        check_year = guess.year or 2000  # a leap year, so 29/2 passes
        if not _valid(check_year, month, day):
            continue
        value: dict[str, object] = {"precision": "day", "year_inferred": guess.year is not None}
        if guess.year is not None:
            value["iso"] = f"{guess.year:04d}-{month:02d}-{day:02d}"
            value["year_basis"] = guess.basis
        else:
            value["iso"] = f"--{month:02d}-{day:02d}"
        add(start, end, value, 0.8)
    for match in _MONTH_YEAR.finditer(text):
        month_text, year_text = (
            (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        )
        month, year = int(month_text), int(year_text)
        if 1 <= month <= 12:
            add(*match.span(), {"iso": f"{year:04d}-{month:02d}", "precision": "month"}, 0.85)
    for match in _PERIOD.finditer(text):
        first, last = int(match.group(2)), int(match.group(3))
        if first < last <= first + 30 or (first == last and match.group("word")):
            add(*match.span(), {"iso": f"{first}/{last}", "precision": "period"}, 0.9)
    for match in _HALF.finditer(text):
        if match.group("q"):
            quarter = _QUARTERS[match.group("q").lower()]
            months, year_text = (3 * quarter - 2, 3 * quarter), match.group(5)
        else:
            length = 6 if match.group("n").lower() in {"6", "sáu"} else 9
            first_half = match.group("part").lower() == "đầu"
            months = (1, length) if first_half else (13 - length, 12)
            year_text = match.group(3)
        inferred = year_text is None
        year = int(year_text) if year_text else guess.year
        value = {"precision": "period", "year_inferred": inferred}
        if year is None:
            value["iso"] = f"--{months[0]:02d}/--{months[1]:02d}"
        else:
            value["iso"] = f"{year}-{months[0]:02d}/{year}-{months[1]:02d}"
            if inferred:
                value["year_basis"] = guess.basis
        add(*match.span(), value, 0.9)
    return without_overlaps(found)
