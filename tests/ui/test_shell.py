"""The main window and the app around it: navigation by mouse and keyboard, help one click away from every page,
the quick exit, one broken page never taking the window down, and the crash dialog that keeps the app running."""

import contextlib
import sqlite3
import threading
from pathlib import Path

import psutil
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
)

from auditor.notes import NotesStore
from auditor.store import Store
from ui import app as app_module
from ui.app import CrashDialog, ExceptionHandler
from ui.main_window import MINIMUM_SIZE, MainWindow, default_pages
from ui.pages import Page
from ui.pages.club import ClubPage
from ui.pages.device import DevicePage
from ui.pages.help_now import HelpNowPage
from ui.pages.overview import OverviewPage
from ui.pages.settings import SettingsPage

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "family-laptop.toml"
NAV_IDS = ["overview", "device", "people", "quiz", "history", "report", "club", "settings"]


def stand_in(page_id: str, title: str) -> type[Page]:
    """A plain page in place of one another part of the app provides, so these tests depend only on the shell."""
    return type(f"StandIn{page_id.title()}", (Page,), {"page_id": page_id, "title": title})


PAGES = [OverviewPage, DevicePage, stand_in("people", "People and accounts"), stand_in("quiz", "Quiz"),
         stand_in("history", "History"), stand_in("report", "Report"), ClubPage, SettingsPage, HelpNowPage]


@pytest.fixture
def context(app_context):
    return app_context


@pytest.fixture
def window_pages():
    return PAGES


def activate(qtbot, widget) -> None:
    widget.windowHandle().requestActivate()  # window shortcuts need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


@pytest.fixture
def window(qtbot, main_window):
    activate(qtbot, main_window)
    return main_window


def test_the_window_opens_on_the_overview_with_every_page_listed(window):
    assert window.size().width() == 1280 and window.size().height() == 800
    assert window.minimumSize() == MINIMUM_SIZE and MINIMUM_SIZE.width() == 1024 and MINIMUM_SIZE.height() == 700
    assert window.nav_ids == NAV_IDS
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Overview", "This device", "People and accounts", "Quiz", "History", "Report", "School or club", "Settings"]
    assert window.current_page_id() == "overview"
    assert window.windowTitle() == "Overview \u2014 Homeguard"
    assert window.help_button.isVisible() and window.help_button.isEnabled()


def test_navigation_by_mouse(qtbot, window):
    for row, page_id in enumerate(NAV_IDS):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_page_id() == page_id
        assert window.stack.currentWidget() is window.pages[page_id]
        assert window.windowTitle().startswith(window.pages[page_id].title)


