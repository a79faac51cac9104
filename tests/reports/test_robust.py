"""Reports never fail on odd answers (old forms, half-filled drafts, wrong types) and split long text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.entities import Assessment, Household
from fieldapp.reports import build_assessment_report, build_sponsor_report

from .pdftools import page_count, pdf_text, squash

FIELDS = ["members", "income_sources", "debts", "exp_rent", "exp_food", "rooms", "housing_type", "has_dialysis",
          "needs", "rec_amount", "rec_aid_type", "rec_duration_months", "observations", "categories",
          "chronic_conditions", "visit_date", "marital_status"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.text(max_size=40),
                    st.sampled_from(["yes", "no", "rented", "poor", "2026-02-30", "widow"]))
rows = st.lists(st.dictionaries(st.sampled_from(["member_name", "relation", "birth_date", "amount", "source",
                                                 "has_disability", "debt_amount", "creditor"]), scalars,
                                max_size=5), max_size=4)
answers = st.dictionaries(st.sampled_from(FIELDS), st.one_of(scalars, rows, st.lists(st.text(max_size=8), max_size=3)),
                          max_size=len(FIELDS))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers, lang=st.sampled_from(["ar", "en"]), city=st.sampled_from(["", "jeddah", "dubai", "x"]))
def test_any_answers_give_a_pdf(answers: dict, lang: str, city: str) -> None:
    household = Household(head_name="اسم تجريبي", city=city, file_number="T-1")
    assessment = Assessment(household_id=household.id, form_id="household_assessment", form_version=1,
                            answers=answers)
    for pdf in (build_assessment_report(household, assessment, lang=lang, printed=date(2026, 1, 1)),
                build_sponsor_report(household, assessment, previous=assessment, lang=lang,
                                     printed=date(2026, 1, 1))):
        assert pdf.startswith(b"%PDF") and page_count(pdf) >= 1


def test_long_arabic_observations_flow_over_pages_without_losing_words() -> None:
    sentence = "تعيش الأسرة في ظروف صعبة وتحتاج إلى دعم مستمر في الإيجار والعلاج والتعليم للأبناء"
    paragraph = " ".join(f"{sentence} ({i})" for i in range(260))
    household = Household(head_name="أسرة", file_number="T-2")
    assessment = Assessment(household_id=household.id, form_id="household_assessment", form_version=1,
                            answers={"observations": paragraph})
    pdf = build_assessment_report(household, assessment, lang="ar", printed=date(2026, 1, 1))
    assert page_count(pdf) >= 4
    text = squash(pdf_text(pdf))
    assert text.count(squash("والتعليم للأبناء")) == 260


def test_statistics_of_nothing_is_a_short_report_of_zeros() -> None:
    from fieldapp.reports import build_statistics_report

    for lang in ("ar", "en"):
        pdf = build_statistics_report([], [], lang=lang, printed=date(2026, 1, 1))
        assert 1 <= page_count(pdf) <= 2
    assert "Applicants studied 0" in " ".join(pdf_text(pdf).split())
