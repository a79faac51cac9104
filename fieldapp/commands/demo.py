"""`fieldapp demo DIR --households N`: a new profile filled with realistic demo data."""

from __future__ import annotations

import argparse
import sys
import time

from ..domain.errors import FieldappError
from .common import read_password

HELP = "create a new profile filled with realistic demo data (password from FIELDAPP_PASSWORD or a prompt)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the new profile folder (must not hold a profile)")
    parser.add_argument("--households", type=int, default=200, help="how many households (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    parser.add_argument("--role", choices=["researcher", "supervisor"], default="researcher",
                        help="whose device: researcher 'amal' (default) or supervisor 'sara', team jeddah-1")


def run(args: argparse.Namespace) -> int:
    from ..demo import create_demo

    if args.households < 0 or args.households > 1_000_000:
        raise FieldappError("cli.bad_argument", detail=f"--households {args.households}")
    password = read_password("New vault password: ", confirm=True)
    start = time.perf_counter()
    statuses = create_demo(args.folder, password, args.households, seed=args.seed, role=args.role,
                           progress=lambda n: print(f"  {n} households…", file=sys.stderr))
    counts = ", ".join(f"{name} {count}" for name, count in sorted(statuses.items()))
    print(f"{args.households} households in {args.folder} ({counts}) in {time.perf_counter() - start:.1f} s")
    return 0
