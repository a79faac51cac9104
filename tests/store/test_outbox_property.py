"""Property: however many edits are coalesced into one op, replaying it on the server's copy gives the
device's record (nothing typed is lost, nothing extra is sent)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.store import Vault
from fieldapp.sync.protocol import SERVER_FIELDS, apply_changes, flatten

from .factories import PASSWORD, make_assessment, make_household

edits = st.lists(st.tuples(st.sampled_from(["rooms", "exp_rent", "observations", "needs"]),
                           st.one_of(st.none(), st.integers(0, 5000), st.text(max_size=8),
                                     st.lists(st.sampled_from(["in_kind", "training"]), max_size=2))),
                 min_size=1, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edits, send_after=st.integers(0, 12))
def test_coalesced_ops_replay_to_the_local_record(tmp_path: Path, steps: list[tuple[str, object]],
                                                 send_after: int) -> None:
    folder = tmp_path / f"v{abs(hash((repr(steps), send_after)))}"
    with Vault.create(folder, PASSWORD) as vault:
        household = vault.save_household(make_household())
        assessment = vault.save_assessment(make_assessment(household))
        server = {op["entity_id"]: {} for op in vault.outbox_pending()}
        for index, (field, value) in enumerate(steps):
            if index == send_after:  # a push in flight: later edits go to a new op
                vault.outbox_mark_sent([op["op_id"] for op in vault.outbox_pending()])
            assessment.answers[field] = value
            vault.save_assessment(assessment)
        for op in vault.outbox_pending():
            server[op["entity_id"]], conflicts = apply_changes(server[op["entity_id"]], op["changes"])
            assert conflicts == []
        local = flatten(vault.get_assessment(assessment.id).to_dict())
        replayed = flatten(server[assessment.id])
        for key in local.keys() | replayed.keys():
            if key not in SERVER_FIELDS and local.get(key) is not None:
                assert replayed.get(key) == local.get(key), key
