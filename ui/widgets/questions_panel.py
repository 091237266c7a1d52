"""How far one person, the whole family or one device has got with their questions, and the questions themselves.

A card with the progress and the Start (or Continue) and Review buttons, then the questions with where each
stands. Pressing a button or opening a question asks for the step-by-step walk with a ``WalkRequest``; the page
that holds the panel opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor.guided import Subject
from auditor.plural import plural
from auditor.walk import Counts, QuestionRow
from ui.models.questions import QuestionsModel
from ui.models.roles import KEY_ROLE
from ui.style import card, heading, muted
from ui.widgets.reading import para


@dataclass(frozen=True)
class WalkRequest:
    """Which walk to open: for whom, everything again or only what is waiting, and at which question."""

    kind: str
    subject_id: int
    revisit: bool = False
    start_at: str = ""


class QuestionsPanel(QWidget):
    """How far a subject has got, Start / Continue and Review, and its questions (activate one to open it)."""

    walk_requested = Signal(object)  # a WalkRequest

    def __init__(self, noun: str, parent: QWidget | None = None, *, with_summary: bool = True) -> None:
        super().__init__(parent)
        self.noun = noun
        self.subject: Subject | None = None
        self.counts = Counts()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        frame, inner = card()
        self.summary = frame  # the progress and the buttons; a page may place it elsewhere
        self.progress_label = para("")
        self.progress_label.setAccessibleName("Progress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.setAccessibleName("Questions answered")
        buttons = QHBoxLayout()
        self.start_button = QPushButton("&Start")
        self.start_button.setAutoDefault(True)
        font = self.start_button.font()
        font.setBold(True)
        self.start_button.setFont(font)
        self.review_button = QPushButton("&Review all answers")
        self.review_button.setAutoDefault(True)
        self.review_button.setAccessibleName("Review all answers")
        self.review_button.setToolTip("Go through every question again, with the answers given so far")
        self.start_button.clicked.connect(self._start)
        self.review_button.clicked.connect(self._review)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        inner.addWidget(self.progress_label)
        inner.addWidget(self.progress_bar)
        inner.addLayout(buttons)
        if with_summary:
            layout.addWidget(frame)

        self.list_title = heading("Questions", 3)
        self.list_hint = muted(para("Open a question to see its steps or change the answer."))
        self.model = QuestionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Questions")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move within it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(220)
        self.table.activated.connect(self._open_question)
        self.table.doubleClicked.connect(self._open_question)
        layout.addWidget(self.list_title)
        layout.addWidget(self.list_hint)
        layout.addWidget(self.table, 1)

    def show_subject(self, subject: Subject | None, counts: Counts, rows: list[QuestionRow],
                     waiting_for_services: str = "") -> None:
        self.subject, self.counts = subject, counts
        name = subject.name if subject else ""
        if subject is None:
            self.progress_label.setText("")
        elif counts.needs_services:
            self.progress_label.setText(waiting_for_services or "Choose the apps first.")
        elif not counts.total:
            self.progress_label.setText(f"There are no questions {self.noun} yet.")
        elif not counts.waiting:
            self.progress_label.setText(f"All {counts.total} questions {self.noun} are answered and up to date."
                                        if counts.total > 1 else
                                        f"The one question {self.noun} is answered and up to date.")
        else:
            text = f"{counts.answered} of {plural(counts.total, 'question')} {self.noun} answered."
            if counts.todo:
                text += f" {counts.todo} to do."
            if counts.expired:
                text += f" {counts.expired} answered a while ago and need{'s' if counts.expired == 1 else ''} " \
                        "confirming."
            self.progress_label.setText(text)
        self.progress_bar.setRange(0, max(1, counts.total))
        self.progress_bar.setValue(counts.answered)
        self.progress_bar.setVisible(bool(counts.total) and not counts.needs_services)
        started = bool(counts.answered or counts.expired)
        if counts.needs_services:
            self.start_button.setText("&Start: choose the apps")
            self.start_button.setAccessibleName(f"Start: choose the apps {name} uses")
        else:
            self.start_button.setText("&Continue" if started else "&Start")
            self.start_button.setAccessibleName(f"{'Continue' if started else 'Start'} the questions {self.noun}")
        self.start_button.setToolTip("One question at a time, the ones that matter most first; you can stop at "
                                     "any question and carry on later")
        self.start_button.setEnabled(subject is not None and (counts.needs_services or counts.waiting > 0))
        self.review_button.setEnabled(subject is not None and counts.total > 0 and not counts.needs_services)
        self.model.set_rows([] if counts.needs_services else rows)
        show_list = subject is not None and not counts.needs_services and bool(rows)
        for widget in (self.list_title, self.list_hint, self.table):
            widget.setVisible(show_list)

    def _request(self, revisit: bool, start_at: str = "") -> None:
        if self.subject is not None:
            self.walk_requested.emit(WalkRequest(self.subject.kind, self.subject.id, revisit, start_at))

    def _start(self) -> None:
        self._request(False)

    def _review(self) -> None:
        self._request(True)

    def _open_question(self, index: QModelIndex) -> None:
        check_id = self.model.index(index.row(), 0).data(KEY_ROLE)
        if check_id:
            self._request(True, check_id)


__all__ = ["QuestionsPanel", "WalkRequest"]
