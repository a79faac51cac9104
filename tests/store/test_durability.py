"""What a person saves is committed durably (fsync); sync bookkeeping, which a later sync redoes, is not."""

from __future__ import annotations

from fieldapp.store import Vault

from .factories import make_household

FULL, NORMAL = 2, 1


def _synchronous(vault: Vault) -> int:
    return int(vault._q("PRAGMA synchronous").fetchone()[0])


def test_saves_are_durable_and_bookkeeping_is_relaxed_only_for_its_own_transaction(vault: Vault) -> None:
    assert _synchronous(vault) == FULL
    with vault.transaction(durable=False):
        assert _synchronous(vault) == NORMAL
        with vault.transaction():  # nested: a savepoint of the relaxed one
            assert _synchronous(vault) == NORMAL
    assert _synchronous(vault) == FULL
    with vault.transaction(), vault.transaction(durable=False):  # inside a durable one: stays durable
        assert _synchronous(vault) == FULL
    vault.apply_pull_page([], 7)
    vault.outbox_mark_sent([])
    assert _synchronous(vault) == FULL
    assert vault.sync_cursor() == 7


def test_a_failed_relaxed_transaction_rolls_back_and_restores_durability(vault: Vault) -> None:
    household = vault.save_household(make_household())
    try:
        with vault.transaction(durable=False):
            vault._q("DELETE FROM households WHERE id=?", [household.id])
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    assert _synchronous(vault) == FULL
    assert vault.get_household(household.id).head_name == household.head_name
