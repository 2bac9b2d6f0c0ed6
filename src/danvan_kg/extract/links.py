"""What the draft record needs to link its records: where a mention stands (clause,
sentence, paragraph), which organisation a name or a post means, and which unit the
article's own context gives to a body written without one ("UBND huyện").

Nothing here guesses: an organisation whose level cannot be read stays out (the post
keeps it as stated in a note), and a body written without its unit takes the article's
unit of that level only when the article names exactly one.

>>> units = [{"key": "thanh-liem", "name": "Thanh Liêm", "level": "district",
...           "province": "Hà Nam"}]
>>> orgs = Organisations(units, {"Thanh Liêm": "thanh-liem"})
>>> orgs.add({"name": "UBND huyện", "kind": "peoples-committee", "level": "district"})
'ubnd-huyen'
>>> orgs.records[0]["territory"], [u["key"] for u in units]
('thanh-liem', ['thanh-liem'])
>>> [orgs.add(read_organisation(name) or {}) for name in ("HU", "Ban Dân vận Tỉnh ủy")]
['huyen-uy', 'ban-dan-van-tinh-uy']
>>> orgs.records[-1]["territory"], units[-1]["key"]
('ha-nam', 'ha-nam')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from danvan_kg.extract.find.common import Sentences
from danvan_kg.extract.find.places import find_organisations
from danvan_kg.text import match_key, slugify

_MAX_KEY = 60
# A full stop ends a sentence; ";" only a clause (common.Sentences splits at both).
_FULL_STOP = re.compile(r"(?<![A-ZĐ])\.(?=\s+[^\W\d_]|\s*$)|[!?](?=\s|$)|\n")


def record_key(*parts: str) -> str:
    """A record key from words: "UBND huyện" → "ubnd-huyen"."""
    return slugify(" ".join(part for part in parts if part))[:_MAX_KEY].strip("-") or "x"


def add_unique(records: list[dict[str, Any]], record: dict[str, Any]) -> str:
    """Append ``record``, its key made unique among ``records`` (-2, -3 …); its key."""
    keys = {r["key"] for r in records}
    base, number = record["key"], 2
    while record["key"] in keys:
        record["key"] = f"{base}-{number}"
        number += 1
    records.append(record)
    return str(record["key"])


class Scopes:
    """Clause, sentence and paragraph bounds of a text, for "in the same …" tests.

    >>> s = Scopes("A họp; B dự. C về\\nD đi")
    >>> s.clause(8), s.sentence(8), s.paragraph(8), s.paragraph(18)
    ((7, 12), (0, 12), (0, 17), (18, 22))
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._clauses = Sentences(text)
        self._stops = [m.end() for m in _FULL_STOP.finditer(text)]
        self._lines = [m.end() for m in re.finditer(r"\n", text)]

    def clause(self, offset: int) -> tuple[int, int]:
        return self._clauses.bounds(offset)

    def sentence(self, offset: int) -> tuple[int, int]:
        return self._bounds(self._stops, offset)

    def paragraph(self, offset: int) -> tuple[int, int]:
        start, end = self._bounds(self._lines, offset)
        return start, end - 1 if end > start and self.text[end - 1] == "\n" else end

    def _bounds(self, ends: list[int], offset: int) -> tuple[int, int]:
        index = bisect_right(ends, offset)
        start = ends[index - 1] if index else 0
        end = ends[index] if index < len(ends) else len(self.text)
        while start < end and self.text[start].isspace():
            start += 1
        return start, end


# Abbreviations of party bodies in posts and award sentences ("Phó BT TT HU"), written
# out so that the organisation finder reads them.
_ABBREVIATIONS = (
    (re.compile(r"(?<!\w)TT(?=\s+(?:HU|TU|ĐU|Huyện|Tỉnh|Đảng|HĐND)\b)"), "Thường trực"),
    (re.compile(r"(?<!\w)HU(?!\w)"), "Huyện ủy"),
    (re.compile(r"(?<!\w)TU(?!\w)"), "Tỉnh ủy"),
    (re.compile(r"(?<!\w)ĐU(?!\w)"), "Đảng ủy"),
    (re.compile(r"(?<!\w)QU(?!\w)"), "Quận ủy"),
)
# "Trưởng Ban Dân vận Tỉnh ủy": the post's word "Ban" went with the role.
_BOARD_WITHOUT_BAN = re.compile(r"(?:Dân vận|Tuyên giáo|Tổ chức|Kiểm tra)\b", re.IGNORECASE)
_COMMITTEE = re.compile(r"(?<!\w)(?:Tỉnh|Huyện|Thành|Thị|Quận|Đảng)\s+ủy(?!\s+viên)(?!\w)")
# "Tỉnh ủy viên", "TUV": a committee member's post names the committee itself.
_MEMBER_OF = (
    (re.compile(r"(?<!\w)(?:TUV|Tỉnh ủy viên)(?!\w)", re.IGNORECASE), "Tỉnh ủy"),
    (re.compile(r"(?<!\w)(?:HUV|Huyện ủy viên)(?!\w)", re.IGNORECASE), "Huyện ủy"),
    (re.compile(r"(?<!\w)Thành ủy viên(?!\w)", re.IGNORECASE), "Thành ủy"),
    (re.compile(r"(?<!\w)Quận ủy viên(?!\w)", re.IGNORECASE), "Quận ủy"),
)
_MEMBER_ROLES = {"committee-member", "standing-committee-member"}


