"""The evidence notes written on Get help now, newest last, one line each: its number, where, and the date."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt

from auditor.notes import Note
from ui.models.base import RowsModel


class NotesModel(RowsModel[Note]):
    HEADERS = ("Note",)

    def key_of(self, item: Note) -> int:
        return item.id

    def cell(self, item: Note, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            written = time.strftime("%d %b %Y", time.localtime(item.created_at))
            where = item.value("where") or item.value("their_name")
            where = " ".join(where.split())[:40]
            number = f"Note {self.row_of(item.id) + 1}"
            return " \u00b7 ".join(part for part in (number, where, written) if part)
        return None


__all__ = ["NotesModel"]
