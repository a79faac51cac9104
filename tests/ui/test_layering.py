"""Qt through one door: inside fieldapp/ui only qt.py imports PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "fieldapp" / "ui"


def test_only_qt_py_imports_pyside6() -> None:
    offenders = []
    for path in UI.rglob("*.py"):
        if path.name == "qt.py" and path.parent == UI:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names):
                offenders.append(str(path.relative_to(UI)))
    assert offenders == []
