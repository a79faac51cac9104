"""Server-side completeness check on submit: the assessment's published form, evaluated by the forms engine.

A device should only submit a complete, valid assessment, but the server is the authority: an older app,
a hand-edited bundle or a form tightened at head office must not put an incomplete case in a supervisor's
queue. The refusal is a per-op "rejected" result (TransitionRefused code + ar/en message), never a 500.
Opt-in per server (ServerSettings.submit_check, FIELDAPP_SERVER_SUBMIT_CHECK=1).
Published forms never change (publishing the same id and version twice is refused), so parsed forms are
cached by (form id, version) for the life of the worker.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from ..domain.errors import TransitionRefused
from ..domain.forms import FormDefinition, ensure_submittable, load_form
from ..domain.messages import MESSAGES
from .tables import forms

MESSAGES.update({
    "workflow.form_unavailable": {
        "ar": "لا يمكن التحقق من الاستمارة: النموذج {form} (الإصدار {version}) غير منشور على الخادم",
        "en": "Cannot check the assessment: form {form} (version {version}) is not published on the server"},
})

_FORMS: dict[tuple[str, int], FormDefinition] = {}


def published_form(conn: Connection, form_id: str, version: int) -> FormDefinition | None:
    """The parsed published form, or None (not published, or a definition the engine cannot load)."""
    key = (form_id, version)
    found = _FORMS.get(key)
    if found is None:
        text = conn.execute(select(forms.c.definition).where(forms.c.form_id == form_id,
                                                             forms.c.version == version)).scalar_one_or_none()
        if text is None:
            return None  # not cached: it may be published later
        try:
            found = load_form(json.loads(text))
        except Exception:  # noqa: BLE001 - a form the engine cannot read is "unavailable", not a 500
            return None
        _FORMS[key] = found
    return found


def check_submit(conn: Connection, assessment: dict[str, Any]) -> None:
    """TransitionRefused unless the assessment's answers satisfy its published form."""
    form_id = str(assessment.get("form_id") or "")
    try:
        version = int(assessment.get("form_version") or 0)
    except (TypeError, ValueError):
        version = 0
    form = published_form(conn, form_id, version) if form_id and version > 0 else None
    if form is None:
        raise TransitionRefused("workflow.form_unavailable", form=form_id[:64] or "?", version=version)
    answers = assessment.get("answers")
    ensure_submittable(form, answers if isinstance(answers, dict) else {})
