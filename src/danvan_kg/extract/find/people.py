"""People with their posts: "đồng chí Lê Thanh Bình, Phó Bí thư Thường trực Huyện ủy"
and "Phó Chủ tịch UBND tỉnh Nguyễn Văn A" → name, role code(s), organisation as written.

A name is two to four capitalised words; after a title word (đồng chí, ông, bà) any such
run is a name, otherwise it must begin with a Vietnamese family name and follow a post.
A person with no post keeps ``role: null`` (never guessed).

>>> s = ("có đồng chí Trần Xuân Thành - Phó BT TT HU; "
...      "đồng chí Hoàng Mạnh Dũng - Phó BT HU, CT UBND huyện")
>>> [(m.value["name"], m.value["role"]) for m in find_people(s)]
[('Trần Xuân Thành', 'standing-deputy-secretary'), ('Hoàng Mạnh Dũng', 'deputy-secretary')]
>>> [p["role"] for p in find_people(s)[1].value["posts"]]
['deputy-secretary', 'chair']
>>> s = "Phó Chủ tịch UBND tỉnh Nguyễn Văn Sơn phát biểu"
>>> [(m.text, m.value["role"]) for m in find_people(s)]
[('Nguyễn Văn Sơn', 'vice-chair')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from danvan_kg.extract.find.common import capitalised_run
from danvan_kg.extract.model import Mention
from danvan_kg.text import match_key

# Family names, as a name's first word must be one when no title word ("đồng chí") says
# a name follows. "Phó" is left out: it begins every deputy's post ("Phó Chủ tịch").
SURNAMES = frozenset(
    (
     "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
     "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Đoàn", "Lâm", "Tô", "Hà",
     "Cao", "Chu", "Tạ", "Lò", "Triệu", "Vi", "Hứa", "Quách", "Thái", "Từ", "La", "Văn", "Kiều",
     "Âu", "Đàm", "Lưu", "Nông", "Hầu", "Mạc", "Trịnh", "Tống", "Khổng", "Lục", "Thân", "Thạch",
     "Kim", "Đồng", "Giàng", "Sùng", "Vàng", "Mã", "Danh", "Châu", "Ksor", "Rơ", "Rah", "Siu",
     "Nay", "Y", "Ya", "Kpă", "Điểu", "Sơn", "Lã", "Ninh", "Phùng", "Khúc", "Bế", "Quan", "Doãn",
     "Lai", "Nghiêm", "Ông", "Tăng", "Viên", "Diệp", "Hàn", "Cù", "Bạch", "Cấn", "Nhữ", "Tôn",
     "Giáp", "Hoa", "Ma", "Lộc", "Chẩu", "Hờ", "Mùa", "Bàn", "Lữ", "Tiêu", "Ưng", "Đào", "Đậu",
     "Kha", "Mông", "Phí", "Thiều", "Vương", "Ngọc", "Phương", "Lăng", "Khương", "Mẫn", "Ninh",
     "Lại", "Lành",
    )
)  # fmt: skip
# "các đồng chí: A, …" puts a colon between the title word and the first name.
# "anh"/"chị" are title words too ("anh Lành Văn Hữu, Bí thư Chi bộ"), but also plain
# nouns ("anh em", "chị Hoa"): a name after them must begin with a family name.
# A military or police rank is a title word too ("Đại tướng Phùng Quang Thanh nêu rõ": a
# person, with no post unless one is written); a name after it must begin with a family
# name ("Đại tá Quân đội" names no one).
_TITLE = re.compile(
    # "cụ A": an elder; "đại biểu A": a deputy speaking ("đại biểu Hội Nông dân" is a
    # body's delegate: no body word may begin the name)
    # ("Ðồng chí": an Icelandic Eth typed for Đ)
    r"(?<!\w)(?:đồng chí|[ĐÐ]ồng chí|đ/c|[ĐÐ]/c|ông|Ông|bà|Bà|anh|Anh|chị|Chị|cụ|Cụ"
    r"|(?:đại|Đại)\s+biểu(?=\s+(?!(?:Hội|Ban|Đoàn|Ủy|Sở|Bộ|Mặt|Liên|Công)\b))"
    # "ĐBQH A" (not "Đoàn ĐBQH Hà Tĩnh": the delegation, then its province)
    r"|(?<![Đđ]oàn )ĐBQH"
    r"|(?P<rank>[ĐđTt](?:ại|hượng|rung|hiếu)\s+(?:tướng|tá|úy|uý)))(?:\s*:)?(?=\s+[^\W\d_])"
)
_KIN_TITLES = frozenset(("anh", "chị"))
# "Với vai trò là Bí thư chi bộ, ông A", "Trên cương vị Chủ tịch Hội, bà B": a post the
# clause before the title gives the person
_IN_THE_ROLE = re.compile(
    r"(?:vai trò|cương vị)\s+(?:là\s+)?(?P<post>(?:Phó\s+)?(?:Bí thư|Chủ tịch|Trưởng|Giám đốc"
    r"|Chủ nhiệm|Ủy viên)[^,;.\n]{0,60}),\s*$",
    re.IGNORECASE,
)
# A village word before a capitalised run makes it the village's name ("Bí thư Chi bộ
# thôn Đồng Danh": "Đồng" is a family name, but the thôn is named, not a person), unless
# the word is part of a post ("Trưởng thôn Nguyễn Văn A"). Larger units are left out:
# "Chủ tịch UBND huyện Lê Văn A" names the holder after the unit, not the unit.
_VILLAGE_WORDS = frozenset(("thôn", "xóm", "làng", "bản", "buôn", "ấp", "khóm", "sóc", "plây"))
_VILLAGE_HEAD = re.compile(r"(?:[Tt]rưởng|[Pp]hó)\s+$")
# Streets and wards are often named after people ("(đường Nguyễn Huệ", "phường Ngô
# Quyền"): the name after such a word is the place's.
# ("thành phố" is a city, whose leader's name may follow: "Chủ tịch UBND thành phố A")
_STREET_WORDS = frozenset(("đường", "phố", "phường", "ngõ", "hẻm", "kiệt", "ngách"))
_CITY = re.compile(r"(?<!\w)[Tt]hành\s+$")
# An association's branch is named after its village ("Chi hội phụ nữ Giáp Trung"):
# a name straight after "Chi hội" and its kind is the branch's, not a person's ("Chi
# hội trưởng Nguyễn Văn A" holds a post and stays a person).
_BRANCH_BEFORE = re.compile(r"(?<!\w)[Cc]hi\s+hội(?:\s+(?![Tt]rưởng\b|[Pp]hó\b)[^\W\d_]+){0,3}\s+$")
_NEXT_PERSON = re.compile(r"\s*(?:;|,|\s+và)\s*(?:đồng chí\s+)?")
_SEPARATOR = re.compile(
    # "anh A (SN 1998, Ủy viên BTV …)", "(sinh năm 1998, …)", "(35 tuổi, …)": the birth
    # year or age comes before the post in the parentheses
    r"\s*\(\s*(?:(?:SN|[Ss]inh\s+năm)\s*\d{4}|\d{1,3}\s+tuổi)\s*[,;]\s*"
    # "cụ A (19/9/1889 - 19/9/2019), Trưởng ban …", "A (Trà Vinh), Phó …": what the
    # parentheses add about the person comes before the post
    r"|\s*\([^()\n]{1,40}\)\s*,\s*(?=[A-ZĐ\u00c0-\u1ef9])"
    r"|\s*(?:,|-|–|—|\(|:)\s*"
    # "Ông A giữ chức danh Chủ tịch …": the post after a verb that gives it
    # ("A tiếp tục được tín nhiệm bầu giữ chức Chủ tịch": re-elected to it)
    r"|\s+(?:(?:tiếp\s+tục\s+)?(?:được\s+(?:tín\s+nhiệm\s+)?)?(?:bầu\s+)?giữ|đảm nhận)"
    r"\s+chức(?:\s+(?:danh|vụ))?\s+"
    # "A tái đắc cử Chủ tịch LĐLĐ tỉnh", "A được bầu Phó Chủ tịch": elected to the post
    # (one must follow: "tái đắc cử nhiệm kỳ 2023–2028" gives none)
    r"|\s+(?:(?:tái\s+)?đắc\s+cử|tái\s+cử|được\s+bầu)(?:\s+chức(?:\s+(?:danh|vụ))?)?\s+"
    r"(?=[A-ZĐ\u00c0-\u1ef9])"
    # "do đồng chí A làm Bí thư", "đồng chí A được chỉ định làm Bí thư lâm thời" (a post
    # must follow: "làm việc" gives none)
    r"|\s+(?:được\s+(?:bầu|chỉ định|bổ nhiệm|cử)(?:\s+lại)?\s+)?làm\s+(?=[A-ZĐ\u00c0-\u1ef9])"
)
# A post runs to the end of the clause, or to where the next person begins.
_POST_END = re.compile(
    # (a dot inside an abbreviation, "UV.BTVHU", "UB.MTTQVN", ends nothing)
    # (parentheses after a post add to the sentence, not to the post: "… Quốc hội (Có …")
    r"[;\n)]|\s\(|\.(?!\w)|,\s*(?:đồng chí|Đồng chí|đ/c|ông|bà)\b|\s+và\s+(?:đồng chí|ông|bà)\b"
)
_ROLES: tuple[tuple[str, str], ...] = (
    # "PBT": Phó Bí thư written as one abbreviation ("ông A – PBT Đảng ủy")
    (r"phó bí thư thường trực|phó bt\.? ?tt|phó bí thư tt|pbt\.? ?tt\b",
     "standing-deputy-secretary"),
    # "BTĐU", "PBTHU": Bí thư and Phó Bí thư run into the committee's initials
    (r"phó bí thư|phó bt\b|pbt(?:tu|hu|đu)?\b", "deputy-secretary"),
    (r"tổng ?bí thư|bí thư|bt(?:tu|hu|đu)?\b", "secretary"),  # "TổngBí thư": a lost space
    (r"phó chủ tịch|pct\b|phó ct\b", "vice-chair"),
    (r"chủ tịch|ct\b", "chair"),
    # "Phó Ban Dân vận Quận ủy": Phó Trưởng ban written short
    (r"phó trưởng ban|phó trưởng|phó ban\b|phó giám đốc|phó chánh|phó tổng|phó vụ trưởng"
     r"|phó chủ nhiệm|phó thủ tướng|thứ trưởng|phó chính [uủ][yỷ]|phó viện trưởng", "deputy-head"),
    # "Tổng thư ký Quốc hội": the head of the Assembly's secretariat
    (r"trưởng ban|trưởng|giám đốc|chánh văn phòng|chánh|tổng biên tập|vụ trưởng|chủ nhiệm"
     r"|hiệu trưởng|viện trưởng|thủ tướng|tổng thư ký|bộ trưởng"
     # "Chi hội trưởng", "Chi hội Trưởng phụ nữ": the head of an association's branch
     r"|chi hội trưởng"
     # the political commissar heads a military command beside its commander
     r"|chính [uủ][yỷ]", "head"),
    # "TVTU", "TVHU": (Ủy viên Ban) Thường vụ Tỉnh ủy / Huyện ủy
    # "UV.BTVHU": the abbreviation may carry a dot
    (r"ủy viên ban thường vụ|ủy viên btv|uv\.? ?btv|ủy viên thường vụ"
     r"|uvtv ?(?:tu|hu|đu)\b|uvtv\b|tv ?tu\b|tv ?hu\b|tv ?đu\b"
     r"|thường vụ (?:tỉnh|huyện|thành|thị|đảng) ủy", "standing-committee-member"),
    # ("ĐUV": Đảng ủy viên, a member of a Party committee)
    (r"ủy viên trung ương|uvtw\b|tỉnh ủy viên|huyện ủy viên|tuv\b|huv\b|thành ủy viên"
     r"|đảng ủy viên|đuv\b"
     r"|ủy viên ban chấp hành|ủy viên bch|ủy viên", "committee-member"),
    (r"chuyên viên|cán bộ", "official"),
)  # fmt: skip
_ROLE_AT_START = re.compile(
    "|".join(f"(?P<r{index}>{pattern})" for index, (pattern, _) in enumerate(_ROLES)),
    re.IGNORECASE,
)
# The words after "và" in the names of ministries and their provincial departments.
_NAME_TAILS = (
    "Truyền thông|Môi trường|Đào tạo|Công nghệ|Du lịch|Xã hội|Phát triển nông thôn"
    "|Đầu tư|Thương mại|Tôn giáo"
)
_ROLE_BEFORE = re.compile(
    # "Phó trưởng Ban Dân vận TƯ A": a deputy's post may keep "trưởng" in lower case
    # (a post glued to the word before, "cố TổngBí thư", lost the space: a capital after a
    # small letter begins a word)
    r"(?:(?<!\w)|(?<=[a-zà-ỹđ]))"
    # ("Phó trưởng Đoàn phụ trách Đoàn ĐBQH", "Phó chủ tịch HĐND huyện": after "Phó" the
    # post may be in lower case)
    r"(?:Phó\s+trưởng\s+(?:[Bb]an|[Đđ]oàn)|Phó\s+Ban|Phó\s+chủ\s+tịch"
    r"|(?:Quyền\s+)?(?:Phó\s+)?(?:Bí thư|Chủ tịch|Trưởng [Bb]an"
    # ("Tổng bí thư A": the General Secretary's post with "bí thư" in lower case; a
    # plain "bí thư" in lower case stays a common noun)
    r"|Giám đốc|Tổng\s*[Bb]í thư|Tổng thư ký|Thủ tướng|Ủy viên|Chánh|Trưởng|Chủ nhiệm"
    r"|Bộ trưởng|Chính [uủ][yỷ])|Thứ\s+trưởng)(?!\w)"
    # "và" ends a post ("… tỉnh A và B"), but not inside a ministry's or department's
    # name ("Bộ Thông tin và Truyền thông", "Sở Tài nguyên và Môi trường")
    # "Phó Bí thư TT. Tỉnh ủy", "Bí thư Thành ủy TP.HCM": the dot of "TT." (thường trực,
    # standing) or "TP." (thành phố) ends nothing
    rf"(?:(?!\bvà\b(?!\s+(?:{_NAME_TAILS})\b))(?:[^;.\n:]|(?<=\sTT)\.|(?<=TP)\.)){{0,90}}$"
)


# A post held for a task, not the person's own: "Phó Thủ tướng A - Trưởng Ban Chỉ đạo …",
# "Tổng Bí thư A, Trưởng Tiểu ban nhân sự": the post written before the name is his.
_TASK_POST = re.compile(
    r"(?:Phó\s+)?(?:Trưởng|Chủ\s+tịch)\s+(?:[Bb]an\s+[Cc]hỉ\s+đạo|[Tt]iểu\s+ban|[Bb]an\s+[Tt]ổ\s+chức"
    r"|[Hh]ội\s+đồng|[Đđ]oàn\s+(?:công\s+tác|giám\s+sát|kiểm\s+tra)|[Tt]ổ\s+công\s+tác)(?!\w)"
)
# "Nguyên Tổng Bí thư A": "nguyên" (former) before a post, no name
_FORMER_POST = re.compile(r"[Nn]guyên\s+(?=\w)")
# "nguyên Ủy viên Bộ Chính trị", "cố Tổng Bí thư": a former or late holder's post is still
# the post (its role is the post's); the word is read past where a post must begin.
# ("Quyền Bí thư": an acting holder's post is the post too)
_FORMER = re.compile(r"(?:[Nn]guyên|[Cc]ố|[Qq]uyền)\s+")

_WORD_BEFORE = re.compile(r"([^\W\d_]+) $")
# "thừa lệnh", "thừa ủy quyền", "thay mặt" before a post: the post is the principal's on
# whose behalf the person named after it signs or speaks.
_FOR_ANOTHER = re.compile(r"(?<!\w)(?:[Tt]hừa\s+(?:lệnh|ủy quyền|uỷ quyền)|[Tt]hay\s+mặt)\s+$")
# "cố Tổng Bí thư A", "nguyên Chủ tịch nước A": a former or late post straight before a
# name, not one of a list of posts ("nguyên Ủy viên Bộ Chính trị, nguyên Chủ tịch Quốc
# hội A": after a comma it is the same person's second post)
_LATE_POST = re.compile(
    r"(?<!\w)(?<![,;]\s)(?:cố|nguyên)\s+"
    r"(?=(?:Phó\s+)?(?:Tổng\s*Bí thư|Bí thư|Chủ tịch|Thủ tướng|Ủy viên|Trưởng|Giám đốc"
    r"|Tổng thư ký|Chánh)\b)[^;.\n:,]{0,60}$"
)
# Where a post gives way to what the person did.
_VERB = re.compile(
    r"\s+(?:đã|đang|sẽ|dự|đến dự|phát biểu|chủ trì|trao|tặng|cùng|tham dự|ghi nhận|biểu dương"
    r"|yêu cầu|nhấn mạnh|cho biết|khẳng định|đề nghị|làm Trưởng đoàn|tới dự|thăm)(?!\w)"
)
_AND_NAME = re.compile(r"\s+và\s+(?=\w)")


# A name inside a post: a family name and one to three more capitalised words.
_NAME_INSIDE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted(SURNAMES, key=len, reverse=True))
    + r")(?:\s+[A-ZĐ\u00c0-\u1ef9][^\W\d_]*){1,3}(?!\w)"
)


_UNIT_BEFORE = re.compile(r"(?<!\w)(?:tỉnh|huyện|quận|thị xã|thành phố|TP\.?)\s+$")


def _name_after_place(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows a place name run on to it ("Đoàn ĐBQH Hà Tĩnh
    Trần Đình Gia"): the capitalised run holding both is longer than a name can be (four
    words), and from ``start`` on it is two to four words."""
    run_start = start
    while (word := _WORD_BEFORE.search(text, max(0, run_start - 30), run_start)) and word.group(1)[
        0
    ].isupper():
        run_start = word.start(1)
    whole = text[run_start : capitalised_run(text, run_start, max_words=8)].split()
    rest = text[start : capitalised_run(text, start, max_words=8)].split()
    if (
        len(whole) == 4
        and len(rest) == 2
        and _UNIT_BEFORE.search(text, max(0, run_start - 20), run_start)
    ):
        # "UBND tỉnh Tuyên Quang Nguyễn Thanh": after a unit word, a place of two words and
        # a name of two (a place of four words after "tỉnh" is rarer than a short name)
        return True
    return len(whole) > 4 and 2 <= len(rest) <= 4


