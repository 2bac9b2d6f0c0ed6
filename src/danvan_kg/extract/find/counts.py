"""Figures (a number and what it counts, with "trong đó" breakdowns) and Dân vận khéo
models (names in quotation marks near "mô hình").

>>> s = "xây dựng 123 mô hình, trong đó 54 mô hình cấp huyện, 69 mô hình cấp xã."
>>> [(m.value["number"], m.value["counted"], m.value.get("breakdown_of")) for m in find_figures(s)]
[(123, 'mô hình', None), (54, 'mô hình', 123), (69, 'mô hình', 123)]
>>> [m.value["name"] for m in find_models('mô hình “Camera an ninh” của Công an xã')]
['Camera an ninh']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from danvan_kg import identifiers
from danvan_kg.extract.find.common import Sentences, parse_number
from danvan_kg.extract.model import Mention
from danvan_kg.text import match_key

COUNTED = (
    "mô hình", "tập thể", "cá nhân", "hộ gia đình", "hộ dân", "hộ", "lượt người", "lượt",
    "người", "cuộc", "buổi", "hội viên", "đoàn viên", "đảng viên", "tỷ đồng", "triệu đồng",
    "đồng", "công trình", "km", "m2", "m²", "mét", "ngày công", "điển hình", "tin", "bài",
    "đơn vị", "xã", "thôn", "tổ", "câu lạc bộ", "CLB", "gương", "cơ sở", "hội nghị",
    "lớp", "học viên", "đại biểu", "ý kiến", "vụ", "đơn", "căn nhà", "nhà", "suất quà",
    "phần quà", "cán bộ", "công chức", "chi bộ", "tổ chức", "hồ sơ", "ha", "hecta",
    "đội", "giải", "phần thi", "lĩnh vực", "khu phố", "giấy chứng nhận", "giấy khen",
    "bằng khen", "đề án", "nhiệm vụ", "chi đoàn", "nội dung", "khu dân cư", "tộc",
    "bóng điện", "mét vuông", "m", "hội thi", "chương", "điều", "dân tộc", "lao động",
    # "ý" alone is one letter, which the open rule leaves ("100 ý tưởng, sáng kiến")
    "ý tưởng",
)  # fmt: skip
_COUNTED_WORDS = frozenset(word.lower() for word in COUNTED)
_COUNTED = "|".join(
    re.escape(word).replace(r"\ ", r"\s+") for word in sorted(COUNTED, key=len, reverse=True)
)
# A number may follow a word with no space after a slash or a comma: "84 tổ/498 thành
# viên" (a tally of groups and their members), "an toàn,18 tổ" (a comma missing its
# space); after a digit those are a date, a ratio or a decimal, and after a capital an
# identifier's tail (checked in find_figures: the word before must be lower-case).
_AFTER_WORD = r"(?:(?<=[^\W\d_][/,])|(?<![\w.,/\-]))"
_FIGURE = re.compile(
    _AFTER_WORD + r"(?<!\d:)(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?:/(?P<of>\d{1,3}(?:\.\d{3})+|\d+))?"  # "81/97 mô hình": 81 of 97
    # lengths and areas are written against the number: "10.700m", "2,6km", "3.400ha"
    # ("4600 km2" too, spaced)
    # "193 nghìn ngày công": a multiplier word may come between (the number stays 193)
    rf"(?:\s+(?:(?P<mult>nghìn|ngàn|triệu|vạn)\s+)?(?P<what>{_COUNTED})"
    r"|(?P<unit>km2|km|m2|m|ha|[ \t]km2))(?!\w)",
    re.IGNORECASE,
)
# Any other noun after a number: the list above will always miss some ("63 điểm cầu",
# "2.000 tuyến đường", "10 câu hỏi"), so a number followed by a lower-case word counts
# that word unless the word says the number is no count (a duration, a share, an
# ordinal, a verb or preposition) or the word before says so ("lần thứ 2", "Tổ 5").
_OPEN = re.compile(
    # a number may stand alone in quotation marks: "đồng hành với “10” hộ"
    # (not the last part of a clock time: "Ngày 05/03/2021 00:00:00⏎⏎Kế hoạch …")
    r"(?:(?<=[^\W\d_][/,])|(?<![\w.,/\-–]))(?<!\d:)(?:(?P<quote>[“\"])(?=\d+[”\"]))?"
    r"(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d+)?)(?(quote)[”\"])"
    r"(?:/(?P<of>\d{1,3}(?:\.\d{3})+|\d+))?"
    r"\s+(?:(?P<mult>nghìn|ngàn|triệu|tỷ|vạn)\s+)?(?P<what>[^\W\d_]+)(?![\w/\-])"
)
_NOT_COUNTED = frozenset(
    (
     "năm", "tháng", "tuần", "ngày", "đêm", "giờ", "tiếng", "phút", "giây", "tuổi", "lần",
     "thứ", "phần", "trăm", "độ", "tiết", "kỳ", "khóa", "đợt", "số", "và", "với", "hoặc",
     "hay", "của", "là", "có", "được", "đã", "đang", "sẽ", "còn", "cũng", "đều", "trong",
     "tại", "từ", "đến", "tới", "theo", "cho", "về", "thì", "mà", "nhằm", "để", "trên",
     "dưới", "so", "hơn", "như", "tăng", "giảm", "đạt", "không", "do", "làm", "vào", "cùng",
     # a plural marker after a number: "Khối thi đua 2 các đơn vị" (the 2 labels the bloc)
     "các", "những",
    )
)  # fmt: skip
# Words before a number that make it a rank, a name or a date part, not a count.
_NOT_COUNTED_AFTER = frozenset(
    (
     "thứ", "lần", "số", "khóa", "đợt", "kỳ", "khoản", "điều", "mục", "chương", "quý",
     "tháng", "ngày", "năm", "đoạn", "top", "hạng", "tổ", "ương", "giải",
     # a team's or a round's label: "đoàn 1 do đồng chí …", "Đoàn 2 làm việc với …"
     "đoàn", "đội", "cụm", "vòng", "bảng",
     # a group named by its number: "cán bộ khối 4 cơ quan Bộ Chỉ huy"
     "khối",
     # a hamlet, a quarter or a ward named by its number: "ấp 4", "khu 3", "phường 4"
     "ấp", "khóm", "thôn", "xóm", "khu", "phường", "quận",
    )
)  # fmt: skip
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")
# "Khối thi đua 2", "Cụm thi đua số 3": a numbered bloc of an emulation drive, no count
_BLOC_BEFORE = re.compile(r"(?<!\w)(?:[Kk]hối|[Cc]ụm)\s+thi\s+đua\s+(?:số\s+)?$")
# "195 số gia đình": "số" (a number of) between the number and a lower-case noun, which
# is what is counted ("5 số này", "3 số lượng" are none)
_NUMBER_OF = re.compile(
    rf"số[ \t]+(?!(?:này|đó|kia|ấy|lượng|liệu)(?!\w))(?P<noun>{_COUNTED}|hộ\s+gia\s+đình"
    r"|gia\s+đình|[a-zđà-ỹ]+)(?!\w)"
)
# Words that label a round ("đợt 2", "kỳ 3", "khóa XII") and so are left out after a bare
# number, but that an approximate amount counts: "trên 10 đợt thi đua", "hơn 20 kỳ".
_LABELS = frozenset(("đợt", "kỳ", "khóa"))
_APPROXIMATE = re.compile(r"(?<!\w)(?:trên|hơn|gần|khoảng)\s+$", re.IGNORECASE)
# Inside a quoted name a number is part of the name ("“Xây dựng gia đình 5 không, 3
# sạch”", "“Đoàn viên 3 tốt”") unless a preposition places what it counts ("“Chương
# trình … tại 8 tỉnh đồng bằng sông Hồng”": the programme runs in eight provinces).
_PLACING = frozenset(("tại", "ở", "của", "cho", "trên", "với", "trong", "giữa"))
# "(12 trang)", "dày 12 trang.": a page count, which no figure is ("12 trang tin", "15
# trang trại" go on with a word and count something else)
_PAGES = re.compile(r"trang(?![ \t]+[^\W\d_])", re.IGNORECASE)
# A post after a number counts the people who hold it ("583 Trưởng ban Công tác Mặt trận",
# "bổ sung 4 Ủy viên"): a capitalised word the open rule would take for a name.
_POST_COUNTED = re.compile(
    r"(?:Phó\s+)?(?:Chủ tịch|Bí thư|Trưởng ban|Trưởng Ban|Ủy viên|Giám đốc|Đại biểu)(?!\w)"
)
# "13/13 Hội", "8/12 Chi bộ": a ratio no date can be (the second number is no month),
# whose part is at most the whole, before a capitalised noun counts that noun.
_SHARE_OF_ALL = re.compile(r"(?P<n>\d{1,3})/(?P<of>1[3-9]|[2-9]\d|\d{3})\s")
# Documents counted: "triển khai 2 Quyết định", "3 Nghị quyết" (a type word in capitals).
# The types counted, as the identifier parser names them (their words, their notations).
_COUNTED_TYPES = ("NQ", "CT", "KL", "QD", "QDi", "KH", "DA", "HD")
_DOCUMENTS_COUNTED = re.compile(
    "(?:"
    + "|".join(
        word[0].upper() + word[1:]
        for word, code in identifiers.TYPE_WORDS.items()
        if code in _COUNTED_TYPES and " " in word
    )
    # "bổ sung 04 Luật chuyên ngành": laws counted (a one-word type, so named here)
    + r"|Luật)(?!\w)"
)
# Bodies counted: "thành lập lại 04 Đảng bộ Khối", "5 Chi bộ" (a Party or union body in
# capitals, as the text names its kind).
# "43 Hội cựu chiến binh": an association, not a meeting or event ("3 Hội nghị", "Hội thi").
_BODIES_COUNTED = re.compile(
    # "6 Mặt trận cấp xã": the Front's committees
    # "11 Huyện, Thị, Thành ủy": the committees of districts counted
    # "6 Chi hội nghề nghiệp", "9 Hợp tác xã": branches and cooperatives counted
    r"(?:Đảng bộ|Chi bộ|Chi đoàn|Chi hội|Hợp tác xã|Tổ hợp tác|Đoàn cơ sở|Công đoàn cơ sở"
    r"|Mặt trận|Huyện(?=,)"
    r"|Hội(?=\s+[^\W\d_])(?!\s+(?:nghị|thảo|thi|diễn|chợ|khỏe|khoẻ|trại|báo|đồng|ý)(?!\w)))(?!\w)"
)
# Documents counted by their type notation: "cụ thể hóa 02 NQ của Huyện" (not "NQ/TW", an
# identifier's tail, which the word rule never reaches).
# (not QĐi, which no text counts by: "02 QĐi" would be a Quy định's tail)
_NOTATIONS_COUNTED = re.compile(
    "(?:"
    + "|".join(identifiers.TYPE_NOTATIONS[code] for code in _COUNTED_TYPES if code != "QDi")
    # people counted by their abbreviation: "hơn 85 ĐVTN" (đoàn viên thanh niên), "30
    # HSSV", "12 CCB" (cựu chiến binh), "40 CBCCVC"
    + r"|ĐVTN|ĐVCĐ|ĐV|HSSV|CCB|CBCCVC|CBCC|CBCNV|CNVCLĐ|CNVC|CBCS|DTTS)(?![\w/\-])"
)
# A number before a quoted name counts what the name names: "18 “Vườn hộ”" (18 gardens
# of the "Vườn hộ" model).
_NUMBER_BEFORE_QUOTE = re.compile(
    r"(?<![\w.,/\-–“\"])(?P<n>\d{1,3}(?:\.\d{3})+|\d{1,3})[ \t]+[“\"](?=[^”\"\n]{2,60}[”\"])"
)
# The page's view counter: "402 lượt xem", "Lượt xem: 27"
_VIEWS = re.compile(r"\s+lượt\s+(?:xem|đọc|truy cập)(?!\w)", re.IGNORECASE)
# "hàng trăm", "hàng chục ngàn", "hàng tỷ đồng": a vague amount; "chục/trăm" may take a
# multiplier ("hàng chục ngàn ngày công": tens of thousands), and what it counts may be a
# listed noun or, as after a number, any lower-case noun ("hàng chục con lợn thịt").
_VAGUE_AMOUNT = r"hàng\s+(?:(?:chục|trăm)(?:\s+(?:nghìn|ngàn))?|nghìn|ngàn|triệu|tỷ)"
_VAGUE = re.compile(
    rf"(?<!\w)(?P<n>{_VAGUE_AMOUNT})\s+(?:(?P<what>{_COUNTED})|(?P<open>[^\W\d_]+))(?!\w)",
    re.I,
)
_VAGUE_WORDS = {"chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9}
_RANGE_START = re.compile(
    r"(?<!\w)từ\s+(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?:đến|tới|-|–)\s*$",
    re.IGNORECASE,
)
# A legal text's parts cited, not counted: "khoản 4 Điều 23", "Điều 5 Chương 2" — the
# number before the part is another part's number when a number follows the part or a
# part's word comes before ("04 Chương, 18 Điều" still counts chapters and articles).
_PARTS = frozenset(("chương", "điều", "khoản", "mục", "điểm"))
_PART_NUMBER_AFTER = re.compile(r"[ \t]+(?:\d|[IVXLC]+\b)")
# A number written in words with its multiplier: "gần ba nghìn lượt cháu", "hai trăm hộ"
# (a bare "ba hộ" is left: "một số", "hai bên" say no amount).
_DIGIT_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10,
}  # fmt: skip
_MULTIPLIERS = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6}
_IN_WORDS = re.compile(
    r"(?<!\w)(?P<n>(?P<digit>" + "|".join(_DIGIT_WORDS) + r")\s+(?P<mult>trăm|nghìn|ngàn|triệu))"
    rf"\s+(?:(?P<what>{_COUNTED})|(?P<open>[^\W\d_]+))(?!\w)",
    re.IGNORECASE,
)
# A bare number word counts only a listed noun or a unit of the State: "hai tỉnh", "hai
# đơn vị hành chính", "ba xã" — not "một" (an article: "một mô hình"), nor "năm" (a year:
# "năm tổ chức"), nor an open word ("hai bên", "ba mẹ"); "thứ hai", "tháng hai" are
# ranks and months (the word before). "hai ngành" (two sectors, as a joint programme's
# parties are called) counts too.
# "mười địa phương và năm cơ quan Trung ương": localities and central bodies, as the
# Politburo's inspections count them.
_STATE_UNITS = rf"{_COUNTED}|tỉnh|huyện|thành phố|ngành|địa phương|cơ quan"
_BARE_WORD = re.compile(
    r"(?<!\w)(?P<digit>hai|ba|bốn|sáu|bảy|tám|chín|mười)\s+"
    # "hai kỳ hội nghị", "ba kỳ họp": sessions counted
    rf"(?P<what>{_STATE_UNITS}|kỳ\s+(?:hội\s+nghị|họp))(?!\w)"
)
# "năm" (five) is left out above as it mostly means "year"; it counts only right after
# another number word's figure in a list ("mười địa phương và năm cơ quan"), where no
# year can stand.
_FIVE_IN_LIST = re.compile(
    rf"(?:,[ \t]*|[ \t]+(?:và|hoặc)[ \t]+)(?P<n>năm)[ \t]+(?P<what>{_STATE_UNITS})(?!\w)"
)
# A classifier in capitals after a number, before a lower-case noun, counts that noun: "1
# Ngôi nhà tình nghĩa" (a gift's name capitalised), not "1 Ngôi Sao" (a name).
_CLASSIFIER = re.compile(r"(?:Ngôi|Căn|Chiếc|Tấm)[ \t]+(?P<noun>[^\W\d_]+)(?!\w)")


def _after_capital(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a slash or a comma right after a character
    that is no lower-case letter ("NQ/12", "TW,5": an identifier's tail, no tally).

    >>> _after_capital("84 tổ/498 thành viên", 6), _after_capital("CT/12 người", 3)
    (False, True)
    """
    return start >= 2 and text[start - 1] in "/," and not text[start - 2].islower()


