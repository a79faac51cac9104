"""Request bodies as pydantic models: the OpenAPI document describes them and bad input is a 400."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..sync.protocol import MAX_PUSH_OPS

ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
NAME_PATTERN = r"^[^\x00-\x1f\x7f]{1,64}$"


class EnrollIn(BaseModel):
    username: str = Field(pattern=NAME_PATTERN)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(default="", max_length=200)


def _finite(value: Any, depth: int = 0) -> bool:
    """No NaN or infinity anywhere (JSON has no such numbers), and no absurd nesting."""
    if depth > 64:
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v, depth + 1) for v in value)
    return True


class FieldChangeIn(BaseModel):
    old: Any = None
    new: Any = None

    @model_validator(mode="after")
    def _only_json_numbers(self) -> FieldChangeIn:
        if not (_finite(self.old) and _finite(self.new)):
            raise ValueError("numbers must be finite")
        return self


class OpIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    op_id: str = Field(pattern=ID_PATTERN)
    entity: Literal["household", "assessment", "event", "attachment", "assignment"]
    entity_id: str = Field(pattern=ID_PATTERN)
    kind: Literal["change", "event"]
    base_version: int = Field(default=0, ge=0, le=2**31)
    changes: dict[str, FieldChangeIn] | None = None
    event: dict[str, Any] | None = None
    created_at: str = Field(default="", max_length=40)

    @model_validator(mode="after")
    def _event_numbers(self) -> OpIn:
        if self.event is not None and not _finite(self.event):
            raise ValueError("numbers must be finite")
        return self

    def as_op(self) -> dict[str, Any]:
        op = self.model_dump()
        if self.changes is not None:
            op["changes"] = {k: {"old": v.old, "new": v.new} for k, v in self.changes.items()}
        return op


class PushIn(BaseModel):
    ops: list[OpIn] = Field(max_length=MAX_PUSH_OPS)


class CompleteIn(BaseModel):
    size: int = Field(ge=0, le=2**40)
