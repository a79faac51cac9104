"""Random but plausible people: names, ID numbers, phones, members of a household."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .names import EDUCATION, FAMILY_AE, FAMILY_SA, FEMALE, MALE, WORK


def luhn_check_digit(body: str) -> str:
    """The Luhn check digit of `body` in one pass (domain.ids.luhn_check_digit tries all ten; this is
    the same rule, fast enough for 100k demo households; tests compare the two)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Name:
    ar: str
    latin: str


def full_name(rng: random.Random, female: bool, city: str) -> tuple[Name, tuple[str, str], tuple[str, str]]:
    """A four-part name (given, father, grandfather, family); also returns the father and family parts."""
    given = rng.choice(FEMALE if female else MALE)
    father, grandfather = rng.choice(MALE), rng.choice(MALE)
    family = rng.choice(FAMILY_AE if city == "dubai" and rng.random() < 0.8 else FAMILY_SA)
    parts = (given, father, grandfather, family)
    return Name(" ".join(p[0] for p in parts), " ".join(p[1] for p in parts)), father, family


def saudi_id(rng: random.Random, resident: bool = False) -> str:
    body = ("2" if resident else "1") + f"{rng.randrange(10**8):08d}"
    return body + luhn_check_digit(body)


def emirates_id(rng: random.Random, birth_year: int) -> str:
    body = f"784{birth_year:04d}{rng.randrange(10**7):07d}"
    return body + luhn_check_digit(body)


def national_id(rng: random.Random, city: str, birth_year: int) -> str:
    if city == "dubai":
        return emirates_id(rng, birth_year)
    return saudi_id(rng, resident=rng.random() < 0.15)


def phone(rng: random.Random, city: str) -> str:
    if city == "dubai":
        return "05" + rng.choice("024568") + f"{rng.randrange(10**7):07d}"
    return "05" + rng.choice("0345689") + f"{rng.randrange(10**7):07d}"


def birth(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    return today - timedelta(days=rng.randrange(min_age * 365, max_age * 365 + 1))


def members(rng: random.Random, head: Name, head_female: bool, father: tuple[str, str], family: tuple[str, str],
            spouse: bool, city: str, today: date) -> list[dict[str, Any]]:
    """The household-members repeat group: everyone living with the head of household (the head is
    recorded in the identity section)."""
    rows: list[dict[str, Any]] = []
    if spouse:
        partner = rng.choice(MALE if head_female else FEMALE)[0]
        partner_family = rng.choice(FAMILY_SA)[0]
        rows.append(_member(f"{partner} {rng.choice(MALE)[0]} {partner_family}", "husband" if head_female else "wife",
                            "male" if head_female else "female", birth(rng, today, 25, 65),
                            national_id(rng, city, 1975), rng, adult=True))
    children_father = rng.choice(MALE)[0] if head_female else head.ar.split()[0]
    for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4, 5, 6])):
        female = rng.random() < 0.5
        given = rng.choice(FEMALE if female else MALE)[0]
        born = birth(rng, today, 0, 24)
        rows.append(_member(f"{given} {children_father} {family[0]}", "daughter" if female else "son",
                            "female" if female else "male", born, national_id(rng, city, born.year), rng,
                            adult=(today - born).days > 18 * 365,
                            child_work="student" if (today - born).days > 6 * 365 else "child"))
    if rng.random() < 0.12:
        rows.append(_member(f"{rng.choice(FEMALE)[0]} {father[0]} {family[0]}", "mother", "female",
                            birth(rng, today, 60, 85), national_id(rng, city, 1950), rng, adult=True))
    return rows


def _member(name: str, relation: str, sex: str, born: date, id_number: str, rng: random.Random, *,
            adult: bool, child_work: str = "student") -> dict[str, Any]:
    return {
        "member_name": name, "relation": relation, "sex": sex, "birth_date": born.isoformat(),
        "member_id_number": id_number,
        "education": rng.choice(EDUCATION) if adult else rng.choice(["preschool", "primary", "intermediate"]),
        "work": rng.choice(WORK) if adult else child_work,
        "health": rng.choice(["healthy", "healthy", "healthy", "chronic", "other"]),
        "has_disability": rng.random() < 0.08,
    }
