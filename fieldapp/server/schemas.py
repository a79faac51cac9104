"""Request bodies as pydantic models: the OpenAPI document describes them and bad input is a 400."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..sync.protocol import MAX_PUSH_OPS

ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
NAME_PATTERN = r"^[^\x00-\x1f\x7f]{1,64}$"


class EnrollIn(BaseModel):
    username: str = Field(pattern=NAME_PATTERN)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(default="", max_length=200)


class FieldChangeIn(BaseModel):
    old: Any = None
    new: Any = None


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

    def as_op(self) -> dict[str, Any]:
        op = self.model_dump()
        if self.changes is not None:
            op["changes"] = {k: {"old": v.old, "new": v.new} for k, v in self.changes.items()}
        return op


class PushIn(BaseModel):
    ops: list[OpIn] = Field(max_length=MAX_PUSH_OPS)


class CompleteIn(BaseModel):
    size: int = Field(ge=0, le=2**40)
