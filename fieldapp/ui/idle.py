"""Auto-lock: any key or mouse event restarts a timer; when it runs out the session locks
(which autosaves first).

The filter sits on the top-level windows' QWindow objects, where input arrives before it is dispatched to
widgets, rather than on the QApplication: an application-wide Python filter would run for every one of
the thousands of events a form page creates, and cost more than the page itself.
"""

from __future__ import annotations

from .qt import QEvent, QGuiApplication, QObject, QTimer, QWidget
from .session import Session

ACTIVITY = frozenset(t.value for t in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                                         QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin))


class IdleLock(QObject):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expired)
        session.settings_changed.connect(self.restart)
        session.unlocked.connect(self.restart)
        session.locked.connect(self.timer.stop)

    def interval_ms(self) -> int:
        return max(1, int(self.session.settings.autolock_minutes or 10)) * 60 * 1000

    def restart(self) -> None:
        if self.session.is_open:
            self.timer.start(self.interval_ms())

    def watch_windows(self, app: QGuiApplication) -> None:
        """Dialogs are windows of their own: watch each window that gets the focus."""
        app.focusWindowChanged.connect(lambda window: window is not None and window.installEventFilter(self))

    def watch(self, widget: QWidget) -> None:
        """Count input to this top-level widget (and its children) as activity."""
        widget.winId()  # makes the native QWindow exist
        handle = widget.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type().value in ACTIVITY and self.timer.isActive():
            self.timer.start(self.interval_ms())
        return False

    def _expired(self) -> None:
        self.session.lock()