_OF_WHICH = re.compile(r"\btrong đó\b", re.IGNORECASE)
# A name may be long: "Vận động quần chúng Nhân dân bản … khu vực biên giới" runs to 150
# characters (a shorter limit let the closing mark of one open the next).
_QUOTED = re.compile(r"[“\"«]\s*(?P<name>[^”\"»\n]{3,200}?)\s*[”\"»]")
# Single quotation marks, as some pages quote names ("mô hình '3 có, 3 biết'"): a mark
# with no letter before the opening one nor after the closing one, so that a name's
# apostrophe ("H'Hen", "Kơ'nia") opens nothing.
_SINGLE_QUOTED = re.compile(r"(?<!\w)['‘]\s*(?P<name>[^'‘’\n]{2,100}?)\s*['’](?!\w)")
# The innermost quotations: in "“Từ năm 2015, mô hình “Con heo đất” thôn …" (the outer
# one not closed in the excerpt) the inner one is a name. Only a name already seen as a
# model's is taken from them: an opening mark inside a quotation is as often a closing
# one miswritten ("“mẹ đỡ đầu “chăm sóc …\"").
_INNERMOST = re.compile(r"[“«]\s*(?P<name>[^“”\"«»\n]{3,200}?)\s*[”\"»]")
# Quoted words that are no model's name: the movement itself, and the administrative
# terms a model is described with ("mô hình cải cách hành chính “một cửa”").
_NOT_MODELS = {
    match_key(name)
    for name in ("Dân vận khéo", "dân vận khéo", "...", "một cửa", "một cửa liên thông")
}


