"""Deterministic demo cases: a household, its assessments over the years, their events and attachments.

Everything comes from one random.Random(seed), ids included, so the same seed gives the same data
(tests re-generate it to know exactly which names and numbers were seeded).
"""

from __future__ import annotations

import hashlib
import random
import struct
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..domain.clock import to_iso
from ..domain.entities import CATEGORIES, Assessment, AttachmentRef, Household, WorkflowEvent
from ..domain.history import seal
from . import people
from .answers import answers_for
from .names import APPROVE_COMMENTS, DISTRICTS, RETURN_COMMENTS, STREETS

FORM_ID, FORM_VERSION = "household_assessment", 1
TEAM_RESEARCHERS = ["amal", "noura", "huda"]
SUPERVISOR = "sara"
REJECT_REASONS = ["income_above_threshold", "incomplete_documents", "not_resident", "duplicate_support",
                  "no_contact"]
# Latest assessment status of a case; a supervisor's device never holds drafts.
RESEARCHER_MIX = [("draft", 15), ("submitted", 20), ("returned", 8), ("approved", 47), ("rejected", 10)]
SUPERVISOR_MIX = [("submitted", 35), ("returned", 10), ("approved", 45), ("rejected", 10)]
FIRST_DAY, LAST_DAY = date(2021, 1, 3), date(2026, 11, 12)


@dataclass
class DemoCase:
    household: Household
    assessments: list[Assessment]
    events: list[WorkflowEvent] = field(default_factory=list)
    attachments: list[tuple[AttachmentRef, bytes]] = field(default_factory=list)

    def secrets(self) -> set[str]:
        """Every name, ID number and phone in this case (what must never appear in plaintext on disk)."""
        found = {self.household.head_name, self.household.head_name_latin, self.household.national_id,
                 self.household.phone}
        for assessment in self.assessments:
            for member in assessment.members:
                found.update({member.name, member.id_number})
        return {s for s in found if s}


