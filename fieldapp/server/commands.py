"""The administrative sub-commands of fieldapp-server (all but init and serve)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import accounts, catalog
from .db import Database
from .errors import ServerError
from .settings import ServerSettings


def run_command(settings: ServerSettings, args: argparse.Namespace) -> int:
    db = Database(settings.db_url)
    try:
        if not db.is_initialised():
            raise ServerError("server.not_initialised")
        handler = HANDLERS[(args.command, getattr(args, "action", None))]
        return handler(db, settings, args)
    finally:
        db.dispose()


def user_add(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    from .cli import _new_password

    with db.read() as conn:  # say so before asking for a password
        if accounts.get_user(conn, args.name) is not None:
            raise ServerError("server.user_exists", name=args.name)
    password = _new_password()
    with db.write() as conn:
        accounts.add_user(conn, args.name, args.role, args.team, password, args.full_name)
    print(f"user {args.name} added ({args.role}{', team ' + args.team if args.team else ''})")
    return 0


def user_disable(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    with db.write() as conn:
        accounts.set_disabled(conn, args.name, args.action == "disable")
    print(f"user {args.name} {args.action}d")
    return 0


def user_list(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .tables import users

    with db.read() as conn:
        for row in conn.execute(select(users).order_by(users.c.username)):
            state = "disabled" if row.disabled else "active"
            print(f"{row.username}\t{row.role}\t{row.team or '-'}\t{state}")
    return 0


def device_list(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    with db.read() as conn:
        for row in accounts.list_devices(conn):
            state = f"revoked {row.revoked_at}" if row.revoked_at else "active"
            print(f"{row.id}\t{row.username}\t{row.name}\t{row.created_at}\t{row.last_seen or '-'}\t{state}")
    return 0


def device_revoke(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    with db.write() as conn:
        accounts.revoke_device(conn, args.id)
    print(f"device {args.id} revoked")
    return 0


def forms_publish(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    try:
        definition = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ServerError("server.bad_form", detail=f"not JSON (line {exc.lineno})") from None
    with db.write() as conn:
        form_id, version = catalog.publish_form(conn, definition)
    print(f"published {form_id} version {version}")
    return 0


def forms_list(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    with db.read() as conn:
        for form in catalog.list_forms(conn):
            print(f"{form['form_id']}\t{form['version']}")
    return 0


def assignments_import(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    from .assignments import import_csv

    report = import_csv(db, Path(args.file), team=args.team)
    print(f"imported {report.imported}, duplicates {len(report.duplicates)}")
    for line, reason in report.duplicates[:50]:
        print(f"  line {line}: duplicate ({reason})")
    if len(report.duplicates) > 50:
        print(f"  ... and {len(report.duplicates) - 50} more")
    return 0


def export(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    from .exports import export_cases

    count = export_cases(db, Path(args.output), args.format, args.status)
    print(f"exported {count} cases to {args.output}")
    return 0


def stats(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    from .stats import compute_stats

    with db.read() as conn:
        result = compute_stats(conn)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"total\t{result['total']['count']}\t{result['total']['amount'] / 100:.2f}")
    for group in ("by_status", "by_category", "by_researcher", "by_month"):
        print(f"\n{group.replace('_', ' ')}")
        for key, value in result[group].items():
            print(f"  {key or '-'}\t{value['count']}\t{value['amount'] / 100:.2f}")
    return 0


def import_bundle(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    from .bundles import import_bundle_file

    out, summary = import_bundle_file(db, settings, Path(args.file), Path(args.output) if args.output else None)
    print(f"applied {summary['applied']}, conflicts {summary['conflict']}, rejected {summary['rejected']}, "
          f"returned {summary['changes']} changes; return bundle: {out}")
    return 0


def demo(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    import sys
    import time

    from .blobs import BlobStore
    from .cli import _new_password
    from .demo import add_demo_users, check_no_cases, seed_demo

    if not 0 <= args.households <= 1_000_000:
        raise ServerError("cli.bad_argument", detail=f"--households {args.households}")
    check_no_cases(db)  # before asking for a password
    start = time.perf_counter()
    added = add_demo_users(db, _new_password())
    statuses = seed_demo(db, BlobStore(settings.attachments_dir), args.households, seed=args.seed,
                         progress=lambda n: print(f"  {n} households…", file=sys.stderr))
    counts = ", ".join(f"{name} {count}" for name, count in sorted(statuses.items()))
    users = f"users added: {', '.join(added)}; " if added else ""
    print(f"demo head office: {users}{args.households} households ({counts}) "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


def settings_show(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    with db.read() as conn:
        print(json.dumps(catalog.server_settings(conn), ensure_ascii=False, indent=1))
    return 0


def settings_set(db: Database, settings: ServerSettings, args: argparse.Namespace) -> int:
    value: object = args.value
    if args.key == "answer_deadline_days":
        if not args.value.isdigit():
            raise ServerError("cli.bad_argument", detail="answer_deadline_days must be a whole number")
        value = int(args.value)
    with db.write() as conn:
        catalog.update_settings(conn, {args.key: value})
    print(f"{args.key} = {value}")
    return 0


HANDLERS = {
    ("user", "add"): user_add, ("user", "disable"): user_disable, ("user", "enable"): user_disable,
    ("user", "list"): user_list, ("device", "list"): device_list, ("device", "revoke"): device_revoke,
    ("forms", "publish"): forms_publish, ("forms", "list"): forms_list,
    ("assignments", "import"): assignments_import, ("export", None): export, ("stats", None): stats,
    ("import-bundle", None): import_bundle, ("demo", None): demo,
    ("settings", "show"): settings_show, ("settings", "set"): settings_set,
}
