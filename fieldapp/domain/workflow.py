"""The assessment workflow: one function, `decide`, that client and server both use.

    draft ──submit──▶ submitted ──approve──▶ approved ──reopen (admin)──▶ returned
      ▲                  │  ├──return──▶ returned ──resume──▶ draft
      │                  │  └──reject──▶ rejected
      └──────────────────┘ (researcher edits a returned assessment: resume)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from ..paths import resource_path
from .errors import TransitionRefused


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"


class Role(StrEnum):
    RESEARCHER = "researcher"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    RESUME = "resume"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Rule:
    source: Status
    target: Status
    roles: frozenset[Role]


RULES: dict[Action, Rule] = {
    Action.SUBMIT: Rule(Status.DRAFT, Status.SUBMITTED, frozenset({Role.RESEARCHER})),
    Action.RESUME: Rule(Status.RETURNED, Status.DRAFT, frozenset({Role.RESEARCHER})),
    Action.APPROVE: Rule(Status.SUBMITTED, Status.APPROVED, frozenset({Role.SUPERVISOR, Role.ADMIN})),
    Action.RETURN: Rule(Status.SUBMITTED, Status.RETURNED, frozenset({Role.SUPERVISOR, Role.ADMIN})),
    Action.REJECT: Rule(Status.SUBMITTED, Status.REJECTED, frozenset({Role.SUPERVISOR, Role.ADMIN})),
    Action.REOPEN: Rule(Status.APPROVED, Status.RETURNED, frozenset({Role.ADMIN})),
}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
READ_ONLY = frozenset({Status.APPROVED, Status.REJECTED})

STATUS_LABELS: dict[Status, dict[str, str]] = {
    Status.DRAFT: {"ar": "مسودة", "en": "Draft"},
    Status.SUBMITTED: {"ar": "مرسلة للمراجعة", "en": "Submitted"},
    Status.APPROVED: {"ar": "معتمدة", "en": "Approved"},
    Status.RETURNED: {"ar": "معادة للاستكمال", "en": "Returned"},
    Status.REJECTED: {"ar": "مرفوضة", "en": "Rejected"},
}

ACTION_LABELS: dict[Action, dict[str, str]] = {
    Action.SUBMIT: {"ar": "إرسال", "en": "Submit"},
    Action.RESUME: {"ar": "استئناف التعديل", "en": "Resume editing"},
    Action.APPROVE: {"ar": "اعتماد", "en": "Approve"},
    Action.RETURN: {"ar": "إعادة للاستكمال", "en": "Return for correction"},
    Action.REJECT: {"ar": "رفض", "en": "Reject"},
    Action.REOPEN: {"ar": "إعادة فتح", "en": "Reopen"},
}


ROLE_LABELS: dict[Role, dict[str, str]] = {
    Role.RESEARCHER: {"ar": "باحث اجتماعي", "en": "researcher"},
    Role.SUPERVISOR: {"ar": "مشرف", "en": "supervisor"},
    Role.ADMIN: {"ar": "المقر الرئيسي", "en": "head office"},
}


def _named(**codes: str) -> dict[str, str]:
    """Message parameters: each code plus its Arabic and English label, so a refusal reads as words."""
    tables: dict[str, dict] = {"action": ACTION_LABELS, "role": ROLE_LABELS, "status": STATUS_LABELS}
    params = dict(codes)
    for kind, code in codes.items():
        labels = next((v for k, v in tables[kind].items() if k.value == code), {"ar": code, "en": code})
        params[f"{kind}_ar"], params[f"{kind}_en"] = labels["ar"], labels["en"].lower()
    return params


@dataclass(frozen=True)
class Actor:
    """Who asks: their username, role and team (None for an admin of all teams)."""

    username: str
    role: Role
    team: str | None = None


def rejection_reasons() -> list[dict[str, str]]:
    """The head office's list of rejection reasons: [{code, ar, en}]."""
    with resource_path("forms", "rejection_reasons.json").open(encoding="utf-8") as handle:
        return list(json.load(handle)["reasons"])


def decide(
    actor: Actor,
    action: Action | str,
    status: Status | str,
    *,
    owner: str,
    team: str | None,
    comment: str = "",
    reason: str = "",
    valid_reasons: set[str] | None = None,
) -> Status:
    """Return the status an assessment moves to, or raise TransitionRefused with the reason.

    `owner` and `team` are the assessment's researcher and team; researchers act on their own cases,
    supervisors on their team's, admins on all.
    """
    try:
        action = Action(action)
    except ValueError:
        raise TransitionRefused("workflow.unknown_action", action=str(action)) from None
    status = Status(status)
    rule = RULES[action]
    if actor.role not in rule.roles:
        raise TransitionRefused("workflow.role_forbidden", **_named(role=actor.role.value, action=action.value))
    if status != rule.source:
        raise TransitionRefused("workflow.bad_state", **_named(action=action.value, status=status.value))
    if actor.role == Role.RESEARCHER and actor.username != owner:
        raise TransitionRefused("workflow.not_owner")
    if actor.role == Role.SUPERVISOR and (actor.team is None or actor.team != team):
        raise TransitionRefused("workflow.not_team")
    if action == Action.RETURN and not comment.strip():
        raise TransitionRefused("workflow.comment_required")
    if action == Action.REOPEN and not (comment.strip() or reason.strip()):
        raise TransitionRefused("workflow.reopen_reason_required")
    if action == Action.REJECT:
        allowed = valid_reasons if valid_reasons is not None else {r["code"] for r in rejection_reasons()}
        if reason not in allowed:
            raise TransitionRefused("workflow.reason_required")
    return rule.target


def allowed_actions(actor: Actor, status: Status | str, *, owner: str, team: str | None) -> list[Action]:
    """The actions this actor could take now (comments and reasons aside), for buttons and menus."""
    result = []
    for action, rule in RULES.items():
        if rule.source != Status(status) or actor.role not in rule.roles:
            continue
        if actor.role == Role.RESEARCHER and actor.username != owner:
            continue
        if actor.role == Role.SUPERVISOR and actor.team != team:
            continue
        result.append(action)
    return result
