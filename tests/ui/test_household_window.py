"""The family's other computers in the window: added by the file dialog or by dropping files on the window, each
shown on the Overview with its own settings score, a bad file named with its reason while the others still come in,
names from other computers shown as the plain text they are, and a computer removed again. With three computers (the
recorded Linux scenario scanned here, the generated macOS and Windows reports added) the Overview's big score is the
whole home's, "do these next" says which computer each fix is for, and one for another computer shows its steps."""

import json
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel

from auditor.model import Result, ScanRun, Severity, Status
from tests.clock import an_hour_after_the_reports
from tests.support import FIXTURES, first_checks_for
from ui.widgets import computers_panel

REPORTS = FIXTURES / "reports"
MAC, WINDOWS = REPORTS / "generated-macos.json", REPORTS / "generated-windows.json"
MAC_NAME, WINDOWS_NAME = "Alexs-MacBook-Air", "FAMILY-DESKTOP"


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview")]


@pytest.fixture
def overview(main_window, app_context, qtbot, monkeypatch):
    """The Overview after a (small, saved) scan of this computer, so the dashboard and the add button show.

    The clock runs from an hour after the fixture reports were made, so they are never out of date (tests.clock).
    """
    an_hour_after_the_reports(monkeypatch)
    now = time.time()
    run = ScanRun(results=(Result("screen-lock", "Screen locks when you step away", "secure-devices",
                                  Severity.HIGH, Status.FAIL, "It never locks"),),
                  started_at=now - 5, finished_at=now, platform="linux", hostname="this-laptop", os_name="Linux",
                  app_version="1.0")
    app_context.store.save_run(run)
    app_context.notify_changed()
    page = main_window.pages["overview"]
    qtbot.waitUntil(lambda: page.computers.add_button.isVisible())
    return page


def shown(page) -> str:
    return "\n".join(page.computers.shown_texts())


def wait_for_computers(qtbot, page, *names):
    qtbot.waitUntil(lambda: page.computers.frame.isVisible() and all(n in shown(page) for n in names),
                    timeout=10_000)


def expected_score(path: Path) -> str:
    """The score the engine gives this report's computer, worded as the section words it."""
    from auditor.household_score import other_computer
    from auditor.intake import read_report

    return computers_panel.score_text(other_computer(read_report(path), time.time()).card.overall)


def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = window.rect().center()
    enter = QDragEnterEvent(QPoint(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event


def test_no_other_computer_means_no_section(overview):
    assert not overview.computers.isVisible()
    assert overview.computers.add_button.isVisible()


def test_the_dialog_adds_both_computers_with_their_scores(overview, qtbot, monkeypatch):
    monkeypatch.setattr(computers_panel, "ask_report_files", lambda parent: [str(MAC), str(WINDOWS)])
    qtbot.mouseClick(overview.computers.add_button, Qt.MouseButton.LeftButton)
    wait_for_computers(qtbot, overview, MAC_NAME, WINDOWS_NAME, "this-laptop")
    text = shown(overview)
    assert f"Added {MAC_NAME} (generated-macos.json)." in text
    assert f"Added {WINDOWS_NAME} (generated-windows.json)." in text
    assert expected_score(MAC) in text and expected_score(WINDOWS) in text
    assert "Computers in this home" in text and "Settings score" in text
    assert "Each settings score is for that computer alone. Your home\u2019s score, above, counts every computer and " \
           "everyone\u2019s answers." in text
    assert len(overview.computers.remove_buttons()) == 2  # the other two; never this computer
    # This computer's row says so, with its own name beneath.
    assert "This computer\nthis-laptop \u00b7 Linux \u00b7 scanned today at" in text


def test_a_drop_adds_the_computers_and_a_bad_file_is_named_with_its_reason(main_window, overview, qtbot, tmp_path):
    bad = tmp_path / "holiday-photos.json"
    bad.write_text("this is not a report", encoding="utf-8")
    main_window.show_page("overview")
    event = drop(main_window, [MAC, bad, WINDOWS])
    assert event.isAccepted()
    wait_for_computers(qtbot, overview, MAC_NAME, WINDOWS_NAME)
    qtbot.waitUntil(lambda: "holiday-photos.json" in overview.computers.message.text())
    message = overview.computers.message.text()
    assert "Not added: holiday-photos.json is not valid JSON" in message
    assert f"Added {MAC_NAME}" in message and f"Added {WINDOWS_NAME}" in message


def test_a_drop_of_web_addresses_is_refused(main_window, overview):
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/report.json")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(main_window, enter)
    assert not enter.isAccepted()


def test_a_name_from_another_computer_is_shown_as_the_plain_text_it_is(overview, qtbot, monkeypatch, tmp_path):
    report = json.loads(MAC.read_text(encoding="utf-8"))
    report["device"]["hostname"] = "<b>Evil</b>"
    report["device"]["install_id"] = "0b1e0c9a-2d4f-4a8b-8e7c-3f5a6b7c8d9f"
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps(report), encoding="utf-8")
    monkeypatch.setattr(computers_panel, "ask_report_files", lambda parent: [str(evil)])
    qtbot.mouseClick(overview.computers.add_button, Qt.MouseButton.LeftButton)
    wait_for_computers(qtbot, overview, "<b>Evil</b>")
    labels = [label for label in overview.computers.findChildren(QLabel)
              if "Evil" in label.text() and not label.isHidden()]
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert any(label.text() == "<b>Evil</b>" for label in labels)
    # And where "do these next" says which computer a fix is for, and in that fix's note.
    qtbot.waitUntil(lambda: any("on <b>Evil</b>" in row.title.text() for row in shown_rows(overview.next_rows)))
    row = next(row for row in shown_rows(overview.next_rows) if "on <b>Evil</b>" in row.title.text())
    assert row.title.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    note = overview.computers.note
    assert note.isVisible() and "on <b>Evil</b>" in overview.computers.note_title.text()
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in note.findChildren(QLabel))


