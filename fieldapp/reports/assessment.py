"""The assessment report (the case file): everything the researcher found, and what was decided."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from ..domain.entities import Assessment, AttachmentRef, Household, WorkflowEvent
from .context import Context, age_on, footer_for
from .dates import both, gregorian, local_time, to_date
from .images import add_attachments
from .labels import action_label, choice, choices, status_label
from .layout import INK, MUTED, ReportBuilder
from .summary import Facts, facts, members_of, minor, rows
from .text import FONT, Lang

DECISIONS = ("approve", "return", "reject", "reopen")


def household_section(b: ReportBuilder, ctx: Context, household: Household, answers: dict[str, Any],
                      count: int) -> None:
    lang = ctx.lang.code
    b.heading(ctx.w("household"))

    def pick(key: str) -> Any:
        return getattr(household, key, "") or answers.get(key, "")

    b.fields([
        (ctx.w("head_name"), pick("head_name")), (ctx.w("head_name_latin"), pick("head_name_latin")),
        (ctx.w("national_id"), pick("national_id")), (ctx.w("phone"), pick("phone")),
        (ctx.w("city"), choice("city", pick("city"), lang)), (ctx.w("district"), pick("district")),
        (ctx.w("address"), pick("address")), (ctx.w("nationality"), answers.get("nationality", "")),
        (ctx.w("marital_status"), choice("marital_status", answers.get("marital_status"), lang)),
        (ctx.w("member_count"), str(count)),
    ])
    cats = household.categories or answers.get("categories") or []
    if cats:
        b.fields([(ctx.w("categories"), choices("categories", cats, lang))], columns=1)


def members_section(b: ReportBuilder, ctx: Context, assessment: Assessment, on: date) -> None:
    lang = ctx.lang.code
    members = members_of(assessment)
    if not members:
        return
    b.heading(ctx.w("members"))
    headers = [ctx.w(k) for k in ("member_name", "relation", "sex", "birth_date", "age", "member_id_number",
                                  "education", "work", "member_health")]
    body = [[m.name, choice("relation", m.relation, lang), choice("sex", m.sex, lang), m.birth_date,
             age_on(m.birth_date, on), m.id_number, choice("education", m.education, lang),
             choice("work", m.work, lang), _health(m.health, m.disability, ctx)]
            for m in members]
    b.table(headers, body, [2.8, 1.4, 1.1, 1.9, 0.7, 2.0, 1.9, 1.5, 1.6], size=8.5)


def _health(text: str, disability: bool, ctx: Context) -> str:
    return " · ".join(x for x in (text, ctx.w("disability") if disability else "") if x)


def finances_section(b: ReportBuilder, ctx: Context, f: Facts, answers: dict[str, Any]) -> None:
    lang = ctx.lang.code
    b.heading(ctx.w("finances"))
    if f.incomes:
        b.table([ctx.w("source"), ctx.w("amount")],
                [[choice("source", s, lang), ctx.money(a)] for s, a in f.incomes], [3, 2])
        b.spacer(2)
    if f.expenses:
        b.table([ctx.w("expense"), ctx.w("amount")], [[ctx.w(k), ctx.money(a)] for k, a in f.expenses], [3, 2])
        b.spacer(2)
    pairs = [(ctx.w("total_income"), ctx.money(f.total_income)),
             (ctx.w("total_expenses"), ctx.money(f.total_expenses)),
             (ctx.w("per_capita_income"), ctx.money(f.per_capita)),
             (ctx.w("balance"), ctx.money(f.total_income - f.total_expenses))]
    if f.dependency_ratio is not None:
        pairs.append((ctx.w("dependency_ratio"), ctx.lang_digits(f"{f.dependency_ratio:.2f}")))
    b.fields(pairs)
    debts = rows(answers, "debts")
    if debts:
        b.spacer(2)
        b.table([ctx.w("creditor"), ctx.w("debt_amount"), ctx.w("monthly_installment")],
                [[str(d.get("creditor", "")), ctx.money(minor(d.get("debt_amount"))),
                  ctx.money(minor(d.get("monthly_installment")))] for d in debts], [3, 2, 2])


def housing_health_section(b: ReportBuilder, ctx: Context, answers: dict[str, Any]) -> None:
    lang = ctx.lang.code
    b.heading(ctx.w("housing"))
    b.fields([(ctx.w(k), choice(k, answers.get(k), lang) if k != "rooms" else str(answers.get(k, "") or ""))
              for k in ("housing_type", "housing_condition", "rooms")], columns=3)
    b.heading(ctx.w("health"))
    b.fields([(ctx.w(k), choice(k, answers.get(k), lang)) for k in
              ("has_dialysis", "dialysis_sessions_per_week", "hospital", "needs_transport")
              if answers.get(k) not in (None, "")])
    if answers.get("chronic_conditions"):
        b.fields([(ctx.w("chronic_conditions"), str(answers["chronic_conditions"]))], columns=1)


def decision_sections(b: ReportBuilder, ctx: Context, f: Facts, answers: dict[str, Any]) -> None:
    lang = ctx.lang.code
    if answers.get("needs"):
        b.heading(ctx.w("needs"))
        b.paragraph(choices("needs", answers.get("needs"), lang))
    b.heading(ctx.w("eligibility"))
    if f.eligible is None:
        verdict = ctx.w("not_evaluated")
    else:
        verdict = ctx.w("eligible" if f.eligible else "not_eligible")
    if f.score is not None:
        verdict += f"  ({ctx.w('score')}: {ctx.lang_digits(f'{f.score:g}')})"
    b.paragraph(verdict, bold=True, size=11)
    for reason in f.reasons:
        b.paragraph("• " + ctx.lang.pick(reason), size=10)
    b.heading(ctx.w("recommendation"))
    months = answers.get("rec_duration_months")
    b.fields([(ctx.w("rec_aid_type"), choice("rec_aid_type", answers.get("rec_aid_type"), lang)),
              (ctx.w("rec_amount"), ctx.money(minor(answers.get("rec_amount")))
               if answers.get("rec_amount") not in (None, "") else ""),
              (ctx.w("rec_duration_months"), "" if months in (None, "") else str(months))], columns=3)
    if answers.get("observations"):
        b.heading(ctx.w("observations"))
        b.paragraph(str(answers["observations"]))


def history_section(b: ReportBuilder, ctx: Context, events: Sequence[WorkflowEvent], city: str) -> None:
    if not events:
        return
    lang = ctx.lang.code
    b.heading(ctx.w("history"))
    body = [[local_time(e.at, city), ctx.person(e.actor), action_label(e.action, lang),
             status_label(e.to_status, lang), " — ".join(x for x in (e.reason, e.comment) if x)] for e in events]
    b.table([ctx.w("when"), ctx.w("who"), ctx.w("action"), ctx.w("status"), ctx.w("comment")], body,
            [2.7, 2.1, 2.2, 2.0, 3.9])


def signatures_section(b: ReportBuilder, ctx: Context, assessment: Assessment,
                       events: Sequence[WorkflowEvent]) -> None:
    decider = next((e.actor for e in reversed(events) if e.action in DECISIONS), "")
    decided = next((e.at for e in reversed(events) if e.action in DECISIONS), "")
    submitted = next((e.at for e in reversed(events) if e.action == "submit"), assessment.submitted_at or "")
    b.heading(ctx.w("signatures"))
    blocks = []
    for role, who, when in (("researcher", assessment.researcher, submitted), ("supervisor", decider, decided)):
        lines = [[b.text(ctx.w(role), bold=True, size=10)],
                 [b.text(f"{ctx.w('name')}: {ctx.person(who)}", size=10)],
                 [b.text(f"{ctx.w('date')}: {gregorian(when)}", size=10)],
                 [Spacer(1, 9 * mm)],
                 [b.text(f"{ctx.w('signature')}: ____________________", size=10, color=MUTED)]]
        block = Table(lines, colWidths=[b.frame_width / 2 - 6 * mm])
        block.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        blocks.append(block)
    if ctx.lang.rtl:
        blocks.reverse()
    row = Table([blocks], colWidths=[b.frame_width / 2] * 2)
    row.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 0), (-1, -1), INK)]))
    b.keep(row)


def render(household: Household, assessment: Assessment, *, events: Sequence[WorkflowEvent],
           attachments: Sequence[AttachmentRef], images: Mapping[str, bytes], form: Any,
           names: Mapping[str, str], lang: Lang, currency: str, printed: date) -> bytes:
    ctx = Context(lang, currency, names)
    answers = assessment.answers or {}
    f = facts(assessment, form)
    file_number = household.file_number or ""
    b = ReportBuilder(lang, ctx.w("assessment_title"), footer_left="", footer_right="",
                      page_label=(ctx.w("page"), ctx.w("of")))
    b.footer = footer_for(ctx, file_number, printed)
    visit = assessment.visit_date or answers.get("visit_date") or ""
    subtitle = " · ".join(x for x in (
        f"{ctx.w('file_number')}: {file_number}" if file_number else "",
        f"{ctx.w('status')}: {status_label(assessment.status, lang.code)}",
        f"{ctx.w('visit_date')}: {both(visit, lang.code)}" if visit else "") if x)
    b.title_block(ctx.w("assessment_title"), subtitle)
    household_section(b, ctx, household, answers, f.members)
    members_section(b, ctx, assessment, to_date(visit) or printed)
    finances_section(b, ctx, f, answers)
    housing_health_section(b, ctx, answers)
    decision_sections(b, ctx, f, answers)
    history_section(b, ctx, events, household.city)
    signatures_section(b, ctx, assessment, events)
    add_attachments(b, attachments, images, ctx.w("attachments"), ctx.w("none"))
    return b.build()

