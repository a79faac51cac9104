"""The records a researcher keeps: households, assessments and their answers, attachments, events.

Each is a dataclass with `to_dict()` / `from_dict()` so the store, sync and server move one JSON shape.
Answers are keyed by the form's field ids (see domain.forms); members, income sources and debts are
repeat groups inside the answers, read through `Member` etc. for reports and summaries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Self

from .clock import new_id, utc_now
from .workflow import Status

CATEGORIES: dict[str, dict[str, str]] = {
    "widow": {"ar": "أرملة", "en": "Widow"},
    "divorced": {"ar": "مطلقة", "en": "Divorced"},
    "prisoner_family": {"ar": "أسرة سجين", "en": "Prisoner's family"},
    "kidney_patient": {"ar": "مريض فشل كلوي", "en": "Kidney patient"},
    "low_income": {"ar": "دخل محدود", "en": "Low income"},
    "orphans": {"ar": "أيتام", "en": "Orphans"},
    "elderly": {"ar": "كبار السن", "en": "Elderly"},
    "disability": {"ar": "ذوو إعاقة", "en": "Disability"},
    "domestic_violence": {"ar": "ضحية عنف أسري", "en": "Domestic-violence victim"},
}


class _Record:
    """Shared JSON round trip: unknown keys are kept in `extra` so newer peers lose nothing."""

    extra: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)  # type: ignore[call-overload]
        extra = data.pop("extra", {}) or {}
        return {**extra, **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        known = {k: v for k, v in data.items() if k in names and k != "extra"}
        extra = {k: v for k, v in data.items() if k not in names}
        return cls(**known, extra=extra)  # type: ignore[call-arg]


@dataclass
class Household(_Record):
    head_name: str
    national_id: str = ""
    phone: str = ""
    city: str = ""
    district: str = ""
    address: str = ""
    categories: list[str] = field(default_factory=list)
    head_name_latin: str = ""
    file_number: str = ""
    researcher: str = ""
    team: str | None = None
    assignment_id: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)
    version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Assessment(_Record):
    household_id: str
    form_id: str
    form_version: int
    answers: dict[str, Any] = field(default_factory=dict)
    status: str = Status.DRAFT.value
    researcher: str = ""
    team: str | None = None
    visit_date: str | None = None
    submitted_at: str | None = None
    decided_at: str | None = None
    flagged_fields: list[str] = field(default_factory=list)
    review_comment: str = ""
    reject_reason: str = ""
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)
    version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def members(self) -> list[Member]:
        return [Member.from_answer(row) for row in self.answers.get("members", []) or []]


@dataclass
class Member:
    """One row of the household-members repeat group."""

    name: str = ""
    relation: str = ""
    sex: str = ""
    birth_date: str = ""
    id_number: str = ""
    education: str = ""
    work: str = ""
    health: str = ""
    disability: bool = False

    @classmethod
    def from_answer(cls, row: dict[str, Any]) -> Member:
        return cls(
            name=str(row.get("member_name", "") or ""),
            relation=str(row.get("relation", "") or ""),
            sex=str(row.get("sex", "") or ""),
            birth_date=str(row.get("birth_date", "") or ""),
            id_number=str(row.get("member_id_number", "") or ""),
            education=str(row.get("education", "") or ""),
            work=str(row.get("work", "") or ""),
            health=str(row.get("health", "") or ""),
            disability=bool(row.get("has_disability", False)),
        )


@dataclass
class AttachmentRef(_Record):
    """An encrypted blob on disk, named by the SHA-256 of its plaintext (content-addressed)."""

    assessment_id: str
    sha256: str
    size: int
    mime: str = "application/octet-stream"
    filename: str = ""
    field_id: str = "attachments"
    kind: str = "document"
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkflowEvent(_Record):
    """One transition in the append-only, hash-chained history of an assessment."""

    assessment_id: str
    household_id: str
    action: str
    from_status: str
    to_status: str
    actor: str
    role: str
    device_id: str = ""
    comment: str = ""
    reason: str = ""
    flagged_fields: list[str] = field(default_factory=list)
    at: str = field(default_factory=utc_now)
    prev_hash: str = ""
    hash: str = ""
    id: str = field(default_factory=new_id)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Assignment(_Record):
    """An application head office turned into a visit for a researcher."""

    applicant_name: str
    national_id: str = ""
    phone: str = ""
    district: str = ""
    category: str = ""
    channel: str = ""
    received_date: str = ""
    researcher: str = ""
    team: str | None = None
    status: str = "open"
    household_id: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
