"""This device: a scan over the recorded family laptop fills the list row by row, can be cancelled, and each row's
details say why it matters, what was seen and how to fix it."""

import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from auditor.model import Evidence, Fix, Result, ScanRun, Severity, Status
from auditor.recorded import RecordedHost, load_scenario
from auditor.registry import discover
from auditor.store import Store
from ui.context import make_context
from ui.models import COL_CHECK, ResultRole
from ui.pages.device import DevicePage

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "family-laptop.toml"
APT_LIST = ["apt", "list", "--upgradable"]


def family_laptop() -> RecordedHost:
    return load_scenario(SCENARIO)


def slow_family_laptop() -> RecordedHost:
    """The same laptop, with one program that takes its time: long enough to press Cancel."""
    host = family_laptop()
    return host.add_command(APT_LIST, "", delay=20.0)


def make_page(qtbot, store, host_factory=family_laptop):
    context = make_context(store, host_factory=host_factory)
    page = DevicePage(context)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    return context, page


def finish_scan(qtbot, context) -> None:
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)


def device_results(run: ScanRun) -> list[Result]:
    return [r for r in run.results if r.kind == "device"]


def test_a_scan_fills_the_list_row_by_row_and_is_saved(qtbot, store):
    context, page = make_page(qtbot, store)
    assert page.model.rowCount() == 0 and "No scan yet" in page.subtitle.text()
    seen_rows = []
    page.model.rowsInserted.connect(lambda *_: seen_rows.append(page.model.rowCount()))
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        qtbot.mouseClick(page.scan_panel.scan_button, Qt.MouseButton.LeftButton)
        assert not page.scan_panel.scan_button.isEnabled()
        assert page.scan_panel.bar.isVisible() and page.scan_panel.cancel_button.isVisible()
    run = finished.args[0]
    finish_scan(qtbot, context)

    expected = device_results(run)
    assert len(expected) >= 10
    assert seen_rows == list(range(1, len(expected) + 1))  # one row at a time, as each check finished
    assert {r.check_id for r in page.model.results()} == {r.check_id for r in expected}
    assert run.run_id is not None and store.latest_run_id() == run.run_id
    assert {r.status for r in expected} >= {Status.PASS, Status.FAIL, Status.PARTIAL, Status.UNKNOWN}
    assert page.scan_panel.scan_button.isEnabled() and not page.scan_panel.bar.isVisible()
    assert "Scan finished" in page.scan_panel.message()
    assert "family-laptop" in page.subtitle.text()
    # The list is sorted with what needs attention first, and the first row is shown in detail.
    first = page.proxy.result_at(0)
    assert first.status is Status.FAIL
    assert page.details.result == first


def test_scanning_happens_off_the_main_thread_and_the_window_keeps_working(qtbot, store):
    """While one check still waits for a slow program, the other results arrive and the window goes on handling
    events: no check runs on the main thread. (How long each event-loop step takes is measured by `make bench`.)"""
    threads = set()

    def watched_laptop() -> RecordedHost:
        host = slow_family_laptop()
        real_run = host.run

        def run(argv, timeout=10.0):
            threads.add(threading.current_thread())
            return real_run(argv, timeout)

        host.run = run
        return host

    context, page = make_page(qtbot, store, host_factory=watched_laptop)
    page.scan_panel.start()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 3, timeout=20_000)  # results arrive while apt still runs
    assert context.scanning
    search = page.findChild(QLineEdit)
    qtbot.keyClicks(search, "disk")  # the window answers the keyboard mid-scan
    assert page.proxy.rowCount() >= 1
    with qtbot.waitSignal(context.scan_finished, timeout=10_000):
        page.scan_panel.cancel_button.click()
    finish_scan(qtbot, context)
    assert threads and threading.main_thread() not in threads


def test_cancel_stops_the_scan_and_says_so(qtbot, store):
    context, page = make_page(qtbot, store, host_factory=slow_family_laptop)
    with qtbot.waitSignal(context.scan_started):
        page.scan_panel.start()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 3, timeout=20_000)  # the quick checks are in
    # The slow program takes 20 s; the scan finishing within 10 s shows cancel did not wait for it.
    with qtbot.waitSignal(context.scan_finished, timeout=10_000) as finished:
        qtbot.mouseClick(page.scan_panel.cancel_button, Qt.MouseButton.LeftButton)
    finish_scan(qtbot, context)
    assert finished.args[0].cancelled
    assert store.latest_run_id() is None  # nothing from a cancelled scan is saved
    assert "cancelled" in page.scan_panel.message()
    assert page.scan_panel.scan_button.isEnabled()
    assert page.model.rowCount() == 0  # back to the last full scan: there is none yet
    assert "No checks yet" in page.empty.text()


def test_a_cancelled_scan_leaves_the_last_full_scan_in_view(qtbot, store):
    context, page = make_page(qtbot, store)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.start()
    finish_scan(qtbot, context)
    full = {r.check_id for r in page.model.results()}

    context.host_factory = slow_family_laptop
    with qtbot.waitSignal(context.scan_started):
        page.scan_panel.start()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1, timeout=20_000)
    with qtbot.waitSignal(context.scan_finished, timeout=10_000):
        page.scan_panel.cancel()
    finish_scan(qtbot, context)
    assert {r.check_id for r in page.model.results()} == full
    assert "last full scan" in page.scan_panel.message()


