"""Random offline edits on three devices interleaved with syncs converge, and no edit is silently lost:
each is in the final state, in a conflict record, or was knowingly overwritten by someone who had seen it.
Edits touch household fields and form answers of a shared assessment (merged per answer)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from fieldapp.domain.errors import VaultError
from tests.helpers.live_server import LiveServer

from .world import Device, converged, new_assessment, new_device, new_household

FIELDS = ("district", "address")
VALUES = st.sampled_from(["أ", "ب", "ج", "د"])
ANSWERS = ("exp_rent", "exp_food")
AMOUNTS = st.sampled_from([100000, 150000, 200000])
DEVICES = 3


@dataclass(frozen=True)
class Edit:
    household_id: str
    field: str
    old: object
    new: object


class Offline(RuleBasedStateMachine):
    server: LiveServer
    folder: Path
    counter = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        run = next(self.counter)
        self.devices: list[Device] = [new_device(self.server, self.folder / f"run{run}-dev{i}", "hind")
                                      for i in range(DEVICES)]
        self.households: list[str] = []
        self.assessment = ""
        self.edits: list[Edit] = []

    @initialize()
    def shared_household(self) -> None:
        shared = new_household(self.devices[0], district="أ", phone="أ", address="أ")
        self.households.append(shared.id)
        self.assessment = new_assessment(self.devices[0], shared, {"exp_rent": 100000, "exp_food": 100000}).id
        for device in self.devices:
            device.sync()

    @rule(device=st.integers(0, DEVICES - 1))
    def create(self, device: int) -> None:
        self.households.append(new_household(self.devices[device], district="أ").id)

    @rule(device=st.integers(0, DEVICES - 1), which=st.integers(0, 2), field=st.sampled_from(FIELDS),
          value=VALUES)
    def edit(self, device: int, which: int, field: str, value: str) -> None:
        vault = self.devices[device].vault
        household_id = self.households[which % len(self.households)]
        try:
            household = vault.get_household(household_id)
        except VaultError:
            return  # this device has not seen it yet
        old = getattr(household, field)
        if old == value:
            return
        setattr(household, field, value)
        vault.save_household(household)
        self.edits.append(Edit(household_id, field, old, value))

    @rule(device=st.integers(0, DEVICES - 1), field=st.sampled_from(ANSWERS), value=AMOUNTS)
    def edit_answer(self, device: int, field: str, value: int) -> None:
        """Form answers merge per field ("answers.<id>"), like top-level fields."""
        vault = self.devices[device].vault
        assessment = vault.get_assessment(self.assessment)
        old = assessment.answers.get(field)
        if old == value:
            return
        assessment.answers[field] = value
        vault.save_assessment(assessment)
        self.edits.append(Edit(self.assessment, f"answers.{field}", old, value))

    @rule(device=st.integers(0, DEVICES - 1))
    def sync(self, device: int) -> None:
        self.devices[device].sync()

    def teardown(self) -> None:
        try:
            for _ in range(2):  # the first round pushes everything, the second spreads it everywhere
                for device in self.devices:
                    device.sync()
            self.check()
        finally:
            for device in self.devices:
                device.close()

    def check(self) -> None:
        final = {hid: self.devices[0].vault.get_household(hid).to_dict() for hid in self.households}
        answers = self.devices[0].vault.get_assessment(self.assessment).to_dict()
        final[self.assessment] = {f"answers.{k}": v for k, v in answers["answers"].items()}
        for device in self.devices:
            assert device.vault.outbox_count() == 0
            for hid in self.households:
                assert converged(device.vault.get_household(hid).to_dict(), final[hid])
            assert converged(device.vault.get_assessment(self.assessment).to_dict(), answers)
        kept = {(c["entity_id"], item["field"], value)
                for device in self.devices for c in device.vault.conflicts()
                for item in c["conflicts"] for value in (item["local"], item["server"])}
        seen_then_changed = {(e.household_id, e.field, e.old) for e in self.edits}
        for edit in self.edits:
            assert (final[edit.household_id][edit.field] == edit.new
                    or (edit.household_id, edit.field, edit.new) in kept
                    or (edit.household_id, edit.field, edit.new) in seen_then_changed), edit


@pytest.mark.slow
def test_offline_edits_on_three_devices_converge_without_loss(server: LiveServer, tmp_path: Path) -> None:
    Offline.server, Offline.folder = server, tmp_path
    run_state_machine_as_test(Offline, settings=settings(
        max_examples=6, stateful_step_count=14, deadline=None, derandomize=False,
        suppress_health_check=[HealthCheck.too_slow]))
