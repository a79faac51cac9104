"""PDF reports from the desktop app as jobs: read on the db lane, build and write on the net lane, progress
shown in a small non-modal window, the file opened in the system viewer when it is ready.

    job = start_case_report(session, "assessment" | "sponsor", assessment_id, path, parent)
    job = start_statistics_report(session, path, date_from, date_to, parent)

Progress travels from the worker to the UI thread by a signal (`ReportJob.progressed`, queued across
threads), so no widget is touched off the UI thread. Cancelling sets an event the worker checks between
records and phases; a cancelled job writes nothing. The PDF is written atomically (temp file beside it,
fsync, replace), so a failed or cancelled job never leaves half a report. `open_file` is the one door to
the system viewer; tests replace it, and on the offscreen platform it launches nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.errors import FieldappError
from ..domain.messages import MESSAGES
from .qt import QDesktopServices, QGuiApplication, QObject, QUrl, QWidget, Signal
from .session import Session

log = logging.getLogger(__name__)

MESSAGES.update({
    "report.cannot_save": {
        "ar": "تعذر حفظ التقرير في {path}. تأكد أن المجلد موجود وأنه يسمح بالكتابة، ثم اختر مكانًا آخر.",
        "en": "The report could not be saved to {path}. Check that the folder exists and may be written to, "
              "or choose another place."},
})

# Share of the bar for each phase: reading the vault is most of the work for statistics.
READ_END, BUILD_END = 70, 95
STEP = 200   # records between progress reports (and cancel checks) while reading


class Cancelled(Exception):
    """The user cancelled; the job ends quietly."""


def open_file(path: Path) -> bool:
    """Show the file in the system's PDF viewer. The offscreen platform (tests, the smoke run) has no desktop,
    so nothing is launched there."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, replace; a plain-words error if the place cannot be written."""
    path = Path(path)
    tmp = ""
    try:
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".report-", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise FieldappError("report.cannot_save", path=str(path)) from exc


def people(vault: Any) -> dict[str, str]:
    """Usernames → full names printed for researchers and supervisors."""
    names = dict(vault.meta_get("user_names", {}) or {})
    profile = vault.meta_get("profile", {}) or {}
    if profile.get("username") and profile.get("full_name"):
        names.setdefault(profile["username"], profile["full_name"])
    return names


def gather_case(vault: Any, kind: str, assessment_id: str) -> dict[str, Any]:
    """Db lane: the domain objects of one case report, chosen as the CLI chooses them (reports.gather)."""
    from ..reports.gather import MAX_IMAGES, current_and_previous, form_for

    assessment = vault.get_assessment(assessment_id)
    household = vault.get_household(assessment.household_id)
    current, previous = current_and_previous(vault.assessments_of(household.id), assessment_id)
    data: dict[str, Any] = {"household": household, "assessment": current, "previous": previous,
                            "form": form_for(vault, current), "names": people(vault)}
    if kind == "assessment":
        refs = vault.attachments_of(current.id)
        images = {}
        for ref in [r for r in refs if str(r.mime).startswith("image/")][:MAX_IMAGES]:
            try:
                images[ref.id] = vault.read_attachment(ref.id)
            except (FieldappError, OSError):
                continue  # a blob not downloaded yet: listed by name instead
        data.update(events=vault.events_of(current.id), attachments=refs, images=images)
    return data


def build_case(kind: str, data: dict[str, Any], lang: str, digits: str) -> bytes:
    from ..reports import build_assessment_report, build_sponsor_report

    if kind == "sponsor":
        return build_sponsor_report(data["household"], data["assessment"], data["previous"], form=data["form"],
                                    lang=lang, digits=digits)
    return build_assessment_report(data["household"], data["assessment"], events=data["events"],
                                   attachments=data["attachments"], images=data["images"], form=data["form"],
                                   names=data["names"], lang=lang, digits=digits)


