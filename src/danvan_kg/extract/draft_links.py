"""The links of the draft record: an event's reviews, format, host and participants
(with their posts), an award's giver, decision, counts and event, a model's owner, place
and field — each only where the article's own sentence or paragraph states it.

Which event a person or an award belongs to is read from the paragraph: the paragraph
must speak of exactly one of the draft's events (an event word dated as that event, in
the same sentence as it, or a bare "hội nghị" when the draft has one conference only).
A person in a paragraph that speaks of no event, or of two, is not a participant.

>>> from danvan_kg.extract import extract
>>> r = extract("Ngày 12/01/2024, Huyện ủy Thanh Liêm tổ chức hội nghị tổng kết. "
...             "Đồng chí Lê Văn An, Bí thư Huyện ủy chủ trì hội nghị.").record
>>> p = r["events"][0]["participants"][0]
>>> p["role"], p["posts"], r["organisations"][0]["key"]
('chair', [{'role': 'secretary', 'in': 'huyen-uy-thanh-liem'}], 'huyen-uy-thanh-liem')
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from typing import Any

from danvan_kg.extract.links import (
    Organisations,
    Scopes,
    add_unique,
    read_organisation,
    record_key,
)
from danvan_kg.extract.model import Mention
from danvan_kg.text import match_key

# the initiative the reference data holds under this key (data/reference/central.yaml)
DAN_VAN_KHEO = "dan-van-kheo"
_DAN_VAN_KHEO = re.compile(r"phong trào(?:\s+thi đua)?\s*[\"“”']?\s*dân vận khéo", re.IGNORECASE)
# work areas a review names right after its event word: "tổng kết công tác dân vận,
# quy chế dân chủ ở cơ sở, công tác tôn giáo năm 2023"
_WORKAREAS = (
    (r"dân vận chính quyền", "government-mass-mobilisation"),
    (r"dân vận", "mass-mobilisation"),
    (r"(?:thực hiện\s+)?quy chế dân chủ(?:\s+ở)?\s+cơ sở|dân chủ ở cơ sở", "grassroots-democracy"),
    (r"tôn giáo", "religion"),
    (r"dân tộc", "ethnic-affairs"),
)
_WORKAREA = re.compile(
    r"\s*(?:,|và)?\s*(?:công tác\s+)?(?:" + "|".join(f"(?P<w{i}>{p})" for i, (p, _) in
                                                   enumerate(_WORKAREAS)) + r")(?!\w)",
    re.IGNORECASE,
)  # fmt: skip
_YEAR_AFTER = re.compile(r"\s*(?:của\s+)?năm\s+(?P<year>(?:19|20)\d\d)(?!\d)")
_FORMATS = (
    (re.compile(r"trực tiếp\s+(?:kết hợp|và)\s+(?:với\s+)?trực tuyến", re.I), "hybrid"),
    (re.compile(r"trực tuyến\s+(?:kết hợp|và)\s+(?:với\s+)?trực tiếp", re.I), "hybrid"),
    (re.compile(r"(?:hình thức\s+)?trực tuyến", re.I), "online"),
    (re.compile(r"hình thức\s+trực tiếp", re.I), "in-person"),
)
_BRIDGE_POINTS = re.compile(r"(?<!\d)(?P<n>\d{1,4})\s+điểm cầu", re.IGNORECASE)
# "Ban Thường vụ Huyện ủy có buổi tiếp và làm việc với Tổ khảo sát của Ban Dân vận Tỉnh ủy"
_RECEIVES = re.compile(r"\s*(?:đã\s+)?(?:có\s+)?(?:buổi\s+)?tiếp(?:\s+và\s+làm việc)?(?:\s+với)?\s",
                       re.IGNORECASE)  # fmt: skip
_ROLE_WORDS = (
    (re.compile(r"chủ trì", re.IGNORECASE), "chair"),
    (re.compile(r"(?<!\w)trao(?!\w)", re.IGNORECASE), "presenter"),
    (re.compile(r"phát biểu", re.IGNORECASE), "speaker"),
)
_COUNT_BEFORE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,4})\s+(?P<what>tập thể|cá nhân|mô hình)(?!\w)", re.IGNORECASE
)
_GIVER_BEFORE = re.compile(r"(?:được\s+)?(?P<org>[^\s,.;].{1,40}?)\s+(?:đã\s+)?$")
# a field word in a model's name or its sentence's "lĩnh vực …"
_FIELDS = (
    (re.compile(r"(?<!\w)(?:an ninh|ANCT|quốc phòng|ANTT)(?!\w)", re.IGNORECASE),
     "defence-security"),
    (re.compile(r"(?<!\w)(?:kinh tế|sản xuất|kinh doanh)(?!\w)", re.IGNORECASE), "economy"),
    (re.compile(r"(?<!\w)văn hóa(?!\w)", re.IGNORECASE), "culture-society"),
    (re.compile(r"(?<!\w)(?:xây dựng Đảng|hệ thống chính trị)(?!\w)", re.IGNORECASE),
     "political-system"),
)  # fmt: skip
_FIELD_SENTENCE = re.compile(r"lĩnh vực\s+(?P<what>[^.;:]{3,40})", re.IGNORECASE)
_PLACE_AFTER = re.compile(
    r"\s*tại\s+(?P<below>(?:thôn|ấp|bản|buôn|xóm|làng|khu phố|tổ dân phố|tổ)\s+[^,;.]+?\s+)?$",
    re.IGNORECASE,
)
_OWNER = re.compile(r"\s*của\s+", re.IGNORECASE)
_MAX_OWNER_GAP = 80  # characters between a model and "của …" that may name its owner


def _within(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if start <= m.start and m.end <= end]


class EventIndex:
    """Which draft event each event mention, and so each paragraph, speaks of."""

    def __init__(
        self, scopes: Scopes, mentions: Sequence[Mention], chosen: Sequence[Mention],
        records: Sequence[dict[str, Any]],
    ) -> None:  # fmt: skip
        self.scopes = scopes
        self.of: dict[int, dict[str, Any]] = {}
        by_date = {str(m.value["date"]): r for m, r in zip(chosen, records, strict=True)
                   if m.value.get("date")}  # fmt: skip
        for mention in mentions:
            record = self._event(mention, chosen, records, by_date)
            if record is not None:
                self.of[mention.start] = record
        self.mentions = [m for m in mentions if m.start in self.of]
        self.chosen = {id(r): m for m, r in zip(chosen, records, strict=True)}

    def _event(
        self, mention: Mention, chosen: Sequence[Mention], records: Sequence[dict[str, Any]],
        by_date: dict[str, dict[str, Any]],
    ) -> dict[str, Any] | None:  # fmt: skip
        for other, record in zip(chosen, records, strict=True):
            if other is mention:
                return record
        date = mention.value.get("date")
        if date:
            return by_date.get(str(date))
        sentence = self.scopes.sentence(mention.start)
        same = [r for m, r in zip(chosen, records, strict=True)
                if sentence[0] <= m.start < sentence[1]]  # fmt: skip
        if len(same) == 1:
            return same[0]
        # "tại hội nghị": the bare word is the draft's one event of that kind
        alike = [
            r for m, r in zip(chosen, records, strict=True)
            if m.value["kind"] == mention.value["kind"]
            and mention.value["type"] in ("hội nghị", m.value["type"])
        ]  # fmt: skip
        return alike[0] if len(records) == 1 and len(alike) == 1 else None

    def in_paragraph(self, offset: int) -> dict[str, Any] | None:
        """The one draft event the paragraph at ``offset`` speaks of, else None."""
        start, end = self.scopes.paragraph(offset)
        found = {id(self.of[m.start]): self.of[m.start] for m in _within(self.mentions, start, end)}
        return next(iter(found.values())) if len(found) == 1 else None

    def mentions_of(self, record: dict[str, Any]) -> list[Mention]:
        """Every event mention that speaks of ``record``, in the order of the text."""
        return [m for m in self.mentions if self.of[m.start] is record]

    def same_sentence(self, record: dict[str, Any]) -> list[Mention]:
        """Event mentions of ``record`` in the sentence of the mention it was drafted
        from (the reviews a conference holds are often listed after a ";")."""
        sentence = self.scopes.sentence(self.chosen[id(record)].start)
        return [
            m for m in self.mentions
            if self.of[m.start] is record and self.scopes.sentence(m.start) == sentence
        ]  # fmt: skip


def record_period(iso: str) -> str | None:
    """A period as the record format writes it, from a date mention's ``iso`` value.

    >>> record_period("2021/2023"), record_period("2010-01/2010-06"), record_period("x")
    ('2021-2023', '2010-01-01/2010-06-30', None)
    """
    years = re.fullmatch(r"(\d{4})(?:/(\d{4}))?", iso)
    if years:
        return "-".join(y for y in years.groups() if y)
    months = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", iso)
    if months:
        end_year, end_month = int(months.group(3)), int(months.group(4))
        last = calendar.monthrange(end_year, end_month)[1]
        return f"{months.group(1)}-{months.group(2)}-01/{end_year}-{end_month:02d}-{last:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", iso):
        return iso
    return None


def before_period(date: str, review: dict[str, Any]) -> bool:
    """Whether an event on ``date`` is too early for the period it reviews (the rule of
    shapes/rules.ttl: a final review meets once the period is over, from July of its last
    year; an interim one once the period has begun)."""
    period = str(review.get("period", ""))
    start, _, end = period.partition("/") if "/" in period else period.partition("-")
    end = end or start
    if not start:
        return False
    if review["kind"] == "interim-review":
        return date < (f"{start}-01-01" if len(start) == 4 else start)
    return date < (f"{end}-07-01" if len(end) == 4 else end)


def event_reviews(
    text: str, scopes: Scopes, mentions: Sequence[Mention], doc_keys: dict[str, str]
) -> list[dict[str, Any]]:
    """The reviews the event mentions of one event state: documents of their clause,
    the Dân vận khéo movement, work areas named right after the event word."""
    reviews: list[dict[str, Any]] = []

    def add(target: str, kind: str, period: str | None) -> None:
        review: dict[str, Any] = {"of": target, "kind": kind}
        if period:
            review["period"] = period
        if not any(r["of"] == target for r in reviews):
            reviews.append(review)

    for mention in mentions:
        value = mention.value
        kind = value.get("review")
        if not kind:
            continue
        period = record_period(str(value["period"])) if value.get("period") else None
        for identifier in value.get("documents", []):
            if identifier in doc_keys:
                add(doc_keys[identifier], kind, period)
        clause = scopes.clause(mention.start)
        if _DAN_VAN_KHEO.search(match_key(text[clause[0] : clause[1]])):
            add(DAN_VAN_KHEO, kind, period)
        areas: list[str] = []
        position = mention.end
        while area := _WORKAREA.match(text, position):
            index = int(next(n for n, v in area.groupdict().items() if v)[1:])
            areas.append(_WORKAREAS[index][1])
            position = area.end()
        if areas:
            year = _YEAR_AFTER.match(text, position)
            for area_code in areas:
                add(f"workarea:{area_code}", kind, period or (year and year.group("year")))
    return reviews


def event_format(text: str, start: int, end: int) -> dict[str, Any]:
    """``format`` (and ``bridge_points``) stated in ``text[start:end]``."""
    found: dict[str, Any] = {}
    for pattern, code in _FORMATS:
        if pattern.search(text, start, end):
            found["format"] = code
            break
    points = _BRIDGE_POINTS.search(text, start, end)
    if points and found.get("format") in ("online", "hybrid"):
        found["bridge_points"] = int(points.group("n"))
    return found


def event_host(
    text: str, clause: tuple[int, int], organisations: Sequence[Mention],
    registry: Organisations,
) -> dict[str, str]:  # fmt: skip
    """A working visit's host and visitor: "A (có buổi) tiếp và làm việc với B (của C)"
    → host A, organiser C (or B when B is a body)."""
    found: dict[str, str] = {}
    in_clause = _within(organisations, *clause)
    for index, org in enumerate(in_clause):
        receives = _RECEIVES.match(text, org.end)
        if receives is None:
            continue
        host = registry.add(org.value)
        if host:
            found["host"] = host
        after = in_clause[index + 1 :]
        if after:
            visitor = registry.add(after[0].value)
            if visitor and visitor != host:
                found["organiser"] = visitor
        break
    return found


def participant_role(text: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    """chair, presenter or speaker when the person's part of the clause says so."""
    segment = text[bounds[0] : bounds[1]]
    for pattern, role in _ROLE_WORDS:
        if pattern.search(segment):
            return role
    return "attendee"


