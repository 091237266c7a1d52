"""Past scans as a table, newest first: when, device, score, how much was checked, and whether action is needed.

The rows are ``RunSummary`` values from ``Store.list_runs()``; the full scan is read only when one is opened.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt

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

    HEADERS = ("When", "Device", "Score", "Checked", "Action needed")
    COL_WHEN, COL_DEVICE, COL_SCORE, COL_CHECKED, COL_ACTION = range(5)
    RIGHT_ALIGNED = frozenset({COL_SCORE, COL_CHECKED})

    def key_of(self, item: RunSummary) -> int:
        return item.run_id

    def set_rows(self, items: Iterable[RunSummary]) -> None:
        super().set_rows(sorted(items, key=lambda r: (r.started_at, r.run_id), reverse=True))

    def cell(self, item: RunSummary, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            line = describe_line(ScoreLine(item.score, item.coverage, item.lowest, item.highest))
            return f"Scan {item.run_id} of {item.hostname}: {line}. Press Enter or double-click to see its results."
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
        if run.action_needed:
            return "1 thing to fix first" if run.action_needed == 1 else f"{run.action_needed} things to fix first"
        return "None"


__all__ = ["RunsModel", "percent_text", "when_label"]
