"""Realistic, entirely invented families for report previews, tests and benchmarks (no real person)."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from ..domain.entities import Assessment, AttachmentRef, Household, WorkflowEvent

HEAD_NAMES = ["فاطمة عبدالله الزهراني", "مريم سعيد القحطاني", "نورة محمد الغامدي", "عائشة حسن الشهري",
              "خديجة علي العتيبي", "سلمى أحمد المالكي", "هند يوسف الحربي", "منيرة صالح الدوسري"]
CHILD_NAMES = ["محمد", "سارة", "عبدالرحمن", "ريم", "خالد", "لمى", "يوسف", "جود", "عمر", "هيا"]  # boy, girl, …
DISTRICTS = ["الصفا", "النسيم", "الربوة", "البوادي", "الفيصلية", "الكرامة", "القصيص", "الراشدية"]
RESEARCHERS = ["amal.r", "huda.s", "reem.k", "noura.a"]
CATEGORY_SETS = [["widow", "low_income"], ["divorced", "orphans"], ["kidney_patient", "low_income"],
                 ["prisoner_family"], ["elderly", "disability"], ["domestic_violence", "divorced"]]
NAMES = {"amal.r": "أمل الرشيدي", "huda.s": "هدى السبيعي", "reem.k": "ريم الخالدي", "noura.a": "نورة العمري",
         "sup.fatin": "فاتن الجهني"}


@dataclass
class Case:
    household: Household
    assessment: Assessment
    events: list[WorkflowEvent]
    attachments: list[AttachmentRef]
    images: dict[str, bytes]


def photo(seed: int = 1, size: tuple[int, int] = (640, 480)) -> bytes:
    """A small generated JPEG standing in for a photo of a document or a room."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    picture = Image.new("RGB", size, (rng.randint(150, 230), rng.randint(150, 230), rng.randint(150, 230)))
    draw = ImageDraw.Draw(picture)
    for _ in range(12):
        x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
        draw.rectangle([x, y, x + rng.randint(40, 200), y + rng.randint(20, 120)],
                       fill=(rng.randint(40, 200), rng.randint(40, 200), rng.randint(40, 200)))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return out.getvalue()


def answers_for(rng: random.Random, children: int, *, income: int, dialysis: bool,
                head: str = HEAD_NAMES[0]) -> dict[str, object]:
    members = [{"member_name": head, "relation": "head", "sex": "female",
                "birth_date": f"{rng.randint(1970, 1990)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "member_id_number": f"10{rng.randint(10000000, 99999999)}", "education": "secondary",
                "work": "none", "health": "سكري" if dialysis else "", "has_disability": False}]
    boys, girls = CHILD_NAMES[0::2], CHILD_NAMES[1::2]
    for i in range(children):
        boy = rng.random() < 0.5
        members.append({"member_name": (boys if boy else girls)[i % 5],
                        "relation": "son" if boy else "daughter", "sex": "male" if boy else "female",
                        "birth_date": f"{rng.randint(2006, 2020)}-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}",
                        "member_id_number": f"11{rng.randint(10000000, 99999999)}",
                        "education": rng.choice(["primary", "intermediate", "secondary"]), "work": "student",
                        "health": "", "has_disability": i == 1 and dialysis})
    return {
        "visit_date": "2026-11-16", "nationality": "سعودية", "marital_status": "widowed",
        "categories": ["widow", "kidney_patient"] if dialysis else ["widow", "low_income"],
        "members": members,
        "income_sources": [{"source": "social_security", "amount": income},
                           {"source": "charity", "amount": 50000}],
        "exp_rent": 150000, "exp_utilities": 45000, "exp_food": 180000, "exp_transport": 30000,
        "exp_medical": 20000 if dialysis else 0, "exp_school": 15000,
        "housing_type": "rented", "housing_condition": rng.choice(["fair", "poor"]), "rooms": 3,
        "has_dialysis": "yes" if dialysis else "no", "dialysis_sessions_per_week": 3 if dialysis else None,
        "hospital": "مستشفى الملك فهد" if dialysis else "", "needs_transport": "yes" if dialysis else "no",
        "debts": [{"creditor": "صاحب العقار (إيجار متأخر)", "debt_amount": 600000, "monthly_installment": 50000}],
        "needs": ["monthly_sponsorship", "in_kind", "medical"] if dialysis else ["monthly_sponsorship"],
        "observations": ("الأسرة تسكن في شقة مستأجرة من ثلاث غرف في حي الصفا، والأم أرملة منذ عام 2021 وتعول "
                         f"{children} أطفال في مراحل دراسية مختلفة. تتلقى الأسرة مبلغ الضمان الاجتماعي "
                         "شهرياً (Social Security) ولا يكفي لتغطية الإيجار والمصروفات الأساسية. "
                         "الأم تحتاج إلى غسيل كلوي ثلاث مرات أسبوعياً في مستشفى الملك فهد، وتحتاج إلى "
                         "مواصلات منتظمة. حالة السكن متوسطة مع رطوبة في إحدى الغرف."),
        "rec_aid_type": "monthly_sponsorship", "rec_amount": 150000, "rec_duration_months": 12,
    }