def person_segments(people: Sequence[Mention], scopes: Scopes) -> dict[int, tuple[int, int]]:
    """Each person's part of their clause: from the previous person (or the clause's
    start) to the next (or its end), so "A chủ trì, B dự" makes only A the chair."""
    segments: dict[int, tuple[int, int]] = {}
    for person in people:
        start, end = scopes.clause(person.start)
        before = [p.end for p in people if start <= p.end <= person.start]
        after = [p.start for p in people if person.end <= p.start < end]
        segments[person.start] = (max(before, default=start), min(after, default=end))
    return segments


def awards(
    text: str, scopes: Scopes, mentions: Sequence[Mention], organisations: Sequence[Mention],
    registry: Organisations, doc_keys: dict[str, str], events: EventIndex,
) -> list[dict[str, Any]]:  # fmt: skip
    """Award records of the award mentions that state a count, a giver or a decision."""
    records: list[dict[str, Any]] = []
    for mention in mentions:
        value = mention.value
        record: dict[str, Any] = {"key": "", "form": value["form"]}
        notes: list[str] = []
        counts = {f: value[f] for f in ("collectives", "individuals", "models") if f in value}
        clause = scopes.clause(mention.start)
        if not counts:  # "05 tập thể được BTV HU khen thưởng": the counts come first
            window = max(clause[0], mention.start - 60)
            for count in _COUNT_BEFORE.finditer(text, window, mention.start):
                field = {"tập thể": "collectives", "cá nhân": "individuals"}.get(
                    count.group("what").lower(), "models"
                )
                counts.setdefault(field, int(count.group("n")))
        giver = _giver(text, mention, clause, organisations)
        if giver is not None:
            key = registry.add(giver)
            if key:
                record["giver"] = key
            else:
                notes.append(f"Giver as stated: '{giver['name']}'.")
        decision = value.get("decision")
        if decision:
            if decision in doc_keys:
                record["decision"] = doc_keys[decision]
            else:
                notes.append(f"Decision as stated: '{decision}'.")
        if not counts and "giver" not in record and "decision" not in record:
            continue  # "khen thưởng, động viên": the word, not an award the text states
        record.update(counts)
        event = events.in_paragraph(mention.start)
        if event is not None:
            record["presented_at"] = event["key"]
        if notes:
            record["note"] = " ".join(notes)
        record["key"] = _award_key(record)
        add_unique(records, record)
    return records