def _capitalised_before(text: str, start: int) -> bool:
    """Whether a capitalised word ends right before ``start`` (one space between). An
    abbreviation in capitals ("Ban Dân vận TƯ Nguyễn Văn Hùng") is no part of a name
    (names hold no such word), unless the run after it is longer than a name: "Đoàn ĐBQH
    Hà Tĩnh Trần Đình Gia" begins with a place."""
    word = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if word is None or not word.group(1)[0].isupper():
        return False
    if len(word.group(1)) > 1 and word.group(1).isupper():
        return len(text[start : capitalised_run(text, start, max_words=8)].split()) > 4
    return True


def parse_posts(post_text: str) -> list[dict[str, str | None]]:
    """Each ``role`` code with the organisation written after it, in order.

    >>> [(p["role"], p["organisation"]) for p in parse_posts("Phó BT HU, CT UBND huyện")]
    [('deputy-secretary', 'HU'), ('chair', 'UBND huyện')]
    """
    posts: list[dict[str, str | None]] = []
    for segment in re.split(r"\s*,\s*|\s+kiêm\s+|\s*;\s*", post_text):
        segment = segment.strip(" -–")
        if (former := _FORMER.match(segment)) and _ROLE_AT_START.match(segment, former.end()):
            segment = segment[former.end() :]
        match = _ROLE_AT_START.match(segment)
        if match is None:
            continue
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        rest = segment[match.end() :].strip()
        posts.append({"role": _ROLES[index][1], "organisation": rest or None})
    return posts


