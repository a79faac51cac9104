"""Keep resources/i18n/fieldapp_ar.ts in step with the code (what pyside6-lupdate does, for our `tr(C, "…")`
calls, which lupdate does not see because the context is a module constant).

    python -m fieldapp.ui.i18n_tool                 update the .ts: new strings unfinished, gone ones obsolete
    python -m fieldapp.ui.i18n_tool --fill F.json   also take translations from {"source": "arabic"}
    python -m fieldapp.ui.i18n_tool --check         exit 1 if a string is untranslated
Then scripts/setup.sh builds the .qm with pyside6-lrelease.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ..paths import resource_path

UI_DIR = Path(__file__).resolve().parent
TS_FILE = resource_path("i18n", "fieldapp_ar.ts")


def extract(root: Path = UI_DIR) -> dict[str, list[str]]:
    """{context: [source texts in order]} from every `tr(CONTEXT, "text")` call under fieldapp/ui."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)
                     and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and len(node.args) == 2):
                continue
            ctx_node, text_node = node.args
            if isinstance(ctx_node, ast.Constant):
                context = ctx_node.value
            elif isinstance(ctx_node, ast.Name) and ctx_node.id in constants:
                context = constants[ctx_node.id]
            else:
                continue
            if isinstance(text_node, ast.Constant) and isinstance(text_node.value, str):
                texts = found.setdefault(str(context), [])
                if text_node.value not in texts:
                    texts.append(text_node.value)
    return found


def read_ts(path: Path = TS_FILE) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    result = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and translation.get("type") not in ("obsolete",):
                result[(name, message.findtext("source") or "")] = translation.text
    return result


def write_ts(strings: dict[str, list[str]], translations: dict[tuple[str, str], str], path: Path = TS_FILE) -> int:
    """Write the .ts; returns how many strings lack a translation."""
    root = ET.Element("TS", version="2.1", language="ar_SA", sourcelanguage="en")
    missing = 0
    for context in sorted(strings):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source in strings[context]:
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            text = translations.get((context, source), "")
            translation = ET.SubElement(message, "translation")
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fill", help="JSON {source: translation} to merge")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if anything is untranslated")
    args = parser.parse_args(argv)
    strings = extract()
    translations = read_ts()
    if args.check:
        missing = [(c, s) for c, texts in strings.items() for s in texts if not translations.get((c, s))]
        for context, source in missing:
            print(f"untranslated: [{context}] {source}")
        return 1 if missing else 0
    if args.fill:
        extra = json.loads(Path(args.fill).read_text(encoding="utf-8"))
        for context, texts in strings.items():
            for source in texts:
                if source in extra and not translations.get((context, source)):
                    translations[(context, source)] = extra[source]
    missing = write_ts(strings, translations)
    print(f"{sum(len(t) for t in strings.values())} strings, {missing} untranslated → {TS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
