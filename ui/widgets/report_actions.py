"""The Report page's controls: save this computer's report to take elsewhere, the anonymous switch, the family's
own copies (web page, PDF, print), and opening a saved report.

Only buttons, one switch and their plain explanations live here; the page decides what each does. While the
anonymous switch is on, the web page, PDF and print buttons are off: those copies are for the family and carry
names, and a pupil who has just asked for an anonymous report should not be one click away from handing in a PDF
with their computer's name on it. The line that appears under them says so, and turning the switch off brings
them back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.style import muted, plain_label

SAVE_TEXT = "Sa&ve this computer's report…"
SAVE_NAME = "Save this computer's report"
SAVE_AGAIN_TEXT = "Sa&ve a copy of this report…"
SAVE_AGAIN_NAME = "Save a copy of the report shown"
SAVE_HINT = "Take this file to the family's main computer, or put it in the shared folder."
ANONYMOUS_TEXT = "A&nonymous (for a school or club)"
ANONYMOUS_HINT = "The saved file then has no computer name, no names, no paths or details: only which checks passed."
FAMILY_ONLY_NOTE = ("Web page, PDF and printing are for the family and show names, so they are off while "
                    "Anonymous is on.")


def action_button(text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    """A button as wide as its words, with a name for screen readers and a tooltip that says what it makes."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    button.clicked.connect(slot)
    return button


def hint(text: str) -> QLabel:
    label = muted(plain_label(text))
    label.setAccessibleName(text)
    return label


class ReportActions(QWidget):
    """Two blocks: the report that travels (save button and anonymous switch, each with a line under it) and the
    family's copies (web page, PDF, print, then opening a saved report). ``update_state`` sets what can be used."""

    def __init__(self, *, save: Callable[[], object], html: Callable[[], object], pdf: Callable[[], object],
                 print_report: Callable[[], object], open_saved: Callable[[], object],
                 show_latest: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save_button = action_button(SAVE_TEXT, SAVE_NAME, "This computer's latest scan and the family's "
                                         "answers, as a file Homeguard on another computer can read", save)
        self.save_hint = hint(SAVE_HINT)
        self.anonymous_switch = QCheckBox(ANONYMOUS_TEXT)
        self.anonymous_switch.setAccessibleName("Anonymous report, for a school or club")
        self.anonymous_switch.setAccessibleDescription(ANONYMOUS_HINT)
        self.anonymous_switch.setToolTip(ANONYMOUS_HINT)
        self.anonymous_hint = hint(ANONYMOUS_HINT)
        self.anonymous_switch.toggled.connect(lambda _on: self.update_state())

        # Alt+H belongs to the main window's "Get help now", so HTML takes its T.
        self.html_button = action_button("Export H&TML…", "Save the report as a web page",
                                         "A single page that opens in any web browser", html)
        self.pdf_button = action_button("Export &PDF…", "Save the report as a PDF",
                                        "A PDF document on A4 paper, ready to print or send", pdf)
        self.print_button = action_button("P&rint…", "Print the report", "Print the report (Ctrl+P)", print_report)
        self.open_button = action_button("&Open a saved report…", "Open a saved report",
                                         "Look at a report saved earlier as JSON", open_saved)
        self.latest_button = action_button("&Back to the latest scan", "Back to the latest scan",
                                           "Show the report of the newest scan again", show_latest)
        self.latest_button.hide()
        self.family_note = hint(FAMILY_ONLY_NOTE)
        self.family_note.hide()

        self._has_run = False
        self._busy = False

        # Side by side when both fit; one above the other when the window is narrow for the font (a large one).
        travelling = self.travelling = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        travelling.setContentsMargins(0, 0, 0, 0)
        travelling.setSpacing(24)
        for control, line in ((self.save_button, self.save_hint), (self.anonymous_switch, self.anonymous_hint)):
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(control)
            column.addWidget(line)
            column.addStretch(1)
            travelling.addLayout(column, 1)

        family = QHBoxLayout()
        for button in (self.html_button, self.pdf_button, self.print_button):
            family.addWidget(button)
        family.addStretch(1)
        family.addWidget(self.open_button)
        family.addWidget(self.latest_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(travelling)
        layout.addSpacing(6)
        layout.addLayout(family)
        layout.addWidget(self.family_note)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = (self.save_button.sizeHint().width() + self.anonymous_switch.sizeHint().width() +
                  self.travelling.spacing())
        direction = (QBoxLayout.Direction.LeftToRight if event.size().width() >= needed else
                     QBoxLayout.Direction.TopToBottom)
        if self.travelling.direction() != direction:
            self.travelling.setDirection(direction)

    @property
    def anonymous(self) -> bool:
        return self.anonymous_switch.isChecked()

    def update_state(self, *, has_run: bool | None = None, busy: bool | None = None,
                     showing_file: bool | None = None) -> None:
        """Enable what can be used now: nothing to save without a scan, one PDF or print at a time, and no named
        copy while the switch asks for an anonymous one. Arguments left out keep their last value."""
        if has_run is not None:
            self._has_run = has_run
        if busy is not None:
            self._busy = busy
        if showing_file is not None:
            self.latest_button.setVisible(showing_file)
            self.save_button.setText(SAVE_AGAIN_TEXT if showing_file else SAVE_TEXT)
            self.save_button.setAccessibleName(SAVE_AGAIN_NAME if showing_file else SAVE_NAME)
        family = self._has_run and not self.anonymous
        self.save_button.setEnabled(self._has_run)
        self.html_button.setEnabled(family)
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(family and not self._busy)
        self.family_note.setVisible(self.anonymous)


__all__ = ["FAMILY_ONLY_NOTE", "ReportActions", "action_button"]
