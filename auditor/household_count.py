"""How many other computers' reports the history keeps, without reading any of them.

The window asks this on the main thread each time the Overview is shown, only to decide whether "Computers in this
home" appears at all. ``Store.other_computers`` would hand back every kept report's whole text for that, and the
reports are what ``auditor.household_picture`` reads and scores on a worker; this counts the rows instead, one
small query through the store's public ``query``, which takes the store's lock like every other read.
"""

from __future__ import annotations

from typing import Any, Protocol

# The table ``auditor.store_schema`` keeps the other computers in (one row per computer, its newest report).
TABLE = "household_computers"


class Queryable(Protocol):
    """What this needs of ``auditor.store.Store``: a read-only SQL query with parameters."""

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]: ...


def other_computer_count(store: Queryable) -> int:
    """The number of other computers whose reports are kept (0 when none has been added)."""
    rows = store.query(f"SELECT COUNT(*) FROM {TABLE}")
    return int(rows[0][0]) if rows else 0


__all__ = ["TABLE", "Queryable", "other_computer_count"]
