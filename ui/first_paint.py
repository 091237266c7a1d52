"""Work that can wait until a widget is on screen: ``after_first_paint(widget, callback)``.

The window paints first and loads or builds the rest afterwards (the app's warm-up, the Overview's dashboard on a
first run). The callback runs once, on the main thread, after the widget's first paint and after the events that
paint queued, so it never delays the frame the person is waiting for.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Twice through the event loop: the paint is flushed and what it queued runs first, then the callback.
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._call))
        return False

    def _call(self) -> None:
        self._callback()
        self.deleteLater()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, soon after ``widget`` has painted for the first time (never, if it never does)."""
    _AfterFirstPaint(widget, callback)


__all__ = ["after_first_paint"]
