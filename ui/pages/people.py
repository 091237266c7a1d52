"""People and accounts: who is in the family, which apps each person uses, the family's devices, and the walk
through the questions only people can answer.

Three tabs: the people (add, rename, remove; how far each has got; the chosen person's age group, apps and
questions, with Start or Continue, in ui/widgets/person_detail.py), the questions for the whole family, and the
family's phones, tablets and consoles (ui/widgets/devices_tab.py). Starting a walk swaps the tabs for the
step-by-step walk (ui/pages/guided_walk.py); "Stop for now" brings them back.

Every change is saved at once and announced with ``context.notify_changed()``, so the Overview's score follows.
The page does not refresh itself for it: the main window refreshes the page on screen whenever data changes, and
``refresh`` reads the household once and shows all three tabs from that one snapshot.

A link to ``people#<name>`` (the Overview's "Do these next" and action rows, the weekly notice's "Open Homeguard")
lands on what the name is: the window shows the page, then calls ``show_item``, which opens that person, the whole
family's questions ("household", the name ``auditor.guided`` gives them) or that phone, tablet or console.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.household import HouseholdError, Person
from auditor.walk import HOUSEHOLD, PERSON, Snapshot, counts_for, question_rows, subject_for
from ui.context import AppContext
from ui.models.people import PeopleModel, person_rows
from ui.pages import Page
from ui.pages.guided_walk import GuidedWalk
from ui.style import button, card, fit_text, heading, muted
from ui.widgets import confirm
from ui.widgets.devices_tab import DevicesTab
from ui.widgets.person_detail import PersonDetail, age_combo, region_id
from ui.widgets.questions_panel import QuestionsPanel, WalkRequest
from ui.widgets.reading import para, scroll_area
from ui.widgets.views import select_quietly

PEOPLE_TAB, HOUSEHOLD_TAB, DEVICES_TAB = range(3)
NO_SUCH_DEVICE = "no such device"  # the name auditor.guided gives a device question when the family has none


class PeoplePage(Page):
    page_id = "people"
    title = "People and accounts"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._selected_person: int | None = None
        self._rename_to_announce = False
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
        self.tabs.addTab(self._build_people_tab(), "&People")  # PEOPLE_TAB, HOUSEHOLD_TAB, DEVICES_TAB
        self.tabs.addTab(self._build_household_tab(), "The &whole family")
        self.devices_tab = DevicesTab(context)
        self.devices_tab.message.connect(self.say)
        self.devices_tab.device_panel.walk_requested.connect(self._walk_from_panel)
        self.tabs.addTab(self.devices_tab, "Phones, &tablets and consoles")
        home_layout.addWidget(self.tabs, 1)
        self.stack.addWidget(home)

        self.walk = GuidedWalk(context)
        self.walk.stopped.connect(self.end_walk)
        self.stack.addWidget(self.walk)

    # -- building -----------------------------------------------------------------------------------------------------
    def _build_people_tab(self) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)

        left = QVBoxLayout()
        self.people_model = PeopleModel(self.context.household, self)
        self.people_model.problem.connect(self.say)
        self.people_model.renamed.connect(self._renamed)
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
        self.people_view.itemDelegate().closeEditor.connect(self._rename_editor_closed)
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above the fields when narrow
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Like Sam")  # the label beside it says "Nickname:"
        fit_text(self.name_edit)
        self.name_edit.setAccessibleName("Nickname of the person to add")
        self.name_edit.setMaxLength(40)
        self.name_edit.returnPressed.connect(self.add_person)
        self.age_edit = age_combo("Age of the person to add")
        self.age_edit.setPlaceholderText("Choose\u2026")
        self.age_edit.setCurrentIndex(-1)
        fit_text(self.age_edit)
        form.addRow("Nic&kname:", self.name_edit)
        form.addRow("A&ge group:", self.age_edit)
        for field in (self.name_edit, self.age_edit):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
        add.addLayout(form)
        self.add_button = button("&Add", "Add this person", on_click=self.add_person, auto_default=True)
        add.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        left.addWidget(add_frame)

        left_box = QWidget()
        left_box.setLayout(left)
        # The list and the form keep to a column at most about 15 lines of text wide, so the chosen person's apps
        # and questions keep the rest of the page at any font size (and never less than they need: see below).
        left_box.setMaximumWidth(left_box.fontMetrics().height() * 15)
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

        self.detail = PersonDetail(self.context)
        self.detail.message.connect(self.say)
        self.detail.questions.walk_requested.connect(self._walk_from_panel)
        # The detail's parts by the names the page has always had for them (tests and the walk's return use them).
        self.person_title, self.person_age = self.detail.title, self.detail.age
        self.person_panel, self.picker = self.detail.questions, self.detail.picker
        self.none_button, self.age_note = self.detail.none_button, self.detail.age_note
        detail_scroll = scroll_area(self.detail)
        # A Tab stop with a name: between its controls it holds reading text (the age note, the apps hint) that a
        # keyboard alone can only bring into view by scrolling it with the arrow keys.
        detail_scroll.setAccessibleName("The chosen person's apps and questions")
        # Never narrower than its buttons and boxes need: the list and the form beside it make way instead.
        detail_scroll.setMinimumWidth(self.detail.minimumSizeHint().width() +
                                      detail_scroll.verticalScrollBar().sizeHint().width())
        self.person_stack.addWidget(detail_scroll)
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

    # -- messages ---------------------------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- showing ------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the household as it is now, keeping the selected person and device selected. While a walk is on
        screen the tabs are hidden, so there is nothing to show: ending the walk refreshes them."""
        if self.walking:
            return
        keep_person = self._selected_person
        snap = Snapshot.of(self.context.household)
        self.people_model.set_rows(person_rows(self.context.content, snap, region_id(self.context)))
        row = self.people_model.row_of(keep_person) if keep_person is not None else -1
        if row < 0 and self.people_model.rowCount():
            row = 0
        select_quietly(self.people_view, self.people_model.index(row, 0) if row >= 0 else QModelIndex())
        self._show_person(self.people_model.person_at(row), snap)
        self.devices_tab.refresh(snap)
        self._show_household(snap)

    def _show_person(self, person: Person | None, snap: Snapshot | None = None) -> None:
        self._selected_person = person.id if person else None
        has_people = self.people_model.rowCount() > 0
        self.rename_button.setEnabled(person is not None)
        self.remove_button.setEnabled(person is not None)
        self.person_stack.setCurrentIndex(1 if has_people and person else 0)
        self.detail.show_person(person, snap)

    def _show_household(self, snap: Snapshot) -> None:
        content = self.context.content
        subject = subject_for(snap, HOUSEHOLD, 0)
        if subject is not None:  # always, for the household
            self.household_panel.show_subject(subject, counts_for(content, snap, subject),
                                              question_rows(content, snap, subject))
        self.household_panel.list_title.setText("The family's questions")

    # -- people ---------------------------------------------------------------------------------------------------
    def selected_person(self) -> Person | None:
        return self.people_model.person_at(self.people_view.currentIndex().row())

    def show_item(self, name: str) -> bool:
        """Open the page at ``name``, as links name it (``auditor.next_steps.where_to_fix``, ``auditor.watch``): a
        person by nickname, "household" for the whole family's questions, or a device by name. A walk on screen
        stops for now first, keeping its answers, as its own "Stop for now" does. False when nothing is called
        that (renamed or removed since): the page then stays as it was."""
        people = [p for p in map(self.people_model.person_at, range(self.people_model.rowCount())) if p]
        devices_model = self.devices_tab.devices_model
        devices = [d for d in map(devices_model.device_at, range(devices_model.rowCount())) if d]
        person = next((p for p in people if p.nickname == name), None)
        device = next((d for d in devices if d.name == name), None) if person is None else None
        if person is None and device is None and name not in (HOUSEHOLD, NO_SUCH_DEVICE):
            return False
        if self.walking:
            self.walk.stop()  # saves the choice on screen; end_walk then brings the tabs back, refreshed
        self._return_to = None
        if person is not None:
            self.tabs.setCurrentIndex(PEOPLE_TAB)
            self.people_view.setCurrentIndex(self.people_model.index(self.people_model.row_of(person.id), 0))
            self.people_view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif device is not None:
            self.tabs.setCurrentIndex(DEVICES_TAB)
            view = self.devices_tab.devices_view
            view.setCurrentIndex(devices_model.index(devices_model.row_of(device.id), 0))
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:  # the family's questions, or a device question when there is no device of its kind yet
            self.tabs.setCurrentIndex(HOUSEHOLD_TAB if name == HOUSEHOLD else DEVICES_TAB)
        return True

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
        household = self.context.household

        def added(person: Person) -> None:  # the context then tells every page (data_changed)
            self.name_edit.clear()
            self.age_edit.setCurrentIndex(-1)
            self.say(f"Added {person.nickname}. Next, tick the apps they use.")
            self._selected_person = person.id

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, HouseholdError):
                raise exc
            self.say(f"Not added: {exc}.")

        self.context.save(lambda: household.add_person(name, band), then=added, failed=refused, name="add a person")

    def rename_selected(self) -> None:
        index = self.people_view.currentIndex()
        if index.isValid():
            self.people_view.setFocus()
            self.people_view.edit(index)

    def remove_selected(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        if not confirm.ask_confirm(self, "Remove this person?",
                                   f"Remove {person.nickname}? Their answers and quiz results are deleted from this "
                                   "computer. Their devices stay, shared by the family. This cannot be undone.",
                                   f"Remove {person.nickname}"):
            return
        household = self.context.household
        self._selected_person = None
        self.say(f"{person.nickname} was removed.")
        self.context.save(lambda: household.remove_person(person), name="remove a person")

    def _renamed(self, _person_id: int) -> None:
        """A rename was saved. Tell the other pages, but only once the name's editor has closed: the refresh that
        follows resets the list, which must not happen while the list is still handing over the edit."""
        self.say("")
        if self.people_view.state() == QAbstractItemView.State.EditingState:
            self._rename_to_announce = True
        else:
            self.context.notify_changed()

    def _rename_editor_closed(self) -> None:
        if self._rename_to_announce:
            self._rename_to_announce = False
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
                selected = self.selected_person() if kind == PERSON else self.devices_tab.selected_device()
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
            panel = (self.person_panel, self.household_panel, self.devices_tab.device_panel)[tab]
            target = panel.start_button if panel.start_button.isEnabled() else panel.review_button
            (target if target.isEnabled() else widget).setFocus(Qt.FocusReason.OtherFocusReason)
        self._return_to = None

    @property
    def walking(self) -> bool:
        return self.stack.currentWidget() is self.walk


__all__ = ["PeoplePage"]
