"""The step-by-step walk through the guided questions, one question per page, as the terminal walk asks them.

It is a widget inside the People and accounts page, not a page of its own. What it asks, in which order, and when
an answer is saved are ``auditor.walk``'s rules, the same the terminal's ``homeguard guide`` follows: only what
applies to this person (or the household, or this device), the questions that matter most first, and, unless
everything is to be reviewed, only what is unanswered, skipped or out of date. Every answer is saved the moment
the person moves on ("Skip" saves nothing), so the walk can be left at any question and resumed later.
"""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.guided import Subject
from auditor.household import Answer, Person
from auditor.packs import GuidedCheck
from auditor.walk import (
    DEVICE,
    HOUSEHOLD,
    PERSON,
    answer_keys,
    counts_for,
    give_answer,
    guide_names,
    previous_choice,
    saved_note,
    subject_for,
    walk_list,
)
from ui.context import AppContext
from ui.style import button as make_button
from ui.style import card, heading, muted
from ui.widgets.choices import ChoiceList
from ui.widgets.guides import GuideSteps
from ui.widgets.reading import READING_WIDTH, para, progress_row, scroll_area
from ui.widgets.services import ServicePicker


def _button(text: str, name: str, tip: str = "") -> QPushButton:
    return make_button(text, name, tip=tip, auto_default=True)  # Enter on a focused button presses it, like Space


def _region_id(context: AppContext) -> str:
    region = context.region()
    return region.id if region else ""


# -- the walk ------------------------------------------------------------------------------------------------------

