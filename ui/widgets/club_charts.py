"""The club page's pictures: the spread of scores, each kind of advice as bars, and tables of counts.

Every number drawn here comes from ``auditor.club.ClubSummary`` as it is, after the small-group rule
(``auditor.club.protect``) has run: a count shown as "fewer than 5" is written as those words and gets no bar, since
a bar's length would give the number away. Nothing here decides what may be shown.

Painted with QPainter from the widget's palette and font, like the History chart, so the pictures follow the light
or dark theme and grow with the font (rows are as tall as a line of text). Each picture has an accessible name and
the same facts in words (``describe()``, also its accessible description and tooltip); the tables are plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from auditor.club import Band, Count, StrategyAverages
from auditor.model import Status
from ui.style import score_color, status_color

BAR_ROOM = 0.55  # the share of a row's width the bars may take


def _soft(palette: QPalette, alpha: int) -> QColor:
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    colour.setAlpha(alpha)
    return colour


class ScoreHistogram(QWidget):
    """How many computers scored 90-100, 80-89, ... 0-9, and how many have no score yet: one row each, best first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Count, int | None]] = []  # label, count, the band's lowest score (None: none)
        self.setAccessibleName("Spread of scores")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the same facts are in its description

    def set_bands(self, bands: Sequence[Band], no_score: Count) -> None:
        self._rows = [(f"{band.low}\u2013{band.high}", band.machines, band.low) for band in reversed(bands)]
        self._rows.append(("no score yet", no_score, None))
        text = self.describe()
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, Count]]:
        """What each row says, top to bottom (for tests and screen readers)."""
        return [(label, count) for label, count, _ in self._rows]

    def describe(self) -> str:
        if not self._rows:
            return "No reports read yet."
        return "Computers by score: " + "; ".join(f"{label}: {count}" for label, count, _ in self._rows) + "."

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        return QSize(520, max(1, len(self._rows)) * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        fm = self.fontMetrics()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        label_width = max(fm.horizontalAdvance("no score yet"), fm.horizontalAdvance("90\u2013100")) + 14
        count_width = fm.horizontalAdvance("fewer than 5") + 12
        bar_left = label_width
        bar_width = max(20.0, self.width() - label_width - count_width - 8)
        shown = [count for _, count, _ in self._rows if isinstance(count, int)]
        biggest = max([*shown, 1])
        row_height = self._row_height()
        for number, (label, count, low) in enumerate(self._rows):
            top = 4 + number * row_height
            row = QRectF(0, top, self.width(), row_height)
            painter.setPen(_soft(palette, 40))
            painter.drawLine(row.bottomLeft(), row.bottomRight())
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, top, label_width - 8, row_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            track = QRectF(bar_left, top + 5, bar_width, row_height - 10)
            painter.fillRect(track, _soft(palette, 22))
            if isinstance(count, int) and count > 0:
                colour = status_color(Status.UNKNOWN) if low is None else score_color(float(low))
                painter.fillRect(QRectF(track.left(), track.top(), max(3.0, bar_width * count / biggest),
                                        track.height()), colour)
            painter.setPen(text_colour if isinstance(count, int) else palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(bar_left + bar_width + 8, top, count_width, row_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(count))
        painter.end()


class AdviceBar(QWidget):
    """One kind of advice across the club: its average score (coloured) above how much was checked (grey)."""

    def __init__(self, strategy: StrategyAverages, words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = strategy.averages.score
        self.coverage = strategy.averages.coverage
        self.setAccessibleName(f"{strategy.title}: {words}")
        self.setToolTip(f"{strategy.title}: {words}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(160, self.fontMetrics().height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        half = (self.height() - 6) / 2
        for number, (value, colour) in enumerate(((self.score, score_color(self.score)),
                                                  (None if self.coverage is None else self.coverage * 100,
                                                   _soft(palette, 150)))):
            track = QRectF(0, 2 + number * (half + 2), self.width(), half)
            painter.fillRect(track, _soft(palette, 22))
            if value is not None:
                painter.fillRect(QRectF(track.left(), track.top(), track.width() * max(0.0, min(100.0, value)) / 100,
                                        track.height()), colour)
        painter.end()


class CountsTable(QTableWidget):
    """A table of counts, every cell plain text: for each check a line with its title across the whole table, then a
    line with its counts under the column headings. The title never has to share its width with five counts, so the
    table stays readable in a narrow window and at a large font. As tall as its rows: the page scrolls, not the table.
    ``colours`` tints each column's heading, like the printed page."""

    def __init__(self, name: str, labels: Sequence[str], colours: Sequence[Status | None] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(0, len(labels), parent)
        self._rows: list[tuple[str, tuple[Count, ...]]] = []
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels([label[:1].upper() + label[1:] for label in labels])
        for column, status in enumerate(colours):
            item = self.horizontalHeaderItem(column)
            if status is not None and item is not None:
                item.setForeground(status_color(status))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # only at a very large font
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Count]]]) -> None:
        self._rows = [(title, tuple(counts)) for title, counts in rows]
        self.clearSpans()
        self.setRowCount(2 * len(rows))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for number, (title, counts) in enumerate(self._rows):
            heading = QTableWidgetItem(title)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.setItem(2 * number, 0, heading)
            self.setSpan(2 * number, 0, 1, self.columnCount())
            for column, count in enumerate(counts):
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not isinstance(count, int):
                    item.setForeground(muted)
                self.setItem(2 * number + 1, column, item)
        self.fit()

    def rows(self) -> list[tuple[str, tuple[Count, ...]]]:
        """Each row's title and counts, as shown (for tests and screen readers)."""
        return list(self._rows)

    def cell_texts(self) -> list[str]:
        return [item.text() for r in range(self.rowCount()) for c in range(self.columnCount())
                if (item := self.item(r, c)) is not None]

    def fit(self) -> None:
        """Columns sharing the width (each at least as wide as its words on one line), row heights for that width
        (titles wrap), and the table as tall as all of them. When the counts cannot each stay on one line (a large
        font in a small window), each column gets what its heading needs and the counts wrap between their words
        ("fewer than 5" on two lines); it scrolls sideways only when even that cannot fit."""
        pad = 14  # the cell's margins on both sides, with a little room to spare
        cells = self.fontMetrics()
        header = self.horizontalHeader().fontMetrics()
        titles = [item.text() if (item := self.horizontalHeaderItem(c)) else "" for c in range(self.columnCount())]
        texts = [[str(counts[c]) for _, counts in self._rows if c < len(counts)] for c in range(self.columnCount())]
        room = self.width() - 2 * self.frameWidth()
        one_line = [max(cells.horizontalAdvance("fewer than 5"), header.horizontalAdvance(title),
                        *(cells.horizontalAdvance(text) for text in column)) + pad
                    for title, column in zip(titles, texts, strict=True)]
        if sum(one_line) <= room:
            share = room // max(1, self.columnCount())
            widths = [max(least, share) for least in one_line]
        else:
            least = [max([header.horizontalAdvance(title)] + [cells.horizontalAdvance(word) for text in column
                                                              for word in text.split()]) + pad
                     for title, column in zip(titles, texts, strict=True)]
            spare = max(0, room - sum(least)) // max(1, self.columnCount())
            widths = [width + spare for width in least]
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        bold = self.font()
        bold.setBold(True)
        fm = QFontMetrics(bold)
        width = max(40, self.viewport().width() - 12)
        wrap = int(Qt.TextFlag.TextWordWrap)
        # what a cell keeps clear of its text at each side, as Qt's item delegate does
        margins = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1)
        for number, (title, counts) in enumerate(self._rows):
            wrapped = fm.boundingRect(QRect(0, 0, width, 100_000), wrap, title).height()
            self.setRowHeight(2 * number, wrapped + 8)
            counts_height = max([cells.height()] + [
                cells.boundingRect(QRect(0, 0, max(1, widths[c] - margins), 100_000), wrap, str(count)).height()
                for c, count in enumerate(counts) if c < len(widths)])
            self.setRowHeight(2 * number + 1, counts_height + 8)
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        if sum(widths) > room:
            height += self.horizontalScrollBar().sizeHint().height()
        height += sum(self.rowHeight(row) for row in range(self.rowCount()))
        self.setFixedHeight(height + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # wrapped titles take more lines when the table narrows
        super().resizeEvent(event)
        self.fit()


__all__ = ["AdviceBar", "CountsTable", "ScoreHistogram"]