def expand(fragment: str) -> str:
    """``fragment`` with party abbreviations written out.

    >>> expand("Phó BT TT HU"), expand("BTV HU")
    ('Phó BT Thường trực Huyện ủy', 'BTV Huyện ủy')
    """
    for pattern, written in _ABBREVIATIONS:
        fragment = pattern.sub(written, fragment)
    return fragment


def read_organisation(fragment: str, after_head: bool = False) -> dict[str, Any] | None:
    """The organisation ``fragment`` begins with (its mention value), or None.

    ``after_head``: the fragment followed "Trưởng Ban"/"Phó Trưởng Ban", which took the
    body's word "Ban" with it.

    >>> read_organisation("UBND huyện")["kind"], read_organisation("Dân vận Tỉnh ủy", True)["name"]
    ('peoples-committee', 'Ban Dân vận Tỉnh ủy')
    >>> read_organisation("các phòng ban") is None
    True
    """
    text = " ".join(expand(fragment).split())
    if after_head and _BOARD_WITHOUT_BAN.match(text):
        text = "Ban " + text
    found = [m for m in find_organisations(text) if m.start == 0]
    if not found:
        return None
    return dict(found[0].value)


# Kinds of which one unit has one body: its kind says which. Other kinds (commissions,
# associations, police, military …) have several per unit, told apart by their head word.
_ONE_PER_UNIT = {
    "party-committee", "party-standing-committee", "party-standing-board", "peoples-committee",
    "peoples-council", "fatherland-front", "politburo", "secretariat", "central-committee",
    "government", "national-assembly",
}  # fmt: skip
_HEAD_SYNONYMS = (
    (r"^bdv\b", "ban dan van"),
    (r"^hoi (?:lhpn|lien hiep phu nu)\b", "hoi phu nu"),
    (r"^hoi ccb\b", "hoi cuu chien binh"),
)
_HEAD_END = re.compile(
    r"\s(?:tinh|huyen|thanh|thi|quan|dang) uy\b|\s(?:tinh|thanh pho|tp|huyen|quan|thi xa|xa"
    r"|phuong|thi tran|trung uong|tw)\b"
)


def body_head(name: str) -> str:
    """The words that tell one body of a unit from another of the same kind.

    >>> body_head("Ban Dân vận Huyện ủy Quế Sơn"), body_head("Hội LHPN huyện")
    ('ban dan van', 'hoi phu nu')
    """
    folded = " ".join(match_key(name, ignore_diacritics=True).split())
    for pattern, written in _HEAD_SYNONYMS:
        folded = re.sub(pattern, written, folded)
    end = _HEAD_END.search(folded)
    return folded[: end.start()] if end else folded


