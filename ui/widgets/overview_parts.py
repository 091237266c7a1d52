"""The parts the Overview's dashboard is built from: a painted bar for one score, and a row for one thing to do.

A row is given a new result in place (``ResultRow.set_result``) rather than built again: building and styling a
row costs more than a frame when a scan ends, so the Overview keeps its rows, hidden when not in use.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from auditor.model import Result
from ui.style import STATUS_WORDS, muted, plain_label, score_color, status_icon

FIX_PLACES = {"device": "Opens This device at this check, with the steps and the settings button."}


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

    def __init__(self, on_open: Callable[[Result], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Result | None = None
        self.icon = QLabel()
        self.title = plain_label("")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.summary = muted(plain_label(""))
        self.button = QPushButton("Show me how")
        self.button.setAccessibleName("Show me how")  # and what, once the row has a result
        self.button.clicked.connect(lambda: on_open(self.result) if self.result is not None else None)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.summary)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def set_result(self, result: Result) -> None:
        # Imported here: the results' item model is not needed to paint the first run's welcome.
        from ui.models.results import check_text

        if result == self.result:
            return  # nothing to change: no new text, so nothing to lay out or paint again
        self.result = result
        self.icon.setPixmap(status_icon(result.status, 20).pixmap(QSize(20, 20), self.devicePixelRatioF()))
        self.icon.setToolTip(STATUS_WORDS[result.status])
        self.icon.setAccessibleName(STATUS_WORDS[result.status])
        self.title.setText(check_text(result))
        self.summary.setText(result.summary)
        self.button.setAccessibleName(f"Show me how: {check_text(result)}")
        self.button.setToolTip(FIX_PLACES.get(result.kind, "Opens the page where this question is answered, with "
                                                           "the steps to check it."))


__all__ = ["FIX_PLACES", "ResultRow", "ScoreBar"]
