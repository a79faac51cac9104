"""The statistics report: headline figures, then by status, category, district, researcher and aid type."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from reportlab.platypus import Table, TableStyle

from ..domain.money import format_minor
from .charts import PALETTE, bar_chart, pie_chart
from .context import Context, footer_for
from .labels import choice, status_label
from .layout import MUTED, ReportBuilder
from .statistics import DEADLINE_DAYS, Statistics
from .text import FONT, Lang

STATUS_ORDER = ("approved", "returned", "rejected", "submitted", "draft")
TOP = 12  # districts and researchers beyond this are summed as "other" in charts


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _side_by_side(b: ReportBuilder, left: object, right: object) -> None:
    cells = [right, left] if b.lang.rtl else [left, right]
    row = Table([cells], colWidths=[b.frame_width / 2] * 2)
    row.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    b.story.append(row)


def _period(ctx: Context, stats: Statistics) -> str:
    if not stats.date_from and not stats.date_to:
        return ctx.w("all_time")
    start = stats.date_from.isoformat() if stats.date_from else "…"
    end = stats.date_to.isoformat() if stats.date_to else "…"
    return f"{start} — {end}"


def headline(b: ReportBuilder, ctx: Context, s: Statistics) -> None:
    n = s.studied
    pairs = [(ctx.w("studied"), str(s.households)), (ctx.w("assessments"), str(n)),
             (ctx.w("approved"), f"{s.statuses['approved']} ({_pct(s.statuses['approved'], n)})"),
             (ctx.w("returned"), f"{s.statuses['returned']} ({_pct(s.statuses['returned'], n)})"),
             (ctx.w("rejected"), f"{s.statuses['rejected']} ({_pct(s.statuses['rejected'], n)})"),
             (ctx.w("submitted"), str(s.statuses["submitted"])), (ctx.w("draft"), str(s.statuses["draft"])),
             (ctx.w("answer_time"), _days(s.average_answer)),
             (ctx.w("over_deadline"), f"{s.over_deadline} ({_pct(s.over_deadline, s.answered)})"),
             (ctx.w("recommended_total"), _amounts(ctx, s.recommended_total)),
             (ctx.w("recommended_avg"), _amounts(ctx, s.recommended_average))]
    b.fields([(label, ctx.lang_digits(value)) for label, value in pairs])


def _amounts(ctx: Context, by_currency: Mapping[str, int]) -> str:
    """One amount per currency, largest first ("1,200 SAR + 300 AED"); 0 in the report's currency if none."""
    items = sorted(((cur, v) for cur, v in by_currency.items() if v), key=lambda kv: -kv[1])
    if not items:
        return ctx.money(0)
    return " + ".join(format_minor(v, cur, ctx.lang.code) for cur, v in items)


def _top(counter: Mapping[str, int], other: str) -> list[tuple[str, int]]:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(items) <= TOP:
        return items
    return items[:TOP - 1] + [(other, sum(v for _, v in items[TOP - 1:]))]


def render(stats: Statistics, *, names: Mapping[str, str], lang: Lang, currency: str, printed: date) -> bytes:
    ctx = Context(lang, currency, names)
    code = lang.code
    b = ReportBuilder(lang, ctx.w("statistics_title"), page_label=(ctx.w("page"), ctx.w("of")))
    b.footer = footer_for(ctx, "", printed)
    b.title_block(ctx.w("statistics_title"), f"{ctx.w('period')}: {_period(ctx, stats)}")
    headline(b, ctx, stats)
    half = b.frame_width / 2

    b.heading(ctx.w("by_status"))
    statuses = [st for st in STATUS_ORDER if stats.statuses[st]]
    _side_by_side(b, pie_chart([status_label(st, code) for st in statuses], [stats.statuses[st] for st in statuses],
                               lang, width=half),
                  bar_chart([choice("categories", c, code) for c, _ in _top(stats.categories, "other")],
                            [v for _, v in _top(stats.categories, "other")], lang, width=half,
                            title=ctx.w("by_category"), color=PALETTE[3]))

    b.heading(ctx.w("by_category"))
    cats = sorted(stats.categories.items(), key=lambda kv: -kv[1])
    b.table([ctx.w("categories"), ctx.w("count"), ctx.w("approved"), ctx.w("share")],
            [[choice("categories", c, code), v, stats.categories_approved[c], _pct(v, stats.studied)]
             for c, v in cats], [4, 2, 2, 2])

    b.heading(ctx.w("by_district"))
    other = ctx.w("other")
    districts = [(d or ctx.w("unknown"), v) for d, v in _top(stats.districts, other)]
    b.story.append(bar_chart([d for d, _ in districts], [v for _, v in districts], lang, width=b.frame_width,
                             height=160))
    b.table([ctx.w("district"), ctx.w("count"), ctx.w("approved"), ctx.w("share")],
            [[d or ctx.w("unknown"), v, stats.districts_approved[d], _pct(v, stats.studied)]
             for d, v in sorted(stats.districts.items(), key=lambda kv: -kv[1])], [4, 2, 2, 2])

    b.heading(ctx.w("by_researcher"))
    people = sorted(stats.researchers.items(), key=lambda kv: -kv[1].studied)
    b.table([ctx.w("researcher"), ctx.w("assessments"), ctx.w("approved"), ctx.w("returned"), ctx.w("rejected"),
             ctx.w("answer_time")],
            [[ctx.person(r) or ctx.w("unknown"), p.studied, p.statuses["approved"], p.statuses["returned"],
              p.statuses["rejected"], _days(p.average_answer)] for r, p in people], [3.5, 1.6, 1.6, 1.6, 1.6, 2.4])

    b.heading(ctx.w("recommended"))
    aids = sorted(stats.recommended_by_aid.items(), key=lambda kv: (kv[0][1], -kv[1]))
    b.table([ctx.w("rec_aid_type"), ctx.w("count"), ctx.w("recommended_total")],
            [[choice("rec_aid_type", aid, code) or ctx.w("unknown"), stats.recommended_by_aid_count[aid, cur],
              format_minor(v, cur, code)] for (aid, cur), v in aids], [4, 2, 3])
    week = ctx.w("week_" + stats.work_week.replace("-", "_"))
    b.spacer(2)
    b.paragraph(ctx.w("answer_note").format(days=DEADLINE_DAYS, week=week), size=8.5, color=MUTED)
    return b.build()
