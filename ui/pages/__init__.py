"""The pages of the desktop app. Each is a Page: built with the shared AppContext, refreshed when shown."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext


class Page(QWidget):
    """A page in the main window's navigation. Subclasses set ``page_id`` and ``title`` and fill themselves."""

    page_id = ""
    title = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(f"page-{self.page_id}")
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Bring the page up to date with the store; called when it is shown and when data changes."""

    def refresh_if_visible(self, *_args) -> None:
        """For signal handlers: bring the page up to date now if it is on screen. A hidden page does nothing; the
        main window refreshes each page as it is shown, so work is never done for a page nobody is looking at."""
        if self.isVisible():
            self.refresh()
