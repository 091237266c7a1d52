"""Past scans as a table, newest first: when, device, score, how much was checked, whether action is needed, and
what changed since the scan before.

The rows are ``RunSummary`` values from ``Store.list_runs()``; the full scan is read only when one is opened. What
changed (``auditor.changes.history_changes``) needs every scan read, so the page works it out on a worker and hands
it over with ``set_changes``; until then the column is empty.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt

from auditor.changes import Comparison, short_summary, summary
from auditor.model import Status
from auditor.scoring import ScoreLine
from auditor.store import RunSummary
from auditor.textreport import describe_line
from ui.models.base import RowsModel
from ui.style import status_icon


def when_label(timestamp: float) -> str:
    """When a scan finished, the same way in the list, the chart and an opened scan: '21 Nov 2026, 09:07'."""
    return time.strftime("%d %b %Y, %H:%M", time.localtime(timestamp))


def percent_text(value: float | None) -> str:
    return "\u2014" if value is None else f"{round(value):d}"


class RunsModel(RowsModel[RunSummary]):
    """Past scans, newest first, whatever order they are given in."""

    # The computer's name comes last: the History page shows it only when the scans are not all of one computer.
    HEADERS = ("When", "Changes", "Score", "Checked", "Action needed", "Device")
    COL_WHEN, COL_CHANGES, COL_SCORE, COL_CHECKED, COL_ACTION, COL_DEVICE = range(6)
    RIGHT_ALIGNED = frozenset({COL_SCORE, COL_CHECKED})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: dict[int, Comparison | None] = {}

    def set_changes(self, changes: Mapping[int, Comparison | None]) -> None:
        """What changed in each scan since the one before (by run id), worked out on a worker."""
        self._changes = dict(changes)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.COL_CHANGES), self.index(self.rowCount() - 1, self.COL_CHANGES))

    def changes_of(self, run_id: int) -> Comparison | None:
        return self._changes.get(run_id)

    def knows_changes_of(self, run_id: int) -> bool:
        return run_id in self._changes

    def key_of(self, item: RunSummary) -> int:
        return item.run_id

    def set_rows(self, items: Iterable[RunSummary]) -> None:
        super().set_rows(sorted(items, key=lambda r: (r.started_at, r.run_id), reverse=True))

    def cell(self, item: RunSummary, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CHANGES and item.run_id in self._changes:
            return summary(self._changes[item.run_id]) or "The first scan kept here: nothing before it to compare."
        if role == Qt.ItemDataRole.ToolTipRole:
            line = describe_line(ScoreLine(item.score, item.coverage, item.lowest, item.highest))
            # The widest column is shortened at a large font in a small window: each cell's tooltip has it whole.
            whole = f"{self.HEADERS[column]}: {self._text(item, column)}. "
            return (f"{whole}Scan {item.run_id} of {item.hostname}: {line}. Press Enter or double-click to see its "
                    "results.")
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_ACTION:
            return status_icon(Status.FAIL if item.action_needed else Status.PASS)
        return None

    def _text(self, run: RunSummary, column: int) -> str:
        if column == self.COL_WHEN:
            return when_label(run.finished_at) + (" (stopped early)" if run.cancelled else "")
        if column == self.COL_DEVICE:
            return run.hostname
        if column == self.COL_SCORE:
            return percent_text(run.score)
        if column == self.COL_CHECKED:
            return "\u2014" if run.coverage is None else f"{round(run.coverage * 100):d}%"
        if column == self.COL_CHANGES:
            return short_summary(self._changes[run.run_id]) if run.run_id in self._changes else ""
        if run.action_needed:
            return "1 thing to fix first" if run.action_needed == 1 else f"{run.action_needed} things to fix first"
        return "None"


__all__ = ["RunsModel", "percent_text", "when_label"]
