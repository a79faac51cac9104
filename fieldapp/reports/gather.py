"""Gathering a report's domain objects from an open vault, shared by the CLI and the desktop app's worker.

The vault is used through its public methods only (duck-typed: this package never imports the store),
so the report builders stay pure. Typical use, in a worker thread:

    pdf = report_from_vault(vault, "assessment", household="JED-2026-00012", lang="ar")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..domain.changes import last_approved_before
from ..domain.entities import Assessment, Household
from ..domain.errors import FieldappError
from ..domain.messages import MESSAGES

MESSAGES.update({
    "report.household_required": {"ar": "حدد الأسرة بالخيار --household (المعرف أو رقم الملف)",
                                  "en": "Name the household with --household (its id or file number)"},
    "report.no_household": {"ar": "لا توجد أسرة بهذا المعرف أو رقم الملف: {value}",
                            "en": "No household with this id or file number: {value}"},
    "report.no_assessment": {"ar": "لا توجد دراسة لهذه الأسرة", "en": "This household has no assessment"},
    "report.unknown_kind": {"ar": "نوع تقرير غير معروف: {kind}", "en": "Unknown report kind: {kind}"},
})

MAX_IMAGES = 12  # thumbnails printed in a case file; the rest are listed by name


def find_household(vault: Any, value: str) -> Household:
    """A household by id, else by exact file number (through the blind index)."""
    if not value:
        raise FieldappError("report.household_required")
    try:
        return vault.get_household(value)
    except FieldappError:
        pass
    for row in vault.page_cases(0, 20, query=value):
        if row.file_number == value or row.household_id == value:
            return vault.get_household(row.household_id)
    raise FieldappError("report.no_household", value=value)


def _created(a: Assessment) -> str:
    return a.visit_date or a.created_at or ""


def current_and_previous(assessments: list[Assessment], assessment_id: str | None = None,
                         *, prefer_approved: bool = False) -> tuple[Assessment, Assessment | None]:
    """The assessment to report on (given, else the latest — the latest approved one for a sponsor) and
    the one to compare it with (the last approved before it, else simply the one before it)."""
    if not assessments:
        raise FieldappError("report.no_assessment")
    ordered = sorted(assessments, key=_created)
    if assessment_id:
        current = next((a for a in ordered if a.id == assessment_id), None)
        if current is None:
            raise FieldappError("report.no_assessment")
    else:
        approved = [a for a in ordered if a.status == "approved"]
        current = approved[-1] if prefer_approved and approved else ordered[-1]
    earlier = [a for a in ordered if _created(a) < _created(current) and a.id != current.id]
    previous = last_approved_before(earlier + [current], current) or (earlier[-1] if earlier else None)
    return current, previous


def form_for(vault: Any, assessment: Assessment) -> Any:
    """The form definition the assessment was filled with (synced into meta "forms"), else the default."""
    try:
        from ..domain.forms import default_form, load_form
    except ImportError:
        return None
    default = default_form()
    if getattr(default, "form_id", None) == assessment.form_id and \
            int(getattr(default, "version", 0)) == int(assessment.form_version):
        return default
    for item in vault.meta_get("forms", None) or []:
        if item.get("form_id") == assessment.form_id and int(item.get("version", 0)) == int(assessment.form_version):
            try:
                return load_form(item.get("definition") or item)
            except FieldappError:
                break  # a definition this version cannot read: the default form still gives the totals
    return default


def _names(vault: Any) -> dict[str, str]:
    profile = vault.meta_get("profile", {}) or {}
    names = dict(vault.meta_get("user_names", {}) or {})
    if profile.get("username") and profile.get("full_name"):
        names.setdefault(profile["username"], profile["full_name"])
    return names


def report_from_vault(vault: Any, kind: str, *, household: str = "", assessment_id: str | None = None,
                      date_from: date | None = None, date_to: date | None = None, lang: str = "ar",
                      currency: str | None = None, digits: str = "latin", work_week: str = "sun-thu",
                      progress: Callable[[int], None] | None = None,
                      names: Mapping[str, str] | None = None) -> bytes:
    from . import build_assessment_report, build_sponsor_report, build_statistics_report

    people = {**_names(vault), **dict(names or {})}
    if kind == "statistics":
        return build_statistics_report(vault.statistics_places(), vault.statistics_facts(), date_from=date_from,
                                       date_to=date_to, work_week=work_week, names=people, lang=lang,
                                       currency=currency or "SAR", digits=digits, progress=progress)
    if kind not in ("assessment", "sponsor"):
        raise FieldappError("report.unknown_kind", kind=kind)
    home = find_household(vault, household)
    current, previous = current_and_previous(vault.assessments_of(home.id), assessment_id,
                                             prefer_approved=kind == "sponsor")
    form = form_for(vault, current)
    if kind == "sponsor":
        return build_sponsor_report(home, current, previous=previous, form=form, lang=lang, currency=currency,
                                    digits=digits)
    refs = vault.attachments_of(current.id)
    images = {}
    for ref in [r for r in refs if r.mime.startswith("image/")][:MAX_IMAGES]:
        try:
            images[ref.id] = vault.read_attachment(ref.id)
        except (FieldappError, OSError):
            continue  # a blob not downloaded yet: listed by name instead
    return build_assessment_report(home, current, events=vault.events_of(current.id), attachments=refs,
                                   images=images, form=form, names=people, lang=lang, currency=currency,
                                   digits=digits)
