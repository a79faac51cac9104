"""The server killed with SIGKILL in the middle of a large push, restarted, sync again: every record once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from fieldapp.domain.errors import SyncError
from fieldapp.sync.engine import SyncProgress
from tests.helpers.live_server import LiveServer
from tests.sync.world import new_device, new_household, server_op_count, server_rows

RECORDS = 1000


@pytest.mark.slow
def test_sigkill_mid_push_then_resync_applies_every_record_exactly_once(server: LiveServer, tmp_path: Path) -> None:
    device = new_device(server, tmp_path / "dev", "noor")
    ids = [new_household(device, head_name=f"أسرة رقم {i}", phone=f"05{i:08d}").id for i in range(RECORDS)]
    assert device.vault.outbox_count() == RECORDS
    killed = threading.Event()

    def kill_during_second_batch(progress: SyncProgress) -> None:
        # The first batch is acknowledged; kill while the next one is in flight (posted a moment later).
        if progress.phase == "push" and progress.done >= 250 and not killed.is_set():
            killed.set()
            threading.Timer(0.03, server.kill).start()

    with pytest.raises(SyncError) as err:
        device.sync(on_progress=kill_during_second_batch, batch_size=250)
    assert err.value.code in ("sync.offline", "sync.timeout")
    assert killed.is_set()
    left = device.vault.outbox_count()
    assert 0 < left < RECORDS  # some batches made it, some did not

    server.restart()
    summary = device.sync()
    assert summary.pending_left == 0 and summary.rejected == 0 and summary.conflicts == 0

    rows = server_rows(server, "household")
    mine = {hid: rows[hid] for hid in ids if hid in rows}
    assert len(mine) == RECORDS
    assert {version for version, _ in mine.values()} == {1}  # applied once: a second apply would bump it
    assert server_op_count(server, device.device_id) == RECORDS
    assert all(device.vault.get_household(hid).version == 1 for hid in ids[:50])
    device.close()
