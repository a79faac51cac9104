"""The app survives many void Qt calls and signal emits. PySide6-Essentials 6.12.0 on Python 3.11 drops a
reference to None or True with each and aborts the interpreter after a few thousand (pyproject.toml keeps
PySide6 below 6.12 for that). Run in a child process: an abort would take the test run down with it."""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import fieldapp.ui.qt as qt
app = qt.QApplication([])
label = qt.QLabel()
class E(qt.QObject):
    s = qt.Signal(int)
e = E()
for i in range(30000):
    label.setText("x")
    e.s.emit(i)
print("survived")
"""


def test_many_void_calls_and_emits_do_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert "survived" in done.stdout
