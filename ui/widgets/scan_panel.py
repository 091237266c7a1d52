"""The scan controls several pages share: a Scan button, a progress bar, Cancel, and one calm line of status.

The scan itself runs in its own process (``AppContext.start_scan``); its progress reaches this widget as the
context's Qt signals, delivered on the main thread, so each step here is a few cheap widget updates and the
window never freezes. Cancel ends the scan's process at once; nothing from a cancelled scan is saved.
``when_text`` words a time the way the app's status lines say it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from auditor.plural import plural
from ui.style import muted, plain_label

if TYPE_CHECKING:  # only named in annotations: the page that shows this panel paints before the engine is loaded
    from auditor.model import ScanRun
    from auditor.runner import Progress
    from ui.context import AppContext

STATUS_LINES = 2  # the status line's height, in lines, while it shows something (show_message)


def when_text(timestamp: float) -> str:
    """'today at 14:05', 'yesterday at 09:10' or '12 Nov 2026 at 18:30'."""
    then = time.localtime(timestamp)
    today = time.localtime()
    clock = time.strftime("%H:%M", then)
    if then.tm_year == today.tm_year and then.tm_yday == today.tm_yday:
        return f"today at {clock}"
    yesterday = time.localtime(time.time() - 86400)
    if then.tm_year == yesterday.tm_year and then.tm_yday == yesterday.tm_yday:
        return f"yesterday at {clock}"
    return time.strftime("%d %b %Y", then).lstrip("0") + f" at {clock}"


class ScanPanel(QWidget):
    """Start, follow and cancel a scan. ``scan_label`` names the button ("Scan again", "Start the first scan")."""

    cancelled = Signal()  # the finished scan was a cancelled one
    completed = Signal(object)  # a scan finished and was saved: the ScanRun

    def __init__(self, context: AppContext, scan_label: str = "Scan this computer", parent: QWidget | None = None,
                 *, compact: bool = False) -> None:
        super().__init__(parent)
        self.context = context
        self._stopping = False

        self.scan_button = QPushButton(scan_label)
        self.scan_button.setAccessibleName(scan_label.replace("&", ""))
        self.scan_button.setToolTip("Look at this computer's settings again. It takes a few seconds and nothing "
                                    "leaves this computer.")
        self.scan_button.clicked.connect(self.start)

        self.cancel_button = QPushButton("&Cancel scan")
        self.cancel_button.setAccessibleName("Cancel the scan")
        self.cancel_button.setToolTip("Stop the scan. Nothing from an unfinished scan is saved.")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()

        self.bar = QProgressBar()
        self.bar.setAccessibleName("Scan progress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("%v of %m checks")
        self.bar.setTextVisible(True)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.bar.hide()

        self.status = muted(plain_label(""))
        self.status.setAccessibleName("Scan status")
        self.status.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.scan_button)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        if not compact:
            row.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.status)

        context.scan_started.connect(self._on_started)
        context.scan_progress.connect(self._on_progress)
        context.scan_finished.connect(self._on_finished)
        context.scan_failed.connect(self._on_failed)
        if context.scanning:
            self._on_started()

    # -- actions -------------------------------------------------------------------------------------------------
    def start(self) -> None:
        if not self.context.start_scan():
            self.show_message("A scan is already running; its results will appear here.")

    def cancel(self) -> None:
        self._stopping = True
        self.cancel_button.setEnabled(False)
        self.show_message("Stopping the scan now. Nothing from it will be saved.")
        self.context.cancel_scan()

    def show_message(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        # A scan's lines replace each other ("Looking at...", "Checked: ...", "Scan finished..."), some one line
        # long, some two. With two lines' height kept, the panel keeps its height as they change, so the page it
        # sits on is not laid out again and repainted below it at each change (a longer message still gets room).
        self.status.setMinimumHeight(STATUS_LINES * self.status.fontMetrics().lineSpacing() if text else 0)

    def message(self) -> str:
        return self.status.text()

    # -- the scan's signals (queued onto the main thread) ---------------------------------------------------------
    def _on_started(self) -> None:
        self._stopping = False
        self.scan_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.bar.setRange(0, 0)  # busy until the first progress says how many checks there are
        self.bar.show()
        self.show_message("Looking at this computer's settings\u2026 you can keep using Homeguard meanwhile.")

    def _on_progress(self, progress: Progress) -> None:
        # A progress bar repaints the window at once for every new value. With its updates held back while the
        # value changes, it only asks for a repaint, and the steps that arrive together are painted together.
        self.bar.setUpdatesEnabled(False)
        self.bar.setRange(0, max(1, progress.total))
        self.bar.setValue(progress.done)
        self.bar.setUpdatesEnabled(True)
        if progress.event == "finished" and progress.result is not None and not self._stopping:
            self.show_message(f"Checked: {progress.result.title}")

    def _on_finished(self, run: ScanRun) -> None:
        self._idle()
        if run.cancelled:
            self.show_message("The scan was cancelled, so nothing from it was saved. You can start it again at "
                              "any time.")
            self.cancelled.emit()
        else:
            checked = sum(1 for r in run.results if r.kind == "device")
            self.show_message(f"Scan finished {when_text(run.finished_at)}: {plural(checked, 'check')} on this "
                              "computer." + (f"\n{self.context.scan_not_saved}" if run.run_id is None else "").rstrip())
            self.completed.emit(run)

    def _on_failed(self, message: str) -> None:
        """``message`` is one plain sentence, then perhaps "Details:" and the details (``plain_reason``)."""
        self._idle()
        sentence, _, details = message.partition(" Details: ")
        self.show_message(f"{sentence} Nothing was changed; you can try again." +
                          (f"\nDetails: {details}" if details else ""))

    def _idle(self) -> None:
        self._stopping = False
        self.scan_button.setEnabled(True)
        self.cancel_button.hide()
        self.bar.hide()


__all__ = ["ScanPanel", "when_text"]
