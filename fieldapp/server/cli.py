"""`fieldapp-server`: init, serve, users, devices, forms, assignments, export, stats, import-bundle, demo.

Global options: --data-dir (or FIELDAPP_SERVER_DATA) and --database-url (or FIELDAPP_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .settings import ServerSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldapp-server", description="fieldapp head-office server")
    parser.add_argument("--data-dir", help="data folder (default: $FIELDAPP_SERVER_DATA)")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: SQLite in the data folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the data folder, the database and the recovery key pair")
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8750)
    serve.add_argument("--workers", type=int, default=1)
    user = sub.add_parser("user", help="users").add_subparsers(dest="action", required=True)
    add = user.add_parser("add", help="add a user (password from FIELDAPP_NEW_PASSWORD or a prompt)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["researcher", "supervisor", "admin"])
    add.add_argument("--team")
    add.add_argument("--full-name", default="")
    user.add_parser("disable", help="disable a user").add_argument("name")
    user.add_parser("enable", help="enable a user again").add_argument("name")
    user.add_parser("list", help="list users")
    device = sub.add_parser("device", help="devices").add_subparsers(dest="action", required=True)
    device.add_parser("list", help="list enrolled devices")
    device.add_parser("revoke", help="revoke a device token").add_argument("id")
    forms = sub.add_parser("forms", help="form definitions").add_subparsers(dest="action", required=True)
    forms.add_parser("publish", help="publish a form version").add_argument(
        "file", help="the form definition (JSON, see docs/FORMS.md)")
    forms.add_parser("list", help="list published forms")
    assign = sub.add_parser("assignments", help="visit assignments").add_subparsers(dest="action", required=True)
    imp = assign.add_parser("import", help="import applications from CSV")
    imp.add_argument("file", help="CSV of applications (UTF-8, one row per applicant)")
    imp.add_argument("--team", help="round-robin among this team's researchers when no researcher column")
    export = sub.add_parser("export", help="export cases")
    export.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    export.add_argument("--status", choices=["approved", "all"], default="approved")
    export.add_argument("-o", "--output", required=True, help="the file to write")
    stats = sub.add_parser("stats", help="statistics by category, status, researcher and month")
    stats.add_argument("--json", action="store_true", help="print JSON")
    bundle = sub.add_parser("import-bundle", help="apply a USB sync bundle and write the return bundle")
    bundle.add_argument("file", help="the bundle a laptop wrote with `fieldapp sync DIR --to-file FILE`")
    bundle.add_argument("-o", "--output", help="the return bundle (default: NAME.return.EXT beside FILE)")
    demo = sub.add_parser("demo", help="a demo head office: the demo team's users and N demo households "
                                       "(password of the users from FIELDAPP_NEW_PASSWORD or a prompt)")
    demo.add_argument("--households", type=int, default=300, help="how many demo households (default 300)")
    demo.add_argument("--seed", type=int, default=1, help="random seed: the cases of `fieldapp demo` with it")
    setting = sub.add_parser("settings", help="server settings").add_subparsers(dest="action", required=True)
    setting.add_parser("show")
    put = setting.add_parser("set")
    put.add_argument("key", choices=["answer_deadline_days", "currency", "work_week"])
    put.add_argument("value")
    return parser


def _new_password() -> str:
    from .errors import ServerError

    value = os.environ.get("FIELDAPP_NEW_PASSWORD")
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise ServerError("server.no_password")
    value = getpass.getpass("New user's password: ")
    if getpass.getpass("Again: ") != value:
        raise ServerError("server.no_password")
    return value


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    settings = ServerSettings.from_env(args.data_dir, args.database_url)
    from sqlalchemy.exc import SQLAlchemyError

    from .errors import ServerError

    try:
        return _dispatch(settings, args)
    except SQLAlchemyError as exc:
        # The driver's text may quote values; the class name is enough to act on.
        raise ServerError("server.database", detail=type(getattr(exc, "orig", None) or exc).__name__) from None


def _dispatch(settings: ServerSettings, args: argparse.Namespace) -> int:
    if args.command == "init":
        return cmd_init(settings)
    if args.command == "serve":
        return cmd_serve(settings, args)
    from .commands import run_command

    return run_command(settings, args)


def cmd_init(settings: ServerSettings) -> int:
    from sqlalchemy import select

    from . import catalog
    from .db import Database, migrate, put_setting
    from .errors import ServerError
    from .keys import ensure_key_pair
    from .tables import forms

    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings.attachments_dir.mkdir(parents=True, exist_ok=True)
    public = ensure_key_pair(settings)
    db = Database(settings.db_url)
    try:
        migrate(db)
        with db.write() as conn:
            put_setting(conn, "recovery_public_key", public)
            path = catalog.default_form_path()
            if path.exists() and conn.execute(select(forms.c.form_id)).first() is None:
                try:
                    catalog.publish_form(conn, json.loads(path.read_text(encoding="utf-8")))
                except ServerError as exc:  # init still succeeds; head office can publish a fixed form
                    print(exc.message("en"), file=sys.stderr)
    finally:
        db.dispose()
    print(f"initialised {settings.data_dir}")
    return 0


def cmd_serve(settings: ServerSettings, args: argparse.Namespace) -> int:
    import uvicorn

    from .db import Database
    from .errors import ServerError

    db = Database(settings.db_url)
    try:
        if not db.is_initialised():
            raise ServerError("server.not_initialised")
    finally:
        db.dispose()
    # Workers are separate processes: they read the settings from the environment.
    os.environ["FIELDAPP_SERVER_DATA"] = str(settings.data_dir)
    if settings.database_url:
        os.environ["FIELDAPP_DATABASE_URL"] = settings.database_url
    uvicorn.run("fieldapp.server.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=max(1, args.workers), log_level="warning", access_log=False,
                timeout_graceful_shutdown=5, timeout_keep_alive=30)
    return 0


def _path(value: str) -> Path:
    return Path(value).expanduser()
