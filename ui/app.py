"""The desktop window. For now a simple one: scan in the background, show the report. It never calls the OS."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from auditor.host import RealHost
from auditor.registry import discover, safe_mode_requested
from auditor.runner import Progress, run_scan
from auditor.scoring import scorecard
from auditor.store import Store
from auditor.textreport import describe_line, render


class ScanBridge(QObject):
    """Carries the runner's plain callbacks from its worker thread to the GUI thread as Qt signals."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, safe_mode: bool = False, host_factory=RealHost) -> None:
        super().__init__()
        self.store = store
        self.safe_mode = safe_mode
        self.host_factory = host_factory
        self.bridge = ScanBridge()
        self.bridge.progress.connect(self._on_progress)
        self.bridge.finished.connect(self._on_finished)
        self.bridge.failed.connect(self._on_failed)
        self._thread: threading.Thread | None = None

        self.setWindowTitle("Homeguard")
        self.resize(1000, 720)
        central = QWidget()
        layout = QVBoxLayout(central)
        self.headline = QLabel("Homeguard checks this computer against the advice that keeps families safe "
                               "from online blackmail. Nothing leaves this computer.")
        self.headline.setWordWrap(True)
        self.score = QLabel("")
        font = self.score.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.score.setFont(font)
        self.scan_button = QPushButton("Scan this computer")
        self.scan_button.setAccessibleName("Scan this computer")
        self.scan_button.clicked.connect(self.start_scan)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Scan progress")
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Report")
        self.report.setFont(QFont("monospace"))
        for widget in (self.headline, self.score, self.scan_button, self.bar, self.report):
            layout.addWidget(widget)
        self.setCentralWidget(central)
        if store.notice:
            self.report.setPlainText(store.notice)

    def start_scan(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self.scan_button.setEnabled(False)
        self.bar.setValue(0)
        registry = discover(safe_mode=safe_mode_requested(self.safe_mode))
        settings = self.store.settings()

        def work() -> None:
            try:
                host = self.host_factory()
                run = run_scan(registry.for_platform(host.platform), host, settings, failures=registry.failures,
                               on_progress=self.bridge.progress.emit, safe_mode=registry.safe_mode)
                self.bridge.finished.emit(run)
            except Exception as exc:  # shown to the person, never a silent crash
                self.bridge.failed.emit(f"{type(exc).__name__}: {exc}")

        self._thread = threading.Thread(target=work, name="homeguard-scan", daemon=True)
        self._thread.start()

    def _on_progress(self, progress: Progress) -> None:
        self.bar.setMaximum(max(1, progress.total))
        self.bar.setValue(progress.done)

    def _on_finished(self, run) -> None:
        card = scorecard(run.results)
        run_id = self.store.save_run(run, card)
        self.score.setText("Score: " + describe_line(card.overall) + f"  (scan {run_id})")
        self.report.setPlainText(render(run, card, width=100))
        self.scan_button.setEnabled(True)

    def _on_failed(self, message: str) -> None:
        self.report.setPlainText(f"The scan could not finish: {message}")
        self.scan_button.setEnabled(True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="homeguard-gui")
    parser.add_argument("--data-dir")
    parser.add_argument("--safe-mode", action="store_true")
    args = parser.parse_args(list(argv) if argv is not None else sys.argv[1:])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Homeguard")
    store = Store(args.data_dir)
    window = MainWindow(store, safe_mode=args.safe_mode)
    window.show()
    window.start_scan()
    try:
        return app.exec()
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
