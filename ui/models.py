"""Item models for lists of results: one row per result, filled row by row while a scan runs.

``ResultsModel`` is a plain ``QAbstractTableModel`` (status, check, advice, importance) with custom roles that hand
the ``Result`` itself to views and detail panes. ``ResultsFilter`` narrows it by a search text and by a status
group ("Needs attention", "All", "OK", "Not checked") and sorts it so that what needs attention comes first.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QIcon

from auditor.advice import STRATEGIES
from auditor.model import Result, Severity, Status
from auditor.scoring import WEIGHTS
from ui.style import STATUS_WORDS, is_dark, status_icon

ResultRole = Qt.ItemDataRole.UserRole + 1  # the Result object
StatusRole = Qt.ItemDataRole.UserRole + 2  # its status value ("fail"); Status(value) gives the enum back
SortRole = Qt.ItemDataRole.UserRole + 3  # a value that sorts the column sensibly
KeyRole = Qt.ItemDataRole.UserRole + 4  # (check_id, subject): what identifies a row

COL_STATUS, COL_CHECK, COL_ADVICE, COL_IMPORTANCE = range(4)
HEADERS = ("Status", "Check", "Advice", "Importance")

# What needs attention first: the order rows take when sorted by status.
STATUS_ORDER = {Status.FAIL: 0, Status.PARTIAL: 1, Status.ERROR: 2, Status.UNKNOWN: 3, Status.PASS: 4,
                Status.NOT_APPLICABLE: 5}
IMPORTANCE_WORDS = {
    Severity.CRITICAL: "Most important", Severity.HIGH: "High", Severity.MEDIUM: "Medium", Severity.LOW: "Low",
    Severity.INFO: "For information",
}
STRATEGY_TITLES = {s.id: s.title for s in STRATEGIES}

# The status filter: (key, what the person sees, the statuses it keeps; None keeps everything).
STATUS_FILTERS: tuple[tuple[str, str, frozenset[Status] | None], ...] = (
    ("attention", "Needs attention", frozenset({Status.FAIL, Status.PARTIAL})),
    ("all", "All", None),
    ("ok", "OK", frozenset({Status.PASS})),
    ("unchecked", "Not checked", frozenset({Status.UNKNOWN, Status.ERROR})),
)


def result_key(result: Result) -> tuple[str, str]:
    return (result.check_id, result.subject)


def check_text(result: Result) -> str:
    """The title, with who or what a guided answer is about."""
    return f"{result.title} \u2014 {result.subject}" if result.subject else result.title


def strategy_title(strategy_id: str) -> str:
    return STRATEGY_TITLES.get(strategy_id, "Not scored")


class ResultsModel(QAbstractTableModel):
    """Results in the order they arrived. ``add_result`` inserts (or updates) one row at a time."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._results: list[Result] = []
        self._rows: dict[tuple[str, str], int] = {}
        self._icons: dict[tuple[Status, bool], QIcon] = {}

    # -- filling -------------------------------------------------------------------------------------------------
    def set_results(self, results: Iterable[Result]) -> None:
        self.beginResetModel()
        self._results = []
        self._rows = {}
        for result in results:
            key = result_key(result)
            if key in self._rows:
                self._results[self._rows[key]] = result
            else:
                self._rows[key] = len(self._results)
                self._results.append(result)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results(())

    def add_result(self, result: Result) -> int:
        """Add one result as a new row, or update the row of the same check and subject. Returns the row."""
        key = result_key(result)
        row = self._rows.get(key)
        if row is not None:
            self._results[row] = result
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
            return row
        row = len(self._results)
        self.beginInsertRows(QModelIndex(), row, row)
        self._results.append(result)
        self._rows[key] = row
        self.endInsertRows()
        return row

    def results(self) -> list[Result]:
        return list(self._results)

    def result_at(self, row: int) -> Result | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def row_of(self, check_id: str, subject: str = "") -> int:
        return self._rows.get((check_id, subject), -1)

    # -- the model interface -------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS)
        if horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid():
            return None
        result = self.result_at(index.row())
        if result is None:
            return None
        column = index.column()
        if role == ResultRole:
            return result
        if role == StatusRole:
            return result.status.value
        if role == KeyRole:
            return result_key(result)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(result, column)
        if role == SortRole:
            return self._sort_value(result, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            return self._icon(result.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_ADVICE:
                return strategy_title(result.strategy)
            return result.summary
        return None

    def _text(self, result: Result, column: int) -> str:
        if column == COL_STATUS:
            return STATUS_WORDS[result.status]
        if column == COL_CHECK:
            return check_text(result)
        if column == COL_ADVICE:
            return strategy_title(result.strategy)
        return IMPORTANCE_WORDS[result.severity]

    def _sort_value(self, result: Result, column: int):
        if column == COL_STATUS:
            # Within a status, the checks that matter most first.
            return STATUS_ORDER[result.status] * 100 - WEIGHTS[result.severity]
        if column == COL_IMPORTANCE:
            return -WEIGHTS[result.severity]
        return self._text(result, column).casefold()

    def _icon(self, status: Status) -> QIcon | None:
        if QGuiApplication.instance() is None:  # pictures need a running application
            return None
        key = (status, is_dark())
        if key not in self._icons:
            self._icons[key] = status_icon(status)
        return self._icons[key]


class ResultsFilter(QSortFilterProxyModel):
    """Search text (title, subject, summary, advice) and a status group; sorted with what needs attention first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._statuses: frozenset[Status] | None = None
        self._status_key = "all"
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    @property
    def status_key(self) -> str:
        return self._status_key

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", " ".join(text.split()).casefold()))

    def set_status_filter(self, key: str) -> None:
        for name, _, statuses in STATUS_FILTERS:
            if name == key:
                def change(name=name, statuses=statuses) -> None:
                    self._status_key, self._statuses = name, statuses
                self._change_filter(change)
                return
        raise ValueError(f"unknown status filter {key!r}")

    def _change_filter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and newer
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        result = model.data(model.index(source_row, 0, source_parent), ResultRole)
        if result is None:
            return False
        if self._statuses is not None and result.status not in self._statuses:
            return False
        if not self._text:
            return True
        haystack = " ".join((result.title, result.subject, result.summary, strategy_title(result.strategy),
                             STATUS_WORDS[result.status])).casefold()
        return all(word in haystack for word in self._text.split())

    def result_at(self, row: int) -> Result | None:
        index = self.index(row, 0)
        return index.data(ResultRole) if index.isValid() else None
