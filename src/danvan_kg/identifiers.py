"""Parse Vietnamese document identifiers ("số hiệu văn bản") and find them in text.

Two families share one grammar of numbers, letters, ``-`` and ``/``:

- Party documents put the type before the slash: ``19-CT/TU`` (number 19, Chỉ thị,
  Tỉnh ủy). There is no year: the issuer and the term (khóa) make it unique.
- State documents put the type after it: ``2559/QĐ-UBND``, ``30/2020/NĐ-CP``; laws and
  resolutions of the Quốc hội carry the legislature instead of a type:
  ``10/2022/QH15``; a Công văn writes no type but its issuer and drafting office:
  ``1613/UBND-KGVX``; a joint document (liên tịch, phối hợp) marks its type as joint
  and lists its issuers: ``03/2014/TTLT-BTC-BNV``, ``19/2008/NQLT/CP-UBTUMTTQVN``.

Codes follow the ``doctype`` and ``issuercode`` vocabularies (``docs/model.md``): an
ASCII code (``QD``) beside the notation Vietnamese writes (``QĐ``).

>>> parse_identifier("số 19-CT/TU").canonical()
'19-CT/TU'
>>> parse_identifier("30/2020/NĐ-CP").year
2020
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple, NoReturn

from danvan_kg.errors import IdentifierError
from danvan_kg.text import normalise, strip_diacritics

__all__ = [
    "ISSUER_NOTATIONS",
    "TYPE_NOTATIONS",
    "TYPE_WORDS",
    "WRITTEN_TYPES",
    "YEAR_MAX",
    "YEAR_MIN",
    "DocumentIdentifier",
    "find_identifiers",
    "parse_identifier",
]

YEAR_MIN = 1945  # the Democratic Republic's first documents; anything earlier is a misread
YEAR_MAX = 2100
_MAX_NUMBER_DIGITS = 6  # the busiest issuers reach five digits a year; more is a date or a typo
_MAX_LEGISLATURE = 30  # the 15th Quốc hội sat 2021-2026

#: doctype code → the notation Vietnamese writes. Luật and Nghị quyết of the Quốc hội
#: never appear as letters in an identifier; their notations are what a reader would say.
TYPE_NOTATIONS: dict[str, str] = {
    "NQ": "NQ",
    "CT": "CT",
    "KL": "KL",
    "QD": "QĐ",
    "QDi": "QĐi",
    "DA": "ĐA",
    "KH": "KH",
    "CTr": "CTr",
    "HD": "HD",
    "TB": "TB",
    "BC": "BC",
    "TTr": "TTr",
    "QC": "QC",
    "CV": "CV",
    "CD": "CĐ",
    "BB": "BB",
    "PA": "PA",
    "TTri": "TT",
    "ND": "NĐ",
    "TT": "TT",
    "Luat": "Luật",
    "NQQH": "NQ",
    "PL": "PL",
    "SL": "SL",
}
# Codes that can be written inside an identifier (not Luat/NQQH, which only QHnn implies).
#: The doctype codes whose notation is written inside an identifier.
# TTri (Thông tri) is not among them: the Party writes it "TT", which the State's Thông tư
# also is; the family tells them apart (Parser.party).
WRITTEN_TYPES = (
    "NQ", "CT", "KL", "QD", "QDi", "DA", "KH", "CTr", "HD", "TB", "BC", "TTr", "QC", "CV", "CD",
    "BB", "PA", "ND", "TT", "PL", "SL",
)  # fmt: skip
# The State has no "Quy định" number series of its own, nor Thông tri.
_PARTY_ONLY_TYPES = frozenset({"QDi", "TTri"})
# Nghị định (Chính phủ), Thông tư (ministries), Pháp lệnh (Ủy ban Thường vụ Quốc hội),
# Sắc lệnh (the President's decrees of 1945–1959, "234/SL")
_STATE_ONLY_TYPES = frozenset({"ND", "TT", "PL", "SL"})
#: Types whose symbol names no issuer, for only one body issued them: "234/SL", a Sắc lệnh
#: of the President (Chủ tịch nước) → the issuer code it stands for.
_ISSUERLESS_TYPES: dict[str, str] = {"SL": "CTN"}
# The Fatherland Front's committees, whose documents may name the issuing body after the
# issuer (10/KH-MTTQ-BTT).
_FRONT_ISSUERS = frozenset({"MTTQ", "UBMTTQ", "MTTQVN", "UBMTTQVN"})
#: Joint documents, issued by two bodies or more, write their type with "LT" (liên tịch)
#: or "PH" (phối hợp) and list the issuers after it: 03/2014/TTLT-BTC-BNV (Thông tư liên
#: tịch), 19/2008/NQLT/CP-UBTUMTTQVN, 01/QCPH/UBND-UBMTTQ (Quy chế phối hợp). Notation
#: (ASCII, upper case) → the doctype code of the document's kind.
_JOINT_TYPES: dict[str, str] = {
    "NQLT": "NQ",
    "TTLT": "TT",
    "QDLT": "QD",
    "CTLT": "CT",
    "HDLT": "HD",
    "KHLT": "KH",
    "QCLT": "QC",
    "QCPH": "QC",
    "CTPH": "CTr",  # "Chương trình phối hợp": a Chỉ thị is never "phối hợp"
    "CTRPH": "CTr",
    "KHPH": "KH",
}

#: issuercode code → notation, for the issuers the vocabulary names. Any other issuer
#: (``BDVTW``, ``ĐUK``, ``SNV``…) is kept as written, upper-cased, with an ASCII code.
ISSUER_NOTATIONS: dict[str, str] = {
    "TW": "TW",
    "TU": "TU",
    "HU": "HU",
    "QU": "QU",
    "DU": "ĐU",
    "UBND": "UBND",
    "HDND": "HĐND",
    "CP": "CP",
    "TTg": "TTg",
    "QH": "QH",
    "BTC": "BTC",
    "BNV": "BNV",
    "UBTVQH": "UBTVQH",
    "BDVTW": "BDVTW",
    "BDVTU": "BDVTU",
    "BDVHU": "BDVHU",
}
#: Other spellings of an issuer that sources use: "TƯ" (Trung ương) is TW, never TU, and
#: so is the old abbreviation with a dot, "T.Ư" ("03-CT/T.Ư").
_ISSUER_ALIASES: dict[str, str] = {"tư": "TW", "t.ư": "TW"}
#: Issuers that write their legislature after their code: …/PL-UBTVQH11 (the Standing
#: Committee of the 11th Quốc hội), beside the Quốc hội's own …/2022/QH15.
_LEGISLATURE_ISSUERS = frozenset({"UBTVQH"})
#: Party issuers: a State-shaped symbol with one of them (49/NQ-TU) is a Party document
#: written the wrong way round (49-NQ/TU).
PARTY_ISSUERS = frozenset({"TW", "TU", "HU", "QU", "DU"})
#: State issuers (the Government, the Prime Minister, people's councils and committees,
#: ministries): a Party-shaped symbol with one of them (673-QĐ/TTg) is a State document
#: written the wrong way round (673/QĐ-TTg).
STATE_ISSUERS = frozenset({"TTg", "CP", "UBND", "HDND", "BTC", "BNV"})


def _ascii(text: str) -> str:
    return strip_diacritics(text)


# Sources drop diacritics ("QD-UBND") and case ("19-ct/tu"), so both spellings of a
# notation look up the same code; "HĐ" is *not* "HD" (Hướng dẫn), hence no ASCII-folding
# of what was written, only of the notation.
_TYPE_LOOKUP: dict[str, str] = {}
for _code in WRITTEN_TYPES:
    _TYPE_LOOKUP[TYPE_NOTATIONS[_code].casefold()] = _code
    _TYPE_LOOKUP[_ascii(TYPE_NOTATIONS[_code]).casefold()] = _code
#: Notations of a type that are not the vocabulary's but name it all the same, kept as
#: written in the identifier: the Party's "CTHĐ" (Chương trình hành động, 147-CTHĐ/TU) is a
#: Chương trình.
_TYPE_ALIASES: dict[str, str] = {"cthđ": "CTr", "cthd": "CTr"}
_ISSUER_LOOKUP: dict[str, str] = {}
for _code, _notation in ISSUER_NOTATIONS.items():
    _ISSUER_LOOKUP[_notation.casefold()] = _code
    _ISSUER_LOOKUP[_ascii(_notation).casefold()] = _code
_ISSUER_LOOKUP.update(_ISSUER_ALIASES)

#: The word a text puts before an identifier ("Nghị định số 30/2020/NĐ-CP"), lower case
#: NFC → doctype code.
TYPE_WORDS: dict[str, str] = {
    "nghị quyết": "NQ",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "quyết định": "QD",
    "quy định": "QDi",
    "đề án": "DA",
    "kế hoạch": "KH",
    "chương trình": "CTr",
    "hướng dẫn": "HD",
    "thông báo": "TB",
    "báo cáo": "BC",
    "tờ trình": "TTr",
    "quy chế": "QC",
    "công văn": "CV",
    "công điện": "CD",
    "biên bản": "BB",
    "phương án": "PA",
    "thông tri": "TTri",
    "nghị định": "ND",
    "thông tư": "TT",
    "luật": "Luat",
    "pháp lệnh": "PL",
    "sắc lệnh": "SL",
}
# The same in ASCII, because that is how identifiers are matched (see _fold).
_TYPE_WORDS: dict[str, str] = {_ascii(word): code for word, code in TYPE_WORDS.items()}
_TYPE_WORD_PATTERN = "|".join(
    sorted((re.escape(word).replace(r"\ ", r"\s+") for word in _TYPE_WORDS), key=len, reverse=True)
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # ‐ ‑ ‒ – — ― − ﹣ －
_SLASHES = "\u2044\u2215\uff0f"  # ⁄ ∕ ／

Family = Literal["party", "state"]


@dataclass(frozen=True)
class DocumentIdentifier:
    """One parsed identifier. Build it with :func:`parse_identifier`.

    ``number`` keeps leading zeros as written (``"06"``): Party documents are cited
    that way and the canonical form must match the document's own header.

    >>> ident = parse_identifier("06-ĐA/TU")
    >>> (ident.number, ident.number_int, ident.type_code, ident.type_notation)
    ('06', 6, 'DA', 'ĐA')
    >>> str(parse_identifier("1613/UBND-KGVX"))
    '1613/UBND-KGVX'
    """

    number: str
    type_code: str
    type_notation: str
    issuer_code: str
    issuer_notation: str
    year: int | None
    legislature: int | None
    office: str | None
    family: Family
    #: What separates a joint type from its issuers, as the document writes it ("/" in
    #: 19/2008/NQLT/CP-UBTUMTTQVN, "-" in 03/2014/TTLT-BTC-BNV); "-" for every other one.
    issuer_separator: str = "-"
    #: The notation is not one the doctype vocabulary names ("Công văn số 01-CB/TW"): the
    #: type is the one the word before it says, and only that word says it.
    type_from_word: bool = False

    @property
    def number_int(self) -> int:
        """The number as an integer: ``"06"`` → 6, ``"30a"`` → 30.

        >>> parse_identifier("30a/2008/NQ-CP").number_int
        30
        """
        return int(self.number.rstrip(_NUMBER_LETTERS))

    def canonical(self) -> str:
        """The identifier as an official header writes it.

        >>> parse_identifier("2559/ QĐ –UBND").canonical()
        '2559/QĐ-UBND'
        >>> parse_identifier("10/2022/QH15").canonical()
        '10/2022/QH15'
        >>> parse_identifier("19/2008/NQLT/CP- UBTUMTTQVN").canonical()
        '19/2008/NQLT/CP-UBTUMTTQVN'
        """
        if self.family == "party":
            party = f"{self.number}-{self.type_notation}/{self.issuer_notation}"
            # 367-QĐ/TWĐTN-VP: the issuer's office that drafted it, as the State writes it
            return party if self.office is None else f"{party}-{self.office}"
        head = f"{self.number}/" if self.year is None else f"{self.number}/{self.year}/"
        if not self.type_notation:  # 566/TTg: the issuer alone, the type unwritten
            return f"{head}{self.issuer_notation}"
        if not self.issuer_notation:  # 234/SL: a type only one body issued
            return f"{head}{self.type_notation}"
        if (
            self.legislature is not None
            and self.issuer_code in ("QH", "UBTVQH")
            and (self.type_code in ("Luat", "NQQH"))
        ):
            return f"{head}{self.issuer_notation}{self.legislature}"
        if self.legislature is not None:
            # 34/2007/PL-UBTVQH11: the type, then the issuer with its legislature.
            return f"{head}{self.type_notation}-{self.issuer_notation}{self.legislature}"
        if self.office is not None and self.type_code == "CV":
            # A Công văn names no type: issuer first, then the office that drafted it.
            return f"{head}{self.issuer_notation}-{self.office}"
        if self.office is not None:  # 10/KH-MTTQ-BTT: the issuer's body that drafted it
            return f"{head}{self.type_notation}-{self.issuer_notation}-{self.office}"
        return f"{head}{self.type_notation}{self.issuer_separator}{self.issuer_notation}"

    def __str__(self) -> str:
        return self.canonical()

    @property
    def issuer_known(self) -> bool:
        """Whether the issuer code is one the ``issuercode`` vocabulary names.

        >>> parse_identifier("171-CV/BTG").issuer_known
        False
        """
        return self.issuer_code in ISSUER_NOTATIONS

    def party_form(self) -> DocumentIdentifier | None:
        """The Party identifier a State-shaped symbol of a Party issuer stands for, else None.

        Sources sometimes write a Party document the State way round:

        >>> str(parse_identifier("49/NQ-TU").party_form())
        '49-NQ/TU'
        >>> parse_identifier("2559/QĐ-UBND").party_form() is None
        True
        """
        if (
            self.family != "state"
            or self.issuer_code not in PARTY_ISSUERS
            or self.year is not None
            or self.office is not None
            or self.legislature is not None
        ):
            return None
        return replace(self, family="party")

    def state_form(self) -> DocumentIdentifier | None:
        """The State identifier a Party-shaped symbol of a State issuer stands for, else None.

        Sources sometimes write a State document the Party's way round:

        >>> str(parse_identifier("673-QĐ/TTg").state_form())
        '673/QĐ-TTg'
        >>> parse_identifier("35-CT/TW").state_form() is None
        True
        """
        if (
            self.family != "party"
            or self.issuer_code not in STATE_ISSUERS
            or self.office is not None
            or self.type_code in _PARTY_ONLY_TYPES
            or self.type_from_word
        ):
            return None
        return replace(self, family="state")


class _Token(NamedTuple):
    kind: str  # "num", "word", "sep" or "other"
    text: str  # as written (NFC, dashes unified)
    start: int


# A word may join letters with "&": the office "CCHC&PC" (cải cách hành chính và pháp chế).
_WORD = r"[A-Za-z]+(?:&[A-Za-z]+)*"
# A number may end in one lower-case letter: the Government's "30a/2008/NQ-CP" is a
# resolution of its own, numbered beside 30/2008.
_NUMBER_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NUM = r"[0-9]+(?:[a-z](?![A-Za-z]))?"
# "T.Ư" (folded "T.U"), the old abbreviation of Trung ương, is one word with its dot.
_TOKEN = re.compile(
    rf"\s*(?:(?P<num>{_NUM})|(?P<word>T\.U(?![A-Za-z])|{_WORD})|(?P<sep>[-/])|(?P<other>\S))"
)
# A notation the vocabulary does not name, taken on the word of a type word before it:
# upper case, as symbols are written, and short.
_UNNAMED_NOTATION = re.compile(r"[A-ZĐ][A-ZĐa-z]{0,3}")
# The office after a State symbol's issuer (2559/QĐ-UBND-VX): upper case, as offices are
# written; "…/KH-UBND-ngày" is prose run on.
_OFFICE = re.compile(r"[A-ZĐ]+(?:&[A-ZĐ]+)*")


def _fold(written: str) -> str:
    """ASCII shadow of ``written``, character for character, so that spans carry over.

    Matching on it lets one pattern accept ``QĐ`` and ``QD``, ``ĐU`` and ``DU``.
    """
    out = []
    for char in written:
        folded = strip_diacritics(char)
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


def _unify_separators(text: str) -> str:
    # en dashes and the like are what word processors turn "-" into; same length, 1:1
    return text.translate({ord(c): "-" for c in _DASHES} | {ord(c): "/" for c in _SLASHES})


def _tokens(written: str, folded: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while match := _TOKEN.match(folded, pos):
        kind = match.lastgroup or "other"
        start, end = match.span(kind)
        tokens.append(_Token(kind, written[start:end], start))
        pos = match.end()
    return tokens


def _issuer(written: str) -> tuple[str, str]:
    code = _ISSUER_LOOKUP.get(written.casefold())
    if code is not None:
        return code, ISSUER_NOTATIONS[code]
    notation = written.upper()
    return _ascii(notation), notation


class _Parser:
    """The grammar proper, over the tokens of one candidate identifier."""

    def __init__(
        self, text: str, written: str, tokens: list[_Token], word_code: str | None = None
    ) -> None:
        self.text = text  # only for the error message: what the caller passed
        self.written = written
        self.tokens = tokens
        self.word_code = word_code  # the type the words before the identifier name

    def unnamed_type(self, notation: _Token) -> str | None:
        """The type of a notation the vocabulary does not name, when the type word before
        the identifier names one and the notation looks like a symbol's."""
        if self.word_code is None or not _UNNAMED_NOTATION.fullmatch(notation.text):
            return None
        return self.word_code

    def fail(self, code: str, **params: object) -> NoReturn:
        raise IdentifierError(code, text=self.text, **params)

    def token(self, index: int) -> _Token | None:
        return self.tokens[index] if index < len(self.tokens) else None

    def expect_end(self, index: int) -> None:
        extra = self.token(index)
        if extra is not None:
            rest = self.written[extra.start :].strip()
            self.fail("identifier.trailing-text", rest=rest)

    def parse(self) -> DocumentIdentifier:
        if not self.tokens:
            self.fail("identifier.empty")
        first = self.tokens[0]
        if first.kind != "num":
            self.fail("identifier.no-number", found=first.text)
        number = first.text
        digits = number.rstrip(_NUMBER_LETTERS)
        if len(digits) > _MAX_NUMBER_DIGITS:
            self.fail("identifier.number-too-long", number=number, digits=_MAX_NUMBER_DIGITS)
        if int(digits) == 0:
            self.fail("identifier.number-zero")
        sep = self.token(1)
        if sep is None:
            self.fail("identifier.nothing-after-number")
        if sep.text == "-":
            return self.party(number)
        if self.dash_lost(first, sep):
            # 800QĐ/TTg: a Party-ordered symbol whose dash was lost; read as if written
            self.tokens.insert(1, _Token("sep", "-", sep.start))
            return self.party(number)
        if sep.text == "/":
            return self.state(number)
        self.fail("identifier.bad-separator", found=sep.text)

    def dash_lost(self, first: _Token, sep: _Token) -> bool:
        """Whether a word glued to the number ("800QĐ/TTg") is a type notation the
        vocabulary names, followed by a slash and an issuer it names: only then is the
        lost dash certain ("800QĐ/ABC", "12ab/TU" are left alone)."""
        slash, issuer = self.token(2), self.token(3)
        return (
            sep.kind == "word"
            and sep.start == first.start + len(first.text)
            and sep.text.casefold() in _TYPE_LOOKUP
            and sep.text == sep.text.upper()
            and slash is not None
            and slash.text == "/"
            and issuer is not None
            and issuer.kind == "word"
            and issuer.text.casefold() in _ISSUER_LOOKUP
        )

    def party(self, number: str) -> DocumentIdentifier:
        kind = self.token(2)
        if kind is None or kind.kind != "word":
            self.fail("identifier.no-type")
        type_code = _TYPE_LOOKUP.get(kind.text.casefold())
        notation = TYPE_NOTATIONS.get(type_code or "", "")
        if type_code == "TT":  # the Party's TT is Thông tri, the State's Thông tư
            type_code = "TTri"
        aliased = type_code is None and kind.text.casefold() in _TYPE_ALIASES
        if aliased:
            type_code, notation = _TYPE_ALIASES[kind.text.casefold()], kind.text.upper()
        if type_code is None and (type_code := self.unnamed_type(kind)) is not None:
            notation = kind.text
        if type_code is None:
            self.fail("identifier.unknown-type", type=kind.text)
        if type_code in _STATE_ONLY_TYPES:
            self.fail("identifier.state-type-in-party", type=TYPE_NOTATIONS[type_code])
        slash = self.token(3)
        if slash is None:
            self.fail("identifier.no-party-issuer")
        if slash.text != "/":
            self.fail("identifier.no-slash-after-type", found=slash.text)
        issuer = self.token(4)
        if issuer is None or issuer.kind != "word":
            self.fail("identifier.nothing-after-slash-issuer")
        issuer_code, issuer_notation = _issuer(issuer.text)
        # 367-QĐ/TWĐTN-VP: the office of the issuer that drafted it (VP: văn phòng), as a
        # State symbol names it; in capitals. A Party committee's own symbol has none.
        office = None
        sub_dash, sub_body = self.token(5), self.token(6)
        if (
            issuer_code not in PARTY_ISSUERS
            and sub_dash is not None
            and sub_dash.text == "-"
            and sub_body is not None
            and sub_body.kind == "word"
            and _OFFICE.fullmatch(sub_body.text)
        ):
            office = sub_body.text.upper()
            # 22-CTr/ĐUCA-V28: an office code may end in digits written straight on
            # ("V28", a department of the Ministry of Public Security); not after a space.
            digits = self.token(7)
            index = 7
            if (
                digits is not None
                and digits.kind == "num"
                and digits.start == sub_body.start + len(sub_body.text)
                and digits.text.isdigit()
            ):
                office += digits.text
                index = 8
            # 02-CTr/BDVTU-BCHQST-CAT-BCHBPT: a programme of several bodies names each
            while (
                (dash := self.token(index)) is not None
                and dash.text == "-"
                and (body := self.token(index + 1)) is not None
                and body.kind == "word"
                and _OFFICE.fullmatch(body.text)
            ):
                office += "-" + body.text.upper()
                index += 2
            self.expect_end(index)
        else:
            self.expect_end(5)
        return DocumentIdentifier(
            number=number,
            type_code=type_code,
            type_notation=notation,
            issuer_code=issuer_code,
            issuer_notation=issuer_notation,
            year=None,
            legislature=None,
            office=office,
            family="party",
            type_from_word=notation != TYPE_NOTATIONS[type_code] and not aliased,
        )

    def state(self, number: str) -> DocumentIdentifier:
        index = 2
        year: int | None = None
        part = self.token(index)
        if part is None:
            self.fail("identifier.nothing-after-slash")
        if part.kind == "num":
            after = self.token(index + 1)
            if after is None or after.text != "/":
                self.fail("identifier.no-slash-after-year", year=part.text)
            year = int(part.text)
            if len(part.text) != 4 or not YEAR_MIN <= year <= YEAR_MAX:
                self.fail(
                    "identifier.implausible-year", year=part.text, first=YEAR_MIN, last=YEAR_MAX
                )
            index += 2
            part = self.token(index)
            if part is None:
                self.fail("identifier.nothing-after-year", year=year)
        if part.kind != "word":
            self.fail("identifier.no-type-or-issuer", found=part.text)
        if part.text.casefold() in ("qh", "ubtvqh"):
            return self.national_assembly(number, year, index + 1, _issuer(part.text)[0])
        if _ascii(part.text).upper() in _JOINT_TYPES:
            return self.joint(number, year, part, index + 1)

        type_code = _TYPE_LOOKUP.get(part.text.casefold())
        notation = TYPE_NOTATIONS.get(type_code or "", "")
        second = self.token(index + 2)
        if (
            type_code is None
            and second is not None
            and second.text.casefold() in _ISSUER_LOOKUP
            and (type_code := self.unnamed_type(part)) is not None
        ):
            notation = part.text  # "Công điện số 252/CĐ-TTg" before CĐ was named
        dash = self.token(index + 1)
        if dash is None and (glued := self.glued(number, year, part)) is not None:
            return glued
        if dash is None and (alone := self.alone(number, year, part, type_code)) is not None:
            return alone
        if dash is None:
            if type_code is not None:
                self.fail("identifier.no-state-issuer")
            self.fail("identifier.no-dash", after=part.text)
        if dash.text != "-":
            self.fail("identifier.bad-dash", after=part.text, found=dash.text)
        if second is None or second.kind != "word":
            self.fail("identifier.nothing-after-dash")
        legislature = None
        after = self.token(index + 3)
        if (
            type_code is not None
            and after is not None
            and after.kind == "num"
            and _issuer(second.text)[0] in _LEGISLATURE_ISSUERS
        ):
            legislature = self.legislature_number(after)
            index += 1
        office = None
        # 2559/QĐ-UBND-VX, 10/KH-MTTQ-BTT: after the issuer, the office of it that drafted
        # the document (VX: văn xã; BTT: the Front's standing board), as a Công văn names
        # its office; written in capitals.
        sub_dash, sub_body = self.token(index + 3), self.token(index + 4)
        if (
            type_code not in (None, "CV")  # "…/CV-UBND" has no office; 123/UBND-VP does
            and legislature is None
            and sub_dash is not None
            and sub_dash.text == "-"
            and sub_body is not None
            and sub_body.kind == "word"
            and _OFFICE.fullmatch(sub_body.text)
        ):
            office = sub_body.text.upper()
            index += 2
            # 11/CT-BCA-V05: an office code may end in digits written straight on, as
            # in a Party symbol (22-CTr/ĐUCA-V28); not after a space.
            digits = self.token(index + 3)
            if (
                digits is not None
                and digits.kind == "num"
                and digits.start == sub_body.start + len(sub_body.text)
                and digits.text.isdigit()
            ):
                office += digits.text
                index += 1
        self.expect_end(index + 3)

        if type_code is not None:
            if type_code in _PARTY_ONLY_TYPES:
                self.fail("identifier.party-type-in-state", type=TYPE_NOTATIONS[type_code])
            issuer_code, issuer_notation = _issuer(second.text)
        else:
            # No type: a Công văn, "ISSUER-OFFICE". But when the second part is a known
            # issuer, the first was meant as a type and is wrong ("19/XX-UBND").
            if second.text.casefold() in _ISSUER_LOOKUP:
                self.fail("identifier.unknown-type", type=part.text)
            type_code = "CV"
            notation = TYPE_NOTATIONS["CV"]
            issuer_code, issuer_notation = _issuer(part.text)
            office = second.text.upper()
        return DocumentIdentifier(
            number=number,
            type_code=type_code,
            type_notation=notation,
            issuer_code=issuer_code,
            issuer_notation=issuer_notation,
            year=year,
            legislature=legislature,
            office=office,
            family="state",
            type_from_word=notation != TYPE_NOTATIONS[type_code],
        )

    def alone(
        self, number: str, year: int | None, part: _Token, type_code: str | None
    ) -> DocumentIdentifier | None:
        """A State symbol of one part after the number: a type only one body issued
        ("234/SL", the President's Sắc lệnh), or an issuer the vocabulary names, with no
        type and no office ("Nghị định số 566/TTg" of 1955, "số 1613/UBND"): the type is
        the word's before it, else a Công văn's. Any other lone word ("12/ABC") is none."""
        if type_code in _ISSUERLESS_TYPES:
            return DocumentIdentifier(
                number=number,
                type_code=type_code,
                type_notation=TYPE_NOTATIONS[type_code],
                issuer_code=_ISSUERLESS_TYPES[type_code],
                issuer_notation="",
                year=year,
                legislature=None,
                office=None,
                family="state",
            )
        if type_code is not None or part.text.casefold() not in _ISSUER_LOOKUP:
            return None
        issuer_code, issuer_notation = _issuer(part.text)
        word = self.word_code
        stated = word if word in WRITTEN_TYPES and word not in _PARTY_ONLY_TYPES else "CV"
        return DocumentIdentifier(
            number=number,
            type_code=stated,
            type_notation="",
            issuer_code=issuer_code,
            issuer_notation=issuer_notation,
            year=year,
            legislature=None,
            office=None,
            family="state",
            type_from_word=True,
        )

    def glued(self, number: str, year: int | None, part: _Token) -> DocumentIdentifier | None:
        """``1961/QĐUBND``, ``61/2018/NĐCP``: a State symbol whose dash a copy from a PDF
        lost. Read when the whole part is in capitals and splits into a type notation the
        vocabulary names (the longest: CTr before CT, TTr before TT) and an issuer of two
        letters or more; "…/Qđubnd" or "…/QĐi" is left alone."""
        written = part.text
        if written != written.upper() or not written.isalpha():
            return None
        folded = written.casefold()
        for length in range(len(written) - 2, 0, -1):
            type_code = _TYPE_LOOKUP.get(folded[:length])
            if type_code is None or type_code in _PARTY_ONLY_TYPES:
                continue
            issuer_code, issuer_notation = _issuer(written[length:])
            return DocumentIdentifier(
                number=number,
                type_code=type_code,
                type_notation=TYPE_NOTATIONS[type_code],
                issuer_code=issuer_code,
                issuer_notation=issuer_notation,
                year=year,
                legislature=None,
                office=None,
                family="state",
            )
        return None

    def joint(self, number: str, year: int | None, kind: _Token, index: int) -> DocumentIdentifier:
        """``TTLT-BTC-BNV``, ``NQLT/CP-UBTUMTTQVN``: a joint type, then two issuers or more."""
        separator = self.token(index)
        if separator is None or separator.kind != "sep":
            self.fail("identifier.no-joint-issuers", type=kind.text)
        issuers: list[str] = []
        while (issuer := self.token(index + 1)) is not None and issuer.kind == "word":
            issuers.append(issuer.text.upper())
            dash = self.token(index + 2)
            if dash is None or dash.text != "-":
                index += 2
                break
            index += 2
        if len(issuers) < 2:
            self.fail("identifier.no-joint-issuers", type=kind.text)
        self.expect_end(index)
        notation = "-".join(issuers)
        return DocumentIdentifier(
            number=number,
            type_code=_JOINT_TYPES[_ascii(kind.text).upper()],
            type_notation=kind.text.upper(),
            issuer_code=_ascii(notation),
            issuer_notation=notation,
            year=year,
            legislature=None,
            office=None,
            family="state",
            issuer_separator=separator.text,
        )

    def legislature_number(self, token: _Token) -> int:
        term = int(token.text)
        if not 1 <= term <= _MAX_LEGISLATURE:
            self.fail("identifier.implausible-legislature", legislature=token.text)
        return term

    def national_assembly(
        self, number: str, year: int | None, index: int, issuer: str = "QH"
    ) -> DocumentIdentifier:
        """``10/2022/QH15`` (the Quốc hội), ``629/2019/UBTVQH14`` (its Standing Committee,
        whose numbered resolutions are written the same way)."""
        legislature = self.token(index)
        if legislature is None or legislature.kind != "num":
            self.fail("identifier.no-legislature")
        term = self.legislature_number(legislature)
        if year is None:
            self.fail("identifier.assembly-needs-year")
        self.expect_end(index + 1)
        # Laws and NA resolutions share one number series; without a type word we say
        # Luật, the commoner citation. "Nghị quyết 43/2022/QH15" makes it NQQH. The
        # Standing Committee makes no law: its symbol of this shape is a resolution.
        type_code = "Luat" if issuer == "QH" else "NQQH"
        return DocumentIdentifier(
            number=number,
            type_code=type_code,
            type_notation=TYPE_NOTATIONS[type_code],
            issuer_code=issuer,
            issuer_notation=ISSUER_NOTATIONS[issuer],
            year=year,
            legislature=term,
            office=None,
            family="state",
        )


