"""`fieldapp enroll DIR --server URL --user NAME [--device-name NAME] [--ca-bundle FILE]`.

A new profile is created only after head office accepted the device (vault password from
FIELDAPP_PASSWORD or a prompt); an existing profile is opened with its password. The head-office
password comes from FIELDAPP_SERVER_PASSWORD or a prompt and is never stored.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..sync.enrolment import check_same_user, request_enrolment, store_enrolment
from .common import profile_dir, read_password

HELP = "register this device with head office (new or existing profile)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", help="profile folder (default: the platform data dir)")
    parser.add_argument("--server", required=True, metavar="URL", help="head-office address, https://…")
    parser.add_argument("--user", required=True, metavar="NAME", help="your head-office user name")
    parser.add_argument("--device-name", default="", help="a name for this laptop (default: its host name)")
    parser.add_argument("--ca-bundle", default=None, metavar="FILE",
                        help="head office's certificate authority file (PEM); the server must chain to it")


def remember_server(folder: Path, server: str, ca_bundle: str | None) -> None:
    """Fill server_url/ca_bundle in the plain settings.json, keeping every other setting."""
    path = folder / "settings.json"
    try:
        settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError:
        settings = {}
    settings["server_url"] = server
    if ca_bundle:
        settings["ca_bundle"] = ca_bundle
    path.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from ..store import Vault

    folder = profile_dir(args.dir)
    ca_bundle = str(Path(args.ca_bundle).resolve()) if args.ca_bundle else None
    if Vault.is_vault(folder):
        with Vault.open(folder, read_password("Vault password: ")) as vault:
            check_same_user(vault, args.user)
            answer = request_enrolment(args.server, args.user, _server_password(), device_name=args.device_name,
                                       ca_bundle=ca_bundle)
            profile = store_enrolment(vault, args.server, answer, ca_bundle=ca_bundle)
    else:
        vault_password = read_password("New vault password: ", confirm=True)
        answer = request_enrolment(args.server, args.user, _server_password(), device_name=args.device_name,
                                   ca_bundle=ca_bundle)
        folder.mkdir(parents=True, exist_ok=True)
        with Vault.create(folder, vault_password) as vault:
            profile = store_enrolment(vault, args.server, answer, ca_bundle=ca_bundle)
    remember_server(folder, profile["server_url"], ca_bundle)
    print(f"enrolled {profile['username']} ({profile['role']}) as device {profile['device_id']}")
    return 0


def _server_password() -> str:
    return read_password("Head-office password: ", env="FIELDAPP_SERVER_PASSWORD")