class Organisations:
    """The draft's organisations: one record per body, whatever names the text gives it.

    A body is (kind, level, territory): "Huyện ủy Thanh Liêm", "Huyện ủy" and "HU" are one
    body when the article names one district. A body written without its unit takes the
    article's unit of that level when the article names exactly one (and says so in a
    note); a body whose level cannot be read is not added.
    """

    def __init__(
        self,
        units: list[dict[str, Any]],
        unit_keys: dict[str, str],
        unit_keys_by_level: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.records: list[dict[str, Any]] = []
        self.units = units
        self.unit_keys = unit_keys
        self.unit_keys_by_level = dict(unit_keys_by_level or {})
        self._keys: dict[tuple[str, ...], str] = {}

    def _unit_key(self, name: str, level: str) -> str | None:
        """Key of the unit called ``name``: the one of ``level`` when the article names
        units of that name at two levels (a district and its town), else the first."""
        return self.unit_keys_by_level.get((name, level)) or self.unit_keys.get(name)

    def _context_unit(self, level: str) -> str | None:
        """Key of the one unit of ``level`` the article names or sits in, else None."""
        named = [u for u in self.units if "note" not in u]  # unresolved units say so
        if level == "province":
            names = {u["name"] for u in named if u["level"] == "province"}
            names |= {u["province"] for u in named if u.get("province")}
            extra = {"level": "province"}
        elif level == "district":
            names = {u["name"] for u in named if u["level"] == "district"}
            names |= {u["district"] for u in named if u.get("district")}
            provinces = {
                u["province"] for u in named if u["level"] in ("district", "commune")
            }  # fmt: skip
            if len(provinces) != 1:
                return None
            extra = {"level": "district", "province": next(iter(provinces))}
        elif level == "commune":
            communes = [u for u in named if u["level"] == "commune"]
            return communes[0]["key"] if len({u["name"] for u in communes}) == 1 else None
        else:
            return None
        if len(names) != 1:
            return None
        name = next(iter(names))
        if known := self._unit_key(name, level):
            return known
        key = add_unique(self.units, {"key": record_key(name), "name": name, **extra})
        self.unit_keys[name] = key
        self.unit_keys_by_level[name, level] = key
        return key

    def add(self, value: dict[str, Any]) -> str | None:
        """Key of the body of a mention value (``name``, ``kind``, ``level``,
        ``territory``), added when new; None when its level is not known."""
        if not value or not value.get("level") or not value.get("kind"):
            return None
        name = " ".join(str(value["name"]).split())
        kind = str(value["kind"])
        if "quân sự" in name.lower():
            kind = "military"  # the finder files "Ban Chỉ huy Quân sự" with the police
        level = str(value["level"])
        territory_text = value.get("territory")
        territory = self._unit_key(str(territory_text), level) if territory_text else None
        note = None
        if territory:
            # "Thành ủy Hội An" is a city's committee: the unit says the level, not the word
            level = next(u["level"] for u in self.units if u["key"] == territory)
        elif not territory_text and level != "central":
            territory = self._context_unit(level)
            if territory:
                unit = next(u for u in self.units if u["key"] == territory)
                note = (
                    f"Written '{name}'; its {level} ({unit['name']}) is the only one the "
                    "article names."
                )
        identity: tuple[str, ...] = (kind, level, territory or "")
        if kind not in _ONE_PER_UNIT:
            identity += (body_head(name),)
        if not territory and territory_text:
            identity += (match_key(name),)  # a unit the gazetteer does not know: by name
        if identity in self._keys:
            return self._keys[identity]
        record: dict[str, Any] = {
            "key": record_key(name),
            "name": name,
            "kind": kind,
            "level": level,
        }
        if territory:
            record["territory"] = territory
        if note:
            record["note"] = note
        key = add_unique(self.records, record)
        self._keys[identity] = key
        return key


def post_organisation(
    post: dict[str, Any], next_post: dict[str, Any] | None, post_text: str
) -> dict[str, Any] | None:
    """The organisation of one parsed post (``role``, ``organisation`` as written).

    A committee member's post written without its committee ("UVBTV, Trưởng Ban Dân vận
    Huyện ủy", "TUV, Phó Trưởng Ban …") is a post in the committee the abbreviation or
    the next post names.

    >>> post_organisation({"role": "standing-committee-member", "organisation": None},
    ...                   {"role": "head", "organisation": "Dân vận Huyện ủy"}, "")["name"]
    'Huyện ủy'
    >>> post_organisation({"role": "committee-member", "organisation": None}, None, "TUV")["name"]
    'Tỉnh ủy'
    """
    written = post.get("organisation")
    if written:
        return read_organisation(str(written), after_head=post["role"] in ("head", "deputy-head"))
    if post["role"] not in _MEMBER_ROLES:
        return None
    if post["role"] == "committee-member":
        named = {body for pattern, body in _MEMBER_OF if pattern.search(post_text)}
        if len(named) == 1:
            return read_organisation(named.pop())
    if next_post and next_post.get("organisation"):
        committee = _COMMITTEE.search(expand(str(next_post["organisation"])))
        if committee:
            return read_organisation(committee.group())
    return None


def person_posts(
    value: dict[str, Any], organisations: Organisations
) -> tuple[list[dict[str, str]], list[str]]:
    """A person mention's posts as record posts (``role``, ``in`` when the body is
    known), and the organisations kept as stated (for a note)."""
    posts: list[dict[str, str]] = []
    as_stated: list[str] = []
    parsed = list(value.get("posts") or [])
    for index, post in enumerate(parsed):
        following = parsed[index + 1] if index + 1 < len(parsed) else None
        body = post_organisation(post, following, str(value.get("post_text", "")))
        record = {"role": str(post["role"])}
        key = organisations.add(body) if body else None
        if key:
            record["in"] = key
        elif post.get("organisation"):
            as_stated.append(str(post["organisation"]))
        if record not in posts:
            posts.append(record)
    return posts, as_stated