def _apply_type_word(ident: DocumentIdentifier, word_code: str | None) -> DocumentIdentifier | None:
    """Reconcile the type word before an identifier with its notation.

    Returns the (possibly refined) identifier, or None when they disagree.
    """
    if word_code is None or word_code == ident.type_code:
        return ident
    if ident.legislature is not None and word_code == "NQ":
        return replace(ident, type_code="NQQH", type_notation=TYPE_NOTATIONS["NQQH"])
    if ident.family == "party" and ident.type_code == "QD" and word_code == "QDi":
        # Until about 2018 the Party numbered its Quy định as "QĐ" (e.g. 47-QĐ/TW):
        # the word tells the type, the notation stays as the document writes it.
        return replace(ident, type_code="QDi")
    return None


_PREFIX = re.compile(
    rf"\s*(?:(?P<word>{_TYPE_WORD_PATTERN})\s+)?(?:so\b\s*:?\s*)?(?=[0-9])", re.IGNORECASE
)


def parse_identifier(text: str, *, type_code: str | None = None) -> DocumentIdentifier:
    """Parse one identifier, optionally preceded by a type word and "số".

    ``type_code`` is the type the document is known to be (a record's ``type``), which
    counts as a type word would: with it a notation the vocabulary does not name is read.

    Raises :class:`~danvan_kg.errors.IdentifierError` with a ``reason`` when ``text``
    is not exactly one identifier, and :class:`TypeError` when it is not a string (a
    programming error, not bad data).

    >>> parse_identifier("Nghị định số 30/2020/NĐ-CP").type_code
    'ND'
    >>> try:
    ...     parse_identifier("19-XX/TU")
    ... except IdentifierError as error:
    ...     print(error.reason)
    unknown document type 'XX'
    >>> parse_identifier("Công văn số 01-CB/TW").type_code
    'CV'
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_identifier() takes a str, not {type(text).__name__}")
    written = _unify_separators(normalise(text))
    folded = _fold(written)
    word_code = None
    word = ""
    start = 0
    if prefix := _PREFIX.match(folded):
        start = prefix.end()
        if prefix.group("word"):
            word = written[prefix.start("word") : prefix.end("word")]
            word_code = _TYPE_WORDS[" ".join(prefix.group("word").lower().split())]
    if type_code is not None and word_code is None:
        word_code = type_code
    tokens = [t for t in _tokens(written, folded) if t.start >= start]
    ident = _Parser(text, written, tokens, word_code).parse()
    result = _apply_type_word(ident, word_code)
    if result is None and not word:
        # The caller's type_code disagrees: the caller says so in its own words
        # (a record's "type" field), not as a type word of this text.
        result = ident
    if result is None:
        raise IdentifierError(
            "identifier.type-word-disagrees",
            text=text,
            word=word,
            means=word_code,
            type=ident.type_notation,
        )
    return result


_SP = r"[^\S\n]*"  # spaces as in "2559/ QĐ –UBND", but an identifier never spans lines
_JOINT_PATTERN = "|".join(sorted(_JOINT_TYPES, key=len, reverse=True))
_CANDIDATE = re.compile(
    rf"""
    (?<![0-9A-Za-z/-])
    [0-9]{{1,{_MAX_NUMBER_DIGITS}}}(?-i:[a-z])?
    (?:
        {_SP}-{_SP}[A-Za-z]+{_SP}/{_SP}(?:T\.U(?![A-Za-z])|[A-Za-z]+)
        # a second body or office after the issuer: "-VP", "-V28", " - BCA"
        (?P<psub>(?:{_SP}-{_SP}{_WORD}(?:[0-9]{{1,3}})?)+)?
        # a footnote's number glued to a committee, which never takes one: "26-NQ/TW1"
        (?P<footnote>(?<=TW|TU|HU|DU)[0-9]{{1,2}})?
      # a Party symbol with its dash or slash written otherwise ("21-KL-TW", "32/kl TW",
      # "26/NQ/TW", "26.NQ/TW"): read only with a committee as the issuer
      | (?:{_SP}-{_SP}|/{_SP}|\.)(?P<btype>[A-Za-z]{{1,4}})(?:{_SP}[-/]{_SP}|[^\S\n]+)
        (?P<bissuer>TW|TU|HU|DU)
      | {_SP}/{_SP}(?:[0-9]{{4}}{_SP}/{_SP})?
        (?:(?:UBTV)?QH{_SP}[0-9]{{1,2}}
          | (?:{_JOINT_PATTERN}){_SP}[-/]{_SP}[A-Za-z]+(?:{_SP}-{_SP}[A-Za-z]+)+
          | [A-Za-z]+{_SP}-{_SP}{_WORD}(?:QH[0-9]{{1,2}}|(?P<sub>-{_WORD}(?:[0-9]{{1,3}})?))?
          | [A-Za-z]{{3,}}  # a glued type and issuer ("1961/QĐUBND"): the parser decides
          | SL)  # a Sắc lệnh, whose symbol names no issuer ("234/SL")
      # a type in capitals glued to the number, the dash lost ("800QĐ/TTg"): the parser
      # reads it only when the type and the issuer are ones it names
      | (?-i:[A-Z][A-Za-z]{{0,3}}){_SP}/{_SP}[A-Za-z]+
    )
    (?![0-9A-Za-z/])
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Numbers listed before an identifier share its symbol: "Quyết định 217, 218-QĐ/TW",
# "Chỉ thị số 05 và 06-CT/TU". Matched backwards from the identifier's number.
_LISTED_BEFORE = re.compile(
    rf"(?:(?<![0-9A-Za-z/-])[0-9]{{1,{_MAX_NUMBER_DIGITS}}}{_SP}(?:,|;|va\b|and\b){_SP})+$",
    re.IGNORECASE,
)
# Capitals, then a lower-case word of two letters or more run on at the end of a
# candidate: "TWngày", "UBNDtỉnh" (a single lower-case letter is part of the code: TTg).
_GLUED_WORD = re.compile(r"[A-ZĐ]{2}([a-zđ\u00e0-\u1ef9]{2,})$")
_LISTED_NUMBER = re.compile(rf"[0-9]{{1,{_MAX_NUMBER_DIGITS}}}")
_WORD_BEFORE = re.compile(
    rf"(?:^|[^A-Za-z])(?P<word>{_TYPE_WORD_PATTERN})\s+(?:so\b\s*:?\s*)?$", re.IGNORECASE
)


