"""`danvan extract`: each pipeline stage on small texts, the CLI, hostile files, evaluation.

The texts here are short phrases written for the test (no article is copied); tests on the
real articles are in test_extract_seed.py and read them from ../shared/corpus.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml

from danvan_kg.cli import main
from danvan_kg.errors import IdentifierError
from danvan_kg.extract import Metadata, clean, clean_with_metadata, extract
from danvan_kg.extract.batch import MAX_BYTES, ExtractError, extract_paths, read_article
from danvan_kg.extract.evaluate import GOLD_FORMAT, evaluate, mention_key, place_spans, text_hash
from danvan_kg.extract.find.counts import find_figures, find_models
from danvan_kg.extract.find.dates import find_dates
from danvan_kg.extract.find.documents import find_documents
from danvan_kg.extract.find.people import find_people
from danvan_kg.extract.resolve import resolve_short_forms
from danvan_kg.identifiers import parse_identifier

from .conftest import CORPUS

# The third to twenty-first held-out sets (tests/gold/ext-*.yaml, ext4-*.yaml … ext21-*.yaml):
# articles kept beside the repository, as the shared corpus is, and absent on CI.
HELDOUT = CORPUS.parents[1]  # the held-out sets: heldout3 … heldout21, beside it


def values(mentions: list, field: str) -> list:
    return [m.value.get(field) for m in mentions]


# --- clean ---------------------------------------------------------------------------


def test_clean_drops_markup_scripts_and_furniture() -> None:
    raw = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<nav>Trang chủ</nav><p>Ngày 12/01/2024 &amp; <b>Huyện ủy</b></p>"
        "<script>alert('x')</script><p>25.jpg</p><p>Bình luận</p></body></html>"
    )
    assert clean(raw) == "Ngày 12/01/2024 & Huyện ủy"  # "Trang chủ" is a menu line


def test_clean_reads_meta_tags() -> None:
    raw = (
        '<html><head><meta property="og:title" content="Tổng kết">'
        '<meta property="article:published_time" content="2020-10-09T09:25:00+07:00">'
        '<meta property="og:site_name" content="Báo X"><link rel="canonical" href="https://x.vn/a">'
        "</head><body><p>a</p></body></html>"
    )
    _, meta = clean_with_metadata(raw)
    assert (meta.title, meta.published, meta.publisher, meta.url) == (
        "Tổng kết", "2020-10-09", "Báo X", "https://x.vn/a",
    )  # fmt: skip


def test_broken_html_still_gives_text() -> None:
    assert clean("<div><p>Chỉ thị số 19-CT/TU<div><b>khóa XI") == "Chỉ thị số 19-CT/TU\nkhóa XI"


def test_nfd_and_old_tone_marks_give_the_same_mentions() -> None:
    text = "đồng chí Nguyễn Thị Hoà, Bí thư Huyện ủy; khoá XI; Chỉ thị số 19-CT/TU ngày 16/10/2013"
    variants = [text, unicodedata.normalize("NFD", text), text.replace("Hoà,", "Hòa,")]
    results = [
        [(m.kind, m.text, m.value.get("iso")) for m in extract(v).mentions] for v in variants
    ]
    assert results[0] == results[1] == results[2]
    assert ("person", "Nguyễn Thị Hòa", None) in results[0]


# --- finders -------------------------------------------------------------------------


def test_dates_of_every_shape() -> None:
    text = (
        "ngày 12/01/2024; sáng ngày 29/11; 08-10/2020; giai đoạn 2021-2023; "
        "6 tháng đầu năm 2014; tháng 11/2020; quý II năm 2016; 16 – 17/8/2022"
    )
    found = find_dates(text, published="2023-12-05")
    assert values(found, "iso") == [
        "2024-01-12", "2023-11-29", "2020-10-08", "2021/2023", "2014-01/2014-06", "2020-11",
        "2016-04/2016-06", "2022-08-16/2022-08-17",
    ]  # fmt: skip
    assert [m.value.get("year_inferred") for m in found[:2]] == [False, True]


def test_a_date_without_year_is_never_given_a_later_one() -> None:
    (date,) = find_dates("Ngày 29/12, hội nghị", published="2024-01-05")
    assert date.value["iso"] == "2023-12-29"
    (alone,) = find_dates("Ngày 29/12, hội nghị")
    assert (alone.value["iso"], alone.resolved) == ("--12-29", False)


def test_documents_with_type_word_date_issuer_and_term() -> None:
    text = "Nghị quyết số 01-NQ/TU, ngày 10/5/2021 của Ban Chấp hành Đảng bộ tỉnh khóa XI"
    (doc,) = find_documents(text)
    assert (doc.value["identifier"], doc.value["date"], doc.value["term"]) == (
        "01-NQ/TU", "2021-05-10", "XI",
    )  # fmt: skip
    assert doc.value["issuer_text"].startswith("Ban Chấp hành")


def test_lists_and_short_references_resolve_to_the_full_mention() -> None:
    text = "Quyết định 217, 218-QĐ/TW; thực hiện Quyết định số 217 và 218; Chỉ thị 19"
    found = resolve_short_forms(find_documents(text))
    assert [(m.text, m.value.get("identifier"), m.resolved) for m in found] == [
        ("217", "217-QĐ/TW", True),
        ("218-QĐ/TW", "218-QĐ/TW", True),
        ("Quyết định số 217", "217-QĐ/TW", True),
        ("218", "218-QĐ/TW", True),
        ("Chỉ thị 19", None, False),  # nothing in the article says which: not guessed
    ]


def test_people_with_posts_in_both_orders_and_lists() -> None:
    text = (
        "có các đồng chí Tống Văn An, Phó trưởng Ban Dân vận Thành ủy; Nguyễn Văn Bình, "
        "Chủ tịch UBND huyện. Phó Bí thư thường trực Huyện ủy Lê Thanh Cường chủ trì; "
        "Ông Võ Ngọc Dũng Phó Bí thư Thường trực Huyện ủy tặng hoa; đồng chí Trần Thị Em dự."
    )
    found = find_people(text)
    assert [(m.value["name"], m.value["role"]) for m in found] == [
        ("Tống Văn An", "deputy-head"),
        ("Nguyễn Văn Bình", "chair"),
        ("Lê Thanh Cường", "standing-deputy-secretary"),
        ("Võ Ngọc Dũng", "standing-deputy-secretary"),
        ("Trần Thị Em", None),  # a person with no post keeps none
    ]


def test_units_resolve_with_the_article_province() -> None:
    result = extract("Huyện ủy Quảng Ninh, tỉnh Quảng Bình; xã Hải Ninh")
    units = {m.text: m.value for m in result.of_kind("unit")}
    assert units["Quảng Ninh"]["province"] == "Quảng Bình"  # not the province Quảng Ninh
    assert units["tỉnh Quảng Bình"]["level"] == "province"


def test_namesakes_told_apart_by_kind_and_district() -> None:
    units = extract("thị xã Sơn Tây; huyện Đại Từ, xã Phú Xuyên").of_kind("unit")
    assert [(m.value["name"], m.value.get("province")) for m in units] == [
        ("Sơn Tây", "Hà Nội"),  # the thị xã, not Huyện Sơn Tây of Quảng Ngãi
        ("Đại Từ", "Thái Nguyên"),
        ("Phú Xuyên", "Thái Nguyên"),  # the xã of Đại Từ, not the thị trấn near Hà Nội
    ]
    assert units[2].value["district"] == "Đại Từ"


def test_a_unit_the_gazetteer_does_not_know_is_kept_unresolved() -> None:
    (unit,) = extract("tại xã Không Có Thật").of_kind("unit")
    assert (unit.resolved, unit.value["name"], unit.value["unresolved"]) == (
        False, "Không Có Thật", "unknown",
    )  # fmt: skip


def test_figures_with_breakdown_and_models() -> None:
    result = extract(
        "Có 179 mô hình được công nhận, trong đó 109 mô hình tập thể, 70 mô hình cá nhân; "
        "mô hình “Camera an ninh” và “Nồi cơm tình thương”; phong trào “Dân vận khéo”."
    )
    figures = [(m.value["number"], m.value.get("breakdown_of")) for m in result.of_kind("figure")]
    assert figures == [(179, None), (109, 179), (70, 179)]
    assert values(result.of_kind("model"), "name") == ["Camera an ninh", "Nồi cơm tình thương"]


# --- rules added after held-out 3 (phrases written for the test) ---------------------


def _people(text: str) -> list[tuple[str, str | None]]:
    return [(m.value["name"], m.value["role"]) for m in find_people(text)]


def test_people_sharing_one_post_before_a_colon_or_after_the_last_name() -> None:
    assert _people("Chủ trì có các đồng chí Phó Trưởng Ban Dân vận Tỉnh ủy: Lê Văn An, "
                   "Trần Thị Bình và Đỗ Minh Châu.") == [
        ("Lê Văn An", "deputy-head"), ("Trần Thị Bình", "deputy-head"),
        ("Đỗ Minh Châu", "deputy-head"),
    ]  # fmt: skip
    assert _people("Dự có các đồng chí Lê Văn An, Trần Thị Bình - Phó Chủ tịch UBND tỉnh.") == [
        ("Lê Văn An", "vice-chair"), ("Trần Thị Bình", "vice-chair"),
    ]  # fmt: skip
    # a single name without post stays without one
    assert _people("đồng chí Lê Văn An, Bí thư Huyện ủy; đồng chí Lê Văn An nhấn mạnh") == [
        ("Lê Văn An", "secretary"), ("Lê Văn An", None),
    ]  # fmt: skip


def test_people_posts_before_names_abbreviations_and_place_run_ons() -> None:
    assert _people("Thủ tướng Chính phủ Nguyễn Văn An dự") == [("Nguyễn Văn An", "head")]
    assert _people("đồng chí Lê Thị Bình, TVTU, Trưởng Ban Tuyên giáo Tỉnh ủy") == [
        ("Lê Thị Bình", "standing-committee-member"),
    ]  # fmt: skip
    # each takes the post written just before the name, not the next person's
    assert _people("có Phó Chủ tịch UBND tỉnh Lê Văn An, Trưởng Ban Dân vận Tỉnh ủy "
                   "Trần Thị Bình và lãnh đạo huyện.") == [
        ("Lê Văn An", "vice-chair"), ("Trần Thị Bình", "head"),
    ]  # fmt: skip
    # a province run on to the name: five capitalised words hold a place and a name
    assert _people("Phó Trưởng đoàn ĐBQH Quảng Trị Hoàng Văn Cường phát biểu") == [
        ("Hoàng Văn Cường", "deputy-head"),
    ]  # fmt: skip
    assert _people("tư tưởng dân vận của Chủ tịch Hồ Chí Minh") == []


def test_dates_after_sang_nay_and_years_from_anniversaries() -> None:
    (date,) = find_dates("Sáng nay (12-9), đoàn công tác làm việc tại xã")
    assert (date.text, date.value["iso"]) == ("12-9", "--09-12")
    dates = find_dates(
        "Ngày 5/12, Huyện ủy tổng kết 10 năm thực hiện Chỉ thị số 07-CT/TU "
        "ngày 2/3/2012 của Ban Thường vụ; 5 năm thực hiện Kết luận năm 2020."
    )
    assert (dates[0].value["iso"], dates[0].value["year_basis"]) == (
        "2022-12-05", "anniversary in the sentence",
    )  # fmt: skip
    # the end of the period reviewed, not N years after its start
    dates = find_dates("Sáng ngày 9/11 tổng kết 5 năm phong trào giai đoạn 2016 – 2020 và giai "
                       "đoạn tới (2020 – 2025).")  # fmt: skip
    assert dates[0].value["iso"] == "2020-11-09"


def test_figures_of_any_noun_but_not_ranks_names_or_durations() -> None:
    figures = [(m.value["number"], m.value["counted"]) for m in extract(
        "Kết nối 45 điểm cầu; đóng góp 12 nghìn ngày công, làm 1.500 tuyến đường, 7/9 huyện "
        "đạt; tổng kết 10 năm, đạt 90%, giải 3 thuộc đội Tổ 5; mô hình “Khu dân cư 4 không”."
    ).of_kind("figure")]  # fmt: skip
    assert figures == [
        (45, "điểm"), (12, "ngày công"), (1500, "tuyến"), (7, "huyện"),
    ]  # fmt: skip


def test_identifiers_typed_with_the_icelandic_eth() -> None:
    (mention,) = find_documents("theo Quy định số 08-Q\u00d0i/TW của Bộ Chính trị")
    assert mention.value["identifier"] == "08-QĐi/TW"


def test_events_and_awards_take_their_sentence() -> None:
    result = extract(
        "Ngày 07/9/2020, tại huyện Chợ Đồn, UBND huyện tổ chức hội nghị tổng kết "
        "Đề án số 06-ĐA/TU giai đoạn 2018-2020. "
        "Tặng Giấy khen cho 15 tập thể, 09 cá nhân theo Quyết định số 2559/QĐ-UBND."
    )
    (event,) = result.of_kind("event")
    assert (event.value["date"], event.value["documents"], event.value["period"]) == (
        "2020-09-07", ["06-ĐA/TU"], "2018/2020",
    )  # fmt: skip
    assert (event.value["organiser"], event.value["place"]) == ("UBND huyện", "Chợ Đồn")
    (drafted,) = result.record["events"]
    assert drafted["place"] == "cho-don" and drafted["organiser"] == "ubnd-huyen"
    award = result.of_kind("award")[0]
    assert (award.value["collectives"], award.value["individuals"], award.value["decision"]) == (
        15, 9, "2559/QĐ-UBND",
    )  # fmt: skip


# --- rules added after held-out 4 (phrases written for the test) ---------------------


def test_people_posts_shared_after_cac_abbreviated_or_given_by_a_verb() -> None:
    # a list under one post with no title word: "các" says several hold it
    assert _people("có các đồng chí: Lê Văn An, Bí thư Tỉnh ủy; các Phó Chủ tịch UBND "
                   "tỉnh: Trần Thị Bình, Đỗ Minh Châu cùng 300 đại biểu.") == [
        ("Lê Văn An", "secretary"), ("Trần Thị Bình", "vice-chair"),
        ("Đỗ Minh Châu", "vice-chair"),
    ]  # fmt: skip
    # "trưởng" in lower case after "Phó"; an abbreviation in capitals before the name
    assert _people("do Phó trưởng Ban Dân vận TƯ Nguyễn Văn An trình bày") == [
        ("Nguyễn Văn An", "deputy-head"),
    ]  # fmt: skip
    # … but a place and a name run on after it are still told apart
    assert _people("Phó Trưởng đoàn ĐBQH Hà Tĩnh Trần Văn Bình phát biểu") == [
        ("Trần Văn Bình", "deputy-head"),
    ]  # fmt: skip
    assert _people("ông Lê Văn An – PBT Đảng ủy, Chủ tịch MTTQ xã; đồng chí Trần Thị Bình"
                   " - UV.BTVHU, Chủ tịch UB.MTTQVN huyện.") == [
        ("Lê Văn An", "deputy-secretary"), ("Trần Thị Bình", "standing-committee-member"),
    ]  # fmt: skip
    assert _people("Ông Lê Văn An giữ chức danh Chủ tịch Ủy ban MTTQ huyện") == [
        ("Lê Văn An", "chair"),
    ]  # fmt: skip


def test_figures_of_posts_quoted_numbers_not_counters_or_labels() -> None:
    figures = [(m.value["number"], m.value["counted"]) for m in extract(
        "Biểu dương 120 Chủ tịch MTTQ cấp xã và 80 Trưởng ban Công tác Mặt trận; hiệp thương "
        "bổ sung 3 Ủy viên. Mỗi đảng viên đóng vai trò “1” chủ động, giúp “5” hộ.\n215 lượt xem\n"
        "Thành lập 2 đoàn công tác, đoàn 1 do đồng chí Lê Văn An làm trưởng đoàn."
    ).of_kind("figure")]  # fmt: skip
    assert figures == [
        (120, "Chủ tịch"), (80, "Trưởng ban"), (3, "Ủy viên"), (5, "hộ"), (2, "đoàn"),
    ]  # fmt: skip


def test_a_model_named_after_the_movement_with_a_number() -> None:
    found = extract(
        'Mô hình "Dân vận khéo 2+5" giúp nhiều hộ; phong trào “Dân vận khéo '
        "năm 2024” và mô hình “Dân vận khéo trong xây dựng nông thôn mới”."
    )
    assert [m.value["name"] for m in found.of_kind("model")] == ["Dân vận khéo 2+5"]


def test_a_misspelt_type_word_still_names_a_document() -> None:
    documents = resolve_short_forms(find_documents(
        "3 năm thực hiện Chỉ chị 05. Chỉ thị số 05-CT/TW ngày 15.5.2016 của Bộ Chính trị"
    ))  # fmt: skip
    assert [(m.text, m.value["identifier"]) for m in documents] == [
        ("Chỉ chị 05", "05-CT/TW"), ("05-CT/TW", "05-CT/TW"),
    ]  # fmt: skip


def test_dates_with_a_dot_after_hom_qua_and_years_of_terms_and_anniversaries() -> None:
    # no year near "12.5": the anniversary the next sentence states gives it
    (date, _) = find_dates("Hôm qua 12.5, UBND tỉnh khen thưởng. Đây là kết quả 05 năm thực "
                           "hiện Chỉ thị ngày 15.5.2016.")  # fmt: skip
    assert (date.text, date.value["iso"], date.value["year_basis"]) == (
        "12.5", "2021-05-12", "anniversary in the article",
    )  # fmt: skip
    # a term's last year is when it ends: the congress that opens it is in its first
    date = find_dates("Ngày 20/11, quán triệt Nghị quyết Đại hội lần thứ X, nhiệm kỳ 2024-2029.")
    assert date[0].value["iso"] == "2024-11-20"
    assert [m.text for m in find_dates("có 12.5 triệu đồng")] == []


def test_organisations_in_lower_case_abbreviated_military_and_standing_boards() -> None:
    from danvan_kg.extract.find.places import find_organisations

    found = find_organisations(
        "“Mẹ đỡ đầu” của Hội Liên hiệp phụ nữ huyện; đại diện Hội đồng TĐ-KT huyện, phóng "
        "viên Trung tâm VH-TT và TT-TH huyện; Ban Chỉ huy Quân sự huyện; các đồng chí TT "
        "HĐND, lãnh đạo UBND huyện."
    )
    assert [(m.text, m.value["kind"]) for m in found] == [
        ("Hội Liên hiệp phụ nữ huyện", "mass-association"),
        ("Hội đồng TĐ-KT huyện", "emulation-council"),
        ("Trung tâm VH-TT và TT-TH huyện", "media"),
        ("Ban Chỉ huy Quân sự huyện", "military"),
        ("TT HĐND", "peoples-council"),
        ("UBND huyện", "peoples-committee"),
    ]
    assert found[1].value["name"] == "Hội đồng Thi đua - Khen thưởng huyện"
    assert found[4].value["board"] == "standing" and "board" not in found[5].value


def test_a_document_named_at_a_paragraph_end_does_not_take_the_next_date() -> None:
    text = ("Đoàn làm việc về kết quả thực hiện Nghị quyết 01\n\nNgày 19/8/2022, Ban Dân vận "
            "Huyện ủy tổ chức hội nghị sơ kết công tác dân vận.")  # fmt: skip
    (event,) = extract(text).of_kind("event")
    assert event.value["date"] == "2022-08-19"
    # on one line the date is still the resolution's
    (event,) = extract(text.replace("\n\nNgày", ", ngày")).of_kind("event")
    assert "date" not in event.value


# --- rules written after held-out 5 ---------------------------------------------------


def test_a_space_for_the_dash_and_a_programme_of_action_name_documents() -> None:
    documents = resolve_short_forms(find_documents(
        "Triển khai Quyết định 217 QĐ/TW, 218 QĐ/ TW của Bộ Chính trị và Chương trình hành "
        "động số 07 của Ủy ban; họp ngày 12 QĐ/TW không có."
    ))  # fmt: skip
    assert [(m.text, m.value.get("identifier") or m.value["type"]) for m in documents] == [
        ("217 QĐ/TW", "217-QĐ/TW"), ("218 QĐ/ TW", "218-QĐ/TW"),
        ("Chương trình hành động số 07", "CTr"), ("12 QĐ/TW", "12-QĐ/TW"),
    ]  # fmt: skip
    # a number that is part of a date or a longer number takes no dash
    assert find_documents("năm 2013 QĐ/TW; số 1.217 QĐ/TW") == []


def test_a_date_without_year_comes_after_the_documents_the_article_cites() -> None:
    (day, issued) = find_dates(
        "Ngày 12/1, Ban Dân vận quán triệt Kết luận 57. Ngày 3/11/2009, Bộ Chính trị đã ra "
        "Kết luận 57."
    )  # fmt: skip
    assert (day.value["iso"], day.value["year_basis"]) == (
        "2010-01-12", "after the latest document the article cites",
    )  # fmt: skip
    assert issued.value["iso"] == "2009-11-03"
    # a document's date ("… số 111-KL/TU ngày 14/8/2017") bounds it the same way
    (day, *_) = find_dates("Ngày 6/8, Tỉnh ủy ban hành Chỉ thị số 17. Thực hiện Kết luận số "
                           "111-KL/TU ngày 14/8/2017, Kế hoạch ngày 30/11/2016.")  # fmt: skip
    assert day.value["iso"] == "2018-08-06"
    # a date that is no document's (a deadline) bounds nothing
    (day, *_) = find_dates("Ngày 6/8, Huyện ủy họp. Hoàn thành trước 14/8/2017.")
    assert day.value["iso"] == "2017-08-06"


def test_a_deputy_head_written_pho_ban() -> None:
    people = find_people("Dự có đồng chí Trần Văn An – Phó Ban Dân vận Quận ủy; Phó Ban Dân "
                         "vận Huyện ủy Lê Thị Bình phát biểu.")  # fmt: skip
    assert [(m.value["name"], m.value["role"]) for m in people] == [
        ("Trần Văn An", "deputy-head"), ("Lê Thị Bình", "deputy-head"),
    ]  # fmt: skip


def test_figures_of_documents_quoted_models_and_after_an_abbreviation() -> None:
    figures = [(m.value["number"], m.value["counted"]) for m in extract(
        "Hội nghị triển khai 2 Quyết định của Bộ Chính trị. Chủ tịch UBMTTQVN 13 phường dự. "
        "Bảy chi hội làm 18 “Vườn hộ”; giải 3 “Đội Bắc Hồng”; bản Mốc 13 nằm ở biên giới.\n"
        "Lượt xem: 27\n“Vườn hộ” ở phường."
    ).of_kind("figure")]  # fmt: skip
    assert figures == [(2, "Quyết định"), (13, "phường"), (18, "Vườn hộ")]


def test_quoted_names_of_pages_clubs_and_terms_are_no_models() -> None:
    found = extract(
        "Nhiều mô hình mới như thành lập trang Facebook “Dân vận Quận Ba” và trang Fanpage "
        "“Vì quận xanh”; mô hình “Hàng rào xanh”, câu lạc bộ “Dân vũ thể thao”; mô hình câu "
        "lạc bộ “Gia đình hạnh phúc”; mô hình cải cách hành chính “một cửa ” tại xã."
    )
    assert [m.value["name"] for m in found.of_kind("model")] == [
        "Hàng rào xanh", "Gia đình hạnh phúc",
    ]  # fmt: skip


def test_a_person_named_twice_without_a_post_in_an_event_paragraph_drafts() -> None:
    # Held-out 4, articles 004 and 015: the second mention used to end in a KeyError.
    result = extract(
        "Sáng 11/01/2022, Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết. Đến dự có ông Lê "
        "Văn An. Ông Lê Văn An phát biểu tại hội nghị."
    )
    [event] = result.record["events"]
    # One participant, who spoke (the second mention), with no post to state.
    assert event["participants"] == [{"person": "le-van-an", "role": "speaker"}]


def test_every_span_points_into_the_cleaned_text() -> None:
    result = extract("<p>Ngày 12/01/2024, đồng chí Lê Văn An, Bí thư Huyện ủy Thanh Liêm.</p>")
    assert result.mentions
    for mention in result.mentions:
        assert result.article.text[mention.start : mention.end] == mention.text


# --- files, folders, hostile input, CLI ----------------------------------------------


def test_hostile_files_give_one_error_each(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 50 MB on paper, nothing read
        handle.truncate(50_000_000)
    (tmp_path / "latin.txt").write_bytes("Ch\xe9".encode("latin-1"))
    (tmp_path / "ok.html").write_text(
        "<p>Ngày 12/01/2024<script>document.write('x')</script><div>Chỉ thị số 19-CT/TU",
        encoding="utf-8",
    )
    with pytest.raises(ExtractError, match="more than the"):
        read_article(big)
    results = dict(extract_paths(sorted(tmp_path.iterdir()), jobs=2))
    errors = {p.name: str(r) for p, r in results.items() if isinstance(r, ExtractError)}
    assert sorted(errors) == ["big.txt", "binary.txt", "latin.txt"]
    assert all("\n" not in message for message in errors.values())
    ok = results[tmp_path / "ok.html"]
    assert "document.write" not in ok.article.text
    assert [m.text for m in ok.of_kind("document")] == ["19-CT/TU"]
    assert MAX_BYTES < 50_000_000


def test_cli_folder_goes_on_after_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Ngày 12/01/2024, hội nghị tổng kết.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00" * 10)
    code = main(["extract", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.count("danvan: error:") == 1 and "b.txt" in captured.err
    assert "1/2 articles" not in captured.err and "2/2 articles" in captured.err
    draft = yaml.safe_load((tmp_path / "out" / "a.yaml").read_text(encoding="utf-8"))
    assert draft["format"] == "danvan-record/1"
    assert not (tmp_path / "out" / "b.yaml").exists()


def test_cli_json_lists_every_mention(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Sáng ngày 29/11, đồng chí Lê Văn An, Bí thư Huyện ủy.", encoding="utf-8")
    code = main(["extract", str(article), "--format", "json", "--published", "2023-12-01"])
    listing = json.loads(capsys.readouterr().out)
    assert code == 0 and listing["format"] == "danvan-extract/1"
    date = next(m for m in listing["mentions"] if m["kind"] == "date")
    assert date["value"]["iso"] == "2023-11-29" and date["value"]["year_inferred"] is True
    assert {"kind", "text", "start", "end", "value", "confidence", "resolved"} <= set(date)
    person = next(m for m in listing["mentions"] if m["kind"] == "person")
    assert person["value"]["role"] == "secretary"


def test_cli_needs_a_path_or_gold(capsys: pytest.CaptureFixture) -> None:
    assert main(["extract"]) == 2
    assert "--evaluate" in capsys.readouterr().err


def test_metadata_flags_win_over_meta_tags() -> None:
    raw = '<html><head><meta property="og:title" content="A"></head><body>x</body></html>'
    result = extract(raw, Metadata(title="B"))
    assert result.article.metadata.title == "B"
    assert result.record["source"]["title"] == "B"


# --- evaluation ----------------------------------------------------------------------


def test_evaluation_counts_hits_misses_and_false_alarms(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    raw = "Ngày 12/01/2024; Chỉ thị số 19-CT/TU; 12 mô hình"
    (corpus / "a.txt").write_text(raw, encoding="utf-8")
    text = clean(raw)
    gold = {
        "format": GOLD_FORMAT,
        "article": "a.txt",
        "text_sha256": text_hash(text),
        "kinds": ["document", "date", "figure"],
        "mentions": place_spans(
            text,
            [
                {"kind": "date", "text": "12/01/2024", "value": "2024-01-12"},
                {"kind": "document", "text": "19-CT/TU", "value": "19-CT/TU"},
                {"kind": "figure", "text": "12 mô hình", "value": 13},  # deliberately wrong
            ],
        ),
    }
    golds = tmp_path / "gold"
    golds.mkdir()
    (golds / "a.yaml").write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    scores = evaluate(golds, corpus)
    assert (scores["date"].precision, scores["date"].recall) == (1.0, 1.0)
    assert (scores["figure"].true_positives, scores["figure"].gold) == (0, 1)
    assert scores["figure"].misses and scores["figure"].false_alarms


def test_evaluation_leaves_out_gold_files_whose_article_is_absent(tmp_path: Path) -> None:
    # Two roots hold a file of the same name; only the one with the annotated text counts.
    first, second, golds = tmp_path / "a", tmp_path / "b", tmp_path / "gold"
    for folder in (first, second, golds):
        folder.mkdir()
    (first / "x.txt").write_text("Ngày 12/01/2024 có 12 mô hình", encoding="utf-8")
    (second / "x.txt").write_text("Ngày 13/01/2024 có 12 mô hình", encoding="utf-8")
    text = clean("Ngày 13/01/2024 có 12 mô hình")
    mentions = [{"kind": "date", "text": "13/01/2024", "value": "2024-01-13"}]
    for name, article in (("x", "x.txt"), ("y", "absent.txt")):
        gold = {
            "format": GOLD_FORMAT,
            "article": article,
            "text_sha256": text_hash(text),
            "kinds": ["date"],
            "mentions": place_spans(text, mentions),
        }
        (golds / f"{name}.yaml").write_text(yaml.safe_dump(gold, allow_unicode=True), "utf-8")
    skipped: list[str] = []
    scores = evaluate(golds, [first, second], skipped=skipped)
    assert (scores["date"].true_positives, scores["date"].gold) == (1, 1)
    assert skipped == ["y.yaml"]
    with pytest.raises(ExtractError) as raised:
        evaluate(golds, [tmp_path / "nowhere"])
    assert raised.value.code == "extract.gold-text-missing"


def test_evaluation_reads_a_file_only_from_the_set_its_manifest_names(tmp_path: Path) -> None:
    # Two held-out sets both number their files 001.txt …: with only the other set's folder
    # given, a gold file with a url is left out (not reported as a changed text) when that
    # folder's MANIFEST.tsv gives 001.txt another address.
    mine, other, golds = tmp_path / "mine", tmp_path / "other", tmp_path / "gold"
    for folder in (mine, other, golds):
        folder.mkdir()
    (mine / "001.txt").write_text("Ngày 12/01/2024 có 12 mô hình", encoding="utf-8")
    (other / "001.txt").write_text("Ngày 13/01/2024", encoding="utf-8")
    for folder, url in ((mine, "https://a.vn/1"), (other, "https://b.vn/1")):
        (folder / "MANIFEST.tsv").write_text(f"file\turl\n001.txt\t{url}\n", encoding="utf-8")
    text = clean("Ngày 12/01/2024 có 12 mô hình")
    date = {"kind": "date", "text": "12/01/2024", "value": "2024-01-12"}
    gold = {
        "format": GOLD_FORMAT, "article": "001.txt", "url": "https://a.vn/1",
        "text_sha256": text_hash(text), "kinds": ["date"],
        "mentions": place_spans(text, [date]),
    }  # fmt: skip
    other_gold = {**gold, "url": "https://b.vn/1", "mentions": []}
    other_gold["text_sha256"] = text_hash("Ngày 13/01/2024")
    for name, content in (("ext4-001", gold), ("other", other_gold)):
        (golds / f"{name}.yaml").write_text(yaml.safe_dump(content, allow_unicode=True), "utf-8")
    skipped: list[str] = []
    evaluate(golds, [other], skipped=skipped)
    assert skipped == ["ext4-001.yaml"]
    scores = evaluate(golds, [mine, other], skipped=skipped)
    assert (scores["date"].true_positives, scores["date"].gold) == (1, 1)


def test_cli_evaluate_names_the_gold_files_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    corpus, golds = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir()
    golds.mkdir()
    (corpus / "a.txt").write_text("12 mô hình", encoding="utf-8")
    for name, article in (("a", "a.txt"), ("b", "b.txt")):
        gold = {"format": GOLD_FORMAT, "article": article, "kinds": ["figure"], "mentions": []}
        (golds / f"{name}.yaml").write_text(yaml.safe_dump(gold), encoding="utf-8")
    assert main(["extract", "--evaluate", str(golds), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("figure")
    assert "left out: 1 gold files" in out and "b.yaml" in out


SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _gold_root(path: Path) -> Path:
    """Where a shipped gold file's article is: the folder of the set its name is of."""
    return next(root for root, prefixes in SETS.values() if path.name.startswith(prefixes))


