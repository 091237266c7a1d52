"""The parts the Overview's dashboard is built from: a painted bar for one score, and a row for one thing to do.

A row is given a new result in place (``ResultRow.set_result``) rather than built again: building and styling a
row costs more than a frame when a scan ends, so the Overview keeps its rows, hidden when not in use
(``fill_rows``). On the whole home's Overview a row also says which computer it is for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from auditor.model import Result
from ui.style import STATUS_WORDS, is_dark, muted, plain_label, score_color, status_icon

if TYPE_CHECKING:
    from auditor.household_score import Computer

FIX_PLACES = {"device": "Opens This device at this check, with the steps and the settings button."}
OpenFix = Callable[[Result, "Computer | None"], None]  # a row's result, and the computer it is put right on


class ScoreBar(QWidget):
    """A painted bar for one score, in the status colours; its accessible description says the numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_score(self, score: float | None) -> None:
        if score != self._score:
            self._score = score
            self.update()

    def score(self) -> float | None:
        return self._score

    def sizeHint(self) -> QSize:
        return QSize(160, 10)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 10)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        track = QColor(self.palette().color(QPalette.ColorRole.Text))
        track.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, radius, radius)
        if self._score is not None and self._score > 0:
            filled = QRectF(rect)
            filled.setWidth(max(rect.height(), rect.width() * min(100.0, self._score) / 100.0))
            painter.setBrush(score_color(round(self._score)))
            painter.drawRoundedRect(filled, radius, radius)
        painter.end()


class ResultRow(QWidget):
    """One thing to do: status icon, what it is (and for whom), why, and the button that leads to its fix. A row is
    given a new result in place (``set_result``) when the list changes, rather than built again: building and
    styling a row costs more than a frame when a scan ends, so the lists keep theirs, hidden when not in use."""

    def __init__(self, on_open: OpenFix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Result | None = None
        self.computer: Computer | None = None  # the computer it is put right on, on the whole home's Overview
        self.where = ""  # "on this computer", "on Sam's laptop", or "" (one computer, or a person's answer)
        self._shown: tuple[object, ...] = ()  # what the row shows of its result: words, status, button, theme
        self.icon = QLabel()
        self.title = plain_label("")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.summary = muted(plain_label(""))
        self.button = QPushButton("Show me how")
        self.button.setAccessibleName("Show me how")  # and what, once the row has a result
        self.button.clicked.connect(lambda: on_open(self.result, self.computer) if self.result is not None else None)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.summary)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def set_result(self, result: Result, computer: Computer | None = None, where: str = "") -> None:
        """Show this result; ``where`` says which computer it is put right on ("" on a one-computer Overview)."""
        # Imported here: the results' item model is not needed to paint the first run's welcome.
        from ui.models.results import check_text

        self.computer = computer
        title = f"{check_text(result)} \u2014 {where}" if where else check_text(result)
        elsewhere = computer is not None and not computer.this_computer
        shown = (title, result.status, result.summary, result.kind, elsewhere, is_dark())
        if shown == self._shown:  # the same words (a scan again finds most things as they were): the row keeps
            self.result, self.where = result, where  # what it shows, so nothing is laid out or painted again
            return
        self.result, self.where, self._shown = result, where, shown
        self.icon.setPixmap(status_icon(result.status, 20).pixmap(QSize(20, 20), self.devicePixelRatioF()))
        self.icon.setToolTip(STATUS_WORDS[result.status])
        self.icon.setAccessibleName(STATUS_WORDS[result.status])
        self.title.setText(title)
        self.summary.setText(result.summary)
        self.button.setAccessibleName(f"Show me how: {title}")
        self.button.setToolTip(
            f"This is put right {where} itself: shows that computer below, with the steps." if elsewhere else
            FIX_PLACES.get(result.kind, "Opens the page where this question is answered, with the steps to check it."))


def rows_of(layout: QVBoxLayout) -> list[ResultRow]:
    """The rows of a list, top to bottom."""
    items = (layout.itemAt(i) for i in range(layout.count()))
    widgets = (item.widget() if item is not None else None for item in items)
    return [widget for widget in widgets if isinstance(widget, ResultRow)]


def shown_results(layout: QVBoxLayout) -> list[Result]:
    """The results of the rows in a list that are in use, top to bottom."""
    return [row.result for row in rows_of(layout) if row.result is not None and not row.isHidden()]


def add_row(layout: QVBoxLayout, on_open: OpenFix) -> ResultRow:
    """A new row at the end of a list, hidden until it has a result to show."""
    row = ResultRow(on_open)
    row.hide()
    layout.addWidget(row)
    return row


def fill_rows(layout: QVBoxLayout, items: Sequence[tuple[Result, Computer | None, str]], on_open: OpenFix) -> None:
    """Show these (result, computer, where) in a list of rows: the rows there are take the new ones in place (most
    often the same, after a scan or an answer), a row is added only when there are more than ever before, and the
    rows left over are hidden, kept for next time."""
    rows = rows_of(layout)
    while len(rows) < len(items):
        rows.append(add_row(layout, on_open))
    for row, (result, computer, where) in zip(rows, items, strict=False):
        row.set_result(result, computer, where)
        row.show()
    for row in rows[len(items):]:
        row.hide()


__all__ = ["FIX_PLACES", "OpenFix", "ResultRow", "ScoreBar", "add_row", "fill_rows", "rows_of", "shown_results"]
