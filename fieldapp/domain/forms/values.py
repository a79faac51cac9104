"""Answers as typed values: each field type's reading of a JSON answer, and its built-in checks.

`read_answer` returns (value, error code): a blank is None, an answer that does not fit its type is
None with an error code (so it never reaches a total), everything else is the plain value.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from ..arabic import digits_only, phone_key
from ..ids import is_valid_id
from .functions import parse_date
from .model import FieldDef

_YES = {"yes", "true", "1", "نعم", "y"}
_NO = {"no", "false", "0", "لا", "n"}
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_PHONE_CHARS = re.compile(r"^[\d\s+()\-٠-٩]+$")
_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# No household answer needs more: 10^15 halalas is ten trillion riyals. Bigger numbers are typing
# mistakes, and unbounded ones would slow every total (and floats cannot hold them).
LIMIT = 10**15


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, (bool, list, dict)):
        return None, "form.value.text"
    return str(value).strip() or None, None


def _bounded(number: Any) -> tuple[Any, str | None]:
    return (number, None) if abs(number) < LIMIT else (None, "form.value.too_large")


def _integer(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return None, "form.value.integer"
    if isinstance(value, int):
        return _bounded(value)
    if isinstance(value, float) and value.is_integer():
        return _bounded(int(value))
    if isinstance(value, str) and len(value) <= 40 and _INTEGER.match(value.strip().translate(_ASCII_DIGITS)):
        return _bounded(int(value.strip().translate(_ASCII_DIGITS)))
    return None, "form.value.integer"


def _decimal(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return None, "form.value.decimal"
    if isinstance(value, int):
        return _bounded(value)
    if isinstance(value, float):
        finite = value == value and abs(value) != float("inf")
        return _bounded(Fraction(str(value))) if finite else (None, "form.value.decimal")
    if isinstance(value, str) and len(value) <= 40 and _DECIMAL.match(value.strip().translate(_ASCII_DIGITS)):
        return _bounded(Fraction(value.strip().translate(_ASCII_DIGITS)))
    return None, "form.value.decimal"


def _money(value: Any) -> tuple[Any, str | None]:
    number, error = _integer(value)   # minor units: halalas are whole numbers
    if error == "form.value.too_large":
        return None, error
    return (number, None) if error is None else (None, "form.value.money")


def _date(value: Any) -> tuple[Any, str | None]:
    return (value, None) if parse_date(value) is not None else (None, "form.value.date")


def _yes_no(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    key = str(value).strip().lower()
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return None, "form.value.yes_no"


def _select_one(field: FieldDef, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None, "form.value.choice"
    code = str(value)
    if field.choices and code not in field.choice_values():
        return None, "form.value.choice"
    return code, None


def _select_many(field: FieldDef, value: Any) -> tuple[Any, str | None]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        return None, "form.value.choice"
    if field.choices and any(x not in field.choice_values() for x in items):
        return None, "form.value.choice"
    return list(dict.fromkeys(items)) or None, None


def _phone(value: Any) -> tuple[Any, str | None]:
    text, error = _text(value)
    if error or text is None:
        return text, error
    if not _PHONE_CHARS.match(text) or not 9 <= len(phone_key(text)) <= 15:
        return None, "form.value.phone"
    return text, None


def _national_id(value: Any) -> tuple[Any, str | None]:
    """Saudi ID/iqama: 10 digits starting 1 (citizen) or 2 (resident); Emirates ID: 15 digits starting 784;
    both end in a Luhn check digit."""
    text, error = _text(value)
    if error or text is None:
        return text, error
    digits = digits_only(text)
    if len(digits) != len(text.replace("-", "").replace(" ", "")):
        return None, "form.value.national_id"
    # The check digit catches most mistyped numbers at the door, before a duplicate check misses a family.
    if is_valid_id(digits):
        return digits, None
    return None, "form.value.national_id"


def _repeat(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return None, "form.value.repeat"
    return value, None


def _attachment(value: Any) -> tuple[Any, str | None]:
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        return None, "form.value.attachment"
    return items or None, None


def read_answer(field: FieldDef, value: Any) -> tuple[Any, str | None]:
    """The typed value of one answer and the code of its type error, if any."""
    if field.type in ("note", "computed"):
        return None, None
    if field.type == "repeat":
        return ([], None) if value is None else _repeat(value)
    if is_blank(value):
        return None, None
    if field.type == "select_one":
        return _select_one(field, value)
    if field.type == "select_many":
        return _select_many(field, value)
    reader = _READERS.get(field.type, _text)
    return reader(value)


_READERS = {
    "text": _text, "long_text": _text, "integer": _integer, "decimal": _decimal, "money": _money,
    "date": _date, "yes_no": _yes_no, "phone": _phone, "national_id": _national_id, "attachment": _attachment,
}
