"""The shared folder in the window: chosen in Settings (the dialog answered by the test), read when the app opens so
the Overview's "Computers in this home" shows the family's other computers, a problem shown as a calm line in
Settings, and this computer's report put there after a scan of the recorded family laptop (the child process scan
the other window tests use).

The other computers are the generated macOS and Windows reports in tests/fixtures/reports (see their SOURCES.toml).
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from auditor.settings import Settings
from tests.clock import an_hour_after_the_reports
from tests.support import FIXTURES
from ui.pages import settings as settings_page

REPORTS = FIXTURES / "reports"
MAC, WINDOWS = REPORTS / "generated-macos.json", REPORTS / "generated-windows.json"
MAC_NAME, WINDOWS_NAME = "Alexs-MacBook-Air", "FAMILY-DESKTOP"
QUICK = 30_000  # ms: generous for a loaded machine, never reached when things work


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview"),
            PageEntry.in_module("settings", "Settings", "ui.pages.settings")]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The shared folder; the app reads the reports put there against the clock, so that runs from an hour after
    the fixture reports were made (tests.clock) and they are neither out of date nor from the future."""
    an_hour_after_the_reports(monkeypatch)
    path = tmp_path / "Nextcloud" / "Homeguard"
    path.mkdir(parents=True)
    return path


def put_reports(folder, *paths):
    for path in paths:
        (folder / f"homeguard-{path.stem}.json").write_bytes(path.read_bytes())


def opened(qtbot, app_context, window_pages):
    """The window as the app opens it: built, shown, and warmed up once it has painted."""
    from ui.app import warm_up_after_first_paint
    from ui.main_window import MainWindow

    window = MainWindow(app_context, pages=window_pages)
    qtbot.addWidget(window)
    warm_up_after_first_paint(window, app_context)
    window.show()
    qtbot.waitExposed(window)
    return window


def computers_text(window) -> str:
    return "\n".join(window.pages["overview"].computers.shown_texts())


def test_the_app_reads_the_shared_folder_when_it_opens(qtbot, app_context, store, folder, window_pages):
    put_reports(folder, MAC, WINDOWS)
    store.save_settings(Settings(shared_folder=str(folder)))
    window = opened(qtbot, app_context, window_pages)
    try:
        window.show_page("overview")
        overview = window.pages["overview"]
        qtbot.waitUntil(lambda: overview.computers.frame.isVisible()
                        and MAC_NAME in computers_text(window) and WINDOWS_NAME in computers_text(window),
                        timeout=QUICK)
        assert sorted(c.computer_name for c in store.other_computers()) == [MAC_NAME, WINDOWS_NAME]
        assert app_context.shared_folder_news == f"Shared folder: added {MAC_NAME} and {WINDOWS_NAME}."
        window.show_page("settings")
        page = window.pages["settings"]
        assert page.shared_folder.text() == f"Shared folder: {folder}"
        assert page.shared_news.isVisible() and f"added {MAC_NAME}" in page.shared_news.text()
    finally:
        window.close()


def test_a_missing_folder_is_a_calm_line_in_settings(qtbot, app_context, store, tmp_path, window_pages):
    gone = tmp_path / "USB" / "Homeguard"
    store.save_settings(Settings(shared_folder=str(gone)))
    window = opened(qtbot, app_context, window_pages)
    try:
        qtbot.waitUntil(lambda: "is not there" in app_context.shared_folder_news, timeout=QUICK)
        window.show_page("settings")
        news = window.pages["settings"].shared_news
        assert news.isVisible()
        assert news.text().startswith(f"The shared folder {gone} is not there. If it is on a USB stick, plug the "
                                      "stick in")
    finally:
        window.close()


def test_choosing_a_folder_in_settings_keeps_it_and_reads_it(qtbot, main_window, app_context, store, folder,
                                                             monkeypatch, wait_saved):
    put_reports(folder, MAC)
    asked = []
    monkeypatch.setattr(settings_page, "ask_shared_folder", lambda parent, start="": asked.append(start) or
                        str(folder))
    main_window.show_page("settings")
    page = main_window.pages["settings"]
    assert page.shared_folder.text() == settings_page.NO_SHARED_FOLDER and not page.stop_shared.isEnabled()
    qtbot.mouseClick(page.choose_shared, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"added {MAC_NAME}" in page.shared_news.text(), timeout=QUICK)
    wait_saved()
    assert asked == [""]
    assert store.settings().shared_folder == str(folder)
    assert page.shared_folder.text() == f"Shared folder: {folder}" and page.stop_shared.isEnabled()
    assert [c.computer_name for c in store.other_computers()] == [MAC_NAME]

    qtbot.mouseClick(page.stop_shared, Qt.MouseButton.LeftButton)
    wait_saved()
    assert store.settings().shared_folder == ""
    assert page.shared_folder.text() == settings_page.NO_SHARED_FOLDER and not page.shared_news.isVisible()
    assert [c.computer_name for c in store.other_computers()] == [MAC_NAME]  # the computer added stays


def test_a_file_chosen_as_the_folder_is_refused_in_plain_words(qtbot, main_window, store, folder, monkeypatch):
    a_file = folder / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(settings_page, "ask_shared_folder", lambda parent, start="": str(a_file))
    main_window.show_page("settings")
    page = main_window.pages["settings"]
    qtbot.mouseClick(page.choose_shared, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be used" in page.shared_news.text(), timeout=QUICK)
    assert page.shared_news.text() == (f"That folder cannot be used. {a_file} is a file, not a folder. Choose the "
                                       "folder the reports should go in.")
    assert store.settings().shared_folder == ""


def test_after_a_scan_the_folder_has_this_computers_report(qtbot, app_context, store, folder):
    store.save_settings(Settings(shared_folder=str(folder)))
    written = folder / f"homeguard-{store.install_id()}.json"
    with qtbot.waitSignal(app_context.scan_finished, timeout=QUICK) as finished:
        assert app_context.start_scan()
    run = finished.args[0]
    assert run.run_id is not None
    qtbot.waitUntil(lambda: "was put in the shared folder" in app_context.shared_folder_written, timeout=QUICK)
    report = json.loads(written.read_text(encoding="utf-8"))
    assert report["device"]["install_id"] == store.install_id()
    assert report["device"]["hostname"] == "family-laptop" and report["scan"]["run_id"] == run.run_id
    assert [p.name for p in folder.iterdir()] == [written.name]  # no temp file left behind
