"""What changed on this computer since its previous scan, for the Overview's score card (``auditor.changes``).

Worked out once per scan: the scans themselves never change, only the answers shown with them, which are not
compared. Right after a scan the scan's own worker has worked it out already (``AppContext.changes_for``), and it is
shown a turn of the event loop after the scan's refresh: the scan's news (its panel, the score, the rows) is one
frame's work, and the sentence, which may add a line and move everything under it, the next frame's. Otherwise (a
page shown on a history it has not compared yet) it is read from the history on a worker of the Overview's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from ui.tasks import Cancelled

if TYPE_CHECKING:
    from auditor.changes import Comparison
    from auditor.model import ScanRun
    from ui.context import AppContext


class ChangesSincePrevious(QObject):
    """Follows the newest scan (``follow``) and calls ``show`` with what changed (None: nothing to say yet, or no
    scan before it); ``comparison`` is the last one shown."""

    def __init__(self, context: AppContext, show: Callable[[Comparison | None], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._show = show
        self.comparison: Comparison | None = None  # this computer's newest scan against the one before it
        self._compared: int | None = None  # the scan it is (or is being) worked out for
        self._waiting: Comparison | None = None  # worked out by the scan's worker, to be shown on the next turn
        self._next_turn = QTimer(self)  # a timer, not a queued call: the event loop draws a frame in between
        self._next_turn.setSingleShot(True)
        self._next_turn.setInterval(0)
        self._next_turn.timeout.connect(lambda: self._found(self._compared, self._waiting))

    def follow(self, run: ScanRun | None) -> None:
        """The page shows ``run`` now: work out what changed in it, unless that is done or under way already."""
        wanted = run.run_id if run is not None else None
        if wanted == self._compared:
            return
        known = self.context.changes_for(wanted)
        if known is not None:  # right after a scan: its worker has it; the sentence stays as it was until then
            self._compared, self._waiting = wanted, known.comparison
            self._next_turn.start()
            return
        self._compared, self.comparison = wanted, None
        self._show(None)
        if run is None or not self.context.tasks.accepting:
            return
        from auditor.changes import comparison_for

        store = self.context.store
        self.context.tasks.run(lambda handle: comparison_for(store, run), name="compare with the previous scan",
                               on_success=lambda found: self._found(wanted, found), on_failure=self._failed)

    def _found(self, run_id: int | None, comparison: Comparison | None) -> None:
        if run_id != self._compared:
            return  # a newer scan came meanwhile; its own comparison is on its way
        self.comparison = comparison
        self._show(comparison)

    def _failed(self, exc: BaseException) -> None:
        self._compared = None  # asked again on the next refresh
        if not isinstance(exc, Cancelled):
            self.context.tasks.present_error(exc)


__all__ = ["ChangesSincePrevious"]
