"""Every custom data role the app's item models answer, each with its own number, all in this one place.

Views, delegates and detail panes ask a model for these with ``index.data(ROLE)``. Two roles that share a number
hand a view the wrong thing without any error, so a new role is added here, with the next free number, and never
beside a model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = int(Qt.ItemDataRole.UserRole)

ITEM_ROLE = _USER + 1  # the row's own object: a Result, RunSummary, Person, Device, QuestionRow or Note
KEY_ROLE = _USER + 2  # what identifies the row across reloads: (check id, subject), a run id, person id, ...
STATUS_ROLE = _USER + 3  # a result's status value ("fail"); Status(value) gives the enum back
SORT_ROLE = _USER + 4  # a value that sorts the column sensibly (a proxy's sort role)
COUNTS_ROLE = _USER + 5  # a person's or device's Counts: how far their questions have got
STATE_ROLE = _USER + 6  # a question's state: todo / expired / not_sure / answered

ALL_ROLES = (ITEM_ROLE, KEY_ROLE, STATUS_ROLE, SORT_ROLE, COUNTS_ROLE, STATE_ROLE)

__all__ = ["ALL_ROLES", "COUNTS_ROLE", "ITEM_ROLE", "KEY_ROLE", "SORT_ROLE", "STATE_ROLE", "STATUS_ROLE"]
