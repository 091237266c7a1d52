"""The main window: the pages on the left, the page itself on the right, and "Get help now" always one click away.

Keyboard: Ctrl+1 to Ctrl+8 open the pages in the order of the list; F1 or Ctrl+H opens Get help now; Esc twice or
Ctrl+Shift+Q is the quick exit, which hides Homeguard at once. Pages ask for each other through
``AppContext.navigate`` with a page id, optionally followed by ``#`` and something on that page
("device#screen-lock"); a page that has a ``show_item(anchor)`` method is then asked to show it.

Pages are built when first shown: at start only the first page is built (and its module imported), so the window
paints as soon as it can; the navigation list knows every page by id and title without importing it (PageEntry).
``window.pages`` builds a page on first use, wherever it is asked for. Page refresh has one owner, this window:
it calls ``page.refresh()`` when a page is shown, and on ``context.data_changed`` for the visible page only.
"""

from __future__ import annotations

import contextlib
import os
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.pages import LazyPages, Page, PageEntry
from ui.style import (
    follow_the_font,
    heading,
    list_height,
    list_row_height,
    list_width,
    muted,
    plain_label,
    with_contrast,
)

APP_TITLE = "Homeguard"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(1024, 700)
HELP_PAGE = "help"
ESCAPE_TWICE_SECONDS = 1.2
EXIT_HINT = "Quick exit: press Esc twice (or Ctrl+Shift+Q) to hide Homeguard at once."
SIDEBAR_MARGIN = 12  # pixels either side of the sidebar's contents
FIRST_PAINT_PROBE = "HOMEGUARD_BENCH_FIRST_PAINT"  # measurement only: set by tests/bench_start.py
SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride


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


class EscapeWatcher(QObject):
    """Sees every Esc pressed in the window (before any shortcut takes it) and tells the window; never consumes.

    Qt sends a key first to the widget with the keyboard focus, or to the window when nothing has it, so those two
    are all that is watched: the watcher moves with the focus. (Watching the whole application would run Python
    for every event of every widget, which makes building a page and a scan's end measurably slower.)"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self._focus: QWidget | None = None
        window.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
            self._follow_focus(None, app.focusWidget())

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._focus is not None:
            with contextlib.suppress(RuntimeError):  # the widget that had the focus may be gone already
                self._focus.removeEventFilter(self)
        self._focus = new if new is not None and new is not self.window_ and new.window() is self.window_ else None
        if self._focus is not None:
            self._focus.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == SHORTCUT_OVERRIDE and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape \
                and not event.isAutoRepeat() and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            focus = QApplication.focusWidget()
            # The same key press travels up through the parents; count it once, at the widget it was sent to.
            if watched is (focus or self.window_) and isinstance(watched, QWidget) \
                    and watched.window() is self.window_:
                self.window_.on_escape()
        return False


class FirstPaintProbe(QObject):
    """For ``make bench`` only: once the window has painted for the first time, print "first-paint" and the
    process's CPU seconds so far, and quit, so tests/bench_start.py can time process start to first painted
    window. Installed only when FIRST_PAINT_PROBE is set; the bench's bare comparison window has a copy of it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)  # after this paint has been drawn and flushed
        return False

    def report(self) -> None:
        print(f"first-paint {time.process_time():.4f}", flush=True)
        QApplication.quit()


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
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(2)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.nav.setFont(font)
        self.nav.setBackgroundRole(QPalette.ColorRole.Base)

        for number, entry in enumerate((e for e in entries if e.page_id != HELP_PAGE), 1):
            item = QListWidgetItem(entry.title)
            item.setToolTip(f"{entry.title} (Ctrl+{number})" if number <= 9 else entry.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.page_id)
            item.setSizeHint(QSize(0, list_row_height(self.nav)))
            self.nav.addItem(item)

        self.help_button = QPushButton("Get &help now")
        self.help_button.setObjectName("help-button")
        self.help_button.setAccessibleName("Get help now")
        self.help_button.setToolTip("If someone is being threatened: what to do, who to contact, and a place to "
                                    "write things down (F1)")
        self.help_button.setAutoDefault(False)
        button_font = self.help_button.font()
        button_font.setBold(True)
        button_font.setPointSizeF(button_font.pointSizeF() * 1.08)
        self.help_button.setFont(button_font)
        # Two lines of its text high, and never below 44 px, the smallest comfortable target (WCAG 2.5.5).
        self.help_button.setMinimumHeight(max(44, round(self.help_button.fontMetrics().height() * 2.2)))
        self._style_help_button()
        self.help_button.clicked.connect(self.show_help)
        self.help_button.setEnabled(HELP_PAGE in self.pages)

        sidebar = QFrame()
        sidebar.setObjectName("sidebar")
        sidebar.setFrameShape(QFrame.Shape.NoFrame)
        sidebar.setAutoFillBackground(True)
        sidebar.setBackgroundRole(QPalette.ColorRole.Base)
        app_name = heading(APP_TITLE, 2)
        # As wide as the longest page title needs in the list's font (none is cut, whatever the font size), and the
        # app's name and the help button; the list is as tall as all its pages, so no scroll bar takes room.
        titles = [entry.title for entry in entries if entry.page_id != HELP_PAGE]
        sidebar.setFixedWidth(max(list_width(self.nav, titles), app_name.sizeHint().width(),
                                  self.help_button.sizeHint().width()) + 2 * SIDEBAR_MARGIN)
        side = QVBoxLayout(sidebar)
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

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
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

        if os.environ.get(FIRST_PAINT_PROBE):
            self.installEventFilter(FirstPaintProbe(self))

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

    def _style_help_button(self) -> None:
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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ThemeChange) and hasattr(self, "help_button"):
            self._style_help_button()  # the system switched between light and dark
            self.refresh_current()

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
            self.exit_hint.setText("Press Esc again now to hide Homeguard.")
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
