"""The review's answers read from the right in Arabic: Qt's rich text never mirrors a table, so the HTML
itself puts the label at the right and the value beside it; English keeps the label first."""

from __future__ import annotations

import re
from html import escape

from fieldapp.domain.changes import default_catalogue
from fieldapp.ui.fmt import Formatter
from fieldapp.ui.review.render import answers_html
from fieldapp.ui.settings import Settings

ANSWERS = {"head_name": "نوف سلطان", "phone": "0563582852",
           "members": [{"member_name": "وفاء", "relation": "daughter", "sex": "f"}]}


def _cells(html: str, text: str) -> list[str]:
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html) if text in r)
    return re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)


def test_arabic_rows_start_from_the_right() -> None:
    catalogue = default_catalogue()
    html = answers_html(ANSWERS, catalogue, [], Formatter(Settings(language="ar", digits="latin")), "ar")
    value, label = _cells(html, "نوف سلطان")
    assert value == "نوف سلطان" and escape(catalogue["head_name"].label["ar"]) in label
    assert "align='right'" in html
    members = _cells(html, "وفاء")
    assert members[-1] == "وفاء"   # the first column (the name) is written last: it shows at the right


def test_english_rows_start_from_the_left() -> None:
    catalogue = default_catalogue()
    html = answers_html(ANSWERS, catalogue, [], Formatter(Settings(language="en", digits="latin")), "en")
    label, value = _cells(html, "نوف سلطان")
    assert value == "نوف سلطان" and escape(catalogue["head_name"].label["en"]) in label
    assert _cells(html, "وفاء")[0] == "وفاء" and "align='right'" not in html