def _award_key(record: dict[str, Any]) -> str:
    counts = [f"{record[f]}-{f}" for f in ("collectives", "individuals", "models") if f in record]
    return record_key("award", str(record["form"]), *counts)


def _giver(
    text: str, mention: Mention, clause: tuple[int, int], organisations: Sequence[Mention]
) -> dict[str, Any] | None:
    """The body that gives: named just before the award word ("UBND huyện khen thưởng",
    "được BTV HU khen thưởng"), just after it ("Bằng khen của UBND tỉnh"), or as the
    issuer of the decision ("theo Quyết định số … của UBND huyện")."""
    before = _GIVER_BEFORE.search(text, max(clause[0], mention.start - 45), mention.start)
    if before is not None:
        fragment = before.group("org")
        for start in [m.start() for m in re.finditer(r"(?:^|\s)\S", fragment)]:
            found = read_organisation(fragment[start:].strip())
            if found is not None and len(found["name"]) >= len(fragment[start:].strip()) - 1:
                return found
    after = _OWNER.match(text, mention.end)
    if after is not None:
        found = read_organisation(text[after.end() : min(clause[1], after.end() + 60)])
        if found is not None:
            return found
    if mention.value.get("decision"):
        for org in _within(organisations, mention.end, clause[1]):
            if text[max(0, org.start - 5) : org.start].rstrip().endswith("của"):
                return dict(org.value)
    return None


