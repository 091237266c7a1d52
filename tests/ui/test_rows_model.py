"""The one base every list and table model is built on: a valid Qt item model whatever it holds, rows found again
by key, rows added or updated one at a time, and custom roles that never share a number."""

from dataclasses import dataclass

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt

from auditor.notes import Note
from auditor.store import RunSummary
from ui.models.base import RowsModel
from ui.models.notes import NotesModel
from ui.models.roles import ALL_ROLES, ITEM_ROLE, KEY_ROLE
from ui.models.runs import RunsModel


@dataclass(frozen=True)
class Pet:
    name: str
    legs: int


class PetsModel(RowsModel[Pet]):
    HEADERS = ("Name", "Legs")
    RIGHT_ALIGNED = frozenset({1})

    def key_of(self, item: Pet) -> str:
        return item.name

    def cell(self, item: Pet, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name if column == 0 else str(item.legs)
        return None


PETS = [Pet("Rex", 4), Pet("Polly", 2), Pet("Nemo", 0)]


def test_an_empty_and_a_filled_model_pass_the_model_tester(qtbot, qtmodeltester):
    model = PetsModel()
    qtmodeltester.check(model)
    model.set_rows(PETS)
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == 2
    assert model.rowCount(model.index(0, 0)) == 0  # a flat list: no row has children
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Legs"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole) == "Legs"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(5, Qt.Orientation.Horizontal) is None
    assert model.index(2, 1).data() == "0"
    align = Qt.ItemDataRole.TextAlignmentRole
    right = model.headerData(1, Qt.Orientation.Horizontal, align)
    assert right is not None and model.index(2, 1).data(align) == right  # numbers line up with their heading
    assert model.index(2, 0).data(align) is None and model.headerData(0, Qt.Orientation.Horizontal, align) is None
    assert model.data(QModelIndex()) is None and model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_every_row_hands_views_its_item_and_its_key(qtbot):
    model = PetsModel()
    model.set_rows(PETS)
    assert model.index(1, 1).data(ITEM_ROLE) == Pet("Polly", 2)
    assert model.index(1, 0).data(KEY_ROLE) == "Polly"
    assert model.item_at(2) == Pet("Nemo", 0) and model.item_at(3) is None and model.item_at(-1) is None
    assert model.row_of("Nemo") == 2 and model.row_of("Tom") == -1
    assert model.rows() == PETS


def test_rows_are_replaced_at_once_and_a_repeated_key_keeps_one_row(qtbot, qtmodeltester):
    model = PetsModel()
    qtmodeltester.check(model)
    resets = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_rows([*PETS, Pet("Rex", 3)])
    assert resets == [3] and model.item_at(0) == Pet("Rex", 3)  # the later Rex took the earlier one's row
    model.clear()
    assert resets == [3, 0] and model.row_of("Rex") == -1


def test_put_adds_a_row_or_updates_the_row_with_the_same_key(qtbot, qtmodeltester):
    model = PetsModel()
    qtmodeltester.check(model)  # watches every signal while rows change
    inserted, changed = [], []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.dataChanged.connect(lambda top_left, bottom_right: changed.append(
        ((top_left.row(), top_left.column()), (bottom_right.row(), bottom_right.column()))))
    for pet in PETS:
        model.put(pet)
    assert inserted == [(0, 0), (1, 1), (2, 2)]
    assert model.put(Pet("Polly", 1)) == 1
    assert model.rowCount() == 3 and changed == [((1, 0), (1, 1))] and model.index(1, 1).data() == "1"

    model.replace_at(0, Pet("Rexy", 4))  # a rename: a new key in the same row, without a reset
    assert model.row_of("Rexy") == 0 and model.row_of("Rex") == -1 and changed[-1] == ((0, 0), (0, 1))


def test_the_runs_and_notes_models_are_valid_and_keep_their_order(qtbot, qtmodeltester):
    def run(run_id: int, started: float) -> RunSummary:
        return RunSummary(run_id, started, started + 5, "laptop", "linux", 80.0, 0.5, 60.0, 90.0, 0, False, {})

    runs = RunsModel()
    runs.set_rows([run(1, 100.0), run(3, 300.0), run(2, 200.0)])
    qtmodeltester.check(runs)
    assert [runs.index(row, 0).data(KEY_ROLE) for row in range(3)] == [3, 2, 1]  # newest first
    assert runs.index(0, RunsModel.COL_CHECKED).data() == "50%"

    notes = NotesModel()
    notes.set_rows([Note(7, 1_790_000_000.0, 1_790_000_000.0, {"where": "Instagram"}), Note(9, 1.0, 1.0, {})])
    qtmodeltester.check(notes)
    assert notes.index(0, 0).data().startswith("Note 1 \u00b7 Instagram")
    assert notes.index(1, 0).data().startswith("Note 2 \u00b7 ")
    assert notes.index(1, 0).data(ITEM_ROLE).id == 9 and notes.row_of(9) == 1


def test_every_custom_role_has_its_own_number_above_qts_own():
    assert len(set(ALL_ROLES)) == len(ALL_ROLES)
    assert all(role > int(Qt.ItemDataRole.UserRole) for role in ALL_ROLES)
