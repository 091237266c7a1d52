"""The tray icon, while the window is open: "Scan now", "Get help now" and "Quit", and a click brings the window back.

It is there only while the window is: it appears when the window is shown and goes when it closes, and the quick
exit hides it at once with the window (a person hiding Homeguard in a hurry must not leave a Homeguard icon on the
screen). Where the desktop has no system tray, ``tray_for`` makes none: the window works as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from ui.icons import app_icon
from ui.single_instance import bring_forward

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OVERVIEW = "overview"
TOOLTIP = "Homeguard"
CLICKS = (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick,
          QSystemTrayIcon.ActivationReason.MiddleClick)


class Tray(QObject):
    """The icon and its menu for one window. ``available`` is the desktop's answer (asked when None); when it is
    False the icon is never shown, though the menu's actions still work (the tests trigger them offscreen)."""

    def __init__(self, window: MainWindow, *, available: bool | None = None,
                 quit_app: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self._quit_app = quit_app or QApplication.quit

        self.menu = QMenu(window)
        self.scan_action = self._action("&Scan now", self.scan_now)
        self.help_action = self._action("Get &help now", self.get_help)
        self.menu.addSeparator()
        self.quit_action = self._action("&Quit", self.quit)

        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(TOOLTIP)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)

        window.quick_exited.connect(self.hide_icon)
        window.installEventFilter(self)
        if window.isVisible():
            self.show_icon()

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(slot)
        return action

    # -- the icon follows the window -----------------------------------------------------------------------------
    def show_icon(self) -> None:
        if self.available:
            self.icon.show()

    def hide_icon(self) -> None:
        self.icon.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_:
            if event.type() == QEvent.Type.Show:
                self.show_icon()
            elif event.type() == QEvent.Type.Close:
                self.hide_icon()
        return False

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in CLICKS:
            bring_forward(self.window_)

    # -- the menu ---------------------------------------------------------------------------------------------------
    def scan_now(self) -> None:
        """As the Overview's scan button: the window comes forward on the Overview, where the scan's progress
        shows, and the scan starts (if one is already running, its progress is what the Overview shows)."""
        bring_forward(self.window_)
        if OVERVIEW in self.window_.pages:
            self.window_.show_page(OVERVIEW)
        self.window_.context.start_scan()

    def get_help(self) -> None:
        bring_forward(self.window_)
        self.window_.show_help()

    def quit(self) -> None:
        """As closing the window: a running scan is cancelled, and once the event loop ends the app waits for its
        background work before closing the history (``ui.app.close_down``)."""
        if self.window_.close():
            self._quit_app()  # another window (a crash dialog) must not keep Homeguard running after "Quit"


def tray_for(window: MainWindow) -> Tray | None:
    """The window's tray icon, or None where the desktop has no system tray."""
    return Tray(window, available=True) if QSystemTrayIcon.isSystemTrayAvailable() else None


__all__ = ["Tray", "tray_for"]
