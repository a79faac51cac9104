"""A shallow to_dict for the store: the dict is serialised at once, so the deep copy that
dataclasses.asdict makes (most of the cost of a bulk load) is not needed. Same shape as to_dict()."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name != "extra")


def record_dict(record: Any) -> dict[str, Any]:
    data = {name: getattr(record, name) for name in _names(type(record))}
    extra = getattr(record, "extra", None)
    return {**extra, **data} if extra else data


@cache
def _all_names(kind: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(kind))


def from_record(kind: type[T], data: dict[str, Any]) -> T:
    """kind.from_dict(data) (domain.entities._Record), without looking up the dataclass fields each call."""
    names = _all_names(kind)
    if "extra" not in data and data.keys() <= names:  # the usual case: every key a field
        return kind(**data, extra={})  # type: ignore[call-arg]
    known = {k: v for k, v in data.items() if k in names and k != "extra"}
    extra = {k: v for k, v in data.items() if k not in names}
    return kind(**known, extra=extra)  # type: ignore[call-arg]
