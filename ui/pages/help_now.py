"""Get help now: what to do, in order, when someone is being threatened; who to contact where the family lives;
a place to write down the facts as text (ui/widgets/notes_editor.py); and a quick exit that hides Homeguard at once.

Everything shown comes from checks/manual/help-now.toml and the person's own notes. Notes are plain text: there is
no way to attach a picture, and the wording says to leave the messages where they are. Links open only when
clicked, through ``AppContext.open_url``.
"""

from __future__ import annotations

import html
from urllib.parse import urlparse

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.helpnow import KIND_TITLES
from auditor.packs import Contact, Region
from ui.context import AppContext
from ui.pages import Page
from ui.pages.settings import choose_region, fill_region_combo
from ui.style import card, clear_layout, heading, muted, plain_label
from ui.widgets.notes_editor import NotesEditor

QUICK_EXIT_HELP = "Quick exit hides Homeguard at once. Shortcut: press Esc twice, or Ctrl+Shift+Q."
STEPS_CHARACTERS = 28  # the narrowest the steps column reads well at, in average characters of its font


# -- the quick exit ------------------------------------------------------------------------------------------

def quick_exit() -> None:
    """Hide every Homeguard window at once. Nothing is closed, saved or cleared."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()


# -- contacts ----------------------------------------------------------------------------------------------------

def _site(link: str) -> str:
    host = urlparse(link).netloc
    return host[4:] if host.startswith("www.") else host or link


def contact_html(contact: Contact) -> str:
    """One contact as rich text for a QLabel; every value escaped, links only to the pack's https pages."""
    e = html.escape
    lines = [f"<b>{e(contact.name)}</b>"]
    who = contact.for_ + (f" ({contact.ages})" if contact.ages else "")
    if who:
        lines.append(e(who))
    ways = []
    if contact.phone:
        ways.append(f"Call <b>{e(contact.phone)}</b>")
    if contact.text:
        text = contact.text if contact.text.lower().startswith("text") else f"Text {contact.text}"
        ways.append(e(text))
    if contact.link:
        ways.append(f"<a href=\"{e(contact.link, quote=True)}\">{e(_site(contact.link))}</a>")
    if ways:
        lines.append(" \u00b7 ".join(ways))
    if contact.hours:
        lines.append(f"<i>{e(contact.hours)}</i>")
    return "<br>".join(lines)


