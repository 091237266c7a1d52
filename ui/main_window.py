"""The main window: the pages on the left, the page itself on the right, and "Get help now" always one click away.

Keyboard: Ctrl+1 to Ctrl+8 open the pages in the order of the list; F1 or Ctrl+H opens Get help now; Esc twice or
Ctrl+Shift+Q is the quick exit, which hides Homeguard at once. Pages ask for each other through
``AppContext.navigate`` with a page id, optionally followed by ``#`` and something on that page
("device#screen-lock"); a page that has a ``show_item(anchor)`` method is then asked to show it.

Its parts live beside it: the sidebar (``ui.sidebar``), the quick exit's Esc watcher (``ui.quick_exit``), the
stand-in for a page that could not be built (``ui.broken_page``) and the bench's first-paint probe
(``ui.paint_probe``); their names are importable from here as before.

Pages are built when first shown: at start only the first page is built (and its module imported), so the window
paints as soon as it can; the navigation list knows every page by id and title without importing it (PageEntry).
``window.pages`` builds a page on first use, wherever it is asked for. Page refresh has one owner, this window:
it calls ``page.refresh()`` when a page is shown, and on ``context.data_changed`` for the visible page only.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from ui.broken_page import BrokenPage
from ui.context import AppContext
from ui.pages import LazyPages, Page, PageEntry
from ui.paint_probe import FIRST_PAINT_PROBE, FirstPaintProbe, probe_if_asked
from ui.quick_exit import ESCAPE_AGAIN, ESCAPE_TWICE_SECONDS, EXIT_HINT, EscapeWatcher
from ui.sidebar import SIDEBAR_MARGIN, Sidebar
from ui.style import follow_the_font

APP_TITLE = "Homeguard"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(1024, 700)
HELP_PAGE = "help"


def default_pages() -> list[PageEntry]:
    """All nine pages, in the order of the navigation list (Get help now is reached by its own button). Nothing is
    imported here: each page's module is imported when the page is first shown."""
    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview"),
            PageEntry.in_module("device", "This device", "ui.pages.device"),
            PageEntry.in_module("people", "People and accounts", "ui.pages.people"),
            PageEntry.in_module("quiz", "Quiz", "ui.pages.quiz"),
            PageEntry.in_module("history", "History", "ui.pages.history"),
            PageEntry.in_module("report", "Report", "ui.pages.report"),
            PageEntry.in_module("club", "School or club", "ui.pages.club"),
            PageEntry.in_module("settings", "Settings", "ui.pages.settings"),
            PageEntry.in_module(HELP_PAGE, "Get help now", "ui.pages.help_now")]


