"""The sponsor report: one family's situation and what changed, for the person who sponsors it.

It leaves the organisation, so it carries no ID number, phone, exact address, debts' creditors or the
researcher's notes; members appear by first name, relation and age only. As a last guard every printed
string is scrubbed of long digit runs (an ID or phone typed into a free-text field).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..domain.entities import Assessment, Household
from .context import Context, age_on, footer_for
from .dates import both, to_date
from .labels import choice, choices
from .layout import ReportBuilder
from .sentences import changes, situation
from .summary import facts, members_of
from .text import Lang

# A sponsor must not learn that a family fled violence, nor be able to find it: the category is left out
# and so is the district.
SENSITIVE_CATEGORIES = frozenset({"domestic_violence"})

_DIGIT_RUN = re.compile(r"\+?\d[\d\s-]{5,}\d")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _mask(match: re.Match[str]) -> str:
    run = match.group(0)
    if _ISO_DATE.fullmatch(run.strip()) or sum(ch.isdigit() for ch in run) < 7:
        return run
    return "•••"


def scrub(text: str) -> str:
    """Hide anything that looks like an ID or phone number (7 or more digits, spaces or dashes between)."""
    return _DIGIT_RUN.sub(_mask, text)


def first_name(full: str) -> str:
    parts = full.split()
    return parts[0] if parts else ""


def render(household: Household, assessment: Assessment, *, previous: Assessment | None, form: Any,
           lang: Lang, currency: str, printed: date) -> bytes:
    ctx = Context(lang, currency, {})
    code = lang.code
    f = facts(assessment, form)
    members = members_of(assessment)
    categories = list(household.categories or [])
    hidden = bool(SENSITIVE_CATEGORIES & set(categories))
    shown = [c for c in categories if c not in SENSITIVE_CATEGORIES]
    b = ReportBuilder(lang, ctx.w("sponsor_title"), page_label=(ctx.w("page"), ctx.w("of")))
    b.footer = footer_for(ctx, household.file_number, printed)  # the file number is the sponsor's reference
    visit = assessment.visit_date or (assessment.answers or {}).get("visit_date") or ""
    subtitle = f"{ctx.w('visit_date')}: {both(visit, code)}" if visit else ""
    b.title_block(ctx.w("sponsor_title"), scrub(subtitle))

    b.heading(ctx.w("household"))
    b.fields([(ctx.w("head_name"), scrub(household.head_name)),
              (ctx.w("city"), choice("city", household.city, code)),
              (ctx.w("district"), "" if hidden else scrub(household.district)),
              (ctx.w("member_count"), str(len(members))),
              (ctx.w("categories"), choices("categories", shown, code))])

    b.heading(ctx.w("situation"))
    for sentence in situation(assessment, f, code, currency):
        b.paragraph(ctx.lang_digits(scrub(sentence)), size=10.5)

    if members:
        b.heading(ctx.w("members"))
        on = to_date(visit) or printed
        rows = [[scrub(first_name(m.name)), choice("relation", m.relation, code), age_on(m.birth_date, on),
                 choice("education", m.education, code), choice("work", m.work, code)]
                for m in members]
        b.table([ctx.w(k) for k in ("member_name", "relation", "age", "education", "work")], rows,
                [3, 2, 1, 2, 2])

    b.heading(ctx.w("changes"))
    if previous is not None:
        then = previous.visit_date or (previous.answers or {}).get("visit_date") or ""
        if then:
            b.paragraph(f"{ctx.w('previous_visit')}: {both(then, code)}", size=9, bold=True)
    for sentence in changes(previous, assessment, code, currency, form):
        b.paragraph("• " + ctx.lang_digits(scrub(sentence)), size=10.5)
    return b.build()
