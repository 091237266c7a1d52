"""History: the score and how much was checked, scan after scan, and every past scan, each one openable.

The chart is painted here with QPainter from the page's palette, so it follows the light or dark theme and needs
no extra library. It draws the score, the band where the real score could lie (the unchecked parts counted as
failed, or as passed) and, dashed, how much could be checked; or one kind of advice's score, chosen in a combo.
The list is a QAbstractTableModel over ``Store.list_runs()``, newest first. Opening a scan (double-click, Enter or
the Open button) shows its results in the same list-and-details look as the device page, read from
``Store.load_run()``; nothing on this page changes the history.
"""

from __future__ import annotations

import html
import itertools
import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeySequence, QMouseEvent, QPainter, QPainterPath, QPalette, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from auditor.advice import STRATEGIES
from auditor.model import ScanRun, Status
from auditor.report_html import result_html
from auditor.scoring import Scorecard, ScoreLine, scorecard
from auditor.store import RunSummary
from auditor.textreport import describe_line
from ui.context import AppContext
from ui.models import IMPORTANCE_WORDS, STATUS_FILTERS, STRATEGY_TITLES, ResultsFilter, ResultsModel
from ui.pages import Page
from ui.scan_view import ScanPanel
from ui.style import STATUS_WORDS, heading, is_dark, muted, plain_label, status_icon

HISTORY_LIMIT = 500  # scans listed and drawn; a family scanning weekly has ten years here
OVERALL = ""  # the chart's "series" for the overall score


def when_label(timestamp: float) -> str:
    return time.strftime("%d %b %Y, %H:%M", time.localtime(timestamp))


def short_date(timestamp: float) -> str:
    return time.strftime("%d %b", time.localtime(timestamp)).lstrip("0")


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{round(value):d}"


# -- the list of past scans -------------------------------------------------------------------------------------------

