"""Dates and periods: "12/01/2024", "ngày 29/11" (year inferred), "tháng 11/2020",
"giai đoạn 2021-2023", "6 tháng đầu năm 2014".

Values: ``iso`` is an ISO 8601 date (``2023-11-29``), month (``2020-11``) or interval
(``2021/2023``, ``2014-01/2014-06``); ``precision`` is day, month or period;
``year_inferred`` says the article did not print the year (``year_basis`` says where it
came from). A day and month with no year to infer it from keep ``--11-29`` and are
unresolved; so is a day kept every year ("ngày 15 tháng 10 hàng năm"), whose precision
is ``annual``.

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
from collections import Counter
from collections.abc import Sequence
from datetime import date

from danvan_kg.extract.find.common import Sentences, without_overlaps
from danvan_kg.extract.model import Mention

_YEAR = r"((?:19|20)\d{2})"
# A full date (day, month, year) may be older: "19/5/1890", the birth of Hồ Chí Minh that
# anniversaries print beside this year's date. A bare year stays 1900 or later.
_FULL_YEAR = r"((?:18|19|20)\d{2})"
_SEP = r"\s*[/.\-]\s*"
# (a slash may follow when no digit does: "( 18-11-1930/ 18-11- 2014 )", two dates)
_FULL = re.compile(
    rf"(?<![\d/.,])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}{_FULL_YEAR}(?!\d|/[A-Za-zĐđ0-9])"
)
_FULL_WORDS = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_FULL_YEAR}(?!\d)", re.IGNORECASE
)
# Page stamps written out with no "năm": "Thứ hai, 27 Tháng 6, 2022 - 07:14", "04 Tháng 6
# 2020". A capital "Tháng" (a stamp's), "ngày" before the day ("ngày 27 tháng 6, 2022") or
# a weekday ("Thứ Năm, 26 tháng 5, 2011"): a lower-case "3 tháng 6 2020" may be a duration
# followed by a year.
_STAMP = re.compile(
    r"(?:(?P<word>\b[Nn]gày|\b(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[2-7])"
    r"|[Cc]hủ\s+[Nn]hật)\s*,)\s+)?(?<!\d)(?P<day>\d{1,2})\s+(?P<month_word>[Tt]háng)\s+"
    rf"(?P<month>\d{{1,2}})\s*,?\s+{_YEAR}(?![\d/])"
)
# "ngày 15 tháng 10 hàng năm": a day kept every year has no year to infer
_YEARLY = re.compile(r"\s*(?:hàng|hằng|mỗi)\s+năm(?!\w)", re.IGNORECASE)
# The Party's national congresses open its central terms ("Bộ Chính trị khóa XIII"): a
# date of an article that prints no year is in or after the latest term it names.
_CONGRESS_YEARS = {
    "VI": 1986, "VII": 1991, "VIII": 1996, "IX": 2001, "X": 2006, "XI": 2011, "XII": 2016,
    "XIII": 2021, "XIV": 2026,
}  # fmt: skip
# The central bodies only: a province's committee, the National Assembly and the youth
# union number their terms otherwise ("Tỉnh ủy khóa XX", "Quốc hội khóa XV").
# A numbered plenum ("Nghị quyết Trung ương 7 khóa IX") names a policy that articles cite
# for decades after its term, so it dates nothing (group "plenum").
_CENTRAL_TERM = re.compile(
    r"\b(?:Bộ Chính trị|Ban Bí thư|(?:Ban Chấp hành\s+)?Trung ương(?:\s+Đảng)?"
    r"(?:\s+(?P<plenum>\d{1,2}))?)"
    r"\s*[,(]?\s*kh(?:óa|oá|oa)\s+(?P<term>[IVX]+)\b"
)
_DAY_MONTH = re.compile(
    # "Sáng nay (31-7)": the date in parentheses after "nay"; "Hôm qua 12.5": a dot
    # between day and month, after a word that says a date follows
    # ("Tính đến 15/6": up to a day)
    r"(?:\b(?:ngày|hôm|sáng|chiều|tối|trưa|tính\s+đến)"
    r"(?:\s+nay\s*\(|\s+(?:qua|nay)\s+|\s+)\s*(?:ngày\s+)?)"
    r"(?P<date>(\d{1,2})\s*[/\-.]\s*(\d{1,2})|(\d{1,2})\s+tháng\s+(\d{1,2}))"
    r"(?!\s*[/.\-]?\s*\d|\s+năm\s+\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    # "tháng 3.2014": a dot between month and year, written tight (not "tháng 3. 2014")
    rf"(?:\btháng\s+(\d{{1,2}})(?:\s*(?:/|năm|-)\s*|\.){_YEAR}|(?<![\d/.,\-])(\d{{1,2}})\s*/\s*{_YEAR})"
    r"(?![\d/])",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    rf"(?:\b(?P<word>(?:giai đoạn|thời kỳ)(?:\s+năm)?|nhiệm kỳ|năm|từ năm)\s+)?"
    rf"(?<![\d/.\-]){_YEAR}"
    rf"\s*(?:[-–—]|đến\s+(?:năm\s+)?)\s*{_YEAR}(?![\d/])",
    re.IGNORECASE,
)
_HALF = re.compile(
    rf"\b(?P<n>6|9|sáu|chín)\s+tháng\s+(?P<part>đầu|cuối)\s+năm(?:\s+{_YEAR})?(?!\d)"
    # roman numerals longest first: "quý IV/2013" is no "quý I"
    # ("quý IV-2025": a dash for "năm")
    rf"|\bqu[ýí]\s+(?P<q>IV|I{{1,3}}|[1-4])(?![A-Za-z])(?:\s*(?:năm|/|-|–)\s*{_YEAR})?(?!\d)",
    re.IGNORECASE,
)
# "tháng 2-4/ 2023": months of one year, a period (not the day 2 of April)
_MONTH_RANGE = re.compile(
    r"\btháng\s+(?P<first>\d{1,2})\s*[-–]\s*(?P<last>\d{1,2})\s*(?:/|năm)\s*(?P<year>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
# A half of a year with its year, before the other half in the same sentence
_OTHER_HALF = re.compile(rf"\b(?:6|sáu)\s+tháng\s+đầu\s+năm\s+{_YEAR}", re.IGNORECASE)
# "16 – 17/8", "16-17/8/2022": two days of one month (not "08-10/2020", a day-month/year);
# "Ngày 27 và 28-7", "hai ngày làm việc 5 và 6/11": a pair, read as the same range, but
# only after "ngày" (group "pair"; "2 và 3/4 số hộ" is a fraction)
_DAY_RANGE = re.compile(
    rf"(?<![\d/.:,])(\d{{1,2}})\s*(?:[-–]|(?P<pair>và))\s*(\d{{1,2}})\s*(?(pair)[/\-]|/)\s*"
    rf"(\d{{1,2}})(?:\s*/\s*{_YEAR})?(?![\d/])"
)
_DAY_WORD_BEFORE = re.compile(r"\bngày\b[^\W\d]*(?:\s+[^\W\d]+){0,2}\s+$", re.IGNORECASE)
# "từ ngày 17 đến ngày 22-8": the first day shares the second's month (and year); the
# second is a date of its own. Not "từ 17 đến 22-8 triệu" (no "ngày").
_DAY_BEFORE_DAY_MONTH = re.compile(
    r"\bngày\s+(?P<day>\d{1,2})\s+(?:đến|tới)\s+(?:ngày\s+)?\d{1,2}\s*[/\-.]\s*"
    rf"(?P<month>\d{{1,2}})(?:\s*[/\-.]\s*{_FULL_YEAR})?(?![\d/])",
    re.IGNORECASE,
)
# "từ tháng 6 đến tháng 8 năm 2024", "Từ tháng 8 đến tháng 9/2021": the first month of a
# range takes the year printed on the second
_MONTH_BEFORE_MONTH_YEAR = re.compile(
    r"\b(?P<date>tháng\s+(?P<first>\d{1,2}))\s+(?:đến|tới|-|–)\s+tháng\s+(?P<last>\d{1,2})"
    r"\s*(?:/|năm|-)\s*(?P<year>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
# Two day-months joined as a range, "(10/10 đến 10/11/2019)", "từ 1/6 đến 31/8": the
# first is a date too, with the year printed on the second (the year before when its month
# comes later: "20/12 đến 5/1/2020"), or, with none printed, after "từ" only, each taking
# its year as a day printed without one does
_DAY_MONTH_TO = re.compile(
    r"(?<![\d/.,])(?:(?P<from>từ)\s+)?(?:ngày\s+)?(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})"
    r"\s+(?:đến|tới)\s+(?:ngày\s+)?(?P<last_day>\d{1,2})\s*/\s*(?P<last_month>\d{1,2})"
    r"(?:\s*/\s*(?P<year>(?:18|19|20)\d{2}))?(?![\d/])",
    re.IGNORECASE,
)
# "(18/11) hàng năm": a day-month in brackets or bare right before "hàng năm", with no word
# before it that _DAY_MONTH needs, is a yearly day too
_YEARLY_DAY = re.compile(
    r"(?<![\d/.,])(?P<date>(\d{1,2})\s*[/\-]\s*(\d{1,2}))(?![\d/])\)?(?=\s*(?:hàng|hằng|mỗi)\s+năm(?!\w))",
    re.IGNORECASE,
)
# "từ ngày 20/9-30/9/2014": two days of two months, the year printed on the second only;
# the first is its own date (the second is a full date already)
_SPAN_TO_FULL = re.compile(
    rf"(?<![\d/.:])(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*{_YEAR}"
    r"(?![\d/])"
)
# "giai đoạn 20112020": a period whose dash a copy from a PDF lost; after the word that
# names a period only, and the second year later (a stage of at most 30 years)
_GLUED_PERIOD = re.compile(
    rf"\b(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+{_YEAR}{_YEAR}(?![\d/])", re.IGNORECASE
)
# ISO dates as page stamps write them: "2025-10-13", "2023-12"
_ISO = re.compile(rf"(?<![\d/\-]){_YEAR}-(\d{{2}})(?:-(\d{{2}}))?(?![\d/\-])")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TERM = re.compile(rf"\bnhiệm kỳ\s+(?:[IVXLC]+\s*\(\s*)?{_YEAR}\s*[-–—]\s*{_YEAR}", re.I)
# A term's years say nothing of a day in a sentence that prepares its congress ("chuẩn bị
# Đại hội …, nhiệm kỳ 2024-2029", "trình Đại hội", "tiến tới Đại hội": before it opens) or
# holds a numbered meeting of the term ("Hội nghị … lần thứ mười bốn, khóa IX, nhiệm kỳ
# 2019-2024": years into it); the congress itself and its resolution are in its first year.
_TERM_NO_BASIS = re.compile(
    r"(?:chuẩn bị|trình|tiến tới|hướng tới|chào mừng)\s+(?:[^\W\d_]+\s+){0,3}?Đại hội"
    r"|Hội nghị\b[^.;\n]{0,80}?\blần thứ\b",
    re.IGNORECASE,
)
# "tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW ngày 3/6/2013", "kỷ niệm 91 năm Ngày
# truyền thống … (15/10/1930": N years after the year that follows, within the clause.
_ANNIVERSARY = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,3})\s+năm\s+(?!\d)(?P<what>[^;\n]{0,220}?)"
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
# A sentence about what is to come: "Đại hội … sẽ diễn ra từ ngày 16-18/10"
_WILL = re.compile(r"\b(?:sẽ|dự kiến)\b", re.IGNORECASE)
# A year the clause aims at or compares with, not when it happens: "phát triển … đến năm
# 2020", "tầm nhìn 2045", "so với năm 2015"; "so với cùng kỳ năm 2018" (the same part of
# the year before) says the clause is in 2019
_OTHER_YEAR_BEFORE = re.compile(
    r"(?:\b(?:đến|tới)\s+năm|tầm nhìn(?:\s+đến)?(?:\s+năm)?|(?P<last>cùng kỳ)(?:\s+năm)?"
    r"|so với\s+năm)\s+$",
    re.I,
)
# "Hội nghị lần thứ 10 Ban Chấp hành Trung ương Đảng khóa XIII": a numbered plenum written
# before the body, which dates nothing either (see _CENTRAL_TERM's "plenum")
_PLENUM_BEFORE = re.compile(r"\bHội nghị\s+(?:lần\s+thứ\s+)?(?:\d{1,2}|[IVX]+)\s+(?:của\s+)?$")
# "trong tháng 10": a month the text names without its year (not "tháng 10/2011", "tháng
# 10 năm 2011", which _MONTH_YEAR reads, nor a bare "tháng 10", often a duration's tail)
_MONTH_ALONE = re.compile(
    r"\b(?:trong|vào)\s+(?P<date>tháng\s+(?P<month>\d{1,2}))(?!\s*[/.\-]?\s*\d|\s+năm\b)",
    re.IGNORECASE,
)
_PERIOD_END = re.compile(r"\s*(?:[-–—]|đến\s+(?:năm\s+)?)\s*((?:19|20)\d{2})(?!\d)")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


# A document beside a full date: its date ("Kết luận số 111-KL/TU ngày 14/8/2017") or the
# day it was issued ("Ngày 3/11/2009, Bộ Chính trị … đã ra Kết luận 57").
_DOCUMENT_BEFORE = re.compile(
    r"(?:\b(?:nghị quyết|chỉ thị|kết luận|quyết định|quy định|kế hoạch|hướng dẫn|đề án)\b"
    r"|\d\s*[-–]\s*[A-ZĐ]{2,4}\s*/\s*[A-ZĐ]{2,6})[^.;\n]{0,40}?(?:ngày\s+)?$",
    re.IGNORECASE,
)
# A year's review that launches the next year's tasks ("Hội nghị tổng kết công tác dân
# vận năm 2021, triển khai nhiệm vụ năm 2022"): held at the turn of the two years.
_YEAR_REVIEW = re.compile(
    r"\b(?:tổng kết|sơ kết|đánh giá|kiểm điểm)\b[^.;\n]{0,60}?\bnăm\s+(?P<year>(?:19|20)\d{2})"
    r"[^.\n]{0,40}?\b(?:triển khai|phương hướng|nhiệm vụ|kế hoạch)\b[^.;\n]{0,30}?"
    r"\bnăm\s+(?P<next>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_ISSUED_AFTER = re.compile(
    r"[^.;\n]{0,80}?\b(?:ban hành|đã ra)\s+(?:nghị quyết|chỉ thị|kết luận|quyết định|quy định)",
    re.IGNORECASE,
)


def _iso(day: int, month: int, year: int) -> str | None:
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _dateline(text: str) -> str | None:
    """The date of the page's dateline, as ISO (a month when only that is given): the
    first short line near the top that is mostly a date ("14:07 - 08/01/2018",
    "Thứ Tư, 24/4/2024", "Cập nhật: 02/03/2022", "date 2023-12")."""
    for line in text.split("\n", 14)[:14]:
        if len(line) > 100 or len(re.findall(r"[^\W\d_]{2,}", line)) > 8:
            for match in _ISO.finditer(line[:20]):  # a stamp opening a long first line
                return match.group()
            continue
        for match in _FULL.finditer(line):
            day, month, year = (int(g) for g in match.groups())
            if _valid(year, month, day):
                return f"{year:04d}-{month:02d}-{day:02d}"
        for match in _ISO.finditer(line):
            return match.group()
    return None


_REVIEW_BEFORE = re.compile(r"\b(?:tổng kết|sơ kết|đánh giá|kiểm điểm)\b", re.IGNORECASE)


def _period_word(match: re.Match[str]) -> str:
    """The word that names a period, lower case and without "năm" ("giai đoạn năm 1945" →
    "giai đoạn"); "" when none."""
    words = (match.group("word") or "").lower().split()
    if len(words) > 2 and words[-1] == "năm":
        words = words[:-1]
    return " ".join(words)


class _YearGuess:
    """The year of a date printed without one: the published year (given, or the page's
    dateline; less one when the date would fall after it), else an anniversary its own
    sentence states ("tổng kết 10 năm thực hiện … 3/6/2013" → 2023), else the latest year
    that sentence states (a review held "ngày 13-7" of "6 tháng đầu năm 2011"), else the
    year the article states most.
    """

    def __init__(self, text: str, published: str | None) -> None:
        self.text = text
        self.sentences = Sentences(text)
        self.published = published if published and published[:4].isdigit() else None
        self.basis = "published date"
        if self.published is None and (dateline := _dateline(text)):
            self.published, self.basis = dateline, "the page's dateline"
        stages = self._stages(0, len(text)) + self._idle_terms(0, len(text))
        years = Counter(
            year
            for match in _ANY_YEAR.finditer(text)
            if not any(a <= match.start() < b for a, b in stages)
            and (year := self._year_at(match)) is not None
        )
        self.common = max(years, key=lambda year: (years[year], year)) if years else None
        # the latest date of a document the article cites: what it reports (a meeting to
        # disseminate it, a directive that builds on it) comes after
        cited = [
            iso
            for match in _FULL.finditer(text)
            if _DOCUMENT_BEFORE.search(text, max(0, match.start() - 60), match.start())
            or _ISSUED_AFTER.match(text, match.end())
            for iso in [_iso(*(int(g) for g in match.groups()))]
            if iso
        ]
        self.cited = max(cited) if cited else None
        terms = [
            _CONGRESS_YEARS.get(m.group("term"))
            for m in _CENTRAL_TERM.finditer(text)
            if m.group("plenum") is None
            and not _PLENUM_BEFORE.search(text, max(0, m.start() - 40), m.start())
        ]
        self.term_start = max((year for year in terms if year), default=None)

    def year(
        self, offset: int, month: int, day: int, *, past: bool = True
    ) -> tuple[int | None, str]:
        """``past``: the date has happened by publication (a meeting, not a plan); a
        sentence that says it will ("sẽ diễn ra từ ngày 16-18/10") makes it a plan."""
        if past and _WILL.search(self.text, self.sentences.bounds(offset)[0], offset):
            past = False
        if self.published:
            year = int(self.published[:4])
            stamp = self.published[:10]
            if past and len(stamp) == 10 and f"{year:04d}-{month:02d}-{day:02d}" > stamp:
                year -= 1  # "ngày 29/12" in an article of 5 January
            return year, self.basis
        start, end = self.sentences.bounds(offset)
        # the year of a full date beside it is usually a document's or an anniversary's
        full = [m.span() for m in _FULL.finditer(self.text, start, end)]
        # a term's last year is when the term ends: "Ngày 21/11, … quán triệt Nghị quyết
        # Đại hội …, nhiệm kỳ 2019-2024" is in 2019, its first; a term reviewed is
        # reviewed as it ends ("tổng kết nhiệm kỳ 2016-2021": 2021, its last)
        term_ends = [
            m.start(1)
            if _REVIEW_BEFORE.search(self.text, max(start, m.start() - 40), m.start())
            else m.start(2)
            for m in _TERM.finditer(self.text, start, end)
        ]
        stages = self._stages(start, end) + self._idle_terms(start, end)
        near = [
            year
            for match in _ANY_YEAR.finditer(self.text, start, end)
            if not any(a <= match.start() < b for a, b in (*full, *stages))
            and match.start() not in term_ends
            and (year := self._year_at(match)) is not None
            # a year still to come is a target ("tầm nhìn đến năm 2045"), not when a
            # meeting was held, and neither is one that would put the day after today
            and not (past and f"{year:04d}-{month:02d}-{day:02d}" > date.today().isoformat())
        ]
        # "Ngày 28/11 … tổng kết 10 năm thực hiện Nghị quyết … 3/6/2013": 2023, not a
        # year the sentence prints (the same reading votes when several anniversaries)
        if anniversary := self._anniversary(start, end):
            return anniversary, "anniversary in the sentence"
        # "Chiều ngày 13/12, … tổng kết công tác năm 2021, triển khai nhiệm vụ năm 2022":
        # the review is held late in the year reviewed or early in the next, so the month
        # picks between them (not the latest year, which the tasks are for)
        review = _YEAR_REVIEW.search(self.text, start, end)
        if review and int(review.group("next")) == int(review.group("year")) + 1:
            reviewed = int(review.group("year"))
            return (reviewed if month >= 7 else reviewed + 1), "a year's review in the sentence"
        # "Ngày 28 tháng 11, … Hội nghị thường kỳ tháng 11/2011": the month named with its
        # year in the same sentence is the date's own
        if named := self._month_years(start, end, month, past):
            return max(named), "the same month with its year in the sentence"
        # a document's own date is not pushed after the others it is cited with:
        # "Hướng dẫn 29-HD/BTGTU ngày 13/8 … và Hướng dẫn số 20-HD/ĐUK ngày 10/9/2021"
        if _DOCUMENT_BEFORE.search(self.text, max(0, offset - 60), offset):
            past = False
        if near:
            return self._after_cited(max(near), month, day, past), "latest year in the sentence"
        # … or in the article, when it names that month in one year only
        if len(named := self._month_years(0, len(self.text), month, past)) == 1:
            return named.pop(), "the same month with its year in the article"
        # "Hôm qua 12.5, …. … 03 năm thực hiện Chỉ thị … 14.5.2011": an anniversary the
        # article states elsewhere dates it better than the year it prints most
        if anniversary := self._anniversary(0, len(self.text)):
            return anniversary, "anniversary in the article"
        if self.common is not None and not (past and self.common > date.today().year):
            year = self.common
            # "Ngày 12/1, … quán triệt Kết luận 57" of an article that says "Ngày 3/11/2009,
            # Bộ Chính trị … đã ra Kết luận 57": 2010, the first 12 January after it
            later = self._after_cited(year, month, day, past)
            if later != year:
                return later, "after the latest document the article cites"
            return year, "year the article states most"
        if self.term_start is not None:
            # "Ngày 12-6, … triển khai Kết luận số 01-KL/TW của Bộ Chính trị khóa XIII" in
            # an article that prints no year: the term's first year, the earliest it can be
            return self.term_start, "the latest Party term the article names"
        return None, ""

    def _stages(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of stages: one under study or planned ("Lịch sử Đảng bộ giai đoạn 2000 –
        2020", "kế hoạch giai đoạn 2021-2025") says nothing of when a day is; a term does,
        and so does a stage reviewed ("Tổng kết … giai đoạn 2017- 2020": at its end)."""
        return [
            m.span()
            for m in _PERIOD.finditer(self.text, start, end)
            if _period_word(m) in {"giai đoạn", "thời kỳ"}
            and not _REVIEW_BEFORE.search(self.text, max(start, m.start() - 120), m.start())
        ]

    def _idle_terms(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of terms in sentences that prepare the term's congress or hold a numbered
        meeting of the term (_TERM_NO_BASIS): their years date no day, here or elsewhere."""
        spans = []
        for match in _TERM.finditer(self.text, start, end):
            first, last = self.sentences.bounds(match.start())
            if _TERM_NO_BASIS.search(self.text, first, last):
                spans.append(match.span())
        return spans

    def _after_cited(self, year: int, month: int, day: int, past: bool) -> int:
        """``year``, or the first year that puts the day after the latest document the
        article cites (a meeting to disseminate a resolution comes after it)."""
        if past and self.cited and f"{year:04d}-{month:02d}-{day:02d}" < self.cited:
            year = int(self.cited[:4])
            if f"{year:04d}-{month:02d}-{day:02d}" < self.cited:
                year += 1
        return year

    def _month_years(self, start: int, end: int, month: int, past: bool) -> set[int]:
        """The years ``month`` is printed with between ``start`` and ``end`` ("tháng
        11/2011"), those still to come left out for a ``past`` day."""
        years = set()
        for month_year in _MONTH_YEAR.finditer(self.text, start, end):
            named_month = int(month_year.group(1) or month_year.group(3))
            named_year = int(month_year.group(2) or month_year.group(4))
            if named_month == month and not (past and named_year > date.today().year):
                years.add(named_year)
        return years

    def _year_at(self, match: re.Match[str]) -> int | None:
        """The year a printed year (``_ANY_YEAR``'s match) says the clause is in: itself,
        the next one after "cùng kỳ năm", none for a target or a comparison."""
        other = _OTHER_YEAR_BEFORE.search(self.text, max(0, match.start() - 20), match.start())
        if other is None:
            return int(match.group(1))
        return int(match.group(1)) + 1 if other.group("last") else None

    def _other_year(self, offset: int) -> bool:
        """Whether the year at ``offset`` is one the clause aims at ("đến năm 2020") or
        compares with ("cùng kỳ năm 2018")."""
        return _OTHER_YEAR_BEFORE.search(self.text, max(0, offset - 20), offset) is not None

    def _anniversary(self, start: int, end: int) -> int | None:
        """The year "N năm" after a year of the same clause points at: "10 năm thực hiện
        … 3/6/2013" is 2023; "5 năm … giai đoạn 2011 – 2015" is the period's end, 2015.
        Several anniversaries vote (the earliest year wins a tie)."""
        votes: Counter[int] = Counter()
        for match in _ANNIVERSARY.finditer(self.text, start, end):
            if not 0 < int(match.group("n")) <= 100:
                continue
            if self._other_year(match.start("year")):
                continue  # "10 năm thực hiện Nghị quyết … đến năm 2020": a target, no start
            period_end = _PERIOD_END.match(self.text, match.end())
            if period_end is not None:
                votes[int(period_end.group(1))] += 1
            else:
                votes[int(match.group("year")) + int(match.group("n"))] += 1
        if not votes:
            return None
        return max(votes, key=lambda year: (votes[year], -year))


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

    for match in _ISO.finditer(text):
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else None
        if day is not None and _valid(year, month, day):
            add(*match.span(), {"iso": match.group(), "precision": "day", "year_inferred": False})
        elif day is None and 1 <= month <= 12:
            add(*match.span(), {"iso": match.group(), "precision": "month"}, 0.85)
    for pattern in (_FULL, _FULL_WORDS):
        for match in pattern.finditer(text):
            day, month, year = (int(g) for g in match.groups())
            if _valid(year, month, day):
                iso = f"{year:04d}-{month:02d}-{day:02d}"
                add(*match.span(), {"iso": iso, "precision": "day", "year_inferred": False})
    for match in _STAMP.finditer(text):
        if match.group("month_word") == "tháng" and not match.group("word"):
            continue
        day, month, year = int(match.group("day")), int(match.group("month")), int(match.group(5))
        if _valid(year, month, day):
            iso = f"{year:04d}-{month:02d}-{day:02d}"
            add(
                match.start("day"),
                match.end(),
                {"iso": iso, "precision": "day", "year_inferred": False},
            )
    for match in _DAY_MONTH.finditer(text):
        groups = [g for g in match.groups()[1:] if g is not None]
        day, month = int(groups[0]), int(groups[1])
        start, end = match.span("date")
        if not _valid(2000, month, day):  # a leap year, so 29/2 passes
            continue
        if _YEARLY.match(text, end):
            # an annual day ("ngày 15 tháng 10 hàng năm", Ngày Dân vận) is no one date: no
            # year, and a precision of its own so that no event takes it for its day
            value = {"iso": f"--{month:02d}-{day:02d}", "precision": "annual"}
            add(start, end, value, 0.8)
            continue
        year, basis = guess.year(start, month, day)
        value: dict[str, object] = {"precision": "day", "year_inferred": year is not None}
        if year is not None and _valid(year, month, day):
            value["iso"] = f"{year:04d}-{month:02d}-{day:02d}"
            value["year_basis"] = basis
        else:
            value["iso"] = f"--{month:02d}-{day:02d}"
        add(start, end, value, 0.8)
    for match in _YEARLY_DAY.finditer(text):
        day, month = int(match.group(2)), int(match.group(3))
        if _valid(2000, month, day):
            value = {"iso": f"--{month:02d}-{day:02d}", "precision": "annual"}
            add(*match.span("date"), value, 0.8)
    for match in _DAY_BEFORE_DAY_MONTH.finditer(text):
        day, month = int(match.group("day")), int(match.group("month"))
        if not _valid(2000, month, day):
            continue
        start, end = match.span("day")
        if match.group(3):
            year, basis = int(match.group(3)), ""
        else:
            year, basis = guess.year(start, month, day)
        value = {"precision": "day", "year_inferred": not match.group(3)}
        if year is not None and _valid(year, month, day):
            value["iso"] = f"{year:04d}-{month:02d}-{day:02d}"
            if basis:
                value["year_basis"] = basis
        else:
            value["iso"] = f"--{month:02d}-{day:02d}"
        add(start, end, value, 0.8)
    for match in _DAY_MONTH_TO.finditer(text):
        day, month = int(match.group("day")), int(match.group("month"))
        last = (int(match.group("last_month")), int(match.group("last_day")))
        printed = match.group("year")
        if printed is None and (not match.group("from") or (month, day) >= last):
            continue  # "tỷ lệ từ 1/6 đến 1/3 số hộ": shares, not days
        if (month, day) == last or (month == last[0] and day > last[1]):
            continue
        if printed is not None:  # the second is a full date, found as one
            year = int(printed) - (month > last[0])
            if _valid(year, month, day):
                value = {"iso": f"{year:04d}-{month:02d}-{day:02d}", "precision": "day"}
                value |= {"year_inferred": True, "year_basis": "the date after it"}
                add(match.start("day"), match.end("month"), value)
            continue
        for day_group, month_group in (("day", "month"), ("last_day", "last_month")):
            day, month = int(match.group(day_group)), int(match.group(month_group))
            if not _valid(2000, month, day):
                break
            start, end = match.start(day_group), match.end(month_group)
            year, basis = guess.year(start, month, day)
            value = {"precision": "day", "year_inferred": True}
            if year is not None and _valid(year, month, day):
                value |= {"iso": f"{year:04d}-{month:02d}-{day:02d}", "year_basis": basis}
            else:
                value["iso"] = f"--{month:02d}-{day:02d}"
            add(start, end, value, 0.8)
    for match in _DAY_RANGE.finditer(text):
        first, last, month = (int(match.group(g)) for g in (1, 3, 4))
        if match.group("pair") and not _DAY_WORD_BEFORE.search(
            text, max(0, match.start() - 30), match.start()
        ):
            continue
        if not (first < last and _valid(2000, month, last)):
            continue
        if match.group(5):
            year: int | None = int(match.group(5))
            basis = ""
        else:
            year, basis = guess.year(match.start(), month, first)
        value = {"precision": "period", "year_inferred": not match.group(5)}
        if year is None:
            value["iso"] = f"--{month:02d}-{first:02d}/--{month:02d}-{last:02d}"
        else:
            value["iso"] = f"{year}-{month:02d}-{first:02d}/{year}-{month:02d}-{last:02d}"
            if basis:
                value["year_basis"] = basis
        add(*match.span(), value, 0.8)
    for match in _MONTH_YEAR.finditer(text):
        month_text, year_text = (
            (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        )
        month, year = int(month_text), int(year_text)
        if 1 <= month <= 12:
            add(*match.span(), {"iso": f"{year:04d}-{month:02d}", "precision": "month"}, 0.85)
    for match in _PERIOD.finditer(text):
        first, last = int(match.group(2)), int(match.group(3))
        # a stage the text names may be a history's ("giai đoạn năm 1945-2010"); two bare
        # years further apart than a term or a plan are more likely something else
        # (so may two in brackets of their own: "(1993-2024)", an institution's years)
        bracketed = (
            text[match.start() - 1 : match.start()] == "("
            and text[match.end() : match.end() + 1] == ")"
        )
        longest = 100 if _period_word(match) in {"giai đoạn", "thời kỳ"} or bracketed else 30
        if first < last <= first + longest or (first == last and match.group("word")):
            add(*match.span(), {"iso": f"{first}/{last}", "precision": "period"}, 0.9)
    for match in _SPAN_TO_FULL.finditer(text):
        day, month, last_day, last_month, year = (int(g) for g in match.groups())
        first, last = _iso(day, month, year), _iso(last_day, last_month, year)
        if first and last and first < last:
            value = {"iso": first, "precision": "day", "year_inferred": False}
            add(match.start(1), match.end(2), value, 0.85)
    for match in _GLUED_PERIOD.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last <= first + 30:
            add(*match.span(), {"iso": f"{first}/{last}", "precision": "period"}, 0.85)
    for match in _MONTH_RANGE.finditer(text):
        first, last, year = (int(match.group(g)) for g in ("first", "last", "year"))
        if 1 <= first < last <= 12:
            value = {"iso": f"{year:04d}-{first:02d}/{year:04d}-{last:02d}", "precision": "period"}
            add(*match.span(), value, 0.9)
    for match in _MONTH_BEFORE_MONTH_YEAR.finditer(text):
        first, last = int(match.group("first")), int(match.group("last"))
        if 1 <= first <= 12 and 1 <= last <= 12 and first != last:
            year = int(match.group("year")) - (first > last)
            value = {"iso": f"{year:04d}-{first:02d}", "precision": "month"}
            value |= {"year_inferred": True, "year_basis": "the month after it"}
            add(*match.span("date"), value, 0.85)
    for match in _MONTH_ALONE.finditer(text):
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            continue
        year, basis = guess.year(match.start(), month, 1, past=False)
        if year is not None:  # a month of no known year is no date
            value = {"iso": f"{year:04d}-{month:02d}", "precision": "month"}
            value |= {"year_inferred": True, "year_basis": basis}
            add(*match.span("date"), value, 0.8)
    # the year a part of a year was named with: "9 tháng đầu năm 2019 … Trong 9 tháng đầu
    # năm, …" speaks of the same nine months again, whatever years come between
    named: dict[tuple[object, ...], int] = {}
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
        basis = ""
        key = (months, match.group("part") and match.group("part").lower())
        if year_text:
            year: int | None = int(year_text)
            named[key] = year
        elif key in named:
            year, basis = named[key], "the same part of a year named before"
        elif other := _OTHER_HALF.search(
            text, guess.sentences.bounds(match.start())[0], match.start()
        ):
            # "sơ kết 6 tháng đầu năm 2020, nhiệm vụ 6 tháng cuối năm": the same year's
            year, basis = int(other.group(1)), "the other half of the year named before"
        else:
            year, basis = guess.year(match.start(), months[0], 1, past=False)
        if year is None:
            # "6 tháng đầu năm" in a text that gives no year at all: a part of some year
            # is no date (unlike a day and month, which stay a yearly day "--05-19")
            continue
        value = {"precision": "period", "year_inferred": inferred}
        value["iso"] = f"{year}-{months[0]:02d}/{year}-{months[1]:02d}"
        if inferred:
            value["year_basis"] = basis
        add(*match.span(), value, 0.9)
    return without_overlaps(found)
