"""Starting the desktop app: the Qt application, the history, the shared context and the main window.

An unexpected error never closes the app: ``sys.excepthook`` (and ``threading.excepthook``) show it in a dialog
with the details and a Copy button, and the window keeps running (Vorta's pattern). Errors raised on another
thread are carried to the main thread by a queued signal before any widget is touched.

Before Qt is started, ``ui.window_needs`` looks at what it needs to open a window here (a display; on Linux with
X11, the libxcb-cursor library): where something is missing, Qt would abort the process, so the app says what is
missing instead and shows the terminal report, as ``main.py`` does without a display.

Quitting is orderly: the scan's child process is ended, background work is cancelled and waited for, and only then
is the history file closed (``close_down``).

Starting is quick: only what the first page shows is loaded before the window paints. Once it has painted,
``context.warm_up()`` loads the rest (the content packs, the checks) on workers (``warm_up_after_first_paint``), and
the application is given its version (reading it can mean loading the installed package's metadata).
For the same reason the Qt classes only the crash dialog and the message boxes use are imported where they are
used: PySide6 builds each class the first time it is asked for, and that costs time at start.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QVBoxLayout, QWidget

from auditor.app_id import APP_ID
from auditor.safe_mode import load_safe_mode  # the saved choice; the module imports no checks
from auditor.store import Store, StoreError
from ui.context import AppContext, make_context
from ui.first_paint import after_first_paint
from ui.icons import START_SIZES, app_icon
from ui.launch import build_parser  # homeguard-gui's command line, answered there before Qt is imported
from ui.main_window import MainWindow
from ui.single_instance import InstanceServer, claim
from ui.style import heading, plain_label
from ui.window_needs import INSTEAD, window_problem

APP_NAME = "Homeguard"
CRASH_TEXT = ("Something went wrong inside Homeguard. Your data is safe and the app is still running, so you can "
              "carry on where you were. If this keeps happening, copy the details below and send them to whoever "
              "looks after Homeguard for you; they show where in Homeguard the problem happened.")


# -- the crash dialog ----------------------------------------------------------------------------------------------

class CrashDialog(QDialog):
    """The details of an unexpected error, with a Copy button. Never modal: the app keeps running behind it."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        from PySide6.QtGui import QFontDatabase
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

        super().__init__(parent)
        self.setWindowTitle("Homeguard ran into a problem")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.resize(640, 420)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlainText(details)
        self.details.setAccessibleName("Error details")
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setAccessibleName("Copy the error details")
        self.copy_button.setToolTip("Copy the details, to paste into an email or a message")
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.close)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Homeguard ran into a problem", 2))
        layout.addWidget(plain_label(CRASH_TEXT))
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def add(self, details: str) -> None:
        self.details.appendPlainText("\n" + details)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


def show_crash_dialog(parent: QWidget | None, details: str) -> CrashDialog:
    dialog = CrashDialog(details, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def app_version() -> str:
    """Homeguard's version. Asked for only when needed (after the first paint, or for a crash's details): finding
    it may mean reading the installed package's metadata, which is slow to load."""
    from auditor import __version__

    return __version__


def describe_error(exc_type, exc, tb) -> str:
    import platform
    import traceback

    head = (f"Homeguard {app_version()}, Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.system()} {platform.release()}\n\n")
    return head + "".join(traceback.format_exception(exc_type, exc, tb))


class ExceptionHandler(QObject):
    """Shows unexpected errors in a CrashDialog. Install it once; errors from any thread are shown on the main one."""

    raised = Signal(str)

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.dialog: CrashDialog | None = None
        self._previous_hook: Callable[[type[BaseException], BaseException, TracebackType | None], Any] | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], Any] | None = None
        self.raised.connect(self._show)

    def install(self) -> ExceptionHandler:
        self._previous_hook, sys.excepthook = sys.excepthook, self.handle
        self._previous_thread_hook, threading.excepthook = threading.excepthook, self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook and self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        details = describe_error(exc_type, exc, tb)
        with contextlib.suppress(Exception):  # a closed console must not turn one error into two
            sys.stderr.write(details)
        self.raised.emit(details)  # queued onto the main thread when raised elsewhere

    def _thread_hook(self, args) -> None:
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        self.dialog = show_crash_dialog(self.parent_widget, details)


# -- other messages -------------------------------------------------------------------------------------------------