class RunsModel(QAbstractTableModel):
    """Past scans, newest first: when, device, score, how much was checked, and whether action is needed."""

    RunIdRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    HEADERS = ("When", "Device", "Score", "Checked", "Action needed")
    COL_WHEN, COL_DEVICE, COL_SCORE, COL_CHECKED, COL_ACTION = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._runs: list[RunSummary] = []
        self._icons: dict[tuple[Status, bool], QIcon] = {}

    def set_runs(self, runs: list[RunSummary]) -> None:
        self.beginResetModel()
        self._runs = sorted(runs, key=lambda r: (r.started_at, r.run_id), reverse=True)
        self.endResetModel()

    def runs(self) -> list[RunSummary]:
        return list(self._runs)

    def row_of(self, run_id: int) -> int:
        return next((row for row, run in enumerate(self._runs) if run.run_id == run_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._runs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in (self.COL_SCORE, self.COL_CHECKED):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._runs):
            return None
        run = self._runs[index.row()]
        column = index.column()
        if role == self.RunIdRole:
            return run.run_id
        if role == self.SummaryRole:
            return run
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(run, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(run)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_SCORE, self.COL_CHECKED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_ACTION:
            return self._icon(Status.FAIL if run.action_needed else Status.PASS)
        return None

    def _text(self, run: RunSummary, column: int) -> str:
        if column == self.COL_WHEN:
            return when_label(run.finished_at) + (" (stopped early)" if run.cancelled else "")
        if column == self.COL_DEVICE:
            return run.hostname
        if column == self.COL_SCORE:
            return percent_text(run.score)
        if column == self.COL_CHECKED:
            return "—" if run.coverage is None else f"{round(run.coverage * 100):d}%"
        if run.action_needed:
            return "1 thing to fix first" if run.action_needed == 1 else f"{run.action_needed} things to fix first"
        return "None"

    def _icon(self, status: Status) -> QIcon:
        key = (status, is_dark())  # drawn once per theme, not on every repaint
        if key not in self._icons:
            self._icons[key] = status_icon(status)
        return self._icons[key]

    def _tooltip(self, run: RunSummary) -> str:
        line = describe_line(ScoreLine(run.score, run.coverage, run.lowest, run.highest))
        return f"Scan {run.run_id} of {run.hostname}: {line}. Press Enter or double-click to see its results."


# -- the chart ------------------------------------------------------------------------------------------------------

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
        text = f"{len(self._points)} scan{'s' if len(self._points) != 1 else ''}. Latest: {self._series_name.lower()} "
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
        top = fm.height() * 2 + 6
        bottom = fm.height() + 12
        return QRectF(left, top, max(10.0, self.width() - left - 18), max(10.0, self.height() - top - bottom))

    def _x(self, i: int, plot: QRectF) -> float:
        if len(self._points) <= 1:
            return plot.center().x()
        inset = min(24.0, plot.width() / 8)
        return plot.left() + inset + (plot.width() - 2 * inset) * i / (len(self._points) - 1)

    @staticmethod
    def _y(value: float, plot: QRectF) -> float:
        return plot.bottom() - plot.height() * max(0.0, min(100.0, value)) / 100.0

    def point_pos(self, i: int) -> QPointF:
        """Where the i-th scan (oldest first) is drawn: on its score, or on the baseline when it has none."""
        plot = self._plot_rect()
        score = self._points[i].score
        return QPointF(self._x(i, plot), self._y(score if score is not None else 0.0, plot))

    def _nearest(self, x: float) -> int | None:
        if not self._points:
            return None
        plot = self._plot_rect()
        best = min(range(len(self._points)), key=lambda i: abs(self._x(i, plot) - x))
        return best if abs(self._x(best, plot) - x) <= max(14.0, plot.width() / (2 * len(self._points))) else None

    # -- painting --------------------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
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

    def _segments(self, keep) -> list[list[int]]:
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

    def _draw_line(self, painter: QPainter, plot: QRectF, value, pen: QPen, dot: QColor, *, hollow: bool) -> None:
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

    def _draw_legend(self, painter: QPainter, fm, accent: QColor, band: QColor, soft: QColor) -> None:
        x, y = 12.0, 8.0
        h = fm.height()
        mid = y + h / 2
        items = [("line", accent, self._series_name)]
        if any(p.lowest is not None for p in self._points):
            items.append(("band", band, "Where the real score could be"))
        if any(p.coverage is not None for p in self._points):
            items.append(("dash", soft, "How much was checked (%)"))
        for kind, colour, label in items:
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
            x += 28 + fm.horizontalAdvance(label) + 22

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


# -- one past scan, opened ------------------------------------------------------------------------------------------

class RunView(QWidget):
    """A past scan's results, read-only: the list with a status filter, and the selected result's details."""

    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.run: ScanRun | None = None
        self.card: Scorecard | None = None

        self.back_button = QPushButton("\u2190 &Back to all scans")
        self.back_button.setAccessibleName("Back to all scans")
        self.back_button.setToolTip("Go back to the chart and the list of scans (Alt+B or Alt+Left)")
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        # Not Esc: the main window keeps Esc (pressed twice) for the quick exit, and two shortcuts on one key
        # would cancel each other out.
        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)

        self.title = heading("", 2)
        self.summary = plain_label()
        self.action = plain_label()

        self.model = ResultsModel(self)
        self.proxy = ResultsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(0, Qt.SortOrder.AscendingOrder)

        self.filter = QComboBox()
        for key, label, _ in STATUS_FILTERS:
            self.filter.addItem(label, key)
        self.filter.setCurrentIndex(self.filter.findData("all"))
        self.filter.setAccessibleName("Show which results")
        self.filter.setToolTip("Show everything, or only what needs attention, what is OK or what was not checked")
        self.filter.currentIndexChanged.connect(lambda _: self.proxy.set_status_filter(self.filter.currentData()))
        filter_label = QLabel("&Show:")
        filter_label.setBuddy(self.filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search this scan")
        self.search.setAccessibleName("Search this scan's results")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Results of this scan")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        # Widths from the words the columns can hold, not from every row: measuring hundreds of rows through
        # Python would hold the window up when a long scan is opened.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        pad = fm.height() * 2 + 16
        header.resizeSection(0, max(fm.horizontalAdvance(w) for w in STATUS_WORDS.values()) + pad)
        header.hideSection(2)  # the kind of advice is in the details, so the check's title keeps the room
        header.resizeSection(3, max(fm.horizontalAdvance(w) for w in (*IMPORTANCE_WORDS.values(), "Importance")) + 16)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.details = QTextBrowser()
        self.details.setAccessibleName("Details of the selected result")
        self.details.setOpenLinks(False)
        self.details.setOpenExternalLinks(False)
        self.details.anchorClicked.connect(self._open_link)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(filter_label)
        filters.addWidget(self.filter)
        filters.addWidget(self.search, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.action)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def show_run(self, run: ScanRun) -> None:
        self.run = run
        self.card = card = scorecard(run.results)
        self.title.setText(f"Scan of {when_label(run.finished_at)}")
        self.title.setAccessibleName(self.title.text())
        system = run.os_name or run.platform
        stopped = " The scan was stopped before it finished." if run.cancelled else ""
        self.summary.setText(f"{run.hostname} · {system}. Score: {describe_line(card.overall)}.{stopped}")
        titles = [r.title + (f" ({r.subject})" if r.subject else "") for r in run.results
                  if r.check_id in card.action_needed and r.status is Status.FAIL]
        self.action.setText("Action needed: " + "; ".join(titles) if titles else "")
        self.action.setVisible(bool(titles))
        self.search.clear()
        self.model.set_results(run.results)  # the filter keeps it sorted: what needs attention first
        if self.proxy.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._show_selected()

    def selected_result(self):
        index = self.table.selectionModel().currentIndex()
        return self.proxy.result_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        result = self.selected_result()
        if result is None:
            self.details.setPlainText("Choose a result on the left to see the reason, what was looked at and how "
                                      "to fix it.")
            return
        advice = STRATEGY_TITLES.get(result.strategy, "")
        part = f"<p>Part of the advice: <i>{html.escape(advice)}</i></p>" if advice else ""
        self.details.setHtml(result_html(result) + part)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            self.context.open_url(url.toString())


# -- the page -------------------------------------------------------------------------------------------------------

class HistoryPage(Page):
    page_id = "history"
    title = "History"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.runs_model = RunsModel(self)

        self.stack = QStackedWidget()
        self.run_view = RunView(context)
        self.run_view.back_requested.connect(self.show_list)

        # the list view: chart, combo, table
        overview = QWidget()
        intro = self.intro = muted(plain_label(
            "Every scan is kept on this computer. The line shows the score after each scan, the shading where the "
            "real score could be, and the dashed line how much could be checked. Open a scan to see its results."))
        self.series = QComboBox()
        self.series.addItem("The overall score", OVERALL)
        for strategy in STRATEGIES:
            self.series.addItem(strategy.title, strategy.id)
        self.series.setAccessibleName("Which score the chart shows")
        self.series.setToolTip("Show the overall score, or the score for one kind of advice")
        self.series.currentIndexChanged.connect(lambda _: self._update_chart())
        series_label = QLabel("&Chart shows:")
        series_label.setBuddy(self.series)

        self.chart = ScoreChart()
        self.chart.point_clicked.connect(self.select_run)

        self.table = QTableView()
        self.table.setModel(self.runs_model)
        self.table.setAccessibleName("Past scans")
        self.table.setToolTip("Press Enter or double-click a scan to see its results")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RunsModel.COL_DEVICE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._selection_changed(current))

        self.open_button = QPushButton("&Open this scan")
        self.open_button.setAccessibleName("Open the selected scan")
        self.open_button.setToolTip("See every result of the selected scan (or press Enter in the list)")
        self.open_button.clicked.connect(self.open_selected)
        self.count_label = muted(plain_label(wrap=False))

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(plain_label("No scans yet. Scan this computer and the result is kept here; "
                                           "scan again later to see what changed."))
        self.scan_panel = ScanPanel(context, "&Scan this computer")
        empty_layout.addWidget(self.scan_panel)
        empty_layout.addStretch(1)

        chooser = QHBoxLayout()
        chooser.addWidget(series_label)
        chooser.addWidget(self.series)
        chooser.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.open_button)

        self.list_part = QWidget()
        list_layout = QVBoxLayout(self.list_part)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(heading("Past scans", 2))
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(buttons)

        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical)
        chart_part = QWidget()
        chart_layout = QVBoxLayout(chart_part)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addLayout(chooser)
        chart_layout.addWidget(self.chart, 1)
        splitter.addWidget(chart_part)
        splitter.addWidget(self.list_part)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)

        overview_layout = QVBoxLayout(overview)
        overview_layout.setContentsMargins(0, 0, 0, 0)
        overview_layout.addWidget(intro)
        overview_layout.addWidget(self.empty)
        overview_layout.addWidget(splitter, 1)
        self.stack.addWidget(overview)
        self.stack.addWidget(self.run_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading(self.title))
        layout.addWidget(self.stack, 1)

        context.scan_finished.connect(self.refresh_if_visible)
        self.refresh()

    # -- data ------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_run_id()
        self.runs_model.set_runs(self.context.store.list_runs(limit=HISTORY_LIMIT))
        has_runs = self.runs_model.rowCount() > 0
        self.empty.setVisible(not has_runs)
        self.splitter.setVisible(has_runs)
        self.intro.setVisible(has_runs)
        self.list_part.setVisible(has_runs)
        count = self.runs_model.rowCount()
        self.count_label.setText(f"{count} scan{'s' if count != 1 else ''} kept on this computer"
                                 if count < HISTORY_LIMIT else f"The newest {count} scans")
        self._update_chart()
        if (selected is None or not self.select_run(selected)) and has_runs:
            self.select_run(self.runs_model.runs()[0].run_id)
        self.open_button.setEnabled(self.selected_run_id() is not None)

    def _update_chart(self) -> None:
        strategy = self.series.currentData() or OVERALL
        name = "Score" if strategy == OVERALL else f"Score for \u201c{self.series.currentText()}\u201d"
        self.chart.set_points(chart_points(self.runs_model.runs(), strategy), name)
        self.chart.set_selected(self.selected_run_id())

    # -- selection and opening -------------------------------------------------------------------------------------
    def selected_run_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex() if self.table.selectionModel() else QModelIndex()
        return index.data(RunsModel.RunIdRole) if index.isValid() else None

    def select_run(self, run_id: int) -> bool:
        row = self.runs_model.row_of(run_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.runs_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.runs_model.index(row, 0))
        return True

    def _selection_changed(self, current: QModelIndex) -> None:
        self.chart.set_selected(current.data(RunsModel.RunIdRole) if current.isValid() else None)
        self.open_button.setEnabled(current.isValid())

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_run(index.data(RunsModel.RunIdRole))

    def open_selected(self) -> None:
        run_id = self.selected_run_id()
        if run_id is not None:
            self.open_run(run_id)

    def open_run(self, run_id: int) -> bool:
        """Show one past scan's results. False (and a calm word) if it is no longer in the history."""
        run = self.context.store.load_run(run_id)
        if run is None:
            self.count_label.setText("That scan is no longer in the history.")
            self.refresh()
            return False
        self.select_run(run_id)
        self.run_view.show_run(run)
        self.stack.setCurrentWidget(self.run_view)
        self.run_view.table.setFocus()
        return True

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    @property
    def showing_run(self) -> ScanRun | None:
        return self.run_view.run if self.stack.currentWidget() is self.run_view else None


__all__ = ["ChartPoint", "HistoryPage", "RunView", "RunsModel", "ScoreChart", "chart_points"]
