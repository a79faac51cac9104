"""Progress reports (phase, counts, bytes), cancellation and resume, forms refresh."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from fieldapp.sync.engine import SyncProgress
from tests.helpers.live_server import LiveServer

from .world import new_assessment, new_device, new_household


def test_progress_reports_phases_counts_and_bytes_and_cancel_resumes(server: LiveServer, tmp_path: Path) -> None:
    device = new_device(server, tmp_path / "dev", "noor")
    for i in range(120):
        new_household(device, head_name=f"أسرة {i}")
    assessment = new_assessment(device, new_household(device))
    device.vault.add_attachment(assessment.id, os.urandom(2_500_000), "doc.pdf", "application/pdf")
    total = device.vault.outbox_count()
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def stop_after_first_batch(progress: SyncProgress) -> None:
        seen.append(progress)
        if progress.phase == "push" and progress.done > 0:
            cancel.set()

    summary = device.sync(on_progress=stop_after_first_batch, cancel=cancel, batch_size=50)
    # The batch already on the wire when the cancel came is answered and recorded, then the sync stops.
    assert summary.cancelled and summary.pushed in (50, 100)
    done = summary.pushed
    assert summary.pending_left == total - done == device.vault.outbox_count()
    phases = [p.phase for p in seen]
    assert phases.index("upload") < phases.index("push") and "pull" not in phases
    uploads = [p for p in seen if p.phase == "upload"]
    assert uploads[-1].done == uploads[-1].total == 2_500_000
    assert seen[-1].bytes_sent >= 2_500_000
    assert [p.done for p in seen if p.phase == "push"] == [0, 50, 100][: 1 + done // 50]
    assert device.vault.meta_get("last_sync")["pending"] == total - done

    rest: list[SyncProgress] = []
    resumed = device.sync(on_progress=rest.append, batch_size=50)
    assert not resumed.cancelled and resumed.pushed == total - done and resumed.pending_left == 0
    assert resumed.attachments_uploaded == 0  # the file went up before the cancel; not sent twice
    assert [p.phase for p in rest][-1] == "done"
    assert {p.phase for p in rest} >= {"push", "pull", "done"}
    device.close()


def test_forms_and_settings_are_refreshed_when_due(server: LiveServer, tmp_path: Path) -> None:
    device = new_device(server, tmp_path / "dev", "noor")
    with device.transport() as transport:
        published = transport.get_json("/forms")["forms"]
    assert device.vault.meta_get("forms") == published  # from enrolment
    device.vault.meta_set("forms", [{"form_id": "withdrawn", "version": 1, "definition": {}}])
    device.vault.meta_set("profile", device.vault.meta_get("profile") | {"role": "stale"})
    assert device.sync().forms_updated is False  # checked at enrolment: not due yet
    device.vault.meta_set("forms_checked", {"at": "2020-01-01T00:00:00Z", "rev": None})
    summary = device.sync()
    assert summary.forms_updated
    assert device.vault.meta_get("forms") == published
    assert device.vault.meta_get("profile")["role"] == "researcher"
    assert device.sync().round_trips == 1  # checked just now: a sync with nothing to do is one request
    device.close()


def test_a_damaged_attachment_does_not_hold_back_the_records(server: LiveServer, tmp_path: Path) -> None:
    device = new_device(server, tmp_path / "dev", "noor")
    assessment = new_assessment(device, new_household(device))
    device.vault.add_attachment(assessment.id, os.urandom(50_000), "scan.pdf", "application/pdf")
    for blob in (device.folder / "attachments").iterdir():
        blob.write_bytes(blob.read_bytes()[:-1] + b"\\0")  # a bad sector, or tampering
    summary = device.sync()
    assert summary.attachments_failed == 1 and "(1 failed)" in summary.line()
    assert summary.pending_left == 0 and summary.pushed == 3  # household, assessment, attachment ref
    assert len(device.vault.attachments_pending_upload()) == 1  # tried again next time
    device.close()
