"""The quiz: the warning signs of online blackmail and of phishing, one question at a time.

Pick who is taking it; only the questions meant for them are asked. Each question has its answers as radio
buttons and a "Check my answer" button; then the explanation, always kind, and Next. At the end the result ("You
got 14 of 17") is saved and counts in the score at once. Which questions, their order and their answers' order
(fresh for each attempt), the scoring, the words for a result and the rule that a quiz stopped half-way is not saved
are ``auditor.quiz``'s, the same the terminal quiz follows.
"""

from __future__ import annotations

import itertools
import random

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.household import Person, QuizAttempt
from auditor.model import Status
from auditor.plural import plural
from auditor.quiz import AskedQuestion, Attempt, encouragement, last_result_text, questions_for, strategy_lines
from ui.context import AppContext
from ui.pages import Page
from ui.style import button, card, heading, muted, status_icon
from ui.widgets.choices import ChoiceList
from ui.widgets.reading import READING_WIDTH, para, progress_row, scroll_area


def ask_stop_quiz(parent: QWidget) -> bool:
    """Ask before leaving a quiz half-way (it is saved only when finished). Tests replace this function."""
    box = QMessageBox(QMessageBox.Icon.Question, "Stop the quiz?",
                      "Stop the quiz now? The answers so far are not saved; you can start again any time.",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    stop = box.addButton("Stop the quiz", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is stop


class QuizPage(Page):
    page_id = "quiz"
    title = "Quiz"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.attempt: Attempt | None = None  # the quiz under way, or just finished
        self.shuffle = random.Random()  # orders each attempt's questions and answers; tests seed their own
        self.index = 0
        self.checked = False

        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 16)
        self.stack = QStackedWidget(self)
        self.stack.setMaximumWidth(READING_WIDTH)
        outer.addWidget(self.stack, 1)
        outer.addStretch(0)
        self.stack.addWidget(self._build_start())
        self.stack.addWidget(self._build_question())
        self.stack.addWidget(self._build_result())

    # -- building -----------------------------------------------------------------------------------------------------
    def _build_start(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading("The quiz"))
        layout.addWidget(muted(para(
            "Short questions about the warning signs of online blackmail and how to spot phishing. There are no "
            "trick questions, and nobody sees the answers but you. After each answer you will see why it is "
            "right. The result is saved on this computer and counts towards the family's score.")))

        self.empty_box = QWidget()
        empty = QVBoxLayout(self.empty_box)
        empty.setContentsMargins(0, 0, 0, 0)
        empty.addWidget(para("First add the people in your family on the People and accounts page; then each "
                             "of them can take the quiz."))
        self.go_people = button("Go to &People and accounts", "Go to People and accounts", auto_default=True,
                                on_click=lambda: self.context.navigate.emit("people"))
        empty.addWidget(self.go_people, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty_box)

        self.pick_box, pick = card()
        row = QHBoxLayout()
        who = QLabel("&Who is taking the quiz?")
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Who is taking the quiz")
        self.person_combo.setMinimumContentsLength(12)
        self.person_combo.currentIndexChanged.connect(self._person_picked)
        who.setBuddy(self.person_combo)
        row.addWidget(who)
        row.addWidget(self.person_combo)
        row.addStretch(1)
        pick.addLayout(row)
        self.about_label = para("")
        self.last_label = para("")
        self.last_label.setAccessibleName("Last result")
        pick.addWidget(self.about_label)
        pick.addWidget(self.last_label)
        self.start_button = _bold(button("&Start the quiz", "Start the quiz", auto_default=True,
                                         on_click=self.start_quiz))
        pick.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pick_box)
        layout.addStretch(1)
        return page

    def _build_question(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        top, self.progress_label, self.progress_bar = progress_row()
        layout.addLayout(top)

        inner = QWidget()
        body = QVBoxLayout(inner)
        body.setContentsMargins(0, 8, 12, 8)
        body.setSpacing(14)
        self.question_label = heading("", 2)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.choices = ChoiceList(inner)
        self.choices.chosen.connect(lambda _index: self._update())
        self.feedback, feedback = card(inner)
        self.feedback.setAccessibleName("Explanation")
        verdict_row = QHBoxLayout()
        self.verdict_icon = QLabel()
        self.verdict_icon.setFixedWidth(24)
        self.verdict = heading("", 3)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        verdict_row.addWidget(self.verdict_icon, 0, Qt.AlignmentFlag.AlignTop)
        verdict_row.addWidget(self.verdict, 1)
        feedback.addLayout(verdict_row)
        self.explanation = para("", selectable=True)
        self.explanation.setAccessibleName("Why")
        feedback.addWidget(self.explanation)
        self.keys_hint = muted(para("Keyboard: press 1, 2 or 3 to choose an answer (or the arrow keys and Space); "
                                    "Enter checks it, and Enter again goes on."))
        for widget in (self.question_label, self.choices, self.feedback, self.keys_hint):
            body.addWidget(widget)
        body.addStretch(1)
        self.question_scroll = scroll_area(inner)
        # A Tab stop with a name: the explanation after an answer is reading text that a keyboard alone can only
        # bring into view by scrolling the area with the arrow keys.
        self.question_scroll.setAccessibleName("The question and its explanation")
        layout.addWidget(self.question_scroll, 1)

        buttons = QHBoxLayout()
        self.stop_button = button("Stop the &quiz", "Stop the quiz", auto_default=True, on_click=self.stop_quiz,
                                  tip="Leave the quiz; it is saved only when every question is answered")
        self.primary = _bold(button("&Check my answer", "Check my answer", auto_default=True, on_click=self._primary))
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.primary)
        layout.addLayout(buttons)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.result_title = heading("", 2)
        self.result_text = para("")
        self.result_parts = para("")
        self.result_saved = muted(para(""))
        frame, inside = card()
        buttons = QHBoxLayout()
        self.again_button = button("Take it &again", "Take the quiz again", auto_default=True,
                                   on_click=self.start_quiz)
        self.done_button = button("&Done", "Done", auto_default=True,
                                  on_click=lambda: self._back_to_start(self.person))
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        for widget in (self.result_title, self.result_text, self.result_parts, self.result_saved):
            inside.addWidget(widget)
        inside.addSpacing(4)
        inside.addLayout(buttons)
        layout.addWidget(heading("The quiz"))
        layout.addWidget(frame)
        layout.addStretch(1)
        return page

    # -- the start view -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        people = self.context.household.people()
        if self.stack.currentIndex() == 1 and self.person is not None:
            if any(p.id == self.person.id for p in people):
                return  # a quiz is under way: leave it alone
            self.stack.setCurrentIndex(0)  # the person was removed meanwhile
        keep = self.person_combo.currentData()
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        for person in people:
            self.person_combo.addItem(person.nickname, person.id)
        index = self.person_combo.findData(keep) if keep is not None else -1
        self.person_combo.setCurrentIndex(index if index >= 0 else (0 if people else -1))
        self.person_combo.blockSignals(False)
        self.empty_box.setVisible(not people)
        self.pick_box.setVisible(bool(people))
        self._person_picked()

    def _picked_person(self) -> Person | None:
        person_id = self.person_combo.currentData()
        return self.context.household.person(person_id) if person_id is not None else None

    def _person_picked(self, _index: int = 0) -> None:
        person = self._picked_person()
        if person is None:
            self.about_label.setText("")
            self.last_label.setText("")
            self.start_button.setEnabled(False)
            return
        quiz = self.context.content.quiz
        count = len(questions_for(quiz, person))
        self.about_label.setText(f"{plural(count, 'question')} for {person.nickname}, chosen for "
                                 f"{'adults' if person.is_adult else 'young people'}. It takes about "
                                 f"{max(3, round(count * 0.5))} minutes.")
        self.last_label.setText(last_result_text(quiz, person, self.context.household.latest_quiz(person)))
        self.start_button.setEnabled(count > 0)

    # -- the quiz ---------------------------------------------------------------------------------------------------
    def start_quiz(self, person: Person | None = None) -> bool:
        person = person if isinstance(person, Person) else (self.person if self.stack.currentIndex() == 2
                                                            else self._picked_person())
        if person is None:
            return False
        attempt = Attempt.start(self.context.content.quiz, person, self.shuffle)
        if attempt is None:
            return False
        self.attempt, self.index = attempt, 0
        self.stack.setCurrentIndex(1)
        self._show_question()
        return True

    @property
    def person(self) -> Person | None:
        return self.attempt.person if self.attempt else None

    @property
    def questions(self) -> list[AskedQuestion]:
        return self.attempt.questions if self.attempt else []

    @property
    def current(self) -> AskedQuestion | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def _show_question(self) -> None:
        question = self.current
        assert question is not None
        self.checked = False
        total = len(self.questions)
        self.progress_label.setText(f"Question {self.index + 1} of {total}")
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(self.index + 1)
        self.question_label.setText(question.text)
        self.question_label.setAccessibleName(question.text)
        self.choices.set_choices(question.choices, name=question.text)
        self.feedback.setVisible(False)
        chain = [*self.choices.buttons, self.stop_button, self.primary]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.question_scroll.verticalScrollBar().setValue(0)
        self._update()
        self.choices.focus_answer()

    def _update(self) -> None:
        last = self.index == len(self.questions) - 1
        if not self.checked:
            self.primary.setText("&Check my answer")
            self.primary.setAccessibleName("Check my answer")
            self.primary.setEnabled(self.choices.checked() is not None)
            self.primary.setToolTip("See whether it is right, and why (Enter)" if self.primary.isEnabled()
                                    else "Choose an answer first")
        else:
            self.primary.setText("See my &result" if last else "&Next question")
            self.primary.setAccessibleName("See my result" if last else "Next question")
            self.primary.setEnabled(True)
            self.primary.setToolTip("Enter")

    def _primary(self) -> None:
        if self.checked:
            self.next_question()
        else:
            self.check_answer()

    def check_answer(self) -> None:
        question, index = self.current, self.choices.checked()
        if question is None or index is None or self.checked or self.attempt is None:
            return
        self.checked = True
        correct = self.attempt.answer(question, index)
        self.choices.set_locked(True)
        self.choices.mark(question.answer, "your answer, and the right one" if correct else "the right answer",
                          bold=True)
        if correct:
            self.verdict_icon.setPixmap(status_icon(Status.PASS, 20).pixmap(20, 20))
            self.verdict.setText("Right.")
        else:
            self.choices.mark(index, "your answer")
            self.verdict_icon.clear()
            self.verdict.setText(f"Not quite. The answer is: {question.choices[question.answer]}")
        self.verdict_icon.setVisible(correct)
        self.verdict.setAccessibleName(self.verdict.text())
        self.explanation.setText(question.explanation)
        self.feedback.setAccessibleDescription(f"{self.verdict.text()} {question.explanation}")
        self.feedback.setVisible(True)
        self._update()
        self.primary.setFocus(Qt.FocusReason.OtherFocusReason)
        self.question_scroll.ensureWidgetVisible(self.feedback)

    def next_question(self) -> None:
        if not self.checked:
            return
        if self.index + 1 < len(self.questions):
            self.index += 1
            self._show_question()
        else:
            self._finish()

    def _finish(self) -> None:
        attempt, quiz = self.attempt, self.context.content.quiz
        assert attempt is not None
        self.result_title.setText(f"You got {attempt.right} of {attempt.asked}")
        self.result_title.setAccessibleName(self.result_title.text())
        self.result_text.setText(encouragement(quiz, attempt.right, attempt.asked))
        self.result_parts.setText("")
        self.result_saved.setText("")
        self.progress_bar.setValue(attempt.asked)
        self.stack.setCurrentIndex(2)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

        def saved(kept: QuizAttempt) -> None:  # the context then tells every page (data_changed)
            self.result_parts.setText("\n".join(strategy_lines(quiz, kept)))
            self.result_saved.setText(f"Saved for {attempt.person.nickname}. It counts towards the family's score "
                                      "straight away; take it again in a year as a refresher.")

        household = self.context.household
        self.context.save(lambda: attempt.save(household), then=saved, name="save the quiz")

    def stop_quiz(self) -> None:
        if self.stack.currentIndex() != 1:
            return
        if self.attempt and self.attempt.chosen and not ask_stop_quiz(self):
            return
        self._back_to_start(None)

    def _back_to_start(self, person: Person | None) -> None:
        """The start view again, with ``person`` (who has just finished) still picked."""
        self.attempt = None
        self.stack.setCurrentIndex(0)
        self.refresh()
        if person is not None:
            index = self.person_combo.findData(person.id)
            if index >= 0:
                self.person_combo.setCurrentIndex(index)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keyboard ---------------------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.stack.currentIndex() == 1:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.primary.isEnabled():
                    self.primary.click()
                event.accept()
                return
            number = int(key) - int(Qt.Key.Key_1)
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if not self.checked and plain and 0 <= number <= 8:
                if number < len(self.choices.buttons):
                    self.choices.buttons[number].click()
                    self.choices.buttons[number].setFocus(Qt.FocusReason.ShortcutFocusReason)
                event.accept()
                return
        super().keyPressEvent(event)


def _bold(widget: QPushButton) -> QPushButton:
    """The button that moves the quiz on, in bold, so the eye finds it first."""
    font = widget.font()
    font.setBold(True)
    widget.setFont(font)
    return widget


__all__ = ["QuizPage", "ask_stop_quiz"]
