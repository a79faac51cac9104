"""Records for store tests."""

from __future__ import annotations

from fieldapp.domain.entities import Assessment, Household

PASSWORD = "correct horse 1"


def make_household(**fields: object) -> Household:
    values: dict[str, object] = {"head_name": "أحمد محمد الغامدي", "head_name_latin": "Ahmed Mohammed Al-Ghamdi",
                                 "national_id": "1012345672", "phone": "0551234567", "city": "jeddah",
                                 "district": "الصفا", "categories": ["widow"], "file_number": "JED-2025-000001",
                                 "researcher": "amal", "team": "jeddah-1"}
    values.update(fields)
    return Household(**values)  # type: ignore[arg-type]


def make_assessment(household: Household, **fields: object) -> Assessment:
    values: dict[str, object] = {"household_id": household.id, "form_id": "household_assessment",
                                 "form_version": 1, "answers": {"visit_date": "2026-03-01", "rooms": 3},
                                 "researcher": household.researcher, "team": household.team}
    values.update(fields)
    return Assessment(**values)  # type: ignore[arg-type]
