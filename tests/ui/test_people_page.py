"""People and accounts: the household, each person's apps, and the step-by-step walk through their questions.

Everything runs offscreen over a temporary data folder and a recorded host. The walks are played the way a parent
would: once with the mouse, once with the keyboard alone (Tab, Space, Enter and the arrow keys), stopping half-way
and carrying on later; the answers must then count in the score with the statuses the terminal walk gives.
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTabBar,
    QTabWidget,
    QWidget,
)

from auditor.guided import DAY
from auditor.household import Device
from auditor.model import Status
from auditor.scoring import WEIGHTS
from auditor.walk import EXPIRED, TODO, subject_for, walk_list
from ui.pages.people import PeoplePage
from ui.widgets import confirm, devices_tab


@pytest.fixture
def context(app_context):
    """The shared app context (tests/ui/conftest.py): the recorded family laptop, in the UK (its locale picks the
    region, and so the where-to-report steps), shut down properly after each test."""
    return app_context


@pytest.fixture
def page(qtbot, context, monkeypatch):
    monkeypatch.setattr(confirm, "ask_confirm", lambda *args: True)
    page = PeoplePage(context)
    context.data_changed.connect(page.refresh)  # as the main window does for the page on screen
    page.refresh()  # and when it shows the page
    qtbot.addWidget(page)
    page.resize(1070, 770)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


# -- helpers: a person at the keyboard --------------------------------------------------------------------------------

def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def tab_to(qtbot, target: QWidget, limit: int = 80) -> None:
    """Press Tab until the target has the focus, as someone using only the keyboard would."""
    for _ in range(limit):
        if focused() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName() or target}")


def click(qtbot, widget: QWidget) -> None:
    """Click where a person would: the middle of a button, the box or its words for a tick box."""
    assert widget.isVisible() and widget.isEnabled(), f"{widget.accessibleName() or widget} cannot be clicked"
    x = 8 if isinstance(widget, QCheckBox) else widget.width() // 2
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(x, widget.height() // 2))


def add_with_mouse_and_typing(qtbot, page: PeoplePage, name: str, band_label: str) -> None:
    page.name_edit.clear()
    qtbot.mouseClick(page.name_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.name_edit, name)
    page.age_edit.setCurrentIndex(page.age_edit.findText(band_label))
    click(qtbot, page.add_button)


def person_rows(page: PeoplePage) -> list[str]:
    model = page.people_model
    return [model.data(model.index(row, 0), Qt.ItemDataRole.EditRole) for row in range(model.rowCount())]


def scanned(qtbot, context) -> None:
    """A scan over the recorded laptop, so that current_run() has device results to join the answers to."""
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        assert context.start_scan()


def guided_status(context, check_id: str, subject: str) -> Status:
    run = context.current_run()
    assert run is not None
    matches = [r for r in run.results if r.kind == "guided" and r.check_id == check_id and r.subject == subject]
    assert len(matches) == 1, (check_id, subject, matches)
    return matches[0].status


# -- the household ---------------------------------------------------------------------------------------------------

def test_people_are_added_renamed_and_removed(qtbot, page, context, monkeypatch):
    assert page.person_stack.currentIndex() == 0  # the "nobody yet" explanation

    with qtbot.waitSignal(context.data_changed):
        add_with_mouse_and_typing(qtbot, page, "Sam", "13 to 17")
    add_with_mouse_and_typing(qtbot, page, "Alex", "Adult")
    assert person_rows(page) == ["Sam", "Alex"]
    assert [(p.nickname, p.age_band) for p in context.household.people()] == [("Sam", "13-17"), ("Alex", "adult")]
    assert page.person_title.text() == "Alex"  # the one just added is selected, its apps next
    assert page.name_edit.text() == "" and page.age_edit.currentIndex() == -1

    # Mistakes are explained, not silently dropped; nothing is added.
    add_with_mouse_and_typing(qtbot, page, "sam", "Adult")
    assert "already someone called sam" in page.message.text()
    add_with_mouse_and_typing(qtbot, page, "Mia", "Choose\u2026")
    assert "age group" in page.message.text()
    assert len(context.household.people()) == 2

    # Rename: the button opens the name for editing in the list; type and press Enter.
    page.people_view.setCurrentIndex(page.people_model.index(0, 0))
    click(qtbot, page.rename_button)
    editor = focused()
    editor.selectAll()
    qtbot.keyClicks(editor, "Samira")
    with qtbot.waitSignal(context.data_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert context.household.person("Samira") is not None and context.household.person("Sam") is None
    qtbot.waitUntil(lambda: person_rows(page) == ["Samira", "Alex"])
    # Renaming to a name already taken is refused with a message.
    model = page.people_model
    assert not model.setData(model.index(0, 0), "alex")
    assert "already someone called alex" in page.message.text()

    # Remove asks first; "Keep" keeps them.
    monkeypatch.setattr(confirm, "ask_confirm", lambda *args: False)
    page.people_view.setCurrentIndex(model.index(0, 0))
    click(qtbot, page.remove_button)
    assert person_rows(page) == ["Samira", "Alex"]
    asked = []
    monkeypatch.setattr(confirm, "ask_confirm", lambda parent, title, text, action: asked.append(text) or True)
    click(qtbot, page.remove_button)
    assert "Samira" in asked[0] and "cannot be undone" in asked[0]
    assert person_rows(page) == ["Alex"]
    assert [p.nickname for p in context.household.people()] == ["Alex"]


def test_each_change_is_shown_by_one_refresh_from_the_pages_owner(qtbot, page, context):
    """The main window owns refreshing (the fixture connects it as the window does): a change made on the page is
    shown by that one refresh, a rename only once its editor has closed, and the page never refreshes itself."""
    resets = []  # whether a name was still being edited as each refresh began, and the names listed after it
    editing = []
    page.people_model.modelAboutToBeReset.connect(lambda: editing.append(
        page.people_view.state() == QAbstractItemView.State.EditingState))
    page.people_model.modelReset.connect(lambda: resets.append((editing[-1], person_rows(page))))
    add_with_mouse_and_typing(qtbot, page, "Sam", "13 to 17")
    assert resets == [(False, ["Sam"])]

    page.people_view.setCurrentIndex(page.people_model.index(0, 0))
    click(qtbot, page.rename_button)
    editor = focused()
    editor.selectAll()
    qtbot.keyClicks(editor, "Samira")
    with qtbot.waitSignal(context.data_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert resets == [(False, ["Sam"]), (False, ["Samira"])]

    context.data_changed.disconnect(page.refresh)  # no owner: a change elsewhere is not shown...
    context.household.add_person("Alex", "adult")
    context.notify_changed()
    assert len(resets) == 2
    page.refresh()  # ...until the page is refreshed, as when it is shown again
    assert resets[-1] == (False, ["Samira", "Alex"])


def test_the_age_group_can_be_changed_and_names_are_shown_as_plain_text(qtbot, page, context, wait_saved):
    add_with_mouse_and_typing(qtbot, page, "<b>Jo</b>", "Adult")
    assert page.person_title.textFormat() == Qt.TextFormat.PlainText
    assert page.person_title.text() == "<b>Jo</b>"
    tip = page.people_model.data(page.people_model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Jo&lt;/b&gt;" in tip and "<b>" not in tip  # a tooltip would otherwise render it as HTML
    teen = page.person_age.findData("13-17")
    page.person_age.setCurrentIndex(teen)
    page.person_age.activated.emit(teen)
    wait_saved()
    assert context.household.person("<b>Jo</b>").age_band == "13-17"


def test_choosing_the_apps_a_person_uses(qtbot, page, context):
    add_with_mouse_and_typing(qtbot, page, "Sam", "13 to 17")
    assert "Apps not chosen yet" in page.people_model.data(page.people_model.index(0, 0))
    assert page.none_button.isVisible()
    assert page.person_panel.start_button.text() == "&Start: choose the apps"
    assert not page.person_panel.table.isVisible()  # no list of 70 questions before the apps are known

    with qtbot.waitSignal(context.data_changed):
        click(qtbot, page.picker.boxes["instagram"])
    click(qtbot, page.picker.boxes["gmail"])
    sam = context.household.person("Sam")
    assert sam.services_chosen and set(sam.services) == {"instagram", "gmail"}
    assert not page.none_button.isVisible()
    assert page.person_panel.table.isVisible()
    titles = [row.check.id for row in page.person_panel.model.rows()]
    assert "two-step-instagram" in titles and "two-step-snapchat" not in titles
    assert page.person_panel.start_button.text() == "&Start"

    click(qtbot, page.picker.boxes["instagram"])  # unticking removes it again
    assert context.household.person("Sam").services == ("gmail",)

    add_with_mouse_and_typing(qtbot, page, "Mia", "Under 13")
    click(qtbot, page.none_button)
    mia = context.household.person("Mia")
    assert mia.services_chosen and mia.services == ()
    # A plain fact for parents when a child's app sets an older minimum age.
    click(qtbot, page.picker.boxes["tiktok"])
    assert "TikTok" in page.age_note.text() and "13 or older" in page.age_note.text()


def test_the_models_pass_qtmodeltester(qtbot, page, context, qtmodeltester):
    household = context.household
    sam = household.set_services(household.add_person("Sam", "13-17"), ["gmail", "instagram"])
    household.add_person("Alex", "adult")
    household.record_answer("two-step-main-email", "person", sam.id, "yes", Status.PASS)
    household.add_device("Sam's iPhone", "iphone", sam)
    context.notify_changed()
    page.people_view.setCurrentIndex(page.people_model.index(0, 0))
    assert page.people_model.rowCount() == 2 and page.devices_tab.devices_model.rowCount() == 1
    assert page.person_panel.model.rowCount() > 5
    qtmodeltester.check(page.people_model)
    qtmodeltester.check(page.devices_tab.devices_model)
    qtmodeltester.check(page.person_panel.model)
    qtmodeltester.check(page.household_panel.model)


# -- the walk, with the mouse --------------------------------------------------------------------------------------

def choose(qtbot, page: PeoplePage, label: str) -> None:
    """Click an answer's words (the radio buttons' labels wrap, and clicking them chooses the answer)."""
    labels = [b.accessibleName() for b in page.walk.choices.buttons]
    qtbot.mouseClick(page.walk.choices.labels[labels.index(label)], Qt.MouseButton.LeftButton)


def test_a_whole_walk_with_the_mouse_counts_in_the_score(qtbot, page, context):
    scanned(qtbot, context)
    alex = context.household.add_person("Alex", "adult")
    context.notify_changed()
    click(qtbot, page.person_panel.start_button)
    assert page.walking and page.walk.stack.currentIndex() == 0  # first: which apps Alex uses
    assert page.walk.services_title.text() == "Which apps, games and accounts does Alex use?"
    click(qtbot, page.walk.picker.boxes["gmail"])
    click(qtbot, page.walk.services_next)
    assert context.household.person("Alex").services == ("gmail",)

    todo = list(page.walk.todo)
    ids = [c.id for c in todo]
    assert ids[0] == "two-step-main-email"  # the critical question comes first
    assert [WEIGHTS[c.severity] for c in todo] == sorted((WEIGHTS[c.severity] for c in todo), reverse=True)
    assert set(ids) == {"two-step-main-email", "two-step-main-email-recovery", "report-block-gmail",
                        "report-where-to-report", "support-warning-signs"}
    assert page.walk.progress_label.text() == f"Question 1 of {len(todo)} for Alex"

    # The steps shown are Gmail's (the service Alex uses), and for where-to-report, the UK's.
    steps = " ".join(label.text() for label in page.walk.findChildren(type(page.walk.why_label))
                     if label.isVisible())
    assert "Google" in steps

    given = {"two-step-main-email": "No", "two-step-main-email-recovery": "Not sure", "report-block-gmail": None,
             "report-where-to-report": "Yes", "support-warning-signs": "Yes"}
    for number, check_id in enumerate(ids, 1):
        assert page.walk.current.id == check_id
        assert page.walk.progress_label.text().startswith(f"Question {number} of {len(ids)}")
        assert not page.walk.next_button.isEnabled()  # an answer first, or Skip
        if check_id == "report-where-to-report":
            assert "CEOP" in " ".join(lbl.text() for lbl in page.walk.findChildren(type(page.walk.why_label)))
        if given[check_id] is None:
            click(qtbot, page.walk.skip_button)
            continue
        choose(qtbot, page, given[check_id])
        with qtbot.waitSignal(context.data_changed):
            click(qtbot, page.walk.next_button)
    assert page.walk.stack.currentIndex() == 2
    assert "4 of 5 questions about Alex are answered" in page.walk.done_text.text()
    click(qtbot, page.walk.done_button)
    assert not page.walking
    assert "4 of 5 answered" in page.people_model.data(page.people_model.index(0, 0))

    # Exactly the statuses the terminal walk records: Yes passes, No fails, not sure and skipped are unknown.
    assert guided_status(context, "two-step-main-email", "Alex") is Status.FAIL
    assert guided_status(context, "two-step-main-email-recovery", "Alex") is Status.UNKNOWN
    assert guided_status(context, "report-block-gmail", "Alex") is Status.UNKNOWN
    assert guided_status(context, "report-where-to-report", "Alex") is Status.PASS
    assert guided_status(context, "support-warning-signs", "Alex") is Status.PASS
    answers = context.household.latest_answers()
    assert answers[("two-step-main-email", "person", alex.id)].answer == "no"
    assert answers[("two-step-main-email-recovery", "person", alex.id)].answer == "not_sure"
    assert answers[("two-step-main-email-recovery", "person", alex.id)].status is None
    assert ("report-block-gmail", "person", alex.id) not in answers  # Skip saves nothing, as in the terminal

    # Continue: only the skipped question is waiting now.
    click(qtbot, page.person_panel.start_button)
    assert [c.id for c in page.walk.todo] == ["report-block-gmail"]
    click(qtbot, page.walk.stop_button)
    assert not page.walking


def test_a_packs_own_answers_are_offered_and_recorded_with_their_status(qtbot, page, context):
    sam = context.household.add_person("Sam", "13-17")
    context.household.set_services(sam, ["snapchat"])
    context.notify_changed()
    page.start_walk("person", sam.id, start_at="privacy-snapchat-ghost-mode")
    check = context.content.check("privacy-snapchat-ghost-mode")
    labels = [b.accessibleName() for b in page.walk.choices.buttons]
    assert labels == [c.label for c in check.choices] + ["Not sure"]
    # Teen questions speak to the teen; the page says so, and shows them as written.
    assert page.walk.question_label.text() == check.question
    assert "written to Sam" in page.walk.audience_label.text()
    choose(qtbot, page, check.choices[2].label)
    click(qtbot, page.walk.next_button)
    answer = context.household.latest_answers()[("privacy-snapchat-ghost-mode", "person", sam.id)]
    assert answer.answer == "choice:2" and answer.status is check.choices[2].status


def test_the_official_link_opens_only_when_clicked(qtbot, page, context, monkeypatch):
    opened = []
    monkeypatch.setattr(context, "open_url", lambda url: opened.append(url) or True)
    sam = context.household.set_services(context.household.add_person("Sam", "13-17"), ["instagram"])
    context.notify_changed()
    page.start_walk("person", sam.id, start_at="two-step-instagram")
    assert opened == []
    guide = context.content.check("two-step-instagram").guides_for(("instagram", "GB"))[0]
    links = [b for b in page.walk.findChildren(type(page.walk.next_button)) if b.text().startswith("Open the official")]
    assert len(links) == 1 and "help.instagram.com" in links[0].text()
    click(qtbot, links[0])
    assert opened == [guide.link]


# -- the walk, with the keyboard alone -------------------------------------------------------------------------------

def test_a_whole_walk_with_the_keyboard_stopping_half_way_and_resuming(qtbot, page, context):
    scanned(qtbot, context)
    context.household.add_person("Jordan", "adult")
    context.notify_changed()
    page.people_view.setFocus()
    page.people_view.setCurrentIndex(page.people_model.index(0, 0))

    tab_to(qtbot, page.person_panel.start_button)
    press(qtbot, Qt.Key.Key_Space)
    assert page.walking and page.walk.stack.currentIndex() == 0
    # Tick Outlook.com with Tab and Space, then Enter on "Save and continue".
    tab_to(qtbot, page.walk.picker.boxes["outlook-mail"])
    press(qtbot, Qt.Key.Key_Space)
    assert page.walk.picker.boxes["outlook-mail"].isChecked()
    tab_to(qtbot, page.walk.services_next)
    press(qtbot, Qt.Key.Key_Return)
    jordan = context.household.person("Jordan")
    assert jordan.services == ("outlook-mail",)

    ids = [c.id for c in page.walk.todo]
    assert len(ids) == 5 and ids[0] == "two-step-main-email"
    # Question 1: the focus is on the first answer; Space chooses "Yes", Enter goes on.
    assert focused() is page.walk.choices.buttons[0]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    assert page.walk.current.id == ids[1]
    # Question 2: the Down arrow moves to "No", Space chooses it; Up and Down then change the choice at once.
    assert focused() is page.walk.choices.buttons[0]
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.walk.choices.buttons[1]
    press(qtbot, Qt.Key.Key_Space)
    assert page.walk.choices.checked() == 1
    press(qtbot, Qt.Key.Key_Down)
    assert page.walk.choices.checked() == 2  # "Not sure"
    press(qtbot, Qt.Key.Key_Up)
    assert page.walk.choices.checked() == 1
    press(qtbot, Qt.Key.Key_Return)
    assert page.walk.current.id == ids[2]

    # Stop for now, with Tab and Space: back on the People page, with the focus on Continue.
    tab_to(qtbot, page.walk.stop_button)
    press(qtbot, Qt.Key.Key_Space)
    assert not page.walking
    panel = page.person_panel
    assert panel.start_button.text() == "&Continue"
    assert "2 of 5 questions for Jordan answered" in panel.progress_label.text()
    assert focused() is panel.start_button

    # Later: Continue starts where it stopped, with what is still waiting.
    press(qtbot, Qt.Key.Key_Space)
    assert page.walking
    assert [c.id for c in page.walk.todo] == ids[2:]
    assert page.walk.progress_label.text() == "Question 1 of 3 for Jordan"
    while page.walk.stack.currentIndex() == 1:
        press(qtbot, Qt.Key.Key_Space)  # "Yes"
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.walk.done_button
    press(qtbot, Qt.Key.Key_Return)
    assert not page.walking
    assert "All 5 questions for Jordan are answered" in page.person_panel.progress_label.text()

    assert guided_status(context, ids[0], "Jordan") is Status.PASS
    assert guided_status(context, ids[1], "Jordan") is Status.FAIL
    for check_id in ids[2:]:
        assert guided_status(context, check_id, "Jordan") is Status.PASS


def test_back_shows_the_saved_answer_and_a_changed_answer_is_saved(qtbot, page, context):
    sam = context.household.set_services(context.household.add_person("Sam", "adult"), ["gmail"])
    context.notify_changed()
    page.start_walk("person", sam.id)
    first = page.walk.current.id
    choose(qtbot, page, "Yes")
    click(qtbot, page.walk.next_button)
    click(qtbot, page.walk.back_button)
    assert page.walk.current.id == first and page.walk.choices.checked() == 0
    assert "Saved before" in page.walk.saved_label.text()
    choose(qtbot, page, "No")
    click(qtbot, page.walk.next_button)
    answer = context.household.latest_answers()[(first, "person", sam.id)]
    assert answer.answer == "no" and answer.status is Status.FAIL


# -- expired answers, the household and the devices -----------------------------------------------------------------

def test_answers_older_than_the_pack_allows_need_confirming(qtbot, page, context):
    household = context.household
    sam = household.set_services(household.add_person("Sam", "adult"), ["gmail"])
    check = context.content.check("two-step-main-email")
    household.record_answer(check.id, "person", sam.id, "yes", Status.PASS,
                            when=time.time() - (check.valid_days + 2) * DAY)
    context.notify_changed()

    assert "1 needs confirming" in page.people_model.data(page.people_model.index(0, 0))
    rows = {row.check.id: row for row in page.person_panel.model.rows()}
    assert rows[check.id].state == EXPIRED
    model = page.person_panel.model
    row = [r.check.id for r in model.rows()].index(check.id)
    assert model.data(model.index(row, 1)) == "Needs confirming (Yes)"
    assert "needs confirming" in page.person_panel.progress_label.text()

    subject = subject_for(household, "person", sam.id, "GB")
    assert check.id in [c.id for c in walk_list(context.content, household, subject, revisit=False)]
    page.start_walk("person", sam.id)
    assert page.walk.current.id == check.id  # the most important, and out of date
    assert page.walk.saved_label.text().startswith("Needs confirming.")
    assert page.walk.choices.checked() == 0  # the old answer, ready to confirm
    click(qtbot, page.walk.next_button)
    fresh = household.latest_answers()[(check.id, "person", sam.id)]
    assert fresh.answer == "yes" and time.time() - fresh.answered_at < 60
    assert guided_status_now(context, check.id, "Sam") is Status.PASS


def guided_status_now(context, check_id: str, subject: str) -> Status:
    from auditor.guided import guided_results

    return next(r.status for r in guided_results(context.content, context.household, region="GB")
                if r.check_id == check_id and r.subject == subject)


def test_the_whole_familys_questions(qtbot, page, context):
    page.tabs.setCurrentIndex(1)
    panel = page.household_panel
    assert "0 of 3 questions about the whole family answered" in panel.progress_label.text()
    click(qtbot, panel.start_button)
    assert page.walk.progress_label.text() == "Question 1 of 3 about the whole family"
    while page.walk.stack.currentIndex() == 1:
        choose(qtbot, page, "Yes")
        click(qtbot, page.walk.next_button)
    click(qtbot, page.walk.done_button)
    assert page.tabs.currentIndex() == 1
    assert "All 3 questions about the whole family are answered" in panel.progress_label.text()
    assert guided_status_now(context, "support-family-agreement", "household") is Status.PASS

    # Opening one question from the list goes straight to it, with the answer given.
    click(qtbot, panel.review_button)
    assert len(page.walk.todo) == 3
    click(qtbot, page.walk.stop_button)
    panel.table.doubleClicked.emit(panel.model.index(2, 0))
    assert page.walk.current.id == panel.model.rows()[2].check.id
    assert page.walk.choices.checked() == 0


def test_devices_are_added_answered_and_removed(qtbot, page, context, monkeypatch):
    context.household.add_person("Sam", "13-17")
    context.notify_changed()
    page.tabs.setCurrentIndex(2)
    assert page.devices_tab.no_devices_button.isVisible()
    click(qtbot, page.devices_tab.no_devices_button)
    assert context.household.devices_reviewed()
    assert "none of these" in page.devices_tab.devices_state.text()

    qtbot.mouseClick(page.devices_tab.device_name, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.devices_tab.device_name, "Sam's iPhone")
    page.devices_tab.device_kind.setCurrentIndex(page.devices_tab.device_kind.findData("iphone"))
    page.devices_tab.device_owner.setCurrentIndex(page.devices_tab.device_owner.findText("Sam"))
    click(qtbot, page.devices_tab.add_device_button)
    devices = context.household.devices()
    assert [(d.name, d.kind) for d in devices] == [("Sam's iPhone", "iphone")]
    assert devices[0].person_id == context.household.person("Sam").id
    model = page.devices_tab.devices_model
    assert [model.data(model.index(0, c)) for c in range(3)] == ["Sam's iPhone", "iPhone", "Sam"]

    panel = page.devices_tab.device_panel
    click(qtbot, panel.start_button)
    assert page.walk.progress_label.text().endswith("about Sam's iPhone")
    assert page.walk.current.id == "device-screen-lock"  # high before medium and low
    choose(qtbot, page, "Yes")
    click(qtbot, page.walk.next_button)
    click(qtbot, page.walk.stop_button)
    assert page.tabs.currentIndex() == 2
    assert guided_status_now(context, "device-screen-lock", "Sam's iPhone") is Status.PASS
    assert model.data(model.index(0, 3)).startswith("1 of")

    monkeypatch.setattr(confirm, "ask_confirm", lambda *args: True)
    click(qtbot, page.devices_tab.remove_device_button)
    assert context.household.devices() == [] and model.rowCount() == 0
    assert ("device-screen-lock", "device", devices[0].id) not in context.household.latest_answers()


def test_a_device_is_renamed_and_given_to_someone_else_and_keeps_its_answers(qtbot, page, context, monkeypatch):
    household = context.household
    sam, alex = household.add_person("Sam", "13-17"), household.add_person("Alex", "adult")
    phone = household.add_device("Sam's iPhone", "iphone", sam)
    household.add_device("Family iPad", "ipad")
    household.record_answer("device-screen-lock", "device", phone.id, "yes", Status.PASS)
    context.notify_changed()
    page.tabs.setCurrentIndex(2)
    tab = page.devices_tab
    model = tab.devices_model
    assert tab.selected_device() == phone and tab.rename_device_button.isEnabled() and tab.owner_button.isEnabled()

    asked = []
    monkeypatch.setattr(devices_tab, "ask_device_name", lambda parent, device: asked.append(device) or "Alex's iPhone")
    click(qtbot, tab.rename_device_button)
    assert asked == [phone]
    assert household.device(phone.id).name == "Alex's iPhone"
    assert tab.selected_device().id == phone.id and model.data(model.index(0, 0)) == "Alex's iPhone"
    assert page.message.text() == "Sam's iPhone is now called Alex's iPhone. Its answers stay with it."
    assert tab.device_title.text() == "Alex's iPhone"

    offered = []

    def choose_owner(parent, device, names, current):
        offered.append((names, current))
        return names.index("Alex")

    monkeypatch.setattr(devices_tab, "ask_device_owner", choose_owner)
    click(qtbot, tab.owner_button)
    assert offered == [(["Shared by the family", "Sam", "Alex"], 1)]  # Sam's, so far
    assert household.device(phone.id).person_id == alex.id and model.data(model.index(0, 2)) == "Alex"
    monkeypatch.setattr(devices_tab, "ask_device_owner", lambda parent, device, names, current: 0)
    click(qtbot, tab.owner_button)
    assert household.device(phone.id).person_id is None and model.data(model.index(0, 2)) == "Shared"
    assert page.message.text() == "Alex's iPhone is now shared by the family."
    # The answers went with it: still counted, under its new name.
    assert guided_status_now(context, "device-screen-lock", "Alex's iPhone") is Status.PASS

    # Another device's name is refused in plain words; cancelling changes nothing.
    monkeypatch.setattr(devices_tab, "ask_device_name", lambda parent, device: "family ipad")
    click(qtbot, tab.rename_device_button)
    assert page.message.text() == "Not renamed: there is already a device called family ipad."
    monkeypatch.setattr(devices_tab, "ask_device_name", lambda parent, device: None)
    monkeypatch.setattr(devices_tab, "ask_device_owner", lambda parent, device, names, current: None)
    click(qtbot, tab.rename_device_button)
    click(qtbot, tab.owner_button)
    assert (household.device(phone.id).name, household.device(phone.id).person_id) == ("Alex's iPhone", None)


def test_the_device_dialogs_show_a_name_as_it_was_typed(qtbot, page):
    device = Device(7, "<b>Sam</b>'s phone", "iphone", None)
    seen = []

    def answer(choose) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen.append([label.text() for label in dialog.findChildren(QLabel)
                     if label.textFormat() == Qt.TextFormat.PlainText and device.name in label.text()])
        choose(dialog)
        dialog.accept()

    QTimer.singleShot(0, lambda: answer(lambda dialog: dialog.setTextValue("Sam's old phone")))
    assert devices_tab.ask_device_name(page, device) == "Sam's old phone"
    QTimer.singleShot(0, lambda: answer(lambda dialog: dialog.findChild(QComboBox).setCurrentIndex(2)))
    assert devices_tab.ask_device_owner(page, device, ["Shared by the family", "Sam", "Alex"], 0) == 2
    assert len(seen) == 2 and all(seen)  # each dialog named the device, as plain text


def test_a_fresh_person_has_everything_to_do(qtbot, page, context):
    sam = context.household.set_services(context.household.add_person("Sam", "13-17"), ["roblox"])
    context.notify_changed()
    states = {row.state for row in page.person_panel.model.rows()}
    assert states == {TODO}
    assert page.person_panel.start_button.text() == "&Start"
    assert page.start_walk("person", sam.id)
    assert page.walk.stack.currentIndex() == 1


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls a screen reader could not name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget.parent(), QTabBar) or isinstance(widget, QHeaderView):
            continue  # the tab bar's arrows and a table's header are parts of a named control
        control = isinstance(widget, QAbstractButton | QComboBox | QLineEdit | QAbstractItemView | QTabWidget)
        named = widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text())
        if control and not named:
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


def test_every_control_has_an_accessible_name(qtbot, page, context, wait_saved):
    household = context.household
    sam = household.set_services(household.add_person("Sam", "13-17"), ["gmail", "instagram"])
    household.add_person("Mia", "under-13")
    household.add_device("Sam's iPhone", "iphone", sam)
    context.notify_changed()
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert unnamed_controls(page) == [], page.tabs.tabText(tab)
    page.tabs.setCurrentIndex(0)
    page.start_walk("person", household.person("Mia").id)  # the apps step
    assert unnamed_controls(page) == []
    page.walk._save_services()
    wait_saved()
    assert page.walk.stack.currentIndex() == 1  # a question
    assert unnamed_controls(page) == []
    page.start_walk("person", sam.id, start_at="privacy-instagram-sensitive-content")  # the pack's own answers
    assert unnamed_controls(page) == []
