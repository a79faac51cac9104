"""How the engine finds its server: enrolment data in the vault, the CA bundle setting, refusals before any
network traffic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.domain.errors import SyncError
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine, SyncSummary, transport_for

PROFILE = {"username": "amal", "role": "researcher", "team": "t1", "full_name": "", "device_id": "d1",
           "server_url": "https://ho.example.org"}


@pytest.fixture()
def vault(tmp_path: Path):
    with Vault.create(tmp_path / "p", "vault-pass-123") as v:
        yield v


def test_a_vault_that_was_never_enrolled_does_not_sync(vault: Vault) -> None:
    with pytest.raises(SyncError) as err:
        SyncEngine(vault).run()
    assert err.value.code == "sync.not_enrolled"
    assert "fieldapp enroll" in err.value.message("en")
    assert vault.meta_get("last_sync") is None  # nothing was attempted


def test_ca_bundle_from_the_profile_settings_then_from_enrolment(vault: Vault, tmp_path: Path) -> None:
    vault.meta_set("profile", PROFILE)
    vault.meta_set("device_token", "t" * 43)
    assert transport_for(vault).session.verify is True
    vault.meta_set("ca_bundle", "/etc/fieldapp/enrolled-ca.pem")
    assert transport_for(vault).session.verify == "/etc/fieldapp/enrolled-ca.pem"
    (tmp_path / "p" / "settings.json").write_text(json.dumps({"language": "ar", "ca_bundle": "/media/ho-ca.pem"}))
    assert transport_for(vault).session.verify == "/media/ho-ca.pem"
    assert transport_for(vault, ca_bundle="/explicit.pem").session.verify == "/explicit.pem"
    transport = transport_for(vault)
    assert transport.session.headers["Authorization"] == "Bearer " + "t" * 43


def test_summary_line_has_counts_and_nothing_personal() -> None:
    line = SyncSummary(pushed=3, applied=2, conflicts=1, pulled=7, round_trips=4).line()
    assert line.startswith("sync done: pushed 3 (applied 2, conflicts 1, rejected 0)")
    assert "pulled 7" in line and "4 requests" in line
    assert SyncSummary(cancelled=True).line().startswith("sync cancelled")
