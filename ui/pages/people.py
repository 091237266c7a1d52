"""People and accounts: who is in the family, which apps each person uses, the family's devices, and the walk
through the questions only people can answer.

Three tabs: the people (add, rename, remove; their age band and apps; how far each has got, with Start or
Continue), the questions for the whole family, and the family's phones, tablets and consoles. Starting a walk
swaps the tabs for the step-by-step walk (ui/pages/guided_walk.py); "Stop for now" brings them back. Every change
is saved at once and announced with ``context.notify_changed()`` so the Overview's score follows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.household import AGE_BANDS, Device, HouseholdError, Person
from auditor.model import Status
from auditor.packs import Content
from ui.context import AppContext
from ui.pages import Page
from ui.pages.guided_walk import (
    DEVICE,
    EXPIRED,
    HOUSEHOLD,
    NOT_SURE,
    PERSON,
    STATE_WORDS,
    TODO,
    Counts,
    GuidedWalk,
    QuestionRow,
    ServicePicker,
    Snapshot,
    Subject,
    counts_for,
    para,
    plain_tip,
    question_rows,
    scroll_area,
    subject_for,
)
from ui.style import button, card, heading, muted, status_icon

ModelIndex = QModelIndex | QPersistentModelIndex
AGE_WORDS = {"under-13": "Under 13", "13-17": "13 to 17", "adult": "Adult"}
AGE_LIMIT = {"under-13": 12, "13-17": 17}  # the oldest age in each band, to compare with a service's minimum age
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the person's, device's or check's id
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 2  # a Counts for people and devices
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # for questions: todo / expired / not_sure / answered


def ask_confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone. Tests replace this function."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is yes





def progress_icon(counts: Counts) -> QIcon:
    """A badge for how far someone has got: done, part way, or not started (shape and colour both say it)."""
    if counts.needs_services or not counts.total:
        return status_icon(Status.UNKNOWN)
    if not counts.waiting:
        return status_icon(Status.PASS)
    return status_icon(Status.PARTIAL if counts.answered else Status.UNKNOWN)


# -- models ----------------------------------------------------------------------------------------------------------

class PeopleModel(QAbstractListModel):
    """The household's people. Editing a name (F2, double-click, or Rename) renames the person."""

    problem = Signal(str)  # a rename that could not be done, in words for the person
    renamed = Signal(int)

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[tuple[Person, Counts]] = []

    def reload(self, snap: Snapshot | None = None) -> None:
        snap = snap or Snapshot.of(self.context.household)
        content, region = self.context.content, _region_id(self.context)
        rows = []
        for person in snap.people:
            subject = subject_for(snap, PERSON, person.id, region)
            rows.append((person, counts_for(content, snap, subject) if subject else Counts()))
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        person, counts = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{person.nickname}\n{AGE_WORDS.get(person.age_band, person.age_band)} \u00b7 {counts.summary()}"
        if role == Qt.ItemDataRole.EditRole:
            return person.nickname
        if role == Qt.ItemDataRole.DecorationRole:
            return progress_icon(counts)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{person.nickname}, {AGE_WORDS.get(person.age_band, person.age_band).lower()}: {counts.summary()}"
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == ID_ROLE:
            return person.id
        if role == COUNTS_ROLE:
            return counts
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: ModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return False
        person, counts = self.rows[index.row()]
        if str(value) == person.nickname:
            return False
        try:
            renamed = self.context.household.rename_person(person, str(value))
        except HouseholdError as exc:
            self.problem.emit(f"The name was not changed: {exc}.")
            return False
        self.rows[index.row()] = (renamed, counts)
        self.dataChanged.emit(index, index)
        self.renamed.emit(renamed.id)
        # Tell the other pages once the editor has closed, not from inside the view's commit.
        QTimer.singleShot(0, self.context.notify_changed)
        return True

    def person_at(self, row: int) -> Person | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, person_id: int) -> int:
        return next((row for row, (p, _c) in enumerate(self.rows) if p.id == person_id), -1)


