"""The window and a data folder it cannot use: one plain message naming the folder and what is wrong, "Choose
another folder…" or "Quit"; and a scan whose save fails stays on screen, with a calm line saying it was not saved.

The message box and the folder dialog are replaced (``ui.app.show_start_error``, ``ui.app.choose_data_folder``):
they are the person's answers, given in order.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from auditor.cli import EXIT_STORE
from auditor.store import DATA_DIR_ENV, Store
from tests.ui.conftest import SCENARIO
from ui import app as app_module
from ui.main_window import MainWindow
from ui.pages.device import DevicePage
from ui.pages.overview import OverviewPage


class Person:
    """The answers of the person at the screen: to the problem message (True: choose another folder, False:
    quit), and the folders they pick (None: they closed the folder dialog)."""

    def __init__(self, answers: list[bool], folders: list[Path | None]) -> None:
        self.answers, self.folders = answers, folders
        self.messages: list[str] = []

    def told(self, text: str) -> bool:
        self.messages.append(text)
        return self.answers.pop(0)

    def picks(self) -> Path | None:
        return self.folders.pop(0)


def start(qtbot, monkeypatch, person: Person, argv: list[str]) -> tuple[int, list[MainWindow], list[str]]:
    """Run ``ui.app.main`` as the person would; the window, if it opens, closes at once."""
    windows: list[MainWindow] = []
    notices: list[str] = []
    monkeypatch.setattr(app_module, "show_start_error", person.told)
    monkeypatch.setattr(app_module, "choose_data_folder", person.picks)
    monkeypatch.setattr(app_module, "show_notice", lambda parent, text: notices.append(text))

    def build(context):
        windows.append(MainWindow(context, pages=[OverviewPage, DevicePage]))
        qtbot.addWidget(windows[-1])
        return windows[-1]

    def run(app) -> int:
        qtbot.waitUntil(lambda: bool(notices) or not person.messages)
        windows[0].close()
        return 0

    monkeypatch.setattr(app_module, "build_window", build)
    monkeypatch.setattr(app_module, "run_event_loop", run)
    code = app_module.main([*argv, "--recorded", str(SCENARIO)])
    return code, windows, notices


def test_a_data_folder_that_is_a_file_is_named_and_another_folder_can_be_chosen(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    other = tmp_path / "other"
    person = Person([True], [other])
    code, windows, notices = start(qtbot, monkeypatch, person, ["--data-dir", str(blocker)])
    assert code == 0
    assert len(person.messages) == 1
    assert str(blocker) in person.messages[0] and "a folder is needed there" in person.messages[0]
    assert "--data-dir" not in person.messages[0]  # the window offers the choice itself
    assert windows[0].context.store.data_dir == other and (other / "homeguard.db").is_file()
    assert len(notices) == 1 and str(other) in notices[0] and "until Homeguard is closed" in notices[0]
    assert blocker.read_text() == "x"


def test_homeguard_home_pointing_at_a_file_and_the_person_quits(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "home-file"
    blocker.write_text("x")
    monkeypatch.setenv(DATA_DIR_ENV, str(blocker))
    person = Person([False], [])
    code, windows, _ = start(qtbot, monkeypatch, person, [])
    assert code == EXIT_STORE and windows == []
    assert len(person.messages) == 1 and str(blocker) in person.messages[0]


def test_a_folder_that_cannot_be_made_is_named_with_the_reason(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    wanted = blocker / "homeguard"
    person = Person([False], [])
    code, _, _ = start(qtbot, monkeypatch, person, ["--data-dir", str(wanted)])
    assert code == EXIT_STORE
    assert person.messages == [f"The data folder {wanted} could not be used: part of that path is a file, not a "
                               "folder."]


def test_a_history_from_a_newer_homeguard_is_left_alone_and_another_folder_used(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "newer"
    data.mkdir()
    with sqlite3.connect(data / "homeguard.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    before = (data / "homeguard.db").read_bytes()
    other = tmp_path / "other"
    person = Person([True], [other])
    code, windows, _ = start(qtbot, monkeypatch, person, ["--data-dir", str(data)])
    assert code == 0
    assert "newer version of Homeguard" in person.messages[0] and str(data / "homeguard.db") in person.messages[0]
    assert "--data-dir" not in person.messages[0]
    assert windows[0].context.store.data_dir == other
    assert (data / "homeguard.db").read_bytes() == before


def test_closing_the_folder_dialog_asks_again_and_a_bad_choice_is_explained_too(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    also_bad = tmp_path / "also-a-file"
    also_bad.write_text("y")
    good = tmp_path / "good"
    person = Person([True, True, True], [None, also_bad, good])
    code, windows, _ = start(qtbot, monkeypatch, person, ["--data-dir", str(blocker)])
    assert code == 0
    assert [str(blocker) in m for m in person.messages] == [True, True, False]
    assert str(also_bad) in person.messages[2]
    assert windows[0].context.store.data_dir == good


# -- a scan the history cannot take ------------------------------------------------------------------------------------

@pytest.fixture
def window_pages():
    return [OverviewPage, DevicePage]


def test_a_scan_whose_save_fails_stays_on_screen_and_says_why(qtbot, store, app_context, main_window, monkeypatch):
    def read_only(self, run, card=None):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    saved_as_usual = Store.save_run
    monkeypatch.setattr(Store, "save_run", read_only)
    context = app_context
    main_window.show_page("device")
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        assert context.start_scan()
    run = finished.args[0]
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)

    assert run.run_id is None and not run.cancelled and store.latest_run_id() is None
    assert "not saved" in context.scan_not_saved and "read-only" in context.scan_not_saved
    assert str(store.path) in context.scan_not_saved
    device = main_window.current_page()
    assert isinstance(device, DevicePage)
    device_rows = [r for r in run.results if r.kind == "device"]
    assert len(device_rows) >= 10 and device.results.model.rowCount() == len(device_rows)
    message = device.scan_panel.message()
    assert message.startswith("Scan finished") and "This scan was not saved to the history" in message
    assert "Nothing was changed" not in message  # it is not shown as a failed scan

    context.notify_changed()  # any refresh keeps the unsaved scan in view
    assert device.results.model.rowCount() == len(device_rows)
    assert context.latest_scan() == run and context.current_run() == run
    main_window.show_page("overview")
    overview = main_window.current_page()
    assert isinstance(overview, OverviewPage)
    assert overview.run == run and not overview.first_run

    monkeypatch.setattr(Store, "save_run", saved_as_usual)  # writable again: the next scan is saved, the line goes
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        assert context.start_scan()
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)
    assert finished.args[0].run_id is not None and context.scan_not_saved == ""
    assert context.latest_scan().run_id == finished.args[0].run_id