def test_navigation_by_keyboard(qtbot, window):
    for number, page_id in enumerate(NAV_IDS, 1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_id() == page_id
        assert window.nav.currentRow() == number - 1
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_page_id() == "help"
    assert window.nav.selectedItems() == []
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_id() == "help"
    # The arrow keys move through the list of pages, too.
    window.nav.setFocus()
    window.nav.setCurrentRow(0)
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page_id() == "device"


def test_get_help_now_is_one_click_away_from_every_page(qtbot, window):
    for page_id in NAV_IDS:
        window.show_page(page_id)
        assert window.help_button.isVisible()
        qtbot.mouseClick(window.help_button, Qt.MouseButton.LeftButton)
        assert window.current_page_id() == "help"
        assert window.windowTitle() == "Get help now \u2014 Homeguard"


def test_the_quick_exit_button_hides_the_window_at_once_and_clears_nothing(qtbot, window, store):
    NotesStore(store.data_dir).add({"where": "Instagram"})
    window.show_help()
    help_page = window.pages["help"]
    qtbot.mouseClick(help_page.quick_exit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert [n.value("where") for n in NotesStore(store.data_dir).list()] == ["Instagram"]
    assert window.current_page_id() == "help"  # nothing was reset: showing it again finds it as it was


def test_escape_twice_is_a_quick_exit(qtbot, window):
    window.show_page("device")
    window.pages["device"].results.search.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.isVisible()  # one Esc only says what a second one would do
    assert "Esc again" in window.exit_hint.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_escape_twice_counts_wherever_the_focus_moves_in_between(qtbot, window):
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    qtbot.keyClick(window.nav, Qt.Key.Key_Escape)
    assert "Esc again" in window.exit_hint.text()
    window.help_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.help_button)
    qtbot.keyClick(window.help_button, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_escape_is_still_free_for_the_pages(qtbot, context):
    """A page's own Esc shortcut (History's "back") still works; Esc is only watched."""
    class WithEscape(Page):
        page_id = "history"
        title = "History"

        def __init__(self, context, parent=None):
            super().__init__(context, parent)
            self.backs = 0
            self.field = QLineEdit(self)
            shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.back)

        def back(self):
            self.backs += 1

    window = MainWindow(context, pages=[OverviewPage, WithEscape, HelpNowPage])
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    window.show_page("history")
    page = window.pages["history"]
    page.field.setFocus()
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert page.backs == 1 and window.isVisible()


def test_ctrl_shift_q_is_a_quick_exit_from_any_page(qtbot, window):
    window.show_page("settings")
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.isVisible()


def test_pages_can_ask_for_each_other_down_to_one_check(qtbot, window, context):
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        context.start_scan()
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)
    context.navigate.emit("device#password-manager")
    assert window.current_page_id() == "device"
    assert window.pages["device"].selected_result().check_id == "password-manager"
    context.navigate.emit("people#Maya")  # a name People does not know leaves the page as it is
    assert window.current_page_id() == "people"
    context.navigate.emit("no-such-page")
    assert window.current_page_id() == "people"


def test_a_page_that_cannot_be_built_does_not_stop_the_window(qtbot, context, capsys):
    class Broken(Page):
        page_id = "history"
        title = "History"

        def __init__(self, context, parent=None):
            raise RuntimeError("this page is broken")

    window = MainWindow(context, pages=[OverviewPage, Broken, SettingsPage, HelpNowPage])
    qtbot.addWidget(window)
    assert window.nav_ids == ["overview", "history", "settings"]
    window.show_page("history")
    texts = " ".join(label.text() for label in window.pages["history"].findChildren(type(window.exit_hint)))
    assert "could not be opened" in texts and "this page is broken" in texts
    window.show_page("settings")
    assert window.current_page_id() == "settings"
    assert "this page is broken" in capsys.readouterr().err


def test_an_unexpected_error_opens_the_crash_dialog_and_the_app_keeps_running(qtbot, window):
    handler = ExceptionHandler(window).install()
    try:
        def boom() -> None:
            raise RuntimeError("boom from a slot")

        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
        dialog = handler.dialog
        qtbot.addWidget(dialog)
        assert isinstance(dialog, CrashDialog) and not dialog.isModal()
        details = dialog.details.toPlainText()
        assert "RuntimeError: boom from a slot" in details and "Traceback" in details
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == details

        # A second error, from another thread, joins the same dialog instead of stacking windows.
        worker = threading.Thread(target=lambda: (_ for _ in ()).throw(ValueError("from a worker")))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: "ValueError: from a worker" in dialog.details.toPlainText())
        assert handler.dialog is dialog

        # The window is still there and still works.
        assert window.isVisible()
        qtbot.mouseClick(window.help_button, Qt.MouseButton.LeftButton)
        assert window.current_page_id() == "help"
        dialog.close()
    finally:
        handler.uninstall()


def test_every_control_has_an_accessible_name(window):
    kinds = (QAbstractButton, QLineEdit, QComboBox, QSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit)
    for page_id in ("overview", "device", "club", "settings", "help"):
        window.show_page(page_id)
    unnamed = []
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLineEdit) + \
            window.findChildren(QComboBox) + window.findChildren(QSpinBox) + \
            window.findChildren(QAbstractItemView) + window.findChildren(QTextEdit) + \
            window.findChildren(QPlainTextEdit):
        if not isinstance(widget, kinds) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QSpinBox | QComboBox) or widget.objectName().startswith("qt_"):
            continue  # the parts Qt builds inside a spin box or combo box take their name from it
        if type(widget).__name__ in ("QTabBar", "QToolButton") or isinstance(parent, QAbstractItemView):
            continue
        if widget.window() is not window:
            continue  # a combo box's drop-down list, named by its combo box
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}")
    assert unnamed == []