def test_remove_forgets_a_computer_after_asking(overview, app_context, qtbot, monkeypatch):
    monkeypatch.setattr(computers_panel, "ask_report_files", lambda parent: [str(MAC), str(WINDOWS)])
    qtbot.mouseClick(overview.computers.add_button, Qt.MouseButton.LeftButton)
    wait_for_computers(qtbot, overview, MAC_NAME, WINDOWS_NAME)
    asked = []
    monkeypatch.setattr(computers_panel, "ask_remove", lambda parent, name: asked.append(name) or False)
    qtbot.mouseClick(overview.computers.remove_buttons()[0], Qt.MouseButton.LeftButton)
    assert asked == [MAC_NAME] and len(app_context.store.other_computers()) == 2  # "Keep": nothing changed
    monkeypatch.setattr(computers_panel, "ask_remove", lambda parent, name: True)
    qtbot.mouseClick(overview.computers.remove_buttons()[0], Qt.MouseButton.LeftButton)
    assert [c.computer_name for c in app_context.store.other_computers()] == [WINDOWS_NAME]
    qtbot.waitUntil(lambda: MAC_NAME not in " ".join(t for t in overview.computers.shown_texts()
                                                     if not t.startswith("Removed")))
    assert f"Removed {MAC_NAME}" in overview.computers.message.text()
    monkeypatch.setattr(computers_panel, "ask_remove", lambda parent, name: True)
    qtbot.mouseClick(overview.computers.remove_buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not overview.computers.frame.isVisible())
    assert app_context.store.other_computers() == []


# -- three computers: the Overview is the whole home's ---------------------------------------------------------------

def shown_rows(layout):
    from ui.widgets.overview_parts import rows_of

    return [row for row in rows_of(layout) if not row.isHidden()]


def linux_scan():
    """A real scan of the recorded Linux scenario, as tests/family/test_household_computers.py makes it."""
    from auditor.recorded import load_scenario
    from auditor.registry import discover
    from auditor.runner import run_scan

    host = load_scenario(FIXTURES / "scenarios" / "family-laptop.toml")
    registry = discover(safe_mode=True, platform=host.platform)
    return run_scan(first_checks_for(registry, host.platform), host, failures=registry.failures, safe_mode=True)


@pytest.fixture
def home(main_window, app_context, qtbot, monkeypatch):
    """The Overview of a home of three computers: this one scanned (recorded Linux), the other two from reports.

    The clock runs from an hour after the reports were made, so they are never out of date (tests.clock).
    """
    from auditor.intake import read_report

    an_hour_after_the_reports(monkeypatch)
    store = app_context.store
    store.save_run(linux_scan())
    for path in (MAC, WINDOWS):
        store.import_computer(read_report(path), time.time())
    app_context.notify_changed()
    page = main_window.pages["overview"]
    qtbot.waitUntil(lambda: page.dashboard.isVisible() and page.score.caption.isVisible()
                    and page.score_value.text() != "", timeout=10_000)
    return page


def expected_home(app_context):
    """The home's scorecard worked out here from the engine's parts, as the Overview should show it."""
    from auditor.household_score import household_score, other_computer, this_computer
    from auditor.intake import read_report

    now = time.time()
    run = app_context.current_run()
    computers = [this_computer(run, app_context.store.install_id(), now),
                 other_computer(read_report(MAC), now), other_computer(read_report(WINDOWS), now)]
    return household_score(computers, [r for r in run.results if r.kind == "guided"])


