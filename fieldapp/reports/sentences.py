"""Plain sentences for a sponsor: the family's situation, and what changed since the previous assessment.

Only members, money, health and housing are described; nothing here ever prints an ID number, a phone,
an address or the researcher's free-text notes (they may hold any of those).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..domain.entities import Assessment, Member
from ..domain.money import format_minor
from .labels import choice, choices, word
from .summary import Facts, facts, members_of

CHILD_RELATIONS = {"son", "daughter", "grandchild"}


def count_ar(n: int, one: str, two: str, few: str, many: str) -> str:
    """Arabic counted noun: 1 فرد، فردان، 3 أفراد، 11 فرداً."""
    if n == 1:
        return one
    if n == 2:
        return two
    if 3 <= n % 100 <= 10:
        return f"{n} {few}"
    return f"{n} {many}"


def _members_ar(n: int) -> str:
    return count_ar(n, "فرد واحد", "فردين", "أفراد", "فرداً")


def _children(members: list[Member]) -> int:
    return sum(1 for m in members if m.relation in CHILD_RELATIONS)


def _money(value: int, currency: str, lang: str) -> str:
    return format_minor(value, currency, lang)


def situation(assessment: Assessment, f: Facts, lang: str, currency: str = "SAR") -> list[str]:
    answers = assessment.answers or {}
    members = members_of(assessment)
    children = _children(members)
    out: list[str] = []
    if lang == "ar":
        out.append(f"تتكون الأسرة من {_members_ar(len(members))}، منهم {children} من الأبناء.")
        sources = choices("source", [s for s, _ in f.incomes], "ar")
        out.append(f"يبلغ دخل الأسرة الشهري {_money(f.total_income, currency, 'ar')}"
                   + (f" من {sources}" if sources else "")
                   + f"، ومصروفاتها الشهرية {_money(f.total_expenses, currency, 'ar')}، "
                   + f"أي أن نصيب الفرد من الدخل {_money(f.per_capita, currency, 'ar')} شهرياً.")
    else:
        out.append(f"The family has {len(members)} member{'s' if len(members) != 1 else ''}, "
                   f"{children} of them children.")
        sources = choices("source", [s for s, _ in f.incomes], "en").lower()
        out.append(f"Its monthly income is {_money(f.total_income, currency, 'en')}"
                   + (f" ({sources})" if sources else "")
                   + f" and its monthly expenses are {_money(f.total_expenses, currency, 'en')}, "
                   + f"so each member lives on {_money(f.per_capita, currency, 'en')} a month.")
    gap = f.total_expenses - f.total_income
    if gap > 0:
        out.append(f"تعاني الأسرة من عجز شهري قدره {_money(gap, currency, 'ar')}." if lang == "ar"
                   else f"The family falls short by {_money(gap, currency, 'en')} every month.")
    out += _housing_sentence(answers, lang)
    out += _health_sentences(answers, members, lang)
    needs = choices("needs", answers.get("needs"), lang)
    if needs:
        out.append(f"تحتاج الأسرة إلى: {needs}." if lang == "ar" else f"The family needs: {needs.lower()}.")
    return out


def _housing_sentence(answers: dict[str, Any], lang: str) -> list[str]:
    tenure, condition, rooms = answers.get("housing_type"), answers.get("housing_condition"), answers.get("rooms")
    if not (tenure or condition):
        return []
    if lang == "ar":
        text = f"تسكن الأسرة في سكن {choice('housing_type', tenure, 'ar')}" if tenure else "سكن الأسرة"
        if isinstance(rooms, int) and not isinstance(rooms, bool) and rooms > 0:
            text += " من " + count_ar(rooms, "غرفة واحدة", "غرفتين", "غرف", "غرفة")
        if condition:
            text += f"، وحالته {choice('housing_condition', condition, 'ar')}"
        return [text + "."]
    text = f"The family lives in a {choice('housing_type', tenure, 'en').lower()} home" if tenure \
        else "The family's home"
    if isinstance(rooms, int) and not isinstance(rooms, bool) and rooms > 0:
        text += f" of {rooms} room{'s' if rooms != 1 else ''}"
    if condition:
        text += f" in {choice('housing_condition', condition, 'en').lower()} condition"
    return [text + "."]


def _health_sentences(answers: dict[str, Any], members: list[Member], lang: str) -> list[str]:
    out: list[str] = []
    if answers.get("has_dialysis") in ("yes", True):
        sessions = answers.get("dialysis_sessions_per_week")
        if lang == "ar":
            out.append("يحتاج أحد أفراد الأسرة إلى الغسيل الكلوي" + (f" {sessions} مرات أسبوعياً" if sessions else "") + ".")
        else:
            out.append("A family member needs dialysis" + (f" {sessions} times a week" if sessions else "") + ".")
    disabled = sum(1 for m in members if m.disability)
    if disabled:
        out.append(f"عدد ذوي الإعاقة في الأسرة: {disabled}." if lang == "ar"
                   else f"{disabled} member{'s' if disabled != 1 else ''} of the family "
                   f"{'live' if disabled != 1 else 'lives'} with a disability.")
    return out


def changes(previous: Assessment | None, current: Assessment, lang: str, currency: str = "SAR",
            form: Any = None) -> list[str]:
    """What changed in members, income, health and housing, one sentence per change."""
    if previous is None:
        return ["هذه أول دراسة لحالة الأسرة." if lang == "ar" else "This is the family's first assessment."]
    out: list[str] = []
    out += _member_changes(members_of(previous), members_of(current), lang)
    before, after = facts(previous, form), facts(current, form)
    out += _money_change(before.total_income, after.total_income, lang, currency)
    out += _health_changes(previous.answers or {}, current.answers or {}, lang)
    out += _housing_changes(previous.answers or {}, current.answers or {}, lang)
    if not out:
        out.append("لم يطرأ تغيير على أفراد الأسرة أو دخلها أو صحتها أو سكنها." if lang == "ar"
                   else "Nothing changed in the family's members, income, health or housing.")
    return out


def _member_changes(old: list[Member], new: list[Member], lang: str) -> list[str]:
    out: list[str] = []
    delta = len(new) - len(old)
    if delta > 0:
        out.append(f"زاد عدد أفراد الأسرة من {len(old)} إلى {len(new)}." if lang == "ar"
                   else f"The family grew from {len(old)} to {len(new)} members.")
    elif delta < 0:
        out.append(f"نقص عدد أفراد الأسرة من {len(old)} إلى {len(new)}." if lang == "ar"
                   else f"The family went from {len(old)} to {len(new)} members.")
    joined = Counter(m.relation for m in new) - Counter(m.relation for m in old)
    left = Counter(m.relation for m in old) - Counter(m.relation for m in new)
    if joined:
        who = _relations(joined, lang)
        out.append(f"انضم إلى الأسرة: {who}." if lang == "ar" else f"Joined the family: {who}.")
    if left:
        who = _relations(left, lang)
        out.append(f"لم يعد ضمن الأسرة: {who}." if lang == "ar" else f"No longer in the household: {who}.")
    disabled = sum(1 for m in new if m.disability) - sum(1 for m in old if m.disability)
    if disabled > 0:
        out.append(f"زاد عدد ذوي الإعاقة في الأسرة بمقدار {disabled}." if lang == "ar"
                   else f"{disabled} more member{'s now live' if disabled != 1 else ' now lives'} with a disability.")
    newly_working = sum(1 for m in new if m.work == "employed") - sum(1 for m in old if m.work == "employed")
    if newly_working > 0:
        out.append(f"أصبح {newly_working} من أفراد الأسرة يعملون." if lang == "ar"
                   else f"{newly_working} more member{'s' if newly_working != 1 else ''} now work.")
    return out


def _relations(counts: Counter[str], lang: str) -> str:
    """"ابن (2)، ابنة" / "son (2), daughter": who joined or left, by relation, never by name."""
    parts = []
    for relation, n in sorted(counts.items()):
        label = choice("relation", relation, lang) or word("unknown", lang)
        label = label if lang == "ar" else label.lower()
        parts.append(f"{label} ({n})" if n > 1 else label)
    return ("، " if lang == "ar" else ", ").join(parts)


def _money_change(old: int, new: int, lang: str, currency: str) -> list[str]:
    if old == new:
        return []
    o, n = format_minor(old, currency, lang), format_minor(new, currency, lang)
    if lang == "ar":
        verb = "ارتفع" if new > old else "انخفض"
        return [f"{verb} دخل الأسرة الشهري من {o} إلى {n}."]
    return [f"The monthly income {'rose' if new > old else 'fell'} from {o} to {n}."]


def _health_changes(old: dict[str, Any], new: dict[str, Any], lang: str) -> list[str]:
    was, now = old.get("has_dialysis") in ("yes", True), new.get("has_dialysis") in ("yes", True)
    out: list[str] = []
    if now and not was:
        out.append("بدأ أحد أفراد الأسرة الغسيل الكلوي منذ الدراسة السابقة." if lang == "ar"
                   else "A family member has started dialysis since the previous assessment.")
    elif was and not now:
        out.append("لم يعد أحد من أفراد الأسرة يحتاج إلى الغسيل الكلوي." if lang == "ar"
                   else "No family member needs dialysis any more.")
    if (old.get("chronic_conditions") or "") != (new.get("chronic_conditions") or "") and new.get("chronic_conditions"):
        out.append("تغيرت الأمراض المزمنة المسجلة للأسرة." if lang == "ar"
                   else "The family's chronic conditions have changed.")
    return out


def _housing_changes(old: dict[str, Any], new: dict[str, Any], lang: str) -> list[str]:
    out: list[str] = []
    for key, ar, en in (("housing_type", "تغير نوع السكن", "The home's tenure changed"),
                        ("housing_condition", "تغيرت حالة السكن", "The home's condition changed")):
        if old.get(key) and new.get(key) and old.get(key) != new.get(key):
            before, after = choice(key, old[key], lang), choice(key, new[key], lang)
            out.append(f"{ar} من «{before}» إلى «{after}»." if lang == "ar"
                       else f"{en} from {before.lower()} to {after.lower()}.")
    if old.get("rooms") and new.get("rooms") and old.get("rooms") != new.get("rooms"):
        out.append(f"أصبح عدد غرف السكن {new['rooms']} بعد أن كان {old['rooms']}." if lang == "ar"
                   else f"The home now has {new['rooms']} rooms instead of {old['rooms']}.")
    return out
