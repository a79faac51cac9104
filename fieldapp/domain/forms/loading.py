"""Reading form definitions: from a file, a published dict, or the bundled default form.

A form names its eligibility rules either inline (a dict) or by file name ("eligibility.json"),
looked up beside the form file first and then among the bundled resources, so a form published by
head office without the file still finds the default rules on every device.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...paths import resource_path
from ..errors import FormError
from .definition import FormDefinition

DEFAULT_FORM = "household_assessment.json"


def read_json(path: str | Path) -> Any:
    """A JSON file, or a FormError with the path (and line) that a user can act on."""
    target = Path(path)
    try:
        content = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormError("form.not_found", path=str(target)) from None
    except IsADirectoryError:
        raise FormError("form.not_found", path=str(target)) from None
    except UnicodeDecodeError:
        raise FormError("form.bad_json", path=str(target), line=1) from None
    except OSError:   # permissions, a vanished disk: a reading problem, said as one line
        raise FormError("io.cannot_read", path=str(target)) from None
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise FormError("form.bad_json", path=str(target), line=exc.lineno) from None


def eligibility_rules(ref: Any, base: Path | None) -> dict[str, Any] | None:
    if isinstance(ref, dict):
        return ref
    if not isinstance(ref, str) or not ref:
        return None
    name = Path(ref).name   # a bare file name: a published form cannot point anywhere else on the device
    for folder in ([base] if base else []) + [resource_path("forms")]:
        if (folder / name).is_file():
            data = read_json(folder / name)
            return data if isinstance(data, dict) else None
    return None


def load_form(source: str | Path | dict[str, Any], *, check: bool = True) -> FormDefinition:
    """A FormDefinition from a path or a dict; a definition with problems raises FormError("form.invalid").

    The result may be shared with other callers that loaded the same content: do not change it.
    """
    from .checker import check_definition

    base: Path | None = None
    if isinstance(source, dict):
        raw = source
    else:
        raw = read_json(source)
        base = Path(source).parent
    if not isinstance(raw, dict):
        raise FormError("form.invalid", count=1, first="the file is not a JSON object")
    rules = eligibility_rules(raw.get("eligibility"), base)
    key = _fingerprint(raw, rules, check)
    cached = _LOADED.get(key)
    if cached is not None:
        return cached
    if check:
        problems = check_definition(raw, rules=rules)
        if problems:
            raise FormError("form.invalid", count=len(problems), first=str(problems[0]))
    # a private copy: the caller may change its dict later, and the result is shared through the cache
    form = FormDefinition(json.loads(json.dumps(raw)), json.loads(json.dumps(rules)) if rules else rules)
    if len(_LOADED) >= _CACHE_SIZE:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[key] = form
    return form


# Checking a definition against the JSON Schema takes tens of milliseconds, and the editor, the review
# screen and the reports load the same few published versions again and again: keep the last few,
# keyed by their content (a FormDefinition is read-only once built).
_CACHE_SIZE = 16
_LOADED: dict[str, FormDefinition] = {}


def _fingerprint(raw: dict[str, Any], rules: dict[str, Any] | None, check: bool) -> str:
    text = json.dumps([raw, rules, check], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def default_form() -> FormDefinition:
    """The bundled household assessment form (cached: treat it as read-only)."""
    return load_form(resource_path("forms", DEFAULT_FORM))
