"""Administrative units (through the gazetteer, both maps) and organisations.

A unit name is resolved on the old map (the articles predate or straddle 1 July 2025),
then on the new one; the article's province (given, or the one its text names most)
disambiguates district and commune names. A name the gazetteer does not know, or
cannot decide between, is kept as stated and marked unresolved.

>>> from danvan_kg.gazetteer import Gazetteer
>>> s = "Huyện ủy Thanh Liêm, tỉnh Hà Nam; UBND huyện"
>>> units, orgs = find_places(s, Gazetteer.load())
>>> [(m.text, m.value.get("code")) for m in units]
[('Thanh Liêm', '351'), ('tỉnh Hà Nam', '35')]
>>> [(m.text, m.value["kind"]) for m in orgs]
[('Huyện ủy Thanh Liêm', 'party-committee'), ('UBND huyện', 'peoples-committee')]
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import NamedTuple

from danvan_kg.extract.find.common import capitalised_run, without_overlaps
from danvan_kg.extract.model import Mention
from danvan_kg.gazetteer import Gazetteer, Level, Unit, UnitNotFound
from danvan_kg.text import match_key

_UNIT_WORDS: dict[str, tuple[Level, ...]] = {
    "tỉnh": ("province",),
    "thành phố": ("province", "district"),
    "tp.": ("province", "district"),
    "tp": ("province", "district"),
    "huyện": ("district",),
    "quận": ("district",),
    "thị xã": ("district",),
    "tx.": ("district",),
    "tx": ("district",),
    "h.": ("district",),
    "q.": ("district",),
    "xã": ("commune",),
    "phường": ("commune",),
    "p.": ("commune",),
    "thị trấn": ("commune",),
}
_NON_WORD = re.compile(r"[\W_]+")
# A level word, or its abbreviation, before a name: "TP. Thủ Đức", "TX Sơn Tây", "TP.HCM",
# "H. Quế Sơn", "Q. 9", "P. 12". The one-letter abbreviations are capitals only (a lower
# "p." ends a word), and a dotted one may touch its name.
_UNIT_WORD = re.compile(
    r"(?<!\w)(?:(?P<word>thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|TP|TX)(?=\s)"
    r"|(?P<abbr>TP\.|TX\.|(?-i:[HQP])\.)(?=\s*\w))",
    re.IGNORECASE,
)
# Abbreviations weaker than the word: "TX", "H.", "Q.", "P." before a capitalised word
# that is no unit the gazetteer knows are read as no unit at all ("P. Hà" may be a name).
_WEAK_WORDS = frozenset({"tx", "h.", "q.", "p."})
# Numbered urban districts and wards: "Quận 9", "phường 3", "Quận Ba" (a page's name)
_NUMBERED_WORDS = frozenset({"quận", "q.", "phường", "p."})
_NUMBER_NAMES = {
    "một": "1", "hai": "2", "ba": "3", "bốn": "4", "tư": "4", "năm": "5", "sáu": "6",
    "bảy": "7", "tám": "8", "chín": "9", "mười": "10", "mười một": "11", "mười hai": "12",
}  # fmt: skip
# Names the gazetteer's maps do not print for a unit they hold: the province of Thừa
# Thiên Huế kept its code and land when it became the city of Huế (1 January 2025);
# "HCM" is how every article shortens Hồ Chí Minh City ("TP.HCM").
_ALIASES: dict[str, tuple[Level, str]] = {
    "thua thien hue": ("province", "46"),
    "tt hue": ("province", "46"),
    "hcm": ("province", "79"),
    "tphcm": ("province", "79"),
}
# Words before a level word that make it a level, not the start of a unit's name: "các
# cơ quan tỉnh Hướng dẫn …", "cấp huyện", "toàn tỉnh", "liên xã".
_LEVELLESS_BEFORE = re.compile(r"(?<!\w)(?:cơ\s+quan|cấp|toàn|liên|ngoài)\s+$", re.IGNORECASE)
# A name the gazetteer does not know that begins with a document's type word is a
# document the body issues, capitalised as headings do ("… tỉnh Hướng dẫn xây dựng …").
_DOCUMENT_WORD = re.compile(
    r"(?:hướng\s+dẫn|kế\s+hoạch|quyết\s+định|quy\s+định|chỉ\s+thị|nghị\s+quyết|kết\s+luận"
    r"|thông\s+báo|báo\s+cáo|chương\s+trình|công\s+văn|tờ\s+trình|đề\s+án|quy\s+chế)(?!\w)",
    re.IGNORECASE,
)
# Party committees name their unit right after them: "Huyện ủy Thanh Liêm".
_COMMITTEE_LEVEL: dict[str, tuple[Level, ...]] = {
    "tỉnh ủy": ("province",),
    "thành ủy": ("province", "district"),
    "huyện ủy": ("district",),
    "thị ủy": ("district",),
    "quận ủy": ("district",),
}
_PREFIXES = (
    ("Ban Tuyên giáo và Dân vận", "party-commission"),
    ("Ban Thường vụ", "party-standing-committee"),
    ("Ban Chấp hành", "party-committee"),
    ("Ban Dân vận", "party-commission"),
    ("Ban Tuyên giáo", "party-commission"),
    ("Ban Tổ chức", "party-commission"),
    ("Ủy ban Kiểm tra", "party-commission"),
    ("Thường trực", "party-standing-board"),
    ("BTV", "party-standing-committee"),
    ("BCH", "party-committee"),
    ("BDV", "party-commission"),
)
_COMMITTEE = r"(?:Tỉnh|Huyện|Thành|Thị|Quận)\s+ủy|Đảng\s+ủy"
_PREFIX = "|".join(re.escape(prefix).replace(r"\ ", r"\s+") for prefix, _ in _PREFIXES)
_PARTY = re.compile(
    rf"(?<!\w)(?:(?P<prefix>{_PREFIX})\s+)?(?P<committee>{_COMMITTEE})(?!\w)"
    rf"|(?<!\w)(?P<central>Ban Dân vận Trung ương|Ban Dân vận TW|Bộ Chính trị|Ban Bí thư"
    r"|Ban Chấp hành Trung ương|Chính phủ|Quốc hội|Mặt trận Tổ quốc Việt Nam)(?!\w)",
    re.IGNORECASE,
)
_OTHER_KINDS: tuple[tuple[str, str], ...] = (
    (r"UBND|Ủy ban nhân dân|UBMTTQ(?:VN)?\b", ""),
    # "TT HĐND", "Thường trực HĐND": the council's standing board (value "board")
    (r"(?:(?:Thường trực|TT\.?)\s+)?(?:HĐND|Hội đồng nhân dân)", "peoples-council"),
    (r"Ủy ban MTTQ(?:\s+Việt Nam)?|Ủy ban Mặt trận Tổ quốc(?:\s+Việt Nam)?|MTTQ(?:VN)?"
     r"|Mặt trận Tổ quốc|Mặt trận", "fatherland-front"),
    # the words after "Hội" are often written in lower case: "Hội Liên hiệp phụ nữ huyện"
    (r"Hội\s+(?i:Nông\s+dân|Liên\s+hiệp\s+Phụ\s+nữ|LHPN|Phụ\s+nữ|Cựu\s+chiến\s+binh|CCB"
     r"|Chữ\s+thập\s+đỏ|Người\s+cao\s+tuổi|Khuyến\s+học)(?!\w)"
     r"|Đoàn Thanh niên(?:\s+Cộng sản Hồ Chí Minh)?|Huyện đoàn|Tỉnh đoàn|Thành đoàn"
     r"|Liên đoàn Lao động|LĐLĐ", "mass-association"),
    (r"Công an", "police"),
    # the district and provincial military commands and the border guard are the army's
    (r"Ban Chỉ huy Quân sự|Bộ Chỉ huy Quân sự|Ban CHQS|Bộ CHQS|Bộ đội Biên phòng"
     r"|Đồn Biên phòng", "military"),
    (r"Hội đồng (?i:Thi đua\s*[-–]?\s*Khen thưởng|TĐ\s*[-–]\s*KT)", "emulation-council"),
    # "Trung tâm VH-TT và TT-TH huyện": the district's centre for culture, information
    # and broadcasting, which reports the news (a sports centre is a state agency)
    (r"Trung tâm (?:VH|Văn hóa)\s*[-–]\s*(?:TT|Thông tin|Thể thao)"
     r"(?:\s*[-–]\s*(?:TT|Thể thao))?(?:\s+và\s+(?:TT\s*[-–]\s*TH|Truyền thanh\s*[-–]\s*"
     r"Truyền hình))?", "centre"),
)  # fmt: skip
_TD_KT = re.compile(r"TĐ\s*[-–]\s*KT", re.IGNORECASE)
_OTHER = re.compile(
    "|".join(f"(?P<k{index}>{pattern})" for index, (pattern, _) in enumerate(_OTHER_KINDS)),
)
_SCOPE_WORD = re.compile(
    r"\s+(?P<word>tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường|thị trấn)(?!\w)", re.IGNORECASE
)
_LEVEL_OF_SCOPE = {
    "tỉnh": "province", "thành phố": "province", "tp": "province", "tp.": "province",
    "huyện": "district", "quận": "district", "thị xã": "district", "xã": "commune",
    "phường": "commune", "thị trấn": "commune",
}  # fmt: skip
_COMMITTEE_SCOPE = {
    "tỉnh ủy": "province", "thành ủy": "province", "huyện ủy": "district",
    "thị ủy": "district", "quận ủy": "district", "đảng ủy": "commune",
}  # fmt: skip


@cache
def _province_names(gazetteer: Gazetteer) -> dict[str, Unit]:
    return {match_key(unit.name): unit for unit in gazetteer.units("old", "province")}


def _loose(name: str) -> str:
    # An apostrophe inside a minority-language name is written or not ("Ia R’vê", "Ia
    # RVê"): dropped, not read as a space.
    folded = _APOSTROPHES.sub("", match_key(name, ignore_diacritics=True))
    return " ".join(_NON_WORD.sub(" ", folded).split())


_APOSTROPHES = re.compile(r"(?<=\w)['’ʼ‘](?=\w)")


@cache
def _units_by_name(gazetteer: Gazetteer) -> dict[tuple[str, str, str], list[Unit]]:
    """(epoch, level, loose name) → units, for both maps (built once per process)."""
    index: dict[tuple[str, str, str], list[Unit]] = {}
    for unit in gazetteer.units():
        for name in {_loose(unit.name), _loose(unit.full_name)}:
            index.setdefault((unit.epoch, unit.level, name), []).append(unit)
    for alias, (level, code) in _ALIASES.items():
        for epoch in ("old", "new"):
            index.setdefault((epoch, level, alias), []).append(gazetteer.get(epoch, level, code))
    return index


_KIND_OF_WORD = {
    "tp": "thành phố", "tp.": "thành phố", "tx.": "thị xã", "tx": "thị xã", "h.": "huyện",
    "q.": "quận", "p.": "phường",
}  # fmt: skip


def _resolve(
    gazetteer: Gazetteer,
    name: str,
    levels: tuple[Level, ...],
    province: Unit | None,
    kind: str | None = None,
    districts: frozenset[str] = frozenset(),
) -> tuple[Unit | None, str]:
    """The unit, or None with the reason ("ambiguous", "unknown").

    Namesakes are told apart by the article's province, then by the kind of unit the
    text writes ("thị xã Sơn Tây", not "huyện Sơn Tây"), then, for a commune, by the
    districts the article names. The new map is asked only when the old one has no unit
    of that name in the article's province: two namesakes there stay ambiguous, for a
    new commune of the same name may be made of neither ("xã Tân Hòa" of Đồng Tháp in
    2020: Thanh Bình's or Lai Vung's, while today's is Gò Công Đông's). Candidates come
    from a loose index: Gazetteer.resolve spends ~0.1 s suggesting close names for a name
    it does not know or cannot place, and the extractor wants no suggestions, so it is not
    asked at all.
    """
    index = _units_by_name(gazetteer)
    key = _loose(name)
    reason = "unknown"
    settled = False  # namesakes in the article's province (or anywhere, with none given)
    for epoch in ("old", "new"):
        if settled:
            break
        for level in levels:
            candidates = index.get((epoch, level, key), [])
            if not candidates:
                continue
            narrowed = candidates
            outside = False
            # on the new map, the province the article's (old) province mostly went to
            within = None
            if province is not None and level != "province":
                within = (province if epoch == "old" else gazetteer.new_province_of(province)).code
            narrowers = (
                lambda u, p=within: p is None or gazetteer.province_of(u).code == p,
                lambda u: kind is None or u.kind.casefold() == kind,
                lambda u: u.level != "commune" or not districts or u.parent_code in districts,
            )
            for number, keep in enumerate(narrowers):
                # a narrower that leaves nothing is ignored: the text may name a unit of
                # another province, or write the kind loosely
                kept = [u for u in narrowed if keep(u)]
                if number == 0 and not kept and within is not None:
                    outside = True  # none in the article's province: the new map may know
                narrowed = kept or narrowed
            if len(narrowed) == 1:
                return narrowed[0], ""
            # several: the one whose name matches with its diacritics ("Hòa" is not "Hoa")
            exact = [
                u
                for u in narrowed
                if match_key(name) in (match_key(u.name), match_key(u.full_name))
            ]
            if len(exact) == 1:
                return exact[0], ""
            reason = "ambiguous"
            settled = settled or not outside
    return None, reason


def _unit_value(unit: Unit, gazetteer: Gazetteer) -> dict[str, object]:
    value: dict[str, object] = {
        "name": unit.name,
        "full_name": unit.full_name,
        "level": unit.level,
        "epoch": unit.epoch,
        "code": unit.code,
        "iri": unit.iri,
    }
    if unit.level != "province":
        value["province"] = gazetteer.province_of(unit).name
    if unit.epoch == "old" and unit.level == "commune":
        parent = gazetteer.parent(unit)
        if parent is not None:
            value["district"] = parent.name
    return value


class _Candidate(NamedTuple):
    """A unit-shaped phrase: ``text[start:end]`` is the mention, ``name`` what to look up."""

    start: int
    name_start: int
    end: int
    levels: tuple[Level, ...]
    kind: str | None  # the kind of unit the text writes ("thị xã"), to tell namesakes apart
    name: str
    weak: bool = False  # kept only when the gazetteer knows it


def _numbered(word: str, name: str) -> str | None:
    """ "Quận 9" for a district or ward written by its number ("quận 9", "Q.9", "Quận
    Ba"): the gazetteer names these units with their kind, never by the bare number."""
    if word not in _NUMBERED_WORDS:
        return None
    number = name if name.isdigit() else _NUMBER_NAMES.get(" ".join(name.lower().split()))
    if number is None:
        return None
    return f"{'Quận' if word in {'quận', 'q.'} else 'Phường'} {int(number)}"


def _candidates(text: str) -> list[_Candidate]:
    """Every unit-shaped phrase: a level word (or its abbreviation) or a Party committee
    ("Huyện ủy Thanh Liêm") before a capitalised run."""
    found = []
    for match in _UNIT_WORD.finditer(text):
        word = (match.group("word") or match.group("abbr")).lower()
        if len(word) == 2 and word.endswith(".") and _after_capitalised(text, match.start()):
            continue  # "Nguyễn Văn P. Hòa …": an initial, not "phường"
        name_start = match.end()
        while name_start < len(text) and text[name_start] in " \t":
            name_start += 1
        end = capitalised_run(text, name_start)
        if end == name_start:
            continue
        name = text[name_start:end]
        lookup = _numbered(word, name)
        if lookup is None and name.isdigit():
            continue  # "xã 3", "tỉnh 5": a count or a rank, not a name
        weak = word in _WEAK_WORDS
        if lookup is None and _LEVELLESS_BEFORE.search(
            text, max(0, match.start() - 12), match.start()
        ):
            weak = True  # "các cơ quan tỉnh Hướng dẫn …": a level, maybe no name after it
        kind = _KIND_OF_WORD.get(word, word)
        found.append(
            _Candidate(
                match.start(), name_start, end, _UNIT_WORDS[word], kind, lookup or name, weak
            )
        )
    # "Huyện ủy", and "Huyện Ủy" as some pages capitalise it
    for match in re.finditer(r"(?<!\w)(Tỉnh|Thành|Huyện|Thị|Quận)\s+[ủỦ]y(?!\w)", text):
        levels = _COMMITTEE_LEVEL[" ".join(match.group().lower().split())]
        start = match.end() + 1
        if _UNIT_WORD.match(text, start):
            continue  # "Thành ủy TP. Thủ Đức", "Thành ủy TP.HCM": the level word's phrase
        end = capitalised_run(text, match.end())
        if end > match.end() and not text[start:end].isdigit():
            found.append(_Candidate(start, start, end, levels, None, text[start:end]))
    return found


def _after_capitalised(text: str, pos: int) -> bool:
    """Whether a word of a name ("Văn", not "UBND" or "ủy") stands right before ``pos``."""
    words = text[max(0, pos - 30) : pos].split()
    if not words or not text[pos - 1 : pos].isspace():
        return False
    last = words[-1]
    return last.isalpha() and last[0].isupper() and any(c.islower() for c in last[1:])


def _unwrapped(candidate: _Candidate, text: str, gazetteer: Gazetteer) -> _Candidate:
    """The candidate with its name's words on the next line ("xã Châu⏎Đình" in a text
    wrapped by hand), when the gazetteer knows the whole name and not the first part."""
    end = candidate.end
    if text[end : end + 1] != "\n" or text[end + 1 : end + 2].isspace():
        return candidate
    words = len(candidate.name.split())
    next_end = capitalised_run(text, end + 1, max_words=max(0, 4 - words))
    if next_end == end + 1 or candidate.name != text[candidate.name_start : end]:
        return candidate
    whole = f"{candidate.name} {text[end + 1 : next_end]}"
    index = _units_by_name(gazetteer)
    known = {
        name: any((epoch, level, _loose(name)) in index for epoch in ("old", "new")
                  for level in candidate.levels)
        for name in (candidate.name, whole)
    }  # fmt: skip
    if known[whole] and not known[candidate.name]:
        return candidate._replace(end=next_end, name=whole)
    return candidate


def _known(gazetteer: Gazetteer, name: str, levels: tuple[Level, ...]) -> bool:
    """Whether either map has a unit of one of ``levels`` by this name (loosely)."""
    index = _units_by_name(gazetteer)
    loose = _loose(name)
    return any((epoch, level, loose) in index for epoch in ("old", "new") for level in levels)


# "tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu": a hyphen inside a province's name.
_HYPHEN_ON = re.compile(r"[ \t]*[-–][ \t]*(?=[^\W\d_])")
# Lower-case words after a name's capitalised first word ("huyện Đô lương": a typo).
_LOWER_WORDS = re.compile(r"(?:[ \t]+[^\W\d_]+){1,3}")


def _known_name(candidate: _Candidate, text: str, gazetteer: Gazetteer) -> _Candidate:
    """A name the gazetteer does not know, read as the one it knows that the text most
    likely means: joined over a hyphen ("Bà Rịa-Vũng Tàu"), with lower-case words after
    it ("Đô lương"), without a capitalised word run on ("Phú Yên Người dân …"), or
    without a body's word before it ("Xã Đoàn Hòa Xuân Đông": the commune's youth
    union). A name it knows, or one none of these makes known, is left as it is."""
    name, levels = candidate.name, candidate.levels
    if name != text[candidate.name_start : candidate.end] or _known(gazetteer, name, levels):
        return candidate
    if hyphen := _HYPHEN_ON.match(text, candidate.end):
        end = capitalised_run(text, hyphen.end(), max_words=3)
        whole = f"{name} - {text[hyphen.end() : end]}"
        if end > hyphen.end() and _known(gazetteer, whole, levels):
            return candidate._replace(end=end, name=whole)
    if lower := _LOWER_WORDS.match(text, candidate.end):
        words = lower.group().split()
        for count in range(len(words), 0, -1):
            whole = " ".join([name, *words[:count]])
            if len(whole.split()) <= 4 and _known(gazetteer, whole, levels):
                end = candidate.end + len(" ".join(words[:count])) + (
                    len(lower.group()) - len(lower.group().lstrip())
                )
                return candidate._replace(end=end, name=text[candidate.name_start : end])
    words = name.split()
    for count in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:count])
        if _known(gazetteer, prefix, levels):
            end = candidate.name_start + len(prefix)
            return candidate._replace(end=end, name=prefix)
    if len(words) > 2 and words[0] in _BODY_WORDS:
        rest = " ".join(words[1:])
        if _known(gazetteer, rest, levels):
            return candidate._replace(name_start=candidate.end - len(rest), name=rest)
    return candidate


