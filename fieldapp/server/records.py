"""The case store: every synced entity in `records`, its plain columns, and who may see or change it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, not_, select, true

from ..domain.arabic import digits_only, person_key
from ..domain.workflow import Role, Status
from .accounts import Principal
from .db import clean
from .tables import records

ENTITIES = ("household", "assessment", "event", "attachment", "assignment")
# A supervisor without a team sees nothing: a name no record's team column (64 characters at most) holds.
# Not "\x00", which PostgreSQL refuses in text (a 400 on every pull of such a supervisor).
NO_TEAM = "~" * 65
HouseholdOf = Callable[[str], "dict[str, Any] | None"]


_LOAD = select(records).where(records.c.entity == bindparam("b_entity"), records.c.id == bindparam("b_id"))


def load(conn: Connection, entity: str, record_id: str) -> Any:
    return conn.execute(_LOAD, {"b_entity": entity, "b_id": record_id}).one_or_none()


def _money(value: Any) -> int | None:
    try:
        amount = int(value) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None
    # The column is a BIGINT: an absurd amount stays in the record's JSON but not in the statistics.
    return amount if amount is None or -2**63 <= amount < 2**63 else None


def _categories(data: dict[str, Any], household_of: HouseholdOf | None) -> list[str]:
    answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
    found = answers.get("categories")
    if not found and data.get("household_id") and household_of is not None:
        found = (household_of(str(data["household_id"])) or {}).get("categories")
    return [str(c) for c in found if c] if isinstance(found, list) else []


def lookup_person(name: Any, phone: Any) -> str | None:
    """The name|phone duplicate key, only when both are known (a name alone matches too many people)."""
    if not name or not phone or not isinstance(name, str) or not isinstance(phone, str):
        return None
    return clean(person_key(name, phone), 500)


def plain_columns(entity: str, data: dict[str, Any], household_of: HouseholdOf | None = None) -> dict[str, Any]:
    """The columns scoping, pulls, exports and statistics read without parsing JSON."""
    cols: dict[str, Any] = {"team": clean(data.get("team")), "researcher": clean(data.get("researcher")),
                            "status": None, "household_id": None, "assessment_id": None, "categories": None,
                            "amount": None, "month": None, "id_key": None, "person_key": None}
    if entity == "assessment":
        answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
        visit = answers.get("visit_date") or data.get("visit_date") or data.get("created_at") or ""
        cols.update(status=clean(data.get("status") or Status.DRAFT.value, 16),
                    household_id=clean(data.get("household_id")),
                    categories=clean(",".join(_categories(data, household_of)), 2000), amount=_money(answers.get("rec_amount")),
                    month=clean(visit, 7))
    elif entity == "household":
        found = data.get("categories")
        cols.update(household_id=clean(data.get("id")),
                    # kept for pushes: an assessment without its own categories takes its household's
                    categories=clean(",".join(str(c) for c in found if c), 2000) if isinstance(found, list) else None, id_key=clean(digits_only(str(data.get("national_id") or "")), 32),
                    person_key=lookup_person(data.get("head_name"), data.get("phone")))
    elif entity in ("event", "attachment"):
        cols.update(assessment_id=clean(data.get("assessment_id")), household_id=clean(data.get("household_id")))
        if entity == "attachment":  # the blob's hash, to find who may download it
            cols["person_key"] = clean(data.get("sha256"), 64)
    elif entity == "assignment":
        cols.update(status=clean(data.get("status") or "open", 16), household_id=clean(data.get("household_id")),
                    id_key=clean(digits_only(str(data.get("national_id") or "")), 32),
                    person_key=lookup_person(data.get("applicant_name"), data.get("phone")),
                    categories=clean(data.get("category"), 200), month=clean(data.get("received_date"), 7))
    return cols


def can_see(principal: Principal, row: Any) -> bool:
    if principal.role == Role.ADMIN:
        return True
    if principal.role == Role.RESEARCHER:
        return row.researcher == principal.username
    if row.entity == "assessment" and row.status == Status.DRAFT.value:
        return False
    return principal.team is not None and row.team == principal.team


def can_change(principal: Principal, row: Any) -> bool:
    if principal.role == Role.ADMIN:
        return True
    if principal.role == Role.RESEARCHER:
        return row.researcher == principal.username
    return principal.team is not None and row.team == principal.team


def scope(principal: Principal) -> ColumnElement[bool]:
    """The SQL condition of what a principal may read (the pull and every listing use it)."""
    return _scope(principal.role, principal.username, principal.team or NO_TEAM)


@functools.cache
def scope_template(role: Role) -> ColumnElement[bool]:
    """scope() for any asker of this role, who is bound at execution (scope_params): a statement built on it
    once is reused, where a fresh statement per request costs its construction and cache-key walk."""
    return _scope(role, bindparam("s_user"), bindparam("s_team"))


def _scope(role: Role, user: Any, team: Any) -> ColumnElement[bool]:
    if role == Role.ADMIN:
        return true()
    if role == Role.RESEARCHER:
        return records.c.researcher == user
    draft = and_(records.c.entity == "assessment", records.c.status == Status.DRAFT.value)
    return and_(records.c.team == team, not_(draft))


def scope_params(principal: Principal) -> dict[str, str]:
    return {"s_user": principal.username, "s_team": principal.team or NO_TEAM}
