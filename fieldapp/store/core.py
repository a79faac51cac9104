"""The vault's core: opening, keys, locking, encrypted meta values, and the helpers the repositories share."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Self

from sqlite_utils import Database

from ..domain import sealed
from ..domain.errors import VaultError
from . import keys
from .blind import BlindIndex
from .cipher import RecordCipher
from .schema import DB_NAME, connect, create_file

MIN_PASSWORD = 8


class VaultCore:
    """State shared by the repository mixins; use `fieldapp.store.Vault`."""

    def __init__(self, folder: Path, db: Database, dek: bytes) -> None:
        self.folder = folder
        self.db = db
        self._unlock_with(dek)

    # -- opening ---------------------------------------------------------------------------------------
    @staticmethod
    def is_vault(folder: str | os.PathLike[str]) -> bool:
        path = Path(folder) / DB_NAME
        if not path.is_file():
            return False
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = conn.execute("SELECT 1 FROM sqlite_master WHERE name='keyring'").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return False
        return row is not None

    @classmethod
    def create(cls, folder: str | os.PathLike[str], password: str, *,
               kdf: keys.KdfParams | None = None) -> Self:
        path = Path(folder)
        if len(password) < MIN_PASSWORD:
            raise VaultError("vault.weak_password")
        if (path / DB_NAME).exists():
            raise VaultError("vault.exists", path=str(path))
        old = os.umask(0o077)
        try:
            path.mkdir(parents=True, exist_ok=True)
            (path / "attachments").mkdir(exist_ok=True)
        finally:
            os.umask(old)
        db = create_file(path / DB_NAME)
        dek = keys.new_dek()
        params = kdf or keys.tuned_params()
        wrapped = keys.wrap_dek(dek, keys.derive_kek(password, params))
        with db.atomic():
            db.execute("INSERT INTO keyring (name, params, wrapped) VALUES ('password', ?, ?)",
                       [params.to_json(), wrapped])
        return cls(path, db, dek)

    @classmethod
    def open(cls, folder: str | os.PathLike[str], password: str) -> Self:
        path = Path(folder)
        if not path.is_dir():
            raise VaultError("vault.missing", path=str(path))
        if not cls.is_vault(path):
            raise VaultError("vault.not_a_vault", path=str(path))
        db = connect(path / DB_NAME)
        try:
            dek = cls._unwrap(db, password)
        except BaseException:
            db.conn.close()
            raise
        return cls(path, db, dek)

    @staticmethod
    def _unwrap(db: Database, password: str) -> bytes:
        row = db.execute("SELECT params, wrapped FROM keyring WHERE name='password'").fetchone()
        if row is None:  # a creation that stopped before its key was stored
            raise VaultError("vault.not_a_vault", path=str(Path(db.conn.execute("PRAGMA database_list")
                                                                .fetchone()[2]).parent))
        params = keys.KdfParams.from_json(row[0])
        return keys.unwrap_dek(row[1], keys.derive_kek(password, params))

    def _unlock_with(self, dek: bytes) -> None:
        self._cipher: RecordCipher | None = RecordCipher(dek)
        self._index: BlindIndex | None = BlindIndex(keys.derive_subkey(dek, "search"))
        self._blob_key: bytes | None = keys.derive_subkey(dek, "blob-name")
        self._dek: bytes | None = dek

    def unlock(self, password: str) -> None:
        self._unlock_with(self._unwrap(self.db, password))

    def lock(self) -> None:
        """Drop the keys from memory; the database stays open so unlock() is quick."""
        if self._index is not None:
            self._index.clear()
        self._cipher = self._index = self._blob_key = self._dek = None

    @property
    def locked(self) -> bool:
        return self._cipher is None

    def close(self) -> None:
        self.lock()
        with suppress(sqlite3.Error):
            self.db.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys ------------------------------------------------------------------------------------------
    def change_password(self, old: str, new: str) -> None:
        """Re-wrap the data key under the new password; records are not touched."""
        if len(new) < MIN_PASSWORD:
            raise VaultError("vault.weak_password")
        dek = self._unwrap(self.db, old)
        params = keys.tuned_params()
        wrapped = keys.wrap_dek(dek, keys.derive_kek(new, params))
        with self.db.atomic():
            self.db.execute("UPDATE keyring SET params=?, wrapped=? WHERE name='password'",
                            [params.to_json(), wrapped])
        self._unlock_with(dek)

    def kdf_params(self) -> keys.KdfParams:
        row = self.db.execute("SELECT params FROM keyring WHERE name='password'").fetchone()
        return keys.KdfParams.from_json(row[0])

    def set_recovery_key(self, public_pem: str) -> None:
        """Also wrap the data key to head office's recovery public key (X25519, domain.sealed)."""
        recipient = sealed.public_key_from_pem(public_pem)
        box = sealed.seal(recipient, self._require_dek(), keys.RECOVERY_CONTEXT)
        with self.db.atomic():
            self.db.execute("INSERT OR REPLACE INTO keyring (name, params, wrapped) VALUES ('recovery', ?, ?)",
                            [public_pem, box])

    @staticmethod
    def recover_dek(folder: str | os.PathLike[str], private_key: Any) -> bytes:
        """Head office: the data key of a vault, opened with the recovery private key."""
        db = connect(Path(folder) / DB_NAME)
        try:
            row = db.execute("SELECT wrapped FROM keyring WHERE name='recovery'").fetchone()
        finally:
            db.conn.close()
        if row is None:
            raise VaultError("vault.not_a_vault", path=str(folder))
        return sealed.open_sealed(private_key, row[0], keys.RECOVERY_CONTEXT)

    @classmethod
    def open_with_key(cls, folder: str | os.PathLike[str], dek: bytes) -> Self:
        return cls(Path(folder), connect(Path(folder) / DB_NAME), dek)

    def _require_dek(self) -> bytes:
        if self._dek is None:
            raise VaultError("vault.locked")
        return self._dek

    # -- shared helpers --------------------------------------------------------------------------------
    @property
    def cipher(self) -> RecordCipher:
        if self._cipher is None:
            raise VaultError("vault.locked")
        return self._cipher

    @property
    def index(self) -> BlindIndex:
        if self._index is None:
            raise VaultError("vault.locked")
        return self._index

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Database]:
        """One SQLite transaction (nested calls become savepoints).

        `durable=False` is for sync bookkeeping that a later sync redoes by itself (ops marked sent, push
        results, pulled pages with their cursor): committed without waiting for the disk (WAL,
        synchronous=NORMAL; each commit otherwise costs an fsync, ~3 ms here). After a power cut such a
        transaction is either whole or absent, never torn, and the next durable commit makes it permanent;
        if it is lost, the ops are resent (the server answers from its stored results) and the pages pulled
        again. What a person types is always committed durably."""
        relaxed = not durable and not self.db.conn.in_transaction
        if relaxed:
            self.db.conn.execute("PRAGMA synchronous=NORMAL")
        try:
            with self.db.atomic() as db:
                yield db
        finally:
            if relaxed:
                self.db.conn.execute("PRAGMA synchronous=FULL")

    def _q(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.db.conn.execute(sql, params)

    # -- encrypted meta --------------------------------------------------------------------------------
    def meta_get(self, key: str, default: Any = None) -> Any:
        row = self._q("SELECT rev, data FROM meta WHERE key=?", [key]).fetchone()
        if row is None:
            return default
        return self.cipher.open("meta", key, row[0], row[1])

    def meta_set(self, key: str, value: Any, *, durable: bool = True) -> None:
        with self.transaction(durable=durable):
            row = self._q("SELECT rev FROM meta WHERE key=?", [key]).fetchone()
            rev = (row[0] + 1) if row else 1
            self._q("INSERT OR REPLACE INTO meta (key, rev, data) VALUES (?, ?, ?)",
                    [key, rev, self.cipher.seal("meta", key, rev, value)])

    def state_get(self, key: str, default: str | None = None) -> str | None:
        row = self._q("SELECT value FROM state WHERE key=?", [key]).fetchone()
        return default if row is None else row[0]

    def state_set(self, key: str, value: str) -> None:
        self._q("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", [key, value])
