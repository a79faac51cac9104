"""The encrypted local vault of a device profile (DESIGN.md, "The local vault").

    folder/vault.db          SQLite (WAL, synchronous=FULL, secure_delete): encrypted records, outbox, blind index
    folder/attachments/      encrypted blobs named by HMAC of their SHA-256

Module map: keys (Argon2id wrap, recovery wrap, derived keys) · cipher (JSON→zlib→AES-GCM per record) ·
blind (search tokens) · schema (migrations) · core (open/lock/meta) · outbox · records (households,
assessments) · events (transitions) · cases (paging, search, duplicates) · attachments · assignments ·
syncside (push results, pull pages, conflicts, notices) · bulk (fast loading for demo data and benchmarks).
"""

from __future__ import annotations

from ..domain.errors import VaultError
from .cases import CaseRow
from .keys import KdfParams
from .vault import Vault

__all__ = ["CaseRow", "KdfParams", "Vault", "VaultError"]
