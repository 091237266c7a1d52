"""Laying the report out on paper: A4 pages with a footer, painted on a PDF writer or a printer.

Kept apart from the Report page because it runs on a worker (the task manager's QThreads): everything here makes,
uses and drops its own QTextDocument and QPainter, so nothing in it touches a widget. Qt allows painting on a
QPdfWriter or a QPrinter off the main thread.

Two things Qt's text layout does not do for paper are done here: each page draws only its own lines (the painter is
clipped to the page's slice, so no line is printed at the foot of one page and the top of the next), and a heading
is never left at the foot of a page without what it heads (``keep_headings_with_next``). A PDF is painted on a hidden
file beside the target and put in place when whole (``save_pdf``, with ``auditor.atomic_file``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QMarginsF, QRectF, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter

from auditor.atomic_file import Replacement

PAGE_MARGINS_MM = QMarginsF(15, 16, 15, 16)
# The printed report's ordinary text, whatever the screen's font: the report's CSS sizes all other text relative to
# it (auditor.report_html_page), so a 16 pt system font enlarges the preview but not the paper.
PRINT_POINTS = 11.0
FOOTER_LINES = 3.5  # the footer's room at the foot of each page, in its own lines
HEADING_CHARS = 80  # a bold line longer than this is a sentence in bold, not a heading
KEEP_LINES = 2  # a heading needs room for this many lines of its text after it on the same page, or moves on
_EDGE = 1.0  # device pixels: a line that only touches a page's edge belongs to the page on the other side


def print_html(html: str, device: QPdfWriter | QPrinter, title: str = "") -> int:
    """Lay ``html`` out on the device's pages (A4 unless a print dialog chose otherwise), paint them, and put
    "title — page N of M" at the foot of each. Black text on white paper, whatever the screen's theme.

    Safe to call from a worker thread: the QTextDocument and the QPainter are made, used and dropped here.
    Returns the number of pages.
    """
    document = QTextDocument()
    print_font = QFont(document.defaultFont())
    print_font.setPointSizeF(PRINT_POINTS)
    document.setDefaultFont(print_font)
    document.setDocumentMargin(0)  # the page margins are the device's
    document.documentLayout().setPaintDevice(device)  # measure fonts at the device's resolution
    document.setHtml(html)
    area = device.pageLayout().paintRectPixels(device.resolution())
    footer_font = footer_font_of(document.defaultFont())
    footer = QFontMetricsF(footer_font, device)
    page = body_size(device, document.defaultFont())
    document.setPageSize(page)
    keep_headings_with_next(document)
    pages = document.pageCount()
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("the printer or file could not be opened for writing")
    try:
        for number in range(pages):
            if number and not device.newPage():
                raise OSError("a new page could not be started")
            painter.save()
            # This page's slice of the laid-out document, in the document's own coordinates after the translation.
            # The painter's clip keeps everything drawn (text, borders, cell colours) inside the slice. The layout's
            # clip decides which lines are drawn at all: Qt moves a line that would cross a page's foot to the very
            # top of the next page and draws every line that touches the clip, so without the inset that line
            # would also be written, out of sight but there for a screen reader or a copy, at the foot of this page.
            painter.translate(0, -number * page.height())
            visible = QRectF(0, number * page.height(), page.width(), page.height())
            painter.setClipRect(visible)
            context.clip = visible.adjusted(0, _EDGE, 0, -_EDGE)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(QColor("#444444"))
            foot = QRectF(0, area.height() - footer.height(), area.width(), footer.height())
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             f"page {number + 1} of {pages}")
    finally:
        painter.end()
    return pages


def footer_font_of(font: QFont) -> QFont:
    """The footer's font: the document's, at 8 pt."""
    footer = QFont(font)
    footer.setPointSizeF(8)
    return footer


def body_size(device: QPdfWriter | QPrinter, font: QFont) -> QSizeF:
    """The part of each page the report itself is laid out in, in device pixels: the page inside its margins, less
    the room of the footer (``FOOTER_LINES`` of its lines) at the foot. It starts at the top margin."""
    area = device.pageLayout().paintRectPixels(device.resolution())
    footer = QFontMetricsF(footer_font_of(font), device).height() * FOOTER_LINES
    return QSizeF(area.width(), max(1.0, area.height() - footer))


def keep_headings_with_next(document: QTextDocument) -> int:
    """Start on a new page every heading that the layout left at the foot of a page with nothing of its part after
    it; returns how many were moved.

    Qt's text layout has no "keep with next": it fills a page to the last line that fits, so a heading can end a
    page while what it heads starts the next. Once the document is laid out on its pages, each heading (``<h1>`` to
    ``<h6>``) is compared with the first lines of the block after it; when they would not fit on its page, the
    heading gets a page break before it and the layout is measured again from there. A heading already at the top of
    a page is left where it is: moving it would only leave an empty page.
    """
    height = document.pageSize().height()
    if height <= 0:
        return 0
    layout = document.documentLayout()
    document.pageCount()  # the whole layout, not the part Qt has done so far
    moved = 0
    block = document.begin()
    while block.isValid():
        if is_heading(block) and _stranded(layout, block, height):
            cursor = QTextCursor(block)
            form = QTextBlockFormat()
            form.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.mergeBlockFormat(form)
            document.pageCount()  # everything after it moved: lay it out again, whole, before the next heading
            moved += 1
        block = block.next()
    return moved


def is_heading(block: QTextBlock) -> bool:
    """A heading (``<h1>`` to ``<h6>``), or a short line all in bold on its own ("How to fix it", "Does not apply
    here:"): a heading in all but name, which a page should not end with either. A table's bold cells are its
    column heads, which Qt keeps with the table itself."""
    if block.blockFormat().headingLevel() > 0:
        return True
    text = block.text().strip()
    if not text or len(text) > HEADING_CHARS or block.layout().lineCount() > 1:
        return False
    if QTextCursor(block).currentTable() is not None:
        return False
    fragments = [it.fragment() for it in _fragments(block)]
    return all(f.charFormat().fontWeight() >= QFont.Weight.DemiBold for f in fragments if f.text().strip())


def _fragments(block: QTextBlock) -> list[QTextBlock.iterator]:
    found = []
    it = block.begin()
    while not it.atEnd():
        found.append(QTextBlock.iterator(it))
        it += 1
    return found


def _stranded(layout: QAbstractTextDocumentLayout, heading: QTextBlock, height: float) -> bool:
    """Whether ``heading`` ends a page with less than ``KEEP_LINES`` lines of what follows it after it."""
    after = heading.next()
    while after.isValid() and not after.text().strip():
        after = after.next()  # an empty block says nothing: what counts is the first line with words
    if not after.isValid():
        return False
    after_top = layout.blockBoundingRect(after).top()
    if after.layout().lineCount() == 0:
        return False
    top = layout.blockBoundingRect(heading).top()
    if top % height < _EDGE:
        return False  # at the top of a page already
    bottom = top + heading.layout().boundingRect().bottom()
    first = after.layout().lineAt(0)
    following = after_top + first.y() + KEEP_LINES * first.height()
    return _page_of(following - _EDGE, height) > _page_of(bottom - _EDGE, height)


def _page_of(y: float, height: float) -> int:
    return int(y // height)


def documents_folder() -> str:
    """Where a save dialog first suggests putting a report, a summary or notes: the person's Documents folder, or
    their home folder when the system names none (never the app's own data folder, which they would not find)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or QDir.homePath()


def save_pdf(html: str, target: Path | str, title: str, replacement: Replacement | None = None,
             paint: Callable[[str, QPdfWriter, str], int] | None = None) -> int:
    """Write ``html`` as an A4 PDF to ``target``, whole or not at all: painted (by ``paint``, ``print_html`` unless
    told) on a hidden temporary file beside it (``replacement``, when the caller made one early to find out at once
    whether the folder can be written to), which then replaces the target. Returns the number of pages; raises
    OSError with the target unchanged."""
    replacement = replacement or Replacement(target)
    with replacement:
        writer = pdf_writer(str(replacement.path), title)
        pages = (paint or print_html)(html, writer, title)
        del writer  # closes the file before it is put in place
    return pages


def pdf_writer(path: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(PAGE_MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Homeguard")
    return writer


__all__ = ["FOOTER_LINES", "PAGE_MARGINS_MM", "body_size", "documents_folder", "footer_font_of",
           "keep_headings_with_next", "pdf_writer", "print_html", "save_pdf"]
