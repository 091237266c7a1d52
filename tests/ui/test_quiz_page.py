"""The quiz page: one question at a time, the explanation after each answer, the result saved and scored."""

from __future__ import annotations

import random
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from auditor.guided import DAY, audience_fits, guided_results, quiz_share
from auditor.model import Status
from ui.pages import quiz as quiz_module
from ui.pages.quiz import QuizPage


@pytest.fixture
def context(app_context):
    """The shared app context (tests/ui/conftest.py): the recorded family laptop, in the UK (its locale picks the
    region, and so the where-to-report steps), shut down properly after each test."""
    return app_context


@pytest.fixture
def page(qtbot, context):
    page = QuizPage(context)
    qtbot.addWidget(page)
    page.resize(1070, 770)
    page.show()
    page.refresh()  # as the main window does when it shows the page, and then whenever data changes:
    context.data_changed.connect(page.refresh)
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget.accessibleName() or widget} cannot be clicked"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def pick(page: QuizPage, nickname: str) -> None:
    page.person_combo.setCurrentIndex(page.person_combo.findText(nickname))


def quiz_result(context, check_id: str, nickname: str):
    return next(r for r in guided_results(context.content, context.household)
                if r.check_id == check_id and r.subject == nickname)


def test_a_full_quiz_with_the_explanation_after_each_answer(qtbot, page, context):
    household = context.household
    household.add_person("Alex", "adult")
    sam = household.add_person("Sam", "13-17")
    context.notify_changed()
    pick(page, "Sam")
    assert page.last_label.text() == "Sam has not taken the quiz yet."
    expected = [q for q in context.content.quiz.questions if audience_fits(q.audience, sam)]
    assert f"{len(expected)} questions for Sam" in page.about_label.text()

    page.shuffle = random.Random(8)
    click(qtbot, page.start_button)
    assert sorted(q.id for q in page.questions) == sorted(q.id for q in expected)
    chosen = {}
    for number, question in enumerate(list(page.questions), 1):
        assert page.progress_label.text() == f"Question {number} of {len(expected)}"
        assert page.question_label.text() == question.text
        assert [b.accessibleName() for b in page.choices.buttons] == list(question.choices)
        assert sorted(question.choices) == sorted(question.question.choices)  # the pack's answers, in a new order
        assert not page.feedback.isVisible()
        assert not page.primary.isEnabled()  # choose an answer first
        # Every third answer wrong, the rest right.
        answer = (question.answer + 1) % len(question.choices) if number % 3 == 0 else question.answer
        qtbot.mouseClick(page.choices.labels[answer], Qt.MouseButton.LeftButton)
        assert page.primary.text() == "&Check my answer" and page.primary.isEnabled()
        click(qtbot, page.primary)
        chosen[question.id] = question.question.choices.index(question.choices[answer])  # saved as the pack has it

        # The explanation, kindly worded, and the right answer named in words.
        assert page.feedback.isVisible()
        assert page.explanation.text() == question.explanation
        if answer == question.answer:
            assert page.verdict.text() == "Right."
        else:
            assert page.verdict.text() == f"Not quite. The answer is: {question.choices[question.answer]}"
            assert page.choices.labels[answer].text().endswith("your answer")
        assert page.choices.labels[question.answer].text().endswith(("the right answer", "the right one"))
        # The answer cannot be changed once checked.
        assert not any(b.isEnabled() for b in page.choices.buttons)
        last = number == len(expected)
        assert page.primary.text() == ("See my &result" if last else "&Next question")
        if last:
            with qtbot.waitSignal(context.data_changed):
                click(qtbot, page.primary)
        else:
            click(qtbot, page.primary)

    right = sum(chosen[q.id] == q.answer for q in expected)  # scored as the pack has it
    assert page.stack.currentIndex() == 2
    assert page.result_title.text() == f"You got {right} of {len(expected)}"
    attempt = household.latest_quiz(sam)
    assert attempt is not None and attempt.answers == chosen

    # The result counts in the score: one result per strategy for Sam, from the saved answers.
    for strategy, check_id in (("educate", "quiz-red-flags"), ("phishing", "quiz-phishing")):
        result = quiz_result(context, check_id, "Sam")
        share_right, asked = quiz_share(context.content.quiz, attempt, strategy)
        assert asked and f"{share_right} of {asked}" in page.result_parts.text()
        share = share_right / asked
        quiz = context.content.quiz
        status = Status.PASS if share >= quiz.pass_share else \
            Status.PARTIAL if share >= quiz.partial_share else Status.FAIL
        assert result.status is status
    assert quiz_result(context, "quiz-red-flags", "Alex").status is Status.UNKNOWN  # Alex has not taken it

    click(qtbot, page.done_button)
    assert page.stack.currentIndex() == 0
    assert page.person_combo.currentText() == "Sam"
    assert page.last_label.text().startswith(f"Sam's last result: {right} of {len(expected)}, on ")


