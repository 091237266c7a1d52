"""The first desktop window: it scans in the background over a recorded host and shows the report."""

import pytest

from auditor.recorded import RecordedHost
from auditor.store import Store
from tests.support import fixture

pytest.importorskip("PySide6")

from ui.app import MainWindow


def recorded_laptop() -> RecordedHost:
    return RecordedHost(
        env={"XDG_CURRENT_DESKTOP": "GNOME", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"},
        hostname="family-laptop",
    ).add_command(["python3", "-m", "keyring", "--list-backends"],
                  fixture("linux/keyring/list-backends-gnome-with-kwallet.txt"))


def test_a_scan_fills_the_report_and_is_saved(qtbot, tmp_path):
    store = Store(tmp_path)
    window = MainWindow(store, host_factory=recorded_laptop)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.bridge.finished, timeout=20_000):
        window.start_scan()
    qtbot.waitUntil(lambda: "Homeguard report for family-laptop" in window.report.toPlainText())
    assert window.scan_button.isEnabled()
    assert window.score.text().startswith("Score: ")
    assert store.latest_run_id() == 1
    store.close()
