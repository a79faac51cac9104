"""The navigation registry: views by role, with a count each. Other features (the supervisor's review
queue and dashboard) add entries with `register(...)` without touching the main window.

An entry either filters the shared case list by a workflow status (`status`) or brings its own view
(`make_view(workspace) -> QWidget`). `count(vault) -> int` runs on the db lane.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain.workflow import Role
from .i18n import tr

C = "Navigation"
ALL_ROLES = frozenset(Role)


@dataclass
class NavEntry:
    key: str
    title: Callable[[], str]                 # called at display time, so it follows the language
    order: int = 100
    roles: frozenset[Role] = ALL_ROLES
    status: str | None = None
    make_view: Callable[[Any], Any] | None = None
    count: Callable[[Any], int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


REGISTRY: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    REGISTRY[entry.key] = entry


def entries_for(role: Role) -> list[NavEntry]:
    return sorted((e for e in REGISTRY.values() if role in e.roles), key=lambda e: (e.order, e.key))


def _status_count(status: str) -> Callable[[Any], int]:
    return lambda vault: int(vault.count_cases(status=status))


def _open_assignments(vault: Any) -> int:
    return len(list(vault.list_assignments(status="open")))


def _open_conflicts(vault: Any) -> int:
    return len(list(vault.conflicts(open_only=True)))


def _register_defaults() -> None:
    def assignments_view(workspace: Any) -> Any:
        from .assignments import AssignmentsView

        return AssignmentsView(workspace)

    def conflicts_view(workspace: Any) -> Any:
        from .conflicts import ConflictsView

        return ConflictsView(workspace)

    field_roles = frozenset({Role.RESEARCHER, Role.ADMIN})
    register(NavEntry("assignments", lambda: tr(C, "Assignments"), 10, field_roles,
                      make_view=assignments_view, count=_open_assignments))
    register(NavEntry("drafts", lambda: tr(C, "Drafts"), 20, field_roles, status="draft",
                      count=_status_count("draft")))
    register(NavEntry("submitted", lambda: tr(C, "Submitted"), 30, status="submitted",
                      count=_status_count("submitted")))
    register(NavEntry("returned", lambda: tr(C, "Returned with comments"), 40, status="returned",
                      count=_status_count("returned")))
    register(NavEntry("approved", lambda: tr(C, "Approved"), 50, status="approved",
                      count=_status_count("approved")))
    register(NavEntry("rejected", lambda: tr(C, "Rejected"), 60, status="rejected",
                      count=_status_count("rejected")))
    register(NavEntry("all", lambda: tr(C, "All cases"), 70, status=None, count=lambda v: int(v.count_cases())))
    register(NavEntry("conflicts", lambda: tr(C, "Conflicts"), 80, make_view=conflicts_view,
                      count=_open_conflicts))


_register_defaults()

# The supervisor's review queue and team dashboard (fieldapp/ui/review) register themselves here.
from .review.nav import register_review_views  # noqa: E402  (needs NavEntry/register defined above)

register_review_views()
