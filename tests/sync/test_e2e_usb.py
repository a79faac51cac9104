"""Sync without any network: a bundle to head office by USB stick, and the return bundle back."""

from __future__ import annotations

import os
from pathlib import Path

from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine
from tests.helpers.live_server import LiveServer

from .world import FAST, VAULT_PASSWORD, fieldapp_cli, new_assessment, new_device, new_household, server_rows


def test_usb_round_trip_applies_once_and_brings_changes_back(server: LiveServer, tmp_path: Path) -> None:
    office = new_device(server, tmp_path / "office", "huda")  # a colleague's laptop that syncs online
    shared = new_household(office, head_name="أسرة من المكتب")
    office.sync()
    field = new_device(server, tmp_path / "field", "huda")     # the laptop that only has a USB stick
    household = new_household(field, head_name="أسرة في قرية بعيدة", national_id="1000000008")
    assessment = new_assessment(field, household)
    photo = os.urandom(200_000)
    field.vault.add_attachment(assessment.id, photo, "home.jpg", "image/jpeg")
    pending = field.vault.outbox_count()
    field.close()

    stick = tmp_path / "stick"
    stick.mkdir()
    out = fieldapp_cli("sync", str(field.folder), "--to-file", str(stick / "push.bundle"))
    assert out.returncode == 0, out.stderr
    assert f"{pending} changes, 1 attachments" in out.stdout
    for _ in range(2):  # imported twice by mistake: applied once
        imported = server.cli("import-bundle", str(stick / "push.bundle"), "-o", str(stick / "return.bundle"))
        assert imported.returncode == 0
    assert server_rows(server, "household")[household.id][0] == 1
    assert server_rows(server, "assessment")[assessment.id][0] == 1

    back = fieldapp_cli("sync", str(field.folder), "--from-file", str(stick / "return.bundle"))
    assert back.returncode == 0, back.stderr
    with Vault.open(field.folder, VAULT_PASSWORD) as vault:
        assert vault.outbox_count() == 0
        assert vault.get_household(household.id).version == 1
        assert vault.get_household(shared.id).head_name == "أسرة من المكتب"  # came back on the stick
        assert vault.read_attachment(vault.attachments_of(assessment.id)[0].id) == photo
        # Later the laptop finds a network: nothing is sent twice.
        summary = SyncEngine(vault, retry=FAST).run()
        assert summary.pushed == 0 and summary.attachments_uploaded == 0
    office.sync()
    assert office.vault.get_household(household.id).national_id == "1000000008"
    office.close()
