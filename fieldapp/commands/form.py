"""`fieldapp form check FILE.json` and `fieldapp form eval FILE.json ANSWERS.json`: tools for form writers.

check: every problem with its path, one a line, exit 1 when there is any (0 and a summary otherwise).
eval:  relevance, missing answers, failed checks and computed values as JSON on stdout (exit 0 whether or
       not the answers are complete: see "valid"); a form with problems is not evaluated (exit 1).
       ANSWERS.json is the answers object, or an assessment with an "answers" key.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import FieldappError, FormError, user_language

HELP = "check or evaluate a form definition"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="check|eval")
    check = sub.add_parser("check", help="list every problem of a form definition with its path")
    check.add_argument("file", metavar="FILE.json")
    check.add_argument("--lang", choices=["ar", "en"], default=None, help="language of the messages")
    ev = sub.add_parser("eval", help="evaluate answers against a form and print the result as JSON")
    ev.add_argument("file", metavar="FILE.json")
    ev.add_argument("answers", metavar="ANSWERS.json")
    ev.add_argument("--lang", choices=["ar", "en"], default=None, help="language of the messages")


def _problems(path: str) -> tuple[list[Any], Any]:
    from ..domain.forms import check_definition
    from ..domain.forms.loading import eligibility_rules, read_json

    raw = read_json(path)
    if not isinstance(raw, dict):
        raise FormError("form.invalid", count=1, first="the file is not a JSON object")
    rules = eligibility_rules(raw.get("eligibility"), Path(path).parent)
    return check_definition(raw, rules=rules), raw


def line(p: Any, lang: str) -> str:
    """"sections[2].fields[0].fields[1].constraint (members/relation): message" — where, which field, what."""
    where = f"{p.path} ({p.field})" if p.field else p.path
    return f"{where}: {p.text(lang)}"


def run_check(args: argparse.Namespace) -> int:
    lang = args.lang or user_language()
    problems, _ = _problems(args.file)
    for p in problems:
        print(line(p, lang))
    if problems:
        return 1
    from ..domain.forms import load_form

    form = load_form(args.file)
    print(f"OK {form.form_id} v{form.version}: {len(form.sections)} sections, {len(form.fields)} fields")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from ..domain.forms import evaluate, load_form
    from ..domain.forms.loading import read_json

    lang = args.lang or user_language()
    problems, _ = _problems(args.file)
    if problems:
        for p in problems:
            print(line(p, lang), file=sys.stderr)
        return 1
    answers = read_json(args.answers)
    if isinstance(answers, dict) and isinstance(answers.get("answers"), dict):
        answers = answers["answers"]
    if not isinstance(answers, dict):
        raise FormError("form.bad_json", path=args.answers, line=1)
    result = evaluate(load_form(args.file), answers, lang=lang).to_dict()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    print()
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return run_check(args) if args.action == "check" else run_eval(args)
    except FieldappError:
        raise
    except RecursionError:   # a pathological file: still one line, never a traceback
        raise FormError("form.invalid", count=1, first="nested too deeply") from None
