"""First run: the wizard's pages allow going on only with what they need; the profile it describes is
created as an encrypted vault that opens with the chosen password and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.errors import VaultError
from fieldapp.ui.app import create_profile
from fieldapp.ui.wizard import FirstRun, FirstRunWizard


def test_pages_complete_only_when_filled(qapp: Any) -> None:
    wizard = FirstRunWizard("ar")
    profile, password = wizard.profile_page, wizard.password_page
    assert profile.isComplete()                    # a local profile needs nothing more
    profile.enrol.setChecked(True)
    assert not profile.isComplete()
    profile.server.setText("https://127.0.0.1:8443")
    profile.username.setText("amal")
    profile.password.setText("secret-pass")
    assert profile.isComplete()
    password.password.setText("short")
    assert not password.isComplete() and password.meter.value() == 0
    password.password.setText("Kidney-Care-Jeddah-2026")
    password.again.setText("Kidney-Care-Jeddah-2025")
    assert not password.isComplete()
    assert password.note.text()                   # says the two do not match
    password.again.setText("Kidney-Care-Jeddah-2026")
    assert password.isComplete() and password.meter.value() == 3
    data = wizard.result_data()
    assert data.enrol and data.username == "amal" and data.password == "Kidney-Care-Jeddah-2026"


def test_language_choice_is_signalled(qapp: Any) -> None:
    wizard = FirstRunWizard("ar")
    chosen: list[str] = []
    wizard.language_chosen.connect(chosen.append)
    wizard.language_page.english.setChecked(True)
    assert chosen[-1] == "en" and wizard.result_data().language == "en"


def test_local_profile_is_an_encrypted_vault(tmp_path: Path) -> None:
    from fieldapp.store import Vault

    folder = tmp_path / "profile"
    data = FirstRun(language="ar", enrol=False, server_url="", username="amal", server_password="",
                    password="Kidney-Care-Jeddah-2026")
    vault, problem = create_profile(folder, data)
    vault.close()
    assert problem is None and Vault.is_vault(folder)
    with pytest.raises(VaultError):
        Vault.open(folder, "wrong-password-1")
    with Vault.open(folder, data.password) as vault:
        assert vault.meta_get("profile")["username"] == "amal"


def test_enrolment_failure_keeps_the_local_profile(tmp_path: Path) -> None:
    from fieldapp.store import Vault

    folder = tmp_path / "profile"
    data = FirstRun(language="en", enrol=True, server_url="http://127.0.0.1:9", username="amal",
                    server_password="x", password="Kidney-Care-Jeddah-2026")
    vault, problem = create_profile(folder, data)   # nothing listens on port 9: enrol later
    vault.close()
    assert getattr(problem, "code", "").startswith("sync.")
    with Vault.open(folder, data.password) as vault:
        assert not vault.meta_get("device_token", None)


def test_first_run_creates_and_opens_the_profile(qapp: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from fieldapp.ui import wizard as wizard_module
    from fieldapp.ui.app import build, first_run
    from fieldapp.ui.i18n import apply_language
    from fieldapp.ui.settings import load_settings

    def fill_and_finish(self: Any) -> int:
        self.language_page.english.setChecked(True)
        self.password_page.password.setText("Kidney-Care-Jeddah-2026")
        self.password_page.again.setText("Kidney-Care-Jeddah-2026")
        return 1

    monkeypatch.setattr(wizard_module.FirstRunWizard, "exec", fill_and_finish)
    folder = tmp_path / "new-profile"
    app, session, window = build(folder, None, synchronous=True)
    try:
        assert not session.vault_exists()
        assert first_run(app, session, window)
        assert session.is_open and window.pages.currentWidget() is window.workspace
        assert load_settings(folder).language == "en"
    finally:
        session.close()
        window.close()
        apply_language(qapp, "en")
