"""Entry points: `fieldapp` (the desktop app and its headless sub-commands) and `fieldapp-server`.

Sub-commands live in fieldapp/commands/<name>.py, each with `HELP`, `add_arguments(parser)` and
`run(args) -> int`; they are imported only when used so `fieldapp --help` stays fast and the desktop
bundle never imports server code. Errors reach the user as one line in their language, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .domain.errors import FieldappError, user_language

COMMANDS: dict[str, str] = {
    "demo": "fieldapp.commands.demo",
    "export": "fieldapp.commands.export",
    "passwd": "fieldapp.commands.passwd",
    "enroll": "fieldapp.commands.enroll",
    "sync": "fieldapp.commands.sync",
    "report": "fieldapp.commands.report",
    "form": "fieldapp.commands.form",
}

HELP = {
    "demo": "create a new profile filled with realistic demo data",
    "export": "decrypted export of everything in a profile",
    "passwd": "change the vault password",
    "enroll": "register this device with head office",
    "sync": "one full sync, over the network or by an encrypted file",
    "report": "write a PDF report",
    "form": "check or evaluate a form definition",
}


def fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def guarded(action: Callable[[], int]) -> int:
    """Run a command; turn expected failures into one translated line and a non-zero exit."""
    lang = user_language()
    try:
        return action()
    except FieldappError as exc:
        return fail(exc.message(lang))
    except KeyboardInterrupt:
        return fail(FieldappError("cli.interrupted").message(lang), 130)
    except OSError as exc:
        return fail(FieldappError("io.cannot_write" if exc.errno in (13, 28, 30) else "io.cannot_read",
                                  path=exc.filename or "").message(lang))


def _sub_parser(name: str) -> argparse.ArgumentParser:
    module = importlib.import_module(COMMANDS[name])
    parser = argparse.ArgumentParser(prog=f"fieldapp {name}", description=getattr(module, "HELP", HELP[name]))
    module.add_arguments(parser)
    parser.set_defaults(_run=module.run)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:<8} {text}" for name, text in HELP.items())
    parser = argparse.ArgumentParser(
        prog="fieldapp", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Household assessments, offline first.",
        epilog=f"sub-commands (fieldapp NAME --help):\n{lines}")
    parser.add_argument("--profile", metavar="DIR", help="profile folder (default: the platform data dir)")
    parser.add_argument("--smoke", action="store_true", help="start offscreen on a throwaway vault and exit")
    parser.add_argument("--lang", choices=["ar", "en"], help="interface language for this run")
    parser.add_argument("--version", action="version", version=f"fieldapp {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in COMMANDS:
        name = args_list.pop(0)
        args = _sub_parser(name).parse_args(args_list)
        return guarded(lambda: int(args._run(args) or 0))
    args = _app_parser().parse_args(args_list)

    def start() -> int:
        from .ui.app import run_app  # imported late: only the desktop app needs Qt
        return run_app(profile=args.profile, smoke=args.smoke, lang=args.lang)

    return guarded(start)


def server_main(argv: Sequence[str] | None = None) -> int:
    try:
        from .server.cli import main as server_cli
    except ImportError as exc:
        return fail(f"fieldapp-server needs the server extra: pip install 'fieldapp[server]' ({exc.name})")
    return guarded(lambda: int(server_cli(list(sys.argv[1:] if argv is None else argv)) or 0))


if __name__ == "__main__":
    raise SystemExit(main())
