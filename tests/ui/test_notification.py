"""The weekly re-check's notification window, the window opening at an item, and Settings' "Keep watch" section."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from auditor.host_protocol import CommandOutcome, CommandResult
from auditor.schedule import SystemdScheduler
from auditor.store import Store
from auditor.watch import snoozed_until
from tests.ui.conftest import SCENARIO
from ui import app as app_module
from ui import launch
from ui.widgets import keep_watch, notification
from ui.widgets.notification import LIFETIME_MS, MARGIN, NotificationWindow

MESSAGE = "Got worse since the last check: The screen locks when you step away."


@pytest.fixture
def popup(qtbot):
    said: list[str] = []
    window = NotificationWindow(MESSAGE, kind="worse", on_open=lambda: said.append("open"), on_snooze=said.append)
    qtbot.addWidget(window)
    window.place()
    window.show()
    qtbot.waitExposed(window)
    return window, said


def test_it_shows_the_message_and_four_buttons(popup) -> None:
    window, _ = popup
    texts = [label.text() for label in window.findChildren(QLabel)]
    assert MESSAGE in texts
    assert [b.text() for b in window.findChildren(QPushButton)] == [
        "Open Homeguard", "Snooze a day", "Snooze a week", "Dismiss"]
    assert window.timer.isActive() and window.timer.interval() == LIFETIME_MS == 120_000


def test_it_sits_in_the_bottom_right_corner_of_the_primary_screen(popup) -> None:
    window, _ = popup
    area = QGuiApplication.primaryScreen().availableGeometry()
    placed = window.geometry()
    assert placed.right() == area.right() - MARGIN
    assert placed.bottom() == area.bottom() - MARGIN


@pytest.mark.parametrize(("button", "expected"), [("open_button", ["open"]), ("day_button", ["day"]),
                                                   ("week_button", ["week"]), ("dismiss_button", [])])
def test_each_button_calls_back_and_closes_it(qtbot, popup, button, expected) -> None:
    window, said = popup
    getattr(window, button).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert said == expected


def test_it_closes_itself_when_nobody_answers(qtbot) -> None:
    window = NotificationWindow(MESSAGE, on_open=lambda: None, on_snooze=lambda _: None, lifetime_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_snooze_is_written_to_the_history(tmp_path) -> None:
    notification.save_snooze("week", str(tmp_path / "data"))
    store = Store(tmp_path / "data")
    try:
        assert snoozed_until(store) > 0
    finally:
        store.close()


def test_open_homeguard_starts_the_window_at_the_item(monkeypatch) -> None:
    started: list[list[str]] = []
    def launch_detached(argv: list[str]) -> str:
        started.append(list(argv))
        return ""

    monkeypatch.setattr("auditor.launcher.launch_detached", launch_detached)
    notification.open_homeguard("device#screen-lock", "/data")
    assert started and started[0][-4:] == ["--data-dir", "/data", "--show", "device#screen-lock"]


def test_homeguard_gui_notify_shows_the_notification_not_the_window(monkeypatch) -> None:
    seen: list[argparse.Namespace] = []
    def notification_main(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(notification, "main", notification_main)
    assert launch.main(["--notify", "worse", "--message", MESSAGE, "--show", "device#screen-lock"]) == 0
    assert (seen[0].notify, seen[0].message, seen[0].show) == ("worse", MESSAGE, "device#screen-lock")


def test_main_py_hands_notify_and_show_to_the_window_launcher(monkeypatch) -> None:
    import main

    seen: list[list[str]] = []
    def launch_main(argv: list[str]) -> int:
        seen.append(list(argv))
        return 0

    monkeypatch.setattr(launch, "main", launch_main)
    assert main.main(["--show", "people"]) == 0
    assert main.main(["--data-dir", "/d", "--notify", "expired", "--message", "x"]) == 0
    assert seen == [["--show", "people"], ["--data-dir", "/d", "--notify", "expired", "--message", "x"]]


def test_the_window_opens_at_the_item_it_was_asked_for(qtbot, tmp_path, monkeypatch) -> None:
    from ui.main_window import MainWindow

    shown: list[str] = []

    def build(context):
        window = MainWindow(context)
        qtbot.addWidget(window)
        return window

    def run(app) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: window.current_page_id() == "device")
        shown.append(window.current_page_id())
        window.close()
        return 0

    monkeypatch.setattr(app_module, "build_window", build)
    monkeypatch.setattr(app_module, "run_event_loop", run)
    assert app_module.main(["--data-dir", str(tmp_path / "data"), "--recorded", str(SCENARIO),
                            "--show", "device#disk-encryption"]) == 0
    assert shown == ["device"]


# -- Settings: Keep watch ----------------------------------------------------------------------------------------------

def no_bus(argv: Sequence[str], timeout: float) -> CommandResult:
    """systemctl --user where no user service manager runs, as this container answers (stderr as seen here)."""
    return CommandResult(tuple(argv), CommandOutcome.RAN, returncode=1,
                         stderr="Failed to connect to bus: No medium found\n")


def test_keep_watch_switch_turns_it_on_and_off_on_a_worker(qtbot, app_context, tmp_path, monkeypatch) -> None:
    environ = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    monkeypatch.setattr(keep_watch, "make_scheduler", lambda: SystemdScheduler(runner=no_bus, environ=environ))
    section = keep_watch.KeepWatchSection(app_context)
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    qtbot.waitUntil(lambda: not section.busy)
    assert not section.switch.isChecked()
    assert section.status.text().startswith("The weekly re-check is off.")

    section.switch.setChecked(True)
    qtbot.waitUntil(lambda: not section.busy and section.status.text() != keep_watch.CHECKING)
    units = tmp_path / "config" / "systemd" / "user"
    assert (units / "homeguard-watch.timer").is_file()
    assert section.switch.isChecked()
    assert "the timer is not active: no user service manager is running here" in section.status.text()

    section.switch.setChecked(False)
    qtbot.waitUntil(lambda: not section.busy and section.status.text() != keep_watch.CHECKING)
    assert not any(units.iterdir())
    assert section.status.text().startswith("The weekly re-check is off.")


def test_keep_watch_says_why_and_switches_back_when_the_files_cannot_be_written(
        qtbot, app_context, tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "config"
    blocked.write_text("a file where the folder should be")
    environ = {"XDG_CONFIG_HOME": str(blocked), "HOME": str(tmp_path)}
    monkeypatch.setattr(keep_watch, "make_scheduler", lambda: SystemdScheduler(runner=no_bus, environ=environ))
    section = keep_watch.KeepWatchSection(app_context)
    qtbot.addWidget(section)
    section.switch.setChecked(True)
    qtbot.waitUntil(lambda: not section.busy)
    assert not section.switch.isChecked() and section.switch.isEnabled()
    assert section.status.text().startswith("The weekly re-check could not be changed: ")