def models(
    text: str, scopes: Scopes, mentions: Sequence[Mention], units: Sequence[Mention],
    registry: Organisations, unit_keys: dict[str, str],
) -> list[dict[str, Any]]:  # fmt: skip
    """Model records: the name, and the owner ("… của Hội Cựu chiến binh huyện"), place
    ("tại thôn Làng Ren xã Long Môn") and field their clause states."""
    records: list[dict[str, Any]] = []
    names: set[str] = set()
    for index, mention in enumerate(mentions):
        name = str(mention.value["name"])
        if match_key(name) in names:
            continue
        names.add(match_key(name))
        record: dict[str, Any] = {"key": "", "name": name}
        clause = scopes.clause(mention.start)
        later = [m for m in mentions[index + 1 :] if m.start < clause[1]]
        place_end = later[0].start if later else clause[1]
        # "tại <unit>" right after the name (past the closing quotation mark)
        for unit in _within(units, mention.end, place_end):
            below = _PLACE_AFTER.search(text, mention.end + 1, unit.start)
            if unit.resolved and below is not None and below.start() <= mention.end + 2:
                record["place"] = unit_keys[str(unit.value["name"])]
                if below.group("below"):
                    record["place_description"] = " ".join(below.group("below").split())
                break
        owner = _owner(text, mention, clause, mentions)
        if owner is not None:
            body = read_organisation(owner)
            # "của Hội Phụ nữ và các phòng ban UBND huyện": two owners, none to pick
            alone = body is not None and " và " not in owner[: len(body["name"]) + 4]
            key = registry.add(body) if body and alone else None
            if key:
                record["owner"] = key
            else:
                record["note"] = f"Owner as stated: '{owner}'."
        field = _field(name, text, clause)
        if field:
            record["field"] = field
        record["key"] = record_key(name)
        add_unique(records, record)
    return records


