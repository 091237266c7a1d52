"""The family's phones, tablets and consoles as a table: name, kind, whose it is, and how far its questions have
got."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import Qt

from auditor.household import Device
from auditor.packs import Content
from auditor.walk import DEVICE, Counts, Snapshot, counts_for, subject_for
from ui.models.base import RowsModel
from ui.models.people import progress_icon
from ui.models.roles import COUNTS_ROLE
from ui.widgets.reading import plain_tip


class DeviceRow(NamedTuple):
    device: Device
    kind: str  # the kind's name, as the pack words it ("iPhone")
    owner: str  # the owner's nickname, or "" for a device the family shares
    counts: Counts


def device_rows(content: Content, snap: Snapshot) -> list[DeviceRow]:
    people = {p.id: p.nickname for p in snap.people}
    rows = []
    for device in snap.devices:
        kind = content.device_kinds.get(device.kind)
        owner = people.get(device.person_id, "") if device.person_id is not None else ""
        subject = subject_for(snap, DEVICE, device.id)
        counts = counts_for(content, snap, subject) if subject else Counts()
        rows.append(DeviceRow(device, kind.name if kind else device.kind, owner, counts))
    return rows


class DevicesModel(RowsModel[DeviceRow]):
    HEADERS = ("Device", "Kind", "Belongs to", "Questions")

    def key_of(self, item: DeviceRow) -> int:
        return item.device.id

    def device_at(self, row: int) -> Device | None:
        item = self.item_at(row)
        return item.device if item else None

    def cell(self, item: DeviceRow, column: int, role: int) -> Any:
        device, kind, owner, counts = item
        if role == Qt.ItemDataRole.DisplayRole:
            return (device.name, kind, owner or "Shared", counts.summary())[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return progress_icon(counts)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{device.name}, {kind}, {'belongs to ' + owner if owner else 'shared'}: {counts.summary()}"
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == COUNTS_ROLE:
            return counts
        return None


__all__ = ["DeviceRow", "DevicesModel", "device_rows"]
