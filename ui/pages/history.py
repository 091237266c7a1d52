"""History: the score and how much was checked, scan after scan, and every past scan, each one openable.

The chart (ui/widgets/score_chart.py) and the list of past scans (a ``RunsModel`` over ``Store.list_runs()``,
newest first) show the same scans; clicking a point selects its row. Opening a scan (double-click, Enter or the
Open button) shows its results in the same results list as This device, with each result worded as the printed
report words it, read from ``Store.load_run()``. Nothing on this page changes the history.

What changed in each scan since the one before (``auditor.changes``) is a column of the list and, for an opened
scan, a few lines above its results. It needs every scan read, so it is worked out on a worker, again only when the
list of scans itself changes (a new scan, or the history erased): saved scans never change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor.advice import STRATEGIES
from auditor.changes import Comparison, change_line, history_changes, summary
from auditor.model import Result, ScanRun, Status
from auditor.scoring import Scorecard, scorecard
from auditor.textreport import describe_line
from ui.context import AppContext
from ui.models.roles import KEY_ROLE
from ui.models.runs import RunsModel, when_label
from ui.pages import Page
from ui.style import heading, muted, plain_label
from ui.tasks import Cancelled
from ui.widgets.detail_pane import ReportDetails
from ui.widgets.results_list import ResultsList, ResultsListLook
from ui.widgets.scan_panel import ScanPanel
from ui.widgets.score_chart import OVERALL, ScoreChart, chart_points

HISTORY_LIMIT = 500  # scans listed and drawn; a family scanning weekly has ten years here
CHANGES_LISTED = 6  # changes listed one a line for an opened scan; the rest are counted

PAST_SCAN_LOOK = ResultsListLook(
    list_name="Results of this scan",
    search_hint="Search this scan",
    search_name="Search this scan's results",
    filter_name="Show which results",
    filter_tip="Show everything, or only what needs attention, what is OK or what was not checked",
    search_first=False,
    details_beside=True,
    full_table=False,
    no_results="This scan has no results.",
    no_match="Nothing matches. Choose \u201cAll\u201d or clear the search to see every result.",
    nothing_needs_attention="Nothing in this scan needs attention. Choose \u201cAll\u201d to see every result.",
)


class RunView(QWidget):
    """A past scan, read-only: when and where, its score and what needed action, then its results."""

    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.changes = plain_label()
        self.changes.setAccessibleName("What changed since the scan before")
        self.results = ResultsList(context, PAST_SCAN_LOOK, ReportDetails)
        # The results list leaves Tab to the table only in This device's look; here too Tab must leave the table.
        self.results.table.setTabKeyNavigation(False)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.action)
        layout.addWidget(self.changes)
        layout.addWidget(self.results, 1)

    def show_run(self, run: ScanRun) -> None:
        self.run = run
        self.card = card = scorecard(run.results)
        self.title.setText(f"Scan of {when_label(run.finished_at)}")
        self.title.setAccessibleName(self.title.text())
        system = run.os_name or run.platform
        stopped = " The scan was stopped before it finished." if run.cancelled else ""
        self.summary.setText(f"{run.hostname} \u00b7 {system}. Score: {describe_line(card.overall)}.{stopped}")
        titles = [r.title + (f" ({r.subject})" if r.subject else "") for r in run.results
                  if r.check_id in card.action_needed and r.status is Status.FAIL]
        self.action.setText("Action needed: " + "; ".join(titles) if titles else "")
        self.action.setVisible(bool(titles))
        self.results.search.clear()
        # The list keeps it sorted, what needs attention first, and shows the first result's details.
        self.results.set_results(run.results, platform=run.platform, keep_selection=False)

    def show_changes(self, comparison: Comparison | None, *, known: bool, working: bool) -> None:
        """What changed since the scan before this one: the sentence, then the changes one a line, most serious
        first. ``known`` is False while it is being worked out (``working``) or when it could not be."""
        if not known:
            self.changes.setText("Working out what changed since the scan before\u2026" if working else "")
            self.changes.setVisible(working)
            return
        said = summary(comparison) or "This is the first scan kept here, so there is nothing to compare it with."
        changed = comparison.changed if comparison is not None else ()
        lines = [said, *(f"\u2022 {change_line(c)}" for c in changed[:CHANGES_LISTED])]
        if len(changed) > CHANGES_LISTED:
            lines.append(f"\u2022 and {len(changed) - CHANGES_LISTED} more")
        self.changes.setText("\n".join(lines))
        self.changes.show()

    def selected_result(self) -> Result | None:
        return self.results.selected_result()


class HistoryPage(Page):
    page_id = "history"
    title = "History"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.runs_model = RunsModel(self)
        self._changes_for: tuple[int, ...] | None = None  # the scans "what changed" is (being) worked out for
        self._changes_working = False

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
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move within it
        self.table.setToolTip("Press Enter or double-click a scan to see its results")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # What changed takes the room left (elided when short of it; its tooltip has the whole sentence). The
        # computer's name is shown only when the scans are not all of one computer (a data folder copied over).
        header.setSectionResizeMode(RunsModel.COL_CHANGES, QHeaderView.ResizeMode.Stretch)
        self.table.viewport().installEventFilter(self)  # its width changes with the window and the scroll bar
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """What changed takes the room the others leave, but never less than its title: when the others' contents
        leave less (a large font in a small window), the widest of them gives up the difference instead, its text
        shortened with "\u2026" (each cell's tooltip has it whole)."""
        header = self.table.horizontalHeader()
        model = self.runs_model
        others = [c for c in range(model.columnCount()) if c != RunsModel.COL_CHANGES and not header.isSectionHidden(c)]
        wants = {c: max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in others}
        changes_least = max(self.table.sizeHintForColumn(RunsModel.COL_CHANGES),
                            header.sectionSizeHint(RunsModel.COL_CHANGES))
        short = sum(wants.values()) + changes_least > header.viewport().width() and bool(wants)
        giver = max(wants, key=lambda c: wants[c]) if short else None
        fit = QHeaderView.ResizeMode.ResizeToContents
        for column in others:
            mode = QHeaderView.ResizeMode.Stretch if column == giver else fit
            if header.sectionResizeMode(column) != mode:
                header.setSectionResizeMode(column, mode)
        changes_mode = fit if short else QHeaderView.ResizeMode.Stretch
        if header.sectionResizeMode(RunsModel.COL_CHANGES) != changes_mode:
            header.setSectionResizeMode(RunsModel.COL_CHANGES, changes_mode)

    # -- data ------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_run_id()
        self.runs_model.set_rows(self.context.store.list_runs(limit=HISTORY_LIMIT))
        count = self.runs_model.rowCount()
        has_runs = count > 0
        self.table.setColumnHidden(RunsModel.COL_DEVICE, len({r.hostname for r in self.runs_model.rows()}) < 2)
        self.empty.setVisible(not has_runs)
        self.splitter.setVisible(has_runs)
        self.intro.setVisible(has_runs)
        self.list_part.setVisible(has_runs)
        self.count_label.setText(f"{count} scan{'s' if count != 1 else ''} kept on this computer"
                                 if count < HISTORY_LIMIT else f"The newest {count} scans")
        self._update_chart()
        self._fit_columns()
        self._work_out_changes()
        if (selected is None or not self.select_run(selected)) and has_runs:
            self.select_run(self.runs_model.rows()[0].run_id)
        self.open_button.setEnabled(self.selected_run_id() is not None)

    def _work_out_changes(self) -> None:
        """Each scan against the one before it, on a worker, when the list of scans is not the one already done."""
        ids = tuple(r.run_id for r in self.runs_model.rows())
        if ids == self._changes_for or not self.context.tasks.accepting:
            return
        self._changes_for, self._changes_working = ids, True
        store = self.context.store
        self.context.tasks.run(lambda handle: history_changes(store, ids), name="work out what changed",
                               on_success=lambda found: self._changes_ready(ids, found),
                               on_failure=lambda exc: self._changes_failed(ids, exc))

    def _changes_ready(self, ids: tuple[int, ...], found: dict[int, Comparison | None]) -> None:
        if ids != self._changes_for:
            return  # the list changed meanwhile; its own answer is on its way
        self._changes_working = False
        self.runs_model.set_changes(found)
        self._fit_columns()
        self._show_run_changes()

    def _changes_failed(self, ids: tuple[int, ...], exc: BaseException) -> None:
        if ids != self._changes_for:
            return
        self._changes_for, self._changes_working = None, False  # tried again on the next refresh
        self._show_run_changes()
        if not isinstance(exc, Cancelled):
            self.context.tasks.present_error(exc)

    def _show_run_changes(self) -> None:
        run = self.run_view.run
        if run is None or run.run_id is None:
            return
        self.run_view.show_changes(self.runs_model.changes_of(run.run_id),
                                   known=self.runs_model.knows_changes_of(run.run_id),
                                   working=self._changes_working)

    def _update_chart(self) -> None:
        strategy = self.series.currentData() or OVERALL
        name = "Score" if strategy == OVERALL else f"Score for \u201c{self.series.currentText()}\u201d"
        self.chart.set_points(chart_points(self.runs_model.rows(), strategy), name)
        self.chart.set_selected(self.selected_run_id())

    # -- selection and opening -------------------------------------------------------------------------------------
    def selected_run_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex() if self.table.selectionModel() else QModelIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

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
        self.chart.set_selected(current.data(KEY_ROLE) if current.isValid() else None)
        self.open_button.setEnabled(current.isValid())

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_run(index.data(KEY_ROLE))

    def open_selected(self) -> None:
        run_id = self.selected_run_id()
        if run_id is not None:
            self.open_run(run_id)

    def open_run(self, run_id: int) -> bool:
        """Show one past scan's results. False (and a calm word) if it is no longer in the history."""
        run = self.context.store.load_run(run_id)
        if run is None:
            self.refresh()
            self.count_label.setText("That scan is no longer in the history.")
            return False
        self.select_run(run_id)
        self.run_view.show_run(run)
        self._show_run_changes()
        self.stack.setCurrentWidget(self.run_view)
        self.run_view.results.table.setFocus()
        return True

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    @property
    def showing_run(self) -> ScanRun | None:
        return self.run_view.run if self.stack.currentWidget() is self.run_view else None


__all__ = ["HistoryPage", "RunView"]
