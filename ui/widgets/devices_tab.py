"""The "Phones, tablets and consoles" tab of People and accounts: the family's devices, adding and removing them,
and the selected device's questions.

Every change is saved at once and announced with ``context.notify_changed()``; the main window then refreshes
the page, which calls ``refresh`` here with the household as it is now. Messages for the person go out through
``message``; Start, Review and opening a question go out through ``device_panel.walk_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor.household import Device, HouseholdError
from auditor.walk import DEVICE, Counts, Snapshot, counts_for, question_rows, subject_for
from ui.context import AppContext
from ui.models.devices import DevicesModel, device_rows
from ui.style import button, card, heading, muted
from ui.widgets import confirm
from ui.widgets.questions_panel import QuestionsPanel
from ui.widgets.reading import para
from ui.widgets.views import select_quietly


class DevicesTab(QWidget):
    message = Signal(str)  # something to tell the person ("" clears it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._selected_device: int | None = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(para(
            "Add the family's phones, tablets and games consoles with a name you will recognise, like "
            "\u201cSam's iPhone\u201d. Each one gets a few questions about its own settings."))
        self.devices_model = DevicesModel(self)
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
            if isinstance(label, QLabel):
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
        self.device_title = heading("", 2)
        right = QVBoxLayout()
        right.addWidget(self.device_title)
        right.addWidget(self.device_panel, 1)
        right_box = QWidget()
        right_box.setLayout(right)
        layout.addWidget(right_box, 1)

    # -- showing ------------------------------------------------------------------------------------------------------
    def refresh(self, snap: Snapshot) -> None:
        """Show the household's devices as they are in ``snap``, keeping the selected one selected."""
        keep = self._selected_device
        self.device_owner.clear()
        self.device_owner.addItem("Shared by the family", None)
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