# Vietnamese syllable onsets, longest first, in capitals.
_ONSET = "NGH|NG|NH|CH|TR|TH|KH|PH|GH|GI|QU|[BCDĐGHKLMNPQRSTVX]"
# An office run into the next word of a header whose line break was lost ("-VPĐOÀN TNCS"
# for "-VP" then "ĐOÀN TNCS"): an abbreviation of initials carries no vowel with a mark,
# so the office ends where the syllable holding the first such vowel begins.
_RUN_ON = re.compile(rf"(?P<office>[A-ZĐ]+?)(?:{_ONSET})?[AEIOUY]*[^\x00-\x7fĐ]")


def _office_run_on(word: str) -> str | None:
    """The office at the head of ``word`` when the next word is glued to it, else None.

    >>> _office_run_on("VPĐOÀN"), _office_run_on("VPTHÔNG"), _office_run_on("VP")
    ('VP', 'VP', None)
    """
    if word != word.upper() or _OFFICE.fullmatch(word):
        return None
    match = _RUN_ON.match(word)
    return match.group("office") if match else None


def _nfc_with_origin(text: str) -> tuple[str, list[int]]:
    """NFC of ``text`` and, for each of its characters (plus the end), the index in ``text``.

    Spans must point into the caller's string, which may be NFD.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        pieces.append(piece)
        origin.extend([i] * len(piece))
        i = j
    origin.append(len(text))
    return "".join(pieces), origin


def find_identifiers(text: str) -> list[tuple[int, int, DocumentIdentifier]]:
    """Every identifier in running text, as ``(start, end, identifier)``.

    Offsets index ``text`` itself (NFD input included), so ``text[start:end]`` is the
    identifier as written, without the "số" or type word before it. A type word
    right before it refines the type (``Nghị quyết 43/2022/QH15``) and is ignored when
    it contradicts the notation: news text is messy. Candidates written all in lower
    case are skipped, since in prose "50/ha-năm" is no Công văn.

    >>> s = "theo Kết luận số 01-KL/TW ngày 18/5/2021"
    >>> [(s[a:b], str(i)) for a, b, i in find_identifiers(s)]
    [('01-KL/TW', '01-KL/TW')]

    Numbers listed before an identifier share its symbol (the span is the number alone):

    >>> s = "Quyết định 217, 218-QĐ/TW của Bộ Chính trị"
    >>> [(s[a:b], str(i)) for a, b, i in find_identifiers(s)]
    [('217', '217-QĐ/TW'), ('218-QĐ/TW', '218-QĐ/TW')]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_identifiers() takes a str, not {type(text).__name__}")
    nfc, origin = _nfc_with_origin(text)
    written = _unify_separators(nfc)
    folded = _fold(written)
    found: list[tuple[int, int, DocumentIdentifier]] = []
    for match in _CANDIDATE.finditer(folded):
        start, end = match.span()
        candidate = written[start:end]
        if candidate == candidate.lower():
            continue
        if match.group("footnote"):
            end = match.start("footnote")
            candidate = written[start:end]
        if glued := _GLUED_WORD.search(candidate):
            # "70-TB/TWngày": the next word run on; the identifier ends with the capitals.
            end = start + glued.start(1)
            candidate = written[start:end]
        listed = _LISTED_BEFORE.search(folded, max(0, start - 80), start)
        # Only a type word makes a list ("Quyết định 217, 218-QĐ/TW"); "năm 2020, 19-CT/TU"
        # is a year before an identifier.
        if listed and not _WORD_BEFORE.search(folded, max(0, listed.start() - 40), listed.start()):
            listed = None
        head = listed.start() if listed else start
        before = _WORD_BEFORE.search(folded, max(0, head - 40), head)
        word_code = None
        if before is not None:
            word_code = _TYPE_WORDS[" ".join(before.group("word").lower().split())]
        if match.group("btype"):
            # parsed as the symbol it stands for; the span stays the text as written
            number = candidate[: match.start("btype") - start].rstrip(" -/.")
            type_notation = written[match.start("btype") : match.end("btype")].upper()
            candidate = f"{number}-{type_notation}/{written[match.start('bissuer') : end]}"
        try:
            tokens = _tokens(candidate, _fold(candidate))
            ident = _Parser(candidate, candidate, tokens, word_code).parse()
        except IdentifierError:
            sub = "sub" if match.group("sub") is not None else "psub"
            if match.group(sub) is None:
                continue  # e.g. "19-XX/TU": shaped like an identifier, but not one
            # "…/KH-UBND-xyz" where the last part is no drafting body: the identifier
            # ends before it, or inside it when the office runs into the next word.
            ends = [match.start(sub)]
            if office := _office_run_on(written[match.start(sub) + 1 : end]):
                ends.insert(0, match.start(sub) + 1 + len(office))
            for end in ends:
                candidate = written[start:end]
                try:
                    tokens = _tokens(candidate, folded[start:end])
                    ident = _Parser(candidate, candidate, tokens, word_code).parse()
                    break
                except IdentifierError:
                    continue
            else:
                continue
        if word_code is not None:
            refined = _apply_type_word(ident, word_code)
            if refined is not None:
                ident = refined
        if listed is not None:
            for number in _LISTED_NUMBER.finditer(folded, listed.start(), listed.end()):
                if int(number.group()) > 0:
                    sibling = replace(ident, number=number.group())
                    found.append((origin[number.start()], origin[number.end()], sibling))
        found.append((origin[start], origin[end], ident))
    return found
