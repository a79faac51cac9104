"""A shallow to_dict for the store: the dict is serialised at once, so the deep copy that
dataclasses.asdict makes (most of the cost of a bulk load) is not needed. Same shape as to_dict()."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any


@cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name != "extra")


def record_dict(record: Any) -> dict[str, Any]:
    data = {name: getattr(record, name) for name in _names(type(record))}
    extra = getattr(record, "extra", None)
    return {**extra, **data} if extra else data
