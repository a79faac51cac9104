"""The encrypted local vault of a device profile (DESIGN.md, "The local vault").

    folder/vault.db          SQLite (WAL, synchronous=FULL; NORMAL for sync bookkeeping; secure_delete): encrypted records, outbox, blind index
    folder/attachments/      encrypted blobs named by HMAC of their SHA-256

    from fieldapp.store import Vault
    with Vault.open(folder, password) as vault:          # VaultError: missing, not_a_vault, wrong_password
        vault.page_cases(0, 50, status="submitted", query="احمد")   # -> list[CaseRow], decrypts one page
        vault.save_assessment(assessment)                  # + its outbox op, one transaction
        vault.transition(assessment.id, actor, "submit")   # decide + hash-chained event + status + op

API: create/open/is_vault, lock/unlock/close, change_password, set_recovery_key, meta_get/meta_set;
save_/get_household, save_/get_assessment, assessments_of, iter_households/iter_assessments(errors=list);
transition, events_of; add_/read_/remove_attachment, attachments_of, has_blob/put_blob/read_blob,
missing_blobs/store_blob, attachments_pending_upload/mark_attachment_uploaded; save_/get_/list_assignments;
count_cases/page_cases, find_duplicates; outbox_pending/outbox_count/outbox_mark_sent, apply_push_results,
apply_pull_page, sync_cursor, conflicts/resolve_conflict, notices/dismiss_notice.
Bulk loading (demo data, benchmarks): fieldapp.store.bulk.BulkLoader. Export: fieldapp.store.export.iter_cases.

Module map: keys (Argon2id wrap, recovery wrap, derived keys) · cipher (JSON→zlib→AES-GCM per record) ·
blind (search tokens) · schema (migrations) · core (open/lock/meta) · outbox · records (households,
assessments) · events (transitions) · cases (paging, search, duplicates) · attachments · assignments ·
syncside (push results, pull pages, conflicts, notices) · pullpage (a pulled page's new records written in
batches) · blindpool (a long pull's blind tokens hashed in a worker process) · pullwal (a long pull's one
WAL checkpoint, in the background) · pushbatch (the outbox as a batch of push results sees it) · bulk · export.
A vault may be used from one thread at a time (it can be handed between threads).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..domain.errors import VaultError

if TYPE_CHECKING:
    from .cases import CaseRow
    from .keys import KdfParams
    from .vault import Vault

__all__ = ["CaseRow", "KdfParams", "Vault", "VaultError"]
_LAZY = {"CaseRow": "cases", "KdfParams": "keys", "Vault": "vault"}


def __getattr__(name: str) -> Any:
    # Loaded on first use: a process that needs one module of the package (the pull's blind-token worker
    # needs store.blind) starts without the vault, sqlite-utils and cryptography (~0.12 s less to start).
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
