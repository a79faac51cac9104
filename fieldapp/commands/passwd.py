"""`fieldapp passwd DIR`: change the vault password (the data key is re-wrapped; records are untouched).

Old password from FIELDAPP_PASSWORD or a prompt; new one from FIELDAPP_NEW_PASSWORD or a prompt (twice).
"""

from __future__ import annotations

import argparse
import sys

from .common import read_password

HELP = "change the vault password (re-wraps the key; FIELDAPP_PASSWORD / FIELDAPP_NEW_PASSWORD for scripts)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the profile folder")


def run(args: argparse.Namespace) -> int:
    from ..store import Vault

    old = read_password("Current password: ")
    with Vault.open(args.folder, old) as vault:
        new = read_password("New password: ", env="FIELDAPP_NEW_PASSWORD", confirm=True)
        vault.change_password(old, new)
    print("Password changed / تم تغيير كلمة المرور", file=sys.stderr)
    return 0
