"""Arabic and English text for reportlab: fonts, wrapping by measured width, then shaping and reordering.

reportlab draws glyphs left to right exactly as given and does no Arabic shaping (we never install its
optional HarfBuzz extra). So every piece of text goes through the same steps:

1. wrap the *logical* text into lines by measured width (the width of the shaped word, since shaping
   changes glyph widths; spaces break Arabic joining, so a line's width is the sum of its words);
2. for each line: arabic_reshaper picks the contextual forms (initial, medial, final, lam-alef),
   then the Unicode bidi algorithm (python-bidi, see `bidi_levels`) reorders it for display, with the
   paragraph direction of the report (right to left for Arabic), so mixed Arabic, English and numbers
   come out in reading order.

Wrapping after reordering would put the end of a sentence on the first line; hence this order.
Amiri covers Arabic and Latin, so one font family serves both and no glyph is silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..domain.errors import FieldappError
from ..domain.messages import MESSAGES
from ..paths import amiri_font_paths

FONT = "Amiri"
FONT_BOLD = "Amiri-Bold"

MESSAGES.update({
    "report.no_font": {"ar": "خط أميري غير مثبت؛ ثبّت الحزمة fonts-hosny-amiri",
                       "en": "The Amiri font is missing; install the fonts-hosny-amiri package"},
})

_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Tokens with digits joined by separators (dates 2026-11-23, file numbers JED-2026-00012, phones
# +966-555-..., amounts 1,250.50, times 12:30). After Arabic letters the bidi algorithm makes digits "Arabic
# numbers" and a hyphen between them neutral, so 2026-11-23 would print as 23-11-2026. Each such token is
# held out as one private-use character (bidi class L) while the line is reordered, then put back whole.
_HELD_RUN = re.compile(r"\+?[A-Za-z0-9\u0660-\u0669]*[0-9\u0660-\u0669][A-Za-z0-9\u0660-\u0669]*"
                       r"(?:[-/.:,_\u2013\u066b\u066c][A-Za-z0-9\u0660-\u0669]+)+")
_PLACEHOLDER = 0xE000
_LATIN = re.compile("[A-Za-z]")
_NUMBER_MARK = re.compile(r"(?<=\d)[,.](?=\d)")  # thousands and decimal marks inside a number
_LEVEL = re.compile(r"Level\(\s*(\d+),\s*\)")


def register_fonts() -> None:
    """Register Amiri regular and bold with reportlab once per process."""
    # reportlab's C accelerator is not in the wheel, so its pure-Python ASCII85 encoding of every stream
    # (fonts, photos, pages) was a third of a report's time; binary streams are smaller and as valid.
    rl_config.useA85 = 0
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    paths = amiri_font_paths()
    if "regular" not in paths:
        raise FieldappError("report.no_font")
    pdfmetrics.registerFont(TTFont(FONT, str(paths["regular"])))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(paths.get("bold", paths["regular"]))))
    from reportlab.lib.fonts import addMapping

    for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT), (1, 1, FONT_BOLD)):
        addMapping(FONT, bold, italic, name)


def has_rtl(text: str) -> bool:
    return bool(_RTL_CHARS.search(text))


@lru_cache(maxsize=8192)
def shaped(word: str) -> str:
    """Contextual forms of a logical string (unchanged when it holds no Arabic)."""
    return arabic_reshaper.reshape(word) if has_rtl(word) else word


@lru_cache(maxsize=8192)
def visual(line: str, rtl: bool) -> str:
    """One line, shaped and reordered for drawing left to right. Call after wrapping, never before."""
    if not has_rtl(line):
        # A pure Latin/number line in an Arabic report is still one left-to-right run.
        return drawable(line)
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(0))
        return chr(_PLACEHOLDER + len(held) - 1)

    logical = _HELD_RUN.sub(hold, shaped(line))
    shown = _reorder(logical, bidi_levels(logical, rtl))
    if held:
        shown = "".join(held[ord(ch) - _PLACEHOLDER] if _PLACEHOLDER <= ord(ch) < _PLACEHOLDER + len(held)
                        else ch for ch in shown)
    return drawable(shown)


_FALLBACK = {"\u2190": "<", "\u2192": ">", "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " "}


def drawable(text: str) -> str:
    """Replace characters Amiri has no glyph for (reportlab would draw an empty box) by a near equivalent."""
    cmap = _font_cmap()
    if all(ord(ch) in cmap or ch == " " for ch in text):
        return text
    return "".join(ch if ord(ch) in cmap or ch == " " else _FALLBACK.get(ch, "?") for ch in text)


@lru_cache(maxsize=1)
def _font_cmap() -> frozenset[int]:
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph  # type: ignore[attr-defined]
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph  # type: ignore[attr-defined]
    return frozenset(regular) & frozenset(bold)


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character (Unicode bidi algorithm, unicode-bidi crate).

    python-bidi's fast implementation resolves paired brackets (rule N0) but does not mirror them, and
    its pure-Python one mirrors but gets brackets wrong; so we take the levels from the former and do the
    final reordering and mirroring (rules L2, L4) ourselves. The levels come per UTF-8 byte in its debug
    output.
    """
    debug = str(get_display(text, base_dir="R" if rtl else "L", debug=True))
    section = debug.split("\n    levels: [\n", 1)[1].split("\n    ],", 1)[0]
    per_byte = [int(n) for n in _LEVEL.findall(section)]
    levels: list[int] = []
    offset = 0
    for ch in text:
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _reorder(text: str, levels: list[int]) -> str:
    """Rules L4 and L2: mirror characters at odd levels, then reverse runs from the highest level down."""
    chars = [MIRRORED.get(ch, ch) if level % 2 else ch for ch, level in zip(text, levels, strict=True)]
    if not chars:
        return ""
    lowest_odd = min(level for level in levels if level % 2) if any(lv % 2 for lv in levels) else None
    top = max(levels)
    floor = lowest_odd if lowest_odd is not None else top + 1
    for level in range(top, floor - 1, -1):
        i = 0
        while i < len(chars):
            if levels[i] >= level:
                j = i
                while j < len(chars) and levels[j] >= level:
                    j += 1
                chars[i:j] = chars[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(chars)


def width(text: str, font: str = FONT, size: float = 10) -> float:
    """Drawn width of logical text, measured on its shaped form."""
    return pdfmetrics.stringWidth(shaped(text), font, size)


def wrap(text: str, max_width: float, font: str = FONT, size: float = 10) -> list[str]:
    """Greedy word wrap of logical text into logical lines no wider than max_width (newlines kept)."""
    lines: list[str] = []
    space = pdfmetrics.stringWidth(" ", font, size)
    for paragraph in str(text).split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        used = 0.0
        for word in words:
            w = width(word, font, size)
            if w > max_width:
                # A word wider than the column (a long number or URL): break it by characters.
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                pieces = _break_word(word, max_width, font, size)
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], width(pieces[-1], font, size)
                continue
            extra = w if not current else used + space + w
            if current and extra > max_width:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                current.append(word)
                used = extra
        if current:
            lines.append(" ".join(current))
    return lines


