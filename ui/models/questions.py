"""One subject's guided questions as a table, with where each stands: to do, needs confirming, not sure, or the
answer given. ``KEY_ROLE`` is the question's check id, which the walk can start at."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from auditor.walk import EXPIRED, NOT_SURE, STATE_WORDS, TODO, QuestionRow
from ui.models.base import RowsModel
from ui.models.roles import STATE_ROLE
from ui.style import status_icon
from ui.widgets.reading import plain_tip


def answer_text(row: QuestionRow) -> str:
    if row.state == TODO:
        return STATE_WORDS[TODO]
    if row.state == EXPIRED:
        return f"{STATE_WORDS[EXPIRED]} ({row.said})" if row.said else STATE_WORDS[EXPIRED]
    if row.state == NOT_SURE:
        return STATE_WORDS[NOT_SURE]
    return row.said


class QuestionsModel(RowsModel[QuestionRow]):
    HEADERS = ("Question", "Answer")

    def key_of(self, item: QuestionRow) -> str:
        return item.check.id

    def cell(self, item: QuestionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.check.title if column == 0 else answer_text(item)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return status_icon(item.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(item.reason)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.check.title}: {answer_text(item)}"
        if role == STATE_ROLE:
            return item.state
        return None


__all__ = ["QuestionsModel", "answer_text"]
