"""Attachment thumbnails: photos scaled down in memory (never a temp file) and laid out in a grid."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Table, TableStyle

from ..domain.entities import AttachmentRef
from .layout import RULE, ReportBuilder
from .text import FONT

THUMB_PX = 360
THUMB_MM = 52


def thumbnail(data: bytes, box_mm: float = THUMB_MM) -> Image | None:
    """A reportlab Image of at most box×box mm, or None when the bytes are not a readable image."""
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as picture:
            # JPEG decoders can scale by 1/2..1/8 while decoding: a 12-megapixel phone photo then costs
            # a fraction of a full decode.
            picture.draft("RGB", (THUMB_PX, THUMB_PX))
            picture.load()
            picture = picture.convert("RGB")
            picture.thumbnail((THUMB_PX, THUMB_PX))
            out = io.BytesIO()
            picture.save(out, format="JPEG", quality=80)
            width, height = picture.size
    except Exception:  # noqa: BLE001 - a damaged photo is listed by name instead of stopping the report
        return None
    scale = box_mm * mm / max(width, height)
    out.seek(0)
    return Image(out, width=width * scale, height=height * scale)


def add_attachments(builder: ReportBuilder, refs: Sequence[AttachmentRef], images: Mapping[str, bytes],
                    heading: str, caption_none: str) -> None:
    """Thumbnails of the image attachments we were given bytes for; the other files by name."""
    if not refs:
        return
    builder.heading(heading)
    cells: list[Flowable] = []
    others: list[str] = []
    for ref in refs:
        data = images.get(ref.id) or images.get(ref.sha256)
        picture = thumbnail(data) if data and ref.mime.startswith("image/") else None
        if picture is None:
            others.append(ref.filename or ref.mime)
            continue
        cell = Table([[picture], [builder.text(ref.filename, size=8, align="center")]],
                     colWidths=[THUMB_MM * mm + 4])
        cell.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))
        cells.append(cell)
    if cells:
        columns = 3
        grid = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        grid[-1] += [""] * (columns - len(grid[-1]))
        if builder.lang.rtl:
            grid = [list(reversed(row)) for row in grid]
        table = Table(grid, colWidths=[builder.frame_width / columns] * columns)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("BOX", (0, 0), (-1, -1), 0.3, RULE)]))
        builder.story.append(table)
    for name in others:
        builder.paragraph("• " + name, size=9)
    if not cells and not others:
        builder.paragraph(caption_none, size=9)
