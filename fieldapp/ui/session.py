"""The state of one open profile: folder, settings, the vault (once unlocked), who is working, and the
hooks that must run before the keys are dropped (autosave on lock and close)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.workflow import Actor, Role
from . import messages  # noqa: F401  (registers the ui.* message codes)
from .fmt import Formatter
from .qt import QObject, Signal
from .settings import Settings, load_settings, save_settings
from .tasks import TaskRunner

log = logging.getLogger(__name__)


class Session(QObject):
    unlocked = Signal()
    locked = Signal()
    settings_changed = Signal()
    data_changed = Signal()          # a save or a sync changed what lists and counts show

    def __init__(self, profile: Path, runner: TaskRunner, settings: Settings | None = None) -> None:
        super().__init__()
        self.profile = Path(profile)
        self.runner = runner
        self.settings = settings or load_settings(self.profile)
        self.fmt = Formatter(self.settings)
        self.vault: Any = None
        self.profile_info: dict[str, Any] = {}
        self.team_names: dict[str, str] = {}  # username -> full name, from the team head office sent
        self._before_lock: list[Callable[[], None]] = []

    # -- who and how ---------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.settings.language

    @property
    def actor(self) -> Actor:
        info = self.profile_info
        try:
            role = Role(info.get("role", "researcher"))
        except ValueError:
            role = Role.RESEARCHER
        return Actor(str(info.get("username", "") or "researcher"), role, info.get("team"))

    @property
    def is_open(self) -> bool:
        return self.vault is not None

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.fmt = Formatter(settings)
        save_settings(self.profile, settings)
        self.settings_changed.emit()

    # -- vault life ----------------------------------------------------------------------------------
    def vault_exists(self) -> bool:
        from ..store import Vault

        return bool(Vault.is_vault(self.profile))

    def attach(self, vault: Any) -> None:
        """Take an opened vault (opened on the db lane) and read who this device belongs to."""
        self.vault = vault
        self.reload_profile()
        self.unlocked.emit()

    def reload_profile(self) -> None:
        """After enrolment changed who this device belongs to."""
        vault = self.vault
        if vault is not None:
            # On the db lane: the vault's connection belongs to that thread.
            self.profile_info, team = self.runner.call(
                lambda: (dict(vault.meta_get("profile", {}) or {}), vault.meta_get("team", None) or {}))
            members = team.get("members", []) if isinstance(team, dict) else []
            self.team_names = {str(m.get("username")): str(m.get("full_name") or m.get("username"))
                               for m in members if isinstance(m, dict) and m.get("username")}

    def person(self, username: str) -> str:
        """A team member as people call them (full name), else the username."""
        return self.team_names.get(username, username)

    def on_before_lock(self, hook: Callable[[], None]) -> None:
        self._before_lock.append(hook)

    def remove_before_lock(self, hook: Callable[[], None]) -> None:
        if hook in self._before_lock:
            self._before_lock.remove(hook)

    def flush(self) -> None:
        """Run the autosave hooks (each saves on the db lane and waits)."""
        for hook in list(self._before_lock):
            try:
                hook()
            except Exception as exc:  # a failed autosave must not keep the keys in memory
                log.error("autosave before lock failed: %s", type(exc).__name__)

    def lock(self) -> None:
        if self.vault is None:
            return
        self.flush()
        vault, self.vault = self.vault, None
        self.runner.call(vault.close)
        self.locked.emit()

    def close(self) -> None:
        self.lock()

    # -- helpers for views ---------------------------------------------------------------------------
    def run(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Any], None] | None = None) -> None:
        """Run fn(vault) on the db lane; skip silently when locked (the view is hidden then).

        Work queued before a lock finds the vault closed; its results and errors are dropped, because
        the views they were meant for are behind the unlock page (autosave has already run).
        """
        vault = self.vault
        if vault is None:
            return

        def done(result: Any) -> None:
            if self.vault is vault and on_done is not None:
                on_done(result)

        def failed(exc: Any) -> None:
            if self.vault is not vault:
                return
            if on_error is not None:
                on_error(exc)
            else:
                self.runner.failed.emit(exc)

        self.runner.run(lambda: fn(vault), on_done=done, on_error=failed)

    def message(self, exc: BaseException) -> str:
        """An error in plain words in the user's language (never a traceback)."""
        from ..domain.errors import FieldappError

        if isinstance(exc, FieldappError):
            return exc.message(self.lang)
        if isinstance(exc, OSError):
            return FieldappError("io.cannot_read", path=exc.filename or "").message(self.lang)
        return FieldappError("ui.unexpected", kind=type(exc).__name__).message(self.lang)
