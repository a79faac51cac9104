"""poppler helpers for the report tests: text (NFKC, bidi marks removed), fonts, page count, PNG pages."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes) -> str:
    """What a reader (or a screen reader) gets out of the PDF, in logical order, presentation forms folded."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text = unicodedata.normalize("NFKC", out.decode("utf-8"))
    return BIDI_MARKS.sub("", text)


def flat(text: str) -> str:
    """Whitespace collapsed, so a phrase split over lines or cells still matches."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """All whitespace removed: poppler rebuilds mixed right-to-left lines with spaces moved around numbers."""
    return "".join(text.split())


def pdf_fonts(pdf: bytes, tmp: Path) -> list[dict[str, str]]:
    path = tmp / "fonts.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout.splitlines()
    fonts = []
    for line in lines[2:]:
        parts = line.split()
        # name type... encoding emb sub uni id gen: the flags are the 5th-3rd from the end
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def first_page_png(pdf: bytes, target: Path, dpi: int = 80) -> Path:
    """Render page 1 to target (a .png path) with pdftoppm."""
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-", str(stem)],
                   input=pdf, check=True)
    return target


def words_with_positions(pdf: bytes, page: int = 1) -> list[tuple[str, float, float, float]]:
    """(word in logical order, xMin, xMax, yMin) of each word poppler finds on a page.

    Words are drawn in visual order, so an Arabic word comes back reversed: it is turned around (and its
    presentation forms folded) to compare it with ordinary text.
    """
    import html

    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    found = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', out):
        word = html.unescape(m.group(4))
        if re.search("[\u0600-\u06ff\ufb50-\ufefc]", word):
            word = word[::-1]
        found.append((unicodedata.normalize("NFKC", word), float(m.group(1)), float(m.group(3)), float(m.group(2))))
    return found