def _owner(
    text: str, mention: Mention, clause: tuple[int, int], mentions: Sequence[Mention]
) -> str | None:
    """The words after the first "của" that follows the model within its clause, when
    only other model names (and a place) stand between."""
    position = mention.end
    while True:
        match = re.search(r"(?<!\w)của\s+", text[position : clause[1]])
        if match is None:
            return None
        at = position + match.start()
        between = text[mention.end : at]
        for other in mentions:
            if mention.end <= other.start and other.end <= at:
                between = between.replace(other.text, "")
        if len(between.strip(" “”\"',")) > _MAX_OWNER_GAP:
            return None
        words = text[position + match.end() : clause[1]]
        words = re.split(r"[;,.\n“”\"]", words, maxsplit=1)[0]
        return " ".join(words.split())[:80] or None


def _field(name: str, text: str, clause: tuple[int, int]) -> str | None:
    """The field a model's name names, else the one field its clause's "lĩnh vực" names."""
    named = {code for pattern, code in _FIELDS if pattern.search(name)}
    if len(named) == 1:
        return named.pop()
    sentence = _FIELD_SENTENCE.search(text, *clause)
    if sentence is not None:
        named = {code for pattern, code in _FIELDS if pattern.search(sentence.group("what"))}
        if len(named) == 1:
            return named.pop()
    return None


