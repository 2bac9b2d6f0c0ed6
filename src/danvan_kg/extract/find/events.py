"""Events (sơ kết, tổng kết, giao ban, khảo sát, gặp mặt, lễ kỷ niệm, hội thi …) and
awards (Bằng khen, Giấy khen …), each with what its sentence says about it: the date,
the documents reviewed and the period; the award's counts, giver and decision.

These finders run last: they read the dates, documents and organisations already found.

>>> from danvan_kg.extract.find.dates import find_dates
>>> s = "Ngày 12/01/2024, Huyện ủy tổ chức hội nghị tổng kết giai đoạn 2021-2023."
>>> e = find_events(s, find_dates(s), [], [])[0]
>>> (e.text, e.value["kind"], e.value["date"], e.value["period"])
('hội nghị tổng kết', 'conference', '2024-01-12', '2021/2023')
>>> s = "tặng Giấy khen cho 15 tập thể và 9 cá nhân"
>>> a = find_awards(s, [], [])[0]
>>> (a.value["form"], a.value["collectives"], a.value["individuals"])
('certificate-of-merit', 15, 9)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from danvan_kg.extract.find.common import Sentences, parse_number
from danvan_kg.extract.model import Mention

#: event word (lower case) → (eventkind code, review kind or None)
EVENT_WORDS: dict[str, tuple[str, str | None]] = {
    "sơ kết": ("conference", "interim-review"),
    "tổng kết": ("conference", "final-review"),
    "giao ban": ("conference", None),
    "khảo sát": ("working-visit", "assessment"),
    "làm việc với": ("working-visit", None),
    "gặp mặt": ("conference", None),
    "họp mặt": ("conference", None),
    "lễ kỷ niệm": ("conference", None),
    "kỷ niệm": ("conference", None),
    "hội thi": ("conference", None),
    "cuộc thi": ("conference", None),
    "tuyên dương": ("award-ceremony", None),
    "biểu dương": ("award-ceremony", None),
    "lễ phát động": ("launch", None),
    "phát động": ("launch", None),
    "tập huấn": ("training", None),
    "tọa đàm": ("conference", None),
    "hội thảo": ("conference", None),
    "đối thoại": ("conference", None),
    "hội nghị": ("conference", None),
}
_EVENT = re.compile(
    r"(?<!\w)(?:(?:hội nghị|lễ|buổi|chương trình)\s+)?(?P<word>"
    + "|".join(sorted(map(re.escape, EVENT_WORDS), key=len, reverse=True)).replace(r"\ ", r"\s+")
    + r")(?!\w)",
    re.IGNORECASE,
)
#: award word → awardform code (the vocabulary's Vietnamese labels)
AWARD_FORMS: dict[str, str] = {
    "giấy khen": "certificate-of-merit",
    "bằng khen": "commendation",
    "tuyên dương": "praise",
    "công nhận": "recognition",
    "khen thưởng": "reward",
    "cờ thi đua": "commendation",
    "huân chương": "commendation",
    "kỷ niệm chương": "commendation",
    "thư khen": "praise",
}
_AWARD = re.compile(
    r"(?<!\w)(?P<form>Giấy khen|Bằng khen|Cờ thi đua|Huân chương|Kỷ niệm chương|Thư khen"
    r"|khen thưởng|công nhận)(?!\w)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{3})+|\d+)\s+(?P<what>tập thể|cá nhân|mô hình|hộ gia đình)",
    re.IGNORECASE,
)


def _in(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if start <= m.start and m.end <= end]


_ORGANISES = re.compile(r"[\s,]*(?:đã\s+|vừa\s+|long trọng\s+)*tổ chức\b", re.IGNORECASE)
# On one line only: "… Nghị quyết 01\n\nNgày 19/8/2022, …" opens a new paragraph with
# the date of a visit, not the resolution's.
_DOCUMENT_DATE = re.compile(r"[ \t]*,?[ \t]*(?:ban hành[ \t]+)?ngày[ \t]*$", re.IGNORECASE)


# No event the graph records is older than the Party (shapes/event.ttl refuses it): a
# day before it in an event's sentence is what is commemorated ("kỷ niệm 110 năm ngày
# sinh đồng chí …(9/7/1912 - …)"), not when the event is held.
EARLIEST_EVENT = "1930-02-03"


def _commemorated(text: str, days: Sequence[Mention]) -> set[tuple[int, int]]:
    """The spans of the days older than :data:`EARLIEST_EVENT`, and of the days in the
    same brackets as one (a lifespan: "(9/7/1912 - 24/6/1991)")."""
    old = [
        m for m in days
        if str(m.value.get("iso", ""))[:1].isdigit() and str(m.value["iso"]) < EARLIEST_EVENT
    ]  # fmt: skip (a day with no year, "--07-08", is no older than anything)
    found = {(m.start, m.end) for m in old}
    for day in old:
        opened = text.rfind("(", 0, day.start)
        if opened < 0 or text.rfind(")", opened, day.start) >= 0:
            continue  # not inside brackets
        closed = text.find(")", day.end)
        if closed < 0:
            continue
        found.update((m.start, m.end) for m in days if opened < m.start and m.end <= closed)
    return found


def _dates_document(text: str, date: Mention, documents: Sequence[Mention]) -> bool:
    """Whether ``date`` is the date of a document named just before it."""
    return any(
        0 <= date.start - d.end <= 30 and _DOCUMENT_DATE.fullmatch(text[d.end : date.start])
        for d in documents
    )


def find_events(
    text: str,
    dates: Sequence[Mention],
    documents: Sequence[Mention],
    organisations: Sequence[Mention],
    units: Sequence[Mention] = (),
) -> list[Mention]:
    """One event per sentence that names one (its first event word)."""
    sentences = Sentences(text)
    found: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for match in _EVENT.finditer(text):
        bounds = sentences.bounds(match.start())
        if bounds in seen:
            continue
        seen.add(bounds)
        word = " ".join(match.group("word").lower().split())
        kind, review = EVENT_WORDS[word]
        value: dict[str, object] = {"type": word, "kind": kind}
        if review:
            value["review"] = review
        in_sentence = _in(dates, *bounds)
        days = [
            m for m in in_sentence
            if m.value.get("precision") == "day" and not _dates_document(text, m, documents)
        ]  # fmt: skip
        old = _commemorated(text, days)
        days = [m for m in days if (m.start, m.end) not in old]
        if days:
            value["date"] = days[0].value["iso"]
            value["date_stated"] = days[0].text
            if days[0].value.get("year_inferred"):
                value["date_year_inferred"] = True
        periods = [m for m in in_sentence if m.value.get("precision") == "period"]
        if periods:
            value["period"] = periods[0].value["iso"]
        reviewed = _in(documents, *bounds)
        if reviewed:
            value["documents"] = [
                m.value.get("identifier") or f"{m.value['type']} {m.value['number']}"
                for m in reviewed
            ]
        # "Huyện ủy X tổ chức hội nghị …": the body named before "tổ chức" organises it
        organisers = [
            m for m in _in(organisations, bounds[0], match.start()) if _ORGANISES.match(text, m.end)
        ]
        if organisers:
            value["organiser"] = organisers[-1].value["name"]
        # "tại huyện Định Hóa": a place the sentence states
        places = [
            m for m in _in(units, *bounds) if m.resolved and text.endswith("tại ", 0, m.start)
        ]
        if places:
            value["place"] = places[0].value["name"]
        found.append(Mention("event", *match.span(), match.group(), value, 0.7))
    return found


def find_awards(
    text: str, documents: Sequence[Mention], organisations: Sequence[Mention]
) -> list[Mention]:
    """Awards, with the counts, giver and decision their sentence gives."""
    sentences = Sentences(text)
    found: list[Mention] = []
    for match in _AWARD.finditer(text):
        form = " ".join(match.group("form").lower().split())
        start, end = sentences.bounds(match.start())
        value: dict[str, object] = {"form": AWARD_FORMS[form], "form_text": match.group("form")}
        for count in _COUNT.finditer(text, match.end(), end):
            field = {"tập thể": "collectives", "cá nhân": "individuals"}.get(
                count.group("what").lower(), "models"
            )
            value.setdefault(field, parse_number(count.group("n")))
        givers = [m for m in organisations if match.end() <= m.start < min(end, match.end() + 80)]
        if givers:
            value["giver"] = givers[0].value["name"]
        decisions = [m for m in _in(documents, start, end) if m.value.get("type") == "QD"]
        if decisions:
            value["decision"] = decisions[0].value.get("identifier") or decisions[0].text
        confidence = 0.8 if form in {"giấy khen", "bằng khen"} else 0.5
        found.append(Mention("award", *match.span(), match.group(), value, confidence))
    return found
