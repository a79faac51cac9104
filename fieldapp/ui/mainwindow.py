"""The main window: the unlock page or the workspace, a small toolbar, and the status bar. Kept small on
purpose: views live in workspace.py and register through navigation.py."""

from __future__ import annotations

from typing import Any

from .i18n import apply_language, tr
from .qt import (
    QAction,
    QApplication,
    QCloseEvent,
    QEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)
from .session import Session
from .syncbar import SyncController, SyncStatus
from .unlock import UnlockPage
from .workspace import Workspace

C = "MainWindow"


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("mainWindow")
        self.resize(1200, 760)
        self.pages = QStackedWidget()
        self.unlock = UnlockPage(session)
        self.unlock.opened.connect(session.attach)
        self.workspace = Workspace(session)
        self.pages.addWidget(self.unlock)
        self.pages.addWidget(self.workspace)
        self.setCentralWidget(self.pages)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.lock_action = self._action("actionLock", QKeySequence("Ctrl+L"), session.lock)
        self.settings_action = self._action("actionSettings", QKeySequence("Ctrl+,"), self.open_settings)
        self.enrol_action = self._action("actionEnrol", QKeySequence(), self.open_enrol)
        self.sync = SyncController(session)
        self.sync_status = SyncStatus(self.sync)
        self.message = QLabel()
        self.message.setObjectName("statusMessage")
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.sync_status)
        session.unlocked.connect(self._unlocked)
        session.locked.connect(self._locked)
        session.runner.failed.connect(self.show_error)
        session.data_changed.connect(self.sync.refresh_state)
        self.sync.state_changed.connect(lambda: self.enrol_action.setVisible(not self.sync.enrolled))
        self.retranslate()
        self._locked()

    def _action(self, name: str, keys: QKeySequence, slot: Any) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "fieldapp — household assessments"))
        self.lock_action.setText(tr(C, "Lock"))
        self.settings_action.setText(tr(C, "Settings"))
        self.enrol_action.setText(tr(C, "Enrol with head office…"))
        self.toolbar.setAccessibleName(tr(C, "Toolbar"))
        for action in (self.lock_action, self.settings_action, self.enrol_action):
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setObjectName(action.objectName() + "Button")
                button.setAccessibleName(action.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _unlocked(self) -> None:
        self.pages.setCurrentWidget(self.workspace)
        self.toolbar.show()
        self.sync_status.show()
        self.workspace.start()
        self.sync.begin()

    def _locked(self) -> None:
        self.workspace.cases.model.clear()
        self.pages.setCurrentWidget(self.unlock)
        # Nothing about the profile shows while it is locked: no toolbar, no sync counts.
        self.toolbar.hide()
        self.sync_status.hide()
        self.message.clear()
        self.unlock.reset()

    def show_error(self, exc: BaseException) -> None:
        self.message.setText(self.session.message(exc))

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self)
        if dialog.exec():
            new = dialog.result_settings()
            language_changed = new.language != self.session.settings.language
            if language_changed:
                self.workspace.close_editor()
            self.session.update_settings(new)
            if language_changed:
                app = QApplication.instance()
                assert isinstance(app, QApplication)
                apply_language(app, new.language)
            self.workspace.refresh()

    def open_enrol(self) -> None:
        from .enrol_dialog import EnrolDialog

        if EnrolDialog(self.session, self).exec():
            self.sync.refresh_state()
            self.sync.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Autosave and drop the keys before the window goes.
        self.session.close()
        self.session.runner.wait_idle(10000)
        super().closeEvent(event)