class MainWindow(QMainWindow):
    quick_exited = Signal()  # the quick exit hid Homeguard: the tray icon (ui/widgets/tray.py) goes too

    def __init__(self, context: AppContext, pages: Sequence[type[Page] | PageEntry] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            follow_the_font(app)  # check boxes and radio buttons as big as the text, whatever its size
        self.context = context
        entries = [PageEntry.of(page) for page in (pages if pages is not None else default_pages())]
        self.pages = LazyPages(entries, self._build_page)
        self.nav_ids = [entry.page_id for entry in entries if entry.page_id != HELP_PAGE]
        self._last_escape = 0.0

        self.setWindowTitle(APP_TITLE)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Page")
        self.sidebar = Sidebar(APP_TITLE, [(e.page_id, e.title) for e in entries if e.page_id != HELP_PAGE])
        self.nav, self.help_button, self.exit_hint = self.sidebar.nav, self.sidebar.help_button, self.sidebar.exit_hint
        self.help_button.clicked.connect(self.show_help)
        self.help_button.setEnabled(HELP_PAGE in self.pages)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.nav.currentRowChanged.connect(self._on_nav_row)
        self.nav.itemClicked.connect(self._on_nav_item_chosen)
        self.nav.itemActivated.connect(self._on_nav_item_chosen)
        self._shortcuts: list[QShortcut] = []
        for number, page_id in enumerate(self.nav_ids[:9], 1):
            self._shortcut(f"Ctrl+{number}", lambda page_id=page_id: self.show_page(page_id))
        self._shortcut(QKeySequence(Qt.Key.Key_F1), self.show_help)
        self._shortcut("Ctrl+H", self.show_help)
        self._shortcut("Ctrl+Shift+Q", self.quick_exit)
        # Esc is watched, not taken: pages keep their own use of it (History's "back"), and two presses in a row
        # anywhere in the window are the quick exit.
        self._escape_watcher = EscapeWatcher(self)

        probe_if_asked(self)  # for tests/bench_start.py only

        self.setAcceptDrops(True)  # other computers' report files, added on the Overview
        context.navigate.connect(self.navigate_to)
        context.data_changed.connect(self.refresh_current)
        self.setTabOrder(self.nav, self.help_button)
        if self.nav_ids:
            self.show_page(self.nav_ids[0])
        elif self.pages:
            self.show_page(next(iter(self.pages)))

    # -- building ------------------------------------------------------------------------------------------------
    def _build_page(self, entry: PageEntry) -> Page:
        """Import and build one page, the first time it is needed (LazyPages calls this)."""
        try:
            page = entry.load()(self.context)
        except Exception as exc:  # one broken page must not stop the app
            traceback.print_exc()
            page = BrokenPage(self.context, entry.page_id, entry.title, exc)
        self.stack.addWidget(page)
        quick = getattr(page, "quick_exit_requested", None)
        if quick is not None:
            quick.connect(self.quick_exit)
        return page

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ThemeChange) and hasattr(self, "sidebar"):
            self.refresh_current()  # the system switched between light and dark (the sidebar restyles itself)
        elif event.type() == QEvent.Type.FontChange:
            app = QApplication.instance()
            if isinstance(app, QApplication):  # a larger system font: check boxes and icons grow with it now
                QTimer.singleShot(0, self, lambda: follow_the_font(app))

    def _shortcut(self, keys, slot) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        self._shortcuts.append(shortcut)

    # -- navigation ----------------------------------------------------------------------------------------------
    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def current_page_id(self) -> str:
        page = self.current_page()
        return page.page_id if page else ""

    def show_page(self, page_id: str) -> bool:
        """Show a page, building it first if this is its first time, and refresh it: one of the two places a
        page is refreshed (the other is refresh_current)."""
        if page_id not in self.pages:
            return False
        page = self.pages[page_id]
        self.stack.setCurrentWidget(page)
        self.nav.blockSignals(True)
        if page_id in self.nav_ids:
            self.nav.setCurrentRow(self.nav_ids.index(page_id))
        else:
            # The current row is kept (only the highlight goes): a list with no current row makes one of its first
            # row when Tab reaches it, and that would open the Overview in the middle of Get help now.
            self.nav.clearSelection()
        self.nav.blockSignals(False)
        self.setWindowTitle(f"{page.title} \u2014 {APP_TITLE}")
        page.refresh()
        return True

    def show_help(self) -> None:
        if self.show_page(HELP_PAGE):
            self.pages[HELP_PAGE].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def navigate_to(self, target: str) -> None:
        page_id, _, anchor = target.partition("#")
        if self.show_page(page_id) and anchor:
            show_item = getattr(self.pages[page_id], "show_item", None)
            if callable(show_item):
                show_item(anchor)

    def refresh_current(self) -> None:
        """On data_changed (and a change of theme): refresh the visible page only; the others are refreshed when
        they are next shown."""
        page = self.current_page()
        if page is not None:
            page.refresh()

    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(self.nav_ids):
            self.show_page(self.nav_ids[row])

    def _on_nav_item_chosen(self, item: QListWidgetItem) -> None:
        """A click or Enter on the row that is already current (after Get help now) still opens its page."""
        row = self.nav.row(item)
        if 0 <= row < len(self.nav_ids) and self.current_page_id() != self.nav_ids[row]:
            self.show_page(self.nav_ids[row])

    # -- other computers' reports dropped on the window ----------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()) and "overview" in self.pages:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_files(event.mimeData()) and "overview" in self.pages:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files only (links to web pages are never fetched): the Overview reads them on a worker and says what
        became of each."""
        paths = dropped_files(event.mimeData())
        if not paths or not self.show_page("overview"):
            event.ignore()
            return
        event.acceptProposedAction()
        add_reports = getattr(self.pages["overview"], "add_reports", None)
        if callable(add_reports):
            add_reports(paths)

    # -- quick exit ----------------------------------------------------------------------------------------------
    def quick_exit(self) -> None:
        """Hide every Homeguard window at once. Nothing is closed, deleted or cleared."""
        self.quick_exited.emit()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
        self.hide()

    def on_escape(self) -> None:
        now = time.monotonic()
        if now - self._last_escape <= ESCAPE_TWICE_SECONDS:
            self._last_escape = 0.0
            self.quick_exit()
        else:
            self._last_escape = now
            self.exit_hint.setText(ESCAPE_AGAIN)
            QTimer.singleShot(int(ESCAPE_TWICE_SECONDS * 1000), self.exit_hint,
                              lambda: self.exit_hint.setText(EXIT_HINT))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context.scanning:
            self.context.cancel_scan()
        super().closeEvent(event)


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files among what is dragged over the window; anything else (a web address) is left alone."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


__all__ = ["APP_TITLE", "DEFAULT_SIZE", "ESCAPE_TWICE_SECONDS", "EXIT_HINT", "FIRST_PAINT_PROBE", "HELP_PAGE",
           "MINIMUM_SIZE", "SIDEBAR_MARGIN", "BrokenPage", "FirstPaintProbe", "MainWindow", "Page", "PageEntry",
           "default_pages", "dropped_files"]
