"""The step-by-step walk through the guided questions, one question per page, as the terminal walk asks them.

It is a widget inside the People and accounts page, not a page of its own. The order and the choice of questions
mirror auditor/terminal_guide.py: only what applies to this person (or the household, or this device), the
questions that matter most first, and, unless everything is to be reviewed, only what is unanswered, skipped or
out of date. Every answer is saved the moment the person moves on, with the same answer and status the terminal
walk records ("Skip" saves nothing), so the walk can be left at any question and resumed later.

The top of this module is Qt-free bookkeeping (what to ask, how far someone has got) that the People page uses
for its counts too; below it are the widgets: a radio list whose long answers wrap, the picker of apps and
services, and the walk itself.
"""

from __future__ import annotations

import html
import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.guided import DAY, describe_answer, status_of, subjects
from auditor.household import Answer, Device, Household, Person
from auditor.model import Status
from auditor.packs import Content, GuidedCheck, Service
from auditor.scoring import WEIGHTS
from auditor.terminal_guide import pending
from ui.context import AppContext
from ui.style import button as make_button
from ui.style import card, clear_layout, heading, muted, plain_label

# -- what to ask, and how far someone has got (Qt-free) -----------------------------------------------------------

PERSON, HOUSEHOLD, DEVICE = "person", "household", "device"

# The order and headings of the service groups in the picker: the accounts that sign in to everything else first.
KIND_TITLES = {
    "account": "Main accounts (they sign in to everything else)",
    "email": "Email",
    "social": "Social media",
    "messaging": "Messaging",
    "video": "Video",
    "gaming": "Games and consoles",
}

READING_WIDTH = 920  # pixels: the widest a page of questions and steps gets, so lines stay easy to read
TODO, EXPIRED, NOT_SURE, ANSWERED = "todo", "expired", "not_sure", "answered"
STATE_WORDS = {TODO: "To do", EXPIRED: "Needs confirming", NOT_SURE: "Not sure yet", ANSWERED: "Answered"}


@dataclass(frozen=True)
class Subject:
    """Who or what a walk is about: a person, the household as a whole, or one of the family's devices."""

    kind: str
    id: int
    name: str
    used: tuple[str, ...] = ()  # the services (or device kind) and region that pick the right steps
    services_chosen: bool = True


@dataclass(frozen=True)
class Counts:
    """How far a subject has got with its questions, in the words the page shows."""

    answered: int = 0  # answered and up to date (including "not sure")
    not_sure: int = 0
    todo: int = 0  # never answered, or skipped
    expired: int = 0  # answered longer ago than the pack allows: needs confirming
    needs_services: bool = False  # a person who has not said which apps they use yet

    @property
    def total(self) -> int:
        return self.answered + self.todo + self.expired

    @property
    def waiting(self) -> int:
        return self.todo + self.expired

    def summary(self) -> str:
        if self.needs_services:
            return "Apps not chosen yet"
        if not self.total:
            return "No questions"
        if not self.waiting:
            return f"All {self.total} answered"
        parts = [f"{self.answered} of {self.total} answered"]
        if self.expired:
            parts.append(f"{self.expired} need{'s' if self.expired == 1 else ''} confirming")
        return " \u00b7 ".join(parts)


@dataclass(frozen=True)
class Snapshot:
    """The household at one moment, read from the store once, so a page can count everything from it quickly."""

    people: tuple[Person, ...]
    devices: tuple[Device, ...]
    reviewed: bool
    answers: dict[tuple[str, str, int], Answer]
    now: float

    @classmethod
    def of(cls, household: Household, now: float | None = None) -> Snapshot:
        return cls(tuple(household.people()), tuple(household.devices()), household.devices_reviewed(),
                   household.latest_answers(), time.time() if now is None else now)


def _snap(source: Household | Snapshot) -> Snapshot:
    return source if isinstance(source, Snapshot) else Snapshot.of(source)


