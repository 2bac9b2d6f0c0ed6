"""Identifiers as real articles write them (issue 13): TƯ, Pháp lệnh and the Standing
Committee's legislature, Party documents written State-style, unknown issuers, lists."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from danvan_kg.errors import RecordError
from danvan_kg.gazetteer import Gazetteer, unit_resolver
from danvan_kg.identifiers import find_identifiers, parse_identifier
from danvan_kg.records import RecordFile, convert, parse_record_text

HEADER = "format: danvan-record/1\nsource: {key: test-source, kind: article, title: Thử}\n"
DV = "https://w3id.org/danvan/ontology#"


def convert_text(text: str) -> list[ox.Quad]:
    files = [RecordFile("test.yaml", parse_record_text(HEADER + text, file="test.yaml"))]
    return convert(files, resolve_unit=unit_resolver(Gazetteer.load())).quads


def test_trung_uong_written_tu_with_a_horn_is_tw_not_tu() -> None:
    ident = parse_identifier("25-NQ/TƯ")
    assert (ident.issuer_code, ident.canonical()) == ("TW", "25-NQ/TW")
    assert parse_identifier("25-NQ/TƯ") == parse_identifier("25-NQ/TW")


def test_tu_with_a_horn_joins_the_central_document() -> None:
    body = (
        "organisations:\n  - {key: bch-tw, name: Ban Chấp hành Trung ương, kind: central-committee,"
        " level: central}\n"
        "documents:\n  - {key: nq-25-a, identifier: 25-NQ/TW, issuer: bch-tw, date: 2013-06-03}\n"
        "  - {key: nq-25-b, identifier: 25-NQ/TƯ, issuer: bch-tw, date: 2013-06-03}\n"
    )
    # Both records name one document: under two keys, the second is refused as the first.
    with pytest.raises(RecordError) as caught:
        convert_text(body)
    assert caught.value.code == "record.document-known-as"
    assert "'nq-25-a'" in caught.value.message("en")
    assert "/document/bch-tw/nq-25-2013" in caught.value.message("en")
    quads = convert_text(body.replace("nq-25-b", "nq-25-a"))  # one key: one node
    codes = {q.object.value for q in quads if q.predicate.value == DV + "issuerCode"}
    assert codes == {"TW"}


@pytest.mark.parametrize(
    ("text", "type_code", "issuer", "legislature", "year"),
    [
        ("34/2007/PL-UBTVQH11", "PL", "UBTVQH", 11, 2007),
        ("Pháp lệnh số 34/2007/PL-UBTVQH11", "PL", "UBTVQH", 11, 2007),
        ("55/1998/NQ-UBTVQH10", "NQ", "UBTVQH", 10, 1998),
    ],
)
def test_the_standing_committee_writes_its_legislature(
    text: str, type_code: str, issuer: str, legislature: int, year: int
) -> None:
    ident = parse_identifier(text)
    assert (ident.type_code, ident.issuer_code, ident.legislature, ident.year) == (
        type_code,
        issuer,
        legislature,
        year,
    )
    assert ident.canonical() == text.removeprefix("Pháp lệnh số ")
    assert parse_identifier(ident.canonical()) == ident


def test_an_implausible_standing_committee_legislature_is_refused() -> None:
    with pytest.raises(ValueError, match="implausible legislature QH99"):
        parse_identifier("34/2007/PL-UBTVQH99")


def test_an_ordinance_converts_with_its_type() -> None:
    body = (
        "organisations:\n  - {key: ubtvqh, name: Ủy ban Thường vụ Quốc hội,"
        " kind: national-assembly, level: central}\n"
        "documents:\n  - {key: pl-34, identifier: 34/2007/PL-UBTVQH11, issuer: ubtvqh,"
        " date: 2007-04-20}\n"
    )
    quads = convert_text(body)
    types = {q.object.value for q in quads if q.predicate.value == DV + "documentType"}
    assert types == {"https://w3id.org/danvan/vocab/doctype/PL"}


def test_a_party_document_written_state_style_suggests_the_party_form() -> None:
    written = parse_identifier("49/NQ-TU")
    assert written.family == "state"
    assert str(written.party_form()) == "49-NQ/TU"
    assert written.party_form() == parse_identifier("49-NQ/TU")
    assert parse_identifier("2559/QĐ-UBND").party_form() is None
    assert parse_identifier("30/2020/NĐ-CP").party_form() is None


@pytest.mark.parametrize(
    ("text", "known"),
    [("171-CV/BTG", False), ("49-NQ/UT", False), ("19-CT/TU", True), ("01-HD/BDVTW", True)],
)
def test_unknown_issuer_codes_are_told_apart(text: str, known: bool) -> None:
    assert parse_identifier(text).issuer_known is known


def test_a_list_sharing_one_symbol_gives_every_document() -> None:
    text = "thực hiện Quyết định 217, 218-QĐ/TW của Bộ Chính trị"
    found = [(text[a:b], str(ident)) for a, b, ident in find_identifiers(text)]
    assert found == [("217", "217-QĐ/TW"), ("218-QĐ/TW", "218-QĐ/TW")]
    text = "Chỉ thị số 05 và 06-CT/TU"
    assert [str(i) for _, _, i in find_identifiers(text)] == ["05-CT/TU", "06-CT/TU"]


def test_a_year_before_an_identifier_is_not_a_list() -> None:
    text = "Trong năm 2020, 19-CT/TU được triển khai"
    assert [str(i) for _, _, i in find_identifiers(text)] == ["19-CT/TU"]


def test_finder_reads_the_standing_committee_legislature() -> None:
    text = "theo Pháp lệnh 34/2007/PL-UBTVQH11 và Nghị quyết 55/1998/NQ-UBTVQH10"
    assert [str(i) for _, _, i in find_identifiers(text)] == [
        "34/2007/PL-UBTVQH11",
        "55/1998/NQ-UBTVQH10",
    ]


def test_a_state_style_party_symbol_is_matched_to_the_party_form() -> None:
    # Issue 13: 49/NQ-TU is 49-NQ/TU written State-style; both name one document, so a
    # second key for it is refused with the first named (and shapes warn on the form).
    body = (
        "organisations:\n  - {key: tinh-uy-x, name: Tỉnh ủy Hà Nam, kind: party-committee,"
        " level: province}\n"
        "documents:\n  - {key: nq-49-a, identifier: 49-NQ/TU, issuer: tinh-uy-x, year: 2020}\n"
        "  - {key: nq-49-b, identifier: 49/NQ-TU, issuer: tinh-uy-x, year: 2020}\n"
    )
    with pytest.raises(RecordError) as caught:
        convert_text(body)
    assert caught.value.code == "record.document-known-as"
    assert "'nq-49-a'" in caught.value.message("en")