class DevicesModel(QAbstractTableModel):
    """The family's phones, tablets and consoles: name, kind, whose it is, and how far its questions have got."""

    HEADERS = ("Device", "Kind", "Belongs to", "Questions")

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[tuple[Device, str, str, Counts]] = []

    def reload(self, snap: Snapshot | None = None) -> None:
        snap = snap or Snapshot.of(self.context.household)
        content = self.context.content
        people = {p.id: p.nickname for p in snap.people}
        rows = []
        for device in snap.devices:
            kind = content.device_kinds.get(device.kind)
            owner = people.get(device.person_id, "") if device.person_id is not None else ""
            subject = subject_for(snap, DEVICE, device.id)
            counts = counts_for(content, snap, subject) if subject else Counts()
            rows.append((device, kind.name if kind else device.kind, owner, counts))
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        device, kind, owner, counts = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (device.name, kind, owner or "Shared", counts.summary())[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return progress_icon(counts)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{device.name}, {kind}, {'belongs to ' + owner if owner else 'shared'}: {counts.summary()}"
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == ID_ROLE:
            return device.id
        if role == COUNTS_ROLE:
            return counts
        return None

    def device_at(self, row: int) -> Device | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, device_id: int) -> int:
        return next((row for row, r in enumerate(self.rows) if r[0].id == device_id), -1)


