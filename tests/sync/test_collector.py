"""The collector is held back only while syncs run, and restored when the last one ends."""

from __future__ import annotations

import gc
import threading

from fieldapp.sync.collector import YOUNG_THRESHOLD, fewer_collections


def test_threshold_raised_and_objects_frozen_only_while_a_sync_runs() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_freeze_count() > 0
        with fewer_collections():  # a second sync (another profile) at the same time
            pass
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)  # the first is still running
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen  # what was frozen before (an in-process server's) stays so


def test_restored_after_a_failing_sync_and_from_other_threads() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        with fewer_collections():
            raise RuntimeError("network down")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before

    def sync() -> None:
        for _ in range(50):
            with fewer_collections():
                pass
    workers = [threading.Thread(target=sync) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