def subject_for(source: Household | Snapshot, kind: str, subject_id: int, region: str = "") -> Subject | None:
    if kind == HOUSEHOLD:
        return Subject(HOUSEHOLD, 0, "the whole family")
    snap = _snap(source)
    if kind == DEVICE:
        device = next((d for d in snap.devices if d.id == subject_id), None)
        return Subject(DEVICE, device.id, device.name, (device.kind,)) if device else None
    person = next((p for p in snap.people if p.id == subject_id), None)
    if person is None:
        return None
    used = (*person.services, region) if region else person.services
    return Subject(PERSON, person.id, person.nickname, tuple(used), person.services_chosen)


def questions_for(content: Content, source: Household | Snapshot, subject: Subject) -> list[GuidedCheck]:
    """Every guided question that applies to the subject, the ones that matter most first (stable in pack order).

    For a person this is the terminal walk's choice: the checks asked per person whose audience fits and whose
    services (once chosen) they use. For the household, its own questions; for a device, those about its kind.
    """
    if subject.kind == HOUSEHOLD:
        found = [c for c in content.checks if c.asked == HOUSEHOLD]
    elif subject.kind == DEVICE:
        kind = subject.used[0] if subject.used else ""
        found = [c for c in content.checks if c.asked == DEVICE and kind in c.device_kinds]
    else:
        snap = _snap(source)
        person = [p for p in snap.people if p.id == subject.id]  # subjects() for this person alone
        found = []
        for check in content.checks:
            if check.asked != PERSON:
                continue
            for who, not_applicable in subjects(check, person, list(snap.devices), snap.reviewed):
                if who and who.kind == PERSON and who.id == subject.id and not not_applicable:
                    found.append(check)
    return sorted(found, key=lambda c: -WEIGHTS[c.severity])


def state_of(check: GuidedCheck, answer: Answer | None, now: float) -> str:
    """To do (never answered or skipped), needs confirming (too old), not sure, or answered."""
    if answer is None or answer.answer == "skip":
        return TODO
    if (now - answer.answered_at) / DAY > check.valid_days:
        return EXPIRED
    return NOT_SURE if answer.answer == "not_sure" else ANSWERED


def counts_for(content: Content, source: Household | Snapshot, subject: Subject) -> Counts:
    if subject.kind == PERSON and not subject.services_chosen:
        return Counts(needs_services=True)
    snap = _snap(source)
    tally = {TODO: 0, EXPIRED: 0, NOT_SURE: 0, ANSWERED: 0}
    for check in questions_for(content, snap, subject):
        tally[state_of(check, snap.answers.get((check.id, subject.kind, subject.id)), snap.now)] += 1
    return Counts(answered=tally[ANSWERED] + tally[NOT_SURE], not_sure=tally[NOT_SURE], todo=tally[TODO],
                  expired=tally[EXPIRED])


@dataclass(frozen=True)
class QuestionRow:
    """One question as the People page lists it: its state in words, and the status it gives in the score."""

    check: GuidedCheck
    state: str
    status: Status
    said: str  # what was answered ("Yes", a pack's own choice, "Not sure") or "" when nothing yet
    reason: str  # status_of's plain sentence


def question_rows(content: Content, source: Household | Snapshot, subject: Subject) -> list[QuestionRow]:
    snap = _snap(source)
    rows = []
    for check in questions_for(content, snap, subject):
        answer = snap.answers.get((check.id, subject.kind, subject.id))
        status, reason = status_of(check, answer, snap.now)
        state = state_of(check, answer, snap.now)
        said = describe_answer(check, answer).strip("\u201c\u201d") if answer and answer.answer != "skip" else ""
        rows.append(QuestionRow(check, state, status, said, reason))
    return rows


