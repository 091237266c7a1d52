"""Get help now: what to do, in order, when someone is being threatened; who to contact where the family lives;
a place to write down the facts as text; and a quick exit that hides Homeguard at once.

Everything shown comes from checks/manual/help-now.toml and the person's own notes. Notes are plain text: there is
no way to attach a picture, and the wording says to leave the messages where they are. Links open only when
clicked, through ``AppContext.open_url``.
"""

from __future__ import annotations

import html
import time
from urllib.parse import urlparse

from PySide6.QtCore import QAbstractListModel, QMarginsF, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from auditor.helpnow import KIND_TITLES
from auditor.notes import FIELDS, Note, NotesStore, summary_html
from auditor.packs import Contact, Region
from auditor.store import StoreError
from ui.context import AppContext
from ui.pages import Page
from ui.pages.settings import choose_region, fill_region_combo
from ui.style import card, clear_layout, heading, muted, plain_label

QUICK_EXIT_KEYS = ("Ctrl+Shift+Q",)
QUICK_EXIT_HELP = "Quick exit hides Homeguard at once. Shortcut: press Esc twice, or Ctrl+Shift+Q."
LONG_FIELDS = {"what_happened", "demanded", "payment_details", "other"}


# -- dialogs and the quick exit, as small functions so tests can replace them ------------------------------------

