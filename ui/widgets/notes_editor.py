"""Writing down what happened, on Get help now: list, add, change and delete evidence notes, and print them or
save them as a PDF to hand to the police or a helpline.

Notes are plain text, kept on this computer by ``auditor.notes.NotesStore``: there is no way to attach a picture,
and the words say to leave the messages where they are. The dialogs are small module functions so that tests can
answer them instead of a person.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QMarginsF, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QVBoxLayout,
    QWidget,
)

from auditor.notes import FIELDS, Note, NotesStore, summary_html
from auditor.store import StoreError
from ui.context import AppContext
from ui.models.notes import NotesModel
from ui.models.roles import ITEM_ROLE
from ui.style import muted, plain_label

LONG_FIELDS = {"what_happened", "demanded", "payment_details", "other"}


# -- dialogs, as small functions so tests can replace them --------------------------------------------------------

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
            editor: QLineEdit | QPlainTextEdit
            if name in LONG_FIELDS:
                editor = long_editor = QPlainTextEdit()
                long_editor.setTabChangesFocus(True)
                long_editor.setFixedHeight(long_editor.fontMetrics().lineSpacing() * 3 + 14)
                long_editor.textChanged.connect(self._mark_dirty)
            else:
                editor = line_editor = QLineEdit()
                line_editor.textEdited.connect(self._mark_dirty)
            editor.setPlaceholderText(hint)
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
        self.model.set_rows(notes)
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
        note = current.data(ITEM_ROLE) if current.isValid() else None
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
        summary_document(self.model.rows()).print_(printer)
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
            write_summary_pdf(path, self.model.rows())
        except OSError as exc:
            self._say(f"The PDF could not be saved: {exc}")
            return
        self._say(f"Saved as {path}")

    def _say(self, text: str) -> None:
        self.message.setText(text)


__all__ = ["NotesEditor", "ask_confirm", "ask_print", "ask_save_path", "summary_document", "write_summary_pdf"]