def test_shipped_gold_files_match_their_articles() -> None:
    gold_dir = Path(__file__).parent / "gold"
    files = sorted(gold_dir.glob("*.yaml"))
    assert len(files) >= 20
    if not CORPUS.is_dir():
        pytest.skip(f"the articles are not here ({CORPUS} is absent)")
    for path in files:
        # libyaml's safe loader (the one `danvan extract --evaluate` reads gold files
        # with): the same data as yaml.safe_load, ~10x faster over 700 files.
        gold = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        if not (_gold_root(path) / gold["article"]).is_file():
            held_out = tuple(
                p for root, prefixes in SETS.values() if root != CORPUS for p in prefixes
            )
            assert path.name.startswith(held_out), path.name
            continue
        text = clean(read_article(_gold_root(path) / gold["article"]))
        assert gold["text_sha256"] == text_hash(text), path.name
        for mention in gold["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"], path.name


# Scores the extractor keeps on the annotated sets (docs/extraction.md, "Measured"): a
# change of a finder that loses more than this on any kind is a regression. Every set
# here has been seen while the rules were written, so these are development scores; the
# honest figures for unseen text are the first runs recorded in the docs.
DEVELOPMENT_FLOORS = {
    "document": (0.99, 0.99), "date": (0.97, 0.97), "person": (0.97, 0.95),
    "figure": (0.97, 0.97), "model": (0.94, 0.94),
}  # fmt: skip


