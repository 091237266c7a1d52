"""The History page's chart: the score after each scan, where the real score could lie, and how much was checked.

Painted with QPainter from the widget's palette, so it follows the light or dark theme and needs no chart library.
It draws the score (solid), the band where the real score could be (the unchecked parts counted as failed, or as
passed; shaded) and how much could be checked (dashed); or, for one kind of advice, only that advice's score.
A scan with no score breaks the line rather than being drawn as zero. Clicking near a scan emits its run id.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from auditor.plural import plural
from auditor.store import RunSummary
from ui.models.runs import when_label
from ui.style import is_dark

OVERALL = ""  # the chart's "series" for the overall score


def short_date(timestamp: float) -> str:
    return time.strftime("%d %b", time.localtime(timestamp)).lstrip("0")


@dataclass(frozen=True)
class ChartPoint:
    """One scan as the chart draws it; every value is 0-100 or None (not known)."""

    run_id: int
    when: float
    score: float | None
    coverage: float | None = None
    lowest: float | None = None
    highest: float | None = None
    cancelled: bool = False


def chart_points(runs: list[RunSummary], strategy: str = OVERALL) -> list[ChartPoint]:
    """Oldest first. For one kind of advice only its score is kept in the history, so only that is drawn."""
    ordered = sorted(runs, key=lambda r: (r.started_at, r.run_id))
    if strategy == OVERALL:
        return [ChartPoint(r.run_id, r.finished_at, r.score, None if r.coverage is None else r.coverage * 100,
                           r.lowest, r.highest, r.cancelled) for r in ordered]
    return [ChartPoint(r.run_id, r.finished_at, r.strategy_scores.get(strategy), cancelled=r.cancelled)
            for r in ordered]


class ScoreChart(QWidget):
    """Score (solid), its possible range (shaded) and how much was checked (dashed), scan by scan."""

    point_clicked = Signal(int)  # a run id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[ChartPoint] = []
        self._selected: int | None = None
        self._series_name = "Score"
        self.setMouseTracking(True)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Score over time")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the list below holds the same facts and takes the keyboard

    # -- data ------------------------------------------------------------------------------------------------------
    def set_points(self, points: list[ChartPoint], series_name: str = "Score") -> None:
        self._points = list(points)
        self._series_name = series_name
        self.setAccessibleDescription(self.describe())
        self.update()

    def points(self) -> list[ChartPoint]:
        return list(self._points)

    def set_selected(self, run_id: int | None) -> None:
        self._selected = run_id
        self.update()

    def describe(self) -> str:
        """What the chart shows, in words, for screen readers and tooltips."""
        if not self._points:
            return "No scans yet."
        last = self._points[-1]
        text = f"{plural(len(self._points), 'scan')}. Latest: {self._series_name.lower()} "
        text += "not known yet" if last.score is None else f"{round(last.score):d} out of 100"
        if last.coverage is not None:
            text += f", {round(last.coverage):d}% checked"
        scored = [p.score for p in self._points if p.score is not None]
        if len(scored) >= 2:
            change = round(scored[-1]) - round(scored[0])
            text += f". Since the first scan it went {'up' if change > 0 else 'down'} by {abs(change)}" if change \
                else ". The same as at the first scan"
        return text + "."

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    # -- geometry --------------------------------------------------------------------------------------------------
    def _plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("100") + 14
        top = self._legend_bottom(fm) + fm.height()  # below the legend, which wraps in a narrow chart or large font
        bottom = fm.height() + 12
        return QRectF(left, top, max(10.0, self.width() - left - 18), max(10.0, self.height() - top - bottom))

    def _x(self, i: int, plot: QRectF) -> float:
        if len(self._points) <= 1:
            return plot.center().x()
        inset = min(24.0, plot.width() / 8)
        return plot.left() + inset + (plot.width() - 2 * inset) * i / (len(self._points) - 1)

    @staticmethod
    def _y(value: float | None, plot: QRectF) -> float:
        """The height of a value; a value not known (None) sits on the baseline."""
        return plot.bottom() - plot.height() * max(0.0, min(100.0, value or 0.0)) / 100.0

    def point_pos(self, i: int) -> QPointF:
        """Where the i-th scan (oldest first) is drawn: on its score, or on the baseline when it has none."""
        return QPointF(self._x(i, self._plot_rect()), self._y(self._points[i].score, self._plot_rect()))

    def _nearest(self, x: float) -> int | None:
        if not self._points:
            return None
        plot = self._plot_rect()
        best = min(range(len(self._points)), key=lambda i: abs(self._x(i, plot) - x))
        return best if abs(self._x(best, plot) - x) <= max(14.0, plot.width() / (2 * len(self._points))) else None

    # -- painting --------------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(frame, 6, 6)
        plot = self._plot_rect()
        fm = self.fontMetrics()

        if not self._points:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(frame.adjusted(16, 0, -16, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             "No scans yet. Each scan is kept here, so you can see the score change over time.")
            painter.end()
            return

        accent = palette.color(QPalette.ColorRole.Highlight)
        if is_dark() and accent.lightness() < 110:
            accent = accent.lighter(150)
        grid = QColor(palette.color(QPalette.ColorRole.Text))
        grid.setAlpha(45)
        soft_text = QColor(palette.color(QPalette.ColorRole.Text))

        # grid and y labels
        for value in (0, 25, 50, 75, 100):
            y = self._y(value, plot)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(soft_text)
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))

        # x labels: the first, the last and a few between, never overlapping
        room = fm.horizontalAdvance("30 Nov 2026") + 10
        step = max(1, int(len(self._points) * room / max(1.0, plot.width())) + 1)
        shown = set(range(0, len(self._points), step)) | {len(self._points) - 1}
        last_right = -1e9
        painter.setPen(soft_text)
        for i in sorted(shown):
            label = short_date(self._points[i].when)
            width = fm.horizontalAdvance(label)
            x = min(max(self._x(i, plot) - width / 2, plot.left()), plot.right() - width)
            if x < last_right + 8 and i != len(self._points) - 1:
                continue
            painter.drawText(QRectF(x, plot.bottom() + 4, width + 2, fm.height()), Qt.AlignmentFlag.AlignLeft, label)
            last_right = x + width

        # the range band, where the real score could be
        band_color = QColor(accent)
        band_color.setAlpha(55)
        for segment in self._segments(lambda p: p.lowest is not None and p.highest is not None):
            if len(segment) == 1:
                i = segment[0]
                p = self._points[i]
                painter.setPen(QPen(band_color, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawLine(QPointF(self._x(i, plot), self._y(p.lowest, plot)),
                                 QPointF(self._x(i, plot), self._y(p.highest, plot)))
                continue
            path = QPainterPath()
            path.moveTo(self._x(segment[0], plot), self._y(self._points[segment[0]].highest, plot))
            for i in segment[1:]:
                path.lineTo(self._x(i, plot), self._y(self._points[i].highest, plot))
            for i in reversed(segment):
                path.lineTo(self._x(i, plot), self._y(self._points[i].lowest, plot))
            path.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(band_color)
            painter.drawPath(path)

        # how much was checked, dashed
        coverage_pen = QPen(soft_text, 1.6, Qt.PenStyle.DashLine)
        self._draw_line(painter, plot, lambda p: p.coverage, coverage_pen, soft_text, hollow=True)
        # the score, solid
        self._draw_line(painter, plot, lambda p: p.score, QPen(accent, 2.6), accent, hollow=False)

        # the selected scan
        if self._selected is not None:
            for i, p in enumerate(self._points):
                if p.run_id == self._selected:
                    x = self._x(i, plot)
                    marker = QColor(accent)
                    marker.setAlpha(90)
                    painter.setPen(QPen(marker, 1, Qt.PenStyle.DotLine))
                    painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                    if p.score is not None:
                        painter.setPen(QPen(text, 2))
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        painter.drawEllipse(QPointF(x, self._y(p.score, plot)), 7, 7)

        self._draw_legend(painter, fm, accent, band_color, soft_text)
        painter.end()

    def _segments(self, keep: Callable[[ChartPoint], bool]) -> list[list[int]]:
        """Runs of consecutive points that have a value: a scan with no score breaks the line, honestly."""
        segments: list[list[int]] = []
        current: list[int] = []
        for i, point in enumerate(self._points):
            if keep(point):
                current.append(i)
            elif current:
                segments.append(current)
                current = []
        if current:
            segments.append(current)
        return segments

    def _draw_line(self, painter: QPainter, plot: QRectF, value: Callable[[ChartPoint], float | None], pen: QPen,
                   dot: QColor, *, hollow: bool) -> None:
        for segment in self._segments(lambda p: value(p) is not None):
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for a, b in itertools.pairwise(segment):
                painter.drawLine(QPointF(self._x(a, plot), self._y(value(self._points[a]), plot)),
                                 QPointF(self._x(b, plot), self._y(value(self._points[b]), plot)))
            painter.setPen(QPen(dot, 1.5))
            painter.setBrush(self.palette().color(QPalette.ColorRole.Base) if hollow else dot)
            for i in segment:
                painter.drawEllipse(QPointF(self._x(i, plot), self._y(value(self._points[i]), plot)), 3.5, 3.5)

    def _legend(self, fm: QFontMetrics) -> list[tuple[str, str, float, float]]:
        """The legend's entries as (kind, label, x, y): on one line, or on more when the chart is too narrow."""
        items = [("line", self._series_name)]
        if any(p.lowest is not None for p in self._points):
            items.append(("band", "Where the real score could be"))
        if any(p.coverage is not None for p in self._points):
            items.append(("dash", "How much was checked (%)"))
        placed = []
        x, y = 12.0, 8.0
        for kind, label in items:
            if x > 12.0 and x + 28 + fm.horizontalAdvance(label) > self.width() - 8:  # no room left: a new line
                x, y = 12.0, y + fm.height() + 4
            placed.append((kind, label, x, y))
            x += 28 + fm.horizontalAdvance(label) + 22
        return placed

    def _legend_bottom(self, fm: QFontMetrics) -> float:
        return max(y for *_, y in self._legend(fm)) + fm.height()

    def _draw_legend(self, painter: QPainter, fm: QFontMetrics, accent: QColor, band: QColor, soft: QColor) -> None:
        h = fm.height()
        colours = {"line": accent, "band": band, "dash": soft}
        for kind, label, x, y in self._legend(fm):
            mid = y + h / 2
            colour = colours[kind]
            if kind == "line":
                painter.setPen(QPen(colour, 2.6))
                painter.drawLine(QPointF(x, mid), QPointF(x + 22, mid))
            elif kind == "dash":
                painter.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x, mid), QPointF(x + 22, mid))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRect(QRectF(x, mid - 5, 22, 10))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QRectF(x + 28, y, fm.horizontalAdvance(label) + 4, h), Qt.AlignmentFlag.AlignLeft,
                             label)

    # -- the mouse -------------------------------------------------------------------------------------------------
    def point_text(self, i: int) -> str:
        p = self._points[i]
        text = f"{when_label(p.when)}: {self._series_name.lower()} "
        text += "not known yet" if p.score is None else f"{round(p.score):d}"
        if p.coverage is not None:
            text += f", {round(p.coverage):d}% checked"
        if p.lowest is not None and p.highest is not None and round(p.lowest) != round(p.highest):
            text += f" (really between {round(p.lowest):d} and {round(p.highest):d})"
        return text + (", stopped early" if p.cancelled else "")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self._nearest(event.position().x())
        if i is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.point_text(i), self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self._nearest(event.position().x())
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.point_clicked.emit(self._points[i].run_id)
        super().mousePressEvent(event)



__all__ = ["OVERALL", "ChartPoint", "ScoreChart", "chart_points"]
