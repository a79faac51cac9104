"""PDF reports in Arabic and English, built from domain objects (never from the store).

Three reports, each returned as the bytes of a PDF (nothing is written to disk here: reports hold
personal data; the caller decides where the file goes):

    from fieldapp.reports import build_assessment_report, build_sponsor_report, build_statistics_report

    pdf = build_assessment_report(household, assessment, events=vault.events_of(aid),
                                  attachments=vault.attachments_of(aid),
                                  images={ref.id: vault.read_attachment(ref.id) for ref in image_refs},
                                  names={"amal.r": "أمل الرشيدي"}, lang="ar")
    pdf = build_sponsor_report(household, assessment, previous=older_assessment_or_None, lang="en")
    pdf = build_statistics_report(vault.statistics_places(), vault.statistics_facts(),   # or whole records
                                  date_from=date(2026, 1, 1), date_to=date(2026, 6, 30), lang="ar",
                                  progress=lambda done: ...)

From an open vault (the CLI and the desktop app's worker): `fieldapp.reports.gather.report_from_vault(
vault, "assessment"|"sponsor"|"statistics", household=ID_OR_FILE_NUMBER, date_from=..., date_to=...,
lang=..., progress=...)` picks the assessment (the latest; the latest approved for a sponsor), the one to
compare it with, the form version it was filled with, and decrypts the photos for thumbnails.
Preview images of all six reports: `python -m fieldapp.reports.preview docs/screenshots`.

Common keyword arguments: `lang` "ar" (right to left, the default) or "en"; `currency` "SAR" | "AED"
(default: the form's rule by city, e.g. Dubai → AED; statistics keep each currency apart);
`digits` "latin" | "arabic" (Arabic-Indic digits in Arabic reports); `printed` the print date (today).
`form` is the FormDefinition the assessment was filled with (default: the default form), used through
domain.forms.evaluate for totals, per-capita income and eligibility reasons. `names` maps usernames to
the full names printed for researchers and supervisors.

Thread safety: the builders share no mutable state except reportlab's font registry (filled once, on
first use, by `register_fonts()`), so the UI may call them from a worker thread; call `register_fonts()`
once at start-up to keep the first report fast. Errors: `FieldappError("report.no_font")` when the
Amiri font is missing; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ..domain.entities import Assessment, AttachmentRef, Household, WorkflowEvent
from .text import Lang, register_fonts

__all__ = ["build_assessment_report", "build_sponsor_report", "build_statistics_report", "collect_statistics",
           "register_fonts"]


def _lang(lang: str, digits: str) -> Lang:
    # Arabic-Indic digits are a setting for Arabic reports only; English ones always use Latin digits.
    return Lang("ar" if lang == "ar" else "en", "arabic" if digits == "arabic" and lang == "ar" else "latin")


def build_assessment_report(household: Household, assessment: Assessment, *,
                            events: Sequence[WorkflowEvent] = (), attachments: Sequence[AttachmentRef] = (),
                            images: Mapping[str, bytes] | None = None, form: Any = None,
                            names: Mapping[str, str] | None = None, lang: str = "ar", currency: str | None = None,
                            digits: str = "latin", printed: date | None = None) -> bytes:
    """The case file. `images` maps attachment id (or sha256) → decrypted bytes for thumbnails."""
    from .assessment import render
    from .summary import currency_for

    return render(household, assessment, events=list(events), attachments=list(attachments),
                  images=dict(images or {}), form=form, names=dict(names or {}), lang=_lang(lang, digits),
                  currency=currency or currency_for(household, assessment, form), printed=printed or date.today())


def build_sponsor_report(household: Household, assessment: Assessment, previous: Assessment | None = None, *,
                         form: Any = None, lang: str = "ar", currency: str | None = None, digits: str = "latin",
                         printed: date | None = None) -> bytes:
    """The family's situation for its sponsor, and what changed since `previous`; no ID, phone or address."""
    from .sponsor import render
    from .summary import currency_for

    return render(household, assessment, previous=previous, form=form, lang=_lang(lang, digits),
                  currency=currency or currency_for(household, assessment, form), printed=printed or date.today())


def collect_statistics(households: Iterable[Household], assessments: Iterable[Assessment], *,
                       date_from: date | None = None, date_to: date | None = None, work_week: str = "sun-thu",
                       progress: Callable[[int], None] | None = None) -> Any:
    """One streaming pass over the assessments → a `Statistics` object (see reports.statistics)."""
    from .statistics import collect

    return collect(households, assessments, date_from=date_from, date_to=date_to, work_week=work_week,
                   progress=progress)


def build_statistics_report(households: Iterable[Household] | None = None,
                            assessments: Iterable[Assessment] | None = None, *, stats: Any = None,
                            date_from: date | None = None, date_to: date | None = None,
                            work_week: str = "sun-thu", names: Mapping[str, str] | None = None,
                            lang: str = "ar", currency: str = "SAR", digits: str = "latin",
                            printed: date | None = None, progress: Callable[[int], None] | None = None) -> bytes:
    """Counts, amounts and answer times over a period, with charts. Pass the iterables or ready `stats`."""
    from .statistics import collect
    from .statistics_report import render

    if stats is None:
        stats = collect(households or (), assessments or (), date_from=date_from, date_to=date_to,
                        work_week=work_week, progress=progress)
    return render(stats, names=dict(names or {}), lang=_lang(lang, digits), currency=currency,
                  printed=printed or date.today())
