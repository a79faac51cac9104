"""Validation of Saudi national ID / iqama numbers and UAE Emirates IDs (Luhn check digit)."""

from __future__ import annotations

from .arabic import digits_only


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_check_digit(body: str) -> str:
    """The digit that makes `body + digit` pass the Luhn check."""
    for digit in "0123456789":
        if luhn_valid(body + digit):
            return digit
    raise AssertionError("unreachable: one Luhn digit always fits")


def is_saudi_id(value: str) -> bool:
    """10 digits, 1… for citizens (national ID), 2… for residents (iqama), Luhn check digit."""
    number = digits_only(value)
    return len(number) == 10 and number[0] in "12" and luhn_valid(number)


def is_emirates_id(value: str) -> bool:
    """15 digits starting 784 (written 784-YYYY-NNNNNNN-C), Luhn check digit."""
    number = digits_only(value)
    return len(number) == 15 and number.startswith("784") and luhn_valid(number)


def is_valid_id(value: str) -> bool:
    return is_saudi_id(value) or is_emirates_id(value)


def id_kind(value: str) -> str | None:
    """'citizen', 'resident', 'emirates' or None for an invalid number."""
    number = digits_only(value)
    if is_saudi_id(number):
        return "citizen" if number[0] == "1" else "resident"
    if is_emirates_id(number):
        return "emirates"
    return None


def normalise_id(value: str) -> str:
    return digits_only(value)
