"""The one small base every list and table model in the app is built on.

Qt asks a model the same questions whatever it holds: how many rows and columns, what the headers say, which
flags a cell has, and what it shows. ``RowsModel`` answers them for a flat list of items, one per row. A model
then only says what identifies an item (``key_of``) and what each of its cells shows (``cell``), and gets
``set_rows`` (replace everything), ``put`` (add or update one row, for results arriving during a scan),
``item_at`` and ``row_of``, plus the ``ITEM_ROLE`` and ``KEY_ROLE`` every view relies on.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ui.models.roles import ITEM_ROLE, KEY_ROLE

T = TypeVar("T")
ModelIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsModel(QAbstractTableModel, Generic[T]):
    """Items shown one per row, in the columns ``HEADERS`` names (a list view shows the first column)."""

    HEADERS: tuple[str, ...] = ("",)
    RIGHT_ALIGNED: frozenset[int] = frozenset()  # columns of numbers, aligned right in the header and the cells

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []
        self._rows: dict[Hashable, int] = {}

    # -- what a subclass says ------------------------------------------------------------------------------------
    def key_of(self, item: T) -> Hashable:
        """What identifies an item, so a selection and an update find it again after the rows are replaced."""
        raise NotImplementedError

    def cell(self, item: T, column: int, role: int) -> Any:
        """What one cell shows for a role (display text, icon, tooltip...); None for nothing."""
        return None

    # -- filling -------------------------------------------------------------------------------------------------
    def set_rows(self, items: Iterable[T]) -> None:
        """Replace every row at once. A later item with the key of an earlier one takes that one's row."""
        self.beginResetModel()
        self._items, self._rows = [], {}
        for item in items:
            key = self.key_of(item)
            if key in self._rows:
                self._items[self._rows[key]] = item
            else:
                self._rows[key] = len(self._items)
                self._items.append(item)
        self.endResetModel()

    def put(self, item: T) -> int:
        """Add one item as a new last row, or update the row with the same key in place. Returns the row."""
        key = self.key_of(item)
        row = self._rows.get(key)
        if row is not None:
            self._items[row] = item
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            return row
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self._rows[key] = row
        self.endInsertRows()
        return row

    def replace_at(self, row: int, item: T) -> None:
        """Show a changed item in its row (same key or not) without resetting the view, so an open editor or the
        selection stays where it is."""
        old = self._items[row]
        self._rows.pop(self.key_of(old), None)
        self._items[row] = item
        self._rows[self.key_of(item)] = row
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def clear(self) -> None:
        self.set_rows(())

    # -- reading -------------------------------------------------------------------------------------------------
    def rows(self) -> list[T]:
        return list(self._items)

    def item_at(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, key: Hashable) -> int:
        """The row of the item with this key, or -1."""
        return self._rows.get(key, -1)

    # -- Qt's model interface ------------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.RIGHT_ALIGNED:
            return RIGHT
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.column() < len(self.HEADERS):
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        if role == ITEM_ROLE:
            return item
        if role == KEY_ROLE:
            return self.key_of(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return RIGHT
        return self.cell(item, index.column(), role)


__all__ = ["ModelIndex", "RowsModel"]
