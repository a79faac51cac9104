"""The thin tail pull on a real server: after a push, the device's own records come back without their
content, and the vault still ends identical to head office, however the sync was broken in between."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.entities import Assessment, Household
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine
from tests.helpers.live_server import LiveServer

from .world import VAULT_PASSWORD, Device, converged, new_assessment, new_device, new_household, server_rows


class Spy:
    """Pull pages as the engine received them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pages: list[dict[str, Any]] = []
        original = SyncEngine._fetch_page

        def fetch(engine: SyncEngine, *args: Any) -> dict[str, Any]:
            page = original(engine, *args)
            self.pages.append(page)
            return page

        monkeypatch.setattr(SyncEngine, "_fetch_page", fetch)

    def thin(self) -> int:
        return sum(1 for page in self.pages for change in page["changes"] if change.get("thin"))


def _work(device: Device, count: int) -> tuple[list[str], list[str]]:
    homes = [new_household(device, head_name=f"أسرة {i}", phone=f"05500000{i:02d}") for i in range(count)]
    return [h.id for h in homes], [new_assessment(device, h).id for h in homes]


def assert_same_as_server(server: LiveServer, vault: Vault, homes: list[str], cases: list[str]) -> None:
    held = server_rows(server, "household")
    for hid in homes:
        version, record = held[hid]
        mine = vault.get_household(hid)
        assert mine.version == version
        assert converged(mine.to_dict(), Household.from_dict(record).to_dict())
    held = server_rows(server, "assessment")
    for aid in cases:
        version, record = held[aid]
        case = vault.get_assessment(aid)
        assert case.version == version
        assert converged(case.to_dict(), Assessment.from_dict(record).to_dict())
    assert vault.outbox_count() == 0


def test_own_records_come_back_thin_and_the_vault_matches(server: LiveServer, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    device = new_device(server, tmp_path / "d", "amal")
    try:
        homes, cases = _work(device, 6)
        spy = Spy(monkeypatch)
        summary = device.sync(batch_size=4)
        assert summary.applied == 12 and spy.thin() == 12
        assert_same_as_server(server, device.vault, homes, cases)
    finally:
        device.close()


@pytest.mark.parametrize("broken", ["recording_results", "before_pull"])
def test_a_sync_broken_between_push_and_pull_ends_identical(server: LiveServer, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    device = new_device(server, tmp_path / "d", "amal")
    try:
        homes, cases = _work(device, 5)
        with monkeypatch.context() as patch:
            if broken == "recording_results":  # the server applied the batch; the device never recorded it
                calls = {"n": 0}
                original = Vault.apply_push_results

                def crash(vault: Vault, results: Any) -> None:
                    calls["n"] += 1
                    if calls["n"] == 2:
                        raise RuntimeError("power cut")
                    original(vault, results)

                patch.setattr(Vault, "apply_push_results", crash)
            else:
                patch.setattr(SyncEngine, "_pull", lambda engine: (_ for _ in ()).throw(RuntimeError("power cut")))
            with pytest.raises(RuntimeError):
                device.sync(batch_size=4)
        # Edited again before the next sync: pending edits travel next time, the thin pull keeps them.
        edited = device.vault.get_household(homes[0])
        edited.district = "الروضة"
        device.vault.save_household(edited)
        spy = Spy(monkeypatch)
        device.sync(batch_size=4)
        assert spy.thin() > 0
        assert_same_as_server(server, device.vault, homes, cases)
        assert device.vault.get_household(homes[0]).district == "الروضة"
    finally:
        device.close()


def test_a_vault_restored_from_an_older_copy_pulls_whole(server: LiveServer, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    device = new_device(server, tmp_path / "d", "huda")
    device.sync()
    device.close()
    shutil.copytree(tmp_path / "d", tmp_path / "copy")   # a backup taken now
    device.vault = Vault.open(tmp_path / "d", VAULT_PASSWORD)
    try:
        homes, cases = _work(device, 3)
        device.sync()                                    # head office: written by this device
    finally:
        device.close()
    restored = Device(tmp_path / "copy", Vault.open(tmp_path / "copy", VAULT_PASSWORD), "huda")
    try:
        spy = Spy(monkeypatch)
        restored.sync()
        assert spy.thin() == 6                           # thin first, then the same page whole
        assert_same_as_server(server, restored.vault, homes, cases)
    finally:
        restored.close()
