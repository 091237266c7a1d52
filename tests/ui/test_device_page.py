"""This device: a scan over the recorded family laptop fills the list row by row, can be cancelled, and each row's
details say why it matters, what was seen and how to fix it."""

import sys

import psutil
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from auditor import registry as registry_module
from auditor.model import Evidence, Fix, Origin, Result, ScanRun, Severity, Status
from auditor.registry import FoundEntry, discover
from auditor.store import Store
from ui.models.results import COL_CHECK
from ui.models.roles import ITEM_ROLE
from ui.pages.device import DevicePage


def make_page(qtbot, context, scan_env=None):
    """This device over the shared app context (tests/ui/conftest.py: the recorded family laptop, scanned in a
    child process, shut down after the test). ``scan_env`` is the ``slow_scan_env`` fixture for a scan in which
    one check takes 20 s, long enough to press Cancel."""
    if scan_env is not None:
        context.scan_env = scan_env
    page = DevicePage(context)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.refresh()  # as the main window does when it shows the page
    page.show()
    return context, page


def finish_scan(qtbot, context) -> None:
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)


def device_results(run: ScanRun) -> list[Result]:
    return [r for r in run.results if r.kind == "device"]


def test_a_scan_fills_the_list_row_by_row_and_is_saved(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    assert page.results.model.rowCount() == 0 and "No scan yet" in page.subtitle.text()
    seen_rows = []
    page.results.model.rowsInserted.connect(lambda *_: seen_rows.append(page.results.model.rowCount()))
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        qtbot.mouseClick(page.scan_panel.scan_button, Qt.MouseButton.LeftButton)
        assert not page.scan_panel.scan_button.isEnabled()
        assert page.scan_panel.bar.isVisible() and page.scan_panel.cancel_button.isVisible()
    run = finished.args[0]
    finish_scan(qtbot, context)

    expected = device_results(run)
    assert len(expected) >= 10
    assert seen_rows == list(range(1, len(expected) + 1))  # one row at a time, as each check finished
    assert {r.check_id for r in page.results.model.rows()} == {r.check_id for r in expected}
    assert run.run_id is not None and store.latest_run_id() == run.run_id
    assert {r.status for r in expected} >= {Status.PASS, Status.FAIL, Status.PARTIAL, Status.UNKNOWN}
    assert page.scan_panel.scan_button.isEnabled() and not page.scan_panel.bar.isVisible()
    assert "Scan finished" in page.scan_panel.message()
    assert "family-laptop" in page.subtitle.text()
    # The list is sorted with what needs attention first, and the first row is shown in detail.
    first = page.results.proxy.result_at(0)
    assert first.status is Status.FAIL
    assert page.results.details.result == first


def test_scanning_happens_in_its_own_process_and_the_window_keeps_working(qtbot, store, app_context,
                                                                         slow_scan_env):
    """While one check still waits, the other results arrive and the window goes on handling events: no check runs
    in the window's process at all, but in the scan's child process. (How long each event-loop step takes is
    measured by `make bench`.)"""
    context, page = make_page(qtbot, app_context, scan_env=slow_scan_env)
    page.scan_panel.start()
    qtbot.waitUntil(lambda: page.results.model.rowCount() >= 3, timeout=20_000)  # they arrive while one check waits
    assert context.scanning
    children = [p for p in psutil.Process().children(recursive=True) if "--stream" in p.cmdline()]
    assert len(children) == 1  # the checks run in the scan's own process
    search = page.findChild(QLineEdit)
    qtbot.keyClicks(search, "disk")  # the window answers the keyboard mid-scan
    assert search.text() == "disk"
    # disk-encryption may not have finished yet on a busy machine: its row appears, filtered, when it does.
    qtbot.waitUntil(lambda: page.results.proxy.rowCount() >= 1, timeout=10_000)
    with qtbot.waitSignal(context.scan_finished, timeout=10_000):
        page.scan_panel.cancel_button.click()
    finish_scan(qtbot, context)
    _, alive = psutil.wait_procs(children, timeout=5)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []  # cancel ended it


def test_cancel_stops_the_scan_and_says_so(qtbot, store, app_context, slow_scan_env):
    context, page = make_page(qtbot, app_context, scan_env=slow_scan_env)
    with qtbot.waitSignal(context.scan_started):
        page.scan_panel.start()
    qtbot.waitUntil(lambda: page.results.model.rowCount() >= 3, timeout=20_000)  # the quick checks are in
    # The slow program takes 20 s; the scan finishing within 10 s shows cancel did not wait for it.
    with qtbot.waitSignal(context.scan_finished, timeout=10_000) as finished:
        qtbot.mouseClick(page.scan_panel.cancel_button, Qt.MouseButton.LeftButton)
    finish_scan(qtbot, context)
    assert finished.args[0].cancelled
    assert store.latest_run_id() is None  # nothing from a cancelled scan is saved
    assert "cancelled" in page.scan_panel.message()
    assert page.scan_panel.scan_button.isEnabled()
    assert page.results.model.rowCount() == 0  # back to the last full scan: there is none yet
    assert "No checks yet" in page.results.empty.text()


def test_a_cancelled_scan_leaves_the_last_full_scan_in_view(qtbot, store, app_context, slow_scan_env):
    context, page = make_page(qtbot, app_context)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.start()
    finish_scan(qtbot, context)
    full = {r.check_id for r in page.results.model.rows()}

    context.scan_env = slow_scan_env
    with qtbot.waitSignal(context.scan_started):
        page.scan_panel.start()
    qtbot.waitUntil(lambda: page.results.model.rowCount() >= 1, timeout=20_000)
    with qtbot.waitSignal(context.scan_finished, timeout=10_000):
        page.scan_panel.cancel()
    finish_scan(qtbot, context)
    assert {r.check_id for r in page.results.model.rows()} == full
    assert "last full scan" in page.scan_panel.message()


def test_selecting_a_row_shows_why_what_was_seen_and_how_to_fix_it(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.start()
    finish_scan(qtbot, context)

    results = page.results
    row = results.proxy.mapFromSource(results.model.index(results.model.row_of_check("disk-encryption"), 0)).row()
    rect = results.table.visualRect(results.proxy.index(row, COL_CHECK))
    qtbot.mouseClick(page.results.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    result = page.selected_result()
    assert result.check_id == "disk-encryption" and result.status is Status.FAIL

    why = discover().get("disk-encryption").spec.why
    # The checks are loaded in the background (never on the main thread), and "why it matters" follows from them.
    qtbot.waitUntil(lambda: why in page.results.details.browser.toPlainText())
    details = page.results.details.browser.toPlainText()
    assert "Why it matters" in details
    assert "What Homeguard looked at" in details
    for item in result.evidence:
        assert item.looked_at in details and item.seen in details
    assert "How to fix it" in details and result.fix.steps[0] in details
    assert page.results.details.title.text() == "The disk is encrypted"
    assert result.summary in page.results.details.summary.text()
    assert not page.results.details.open_settings.isEnabled()  # Linux has no settings page for disk encryption

    # The keyboard moves through the list the same way.
    page.results.table.setFocus()
    qtbot.keyClick(page.results.table, Qt.Key.Key_Down)
    assert page.selected_result() != result
    assert page.results.details.result == page.selected_result()


def test_the_filter_and_search_narrow_the_list(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.start()
    finish_scan(qtbot, context)
    page.results.status_filter.setCurrentIndex(page.results.status_filter.findData("attention"))
    shown = {page.results.proxy.result_at(r).status for r in range(page.results.proxy.rowCount())}
    assert shown == {Status.FAIL, Status.PARTIAL}
    qtbot.keyClicks(page.results.search, "password manager")
    proxy = page.results.proxy
    assert [proxy.result_at(r).check_id for r in range(proxy.rowCount())] == ["password-manager"]
    qtbot.keyClicks(page.results.search, " nothing like this")
    assert page.results.proxy.rowCount() == 0 and page.results.empty.isVisible()
    # Asking for one check (as the overview does) clears what hides it.
    page.show_item("screen-lock")
    assert page.selected_result().check_id == "screen-lock"
    assert page.results.search.text() == "" and page.results.status_filter.currentData() == "all"


def _saved_run(store: Store, **fix) -> None:
    result = Result("firewall", "The firewall is on", "secure-devices", Severity.MEDIUM, Status.FAIL,
                    "ufw is installed but switched off.", (Evidence("/etc/ufw/ufw.conf", "ENABLED=no"),),
                    Fix(("Open Settings.", "Turn the firewall on."), more_info="https://example.org/firewall", **fix))
    store.save_run(ScanRun((result,), 1_795_000_000.0, 1_795_000_010.0, "linux", "<b>laptop</b>", "Debian", "0.1"))


def test_open_settings_calls_open_fix_and_reports_when_it_cannot(qtbot, store, monkeypatch, app_context):
    _saved_run(store, settings_command=("gnome-control-center", "privacy"))
    context, page = make_page(qtbot, app_context)
    assert page.selected_result().check_id == "firewall"
    assert page.subtitle.text().startswith("<b>laptop</b>")  # shown as plain text, never as markup
    calls = []
    monkeypatch.setattr(context, "open_fix", lambda fix: calls.append(fix) or "")
    assert page.results.details.open_settings.isEnabled()
    qtbot.mouseClick(page.results.details.open_settings, Qt.MouseButton.LeftButton)
    assert calls == [page.selected_result().fix]
    assert "should now be open" in page.results.details.message.text()

    monkeypatch.setattr(context, "open_fix", lambda fix: "gnome-control-center is not installed on this computer")
    qtbot.mouseClick(page.results.details.open_settings, Qt.MouseButton.LeftButton)
    assert "gnome-control-center is not installed" in page.results.details.message.text()
    assert page.results.details.message.isVisible()

    opened = []
    monkeypatch.setattr(context, "open_url", lambda url: opened.append(url) or True)
    qtbot.mouseClick(page.results.details.read_more, Qt.MouseButton.LeftButton)
    assert opened == ["https://example.org/firewall"]


def test_open_settings_is_off_when_there_is_nothing_to_open(qtbot, store, app_context):
    _saved_run(store)
    _, page = make_page(qtbot, app_context)
    assert page.selected_result().fix.settings_command is None
    assert not page.results.details.open_settings.isEnabled()


def test_evidence_is_shown_as_text_never_as_markup(qtbot, store, app_context):
    hostile = Result("ssh-keys", "SSH keys are protected", "secure-devices", Severity.LOW, Status.FAIL,
                     "A key <img src=x> has no passphrase.",
                     (Evidence("<script>alert(1)</script>", "<b>id_rsa</b> & more"),))
    store.save_run(ScanRun((hostile,), 1.0, 2.0, "linux", "host", "Debian", "0.1"))
    _, page = make_page(qtbot, app_context)
    text = page.results.details.browser.toPlainText()
    assert "<script>alert(1)</script>" in text and "<b>id_rsa</b> & more" in text
    assert "<script>" not in page.results.details.browser.toHtml().replace("&lt;script&gt;", "")
    assert page.results.details.summary.text() == "A key <img src=x> has no passphrase."
    assert page.results.details.summary.textFormat() == Qt.TextFormat.PlainText
    assert page.results.table.model().index(0, COL_CHECK).data(ITEM_ROLE) == hostile


def test_in_safe_mode_opening_details_never_loads_a_plugin(qtbot, store, app_context, monkeypatch):
    """The details come from the app's one registry, which safe mode keeps to the built-in checks: choosing a row
    (a plugin's one included) never finds or imports a check of its own."""
    module = "homeguard_test_plugin_never_loaded"
    plugin = FoundEntry("webcam-cover", f"{module}:check", Origin("homeguard-extras", "1.0", "webcam-cover", False))
    find_entries = registry_module.find_entries
    monkeypatch.setattr(registry_module, "find_entries", lambda: [*find_entries(), plugin])
    loaded = []
    load = registry_module._load
    monkeypatch.setattr(registry_module, "_load", lambda entry: loaded.append(entry.name) or load(entry))
    from_plugin = Result("webcam-cover", "The webcam is covered", "personal-info", Severity.LOW, Status.FAIL,
                         "No cover was found.", origin=plugin.origin)
    built_in = Result("disk-encryption", "The disk is encrypted", "secure-devices", Severity.HIGH, Status.FAIL,
                      "The disk is not encrypted.")
    store.save_run(ScanRun((from_plugin, built_in), 1.0, 2.0, "linux", "laptop", "Debian", "0.1"))

    app_context.safe_mode = True
    context, page = make_page(qtbot, app_context)
    details = page.results.details
    assert page.select_key("webcam-cover") and details.result.check_id == "webcam-cover"
    assert "This check comes from an add-on: homeguard-extras 1.0." in details.browser.toPlainText()
    assert page.select_key("disk-encryption") and details.result.check_id == "disk-encryption"
    # The built-in check's spec, from the registry (loaded in the background)
    qtbot.waitUntil(lambda: "Why it matters" in details.browser.toPlainText())
    assert "webcam-cover" not in loaded and module not in sys.modules
    assert context.registry.safe_mode and plugin in context.registry.skipped_plugins

    # Without safe mode the same entry would be imported: the test's plugin is really there to be found.
    assert "webcam-cover" in [failure.name for failure in discover().failures] and "webcam-cover" in loaded


def test_details_never_wait_for_the_checks_and_say_why_once_they_are_loaded(qtbot, store, app_context):
    """Loading the checks imports every one of them, so the details never do it on the main thread: the result is
    shown at once with what it carries, and "why it matters" is added when the background load is done."""
    built_in = Result("disk-encryption", "The disk is encrypted", "secure-devices", Severity.HIGH, Status.FAIL,
                      "The disk is not encrypted.", (Evidence("lsblk", "no crypt device"),))
    store.save_run(ScanRun((built_in,), 1.0, 2.0, "linux", "laptop", "Debian", "0.1"))
    with qtbot.waitSignal(app_context.registry_loaded, timeout=30_000):
        _, page = make_page(qtbot, app_context)  # the details pane asks for the checks in the background
        details = page.results.details
        assert details.result.check_id == "disk-encryption"
        assert "lsblk" in details.browser.toPlainText()  # shown at once, from the result itself
    why = app_context.loaded_registry().get("disk-encryption").spec.why
    assert why in details.browser.toPlainText() and "Why it matters" in details.browser.toPlainText()


def test_a_scan_that_cannot_run_says_so_in_one_sentence_with_the_details_after_it(qtbot, store, app_context,
                                                                                    tmp_path):
    context, page = make_page(qtbot, app_context)
    context.scenario = tmp_path / "no-such-machine.toml"
    with qtbot.waitSignal(context.scan_failed, timeout=30_000):
        page.scan_panel.start()
    first, *rest = page.scan_panel.message().split("\n")
    assert first == ("The scan stopped unexpectedly before giving any results (exit code 1). Nothing was changed; "
                     "you can try again.")
    assert rest and rest[0].startswith("Details: ") and page.scan_panel.scan_button.isEnabled()


def test_cancel_says_plainly_that_the_scan_stops_now(qtbot, store, app_context, slow_scan_env):
    context, page = make_page(qtbot, app_context, slow_scan_env)
    with qtbot.waitSignal(context.scan_progress, timeout=30_000):
        page.scan_panel.start()
    with qtbot.waitSignal(context.scan_finished, timeout=10_000):
        page.scan_panel.cancel()
        assert page.scan_panel.message() == "Stopping the scan now. Nothing from it will be saved."
    assert "cancelled" in page.scan_panel.message()
