"""Where resources live, in a source checkout, an installed venv and a PyInstaller bundle alike."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder: beside the package in a checkout, inside _MEIPASS when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def amiri_font_paths() -> dict[str, Path]:
    """Amiri regular/bold: the copy made at setup or build, else the Debian package's files."""
    candidates = [resource_path("fonts"), Path("/usr/share/fonts/truetype/fonts-hosny-amiri"),
                  Path("/usr/share/fonts/opentype/fonts-hosny-amiri")]
    found: dict[str, Path] = {}
    for folder in candidates:
        for style, name in (("regular", "Amiri-Regular.ttf"), ("bold", "Amiri-Bold.ttf")):
            if style not in found and (folder / name).exists():
                found[style] = folder / name
    return found
