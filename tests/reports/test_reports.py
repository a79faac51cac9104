"""The three reports, read back with poppler: strings a reader finds, embedded fonts, privacy, page counts."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from fieldapp.reports import build_assessment_report, build_sponsor_report, build_statistics_report
from fieldapp.reports.sample import NAMES, many, previous_of, sample_case

from .pdftools import first_page_png, flat, page_count, pdf_fonts, pdf_text, squash

PRINTED = date(2026, 11, 23)  # 13 Jumada al-Akhirah 1448 (Umm al-Qura)


@pytest.fixture(scope="module")
def case():  # noqa: ANN201
    return sample_case()


@pytest.fixture(scope="module")
def assessment_pdfs(case) -> dict[str, bytes]:  # noqa: ANN001
    return {lang: build_assessment_report(case.household, case.assessment, events=case.events,
                                          attachments=case.attachments, images=case.images, names=NAMES,
                                          lang=lang, printed=PRINTED) for lang in ("ar", "en")}


@pytest.fixture(scope="module")
def sponsor_pdfs(case) -> dict[str, bytes]:  # noqa: ANN001
    return {lang: build_sponsor_report(case.household, case.assessment, previous=previous_of(case), lang=lang,
                                       printed=PRINTED) for lang in ("ar", "en")}


@pytest.fixture(scope="module")
def statistics_pdfs() -> dict[str, bytes]:
    rows = list(many(2000))
    return {lang: build_statistics_report([h for h, _ in rows], [a for _, a in rows], names=NAMES, lang=lang,
                                          date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), printed=PRINTED)
            for lang in ("ar", "en")}


def _all_pdfs(assessment_pdfs, sponsor_pdfs, statistics_pdfs):  # noqa: ANN001, ANN202
    for kind, pdfs in (("assessment", assessment_pdfs), ("sponsor", sponsor_pdfs), ("statistics", statistics_pdfs)):
        for lang, pdf in pdfs.items():
            yield kind, lang, pdf


def test_every_font_is_amiri_and_embedded(assessment_pdfs, sponsor_pdfs, statistics_pdfs, tmp_path) -> None:  # noqa: ANN001
    for kind, lang, pdf in _all_pdfs(assessment_pdfs, sponsor_pdfs, statistics_pdfs):
        fonts = pdf_fonts(pdf, tmp_path)
        assert fonts, (kind, lang)
        for font in fonts:
            assert font["emb"] == "yes", (kind, lang, font)
            assert "Amiri" in font["name"], (kind, lang, font)


def test_page_counts_are_sane(assessment_pdfs, sponsor_pdfs, statistics_pdfs) -> None:  # noqa: ANN001
    bounds = {"assessment": (2, 5), "sponsor": (1, 2), "statistics": (2, 4)}
    for kind, lang, pdf in _all_pdfs(assessment_pdfs, sponsor_pdfs, statistics_pdfs):
        low, high = bounds[kind]
        assert low <= page_count(pdf) <= high, (kind, lang)


def test_arabic_case_file_reads_back(assessment_pdfs, case) -> None:  # noqa: ANN001
    text = squash(pdf_text(assessment_pdfs["ar"]))
    for expected in ("تقرير دراسة الحالة الاجتماعية", "أفراد الأسرة", case.household.head_name,
                     "نصيب الفرد من الدخل", "الدخل والمصروفات", "السكن", "الحالة الصحية", "الاستحقاق",
                     "التوصية", "سجل القرارات", "الباحث الاجتماعي", "المشرف", "التوقيع", "أمل الرشيدي",
                     "فاتن الجهني", "JED-2026-00007", "2026-11-23", "جمادى الآخرة 1448", "صفحة 1 من",
                     "Social Security", "dialysis", "1,500 ر.س"):
        assert squash(expected) in text, expected


def test_english_case_file_reads_back(assessment_pdfs, case) -> None:  # noqa: ANN001
    text = flat(pdf_text(assessment_pdfs["en"]))
    for expected in ("Household social assessment", "Household members", "Income per person", "Total monthly income",
                     "Decision history", "Social researcher", "Supervisor", "Signature", "Eligible",
                     "Return for correction", "Attachments", "kitchen.jpg", "Page 1 of", "Jumada al-Akhirah 1448",
                     case.household.head_name, "Fatimah A. Al-Zahrani", "3,000 SAR"):
        assert expected in text, expected


def test_case_file_holds_attachment_thumbnails(assessment_pdfs) -> None:  # noqa: ANN001
    # Three JPEG photos were given: each becomes an image XObject (DCT-encoded) in the PDF.
    assert assessment_pdfs["ar"].count(b"/DCTDecode") >= 3


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sponsor_report_holds_no_id_number_phone_or_address(sponsor_pdfs, case, lang) -> None:  # noqa: ANN001
    text = pdf_text(sponsor_pdfs[lang])
    secrets = [case.household.national_id, case.household.phone, case.household.address,
               case.household.head_name_latin]
    secrets += [m.id_number for m in case.assessment.members]
    for secret in secrets:
        assert secret and secret not in text and secret not in flat(text)
    assert "0551234567" not in text.replace(" ", "")


def test_sponsor_report_scrubs_numbers_typed_into_free_text(case) -> None:  # noqa: ANN001
    from dataclasses import replace

    leaky = replace(case.household, district="الصفا جوال 0551234567", head_name="أم خالد 1012345672")
    text = pdf_text(build_sponsor_report(leaky, case.assessment, lang="en", printed=PRINTED)).replace(" ", "")
    assert "0551234567" not in text and "1012345672" not in text


def test_sponsor_report_tells_what_changed(sponsor_pdfs) -> None:  # noqa: ANN001
    en = flat(pdf_text(sponsor_pdfs["en"]))
    assert "What changed since the previous assessment" in en
    assert "The monthly income rose from 2,300 SAR to 3,000 SAR." in en
    assert "A family member has started dialysis since the previous assessment." in en
    assert "The home's condition changed from good to" in en
    assert "Joined the family:" in en and "The family grew from 4 to 5 members." in en
    ar = squash(pdf_text(sponsor_pdfs["ar"]))
    assert squash("ما الذي تغير منذ الدراسة السابقة") in ar
    assert squash("ارتفع دخل الأسرة الشهري من 2,300 ر.س إلى 3,000 ر.س") in ar


def test_first_sponsor_report_says_it_is_the_first(case) -> None:  # noqa: ANN001
    text = flat(pdf_text(build_sponsor_report(case.household, case.assessment, lang="en", printed=PRINTED)))
    assert "This is the family's first assessment." in text


def test_statistics_report_reads_back(statistics_pdfs) -> None:  # noqa: ANN001
    en = flat(pdf_text(statistics_pdfs["en"]))
    for expected in ("Field study statistics", "Applicants studied 2000", "Approved", "Returned", "Rejected",
                     "By category", "By district", "By researcher", "Recommended amounts", "Widow",
                     "Average answer time", "Period: 2026-01-01"):
        assert expected in en, expected
    ar = squash(pdf_text(statistics_pdfs["ar"]))
    for expected in ("التقرير الإحصائي للبحث الاجتماعي", "المتقدمون الذين درست حالاتهم", "حسب الفئة", "حسب الحي",
                     "حسب الباحث", "أمل الرشيدي", "أرملة"):
        assert squash(expected) in ar, expected


def test_reports_build_concurrently_in_worker_threads(case) -> None:  # noqa: ANN001
    results: dict[int, bytes] = {}

    def work(i: int) -> None:
        results[i] = build_assessment_report(case.household, case.assessment, events=case.events,
                                             lang="ar" if i % 2 else "en", printed=PRINTED)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert all(pdf.startswith(b"%PDF") and "JED-2026-00007" in pdf_text(pdf) for pdf in results.values())


@pytest.mark.parametrize("kind", ["assessment", "sponsor", "statistics"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_first_page_renders_to_png(kind, lang, assessment_pdfs, sponsor_pdfs, statistics_pdfs,  # noqa: ANN001
                                   tmp_path: Path) -> None:
    pdf = {"assessment": assessment_pdfs, "sponsor": sponsor_pdfs, "statistics": statistics_pdfs}[kind][lang]
    png = first_page_png(pdf, tmp_path / f"report_{kind}_{lang}.png", dpi=40)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000


def _x(words, text: str, row: str | None = None) -> float:  # noqa: ANN001
    """x of a word; with `row`, the occurrence on the same line as the word `row`."""
    y_row = next(y for word, _x0, _x1, y in words if word == row) if row else None
    return next(x0 for word, x0, _x1, y in words if word == text and (y_row is None or abs(y - y_row) < 2))


def test_arabic_reads_right_to_left_and_tables_are_mirrored(assessment_pdfs) -> None:  # noqa: ANN001
    from .pdftools import words_with_positions

    ar = words_with_positions(assessment_pdfs["ar"])
    assert _x(ar, "تقرير") > _x(ar, "دراسة") > _x(ar, "الحالة")  # the title's first word is on the right
    assert _x(ar, "الاسم", "الصلة") > _x(ar, "الصلة") > _x(ar, "الصحة", "الصلة")  # members table: first column on the right
    heading = next(x1 for word, _x0, x1, _y in ar if word == "بيانات")
    assert heading > 595 - 60  # headings hug the right margin
    en = words_with_positions(assessment_pdfs["en"])
    assert _x(en, "Name", "Relation") < _x(en, "Relation") < _x(en, "Health", "Relation")
    assert _x(en, "Household", "members") < 60  # headings start at the left margin


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sponsor_never_learns_of_domestic_violence_nor_the_district(case, lang) -> None:  # noqa: ANN001
    from dataclasses import replace

    from fieldapp.reports.labels import choice

    fled = replace(case.household, categories=["domestic_violence", "divorced"], district="الراشدية")
    text = squash(pdf_text(build_sponsor_report(fled, case.assessment, lang=lang, printed=PRINTED)))
    assert squash(choice("categories", "domestic_violence", lang)) not in text
    assert squash(choice("categories", "divorced", lang)) in text
    assert "الراشدية" not in text