def walk_list(content: Content, source: Household | Snapshot, subject: Subject, revisit: bool) -> list[GuidedCheck]:
    """The questions a walk goes through: all of them when reviewing, else what is waiting (terminal's rule)."""
    snap = _snap(source)
    return [c for c in questions_for(content, snap, subject)
            if pending(c, subject.kind, subject.id, snap.answers, snap.now, revisit)]


def answer_keys(check: GuidedCheck) -> list[tuple[str, str, Status | None]]:
    """(label, stored answer, status) for each answer offered, as the terminal walk records them."""
    if check.choices:
        keys = [(c.label, f"choice:{i}", c.status) for i, c in enumerate(check.choices)]
    else:
        keys = [("Yes", "yes", Status.PASS), ("No", "no", Status.FAIL)]
    return [*keys, ("Not sure", "not_sure", None)]


def service_groups(content: Content) -> list[tuple[str, list[Service]]]:
    kinds = sorted({s.kind for s in content.services.values()},
                   key=lambda k: (list(KIND_TITLES).index(k) if k in KIND_TITLES else len(KIND_TITLES), k))
    return [(KIND_TITLES.get(kind, kind.capitalize()),
             sorted((s for s in content.services.values() if s.kind == kind), key=lambda s: s.name.casefold()))
            for kind in kinds]


# -- widgets shared by the walk, the People page and the quiz ------------------------------------------------------

def plain_tip(text: str) -> str:
    """A tooltip that shows its text exactly: Qt guesses whether a tooltip is HTML, so names like "<b>Jo</b>"
    are escaped and the tip marked as rich text, which shows the escaped characters as themselves."""
    return f"<qt>{html.escape(text)}</qt>" if text else ""


