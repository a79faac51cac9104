"""HTML tables for Qt's rich text (QLabel, QTextBrowser) that read from the right in Arabic.

Qt's rich text never mirrors a table for a right-to-left layout, so in Arabic the columns are written from
the right (the first column last), each cell is right-aligned and the table sits at the right edge.
"""

from __future__ import annotations

from collections.abc import Sequence


def row(cells: Sequence[str], rtl: bool, style: str = "", tag: str = "td") -> str:
    align = " align='right'" if rtl else ""
    ordered = list(reversed(cells)) if rtl else list(cells)
    return f"<tr{style}>" + "".join(f"<{tag}{align}>{cell}</{tag}>" for cell in ordered) + "</tr>"


def table(rows: str, rtl: bool, extra: str = "") -> str:
    align = " align='right'" if rtl else ""
    return f"<table{align}{extra}>{rows}</table>"
