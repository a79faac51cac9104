"""Password strength for the wizard's meter: an estimate of guessing entropy, in four levels."""

from __future__ import annotations

import math
import string

_COMMON = {"password", "12345678", "123456789", "qwertyui", "11111111", "00000000", "abcdefgh",
           "password1", "iloveyou", "admin123", "fieldapp"}


def entropy_bits(password: str) -> float:
    if not password:
        return 0.0
    pool = 0
    if any(c in string.ascii_lowercase for c in password):
        pool += 26
    if any(c in string.ascii_uppercase for c in password):
        pool += 26
    if any(c.isdigit() for c in password):
        pool += 10
    if any(not c.isascii() for c in password):
        pool += 60  # Arabic letters and other scripts
    if any(c in string.punctuation or c.isspace() for c in password):
        pool += 33
    distinct = len(set(password))
    # repeated characters add little: count length as the mean of the length and the distinct count
    effective = (len(password) + distinct) / 2
    return effective * math.log2(max(pool, 2))


def strength(password: str) -> int:
    """0 = too weak (refused), 1 = weak, 2 = fair, 3 = strong."""
    if len(password) < 8 or password.lower() in _COMMON:
        return 0
    bits = entropy_bits(password)
    if bits < 40:
        return 1
    if bits < 60:
        return 2
    return 3
