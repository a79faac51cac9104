"""Opening, passwords, key wraps and the row binding of ciphertexts in a real vault file."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from fieldapp.domain import sealed
from fieldapp.domain.errors import VaultError
from fieldapp.store import Vault
from fieldapp.store.keys import PRODUCTION_MEMORY_KIB, tuned_params

from .factories import PASSWORD, make_household


def test_reopen_with_password(vault_dir: Path) -> None:
    with Vault.create(vault_dir, PASSWORD) as vault:
        household = vault.save_household(make_household())
        vault.meta_set("profile", {"username": "amal"})
    with Vault.open(vault_dir, PASSWORD) as vault:
        assert vault.get_household(household.id).head_name == household.head_name
        assert vault.meta_get("profile") == {"username": "amal"}


def test_wrong_password_never_decrypts(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Vault.create(vault_dir, PASSWORD) as vault:
        vault.save_household(make_household())
    opened: list[bytes] = []
    from fieldapp.store import core

    real = core.RecordCipher

    def spy(key: bytes) -> object:
        opened.append(key)
        return real(key)

    monkeypatch.setattr(core, "RecordCipher", spy)
    for wrong in ("correct horse 2", "", PASSWORD.upper(), PASSWORD + " "):
        with pytest.raises(VaultError) as caught:
            Vault.open(vault_dir, wrong)
        assert caught.value.code == "vault.wrong_password"
    assert opened == []  # no cipher was ever made from a key derived from a wrong password


def test_missing_folder_and_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultError) as caught:
        Vault.open(tmp_path / "nowhere", PASSWORD)
    assert caught.value.code == "vault.missing"
    (tmp_path / "vault.db").write_bytes(b"not sqlite at all")
    with pytest.raises(VaultError) as caught:
        Vault.open(tmp_path, PASSWORD)
    assert caught.value.code == "vault.not_a_vault"
    assert not Vault.is_vault(tmp_path)


def test_create_refuses_existing_profile_and_weak_password(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(VaultError) as caught:
        Vault.create(vault.folder, PASSWORD)
    assert caught.value.code == "vault.exists"
    with pytest.raises(VaultError) as caught:
        Vault.create(tmp_path / "other", "short")
    assert caught.value.code == "vault.weak_password"


def test_files_are_private(vault: Vault) -> None:
    vault.save_household(make_household())
    for path in [vault.folder, vault.folder / "vault.db", vault.folder / "attachments"]:
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0, path


def test_pragmas(vault: Vault) -> None:
    q = vault.db.conn.execute
    assert q("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert q("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert q("PRAGMA foreign_keys").fetchone()[0] == 1
    assert q("PRAGMA secure_delete").fetchone()[0] == 1


def test_change_password_rewraps_only(vault_dir: Path) -> None:
    with Vault.create(vault_dir, PASSWORD) as vault:
        household = vault.save_household(make_household())
        before = vault.db.conn.execute("SELECT data FROM households").fetchall()
        vault.change_password(PASSWORD, "a new password")
        assert vault.db.conn.execute("SELECT data FROM households").fetchall() == before
        with pytest.raises(VaultError):
            vault.change_password("not the password", "another one")
    with pytest.raises(VaultError):
        Vault.open(vault_dir, PASSWORD)
    with Vault.open(vault_dir, "a new password") as vault:
        assert vault.get_household(household.id).national_id == household.national_id


def test_lock_drops_keys(vault: Vault) -> None:
    household = vault.save_household(make_household())
    vault.lock()
    with pytest.raises(VaultError) as caught:
        vault.get_household(household.id)
    assert caught.value.code == "vault.locked"
    with pytest.raises(VaultError):
        vault.unlock("wrong password")
    vault.unlock(PASSWORD)
    assert vault.get_household(household.id).id == household.id


def test_row_ciphertext_copied_onto_another_row_fails(vault: Vault) -> None:
    first = vault.save_household(make_household())
    second = vault.save_household(make_household(head_name="فاطمة علي الحربي", national_id="1098765439"))
    with vault.transaction():
        vault.db.conn.execute("UPDATE households SET data=(SELECT data FROM households WHERE id=?) WHERE id=?",
                              [first.id, second.id])
    assert vault.get_household(first.id).head_name == first.head_name
    with pytest.raises(VaultError) as caught:
        vault.get_household(second.id)
    assert caught.value.code == "vault.tampered"
    assert caught.value.params["record_id"] == second.id
    assert first.head_name not in str(caught.value)


def test_tampered_byte_in_file_is_detected(vault_dir: Path) -> None:
    with Vault.create(vault_dir, PASSWORD) as vault:
        household = vault.save_household(make_household())
    conn = sqlite3.connect(vault_dir / "vault.db")
    data = bytearray(conn.execute("SELECT data FROM households").fetchone()[0])
    data[20] ^= 0x01
    conn.execute("UPDATE households SET data=?", [bytes(data)])
    conn.commit()
    conn.close()
    with Vault.open(vault_dir, PASSWORD) as vault, pytest.raises(VaultError) as caught:
        vault.get_household(household.id)
    assert caught.value.code == "vault.tampered"


def test_recovery_key_opens_the_data_key(vault: Vault) -> None:
    household = vault.save_household(make_household())
    private = sealed.X25519PrivateKey.generate()
    vault.set_recovery_key(sealed.public_key_to_pem(private.public_key()))
    dek = Vault.recover_dek(vault.folder, private)
    with Vault.open_with_key(vault.folder, dek) as recovered:
        assert recovered.get_household(household.id).phone == household.phone


def test_kdf_parameters_are_stored_and_production_grade(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    assert vault.kdf_params().algorithm == "argon2id"
    monkeypatch.delenv("FIELDAPP_TEST_FAST_KDF")
    params = tuned_params(target_seconds=0.2)
    assert params.memory_kib >= PRODUCTION_MEMORY_KIB
    assert params.iterations >= 3
    assert len(bytes.fromhex(params.salt)) == 16


def test_migrations_are_recorded_and_a_newer_vault_is_refused(vault_dir: Path) -> None:
    with Vault.create(vault_dir, PASSWORD) as vault:
        applied = [row[0] for row in vault.db.conn.execute("SELECT name FROM _sqlite_migrations")]
        assert applied[:2] == ["0001_initial", "0002_case_cover_index"] and applied == sorted(applied)
    conn = sqlite3.connect(vault_dir / "vault.db")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                 ["fieldapp.vault", "9999_from_the_future", "2030-01-01"])
    conn.commit()
    conn.close()
    with pytest.raises(VaultError) as caught:
        Vault.open(vault_dir, PASSWORD)
    assert caught.value.code == "vault.too_new"


def test_a_vault_opened_on_one_thread_serves_another(vault: Vault) -> None:
    import threading

    household = vault.save_household(make_household())
    seen: list[str] = []
    worker = threading.Thread(target=lambda: seen.append(vault.get_household(household.id).head_name))
    worker.start()
    worker.join()
    assert seen == [household.head_name]


def test_an_interrupted_creation_is_not_a_vault(vault_dir: Path) -> None:
    with Vault.create(vault_dir, PASSWORD) as vault, vault.transaction():
        vault.db.conn.execute("DELETE FROM keyring")
    with pytest.raises(VaultError) as caught:
        Vault.open(vault_dir, PASSWORD)
    assert caught.value.code == "vault.not_a_vault"
    assert str(vault_dir) in caught.value.message("en")
