"""Laying the report out on paper: A4 pages with a footer, painted on a PDF writer or a printer.

Kept apart from the Report page because it runs on a worker (the task manager's QThreads): everything here makes,
uses and drops its own QTextDocument and QPainter, so nothing in it touches a widget. Qt allows painting on a
QPdfWriter or a QPrinter off the main thread.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

PAGE_MARGINS_MM = QMarginsF(15, 16, 15, 16)


def print_html(html: str, device: QPdfWriter | QPrinter, title: str = "") -> int:
    """Lay ``html`` out on the device's pages (A4 unless a print dialog chose otherwise), paint them, and put
    "title — page N of M" at the foot of each. Black text on white paper, whatever the screen's theme.

    Safe to call from a worker thread: the QTextDocument and the QPainter are made, used and dropped here.
    Returns the number of pages.
    """
    document = QTextDocument()
    document.setDocumentMargin(0)  # the page margins are the device's
    document.documentLayout().setPaintDevice(device)  # measure fonts at the device's resolution
    document.setHtml(html)
    area = device.pageLayout().paintRectPixels(device.resolution())
    footer_font = document.defaultFont()
    footer_font.setPointSizeF(8)
    footer = QFontMetricsF(footer_font, device)
    footer_height = footer.height() * 3.5
    page = QSizeF(area.width(), max(1.0, area.height() - footer_height))
    document.setPageSize(page)
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
            painter.translate(0, -number * page.height())
            context.clip = QRectF(0, number * page.height(), page.width(), page.height())
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


def pdf_writer(path: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(PAGE_MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Homeguard")
    return writer


__all__ = ["PAGE_MARGINS_MM", "pdf_writer", "print_html"]
