"""The results of a scan as a table: one row per result, filled row by row while a scan runs.

``ResultsModel`` shows status, check, advice and importance, and hands the ``Result`` itself to views and detail
panes through ``ITEM_ROLE``. ``ResultsFilter`` narrows it by a search text and by a status group ("Needs
attention", "All", "OK", "Not checked") and sorts it so that what needs attention comes first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication

from auditor.advice import STRATEGIES
from auditor.model import Result, Severity, Status
from auditor.scoring import WEIGHTS
from ui.models.base import RowsModel
from ui.models.roles import ITEM_ROLE, SORT_ROLE, STATUS_ROLE
from ui.style import STATUS_WORDS, status_icon

COL_STATUS, COL_CHECK, COL_ADVICE, COL_IMPORTANCE = range(4)

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
    """What identifies a row: the check, and who or what a guided answer is about."""
    return (result.check_id, result.subject)


def check_text(result: Result) -> str:
    """The title, with who or what a guided answer is about."""
    return f"{result.title} \u2014 {result.subject}" if result.subject else result.title


def strategy_title(strategy_id: str) -> str:
    return STRATEGY_TITLES.get(strategy_id, "Not scored")


class ResultsModel(RowsModel[Result]):
    """Results in the order they arrived. ``put`` adds (or updates) one row at a time as a scan reports them."""

    HEADERS = ("Status", "Check", "Advice", "Importance")

    def key_of(self, item: Result) -> tuple[str, str]:
        return result_key(item)

    def row_of_check(self, check_id: str, subject: str = "") -> int:
        return self.row_of((check_id, subject))

    def cell(self, item: Result, column: int, role: int) -> Any:
        if role == STATUS_ROLE:
            return item.status.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == SORT_ROLE:
            return self._sort_value(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            # Pictures need a running application; the model itself works without one.
            return status_icon(item.status) if QGuiApplication.instance() is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return strategy_title(item.strategy) if column == COL_ADVICE else item.summary
        return None

    @staticmethod
    def _text(result: Result, column: int) -> str:
        if column == COL_STATUS:
            return STATUS_WORDS[result.status]
        if column == COL_CHECK:
            return check_text(result)
        if column == COL_ADVICE:
            return strategy_title(result.strategy)
        return IMPORTANCE_WORDS[result.severity]

    def _sort_value(self, result: Result, column: int) -> int | str:
        if column == COL_STATUS:
            # Within a status, the checks that matter most first.
            return STATUS_ORDER[result.status] * 100 - WEIGHTS[result.severity]
        if column == COL_IMPORTANCE:
            return -WEIGHTS[result.severity]
        return self._text(result, column).casefold()


class ResultsFilter(QSortFilterProxyModel):
    """Search text (title, subject, summary, advice) and a status group; sorted with what needs attention first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._statuses: frozenset[Status] | None = None
        self._status_key = "all"
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def status_key(self) -> str:
        return self._status_key

    def set_text(self, text: str) -> None:
        def change() -> None:
            self._text = " ".join(text.split()).casefold()
        self._change_filter(change)

    def set_status_filter(self, key: str) -> None:
        for name, _, statuses in STATUS_FILTERS:
            if name == key:
                def change(name: str = name, statuses: frozenset[Status] | None = statuses) -> None:
                    self._status_key, self._statuses = name, statuses
                self._change_filter(change)
                return
        raise ValueError(f"unknown status filter {key!r}")

    def _change_filter(self, change: Callable[[], None]) -> None:
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
        result = model.data(model.index(source_row, 0, source_parent), ITEM_ROLE)
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
        return index.data(ITEM_ROLE) if index.isValid() else None


__all__ = ["COL_ADVICE", "COL_CHECK", "COL_IMPORTANCE", "COL_STATUS", "IMPORTANCE_WORDS", "STATUS_FILTERS",
           "STATUS_ORDER", "STRATEGY_TITLES", "ResultsFilter", "ResultsModel", "check_text", "result_key",
           "strategy_title"]
