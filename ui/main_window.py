"""The main window: the pages on the left, the page itself on the right, and "Get help now" always one click away.

Keyboard: Ctrl+1 to Ctrl+7 open the pages in the order of the list; F1 or Ctrl+H opens Get help now; Esc twice or
Ctrl+Shift+Q is the quick exit, which hides Homeguard at once. Pages ask for each other through
``AppContext.navigate`` with a page id, optionally followed by ``#`` and something on that page
("device#screen-lock"); a page that has a ``show_item(anchor)`` method is then asked to show it.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QShortcut
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
from ui.pages import Page
from ui.pages.help_now import quick_exit as hide_everything
from ui.style import heading, muted, plain_label, with_contrast

APP_TITLE = "Homeguard"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(1024, 700)
HELP_PAGE = "help"
ESCAPE_TWICE_SECONDS = 1.2
EXIT_HINT = "Quick exit: press Esc twice (or Ctrl+Shift+Q) to hide Homeguard at once."


def default_pages() -> list[type[Page]]:
    """All eight pages, in the order of the navigation list (Get help now is reached by its own button)."""
    from ui.pages import device, help_now, history, overview, people, quiz, report, settings

    return [overview.OverviewPage, device.DevicePage, page_class(people, "people"), page_class(quiz, "quiz"),
            page_class(history, "history"), page_class(report, "report"), settings.SettingsPage,
            help_now.HelpNowPage]


def page_class(module, page_id: str) -> type[Page]:
    """The Page subclass a module defines for ``page_id``, whatever its class is called."""
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Page) and value is not Page and value.page_id == page_id \
                and value.__module__ == module.__name__:
            return value
    raise ImportError(f"{module.__name__} defines no page with the id {page_id!r}")


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
    """Sees every Esc pressed in the window (before any shortcut takes it) and tells the window; never consumes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape \
                and not event.isAutoRepeat() and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            focus = QApplication.focusWidget()
            # The same key press travels up through the parents; count it once, at the widget it was sent to.
            if watched is (focus or self.window_) and isinstance(watched, QWidget) \
                    and watched.window() is self.window_:
                self.window_.on_escape()
        return False


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, pages: Sequence[type[Page]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pages: dict[str, Page] = {}
        self.nav_ids: list[str] = []
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

        for cls in pages if pages is not None else default_pages():
            self._add_page(cls)

        self.help_button = QPushButton("Get &help now")
        self.help_button.setObjectName("help-button")
        self.help_button.setAccessibleName("Get help now")
        self.help_button.setToolTip("If someone is being threatened: what to do, who to contact, and a place to "
                                    "write things down (F1)")
        self.help_button.setMinimumHeight(44)
        self.help_button.setAutoDefault(False)
        button_font = self.help_button.font()
        button_font.setBold(True)
        button_font.setPointSizeF(button_font.pointSizeF() * 1.08)
        self.help_button.setFont(button_font)
        self._style_help_button()
        self.help_button.clicked.connect(self.show_help)
        self.help_button.setEnabled(HELP_PAGE in self.pages)

        sidebar = QFrame()
        sidebar.setObjectName("sidebar")
        sidebar.setFrameShape(QFrame.Shape.NoFrame)
        sidebar.setAutoFillBackground(True)
        sidebar.setBackgroundRole(QPalette.ColorRole.Base)
        sidebar.setFixedWidth(220)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(12, 16, 12, 16)
        side.setSpacing(8)
        side.addWidget(heading(APP_TITLE, 2))
        side.addWidget(muted(plain_label("Family safety review")))
        side.addSpacing(6)
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
        self._shortcuts: list[QShortcut] = []
        for number, page_id in enumerate(self.nav_ids[:9], 1):
            self._shortcut(f"Ctrl+{number}", lambda page_id=page_id: self.show_page(page_id))
        self._shortcut(QKeySequence(Qt.Key.Key_F1), self.show_help)
        self._shortcut("Ctrl+H", self.show_help)
        self._shortcut("Ctrl+Shift+Q", self.quick_exit)
        # Esc is watched, not taken: pages keep their own use of it (History's "back"), and two presses in a row
        # anywhere in the window are the quick exit.
        self._escape_watcher = EscapeWatcher(self)
        QApplication.instance().installEventFilter(self._escape_watcher)

        context.navigate.connect(self.navigate_to)
        context.data_changed.connect(self.refresh_current)
        self.setTabOrder(self.nav, self.help_button)
        if self.nav_ids:
            self.show_page(self.nav_ids[0])
        elif self.pages:
            self.show_page(next(iter(self.pages)))

    # -- building ------------------------------------------------------------------------------------------------
    def _add_page(self, cls: type[Page]) -> None:
        try:
            page = cls(self.context)
        except Exception as exc:  # one broken page must not stop the app
            traceback.print_exc()
            page = BrokenPage(self.context, cls.page_id or cls.__name__, cls.title or cls.__name__, exc)
        self.pages[page.page_id] = page
        self.stack.addWidget(page)
        if page.page_id != HELP_PAGE:
            number = len(self.nav_ids) + 1
            item = QListWidgetItem(page.title)
            item.setToolTip(f"{page.title} (Ctrl+{number})" if number <= 9 else page.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.page_id)
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
            self.nav_ids.append(page.page_id)
        quick = getattr(page, "quick_exit_requested", None)
        if quick is not None:
            quick.connect(self.quick_exit)

    def _style_help_button(self) -> None:
        """The theme's own accent colour: clear and calm, never an alarm red; follows light and dark themes."""
        # Colours from the theme, painted flat: the style's own gradient would lighten the background under the
        # text below a readable contrast. with_contrast() guarantees at least 4.5:1 in light and dark themes.
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.HighlightedText)
        background = with_contrast(palette.color(QPalette.ColorRole.Highlight), text)
        self.help_button.setStyleSheet(
            f"QPushButton#help-button {{ background-color: {background.name()}; color: {text.name()}; "
            f"border: 1px solid {background.darker(125).name()}; border-radius: 4px; padding: 6px 10px; }}"
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
        page = self.pages.get(page_id)
        if page is None:
            return False
        self.stack.setCurrentWidget(page)
        self.nav.blockSignals(True)
        if page_id in self.nav_ids:
            self.nav.setCurrentRow(self.nav_ids.index(page_id))
        else:
            self.nav.setCurrentRow(-1)
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
        page = self.current_page()
        if page is not None:
            page.refresh()

    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(self.nav_ids):
            self.show_page(self.nav_ids[row])

    # -- quick exit ----------------------------------------------------------------------------------------------
    def quick_exit(self) -> None:
        """Hide the window at once. Nothing is closed, deleted or cleared."""
        hide_everything()
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