# Each annotated set: its folder and the names of its gold files.
SETS = {
    "shared corpus (47)": (CORPUS, ("seed-", "dev-")),
    "held-out 3 (20)": (HELDOUT / "heldout3", ("ext-",)),
    "held-out 4 (20)": (HELDOUT / "heldout4", ("ext4-",)),
    "held-out 5 (20)": (HELDOUT / "heldout5", ("ext5-",)),
    "held-out 6 (20)": (HELDOUT / "heldout6", ("ext6-",)),
    "held-out 7 (20)": (HELDOUT / "heldout7", ("ext7-",)),
    "held-out 8 (25)": (HELDOUT / "heldout8", ("ext8-",)),
    "held-out 9 (38)": (HELDOUT / "heldout9", ("ext9-",)),
    "held-out 10 (40)": (HELDOUT / "heldout10", ("ext10-",)),
    "held-out 11 (40)": (HELDOUT / "heldout11", ("ext11-",)),
    "held-out 12 (40)": (HELDOUT / "heldout12", ("ext12-",)),
    "held-out 13 (40)": (HELDOUT / "heldout13", ("ext13-",)),
    "held-out 14 (40)": (HELDOUT / "heldout14", ("ext14-",)),
    "held-out 15 (28)": (HELDOUT / "heldout15", ("ext15-",)),
    "held-out 16 (31)": (HELDOUT / "heldout16", ("ext16-",)),
    "held-out 17 (36)": (HELDOUT / "heldout17", ("ext17-",)),
    "held-out 18 (54)": (HELDOUT / "heldout18", ("ext18-",)),
    "held-out 19 (47)": (HELDOUT / "heldout19", ("ext19-",)),
    "held-out 20 (80)": (HELDOUT / "heldout20", ("ext20-",)),
    "held-out 21 (33)": (HELDOUT / "heldout21", ("ext21-",)),
}
# A set held to other floors than the development ones (by kind). Held-out 6 was here with
# its first-run dates, people and figures until the rules below were written from its
# misses; it is now held to the development floors like the others. Held-out 7 is held at
# its first run (docs/extraction.md, rounded down): measured, its misses not yet worked on.
# (held-out 7 kept its first-run floors until its misses were worked on; it now meets the
# development floors like the others)
# Held-out 8 to 11 are held at their scores after their misses were worked on
# (docs/extraction.md, rounded down), where those are below the development floors: a
# model false alarm the gold leaves out (8), a badge's name (9), people and two
# judgement calls on documents (10), one Quy chế identifier (11). Held-out 12 is held at
# its scores after its document and people misses were worked on, its dates and figures
# at its first run (not worked on yet).
SET_FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "held-out 8 (25)": {
        "document": (1.0, 1.0), "date": (1.0, 1.0), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (0.94, 1.0),
    },
    "held-out 9 (38)": {
        "document": (1.0, 1.0), "date": (1.0, 1.0), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (0.95, 1.0),
    },
    "held-out 10 (40)": {
        "document": (0.97, 0.97), "date": (0.99, 0.99), "person": (0.93, 0.96),
        "figure": (1.0, 1.0), "model": (1.0, 1.0),
    },
    "held-out 11 (40)": {
        "document": (0.98, 0.98), "date": (1.0, 1.0), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (1.0, 1.0),
    },
    "held-out 12 (40)": {
        "document": (1.0, 1.0), "date": (0.97, 0.97), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (1.0, 1.0),
    },
    # Held-out 13 after its document, people and figure misses were worked on (its dates
    # at its first run, not worked on here; the model miss is a judgement call left as is).
    "held-out 13 (40)": {
        "document": (1.0, 1.0), "date": (0.96, 0.93), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (1.0, 0.91),
    },
    # Held-out 14 after its document, date, people and figure misses were worked on (the
    # three yearless dates and the model false alarm are judgement calls left as they are).
    "held-out 14 (40)": {
        "document": (1.0, 1.0), "date": (0.96, 0.96), "person": (1.0, 0.96),
        "figure": (0.97, 1.0), "model": (0.80, 1.0),
    },
    # Held-out 15 after its document, people and figure misses were worked on (its three
    # yearless dates are judgement calls left as they are).
    "held-out 15 (28)": {
        "document": (1.0, 1.0), "date": (0.96, 0.94), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (1.0, 1.0),
    },
    # Held-out 16 after its document, people, figure and target-year misses were worked on
    # (four yearless dates are judgement calls left as they are). It has no model name, so
    # its model score is 1.0/1.0 on nothing.
    "held-out 16 (31)": {
        "document": (1.0, 1.0), "date": (0.97, 0.94), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (1.0, 1.0),
    },
    # Held-out 17 after its document and date misses were worked on (the title's yearless
    # "tháng 11" is left). It has no model name.
    "held-out 17 (36)": {
        "document": (1.0, 1.0), "date": (1.0, 0.99), "person": (1.0, 1.0),
        "figure": (1.0, 1.0), "model": (1.0, 1.0),
    },
    # Held-out 18 after its document, date, people, figure and model misses were worked on
    # (left: "Chị số 19", a misspelt type word; "436-HKK/BPT", a notation no type word
    # names; two yearly days; a list's shared post, a judgement call; disciplinary
    # counts without a noun).
    "held-out 18 (54)": {
        "document": (1.0, 0.97), "date": (1.0, 0.98), "person": (0.92, 0.92),
        "figure": (1.0, 0.90), "model": (1.0, 1.0),
    },
    # Held-out 19 after its misses were worked on (left: five bracketed yearly days the gold
    # gives no year, a judgement call set 16 made the other way; four yearless days the
    # excerpt does not date; a list under a shared post; "05 phần").
    "held-out 19 (47)": {
        "document": (1.0, 1.0), "date": (0.93, 0.87), "person": (0.90, 0.90),
        "figure": (1.0, 0.98), "model": (1.0, 1.0),
    },
    # Held-out 20 after its date, people and figure misses were worked on (left: a tag
    # page's yearless days, lists of days, number words of open nouns). One model name.
    "held-out 20 (80)": {
        "document": (1.0, 1.0), "date": (0.98, 0.93), "person": (1.0, 1.0),
        "figure": (0.97, 0.91), "model": (1.0, 1.0),
    },
    # Held-out 21, a set chosen for model names (37), after its people and figure misses
    # were worked on (left: two model names with a quotation mark missing, a quoted
    # sentence and a programme's name taken for models, posts given far from the name).
    "held-out 21 (33)": {
        "document": (1.0, 1.0), "date": (0.93, 0.91), "person": (0.92, 0.85),
        "figure": (1.0, 0.93), "model": (0.94, 0.91),
    },
}  # fmt: skip


@pytest.mark.parametrize("name", list(SETS))
def test_development_scores_hold(name: str) -> None:
    root, prefixes = SETS[name]
    if not root.is_dir():
        pytest.skip(f"the articles are not here ({root} is absent)")
    skipped: list[str] = []
    gold_dir = Path(__file__).parent / "gold"
    files = sorted(path for prefix in prefixes for path in gold_dir.glob(f"{prefix}*.yaml"))
    scores = evaluate(files, root, skipped=skipped)
    assert files and not skipped  # every file of the set scored
    for kind, (precision, recall) in (DEVELOPMENT_FLOORS | SET_FLOORS.get(name, {})).items():
        score = scores[kind]
        assert score.precision >= precision, (kind, score.false_alarms)
        assert score.recall >= recall, (kind, score.misses)


def test_the_draft_keeps_the_articles_address_in_its_url_field(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Ngày 12/5/2022, Huyện ủy Chợ Đồn tổ chức hội nghị.", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    url = "https://www.baobackan.vn/cho-don-123.html"
    assert main(["extract", str(article), "--url", url, "-o", str(out)]) == 0
    source = yaml.safe_load(out.read_text(encoding="utf-8"))["source"]
    assert source["url"] == url
    assert url not in source["note"]


# --- rules written after held-out 6 ---------------------------------------------------


def test_joint_documents_list_their_issuers() -> None:
    found = find_documents(
        "Căn cứ Nghị quyết Liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN ngày 22/8/2008; Thông tư "
        "liên tịch số 03/2014/TTLT-BTC-BNV; Số: 01/QCPH/UBND-UBMTTQ"
    )
    assert [(m.text, m.value["identifier"], m.value["type"]) for m in found] == [
        ("19/2008/NQLT/CP-UBTUMTTQVN", "19/2008/NQLT/CP-UBTUMTTQVN", "NQ"),
        ("03/2014/TTLT-BTC-BNV", "03/2014/TTLT-BTC-BNV", "TT"),
        ("01/QCPH/UBND-UBMTTQ", "01/QCPH/UBND-UBMTTQ", "QC"),
    ]
    assert found[0].value["date"] == "2008-08-22"
    # the identifier survives a round trip, its "/" after the joint type included
    again = parse_identifier(found[0].value["identifier"])
    assert again == parse_identifier("19/2008/NQLT / CP-UBTUMTTQVN")
    # a joint type with one issuer is no Công văn of an issuer "TTLT"
    assert find_documents("theo 09/2008/TTLT-BTC") == []
    with pytest.raises(IdentifierError) as caught:
        parse_identifier("09/2008/TTLT-BTC")
    assert caught.value.code == "identifier.no-joint-issuers"


def test_a_short_reference_followed_by_its_date_is_a_document() -> None:
    (doc,) = find_documents("Thực hiện Chỉ thị số 35 ngày 30/5/2019 của Bộ Chính trị")
    assert (doc.text, doc.value["type"], doc.value["number"], doc.value["date"]) == (
        "Chỉ thị số 35", "CT", "35", "2019-05-30",
    )  # fmt: skip
    # a count of days stays one
    assert find_documents("Kế hoạch 100 ngày đêm; Kế hoạch 30 ngày tới") == []


def _dates(text: str, published: str | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.value["iso"]) for m in find_dates(text, published)]