def test_the_default_pages_are_the_nine_pages_of_the_app():
    pages = default_pages()  # known by id and title without importing them
    assert [entry.page_id for entry in pages] == [*NAV_IDS, "help"]
    for entry in pages:  # the navigation's titles are the pages' own
        cls = entry.load()
        assert (cls.page_id, cls.title) == (entry.page_id, entry.title)


def test_only_the_first_page_is_built_at_start_and_each_other_when_first_shown(qtbot, context):
    window = MainWindow(context, pages=PAGES)
    qtbot.addWidget(window)
    assert list(window.pages.built()) == ["overview"]
    assert window.nav_ids == NAV_IDS and "help" in window.pages  # every page is known before it is built
    window.show_page("device")
    window.navigate_to("settings")
    window.show_help()
    assert list(window.pages.built()) == ["overview", "device", "settings", "help"]
    device = window.pages["device"]
    window.show_page("device")
    assert window.pages["device"] is device  # built once, then kept


def test_the_main_window_refreshes_the_shown_page_and_on_data_changed_only_the_visible_one(qtbot, context):
    refreshed = []

    def counting(page_id: str) -> type[Page]:
        return type(f"Counting{page_id.title()}", (Page,), {"page_id": page_id, "title": page_id.title(),
                                                            "refresh": lambda self: refreshed.append(self.page_id)})

    window = MainWindow(context, pages=[counting("overview"), counting("device"), counting("help")])
    qtbot.addWidget(window)
    assert refreshed == ["overview"]  # shown at start
    window.show_page("device")
    window.show_page("overview")
    assert refreshed == ["overview", "device", "overview"]
    context.notify_changed()
    assert refreshed[-1] == "overview" and refreshed.count("device") == 1