def _glued_at(word: str) -> int:
    """Where a capital follows a lower-case letter inside ``word`` (two words run
    together, "nămNgày" → 3), else 0.

    >>> _glued_at("nămNgày"), _glued_at("hộÂu"), _glued_at("NQ"), _glued_at("Đảng")
    (3, 2, 0, 0)
    """
    for index in range(1, len(word)):
        if word[index].isupper() and word[index - 1].islower():
            return index
    return 0


def find_figures(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Numbers with what they count; a figure after "trong đó" records the total it breaks
    down (``breakdown_of``: the number before "trong đó" in the same sentence)."""
    sentences = Sentences(text)
    found: list[Mention] = []
    for pattern in (_FIGURE, _VAGUE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in exclude):
                continue
            written = match.group("n")
            if pattern is _VAGUE:
                counted = match.group("what") or match.group("open")
                if match.group("open") and (
                    counted.lower() in _NOT_COUNTED or counted[0].isupper()
                ):
                    continue  # "hàng chục năm": a duration, not a count
                vague = " ".join(written.lower().split())
                minimum = 1
                for word in vague.split()[1:]:
                    minimum *= _VAGUE_WORDS[word]
                value: dict[str, object] = {
                    "number": None, "minimum": minimum, "as_stated": vague,
                    "counted": " ".join(counted.split()),
                }  # fmt: skip
                found.append(Mention("figure", start, end, match.group(), value, 0.6, False))
                continue
            if _VIEWS.match(text, match.end("n")) or _after_capital(text, start):
                continue  # "3679 lượt xem": the page's view counter
            if match.group("what") and match.group("what").lower() in _PARTS:
                before = _WORD_BEFORE.search(text, max(0, start - 25), start)
                if _PART_NUMBER_AFTER.match(text, end) or (
                    before is not None and before.group(1).lower() in _PARTS
                ):
                    continue  # "khoản 4 Điều 23": parts of a law cited
            if match.group("what") and "\n" in text[match.end("n") : match.start("what")]:
                continue  # "… 2022⏎⏎Đồng chủ trì": a number ends its line, the word opens the next
            counted = " ".join((match.group("what") or match.group("unit")).split())
            value = {"number": parse_number(written), "counted": counted}
            if match.group("of"):
                value["of"] = parse_number(match.group("of"))
            found.append(Mention("figure", start, end, match.group(), value, 0.8))
    # a number inside a quoted name is part of the name ("Khu dân cư 6 không")
    quoted = [m.span() for m in [*_QUOTED.finditer(text), *_SINGLE_QUOTED.finditer(text)]]
    taken = [(m.start, m.end) for m in found] + list(exclude)
    for match in _OPEN.finditer(text):
        start, end = match.start("n"), match.end()
        if any(start < e and s < end for s, e in taken) or end == len(text.rstrip()):
            continue  # taken, or a word the excerpt cuts ("19 cá" at the very end)
        if _after_capital(text, match.start()):
            continue
        if any(start < e and s < end for s, e in quoted):
            placing = _WORD_BEFORE.search(text, max(0, start - 25), start)
            if placing is None or placing.group(1).lower() not in _PLACING:
                continue
        if _PAGES.fullmatch(match.group("what")) and _PAGES.match(text, match.start("what")):
            continue  # a page count
        what = match.group("what")
        if glued := _glued_at(what):
            # "100 nămNgày sinh": a word run on into the next; only the first is read
            what = what[:glued]
            end = match.start("what") + glued
        if _VIEWS.match(text, match.end("n")) or "\n" in text[match.end("n") : match.start("what")]:
            continue  # a view counter, or a number ending its line (the word opens the next)
        if match.group("quote") and what.lower() not in _COUNTED_WORDS:
            continue  # "vai trò “1” chủ động": a quoted number counts only a listed noun
        if what[0].isupper() and (post := _POST_COUNTED.match(text, match.start("what"))):
            what = post.group()  # "91 Chủ tịch": the holders of a post
            end = match.start("what") + post.end() - post.start()
        elif (
            what[0].isupper()
            and (kind := _CLASSIFIER.match(text, match.start("what"))) is not None
            and kind.group("noun").islower()
        ):
            what = kind.group().lower()  # "1 Ngôi nhà tình nghĩa": houses counted
            end = match.start("what") + kind.end() - kind.start()
        elif what[0].isupper() and (kind := _DOCUMENTS_COUNTED.match(text, match.start("what"))):
            what = kind.group()  # "2 Quyết định": documents counted
            end = match.start("what") + kind.end() - kind.start()
        elif (
            what[0].isupper()
            and not match.group("of")
            and (
                kind := _BODIES_COUNTED.match(text, match.start("what"))
                or _NOTATIONS_COUNTED.match(text, match.start("what"))
            )
        ):
            what = kind.group()  # "04 Đảng bộ Khối", "02 NQ": bodies or documents counted
            end = match.start("what") + kind.end() - kind.start()
        elif (
            what[0].isupper()
            and (share := _SHARE_OF_ALL.match(match.group())) is not None
            and int(share.group("n")) <= int(share.group("of"))
        ):
            pass  # "13/13 Hội LHPN các xã": a share of all the bodies of a kind
        elif what.lower() in _LABELS and _APPROXIMATE.search(
            text, max(0, match.start() - 10), match.start()
        ):
            pass  # "trên 10 đợt thi đua": an amount of rounds, no round's label
        elif match.group("n") == "1" and what == "số":
            continue  # "1 số chủ trương": "một số", some, written with the digit
        elif what == "số" and (of := _NUMBER_OF.match(text, match.start("what"))) is not None:
            what = " ".join(of.group("noun").split())  # "195 số gia đình": families counted
            end = of.end()
        elif what.lower() in _NOT_COUNTED or not what[0].islower() or len(what) < 2:
            continue
        if _BLOC_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue
        word = _WORD_BEFORE.search(text, max(0, match.start() - 25), match.start())
        if word is not None:
            previous = word.group(1)
            total = previous == "số" and text[: word.start()].rstrip().lower().endswith("tổng")
            if previous.lower() in _NOT_COUNTED_AFTER and not total:
                continue  # ("tổng số 10 camera": the total number, a count)
            # a capitalised word before the number names something ("bản Mốc 13"),
            # unless it opens the sentence ("Có 36 xã") or is an organisation's
            # abbreviation the count belongs to ("Chủ tịch UBMTTQVN 13 phường")
            head = text[: word.start()].rstrip(" \t")
            acronym = len(previous) >= 3 and previous.isupper()
            if previous[0].isupper() and head and head[-1] not in ".!?:;\n" and not acronym:
                continue
        value = {"number": parse_number(match.group("n")), "counted": what}
        if match.group("of"):
            value["of"] = parse_number(match.group("of"))
        found.append(Mention("figure", start, end, text[start:end], value, 0.6))
    taken = [(m.start, m.end) for m in found] + list(exclude) + quoted
    for match in _NUMBER_BEFORE_QUOTE.finditer(text):
        start = match.start("n")
        if any(start < e and s < match.end("n") for s, e in taken):
            continue
        if (quote := _QUOTED.match(text, match.end() - 1)) is None:
            continue
        word = _WORD_BEFORE.search(text, max(0, start - 25), start)
        if word is not None and word.group(1).lower() in _NOT_COUNTED_AFTER:
            continue
        end = quote.end()
        value = {"number": parse_number(match.group("n")), "counted": quote.group("name")}
        found.append(Mention("figure", start, end, text[start:end], value, 0.5))
    # (a number word inside a quoted name is the name's too: "“Một triệu sáng kiến”")
    taken = [(m.start, m.end) for m in found] + list(exclude) + quoted
    for match in _IN_WORDS.finditer(text):
        start, end = match.span()
        counted = match.group("what") or match.group("open")
        if any(start < e and s < end for s, e in taken) or not counted[0].islower():
            continue
        if match.group("open") and counted.lower() in _NOT_COUNTED:
            continue  # "hai trăm năm": a duration
        number = (
            _DIGIT_WORDS[match.group("digit").lower()] * _MULTIPLIERS[match.group("mult").lower()]
        )
        value = {"number": number, "counted": " ".join(counted.split())}
        found.append(Mention("figure", start, end, match.group(), value, 0.6))
    taken = [(m.start, m.end) for m in found] + list(exclude) + quoted
    for match in _BARE_WORD.finditer(text):
        start, end = match.span()
        word = _WORD_BEFORE.search(text, max(0, start - 25), start)
        if any(start < e and s < end for s, e in taken) or (
            word is not None and word.group(1).lower() in _NOT_COUNTED_AFTER | {"giữa"}
        ):
            continue  # "lần thứ hai"; "giữa hai ngành": the two parties between which, no amount
        value = {"number": _DIGIT_WORDS[match.group("digit")], "counted": match.group("what")}
        found.append(Mention("figure", start, end, match.group(), value, 0.5))
        five = _FIVE_IN_LIST.match(text, end)
        if five is not None and not any(five.start("n") < e and s < five.end() for s, e in taken):
            start, end = five.start("n"), five.end()
            value = {"number": 5, "counted": five.group("what")}
            found.append(Mention("figure", start, end, text[start:end], value, 0.5))
    # "từ 80 đến 150 triệu đồng", "từ 20.000 - 100.000 đồng": the first number of a range
    # counts what the second counts (the second is found above, the first is followed by
    # "đến" or a dash, which say nothing of what it counts).
    taken = [(m.start, m.end) for m in found] + list(exclude)
    for figure in list(found):
        if figure.value.get("number") is None:
            continue
        head = _RANGE_START.search(text, max(0, figure.start - 40), figure.start)
        if head is None or any(head.start("n") < e and s < head.end("n") for s, e in taken):
            continue
        value = {"number": parse_number(head.group("n")), "counted": figure.value["counted"]}
        start, end = head.span("n")
        found.append(Mention("figure", start, end, text[start:end], value, 0.6))
    found.sort(key=lambda m: m.start)
    for figure in found:
        sentence_start, _ = sentences.bounds(figure.start)
        of_which = None
        for match in _OF_WHICH.finditer(text, sentence_start, figure.start):
            of_which = match
        if of_which is None:
            continue
        totals = [m for m in found if sentence_start <= m.start < of_which.start()]
        if totals:
            total = totals[-1].value
            figure.value["breakdown_of"] = total["number"] or total.get("as_stated")
    return found


_CLAUSE_START = re.compile(r"\.\s|\n")
# Words that make the quoted name something else: a movement, a motto, a document title.
_NOT_MODEL_BEFORE = re.compile(
    r"(?:phong trào|cuộc vận động|\bcvđ\b|chủ đề|khẩu hiệu|phương châm|chương trình|cuộc thi"
    r"|hội thi|nghị quyết|chỉ thị|kết luận|quyết định|kế hoạch|đề án|luật|\bvề"
    r"|gắn(?:\s+liền)?\s+với|góp phần)",
    re.IGNORECASE,
)
_MODEL_WORD = re.compile(r"mô hình", re.IGNORECASE)
# "xây dựng thí điểm “Công an phường điển hình …” tại …. Mô hình đã được …": the next
# sentence opens with "Mô hình", naming what the sentence just quoted (the last quote
# before it, as no other quotation mark comes between; a dot inside a word, "TP.Vũng
# Tàu", ends no sentence).
_MODEL_NEXT = re.compile(r"(?:[^“”\"\n.!?]|\.(?=\S)){0,200}[.!?]\s+Mô hình(?!\w)")
# What else a quoted name may name in a sentence about models: a web page, a chat group,
# a club, a forum, a column, a festival ("thành lập trang Facebook “Dân vận Quận Ba”",
# "câu lạc bộ “Dệt thổ cẩm-Dân vũ thể thao”") — unless it is the model's own kind
# ("mô hình câu lạc bộ “…”").
_OTHER_NAMED = re.compile(
    r"(?:\btrang|\bfanpage|\bfacebook|\bzalo|\bwebsite|\bnhóm|câu lạc bộ|\bclb|diễn đàn"
    r"|chuyên mục|ngày hội)(?:\s+[^\W\d_]+)?\s*$",
    re.IGNORECASE,
)
_MODEL_BEFORE = re.compile(r"mô hình(?:\s+\S+){1,3}\s*$", re.IGNORECASE)
# "Nhiều mô hình … được nhân rộng như CLB “…”, tổ “…”, CLB “…”": clubs given as examples of
# the models the sentence names, in one list (no semicolon, no page or group named)
_MODELS_SUCH_AS = re.compile(
    r"mô hình[^.;“”\n]{0,80}?\b(?:như|gồm)\s+(?:CLB|câu lạc bộ)[^;\n]*$", re.IGNORECASE
)
_PAGE_OR_GROUP = re.compile(r"\b(?:trang|fanpage|facebook|zalo|website|nhóm|diễn đàn)\b", re.I)
# Only a comma or "và" between two quotes: the second is of the same kind as the first
_SAME_LIST = re.compile(r"\s*(?:,|và|,\s*và)\s*")


def _is_movement(key: str) -> bool:
    """Whether a quoted name (its match key) is the movement itself, alone or with a
    year or a theme ("Dân vận khéo năm 2021", "Dân vận khéo trong xây dựng nông thôn
    mới"); a model may be named after it with a number that is no year ("Dân vận khéo
    1+10": one Party member, ten households)."""
    if not key.startswith("dân vận khéo"):
        return False
    return not any(len(number) <= 3 for number in re.findall(r"\d+", key))


def find_models(text: str) -> list[Mention]:
    """Quoted names in a sentence that speaks of "mô hình", not the movement "Dân vận
    khéo" itself, nor a motto or document title (a movement word just before the quote)."""
    found: list[Mention] = []
    previous_end = 0
    rejected_end = -1  # where the last quote named as something else (a campaign …) ends
    marks = sorted(
        [*_QUOTED.finditer(text), *_SINGLE_QUOTED.finditer(text)], key=lambda m: m.start()
    )
    for match in marks:
        if found and match.start() < found[-1].end:
            continue  # "“… 'x' …”": single marks inside a double-quoted name
        name = " ".join(match.group("name").split())
        window = max(0, match.start() - 600)
        starts = [m.end() for m in _CLAUSE_START.finditer(text, window, match.start())]
        sentence_start = starts[-1] if starts else window
        just_before = text[max(sentence_start, previous_end, match.start() - 30) : match.start()]
        # "cuộc vận động “A”, “B”": B is listed with A, a campaign like it
        listed_after_other = rejected_end == previous_end and _SAME_LIST.fullmatch(
            text, previous_end, match.start()
        )
        previous_end = match.end()
        if listed_after_other:
            rejected_end = match.end()
            continue
        if match_key(name) in _NOT_MODELS or _is_movement(match_key(name)):
            continue
        if ";" in name or "“" in name or "”" in name:
            continue  # quotation marks out of step: two names run together
        if len(name.split()) <= 2 and name.islower():
            # "để “nuôi” heo đất", "để “mở đường”, “cởi trói”": words stressed; a model's
            # name in lower case is a longer phrase ("“quỹ tiết kiệm”")
            continue
        if not _MODEL_WORD.search(text, sentence_start, match.start()) and not (
            _MODEL_NEXT.match(text, match.end())
        ):
            continue
        # "Chương trình, như: Mô hình “…”": a "mô hình" nearer the quote names it a model
        nearest = list(_MODEL_WORD.finditer(just_before))
        if _NOT_MODEL_BEFORE.search(just_before, nearest[-1].end() if nearest else 0):
            rejected_end = match.end()
            continue
        if (
            _OTHER_NAMED.search(just_before)
            and not _MODEL_BEFORE.search(just_before)
            and not (
                (such_as := _MODELS_SUCH_AS.search(text, sentence_start, match.start()))
                and not _PAGE_OR_GROUP.search(such_as.group())
            )
        ):
            continue
        start, end = match.span("name")
        found.append(Mention("model", start, end, text[start:end], {"name": name}, 0.8))
    # A name once seen as a model's is that model's wherever else it is quoted.
    names = {match_key(m.value["name"]) for m in found}
    starts = {m.start for m in found}
    for match in [*_QUOTED.finditer(text), *_INNERMOST.finditer(text), *marks]:
        start, end = match.span("name")
        name = " ".join(match.group("name").split())
        if start not in starts and match_key(name) in names:
            starts.add(start)
            found.append(Mention("model", start, end, text[start:end], {"name": name}, 0.7))
    return sorted(found, key=lambda m: m.start)