# Capitalised words that begin a body's or a sentence's name, never a unit's: "tỉnh Hội
# đó là …" (the province's association), "Xã Đoàn …" (a commune's youth union).
_BODY_WORDS = frozenset(
    {"Hội", "Đoàn", "Ban", "Đảng", "Người", "Số", "Sở", "Phòng", "Chi", "Ngày", "Các", "Ủy"}
)


# Vietnam's regions, which "các tỉnh …" names as if a province.
_REGIONS = frozenset(
    _loose(name)
    for name in (
        "Tây Nguyên", "Tây Bắc", "Đông Bắc", "Bắc Bộ", "Trung Bộ", "Nam Bộ", "Tây Nam Bộ",
        "Đông Nam Bộ", "Bắc Trung Bộ", "Nam Trung Bộ", "Duyên hải Nam Trung Bộ",
        "Đồng bằng sông Hồng", "Đồng bằng sông Cửu Long", "Trung du và miền núi phía Bắc",
    )
)  # fmt: skip


def _not_a_name(candidate: _Candidate, text: str) -> bool:
    """Whether an unknown name is a heading or a document, not a unit kept as stated."""
    name = candidate.name
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return True  # "XÃ HỘI CHỦ NGHĨA", "HƯỚNG DẪN": a heading in capitals
    if name.split()[0] in _BODY_WORDS:
        return True  # "tỉnh Hội đó là": the province's association
    if _loose(name) in _REGIONS:
        return True  # "các tỉnh Tây Nguyên": a region of provinces, no unit
    words = name.split()
    if len(words) >= 3 and words[1] in {"Thị", "Văn"}:
        return True  # "Phó chủ tịch HĐND huyện Mai Thị Hạnh": the person after the body
    return _DOCUMENT_WORD.match(text, candidate.name_start) is not None


