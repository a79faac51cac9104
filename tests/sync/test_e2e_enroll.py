"""Enrolment of a new and of an existing profile: token, profile, forms, recovery key and assignments."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fieldapp.domain.entities import Household
from fieldapp.domain.errors import SyncError
from fieldapp.domain.sealed import private_key_from_pem
from fieldapp.store import Vault
from fieldapp.sync.protocol import PROTOCOL_HEADER
from fieldapp.sync.transport import Transport
from tests.helpers.live_server import RECOVERY_PASSPHRASE, LiveServer

from .world import VAULT_PASSWORD, fieldapp_cli


def test_existing_profile_keeps_its_work_gets_assignments_and_recovery_key(server: LiveServer,
                                                                           tmp_path: Path) -> None:
    applications = tmp_path / "applications.csv"
    with applications.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["applicant_name", "national_id", "phone", "researcher"],
                                      ["مريم خالد", "1000000008", "0551234567", "rana"]])
    server.cli("assignments", "import", str(applications), "--team", "t4")
    folder = tmp_path / "offline-first"
    with Vault.create(folder, VAULT_PASSWORD) as vault:  # work done before the laptop was ever enrolled
        early = vault.save_household(Household(head_name="أسرة سجلت قبل التسجيل", city="dubai"))

    result = fieldapp_cli("enroll", str(folder), "--server", server.url, "--user", "rana")
    assert result.returncode == 0, result.stderr
    with Vault.open(folder, VAULT_PASSWORD) as vault:
        profile = vault.meta_get("profile")
        assert (profile["username"], profile["role"], profile["team"]) == ("rana", "researcher", "t4")
        assert profile["server_url"] == server.url and len(vault.meta_get("device_token")) >= 32
        assert [a.applicant_name for a in vault.list_assignments()] == ["مريم خالد"]
        assert vault.outbox_count() == 1  # assignments arrive as server data, not as local changes
    # The token is inside the encrypted vault, never in a plain file of the profile.
    with Vault.open(folder, VAULT_PASSWORD) as vault:
        token = vault.meta_get("device_token").encode()
    assert not any(token in p.read_bytes() for p in folder.rglob("*") if p.is_file())

    # Head office can open the vault with its recovery key when the password is lost.
    private = private_key_from_pem((server.data_dir / "recovery_private.pem").read_text(), RECOVERY_PASSPHRASE)
    with Vault.open_with_key(folder, Vault.recover_dek(folder, private)) as recovered:
        assert recovered.get_household(early.id).head_name == "أسرة سجلت قبل التسجيل"

    synced = fieldapp_cli("sync", str(folder))
    assert synced.returncode == 0 and "pending 0" in synced.stdout


def test_wrong_head_office_password_is_one_line_and_creates_nothing(server: LiveServer, tmp_path: Path) -> None:
    folder = tmp_path / "never"
    result = fieldapp_cli("enroll", str(folder), "--server", server.url, "--user", "rana",
                          env={"FIELDAPP_SERVER_PASSWORD": "not-the-password"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["Wrong head-office user name or password"]
    assert not Vault.is_vault(folder)
    arabic = fieldapp_cli("enroll", str(folder), "--server", "http://ho.example.org", "--user", "rana",
                          env={"FIELDAPP_LANG": "ar"})
    assert arabic.returncode != 0 and "https://" in arabic.stderr and "عنوان الخادم" in arabic.stderr


def test_a_server_speaking_another_protocol_asks_to_update_the_app(server: LiveServer) -> None:
    with Transport(server.url) as transport:
        transport.session.headers[PROTOCOL_HEADER] = "999"  # as an app from the future or the past would
        with pytest.raises(SyncError) as err:
            transport.get_json("/forms")
    assert err.value.code == "sync.update_required"
    assert "update the app" in err.value.message("en") and "تحديث البرنامج" in err.value.message("ar")