def test_with_three_computers_the_big_score_is_the_whole_homes(home, app_context):
    from ui.widgets.overview_score import strategy_caption

    expected = expected_home(app_context)
    line = expected.card.overall
    assert home.card.overall == line
    assert home.score_value.text() == f"{round(line.score)}"
    assert home.score_headline.text() == f"\u2014 {round(line.coverage * 100)}% checked"
    assert home.score.caption.text() == "Your home: all 3 computers and everyone\u2019s answers"
    assert f"from {round(line.lowest)}" in home.score_range.text() and f"to {round(line.highest)}" in \
        home.score_range.text()
    for sid, row in home.strategy_rows.items():
        assert row.caption.text() == strategy_caption(expected.card.by_strategy[sid])
    # This computer alone scores otherwise: the table says so, as its own settings score.
    this_one = expected.computers[0]
    assert this_one.this_computer and this_one.card.overall.score != line.score
    assert computers_panel.score_text(this_one.card.overall) in shown(home)
    assert "the other computers are listed below" in home.subtitle.text()
    # Each row's most urgent fix reads as the terminal and the report read it: the good state, then how far from it.
    urgent = [c.most_urgent for c in expected.computers if c.most_urgent is not None and not c.out_of_date]
    assert urgent
    for fix in urgent:
        status = "partly done" if fix.status.value == "partial" else "needs fixing"
        assert f"Most urgent \u2014 {fix.title}: {status}" in shown(home)


def test_do_these_next_says_which_computer_each_fix_is_for(home, app_context, qtbot):
    expected = expected_home(app_context)
    assert [(r.check_id) for r in home.next_results()] == [s.result.check_id for s in expected.next_steps]
    where = {"family-laptop": "on this computer", MAC_NAME: f"on {MAC_NAME}", WINDOWS_NAME: f"on {WINDOWS_NAME}"}
    titles = [row.title.text() for row in shown_rows(home.next_rows)]
    assert titles == [f"{s.result.title} \u2014 {where[s.computer]}" for s in expected.next_steps]
    assert any(t.endswith(f"\u2014 on {MAC_NAME}") for t in titles)
    assert any(t.endswith("\u2014 on this computer") for t in titles)

    navigated = []
    app_context.navigate.connect(navigated.append)
    rows = shown_rows(home.next_rows)
    mine = next(row for row in rows if row.title.text().endswith("on this computer"))
    qtbot.mouseClick(mine.button, Qt.MouseButton.LeftButton)
    assert navigated == [f"device#{mine.result.check_id}"]  # this computer's details, as on a one-computer Overview
    assert not home.computers.note.isVisible()

    theirs = next(row for row in rows if row.title.text().endswith(f"on {WINDOWS_NAME}"))
    qtbot.mouseClick(theirs.button, Qt.MouseButton.LeftButton)
    assert navigated == [f"device#{mine.result.check_id}"]  # nothing here opens another computer's settings
    assert home.computers.note.isVisible()
    assert home.computers.note_title.text() == f"{theirs.result.title} \u2014 on {WINDOWS_NAME}"
    steps = home.computers.note_steps.text()
    assert steps.startswith(f"This is put right on {WINDOWS_NAME} itself:\n1. {theirs.result.fix.steps[0]}")
    assert steps.endswith(f"Then scan {WINDOWS_NAME} again and add its new report here.")
    qtbot.waitUntil(lambda: not home.computers.note.visibleRegion().isEmpty())  # scrolled into view


def test_the_kept_reports_are_read_off_the_main_thread(main_window, app_context, qtbot, monkeypatch):
    from auditor import household_picture
    from auditor.intake import read_report

    threads = []
    real = household_picture.read_kept
    monkeypatch.setattr(household_picture, "read_kept", lambda kept: threads.append(threading.current_thread())
                        or real(kept))
    an_hour_after_the_reports(monkeypatch)
    app_context.store.save_run(linux_scan())
    app_context.store.import_computer(read_report(MAC), time.time())
    app_context.notify_changed()
    page = main_window.pages["overview"]
    qtbot.waitUntil(lambda: page.score.caption.isVisible() and page.score_value.text() != "", timeout=10_000)
    assert threads and threading.main_thread() not in threads


def test_the_screenshots_household_adds_two_computers_scanned_lately(store):
    from auditor.household_score import other_computer, read_kept
    from ui import screenshots

    now = time.time()
    screenshots.add_other_computers(store, now)
    kept = store.other_computers()
    assert [c.computer_name for c in kept] == [MAC_NAME, WINDOWS_NAME]
    computers = [other_computer(read_kept(c), now) for c in kept]
    assert not any(c.out_of_date for c in computers)  # so the picture shows their results whatever the date
    assert [round((now - c.scanned_at) / 86400) for c in computers] == [1, 3]
