"""Vietnamese text normalisation: NFC, one tone-mark placement, folding for search."""

import unicodedata

import pytest

from danvan_kg.text import match_key, normalise, slugify, strip_diacritics


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("khoá", "khóa"),
        ("khóa", "khóa"),
        ("Thuỳ", "Thùy"),
        ("Thùy", "Thùy"),
        ("hoà bình", "hòa bình"),
        ("Uỷ ban", "Ủy ban"),
        ("thuỷ lợi", "thủy lợi"),
        ("hoè", "hòe"),
        ("Thanh Hoá", "Thanh Hóa"),
        # a consonant after the pair: the mark stays on the second vowel in both styles
        ("hoàng", "hoàng"),
        ("khuyến", "khuyến"),
        ("Nguyễn", "Nguyễn"),
        # after q the u is part of the consonant: "quý", "quả" are unchanged
        ("quý", "quý"),
        ("quả", "quả"),
        # ô, ơ, ư change the vowel, not just the tone: never moved
        ("thuở", "thuở"),
        ("người", "người"),
        ("Huế", "Huế"),
        ("Nguyễn Huệ", "Nguyễn Huệ"),
        ("khuê", "khuê"),
        ("thuở", "thuở"),
    ],
)
def test_tone_mark_placement_folds_to_one_form(variant: str, expected: str) -> None:
    assert normalise(variant) == expected


def test_nfd_input_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Đặng Thị Thùy Vinh")
    assert decomposed != "Đặng Thị Thùy Vinh"
    assert normalise(decomposed) == "Đặng Thị Thùy Vinh"
    assert unicodedata.is_normalized("NFC", normalise(decomposed))


def test_nfd_old_style_and_new_style_are_one_value() -> None:
    spellings = {"khoá XI", "khóa XI", unicodedata.normalize("NFD", "khoá XI"), "khóa  XI "}
    assert {normalise(s) for s in spellings} == {"khóa XI"}


def test_whitespace_is_tidied() -> None:
    assert normalise("  Ban  Dân vận\tTỉnh ủy\n") == "Ban Dân vận Tỉnh ủy"


def test_strip_diacritics_maps_d_bar() -> None:
    assert strip_diacritics("Đồng Tháp, Chợ Đồn") == "Dong Thap, Cho Don"


def test_match_key_finds_unaccented_names_only_when_asked() -> None:
    assert match_key("Thanh Liem") != match_key("Thanh Liêm")
    assert match_key("Thanh Liem", ignore_diacritics=True) == match_key(
        "thanh liêm", ignore_diacritics=True
    )


def test_slugify_is_ascii_and_stable() -> None:
    assert slugify("Huyện ủy Thanh Liêm") == "huyen-uy-thanh-liem"
    assert slugify("Huyện uỷ Thanh Liêm") == slugify("Huyện ủy Thanh Liêm")
    assert slugify("  Đề án 06-ĐA/TU ") == "de-an-06-da-tu"