def test_page_stamps_written_out_with_a_capital_thang_are_dates() -> None:
    assert _dates("Thứ hai, 27 Tháng 6, 2022 - 07:14") == [("27 Tháng 6, 2022", "2022-06-27")]
    assert _dates("Thứ năm, 04 Tháng 6 2020") == [("04 Tháng 6 2020", "2020-06-04")]
    assert _dates("Ngày 27 tháng 6, 2022, hội nghị") == [("27 tháng 6, 2022", "2022-06-27")]
    # a lower-case "tháng" with no "ngày" before it is a duration followed by a year
    assert _dates("sau 3 tháng 6 2020 xã đã họp") == []


def test_a_full_date_may_be_before_1900_a_bare_year_not() -> None:
    assert _dates("chào mừng 132 năm Ngày sinh (19/5/1890 - 19/5/2022)") == [
        ("19/5/1890", "1890-05-19"), ("19/5/2022", "2022-05-19"),
    ]  # fmt: skip
    assert _dates("từ năm 1890 đến 1895; 1890-1895; 12/5/1790") == []


def test_an_annual_day_is_given_no_year() -> None:
    (day,) = find_dates("lấy ngày 15 tháng 10 hàng năm làm ngày Dân vận", "2023-11-02")
    assert (day.text, day.value["iso"], day.value["precision"], day.resolved) == (
        "15 tháng 10", "--10-15", "annual", False,
    )  # fmt: skip
    # one day of one year takes the published year
    assert _dates("Ngày 15 tháng 10, hội nghị", "2023-11-02") == [("15 tháng 10", "2023-10-15")]


def test_a_date_in_an_article_without_years_takes_the_latest_party_term() -> None:
    (day,) = find_dates(
        "Ngày 12-6, Ban Bí thư triển khai Kết luận số 01-KL/TW của Bộ Chính trị khóa XIII; "
        "Nghị quyết Trung ương 4 (khóa XII)"
    )
    assert (day.value["iso"], day.value["year_basis"]) == (
        "2021-06-12", "the latest Party term the article names",
    )  # fmt: skip
    # a province's and the Assembly's terms are numbered otherwise; a printed year wins
    assert _dates("Ngày 12-6, Tỉnh ủy khóa XIII và Quốc hội khóa XV họp") == [("12-6", "--06-12")]
    assert _dates("Ngày 12-6, Bộ Chính trị khóa XIII; năm 2023") == [("12-6", "2023-06-12")]


def _people(text: str) -> list[tuple[str, str | None]]:
    return [(m.value["name"], m.value["role"]) for m in find_people(text)]


def test_tong_thu_ky_is_a_head_and_its_deputy_a_deputy_head() -> None:
    assert _people(
        "Tổng thư ký Quốc hội, Chủ nhiệm Văn phòng Quốc hội Bùi Văn Cường thông tin"
    ) == [("Bùi Văn Cường", "head")]
    assert _people("Phó Tổng thư ký Quốc hội Nguyễn Văn An phát biểu") == [
        ("Nguyễn Văn An", "deputy-head")
    ]


def test_lai_is_a_family_name() -> None:
    assert _people(
        "các đồng chí Đỗ Việt Anh, Trưởng Ban Dân vận; Lại Thị Thanh Tâm, Phó Chủ tịch Hội "
        "Nông dân tỉnh"
    ) == [("Đỗ Việt Anh", "head"), ("Lại Thị Thanh Tâm", "vice-chair")]
    # a family name alone, with no post and no title word, makes no person
    assert _people("Lại Thị Thanh Tâm dự hội nghị") == []


def test_a_signature_block_gives_the_signer_their_post() -> None:
    assert _people("T/L BỘ CHÍNH TRỊ\n\nCHÁNH VĂN PHÒNG\n\nTrần Đình Hoan\n") == [
        ("Trần Đình Hoan", "head")
    ]
    assert _people("K/T TRƯỞNG BAN\n\nPHÓ TRƯỞNG BAN\n \nTrần Thị Bích Thủy\n") == [
        ("Trần Thị Bích Thủy", "deputy-head")
    ]
    # a heading in capitals is no post; a name with more on its line signs nothing
    assert _people("HỘI NGHỊ SƠ KẾT\n\nNguyễn Văn An\n") == []
    assert _people("CHÁNH VĂN PHÒNG\n\nTrần Đình Hoan phát biểu tại hội nghị\n") == []


def test_a_post_after_a_title_word_is_no_name() -> None:
    assert _people("Bài viết của đồng chí Tổng Bí thư, Chủ tịch nước; Kế hoạch") == []
    assert _people("đồng chí Tổng Bí thư Nguyễn Phú Trọng dự") == [
        ("Nguyễn Phú Trọng", "secretary")
    ]


def test_a_clock_time_counts_nothing() -> None:
    assert find_figures("Ngày 05/03/2021 00:00:00\n\nKế hoạch Tuyên truyền bầu cử") == []
    found = find_figures("triển khai 2 Kế hoạch, lúc 9:30 có 30 hộ")
    assert [(m.text, m.value["number"]) for m in found] == [("2 Kế hoạch", 2), ("30 hộ", 30)]


def test_vague_amounts_of_tens_of_thousands_billions_and_any_noun() -> None:
    figures = find_figures(
        "Đóng góp hàng tỷ đồng, hàng chục ngàn ngày công và hàng chục con bò giống; "
        "đã hàng chục năm nay."
    )
    assert [(m.value["as_stated"], m.value["minimum"], m.value["counted"]) for m in figures] == [
        ("hàng tỷ", 10**9, "đồng"), ("hàng chục ngàn", 10_000, "ngày công"),
        ("hàng chục", 10, "con"),
    ]  # fmt: skip


def test_the_first_number_of_a_range_counts_what_the_second_counts() -> None:
    figures = find_figures("Lãi từ 60 đến 90 triệu đồng, góp từ 10.000 - 50.000 đồng; 40 đến dự.")
    assert [(m.text, m.value["number"], m.value["counted"]) for m in figures] == [
        ("60", 60, "đồng"), ("90 triệu đồng", 90, "đồng"),
        ("10.000", 10_000, "đồng"), ("50.000 đồng", 50_000, "đồng"),
    ]  # fmt: skip


def test_a_number_ending_its_line_counts_nothing_on_the_next() -> None:
    figures = find_figures("Ngày 05/07/2023, hội nghị năm 2023\n\nĐồng chủ trì hội nghị.")
    assert figures == []
    assert [m.text for m in find_figures("ủng hộ 500.000\nđồng; thêm 300.000 đồng")] == [
        "300.000 đồng"
    ]


def test_anh_and_chi_title_a_name_only_with_a_family_name() -> None:
    people = find_people(
        "Gia đình anh Lành Văn Tám, Bí thư Chi bộ Khe Mát đã giúp chị Đỗ Thị Hoa. "
        "Anh em trong thôn và chị Thu Hà cùng anh Tư đến dự."
    )
    assert [(m.value["name"], m.value["role"]) for m in people] == [
        ("Lành Văn Tám", "secretary"),
        ("Đỗ Thị Hoa", None),
    ]


def test_uvtvtu_is_a_standing_committee_post() -> None:
    people = find_people(
        "Đ/c Lê Văn Bảo, UVTVTU, Trưởng Ban Dân vận Tỉnh ủy; đ/c Hà Văn Lâm, UVTV, Chánh "
        "Văn phòng; đ/c Mai Văn Sơn, UVTWĐ."
    )
    assert [m.value["role"] for m in people] == [
        "standing-committee-member", "standing-committee-member", None,
    ]  # fmt: skip


def test_a_village_after_a_post_is_no_person_but_its_head_is() -> None:
    people = find_people(
        "Bí thư Chi bộ thôn Đồng Lâm phát biểu. Trưởng thôn Hà Văn Lợi - Bí thư Chi bộ cho "
        "biết. Chủ tịch UBND huyện Lê Văn Nam chủ trì."
    )
    assert [(m.value["name"], m.value["role"]) for m in people] == [
        ("Hà Văn Lợi", "secretary"), ("Lê Văn Nam", "chair"),
    ]  # fmt: skip


def test_a_single_quoted_lower_case_word_is_no_model() -> None:
    found = extract("Theo mô hình, mỗi hội viên góp tiền để “nuôi” heo đất và “Vườn xanh”.")
    assert [m.value["name"] for m in found.of_kind("model")] == ["Vườn xanh"]


def test_a_draft_states_the_type_that_only_the_word_before_the_identifier_gives() -> None:
    text = "Quán triệt Công văn số 01-CB/TW và Quyết định số 2559/QĐ-UBND-VX của tỉnh."
    documents = extract(text, Metadata(published="2016-02-21")).record["documents"]
    assert [(d["identifier"], d.get("type")) for d in documents] == [
        ("01-CB/TW", "CV"),  # CB is no type the vocabulary names: the word says Công văn
        ("2559/QĐ-UBND-VX", None),  # QĐ says Quyết định itself
    ]


def test_a_plural_post_before_a_list_of_names_is_each_ones_post() -> None:
    people = find_people(
        "Dự có các Phó bí thư Đảng uỷ Lê Văn Hải, Trần Thị Lan, Ngô Văn Tú cùng đại biểu."
    )
    assert [(m.value["name"], m.value["role"]) for m in people] == [
        ("Lê Văn Hải", "deputy-secretary"),
        ("Trần Thị Lan", "deputy-secretary"),
        ("Ngô Văn Tú", "deputy-secretary"),
    ]
    # one name after "các" is no list: the post is not shared out
    assert find_people("các Phó bí thư Đảng uỷ Lê Văn Hải về dự") == []


def test_a_street_named_after_a_person_is_no_person() -> None:
    people = find_people(
        "Lễ ra quân tại Quảng trường (đường Lê Lợi, phường Ngô Quyền) do Chủ tịch UBND "
        "thành phố Trần Văn Hòa chủ trì."
    )
    assert [(m.value["name"], m.value["role"]) for m in people] == [("Trần Văn Hòa", "chair")]


def test_a_body_named_after_its_post_word_is_no_person() -> None:
    people = find_people("Bí thư Tỉnh ủy làm trưởng đoàn Đoàn Giám sát. Trưởng đoàn Đoàn Văn Minh")
    assert [m.value["name"] for m in people] == ["Đoàn Văn Minh"]


def test_a_village_after_an_association_branch_is_no_person() -> None:
    people = find_people(
        "Phó Chủ tịch Hội LHPN xã, phụ trách Chi hội phụ nữ Hà Trung cho biết. "
        "Chủ tịch Hội Nông dân xã Lê Văn Hòa phát biểu."
    )
    assert [(m.value["name"], m.value["role"]) for m in people] == [("Lê Văn Hòa", "chair")]


def test_a_years_review_that_launches_the_next_years_tasks_dates_by_its_month() -> None:
    text = (
        "Chiều ngày 14/12, Huyện ủy tổ chức Hội nghị tổng kết công tác dân vận năm 2019, "
        "triển khai nhiệm vụ năm 2020. Sáng ngày 8/1, Đảng ủy xã tổng kết công tác năm "
        "2019, triển khai nhiệm vụ năm 2020. Ngày 5/3, xã triển khai kế hoạch năm 2020."
    )
    assert [m.value["iso"] for m in find_dates(text)] == ["2019-12-14", "2020-01-08", "2020-03-05"]


def test_a_known_model_quoted_inside_an_unclosed_quotation_is_found() -> None:
    text = (
        "Mô hình “Hũ gạo tình thương” được duy trì. “Từ năm 2015, mô hình “Hũ gạo tình "
        'thương” đã hỗ trợ. Hội vận động “mẹ đỡ đầu “chăm sóc trẻ mồ côi".'
    )
    starts = [m.start for m in extract(text).of_kind("model")]
    assert starts == [text.index("Hũ"), text.rindex("Hũ")]  # not the miswritten third


# --- rules written after held-out 9 ---------------------------------------------------


def test_a_space_for_the_dash_before_another_bodys_party_style_symbol() -> None:
    documents = find_documents("theo Quyết định số 84 QĐ/TWĐTN ngày 22/02/2013 của Ban")
    assert [(m.text, m.value.get("identifier")) for m in documents] == [
        ("84 QĐ/TWĐTN", "84-QĐ/TWĐTN")
    ]
    # a State issuer's symbol puts the slash first: "84 QĐ/UBND" is only "Quyết định 84"
    assert [m.value.get("identifier") for m in find_documents("Quyết định 84 QĐ/UBND")] == [None]
    assert find_documents("năm 2013 QĐ/TWĐTN") == []


def test_a_number_with_a_letter_is_found_in_an_article() -> None:
    documents = find_documents("Căn cứ Nghị quyết số 30c/NQCP ngày 08 tháng 11 năm 2011")
    assert [(m.text, m.value.get("identifier")) for m in documents] == [("30c/NQCP", "30c/NQ-CP")]


def test_a_plenum_of_a_past_term_gives_no_year_to_a_day() -> None:
    # "Nghị quyết Trung ương 7 khóa IX" is cited for decades: it dates nothing
    (day,) = find_dates("Ngày 12/1, Ban quán triệt Nghị quyết Trung ương 7 khóa IX.")
    assert day.value["iso"] == "--01-12"
    # the body's own term still bounds the article ("Bộ Chính trị khóa XIII")
    (day,) = find_dates("Ngày 12/6, triển khai Kết luận của Bộ Chính trị khóa XIII.")
    assert day.value["iso"] == "2021-06-12"


