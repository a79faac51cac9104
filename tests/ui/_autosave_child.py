"""Child process of test_autosave_crash: opens the app on a profile, starts a new household and types into
the form like a person (one key every 20 ms), printing when each field is complete, until it is killed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FIELDAPP_TEST_FAST_KDF", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PLAN = [
    ("head_name", "Khadija Saleh Omar Ghamdi"),
    ("district", "Al Rawdah"),
    ("head_name_latin", "Khadija Ghamdi"),
    ("address", "Street 12 building 4"),
    ("observations", "The family lives in two rooms " * 50),
]


def main() -> int:
    from fieldapp.ui.app import build
    from fieldapp.ui.qt import QApplication, QTest, QTimer

    folder, password = Path(sys.argv[1]), sys.argv[2]
    app, session, window = build(folder, "en", synchronous=False)
    window.show()
    window.unlock.password.setText(password)
    window.unlock.try_unlock()
    deadline = time.monotonic() + 30
    while not session.is_open and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    window.workspace.new_household()
    while window.workspace.editor is None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    editor = window.workspace.editor
    print(f"editor {editor.assessment.id} {editor.household.id}", flush=True)
    steps = [(field_id, ch, n == len(text) - 1) for field_id, text in PLAN for n, ch in enumerate(text)]
    position = {"i": 0, "field": ""}

    def step() -> None:
        if position["i"] >= len(steps):
            return
        field_id, ch, last = steps[position["i"]]
        position["i"] += 1
        if position["field"] != field_id:
            editor.focus_field(field_id)
            position["field"] = field_id
        QTest.keyClicks(editor.input(field_id).focus_target(), ch)
        if last:
            print(f"done {field_id} {time.time():.3f}", flush=True)

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(20)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
