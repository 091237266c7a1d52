"""The pages of the desktop app. Each is a Page: built with the shared AppContext, refreshed by the main window.

Page refresh has one owner, the main window (ui/main_window.py). It builds a page the first time the page is
shown, and calls ``page.refresh()``

- every time the page is shown (from the navigation, a shortcut, "Get help now" or ``context.navigate``), and
- on ``context.data_changed``, for the visible page only.

``context.data_changed`` is emitted after every saved scan too, so a page needs no handler of its own for
``scan_finished`` or ``data_changed`` to bring itself up to date, no refresh in its constructor (it is shown, and
so refreshed, right after it is built), and no timers to get the order right. A page still updates its own
widgets as it likes in answer to what the person does on it, and may follow a scan's progress as it happens.

Before a page is built the window knows it by a PageEntry (its id, its title and how to load its class), so
the navigation can list every page without importing any; LazyPages builds each page on its first look-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # only named in annotations
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
        """Bring the page up to date with the store. Called by the main window: when the page is shown, and when
        data changes while it is the visible page (see the module's docstring)."""


@dataclass(frozen=True)
class PageEntry:
    """A page as the navigation knows it before it is built: its id, its title, and how to get its class (which
    may import its module). The title must be the page class's own ``title``; tests/ui/test_shell.py checks."""

    page_id: str
    title: str
    load: Callable[[], type[Page]]

    @classmethod
    def of(cls, page: type[Page] | PageEntry) -> PageEntry:
        if isinstance(page, PageEntry):
            return page
        return cls(page.page_id or page.__name__, page.title or page.__name__, lambda: page)

    @classmethod
    def in_module(cls, page_id: str, title: str, module: str) -> PageEntry:
        return cls(page_id, title, lambda: page_class(importlib.import_module(module), page_id))


def page_class(module: ModuleType, page_id: str) -> type[Page]:
    """The Page subclass a module defines for ``page_id``, whatever its class is called."""
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Page) and value is not Page and value.page_id == page_id \
                and value.__module__ == module.__name__:
            return value
    raise ImportError(f"{module.__name__} defines no page with the id {page_id!r}")


class LazyPages(Mapping[str, Page]):
    """The window's pages by id. Every known id is in it; a page is built the first time it is looked up."""

    def __init__(self, entries: Sequence[PageEntry], build: Callable[[PageEntry], Page]) -> None:
        self.entries = {entry.page_id: entry for entry in entries}
        self._build = build
        self._built: dict[str, Page] = {}

    def __getitem__(self, page_id: str) -> Page:
        page = self._built.get(page_id)
        if page is None:
            page = self._built[page_id] = self._build(self.entries[page_id])  # KeyError for an unknown id
        return page

    def __contains__(self, page_id: object) -> bool:
        return page_id in self.entries  # known, built or not (Mapping's own would build it)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def built(self) -> dict[str, Page]:
        """The pages built so far, without building any."""
        return dict(self._built)
