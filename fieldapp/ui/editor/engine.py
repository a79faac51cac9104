"""The editor's link to the forms engine: evaluate answers, and read the eligibility result.

Results are read tolerantly (attributes or dict keys) so the editor keeps working while the engine's
result types grow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Result:
    relevant: set[str] | None = None            # None: everything is relevant
    missing: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    computed: dict[str, Any] = field(default_factory=dict)
    eligible: bool | None = None
    reasons: list[str] = field(default_factory=list)
    score: Any = None
    valid: bool = False
    section_status: dict[str, str] = field(default_factory=dict)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def evaluate(form: Any, answers: dict[str, Any], lang: str) -> Result:
    from ...domain.forms import evaluate as engine_evaluate

    ev = engine_evaluate(form, answers, lang=lang)
    relevant = _get(ev, "relevant", None)
    elig = _get(ev, "eligibility", None)
    reasons = []
    for reason in (_get(elig, "reasons", None) or []) if elig is not None else []:
        reasons.append(reason.get(lang) or reason.get("en", "") if isinstance(reason, dict) else str(reason))
    return Result(
        relevant=set(relevant) if relevant is not None else None,
        missing=list(_get(ev, "missing", []) or []),
        errors=dict(_get(ev, "errors", {}) or {}),
        computed=dict(_get(ev, "computed", {}) or {}),
        eligible=_get(elig, "eligible", None) if elig is not None else None,
        reasons=reasons,
        score=_get(elig, "score", None) if elig is not None else None,
        valid=bool(_get(ev, "valid", False)),
        section_status=dict(_get(ev, "section_status", {}) or {}),
    )


def top_id(path: str) -> str:
    """The top-level field of a path: "members[0].member_name" / "members.0.member_name" → "members"."""
    for sep in ("[", "."):
        path = path.split(sep, 1)[0]
    return path