def test_selecting_a_row_shows_why_what_was_seen_and_how_to_fix_it(qtbot, store):
    context, page = make_page(qtbot, store)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.start()
    finish_scan(qtbot, context)

    row = page.proxy.mapFromSource(page.model.index(page.model.row_of("disk-encryption"), COL_CHECK)).row()
    rect = page.table.visualRect(page.proxy.index(row, COL_CHECK))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    result = page.selected_result()
    assert result.check_id == "disk-encryption" and result.status is Status.FAIL

    details = page.details.browser.toPlainText()
    why = discover().get("disk-encryption").spec.why
    assert "Why it matters" in details and why in details
    assert "What Homeguard looked at" in details
    for item in result.evidence:
        assert item.looked_at in details and item.seen in details
    assert "How to fix it" in details and result.fix.steps[0] in details
    assert page.details.title.text() == "The disk is encrypted"
    assert result.summary in page.details.summary.text()
    assert not page.details.open_settings.isEnabled()  # Linux has no settings page for disk encryption

    # The keyboard moves through the list the same way.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected_result() != result
    assert page.details.result == page.selected_result()


def test_the_filter_and_search_narrow_the_list(qtbot, store):
    context, page = make_page(qtbot, store)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.start()
    finish_scan(qtbot, context)
    page.status_filter.setCurrentIndex(page.status_filter.findData("attention"))
    shown = {page.proxy.result_at(r).status for r in range(page.proxy.rowCount())}
    assert shown == {Status.FAIL, Status.PARTIAL}
    qtbot.keyClicks(page.search, "password manager")
    assert [page.proxy.result_at(r).check_id for r in range(page.proxy.rowCount())] == ["password-manager"]
    qtbot.keyClicks(page.search, " nothing like this")
    assert page.proxy.rowCount() == 0 and page.empty.isVisible()
    # Asking for one check (as the overview does) clears what hides it.
    page.show_item("screen-lock")
    assert page.selected_result().check_id == "screen-lock"
    assert page.search.text() == "" and page.status_filter.currentData() == "all"


def _saved_run(store: Store, **fix) -> None:
    result = Result("firewall", "The firewall is on", "secure-devices", Severity.MEDIUM, Status.FAIL,
                    "ufw is installed but switched off.", (Evidence("/etc/ufw/ufw.conf", "ENABLED=no"),),
                    Fix(("Open Settings.", "Turn the firewall on."), more_info="https://example.org/firewall", **fix))
    store.save_run(ScanRun((result,), 1_795_000_000.0, 1_795_000_010.0, "linux", "<b>laptop</b>", "Debian", "0.1"))


def test_open_settings_calls_open_fix_and_reports_when_it_cannot(qtbot, store, monkeypatch):
    _saved_run(store, settings_command=("gnome-control-center", "privacy"))
    context, page = make_page(qtbot, store)
    assert page.selected_result().check_id == "firewall"
    assert page.subtitle.text().startswith("<b>laptop</b>")  # shown as plain text, never as markup
    calls = []
    monkeypatch.setattr(context, "open_fix", lambda fix: calls.append(fix) or "")
    assert page.details.open_settings.isEnabled()
    qtbot.mouseClick(page.details.open_settings, Qt.MouseButton.LeftButton)
    assert calls == [page.selected_result().fix]
    assert "should now be open" in page.details.message.text()

    monkeypatch.setattr(context, "open_fix", lambda fix: "gnome-control-center is not installed on this computer")
    qtbot.mouseClick(page.details.open_settings, Qt.MouseButton.LeftButton)
    assert "gnome-control-center is not installed" in page.details.message.text()
    assert page.details.message.isVisible()

    opened = []
    monkeypatch.setattr(context, "open_url", lambda url: opened.append(url) or True)
    qtbot.mouseClick(page.details.read_more, Qt.MouseButton.LeftButton)
    assert opened == ["https://example.org/firewall"]


def test_open_settings_is_off_when_there_is_nothing_to_open(qtbot, store):
    _saved_run(store)
    _, page = make_page(qtbot, store)
    assert page.selected_result().fix.settings_command is None
    assert not page.details.open_settings.isEnabled()


def test_evidence_is_shown_as_text_never_as_markup(qtbot, store):
    hostile = Result("ssh-keys", "SSH keys are protected", "secure-devices", Severity.LOW, Status.FAIL,
                     "A key <img src=x> has no passphrase.",
                     (Evidence("<script>alert(1)</script>", "<b>id_rsa</b> & more"),))
    store.save_run(ScanRun((hostile,), 1.0, 2.0, "linux", "host", "Debian", "0.1"))
    _, page = make_page(qtbot, store)
    text = page.details.browser.toPlainText()
    assert "<script>alert(1)</script>" in text and "<b>id_rsa</b> & more" in text
    assert "<script>" not in page.details.browser.toHtml().replace("&lt;script&gt;", "")
    assert page.details.summary.text() == "A key <img src=x> has no passphrase."
    assert page.details.summary.textFormat() == Qt.TextFormat.PlainText
    assert page.table.model().index(0, COL_CHECK).data(ResultRole) == hostile