class ReportJob(QObject):
    """One report on its way to disk. Lives on the UI thread; its signals are safe to emit from workers."""

    progressed = Signal(int, str)        # percent 0..100, phase: read | build | write
    finished = Signal(str)               # the path written
    failed = Signal(str)                 # the error in plain words, in the user's language

    def __init__(self, session: Session, path: Path, parent: QObject | None = None,
                 done: Callable[[str], Any] | None = None) -> None:
        super().__init__(parent)
        if done is not None:
            self.finished.connect(done)
        self.session = session
        self.path = Path(path)
        self.lang = session.lang
        self.digits = "arabic" if session.settings.digits == "arabic" and self.lang == "ar" else "latin"
        self.cancel_event = threading.Event()
        self.ended = False
        self._last: tuple[int, str] = (-1, "")
        self.dialog: Any = None

    # -- called from workers --------------------------------------------------------------------------
    def check(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    def report(self, percent: int, phase: str) -> None:
        self.check()
        percent = max(0, min(100, percent))
        if (percent, phase) != self._last:   # a big vault reports each percent once, not each step
            self._last = (percent, phase)
            self.progressed.emit(percent, phase)

    def counted(self, items: Iterable[Any], seen: list[int], expected: int) -> Iterator[Any]:
        """Pass records through, reporting reading progress (and honouring cancel) every STEP records."""
        for item in items:
            seen[0] += 1
            if seen[0] % STEP == 0:
                self.report(min(READ_END - 1, READ_END * seen[0] // max(1, expected)), "read")
            yield item

    def build_and_write(self, build: Callable[[], bytes]) -> str:
        """Net lane: render the PDF, then write it where the user chose."""
        self.report(READ_END, "build")
        pdf = build()
        self.report(BUILD_END, "write")
        write_atomic(self.path, pdf)
        return str(self.path)

    # -- on the UI thread -----------------------------------------------------------------------------
    def start(self, read: Callable[[Any], Any], build: Callable[[Any], bytes]) -> None:
        """read(vault) on the db lane, then build(data) and the write on the net lane."""
        from .report_widgets import ReportProgress

        self.dialog = ReportProgress(self, self.session, self._parent_widget())
        self.dialog.show()
        self.session.locked.connect(self.cancel)

        def read_step(vault: Any) -> Any:
            self.report(0, "read")
            return read(vault)

        def built(data: Any) -> None:
            self.session.runner.run(lambda: self.build_and_write(lambda: build(data)), lane="net",
                                    on_done=self._written, on_error=self._failed)

        self.session.run(read_step, on_done=built, on_error=self._failed)

    def cancel(self) -> None:
        self.cancel_event.set()
        if not self.ended:
            self._end()

    def _parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _written(self, path: str) -> None:
        if self.cancel_event.is_set():
            return
        self.progressed.emit(100, "write")
        self._end()
        self.finished.emit(path)
        if self.session.settings.open_reports and not open_file(Path(path)):
            log.info("report saved; no viewer opened")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled) or self.cancel_event.is_set():
            return
        self.ended = True
        # Only the type goes to the log: exception texts could hold a family's data.
        log.warning("report failed: %s", type(exc).__name__)
        self.failed.emit(self.session.message(exc))

    def _end(self) -> None:
        self.ended = True
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.locked.disconnect(self.cancel)
        if self.dialog is not None:   # the window has done its work: released, not kept per report
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def set_open_reports(self, value: bool) -> None:
        """The "open when ready" choice, kept in the settings for the next report."""
        if self.session.settings.open_reports != value:
            self.session.update_settings(replace(self.session.settings, open_reports=value))


def start_case_report(session: Session, kind: str, assessment_id: str, path: Path,
                      parent: QObject | None = None, done: Callable[[str], Any] | None = None) -> ReportJob:
    job = ReportJob(session, path, parent, done)
    lang, digits = job.lang, job.digits

    def read(vault: Any) -> dict[str, Any]:
        data = gather_case(vault, kind, assessment_id)
        job.report(READ_END // 2, "read")
        return data

    job.start(read, lambda data: build_case(kind, data, lang, digits))
    return job


def start_statistics_report(session: Session, path: Path, date_from: date | None, date_to: date | None,
                            parent: QObject | None = None, done: Callable[[str], Any] | None = None) -> ReportJob:
    from ..reports import build_statistics_report, collect_statistics

    job = ReportJob(session, path, parent, done)
    lang, digits, week = job.lang, job.digits, session.settings.work_week

    def read(vault: Any) -> tuple[Any, dict[str, str]]:
        expected = 2 * int(vault.count_cases())   # households, then about as many assessments
        seen = [0]
        # the vault's small statistics digests, not whole records (store/digest.py)
        stats = collect_statistics(job.counted(vault.statistics_places(), seen, expected),
                                   job.counted(vault.statistics_facts(), seen, expected),
                                   date_from=date_from, date_to=date_to, work_week=week,
                                   progress=lambda _done: job.check())
        return stats, people(vault)

    def build(data: tuple[Any, dict[str, str]]) -> bytes:
        stats, names = data
        return build_statistics_report(stats=stats, names=names, lang=lang, digits=digits)

    job.start(read, build)
    return job