def _break_word(word: str, max_width: float, font: str, size: float) -> list[str]:
    pieces: list[str] = []
    start = 0
    for end in range(1, len(word) + 1):
        if width(word[start:end], font, size) > max_width and end - 1 > start:
            pieces.append(word[start:end - 1])
            start = end - 1
    pieces.append(word[start:])
    return pieces


def digits(text: str, style: str = "latin") -> str:
    """Latin digits, or Arabic-Indic digits when the user's setting asks for them."""
    if style != "arabic" or not any(ch.isdigit() for ch in text):
        return text
    # Tokens holding Latin letters (file numbers like JED-2026-00012, codes) keep their Latin digits.
    return " ".join(token if _LATIN.search(token) else
                    _NUMBER_MARK.sub(lambda m: "٬" if m.group(0) == "," else "٫", token).translate(_ARABIC_INDIC)
                    for token in text.split(" "))


def missing_glyphs(text: str) -> set[str]:
    """Characters of the shaped text the fonts cannot draw (reportlab would draw empty boxes)."""
    cmap = _font_cmap()
    return {ch for ch in shaped(text) if not ch.isspace() and ord(ch) not in cmap}


@dataclass(frozen=True)
class Lang:
    """The language of one report: its code, direction and digit style."""

    code: str = "ar"
    digit_style: str = "latin"

    @property
    def rtl(self) -> bool:
        return self.code == "ar"

    def pick(self, labels: dict[str, str]) -> str:
        return labels.get(self.code) or labels.get("en") or ""