def sample_case(seed: int = 7, *, children: int = 4, dialysis: bool = True, with_photos: bool = True,
                status: str = "approved", income: int = 250000) -> Case:
    rng = random.Random(seed)
    household = Household(head_name=HEAD_NAMES[seed % len(HEAD_NAMES)], national_id="1012345672",
                          phone="0551234567", city="jeddah", district=DISTRICTS[seed % len(DISTRICTS)],
                          address="شارع الأمير سلطان، عمارة 12، شقة 4", categories=["widow", "kidney_patient"],
                          head_name_latin="Fatimah A. Al-Zahrani", file_number=f"JED-2026-{seed:05d}",
                          researcher="amal.r", team="jeddah-1")
    answers = answers_for(rng, children, income=income, dialysis=dialysis, head=household.head_name)
    assessment = Assessment(household_id=household.id, form_id="household_assessment", form_version=1,
                            answers=answers, status=status, researcher="amal.r", team="jeddah-1",
                            visit_date="2026-11-16", submitted_at="2026-11-17T09:12:00Z",
                            decided_at="2026-11-19T11:40:00Z" if status != "submitted" else None,
                            created_at="2026-11-16T08:00:00Z")
    events = [WorkflowEvent(assessment.id, household.id, "submit", "draft", "submitted", "amal.r", "researcher",
                            at="2026-11-17T09:12:00Z"),
              WorkflowEvent(assessment.id, household.id, "return", "submitted", "returned", "sup.fatin",
                            "supervisor", comment="يرجى إرفاق تقرير الغسيل الكلوي (dialysis report)",
                            at="2026-11-17T13:05:00Z"),
              WorkflowEvent(assessment.id, household.id, "resume", "returned", "draft", "amal.r", "researcher",
                            at="2026-11-18T08:30:00Z"),
              WorkflowEvent(assessment.id, household.id, "submit", "draft", "submitted", "amal.r", "researcher",
                            at="2026-11-18T09:00:00Z")]
    if status in ("approved", "rejected"):
        action = {"approved": "approve", "rejected": "reject"}[status]
        events.append(WorkflowEvent(assessment.id, household.id, action,
                                    "submitted", status, "sup.fatin", "supervisor", comment="",
                                    at="2026-11-19T11:40:00Z"))
    attachments: list[AttachmentRef] = []
    images: dict[str, bytes] = {}
    if with_photos:
        for i, name in enumerate(("عقد الإيجار.jpg", "kitchen.jpg", "تقرير طبي.jpg")):
            data = photo(seed + i)
            ref = AttachmentRef(assessment.id, sha256=f"{i:064x}", size=len(data), mime="image/jpeg",
                                filename=name, kind="photo")
            attachments.append(ref)
            images[ref.id] = data
        attachments.append(AttachmentRef(assessment.id, sha256="f" * 64, size=1000, mime="application/pdf",
                                         filename="صك الإعالة.pdf"))
    return Case(household, assessment, events, attachments, images)


def previous_of(case: Case) -> Assessment:
    """An older assessment of the same family, a year earlier, with fewer children and no dialysis."""
    rng = random.Random(99)
    answers = answers_for(rng, max(len(case.assessment.members) - 2, 1), income=180000, dialysis=False,
                          head=case.household.head_name)
    answers["housing_condition"] = "good"
    answers["visit_date"] = "2025-10-05"
    return Assessment(household_id=case.household.id, form_id="household_assessment", form_version=1,
                      answers=answers, status="approved", researcher="huda.s", visit_date="2025-10-05",
                      submitted_at="2025-10-06T10:00:00Z", decided_at="2025-10-08T10:00:00Z",
                      created_at="2025-10-05T08:00:00Z")


def many(count: int, seed: int = 1) -> Iterator[tuple[Household, Assessment]]:
    """`count` light households with one assessment each, for statistics over a large population."""
    rng = random.Random(seed)
    statuses = ["approved"] * 6 + ["returned"] * 2 + ["rejected", "submitted", "draft"]
    for i in range(count):
        h = Household(head_name="x", district=rng.choice(DISTRICTS), city="jeddah",
                      categories=rng.choice(CATEGORY_SETS), file_number=f"JED-{i:06d}", id=f"h{i}")
        status = rng.choice(statuses)
        day = rng.randint(1, 28)
        month = rng.randint(1, 12)
        decided = f"2026-{month:02d}-{min(day + rng.randint(0, 6), 28):02d}T10:00:00Z"
        a = Assessment(household_id=h.id, form_id="household_assessment", form_version=1, status=status,
                       researcher=rng.choice(RESEARCHERS), visit_date=f"2026-{month:02d}-{day:02d}",
                       submitted_at=f"2026-{month:02d}-{day:02d}T09:00:00Z" if status != "draft" else None,
                       decided_at=decided if status in ("approved", "returned", "rejected") else None,
                       answers={"rec_amount": rng.choice([50000, 100000, 150000, 200000]),
                                "rec_aid_type": rng.choice(["monthly_sponsorship", "in_kind", "emergency_relief"])},
                       id=f"a{i}")
        yield h, a
