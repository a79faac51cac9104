"""First run: choose the language; enrol with head office or start a local profile (enrol later);
choose the vault password, with its strength shown. The vault is created by the app after `accept`."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import tr
from .qt import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)
from .strength import strength

C = "Wizard"


@dataclass
class FirstRun:
    language: str
    enrol: bool
    server_url: str
    username: str
    server_password: str
    password: str


class LanguagePage(QWizardPage):
    language_chosen = Signal(str)

    def __init__(self, current: str) -> None:
        super().__init__()
        self.setObjectName("wizardLanguage")
        self.arabic = QRadioButton("العربية")
        self.arabic.setObjectName("languageArabic")
        self.arabic.setAccessibleName("العربية")
        self.english = QRadioButton("English")
        self.english.setObjectName("languageEnglish")
        self.english.setAccessibleName("English")
        group = QButtonGroup(self)
        group.addButton(self.arabic)
        group.addButton(self.english)
        (self.arabic if current == "ar" else self.english).setChecked(True)
        self.arabic.toggled.connect(lambda on: self.language_chosen.emit("ar" if on else "en"))
        box = QVBoxLayout(self)
        box.addWidget(self.arabic)
        box.addWidget(self.english)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr(C, "Welcome"))
        self.setSubTitle(tr(C, "Choose the language of the app. You can change it later in the settings."))

    def language(self) -> str:
        return "ar" if self.arabic.isChecked() else "en"


class ProfilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("wizardProfile")
        self.enrol = QRadioButton()
        self.enrol.setObjectName("modeEnrol")
        self.local = QRadioButton()
        self.local.setObjectName("modeLocal")
        self.local.setChecked(True)
        self.server = QLineEdit()
        self.server.setObjectName("enrolServer")
        self.server.setPlaceholderText("https://")
        self.username = QLineEdit()
        self.username.setObjectName("enrolUser")
        self.password = QLineEdit()
        self.password.setObjectName("enrolPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QWidget()
        form = QFormLayout(self.form)
        self.labels = [QLabel(), QLabel(), QLabel()]
        for label, field in zip(self.labels, (self.server, self.username, self.password), strict=True):
            form.addRow(label, field)
        box = QVBoxLayout(self)
        box.addWidget(self.enrol)
        box.addWidget(self.local)
        box.addWidget(self.form)
        self.enrol.toggled.connect(self._mode)
        for w in (self.server, self.username, self.password):
            w.textChanged.connect(self.completeChanged)
        self._mode()
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr(C, "Your profile"))
        self.setSubTitle(tr(C, "Enrol this laptop with head office now, or start a local profile and enrol later."))
        self.enrol.setText(tr(C, "Enrol with head office"))
        self.local.setText(tr(C, "Start a local profile (enrol later)"))
        texts = (tr(C, "Server address"), tr(C, "User name"), tr(C, "Head-office password"))
        for label, field, text in zip(self.labels, (self.server, self.username, self.password), texts, strict=True):
            label.setText(text)
            field.setAccessibleName(text)
        self.enrol.setAccessibleName(self.enrol.text())
        self.local.setAccessibleName(self.local.text())

    def _mode(self) -> None:
        self.form.setEnabled(self.enrol.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not self.enrol.isChecked():
            return True
        return bool(self.server.text().strip() and self.username.text().strip() and self.password.text())


class PasswordPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("wizardPassword")
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("newPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = QProgressBar()
        self.meter.setObjectName("passwordStrength")
        self.meter.setRange(0, 3)
        self.meter.setTextVisible(True)
        self.note = QLabel()
        self.note.setObjectName("passwordNote")
        self.note.setWordWrap(True)
        self.labels = [QLabel(), QLabel()]
        form = QFormLayout(self)
        form.addRow(self.labels[0], self.password)
        form.addRow(self.labels[1], self.again)
        form.addRow(self.meter)
        form.addRow(self.note)
        self.password.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setTitle(tr(C, "Vault password"))
        self.setSubTitle(tr(C, "Everything on this laptop is encrypted with this password. Choose a long one; "
                               "head office can recover unsynced work if it is lost."))
        self.labels[0].setText(tr(C, "Password"))
        self.labels[1].setText(tr(C, "Password again"))
        self.password.setAccessibleName(tr(C, "Password"))
        self.again.setAccessibleName(tr(C, "Password again"))
        self.meter.setAccessibleName(tr(C, "Password strength"))

    def _update(self) -> None:
        level = strength(self.password.text())
        names = [tr(C, "Too weak"), tr(C, "Weak"), tr(C, "Fair"), tr(C, "Strong")]
        self.meter.setValue(level)
        self.meter.setFormat(names[level])
        if self.again.text() and self.again.text() != self.password.text():
            self.note.setText(tr(C, "The passwords do not match"))
        elif level == 0:
            self.note.setText(tr(C, "At least 8 characters; avoid common passwords"))
        else:
            self.note.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return strength(self.password.text()) > 0 and self.password.text() == self.again.text()


class FirstRunWizard(QWizard):
    language_chosen = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.language_page = LanguagePage(language)
        self.profile_page = ProfilePage()
        self.password_page = PasswordPage()
        for page in (self.language_page, self.profile_page, self.password_page):
            self.addPage(page)
        self.language_page.language_chosen.connect(self._language)
        self.setWindowTitle("fieldapp")

    def _language(self, lang: str) -> None:
        self.language_chosen.emit(lang)
        for page in (self.language_page, self.profile_page, self.password_page):
            page.retranslate()

    def result_data(self) -> FirstRun:
        p = self.profile_page
        return FirstRun(language=self.language_page.language(), enrol=p.enrol.isChecked(),
                        server_url=p.server.text().strip(), username=p.username.text().strip(),
                        server_password=p.password.text(), password=self.password_page.password.text())
