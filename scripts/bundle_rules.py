"""What goes into the desktop bundle, decided in plain functions so tests can check them without a build.

build_installer.spec imports this module. The bundle is the desktop app only: no server stack, no test
tools, only the Qt modules fieldapp/ui/qt.py actually imports, only the Qt plugins a laptop needs
(X11/Wayland windows, offscreen for the smoke mode, input methods for Arabic keyboards, the usual image
formats for attachment thumbnails) and only the Arabic and English Qt translations.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

# Python packages the desktop app never needs (server extra, dev extra, and their dependencies).
EXCLUDED_PACKAGES = [
    "fieldapp.server", "fastapi", "starlette", "uvicorn", "pydantic", "pydantic_core", "sqlalchemy",
    "alembic", "mako", "psycopg", "psycopg_binary", "xlsxwriter", "openpyxl", "et_xmlfile",
    "schemathesis", "hypothesis", "hypothesis_graphql", "graphql", "pytest", "_pytest", "pytestqt",
    "pytest_timeout", "pluggy_pytest", "httpx", "httpcore", "anyio", "h11", "werkzeug", "harfile",
    "pyrate_limiter", "jsonschema_rs", "rich", "pygments", "markdown_it", "yaml", "ruff", "PyInstaller",
    "tkinter", "_tkinter", "IPython", "numpy", "pip", "setuptools", "pkg_resources", "distutils",
    "lib2to3", "pydoc_data", "unittest",
    # Pillow is there for report thumbnails (JPEG/PNG); AVIF's codec alone weighs 5 MB, Tk is never used
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._imagingtk", "PIL.ImageTk",
]

# Qt plugins kept, by plugin folder; a folder missing here is dropped whole.
KEPT_PLUGINS: dict[str, set[str] | None] = {  # None: every plugin of the folder
    "platforms": {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"},
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so"},
    "platformthemes": {"libqxdgdesktopportal.so"},
    "imageformats": {"libqgif.so", "libqico.so", "libqjpeg.so", "libqsvg.so", "libqwebp.so", "libqtiff.so"},
    "iconengines": None,
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
}
KEPT_TRANSLATION = re.compile(r"_(ar|en)\.qm$")
AMIRI_FONTS = ("Amiri-Regular.ttf", "Amiri-Bold.ttf")
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts/truetype/fonts-hosny-amiri"), Path("/usr/share/fonts/opentype/fonts-hosny-amiri"))
AMIRI_LICENSE = Path("/usr/share/doc/fonts-hosny-amiri/copyright")
QT_IMPORT = re.compile(r"\bPySide6\.(Qt\w+)")


def version() -> str:
    """fieldapp.__version__, read from the source so the spec does not import the package."""
    text = (ROOT / "fieldapp" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise RuntimeError("fieldapp/__init__.py has no __version__")
    return match.group(1)


def qt_modules_used(sources: Iterable[Path]) -> set[str]:
    """Qt modules named anywhere in the app's sources (in practice: fieldapp/ui/qt.py, the one door)."""
    used: set[str] = set()
    for path in sources:
        used.update(QT_IMPORT.findall(path.read_text(encoding="utf-8")))
    return used


def qt_excludes(available: Iterable[str], used: set[str]) -> list[str]:
    """PySide6 modules to exclude: every installed one the app does not import (QtCore/QtGui/QtWidgets stay)."""
    keep = used | {"QtCore", "QtGui", "QtWidgets"}
    return sorted(f"PySide6.{name}" for name in available if name not in keep)


def installed_qt_modules(pyside_dir: Path) -> list[str]:
    """Qt extension modules of the installed PySide6 (QtCore.abi3.so on Linux/macOS, QtCore.pyd on Windows)."""
    return sorted({p.name.split(".", 1)[0] for p in pyside_dir.glob("Qt*.*") if p.suffix in (".so", ".pyd")})