def article_province(
    text: str,
    gazetteer: Gazetteer,
    hint: str | None = None,
    candidates: list[_Candidate] | None = None,
) -> Unit | None:
    """The province an article is about: ``hint`` if given, else the one it names most.

    >>> g = Gazetteer.load()
    >>> article_province("", g, "Thừa Thiên Huế").name, article_province("", g, "TP.HCM").name
    ('Huế', 'Hồ Chí Minh')
    """
    if hint:
        try:
            return gazetteer.resolve(hint, "province")
        except UnitNotFound:
            # a former name ("Thừa Thiên Huế") or a short form ("TP. Hồ Chí Minh", "TP.HCM")
            for candidate in [*_candidates(hint), None]:
                name = hint if candidate is None else candidate.name
                unit, _ = _resolve(gazetteer, name, ("province",), None)
                if unit is not None:
                    return unit
    names = _province_names(gazetteer)
    counts: Counter[str] = Counter()
    for candidate in _candidates(text) if candidates is None else candidates:
        if "province" in candidate.levels:
            unit, _ = _resolve(gazetteer, candidate.name, ("province",), None)
            if unit is not None and unit.epoch == "old":
                counts[match_key(unit.name)] += 1
    if not counts:
        return None
    return names[counts.most_common(1)[0][0]]


