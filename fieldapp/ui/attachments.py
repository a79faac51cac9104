"""Attachments of an assessment: add by drag and drop or a file dialog, thumbnails, view, remove.

Bytes go straight into the vault (encrypted there) on the db lane; nothing is written to a temp file,
and images are decoded and scaled on the worker (QImage is safe off the UI thread, QPixmap is not).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from .i18n import tr
from .qt import (
    QDialog,
    QDragEnterEvent,
    QDropEvent,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QIcon,
    QImage,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPixmap,
    QScrollArea,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
)
from .session import Session
from .widgets import push_button

C = "Attachments"
THUMB = 96
MAX_BYTES = 25 * 1024 * 1024


def _thumbnail(data: bytes, mime: str) -> QImage | None:
    if not mime.startswith("image/"):
        return None
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


class AttachmentsPanel(QWidget):
    def __init__(self, session: Session, assessment_id: str, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.assessment_id = session, assessment_id
        self.setObjectName("attachmentsPanel")
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 40))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemActivated.connect(lambda _item: self.view_selected())
        self.hint = QLabel()
        self.hint.setObjectName("attachmentHint")
        self.add_button = self._button("addAttachment", self.choose_files)
        self.view_button = self._button("viewAttachment", self.view_selected)
        self.save_button = self._button("saveAttachmentCopy", self.save_selected)
        self.remove_button = self._button("removeAttachment", self.remove_selected)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.view_button, self.save_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.hint)
        box.addWidget(self.list, 1)
        box.addLayout(buttons)
        self.refs: dict[str, Any] = {}
        self.set_read_only(read_only)
        self.retranslate()
        self.reload()

    _button = staticmethod(push_button)

    def retranslate(self) -> None:
        self.hint.setText(tr(C, "Drop photos and scanned documents here, or choose files. They are stored encrypted."))
        self.add_button.setText(tr(C, "Add files…"))
        self.view_button.setText(tr(C, "View"))
        self.save_button.setText(tr(C, "Save a copy…"))
        self.save_button.setToolTip(tr(C, "Writes the file where you choose, unencrypted, e.g. to open a scanned PDF."))
        self.remove_button.setText(tr(C, "Remove"))
        self.list.setAccessibleName(tr(C, "Attachments"))
        for b in (self.add_button, self.view_button, self.save_button, self.remove_button):
            b.setAccessibleName(b.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
        self.setAcceptDrops(not read_only)

    # -- loading -------------------------------------------------------------------------------------
    def reload(self) -> None:
        aid = self.assessment_id

        def load(vault: Any) -> list[tuple[Any, QImage | None]]:
            refs = list(vault.attachments_of(aid))
            return [(ref, _thumbnail(vault.read_attachment(ref.id), ref.mime)) for ref in refs]

        self.session.run(load, on_done=self._show)

    def _show(self, items: list[tuple[Any, QImage | None]]) -> None:
        self.list.clear()
        self.refs.clear()
        for ref, image in items:
            item = QListWidgetItem(ref.filename or ref.mime)
            item.setData(Qt.ItemDataRole.UserRole, ref.id)
            item.setToolTip(f"{ref.filename} · {self.session.fmt.number(max(1, ref.size // 1024))} KB")
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            self.list.addItem(item)
            self.refs[ref.id] = ref

    # -- adding --------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr(C, "Add attachments"), "",
                                                tr(C, "Photos and documents (*.jpg *.jpeg *.png *.pdf)"))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        if self.read_only or not paths:
            return
        aid = self.assessment_id

        def store(vault: Any) -> int:
            too_big = 0
            for path in paths:
                if path.stat().st_size > MAX_BYTES:
                    too_big += 1
                    continue
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                vault.add_attachment(aid, path.read_bytes(), path.name, mime)
            return too_big

        self.session.run(store, on_done=self._added, on_error=self._failed)

    def _added(self, too_big: int = 0) -> None:
        if too_big:
            self.hint.setText(tr(C, "%1 file(s) over 25 MB were not added; scan them at a lower resolution.")
                              .replace("%1", self.session.fmt.number(too_big)))
        self.reload()
        self.session.data_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.hint.setText(self.session.message(exc))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files([p for p in paths if p.is_file()])
        event.acceptProposedAction()

    # -- view and remove -----------------------------------------------------------------------------
    def _selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def view_selected(self) -> None:
        ref_id = self._selected_id()
        if ref_id is None:
            return
        ref = self.refs[ref_id]
        self.session.run(lambda v: QImage.fromData(v.read_attachment(ref_id)),
                         on_done=lambda image: self._view(ref, image))

    def _view(self, ref: Any, image: QImage) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("attachmentViewer")
        dialog.setWindowTitle(ref.filename)
        label = QLabel()
        label.setObjectName("attachmentImage")
        if image.isNull():
            label.setText(tr(C, "This file cannot be shown here (%1). Use “Save a copy…” to open it with "
                                "another program.").replace("%1", ref.mime))
        else:
            label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setWidget(label)
        QVBoxLayout(dialog).addWidget(scroll)
        dialog.resize(800, 600)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.viewer = dialog

    def save_selected(self) -> None:
        """The user's explicit choice of where a decrypted copy goes (the app itself never writes one)."""
        ref_id = self._selected_id()
        if ref_id is None:
            return
        ref = self.refs[ref_id]
        path, _ = QFileDialog.getSaveFileName(self, tr(C, "Save a copy of the attachment"), ref.filename or "")
        if not path:
            return
        target = Path(path)

        def write(vault: Any) -> None:
            target.write_bytes(vault.read_attachment(ref_id))

        self.session.run(write, on_done=lambda _r: self.hint.setText(tr(C, "Saved: %1").replace("%1", target.name)),
                         on_error=self._failed)

    def remove_selected(self) -> None:
        ref_id = self._selected_id()
        if ref_id is None or self.read_only:
            return
        self.session.run(lambda v: v.remove_attachment(ref_id), on_done=lambda _r: self._added(),
                         on_error=self._failed)
