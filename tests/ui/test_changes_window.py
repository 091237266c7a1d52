"""What changed since the previous scan, in the window: a sentence under the Overview's score, whose checks open
where they are put right, and a column of History's list with the changes of an opened scan listed."""

from __future__ import annotations

import dataclasses
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from auditor.changes import ChangeKind, CheckChange, Comparison
from auditor.model import ScanRun, Severity, Status
from auditor.recorded import load_scenario
from auditor.registry import discover
from auditor.runner import run_scan
from auditor.settings import Settings
from tests.support import FAMILY_LAPTOP, family_laptop_with_firewall_off
from ui.models.runs import RunsModel
from ui.widgets.overview_score import changes_text

SCENARIO = FAMILY_LAPTOP


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview"),
            PageEntry.in_module("history", "History", "ui.pages.history")]


@pytest.fixture
def firewall_off(tmp_path):
    return family_laptop_with_firewall_off(tmp_path)


def scan_in_window(qtbot, context) -> None:
    with qtbot.waitSignal(context.scan_finished, timeout=60_000):
        assert context.start_scan()
    qtbot.waitUntil(lambda: not context.scanning and not context.tasks.saving, timeout=30_000)


def scanned(scenario) -> ScanRun:
    registry = discover()
    host = load_scenario(scenario)
    return run_scan(registry.for_platform(host.platform), host, Settings(), failures=registry.failures)


def test_the_overview_says_what_changed_and_opens_the_check(main_window, app_context, qtbot, firewall_off):
    page = main_window.pages["overview"]
    scan_in_window(qtbot, app_context)
    qtbot.waitUntil(lambda: page.dashboard.isVisible())
    assert page.score.changes.isHidden()  # the first scan: nothing before it

    app_context.scenario = firewall_off  # the same laptop, a week on, with its firewall switched off
    scan_in_window(qtbot, app_context)
    label = page.score.changes
    qtbot.waitUntil(lambda: label.isVisible() and "got worse" in label.text(), timeout=10_000)
    said = label.accessibleDescription()
    assert said.startswith("Since the scan on ") and said.endswith(": 1 got worse (The firewall is on).")
    assert label.textFormat() == Qt.TextFormat.RichText
    assert '<a href="check:firewall">The firewall is on</a>' in label.text()
    # It sits under the score, above the family's questions.
    assert page.counts.y() < label.y() < page.unchecked.y()

    with qtbot.waitSignal(app_context.navigate, timeout=5_000) as opened:
        label.linkActivated.emit("check:firewall")
    assert opened.args == ["device#firewall"]

    app_context.scenario = SCENARIO  # switched on again: fixed
    scan_in_window(qtbot, app_context)
    qtbot.waitUntil(lambda: label.accessibleDescription().endswith(": 1 fixed."), timeout=10_000)


def test_with_other_computers_it_is_still_about_this_computer():
    comparison = Comparison(time.time(), time.time() - 86_400 * 3, 1, (
        CheckChange("firewall", "The <b>firewall</b> is on", Severity.HIGH, ChangeKind.WORSE, Status.PASS,
                    Status.FAIL),))
    text, text_format = changes_text(comparison, whole_home=True)
    assert text.startswith("On this computer, since the scan on ")
    assert text_format == Qt.TextFormat.RichText
    # A check's title is shown as the text it is, never as markup.
    assert '<a href="check:firewall">The &lt;b&gt;firewall&lt;/b&gt; is on</a>' in text
    other = dataclasses.replace(comparison, changes=(), not_compared="The scan before this one was of another "
                                "computer (<i>sam</i>, Windows), so the two are not compared.")
    assert changes_text(other, whole_home=True) == (other.not_compared, Qt.TextFormat.PlainText)
    assert changes_text(None, whole_home=False) == ("", Qt.TextFormat.PlainText)


def test_history_lists_what_changed_in_each_scan(main_window, app_context, qtbot, firewall_off):
    store = app_context.store
    now = time.time()
    first = scanned(SCENARIO)
    store.save_run(dataclasses.replace(first, started_at=now - 7 * 86_400 - 3, finished_at=now - 7 * 86_400))
    store.save_run(dataclasses.replace(scanned(firewall_off), started_at=now - 3, finished_at=now))
    app_context.notify_changed()
    main_window.navigate_to("history")
    page = main_window.pages["history"]
    model = page.runs_model
    assert model.headerData(RunsModel.COL_CHANGES, Qt.Orientation.Horizontal) == "Changes"
    qtbot.waitUntil(lambda: model.index(0, RunsModel.COL_CHANGES).data() == "1 worse", timeout=10_000)
    assert model.index(1, RunsModel.COL_CHANGES).data() == "First scan"
    tip = model.index(0, RunsModel.COL_CHANGES).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Since the scan on ") and tip.endswith("1 got worse (The firewall is on).")

    assert page.open_run(model.rows()[0].run_id)
    lines = page.run_view.changes.text().splitlines()
    assert lines[0] == tip
    assert lines[1] == "\u2022 The firewall is on: got worse (was OK, now needs fixing)"
    assert page.run_view.changes.isVisible()
    page.show_list()
    assert page.open_run(model.rows()[1].run_id)
    assert page.run_view.changes.text() == "This is the first scan kept here, so there is nothing to compare it with."
    page.show_list()
    # Every scan is of this computer, so its name is not repeated on each row: the room goes to the changes.
    assert page.table.isColumnHidden(RunsModel.COL_DEVICE)

    # A data folder copied over from another computer: the scans are not compared, and each row names its computer.
    store.save_run(dataclasses.replace(first, hostname="sams-laptop", started_at=now + 60, finished_at=now + 63))
    app_context.notify_changed()
    qtbot.waitUntil(lambda: model.index(0, RunsModel.COL_CHANGES).data() == "Another computer before", timeout=10_000)
    assert not page.table.isColumnHidden(RunsModel.COL_DEVICE)
    assert model.index(1, RunsModel.COL_CHANGES).data() == "1 worse"