def test_main_opens_the_window_over_the_data_folder_and_tells_a_repair_once(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "home"
    data.mkdir()
    (data / "homeguard.db").write_bytes(b"this is not a database" * 100)
    notices, windows = [], []
    monkeypatch.setattr(app_module, "show_notice", lambda parent, text: notices.append(text))

    def build(context):
        windows.append(MainWindow(context, pages=PAGES))
        qtbot.addWidget(windows[-1])
        return windows[-1]

    def run(app) -> int:
        qtbot.waitUntil(lambda: bool(notices))
        windows[0].close()
        return 0

    monkeypatch.setattr(app_module, "build_window", build)
    monkeypatch.setattr(app_module, "run_event_loop", run)
    assert app_module.main(["--data-dir", str(data), "--recorded", str(SCENARIO)]) == 0
    assert len(notices) == 1 and "started a new one" in notices[0]
    assert windows[0].context.store.data_dir == data
    assert list(data.glob("homeguard.db.broken-*"))


def test_main_explains_a_history_it_cannot_open(tmp_path, monkeypatch, qapp):
    data = tmp_path / "home"
    data.mkdir()
    with sqlite3.connect(data / "homeguard.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    errors = []
    monkeypatch.setattr(app_module, "show_start_error", errors.append)
    # The terminal's exit code for a history it cannot use.
    assert app_module.main(["--data-dir", str(data)]) == app_module.EXIT_NO_HISTORY == 3
    assert errors and "newer version of Homeguard" in errors[0]


def test_the_window_follows_a_change_between_light_and_dark(qtbot, window):
    app = QApplication.instance()
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    dark.setColor(QPalette.ColorRole.Highlight, QColor("#5b8def"))
    dark.setColor(QPalette.ColorRole.HighlightedText, QColor("#0b0c0e"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: window.help_button.palette().color(QPalette.ColorRole.Button) == QColor("#5b8def"))
        assert window.help_button.palette().color(QPalette.ColorRole.ButtonText) == QColor("#0b0c0e")
    finally:
        app.setPalette(before)


# -- quitting -------------------------------------------------------------------------------------------------------

class WatchedStore(Store):
    """The history, noting every write and whether it came after the file was closed."""

    saving: threading.Event
    slow_save = 0.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.closed = False
        self.writes_after_close = 0
        self.saving = threading.Event()

    @contextlib.contextmanager
    def _transaction(self):
        if self.closed:
            self.writes_after_close += 1
        with super()._transaction() as conn:
            yield conn

    def save_run(self, run, card=None):
        self.saving.set()
        threading.Event().wait(self.slow_save)  # a slow disk: the save is still going when the person quits
        return super().save_run(run, card)

    def close(self):
        self.closed = True
        super().close()


def scan_children() -> list[psutil.Process]:
    return [child for child in psutil.Process().children(recursive=True) if "--stream" in child.cmdline()]


def run_app(qtbot, monkeypatch, data: Path, while_open) -> WatchedStore:
    """Run ui.app.main over ``data`` on the recorded laptop; ``while_open(window)`` acts and then the person quits."""
    stores: list[WatchedStore] = []

    def watched(data_dir):
        stores.append(WatchedStore(data_dir))
        return stores[-1]

    def build(context):
        window = MainWindow(context, pages=PAGES)
        qtbot.addWidget(window)
        return window

    def run(app) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        while_open(window)
        window.close()
        return 0

    monkeypatch.setattr(app_module, "Store", watched)
    monkeypatch.setattr(app_module, "build_window", build)
    monkeypatch.setattr(app_module, "run_event_loop", run)
    assert app_module.main(["--data-dir", str(data), "--recorded", str(SCENARIO)]) == 0
    return stores[0]


def test_quitting_mid_scan_ends_the_scan_process_and_writes_nothing_after_the_history_closes(
        qtbot, tmp_path, monkeypatch, slow_scan_env):
    seen: list[psutil.Process] = []

    def scan_then_quit(window):
        context = window.context
        context.scan_env = slow_scan_env  # one check takes 20 s: the scan is surely still running at quit
        with qtbot.waitSignal(context.scan_progress, timeout=20_000):
            assert context.start_scan()
        seen.extend(scan_children())

    store = run_app(qtbot, monkeypatch, tmp_path / "home", scan_then_quit)
    assert seen, "the scan was not running in a child process"
    _, alive = psutil.wait_procs(seen, timeout=5)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
    assert scan_children() == []
    assert store.closed and store.writes_after_close == 0
    again = Store(tmp_path / "home")
    try:
        assert again.latest_run_id() is None  # nothing from the unfinished scan was kept
    finally:
        again.close()


def test_quitting_while_a_scan_is_being_saved_waits_for_the_save_before_closing(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(WatchedStore, "slow_save", 0.5)

    def quit_during_the_save(window):
        assert window.context.start_scan()
        qtbot.waitUntil(window.context.store.saving.is_set, timeout=20_000)

    store = run_app(qtbot, monkeypatch, tmp_path / "home", quit_during_the_save)
    assert store.closed and store.writes_after_close == 0
    again = Store(tmp_path / "home")
    try:
        assert again.latest_run_id() is not None  # the save that was under way finished before the file closed
    finally:
        again.close()


def test_once_the_window_has_painted_the_rest_loads_in_the_background(qtbot, context):
    """The window paints first; then the checks load on a worker (never on the main thread) and the application
    gets its version, which may mean reading the package's metadata."""
    QApplication.instance().setApplicationVersion("")
    window = app_module.build_window(context)
    qtbot.addWidget(window)
    with qtbot.waitSignal(context.registry_loaded, timeout=30_000):
        window.show()
    assert context.loaded_registry() is not None
    assert QApplication.instance().applicationVersion() == app_module.app_version()
    window.close()
