"""The issue's "done when": a whole family review in the real main window, once with the mouse alone and once with
the keyboard alone.

The review: the first scan from the Overview; two people added on People and accounts (an adult and a 14-year-old),
the apps each uses chosen, and each walked through every one of their questions (Yes, No and Not sure in turn);
the quiz taken to the end by one of them; and the report exported as a PDF. Only the file dialog is answered by
the test, because a native "Save as" window is not part of Homeguard. The mouse review is done at the window's
own size and at the smallest it allows (1024x700), where some of the page has to be scrolled to.

The mouse test only clicks: buttons, tick boxes and radio buttons where they are drawn, list rows where the view
draws them (``visualRect``), the items of a combo box in its opened list, and a scroll bar when something is below
the fold. The keyboard test only presses keys, on whatever has the focus: Tab and Shift+Tab, Space, Enter, the
arrow keys, Ctrl and a number for the pages and Alt with the underlined letters. Neither calls a slot or sets a
value from code. Both then check what matters: the store holds both people with their apps, every question of
each is answered, the quiz is saved and counts, the PDF was written, and the score counts the answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QScrollBar,
    QWidget,
)

from auditor.guided import QUIZ_CHECKS, guided_results
from auditor.model import Status
from auditor.quiz import questions_for as quiz_questions
from auditor.scoring import scorecard
from auditor.walk import answer_keys, counts_for, subject_for
from ui.main_window import MainWindow
from ui.pages import report as report_module
from ui.pages.people import PeoplePage
from ui.pages.quiz import QuizPage
from ui.pages.report import ReportPage

ADULT, TEEN = "Alex", "Sam"
ADULT_APPS = ("google-account", "gmail", "whatsapp")
TEEN_APPS = ("instagram", "snapchat", "roblox")
NOT_ANSWERED = "Not answered yet."


@pytest.fixture
def context(app_context):
    return app_context  # the recorded family laptop (tests/ui/conftest.py), shut down properly after each test


class SaveDialog:
    """Stands in for the native "Save as" window: records what it was asked and answers with one path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked: list[str] = []

    def __call__(self, parent, title, suggested, name_filter) -> str:
        self.asked.append(title)
        return str(self.path)


@pytest.fixture
def save_dialog(tmp_path, monkeypatch) -> SaveDialog:
    """The one native dialog of the review, "Save the report as a PDF", answered with a file in tmp_path."""
    dialog = SaveDialog(tmp_path / "family-review.pdf")
    monkeypatch.setattr(report_module, "ask_save_path", dialog)
    return dialog


@pytest.fixture
def window(qtbot, main_window, save_dialog):
    main_window.windowHandle().requestActivate()  # window shortcuts (Ctrl+1..7, Alt+letter) need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    return main_window


def pages(window: MainWindow) -> tuple[PeoplePage, QuizPage, ReportPage]:
    people, quiz, report = window.pages["people"], window.pages["quiz"], window.pages["report"]
    assert isinstance(people, PeoplePage) and isinstance(quiz, QuizPage) and isinstance(report, ReportPage)
    return people, quiz, report


def region_id(context) -> str:
    region = context.region()
    return region.id if region else ""


# -- a person with a mouse ---------------------------------------------------------------------------------------------

def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def settle(qtbot) -> None:
    """Let the event loop turn, as it does many times between two things a person does: layouts and scroll
    positions catch up, so the next click goes where the person would see the control."""
    timer = QTimer()
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout):
        timer.start(0)


def under_pointer(widget: QWidget, point: QPoint) -> bool:
    """Whether a click at this point of the widget lands on it: in its window, not scrolled away, not covered."""
    window = widget.window()
    found = window.childAt(widget.mapTo(window, point))
    return found is widget or (found is not None and widget.isAncestorOf(found))


def name_of(widget: QWidget) -> str:
    return widget.accessibleName() or getattr(widget, "text", lambda: "")() or repr(widget)


