"""Where the server keeps its things, and its limits. One object passed to create_app and the commands."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BODY = 64 << 20          # bytes of a request body, after gzip decoding too
DEFAULT_LOGIN_WINDOW = 300           # seconds over which failed logins are counted
DEFAULT_LOGIN_FAILURES = 5           # failures per user (and 4x per client address) inside the window


@dataclass(frozen=True)
class ServerSettings:
    data_dir: Path
    database_url: str = ""
    max_body: int = DEFAULT_MAX_BODY
    login_window: int = DEFAULT_LOGIN_WINDOW
    login_failures: int = DEFAULT_LOGIN_FAILURES
    # Refuse a submit whose answers do not satisfy the published form (FIELDAPP_SERVER_SUBMIT_CHECK=1: on).
    # Off by default: the app already submits only valid, complete assessments; a head office that also
    # takes work from older apps or hand-made bundles turns it on to make the server the authority.
    submit_check: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'server.db'}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def private_key_path(self) -> Path:
        return self.data_dir / "recovery_private.pem"

    @property
    def public_key_path(self) -> Path:
        return self.data_dir / "recovery_public.pem"

    @classmethod
    def from_env(cls, data_dir: str | None = None, database_url: str | None = None) -> ServerSettings:
        folder = data_dir or os.environ.get("FIELDAPP_SERVER_DATA") or "fieldapp-server-data"
        url = database_url or os.environ.get("FIELDAPP_DATABASE_URL", "")
        return cls(data_dir=Path(folder).expanduser().resolve(), database_url=url,
                   max_body=int(os.environ.get("FIELDAPP_SERVER_MAX_BODY", DEFAULT_MAX_BODY)),
                   submit_check=os.environ.get("FIELDAPP_SERVER_SUBMIT_CHECK", "0").strip() == "1")