def test_a_stage_under_study_gives_no_year_but_a_stage_reviewed_does() -> None:
    dates = find_dates("Chiều ngày 20/5, Ban thảo luận đề cương Lịch sử giai đoạn 2000 – 2020.")
    assert [m.value["iso"] for m in dates] == ["--05-20", "2000/2020"]
    dates = find_dates("Chiều ngày 10/9, Ban tổ chức Tổng kết Cuộc thi, giai đoạn 2017- 2020.")
    assert [m.value["iso"] for m in dates] == ["2020-09-10", "2017/2020"]


def test_the_first_day_of_a_range_takes_the_year_printed_on_the_second() -> None:
    dates = find_dates("thời gian thực hiện từ ngày 20/9-30/9/2014.")
    assert [(m.text, m.value["iso"]) for m in dates] == [
        ("20/9", "2014-09-20"),
        ("30/9/2014", "2014-09-30"),
    ]
    # the other way round is no range: the first day is left alone
    assert [m.text for m in find_dates("từ ngày 30/9-20/9/2014")] == ["20/9/2014"]


def test_a_period_whose_dash_was_lost_is_two_years_glued() -> None:
    (period,) = find_dates("Chương trình giai đoạn 20112020 của tỉnh")
    assert period.value["iso"] == "2011/2020"
    # the second year must come later, within a stage's length, after a period word
    assert find_dates("giai đoạn 20202011; giai đoạn 20112099; năm 20112020") == []


# --- people rules written after held-out 9 ---------------------------------------------


def _people(text: str) -> list[tuple[str, str | None]]:
    return [(m.value["name"], m.value["role"]) for m in find_people(text)]


def test_a_minister_heads_and_a_vice_minister_deputises() -> None:
    text = "các đồng chí: Lê Văn Tám, Bộ trưởng Bộ Tài chính; Đỗ Thị Hoa, Thứ trưởng Bộ Y tế"
    assert _people(text) == [("Lê Văn Tám", "head"), ("Đỗ Thị Hoa", "deputy-head")]
    # the ministry named without a post is no post
    assert _people("có ông Lê Văn Tám, Bộ Tài chính") == [("Lê Văn Tám", None)]


def test_a_tasks_post_after_the_name_gives_way_to_the_post_before() -> None:
    (person,) = find_people("Phó Thủ tướng Trịnh Văn Tú - Trưởng Ban Chỉ đạo phòng chống thiên tai")
    assert person.value["role"] == "deputy-head"
    assert [p["role"] for p in person.value["posts"]] == ["deputy-head", "head"]
    assert _people("của đồng chí Tổng Bí thư Lê Văn Lâm, Trưởng Tiểu ban nhân sự") == [
        ("Lê Văn Lâm", "secretary")
    ]
    # a standing post after the name is still the person's own
    assert _people("Trưởng thôn Hà Văn Lợi - Bí thư Chi bộ cho biết") == [
        ("Hà Văn Lợi", "secretary")
    ]


def test_nguyen_before_a_post_is_former_and_no_name() -> None:
    text = "Dự có các đồng chí: Nguyên Tổng Bí thư Nông Văn Mạnh; Chủ tịch nước Lê Văn An."
    assert _people(text) == [("Nông Văn Mạnh", "secretary"), ("Lê Văn An", "chair")]
    # "Nguyên" before a name, not a post, is the name's first word
    assert _people("đồng chí Nguyên Thành Long, Bí thư Chi bộ") == [
        ("Nguyên Thành Long", "secretary")
    ]


def test_a_name_in_capitals_after_a_post_in_capitals_in_title_case() -> None:
    heading = "Ý KIẾN CỦA THỦ TƯỚNG CHÍNH PHỦ NGUYỄN VĂN PHÚ TẠI HỘI NGHỊ TỔNG KẾT\n"
    (person,) = find_people(heading)
    assert (person.text, person.value["name"], person.value["role"]) == (
        "NGUYỄN VĂN PHÚ", "Nguyễn Văn Phú", "head",
    )  # fmt: skip
    signed = find_people("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLÊ VĂN BÌNH\n")
    assert [(m.value["name"], m.value["role"]) for m in signed] == [("Lê Văn Bình", "vice-chair")]
    # a province in capitals after a unit, a run longer than a name, no post: no person
    assert find_people("BÍ THƯ TỈNH ỦY HÀ NAM VỀ DỰ\nCHỦ TỊCH UBND TỈNH\nHÀ NAM\n") == []
    assert find_people("CHỦ TỊCH NGUYỄN VĂN AN BÌNH MINH HỌP\nHỘI NGHỊ NGUYỄN VĂN AN\n") == []


def test_a_name_after_signed_takes_the_post_in_capitals_before_it() -> None:
    text = "Điều 4. Có hiệu lực từ ngày ký. TM. BAN THƯỜNG VỤ ĐOÀNPHÓ BÍ THƯ (đã ký) Lê Văn Bình"
    assert _people(text) == [("Lê Văn Bình", "deputy-secretary")]
    # no post in capitals before the mark, or no name after it: no one
    assert find_people("Văn bản này đã được (đã ký) Lê Văn Bình") == []
    assert find_people("BÍ THƯ (Đã ký)\n\nGửi cho bạn bè") == []


def test_a_number_in_a_quoted_title_counts_after_a_preposition_only() -> None:
    text = "tham gia “Chương trình Nước sạch tại 8 tỉnh đồng bằng” do Ngân hàng tài trợ"
    assert [(m.text, m.value["number"]) for m in find_figures(text)] == [("8 tỉnh", 8)]
    # a slogan's numbers are part of its name
    assert (
        find_figures("cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”, “Đoàn viên 3 tốt”") == []
    )


def test_a_page_count_is_no_figure() -> None:
    assert find_figures("Tải bản đầy đủ (.pdf) (12 trang) tại đây (491 KB, 12 trang )") == []
    # "trang" going on with a word counts something else
    text = "có 15 trang trại và 5 trang tin điện tử"
    assert [m.value["number"] for m in find_figures(text)] == [15, 5]


def test_a_type_notation_before_a_bare_number_is_a_short_reference() -> None:
    documents = resolve_short_forms(find_documents(
        "Nghị quyết 24-NQ/TW ra đời. Sự ra đời của NQ 24 đánh dấu bước ngoặt."
    ))  # fmt: skip
    assert [(m.text, m.value["identifier"]) for m in documents] == [
        ("24-NQ/TW", "24-NQ/TW"), ("NQ 24", "24-NQ/TW"),
    ]  # fmt: skip
    # not in lower or mixed case, not a year, not the start of a symbol, not inside a word
    for text in ("Nq 24 ra đời", "nq 24 ra đời", "NQ 2024 ra đời", "theo KH 12/KH-UBND", "ANQ 24"):
        assert [m.text for m in find_documents(text) if not m.resolved] == [], text


def test_a_type_word_with_scrambled_or_misplaced_tone_marks_names_a_document() -> None:
    for text in (
        "tổng kết Nghị qúỷết 18 của Trung ương",  # two tone marks on one syllable
        unicodedata.normalize("NFD", "tổng kết Nghị quyết 18 của Trung ương"),
        "tổng kết Nghi quyet 18 của Trung ương",  # written without diacritics
        "theo kế họach 18 của Tỉnh ủy",  # the old placement
    ):
        (document,) = find_documents(text)
        assert document.value["number"] == "18", text
        assert document.text.endswith(" 18"), text
    # a single other tone mark is another word, not a slip: "chí thì", "nghỉ quyết"
    for text in ("không chí thì 18 người", "cho nghỉ quyết 18 ngày"):
        assert find_documents(text) == [], text


def test_parts_of_a_law_cited_are_no_figures() -> None:
    found = find_figures("Sửa khoản 4 Điều 23; khoản 3 Điều 40 và Điều 5 Chương 2 của Luật.")
    assert [m.text for m in found] == []
    # chapters and articles counted still are
    found = find_figures("Quy chế gồm 04 Chương, 18 Điều.")
    assert [(m.value["number"], m.value["counted"]) for m in found] == [(4, "Chương"), (18, "Điều")]


def test_a_number_in_words_with_its_multiplier_is_a_figure() -> None:
    found = find_figures("Gần ba nghìn lượt cháu đạt giải; hai trăm hộ thoát nghèo.")
    assert [m.value["number"] for m in found] == [3000, 200]
    # no multiplier, or a duration: no amount
    assert find_figures("Một số hộ và hai bên cùng làm; hai trăm năm lịch sử.") == []


def test_a_ratio_before_a_capitalised_noun_is_a_figure() -> None:
    (figure,) = find_figures("Kết quả tốt. 13/13 Hội LHPN các xã ra mắt mô hình.")
    assert (figure.text, figure.value["number"], figure.value["of"]) == ("13/13 Hội", 13, 13)
    # a part larger than the whole, or a name after a capitalised word: no figure
    assert find_figures("Kết quả tốt. 14/13 Hội LHPN các xã.") == []
    assert find_figures("Họp tại Khu 12/15 Hội quán.") == []


def test_model_names_in_single_quotation_marks() -> None:
    text = "Hội ra mắt mô hình '2 +2' và mô hình ‘4 có, 4 biết’ cho chị H'Lan ở buôn Kơ'nia."
    assert [m.value["name"] for m in find_models(text)] == ["2 +2", "4 có, 4 biết"]
    assert find_figures(text) == []  # the numbers are the names'
    # single marks in a sentence with no "mô hình" name nothing
    assert find_models("Chị gọi đó là '4 có, 4 biết' của Hội.") == []


def test_a_model_word_nearer_the_quote_outweighs_a_programme_before_it() -> None:
    text = "góp phần thực hiện Chương trình, như: Mô hình “Cơm trưa cho em” (Đồn A), “Áo ấm”."
    assert [m.value["name"] for m in find_models(text)] == ["Cơm trưa cho em", "Áo ấm"]
    # a programme's own quoted name after "mô hình … Chương trình" is still no model
    text = "các mô hình thuộc Chương trình “Nâng bước em tới trường”."
    assert find_models(text) == []


def test_a_term_dates_no_day_of_a_meeting_preparing_its_congress() -> None:
    text = (
        "Ngày 5/4, Ủy ban tổ chức Hội nghị góp ý dự thảo Báo cáo trình Đại hội lần thứ XI, "
        "nhiệm kỳ 2024-2029. Ngày 9/6, Hội nghị Ban Chấp hành lần thứ mười, khóa IX, nhiệm "
        "kỳ 2019-2024 khai mạc."
    )
    days = [m for m in find_dates(text) if m.value.get("precision") == "day"]
    assert [(m.text, m.value.get("iso")) for m in days] == [("5/4", "--04-05"), ("9/6", "--06-09")]
    # the congress itself, or its resolution, is in the term's first year
    (day, _) = find_dates("Ngày 15/10, Đại hội Đảng bộ xã lần thứ X, nhiệm kỳ 2020-2025 khai mạc.")
    assert day.value["iso"] == "2020-10-15"


def test_a_day_older_than_the_party_is_what_an_event_commemorates_not_its_date() -> None:
    text = (
        "Ngày 8/7/2022, Huyện ủy tổ chức lễ kỷ niệm 110 năm ngày sinh đồng chí Nguyễn Văn A "
        "(9/7/1912 - 24/6/1991)."
    )
    [event] = [m for m in extract(text, Metadata()).mentions if m.kind == "event"]
    assert event.value["date"] == "2022-07-08"
    lifespan_only = "Lễ kỷ niệm 110 năm ngày sinh đồng chí Nguyễn Văn A (9/7/1912 - 24/6/1991)."
    [event] = [m for m in extract(lifespan_only, Metadata()).mentions if m.kind == "event"]
    assert "date" not in event.value
    # a yearless day after it is still the event's (its year is inferred elsewhere)
    held = "Sáng 8/7, Huyện ủy tổ chức lễ kỷ niệm ngày sinh đồng chí A (9/7/1912)."
    [event] = [m for m in extract(held, Metadata(published="2022-07-09")).mentions
               if m.kind == "event"]  # fmt: skip
    assert event.value["date"] == "2022-07-08"
    yearless = "Sáng 8/7, Huyện ủy tổ chức lễ kỷ niệm ngày sinh đồng chí A."
    [event] = [m for m in extract(yearless, Metadata()).mentions if m.kind == "event"]
    assert event.value["date"] == "--07-08"


def test_people_former_and_late_holders_keep_the_posts_role() -> None:
    assert _people("có các đồng chí nguyên Tổng Bí thư BCH T.Ư Đảng: Lê Văn An, Trần Văn "
                   "Bình; Đại tướng Ngô Văn Cường, nguyên Ủy viên Bộ Chính trị.") == [
        ("Lê Văn An", "secretary"), ("Trần Văn Bình", "secretary"),
        ("Ngô Văn Cường", "committee-member"),
    ]  # fmt: skip
    # the late holder's post straight before the name, not a proposer's further back
    assert _people("Xét đề nghị của Bộ trưởng, Phó Trưởng Ban Tổ chức kỷ niệm Ngày sinh "
                   "cố Tổng Bí thư Lê Văn An,") == [("Lê Văn An", "secretary")]  # fmt: skip
    # a second former post after a comma is the same person's list: the first stays
    assert _people("có nguyên Ủy viên Bộ Chính trị, nguyên Chủ tịch Quốc hội Lê Thị An.") == [
        ("Lê Thị An", "committee-member")
    ]
    # "nguyên" as a name's word, or with no post after it, gives no post
    assert _people("đồng chí Lê Văn An, nguyên quán Hà Nam, dự") == [("Lê Văn An", None)]


def test_people_with_a_rank_a_verb_given_post_or_a_birth_year_first() -> None:
    assert _people("Đại tướng Lê Văn An nêu rõ") == [("Lê Văn An", None)]
    assert _people("Đại tá Quân đội nhân dân dự") == []  # a rank before no family name
    assert _people("do đồng chí Lê Văn An làm Bí thư; đồng chí Trần Văn Bình được chỉ định "
                   "làm Bí thư lâm thời; đồng chí Ngô Văn Cường làm việc") == [
        ("Lê Văn An", "secretary"), ("Trần Văn Bình", "secretary"), ("Ngô Văn Cường", None),
    ]  # fmt: skip
    assert _people("anh Lê Văn An (SN 1998, Ủy viên BTV Đoàn xã) được gọi") == [
        ("Lê Văn An", "standing-committee-member")
    ]
    assert _people("anh Lê Văn An (SN 1998, quê Hà Nam) được gọi") == [("Lê Văn An", None)]


