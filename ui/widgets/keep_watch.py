"""Settings' "Keep watch" section: the weekly re-check, switched on or off, and where it stands in plain words.

The switch calls the same ``auditor.schedule`` as ``homeguard schedule on|off``, on a worker: turning it on runs
``systemctl`` (or ``launchctl``, ``schtasks``), which can take a moment, and the window never waits for a program.
The status line is ``Schedule.lines``: the same words the terminal prints, including why a timer could not be
turned on here.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QCheckBox, QFrame, QVBoxLayout, QWidget

from auditor.schedule import Schedule, Scheduler, for_platform
from ui.context import AppContext
from ui.style import heading, muted, plain_label

SWITCH_TEXT = "Check this computer again &every week"
EXPLAIN = ("Homeguard can look at this computer again once a week, using the computer's own scheduler: nothing of "
           "Homeguard's keeps running in the background. It tells you only when something needs you: a check got "
           "worse, an important check fails, or answers need confirming.")
CHECKING = "Looking at the weekly re-check\u2026"


def make_scheduler() -> Scheduler:
    """This system's scheduler (tests give one over a temporary folder)."""
    return for_platform()


class KeepWatchSection(QFrame):
    """A card of the Settings page (as ``ui.style.card`` makes them: the page's style sheet draws it)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.setAccessibleName("Keep watch: the weekly re-check")
        inner = QVBoxLayout(self)
        inner.setContentsMargins(16, 14, 16, 14)
        inner.setSpacing(8)
        inner.addWidget(heading("Keep watch", 2))
        inner.addWidget(plain_label(EXPLAIN))
        self.switch = QCheckBox(SWITCH_TEXT)
        self.switch.setAccessibleName("Check this computer again every week")
        self.switch.setToolTip("Turn Homeguard's weekly re-check on or off")
        self.switch.toggled.connect(self._toggled)
        inner.addWidget(self.switch)
        self.status = muted(plain_label("", selectable=True))
        self.status.setAccessibleName("Weekly re-check: how it stands")
        inner.addWidget(self.status)
        self.busy = False

    def data_dir(self) -> str | None:
        """The data folder the weekly run must use: named only when it is not the usual one."""
        from auditor.store import default_data_dir

        folder = self.context.store.data_dir
        return None if folder.resolve() == default_data_dir().resolve() else str(folder)

    def refresh(self) -> None:
        """Ask the scheduler where things stand (on a worker) and show it."""
        if not self.busy:
            self._work(lambda chosen: chosen.status(), "look at the weekly re-check")

    def _toggled(self, on: bool) -> None:
        data_dir = self.data_dir()
        if on:
            self._work(lambda chosen: chosen.turn_on(data_dir), "turn on the weekly re-check", toggled=True)
        else:
            self._work(lambda chosen: chosen.turn_off(), "turn off the weekly re-check", toggled=True)

    def _work(self, step: Callable[[Scheduler], Schedule], name: str, *, toggled: bool = False) -> None:
        from auditor.watch import last_scheduled_run

        store = self.context.store
        self.busy = True
        self.switch.setEnabled(False)
        if toggled or not self.status.text():  # a refresh keeps the last answer shown until the new one comes
            self.status.setText(CHECKING)

        def work(_handle: object) -> tuple[Schedule, float | None]:
            state = step(make_scheduler())
            return state, last_scheduled_run(store)

        def done(found: tuple[Schedule, float | None]) -> None:
            if shiboken6.isValid(self.switch):  # the page may have closed while the scheduler answered
                self.show_state(*found)

        def failed(exc: BaseException) -> None:
            if not shiboken6.isValid(self.switch):
                return
            self.busy = False
            if toggled:  # back to how it was: the change did not happen
                self.switch.blockSignals(True)
                self.switch.setChecked(not self.switch.isChecked())
                self.switch.blockSignals(False)
            self.switch.setEnabled(True)
            self.status.setText(f"The weekly re-check could not be changed: {exc}")

        self.context.tasks.run(work, on_success=done, on_failure=failed, name=name)

    def show_state(self, state: Schedule, last_run: float | None = None) -> None:
        self.busy = False
        self.switch.blockSignals(True)
        self.switch.setChecked(state.on)
        self.switch.blockSignals(False)
        self.switch.setEnabled(True)
        self.status.setText(" ".join(state.lines(last_run)))
