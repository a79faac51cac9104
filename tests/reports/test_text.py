"""The bidi text layer: wrapping in logical order, shaping, reordering, mirroring, digits, glyph coverage."""

from __future__ import annotations

import arabic_reshaper
from bidi.mirror import MIRRORED
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.reports.labels import CHOICES, WORDS, form_choices
from fieldapp.reports.text import (
    FONT,
    digits,
    drawable,
    has_rtl,
    missing_glyphs,
    register_fonts,
    shaped,
    visual,
    width,
    wrap,
)

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ"
arabic_words = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=9)
latin_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=9)
number_words = st.from_regex(r"[0-9]{1,6}", fullmatch=True)
mixed_words = st.lists(st.one_of(arabic_words, latin_words, number_words), min_size=1, max_size=30)


def setup_module() -> None:
    register_fonts()


@settings(max_examples=80, deadline=None)
@given(words=mixed_words, column=st.floats(min_value=40, max_value=400))
def test_wrap_keeps_every_word_in_order_and_fits_the_column(words: list[str], column: float) -> None:
    text = " ".join(words)
    lines = wrap(text, column, FONT, 10)
    # Same words, same logical order (a word wider than the column may be split into pieces).
    assert "".join(" ".join(lines).split()) == "".join(words)
    for line in lines:
        if " " in line:  # a line of several words never overflows
            assert width(line, FONT, 10) <= column + 0.01


@settings(max_examples=80, deadline=None)
@given(words=st.lists(arabic_words, min_size=1, max_size=8))
def test_pure_arabic_line_is_the_shaped_text_reversed(words: list[str]) -> None:
    line = " ".join(words)
    assert visual(line, True) == arabic_reshaper.reshape(line)[::-1]


@settings(max_examples=80, deadline=None)
@given(words=mixed_words, rtl=st.booleans())
def test_reordering_loses_and_invents_no_character(words: list[str], rtl: bool) -> None:
    line = " ".join(words)
    shown = visual(line, rtl)
    unmirror = {v: k for k, v in MIRRORED.items()}
    fold = lambda s: sorted(unmirror.get(ch, ch) if ch in "()[]{}<>" else ch for ch in s)  # noqa: E731
    assert fold(shown) == fold(shaped(line))


def test_latin_line_is_left_untouched_in_both_directions() -> None:
    assert visual("Social Security 2,500 SAR", True) == "Social Security 2,500 SAR"
    assert visual("Social Security 2,500 SAR", False) == "Social Security 2,500 SAR"


def test_dates_file_numbers_and_amounts_keep_their_reading_order_inside_arabic() -> None:
    for token in ("2026-11-23", "JED-2026-00012", "1,250.50", "+966-555-1234", "12:30"):
        shown = visual(f"التاريخ {token} هنا", True)
        assert token in shown
        # Arabic reads from the right: the first word sits at the right end of the drawn string.
        assert shown.endswith(shaped("التاريخ")[::-1])


def test_mixed_line_puts_arabic_first_on_the_right_and_english_in_reading_order() -> None:
    shown = visual("تحصل الأسرة على Social Security شهريا", True)
    assert shown.endswith(shaped("تحصل")[::-1])
    assert shown.startswith(shaped("شهريا")[::-1])
    assert "Social Security" in shown


def test_brackets_are_mirrored_around_arabic_text() -> None:
    assert visual("(محمد) 3 أفراد", True).split()[-1] == "(" + shaped("محمد")[::-1] + ")"
    english = visual("Head: محمد أحمد (أم), 2026-11-23", False)
    assert english.startswith("Head: (")
    assert english.endswith(", 2026-11-23")


def test_wrap_happens_before_reordering_so_the_first_line_starts_the_sentence() -> None:
    sentence = "هذه الجملة الطويلة يجب أن تلتف على عدة أسطر وأن يبدأ كل سطر من اليمين بالكلمة التالية"
    lines = wrap(sentence, 120, FONT, 10)
    assert len(lines) > 2
    assert lines[0].split()[0] == "هذه"
    assert visual(lines[0], True).endswith(shaped("هذه")[::-1])


def test_arabic_digits_setting_spares_latin_tokens() -> None:
    assert digits("1,583.33 ر.س", "arabic") == "١٬٥٨٣٫٣٣ ر.س"
    assert digits("JED-2026-00012 في 2026", "arabic") == "JED-2026-00012 في ٢٠٢٦"
    assert digits("2026", "latin") == "2026"
    assert has_rtl("٢٠٢٦")


def test_every_label_and_choice_has_glyphs_in_amiri() -> None:
    texts = [t for pair in WORDS.values() for t in pair]
    texts += [t for table in CHOICES.values() for pair in table.values() for t in pair]
    texts += [t for table in form_choices().values() for pair in table.values() for t in pair]
    missing = {t: missing_glyphs(t) for t in texts if missing_glyphs(t)}
    assert missing == {}


def test_characters_without_a_glyph_are_replaced_not_dropped() -> None:
    assert missing_glyphs("a → b")
    assert drawable("a → b") == "a > b"
    assert not missing_glyphs(drawable("☃ snow"))
