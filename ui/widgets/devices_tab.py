"""The "Phones, tablets and consoles" tab of People and accounts: the family's devices, adding, renaming, giving
to someone else and removing them, and the selected device's questions.

Every change is saved at once and announced with ``context.notify_changed()``; the main window then refreshes
the page, which calls ``refresh`` here with the household as it is now. Messages for the person go out through
``message``; Start, Review and opening a question go out through ``device_panel.walk_requested``. The two small
dialogs (a new name, whose it is) are module functions, ``ask_device_name`` and ``ask_device_owner``, so that tests
can answer them instead of a real dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor.household import Device, HouseholdError, Person
from auditor.walk import DEVICE, Counts, Snapshot, counts_for, question_rows, subject_for
from ui.context import AppContext
from ui.models.devices import DevicesModel, device_rows
from ui.style import button, card, fit_text, heading, muted
from ui.widgets import confirm
from ui.widgets.questions_panel import QuestionsPanel
from ui.widgets.reading import para
from ui.widgets.views import select_quietly

SHARED = "Shared by the family"
# The list and the chosen device's questions sit side by side when half the width holds every column's title with
# this many characters to spare, and the questions half at least QUESTIONS_CHARACTERS; with a larger font, or a
# narrower window, the questions go below the list.
SPARE_CHARACTERS = 4
QUESTIONS_CHARACTERS = 40
SHORTEST_LIST_ROWS = 3
NAME_LENGTH = 40  # as auditor.household allows


def _plain_labels(dialog: QInputDialog) -> None:
    """A device's name is typed by a person: the dialog shows it as it is, never as markup."""
    for label in dialog.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)


def ask_device_name(parent: QWidget, device: Device) -> str | None:
    """The new name for a device, or None if the person cancelled. Tests replace this function."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Rename this device")
    dialog.setLabelText(f"A new name for \u201c{device.name}\u201d. Its answers stay with it.")
    dialog.setTextValue(device.name)
    _plain_labels(dialog)
    field = dialog.findChild(QLineEdit)
    if field is not None:
        field.setMaxLength(NAME_LENGTH)
        field.setAccessibleName("New name of the device")
    return dialog.textValue() if dialog.exec() else None


def ask_device_owner(parent: QWidget, device: Device, names: list[str], current: int) -> int | None:
    """Whose the device is, as the index of one of ``names`` (the first is "Shared by the family"), or None if the
    person cancelled. Tests replace this function."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Whose device is it?")
    dialog.setLabelText(f"\u201c{device.name}\u201d belongs to:")
    dialog.setComboBoxItems(names)
    dialog.setComboBoxEditable(False)
    dialog.setTextValue(names[current] if 0 <= current < len(names) else names[0])
    _plain_labels(dialog)
    combo = dialog.findChild(QComboBox)
    if combo is not None:
        combo.setAccessibleName("Whose the device is")
    if not dialog.exec():
        return None
    if combo is not None:  # by place, not by words: someone could be called "Shared by the family"
        return combo.currentIndex() if 0 <= combo.currentIndex() < len(names) else None
    return names.index(dialog.textValue()) if dialog.textValue() in names else None


