"""Which form definition an assessment renders with: the exact id and version it was filled with
(published versions arrive by sync into the vault's meta "forms"), else the bundled default form."""

from __future__ import annotations

from typing import Any


def default_form() -> Any:
    from ..domain.forms import default_form as engine_default

    return engine_default()


def form_for(vault: Any, form_id: str, version: int) -> Any:
    """Runs on the db lane (reads the vault)."""
    from ..domain.forms import load_form

    default = default_form()
    if getattr(default, "form_id", None) == form_id and int(getattr(default, "version", 0)) == int(version):
        return default
    for item in vault.meta_get("forms", None) or []:
        if item.get("form_id") == form_id and int(item.get("version", 0)) == int(version):
            return load_form(item.get("definition") or item)
    return default