def test_people_posts_glued_or_signed_for_another() -> None:
    # a post in capitals glued to the name; a glued "TổngBí thư"
    assert _people("KỶ NIỆM NGÀY SINH CỐ TỔNG BÍ THƯNGUYỄN VĂN AN (1912)") == [
        ("Nguyễn Văn An", "secretary")
    ]
    assert _people("KỶ NIỆM NGÀY THÀNH LẬP ĐOÀNNGUYỄN VĂN AN") == []  # no post glued
    assert _people("kỷ niệm Ngày sinh cố TổngBí thư Nguyễn Văn An (1912)") == [
        ("Nguyễn Văn An", "secretary")
    ]
    # "thừa lệnh" a principal's post; a two-word name after a two-word place
    assert _people("thừa lệnh Chủ tịch UBND tỉnh Hưng Yên, Phó Chánh Văn phòng UBND tỉnh "
                   "Tuyên Quang Lê Thanh đã ký") == [("Lê Thanh", "deputy-head")]  # fmt: skip
    assert _people("Chủ tịch UBND tỉnh Hưng Yên, Phó Chánh Văn phòng Lê Văn An đã ký") == [
        ("Lê Văn An", "chair")
    ]  # no principal: the first post is his, as before


# --- held-out 11: dates, figures, models ---------------------------------------------


def _date_values(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value["iso"]) for m in find_dates(text)]


def test_dates_a_weekday_stamp_a_long_named_stage_and_no_yearless_half() -> None:
    # a weekday makes a lower-case "tháng" with a comma a page stamp
    assert _date_values("Thứ Năm, 26 tháng 5, 2011") == [("26 tháng 5, 2011", "2011-05-26")]
    assert _date_values("Chủ nhật, 3 tháng 6, 2012") == [("3 tháng 6, 2012", "2012-06-03")]
    assert _date_values("kéo dài 3 tháng 6, 2020 là năm") == []  # a duration, no weekday
    # a named stage with "năm" before its first year, and longer than a term
    assert _date_values("lịch sử giai đoạn năm 1945-2010 của huyện") == [
        ("giai đoạn năm 1945-2010", "1945/2010")
    ]
    assert _date_values("từ 1945-2010 hộ") == []  # two bare years 65 apart: no period
    # a half-year with no year anywhere is no date; with one it is dated as before
    assert _date_values("6 tháng đầu năm, Hội đã trao 20 suất quà; 6 tháng cuối năm") == []
    assert _date_values("Năm 2014, 6 tháng đầu năm, Hội đã trao quà") == [
        ("6 tháng đầu năm", "2014-01/2014-06")
    ]


def _figure_values(text: str) -> list[tuple[str, object]]:
    return [(m.text, m.value["number"]) for m in find_figures(text)]


def test_figures_bodies_notations_glued_words_and_bare_number_words() -> None:
    # a Party body or a document's notation in capitals after a number
    assert _figure_values("thành lập lại 04 Đảng bộ Khối trực thuộc") == [("04 Đảng bộ", 4)]
    assert _figure_values("đã cụ thể hóa 02 NQ của Huyện ủy") == [("02 NQ", 2)]
    assert _figure_values("trong tháng 5 Đảng bộ xã họp") == []  # a month, not a count
    assert _figure_values("ngày 20/10 Đảng bộ xã họp") == []  # a date, no share
    # a word run on into the next is read alone: a duration here, a count there
    assert _figure_values("kỷ niệm 100 nămNgày sinh đồng chí") == []
    assert _figure_values("thăm 12 hộNgày hôm sau") == [("12 hộ", 12)]
    # bare number words count a listed noun or a unit of the State, not an open word
    assert _figure_values("sáp nhập hai tỉnh và hai đơn vị hành chính") == [
        ("hai tỉnh", 2),
        ("hai đơn vị", 2),
    ]
    assert _figure_values("một mô hình; hai bên cùng có lợi; thứ hai tỉnh đoàn; năm tổ chức") == []


def _model_names(text: str) -> list[str]:
    return [m.value["name"] for m in find_models(text)]


def test_models_not_a_campaign_in_capitals_and_named_by_the_next_sentence() -> None:
    # "CVĐ" (cuộc vận động) before the quote names a campaign, even beside "MÔ HÌNH"
    assert _model_names("CÁC MÔ HÌNH TRONG THỰC HIỆN CVĐ “TUỔI TRẺ HỌC TẬP VÀ LÀM THEO”") == []
    assert _model_names("CÁC MÔ HÌNH “TUỔI TRẺ HỌC TẬP”") == ["TUỔI TRẺ HỌC TẬP"]
    # the next sentence opens with "Mô hình": it names what was just quoted
    assert _model_names("Năm 2023, tỉnh xây dựng thí điểm “Xã kiểu mẫu về an ninh” tại "
                        "TP.Vũng Tàu. Mô hình đã được Nhân dân ủng hộ.") == [
        "Xã kiểu mẫu về an ninh"
    ]  # fmt: skip
    assert _model_names("Năm 2023, tỉnh phát động “Xã kiểu mẫu về an ninh” tại xã. "
                        "Phong trào đã được Nhân dân ủng hộ.") == []  # fmt: skip
    assert _model_names("Tỉnh phát động “Xã kiểu mẫu” và “Phường sạch” tại xã. "
                        "Mô hình này được ủng hộ.") == ["Phường sạch"]  # fmt: skip


# --- rules written after held-out 12 ------------------------------------------------


def test_a_short_reference_with_its_year_keeps_number_and_year() -> None:
    (doc,) = find_documents("quán triệt Nghị định 59/2023, ngày 14-8-2023 của Chính phủ")
    assert (doc.text, doc.value["type"], doc.value["number"], doc.value["year"]) == (
        "Nghị định 59/2023", "ND", "59/2023", 2023,
    )  # fmt: skip
    assert mention_key("document", doc.value) == "ND 59/2023"
    # the full symbol in the same article completes it
    found = find_documents("Nghị định 61/2023 … Nghị định số 61/2023/NĐ-CP")
    assert [m.value.get("identifier") for m in found] == ["61/2023/NĐ-CP", "61/2023/NĐ-CP"]
    # no type word: a date, not a document; the head of a symbol is the symbol's
    assert find_documents("Kế hoạch năm 10/2022; tháng 12/2023 và Chỉ thị 12/5") == []


def test_a_tag_glued_to_its_number_is_a_short_reference() -> None:
    found = resolve_short_forms(find_documents("NQ21\n\nNghị quyết số 21 – NQ/TW (NQ21)"))
    assert [(m.text, m.value.get("identifier")) for m in found] == [
        ("NQ21", "21-NQ/TW"), ("21 – NQ/TW", "21-NQ/TW"), ("NQ21", "21-NQ/TW"),
    ]  # fmt: skip
    # not a year, not inside a word or a symbol, not a notation a text never tags
    assert find_documents("NQ2024, xNQ21, NQ21/TW, BC21, SL 24") == []


def test_a_central_membership_shared_by_a_list_is_each_members_role() -> None:
    people = find_people(
        "Dự có các đồng chí Ủy viên Bộ Chính trị: Phạm Minh Chính, Thủ tướng Chính phủ; "
        "Trần Thanh Mẫn, Chủ tịch Quốc hội; Lương Cường, Thường trực Ban Bí thư; các đồng "
        "chí lãnh đạo Đảng."
    )
    assert [(m.text, m.value["role"]) for m in people] == [
        ("Phạm Minh Chính", "committee-member"),
        ("Trần Thanh Mẫn", "committee-member"),
        ("Lương Cường", "committee-member"),
    ]
    # a lower body's membership gives way to the member's own post
    (person,) = find_people(
        "Cùng dự có các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh: Nguyễn Như An - Phó "
        "Chủ tịch HĐND tỉnh."
    )
    assert person.value["role"] == "vice-chair"


def test_a_semicolon_list_may_put_each_post_before_the_name() -> None:
    people = find_people(
        "Các đồng chí Ủy viên Bộ Chính trị: Thủ tướng Chính phủ Nguyễn Văn An; Phó thủ tướng "
        "Thường trực Trần Văn Bình; Phó thủ tướng Lê Thị Cúc; Đại tướng Ngô Văn Dũng, Bộ "
        "trưởng Bộ Quốc phòng; và các đồng chí lãnh đạo Đảng."
    )
    assert [(m.text, m.value["role"]) for m in people] == [
        ("Nguyễn Văn An", "committee-member"),
        ("Trần Văn Bình", "committee-member"),
        ("Lê Thị Cúc", "committee-member"),
        ("Ngô Văn Dũng", "committee-member"),
    ]
    # "A, B; C" under a former post: the item's comma-joined names are all listed
    names = find_people(
        "có các đồng chí nguyên Tổng Bí thư: Đỗ Văn An, Lê Văn Bình; Đại tướng Lê Văn Cường, "
        "nguyên Ủy viên Bộ Chính trị"
    )
    assert [(m.text, m.value["role"]) for m in names] == [
        ("Đỗ Văn An", "secretary"),
        ("Lê Văn Bình", "secretary"),
        ("Lê Văn Cường", "committee-member"),
    ]


def test_a_place_after_tai_is_no_person() -> None:
    people = find_people("Sáng 4/12, tại Hà Nội, Tổng Bí thư Tô Lâm đã dự đại hội")
    assert [(m.text, m.value["role"]) for m in people] == [("Tô Lâm", "secretary")]
    # after any other word the same shape is a person with the post after him
    people = find_people("Sáng 4/12, đồng chí Hà Văn Nội, Bí thư Tỉnh ủy, đã dự đại hội")
    assert [(m.text, m.value["role"]) for m in people] == [("Hà Văn Nội", "secretary")]


def test_a_year_still_to_come_dates_no_meeting() -> None:
    # "tầm nhìn đến năm 2045" is a target: the meeting's year is not it (the article
    # prints no other year; a day with no year to give it stays yearless)
    text = "Ngày 16/9, Huyện ủy tổ chức hội nghị về chiến lược phát triển tầm nhìn đến năm 2095."
    [day] = [m for m in find_dates(text) if m.text == "16/9"]
    assert day.value["iso"] == "--09-16"
    # a year that has come dates it as before
    text = "Ngày 16/9, Huyện ủy tổ chức hội nghị sơ kết năm 2019."
    [day] = [m for m in find_dates(text) if m.text == "16/9"]
    assert day.value["iso"] == "2019-09-16"


def test_a_part_of_a_year_named_again_keeps_the_year_it_was_named_with() -> None:
    text = "đánh giá 9 tháng đầu năm 2019. Trong 9 tháng đầu năm, huyện đạt; nhiệm kỳ 2020-2025"
    assert _dates(text)[:2] == [
        ("9 tháng đầu năm 2019", "2019-01/2019-09"),
        ("9 tháng đầu năm", "2019-01/2019-09"),
    ]
    # another part is not the same months: it takes the year guessed as before
    other = "đánh giá 9 tháng đầu năm 2019. Trong 6 tháng đầu năm, huyện đạt; năm 2020, năm 2020"
    assert ("6 tháng đầu năm", "2020-01/2020-06") in _dates(other)


def test_a_month_named_alone_after_trong_takes_the_articles_year() -> None:
    (month,) = find_dates("Trước mắt, trong tháng 10, Ban sẽ phối hợp", published="2011-10-12")
    assert (month.text, month.value["iso"], month.value["year_inferred"]) == (
        "tháng 10", "2011-10", True,
    )  # fmt: skip
    # no "trong": a bare month is left (often a duration's tail); its year printed: as before
    assert _dates("lương tháng 10, Ban sẽ", "2011-10-12") == []
    assert _dates("trong tháng 10 năm 2015 và trong tháng 13") == [("tháng 10 năm 2015", "2015-10")]
    assert _dates("trong tháng 10, Ban sẽ phối hợp") == []  # no year anywhere: no date


def test_a_plenum_numbered_before_the_central_committee_dates_nothing() -> None:
    text = (
        "Sáng 20/10, hội nghị quán triệt nghị quyết Hội nghị lần thứ 10 Ban Chấp hành Trung "
        "ương Đảng khóa XIII."
    )
    assert _dates(text) == [("20/10", "--10-20")]
    # the term alone still gives its first year, the earliest the day can be
    text = "Sáng 20/10, hội nghị triển khai kết luận của Ban Chấp hành Trung ương Đảng khóa XIII."
    assert _dates(text) == [("20/10", "2021-10-20")]


def test_figures_an_association_counted_not_a_meeting() -> None:
    assert _figure_values("và 43 Hội cựu chiến binh các ban") == [("43 Hội", 43)]
    # a council or a fair is no association this rule counts, nor "Hội" ending a sentence
    assert _figure_values("có 5 Hội đồng thi đua, 7 Hội chợ và 12 Hội.") == []


# --- rules written after held-out 13 ------------------------------------------------


def test_a_joint_programme_word_makes_a_short_reference() -> None:
    found = resolve_short_forms(
        find_documents("Chương trình phối hợp số 07/CTr-BCA-MTTQ; Chương trình phối hợp số 07 đã")
    )
    assert [(m.text, m.value.get("identifier")) for m in found] == [
        ("07/CTr-BCA-MTTQ", "07/CTr-BCA-MTTQ"),
        ("Chương trình phối hợp số 07", "07/CTr-BCA-MTTQ"),
    ]
    # the words alone before a count are no document
    assert find_documents("có 5 chương trình phối hợp 12 tháng") == []


def test_a_plural_of_former_posts_before_a_colon_is_each_names_post() -> None:
    people = find_people(
        "Dự có các nguyên Ủy viên Bộ Chính trị, nguyên Chủ tịch Quốc hội: Nguyễn Văn Ba, "
        "Trần Thị Tư; các đồng chí lãnh đạo."
    )
    assert [(m.text, m.value["role"]) for m in people] == [
        ("Nguyễn Văn Ba", "committee-member"),
        ("Trần Thị Tư", "committee-member"),
    ]
    # "các nguyên" before no post is no list
    assert find_people("các nguyên nhân chính: Nguyễn Văn Ba, Trần Thị Tư") == []


