"""A guided check's "how to check" steps for one person or device: the numbered steps of each guide that fits,
with a heading over each when there are several, and a button to the official page for each that has one.

Links open in the browser only when their button is clicked (``link_clicked``); nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from auditor.packs import Guide
from ui.style import clear_layout, heading
from ui.widgets.reading import numbered_steps, plain_tip


class GuideSteps(QWidget):
    """The steps of the guides given to ``show_guides``; hidden when there are none."""

    link_clicked = Signal(str)  # the official page's address

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.links: list[QPushButton] = []  # in reading order, for the page's Tab order

    def show_guides(self, guides: Sequence[Guide], names: dict[str, str]) -> None:
        """Show these guides; ``names`` gives the heading for each guide's service, device kind or region."""
        clear_layout(self._layout)
        self.links = []
        for guide in guides:
            label = names.get(guide.for_, "")
            if len(guides) > 1 and label:
                title = heading(label, 3)
                self._layout.addWidget(title)
                title.show()
            steps = numbered_steps(guide.steps)
            self._layout.addWidget(steps)
            steps.show()
            if guide.link:
                host = QUrl(guide.link).host() or guide.link
                link = QPushButton(f"Open the official page ({host})")
                link.setAccessibleName(f"Open the official page on {host}")
                link.setToolTip(plain_tip(f"Opens {guide.link} in your web browser"))
                link.setAutoDefault(True)
                link.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
                link.clicked.connect(lambda _checked=False, url=guide.link: self.link_clicked.emit(url))
                self._layout.addWidget(link)
                link.show()
                self.links.append(link)
        self.setVisible(bool(guides))
