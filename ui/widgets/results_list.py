"""One results list, used by This device and by an opened past scan on History: a search box and a status filter,
the results table, and the details of the chosen result.

The table is a ``ResultsModel`` behind a ``ResultsFilter``, sorted with what needs attention first. Rows can be
given all at once (``set_results``) or one by one as a scan reports them (``add_result``). Whatever narrows the
list, the chosen result stays chosen when it is still listed; otherwise the first row is chosen, and its details
shown. When nothing is listed, one calm line says why, and the details make way for it.

A page says how its list looks with a ``ResultsListLook``: the words, whether the details sit beside the list or
below it, and whether the table shows every column, sortable by its header.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor.model import Result
from ui.context import AppContext
from ui.models.results import (
    COL_ADVICE,
    COL_CHECK,
    COL_IMPORTANCE,
    COL_STATUS,
    IMPORTANCE_WORDS,
    STATUS_FILTERS,
    ResultsFilter,
    ResultsModel,
)
from ui.models.roles import ITEM_ROLE, KEY_ROLE
from ui.style import STATUS_WORDS, fit_text, muted, plain_label
from ui.widgets.detail_pane import DetailPane, ReportDetails

Details = DetailPane | ReportDetails
SHORTEST_TABLE_ROWS = 6  # the table never shows fewer rows than this, whatever the font size
DETAILS_LINES = 8  # the details below the list keep at least this many lines of text
# The check's title keeps at least this many characters' room; a column the details also show makes way for it.
CHECK_TITLE_CHARACTERS = {True: 40, False: 20}


@dataclass(frozen=True)
class ResultsListLook:
    """How one page shows its results: what the controls say, and how the list and details are arranged."""

    list_name: str  # what a screen reader calls the table
    search_hint: str
    search_name: str
    filter_name: str
    filter_tip: str
    filter_label: str = "&Show:"
    search_label: str = ""  # a visible label before the search box; "" for none
    search_first: bool = True  # the search box before the status filter, or after it
    details_beside: bool = False  # the details beside the list (a past scan) rather than below it
    # The table: all four columns, sorted by clicking their headers (This device); or, beside details that name the
    # advice, status, check and importance in fixed widths, always with what needs attention first (a past scan).
    full_table: bool = True
    no_results: str = "No checks yet."
    no_match: str = "Nothing matches. Choose \u201cAll\u201d or clear the search to see every check."
    nothing_needs_attention: str = "Nothing needs attention. Choose \u201cAll\u201d to see every check."


class ResultsList(QWidget):
    """Search, status filter, the results table and the details of the chosen row."""

    def __init__(self, context: AppContext, look: ResultsListLook, details: type[Details],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.look = look
        self.platform = ""  # the platform the results are from: the details word some things per platform
        self.no_results_text = look.no_results

        self.model = ResultsModel(self)
        self.proxy = ResultsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(look.search_hint)
        self.search.setAccessibleName(look.search_name)
        self.search.setClearButtonEnabled(True)
        fit_text(self.search)
        self.search.textChanged.connect(self._on_search)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(look.filter_name)
        self.status_filter.setToolTip(look.filter_tip)
        for key, label, _ in STATUS_FILTERS:
            self.status_filter.addItem(label, key)
        self.status_filter.setCurrentIndex(self.status_filter.findData("all"))
        self.status_filter.currentIndexChanged.connect(self._on_status_filter)
        filter_label = QLabel(look.filter_label)
        filter_label.setBuddy(self.status_filter)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(look.list_name)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self._size_rows()
        if look.full_table:
            self.table.setTabKeyNavigation(False)
            self.table.setSortingEnabled(True)
            self.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
        else:
            self.proxy.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
        self._size_columns()
        # A resized table gives its columns out again (_fit_columns); its viewport is resized after the table
        # itself, so that is the one watched.
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.proxy.modelReset.connect(self._after_reset)

        self.empty = muted(plain_label(""))
        self.empty.setAccessibleName("No results")
        self.empty.hide()
        self.details = details(context)

        filters = QHBoxLayout()
        if look.search_label:
            search_label = QLabel(look.search_label)
            search_label.setBuddy(self.search)
            filters.addWidget(search_label)
        if look.search_first:
            filters.addWidget(self.search, 2)
            filters.addSpacing(12)
            filters.addWidget(filter_label)
            filters.addWidget(self.status_filter)
            filters.addStretch(1)
        else:
            filters.addWidget(filter_label)
            filters.addWidget(self.status_filter)
            filters.addWidget(self.search, 1)

        # Widgets join the window's Tab order as they are placed, so they are placed in the order they are read:
        # the filters, the list, then the details.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if look.details_beside:
            layout.addLayout(filters)
        listed = QWidget()
        listed_layout = QVBoxLayout(listed)
        listed_layout.setContentsMargins(0, 0, 0, 0)
        if not look.details_beside:
            listed_layout.addLayout(filters)
        listed_layout.addWidget(self.empty)
        listed_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal if look.details_beside else Qt.Orientation.Vertical)
        self.splitter.addWidget(listed)
        self.splitter.addWidget(self.details)
        self.splitter.setChildrenCollapsible(False)
        if not look.details_beside:
            # Below the list, the details give way first when the window is short for the font (their text
            # scrolls), so the list keeps its SHORTEST_TABLE_ROWS: the details' own minimum counts their wrapped
            # lines at a narrow width, far more than the room they take.
            self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * DETAILS_LINES)
        self.splitter.setStretchFactor(0, 3 if look.details_beside else 5)
        self.splitter.setStretchFactor(1, 2 if look.details_beside else 6)
        layout.addWidget(self.splitter, 1)

        first, second = (self.search, self.status_filter) if look.search_first else (self.status_filter, self.search)
        self.setTabOrder(first, second)
        self.setTabOrder(second, self.table)
        self._update_empty()

    def _size_rows(self) -> None:
        """Rows a line of text high with a little air, and the table tall enough for SHORTEST_TABLE_ROWS of them."""
        metrics = self.table.fontMetrics()
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(max(rows.defaultSectionSize(), metrics.height() + metrics.height() // 2))
        frame = 2 * self.table.frameWidth()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(header + frame + SHORTEST_TABLE_ROWS * rows.defaultSectionSize())

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        if self.look.full_table:
            header.setHighlightSections(False)
            header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(COL_CHECK, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(COL_ADVICE, QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(COL_IMPORTANCE, QHeaderView.ResizeMode.ResizeToContents)
            self._optional_width = fm.averageCharWidth() * 20
            header.resizeSection(COL_ADVICE, self._optional_width)
            return
        # Widths from the words the columns can hold, not from every row: measuring hundreds of rows through
        # Python would hold the window up when a long scan is opened.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_CHECK, QHeaderView.ResizeMode.Stretch)
        pad = fm.height() * 2 + 16
        header.resizeSection(COL_STATUS, max(fm.horizontalAdvance(w) for w in STATUS_WORDS.values()) + pad)
        header.hideSection(COL_ADVICE)  # the kind of advice is in the details, so the check's title keeps the room
        self._optional_width = max(fm.horizontalAdvance(w) for w in (*IMPORTANCE_WORDS.values(), "Importance")) + 16
        header.resizeSection(COL_IMPORTANCE, self._optional_width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """At a large font or in a narrow window, the column the details also name (the kind of advice on This
        device, the importance beside a past scan's details) makes way, so the check's title stays readable."""
        header = self.table.horizontalHeader()
        optional = COL_ADVICE if self.look.full_table else COL_IMPORTANCE
        fm = self.table.fontMetrics()
        others = sum(header.sectionSize(c) for c in (COL_STATUS, COL_ADVICE, COL_IMPORTANCE)
                     if c != optional and not header.isSectionHidden(c))
        room = self.table.viewport().width() - others - self._optional_width
        narrow = room < fm.averageCharWidth() * CHECK_TITLE_CHARACTERS[self.look.full_table]
        if narrow != header.isSectionHidden(optional):
            header.setSectionHidden(optional, narrow)
            if not narrow:
                header.resizeSection(optional, self._optional_width)

    # -- filling -------------------------------------------------------------------------------------------------
    def set_results(self, results: Iterable[Result], *, platform: str = "", keep_selection: bool = True) -> None:
        """Show these results. The chosen one stays chosen if it is still listed (unless ``keep_selection`` is
        False); otherwise the first row, which is what needs attention most."""
        items = list(results)
        key = self.selected_key() if keep_selection else None
        self.platform = platform
        if items != self.model.rows():  # the same rows again (a page refreshed after a scan it showed): keep them
            self.model.set_rows(items)
        if not (key and self._reselect_visible(key)):
            self.select_row(0)
        self._update_empty()
        self._fit_columns()

    def add_result(self, result: Result) -> None:
        """One more result, as a scan reports it; the first to arrive is chosen."""
        first = self.model.rowCount() == 0
        self.model.put(result)
        if first:
            self.select_row(0)
        self._update_empty()

    def clear(self, waiting_text: str = "") -> None:
        """Empty the list; ``waiting_text`` says in the details what will fill it."""
        self.model.clear()
        self.details.show_result(None, empty_text=waiting_text)
        self._update_empty()

    def set_no_results_text(self, text: str) -> None:
        self.no_results_text = text
        self._update_empty()

    def clear_filters(self) -> None:
        self.search.clear()
        self.status_filter.setCurrentIndex(self.status_filter.findData("all"))

    # -- selection -----------------------------------------------------------------------------------------------
    def selected_result(self) -> Result | None:
        index = self.table.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def selected_key(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

    def select_key(self, check_id: str, subject: str = "") -> bool:
        """Choose one check's row, clearing the search and the filter if they hide it."""
        row = self.model.row_of_check(check_id, subject)
        if row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():  # hidden by the filter: show everything so the person sees it
            self.clear_filters()
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.select_row(proxy_index.row())
        return proxy_index.isValid()

    def select_row(self, row: int) -> None:
        """Choose a row of the list as shown (filtered and sorted), and show its details."""
        if not 0 <= row < self.proxy.rowCount():
            self.details.show_result(None)
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._on_current(index, QModelIndex())

    def _reselect_visible(self, key: tuple[str, str]) -> bool:
        row = self.model.row_of(key)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if index.isValid():
            self.select_row(index.row())
        return index.isValid()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.details.show_result(current.data(ITEM_ROLE) if current.isValid() else None, platform=self.platform)

    def _after_reset(self) -> None:
        if not self.table.currentIndex().isValid():
            self.details.show_result(None)

    # -- narrowing -----------------------------------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        key = self.selected_key()
        self.proxy.set_text(text)
        self._after_narrowing(key)

    def _on_status_filter(self) -> None:
        key = self.selected_key()
        self.proxy.set_status_filter(self.status_filter.currentData())
        self._after_narrowing(key)

    def _after_narrowing(self, key: tuple[str, str] | None) -> None:
        if not (key and self._reselect_visible(key)):
            self.select_row(0)
        self._update_empty()

    def _update_empty(self) -> None:
        if self.model.rowCount() == 0:
            text = self.no_results_text
        elif self.proxy.rowCount() == 0:
            text = (self.look.no_match if self.proxy.status_key != "attention" or self.search.text() else
                    self.look.nothing_needs_attention)
        else:
            text = ""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.details.setVisible(self.proxy.rowCount() > 0)  # the line above the list says why it is empty
        if self.proxy.rowCount() == 0:
            self.details.show_result(None)


__all__ = ["ResultsList", "ResultsListLook"]
