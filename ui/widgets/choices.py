"""A list of answers as radio buttons whose long answers wrap, for the guided walk and the quiz."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.reading import plain_tip


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)


class ChoiceList(QWidget):
    """Radio buttons whose answers wrap onto several lines (a QRadioButton's own text never wraps).

    Each answer is a radio button (named for screen readers with the whole answer) beside a plain-text label that
    wraps and can be clicked too. The buttons share one parent, so the arrow keys move between them as usual.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._box: QWidget | None = None
        self._group: QButtonGroup | None = None
        self.buttons: list[QRadioButton] = []
        self.labels: list[QLabel] = []

    def set_choices(self, labels: Iterable[str], name: str = "") -> None:
        if self._box is not None:
            # Hidden, not orphaned: setParent(None) would make it a window of its own, which the "show" Qt queues
            # for widgets added to a layout could still pop up (taking the keyboard focus from the main window).
            self._box.hide()
            self._layout.removeWidget(self._box)
            self._box.deleteLater()
        self._box = QWidget(self)
        grid = QGridLayout(self._box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self._group = QButtonGroup(self._box)
        self._group.setExclusive(True)
        self.buttons, self.labels = [], []
        for index, text in enumerate(labels):
            button = QRadioButton(self._box)
            button.setAccessibleName(text)
            button.setToolTip(plain_tip(text))
            label = _ClickableLabel(self._box)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(text)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            policy.setHeightForWidth(True)  # so the list is as tall as its wrapped answers, no taller
            label.setSizePolicy(policy)
            label.clicked.connect(button.click)
            label.clicked.connect(lambda b=button: b.setFocus(Qt.FocusReason.MouseFocusReason))
            self._group.addButton(button, index)
            grid.addWidget(button, index, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, index, 1)
            self.buttons.append(button)
            self.labels.append(label)
        self._group.idClicked.connect(self.chosen.emit)
        self._box.setAccessibleName(name)
        self.setAccessibleName(name)
        self._layout.addWidget(self._box)
        self._box.show()  # now, not on the next turn of the event loop: the focus goes to it straight away

    def checked(self) -> int | None:
        if self._group is None or self._group.checkedId() < 0:
            return None
        return self._group.checkedId()

    def set_checked(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)

    def set_locked(self, locked: bool) -> None:
        """Stop the answer being changed; the answers stay easy to read (only the round buttons grey out)."""
        for button in self.buttons:
            button.setEnabled(not locked)

    def mark(self, index: int, note: str, bold: bool = False) -> None:
        """Add a note after an answer ("the right answer"), in words rather than colour alone."""
        if 0 <= index < len(self.labels):
            label = self.labels[index]
            label.setText(f"{self.buttons[index].accessibleName()}  \u2014 {note}")
            self.buttons[index].setAccessibleDescription(note)
            if bold:
                font = label.font()
                font.setBold(True)
                label.setFont(font)

    def focus_answer(self) -> None:
        """Put the keyboard on the chosen answer, or the first one."""
        index = self.checked()
        if self.buttons:
            self.buttons[index if index is not None else 0].setFocus(Qt.FocusReason.OtherFocusReason)
