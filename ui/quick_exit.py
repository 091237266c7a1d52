"""The quick exit's key: Esc pressed twice in a row anywhere in the window hides Homeguard at once.

A person hiding Homeguard in a hurry must not have to find a button. ``EscapeWatcher`` sees every Esc pressed in
the window before any shortcut takes it, and tells the window (``MainWindow.on_escape``), which counts two presses
within ``ESCAPE_TWICE_SECONDS``. It never consumes the key: pages keep their own use of Esc (History's "back").
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

ESCAPE_TWICE_SECONDS = 1.2
EXIT_HINT = "Quick exit: press Esc twice (or Ctrl+Shift+Q) to hide Homeguard at once."
ESCAPE_AGAIN = "Press Esc again now to hide Homeguard."
SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride


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


__all__ = ["ESCAPE_AGAIN", "ESCAPE_TWICE_SECONDS", "EXIT_HINT", "EscapeWatcher"]
