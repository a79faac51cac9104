"""Realistic demo data for a new profile (`fieldapp demo DIR --households N`), pure Python.

    from fieldapp.demo import create_demo, DemoGenerator
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .generator import SUPERVISOR, DemoCase, DemoGenerator

__all__ = ["DEFAULT_SETTINGS", "DemoCase", "DemoGenerator", "create_demo", "profile_for"]

DEFAULT_SETTINGS: dict[str, Any] = {"language": "ar", "calendar": "both", "digits": "arabic",
                                    "autolock_minutes": 10, "work_week": "sun-thu", "server_url": "",
                                    "ca_bundle": ""}


def profile_for(role: str) -> dict[str, Any]:
    if role == "supervisor":
        return {"username": SUPERVISOR, "role": "supervisor", "team": "jeddah-1", "full_name": "سارة العتيبي",
                "device_id": "demo-device", "server_url": ""}
    return {"username": "amal", "role": "researcher", "team": "jeddah-1", "full_name": "أمل الحربي",
            "device_id": "demo-device", "server_url": ""}


def create_demo(folder: str | os.PathLike[str], password: str, households: int, *, seed: int = 1,
                role: str = "researcher", progress: Callable[[int], None] | None = None) -> Counter[str]:
    """A new vault in `folder` holding `households` demo cases; returns the count of cases by status."""
    from ..store import Vault
    from ..store.bulk import BulkLoader

    profile = profile_for(role)
    generator = DemoGenerator(seed, role=role, username=profile["username"], team=profile["team"])
    statuses: Counter[str] = Counter()
    with Vault.create(folder, password) as vault:
        vault.meta_set("profile", profile)
        vault.meta_set("demo", {"seed": seed, "households": households})
        with BulkLoader(vault) as load:
            for number, case in enumerate(generator.cases(households), start=1):
                load.add(case.household, case.assessments, case.events, case.attachments)
                statuses[case.assessments[-1].status] += 1
                if progress and number % 5000 == 0:
                    progress(number)
    settings = Path(folder) / "settings.json"
    if not settings.exists():
        settings.write_text(json.dumps(DEFAULT_SETTINGS, indent=2), encoding="utf-8")
    return statuses
