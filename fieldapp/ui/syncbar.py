"""Background sync and the status bar: online/offline, pending changes, last sync, progress.

Sync runs at unlock, on the button, and on a timer. It uses its own connection to the vault on the
"sync" lane (opened with the unlocked data key, so no second password prompt), so the app keeps saving
and listing while it runs. Progress comes from the engine's thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from ..domain.errors import FieldappError, SyncError
from .i18n import tr
from .qt import QEvent, QHBoxLayout, QLabel, QObject, QProgressBar, QPushButton, QTimer, QWidget, Signal, Slot
from .session import Session

log = logging.getLogger(__name__)
C = "Sync"
OFFLINE_CODES = {"sync.offline", "sync.timeout"}


class SyncController(QObject):
    progress = Signal(object)       # SyncProgress (from the engine's thread; queued to the UI thread)
    finished = Signal(object)       # SyncSummary or an exception
    state_changed = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.running = False
        self.online: bool | None = None
        self.enrolled = False
        self.error = ""
        self.pending = 0
        self.last: dict[str, Any] = {}
        self.cancel = threading.Event()
        self._sync_vault: Any = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.start)
        self.finished.connect(self._finished)
        session.locked.connect(self.stop)
        session.settings_changed.connect(self._retime)

    def _retime(self) -> None:
        minutes = max(1, int(self.session.settings.sync_minutes or 5))
        self.timer.setInterval(minutes * 60 * 1000)

    def begin(self) -> None:
        """After unlock: read the state, sync once, then on the timer."""
        self._retime()
        self.refresh_state()
        self.timer.start()
        QTimer.singleShot(1500, self.start)

    def refresh_state(self) -> None:
        def read(vault: Any) -> tuple[bool, int, dict[str, Any]]:
            profile = vault.meta_get("profile", None) or {}
            enrolled = bool(profile.get("server_url")) and bool(vault.meta_get("device_token", None))
            return enrolled, int(vault.outbox_count()), dict(vault.meta_get("last_sync", None) or {})

        self.session.run(read, on_done=self._state)

    def _state(self, state: tuple[bool, int, dict[str, Any]]) -> None:
        self.enrolled, self.pending, self.last = state
        self.state_changed.emit()

    def start(self) -> None:
        if self.running or not self.session.is_open or not self.enrolled:
            return
        self.running = True
        self.error = ""
        self.cancel.clear()
        self.state_changed.emit()
        vault, folder, cancel = self.session.vault, self.session.profile, self.cancel

        def work() -> Any:
            from ..store import Vault
            from ..sync.engine import SyncEngine

            if self._sync_vault is None:
                self._sync_vault = Vault.open_with_key(folder, vault._require_dek())
            try:
                return SyncEngine(self._sync_vault, on_progress=self.progress.emit, cancel=cancel).run()
            except BaseException as exc:
                return exc

        self.session.runner.run(work, on_done=self.finished.emit, on_error=self.finished.emit, lane="sync")

    def cancel_sync(self) -> None:
        self.cancel.set()

    @Slot(object)
    def _finished(self, outcome: Any) -> None:
        self.running = False
        if isinstance(outcome, BaseException):
            code = outcome.code if isinstance(outcome, FieldappError) else ""
            self.online = False if code in OFFLINE_CODES else self.online
            self.error = self.session.message(outcome) if isinstance(outcome, SyncError | FieldappError) \
                else FieldappError("ui.unexpected", kind=type(outcome).__name__).message(self.session.lang)
        else:
            self.online = True
            if getattr(outcome, "pulled", 0) or getattr(outcome, "conflicts", 0):
                self.session.data_changed.emit()
        self.refresh_state()

    def stop(self) -> None:
        """On lock: stop the timer, cancel, and close the second connection on its own thread."""
        self.timer.stop()
        self.cancel.set()
        sync_vault, self._sync_vault = self._sync_vault, None
        if sync_vault is not None:
            self.session.runner.call(sync_vault.close, lane="sync")


class SyncStatus(QWidget):
    """The status bar's sync part: state, pending changes, last sync, progress, a button."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.session = controller.session
        self.setObjectName("syncStatus")
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.pending = QLabel()
        self.pending.setObjectName("pendingChanges")
        self.last = QLabel()
        self.last.setObjectName("lastSync")
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgress")
        self.bar.setMaximumWidth(160)
        self.bar.hide()
        self.button = QPushButton()
        self.button.setObjectName("syncNow")
        self.button.clicked.connect(self._clicked)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for w in (self.state, self.pending, self.last, self.bar, self.button):
            box.addWidget(w)
        controller.state_changed.connect(self.update_view)
        controller.progress.connect(self._progress)
        self.update_view()

    def _clicked(self) -> None:
        if self.controller.running:
            self.controller.cancel_sync()
        else:
            self.controller.start()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update_view()
        super().changeEvent(event)

    @Slot(object)
    def _progress(self, progress: Any) -> None:
        phases = {"push": tr(C, "Sending changes"), "upload": tr(C, "Sending attachments"),
                  "pull": tr(C, "Receiving changes"), "download": tr(C, "Receiving attachments"),
                  "forms": tr(C, "Updating forms"), "done": tr(C, "Finishing")}
        self.state.setText(phases.get(progress.phase, progress.phase))
        self.bar.show()
        if progress.total:
            self.bar.setRange(0, int(progress.total))
            self.bar.setValue(min(int(progress.done), int(progress.total)))
        else:
            self.bar.setRange(0, 0)

    def update_view(self) -> None:
        c, fmt = self.controller, self.session.fmt
        if c.running:
            self.state.setText(tr(C, "Syncing…"))
            self.button.setText(tr(C, "Cancel sync"))
        else:
            self.bar.hide()
            self.button.setText(tr(C, "Sync now"))
            if not c.enrolled:
                self.state.setText(tr(C, "Local profile (not enrolled)"))
            elif c.online is False:
                self.state.setText("● " + tr(C, "Offline"))
            elif c.online:
                self.state.setText("● " + tr(C, "Online"))
            else:  # no sync yet in this session: "not synced yet" only if there never was one
                self.state.setText("" if c.last.get("at") else tr(C, "Not synced yet"))
        self.state.setToolTip(c.error)
        self.button.setEnabled(c.enrolled)
        self.button.setAccessibleName(self.button.text())
        self.pending.setText(tr(C, "Pending changes: %1").replace("%1", fmt.number(c.pending)))
        at = c.last.get("at")
        self.last.setText(tr(C, "Last sync: %1").replace("%1", fmt.date(at) + " " + fmt.digits(str(at)[11:16]))
                          if at else tr(C, "Last sync: never"))
        if c.error:
            self.last.setText(c.error)
