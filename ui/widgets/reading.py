"""Pieces for the pages people read: plain paragraphs, tooltips that show text as it is, numbered steps, and the
scrolling column they sit in.

Used by the guided walk, the People page and the quiz. Text is always shown as plain text, never as HTML: names
are typed by people and questions come from content packs, and neither should ever be read as markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QScrollArea, QSizePolicy, QWidget

from ui.style import plain_label

READING_WIDTH = 920  # pixels: the widest a page of questions and steps gets, so lines stay easy to read


def plain_tip(text: str) -> str:
    """A tooltip that shows its text exactly: Qt guesses whether a tooltip is HTML, so names like "<b>Jo</b>"
    are escaped and the tip marked as rich text, which shows the escaped characters as themselves."""
    return f"<qt>{html.escape(text)}</qt>" if text else ""


def para(text: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A plain-text paragraph that sits at the top of the space it is given (a QLabel centres it by default)."""
    label = plain_label(text, wrap=wrap, selectable=selectable)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def numbered_steps(steps: Iterable[str], parent: QWidget | None = None) -> QWidget:
    """Steps as a numbered list with a hanging indent, each step wrapping on its own."""
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(8)
    grid.setVerticalSpacing(6)
    grid.setColumnStretch(1, 1)
    for row, step in enumerate(steps):
        number = para(f"{row + 1}.", wrap=False)
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        text = para(step, selectable=True)
        text.setAccessibleName(f"Step {row + 1}: {step}")
        grid.addWidget(number, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, row, 1)
    return box


def scroll_area(inner: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """A frameless vertical scroll area whose content wraps to its width and scrolls only when it must.

    The content's height is taken from its height-for-width (wrapped text at the real width), not from its
    minimum size hint, which for wrapped labels assumes a narrow column and would show a needless scroll bar.
    """
    inner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    return scroll


def progress_row() -> tuple[QHBoxLayout, QLabel, QProgressBar]:
    """The line above a walk or the quiz: "Question 3 of 12" on the left, a slim bar of questions done on the
    right. Returns the row to add to a layout, its label and its bar."""
    row = QHBoxLayout()
    label = para("")
    label.setAccessibleName("Progress")
    bar = QProgressBar()
    bar.setTextVisible(False)
    bar.setMaximumWidth(220)
    bar.setMaximumHeight(10)
    bar.setAccessibleName("Questions done")
    row.addWidget(label, 1)
    row.addWidget(bar, 0, Qt.AlignmentFlag.AlignVCenter)
    return row, label, bar
