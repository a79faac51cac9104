"""Words printed in reports, in Arabic and English: headings, field labels, and the default form's choices.

Codes a report does not know (a newer form's choice, free text) are printed as they are.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..domain.entities import CATEGORIES
from ..domain.workflow import ACTION_LABELS, STATUS_LABELS, Action, Status

WORDS: dict[str, tuple[str, str]] = {
    # titles
    "assessment_title": ("تقرير دراسة الحالة الاجتماعية", "Household social assessment"),
    "sponsor_title": ("تقرير الكافل عن الأسرة المكفولة", "Report to the family's sponsor"),
    "statistics_title": ("التقرير الإحصائي للبحث الاجتماعي", "Field study statistics"),
    "page": ("صفحة", "Page"), "of": ("من", "of"),
    "file_number": ("رقم الملف", "File number"), "printed": ("تاريخ الطباعة", "Printed"),
    "status": ("الحالة", "Status"), "visit_date": ("تاريخ الزيارة", "Visit date"),
    "period": ("الفترة", "Period"), "all_time": ("كل الفترات", "All dates"),
    # sections
    "household": ("بيانات الأسرة", "Household"), "members": ("أفراد الأسرة", "Household members"),
    "finances": ("الدخل والمصروفات", "Income and expenses"), "housing": ("السكن", "Housing"),
    "health": ("الحالة الصحية", "Health"), "needs": ("الاحتياجات", "Needs"), "debts": ("الديون", "Debts"),
    "eligibility": ("الاستحقاق", "Eligibility"), "recommendation": ("التوصية", "Recommendation"),
    "observations": ("ملاحظات الباحث", "Researcher's observations"),
    "history": ("سجل القرارات", "Decision history"), "signatures": ("التوقيعات", "Signatures"),
    "attachments": ("المرفقات", "Attachments"),
    "situation": ("وضع الأسرة", "The family's situation"),
    "changes": ("ما الذي تغير منذ الدراسة السابقة", "What changed since the previous assessment"),
    "previous_visit": ("تاريخ الدراسة السابقة", "Previous assessment"),
    # household fields
    "head_name": ("رب الأسرة", "Head of household"), "head_name_latin": ("الاسم باللاتينية", "Name (Latin)"),
    "national_id": ("رقم الهوية", "ID number"), "phone": ("الجوال", "Phone"), "city": ("المدينة", "City"),
    "district": ("الحي", "District"), "address": ("العنوان", "Address"), "nationality": ("الجنسية", "Nationality"),
    "marital_status": ("الحالة الاجتماعية", "Marital status"), "categories": ("الفئات", "Categories"),
    "member_count": ("عدد الأفراد", "Members"),
    # members table
    "member_name": ("الاسم", "Name"), "relation": ("الصلة", "Relation"), "sex": ("الجنس", "Sex"),
    "birth_date": ("تاريخ الميلاد", "Born"), "age": ("العمر", "Age"), "member_id_number": ("رقم الهوية", "ID"),
    "education": ("التعليم", "Education"), "work": ("العمل", "Work"), "member_health": ("الصحة", "Health"),
    "disability": ("إعاقة", "disability"),
    # money
    "source": ("مصدر الدخل", "Income source"), "amount": ("المبلغ الشهري", "Monthly amount"),
    "expense": ("البند", "Expense"), "total_income": ("إجمالي الدخل الشهري", "Total monthly income"),
    "total_expenses": ("إجمالي المصروفات الشهرية", "Total monthly expenses"),
    "per_capita_income": ("نصيب الفرد من الدخل", "Income per person"),
    "dependency_ratio": ("نسبة الإعالة", "Dependency ratio"), "balance": ("الفائض أو العجز", "Surplus or deficit"),
    "exp_rent": ("الإيجار", "Rent"), "exp_utilities": ("الكهرباء والماء", "Utilities"),
    "exp_food": ("الغذاء", "Food"), "exp_transport": ("المواصلات", "Transport"),
    "exp_medical": ("العلاج", "Medical"), "exp_school": ("المدارس", "School"),
    "creditor": ("الدائن", "Creditor"), "debt_amount": ("مبلغ الدين", "Debt"),
    "monthly_installment": ("القسط الشهري", "Monthly instalment"),
    # housing and health
    "housing_type": ("نوع السكن", "Tenure"), "housing_condition": ("حالة السكن", "Condition"),
    "rooms": ("عدد الغرف", "Rooms"), "has_dialysis": ("غسيل كلوي", "Dialysis"),
    "dialysis_sessions_per_week": ("جلسات الغسيل أسبوعياً", "Dialysis sessions a week"),
    "hospital": ("المستشفى", "Hospital"), "needs_transport": ("يحتاج إلى مواصلات", "Needs transport"),
    "chronic_conditions": ("أمراض مزمنة", "Chronic conditions"),
    # eligibility and recommendation
    "eligible": ("مستحقة", "Eligible"), "not_eligible": ("غير مستحقة", "Not eligible"),
    "score": ("الدرجة", "Score"), "not_evaluated": ("لم يُقيّم الاستحقاق", "Eligibility not evaluated"), "reasons": ("الأسباب", "Reasons"),
    "rec_aid_type": ("نوع المساعدة", "Aid type"), "rec_amount": ("المبلغ الشهري المقترح", "Monthly amount"),
    "rec_duration_months": ("المدة بالأشهر", "Duration (months)"),
    # history and signatures
    "when": ("التاريخ", "When"), "who": ("بواسطة", "By"), "action": ("الإجراء", "Action"),
    "comment": ("التعليق", "Comment"), "researcher": ("الباحث الاجتماعي", "Social researcher"),
    "supervisor": ("المشرف", "Supervisor"), "signature": ("التوقيع", "Signature"), "date": ("التاريخ", "Date"),
    "name": ("الاسم", "Name"), "none": ("لا يوجد", "None"), "yes": ("نعم", "Yes"), "no": ("لا", "No"),
    # statistics
    "studied": ("المتقدمون الذين درست حالاتهم", "Applicants studied"),
    "assessments": ("الدراسات المنجزة", "Assessments"),
    "approved": ("المعتمدة", "Approved"), "returned": ("المعادة للاستكمال", "Returned"),
    "rejected": ("المرفوضة", "Rejected"), "submitted": ("بانتظار القرار", "Awaiting decision"),
    "draft": ("مسودات", "Drafts"), "count": ("العدد", "Count"), "share": ("النسبة", "Share"),
    "by_category": ("حسب الفئة", "By category"), "by_district": ("حسب الحي", "By district"),
    "by_researcher": ("حسب الباحث", "By researcher"), "by_status": ("حسب الحالة", "By status"),
    "recommended": ("المبالغ الموصى بها", "Recommended amounts"),
    "recommended_total": ("إجمالي المبالغ الشهرية الموصى بها", "Total recommended monthly amounts"),
    "recommended_avg": ("متوسط المبلغ الموصى به", "Average recommended amount"),
    "answer_time": ("متوسط مدة الرد بأيام العمل", "Average answer time (working days)"),
    "decided": ("القرارات", "Decisions"), "over_deadline": ("تجاوزت 3 أيام عمل", "Over 3 working days"),
    "by_aid_type": ("حسب نوع المساعدة", "By aid type"), "other": ("أخرى", "Other"),
    "unknown": ("غير محدد", "Not set"),
    "answer_note": ("مدة الرد: أيام العمل من إرسال الدراسة إلى قرار المشرف ({week})؛ المستهدف {days} أيام عمل أو أقل.",
                    "Answer time: working days from submission to the supervisor's decision ({week}); "
                    "the target is {days} working days or fewer."),
    "week_sun_thu": ("الأحد إلى الخميس", "Sunday to Thursday"),
    "week_mon_fri": ("الاثنين إلى الجمعة", "Monday to Friday"),
}

CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "city": {"jeddah": ("جدة", "Jeddah"), "dubai": ("دبي", "Dubai")},
    "sex": {"male": ("ذكر", "Male"), "female": ("أنثى", "Female"), "m": ("ذكر", "Male"), "f": ("أنثى", "Female")},
    "relation": {"head": ("رب الأسرة", "Head"), "wife": ("زوجة", "Wife"), "husband": ("زوج", "Husband"),
                 "son": ("ابن", "Son"), "daughter": ("ابنة", "Daughter"), "mother": ("أم", "Mother"),
                 "father": ("أب", "Father"), "brother": ("أخ", "Brother"), "sister": ("أخت", "Sister"),
                 "grandchild": ("حفيد", "Grandchild"), "other": ("أخرى", "Other")},
    "marital_status": {"married": ("متزوج", "Married"), "widowed": ("أرمل", "Widowed"),
                       "divorced": ("مطلق", "Divorced"), "single": ("أعزب", "Single"),
                       "separated": ("منفصل", "Separated")},
    "source": {"social_security": ("الضمان الاجتماعي", "Social security"), "salary": ("راتب", "Salary"),
               "pension": ("تقاعد", "Pension"), "alimony": ("نفقة", "Alimony"),
               "charity": ("جمعية خيرية", "Charity"), "other": ("أخرى", "Other")},
    "housing_type": {"owned": ("ملك", "Owned"), "rented": ("إيجار", "Rented"), "shared": ("مشترك", "Shared")},
    "housing_condition": {"good": ("جيدة", "Good"), "fair": ("متوسطة", "Fair"), "poor": ("سيئة", "Poor")},
    "needs": {"monthly_sponsorship": ("كفالة شهرية", "Monthly sponsorship"),
              "in_kind": ("مساعدات عينية", "In-kind aid"), "housing_support": ("دعم سكني", "Housing support"),
              "emergency_relief": ("تفريج كربة", "Emergency relief"), "training": ("تأهيل وتدريب", "Training"),
              "employment": ("توظيف", "Employment"), "medical": ("علاج", "Medical care")},
    "education": {"none": ("بدون", "None"), "primary": ("ابتدائي", "Primary"),
                  "intermediate": ("متوسط", "Intermediate"), "secondary": ("ثانوي", "Secondary"),
                  "university": ("جامعي", "University"), "preschool": ("دون سن الدراسة", "Pre-school")},
    "work": {"none": ("لا يعمل", "Not working"), "employed": ("موظف", "Employed"), "student": ("طالب", "Student"),
             "retired": ("متقاعد", "Retired"), "unemployed": ("عاطل", "Unemployed")},
}
CHOICES["categories"] = {code: (v["ar"], v["en"]) for code, v in CATEGORIES.items()}
CHOICES["rec_aid_type"] = CHOICES["needs"]


def word(key: str, lang: str) -> str:
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "ar" else pair[1]


@lru_cache(maxsize=1)
def form_choices() -> dict[str, dict[str, tuple[str, str]]]:
    """Choice labels of the default form (the forms engine), if it is there; else nothing."""
    try:
        from ..domain.forms import default_form

        form = default_form()
        found: dict[str, dict[str, tuple[str, str]]] = {}
        for field_id in form.fields:
            options = form.choices(field_id)
            if options:
                found[field_id] = {value: (ar, en) for value, ar, en in options}
        return found
    except Exception:  # noqa: BLE001 - reports fall back to their own labels
        return {}


def choice(field_id: str, value: Any, lang: str) -> str:
    """The label of a choice code (the form's, else ours); booleans as yes/no; anything unknown as given."""
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if value in ("yes", "no"):
        return word(str(value), lang)
    pair = form_choices().get(field_id, {}).get(str(value)) or CHOICES.get(field_id, {}).get(str(value))
    if pair is None:
        return "" if value is None else str(value)
    return pair[0] if lang == "ar" else pair[1]


def choices(field_id: str, values: Any, lang: str) -> str:
    if not values:
        return ""
    if not isinstance(values, list | tuple | set):
        values = [values]
    separator = "، " if lang == "ar" else ", "
    return separator.join(choice(field_id, v, lang) for v in values)


def status_label(status: str, lang: str) -> str:
    try:
        return STATUS_LABELS[Status(status)][lang]
    except (ValueError, KeyError):
        return status


def action_label(action: str, lang: str) -> str:
    try:
        return ACTION_LABELS[Action(action)][lang]
    except (ValueError, KeyError):
        return action