def test_a_minister_and_a_deputy_minister_before_their_names() -> None:
    people = find_people(
        "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ Trần Văn Năm dự. Thứ trưởng Bộ Tài "
        "nguyên và Môi trường Lê Văn Sáu và Tổng Giám đốc Đài truyền hình Phạm Văn Bảy phát biểu."
    )
    assert [(m.text, m.value["role"]) for m in people] == [
        ("Trần Văn Năm", "head"), ("Lê Văn Sáu", "deputy-head"), ("Phạm Văn Bảy", "head"),
    ]  # fmt: skip
    # an office named in capitals is no person, and "và" between two people still ends a post
    assert find_people("giữa Chủ nhiệm Văn Phòng Chính Phủ và Bộ trưởng Bộ Nội vụ") == []
    people = find_people("Thứ trưởng Bộ Nội vụ A và Nguyễn Văn Tám dự")
    assert [(m.text, m.value["role"]) for m in people] == []


def test_a_post_given_by_election_after_the_name() -> None:
    people = find_people("Đồng chí Hà Văn Chín tái đắc cử Chủ tịch LĐLĐ tỉnh")
    assert [(m.text, m.value["role"]) for m in people] == [("Hà Văn Chín", "chair")]
    people = find_people("Ông Lê Văn Mười được bầu Phó Chủ tịch Hội Nông dân")
    assert [(m.text, m.value["role"]) for m in people] == [("Lê Văn Mười", "vice-chair")]
    # elected to no post: the person keeps none
    people = find_people("Đồng chí Hà Văn Chín tái đắc cử nhiệm kỳ 2023 - 2028")
    assert [(m.text, m.value["role"]) for m in people] == [("Hà Văn Chín", None)]


def test_an_approximate_amount_counts_rounds() -> None:
    found = find_figures("Đã có 3 cuộc vận động, trên 10 đợt thi đua và hơn 4 kỳ họp.")
    assert [(m.text, m.value["number"], m.value["counted"]) for m in found] == [
        ("3 cuộc", 3, "cuộc"), ("10 đợt", 10, "đợt"), ("4 kỳ", 4, "kỳ"),
    ]  # fmt: skip
    # a bare number before a round's word is its label, and a duration stays none
    assert find_figures("tổ chức 3 đợt, trên 10 năm qua, hơn 5 tháng") == []


def test_two_sectors_in_words_are_a_figure() -> None:
    found = find_figures("Thực hiện chương trình, hai ngành đã phối hợp; hai đơn vị thống nhất.")
    assert [(m.text, m.value["number"]) for m in found] == [("hai ngành", 2), ("hai đơn vị", 2)]
    # one sector is an article's "một", a rank is no count, nor the two parties of "giữa"
    assert find_figures("một ngành, lần thứ hai ngành tổ chức, phối hợp giữa hai ngành") == []


# --- rules written after held-out 14 ------------------------------------------------


def test_a_quarter_in_roman_numerals_reads_the_longest_numeral() -> None:
    assert _date_values("Trong quý IV/2016 và quý III/2016") == [
        ("quý IV/2016", "2016-10/2016-12"),
        ("quý III/2016", "2016-07/2016-09"),
    ]
    # a roman numeral run into a word is no quarter
    assert _date_values("quý Ivan năm 2016") == []


def test_a_dot_between_month_and_year() -> None:
    assert _date_values("đến tháng 9.2015, Hội đã") == [("tháng 9.2015", "2015-09")]
    # a dot that ends a sentence before a year is no separator
    assert _date_values("trong 3 tháng 9. 2015 là năm") == []


def test_a_day_before_a_day_month_shares_its_month() -> None:
    # a pair after "ngày", as a range
    assert _date_values("Năm 2019. Ngày 12 và 13-6, Hội họp") == [
        ("12 và 13-6", "2019-06-12/2019-06-13")
    ]
    assert _date_values("Năm 2019, có 1 và 3/4 số hộ tham gia") == []  # no "ngày": a fraction
    # "từ ngày … đến ngày …": the first day is a date of its own
    assert _date_values("Năm 2019, từ ngày 9 đến ngày 14-6, đoàn") == [
        ("9", "2019-06-09"),
        ("14-6", "2019-06-14"),
    ]
    assert _date_values("Năm 2019, từ 9 đến 14-6 tấn") == []


def test_a_day_month_in_brackets_before_hang_nam_is_a_yearly_day() -> None:
    assert _date_values("Năm 2019. Ngày truyền thống (20/10) hàng năm của Hội") == [
        ("20/10", "--10-20")
    ]
    # without "hàng năm" a bare day-month after a noun is no date
    assert _date_values("Năm 2019. Ngày truyền thống (20/10) của Hội") == []


def test_a_post_given_by_re_election_to_hold_it() -> None:
    people = find_people("Bà Lê Thị Bảy tiếp tục được tín nhiệm bầu giữ chức Chủ tịch Hội.")
    assert [(m.text, m.value["role"]) for m in people] == [("Lê Thị Bảy", "chair")]
    # trust alone gives no post
    people = find_people("Bà Lê Thị Bảy tiếp tục được tín nhiệm cao.")
    assert [(m.text, m.value["role"]) for m in people] == [("Lê Thị Bảy", None)]


def test_a_political_commissar_heads_the_command() -> None:
    people = find_people(
        "Đại tá Trần Văn Tám, Chính ủy Bộ Chỉ huy Quân sự tỉnh; Chính ủy Lê Văn Chín và "
        "Thượng tá Phạm Văn Mười, Phó Chính ủy Bộ Chỉ huy."
    )
    assert [(m.text, m.value["role"]) for m in people] == [
        ("Trần Văn Tám", "head"), ("Lê Văn Chín", "head"), ("Phạm Văn Mười", "deputy-head"),
    ]  # fmt: skip
    # "chính" before another word is no post
    people = find_people("Đại tá Trần Văn Tám, chính trị viên")
    assert [(m.text, m.value["role"]) for m in people] == [("Trần Văn Tám", None)]


def test_the_youth_union_is_no_person() -> None:
    assert find_people("Ban Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh phát động") == []
    # a person whose name begins with the same two words stays one
    people = find_people("Bí thư Đoàn Thanh Hải phát biểu")
    assert [(m.text, m.value["role"]) for m in people] == [("Đoàn Thanh Hải", "secretary")]


def test_the_fronts_committees_and_a_number_of_families_are_counted() -> None:
    assert _figure_values("thành lập 7 Mặt trận cấp huyện; hỗ trợ 42 số gia đình nghèo") == [
        ("7 Mặt trận", 7), ("42 số gia đình", 42),
    ]  # fmt: skip
    # "số" before a demonstrative or "lượng" counts nothing
    assert _figure_values("trong 5 số này, 3 số lượng") == []


def test_a_numbered_emulation_bloc_is_no_count() -> None:
    assert _figure_values("Khối thi đua 3 các cơ quan tỉnh; Cụm thi đua 4 huyện miền núi") == []
    # a count inside the bloc's sentence still counts
    assert _figure_values("Khối thi đua 3 gồm 12 đơn vị") == [("12 đơn vị", 12)]


# --- rules written after held-out 15 ------------------------------------------------


def test_a_count_after_a_slash_or_a_spaceless_comma_follows_a_word() -> None:
    # "12 tổ/80 thành viên": groups and their members tallied after a slash (the open
    # rule reads one word of what is counted); a comma that lost its space ("an toàn,7
    # tổ") still parts two counts
    assert _figure_values("lập 12 tổ/80 thành viên, 3 tổ/ 1.200 hộ; an toàn,7 tổ tự quản") == [
        ("12 tổ", 12), ("80 thành", 80), ("3 tổ", 3), ("1.200 hộ", 1200), ("7 tổ", 7),
    ]  # fmt: skip
    # after a digit it is a ratio's whole or a decimal, after a capital an identifier's tail
    assert [v for _, v in _figure_values("đạt 81/97 mô hình; 2,5 ha")] == [81, 2.5]
    assert _figure_values("theo CT/12 người dân") == []


def test_the_total_number_before_a_count_is_no_label() -> None:
    assert _figure_values("toàn khu có tổng số 10 camera an ninh") == [("10 camera", 10)]
    assert _figure_values("nhà số 10 camera an ninh") == []  # a house number


def test_ideas_counted_though_their_first_word_is_one_letter() -> None:
    assert _figure_values("100 ý tưởng, sáng kiến được chọn") == [("100 ý tưởng", 100)]
    assert _figure_values("chọn 100 ý") == []


def test_a_capitalised_classifier_before_a_lower_case_noun_counts_it() -> None:
    assert _figure_values("đã trao tặng 1 Ngôi nhà tình nghĩa, 2 Căn nhà đại đoàn kết") == [
        ("1 Ngôi nhà", 1), ("2 Căn nhà", 2),
    ]  # fmt: skip
    assert _figure_values("đội bóng 1 Ngôi Sao xanh") == []  # a name


def test_localities_and_bodies_in_words_and_five_only_in_a_list() -> None:
    assert _figure_values("kiểm tra mười địa phương và năm cơ quan Trung ương") == [
        ("mười địa phương", 10), ("năm cơ quan", 5),
    ]  # fmt: skip
    # "năm" alone is a year ("năm cơ quan tổ chức": the year the body holds it)
    assert _figure_values("trong năm cơ quan tổ chức hội nghị") == []


def test_the_general_secretary_with_bi_thu_in_lower_case() -> None:
    people = find_people("Tổng bí thư Nguyễn Phú Trọng chủ trì cuộc họp.")
    assert [(m.text, m.value["role"]) for m in people] == [("Nguyễn Phú Trọng", "secretary")]
    # a plain "bí thư" in lower case is a common noun, no post
    assert find_people("các bí thư Nguyễn Văn An phát biểu.") == []


def test_a_standing_deputy_secretary_abbreviated_tt_with_a_dot() -> None:
    text = "Phó Bí thư TT. Tỉnh ủy, Chủ tịch HĐND tỉnh Cao Thị Hòa An phát biểu."
    people = find_people(text)
    assert [(m.text, m.value["role"]) for m in people] == [
        ("Cao Thị Hòa An", "standing-deputy-secretary"),
    ]  # fmt: skip
    # any other dot ends the post: the name holds the post after it
    people = find_people("Phó Bí thư Tỉnh ủy. Chủ tịch HĐND tỉnh Cao Thị Hòa An phát biểu.")
    assert [(m.text, m.value["role"]) for m in people] == [("Cao Thị Hòa An", "chair")]


def test_posts_of_a_ministry_with_va_an_abbreviation_and_a_lifespan_before_the_post() -> None:
    text = (
        "Phó Thủ tướng Mai Văn Chính, Bộ trưởng Bộ Dân tộc và Tôn giáo Đào Ngọc Dung dự. "
        "Có đồng chí Võ Tấn Lạt BTĐU, ông Trần Văn Hùng PBTHU. "
        "Kỷ niệm ngày sinh cụ Bùi Bằng Đoàn (19/9/1889 - 19/9/2019), Trưởng ban Thường "
        "trực Quốc hội (có đề cương)."
    )
    assert [(m.text, m.value["role"], m.value.get("post_text")) for m in find_people(text)] == [
        ("Mai Văn Chính", "deputy-head", "Phó Thủ tướng"),
        ("Đào Ngọc Dung", "head", "Bộ trưởng Bộ Dân tộc và Tôn giáo"),
        ("Võ Tấn Lạt", "secretary", "BTĐU"),
        ("Trần Văn Hùng", "deputy-secretary", "PBTHU"),
        ("Bùi Bằng Đoàn", "head", "Trưởng ban Thường trực Quốc hội"),
    ]
    # "và" before a second person still ends the first one's post
    people = find_people("đồng chí Lê Văn An, Bí thư Huyện ủy và Ngô Liền – Trưởng Ban Dân vận.")
    assert [(m.text, m.value.get("post_text")) for m in people] == [
        ("Lê Văn An", "Bí thư Huyện ủy"), ("Ngô Liền", "Trưởng Ban Dân vận"),
    ]  # fmt: skip


def test_a_deputy_speaking_is_a_person_a_bodys_delegate_is_not() -> None:
    people = find_people("Thảo luận, đại biểu Trần Quốc Tuấn (Trà Vinh) đề nghị bổ sung.")
    assert [(m.text, m.value["role"]) for m in people] == [("Trần Quốc Tuấn", None)]
    assert find_people("Đại biểu Hội Nông dân tỉnh và đại biểu Ban Dân vận dự.") == []
    # "ĐBQH A" in a headline; "Trưởng đoàn ĐBQH Hà Tĩnh A" is the delegation's
    people = find_people("ĐBQH Trần Quốc Tuấn (Trà Vinh): Khuyến khích bảo vệ cán bộ")
    assert [(m.text, m.value["role"]) for m in people] == [("Trần Quốc Tuấn", None)]
    people = find_people("Trưởng đoàn ĐBQH Hà Tĩnh Trần Văn Bình phát biểu")
    assert [(m.text, m.value["role"]) for m in people] == [("Trần Văn Bình", "head")]


def test_people_counted_by_abbreviation_and_sessions_in_words_but_not_1_so() -> None:
    assert _figure_values("thu hút hơn 85 ĐVTN và 30 HSSV tham gia") == [
        ("85 ĐVTN", 85), ("30 HSSV", 30),
    ]  # fmt: skip
    assert _figure_values("Trung ương tổ chức hai kỳ hội nghị") == [("hai kỳ hội nghị", 2)]
    assert _figure_values("ban hành 1 số chủ trương mới") == []  # "một số": some


def test_a_programme_named_after_its_decision_is_no_document() -> None:
    text = "Quyết định số 1719 ngày 14/10/2021 (gọi tắt là Chương trình 1719)."
    assert [m.text for m in find_documents(text)] == ["Quyết định số 1719"]
    # with "số" it is a programme of action, a document
    assert [m.text for m in find_documents("thực hiện Chương trình số 12 của Tỉnh ủy")] == [
        "Chương trình số 12"
    ]


