"""The chosen person on the People page: their name and age group, the apps they use, and their questions.

A pane of its own because it is one idea the page only places: the page (ui/pages/people.py) keeps the list of
people, adding and removing them, and the walk; this pane shows one person from the page's household snapshot and
saves each change to that person (age group, apps) the moment it is made, through ``context.save``. It does not
refresh itself afterwards: the ``data_changed`` that follows makes the window refresh the page, which shows the
person again from a new snapshot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from auditor.household import AGE_BANDS, Person
from auditor.walk import PERSON, Counts, Snapshot, counts_for, question_rows, subject_for
from ui.context import AppContext
from ui.models.people import age_note, age_words
from ui.style import button, heading, muted
from ui.widgets.questions_panel import QuestionsPanel
from ui.widgets.reading import para
from ui.widgets.services import ServicePicker


def region_id(context: AppContext) -> str:
    """The chosen region's id ("" for none): some questions and helplines differ by region."""
    region = context.region()
    return region.id if region else ""


def age_combo(name: str) -> QComboBox:
    """A box of the age groups in words, each holding its band; ``name`` is what a screen reader calls it."""
    combo = QComboBox()
    for band in AGE_BANDS:
        combo.addItem(age_words(band), band)
    combo.setAccessibleName(name)
    return combo


class PersonDetail(QWidget):
    """One person's age group, apps and questions. ``message`` carries a line for the page to show."""

    message = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.person: Person | None = None  # the person shown, as the page's latest snapshot had them

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 12, 8)
        self.title = heading("", 2)
        layout.addWidget(self.title)
        age_row = QHBoxLayout()
        age_label = QLabel("Ag&e group:")
        self.age = age_combo("Age group")
        self.age.activated.connect(self._age_chosen)
        age_label.setBuddy(self.age)
        age_row.addWidget(age_label)
        age_row.addWidget(self.age)
        age_row.addStretch(1)
        layout.addLayout(age_row)
        self.questions = QuestionsPanel("for this person", with_summary=False)
        self.apps_title = heading("Apps, games and accounts", 3)
        self.apps_hint = muted(para(""))
        self.none_button = button("Uses n&one of these", "Uses none of these apps", on_click=self._uses_none)
        self.picker = ServicePicker(context.content)
        self.picker.changed.connect(self._services_changed)
        self.age_note = muted(para(""))
        layout.addWidget(self.questions.summary)
        layout.addWidget(self.apps_title)
        layout.addWidget(self.apps_hint)
        layout.addWidget(self.none_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.picker)
        layout.addWidget(self.age_note)
        layout.addWidget(self.questions, 1)

    def show_person(self, person: Person | None, snap: Snapshot | None = None) -> None:
        """Show ``person`` as ``snap`` has them (read now when not given); None empties the questions."""
        self.person = person
        if person is None:
            self.questions.show_subject(None, Counts(), [])
            return
        content = self.context.content
        snap = snap or Snapshot.of(self.context.household)
        subject = subject_for(snap, PERSON, person.id, region_id(self.context))
        if subject is None:
            return
        name = person.nickname
        self.title.setText(name)
        self.title.setAccessibleName(name)
        self.age.setCurrentIndex(max(0, self.age.findData(person.age_band)))
        self.age.setAccessibleName(f"Age group of {name}")
        self.questions.noun = f"for {name}"
        self.questions.show_subject(subject, counts_for(content, snap, subject), question_rows(content, snap, subject),
                                    waiting_for_services=(
            f"First, tick the apps, games and accounts {name} uses below (or press \u201cUses none of these\u201d). "
            "Then the questions for them appear here."))
        self.questions.list_title.setText(f"{name}'s questions")
        self.apps_title.setText(f"Apps, games and accounts {name} uses")
        self.apps_hint.setText(
            f"Tick each one {name} uses; only those are asked about. Changes are saved as you tick."
            if person.services_chosen else
            f"{name} has not said which apps they use yet. Tick each one they use; only those will be asked about.")
        self.none_button.setVisible(not person.services_chosen)
        self.picker.set_selected(person.services)
        self.age_note.setText(age_note(content, person))
        self.age_note.setVisible(bool(self.age_note.text()))

    # -- changes, each saved at once -----------------------------------------------------------------------------
    def _age_chosen(self, _index: int) -> None:
        person, band = self.person, self.age.currentData()
        if person is None or band is None or band == person.age_band:
            return
        household = self.context.household
        self.context.save(lambda: household.set_age_band(person, band), name="change an age group")

    def _services_changed(self) -> None:
        person = self.person
        if person is None:
            return
        household, services = self.context.household, self.picker.selected()
        self.context.save(lambda: household.set_services(person, services), name="save the apps")

    def _uses_none(self) -> None:
        person = self.person
        if person is None:
            return
        household = self.context.household
        self.context.save(lambda: household.set_services(person, []), name="save the apps",
                          then=lambda _: self.message.emit(f"Saved: {person.nickname} uses none of these apps."))


__all__ = ["PersonDetail", "age_combo", "region_id"]
