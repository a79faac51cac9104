"""The rules deciding what goes into the desktop bundle (scripts/bundle_rules.py), checked without a build,
and the profile backup/restore procedure docs/INSTALL.md gives head office."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fieldapp

ROOT = Path(__file__).resolve().parents[2]


def _load_rules() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_rules", ROOT / "scripts" / "bundle_rules.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load_rules()


def test_version_comes_from_the_package() -> None:
    assert rules.version() == fieldapp.__version__


def test_qt_modules_the_ui_imports_are_never_excluded() -> None:
    used = rules.qt_modules_used(sorted((ROOT / "fieldapp").rglob("*.py")))
    assert "QtWidgets" in used
    available = ["QtCore", "QtGui", "QtWidgets", "QtTest", "QtQml", "QtQuick", "QtSql"]
    excluded = rules.qt_excludes(available, used)
    assert not {f"PySide6.{m}" for m in used} & set(excluded)
    for heavy in ("QtQml", "QtQuick"):
        if heavy not in used:
            assert f"PySide6.{heavy}" in excluded


def test_every_dynamically_imported_module_is_listed_and_no_server_module() -> None:
    from fieldapp.cli import COMMANDS

    modules = rules.app_modules()
    on_disk = {name for name in COMMANDS.values() if (ROOT / (name.replace(".", "/") + ".py")).exists()}
    assert on_disk and on_disk <= set(modules)
    assert {"fieldapp", "fieldapp.cli", "fieldapp.ui.app", "fieldapp.reports"} <= set(modules)
    assert not [m for m in modules if m.startswith("fieldapp.server")]


def test_server_and_test_tools_are_excluded() -> None:
    for name in ("fieldapp.server", "fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg", "xlsxwriter",
                 "schemathesis", "hypothesis", "pytest"):
        assert name in rules.EXCLUDED_PACKAGES


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so", False),
    ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("cryptography/hazmat/bindings/_rust.abi3.so", True),
])
def test_plugin_selection(dest: str, kept: bool) -> None:
    assert rules.keep_plugin(dest) is kept


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/translations/qtbase_ar.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qt_help_fr.qm", False),
    ("resources/i18n/fieldapp_ar.qm", True),
    ("reportlab/fonts/Vera.ttf", True),
])
def test_translation_selection(dest: str, kept: bool) -> None:
    assert rules.keep_data(dest) is kept


def test_libraries_only_dropped_plugins_needed_go_with_them() -> None:
    entries = [
        ("PySide6/QtWidgets.abi3.so", "/s/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/s/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "/s/libQt6Qml.so.6", "BINARY"),
        ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),
        ("libpython3.11.so.1.0", "/s/libpython3.11.so.1.0", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "SYMLINK"),
    ]
    needs = {"/s/QtWidgets.abi3.so": ["libQt6Widgets.so.6"], "/s/libQt6Widgets.so.6": ["libQt6Core.so.6", "libc.so.6"]}
    kept = {dest for dest, _, _ in rules.prune_unreached(entries, lambda src: needs.get(src, []))}
    assert kept == {"PySide6/QtWidgets.abi3.so", "PySide6/Qt/lib/libQt6Widgets.so.6",
                    "PySide6/Qt/lib/libQt6Core.so.6", "libpython3.11.so.1.0", "libQt6Core.so.6"}


@given(st.dictionaries(st.integers(0, 11), st.lists(st.integers(0, 11), max_size=4)),
       st.sets(st.integers(0, 11), min_size=1))
def test_pruning_keeps_exactly_what_roots_reach(graph: dict[int, list[int]], roots: set[int]) -> None:
    """Nodes are libraries lib<n>.so.1; roots are extension modules. Kept = reachable, closed under needs."""
    def dest(n: int) -> str:
        return f"mod{n}.abi3.so" if n in roots else f"libx{n}.so.1"

    entries = [(dest(n), f"/src/{dest(n)}", "EXTENSION" if n in roots else "BINARY") for n in range(12)]
    needs = {f"/src/{dest(n)}": [dest(m) for m in graph.get(n, []) if m not in roots] for n in range(12)}
    kept = {d for d, _, _ in rules.prune_unreached(entries, lambda src: needs[src])}
    reach, todo = set(roots), list(roots)
    while todo:
        for m in graph.get(todo.pop(), []):
            if m not in reach:
                reach.add(m)
                todo.append(m)
    assert kept == {dest(n) for n in reach}


def test_app_resources_are_listed_for_the_bundle() -> None:
    datas = rules.app_datas()
    folders = {folder for _, folder in datas}
    assert all(folder.startswith("resources") for folder in folders)
    names = {Path(src).name for src, _ in datas}
    assert "fieldapp.png" in names
    for form in (ROOT / "resources" / "forms").glob("*.json"):
        assert form.name in names
    problems = rules.check_resources([(s, f) for s, f in datas if not s.endswith(".ttf")])
    assert any("Amiri" in p for p in problems)  # a bundle without its fonts is refused


def test_fonts_fall_back_to_the_system_package_and_translations_must_be_compiled(tmp_path: Path) -> None:
    root = tmp_path / "clone"
    (root / "resources" / "icons").mkdir(parents=True)
    (root / "resources" / "icons" / "fieldapp.png").write_bytes(b"\x89PNG")
    (root / "resources" / "i18n").mkdir()
    (root / "resources" / "i18n" / "fieldapp_ar.ts").write_text("<TS/>")
    system = tmp_path / "system-fonts"
    system.mkdir()
    assert any("Amiri-Regular" in p for p in rules.check_resources(rules.app_datas(root, [system]), root))
    for name in rules.AMIRI_FONTS:
        (system / name).write_bytes(b"font")
    datas = rules.app_datas(root, [system])
    assert (str(system / "Amiri-Bold.ttf"), "resources/fonts") in datas
    assert rules.check_resources(datas, root) == ["fieldapp_ar.qm not compiled (run scripts/setup.sh)"]
    (root / "resources" / "i18n" / "fieldapp_ar.qm").write_bytes(b"qm")
    datas = rules.app_datas(root, [system])
    assert ("resources/i18n" in {folder for _, folder in datas}) and rules.check_resources(datas, root) == []


def test_icon_is_a_png() -> None:
    data = (ROOT / "resources" / "icons" / "fieldapp.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == height >= 128



def test_documented_backup_and_restore_brings_back_every_record(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/INSTALL.md: tar the closed profile folder, restore it in place or elsewhere, same password."""
    import json
    import tarfile

    from fieldapp.cli import main

    monkeypatch.setenv("FIELDAPP_PASSWORD", "backup-test-password-1")
    profile = tmp_path / "profiles" / "default"
    assert main(["demo", str(profile), "--households", "4"]) == 0

    def export(folder: Path, name: str) -> dict:
        out = tmp_path / name
        assert main(["export", str(folder), "--format", "json", "-o", str(out)]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        data.pop("exported_at", None)
        return data

    before = export(profile, "before.json")
    assert before["households"]
    backup = tmp_path / "fieldapp-profile.tar.gz"
    with tarfile.open(backup, "w:gz") as tar:
        tar.add(profile, arcname="default")
    moved = profile.with_name("default.before-restore")
    profile.rename(moved)
    with tarfile.open(backup) as tar:
        tar.extractall(profile.parent, filter="data")
    assert export(profile, "restored.json") == before
    elsewhere = tmp_path / "look"
    with tarfile.open(backup) as tar:
        tar.extractall(elsewhere, filter="data")
    assert export(elsewhere / "default", "elsewhere.json") == before


def test_installed_qt_modules_on_linux_and_windows_layouts(tmp_path: Path) -> None:
    for name in ("QtCore.abi3.so", "QtQml.abi3.so", "QtCore.pyi", "QtGui.pyd", "libpyside6.abi3.so.6"):
        (tmp_path / name).write_bytes(b"")
    assert rules.installed_qt_modules(tmp_path) == ["QtCore", "QtGui", "QtQml"]
