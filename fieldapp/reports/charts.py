"""Bar and pie charts (reportlab.graphics) whose labels are shaped and ordered like the rest of the text.

In Arabic the category order is mirrored (the first bar stands on the right) so the chart reads from
right to left like the table beside it. Every string uses Amiri: reportlab's default Helvetica has no
Arabic and would not be embedded.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from .text import FONT, FONT_BOLD, Lang, visual

PALETTE = [colors.HexColor(c) for c in ("#0b6e4f", "#f2a541", "#c0392b", "#2e86ab", "#8e6c8a", "#6c757d",
                                        "#17becf", "#bcbd22", "#9467bd", "#e377c2")]


def _label(text: str, lang: Lang, limit: int = 22) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return visual(text, lang.rtl)


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # the renderer's starting font; Helvetica otherwise (and unembedded)
    return drawing


def bar_chart(labels: Sequence[str], values: Sequence[float], lang: Lang, *, width: float, height: float = 170,
              title: str = "", color: colors.Color = PALETTE[0]) -> Drawing:
    labels, values = list(labels), list(values)
    if lang.rtl:
        labels.reverse()
        values.reverse()
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 52
    chart.width, chart.height = width - 50, height - 52 - (26 if title else 12)
    chart.data = [values or [0]]
    chart.bars[0].fillColor = color
    chart.bars.strokeColor = None
    if lang.rtl:
        # The value axis stands on the right, where an Arabic reader starts.
        chart.x, chart.width = 40, width - 72  # room for slanted labels on the left, values on the right
        chart.valueAxis.joinAxis = chart.categoryAxis
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.labels.boxAnchor = "w"
        chart.valueAxis.labels.dx = 5
        chart.valueAxis.tickLeft, chart.valueAxis.tickRight = 0, 5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.categoryAxis.categoryNames = [_label(x, lang, 16) for x in labels] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.angle = 30 if len(labels) > 5 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 5 else "n"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    if title:
        drawing.add(String(width / 2, height - 12, visual(title, lang.rtl), fontName=FONT_BOLD, fontSize=9.5,
                           textAnchor="middle"))
    return drawing


def pie_chart(labels: Sequence[str], values: Sequence[float], lang: Lang, *, width: float, height: float = 170,
              title: str = "") -> Drawing:
    pairs = [(label, value) for label, value in zip(labels, values, strict=True) if value > 0]
    drawing = _drawing(width, height)
    if not pairs:  # a full circle in the first colour would read as "everything approved"
        drawing.add(String(width / 2, height / 2, "—", fontName=FONT, fontSize=14, textAnchor="middle"))
        return drawing
    pie = Pie()
    size = min(height - 50, width * 0.38)
    pie.width = pie.height = size
    pie.y = (height - size) / 2 - 6
    # Arabic: legend on the right, swatches at its right edge, pie on the left; English the mirror image.
    if lang.rtl:
        pie.x, legend_x = 8, 8 + size + 14
    else:
        pie.x, legend_x = width - size - 8, 8
    pie.data = [v for _, v in pairs] or [1]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    total = sum(v for _, v in pairs) or 1
    for i in range(len(pie.data)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = 8.5
    legend.alignment = "left" if lang.rtl else "right"
    legend.x, legend.y = legend_x, height - 34
    legend.dx = legend.dy = 8
    legend.deltay = 14
    legend.columnMaximum = 10
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)],
                              visual(f"{label}: {int(value)} ({100 * value / total:.0f}%)", lang.rtl))
                             for i, (label, value) in enumerate(pairs)]
    drawing.add(legend)
    if title:
        drawing.add(String(width / 2, height - 12, visual(title, lang.rtl), fontName=FONT_BOLD, fontSize=9.5,
                           textAnchor="middle"))
    return drawing
