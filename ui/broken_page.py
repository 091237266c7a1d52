"""The stand-in for a page that could not be built: one broken page never takes the whole window down.

The main window builds each page the first time it is shown; when building one raises, this page takes its place
in the navigation, says in plain words that it could not be opened, and shows the error's one line.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from ui.pages import Page
from ui.style import heading, muted, plain_label

if TYPE_CHECKING:
    from ui.context import AppContext


class BrokenPage(Page):
    """Stands in for a page that could not be built, so one broken page never takes the whole window down."""

    def __init__(self, context: AppContext, page_id: str, title: str, error: BaseException) -> None:
        self.page_id, self.title = page_id, title
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading(title))
        layout.addWidget(plain_label("This page could not be opened because of a problem in Homeguard itself. The "
                                     "other pages work as usual."))
        details = muted(plain_label("".join(traceback.format_exception_only(type(error), error)).strip(),
                                    selectable=True))
        layout.addWidget(details)
        layout.addStretch(1)


__all__ = ["BrokenPage"]
