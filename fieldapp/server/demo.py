"""`fieldapp-server demo --households N`: a demo head office on this machine.

The demo team's accounts (researcher amal and supervisor sara of team jeddah-1) and N demo households with
their assessments, workflow events and attachments, stored as if the researcher had pushed them and the
supervisor had reviewed them: the same records, versions and event chains a real head office would hold.
A profile enrolled against it then pulls real data over loopback, so the demo shows sync working
(scripts/run-demo.sh does this). The generator is fieldapp.demo's, so the cases are those of
`fieldapp demo DIR --households N` with the same seed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select

from ..demo.generator import SUPERVISOR, DemoCase, DemoGenerator
from ..domain.messages import MESSAGES
from . import accounts
from .blobs import BlobStore
from .db import Database
from .errors import ServerError
from .tables import records
from .unit import UnitOfWork

MESSAGES.update({
    "server.demo_not_empty": {
        "ar": "لا يمكن إضافة بيانات العرض: الخادم يحوي سجلات حالات بالفعل",
        "en": "Demo data can only be added to a server that holds no cases yet"},
})

TEAM = "jeddah-1"
RESEARCHER = "amal"
# username, role, full name: the accounts `fieldapp demo` profiles belong to (fieldapp.demo.profile_for)
DEMO_USERS = ((RESEARCHER, "researcher", "أمل الحربي"), (SUPERVISOR, "supervisor", "سارة العتيبي"))
_CASES_PER_BATCH = 200  # one transaction and one sequence reservation per batch


def check_no_cases(db: Database) -> None:
    with db.read() as conn:
        if conn.execute(select(records.c.id).where(records.c.entity == "household").limit(1)).first():
            raise ServerError("server.demo_not_empty")


def add_demo_users(db: Database, password: str) -> list[str]:
    """The demo team's accounts that do not exist yet; returns the usernames added."""
    added = []
    with db.write() as conn:
        for username, role, full_name in DEMO_USERS:
            if accounts.get_user(conn, username) is None:
                accounts.add_user(conn, username, role, TEAM, password, full_name)
                added.append(username)
    return added


def seed_demo(db: Database, blobs: BlobStore, households: int, *, seed: int = 1,
              progress: Callable[[int], None] | None = None) -> Counter[str]:
    """Store `households` demo cases; returns the count of cases by their latest assessment's status.

    Refuses a server that already holds case records: demo data must never mix with real cases."""
    check_no_cases(db)
    generator = DemoGenerator(seed, role="researcher", username=RESEARCHER, team=TEAM)
    statuses: Counter[str] = Counter()
    batch: list[DemoCase] = []
    for number, case in enumerate(generator.cases(households), start=1):
        batch.append(case)
        statuses[case.assessments[-1].status] += 1
        if len(batch) == _CASES_PER_BATCH:
            _store(db, blobs, batch)
            batch.clear()
            if progress:
                progress(number)
    if batch:
        _store(db, blobs, batch)
    return statuses


def _store(db: Database, blobs: BlobStore, cases: Iterable[DemoCase]) -> None:
    with db.write() as conn:
        unit = UnitOfWork(conn)
        for case in cases:
            for entity, data, version in case_records(case):
                unit.save(entity, data, version)
            for ref, content in case.attachments:
                blobs.put_whole(conn, ref.sha256, content)
        unit.flush()


def case_records(case: DemoCase) -> list[tuple[str, dict[str, Any], int]]:
    """(entity, record, version) of one case as the server stores them after the pushes and reviews."""
    household = case.household.to_dict()
    household["version"] = max(case.household.version, 1)
    out: list[tuple[str, dict[str, Any], int]] = [("household", household, household["version"])]
    owner = {"researcher": case.household.researcher, "team": case.household.team}
    for assessment in case.assessments:
        out.append(("assessment", assessment.to_dict(), assessment.version))
    chain: Counter[str] = Counter()  # an event's version is its place in its assessment's chain
    for event in case.events:
        chain[event.assessment_id] += 1
        out.append(("event", {**event.to_dict(), **owner}, chain[event.assessment_id]))
    for ref, _content in case.attachments:
        out.append(("attachment", {**ref.to_dict(), **owner}, ref.version))
    return out