def show_notice(parent: QWidget | None, text: str) -> None:
    """A calm one-off message, such as the history file having been repaired."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, APP_NAME, text)


CHOOSE_FOLDER = "&Choose another folder\u2026"
# The window's exit code when the person quits rather than choose another folder for the history: the terminal's
# for a history that cannot be used (auditor.cli.EXIT_STORE), so a script or launcher reads both alike.
EXIT_NO_HISTORY = 3
FOR_THIS_RUN = ("You can choose another folder to keep Homeguard's history in. It is used until Homeguard is "
                "closed; the next time Homeguard starts, it looks in its usual folder again.")


def show_start_error(text: str) -> bool:
    """The data folder or its history cannot be used: say so in one plain message, offering "Choose another
    folder…" and "Quit". True when the person chose to pick another folder. Tests replace this function."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, f"{APP_NAME} could not open its history", text)
    box.setInformativeText(FOR_THIS_RUN)
    choose = box.addButton(CHOOSE_FOLDER, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(choose)
    box.exec()
    return box.clickedButton() is choose


def choose_data_folder() -> Path | None:
    """The folder the person picks for this run's history; None if they close the dialog. Tests replace this."""
    from PySide6.QtWidgets import QFileDialog

    chosen = QFileDialog.getExistingDirectory(None, "Choose a folder for Homeguard's history", str(Path.home()))
    return Path(chosen) if chosen else None


def open_history(data_dir: str | Path | None) -> tuple[Store | None, Path | None]:
    """The history in ``data_dir`` (or the usual folder). When it cannot be used (a file where the folder should
    be, a folder that cannot be made, a history from a newer Homeguard), the person is told why and may choose
    another folder, as often as needed, or quit: then the store is None. The second value is the folder they
    chose, if any (used for this run only, never remembered)."""
    chosen: Path | None = None
    while True:
        try:
            return Store(chosen or data_dir), chosen
        except StoreError as exc:  # its name and the reason, never a crash
            if not show_start_error(exc.window_text):
                return None, None
            chosen = choose_data_folder() or chosen


def chosen_folder_notice(folder: Path) -> str:
    return (f"For now, Homeguard keeps its history in {folder}. This is only until Homeguard is closed: the next "
            "time it starts, it looks in its usual folder again.")


# -- starting ------------------------------------------------------------------------------------------------------

def make_application(argv0: str = APP_NAME) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    # Fractional scaling (125 %, 150 %) as the system asks, rather than rounded to whole steps.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([argv0])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # the version is set once the window has painted (warm_up_after_first_paint)
    # Every window and dialog, the print and file dialogs too. The small sizes for now, the whole icon once the
    # window has painted (warm_up_after_first_paint): see ui.icons.
    app.setWindowIcon(app_icon(START_SIZES))
    return app


def build_window(context: AppContext) -> MainWindow:
    window = MainWindow(context)
    warm_up_after_first_paint(window, context)
    return window


def warm_up_after_first_paint(window: QWidget, context: AppContext) -> None:
    """Once the window has painted, load in the background what the first scan and the first details need, and
    give the application its version and its whole icon (it starts with the small sizes, ``make_application``)."""

    def warm_up() -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setApplicationVersion(app_version())
            app.setWindowIcon(app_icon())
        context.warm_up()

    after_first_paint(window, warm_up)


def run_event_loop(app: QApplication) -> int:
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    problem = window_problem() if QApplication.instance() is None else None
    if problem:  # Qt would abort the process (SIGABRT) rather than say so: say it, and give the terminal report
        return terminal_instead(problem, args)
    app = make_application(sys.argv[0] if sys.argv else APP_NAME)
    instance = claim(args.data_dir, args.show)  # one copy at a time, asked before any window
    if instance is None:  # a copy over this data folder runs already: it has come forward instead
        return 0
    handler = ExceptionHandler().install()
    store, chosen = open_history(args.data_dir)
    if store is None:  # the person chose to quit rather than choose another folder
        instance.close()
        handler.uninstall()
        return EXIT_NO_HISTORY
    notice = "\n\n".join(text for text in (chosen and chosen_folder_notice(chosen), store.notice) if text)
    context = make_context(store, scenario=Path(args.recorded) if args.recorded else None,
                           safe_mode=args.safe_mode or load_safe_mode(store))
    try:
        window = build_window(context)
        handler.parent_widget = window
        window.show()
        if args.show:  # "Open Homeguard" on the weekly re-check's notification: the window opens at that item
            QTimer.singleShot(0, window, lambda: context.navigate.emit(args.show))
        instance.attach(window)
        hear_later_copies(instance, window)
        after_first_paint(window, lambda: add_tray_icon(window))
        if notice:
            QTimer.singleShot(0, window, lambda: show_notice(window, notice))
        return run_event_loop(app)
    finally:
        instance.close()  # a copy started from now on opens its own window
        close_down(context, store)
        handler.uninstall()


SERVE_AT_THE_LATEST_MS = 2000  # a window that does not paint (started minimised) still hears later copies


def hear_later_copies(instance: InstanceServer, window: QWidget) -> None:
    """Start reading what later copies send once the window has painted (reading loads Qt's network module, which
    costs time at start), or after SERVE_AT_THE_LATEST_MS if it has not painted by then. The name itself was
    claimed before the window: a copy started meanwhile is queued by the system and heard then."""

    def serve() -> None:
        if instance.listening and not instance.serve():
            print(f"Homeguard could not listen on its local socket ({instance.error}); starting it again will open "
                  "a second window.", file=sys.stderr)

    after_first_paint(window, serve)
    QTimer.singleShot(SERVE_AT_THE_LATEST_MS, window, serve)


def add_tray_icon(window: MainWindow) -> None:
    """The tray icon (where the desktop has a tray), once the window has painted: its classes cost time to load.
    It belongs to the window, which keeps it."""
    from ui.widgets.tray import tray_for

    tray_for(window)


def terminal_instead(problem: str, args: argparse.Namespace) -> int:
    """The window cannot open here: say why, on standard error, and show the terminal report as ``main.py`` does
    when there is no display."""
    from auditor import cli

    cli.make_output_safe()
    print(f"{problem} {INSTEAD}", file=sys.stderr)
    options = [*(["--data-dir", args.data_dir] if args.data_dir else []), *(["--safe-mode"] if args.safe_mode else [])]
    return cli.main([*options, "scan", *(["--recorded", args.recorded] if args.recorded else [])])


def close_down(context: AppContext, store: Store) -> None:
    """Quit in order: end the scan's process, cancel and wait for background work (a scan being saved, a PDF
    being written), and only then close the history, so nothing is ever written to a closed file."""
    try:
        context.shutdown()
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
