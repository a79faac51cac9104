"""Shared builders for the forms tests: a realistic household and small hand-made forms."""

from __future__ import annotations

import copy
from typing import Any


def household(**overrides: Any) -> dict[str, Any]:
    """A widow in Jeddah with three children, one of whom needs dialysis three times a week."""
    answers: dict[str, Any] = {
        "head_name": "فاطمة عبدالله الزهراني", "national_id": "1012345672", "phone": "0551234567",
        "city": "jeddah", "district": "الصفا", "nationality": "saudi", "marital_status": "widowed",
        "visit_date": "2026-03-10", "categories": ["widow", "kidney_patient"],
        "members": [
            {"member_name": "محمد", "relation": "son", "sex": "male", "birth_date": "2015-05-01"},
            {"member_name": "سارة", "relation": "daughter", "sex": "female", "birth_date": "2012-01-20"},
            {"member_name": "نورة", "relation": "daughter", "sex": "female", "birth_date": "2004-07-02",
             "work": "student", "health": "kidney_failure"},
        ],
        "income_sources": [{"source": "social_security", "amount": 120000}, {"source": "charity", "amount": 60000}],
        "exp_rent": 150000, "exp_food": 90000, "exp_utilities": 40000,
        "housing_type": "rented", "housing_condition": "fair", "rooms": 2,
        "has_dialysis": True, "dialysis_sessions_per_week": 3, "hospital": "مستشفى الملك فهد",
        "needs_transport": True, "needs": ["monthly_sponsorship", "medical"],
        "observations": "المنزل بحاجة إلى صيانة", "rec_aid_type": "monthly_sponsorship", "rec_amount": 100000,
        "rec_duration_months": 12,
    }
    answers.update(copy.deepcopy(overrides))
    return answers


def label(text: str) -> dict[str, str]:
    return {"ar": text, "en": text}


def tiny_form(*fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A one-section form around the given fields."""
    return {"form_id": "tiny", "version": 1, "title": label("tiny"),
            "sections": [{"id": "main", "label": label("main"), "fields": list(fields)}], **extra}


def field(fid: str, kind: str = "integer", **props: Any) -> dict[str, Any]:
    return {"id": fid, "type": kind, "label": label(fid), **props}
