"""For ``make bench`` only: a window that says when it has first painted, so tests/bench_start.py can time a start.

Switched on by the ``HOMEGUARD_BENCH_FIRST_PAINT`` environment variable (``FIRST_PAINT_PROBE``), never in normal
use. Once the window has painted for the first time, the probe prints "first-paint" and the process's CPU seconds
so far, and quits. The bench's bare comparison window carries a copy of it, so both are timed the same way.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

FIRST_PAINT_PROBE = "HOMEGUARD_BENCH_FIRST_PAINT"  # measurement only: set by tests/bench_start.py


class FirstPaintProbe(QObject):
    """Prints "first-paint" and the CPU seconds used, once the watched window has painted, then quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)  # after this paint has been drawn and flushed
        return False

    def report(self) -> None:
        print(f"first-paint {time.process_time():.4f}", flush=True)
        QApplication.quit()


def probe_if_asked(window: QWidget) -> None:
    """Watch ``window``'s first paint when the bench asked for it (FIRST_PAINT_PROBE is set); else nothing."""
    if os.environ.get(FIRST_PAINT_PROBE):
        window.installEventFilter(FirstPaintProbe(window))


__all__ = ["FIRST_PAINT_PROBE", "FirstPaintProbe", "probe_if_asked"]