class HelpNowPage(Page):
    page_id = "help"
    title = "Get help now"

    quick_exit_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.region: Region | None = None
        self._contact_labels: list[QLabel] = []

        self.quick_exit_button = QPushButton("&Quick exit")
        self.quick_exit_button.setAccessibleName("Quick exit: hide Homeguard now")
        self.quick_exit_button.setToolTip(QUICK_EXIT_HELP)
        self.quick_exit_button.clicked.connect(self.quick_exit)
        exit_font = self.quick_exit_button.font()
        exit_font.setBold(True)
        self.quick_exit_button.setFont(exit_font)
        self.quick_exit_button.setMinimumHeight(self.quick_exit_button.fontMetrics().height() * 2)
        top = QHBoxLayout()
        top.addWidget(heading(self.title), 1)
        top.addWidget(self.quick_exit_button, 0, Qt.AlignmentFlag.AlignTop)
        intro = plain_label("If someone is threatening you or your child right now: you are not alone, and it is not "
                            "your fault. Go through these steps in order, at your own pace.")
        exit_hint = muted(plain_label(QUICK_EXIT_HELP + " Nothing is deleted."))

        # -- the steps --------------------------------------------------------------------------------------------
        steps = QWidget()
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(0, 0, 12, 0)
        steps_layout.setSpacing(10)
        steps_layout.addWidget(heading("What to do", 2))
        for number, step in enumerate(context.content.help_now.steps, 1):
            title = heading(f"{number}. {step.title}", 3)
            text = plain_label(step.text, selectable=True)
            text.setAccessibleName(step.title)
            steps_layout.addWidget(title)
            steps_layout.addWidget(text)
        if not context.content.help_now.steps:
            steps_layout.addWidget(plain_label("The help steps could not be read. If anyone is in danger, call your "
                                               "local emergency number."))
        steps_layout.addStretch(1)
        self._steps = steps
        steps_scroll = QScrollArea()
        steps_scroll.setWidget(steps)
        steps_scroll.setWidgetResizable(True)
        steps_scroll.setFrameShape(QFrame.Shape.NoFrame)
        steps_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        steps_scroll.setAccessibleName("What to do, step by step")

        # -- the contacts -----------------------------------------------------------------------------------------
        contacts_page = QWidget()
        contacts_outer = QVBoxLayout(contacts_page)
        contacts_outer.setContentsMargins(8, 8, 8, 8)
        region_row = QHBoxLayout()
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName("Where you live")
        self.region_combo.setToolTip("Choose where you live to see the right police, helplines and services")
        self.region_combo.currentIndexChanged.connect(self._on_region)
        region_label = QLabel("Where you &live:")  # Alt+W is "Write down what happened"
        region_label.setBuddy(self.region_combo)
        region_row.addWidget(region_label)
        region_row.addWidget(self.region_combo, 1)
        contacts_outer.addLayout(region_row)
        self.contacts = QWidget()
        self.contacts_layout = QVBoxLayout(self.contacts)
        self.contacts_layout.setContentsMargins(0, 0, 8, 0)
        self.contacts_layout.setSpacing(6)
        contacts_scroll = QScrollArea()
        contacts_scroll.setWidget(self.contacts)
        contacts_scroll.setWidgetResizable(True)
        contacts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        contacts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop: every contact in it is one (its card reads out whole, links included), and the area
        # scrolls to each by itself; a stop on the area would only be an empty pause for a screen reader.
        contacts_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        contacts_scroll.setAccessibleName("Contacts where you live")
        contacts_outer.addWidget(contacts_scroll, 1)

        self.notes = NotesEditor(context)
        # The same for the note's form, which holds only its labelled fields (NotesEditor does not do it itself).
        for area in self.notes.findChildren(QScrollArea):
            if not area.accessibleName():
                area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Contacts and notes")
        self.tabs.addTab(contacts_page, "Who to &contact")
        self.tabs.addTab(self.notes, "Write down &what happened")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(steps_scroll)
        self.splitter.addWidget(self.tabs)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(exit_hint)
        layout.addWidget(self.splitter, 1)

    def _side_by_side_width(self) -> int:
        """The width the steps and the contacts and notes need beside each other: the steps at a readable width
        (their longest word at least), the tabs at what their tab titles, buttons and the note's form need."""
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        steps = max(self._steps.minimumSizeHint().width(), self.fontMetrics().averageCharWidth() * STEPS_CHARACTERS)
        tabs = self.tabs.minimumSizeHint().width() + max(0, self.notes.needed_width() -
                                                         self.notes.minimumSizeHint().width())
        return steps + scroll_bar + self.splitter.handleWidth() + tabs

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The steps beside the contacts and notes when both fit, else above them (a large font, a narrow window):
        the order of the steps, the tabs and the keys that move between them stays the same."""
        super().resizeEvent(event)
        margins = self._layout.contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        side_by_side = room >= self._side_by_side_width()
        orientation = Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            # Shared evenly along the new direction once the splitter has its new size (it gets it after this).
            QTimer.singleShot(0, self, self._share_evenly)

    def _share_evenly(self) -> None:
        total = sum(self.splitter.sizes())
        self.splitter.setSizes([total // 2, total - total // 2])

    def refresh(self) -> None:
        """The region and its contacts as the settings say, and the notes as the notes file holds them (a note
        being written stays in its form)."""
        fill_region_combo(self.region_combo, self.context)
        self.show_region(self.context.region())
        self.notes.refresh()

    def show_region(self, region: Region | None) -> None:
        self.region = region
        layout = self.contacts_layout
        clear_layout(layout)
        self._contact_labels = []
        if region is None:
            layout.addWidget(plain_label("No contacts could be read. If anyone is in danger, call your local "
                                         "emergency number."))
            layout.addStretch(1)
            return
        layout.addWidget(heading(f"Who to contact: {region.name}", 2))
        for kind, title in KIND_TITLES.items():
            contacts = [c for c in region.contacts if c.kind == kind]
            if not contacts:
                continue
            layout.addWidget(heading(title, 3))
            for contact in contacts:
                frame, inner = card()
                inner.setContentsMargins(12, 8, 12, 8)
                label = QLabel(contact_html(contact))
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setWordWrap(True)
                label.setOpenExternalLinks(False)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                              Qt.TextInteractionFlag.TextSelectableByKeyboard |
                                              Qt.TextInteractionFlag.LinksAccessibleByMouse |
                                              Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
                label.setAccessibleName(contact.name)
                label.setAccessibleDescription(" ".join(p for p in (contact.for_, contact.phone, contact.link) if p))
                label.linkActivated.connect(self.context.open_url)
                label.setObjectName(f"contact-{contact.name}")
                inner.addWidget(label)
                self._contact_labels.append(label)
                layout.addWidget(frame)
        layout.addStretch(1)

    def contact_labels(self) -> list[QLabel]:
        """The contact cards of the region shown now (those of a region just left wait for Qt to delete them)."""
        return list(self._contact_labels)

    def _on_region(self) -> None:
        region_id = self.region_combo.currentData() or ""
        choose_region(self.context, region_id)  # saved, so the settings page and the report agree
        self.show_region(self.context.region())

    def quick_exit(self) -> None:
        self.quick_exit_requested.emit()
        quick_exit()
