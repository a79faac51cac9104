"""The connection cut in the middle of a large attachment upload: the next sync resumes, < 1.5 × the file sent."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from fieldapp.domain.errors import SyncError
from fieldapp.sync.engine import SyncEngine
from tests.helpers.live_server import LiveServer
from tests.sync.world import FAST, new_assessment, new_device, new_household

from .tcp_proxy import TcpProxy

SIZE = 6 * 1024 * 1024


@pytest.mark.slow
def test_cut_mid_upload_resumes_and_sends_less_than_one_and_a_half_files(server: LiveServer,
                                                                          tmp_path: Path) -> None:
    device = new_device(server, tmp_path / "dev", "lina")
    assessment = new_assessment(device, new_household(device))
    photo = os.urandom(SIZE)
    device.vault.add_attachment(assessment.id, photo, "house.jpg", "image/jpeg")
    port = int(server.url.rsplit(":", 1)[1])

    with TcpProxy(port, cut_after=SIZE // 2 + 300_000) as cut:
        with pytest.raises(SyncError) as err:
            SyncEngine(device.vault, transport=device.transport(cut.url), retry=FAST).run()
        assert err.value.code in ("sync.offline", "sync.timeout")
        assert cut.cut.is_set()
    assert device.vault.outbox_count() > 0  # nothing was lost or half-recorded

    with TcpProxy(port) as whole:
        summary = SyncEngine(device.vault, transport=device.transport(whole.url), retry=FAST).run()
    assert summary.pending_left == 0 and summary.attachments_uploaded == 1
    total = cut.client_bytes + whole.client_bytes  # every byte the device put on the wire, headers included
    assert total < 1.5 * SIZE, total
    assert summary.attachment_bytes_sent < SIZE  # the second sync sent only the rest

    sha = hashlib.sha256(photo).hexdigest()
    with device.transport() as transport:
        status = transport.get_json(f"/attachments/{sha}/status")
        assert status == {"received": SIZE, "complete": True}
        assert hashlib.sha256(transport.request("GET", f"/attachments/{sha}").content).hexdigest() == sha
    device.close()