# A body's name that begins with a family name's word ("Chủ nhiệm Văn Phòng Chính Phủ",
# capitalised throughout): no person.
_BODY_HEADS = frozenset({match_key("văn phòng")})
# "Ban Bí thư Đoàn Thanh niên …": the Youth Union, whose first words are a family name's
# and a given name's ("Đoàn Thanh Hải" stays a person)
_BODY_AT = re.compile(r"Đoàn\s+Thanh\s+[Nn]iên(?!\w)")


def _is_name(text: str, start: int, end: int, need_surname: bool) -> bool:
    words = text[start:end].split()
    if not 2 <= len(words) <= 4 or any(word.isdigit() for word in words):
        return False
    if match_key(" ".join(words[:2])) in _BODY_HEADS or _BODY_AT.match(text, start):
        return False
    if any(len(word) > 1 and word.isupper() for word in words):
        return False  # "TT HU", "UBND": abbreviations, not names
    return not need_surname or words[0] in SURNAMES


def _name_end(text: str, pos: int) -> int:
    """End of the name starting at ``pos``: a capitalised run, cut before a post written
    straight after it ("Ông Võ Ngọc Chiến Phó Bí thư")."""
    end = capitalised_run(text, pos)
    words = list(re.finditer(r"\S+", text[pos:end]))
    for index, word in enumerate(words[2:], 2):
        if _ROLE_AT_START.match(text, pos + word.start()):
            return pos + words[index - 1].end()
    return end


