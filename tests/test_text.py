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


def _strip_whole_string(text: str) -> str:
    """The definition: decompose the whole string, drop every combining mark."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def test_strip_diacritics_char_by_char_equals_decomposing_whole_strings() -> None:
    # strip_diacritics translates one character at a time (a cached table); the result
    # must be what decomposing the whole string gives, for NFD input and stacked marks too.
    chars = [chr(code) for code in range(0x20, 0x2000)] + ["\u0301", "\u0323", "\u0309"]
    for char in chars:
        assert strip_diacritics(char) == _strip_whole_string(char), hex(ord(char))
    samples = [
        unicodedata.normalize("NFD", "Đặng Thị Thùy Vinh, Quảng Ngãi"),
        "a\u0323\u0302 e\u0302\u0301 \u0301leading mark",
        "Ủy ban nhân dân ỹ ỵ 北京 Ωμέγα",
    ]
    for text in samples:
        assert strip_diacritics(text) == _strip_whole_string(text)


def test_match_key_finds_unaccented_names_only_when_asked() -> None:
    assert match_key("Thanh Liem") != match_key("Thanh Liêm")
    assert match_key("Thanh Liem", ignore_diacritics=True) == match_key(
        "thanh liêm", ignore_diacritics=True
    )


def test_slugify_is_ascii_and_stable() -> None:
    assert slugify("Huyện ủy Thanh Liêm") == "huyen-uy-thanh-liem"
    assert slugify("Huyện uỷ Thanh Liêm") == slugify("Huyện ủy Thanh Liêm")
    assert slugify("  Đề án 06-ĐA/TU ") == "de-an-06-da-tu"


def test_the_letters_that_may_move_a_tone_mark_are_written_out_right() -> None:
    from danvan_kg import text

    assert frozenset(text._last_letters_that_may_move()) == text._MAY_MOVE


def test_the_shortcut_for_words_whose_mark_cannot_move_changes_nothing() -> None:
    """normalise skips words that cannot change; the full rule gives the same text."""
    import re

    from danvan_kg import text

    def full_rule(value: str) -> str:
        nfc = unicodedata.normalize("NFC", value)
        folded = re.sub(r"\w+", lambda match: slow_fold(match.group(0)), nfc)
        return " ".join(folded.split())

    def slow_fold(word: str) -> str:
        # The rule without its shortcut: make the first check pass for every word.
        saved = text._MAY_MOVE
        text._MAY_MOVE = frozenset(word[-1])
        try:
            return text._fold_tone_placement(word)
        finally:
            text._MAY_MOVE = saved

    words = [
        "khoá",
        "Thuỳ",
        "hoà",
        "Uỷ",
        "thuỷ",
        "hoè",
        "Hoá",
        "hoàng",
        "quý",
        "thuở",
        "Huế",
        "kho\u0061\u0301",
        "Thu\u0079\u0300",
        "oá\u0300",
        "o\u0f73",
        "xoã",
        "HOẠ",
        "Đảng",
        "tỉnh",
        "ủy",
        "ban",
        "a",
        "",
        "ý",
        "oạ",
        "uỵ",
        "qoá",
    ]
    for first in words:
        for second in words:
            value = f"{first} {second}  {first}{second}"
            assert normalise(value) == full_rule(value), value
