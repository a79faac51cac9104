"""The supervisor's entries in the navigation (fieldapp.ui.navigation): the review queue and the team
dashboard, for supervisors and head office."""

from __future__ import annotations

from typing import Any

from ...domain.workflow import Role, Status
from ..i18n import tr
from ..navigation import NavEntry, register

C = "Navigation"
REVIEWERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _queue_view(workspace: Any) -> Any:
    from .queue import ReviewQueueView

    return ReviewQueueView(workspace)


def _dashboard_view(workspace: Any) -> Any:
    from .dashboard import DashboardView

    return DashboardView(workspace)


def register_review_views() -> None:
    register(NavEntry("review", lambda: tr(C, "Review queue"), 5, REVIEWERS, make_view=_queue_view,
                      count=lambda vault: int(vault.count_cases(status=Status.SUBMITTED.value))))
    register(NavEntry("dashboard", lambda: tr(C, "Team dashboard"), 6, REVIEWERS, make_view=_dashboard_view))