def _without_former(post: str) -> str:
    """``post`` without a leading "nguyên"/"cố" before a post ("nguyên Chủ tịch nước")."""
    former = _FORMER.match(post)
    return post[former.end() :] if former and _ROLE_AT_START.match(post, former.end()) else post


def _post_after(text: str, end: int) -> tuple[str, int]:
    """The post written after a name (after a comma or dash, or straight on), and where
    it stops; ``("", end)`` when none follows."""
    separator = _SEPARATOR.match(text, end)
    begin = separator.end() if separator is not None else end
    while begin < len(text) and text[begin] == " ":
        begin += 1
    stop = _POST_END.search(text, begin, begin + 160)
    stop_at = stop.start() if stop else min(len(text), begin + 100)
    for joined in _AND_NAME.finditer(text, begin, stop_at):
        # "… Huyện ủy và Ngô Liền – Trưởng Ban …"; "Bộ Dân tộc và Tôn giáo" is a body
        next_end = capitalised_run(text, joined.end())
        if text[joined.end()].isupper() and _is_name(text, joined.end(), next_end, True):
            stop_at = joined.start()
            break
    if verb := _VERB.search(text, begin, stop_at):  # "… tỉnh Bắc Kạn đã biểu dương …"
        stop_at = verb.start()
    candidate = text[begin:stop_at]
    if not _ROLE_AT_START.match(_without_former(candidate.strip())):
        return "", end
    return " ".join(candidate.split()), stop_at