def scroll_into_view(qtbot, widget: QWidget) -> None:
    """Click the scroll bar's track, as a person would, until the whole of the widget is on screen."""
    for _ in range(60):
        settle(qtbot)
        area = scroll_area_of(widget)
        if area is None:
            return
        viewport = area.viewport()
        shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        if viewport.rect().contains(shown) or (shown.height() > viewport.height()
                                               and viewport.rect().intersects(shown)):
            return
        bar: QScrollBar = area.verticalScrollBar()
        assert bar.isVisible(), f"{name_of(widget)} is cut off and there is no scroll bar to reach it"
        step = bar.width()  # the arrow buttons at each end are about as tall as the bar is wide
        point = QPoint(bar.width() // 2, bar.height() - step - 3 if shown.bottom() > viewport.rect().bottom()
                       else step + 3)
        assert under_pointer(bar, point)
        before = bar.value()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=point)
        qtbot.waitUntil(lambda bar=bar, before=before: bar.value() != before, timeout=2000)
    raise AssertionError(f"could not scroll to {name_of(widget)}")


def click(qtbot, widget: QWidget) -> None:
    """Click where a person would: the middle of a button, the box of a tick box; scrolling to it first."""
    assert widget.isVisible(), f"{name_of(widget)} is not on screen"
    assert widget.isEnabled(), f"{name_of(widget)} cannot be clicked"
    scroll_into_view(qtbot, widget)
    x = 8 if isinstance(widget, QCheckBox) else widget.width() // 2
    point = QPoint(x, widget.height() // 2)
    assert under_pointer(widget, point), f"{name_of(widget)} is covered or out of sight"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)