class DevicesTab(QWidget):
    message = Signal(str)  # something to tell the person ("" clears it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._selected_device: int | None = None
        self._people: list[Person] = []  # as the last refresh showed them: the owners to choose from
        body = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, body)
        self.columns.setContentsMargins(0, 0, 0, 0)
        layout = self.columns
        left = QVBoxLayout()
        left.addWidget(para(
            "Add the family's phones, tablets and games consoles with a name you will recognise, like "
            "\u201cSam's iPhone\u201d. Each one gets a few questions about its own settings."))
        self.devices_model = DevicesModel(self)
        self.devices_view = QTableView()
        self.devices_view.setModel(self.devices_model)
        self.devices_view.setAccessibleName("The family's devices")
        self.devices_view.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move within it
        self.devices_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.devices_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.devices_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices_view.verticalHeader().setVisible(False)
        self.devices_view.setShowGrid(False)
        self.devices_view.setWordWrap(True)
        # Every column shares the width and wraps its text, so all four stay in view at any font size.
        header = self.devices_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.devices_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.devices_view.setMinimumHeight(header.sizeHint().height() + 2 * self.devices_view.frameWidth() +
                                           SHORTEST_LIST_ROWS * rows.defaultSectionSize())
        self.devices_view.selectionModel().currentChanged.connect(self._device_changed)
        left.addWidget(self.devices_view, 1)
        self.devices_state = muted(para(""))
        left.addWidget(self.devices_state)
        changes = QHBoxLayout()
        self.rename_device_button = button("Renam&e\u2026", "Rename the selected device",
                                           tip="Give this device another name; its answers stay with it",
                                           on_click=self.rename_selected_device)
        self.owner_button = button("&Change owner\u2026", "Change whose the selected device is",
                                   tip="Say whose device this is, or that the family shares it",
                                   on_click=self.change_selected_owner)
        changes.addWidget(self.rename_device_button)
        changes.addWidget(self.owner_button)
        changes.addStretch(1)
        left.addLayout(changes)
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
        self.device_name.setMaxLength(NAME_LENGTH)
        fit_text(self.device_name)
        self.device_name.returnPressed.connect(self.add_device)
        self.device_kind = QComboBox()
        self.device_kind.setAccessibleName("Kind of device")
        for kind in sorted(self.context.content.device_kinds.values(), key=lambda k: k.name.casefold()):
            self.device_kind.addItem(kind.name, kind.id)
        self.device_kind.setPlaceholderText("Choose\u2026")
        self.device_kind.setCurrentIndex(-1)
        fit_text(self.device_kind)
        self.device_owner = QComboBox()
        self.device_owner.setAccessibleName("Whose device it is")
        form.addRow("Na&me:", self.device_name)
        form.addRow("&Kind:", self.device_kind)
        form.addRow("Belongs t&o:", self.device_owner)
        for field in (self.device_name, self.device_kind, self.device_owner):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
        add.addLayout(form)
        self.add_device_button = button("A&dd device", "Add this device", on_click=self.add_device,
                                        auto_default=True)
        add.addWidget(self.add_device_button, 0, Qt.AlignmentFlag.AlignRight)
        left.addWidget(add_frame)
        left_box = QWidget()
        left_box.setLayout(left)
        layout.addWidget(left_box, 1)

        self.device_panel = QuestionsPanel("about this device")
        self.device_title = heading("", 2)
        right = QVBoxLayout()
        right.addWidget(self.device_title)
        right.addWidget(self.device_panel, 1)
        right_box = QWidget()
        right_box.setLayout(right)
        layout.addWidget(right_box, 1)

        # The tab scrolls up and down as a whole, so a large font never squeezes the form under the list.
        scroll = QScrollArea()
        scroll.setAccessibleName("The family's devices and their questions")  # a named Tab stop
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _list_width(self) -> int:
        """The width the devices table needs to show every column's title (in bold, as the header shows the
        columns of the selected row) with a little room beside each."""
        header = self.devices_view.horizontalHeader()
        font = header.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        spare = metrics.averageCharWidth() * SPARE_CHARACTERS
        titles = sum(metrics.horizontalAdvance(str(title)) + margin + spare for title in DevicesModel.HEADERS)
        scroll_bar = self.devices_view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return titles + 2 * self.devices_view.frameWidth() + scroll_bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        half = (event.size().width() - self.columns.spacing()) // 2
        side_by_side = half >= max(self._list_width(), self.fontMetrics().averageCharWidth() * QUESTIONS_CHARACTERS)
        direction = QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    # -- showing ------------------------------------------------------------------------------------------------------
    def refresh(self, snap: Snapshot) -> None:
        """Show the household's devices as they are in ``snap``, keeping the selected one selected."""
        keep = self._selected_device
        self._people = list(snap.people)
        self.device_owner.clear()
        self.device_owner.addItem(SHARED, None)
        for person in snap.people:
            self.device_owner.addItem(person.nickname, person.id)
        self.devices_model.set_rows(device_rows(self.context.content, snap))
        row = self.devices_model.row_of(keep) if keep is not None else -1
        if row < 0 and self.devices_model.rowCount():
            row = 0
        select_quietly(self.devices_view, self.devices_model.index(row, 0) if row >= 0 else QModelIndex())
        self._show_device(self.devices_model.device_at(row), snap)

    def selected_device(self) -> Device | None:
        return self.devices_model.device_at(self.devices_view.currentIndex().row())

    def _device_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_device(self.devices_model.device_at(current.row()) if current.isValid() else None)

    def _show_device(self, device: Device | None, snap: Snapshot | None = None) -> None:
        self._selected_device = device.id if device else None
        content = self.context.content
        snap = snap or Snapshot.of(self.context.household)
        for change in (self.rename_device_button, self.owner_button, self.remove_device_button):
            change.setEnabled(device is not None)
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

    # -- changing: each change is saved by the context's writer, then announced; the page's refresh shows it ------
    def add_device(self) -> None:
        name, kind = self.device_name.text(), self.device_kind.currentData()
        if not name.strip():
            self.message.emit("Type a name for the device first, like \u201cSam's iPhone\u201d.")
            self.device_name.setFocus()
            return
        if kind is None:
            self.message.emit("Choose what kind of device it is: the questions depend on it.")
            self.device_kind.setFocus()
            return
        owner_id = self.device_owner.currentData()
        household = self.context.household
        owner = household.person(owner_id) if owner_id is not None else None

        def added(device: Device) -> None:  # the context then tells every page (data_changed)
            self.device_name.clear()
            self.device_kind.setCurrentIndex(-1)
            self.message.emit(f"Added {device.name}.")
            self._selected_device = device.id

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, HouseholdError):
                raise exc
            self.message.emit(f"Not added: {exc}.")

        self.context.save(lambda: household.add_device(name, kind, owner), then=added, failed=refused,
                          name="add a device")

    def rename_selected_device(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        name = ask_device_name(self, device)
        if name is None or name.strip() == device.name:
            return
        household = self.context.household

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, HouseholdError):
                raise exc
            self.message.emit(f"Not renamed: {exc}.")

        self.context.save(lambda: household.rename_device(device, name), failed=refused, name="rename a device",
                          then=lambda renamed: self.message.emit(f"{device.name} is now called {renamed.name}. Its "
                                                                 "answers stay with it."))

    def change_selected_owner(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        people = list(self._people)
        owners: list[Person | None] = [None, *people]
        current = next((i for i, p in enumerate(owners) if p is not None and p.id == device.person_id), 0)
        chosen = ask_device_owner(self, device, [SHARED, *(p.nickname for p in people)], current)
        if chosen is None or chosen == current or not 0 <= chosen < len(owners):
            return
        owner, household = owners[chosen], self.context.household

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, HouseholdError):
                raise exc
            self.message.emit(f"Not changed: {exc}.")

        said = f"{device.name} now belongs to {owner.nickname}." if owner else f"{device.name} is now shared by " \
            "the family."
        self.context.save(lambda: household.set_device_owner(device, owner), failed=refused,
                          name="change whose a device is", then=lambda _: self.message.emit(said))

    def remove_selected_device(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        if not confirm.ask_confirm(self, "Remove this device?", f"Remove {device.name} and the answers about it? "
                                   "This cannot be undone.", f"Remove {device.name}"):
            return
        household = self.context.household
        self._selected_device = None
        self.message.emit(f"{device.name} was removed.")
        self.context.save(lambda: household.remove_device(device), name="remove a device")

    def _no_devices(self) -> None:
        self.context.save(self.context.household.mark_devices_reviewed, name="note that there are no devices",
                          then=lambda _: self.message.emit("Saved: the family has no phones, tablets or consoles to "
                                                           "add."))


__all__ = ["DevicesTab"]