def ask_confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes |
                                  QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_path(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path


def ask_print(parent: QWidget | None, printer: QPrinter) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the notes")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def quick_exit() -> None:
    """Hide every Homeguard window at once. Nothing is closed, saved or cleared."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()


# -- printing and PDF --------------------------------------------------------------------------------------------

def summary_document(notes: list[Note]) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(summary_html(notes))  # every value in it is escaped by auditor.notes
    return document


def write_summary_pdf(path: str, notes: list[Note]) -> None:
    writer = QPdfWriter(path)
    writer.setTitle("Notes about online blackmail")
    writer.setCreator("Homeguard")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    summary_document(notes).print_(writer)


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


class NotesModel(QAbstractListModel):
    """The evidence notes, newest last, as one line each."""

    NoteRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._notes: list[Note] = []

    def set_notes(self, notes: list[Note]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def notes(self) -> list[Note]:
        return list(self._notes)

    def row_of(self, note_id: int) -> int:
        return next((i for i, n in enumerate(self._notes) if n.id == note_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role == self.NoteRole:
            return note
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            written = time.strftime("%d %b %Y", time.localtime(note.created_at))
            where = note.value("where") or note.value("their_name")
            where = " ".join(where.split())[:40]
            return " \u00b7 ".join(part for part in (f"Note {index.row() + 1}", where, written) if part)
        return None


class NotesEditor(QWidget):
    """List, add, edit and delete evidence notes; print them or save them as a PDF."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.current_id: int | None = None
        self._dirty = False

        intro = plain_label("Write down the facts as text, before blocking anyone: usernames, links, dates, and what "
                            "they asked for. Do not save or copy any pictures; leave the messages where they are.")
        self.model = NotesModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Your notes")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMaximumHeight(90)
        self.no_notes = muted(plain_label("No notes yet. Write in the boxes below, then press Save note."))
        self.list.selectionModel().currentRowChanged.connect(self._on_current)

        self.new_button = QPushButton("&New note")
        self.new_button.setAccessibleName("New note")
        self.new_button.clicked.connect(self.new_note)
        self.delete_button = QPushButton("Delete this note\u2026")
        self.delete_button.setAccessibleName("Delete this note")
        self.delete_button.clicked.connect(self.delete_note)
        self.delete_all_button = QPushButton("Delete all notes\u2026")
        self.delete_all_button.setAccessibleName("Delete all notes")
        self.delete_all_button.clicked.connect(self.delete_all)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.delete_button)
        list_buttons.addWidget(self.delete_all_button)
        list_buttons.addStretch(1)

        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name, label, hint in FIELDS:
            if name in LONG_FIELDS:
                editor: QLineEdit | QPlainTextEdit = QPlainTextEdit()
                editor.setPlaceholderText(hint)
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 14)
                editor.textChanged.connect(self._mark_dirty)
            else:
                editor = QLineEdit()
                editor.setPlaceholderText(hint)
                editor.textEdited.connect(self._mark_dirty)
            editor.setAccessibleName(label)
            editor.setToolTip(hint)
            self.fields[name] = editor
            form_label = QLabel(label + ":")
            form_label.setBuddy(editor)
            form.addRow(form_label, editor)
        form_scroll = QScrollArea()
        form_scroll.setWidget(form_widget)
        form_scroll.setWidgetResizable(True)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.save_button = QPushButton("&Save note")
        self.save_button.setAccessibleName("Save note")
        self.save_button.setToolTip("Keep this note on this computer (Ctrl+S)")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton("&Print\u2026")
        self.print_button.setAccessibleName("Print the notes")
        self.print_button.setToolTip("Print all notes as one summary, to hand to the police or a helpline")
        self.print_button.clicked.connect(self.print_summary)
        self.pdf_button = QPushButton("Save as P&DF\u2026")
        self.pdf_button.setAccessibleName("Save the notes as a PDF")
        self.pdf_button.setToolTip("Save all notes as one PDF summary")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.message = muted(plain_label(""))
        self.message.setAccessibleName("Notes: message")
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addStretch(1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.pdf_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.no_notes)
        layout.addLayout(list_buttons)
        layout.addWidget(form_scroll, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        self.reload()

    # -- storage -------------------------------------------------------------------------------------------------
    @property
    def notes_store(self) -> NotesStore:
        return NotesStore(self.context.store.data_dir)

    def reload(self, select_id: int | None = None) -> None:
        try:
            notes = self.notes_store.list()
        except StoreError as exc:
            notes = []
            self._say(str(exc))
        self.model.set_notes(notes)
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))
        else:
            self._load(None)
        self._update_buttons()

    def values(self) -> dict[str, str]:
        return {name: editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
                for name, editor in self.fields.items()}

    def set_values(self, values: dict[str, str]) -> None:
        for name, editor in self.fields.items():
            editor.blockSignals(True)
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(values.get(name, ""))
            else:
                editor.setText(values.get(name, ""))
            editor.blockSignals(False)
        self._dirty = False

    def _load(self, note: Note | None) -> None:
        self.current_id = note.id if note else None
        self.set_values(note.values if note else {})
        self._update_buttons()

    def _mark_dirty(self) -> None:
        self._dirty = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_notes = self.model.rowCount() > 0
        self.list.setVisible(has_notes)
        self.no_notes.setVisible(not has_notes)
        self.delete_button.setEnabled(self.current_id is not None)
        self.delete_all_button.setEnabled(has_notes)
        printable = has_notes or self._dirty
        self.print_button.setEnabled(printable)
        self.pdf_button.setEnabled(printable)

    # -- actions -------------------------------------------------------------------------------------------------
    def _write(self) -> Note | None:
        """Store the form as the current note (a new one if there is none). Says why when it cannot."""
        values = self.values()
        if not any(v.strip() for v in values.values()):
            self._say("There is nothing to save yet: write something in any of the boxes first.")
            return None
        try:
            if self.current_id is None:
                note = self.notes_store.add(values)
            else:
                note = self.notes_store.update(self.current_id, values)
        except StoreError as exc:
            self._say(f"The note could not be saved: {exc}")
            return None
        self._dirty = False
        self.current_id = note.id
        self._say(f"Saved at {time.strftime('%H:%M')}. The note stays on this computer only.")
        self.changed.emit()
        return note

    def save(self) -> bool:
        note = self._write()
        if note is None:
            return False
        self.reload(select_id=note.id)
        return True

    def _save_if_dirty(self) -> None:
        if self._dirty and any(v.strip() for v in self.values().values()):
            self.save()

    def new_note(self) -> None:
        self._save_if_dirty()
        self.list.clearSelection()
        self.list.setCurrentIndex(QModelIndex())
        self._load(None)
        self.fields["where"].setFocus(Qt.FocusReason.OtherFocusReason)
        self._say("A new, empty note. Press Save note when you are done.")

    def delete_note(self) -> None:
        if self.current_id is None:
            return
        if not ask_confirm(self, "Delete this note?", "Delete this note from this computer? This cannot be undone."):
            return
        self.notes_store.delete(self.current_id)
        self._dirty = False
        self.reload()
        self._say("The note was deleted.")
        self.changed.emit()

    def delete_all(self) -> None:
        if not ask_confirm(self, "Delete all notes?", "Delete every note from this computer? Print them or save "
                                                      "them as a PDF first if you still need them. This cannot be "
                                                      "undone."):
            return
        self.notes_store.delete_all()
        self._dirty = False
        self.reload()
        self._say("All notes were deleted.")
        self.changed.emit()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        note = current.data(NotesModel.NoteRole) if current.isValid() else None
        if note is None or note.id == self.current_id:
            return
        if self._dirty and any(v.strip() for v in self.values().values()) and self._write() is not None:
            # The edits were kept; show the list again with the note the person picked.
            QTimer.singleShot(0, self, lambda: self.reload(select_id=note.id))
            return
        self._load(note)

    def print_summary(self) -> None:
        self._save_if_dirty()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Notes about online blackmail")
        if not ask_print(self, printer):
            return
        summary_document(self.model.notes()).print_(printer)
        self._say("The notes were sent to the printer.")

    def save_pdf(self) -> None:
        self._save_if_dirty()
        suggested = str(self.context.store.data_dir.parent / "homeguard-notes.pdf")
        path = ask_save_path(self, "Save the notes as a PDF", suggested, "PDF files (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_summary_pdf(path, self.model.notes())
        except OSError as exc:
            self._say(f"The PDF could not be saved: {exc}")
            return
        self._say(f"Saved as {path}")

    def _say(self, text: str) -> None:
        self.message.setText(text)


class HelpNowPage(Page):
    page_id = "help"
    title = "Get help now"

    quick_exit_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.region: Region | None = None

        self.quick_exit_button = QPushButton("&Quick exit")
        self.quick_exit_button.setAccessibleName("Quick exit: hide Homeguard now")
        self.quick_exit_button.setToolTip(QUICK_EXIT_HELP)
        self.quick_exit_button.clicked.connect(self.quick_exit)
        self.quick_exit_button.setMinimumHeight(36)
        exit_font = self.quick_exit_button.font()
        exit_font.setBold(True)
        self.quick_exit_button.setFont(exit_font)
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
        region_label = QLabel("&Where you live:")
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
        contacts_outer.addWidget(contacts_scroll, 1)

        self.notes = NotesEditor(context)
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(exit_hint)
        layout.addWidget(self.splitter, 1)
        self.refresh()

    def refresh(self) -> None:
        fill_region_combo(self.region_combo, self.context)
        self.show_region(self.context.region())

    def show_region(self, region: Region | None) -> None:
        self.region = region
        layout = self.contacts_layout
        clear_layout(layout)
        self._contact_labels: list[QLabel] = []
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