# "các đồng chí Phó Trưởng Ban Dân vận Trung ương: A, B, C": one post, then the names
# (a dot inside an abbreviation, "BCH T.Ư Đảng", ends nothing)
_SHARED_POST = re.compile(r"(?P<post>(?:[^;.\n:]|\.(?=\w)){3,90}?)\s*:\s*")
_LIST_GAP = re.compile(r"\s*(?:,|;|\s+và)\s*")
# (after "Phó" the post may be written in lower case: "các Phó bí thư Đảng uỷ")
_PLURAL_POST = re.compile(
    # ("các nguyên Ủy viên Bộ Chính trị, …: A, B": former holders, each the post's)
    r"(?<!\w)các\s+(?:nguyên\s+)?(?=(?:Phó\s+(?:[Cc]hủ tịch|[Bb]í thư|[Tt]rưởng|[ỦủUu][yỷ] viên)"
    r"|Chủ tịch|Bí thư|Trưởng|Ủy viên)\b)"
)
# "các Phó Bí thư Đảng ủy A, B, C": the shared post runs straight on to the first name
_POST_BEFORE_NAMES = re.compile(r"[^;.\n:,()]{3,90}")
# A signature block: the post in capitals on a line of its own, under the body it signs
# for ("T/L BỘ CHÍNH TRỊ⏎CHÁNH VĂN PHÒNG", "K/T TRƯỞNG BAN⏎PHÓ TRƯỞNG BAN"), and the
# signer's name alone on the next line that holds text.
_LINE = re.compile(r"[^\n]+")
_SIGNED_FOR = re.compile(r"^(?:K/?T|T/?M|T/?L|Q)\.?\s+")


# A name written in capitals (a heading, a signature): its words, and what ends it in a
# heading that runs on in capitals ("… THỦ TƯỚNG CHÍNH PHỦ NGUYỄN XUÂN PHÚC TẠI HỘI NGHỊ").
_CAPS_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
_CAPS_STOP = frozenset(
    (
     "TẠI", "VỀ", "VỚI", "Ở", "TRONG", "KHI", "ĐẾN", "CÙNG", "VÀ", "THĂM", "LÀM", "PHÁT",
     "CHỦ", "GỬI", "TRẢ", "KÝ", "ĐÃ", "ĐANG", "SẼ", "DỰ", "TỚI", "TIẾP", "ĐỐI", "CHO", "GẶP",
     "TRAO", "TẶNG", "NÓI", "YÊU", "NHẤN", "ĐỀ", "CHỈ", "KẾT", "BIỂU", "HỌP", "KHAI", "NHÂN DỊP",
    )
)  # fmt: skip
# A unit before a run in capitals makes it the unit's name ("BÍ THƯ TỈNH ỦY HÀ NAM")
_CAPS_UNIT_BEFORE = re.compile(
    r"(?<!\w)(?:TỈNH|HUYỆN|XÃ|QUẬN|PHƯỜNG|THỊ TRẤN|THỊ XÃ|THÀNH PHỐ|TP\.?|ỦY|UỶ|THÔN|BẢN|ẤP)\s*$"
)


def _capitals_name(text: str, start: int) -> int | None:
    """End of a name in capitals beginning at ``start`` with a family name ("NGUYỄN XUÂN
    PHÚC"): two to four words in capitals, ended by the line, a mark or a word no name
    holds ("TẠI", "VỀ"); None when the run is no such name."""
    end = start
    words: list[str] = []
    for word in _CAPS_WORD.finditer(text, start):
        if word.start() != end or word.group(1) in _CAPS_STOP:
            break
        if not word.group(1).isupper() or len(words) == 4:
            return None  # runs on in capitals past a name, or into lower case
        words.append(word.group(1))
        end = word.end()
    if not 2 <= len(words) <= 4 or words[0].title() not in SURNAMES:
        return None
    return end


def _glued_post(line: str, words: list[re.Match[str]], index: int) -> int | None:
    """Where a family name begins inside ``words[index]`` when a post in capitals, lost
    its space, ends right before it ("CỐ TỔNG BÍ THƯNGUYỄN VĂN CỪ": "THƯ" + "NGUYỄN");
    None when the word is no such pair."""
    word = words[index]
    for cut in range(2, len(word.group()) - 1):
        if word.group()[cut:].title() not in SURNAMES:
            continue
        for earlier in words[max(0, index - 3) : index + 1]:
            role = _ROLE_AT_START.match(line, earlier.start())
            if role is not None and role.end() == word.start() + cut:
                return cut
    return None


