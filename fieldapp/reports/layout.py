"""Page layout shared by every report: bidi text flowables, mirrored tables, footer with page numbers.

`ReportBuilder` collects flowables in reading order and writes the PDF to bytes (never a temp file:
reports hold personal data). In Arabic the page reads right to left: text is right-aligned, tables have
their first column on the right, the footer's file number sits at the right edge.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from .text import FONT, FONT_BOLD, Lang, digits, register_fonts, visual, wrap

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#0b6e4f")
RULE = colors.HexColor("#cbd2d9")
HEAD_FILL = colors.HexColor("#e6f2ee")
ZEBRA = colors.HexColor("#f5f7fa")
MARGIN = 16 * mm


class BidiText(Flowable):
    """A paragraph wrapped in logical order, then each line shaped and reordered (see reports.text)."""

    def __init__(self, text: str, lang: Lang, *, size: float = 10, bold: bool = False,
                 align: str = "start", color: Any = INK, leading: float | None = None) -> None:
        super().__init__()
        self.text = str(text if text is not None else "")
        if lang.rtl:
            self.text = digits(self.text, lang.digit_style)
        self.lang = lang
        self.size = size
        self.font = FONT_BOLD if bold else FONT
        self.align = align
        self.color = color
        self.leading = leading or size * 1.45
        self.lines: list[str] = []
        self._avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth != self._avail or not self.lines:  # tables ask several times with the same width
            self._avail = availWidth
            self.lines = wrap(self.text, availWidth, self.font, self.size) or [""]
        self.width = availWidth
        self.height = len(self.lines) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        first, rest = self._copy(self.lines[:fit]), self._copy(self.lines[fit:])
        return [first, rest]

    def _copy(self, lines: list[str]) -> BidiText:
        return BidiText("\n".join(lines), self.lang, size=self.size, bold=self.font == FONT_BOLD,
                        align=self.align, color=self.color, leading=self.leading)

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.color)
        right = self.align == "end" if not self.lang.rtl else self.align == "start"
        y = self.height - self.size * 1.1
        for line in self.lines:
            shown = visual(line, self.lang.rtl)
            if self.align == "center":
                canv.drawCentredString(self.width / 2, y, shown)
            elif right:
                canv.drawRightString(self.width, y, shown)
            else:
                canv.drawString(0, y, shown)
            y -= self.leading


class ReportBuilder:
    """Collects the story of one report and renders it to PDF bytes."""

    def __init__(self, lang: Lang, title: str, *, footer_left: str = "", footer_right: str = "",
                 page_label: tuple[str, str] = ("Page", "of")) -> None:
        register_fonts()
        self.lang = lang
        self.title = title
        self.story: list[Flowable] = []
        self.footer = (footer_left, footer_right)
        self.page_label = page_label
        self.frame_width = A4[0] - 2 * MARGIN

    # -- text -------------------------------------------------------------------------------------
    def text(self, value: str, **style: Any) -> BidiText:
        return BidiText(value, self.lang, **style)

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.story.append(self.text(title, size=18, bold=True, color=ACCENT, align="center"))
        if subtitle:
            self.story.append(self.text(subtitle, size=10, color=MUTED, align="center"))
        self.story.append(Spacer(1, 4 * mm))

    def heading(self, value: str) -> None:
        rule = Table([[self.text(value, size=12.5, bold=True, color=ACCENT)]], colWidths=[self.frame_width])
        rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.8, ACCENT), ("FONTNAME", (0, 0), (-1, -1), FONT),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        rule.keepWithNext = True  # a heading never ends a page alone
        self.story.append(Spacer(1, 3 * mm))
        self.story.append(rule)
        gap = Spacer(1, 1.5 * mm)
        gap.keepWithNext = True
        self.story.append(gap)

    def paragraph(self, value: str, **style: Any) -> None:
        self.story.append(self.text(value, **style))

    def spacer(self, height_mm: float = 3) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    # -- tables -----------------------------------------------------------------------------------
    def fields(self, pairs: Sequence[tuple[str, str]], columns: int = 2) -> None:
        """Label/value pairs laid out in `columns` pairs per row; mirrored in Arabic."""
        pairs = [(label, value) for label, value in pairs if value not in (None, "")]
        if not pairs:
            return
        pair_width = self.frame_width / columns
        label = min(self.frame_width * 0.21, pair_width * 0.42)  # label columns line up across tables
        widths = [label, pair_width - label] * columns
        rows: list[list[Any]] = []
        for start in range(0, len(pairs), columns):
            row: list[Any] = []
            for label, value in pairs[start:start + columns]:
                row += [self.text(label, size=9, bold=True, color=MUTED), self.text(value, size=10)]
            row += [""] * (2 * columns - len(row))
            rows.append(row)
        self._add_table(rows, widths, header=False)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], ratios: Sequence[float],
              *, size: float = 9) -> None:
        """A data table with a header row; column widths as ratios of the frame; mirrored in Arabic."""
        total = sum(ratios)
        widths = [self.frame_width * r / total for r in ratios]
        body: list[list[Any]] = [[self.text(h, size=size, bold=True) for h in headers]]
        for row in rows:
            body.append([cell if isinstance(cell, Flowable) else self.text(str(cell), size=size) for cell in row])
        self._add_table(body, widths, header=True)

    def _add_table(self, rows: list[list[Any]], widths: list[float], *, header: bool) -> None:
        if self.lang.rtl:
            rows = [list(reversed(row)) for row in rows]
            widths = list(reversed(widths))
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                 ("FONTNAME", (0, 0), (-1, -1), FONT)]
        if header:
            style += [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
            style += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows), 2)]
        table.setStyle(TableStyle(style))
        self.story.append(table)

    def keep(self, *flowables: Flowable) -> None:
        self.story.append(KeepTogether(list(flowables)))

    # -- output -----------------------------------------------------------------------------------
    def build(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN + 6 * mm, title=self.title,
                                author="fieldapp", creator="fieldapp", subject=self.title)
        doc.build(self.story, canvasmaker=_footer_canvas(self.lang, self.footer, self.page_label))
        return buffer.getvalue()


def _footer_canvas(lang: Lang, footer: tuple[str, str], page_label: tuple[str, str]) -> type[Canvas]:
    """A canvas class that knows the page count when it saves, so each page says "page X of Y"."""

    class FooterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Amiri from the first byte: reportlab's default Helvetica would be an unembedded font.
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width = self._pagesize[0]
            y = MARGIN - 2 * mm
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 4.5 * mm, width - MARGIN, y + 4.5 * mm)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            start_text, end_text = footer
            page = f"{page_label[0]} {number} {page_label[1]} {total}"
            if lang.rtl:
                page, start_text, end_text = (digits(x, lang.digit_style) for x in (page, start_text, end_text))
            left, right = (end_text, start_text) if lang.rtl else (start_text, end_text)
            self.drawString(MARGIN, y, visual(left, lang.rtl))
            self.drawCentredString(width / 2, y, visual(page, lang.rtl))
            self.drawRightString(width - MARGIN, y, visual(right, lang.rtl))

    return FooterCanvas
