"""Languages: Qt Linguist translations (ours and Qt's own qtbase), layout direction and the UI font.

All UI text goes through `tr(context, text)` with literal arguments, so scripts/../i18n_tool.py can find
every string and resources/i18n/fieldapp_ar.ts can be checked for completeness.
"""

from __future__ import annotations

from ..paths import amiri_font_paths, resource_path
from .qt import QApplication, QCoreApplication, QFont, QFontDatabase, QLibraryInfo, QLocale, Qt, QTranslator

_installed: list[QTranslator] = []
_fonts_loaded = False


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def apply_language(app: QApplication, lang: str) -> None:
    """Swap translators and the layout direction; widgets re-read texts on their LanguageChange event."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang == "ar":
        ours = QTranslator(app)
        if ours.load(str(resource_path("i18n", "fieldapp_ar.qm"))):
            _installed.append(ours)
        qt_own = QTranslator(app)
        if qt_own.load("qtbase_ar", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _installed.append(qt_own)
        for translator in _installed:
            app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Arabic if lang == "ar" else QLocale.Language.English,
                               QLocale.Country.SaudiArabia if lang == "ar" else QLocale.Country.UnitedKingdom))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight)


def install_fonts(app: QApplication) -> None:
    """A UI font that has Arabic glyphs everywhere, offscreen included: DejaVu Sans, then Amiri."""
    global _fonts_loaded
    if not _fonts_loaded:
        for path in amiri_font_paths().values():
            QFontDatabase.addApplicationFont(str(path))
        _fonts_loaded = True
    font = QFont(app.font())
    font.setFamilies(["DejaVu Sans", "Amiri", "Noto Sans Arabic"])
    font.setPointSize(10)
    app.setFont(font)