def _heading_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, post) of each name in capitals after a post in capitals on one line
    ("Ý KIẾN CỦA THỦ TƯỚNG CHÍNH PHỦ NGUYỄN XUÂN PHÚC TẠI …"): three or four words, as a
    place in capitals is two more often than not ("HÀ NAM")."""
    found: list[tuple[int, int, str]] = []
    for line in _LINE.finditer(text):
        words = list(re.finditer(r"(?<!\w)[^\W\d_]+", line.group()))
        for index, word in enumerate(words):
            if not word.group().isupper():
                continue
            cut = 0 if word.group().title() in SURNAMES else _glued_post(line.group(), words, index)
            if cut is None:
                continue
            start = line.start() + word.start() + cut
            if not cut and index and words[index - 1].group().title() in SURNAMES:
                continue  # "NGUYỄN VĂN …": inside a run that began with a family name
            end = _capitals_name(text, start)
            if end is None or len(text[start:end].split()) < 3:
                continue
            before = line.group()[: word.start() + cut]
            if _CAPS_UNIT_BEFORE.search(before):
                continue
            # the post: the nearest of the (at most eight) words before that begins one
            posts = [
                (w.start(), role.end())
                for w in words[max(0, index - 8) : index]
                if (role := _ROLE_AT_START.match(line.group(), w.start()))
            ]
            # a post whose words hold a shorter one begins at the longer ("PHÓ BÍ THƯ", not
            # "BÍ THƯ"; "TỔNG BÍ THƯ")
            while len(posts) > 1 and posts[-2][1] > posts[-1][0]:
                posts.pop()
            post = " ".join(before[posts[-1][0] :].split()) if posts else ""
            if post and post.isupper():
                found.append((start, end, post))
    return found


# "… BÍ THƯ THƯỜNG TRỰC (đã ký) Phan Văn Mãi": a signature whose lines a copy ran
# together; the post is in capitals before the mark, the signer's name after it.
_SIGNED = re.compile(r"\(\s*(?:[Đđ]ã\s+)?[Kk]ý\s*\)\s*")
_TOKEN_BEFORE = re.compile(r"(\S+)\s*$")


def _capitals_before(text: str, pos: int) -> str:
    """The run of words in capitals (at most twelve) that ends at ``pos``."""
    begin = pos
    for _ in range(12):
        token = _TOKEN_BEFORE.search(text, max(0, begin - 40), begin)
        if token is None or not token.group(1).isupper():
            break
        begin = token.start(1)
    return text[begin:pos]


def _post_in_capitals(segment: str) -> str:
    """The last post written in ``segment`` (capitals), read where it begins even inside a
    word a lost line break glued it to ("ĐOÀNBÍ THƯ THƯỜNG TRỰC" → "BÍ THƯ THƯỜNG TRỰC");
    a post of under four letters ("BT") is read at a word's start only."""
    last, pos = "", 0
    while pos < len(segment):
        role = _ROLE_AT_START.match(segment, pos)
        inside = pos > 0 and segment[pos - 1].isalpha()
        if (
            role is not None
            and not (role.end() < len(segment) and segment[role.end()].isalnum())
            and not (inside and len(role.group()) < 4)
        ):
            last = segment[pos:]
            pos = role.end()
        else:
            pos += 1
    return " ".join(last.split())


def _signed_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, post) of each name after "(đã ký)" with a post in capitals before."""
    found: list[tuple[int, int, str]] = []
    for mark in _SIGNED.finditer(text):
        start = mark.end()
        end = _capitals_name(text, start)
        if end is None:
            end = _name_end(text, start)
            if not _is_name(text, start, end, need_surname=True):
                continue
        post = _post_in_capitals(_capitals_before(text, mark.start()))
        if post:
            found.append((start, end, post))
    return found


def _signatures(text: str) -> list[tuple[int, int, str]]:
    """(start, end, post) of each name signed under a post in capitals."""
    found: list[tuple[int, int, str]] = []
    previous = ""
    for line in _LINE.finditer(text):
        stripped = line.group().strip()
        if not stripped:
            continue
        start = line.start() + len(line.group()) - len(line.group().lstrip())
        end = start + len(stripped)
        post = _SIGNED_FOR.sub("", previous)
        if (
            previous.isupper()
            and len(previous) <= 60
            and _ROLE_AT_START.match(post)
            and not _CAPS_UNIT_BEFORE.search(post)  # "CHỦ TỊCH UBND TỈNH⏎HÀ NAM": a heading
            and (
                (capitalised_run(text, start) == end and _is_name(text, start, end, True))
                or _capitals_name(text, start) == end  # "NGUYỄN VĂN A" signs in capitals
            )
        ):
            found.append((start, end, post))
        previous = stripped
    return found


# Not people of the article: the President whose words on dân vận nearly every article
# quotes ("tư tưởng … của Chủ tịch Hồ Chí Minh"), whose name is also a city's.
# Names that are no one's: the President's (a place and an ideology as often) and
# countries whose names begin with a family name ("Namyangju, Hàn Quốc")
_NOT_PEOPLE = frozenset(
    {"hồ chí minh", "hàn quốc", "trung quốc", "anh quốc", "thái lan"}
    # provinces and cities named like people ("tại thủ đô Hà Nội")
    | {"hà nội", "hà nam", "hà giang", "hà tĩnh", "lâm đồng", "cao bằng", "thái bình",
       "thái nguyên", "đồng nai", "đồng tháp", "bùi chu", "hà tiên", "hà đông"}
)  # fmt: skip


def _name_list(text: str, pos: int, free: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Names (each beginning with a family name) from ``pos``, joined by commas or "và"."""
    names: list[tuple[int, int]] = []
    while True:
        end = _name_end(text, pos)
        if not _is_name(text, pos, end, need_surname=True) or not free(pos, end):
            return names
        names.append((pos, end))
        gap = _LIST_GAP.match(text, end)
        if gap is None:
            return names
        pos = gap.end()