def find_units(text: str, gazetteer: Gazetteer, province_hint: str | None = None) -> list[Mention]:
    """Unit mentions; resolved ones carry the gazetteer unit's code, level, map and IRI.

    A district or ward written by its number is looked up with its kind, a former or short
    name of a province through a small table, and a name the gazetteer does not know is
    kept as stated unless it is a heading, a document or follows a level written as such:

    >>> g = Gazetteer.load()
    >>> s = "UBND quận 3, TP.HCM; Đảng ủy Khối các cơ quan tỉnh Hướng dẫn; Quận 9"
    >>> [(m.text, m.value["name"], m.resolved) for m in find_units(s, g)]
    [('quận 3', 'Quận 3', True), ('TP.HCM', 'Hồ Chí Minh', True), ('Quận 9', 'Quận 9', False)]
    """
    candidates = [
        _known_name(_unwrapped(candidate, text, gazetteer), text, gazetteer)
        for candidate in _candidates(text)
    ]
    province = article_province(text, gazetteer, province_hint, candidates)
    if province is None:
        # no province named: the one of the districts and communes the text names alone
        provinces = Counter(
            gazetteer.province_of(unit).code
            for candidate in candidates
            if "province" not in candidate.levels
            and (
                unit := _resolve(gazetteer, candidate.name, candidate.levels, None, candidate.kind)[
                    0
                ]
            )
            and unit.epoch == "old"
        )
        if provinces:
            province = gazetteer.get("old", "province", provinces.most_common(1)[0][0])
    resolved = [_resolve(gazetteer, c.name, c.levels, province, c.kind)[0] for c in candidates]
    districts = frozenset(
        unit.code for unit in resolved if unit and unit.level == "district" and unit.epoch == "old"
    )
    found: list[Mention] = []
    for candidate, unit in zip(candidates, resolved, strict=True):
        start, end, levels = candidate.start, candidate.end, candidate.levels
        reason = ""
        if unit is None or (unit.level == "commune" and districts):
            unit, reason = _resolve(
                gazetteer, candidate.name, levels, province, candidate.kind, districts
            )
        if unit is None:
            if candidate.weak or (reason == "unknown" and _not_a_name(candidate, text)):
                continue
            value: dict[str, object] = {
                "name": candidate.name, "level": levels[0], "unresolved": reason,
            }  # fmt: skip
            found.append(Mention("unit", start, end, text[start:end], value, 0.4, False))
        else:
            value = _unit_value(unit, gazetteer)
            found.append(Mention("unit", start, end, text[start:end], value, 0.9, True, unit.iri))
    return without_overlaps(found)


