"""`fieldapp sync DIR [--to-file F | --from-file F] [--verbose]`: one full sync, headless.

Over the network: the engine of fieldapp.sync.engine with a progress bar on stderr when it is a terminal
(`--verbose` prints one line per step instead, for logs and scripts) and a summary line on stdout.
By USB stick: `--to-file` writes the pending changes sealed to head office; `--from-file` applies the
return bundle. Failures end with one clear line and a non-zero exit; the vault stays consistent.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from ..domain.errors import SyncError
from ..sync.engine import SyncEngine, SyncProgress
from ..sync.protocol import DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT
from .common import profile_dir, read_password

HELP = "one full sync, over the network or by an encrypted file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", help="profile folder (default: the platform data dir)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--to-file", metavar="F", help="write pending changes to a bundle for head office")
    group.add_argument("--from-file", metavar="F", help="apply a return bundle from head office")
    parser.add_argument("--verbose", action="store_true", help="one line per step on stderr")
    parser.add_argument("--page-size", type=int, default=None, metavar="N",
                        help=f"changes per pull request (1-{MAX_PULL_LIMIT}; default {MAX_PULL_LIMIT} while "
                             f"catching up, else {DEFAULT_PULL_LIMIT})")


class ProgressPrinter:
    """A one-line bar on a terminal, or a line per phase step with --verbose."""

    def __init__(self, stream=sys.stderr, *, verbose: bool = False) -> None:  # noqa: ANN001
        self.stream = stream
        self.verbose = verbose
        self.bar = not verbose and stream.isatty()

    def __call__(self, p: SyncProgress) -> None:
        if self.verbose:
            print(f"{p.phase} {p.done}/{p.total if p.total is not None else '?'} "
                  f"sent={p.bytes_sent} received={p.bytes_received}", file=self.stream, flush=True)
        elif self.bar:
            width = 30
            filled = int(width * p.done / p.total) if p.total else 0
            bar = "#" * filled + "-" * (width - filled)
            count = f"{p.done}/{p.total}" if p.total is not None else str(p.done)
            self.stream.write(f"\r{p.phase:<8} [{bar}] {count:<15} {p.bytes_sent // 1024} KiB up "
                              f"{p.bytes_received // 1024} KiB down")
            self.stream.flush()

    def finish(self) -> None:
        if self.bar:
            self.stream.write("\n")
            self.stream.flush()


def _first_interrupt_cancels(cancel: threading.Event) -> Callable[[int, FrameType | None], None]:
    """Ctrl-C once: stop at the next safe point (the summary says what is left); twice: stop now."""
    def handler(signum: int, frame: FrameType | None) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
    return handler


def run(args: argparse.Namespace) -> int:
    from ..store import Vault

    folder = profile_dir(args.dir)
    if args.page_size is not None and not 1 <= args.page_size <= MAX_PULL_LIMIT:
        raise SyncError("cli.bad_argument", detail=f"--page-size {args.page_size}")
    with Vault.open(folder, read_password("Vault password: ")) as vault:
        if args.to_file:
            from ..sync.usb import write_push_bundle

            counts = write_push_bundle(vault, args.to_file)
            print(f"bundle written: {counts['ops']} changes, {counts['attachments']} attachments, "
                  f"{counts['bytes']} bytes")
            return 0
        if args.from_file:
            from ..sync.usb import apply_return_bundle

            counts = apply_return_bundle(vault, args.from_file)
            print(f"bundle applied: {counts['results']} results, {counts['changes']} changes, "
                  f"{counts['attachments']} attachments")
            return 0
        printer = ProgressPrinter(verbose=args.verbose)
        cancel = threading.Event()
        engine = SyncEngine(vault, on_progress=printer, cancel=cancel, pull_limit=args.page_size)
        previous = signal.signal(signal.SIGINT, _first_interrupt_cancels(cancel))
        try:
            summary = engine.run()
        finally:
            signal.signal(signal.SIGINT, previous)
            printer.finish()
        print(summary.line())
        return 0 if not summary.cancelled else 1