def para(text: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A plain-text paragraph that sits at the top of the space it is given (a QLabel centres it by default)."""
    label = plain_label(text, wrap=wrap, selectable=selectable)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)


class ChoiceList(QWidget):
    """Radio buttons whose answers wrap onto several lines (a QRadioButton's own text never wraps).

    Each answer is a radio button (named for screen readers with the whole answer) beside a plain-text label that
    wraps and can be clicked too. The buttons share one parent, so the arrow keys move between them as usual.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._box: QWidget | None = None
        self._group: QButtonGroup | None = None
        self.buttons: list[QRadioButton] = []
        self.labels: list[QLabel] = []

    def set_choices(self, labels: Iterable[str], name: str = "") -> None:
        if self._box is not None:
            # Hidden, not orphaned: setParent(None) would make it a window of its own, which the "show" Qt queues
            # for widgets added to a layout could still pop up (taking the keyboard focus from the main window).
            self._box.hide()
            self._layout.removeWidget(self._box)
            self._box.deleteLater()
        self._box = QWidget(self)
        grid = QGridLayout(self._box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self._group = QButtonGroup(self._box)
        self._group.setExclusive(True)
        self.buttons, self.labels = [], []
        for index, text in enumerate(labels):
            button = QRadioButton(self._box)
            button.setAccessibleName(text)
            button.setToolTip(plain_tip(text))
            label = _ClickableLabel(self._box)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(text)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            policy.setHeightForWidth(True)  # so the list is as tall as its wrapped answers, no taller
            label.setSizePolicy(policy)
            label.clicked.connect(button.click)
            label.clicked.connect(lambda b=button: b.setFocus(Qt.FocusReason.MouseFocusReason))
            self._group.addButton(button, index)
            grid.addWidget(button, index, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, index, 1)
            self.buttons.append(button)
            self.labels.append(label)
        self._group.idClicked.connect(self.chosen.emit)
        self._box.setAccessibleName(name)
        self.setAccessibleName(name)
        self._layout.addWidget(self._box)
        self._box.show()  # now, not on the next turn of the event loop: the focus goes to it straight away

    def checked(self) -> int | None:
        if self._group is None or self._group.checkedId() < 0:
            return None
        return self._group.checkedId()

    def set_checked(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)

    def set_locked(self, locked: bool) -> None:
        """Stop the answer being changed; the answers stay easy to read (only the round buttons grey out)."""
        for button in self.buttons:
            button.setEnabled(not locked)

    def mark(self, index: int, note: str, bold: bool = False) -> None:
        """Add a note after an answer ("the right answer"), in words rather than colour alone."""
        if 0 <= index < len(self.labels):
            label = self.labels[index]
            label.setText(f"{self.buttons[index].accessibleName()}  \u2014 {note}")
            self.buttons[index].setAccessibleDescription(note)
            if bold:
                font = label.font()
                font.setBold(True)
                label.setFont(font)

    def focus_answer(self) -> None:
        """Put the keyboard on the chosen answer, or the first one."""
        index = self.checked()
        if self.buttons:
            self.buttons[index if index is not None else 0].setFocus(Qt.FocusReason.OtherFocusReason)


class ServicePicker(QWidget):
    """Tick boxes for every app, game and account the packs know, grouped by kind.

    The boxes flow into as many columns as fit (one to three), so nothing is cut off in a narrow window.
    """

    changed = Signal()  # the person ticked or unticked something

    def __init__(self, content: Content, parent: QWidget | None = None, max_columns: int = 3) -> None:
        super().__init__(parent)
        self.setAccessibleName("Apps, games and accounts")
        self.max_columns = max_columns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # narrower than three columns is fine
        self.boxes: dict[str, QCheckBox] = {}
        self._grids: list[tuple[QGridLayout, list[QCheckBox]]] = []
        for title, services in service_groups(content):
            group = QGroupBox(title, self)
            group.setAccessibleName(title)
            grid = QGridLayout(group)
            grid.setHorizontalSpacing(16)
            boxes = []
            for service in services:
                box = QCheckBox(service.name, group)
                box.setAccessibleName(service.name)
                if service.min_age:
                    tip = (f"{service.name}'s own rules say {service.min_age} or older for an ordinary account "
                           "(a higher age in some countries).")
                else:
                    tip = f"{service.name} sets no minimum age of its own."
                box.setToolTip(tip)
                box.setAccessibleDescription(tip)
                box.toggled.connect(self.changed)
                self.boxes[service.id] = box
                boxes.append(box)
            self._grids.append((grid, boxes))
            layout.addWidget(group)
        widest = max((box.sizeHint().width() for box in self.boxes.values()), default=120)
        self.column_width = widest + 28
        self._columns = 0
        self._reflow(max_columns)

    def _reflow(self, columns: int) -> None:
        """Lay the boxes out in this many columns, keeping their order (and so the Tab order) row by row."""
        if columns == self._columns:
            return
        self._columns = columns
        for grid, boxes in self._grids:
            for box in boxes:
                grid.removeWidget(box)
            for number, box in enumerate(boxes):
                grid.addWidget(box, number // columns, number % columns)
            for column in range(self.max_columns):
                grid.setColumnStretch(column, 1 if column < columns else 0)
            grid.activate()  # the group's new height now, not a few event-loop turns later
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(max(1, min(self.max_columns, event.size().width() // max(1, self.column_width))))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.column_width + 32), hint.height())

    def set_selected(self, service_ids: Iterable[str]) -> None:
        chosen = set(service_ids)
        for service_id, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(service_id in chosen)
            box.blockSignals(False)

    def selected(self) -> list[str]:
        return [service_id for service_id, box in self.boxes.items() if box.isChecked()]


def numbered_steps(steps: Iterable[str], parent: QWidget | None = None) -> QWidget:
    """Steps as a numbered list with a hanging indent, each step wrapping on its own."""
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(8)
    grid.setVerticalSpacing(6)
    grid.setColumnStretch(1, 1)
    for row, step in enumerate(steps):
        number = para(f"{row + 1}.", wrap=False)
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        text = para(step, selectable=True)
        text.setAccessibleName(f"Step {row + 1}: {step}")
        grid.addWidget(number, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, row, 1)
    return box


def scroll_area(inner: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """A frameless vertical scroll area whose content wraps to its width and scrolls only when it must.

    The content's height is taken from its height-for-width (wrapped text at the real width), not from its
    minimum size hint, which for wrapped labels assumes a narrow column and would show a needless scroll bar.
    """
    inner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    return scroll



def _button(text: str, name: str, tip: str = "") -> QPushButton:
    return make_button(text, name, tip=tip, auto_default=True)  # Enter on a focused button presses it, like Space


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
        self.links: list[QPushButton] = []
        self.todo: list[GuidedCheck] = []
        self.index = 0
        self.revisit = False
        self.saved_count = 0
        self.skipped_count = 0

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
    def _scroll(self, inner: QWidget) -> QScrollArea:
        return scroll_area(inner, self)

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
        layout.addWidget(self._scroll(inner), 1)
        layout.addLayout(buttons)
        self.stack.addWidget(page)

    def _build_question_step(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.progress_label = para("", wrap=True)
        self.progress_label.setAccessibleName("Progress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.setAccessibleName("Questions done")
        top.addWidget(self.progress_label, 1)
        top.addWidget(self.progress_bar, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)

        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 4, 12, 8)
        self.body.setSpacing(10)
        self.title_label = heading("", 2)
        self.audience_label = muted(para(""))
        self.why_label = para("", selectable=True)
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(8)
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
        self.body.addLayout(self.steps_box)
        self.body.addSpacing(6)
        question_card, question = card(inner)
        question_card.setAccessibleName("The question")
        question.addWidget(self.question_label)
        question.addWidget(self.saved_label)
        question.addWidget(self.choices)
        question.addWidget(self.keys_hint)
        self.body.addWidget(question_card)
        self.body.addStretch(1)
        self.question_scroll = self._scroll(inner)
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
    def _region(self) -> str:
        region = self.context.region()
        return region.id if region else ""

    def start(self, kind: str, subject_id: int = 0, *, revisit: bool = False, start_at: str = "") -> bool:
        """Begin a walk. ``start_at`` (a check id) opens the whole list at that question. False if the subject is
        gone."""
        subject = subject_for(self.context.household, kind, subject_id, self._region())
        if subject is None:
            return False
        self.subject = subject
        self.saved_count = self.skipped_count = 0
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
        self.context.household.set_services(person, self.picker.selected())
        self.context.notify_changed()
        self.subject = subject_for(self.context.household, PERSON, person.id, self._region())
        self._begin(revisit=False)

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
            kind = self.context.content.device_kinds.get(subject.used[0]) if subject.used else None
            self.audience_label.setText(f"About {subject.name}" + (f" ({kind.name})." if kind else "."))
        else:
            self.audience_label.setText("")
        self.audience_label.setVisible(bool(self.audience_label.text()))
        self.why_label.setText(check.why)
        self._fill_steps(check, subject)
        self.question_label.setText(check.question)
        self.question_label.setAccessibleName(check.question)

        keys = answer_keys(check)
        self.choices.set_choices([label for label, _key, _status in keys], name=check.question)
        answer = self._saved_answer(check)
        state = state_of(check, answer, time.time())
        _status, reason = status_of(check, answer, time.time())
        if state == EXPIRED:
            self.saved_label.setText(f"Needs confirming. {reason} If it is, choose the same answer again.")
        elif state in (ANSWERED, NOT_SURE):
            self.saved_label.setText(f"Saved before: {reason}")
        else:
            self.saved_label.setText("")
        self.saved_label.setVisible(bool(self.saved_label.text()))
        if answer is not None:
            stored = [key for _label, key, _status in keys]
            if answer.answer in stored:
                self.choices.set_checked(stored.index(answer.answer))
        # Tab goes down the page as it reads: the official links, the answers, then the buttons left to right.
        chain = [*self.links, *self.choices.buttons, self.stop_button, self.back_button, self.skip_button,
                 self.next_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.stack.setCurrentIndex(1)
        self.question_scroll.verticalScrollBar().setValue(0)
        self._update_buttons()
        self.choices.focus_answer()

    def _fill_steps(self, check: GuidedCheck, subject: Subject) -> None:
        clear_layout(self.steps_box)
        self.links: list[QPushButton] = []
        guides = check.guides_for(subject.used)
        names = {**{s.id: s.name for s in self.context.content.services.values()},
                 **{k.id: k.name for k in self.context.content.device_kinds.values()}}
        region = self.context.region()
        if region:
            names[region.id] = region.name
        for guide in guides:
            label = names.get(guide.for_, "")
            if len(guides) > 1 and label:
                title = heading(label, 3)
                self.steps_box.addWidget(title)
                title.show()
            steps = numbered_steps(guide.steps)
            self.steps_box.addWidget(steps)
            steps.show()
            if guide.link:
                host = QUrl(guide.link).host() or guide.link
                link = QPushButton(f"Open the official page ({host})")
                link.setAccessibleName(f"Open the official page on {host}")
                link.setToolTip(plain_tip(f"Opens {guide.link} in your web browser"))
                link.setAutoDefault(True)
                link.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
                link.clicked.connect(lambda _checked=False, url=guide.link: self.context.open_url(url))
                self.steps_box.addWidget(link)
                link.show()
                self.links.append(link)
        self.steps_title.setVisible(bool(guides))

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

    def _commit(self) -> bool:
        """Save the chosen answer if it is new, changed, or confirms one that had expired. True if saved."""
        check, subject = self.current, self.subject
        index = self.choices.checked()
        if check is None or subject is None or index is None:
            return False
        _label, key, status = answer_keys(check)[index]
        previous = self._saved_answer(check)
        if previous is not None and previous.answer == key and state_of(check, previous, time.time()) != EXPIRED:
            return False
        self.context.household.record_answer(check.id, subject.kind, subject.id, key, status)
        self.saved_count += 1
        self.context.notify_changed()
        return True

    # -- moving -----------------------------------------------------------------------------------------------------
    def next(self) -> None:
        if self.current is None or self.choices.checked() is None:
            return
        self._commit()
        self._advance()

    def skip(self) -> None:
        if self.current is None:
            return
        if self._saved_answer(self.current) is None:
            self.skipped_count += 1
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
            self._show_done()

    def _show_done(self, nothing_waiting: bool = False) -> None:
        assert self.subject is not None
        name = self.subject.name
        who = "the whole family" if self.subject.kind == HOUSEHOLD else name
        if nothing_waiting:
            self.done_title.setText(f"Nothing is waiting {self._for_line()}")
            self.done_text.setText("Every question is answered and up to date. You can go through them again "
                                   "to change an answer.")
        else:
            self.done_title.setText(f"That is everything {self._for_line()} for now")
            counts = counts_for(self.context.content, self.context.household, self.subject)
            text = f"{counts.answered} of {counts.total} questions about {who} are answered."
            if counts.waiting:
                text += (f" {counts.waiting} {'is' if counts.waiting == 1 else 'are'} still waiting; they will "
                         "come first next time.")
            if counts.not_sure:
                text += (" Where you were not sure, the steps show how to find out; it is fine to come back to "
                         "them.")
            text += " Every answer is saved and already counts in the score."
            self.done_text.setText(text)
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


__all__ = [
    "ANSWERED", "DEVICE", "EXPIRED", "HOUSEHOLD", "NOT_SURE", "PERSON", "STATE_WORDS", "TODO", "ChoiceList",
    "Counts", "GuidedWalk", "QuestionRow", "ServicePicker", "Snapshot", "Subject", "answer_keys", "counts_for",
    "numbered_steps", "para", "plain_tip", "question_rows", "questions_for", "scroll_area", "service_groups",
    "state_of", "subject_for", "walk_list",
]
