"""Languages: the .ts is complete, the layout direction follows the language, dates and digits follow
the settings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.paths import resource_path
from fieldapp.ui.fmt import Formatter
from fieldapp.ui.i18n import apply_language
from fieldapp.ui.i18n_tool import extract
from fieldapp.ui.qt import Qt
from fieldapp.ui.settings import Settings

TS = resource_path("i18n", "fieldapp_ar.ts")


def _messages() -> dict[tuple[str, str], ET.Element]:
    result = {}
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            result[(context.findtext("name") or "", message.findtext("source") or "")] = message
    return result


def test_every_message_in_the_ts_has_an_arabic_translation() -> None:
    messages = _messages()
    assert len(messages) > 100
    bad = []
    for key, message in messages.items():
        translation = message.find("translation")
        if translation is None or not (translation.text or "").strip() or translation.get("type") in (
                "unfinished", "obsolete", "vanished"):
            bad.append(key)
    assert bad == []


def test_every_ui_string_in_the_code_is_in_the_ts() -> None:
    messages = _messages()
    missing = [(c, s) for c, texts in extract().items() for s in texts if (c, s) not in messages]
    assert missing == [], "run: python -m fieldapp.ui.i18n_tool and translate the new strings"


def test_translations_are_arabic() -> None:
    arabic = [m.findtext("translation") or "" for m in _messages().values()]
    share = sum(any("\u0600" <= ch <= "\u06ff" for ch in t) for t in arabic) / len(arabic)
    assert share > 0.95


def test_layout_direction_follows_the_language(qapp: Any) -> None:
    apply_language(qapp, "ar")
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    apply_language(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_window_speaks_arabic_right_to_left(qapp: Any, profile: Any) -> None:
    from fieldapp.ui.app import build

    _app, session, window = build(profile, "ar", synchronous=True)
    try:
        window.show()
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.unlock.button.text() == "فتح"
        assert window.unlock.isRightToLeft()
    finally:
        session.close()
        window.close()
        apply_language(qapp, "en")
        qapp.processEvents()
    assert window.unlock.button.text() == "Unlock"   # retranslated on the LanguageChange event


def test_hijri_umm_al_qura_beside_gregorian() -> None:
    fmt = Formatter(Settings(language="en", digits="latin", calendar="both"))
    # 1 Ramadan 1446 AH was 1 March 2025 in the Umm al-Qura calendar.
    shown = fmt.date("2025-03-01")
    assert "".join(ch for ch in shown if ch not in "\u2066\u2068\u2069") == "2025-03-01 (1 Ramadan 1446 AH)"
    arabic = Formatter(Settings(language="ar", digits="arabic", calendar="hijri"))
    assert arabic.date(date(2025, 3, 1)) == "١ رمضان ١٤٤٦ هـ"


@given(st.integers(min_value=0, max_value=10**9))
def test_digit_setting_only_changes_the_digits(number: int) -> None:
    latin = Formatter(Settings(digits="latin")).number(number)
    arabic = Formatter(Settings(digits="arabic")).number(number)
    assert arabic.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")) == latin
    assert not any(ch.isascii() and ch.isdigit() for ch in arabic)


def test_money_and_out_of_range_hijri() -> None:
    arabic = Formatter(Settings(language="ar", digits="arabic"))
    assert arabic.money(123450) == "١,٢٣٤.٥٠ ر.س"
    english = Formatter(Settings(language="en", digits="latin", calendar="both"))
    assert english.money(150000) == "1,500 SAR"
    # Umm al-Qura tables end in 1500 AH (2077): later dates show the Gregorian one alone, never a wrong Hijri.
    shown = english.date("2090-01-01")
    assert "2090-01-01" in shown and "AH" not in shown
    assert english.date(None) == "" and english.date("not a date") == ""
