"""The family's other computers in the window: added by the file dialog or by dropping files on the window, each
shown on the Overview with its score, a bad file named with its reason while the others still come in, names from
other computers shown as the plain text they are, and a computer removed again."""

import json
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel

from auditor.model import Result, ScanRun, Severity, Status
from tests.support import FIXTURES
from ui.widgets import computers_panel

REPORTS = FIXTURES / "reports"
MAC, WINDOWS = REPORTS / "generated-macos.json", REPORTS / "generated-windows.json"
MAC_NAME, WINDOWS_NAME = "Alexs-MacBook-Air", "FAMILY-DESKTOP"


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview")]


@pytest.fixture
def overview(main_window, app_context, qtbot):
    """The Overview after a (small, saved) scan of this computer, so the dashboard and the add button show."""
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
    assert "Computers in this home" in text and "Household score:" in text
    assert len(overview.computers.remove_buttons()) == 2  # the other two; never this computer


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
