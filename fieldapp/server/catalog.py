"""What head office hands to devices: forms, settings, the recovery public key, assignments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, select

from ..domain.clock import utc_now
from ..domain.workflow import rejection_reasons
from ..paths import resource_path
from .accounts import Principal
from .db import bump_catalog, get_setting, put_setting
from .errors import ServerError
from .records import scope
from .tables import forms, records

DEFAULT_SETTINGS = {"answer_deadline_days": 3, "currency": "SAR", "work_week": "sun-thu"}


def recovery_public_key(conn: Connection) -> str:
    return str(get_setting(conn, "recovery_public_key", ""))


def server_settings(conn: Connection) -> dict[str, Any]:
    stored = get_setting(conn, "settings", {}) or {}
    merged = {**DEFAULT_SETTINGS, **stored}
    merged.setdefault("rejection_reasons", rejection_reasons())
    return merged


def update_settings(conn: Connection, values: dict[str, Any]) -> dict[str, Any]:
    stored = get_setting(conn, "settings", {}) or {}
    stored.update(values)
    put_setting(conn, "settings", stored)
    return server_settings(conn)


def list_forms(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(forms).order_by(forms.c.form_id, forms.c.version)).all()
    return [{"form_id": r.form_id, "version": r.version, "definition": json.loads(r.definition)} for r in rows]


def get_form(conn: Connection, form_id: str, version: int) -> dict[str, Any] | None:
    row = conn.execute(select(forms).where(forms.c.form_id == form_id, forms.c.version == version)).one_or_none()
    return None if row is None else {"form_id": row.form_id, "version": row.version,
                                     "definition": json.loads(row.definition)}


def check_form(definition: Any) -> list[str]:
    """Problems of a form definition: the forms engine's checks when present, else the basic shape."""
    if not isinstance(definition, dict):
        return ["the file is not a JSON object"]
    schema_path = resource_path("forms", "form.schema.json")
    if schema_path.exists():
        import jsonschema

        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(definition), key=lambda e: e.path)
        if errors:
            return [f"{'/'.join(str(p) for p in e.path) or '(root)'}: {e.message[:120]}" for e in errors[:5]]
    try:
        from ..domain.forms import check_definition  # the forms engine's own checks
    except ImportError:
        check_definition = None
    if check_definition is not None:
        try:
            return [f"{p.path}: {p.message}" for p in check_definition(definition)]
        except Exception as exc:  # noqa: BLE001 - a checker bug must read as one line, not a traceback
            return [f"the form checker failed ({type(exc).__name__})"]
    problems = [f"missing {key}" for key in ("form_id", "version", "sections") if key not in definition]
    if "version" in definition and not isinstance(definition["version"], int):
        problems.append("version must be an integer")
    return problems


def publish_form(conn: Connection, definition: dict[str, Any]) -> tuple[str, int]:
    problems = check_form(definition)
    if problems:
        raise ServerError("server.bad_form", detail="; ".join(problems[:5]))
    form_id, version = str(definition["form_id"]), int(definition["version"])
    exists = conn.execute(select(forms.c.version).where(forms.c.form_id == form_id, forms.c.version == version)).first()
    if exists:
        raise ServerError("server.bad_form", detail=f"{form_id} version {version} is already published")
    conn.execute(forms.insert().values(form_id=form_id, version=version, published_at=utc_now(),
                                       definition=json.dumps(definition, ensure_ascii=False)))
    bump_catalog(conn)
    return form_id, version


def default_form_path() -> Path:
    return resource_path("forms", "household_assessment.json")


def assignments_of(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    rows = conn.execute(select(records.c.data).where(and_(records.c.entity == "assignment", scope(principal)))
                        .order_by(records.c.seq).limit(5000)).all()
    return [json.loads(r.data) for r in rows]