class DemoGenerator:
    def __init__(self, seed: int = 1, *, role: str = "researcher", username: str = "amal",
                 team: str = "jeddah-1") -> None:
        self.rng = random.Random(seed)
        self.role, self.username, self.team = role, username, team
        self._mix = SUPERVISOR_MIX if role == "supervisor" else RESEARCHER_MIX

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def cases(self, count: int) -> Iterator[DemoCase]:
        for number in range(count):
            yield self.case(number)

    def case(self, number: int) -> DemoCase:
        rng = self.rng
        city = "dubai" if rng.random() < 0.25 else "jeddah"
        categories = self._categories(number)
        female = bool({"widow", "divorced", "prisoner_family", "domestic_violence"} & set(categories)) \
            or rng.random() < 0.4
        head, father, family = people.full_name(rng, female, city)
        head_birth = people.birth(rng, LAST_DAY, 24, 80 if "elderly" not in categories else 90)
        head_id = people.national_id(rng, city, head_birth.year)
        researcher = self.username if self.role == "researcher" else rng.choice(TEAM_RESEARCHERS)
        studies = rng.choices([1, 2, 3], weights=[80, 15, 5])[0]
        visits = sorted(self._day() for _ in range(studies))
        household = Household(
            head_name=head.ar, head_name_latin=head.latin, national_id=head_id, phone=people.phone(rng, city),
            city=city, district=rng.choice(DISTRICTS[city]), categories=categories,
            file_number=f"{'DXB' if city == 'dubai' else 'JED'}-{visits[0].year}-{number + 1:06d}",
            researcher=researcher, team=self.team, id=self.uid(), created_at=self._at(visits[0], 9),
            updated_at=self._at(visits[-1], 9), version=1)
        household.address = f"{rng.choice(STREETS)}، {household.district}، مبنى {rng.randrange(1, 400)}"
        member_rows = people.members(rng, head, female, father, family,
                                     spouse=not ({"widow", "divorced"} & set(categories)) and rng.random() < 0.7,
                                     city=city, today=visits[-1])
        case = DemoCase(household, [])
        for index, visit in enumerate(visits):
            latest = index == len(visits) - 1
            status = self._status() if latest else rng.choice(["approved"] * 5 + ["rejected"])
            case.assessments.append(self._assessment(case, visit, status, member_rows, researcher))
        if number % 25 == 3:
            self._attach(case)
        return case

    # -- pieces ----------------------------------------------------------------------------------------
    def _categories(self, number: int) -> list[str]:
        codes = list(CATEGORIES)
        chosen = {codes[number % len(codes)]} if number < len(codes) else set()
        chosen.update(self.rng.sample(codes, self.rng.choice([1, 1, 2, 2, 3])))
        if {"widow", "divorced"} <= chosen:
            chosen.discard("divorced")
        return sorted(chosen)

    def _day(self) -> date:
        return FIRST_DAY + timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days))

    def _at(self, day: date, hour: int) -> str:
        moment = datetime(day.year, day.month, day.day, hour, self.rng.randrange(60), tzinfo=UTC)
        return to_iso(moment)

    def _status(self) -> str:
        names, weights = zip(*self._mix, strict=True)
        return self.rng.choices(names, weights=weights)[0]

    def _assessment(self, case: DemoCase, visit: date, status: str, member_rows: list[dict[str, Any]],
                    researcher: str) -> Assessment:
        answers = answers_for(self.rng, case.household, member_rows, visit)
        assessment = Assessment(household_id=case.household.id, form_id=FORM_ID, form_version=FORM_VERSION,
                                answers=answers, status="draft", researcher=researcher, team=self.team,
                                visit_date=visit.isoformat(), id=self.uid(), created_at=self._at(visit, 8),
                                updated_at=self._at(visit, 12), version=1)
        steps = self._steps(status)
        moment = datetime.fromisoformat(assessment.updated_at.replace("Z", "+00:00"))
        previous: WorkflowEvent | None = None
        for action, target in steps:
            moment += timedelta(hours=self.rng.randrange(2, 60))
            event = self._event(assessment, action, target, to_iso(moment), researcher)
            previous = seal(event, previous)
            case.events.append(event)
            assessment.status = target
            assessment.updated_at = event.at
            assessment.version += 1
            if action == "submit":
                assessment.submitted_at = event.at
            if target in ("approved", "rejected"):
                assessment.decided_at = event.at
            if action in ("return", "reject", "approve"):
                assessment.review_comment = event.comment
            if action == "return":
                assessment.flagged_fields = list(event.flagged_fields)
            if action == "reject":
                assessment.reject_reason = event.reason
        return assessment

    def _steps(self, status: str) -> list[tuple[str, str]]:
        cycle = [("submit", "submitted"), ("return", "returned"), ("resume", "draft")] \
            if self.rng.random() < 0.2 else []
        tail = {"draft": [], "submitted": [("submit", "submitted")],
                "returned": [("submit", "submitted"), ("return", "returned")],
                "approved": [("submit", "submitted"), ("approve", "approved")],
                "rejected": [("submit", "submitted"), ("reject", "rejected")]}[status]
        return (cycle + tail) if tail or self.rng.random() < 0.3 else tail

    def _event(self, assessment: Assessment, action: str, target: str, at: str, researcher: str) -> WorkflowEvent:
        by_supervisor = action in ("approve", "return", "reject")
        comment, reason, flagged = "", "", []
        if action == "return":
            comment = self.rng.choice(RETURN_COMMENTS)
            flagged = self.rng.sample(["income_sources", "members", "attachments", "exp_rent"], 1)
        elif action == "approve":
            comment = self.rng.choice(APPROVE_COMMENTS)
        elif action == "reject":
            reason = self.rng.choice(REJECT_REASONS)
            comment = "لا تنطبق الشروط حالياً"
        return WorkflowEvent(
            assessment_id=assessment.id, household_id=assessment.household_id, action=action,
            from_status=assessment.status, to_status=target, actor=SUPERVISOR if by_supervisor else researcher,
            role="supervisor" if by_supervisor else "researcher", device_id="demo-device", comment=comment,
            reason=reason, flagged_fields=flagged, at=at, id=self.uid())

    def _attach(self, case: DemoCase) -> None:
        assessment = case.assessments[-1]
        household = case.household
        letter = (f"صورة الهوية الوطنية\nالاسم: {household.head_name}\n{household.head_name_latin}\n"
                  f"رقم الهوية: {household.national_id}\nالجوال: {household.phone}\n").encode()
        photo = tiny_png(self.rng.randrange(256), self.rng.randrange(256), self.rng.randrange(256))
        for data, name, mime in ((letter, "id-card.txt", "text/plain"), (photo, "home.png", "image/png")):
            ref = AttachmentRef(assessment_id=assessment.id, sha256=hashlib.sha256(data).hexdigest(),
                                size=len(data), mime=mime, filename=name,
                                kind="photo" if mime.startswith("image/") else "document", id=self.uid(),
                                created_at=assessment.created_at, version=1)
            case.attachments.append((ref, data))
        assessment.answers["attachments"] = [ref.id for ref, _ in case.attachments]


def tiny_png(red: int, green: int, blue: int, size: int = 8) -> bytes:
    """A valid PNG of one colour (a stand-in for a photo of the home)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\x00" + bytes((red, green, blue)) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")