# A membership of the Party's central bodies shared by a list outranks each member's own
# post, which the list names after or before each name ("Các đồng chí Ủy viên Bộ Chính
# trị: Phạm Minh Chính, Thủ tướng Chính phủ; …"), as the gold gives it (sets 10 and 12); a
# lower body's membership ("Ủy viên Ban Chấp hành Đảng bộ tỉnh: A - Phó Chủ tịch HĐND")
# gives way to the member's own post.
_CENTRAL_MEMBERSHIP = re.compile(
    r"^(?:nguyên\s+)?[UuỦủ][yỷ]\s+viên\s+(?:Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư|Trung\s+ương\s+Đảng"
    r"|BCH\s+Trung\s+ương|Ban\s+Chấp\s+hành\s+Trung\s+ương|T[WƯ]\b)",
    re.IGNORECASE,
)
# One item of a list whose items a semicolon ends: the text up to the semicolon.
_ITEM = re.compile(r"[^;:\n]{1,120}")
# An item that opens with another title or a plural ends the list ("và các đồng chí …").
_ITEM_STOP = re.compile(r"\s*(?:và\s+)?(?:các|đồng chí|đ/c)\b", re.IGNORECASE)


def _list_post(post: str, text: str, finish: int) -> str:
    """The post a listed person is given: the list's, or his own after his name."""
    own, _ = _post_after(text, finish)
    if _CENTRAL_MEMBERSHIP.match(post):
        return post
    return own or post


