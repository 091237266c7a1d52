"""Links into People and accounts land on what they name: ``people#Sam`` (the Overview's "Action needed" and "Do
these next" rows for Sam's answers, the weekly notice's "Open Homeguard") opens the page with Sam's questions on
screen, not whoever happened to be chosen before. The same for the family's questions ("people#household") and a
phone, tablet or console by its name; a name that is no longer there leaves the page as it was."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from auditor.model import Result, ScanRun, Severity, Status
from auditor.watch import what_to_tell
from ui.pages.people import DEVICES_TAB, HOUSEHOLD_TAB, PEOPLE_TAB


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview"),
            PageEntry.in_module("people", "People and accounts", "ui.pages.people")]


@pytest.fixture
def family(app_context):
    """Alex (first in the list, so chosen when the page opens) and Sam, who said no to two-step sign-in on their
    email (a critical answer: "Action needed" on the Overview), and Sam's iPhone."""
    household = app_context.household
    household.add_person("Alex", "adult")
    sam = household.set_services(household.add_person("Sam", "13-17"), ["gmail"])
    household.record_answer("two-step-main-email", "person", sam.id, "no", Status.FAIL)
    household.add_device("Sam's iPhone", "iphone", sam)
    app_context.notify_changed()
    return household


@pytest.fixture
def people(main_window, family, qtbot):
    """The People page on screen, showing Alex."""
    main_window.show_page("people")
    page = main_window.pages["people"]
    qtbot.waitUntil(lambda: page.person_title.isVisible())
    assert page.person_title.text() == "Alex"
    return page


def shows_person(page, name: str) -> bool:
    """The person the page shows now: their tab, their row, their name over their own questions."""
    return (page.tabs.currentIndex() == PEOPLE_TAB and page.person_title.isVisible()
            and page.person_title.text() == name
            and page.people_model.person_at(page.people_view.currentIndex().row()).nickname == name
            and page.person_panel.list_title.text() == f"{name}'s questions")


def test_a_link_to_a_person_shows_their_answers(main_window, app_context, people, qtbot):
    main_window.show_page("overview")
    app_context.navigate.emit("people#Sam")
    assert main_window.current_page_id() == "people"
    assert shows_person(people, "Sam")
    # Sam's own answers are the ones listed: the critical "no" is there, waiting to be put right.
    panel = people.person_panel
    assert panel.subject.name == "Sam" and panel.table.isVisible()
    row = panel.model.item_at(panel.model.row_of("two-step-main-email"))
    assert row is not None and row.status is Status.FAIL and row.said == "No"


def test_the_overviews_action_row_for_sam_lands_on_sam(main_window, app_context, people, qtbot):
    now = time.time()
    app_context.store.save_run(ScanRun(
        results=(Result("screen-lock", "Screen locks when you step away", "secure-devices", Severity.HIGH,
                        Status.PASS, "It locks"),),
        started_at=now - 5, finished_at=now, platform="linux", hostname="this-laptop", os_name="Linux",
        app_version="1.0"))
    app_context.notify_changed()
    main_window.show_page("overview")
    overview = main_window.pages["overview"]
    qtbot.waitUntil(lambda: not overview.action_card.isHidden(), timeout=10_000)
    assert [(r.check_id, r.subject) for r in overview.action_results()] == [("two-step-main-email", "Sam")]
    qtbot.mouseClick(overview.action_rows.itemAt(0).widget().button, Qt.MouseButton.LeftButton)
    assert main_window.current_page_id() == "people"
    assert shows_person(people, "Sam")


def test_the_weekly_notices_link_lands_on_the_person(main_window, people):
    run = ScanRun(results=(), started_at=0.0, finished_at=1.0, platform="linux", hostname="this-laptop",
                  os_name="Linux", app_version="1.0")
    notice = what_to_tell(run, None, {"Sam": 2}, people=frozenset({"Alex", "Sam"}))
    assert notice is not None and notice.target == "people#Sam"
    main_window.show_page("overview")
    main_window.navigate_to(notice.target)  # as `homeguard-gui --show people#Sam` and the running copy do
    assert shows_person(people, "Sam")


def test_the_familys_questions_and_a_device_each_open_their_own_tab(main_window, app_context, people):
    app_context.navigate.emit("people#household")
    assert people.tabs.currentIndex() == HOUSEHOLD_TAB and people.household_panel.isVisible()

    app_context.navigate.emit("people#Sam's iPhone")
    devices = people.devices_tab
    assert people.tabs.currentIndex() == DEVICES_TAB
    assert devices.device_title.isVisible() and devices.device_title.text() == "Sam's iPhone"
    assert devices.selected_device().name == "Sam's iPhone"

    app_context.navigate.emit("people#Sam")  # and back to a person from another tab
    assert shows_person(people, "Sam")


def test_a_link_during_a_walk_stops_it_for_now_and_shows_the_person(main_window, app_context, people, family, qtbot):
    alex = family.person("Alex")
    assert people.start_walk("person", alex.id) and people.walking
    main_window.show_page("overview")
    app_context.navigate.emit("people#Sam")
    assert not people.walking
    assert shows_person(people, "Sam")


def test_a_name_no_longer_there_leaves_the_page_as_it_was(main_window, app_context, people):
    app_context.navigate.emit("people#Sam")
    app_context.navigate.emit("people#Nobody")  # renamed or removed since the link was made
    assert main_window.current_page_id() == "people"
    assert shows_person(people, "Sam")
    assert people.show_item("Nobody") is False
