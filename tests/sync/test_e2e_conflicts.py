"""Concurrent offline edits on two devices, and a revoked device."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.domain.errors import SyncError
from fieldapp.store import Vault
from tests.helpers.live_server import LiveServer

from .world import VAULT_PASSWORD, fieldapp_cli, new_assessment, new_device, new_household


def test_disjoint_offline_edits_merge_and_same_field_keeps_both_values(server: LiveServer, tmp_path: Path) -> None:
    laptop = new_device(server, tmp_path / "laptop", "dana")
    tablet = new_device(server, tmp_path / "tablet", "dana")
    household = new_household(laptop, phone="0500000001", address="حي الصفا")
    assessment = new_assessment(laptop, household, {"exp_rent": 100000, "exp_food": 50000})
    laptop.sync()
    tablet.sync()
    assert tablet.vault.get_assessment(assessment.id).answers == {"exp_rent": 100000, "exp_food": 50000}

    # Offline on both: different fields, and one field both change.
    on_laptop = laptop.vault.get_household(household.id)
    on_laptop.phone, on_laptop.address = "0555555555", "حي الروضة"
    laptop.vault.save_household(on_laptop)
    answers_laptop = laptop.vault.get_assessment(assessment.id)
    answers_laptop.answers["exp_rent"] = 120000
    laptop.vault.save_assessment(answers_laptop)
    on_tablet = tablet.vault.get_household(household.id)
    on_tablet.district, on_tablet.address = "الفيصلية", "حي النزهة"
    tablet.vault.save_household(on_tablet)
    answers_tablet = tablet.vault.get_assessment(assessment.id)
    answers_tablet.answers["exp_food"] = 65000
    tablet.vault.save_assessment(answers_tablet)

    assert laptop.sync().conflicts == 0
    second = tablet.sync()
    assert second.conflicts == 1
    laptop.sync()

    for device in (laptop, tablet):
        merged = device.vault.get_household(household.id)
        assert (merged.phone, merged.district, merged.address) == ("0555555555", "الفيصلية", "حي الروضة")
        assert device.vault.get_assessment(assessment.id).answers == {"exp_rent": 120000, "exp_food": 65000}
    [conflict] = tablet.vault.conflicts()
    assert conflict["entity_id"] == household.id
    assert conflict["conflicts"] == [{"field": "address", "local": "حي النزهة", "server": "حي الروضة",
                                      "base": "حي الصفا"}]
    assert laptop.vault.conflicts() == []

    # A person chooses the tablet's value: it travels everywhere.
    tablet.vault.resolve_conflict(conflict["id"], "local")
    tablet.sync()
    laptop.sync()
    assert laptop.vault.get_household(household.id).address == "حي النزهة"
    assert laptop.vault.get_household(household.id).to_dict() == tablet.vault.get_household(household.id).to_dict()
    assert tablet.vault.conflicts() == []
    laptop.close()
    tablet.close()


def test_revoked_device_gets_a_clear_message_and_keeps_its_data(server: LiveServer, tmp_path: Path) -> None:
    device = new_device(server, tmp_path / "lost-laptop", "maha")
    synced = new_household(device, head_name="أسرة متزامنة")
    device.sync()
    unsynced = new_household(device, head_name="أسرة لم تتزامن بعد")
    server.cli("device", "revoke", device.device_id)

    with pytest.raises(SyncError) as err:
        device.sync()
    assert err.value.code == "sync.revoked"
    assert "revoked" in err.value.message("en") and "untouched" in err.value.message("en")
    assert device.vault.get_household(unsynced.id).head_name == "أسرة لم تتزامن بعد"
    assert device.vault.outbox_count() == 1
    device.close()

    result = fieldapp_cli("sync", str(device.folder))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Head office has revoked this device. Your data on it is untouched; contact head office"]
    with Vault.open(device.folder, VAULT_PASSWORD) as vault:  # still opens, still readable
        assert vault.get_household(synced.id).head_name == "أسرة متزامنة"
        assert vault.get_household(unsynced.id).head_name == "أسرة لم تتزامن بعد"
        assert vault.outbox_count() == 1
