"""Keep None, True and False alive under PySide6 builds that take them for immortal.

PySide6 6.12.0 hands out None from every void method (`label.setText`, `QThreadPool.start`,
`processEvents` ...) and True from `Signal.emit()` without taking a reference, as if they were immortal,
which they are only from Python 3.12 on. On Python 3.11 each such call takes one reference away, and after
some thousands of calls the process aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"): a report
job's progress, the task runner after a few hundred tasks, or a long day of typing would end the app.

These three objects are never freed anyway, so on Python < 3.12 we give them the same headroom an
immortal object has. Imported by fieldapp.ui.qt, so it runs before any Qt call.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40   # far more calls than any session makes


def make_singletons_immortal() -> bool:
    if sys.version_info >= (3, 12) or not hasattr(sys, "getrefcount"):
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
        counter = ctypes.c_ssize_t.from_address(id(obj))
        if counter.value < HEADROOM:
            counter.value += HEADROOM
    return True


APPLIED = make_singletons_immortal()