def _listed(text: str, pos: int, free: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """The names of a list after a shared post: joined by commas or "và", or one a
    semicolon-ended item, with the person's own post before or after the name ("Thủ
    tướng Chính phủ A; Trưởng ban … B; Phó thủ tướng C; Đại tướng D, Bộ trưởng …;")."""
    names = _name_list(text, pos, free)
    items: list[tuple[int, int]] = []
    while (item := _ITEM.match(text, pos)) and item.end() < len(text) and text[item.end()] == ";":
        if _ITEM_STOP.match(item.group()):
            break
        for word in re.finditer(r"(?<!\w)[^\W\d_]+", item.group()):
            begin = pos + word.start()
            end = _name_end(text, begin)
            if (
                word.group() in SURNAMES
                and end <= item.end()
                and _is_name(text, begin, end, need_surname=True)
                and free(begin, end)
            ):
                # "A, B; …": an item may itself list names joined by commas
                in_item = [n for n in _name_list(text, begin, free) if n[1] <= item.end()]
                items.extend(in_item or [(begin, end)])
                break
        else:
            break
        pos = item.end() + 1
        while pos < len(text) and text[pos] == " ":
            pos += 1
    # the last item, ended by the sentence: a name at its start ("…; D, Bộ trưởng.")
    if items:
        last = _name_end(text, pos)
        if (
            not _ITEM_STOP.match(text, pos)
            and _is_name(text, pos, last, need_surname=True)
            and free(pos, last)
        ):
            items.append((pos, last))
    return items if len(items) > len(names) else names


def _mention(text: str, start: int, end: int, post: str, confidence: float) -> Mention:
    posts = parse_posts(post) if post else []
    name = " ".join(text[start:end].split())
    value: dict[str, object] = {
        # a name written in capitals is given as names are written ("Nguyễn Xuân Phúc")
        "name": name.title() if name.isupper() else name,
        "role": posts[0]["role"] if posts else None,
        "posts": posts,
    }
    if post:
        value["post_text"] = post
    return Mention("person", start, end, text[start:end], value, confidence)


def find_people(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """People named in ``text``, with their posts; names inside ``exclude`` (resolved
    unit names) are not people."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = list(exclude)

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    def add(start: int, end: int, post: str, confidence: float) -> None:
        if match_key(text[start:end]) in _NOT_PEOPLE:
            return
        found.append(_mention(text, start, end, post, confidence))
        taken.append((start, end))

    for title in _TITLE.finditer(text):
        start = title.end()
        while start < len(text) and text[start] == " ":
            start += 1
        former = _FORMER.match(text, start)
        if _ROLE_AT_START.match(text, former.end() if former else start) and (
            shared := _SHARED_POST.match(text, start)
        ):
            # "các đồng chí Phó Trưởng Ban …: A, B, C và D" (each may add a post of his own)
            post = " ".join(shared.group("post").split())
            for begin, finish in _listed(text, shared.end(), free):
                add(begin, finish, _list_post(post, text, finish), 0.8)
            continue
        end = _name_end(text, start)
        # ("tên tiếng Anh: Vietnam …": the colon is the title match's, not the word's)
        kin = title.group().rstrip(": ").lower() in _KIN_TITLES or title.group("rank") is not None
        if not _is_name(text, start, end, need_surname=kin) or not free(start, end):
            continue
        former = _FORMER_POST.match(text, start)
        if (
            _ROLE_AT_START.match(text, former.end() if former else start)
            and text[start:end].split()[0] not in SURNAMES
        ):
            continue  # "đồng chí (Nguyên) Tổng Bí thư, Chủ tịch nước": a post, no one named
        post, stop = _post_after(text, end)
        if not post and (
            role := _IN_THE_ROLE.search(text, max(0, title.start() - 90), title.start())
        ):
            # "Với vai trò là Bí thư chi bộ, ông A": the post the clause gives him
            post = " ".join(role.group("post").split())
        if not post and (gap := _LIST_GAP.match(text, end)):
            # "các đồng chí A, B, C - Phó Trưởng Ban …": the last name's post is everyone's
            names = _name_list(text, gap.end(), free)
            last_post = _post_after(text, names[-1][1])[0] if names else ""
            if last_post:
                for begin, finish in [(start, end), *names]:
                    add(begin, finish, last_post, 0.8)
                continue
        add(start, end, post, 0.9 if post else 0.7)
        # "các đồng chí A, post; B, post; C, post": one title word for a list of people
        while post and (link := _NEXT_PERSON.match(text, stop)):
            gap = link.end()
            end = _name_end(text, gap)
            if not _is_name(text, gap, end, need_surname=True) or not free(gap, end):
                break
            post, stop = _post_after(text, end)
            if not post:
                break
            add(gap, end, post, 0.8)
    # "…; các Phó Chủ tịch UBTƯ MTTQ Việt Nam: A, B, C": a post shared by a list, with
    # no title word ("các" before the post says several people hold it)
    for plural in _PLURAL_POST.finditer(text):
        shared = _SHARED_POST.match(text, plural.end())
        if shared is not None and not _VERB.search(shared.group("post")):
            post = " ".join(shared.group("post").split())
            for begin, finish in _listed(text, shared.end(), free):
                add(begin, finish, _list_post(post, text, finish), 0.75)
            continue
        # no colon: the post ends where a run of two or more names begins (one name
        # after "các" is no list, and the post then more likely runs on past it)
        post_run = _POST_BEFORE_NAMES.match(text, plural.end())
        if post_run is None:
            continue
        for word in re.finditer(r"(?<=\s)[^\W\d_]+", post_run.group()):
            begin = plural.end() + word.start()
            if word.group() not in SURNAMES or _VERB.search(text, plural.end(), begin):
                continue
            names = _name_list(text, begin, free)
            if len(names) >= 2:
                post = " ".join(text[plural.end() : begin].split())
                for start, finish in names:
                    add(start, finish, post, 0.75)
                break
    for begin, finish, post in [*_signatures(text), *_heading_names(text), *_signed_names(text)]:
        if free(begin, finish):
            add(begin, finish, post, 0.75)
    # "Phó Chủ tịch UBND tỉnh Nguyễn Văn A": a post, then a name beginning with a surname
    for word in re.finditer(r"(?<!\w)[^\W\d_]+", text):
        if word.group() not in SURNAMES or not free(word.start(), word.end()):
            continue
        end = capitalised_run(text, word.start())
        last = text[word.start() : end].split()[-1]
        if len(last) > 1 and last.isupper() and _ROLE_AT_START.fullmatch(last):
            end = text.rindex(last, word.start(), end)  # "Võ Tấn Lạt BTĐU": his post
            end = len(text[:end].rstrip())
        if not _is_name(text, word.start(), end, need_surname=True) or not free(word.start(), end):
            continue
        if _capitalised_before(text, word.start()) and not _name_after_place(text, word.start()):
            continue  # inside a longer name: "xã Lạc Dương Ya Tiong" is no "Dương …"
        place = _WORD_BEFORE.search(text, max(0, word.start() - 30), word.start())
        if (
            place is not None
            and place.group(1) in _VILLAGE_WORDS
            and not _VILLAGE_HEAD.search(text, max(0, place.start() - 20), place.start())
        ):
            continue  # "Chi bộ thôn Đồng Danh": a place named, not a person
        if (
            place is not None
            and place.group(1).lower() in _STREET_WORDS
            and not _CITY.search(text, max(0, place.start() - 10), place.start())
        ):
            continue  # "(đường Nguyễn Huệ": a street named after a person
        if (
            place is not None
            and match_key(place.group(1)) == match_key(word.group())
            and len(text[word.start() : end].split()) == 2
        ):
            # "trưởng đoàn Đoàn Kiểm tra": a body named after its post word (its name runs
            # on in lower case; "Trưởng đoàn Đoàn Văn Minh", three words, is a person)
            continue
        if place is not None and place.group(1) == "tại":
            continue  # "Sáng 4/12, tại Hà Nội, Tổng Bí thư A": a place, where a name never is
        if _BRANCH_BEFORE.search(text, max(0, word.start() - 40), word.start()):
            continue  # "Chi hội phụ nữ Giáp Trung": the branch's village
        after, _ = _post_after(text, end)
        # the post before begins after the last person named before it: in "Phó Chủ tịch
        # UBND tỉnh A, Trưởng Ban Dân vận Tỉnh ủy B" B's post is the second
        people_before = [m.end for m in found if m.end <= word.start()]
        window = max([max(0, word.start() - 110), *people_before])
        before = _ROLE_BEFORE.search(text, window, word.start())
        if before is None and not after:
            continue
        begin = before.start() if before else word.start()
        if before and (principal := _FOR_ANOTHER.search(text, max(0, begin - 20), begin)):
            # "thừa lệnh Chủ tịch UBND tỉnh X, Phó Chánh Văn phòng … A": the first post is
            # the principal's; A's begins after the comma that ends it
            comma = text.find(",", begin, word.start())
            if comma > 0 and principal.end() == begin:
                later = _ROLE_BEFORE.search(text, comma + 1, word.start())
                begin = later.start() if later else begin
        if before and (late := _LATE_POST.search(text, begin + 1, word.start())):
            # "… đề nghị của …, Phó Trưởng Ban Tổ chức kỷ niệm Ngày sinh cố Tổng Bí thư
            # A": a post after "cố"/"nguyên" right before the name is his, not the first
            begin = late.start()
        before_text = " ".join(text[begin : word.start()].split()) if before else ""
        if (
            before
            and _NAME_INSIDE.search(after)
            and not text[begin : word.start()].rstrip().endswith((",", "-", "–"))
        ):
            # "Phó Chủ tịch UBND tỉnh A, Trưởng Ban … B": what follows A is B's post
            post = before_text
        elif before and after and _TASK_POST.match(after):
            # "Phó Thủ tướng A - Trưởng Ban Chỉ đạo …": the task's post comes second
            post = f"{before_text}, {after}"
        else:
            # "Ủy viên Ban Thường vụ: A - Trưởng ban …": a person's own post follows the name
            post = after or before_text
        add(word.start(), end, post, 0.75)
    return sorted(found, key=lambda m: m.start)