class GuidedWalk(QWidget):
    """One question per page for one person, the household or one device. Emits ``stopped`` to go back."""

    stopped = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("guided-walk")
        self.setAccessibleName("Step-by-step questions")
        self.subject: Subject | None = None
        self.todo: list[GuidedCheck] = []
        self.index = 0
        self.revisit = False
        self._chosen: dict[str, int] = {}  # check id -> the answer chosen in this walk, saved or being saved

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.stack.setMaximumWidth(READING_WIDTH)  # long lines are hard to follow; the rest stays calm space
        outer.addWidget(self.stack, 1)
        outer.addStretch(0)
        self._build_services_step()
        self._build_question_step()
        self._build_done_step()

    # -- building the three steps ---------------------------------------------------------------------------------
    def _build_services_step(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.services_title = heading("", 2)
        self.services_intro = muted(para(""))
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 12, 0)
        self.picker = ServicePicker(self.context.content, inner)
        inner_layout.addWidget(self.picker)
        inner_layout.addStretch(1)
        buttons = QHBoxLayout()
        self.services_stop = _button("Stop for &now", "Stop for now", "Go back to People and accounts; "
                                     "nothing is saved on this step until you press Save and continue")
        self.services_next = _button("&Save and continue", "Save the apps and continue",
                                     "Save these apps; only their questions will be asked")
        self.services_stop.clicked.connect(self.stopped)
        self.services_next.clicked.connect(self._save_services)
        buttons.addWidget(self.services_stop)
        buttons.addStretch(1)
        buttons.addWidget(self.services_next)
        layout.addWidget(self.services_title)
        layout.addWidget(self.services_intro)
        services_scroll = scroll_area(inner, self)
        # Not a Tab stop: it holds only the apps' tick boxes, each a Tab stop the area scrolls to by itself, so a
        # stop on the area would only be an empty, nameless pause for a screen reader.
        services_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(services_scroll, 1)
        layout.addLayout(buttons)
        self.stack.addWidget(page)

    def _build_question_step(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        top, self.progress_label, self.progress_bar = progress_row()
        layout.addLayout(top)

        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 4, 12, 8)
        self.body.setSpacing(10)
        self.title_label = heading("", 2)
        self.audience_label = muted(para(""))
        self.why_label = para("", selectable=True)
        self.guide_steps = GuideSteps(inner)
        self.guide_steps.link_clicked.connect(lambda url: self.context.open_url(url))  # looked up when clicked
        self.question_label = para("", selectable=True)
        font = self.question_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.question_label.setFont(font)
        self.saved_label = muted(para(""))
        self.choices = ChoiceList(inner)
        self.choices.chosen.connect(lambda _index: self._update_buttons())
        self.keys_hint = muted(para("Keyboard: the arrow keys move between the answers, Space chooses one, "
                                           "Enter goes on to the next question."))
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.audience_label)
        self.why_title = heading("Why it matters", 3)
        self.body.addWidget(self.why_title)
        self.body.addWidget(self.why_label)
        self.steps_title = heading("How to check", 3)
        self.body.addWidget(self.steps_title)
        self.body.addWidget(self.guide_steps)
        self.body.addSpacing(6)
        question_card, question = card(inner)
        question_card.setAccessibleName("The question")
        question.addWidget(self.question_label)
        question.addWidget(self.saved_label)
        question.addWidget(self.choices)
        question.addWidget(self.keys_hint)
        self.body.addWidget(question_card)
        self.body.addStretch(1)
        self.question_scroll = scroll_area(inner, self)
        # A Tab stop with a name: "Why it matters" and the steps are reading text that a keyboard alone can only
        # bring into view by scrolling the area with the arrow keys.
        self.question_scroll.setAccessibleName("The question and how to check it")
        layout.addWidget(self.question_scroll, 1)

        buttons = QHBoxLayout()
        self.stop_button = _button("Stop for &now", "Stop for now",
                                   "Go back to People and accounts; everything answered so far is kept")
        self.back_button = _button("&Back", "Back", "The previous question")
        self.skip_button = _button("S&kip this one", "Skip this question",
                                   "Leave this question for later; nothing is saved for it")
        self.next_button = _button("Ne&xt", "Next question", "Save the answer and go to the next question (Enter)")
        self.stop_button.clicked.connect(self.stop)
        self.back_button.clicked.connect(self.back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.next)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.skip_button, self.next_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.stack.addWidget(page)

    def _build_done_step(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.done_title = heading("", 2)
        self.done_text = para("")
        buttons = QHBoxLayout()
        self.review_button = _button("&Review all answers", "Review all answers",
                                     "Go through every question again, with the answers given so far")
        self.done_button = _button("&Done", "Done", "Back to People and accounts")
        self.review_button.clicked.connect(lambda: self._begin(revisit=True))
        self.done_button.clicked.connect(self.stopped)
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout.setSpacing(12)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_text)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.stack.addWidget(page)

    # -- starting ---------------------------------------------------------------------------------------------------
    def start(self, kind: str, subject_id: int = 0, *, revisit: bool = False, start_at: str = "") -> bool:
        """Begin a walk. ``start_at`` (a check id) opens the whole list at that question. False if the subject is
        gone."""
        subject = subject_for(self.context.household, kind, subject_id, _region_id(self.context))
        if subject is None:
            return False
        self.subject = subject
        self._chosen = {}
        if subject.kind == PERSON and not subject.services_chosen:
            self._show_services_step()
            return True
        self._begin(revisit=revisit or bool(start_at), start_at=start_at)
        return True

    def _show_services_step(self) -> None:
        assert self.subject is not None
        name = self.subject.name
        self.services_title.setText(f"Which apps, games and accounts does {name} use?")
        self.services_title.setAccessibleName(self.services_title.text())
        self.services_intro.setText(f"Tick each one {name} uses; only those will be asked about. If {name} uses "
                                    "none of them, leave them all unticked. You can change this later.")
        person = self.context.household.person(self.subject.id)
        self.picker.set_selected(person.services if person else ())
        self.stack.setCurrentIndex(0)
        first = next(iter(self.picker.boxes.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_services(self) -> None:
        assert self.subject is not None
        person = self.context.household.person(self.subject.id)
        if person is None:
            self.stopped.emit()
            return
        household, services = self.context.household, self.picker.selected()

        def saved(person: Person) -> None:  # the context then tells every page (data_changed)
            self.subject = subject_for(household, PERSON, person.id, _region_id(self.context))
            self._begin(revisit=False)

        self.context.save(lambda: household.set_services(person, services), then=saved, name="save the apps")

    def _begin(self, *, revisit: bool, start_at: str = "") -> None:
        assert self.subject is not None
        self.revisit = revisit
        self.todo = walk_list(self.context.content, self.context.household, self.subject, revisit)
        ids = [c.id for c in self.todo]
        self.index = ids.index(start_at) if start_at in ids else 0
        if not self.todo:
            self._show_done(nothing_waiting=True)
            return
        self._show_question()

    # -- one question -------------------------------------------------------------------------------------------
    @property
    def current(self) -> GuidedCheck | None:
        return self.todo[self.index] if 0 <= self.index < len(self.todo) else None

    def _saved_answer(self, check: GuidedCheck) -> Answer | None:
        assert self.subject is not None
        return self.context.household.latest_answers().get((check.id, self.subject.kind, self.subject.id))

    def _for_line(self) -> str:
        assert self.subject is not None
        if self.subject.kind == HOUSEHOLD:
            return "about the whole family"
        return f"for {self.subject.name}" if self.subject.kind == PERSON else f"about {self.subject.name}"

    def _show_question(self) -> None:
        check, subject = self.current, self.subject
        assert check is not None and subject is not None
        total = len(self.todo)
        self.progress_label.setText(f"Question {self.index + 1} of {total} {self._for_line()}")
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(self.index + 1)
        self.title_label.setText(check.title)
        self.title_label.setAccessibleName(check.title)
        if subject.kind == PERSON and check.audience == "teen":
            self.audience_label.setText(f"This question is written to {subject.name}. If {subject.name} is "
                                        "here, let them read it and answer, or go through it together.")
        elif subject.kind == DEVICE:
            kind = self.context.content.device_kinds.get(subject.device.kind) if subject.device else None
            self.audience_label.setText(f"About {subject.name}" + (f" ({kind.name})." if kind else "."))
        else:
            self.audience_label.setText("")
        self.audience_label.setVisible(bool(self.audience_label.text()))
        self.why_label.setText(check.why)
        guides = check.guides_for(subject.used)
        self.guide_steps.show_guides(guides, guide_names(self.context.content, subject.region))
        self.steps_title.setVisible(bool(guides))
        self.question_label.setText(check.question)
        self.question_label.setAccessibleName(check.question)

        keys = answer_keys(check)
        self.choices.set_choices([label for label, _key, _status in keys], name=check.question)
        answer = self._saved_answer(check)
        self.saved_label.setText(saved_note(check, answer, time.time()))
        self.saved_label.setVisible(bool(self.saved_label.text()))
        self.choices.set_checked(self._chosen.get(check.id, previous_choice(check, answer)))
        # Tab goes down the page as it reads: the official links, the answers, then the buttons left to right.
        chain = [*self.guide_steps.links, *self.choices.buttons, self.stop_button, self.back_button, self.skip_button,
                 self.next_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.stack.setCurrentIndex(1)
        self.question_scroll.verticalScrollBar().setValue(0)
        self._update_buttons()
        self.choices.focus_answer()

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self.index > 0)
        chosen = self.choices.checked() is not None
        self.next_button.setEnabled(chosen)
        last = self.index == len(self.todo) - 1
        self.next_button.setText("&Finish" if last else "Ne&xt")
        self.next_button.setToolTip("Save the answer and finish (Enter)" if last else
                                    "Save the answer and go to the next question (Enter)")
        if not chosen:
            self.next_button.setToolTip("Choose an answer first, or skip this question")

    def _commit(self) -> None:
        """Save the chosen answer if it is new, changed, or confirms one that had expired. The context's writer
        saves it (in order, off the main thread); the walk remembers the choice, so going back shows it at once."""
        check, subject = self.current, self.subject
        index = self.choices.checked()
        if check is None or subject is None or index is None:
            return
        self._chosen[check.id] = index
        _label, key, _status = answer_keys(check)[index]
        household = self.context.household
        self.context.save(lambda: give_answer(household, check, subject, key), name="save an answer")

    # -- moving -----------------------------------------------------------------------------------------------------
    def next(self) -> None:
        if self.current is None or self.choices.checked() is None:
            return
        self._commit()
        self._advance()

    def skip(self) -> None:
        if self.current is None:
            return
        self._advance()

    def back(self) -> None:
        if self.index <= 0:
            return
        self._commit()
        self.index -= 1
        self._show_question()

    def stop(self) -> None:
        """Stop for now: keep what is chosen on this page and go back; the next walk starts where this one left."""
        self._commit()
        self.stopped.emit()

    def _advance(self) -> None:
        if self.index + 1 < len(self.todo):
            self.index += 1
            self._show_question()
        else:
            self.context.after_saves(self._show_done)  # its summary counts the answer just given

    def _show_done(self, nothing_waiting: bool = False) -> None:
        assert self.subject is not None
        if nothing_waiting:
            self.done_title.setText(f"Nothing is waiting {self._for_line()}")
            self.done_text.setText("Every question is answered and up to date. You can go through them again "
                                   "to change an answer.")
        else:
            self.done_title.setText(f"That is everything {self._for_line()} for now")
            counts = counts_for(self.context.content, self.context.household, self.subject)
            self.done_text.setText(counts.after_walk(self.subject.name))
        self.done_title.setAccessibleName(self.done_title.text())
        self.progress_bar.setValue(len(self.todo))
        self.stack.setCurrentIndex(2)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keyboard ---------------------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on an answer (a radio button is not a push button) goes on to the next question."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.stack.currentIndex() == 1:
            if self.next_button.isEnabled():
                self.next_button.click()
            event.accept()
            return
        super().keyPressEvent(event)


__all__ = ["GuidedWalk"]
