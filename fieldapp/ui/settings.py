"""UI settings in DIR/settings.json: plain and non-sensitive (language, calendar, digits, server, auto-lock,
working week). Declared once here with their defaults and allowed values."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

CHOICES: dict[str, tuple[str, ...]] = {
    "language": ("ar", "en"),
    "calendar": ("both", "gregorian", "hijri"),
    "digits": ("arabic", "latin"),
    "work_week": ("sun-thu", "mon-fri"),
}


@dataclass
class Settings:
    language: str = "ar"
    calendar: str = "both"
    digits: str = "arabic"
    autolock_minutes: int = 10
    work_week: str = "sun-thu"
    server_url: str = ""
    ca_bundle: str = ""
    sync_minutes: int = 5
    open_reports: bool = True       # show a saved PDF report in the system viewer

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        result = cls()
        for item in fields(cls):
            if item.name not in data:
                continue
            value = data[item.name]
            if item.name in CHOICES and value not in CHOICES[item.name]:
                continue  # a hand-edited file with a bad value falls back to the default
            if item.type in ("bool", bool) and not isinstance(value, bool):
                continue
            if item.type in ("int", int):
                try:
                    value = max(0, int(value))
                except (TypeError, ValueError):
                    continue
            setattr(result, item.name, value)
        return result

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def settings_path(profile: Path) -> Path:
    return Path(profile) / "settings.json"


def load_settings(profile: Path) -> Settings:
    try:
        data = json.loads(settings_path(profile).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return Settings.from_dict(data if isinstance(data, dict) else {})


def save_settings(profile: Path, settings: Settings) -> None:
    """Atomic write: temp file in the same folder, fsync, replace."""
    folder = Path(profile)
    folder.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(settings.to_dict(), out, ensure_ascii=False, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, settings_path(folder))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