_ATTENDING = re.compile(
    r"(?<!\w)(?:tham dự|dự|thành phần)(?!\w)(?!\s+(?:án|thảo|toán|kiến|báo|định)\b)", re.I
)
_ITEM_SPLIT = re.compile(r"\s*[,;:]\s*|\s+[-–]\s+|\s+và\s+")
_LEVEL_CUE = re.compile(r"(?<!\w)(?:ở|về)\s+(?P<level>tỉnh|huyện|xã|thị trấn)(?!\w)", re.I)
_LEVEL_OF_CUE = {"tỉnh": "province", "huyện": "district", "xã": "commune", "thị trấn": "commune"}
# words before a body named as attending: "lãnh đạo UBND huyện", "các đồng chí TT HU"
_LEAD = re.compile(
    r"^(?:(?:tham\s+)?dự\s+(?:hội nghị|buổi\s+\w+|lễ)?\s*)?"
    r"(?:(?:ở|về)\s+(?:tỉnh|huyện|xã|thị trấn)\s*)?(?:có\s+)?(?:cùng\s+)?"
    r"(?:(?:các\s+)?đồng chí\s+(?:là\s+)?)?(?:đại diện\s+)?(?:lãnh đạo\s+)?"
    r"(?:(?:và\s+)?chuyên viên\s+)?",
    re.IGNORECASE,
)


def organisation_participants(
    text: str, scopes: Scopes, people: Sequence[Mention], index: EventIndex,
    registry: Organisations,
) -> None:  # fmt: skip
    """Bodies a sentence names as attending ("Dự hội nghị có lãnh đạo Ban Dân vận Tỉnh
    ủy, …, các đồng chí TT HU, TT HĐND"): each list item that is a body and nothing else.
    A level written before the list ("ở huyện có …") is the level of the items that
    name none."""
    seen: set[tuple[int, int]] = set()
    for mention in index.mentions:
        start, end = scopes.paragraph(mention.start)
        position = start
        while position < end:
            sentence = scopes.sentence(position)
            position = max(sentence[1], position + 1)
            if sentence in seen or not _ATTENDING.search(text, *sentence):
                continue
            seen.add(sentence)
            event = index.in_paragraph(sentence[0])
            if event is None:
                continue
            level = None
            cursor = sentence[0]
            for item in _ITEM_SPLIT.split(text[sentence[0] : sentence[1]]):
                at = text.find(item, cursor, sentence[1]) if item else -1
                cursor = at + len(item) if at >= 0 else cursor
                if cue := _LEVEL_CUE.search(item):
                    level = _LEVEL_OF_CUE[cue.group("level").lower()]
                if any(at <= p.start < at + len(item) for p in people) or at < 0:
                    continue  # a person's post, not a body attending
                body_text = _LEAD.sub("", item.strip(" .")).strip()
                body_text = re.sub(r"^(?:TT|Thường trực)\s+(?=HĐND|Hội đồng)", "", body_text)
                body = read_organisation(body_text)
                if body is None or len(body["name"]) < len(" ".join(body_text.split())) - 1:
                    continue
                if not body.get("level") and level:
                    body["level"] = level
                key = registry.add(body)
                participants = event.setdefault("participants", [])
                if key and not any(p.get("organisation") == key for p in participants):
                    participants.append(
                        {"organisation": key, "role": "attendee",
                         "note": f"Named as attending: '{item.strip(' .')}'."}
                    )  # fmt: skip
