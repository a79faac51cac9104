"""The dependency rule of DESIGN.md, checked on the source: arrows point down only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fieldapp"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package_parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level]
                if path.name == "__init__.py":
                    base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join(base + ((node.module,) if node.module else ()))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules_under(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


def test_imports_are_resolved() -> None:
    assert "fieldapp.domain.errors" in imports_of(PACKAGE / "domain" / "workflow.py")


FORBIDDEN_IN_DOMAIN = ("PySide6", "shiboken6", "sqlite3", "sqlite_utils", "sqlalchemy", "requests", "httpx",
                       "fastapi", "urllib.request", "http.client", "psycopg", "uvicorn", "fieldapp.store",
                       "fieldapp.sync", "fieldapp.server", "fieldapp.ui", "fieldapp.reports")


@pytest.mark.parametrize("path", modules_under("domain"), ids=lambda p: p.name)
def test_domain_imports_nothing_of_qt_sql_http(path: Path) -> None:
    bad = {m for m in imports_of(path) for f in FORBIDDEN_IN_DOMAIN if m == f or m.startswith(f + ".")}
    assert not bad, f"{path} imports {bad}"


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "ui") in path.parents:
            continue
        if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imports_of(path)):
            offenders.append(str(path))
    assert not offenders


def test_ui_imports_qt_only_through_qt_module() -> None:
    offenders = []
    for path in modules_under("ui"):
        if path.name == "qt.py" and path.parent == PACKAGE / "ui":
            continue
        if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imports_of(path)):
            offenders.append(str(path))
    assert not offenders


def test_server_never_imports_ui_or_store() -> None:
    offenders = []
    for path in modules_under("server"):
        for module in imports_of(path):
            if module.startswith(("fieldapp.ui", "fieldapp.store", "fieldapp.reports", "PySide6")):
                offenders.append(f"{path}: {module}")
            if module.startswith("fieldapp.sync") and not module.startswith("fieldapp.sync.protocol"):
                offenders.append(f"{path}: {module}")
    assert not offenders


@pytest.mark.parametrize("sub", ["store", "sync", "reports"])
def test_lower_layers_do_not_import_ui_or_server(sub: str) -> None:
    offenders = [f"{p}: {m}" for p in modules_under(sub) for m in imports_of(p)
                 if m.startswith(("fieldapp.ui", "fieldapp.server", "PySide6", "fastapi", "sqlalchemy"))]
    assert not offenders