class QuestionsModel(QAbstractTableModel):
    """One subject's questions with where each stands: to do, needs confirming, not sure, or the answer given."""

    HEADERS = ("Question", "Answer")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[QuestionRow] = []

    def set_rows(self, rows: list[QuestionRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    @staticmethod
    def answer_text(row: QuestionRow) -> str:
        if row.state == TODO:
            return STATE_WORDS[TODO]
        if row.state == EXPIRED:
            return f"{STATE_WORDS[EXPIRED]} ({row.said})" if row.said else STATE_WORDS[EXPIRED]
        if row.state == NOT_SURE:
            return STATE_WORDS[NOT_SURE]
        return row.said

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.check.title if index.column() == 0 else self.answer_text(row)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(row.reason)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.check.title}: {self.answer_text(row)}"
        if role == ID_ROLE:
            return row.check.id
        if role == STATE_ROLE:
            return row.state
        return None


def _region_id(context: AppContext) -> str:
    region = context.region()
    return region.id if region else ""


# -- the parts of the page ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WalkRequest:
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
            self.progress_label.setText(f"All {counts.total} questions {self.noun} are answered and up to date.")
        else:
            text = f"{counts.answered} of {counts.total} questions {self.noun} answered."
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
        check_id = self.model.data(self.model.index(index.row(), 0), ID_ROLE)
        if check_id:
            self._request(True, check_id)


def _age_combo(name: str) -> QComboBox:
    combo = QComboBox()
    for band in AGE_BANDS:
        combo.addItem(AGE_WORDS.get(band, band), band)
    combo.setAccessibleName(name)
    return combo


class PeoplePage(Page):
    page_id = "people"
    title = "People and accounts"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._stale = False
        self._selected_person: int | None = None
        self._selected_device: int | None = None
        self._return_to: tuple[int, QWidget] | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 16)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)

        home = QWidget()
        home_layout = QVBoxLayout(home)
        home_layout.setContentsMargins(0, 0, 0, 0)
        home_layout.addWidget(heading(self.title))
        intro = muted(para(
            "Some advice can only be checked by asking: two-step sign-in on each account, who can message a child "
            "in each app, whether the family has talked. Add the people in your family, tick the apps each person "
            "uses, then go through their questions together. Everything stays on this computer."))
        home_layout.addWidget(intro)
        self.message = para("")
        self.message.setAccessibleName("Message")
        self.message.setVisible(False)
        home_layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("People, family and devices")
        self.tabs.addTab(self._build_people_tab(), "&People")
        self.tabs.addTab(self._build_household_tab(), "The &whole family")
        self.tabs.addTab(self._build_devices_tab(), "Phones, &tablets and consoles")
        home_layout.addWidget(self.tabs, 1)
        self.stack.addWidget(home)

        self.walk = GuidedWalk(context)
        self.walk.stopped.connect(self.end_walk)
        self.stack.addWidget(self.walk)

        self._generation = 0  # how many data changes this page has heard of
        self._refreshed = (-1, 0.0)  # the generation last shown, and when
        context.data_changed.connect(self._data_changed)
        self.refresh()

    # -- building -----------------------------------------------------------------------------------------------------
    def _build_people_tab(self) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)

        left = QVBoxLayout()
        self.people_model = PeopleModel(self.context, self)
        self.people_model.problem.connect(self.say)
        self.people_model.renamed.connect(lambda _pid: self.say(""))
        self.people_view = QListView()
        self.people_view.setModel(self.people_model)
        self.people_view.setAccessibleName("People in the family")
        self.people_view.setWordWrap(True)
        self.people_view.setSpacing(2)
        self.people_view.setUniformItemSizes(False)
        self.people_view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed |
                                         QAbstractItemView.EditTrigger.DoubleClicked)
        self.people_view.setToolTip("Double-click a name, or press F2, to rename")
        self.people_view.selectionModel().currentChanged.connect(self._person_changed)
        left.addWidget(self.people_view, 1)

        row = QHBoxLayout()
        self.rename_button = button("Re&name", "Rename the selected person",
                                    tip="Change the nickname (F2 in the list)", on_click=self.rename_selected)
        self.remove_button = button("Re&move\u2026", "Remove the selected person",
                                    tip="Remove this person and their answers from this computer",
                                    on_click=self.remove_selected)
        row.addWidget(self.rename_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        left.addLayout(row)

        add_frame, add = card()
        add.addWidget(heading("Add someone", 3))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("A nickname, like Sam")
        self.name_edit.setAccessibleName("Nickname of the person to add")
        self.name_edit.setMaxLength(40)
        self.name_edit.returnPressed.connect(self.add_person)
        self.age_edit = _age_combo("Age of the person to add")
        self.age_edit.setPlaceholderText("Choose\u2026")
        self.age_edit.setCurrentIndex(-1)
        form.addRow("Nic&kname:", self.name_edit)
        form.addRow("A&ge group:", self.age_edit)
        for field in (self.name_edit, self.age_edit):
            label = form.labelForField(field)
            if label is not None:
                label.setBuddy(field)
        add.addLayout(form)
        self.add_button = button("&Add", "Add this person", on_click=self.add_person, auto_default=True)
        add.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        left.addWidget(add_frame)

        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(230)
        left_box.setMaximumWidth(300)
        layout.addWidget(left_box)

        self.person_stack = QStackedWidget()
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addWidget(heading("Nobody has been added yet", 2))
        empty_layout.addWidget(para(
            "Start with the people who use this computer and the family's phones: a nickname and an age group are "
            "enough. Grown-ups are asked about their own accounts and about the family; children and teenagers "
            "get questions written for them."))
        empty_layout.addStretch(1)
        self.person_stack.addWidget(empty)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 12, 8)
        self.person_title = heading("", 2)
        detail_layout.addWidget(self.person_title)
        age_row = QHBoxLayout()
        age_label = QLabel("Ag&e group:")
        self.person_age = _age_combo("Age group")
        self.person_age.activated.connect(self._age_chosen)
        age_label.setBuddy(self.person_age)
        age_row.addWidget(age_label)
        age_row.addWidget(self.person_age)
        age_row.addStretch(1)
        detail_layout.addLayout(age_row)
        self.person_panel = QuestionsPanel("for this person", with_summary=False)
        self.person_panel.walk_requested.connect(self._walk_from_panel)
        self.apps_title = heading("Apps, games and accounts", 3)
        self.apps_hint = muted(para(""))
        self.none_button = button("Uses n&one of these", "Uses none of these apps", on_click=self._uses_none)
        self.picker = ServicePicker(self.context.content)
        self.picker.changed.connect(self._services_changed)
        self.age_note = muted(para(""))
        detail_layout.addWidget(self.person_panel.summary)
        detail_layout.addWidget(self.apps_title)
        detail_layout.addWidget(self.apps_hint)
        detail_layout.addWidget(self.none_button, 0, Qt.AlignmentFlag.AlignLeft)
        detail_layout.addWidget(self.picker)
        detail_layout.addWidget(self.age_note)
        detail_layout.addWidget(self.person_panel, 1)
        self.person_stack.addWidget(scroll_area(detail))
        layout.addWidget(self.person_stack, 1)
        return tab

    def _build_household_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(para(
            "A few questions for the parents or carers about the family as a whole: the talks you have had and the "
            "promises you have made. They are asked once for everyone."))
        self.household_panel = QuestionsPanel("about the whole family")
        self.household_panel.walk_requested.connect(self._walk_from_panel)
        layout.addWidget(self.household_panel, 1)
        return tab

    def _build_devices_tab(self) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)
        left = QVBoxLayout()
        left.addWidget(para(
            "Add the family's phones, tablets and games consoles with a name you will recognise, like "
            "\u201cSam's iPhone\u201d. Each one gets a few questions about its own settings."))
        self.devices_model = DevicesModel(self.context, self)
        self.devices_view = QTableView()
        self.devices_view.setModel(self.devices_model)
        self.devices_view.setAccessibleName("The family's devices")
        self.devices_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.devices_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.devices_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices_view.verticalHeader().setVisible(False)
        self.devices_view.setShowGrid(False)
        self.devices_view.setWordWrap(True)
        header = self.devices_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.devices_view.selectionModel().currentChanged.connect(self._device_changed)
        left.addWidget(self.devices_view, 1)
        self.devices_state = muted(para(""))
        left.addWidget(self.devices_state)
        buttons = QHBoxLayout()
        self.remove_device_button = button("Remo&ve device\u2026", "Remove the selected device",
                                           on_click=self.remove_selected_device)
        self.no_devices_button = button("We have &none of these", "We have no phones, tablets or consoles",
                                        tip="Say that the family has no phones, tablets or consoles to add",
                                        on_click=self._no_devices)
        buttons.addWidget(self.remove_device_button)
        buttons.addWidget(self.no_devices_button)
        buttons.addStretch(1)
        left.addLayout(buttons)

        add_frame, add = card()
        add.addWidget(heading("Add a device", 3))
        form = QFormLayout()
        self.device_name = QLineEdit()
        self.device_name.setPlaceholderText("A name, like Sam's iPhone")
        self.device_name.setAccessibleName("Name of the device to add")
        self.device_name.setMaxLength(40)
        self.device_name.returnPressed.connect(self.add_device)
        self.device_kind = QComboBox()
        self.device_kind.setAccessibleName("Kind of device")
        for kind in sorted(self.context.content.device_kinds.values(), key=lambda k: k.name.casefold()):
            self.device_kind.addItem(kind.name, kind.id)
        self.device_kind.setPlaceholderText("Choose\u2026")
        self.device_kind.setCurrentIndex(-1)
        self.device_owner = QComboBox()
        self.device_owner.setAccessibleName("Whose device it is")
        form.addRow("Na&me:", self.device_name)
        form.addRow("&Kind:", self.device_kind)
        form.addRow("Belongs t&o:", self.device_owner)
        for field in (self.device_name, self.device_kind, self.device_owner):
            label = form.labelForField(field)
            if label is not None:
                label.setBuddy(field)
        add.addLayout(form)
        self.add_device_button = button("A&dd device", "Add this device", on_click=self.add_device,
                                        auto_default=True)
        add.addWidget(self.add_device_button, 0, Qt.AlignmentFlag.AlignRight)
        left.addWidget(add_frame)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(300)
        layout.addWidget(left_box, 1)

        self.device_panel = QuestionsPanel("about this device")
        self.device_panel.walk_requested.connect(self._walk_from_panel)
        self.device_title = heading("", 2)
        right = QVBoxLayout()
        right.addWidget(self.device_title)
        right.addWidget(self.device_panel, 1)
        right_box = QWidget()
        right_box.setLayout(right)
        layout.addWidget(right_box, 1)
        return tab

    # -- messages ---------------------------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- refreshing ---------------------------------------------------------------------------------------------------
    def _data_changed(self) -> None:
        self._generation += 1
        self.refresh_if_visible()

    def refresh(self) -> None:
        generation, when = self._refreshed
        if generation == self._generation and time.monotonic() - when < 0.25:
            return  # the main window asks again for the change this page has just shown
        if self.stack.currentWidget() is self.walk:
            self._stale = True  # the walk is on screen; catch up when it ends
            return
        self._stale = False
        self._refreshed = (self._generation, time.monotonic())
        keep_person, keep_device = self._selected_person, self._selected_device
        snap = Snapshot.of(self.context.household)
        self.people_model.reload(snap)
        row = self.people_model.row_of(keep_person) if keep_person is not None else -1
        if row < 0 and self.people_model.rowCount():
            row = 0
        self._select(self.people_view, self.people_model.index(row, 0) if row >= 0 else QModelIndex())
        self._show_person(self.people_model.person_at(row), snap)

        self.device_owner.clear()
        self.device_owner.addItem("Shared by the family", None)
        for person in snap.people:
            self.device_owner.addItem(person.nickname, person.id)
        self.devices_model.reload(snap)
        row = self.devices_model.row_of(keep_device) if keep_device is not None else -1
        if row < 0 and self.devices_model.rowCount():
            row = 0
        self._select(self.devices_view, self.devices_model.index(row, 0) if row >= 0 else QModelIndex())
        self._show_device(self.devices_model.device_at(row), snap)
        self._show_household(snap)

    @staticmethod
    def _select(view: QAbstractItemView, index: QModelIndex) -> None:
        selection = view.selectionModel()
        selection.blockSignals(True)
        if index.isValid():
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect |
                                      selection.SelectionFlag.Rows)
        else:
            selection.clear()
        selection.blockSignals(False)
        view.viewport().update()

    def _show_person(self, person: Person | None, snap: Snapshot | None = None) -> None:
        self._selected_person = person.id if person else None
        has_people = self.people_model.rowCount() > 0
        self.rename_button.setEnabled(person is not None)
        self.remove_button.setEnabled(person is not None)
        self.person_stack.setCurrentIndex(1 if has_people and person else 0)
        if person is None:
            self.person_panel.show_subject(None, Counts(), [])
            return
        content = self.context.content
        snap = snap or Snapshot.of(self.context.household)
        subject = subject_for(snap, PERSON, person.id, _region_id(self.context))
        if subject is None:
            return
        counts = counts_for(content, snap, subject)
        rows = question_rows(content, snap, subject)
        self.person_title.setText(person.nickname)
        self.person_title.setAccessibleName(person.nickname)
        self.person_age.setCurrentIndex(max(0, self.person_age.findData(person.age_band)))
        self.person_age.setAccessibleName(f"Age group of {person.nickname}")
        self.person_panel.noun = f"for {person.nickname}"
        self.person_panel.show_subject(subject, counts, rows, waiting_for_services=(
            f"First, tick the apps, games and accounts {person.nickname} uses below (or press \u201cUses none of "
            "these\u201d). Then the questions for them appear here."))
        self.person_panel.list_title.setText(f"{person.nickname}'s questions")
        self.apps_title.setText(f"Apps, games and accounts {person.nickname} uses")
        self.apps_hint.setText(
            f"Tick each one {person.nickname} uses; only those are asked about. Changes are saved as you tick."
            if person.services_chosen else
            f"{person.nickname} has not said which apps they use yet. Tick each one they use; only those will be "
            "asked about.")
        self.none_button.setVisible(not person.services_chosen)
        self.picker.set_selected(person.services)
        self.age_note.setText(_age_note(content, person))
        self.age_note.setVisible(bool(self.age_note.text()))

    def _show_household(self, snap: Snapshot) -> None:
        content = self.context.content
        subject = subject_for(snap, HOUSEHOLD, 0)
        self.household_panel.show_subject(subject, counts_for(content, snap, subject),
                                          question_rows(content, snap, subject))
        self.household_panel.list_title.setText("The family's questions")

    def _show_device(self, device: Device | None, snap: Snapshot | None = None) -> None:
        self._selected_device = device.id if device else None
        content = self.context.content
        snap = snap or Snapshot.of(self.context.household)
        self.remove_device_button.setEnabled(device is not None)
        devices = self.devices_model.rowCount()
        reviewed = snap.reviewed
        self.no_devices_button.setVisible(not devices and not reviewed)
        if devices:
            self.devices_state.setText("")
        elif reviewed:
            self.devices_state.setText("No devices added: the family said it has none of these. Add one any time.")
        else:
            self.devices_state.setText("No devices added yet. If the family has none of these, press \u201cWe have "
                                       "none of these\u201d.")
        self.devices_state.setVisible(bool(self.devices_state.text()))
        if device is None:
            self.device_title.setText("")
            self.device_panel.show_subject(None, Counts(), [])
            self.device_panel.setVisible(False)
            return
        subject = subject_for(snap, DEVICE, device.id)
        counts = counts_for(content, snap, subject) if subject else Counts()
        self.device_title.setText(device.name)
        self.device_title.setAccessibleName(device.name)
        self.device_panel.setVisible(True)
        self.device_panel.show_subject(subject, counts, question_rows(content, snap, subject) if subject else [])
        if subject and not counts.total:
            kind = content.device_kinds.get(device.kind)
            self.device_panel.progress_label.setText(
                f"Homeguard has no questions about {kind.name if kind else 'this kind of device'} yet.")
        self.device_panel.list_title.setText(f"Questions about {device.name}")

    # -- people ---------------------------------------------------------------------------------------------------
    def selected_person(self) -> Person | None:
        return self.people_model.person_at(self.people_view.currentIndex().row())

    def _person_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_person(self.people_model.person_at(current.row()) if current.isValid() else None)

    def add_person(self) -> None:
        name = self.name_edit.text()
        band = self.age_edit.currentData()
        if not name.strip():
            self.say("Type a nickname first; it stays on this computer.")
            self.name_edit.setFocus()
            return
        if band is None:
            self.say("Choose the age group too: the questions are different for children, teenagers and adults.")
            self.age_edit.setFocus()
            return
        try:
            person = self.context.household.add_person(name, band)
        except HouseholdError as exc:
            self.say(f"Not added: {exc}.")
            return
        self.name_edit.clear()
        self.age_edit.setCurrentIndex(-1)
        self.say(f"Added {person.nickname}. Next, tick the apps they use.")
        self._selected_person = person.id
        self.context.notify_changed()
        self.refresh()

    def rename_selected(self) -> None:
        index = self.people_view.currentIndex()
        if index.isValid():
            self.people_view.setFocus()
            self.people_view.edit(index)

    def remove_selected(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        if not ask_confirm(self, "Remove this person?",
                           f"Remove {person.nickname}? Their answers and quiz results are deleted from this "
                           "computer. Their devices stay, shared by the family. This cannot be undone.",
                           f"Remove {person.nickname}"):
            return
        self.context.household.remove_person(person)
        self._selected_person = None
        self.say(f"{person.nickname} was removed.")
        self.context.notify_changed()
        self.refresh()

    def _age_chosen(self, _index: int) -> None:
        person, band = self.selected_person(), self.person_age.currentData()
        if person is None or band is None or band == person.age_band:
            return
        self.context.household.set_age_band(person, band)
        self.context.notify_changed()

    def _services_changed(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        self.context.household.set_services(person, self.picker.selected())
        self.context.notify_changed()

    def _uses_none(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        self.context.household.set_services(person, [])
        self.say(f"Saved: {person.nickname} uses none of these apps.")
        self.context.notify_changed()

    # -- devices ------------------------------------------------------------------------------------------------------
    def _device_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_device(self.devices_model.device_at(current.row()) if current.isValid() else None)

    def add_device(self) -> None:
        name, kind = self.device_name.text(), self.device_kind.currentData()
        if not name.strip():
            self.say("Type a name for the device first, like \u201cSam's iPhone\u201d.")
            self.device_name.setFocus()
            return
        if kind is None:
            self.say("Choose what kind of device it is: the questions depend on it.")
            self.device_kind.setFocus()
            return
        owner_id = self.device_owner.currentData()
        owner = self.context.household.person(owner_id) if owner_id is not None else None
        try:
            device = self.context.household.add_device(name, kind, owner)
        except HouseholdError as exc:
            self.say(f"Not added: {exc}.")
            return
        self.device_name.clear()
        self.device_kind.setCurrentIndex(-1)
        self.say(f"Added {device.name}.")
        self._selected_device = device.id
        self.context.notify_changed()
        self.refresh()

    def remove_selected_device(self) -> None:
        device = self.devices_model.device_at(self.devices_view.currentIndex().row())
        if device is None:
            return
        if not ask_confirm(self, "Remove this device?", f"Remove {device.name} and the answers about it? This "
                           "cannot be undone.", f"Remove {device.name}"):
            return
        self.context.household.remove_device(device)
        self._selected_device = None
        self.say(f"{device.name} was removed.")
        self.context.notify_changed()
        self.refresh()

    def _no_devices(self) -> None:
        self.context.household.mark_devices_reviewed()
        self.say("Saved: the family has no phones, tablets or consoles to add.")
        self.context.notify_changed()

    # -- the walk -----------------------------------------------------------------------------------------------------
    def _walk_from_panel(self, request: WalkRequest) -> None:
        self.start_walk(request.kind, request.subject_id, revisit=request.revisit, start_at=request.start_at)

    def start_walk(self, kind: str = PERSON, subject_id: int | None = None, *, revisit: bool = False,
                   start_at: str = "") -> bool:
        """Open the step-by-step walk for a person (the selected one by default), the household or a device."""
        if subject_id is None:
            if kind == HOUSEHOLD:
                subject_id = 0
            else:
                selected = self.selected_person() if kind == PERSON else \
                    self.devices_model.device_at(self.devices_view.currentIndex().row())
                if selected is None:
                    return False
                subject_id = selected.id
        self._return_to = (self.tabs.currentIndex(), self.focusWidget() or self.tabs)
        self.say("")
        self.stack.setCurrentWidget(self.walk)
        if not self.walk.start(kind, subject_id, revisit=revisit, start_at=start_at):
            self.stack.setCurrentIndex(0)
            return False
        return True

    def end_walk(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh()
        if self._return_to is not None:
            tab, widget = self._return_to
            self.tabs.setCurrentIndex(tab)
            panel = (self.person_panel, self.household_panel, self.device_panel)[tab]
            target = panel.start_button if panel.start_button.isEnabled() else panel.review_button
            (target if target.isEnabled() else widget).setFocus(Qt.FocusReason.OtherFocusReason)
        self._return_to = None

    @property
    def walking(self) -> bool:
        return self.stack.currentWidget() is self.walk


def _age_note(content: Content, person: Person) -> str:
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


__all__ = ["DevicesModel", "PeopleModel", "PeoplePage", "QuestionsModel", "ask_confirm"]
