"""Small helpers for the app's list and table views."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView


def select_quietly(view: QAbstractItemView, index: QModelIndex) -> None:
    """Make a row current (or clear the selection for an invalid index) without the view announcing it: for a
    refresh that shows the row's details itself, from data it has just read, instead of reading them again."""
    selection = view.selectionModel()
    selection.blockSignals(True)
    if index.isValid():
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                                  QItemSelectionModel.SelectionFlag.Rows)
    else:
        selection.clear()
    selection.blockSignals(False)
    view.viewport().update()


__all__ = ["select_quietly"]
