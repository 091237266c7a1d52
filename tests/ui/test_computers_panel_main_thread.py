"""The Overview's "Computers in this home" decides on the main thread only whether to show itself, by counting the
kept reports (``auditor.household_count``); every kept report is fetched and parsed on a worker. A report can be
up to the intake's size limit, and there may be many: the window must not stop to read them when it is shown."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")

from auditor import household_score, intake
from auditor.intake import read_report
from auditor.model import Result, ScanRun, Severity, Status
from auditor.store import Store
from tests.clock import an_hour_after_the_reports
from tests.support import FIXTURES

REPORTS = FIXTURES / "reports"
MAC_NAME, WINDOWS_NAME = "Alexs-MacBook-Air", "FAMILY-DESKTOP"


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview")]


@pytest.fixture
def where_reports_are_read(monkeypatch):
    """Each time a kept report is fetched from the history or parsed: on the main thread (True) or not."""
    calls: list[tuple[str, bool]] = []

    def on_main() -> bool:
        return threading.current_thread() is threading.main_thread()

    fetch, parse = Store.other_computers, intake.report_from_bytes

    def fetching(self):
        calls.append(("fetch", on_main()))
        return fetch(self)

    def parsing(*args, **kwargs):
        calls.append(("parse", on_main()))
        return parse(*args, **kwargs)

    monkeypatch.setattr(Store, "other_computers", fetching)
    monkeypatch.setattr(intake, "report_from_bytes", parsing)
    monkeypatch.setattr(household_score, "report_from_bytes", parsing)  # read_kept's own name for it
    return calls


def test_the_panel_reads_no_report_on_the_main_thread(main_window, app_context, qtbot, monkeypatch,
                                                      where_reports_are_read):
    an_hour_after_the_reports(monkeypatch)
    now = time.time()
    store = app_context.store
    for name in ("generated-macos.json", "generated-windows.json"):
        store.import_computer(read_report(REPORTS / name), now)
    store.save_run(ScanRun(results=(Result("screen-lock", "Screen locks when you step away", "secure-devices",
                                           Severity.HIGH, Status.FAIL, "It never locks"),),
                           started_at=now - 5, finished_at=now, platform="linux", hostname="this-laptop",
                           os_name="Linux", app_version="1.0"))
    where_reports_are_read.clear()  # the setup above read the reports itself; from here on it is the window

    app_context.notify_changed()
    panel = main_window.pages["overview"].computers
    qtbot.waitUntil(lambda: panel.frame.isVisible() and
                    all(name in "\n".join(panel.shown_texts()) for name in (MAC_NAME, WINDOWS_NAME)), timeout=10_000)
    assert panel.has_others and panel.computer_count == 3  # counted: two kept reports, and this computer's scan
    assert ("parse", False) in where_reports_are_read and ("fetch", False) in where_reports_are_read  # on a worker
    assert [kind for kind, on_main in where_reports_are_read if on_main] == []
