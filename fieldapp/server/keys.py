"""The organisation's recovery key pair: made at init; the private half stays in the data folder,
encrypted with a passphrase; the public half goes to every device at enrolment."""

from __future__ import annotations

import getpass
import os
import sys

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ..domain.sealed import SealedBoxError, private_key_from_pem, private_key_to_pem, public_key_to_pem
from .errors import ServerError
from .settings import ServerSettings


def read_passphrase(confirm: bool = False) -> str:
    value = os.environ.get("FIELDAPP_RECOVERY_PASSPHRASE")
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise ServerError("server.no_passphrase")
    value = getpass.getpass("Recovery key passphrase: ")
    if confirm and getpass.getpass("Again: ") != value:
        raise ServerError("server.bad_passphrase")
    return value


def _write_private(path: os.PathLike[str] | str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def ensure_key_pair(settings: ServerSettings) -> str:
    """Create the key pair if the data folder has none; returns the public key PEM."""
    if settings.private_key_path.exists() and settings.public_key_path.exists():
        return settings.public_key_path.read_text(encoding="utf-8")
    passphrase = read_passphrase(confirm=True)
    private = X25519PrivateKey.generate()
    _write_private(settings.private_key_path, private_key_to_pem(private, passphrase))
    public = public_key_to_pem(private.public_key())
    settings.public_key_path.write_text(public, encoding="utf-8")
    return public


def load_private_key(settings: ServerSettings) -> X25519PrivateKey:
    if not settings.private_key_path.exists():
        raise ServerError("server.not_initialised")
    try:
        return private_key_from_pem(settings.private_key_path.read_text(encoding="utf-8"), read_passphrase())
    except SealedBoxError:
        raise ServerError("server.bad_passphrase") from None