def click_row(qtbot, view: QAbstractItemView, row: int) -> None:
    """Click a row of a list where the view draws it."""
    settle(qtbot)
    rect = view.visualRect(view.model().index(row, 0))
    assert rect.isValid() and under_pointer(view.viewport(), rect.center()), f"row {row} is not on screen"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def hover(widget: QWidget, pos: QPoint) -> None:
    """Move the pointer over a point of a widget (with whatever mouse button is held down)."""
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)), Qt.MouseButton.NoButton,
                        QApplication.mouseButtons(), Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def pick_in_combo(qtbot, combo: QComboBox, text: str) -> None:
    """Choose in a combo box the way a mouse does it: press on the box, which opens its list, move the pointer to
    the item (the list follows the pointer) and let go of the button there."""
    assert combo.isVisible() and combo.isEnabled(), f"{name_of(combo)} cannot be used"
    scroll_into_view(qtbot, combo)
    point = QPoint(combo.width() // 2, combo.height() // 2)
    assert under_pointer(combo, point), f"{name_of(combo)} is covered or out of sight"
    qtbot.mousePress(combo, Qt.MouseButton.LeftButton, pos=point)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = combo.findText(text)
    assert row >= 0, f"{text!r} is not offered in {name_of(combo)}"
    rect = view.visualRect(combo.model().index(row, combo.modelColumn()))
    assert under_pointer(view.viewport(), rect.center()), f"{text!r} is not shown in the opened list"
    hover(view.viewport(), rect.center())
    qtbot.waitUntil(lambda: view.currentIndex().row() == row)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def open_page(qtbot, window: MainWindow, title: str) -> None:
    rows = [window.nav.item(i).text() for i in range(window.nav.count())]
    click_row(qtbot, window.nav, rows.index(title))
    page = window.current_page()
    assert page is not None and page.title == title


# -- a person at the keyboard ------------------------------------------------------------------------------------------

def focused(window: MainWindow) -> QWidget:
    """Where a key press goes: the focused widget, or the window itself when nothing inside has the focus."""
    return QApplication.focusWidget() or window


def press(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(window), key, modifier)


def alt(qtbot, window: MainWindow, letter: str) -> None:
    """Alt and an underlined letter (a mnemonic)."""
    press(qtbot, window, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)


def tab_to(qtbot, window: MainWindow, target: QWidget, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the target has the focus."""
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(limit):
        assert QApplication.activeWindow() is window and QApplication.focusWidget() is not None, \
            f"the keyboard focus left Homeguard's window (now: {QApplication.activeWindow()})"
        if QApplication.focusWidget() is target:
            return
        press(qtbot, window, key, modifier)
    raise AssertionError(f"{'Shift+' if backwards else ''}Tab never reached {target.accessibleName() or target}")


def page_shortcut(qtbot, window: MainWindow, number: int, page_id: str) -> None:
    press(qtbot, window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_id() == page_id


# -- what both reviews must have achieved ------------------------------------------------------------------------------

def person_results(context, nickname: str):
    return [r for r in guided_results(context.content, context.household, region=region_id(context))
            if r.kind == "guided" and r.subject == nickname]


def check_the_review(context, report: ReportPage, dialog: SaveDialog, given: dict[str, dict[str, str]], quiz_taker: str,
                     coverage_before: float) -> None:
    household = context.household
    people = {p.nickname: p for p in household.people()}
    assert sorted(people) == sorted([ADULT, TEEN])
    assert people[ADULT].age_band == "adult" and people[TEEN].age_band == "13-17"
    assert set(people[ADULT].services) == set(ADULT_APPS) and people[ADULT].services_chosen
    assert set(people[TEEN].services) == set(TEEN_APPS) and people[TEEN].services_chosen

    answers = household.latest_answers()
    for nickname, person in people.items():
        subject = subject_for(household, "person", person.id, region_id(context))
        assert subject is not None
        counts = counts_for(context.content, household, subject)
        assert counts.total > 0 and counts.waiting == 0, (nickname, counts)
        # Exactly what was chosen on each page was saved, nothing more.
        saved = {check_id: answer.answer for (check_id, kind, sid), answer in answers.items()
                 if kind == "person" and sid == person.id}
        assert saved == given[nickname]
        assert {"yes", "no", "not_sure"} <= set(saved.values()), "the answers were meant to vary"
        results = person_results(context, nickname)
        waiting = [r.check_id for r in results if r.summary == NOT_ANSWERED and not r.check_id.startswith("quiz-")]
        assert waiting == [], f"{nickname} still has unanswered questions: {waiting}"

    quizzed = people[quiz_taker]
    attempt = household.latest_quiz(quizzed)
    assert attempt is not None
    assert set(attempt.answers) == {q.id for q in quiz_questions(context.content.quiz, quizzed)}
    quiz_rows = {r.check_id: r for r in person_results(context, quiz_taker) if r.check_id.startswith("quiz-")}
    for check_id, _title in QUIZ_CHECKS.values():
        assert quiz_rows[check_id].status is not Status.UNKNOWN, quiz_rows[check_id].summary
        assert "in the quiz on" in quiz_rows[check_id].summary

    assert dialog.asked == ["Save the report as a PDF"]
    pdf = dialog.path
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 2000
    assert f"{ADULT} (adult)" in report.preview.toPlainText() and TEEN in report.preview.toPlainText()

    # The score counts the answers: each answer's status is in the current run, and more of the score is checked.
    run = context.current_run()
    assert run is not None
    statuses = {(r.check_id, r.subject): r.status for r in run.results if r.kind == "guided"}
    expected = {"yes": Status.PASS, "no": Status.FAIL, "not_sure": Status.UNKNOWN}
    for nickname, chosen in given.items():
        for check_id, key in chosen.items():
            if key in expected:
                assert statuses[(check_id, nickname)] is expected[key], (nickname, check_id, key)
            else:  # a pack's own answer: the status that answer carries
                check = context.content.check(check_id)
                index = int(key.split(":", 1)[1])
                assert statuses[(check_id, nickname)] is check.choices[index].status
    for check_id, _title in QUIZ_CHECKS.values():
        assert statuses[(check_id, quiz_taker)] is quiz_rows[check_id].status
    overall = scorecard(run.results).overall
    assert overall.score is not None and overall.coverage is not None and overall.coverage > coverage_before


def coverage_now(context) -> float:
    run = context.current_run()
    assert run is not None
    coverage = scorecard(run.results).overall.coverage
    assert coverage is not None
    return coverage


# -- with the mouse alone --------------------------------------------------------------------------------------------

def walk_with_the_mouse(qtbot, context, people: PeoplePage, nickname: str) -> dict[str, str]:
    """Answer every question of the walk on screen, Yes, No and Not sure in turn, clicking the radio buttons."""
    walk = people.walk
    given: dict[str, str] = {}
    number = 0
    while walk.stack.currentIndex() == 1:
        check = walk.current
        assert check is not None
        assert walk.progress_label.text() == f"Question {number + 1} of {len(walk.todo)} for {nickname}"
        assert not walk.next_button.isEnabled()  # an answer first
        keys = answer_keys(check)
        choice = number % len(keys)
        click(qtbot, walk.choices.buttons[choice])
        assert walk.choices.checked() == choice
        given[check.id] = keys[choice][1]
        with qtbot.waitSignal(context.data_changed):
            click(qtbot, walk.next_button)
        number += 1
    assert walk.stack.currentIndex() == 2
    assert f"{number} of {number} questions about {nickname} are answered" in walk.done_text.text()
    click(qtbot, walk.done_button)
    assert not people.walking
    return given


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def test_a_whole_family_review_with_the_mouse_alone(qtbot, window, context, save_dialog, size):
    window.resize(*size)  # the window's own size, and the smallest it allows
    assert (window.width(), window.height()) == size
    people, quiz, report = pages(window)
    overview = window.pages["overview"]

    # The first scan, from the Overview's welcome.
    assert window.current_page_id() == "overview" and overview.first_run
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        click(qtbot, overview.first_scan.scan_button)
    assert not finished.args[0].cancelled
    qtbot.waitUntil(lambda: overview.dashboard.isVisible())
    coverage_before = coverage_now(context)

    # People and accounts: the adult first, with the apps ticked on the page.
    open_page(qtbot, window, "People and accounts")
    click(qtbot, people.name_edit)
    qtbot.keyClicks(people.name_edit, ADULT)  # typing the nickname is the one thing a mouse cannot do
    pick_in_combo(qtbot, people.age_edit, "Adult")
    click(qtbot, people.add_button)
    assert people.person_title.text() == ADULT
    for service in ADULT_APPS:
        click(qtbot, people.picker.boxes[service])
    assert set(context.household.person(ADULT).services) == set(ADULT_APPS)

    # Then the teenager.
    click(qtbot, people.name_edit)
    qtbot.keyClicks(people.name_edit, TEEN)
    pick_in_combo(qtbot, people.age_edit, "13 to 17")
    click(qtbot, people.add_button)
    assert [p.nickname for p in context.household.people()] == [ADULT, TEEN]

    # Alex's walk: choose Alex in the list, Start, every question to the end.
    click_row(qtbot, people.people_view, 0)
    assert people.person_title.text() == ADULT
    assert people.person_panel.start_button.text() == "&Start"
    click(qtbot, people.person_panel.start_button)
    assert people.walking
    given = {ADULT: walk_with_the_mouse(qtbot, context, people, ADULT)}
    assert people.person_title.text() == ADULT
    assert f"All {len(given[ADULT])} questions for {ADULT} are answered" in people.person_panel.progress_label.text()

    # Sam's walk starts with the apps Sam uses.
    click_row(qtbot, people.people_view, 1)
    assert people.person_title.text() == TEEN
    assert people.person_panel.start_button.text() == "&Start: choose the apps"
    click(qtbot, people.person_panel.start_button)
    assert people.walk.stack.currentIndex() == 0
    for service in TEEN_APPS:
        click(qtbot, people.walk.picker.boxes[service])
    click(qtbot, people.walk.services_next)
    assert set(context.household.person(TEEN).services) == set(TEEN_APPS)
    given[TEEN] = walk_with_the_mouse(qtbot, context, people, TEEN)

    # The quiz, for Sam, right and wrong answers mixed, the explanation after each.
    open_page(qtbot, window, "Quiz")
    pick_in_combo(qtbot, quiz.person_combo, TEEN)
    click(qtbot, quiz.start_button)
    assert quiz.stack.currentIndex() == 1 and quiz.person.nickname == TEEN
    right = 0
    while quiz.stack.currentIndex() == 1:
        question = quiz.current
        choice = question.answer if quiz.index % 3 else (question.answer + 1) % len(question.choices)
        right += choice == question.answer
        click(qtbot, quiz.choices.buttons[choice])
        click(qtbot, quiz.primary)  # Check my answer
        assert quiz.feedback.isVisible() and quiz.explanation.text() == question.explanation
        click(qtbot, quiz.primary)  # Next question / See my result
    assert quiz.result_title.text() == f"You got {right} of {len(quiz.questions)}"
    click(qtbot, quiz.done_button)
    assert quiz.stack.currentIndex() == 0

    # The report, exported as a PDF.
    open_page(qtbot, window, "Report")
    with qtbot.waitSignal(report.exported, timeout=30_000) as exported:
        click(qtbot, report.pdf_button)
    assert exported.args == ["pdf", str(save_dialog.path)]

    check_the_review(context, report, save_dialog, given, TEEN, coverage_before)


# -- with the keyboard alone -----------------------------------------------------------------------------------------

def walk_with_the_keyboard(qtbot, window: MainWindow, context, people: PeoplePage, nickname: str) -> dict[str, str]:
    """Every question with the keys: the arrow keys to an answer, Space to choose it, Enter to go on."""
    walk = people.walk
    given: dict[str, str] = {}
    number = 0
    while walk.stack.currentIndex() == 1:
        check = walk.current
        assert check is not None
        assert walk.progress_label.text() == f"Question {number + 1} of {len(walk.todo)} for {nickname}"
        assert focused(window) is walk.choices.buttons[0]  # the keyboard is ready on the first answer
        keys = answer_keys(check)
        choice = number % len(keys)
        for _ in range(choice):
            press(qtbot, window, Qt.Key.Key_Down)
        assert focused(window) is walk.choices.buttons[choice]
        press(qtbot, window, Qt.Key.Key_Space)
        assert walk.choices.checked() == choice
        given[check.id] = keys[choice][1]
        with qtbot.waitSignal(context.data_changed):
            press(qtbot, window, Qt.Key.Key_Return)
        number += 1
    assert walk.stack.currentIndex() == 2
    assert f"{number} of {number} questions about {nickname} are answered" in walk.done_text.text()
    assert focused(window) is walk.done_button
    press(qtbot, window, Qt.Key.Key_Return)
    assert not people.walking
    return given


def add_with_the_keyboard(qtbot, window: MainWindow, people: PeoplePage, nickname: str, band: str) -> None:
    alt(qtbot, window, "k")  # Nic&kname
    assert focused(window) is people.name_edit
    qtbot.keyClicks(people.name_edit, nickname)
    alt(qtbot, window, "g")  # A&ge group
    assert focused(window) is people.age_edit
    for _ in range(people.age_edit.count()):
        if people.age_edit.currentData() == band:
            break
        press(qtbot, window, Qt.Key.Key_Down)
    assert people.age_edit.currentData() == band
    press(qtbot, window, Qt.Key.Key_Tab)
    assert focused(window) is people.add_button
    press(qtbot, window, Qt.Key.Key_Space)
    assert people.person_title.text() == nickname


def test_a_whole_family_review_with_the_keyboard_alone(qtbot, window, context, save_dialog):
    people, quiz, report = pages(window)
    overview = window.pages["overview"]

    # The first scan: Tab to "Start the first scan", Space.
    assert window.current_page_id() == "overview" and overview.first_run
    tab_to(qtbot, window, overview.first_scan.scan_button)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        press(qtbot, window, Qt.Key.Key_Space)
    assert not finished.args[0].cancelled
    qtbot.waitUntil(lambda: overview.dashboard.isVisible())
    coverage_before = coverage_now(context)

    # People and accounts (Ctrl+3): the adult, then the teenager, each with nickname, age group and Add.
    page_shortcut(qtbot, window, 3, "people")
    add_with_the_keyboard(qtbot, window, people, ADULT, "adult")
    # Alex's apps: Tab to each tick box and Space.
    for service in ADULT_APPS:
        tab_to(qtbot, window, people.picker.boxes[service])
        press(qtbot, window, Qt.Key.Key_Space)
    assert set(context.household.person(ADULT).services) == set(ADULT_APPS)
    add_with_the_keyboard(qtbot, window, people, TEEN, "13-17")
    assert [p.nickname for p in context.household.people()] == [ADULT, TEEN]

    # Back to Alex in the list with the arrow keys; Shift+Tab back up to Start.
    tab_to(qtbot, window, people.people_view, backwards=True)
    press(qtbot, window, Qt.Key.Key_Up)
    assert people.person_title.text() == ADULT
    tab_to(qtbot, window, people.person_panel.start_button)
    press(qtbot, window, Qt.Key.Key_Space)
    assert people.walking and people.walk.stack.currentIndex() == 1
    given = {ADULT: walk_with_the_keyboard(qtbot, window, context, people, ADULT)}
    assert f"All {len(given[ADULT])} questions for {ADULT} are answered" in people.person_panel.progress_label.text()

    # Sam: Down in the list, then Start, which asks for the apps first (Tab, Space; Enter on Save and continue).
    tab_to(qtbot, window, people.people_view, backwards=True)
    press(qtbot, window, Qt.Key.Key_Down)
    assert people.person_title.text() == TEEN
    assert people.person_panel.start_button.text() == "&Start: choose the apps"
    alt(qtbot, window, "s")
    qtbot.waitUntil(lambda: people.walking)
    assert people.walk.stack.currentIndex() == 0
    for service in TEEN_APPS:
        tab_to(qtbot, window, people.walk.picker.boxes[service])
        press(qtbot, window, Qt.Key.Key_Space)
    tab_to(qtbot, window, people.walk.services_next)
    press(qtbot, window, Qt.Key.Key_Return)
    assert set(context.household.person(TEEN).services) == set(TEEN_APPS)
    given[TEEN] = walk_with_the_keyboard(qtbot, window, context, people, TEEN)

    # The quiz (Ctrl+4), for Alex: Alt+W to "Who is taking the quiz?", the arrow keys, Start; then each question
    # with a number key or the arrows and Space, Enter to check it and Enter again to go on.
    page_shortcut(qtbot, window, 4, "quiz")
    alt(qtbot, window, "w")
    assert focused(window) is quiz.person_combo
    press(qtbot, window, Qt.Key.Key_Down)
    assert quiz.person_combo.currentText() == TEEN and TEEN in quiz.last_label.text()
    press(qtbot, window, Qt.Key.Key_Up)
    assert quiz.person_combo.currentText() == ADULT and ADULT in quiz.last_label.text()
    tab_to(qtbot, window, quiz.start_button)
    press(qtbot, window, Qt.Key.Key_Space)
    assert quiz.stack.currentIndex() == 1 and quiz.person.nickname == ADULT
    right = 0
    while quiz.stack.currentIndex() == 1:
        question = quiz.current
        assert focused(window) is quiz.choices.buttons[0]
        choice = question.answer if quiz.index % 3 else (question.answer + 1) % len(question.choices)
        right += choice == question.answer
        if quiz.index % 2:
            press(qtbot, window, getattr(Qt.Key, f"Key_{choice + 1}"))
        else:
            for _ in range(choice):
                press(qtbot, window, Qt.Key.Key_Down)
            press(qtbot, window, Qt.Key.Key_Space)
        assert quiz.choices.checked() == choice
        press(qtbot, window, Qt.Key.Key_Return)  # check it
        assert quiz.feedback.isVisible() and quiz.explanation.text() == question.explanation
        assert focused(window) is quiz.primary
        press(qtbot, window, Qt.Key.Key_Return)  # go on
    assert quiz.result_title.text() == f"You got {right} of {len(quiz.questions)}"
    assert focused(window) is quiz.done_button
    press(qtbot, window, Qt.Key.Key_Return)
    assert quiz.stack.currentIndex() == 0

    # The report (Ctrl+6): Tab to "Export PDF…", Space.
    page_shortcut(qtbot, window, 6, "report")
    tab_to(qtbot, window, report.pdf_button)
    with qtbot.waitSignal(report.exported, timeout=30_000) as exported:
        press(qtbot, window, Qt.Key.Key_Space)
    assert exported.args == ["pdf", str(save_dialog.path)]

    check_the_review(context, report, save_dialog, given, ADULT, coverage_before)
