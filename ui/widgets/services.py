"""The picker of apps, games and accounts a person uses: tick boxes grouped by kind, main accounts first.

The grouping and order are ``auditor.walk.service_groups``; only the person's ticked services are asked about.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLayout, QVBoxLayout, QWidget

from auditor.packs import Content
from auditor.walk import service_groups
from ui.style import plain_label


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
            # The title is a wrapped label, not the group box's own title: that one never wraps, and with a large
            # font it would make the list wider than the page.
            group = QGroupBox(self)
            group.setAccessibleName(title)
            group_layout = QVBoxLayout(group)
            group_layout.addWidget(plain_label(title))
            grid = QGridLayout()
            group_layout.addLayout(grid)
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