def find_organisations(text: str) -> list[Mention]:
    """Organisation mentions: name as written (tidied), orgkind code, level and territory."""
    found: list[Mention] = []
    for match in _PARTY.finditer(text):
        if match.group("central"):
            name = " ".join(match.group("central").split())
            kind = _central_kind(name)
            value = {"name": name, "kind": kind, "level": "central"}
            found.append(Mention("organisation", *match.span(), match.group(), value, 0.9))
            continue
        committee = " ".join(match.group("committee").lower().split())
        prefix = match.group("prefix")
        kind = "party-committee"
        if prefix:
            kind = next(k for p, k in _PREFIXES if p.lower() == " ".join(prefix.lower().split()))
        level = _COMMITTEE_SCOPE[committee]
        end = match.end()
        scope = _SCOPE_WORD.match(text, end) if committee == "đảng ủy" else None
        if scope is not None:
            level = _LEVEL_OF_SCOPE[scope.group("word").lower()]
            end = scope.end()
        end = capitalised_run(text, end)
        surface = text[match.start() : end]
        value = {"name": " ".join(surface.split()), "kind": kind, "level": level}
        if end > match.end():
            value["territory"] = text[match.end() : end].strip()
        found.append(Mention("organisation", match.start(), end, surface, value, 0.85))
    for match in _OTHER.finditer(text):
        index = int(next(name for name, v in match.groupdict().items() if v)[1:])
        kind = _OTHER_KINDS[index][1]
        if not kind:
            kind = "fatherland-front" if "MTTQ" in match.group() else "peoples-committee"
        if kind == "centre":
            broadcast = re.search(r"Thông tin|TT\s*[-–]\s*TH|Truyền", match.group())
            kind = "media" if broadcast else "state-agency"
        end = match.end()
        level = None
        if scope := _SCOPE_WORD.match(text, end):
            level = _LEVEL_OF_SCOPE[scope.group("word").lower()]
            end = scope.end()
        name_end = capitalised_run(text, end)
        if kind == "police" and level is None and name_end == end:
            continue  # "công an" alone is the police in general, not one body
        surface = text[match.start() : name_end]
        value = {"name": " ".join(surface.split()), "kind": kind}
        if kind == "emulation-council":
            # "Hội đồng TĐ-KT" stands for one name: written out, it is the same body
            value["name"] = _TD_KT.sub("Thi đua - Khen thưởng", value["name"])
        if kind == "peoples-council" and not match.group().startswith(("HĐND", "Hội")):
            value["board"] = "standing"  # "TT HĐND": Thường trực, not the whole council
        if level:
            value["level"] = level
        if name_end > end:
            value["territory"] = text[end:name_end].strip()
        found.append(Mention("organisation", match.start(), name_end, surface, value, 0.8))
    return without_overlaps(found)


def _central_kind(name: str) -> str:
    lowered = name.lower()
    if "bộ chính trị" in lowered:
        return "politburo"
    if "bí thư" in lowered:
        return "secretariat"
    if "chấp hành" in lowered:
        return "central-committee"
    if "chính phủ" in lowered:
        return "government"
    if "quốc hội" in lowered:
        return "national-assembly"
    if "mặt trận" in lowered:
        return "fatherland-front"
    return "party-commission"


def find_places(
    text: str, gazetteer: Gazetteer, province_hint: str | None = None
) -> tuple[list[Mention], list[Mention]]:
    """Units and organisations of ``text``."""
    return find_units(text, gazetteer, province_hint), find_organisations(text)
