"""The weekly re-check's one notification: a small window of Homeguard's own, in the bottom-right corner.

The scheduled scan (``auditor.cli_schedule``) never loads Qt; when ``auditor.watch`` finds something that needs
the person it starts ``homeguard-gui --notify KIND --message TEXT --show TARGET``, and ``ui.launch`` hands that
here. A window of our own rather than the desktop's notification service: it looks and works the same on every
system, needs no extra package, and its buttons do exactly what they say:
- "Open Homeguard" starts the window at the item (``homeguard-gui --show device#screen-lock``), as its own process;
- "Snooze a day" / "Snooze a week" write the snooze to the history (``auditor.watch.snooze``);
- "Dismiss" closes it. It also closes itself after two minutes: nobody has to deal with it.
It never takes the keyboard from what the person is doing (shown without activating).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout

from ui.icons import app_icon
from ui.style import button, heading, plain_label

LIFETIME_MS = 2 * 60 * 1000
MARGIN = 16
WIDTH_CHARACTERS = 80  # the window's width, in characters of its font: 480 px at an ordinary font size
KIND_TITLES = {"critical": "Homeguard: needs fixing now", "worse": "Homeguard: something changed",
               "expired": "Homeguard: time to check again"}


class NotificationWindow(QFrame):
    """The message and four buttons. What the buttons do is handed in, so tests can see them called."""

    def __init__(self, message: str, *, kind: str = "", on_open: Callable[[], None],
                 on_snooze: Callable[[str], None], lifetime_ms: int = LIFETIME_MS) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("notification")
        self.setStyleSheet("#notification { border: 1px solid palette(mid); border-radius: 6px; }")
        self.setWindowTitle(KIND_TITLES.get(kind, "Homeguard"))
        self.setAccessibleName("Homeguard notification")
        self._on_open, self._on_snooze = on_open, on_snooze

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(40, 40))
        icon.setAccessibleName("Homeguard")
        self.title = heading(KIND_TITLES.get(kind, "Homeguard"), 3)
        self.message = plain_label(message)
        self.message.setAccessibleName("Notification message")
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.message)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)

        self.open_button = button("Open Homeguard", "Open Homeguard", tip="Open Homeguard at this item",
                                  on_click=self.open_app, auto_default=True)
        self.day_button = button("Snooze a day", "Snooze a day", tip="No notifications until tomorrow",
                                 on_click=lambda: self.snooze("day"))
        self.week_button = button("Snooze a week", "Snooze a week", tip="No notifications for a week",
                                  on_click=lambda: self.snooze("week"))
        self.dismiss_button = button("Dismiss", "Dismiss", tip="Close this notification", on_click=self.close)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        for widget in (self.day_button, self.week_button, self.dismiss_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addLayout(top)
        layout.addLayout(row)
        # As wide as its text and buttons need at this font size (a large system font included); the message wraps.
        self.setFixedWidth(max(self.fontMetrics().averageCharWidth() * WIDTH_CHARACTERS,
                               layout.minimumSize().width()))

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(lifetime_ms)
        self.timer.timeout.connect(self.close)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.timer.start()

    def place(self, screen: QScreen | None = None) -> QRect:
        """Put the window in the bottom-right corner of the primary screen's free area (above a panel or taskbar)."""
        screen = screen or QGuiApplication.primaryScreen()
        self.adjustSize()  # within the fixed width: the height the message needs
        size = self.size()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)
        where = QRect(area.right() - size.width() - MARGIN + 1, area.bottom() - size.height() - MARGIN + 1,
                      size.width(), size.height())
        self.setGeometry(where)
        return where

    def open_app(self) -> None:
        self._on_open()
        self.close()

    def snooze(self, length: str) -> None:
        self._on_snooze(length)
        self.close()


# -- the notification's own process ----------------------------------------------------------------------------------

def open_homeguard(target: str, data_dir: str | None) -> None:
    """Start the window at ``target`` as its own process (through auditor.launcher: the UI never runs programs)."""
    from auditor.launcher import launch_detached
    from auditor.watch import open_command

    problem = launch_detached(open_command(target, data_dir))
    if problem:
        print(f"homeguard-gui: Homeguard could not be opened: {problem}.", file=sys.stderr)


def save_snooze(length: str, data_dir: str | None) -> None:
    """Write the snooze to the history; a history that cannot be written is said on stderr, never a crash."""
    import sqlite3

    from auditor.store import Store, StoreError
    from auditor.watch import snooze

    try:
        store = Store(data_dir)
    except StoreError as exc:
        print(f"homeguard-gui: the snooze could not be saved: {exc}", file=sys.stderr)
        return
    try:
        snooze(store, length)
    except sqlite3.Error as exc:
        print(f"homeguard-gui: the snooze could not be saved: {exc}", file=sys.stderr)
    finally:
        store.close()


def main(args: argparse.Namespace) -> int:
    """``homeguard-gui --notify KIND --message TEXT [--show TARGET]``: show the notification until it is answered
    or two minutes pass. Without a display there is nothing to show: one line on stderr, and done."""
    from auditor.desktop_entry import APP_ID
    from ui.window_needs import window_problem

    problem = window_problem()
    if problem:
        print(f"homeguard-gui: {args.message or 'Homeguard has news'} ({problem})", file=sys.stderr)
        return 0
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else "Homeguard"])
    app.setApplicationName("Homeguard")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(True)
    target = args.show or "overview"
    window = NotificationWindow(args.message or "Homeguard has something for you to look at.", kind=args.notify,
                                on_open=lambda: open_homeguard(target, args.data_dir),
                                on_snooze=lambda length: save_snooze(length, args.data_dir))
    window.place()
    window.show()
    return int(app.exec())
