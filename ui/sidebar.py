"""The window's sidebar: Homeguard's name, the list of pages, and "Get help now" always one click away.

Its sizes follow the font: the list is as wide as its longest page title needs and as tall as all its rows, so no
title is cut and no scroll bar takes room, whatever the system's font size. The help button wears the theme's own
accent colour, clear and calm (never an alarm red), at a contrast of at least 4.5:1 in light and dark themes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ui.quick_exit import EXIT_HINT
from ui.style import heading, list_height, list_row_height, list_width, muted, plain_label, with_contrast

SIDEBAR_MARGIN = 12  # pixels either side of the sidebar's contents
HELP_TIP = ("If someone is being threatened: what to do, who to contact, and a place to write things down (F1)")


class Sidebar(QFrame):
    """The app's name, the page list (``nav``: one row per ``(page id, title)``, the id in the row's UserRole), the
    help button and the quick exit's hint. The window connects them; the sidebar lays them out, and restyles the
    help button when the system switches between light and dark."""

    def __init__(self, app_title: str, pages: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(2)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.nav.setFont(font)
        self.nav.setBackgroundRole(QPalette.ColorRole.Base)
        for number, (page_id, title) in enumerate(pages, 1):
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} (Ctrl+{number})" if number <= 9 else title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            item.setData(Qt.ItemDataRole.UserRole, page_id)
            item.setSizeHint(QSize(0, list_row_height(self.nav)))
            self.nav.addItem(item)

        self.help_button = QPushButton("Get &help now")
        self.help_button.setObjectName("help-button")
        self.help_button.setAccessibleName("Get help now")
        self.help_button.setToolTip(HELP_TIP)
        self.help_button.setAutoDefault(False)
        button_font = self.help_button.font()
        button_font.setBold(True)
        button_font.setPointSizeF(button_font.pointSizeF() * 1.08)
        self.help_button.setFont(button_font)
        # Two lines of its text high, and never below 44 px, the smallest comfortable target (WCAG 2.5.5).
        self.help_button.setMinimumHeight(max(44, round(self.help_button.fontMetrics().height() * 2.2)))
        self.style_help_button()

        app_name = heading(app_title, 2)
        # As wide as the longest page title needs in the list's font (none is cut, whatever the font size), and the
        # app's name and the help button; the list is as tall as all its pages, so no scroll bar takes room.
        self.setFixedWidth(max(list_width(self.nav, [title for _, title in pages]), app_name.sizeHint().width(),
                               self.help_button.sizeHint().width()) + 2 * SIDEBAR_MARGIN)
        side = QVBoxLayout(self)
        side.setContentsMargins(SIDEBAR_MARGIN, 16, SIDEBAR_MARGIN, 16)
        side.setSpacing(8)
        side.addWidget(app_name)
        side.addWidget(muted(plain_label("Family safety review")))
        side.addSpacing(6)
        self.nav.setMinimumHeight(list_height(self.nav))
        side.addWidget(self.nav, 1)
        side.addWidget(muted(plain_label("Being threatened or blackmailed? Help is here:")))
        side.addWidget(self.help_button)
        self.exit_hint = muted(plain_label(EXIT_HINT))
        self.exit_hint.setAccessibleName("Quick exit")
        side.addWidget(self.exit_hint)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ThemeChange) and hasattr(self, "help_button"):
            self.style_help_button()  # the system switched between light and dark

    def style_help_button(self) -> None:
        """The theme's own accent colour: clear and calm, never an alarm red; follows light and dark themes."""
        # Colours from the theme, painted flat: the style's own gradient would lighten the background under the
        # text below a readable contrast. with_contrast() guarantees at least 4.5:1 in light and dark themes.
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.HighlightedText)
        background = with_contrast(palette.color(QPalette.ColorRole.Highlight), text)
        self.help_button.setStyleSheet(
            f"QPushButton#help-button {{ background-color: {background.name()}; color: {text.name()}; "
            f"border: 1px solid {background.darker(125).name()}; border-radius: 4px; padding: 0.4em 0.8em; }}"
            f"QPushButton#help-button:hover {{ background-color: {background.darker(110).name()}; }}"
            f"QPushButton#help-button:focus {{ border: 2px solid {text.name()}; }}")


__all__ = ["SIDEBAR_MARGIN", "Sidebar"]
