"""User-facing errors: a stable code plus a message in Arabic and English, never a traceback.

    FieldappError                 anything a user should read as one line
      ├── VaultError              the vault: missing, not a vault, wrong password, tampered record
      ├── TransitionRefused       a workflow step this role or state may not take
      ├── FormError               a form definition or answers that do not fit it
      └── SyncError               the server or the network said no

Each carries `code` (stable, for programs and tests) and `message(lang)`.
"""

from __future__ import annotations

import os
from typing import Any

from .messages import MESSAGES


class FieldappError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        # The exception text is the English message, which holds no personal data by construction:
        # params are codes, counts, paths and ids, never names or numbers of a family.
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        template = MESSAGES.get(self.code, {}).get(lang) or MESSAGES.get(self.code, {}).get("en") or self.code
        try:
            return template.format(**self.params)
        except (KeyError, IndexError):
            return template


class VaultError(FieldappError):
    pass


class TransitionRefused(FieldappError):
    pass


class FormError(FieldappError):
    pass


class SyncError(FieldappError):
    pass


def user_language(default: str = "ar") -> str:
    """The language of one-line CLI messages: FIELDAPP_LANG, else the locale, else Arabic."""
    chosen = os.environ.get("FIELDAPP_LANG", "").lower()
    if chosen in ("ar", "en"):
        return chosen
    locale = (os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or "").lower()
    if locale.startswith("ar"):
        return "ar"
    if locale.startswith("en"):
        return "en"
    return default
