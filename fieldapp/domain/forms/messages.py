"""Message codes of the forms engine: answer checks shown to researchers, definition problems for head office."""

from __future__ import annotations

from ..messages import MESSAGES

FORM_MESSAGES: dict[str, dict[str, str]] = {
    # answers (shown beside a field)
    "form.value.required": {"ar": "هذا الحقل مطلوب", "en": "This field is required"},
    "form.value.text": {"ar": "أدخل نصاً", "en": "Enter text"},
    "form.value.integer": {"ar": "أدخل عدداً صحيحاً", "en": "Enter a whole number"},
    "form.value.decimal": {"ar": "أدخل رقماً", "en": "Enter a number"},
    "form.value.money": {"ar": "أدخل مبلغاً صحيحاً", "en": "Enter a valid amount"},
    "form.value.date": {"ar": "أدخل تاريخاً صحيحاً (سنة-شهر-يوم)", "en": "Enter a valid date (YYYY-MM-DD)"},
    "form.value.yes_no": {"ar": "اختر نعم أو لا", "en": "Choose yes or no"},
    "form.value.choice": {"ar": "اختر من القائمة", "en": "Choose from the list"},
    "form.value.phone": {"ar": "رقم الجوال غير صحيح", "en": "The phone number is not valid"},
    "form.value.national_id": {"ar": "رقم الهوية غير صحيح: 10 أرقام يبدأ بـ 1 أو 2 برقم تحقق صحيح، أو هوية إماراتية من 15 رقماً",
                               "en": "Not a valid ID: 10 digits starting 1 or 2 with a valid check digit, or a 15-digit Emirates ID"},
    "form.value.repeat": {"ar": "بيانات الجدول غير صحيحة", "en": "The table's data is not valid"},
    "form.value.attachment": {"ar": "المرفقات غير صحيحة", "en": "The attachments are not valid"},
    "form.value.too_large": {"ar": "الرقم كبير جداً", "en": "The number is too large"},
    "form.value.min": {"ar": "القيمة أقل من الحد الأدنى {min}", "en": "The value is below the minimum of {min}"},
    "form.value.max": {"ar": "القيمة أكبر من الحد الأعلى {max}", "en": "The value is above the maximum of {max}"},
    "form.value.min_rows": {"ar": "أضف {min} صفاً على الأقل", "en": "Add at least {min} rows"},
    "form.value.max_rows": {"ar": "لا يزيد عدد الصفوف على {max}", "en": "No more than {max} rows"},
    "form.value.constraint": {"ar": "القيمة غير مقبولة", "en": "This value is not accepted"},
    # loading
    "form.not_found": {"ar": "ملف الاستمارة غير موجود: {path}", "en": "Form file not found: {path}"},
    "form.bad_json": {"ar": "الملف ليس JSON صالحاً: {path} (سطر {line})", "en": "Not valid JSON: {path} (line {line})"},
    "form.invalid": {"ar": "تعريف الاستمارة فيه {count} مشكلة، أولها: {first}",
                     "en": "The form definition has {count} problems; the first: {first}"},
    # definition problems (fieldapp form check)
    "form.schema": {"ar": "لا يطابق المخطط: {detail}", "en": "Does not match the schema: {detail}"},
    "form.duplicate_id": {"ar": "المعرف «{id}» مكرر (ورد أيضاً في {other})",
                          "en": "Duplicate id \"{id}\" (also at {other})"},
    "form.duplicate_choice": {"ar": "قيمة الخيار «{value}» مكررة", "en": "Duplicate choice value \"{value}\""},
    "form.unknown_field": {"ar": "إشارة إلى حقل غير موجود: ${{{id}}}", "en": "Reference to an unknown field: ${{{id}}}"},
    "form.unknown_name": {"ar": "اسم غير معروف: {name}", "en": "Unknown name: {name}"},
    "form.unknown_function": {"ar": "دالة غير معروفة: {name}", "en": "Unknown function: {name}"},
    "form.cycle": {"ar": "حلقة بين الحقول المحسوبة: {cycle}", "en": "Cycle among computed fields: {cycle}"},
    "form.too_deep": {"ar": "سلسلة من {count} حقلاً يعتمد بعضها على بعض، والحد الأقصى {max}",
                      "en": "A chain of {count} fields that depend on each other; at most {max}"},
    "form.type_error": {"ar": "خطأ في الأنواع: {detail}", "en": "Type error: {detail}"},
    "form.bad_choice": {"ar": "«{value}» ليس من خيارات الحقل {id}", "en": "\"{value}\" is not a choice of {id}"},
    "form.no_choices": {"ar": "حقل الاختيار بلا خيارات", "en": "A select field without choices"},
    "form.nested_repeat": {"ar": "لا يدعم تكرار داخل تكرار", "en": "A repeat inside a repeat is not supported"},
    "form.needs_aggregate": {"ar": "الحقل {id} داخل جدول متكرر: استخدم sum أو count أو max أو min",
                             "en": "{id} is inside a repeat: use sum, count, max or min over it"},
    "form.bad_range": {"ar": "الحد الأدنى أكبر من الحد الأعلى", "en": "min is greater than max"},
    "form.missing_expression": {"ar": "الحقل المحسوب بلا معادلة", "en": "A computed field without an expression"},
    "form.bad_eligibility": {"ar": "قواعد الأهلية غير صالحة: {detail}", "en": "Invalid eligibility rules: {detail}"},
    "form.expr.empty": {"ar": "المعادلة فارغة", "en": "The expression is empty"},
    "form.expr.too_long": {"ar": "المعادلة طويلة جداً", "en": "The expression is too long"},
    "form.expr.too_deep": {"ar": "المعادلة متداخلة أكثر من اللازم", "en": "The expression is nested too deeply"},
    "form.expr.syntax": {"ar": "خطأ في صياغة المعادلة: {detail}", "en": "Syntax error in the expression: {detail}"},
    "form.expr.forbidden": {"ar": "عنصر غير مسموح في المعادلة: {detail}",
                            "en": "Not allowed in an expression: {detail}"},
    "form.expr.bad_reference": {"ar": "إشارة غير صحيحة: {detail}", "en": "Malformed reference: {detail}"},
}

MESSAGES.update(FORM_MESSAGES)


def text(code: str, lang: str = "en", **params: object) -> str:
    template = MESSAGES.get(code, {}).get(lang) or MESSAGES.get(code, {}).get("en") or code
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