def app_modules(root: Path = ROOT) -> list[str]:
    """Every module of the fieldapp package but the server, named from the source tree.

    fieldapp/cli.py imports sub-commands by name and the UI and reports late, so the bundle lists them all
    as hidden imports. Walking the files (instead of importing the package) names the clone being built,
    whatever the venv's editable install points at.
    """
    names = []
    for path in sorted((root / "fieldapp").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if not (name == "fieldapp.server" or name.startswith("fieldapp.server.")) and "__pycache__" not in parts:
            names.append(name)
    return names


def keep_plugin(dest: str) -> bool:
    """`dest` is a bundle path; only files under .../Qt/plugins/<kind>/ are judged here."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" not in parts:
        return True
    i = parts.index("plugins")
    if i == 0 or parts[i - 1] != "Qt" or len(parts) < i + 3:
        return True
    kind, name = parts[i + 1], parts[-1]
    if kind not in KEPT_PLUGINS:
        return False
    allowed = KEPT_PLUGINS[kind]
    return allowed is None or name in allowed


def keep_data(dest: str) -> bool:
    path = dest.replace("\\", "/")
    if "/Qt/translations/" in path:
        return bool(KEPT_TRANSLATION.search(path))
    return "/Qt/qml/" not in path and "/Qt/metatypes/" not in path


LIBRARY = re.compile(r"^lib.+\.so(\.[0-9.]+)?$")


def is_library(dest: str, kind: str) -> bool:
    """A shared library collected as a dependency (not a Python extension, a Qt plugin or libpython)."""
    path = PurePosixPath(dest.replace("\\", "/"))
    return (kind == "BINARY" and bool(LIBRARY.match(path.name)) and "plugins" not in path.parts
            and not path.name.startswith("libpython"))


def prune_unreached(entries: list[tuple[str, str, str]],
                    imports_of: Callable[[str], Iterable[str]]) -> list[tuple[str, str, str]]:
    """Drop shared libraries that no kept binary links against, directly or through another library.

    `entries` are PyInstaller TOC tuples (dest, source, kind); `imports_of(source)` gives the file names
    (sonames) a binary needs. Roots are the Python extension modules, the Qt plugins we keep and libpython;
    libraries that only dropped plugins needed (QML, EGLFS, GTK and its cairo/pango stack ...) disappear,
    and so do the top-level symlinks that pointed at them.
    """
    libs = {PurePosixPath(dest).name: src for dest, src, kind in entries if is_library(dest, kind)}
    reached: set[str] = set()
    todo = [src for dest, src, kind in entries if kind != "SYMLINK" and not is_library(dest, kind)]
    while todo:
        for name in imports_of(todo.pop()):
            if name in libs and name not in reached:
                reached.add(name)
                todo.append(libs[name])
    kept = [e for e in entries if e[2] == "SYMLINK" or not is_library(e[0], e[2])
            or PurePosixPath(e[0]).name in reached]
    kept_dests = {posixpath.normpath(dest) for dest, _, kind in kept if kind != "SYMLINK"}
    return [e for e in kept if e[2] != "SYMLINK"
            or posixpath.normpath(posixpath.join(posixpath.dirname(e[0]), e[1])) in kept_dests]


def prune_toc(binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]],
              imports_of: Callable[[str], Iterable[str]]) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """prune_unreached over Analysis.binaries plus the SYMLINK entries PyInstaller files under Analysis.datas."""
    links = [e for e in datas if e[2] == "SYMLINK"]
    kept = prune_unreached(binaries + links, imports_of)
    return ([e for e in kept if e[2] != "SYMLINK"],
            [e for e in datas if e[2] != "SYMLINK"] + [e for e in kept if e[2] == "SYMLINK"])


def app_datas(root: Path = ROOT, system_fonts: Iterable[Path] = SYSTEM_FONT_DIRS) -> list[tuple[str, str]]:
    """(source, bundle folder) pairs of fieldapp's own resources: forms, translations, fonts, icons.

    The Amiri fonts come from resources/fonts (copied there by scripts/setup.sh) or else straight from the
    system package, so a build never ships without them when the package is installed.
    """
    res = root / "resources"
    pairs: list[tuple[str, str]] = []
    for pattern in ("forms/**/*", "i18n/*.qm", "fonts/*.ttf", "fonts/*.txt", "icons/**/*"):
        for path in sorted(res.glob(pattern)):
            if path.is_file() and not path.name.startswith("."):
                pairs.append((str(path), str(PurePosixPath("resources") / path.parent.relative_to(res).as_posix())))
    have = {Path(src).name for src, _ in pairs}
    for name in AMIRI_FONTS:
        found = [folder / name for folder in system_fonts if (folder / name).is_file()]
        if name not in have and found:
            pairs.append((str(found[0]), "resources/fonts"))
    # The OFL asks that the licence travel with the fonts.
    if AMIRI_LICENSE.is_file():
        pairs.append((str(AMIRI_LICENSE), "resources/fonts/amiri-license"))
    return pairs


def check_resources(datas: list[tuple[str, str]], root: Path = ROOT) -> list[str]:
    """Problems that make a bundle useless (the spec refuses to build): fonts, icon, compiled translations."""
    names = {Path(src).name for src, _ in datas}
    problems = [f"{font} found neither in resources/fonts nor in fonts-hosny-amiri (run scripts/setup.sh)"
                for font in AMIRI_FONTS if font not in names]
    if "fieldapp.png" not in names:
        problems.append("resources/icons/fieldapp.png missing (run scripts/make_icon.py)")
    for ts in sorted((root / "resources" / "i18n").glob("*.ts")):
        if ts.with_suffix(".qm").name not in names:
            problems.append(f"{ts.with_suffix('.qm').name} not compiled (run scripts/setup.sh)")
    return problems
