"""What the sub-commands share: reading a password and resolving a profile folder."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from ..domain.errors import VaultError


def read_password(prompt: str = "Password: ", *, env: str = "FIELDAPP_PASSWORD", confirm: bool = False) -> str:
    """The password from the environment (for scripts) or a prompt that does not echo."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise VaultError("vault.no_password")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != value:
        raise VaultError("vault.password_mismatch")
    return value


def default_profile_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("fieldapp", appauthor=False)) / "profiles" / "default"


def profile_dir(value: str | None) -> Path:
    return Path(value).expanduser() if value else default_profile_dir()
