"""The household's people as a list: each person's nickname, age group and how far their questions have got.

Editing a row's name (F2, a double-click, or the Rename button) renames the person in the household at once.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon

from auditor.household import Household, HouseholdError, Person
from auditor.model import Status
from auditor.packs import Content
from auditor.walk import PERSON, Counts, Snapshot, counts_for, subject_for
from ui.models.base import ModelIndex, RowsModel
from ui.models.roles import COUNTS_ROLE
from ui.style import status_icon
from ui.widgets.reading import plain_tip

AGE_WORDS = {"under-13": "Under 13", "13-17": "13 to 17", "adult": "Adult"}
AGE_LIMIT = {"under-13": 12, "13-17": 17}  # the oldest age in each band, to compare with a service's minimum age


def age_words(band: str) -> str:
    return AGE_WORDS.get(band, band)


def progress_icon(counts: Counts) -> QIcon:
    """A badge for how far someone has got: done, part way, or not started (shape and colour both say it)."""
    if counts.needs_services or not counts.total:
        return status_icon(Status.UNKNOWN)
    if not counts.waiting:
        return status_icon(Status.PASS)
    return status_icon(Status.PARTIAL if counts.answered else Status.UNKNOWN)


def age_note(content: Content, person: Person) -> str:
    """A plain fact for parents: which ticked services set an older minimum age in their own rules."""
    limit = AGE_LIMIT.get(person.age_band)
    if limit is None:
        return ""
    older = sorted((s for s in (content.services.get(i) for i in person.services) if s and s.min_age > limit),
                   key=lambda s: s.name.casefold())
    if not older:
        return ""
    names = [s.name for s in older]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    ages = sorted({s.min_age for s in older})
    age = f"{ages[0]}" if len(ages) == 1 else f"{ages[0]} to {ages[-1]}"
    return (f"For reference: by their own rules, {listed} {'is' if len(names) == 1 else 'are'} for people aged {age} "
            "or older; some let a parent set up a supervised account for a younger child.")


class PersonRow(NamedTuple):
    person: Person
    counts: Counts


def person_rows(content: Content, snap: Snapshot, region: str) -> list[PersonRow]:
    rows = []
    for person in snap.people:
        subject = subject_for(snap, PERSON, person.id, region)
        rows.append(PersonRow(person, counts_for(content, snap, subject) if subject else Counts()))
    return rows


class PeopleModel(RowsModel[PersonRow]):
    """One row per person. ``renamed`` says a rename was saved; ``problem`` says, in words, why one was not."""

    HEADERS = ("Person",)
    problem = Signal(str)
    renamed = Signal(int)  # the person's id

    def __init__(self, household: Household, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.household = household

    def key_of(self, item: PersonRow) -> int:
        return item.person.id

    def person_at(self, row: int) -> Person | None:
        item = self.item_at(row)
        return item.person if item else None

    def cell(self, item: PersonRow, column: int, role: int) -> Any:
        person, counts = item
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{person.nickname}\n{age_words(person.age_band)} \u00b7 {counts.summary()}"
        if role == Qt.ItemDataRole.EditRole:
            return person.nickname
        if role == Qt.ItemDataRole.DecorationRole:
            return progress_icon(counts)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{person.nickname}, {age_words(person.age_band).lower()}: {counts.summary()}"
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == COUNTS_ROLE:
            return counts
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | (Qt.ItemFlag.ItemIsEditable if index.isValid() else Qt.ItemFlag.NoItemFlags)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or item is None or str(value) == item.person.nickname:
            return False
        try:
            renamed = self.household.rename_person(item.person, str(value))
        except HouseholdError as exc:
            self.problem.emit(f"The name was not changed: {exc}.")
            return False
        self.replace_at(index.row(), PersonRow(renamed, item.counts))
        self.renamed.emit(renamed.id)
        return True


__all__ = ["AGE_WORDS", "PeopleModel", "PersonRow", "age_note", "age_words", "person_rows", "progress_icon"]
