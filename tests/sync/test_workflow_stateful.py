"""Random answer edits, submissions, reviews and resumptions on two researcher laptops and a supervisor's,
interleaved with syncs: all copies converge (record, status, hash-chained history) and every answer typed
is in the final record, in a conflict record, or was overwritten by someone who had seen it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from fieldapp.domain.errors import FieldappError
from fieldapp.domain.workflow import READ_ONLY, Actor, Role
from tests.helpers.live_server import LiveServer

from .test_convergence_stateful import Edit
from .world import Device, converged, new_assessment, new_device, new_household

RESEARCHER = Actor("hind", Role.RESEARCHER, "t3")
SUPERVISOR = Actor("sami", Role.SUPERVISOR, "t3")
FIELDS = ("exp_rent", "exp_food")
AMOUNTS = st.sampled_from([100000, 150000, 200000])
LAPTOPS = st.integers(0, 1)


class Review(RuleBasedStateMachine):
    server: LiveServer
    folder: Path
    counter = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        run = next(self.counter)
        self.laptops: list[Device] = [new_device(self.server, self.folder / f"w{run}-laptop{i}", "hind")
                                      for i in range(2)]
        self.supervisor = new_device(self.server, self.folder / f"w{run}-supervisor", "sami")
        self.assessment = ""
        self.edits: list[Edit] = []

    @property
    def devices(self) -> list[Device]:
        return [*self.laptops, self.supervisor]

    @initialize()
    def shared_assessment(self) -> None:
        household = new_household(self.laptops[0])
        self.assessment = new_assessment(self.laptops[0], household, {"exp_rent": 100000, "exp_food": 100000}).id
        for laptop in self.laptops:
            laptop.sync()

    def _status(self, device: Device) -> str | None:
        try:
            return device.vault.get_assessment(self.assessment).status
        except FieldappError:
            return None  # the supervisor sees it only once submitted

    @rule(laptop=LAPTOPS, field=st.sampled_from(FIELDS), value=AMOUNTS)
    def edit(self, laptop: int, field: str, value: int) -> None:
        vault = self.laptops[laptop].vault
        assessment = vault.get_assessment(self.assessment)
        old = assessment.answers.get(field)
        if assessment.status in READ_ONLY or old == value:
            return
        assessment.answers[field] = value
        vault.save_assessment(assessment)
        self.edits.append(Edit(self.assessment, f"answers.{field}", old, value))

    @rule(laptop=LAPTOPS)
    def submit(self, laptop: int) -> None:
        device = self.laptops[laptop]
        if self._status(device) == "draft":
            device.vault.transition(self.assessment, RESEARCHER, "submit", device_id=device.device_id)

    @rule(laptop=LAPTOPS)
    def resume(self, laptop: int) -> None:
        device = self.laptops[laptop]
        if self._status(device) == "returned":
            device.vault.transition(self.assessment, RESEARCHER, "resume", device_id=device.device_id)

    @rule(approve=st.booleans())
    def review(self, approve: bool) -> None:
        if self._status(self.supervisor) == "submitted":
            action, comment = ("approve", "") if approve else ("return", "أكملي بيانات الدخل")
            self.supervisor.vault.transition(self.assessment, SUPERVISOR, action, comment=comment,
                                             device_id=self.supervisor.device_id)

    @rule(device=st.integers(0, 2))
    def sync(self, device: int) -> None:
        self.devices[device].sync()

    def teardown(self) -> None:
        try:
            for _ in range(2):
                for device in self.devices:
                    device.sync()
            self.check()
        finally:
            for device in self.devices:
                device.close()

    def check(self) -> None:
        reference = self.laptops[0].vault
        final = reference.get_assessment(self.assessment).to_dict()
        history = [e.to_dict() for e in reference.events_of(self.assessment)]
        holders = self.laptops + ([self.supervisor] if final["status"] != "draft" else [])
        for device in holders:
            assert device.vault.outbox_count() == 0
            assert converged(device.vault.get_assessment(self.assessment).to_dict(), final)
            assert [e.to_dict() for e in device.vault.events_of(self.assessment)] == history
        assert [e["to_status"] for e in history][-1:] in ([final["status"]], [])
        kept = {(item["field"], value) for device in self.devices for c in device.vault.conflicts()
                for item in c["conflicts"] for value in (item["local"], item["server"])}
        seen_then_changed = {(e.field, e.old) for e in self.edits}
        for edit in self.edits:
            assert (final["answers"].get(edit.field.split(".", 1)[1]) == edit.new
                    or (edit.field, edit.new) in kept or (edit.field, edit.new) in seen_then_changed), edit


@pytest.mark.slow
def test_reviews_and_edits_on_three_devices_converge_without_loss(server: LiveServer, tmp_path: Path) -> None:
    Review.server, Review.folder = server, tmp_path
    run_state_machine_as_test(Review, settings=settings(
        max_examples=6, stateful_step_count=16, deadline=None, suppress_health_check=[HealthCheck.too_slow]))