def test_each_attempt_asks_the_questions_and_their_answers_in_a_fresh_order(qtbot, page, context):
    context.household.add_person("Sam", "13-17")
    context.notify_changed()
    page.shuffle = random.Random(3)
    orders = []
    for _ in range(2):
        click(qtbot, page.start_button)
        orders.append([(q.text, q.choices) for q in page.questions])
        assert page.question_label.text() == page.questions[0].text
        assert [b.accessibleName() for b in page.choices.buttons] == list(page.questions[0].choices)
        page.stop_quiz()  # nothing chosen yet: leaves without asking
    assert orders[0] != orders[1] and sorted(orders[0]) != sorted(orders[1])  # other questions first, other answers
    assert sorted(text for text, _ in orders[0]) == sorted(text for text, _ in orders[1])


def test_only_the_questions_meant_for_the_person_are_asked(qtbot, page, context):
    adult = context.household.add_person("Alex", "adult")
    child = context.household.add_person("Mia", "under-13")
    context.notify_changed()
    audiences = {}
    for person in (adult, child):
        pick(page, person.nickname)
        assert page.start_quiz()
        audiences[person.nickname] = {q.audience for q in page.questions}
        page.stop_quiz()  # nothing chosen yet: leaves without asking
        assert page.stack.currentIndex() == 0
    assert audiences["Alex"] == {"everyone", "parent"}
    assert audiences["Mia"] == {"everyone", "teen"}


def test_the_quiz_with_the_keyboard_alone(qtbot, page, context):
    sam = context.household.add_person("Sam", "13-17")
    context.notify_changed()
    page.start_button.setFocus()
    qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    assert page.stack.currentIndex() == 1
    while page.stack.currentIndex() == 1:
        question = page.current
        focus = QApplication.focusWidget()
        assert focus is page.choices.buttons[0]  # ready to choose
        qtbot.keyClick(focus, Qt.Key.Key_1 + question.answer)  # the number of the answer
        assert page.choices.checked() == question.answer
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # check it
        assert page.feedback.isVisible() and page.verdict.text() == "Right."
        assert QApplication.focusWidget() is page.primary
        qtbot.keyClick(page.primary, Qt.Key.Key_Return)  # go on
    assert page.result_title.text() == f"You got {len(page.questions)} of {len(page.questions)}"
    assert page.result_text.text().startswith("Well done")
    assert context.household.latest_quiz(sam) is not None


def test_a_quiz_stopped_half_way_is_not_saved(qtbot, page, context, monkeypatch):
    sam = context.household.add_person("Sam", "13-17")
    context.notify_changed()
    page.start_quiz()
    qtbot.mouseClick(page.choices.labels[0], Qt.MouseButton.LeftButton)
    click(qtbot, page.primary)
    click(qtbot, page.primary)
    monkeypatch.setattr(quiz_module, "ask_stop_quiz", lambda parent: False)
    click(qtbot, page.stop_button)
    assert page.stack.currentIndex() == 1 and page.index == 1  # "Keep going"
    monkeypatch.setattr(quiz_module, "ask_stop_quiz", lambda parent: True)
    click(qtbot, page.stop_button)
    assert page.stack.currentIndex() == 0
    assert context.household.latest_quiz(sam) is None
    assert page.last_label.text() == "Sam has not taken the quiz yet."


def test_an_old_result_is_shown_with_a_gentle_nudge(qtbot, page, context):
    sam = context.household.add_person("Sam", "13-17")
    questions = [q for q in context.content.quiz.questions if audience_fits(q.audience, sam)]
    context.household.record_quiz(sam, {q.id: q.answer for q in questions[:4]},
                                  when=time.time() - 400 * DAY)
    context.notify_changed()
    assert page.last_label.text().startswith("Sam's last result: 4 of 4, on ")
    assert "time for a refresher" in page.last_label.text()


def test_with_nobody_added_the_page_points_to_people(qtbot, page, context):
    assert page.empty_box.isVisible() and not page.pick_box.isVisible()
    with qtbot.waitSignal(context.navigate) as blocker:
        click(qtbot, page.go_people)
    assert blocker.args == ["people"]
    context.household.add_person("Sam", "13-17")
    context.notify_changed()
    assert page.pick_box.isVisible() and page.start_button.isEnabled()
