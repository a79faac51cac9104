"""Form answers of a demo assessment, fitting the default household form's field ids."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from ..domain.entities import Household
from .names import CHRONIC, CREDITORS, HOSPITALS, OBSERVATIONS

NEEDS = ["monthly_sponsorship", "in_kind", "housing_support", "emergency_relief", "training", "employment",
         "medical"]


def _sar(rng: random.Random, low: int, high: int, step: int = 50) -> int:
    """An amount in halalas: a whole number of riyals between low and high, in steps."""
    return rng.randrange(low // step, high // step + 1) * step * 100


def answers_for(rng: random.Random, household: Household, members: list[dict[str, Any]],
                visit: date) -> dict[str, Any]:
    categories = set(household.categories)
    dialysis = "kidney_patient" in categories
    answers: dict[str, Any] = {
        "head_name": household.head_name, "head_name_latin": household.head_name_latin,
        "national_id": household.national_id, "phone": household.phone, "city": household.city,
        "district": household.district, "address": household.address,
        "nationality": "emirati" if household.national_id.startswith("784") else
        ("saudi" if household.national_id.startswith("1")
         else rng.choice(["yemeni", "egyptian", "sudanese", "syrian", "pakistani"])),
        "marital_status": "widowed" if "widow" in categories else "divorced" if "divorced" in categories
        else rng.choice(["married", "married", "single"]),
        "visit_date": visit.isoformat(),
        "categories": sorted(categories),
        "members": [dict(row) for row in members if row["birth_date"] <= visit.isoformat()],
        "income_sources": _income(rng, categories),
        "exp_rent": _sar(rng, 800, 3500) if rng.random() < 0.7 else 0,
        "exp_utilities": _sar(rng, 150, 700, 10),
        "exp_food": _sar(rng, 900, 3000),
        "exp_transport": _sar(rng, 100, 900, 10),
        "exp_medical": _sar(rng, 0, 1200, 10),
        "exp_school": _sar(rng, 0, 800, 10),
        "housing_type": rng.choice(["rented", "rented", "owned", "shared"]),
        "housing_condition": rng.choice(["good", "fair", "fair", "poor"]),
        "rooms": rng.randrange(1, 6),
        "has_dialysis": dialysis,
        "chronic_conditions": "فشل كلوي" if dialysis else rng.choice(CHRONIC),
        "debts": [{"creditor": rng.choice(CREDITORS), "debt_amount": _sar(rng, 2000, 60000, 500),
                   "monthly_installment": _sar(rng, 200, 2000)} for _ in range(rng.choice([0, 0, 1, 1, 2]))],
        "needs": sorted(rng.sample(NEEDS, rng.choice([1, 2, 2, 3]))),
        "observations": rng.choice(OBSERVATIONS),
    }
    if dialysis:
        answers["dialysis_sessions_per_week"] = rng.choice([2, 3, 3, 4])
        answers["hospital"] = rng.choice(HOSPITALS[household.city or "jeddah"])
        answers["needs_transport"] = rng.random() < 0.6
    answers["rec_aid_type"] = answers["needs"][0]
    answers["rec_amount"] = _sar(rng, 500, 3000)
    answers["rec_duration_months"] = rng.choice([3, 6, 12])
    return answers


def _income(rng: random.Random, categories: set[str]) -> list[dict[str, Any]]:
    sources = []
    if rng.random() < 0.75:
        sources.append({"source": "social_security", "amount": _sar(rng, 900, 3200)})
    if "widow" in categories and rng.random() < 0.5:
        sources.append({"source": "pension", "amount": _sar(rng, 1000, 4000)})
    if "divorced" in categories and rng.random() < 0.5:
        sources.append({"source": "alimony", "amount": _sar(rng, 500, 2000)})
    if rng.random() < 0.3:
        sources.append({"source": "salary", "amount": _sar(rng, 1500, 5000)})
    if rng.random() < 0.15:
        sources.append({"source": "charity", "amount": _sar(rng, 300, 1500)})
    return sources
