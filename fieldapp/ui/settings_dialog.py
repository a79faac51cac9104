"""The settings dialog: language, calendar, digits, server, auto-lock minutes, working week."""

from __future__ import annotations

from dataclasses import replace

from .i18n import tr
from .qt import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget
from .settings import Settings

C = "Settings"


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr(C, "Settings"))
        self.original = settings
        self.language = self._combo("settingLanguage", tr(C, "Language"),
                                    [("ar", "العربية"), ("en", "English")], settings.language)
        self.calendar = self._combo("settingCalendar", tr(C, "Calendar"),
                                    [("both", tr(C, "Gregorian and Hijri (Umm al-Qura)")),
                                     ("gregorian", tr(C, "Gregorian")), ("hijri", tr(C, "Hijri (Umm al-Qura)"))],
                                    settings.calendar)
        self.digits = self._combo("settingDigits", tr(C, "Digits"),
                                  [("arabic", tr(C, "Arabic-Indic (٠١٢٣)")), ("latin", tr(C, "Latin (0123)"))],
                                  settings.digits)
        self.week = self._combo("settingWorkWeek", tr(C, "Working week"),
                                [("sun-thu", tr(C, "Sunday to Thursday")), ("mon-fri", tr(C, "Monday to Friday"))],
                                settings.work_week)
        self.autolock = QSpinBox()
        self.autolock.setObjectName("settingAutolock")
        self.autolock.setRange(1, 240)
        self.autolock.setValue(max(1, settings.autolock_minutes))
        self.autolock.setSuffix(" " + tr(C, "minutes"))
        self.autolock.setAccessibleName(tr(C, "Lock after idle minutes"))
        self.server = QLineEdit(settings.server_url)
        self.server.setObjectName("settingServer")
        self.server.setPlaceholderText("https://")
        self.server.setAccessibleName(tr(C, "Head-office server"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("settingsButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr(C, "Language"), self.language)
        form.addRow(tr(C, "Calendar"), self.calendar)
        form.addRow(tr(C, "Digits"), self.digits)
        form.addRow(tr(C, "Working week"), self.week)
        form.addRow(tr(C, "Lock after idle minutes"), self.autolock)
        form.addRow(tr(C, "Head-office server"), self.server)
        form.addRow(self.buttons)

    def _combo(self, name: str, label: str, items: list[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def result_settings(self) -> Settings:
        return replace(self.original, language=self.language.currentData(), calendar=self.calendar.currentData(),
                       digits=self.digits.currentData(), work_week=self.week.currentData(),
                       autolock_minutes=self.autolock.value(), server_url=self.server.text().strip())