def test_a_target_year_dates_no_meeting() -> None:
    text = (
        "Ngày 2/12, Bộ Chính trị cho ý kiến về Đề án tổng kết 10 năm thực hiện Nghị quyết "
        "về phát triển Thành phố đến năm 2020; phương hướng đến năm 2030, tầm nhìn đến năm 2045."
    )
    assert _dates(text) == [("2/12", "--12-02")]
    # a year the clause starts from still dates it: 10 years on from 2012
    assert _dates("Ngày 2/12, tổng kết 10 năm thực hiện Nghị quyết năm 2012.") == [
        ("2/12", "2022-12-02")
    ]


def test_a_party_symbol_with_a_dot_for_its_dash_is_a_document() -> None:
    text = "quán triệt Nghị quyết số 26.NQ/TW và Chỉ thị số 05.CT/TU."
    assert [(m.text, m.value["identifier"]) for m in find_documents(text)] == [
        ("26.NQ/TW", "26-NQ/TW"), ("05.CT/TU", "05-CT/TU"),
    ]  # fmt: skip


def test_a_years_comparison_and_the_same_month_with_its_year_date_a_day() -> None:
    # "so với cùng kỳ năm 2018": the same part of the year before, so the clause is 2019's
    text = "Ngày 26/7, Đảng ủy sơ kết. Kết quả tăng so với cùng kỳ năm 2018."
    assert _dates(text) == [("26/7", "2019-07-26")]
    # a plain comparison says nothing of the year ("so với năm 2015")
    assert _dates("Ngày 26/7, Đảng ủy sơ kết. Kết quả tăng so với năm 2015.") == [
        ("26/7", "--07-26")
    ]
    # the month with its year, in the sentence or once in the article, over later years
    text = (
        "Ngày 28 tháng 11, tại Hà Nội, Ban Thường vụ họp. Hội nghị thường kỳ tháng 11/2011 "
        "bàn các báo cáo sẽ triển khai trong năm 2012, năm 2012 và năm 2012."
    )
    assert _dates(text)[0] == ("28 tháng 11", "2011-11-28")


def test_a_meeting_on_a_resolution_comes_after_the_resolution() -> None:
    text = (
        "Chiều ngày 29/3, Hội Nông dân xã triển khai Nghị quyết, nhiệm kỳ 2023- 2028. "
        "Nghị quyết số 46-NQ/TW, ngày 20/12/2023 của Bộ Chính trị."
    )
    assert _dates(text)[0] == ("29/3", "2024-03-29")


def test_two_full_dates_joined_by_a_slash_are_both_dates() -> None:
    assert _dates("Ngày truyền thống ( 18-11-1930/ 18-11- 2014 ) tại xã") == [
        ("18-11-1930", "1930-11-18"), ("18-11- 2014", "2014-11-18"),
    ]  # fmt: skip
    assert _dates("Quyết định số 12/5/2020/QĐ-UBND") == []  # a symbol's head, no date


def test_a_short_reference_takes_the_assemblys_resolution_of_its_number() -> None:
    text = "quán triệt Nghị quyết số 54/2017/QH14 của Quốc hội.\n\nHội nghị quán triệt NQ54"
    found = resolve_short_forms(find_documents(text))
    assert [(m.text, m.value.get("identifier")) for m in found] == [
        ("54/2017/QH14", "54/2017/QH14"), ("NQ54", "54/2017/QH14"),
    ]  # fmt: skip
    # a Decision 54 is no resolution: it stays as stated
    found = resolve_short_forms(find_documents(text.replace("NQ54", "Quyết định số 54")))
    assert found[1].value.get("identifier") is None


def test_law_as_a_word_is_no_document() -> None:
    text = "hưởng ứng Ngày Pháp luật 2019; kỷ luật 20 đảng viên; thi hành Luật 25 năm"
    assert [m.text for m in find_documents(text)] == []
    assert [m.text for m in find_documents("theo Luật số 10/2022/QH15")] == ["10/2022/QH15"]
    assert ("20 đảng viên", 20) in _figure_values(text)


def test_quarters_with_a_dash_ranges_to_a_full_date_and_days_to_come() -> None:
    assert _dates("tình hình quý IV-2025 và quý I-2026") == [
        ("quý IV-2025", "2025-10/2025-12"), ("quý I-2026", "2026-01/2026-03"),
    ]  # fmt: skip
    assert _dates("tháng cao điểm (10/10 đến 10/11/2019) và từ 20/12 đến 5/1/2020") == [
        ("10/10", "2019-10-10"), ("10/11/2019", "2019-11-10"),
        ("20/12", "2019-12-20"), ("5/1/2020", "2020-01-05"),
    ]  # fmt: skip
    # a day the sentence says is to come is not put back a year before the page's date
    text = "PV 14/10/2024 09:42\n\nĐại hội sẽ diễn ra từ ngày 16-18/10 tại Hà Nội."
    assert ("16-18/10", "2024-10-16/2024-10-18") in _dates(text)
    text = "PV 14/10/2024 09:42\n\nĐại hội đã diễn ra từ ngày 16-18/10 tại Hà Nội."
    assert ("16-18/10", "2023-10-16/2023-10-18") in _dates(text)


def test_stressed_words_programme_names_and_numbered_groups_are_no_models_or_counts() -> None:
    text = "Kết luận 14 là điểm nhấn để nhân rộng mô hình, để “mở đường”, “cởi trói” cho cán bộ."
    assert find_models(text) == []
    assert [m.text for m in find_models("nhân rộng mô hình “quỹ tiết kiệm” của Hội")] == [
        "quỹ tiết kiệm"
    ]
    assert _figure_values("tổng kết chương trình “Một triệu sáng kiến” năm 2023") == []
    assert _figure_values("chiến sĩ khối 4 cơ quan Bộ Chỉ huy quân sự tỉnh") == []


def test_a_country_or_a_colon_after_anh_names_no_one() -> None:
    text = "Đ/c Hoàng Hải Minh - Chủ tịch UBND, nhận quà của thành phố Namyangju, Hàn Quốc."
    assert [m.text for m in find_people(text)] == ["Hoàng Hải Minh"]
    assert find_people("Hội được thành lập (tên tiếng Anh: Vietnam Association for Victims).") == []


def test_a_reviewed_term_a_day_after_today_and_a_documents_own_date() -> None:
    # the review of a term is held as it ends; no day of the past is after today
    text = (
        "Chiều 17/12, Hội tổ chức hội nghị tổng kết nhiệm kỳ 2016-2021, triển khai phương "
        "hướng, nhiệm vụ giai đoạn 2021-2026."
    )
    assert _dates(text)[0] == ("17/12", "2021-12-17")
    # a document's yearless date is not put after the documents cited with it
    text = (
        "Thực hiện Hướng dẫn 29-HD/BTGTU ngày 13/8 của Ban Tuyên giáo và Hướng dẫn số "
        "20-HD/ĐUK ngày 10/9/2021 của Đảng ủy Khối."
    )
    assert _dates(text)[0] == ("13/8", "2021-08-13")


def test_ranges_of_day_months_and_of_months_and_a_bracketed_span_of_years() -> None:
    text = "chiến dịch Hè 2016 sẽ diễn ra từ 1/6 đến 31/8."
    assert _dates(text) == [("1/6", "2016-06-01"), ("31/8", "2016-08-31")]
    assert _dates("tỷ lệ từ 1/6 đến 1/3 số hộ") == []  # shares: no range runs backwards
    assert _dates("từ tháng 6 đến tháng 8 năm 2024") == [
        ("tháng 6", "2024-06"), ("tháng 8 năm 2024", "2024-08"),
    ]  # fmt: skip
    assert _dates("Học viện xây dựng và phát triển (1993-2024)") == [("1993-2024", "1993/2024")]
    assert _dates("mã số 1993-2024 của hồ sơ") == []  # bare and far apart: no period


def test_a_short_reference_dated_in_words_and_a_deputy_director_of_an_institute() -> None:
    text = "thực hiện Chỉ thị số 31 ngày 21 tháng 12 năm 2023 của Thủ tướng"
    assert [m.text for m in find_documents(text)] == ["Chỉ thị số 31"]
    assert find_documents("Kế hoạch 100 ngày đêm") == []
    people = find_people("Tại hội thảo, TS. Nguyễn Trung Thắng – Phó Viện trưởng Viện Chiến lược.")
    assert [(m.text, m.value["role"]) for m in people] == [("Nguyễn Trung Thắng", "deputy-head")]


def test_laws_and_district_committees_counted_not_a_zero_before_a_preposition() -> None:
    assert _figure_values("sửa đổi, bổ sung 04 Luật chuyên ngành") == [("04 Luật", 4)]
    assert _figure_values("hội nghị trực tuyến với 11 Huyện, Thị, Thành ủy") == [
        ("11 Huyện", 11)
    ]
    assert _figure_values("phát thải ròng bằng 0 vào năm 2050") == []


def test_clubs_listed_as_examples_of_models_and_campaigns_listed_together() -> None:
    text = (
        "Nhiều mô hình được nhân rộng như CLB “Phụ nữ cao tuổi sống vui, khỏe”, tổ “Phụ nữ "
        "có chồng đi biển”, CLB “Nữ thanh niên tự tin năng động”."
    )
    assert [m.value["name"] for m in find_models(text)] == [
        "Phụ nữ cao tuổi sống vui, khỏe", "Phụ nữ có chồng đi biển",
        "Nữ thanh niên tự tin năng động",
    ]  # fmt: skip
    text = (
        "xây dựng mô hình gắn với cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”, “Rèn "
        "luyện 4 phẩm chất đạo đức” và gắn liền với việc “Học tập và làm theo tư tưởng Bác”."
    )
    assert find_models(text) == []


def test_the_other_half_of_a_year_up_to_a_day_and_months_of_one_year() -> None:
    text = "sơ kết 6 tháng đầu năm 2020, nhiệm vụ 6 tháng cuối năm và năm 2021"
    assert _dates(text)[1] == ("6 tháng cuối năm", "2020-07/2020-12")
    assert _dates("Tính đến 15/6, đã có 28/30 quận năm 2024") == [("15/6", "2024-06-15")]
    assert _dates("trong tháng 2-4/ 2023, Đoàn tổ chức") == [
        ("tháng 2-4/ 2023", "2023-02/2023-04")
    ]


def test_acting_and_lower_case_deputy_posts_a_city_abbreviated_and_committee_members() -> None:
    cases = {
        "Bí thư Thành ủy TP.HCM Nguyễn Văn Nên cho biết.": ("Nguyễn Văn Nên", "secretary"),
        "Đồng chí Nguyễn Thái Học - Quyền Bí thư Tỉnh ủy.": ("Nguyễn Thái Học", "secretary"),
        "Dự có Phó chủ tịch HĐND huyện Mai Thị Hạnh.": ("Mai Thị Hạnh", "vice-chair"),
        "Phó trưởng Đoàn phụ trách Đoàn ĐBQH tỉnh Lê Thị Thanh Lam báo cáo.": (
            "Lê Thị Thanh Lam", "deputy-head",
        ),
        "Ðồng chí Nguyễn Quốc Cường được bầu lại làm Chủ tịch.": ("Nguyễn Quốc Cường", "chair"),
        "Đồng chí Trần Xuân Vui, ĐUV, Chủ tịch Hội CCB.": ("Trần Xuân Vui", "committee-member"),
    }  # fmt: skip
    for text, expected in cases.items():
        assert [(m.text, m.value["role"]) for m in find_people(text)] == [expected], text


def test_areas_and_ethnic_minorities_counted() -> None:
    assert _figure_values("diện tích 4600 km2 và 258,89 km2, trồng 3.400ha lúa") == [
        ("4600 km2", 4600), ("258,89 km2", 258.89), ("3.400ha", 3400),
    ]  # fmt: skip
    assert _figure_values("xã có 12 DTTS cùng sinh sống") == [("12 DTTS", 12)]


def test_a_district_and_its_town_of_one_name_are_two_units_each_with_its_bodies() -> None:
    text = (
        "Thường trực HĐND huyện phối hợp với Ủy ban Mặt trận Tổ quốc huyện tổ chức tiếp xúc "
        "cử tri tại các xã Mỹ Lương và thị trấn Yên Lập. HĐND huyện Yên Lập báo cáo."
    )
    record = extract(text, Metadata(province="Phú Thọ")).record
    units = {unit["key"]: (unit["name"], unit["level"]) for unit in record["units"]}
    assert ("Thị trấn Yên Lập", "commune") in units.values()
    assert ("Yên Lập", "district") in units.values()
    district = next(key for key, value in units.items() if value == ("Yên Lập", "district"))
    bodies = {org["name"]: org["territory"] for org in record["organisations"]}
    assert bodies["HĐND huyện Yên Lập"] == district
    # a person named after a body is no unit
    record = extract("Dự có Phó chủ tịch HĐND huyện Mai Thị Hạnh.", Metadata(province="Phú Thọ"))
    assert "Mai Thị Hạnh" not in [unit["name"] for unit in record.record.get("units", [])]


def test_branch_heads_cities_named_like_people_and_numbered_hamlets() -> None:
    text = "Bà Dương Thị Lý - Chi hội trưởng Chi hội phụ nữ khu Trung Sơn cho biết."
    assert [(m.text, m.value["role"]) for m in find_people(text)] == [("Dương Thị Lý", "head")]
    assert find_people("Chương trình “Biểu dương” được tổ chức tại thủ đô Hà Nội.") == []
    assert _figure_values("có 6 Chi hội nghề nghiệp và 9 Hợp tác xã") == [
        ("6 Chi hội", 6), ("9 Hợp tác xã", 9),
    ]  # fmt: skip
    assert _figure_values("Chi hội Phụ nữ ấp 4 cùng các hội viên") == []


def test_a_post_the_clause_before_the_title_gives() -> None:
    text = "Với vai trò là Bí thư chi bộ, ông Nguyễn Đức Sáng đã cùng Ban chi ủy xây dựng."
    assert [(m.text, m.value["role"]) for m in find_people(text)] == [
        ("Nguyễn Đức Sáng", "secretary")
    ]
    text = "Trên cương vị Chủ tịch Hội Nông dân xã, bà Lê Thị Hoa luôn gương mẫu."
    assert [(m.text, m.value["role"]) for m in find_people(text)] == [("Lê Thị Hoa", "chair")]
    # a role that is no post gives none
    text = "Với vai trò quan trọng, ông Nguyễn Văn An phát biểu."
    assert [(m.text, m.value["role"]) for m in find_people(text)] == [("Nguyễn Văn An", None)]
