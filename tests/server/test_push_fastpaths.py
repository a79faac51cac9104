"""The push's shortcuts give exactly what the plain rules give (the rules written out again here)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.workflow import Role
from fieldapp.server.accounts import Principal
from fieldapp.server.db import clean
from fieldapp.server.sync import ASSIGNMENT_FIELDS, LINK_FIELDS, OWNER_FIELDS, _allowed_changes
from fieldapp.sync.protocol import SERVER_FIELDS

from .conftest import Server

FIELDS = sorted(SERVER_FIELDS | OWNER_FIELDS | ASSIGNMENT_FIELDS |
                {"household_id", "assessment_id", "answers.x", "head_name", "notes", "categories"})


def _plain_clean(value: Any, length: int) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:length]
    return text or None


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(),
                       st.text(alphabet=st.characters(exclude_categories=()), max_size=80)),
       length=st.sampled_from([1, 7, 16, 64, 2000]))
def test_clean_is_the_plain_rule(value: Any, length: int) -> None:
    assert clean(value, length) == _plain_clean(value, length)


def _plain_allowed(role: Role, entity: str, exists: bool, changes: dict[str, Any]) -> dict[str, Any]:
    allowed = {}
    for key, change in changes.items():
        if key in SERVER_FIELDS or (key in OWNER_FIELDS and role != Role.ADMIN):
            continue
        if exists and key == LINK_FIELDS.get(entity):
            continue
        if entity == "assignment" and role != Role.ADMIN and key not in ASSIGNMENT_FIELDS:
            continue
        allowed[key] = change
    return allowed


@settings(max_examples=300, deadline=None)
@given(role=st.sampled_from(list(Role)), entity=st.sampled_from(sorted(LINK_FIELDS)), exists=st.booleans(),
       keys=st.lists(st.sampled_from(FIELDS), unique=True))
def test_allowed_changes_are_the_plain_rule(role: Role, entity: str, exists: bool, keys: list[str]) -> None:
    changes = {k: {"old": None, "new": i} for i, k in enumerate(keys)}
    principal = Principal("u", role, "t1", "d1")
    got = _allowed_changes(principal, entity, exists, changes)
    assert got == _plain_allowed(role, entity, exists, changes)
    assert list(got) == list(_plain_allowed(role, entity, exists, changes))  # order kept


def test_the_pull_s_scope_template_selects_what_scope_selects(teams: Server) -> None:
    from sqlalchemy import select

    from fieldapp.server.records import scope, scope_params, scope_template
    from fieldapp.server.tables import records

    from .factories import assessment, event, household

    for name in ("alice", "bob", "carl"):
        api = teams.device(name)
        hid, hop = household(name=f"أسرة {name}")
        aid, aop = assessment(hid)
        api.push(hop, aop)
        if name == "alice":
            api.push(event(aid, "submit"))
    askers = [Principal(n, r, t, "d") for n, r, t in [("alice", Role.RESEARCHER, "t1"), ("sam", Role.SUPERVISOR, "t1"),
                                                      ("tara", Role.SUPERVISOR, "t2"), ("x", Role.SUPERVISOR, None),
                                                      ("root", Role.ADMIN, None)]]
    with teams.db.read() as conn:
        for who in askers:
            plain = conn.execute(select(records.c.id).where(scope(who)).order_by(records.c.id)).scalars().all()
            bound = conn.execute(select(records.c.id).where(scope_template(who.role)).order_by(records.c.id),
                                 scope_params(who)).scalars().all()
            assert plain == bound, who
            assert plain or who.team is None
