"""Writing down what happened, on Get help now: list, add, change and delete evidence notes, and print them or
save them as a PDF to hand to the police or a helpline.

Notes are plain text, kept on this computer by ``auditor.notes.NotesStore``: there is no way to attach a picture,
and the words say to leave the messages where they are. The note's boxes are ``ui.widgets.notes_form``'s; the
dialogs are ``ui.widgets.notes_dialogs``'s, called through this module's names so that tests can answer them here.

The window never waits for the notes file: writes go to the writer thread and the summary is laid out on
a worker (ui/widgets/notes_files.py). The note the form is editing travels with its writes (``NoteSlot``), so a
new note saved twice before the first write is done is added once and then updated. Printing and the PDF first
wait for those writes (``context.after_saves``), so what is printed includes what was just typed.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from auditor.notes import Note, NotesStore, clean_values
from auditor.store import StoreError
from ui.context import AppContext
from ui.models.notes import NotesModel
from ui.models.roles import ITEM_ROLE
from ui.style import muted, plain_label
from ui.tasks import TaskHandle, TaskRefused
from ui.widgets.notes_dialogs import ask_confirm, ask_print, ask_save_path  # by these names: tests answer them
from ui.widgets.notes_files import (
    EXPECTED_FAILURES,
    NoteSlot,
    print_summary_on,
    summary_document,
    write_notes,
    write_summary_pdf,
)
from ui.widgets.notes_form import NotesForm
from ui.widgets.report_print import documents_folder


class NotesEditor(QWidget):
    """List, add, edit and delete evidence notes; print them or save them as a PDF."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._slot = NoteSlot()
        self._dirty = False
        self._quiet = False  # the list's current row is being set by the editor itself, not chosen by the person
        self._exporting = False  # from a click on Print or PDF until the summary was written (or the dialog closed)
        self._said = 0  # messages shown so far: "Saved at" does not cover a message shown after the save was asked

        intro = plain_label("Write down the facts as text, before blocking anyone: usernames, links, dates, and what "
                            "they asked for. Screenshots of the chat, the profile and any demands are good evidence "
                            "too. Never screenshot, save or forward a nude or sexual picture; leave the messages "
                            "where they are.")
        self.model = NotesModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Your notes")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 5)  # about four notes in view
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

        self.form = NotesForm()
        self.form.edited.connect(self._mark_dirty)
        self.fields = self.form.fields  # by field name, as tests and the new note's focus reach them
        # The words, the list and the form scroll up and down as one, so a large font never squeezes the form to
        # nothing under them, and Get help now can give its steps room when it stacks them above this.
        self._body = QWidget()
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 8, 0)
        body.addWidget(intro)
        body.addWidget(self.list)
        body.addWidget(self.no_notes)
        body.addLayout(list_buttons)
        body.addWidget(self.form)
        body.addStretch(1)
        form_scroll = QScrollArea()
        form_scroll.setWidget(self._body)
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

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(form_scroll, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        self._update_buttons()  # the notes are read in refresh(), when Get help now is shown

    def needed_width(self) -> int:
        """The width the editor needs to show its words and form whole. They scroll only up and down, and a scroll
        area does not pass its contents' minimum width on, so the page asks here before it sets its columns side by
        side."""
        margins = self._layout.contentsMargins()
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        form = self._body.minimumSizeHint().width() + scroll_bar + margins.left() + margins.right()
        return max(self.minimumSizeHint().width(), form)

    # -- what is shown ---------------------------------------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        """The note in the form; None for a new one (until its first write is done)."""
        return self._slot.id

    def refresh(self) -> None:
        """Show the notes as they are in the file, keeping the form as it is. Get help now calls this when shown."""
        try:
            notes = NotesStore(self.context.store.data_dir).list()
        except StoreError as exc:
            notes = []
            self._say(str(exc))
        self._show_rows(notes)
        if self.current_id is not None and self.model.row_of(self.current_id) < 0 and not self.context.tasks.saving:
            # Deleted elsewhere (Settings: delete all data): words typed since stay, as a new note.
            if self._dirty:
                self._slot = NoteSlot()
                self._update_buttons()
            else:
                self._load(None)

    def _show_rows(self, notes: list[Note]) -> None:
        """Put ``notes`` in the list with the form's note selected; the form itself is left alone."""
        self._quiet = True
        try:
            self.model.set_rows(notes)
            row = self.model.row_of(self.current_id) if self.current_id is not None else -1
            self.list.setCurrentIndex(self.model.index(row, 0) if row >= 0 else QModelIndex())
            if row < 0:
                self.list.clearSelection()
        finally:
            self._quiet = False
        self._update_buttons()

    def values(self) -> dict[str, str]:
        return self.form.values()

    def set_values(self, values: dict[str, str]) -> None:
        self.form.set_values(values)
        self._dirty = False

    def _load(self, note: Note | None) -> None:
        self._slot = NoteSlot(note.id if note else None)
        self.set_values(note.values if note else {})
        self._update_buttons()

    def _start_new(self) -> None:
        """An empty form for a new note, and nothing chosen in the list."""
        self._quiet = True
        try:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
        finally:
            self._quiet = False
        self._load(None)

    def _mark_dirty(self) -> None:
        self._dirty = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_notes = self.model.rowCount() > 0
        self.list.setVisible(has_notes)
        self.no_notes.setVisible(not has_notes)
        self.delete_button.setEnabled(self.current_id is not None)
        self.delete_all_button.setEnabled(has_notes)
        printable = (has_notes or self._dirty) and not self._exporting
        self.print_button.setEnabled(printable)
        self.pdf_button.setEnabled(printable)

    # -- actions ---------------------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Keep the form as its note (a new one if it has none); written in the background. Says why when it
        cannot, and "Saved at" once it is written. True when the write was asked for."""
        values = self.values()
        if not any(v.strip() for v in values.values()):
            self._say("There is nothing to save yet: write something in any of the boxes first.")
            return False
        slot, said = self._slot, self._said

        def write(notes: NotesStore) -> Note:
            note = notes.add(values) if slot.id is None else notes.update(slot.id, values)
            slot.id = note.id
            return note

        def written(_note: Note, notes: list[Note]) -> None:
            self._show_rows(notes)
            if self._said == said:
                self._say(f"Saved at {time.strftime('%H:%M')}. The note stays on this computer only.")

        def not_written(exc: BaseException) -> None:
            if slot is self._slot:
                self._dirty = True  # still to be saved: the next save, or choosing another note, tries again
                self._update_buttons()
            self._say(f"The note could not be saved: {exc}")

        if not write_notes(self.context, write, written, not_written, "save a note"):
            return False
        self._dirty = False
        row = self.model.row_of(slot.id) if slot.id is not None else -1
        note = self.model.item_at(row)
        if note is not None:  # the list shows the change at once, and the note shows so if chosen again meanwhile
            self.model.replace_at(row, dataclasses.replace(note, values=clean_values(values)))
        self._update_buttons()
        return True

    def _save_if_dirty(self) -> None:
        if self._dirty and any(v.strip() for v in self.values().values()):
            self.save()

    def new_note(self) -> None:
        self._save_if_dirty()
        self._start_new()
        self.fields["where"].setFocus(Qt.FocusReason.OtherFocusReason)
        self._say("A new, empty note. Press Save note when you are done.")

    def delete_note(self) -> None:
        note_id = self.current_id
        if note_id is None:
            return
        if not ask_confirm(self, "Delete this note?", "Delete this note from this computer? This cannot be undone."):
            return
        self._start_new()

        def deleted(_gone: bool, notes: list[Note]) -> None:
            self._show_rows(notes)
            self._say("The note was deleted.")

        write_notes(self.context, lambda store: store.delete(note_id), deleted,
                    lambda exc: self._say(f"The note could not be deleted: {exc}"), "delete a note")

    def delete_all(self) -> None:
        if not ask_confirm(self, "Delete all notes?", "Delete every note from this computer? Print them or save "
                                                      "them as a PDF first if you still need them. This cannot be "
                                                      "undone."):
            return
        self._start_new()

        def deleted(_none: None, notes: list[Note]) -> None:
            self._show_rows(notes)
            self._say("All notes were deleted.")

        write_notes(self.context, lambda store: store.delete_all(), deleted,
                    lambda exc: self._say(f"The notes could not be deleted: {exc}"), "delete all notes")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        note = current.data(ITEM_ROLE) if current.isValid() else None
        if note is None or note.id == self.current_id:
            return
        self._save_if_dirty()  # the edits are kept: written in the background while the chosen note is shown
        self._load(note)

    # -- printing and PDF ------------------------------------------------------------------------------------------
    def print_summary(self) -> None:
        self._export(self._ask_and_print)

    def save_pdf(self) -> None:
        self._export(self._ask_and_write_pdf)

    def _export(self, then: Callable[[], None]) -> None:
        """Keep the form first, then, once every write is done, ask where and write the summary."""
        if self._exporting:
            return
        self._save_if_dirty()
        self._exporting = True
        self._update_buttons()
        try:
            self.context.after_saves(then)
        except TaskRefused as exc:
            self._export_done(str(exc))

    def _ask_and_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Notes about online blackmail")
        if not ask_print(self, printer):
            self._export_done()
            return
        notes = self.model.rows()
        # The work holds the printer (set up by the dialog, here) until the worker has painted on it.
        self._start_job(lambda: print_summary_on(printer, notes), "print the notes",
                        "The notes were sent to the printer.", "The notes could not be printed")

    def _ask_and_write_pdf(self) -> None:
        suggested = str(Path(documents_folder(), "homeguard-notes.pdf"))  # their documents, not the app's data
        path = ask_save_path(self, "Save the notes as a PDF", suggested, "PDF files (*.pdf)")
        if not path:
            self._export_done()
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        notes = self.model.rows()
        self._start_job(lambda: write_summary_pdf(path, notes), "write the notes as a PDF", f"Saved as {path}",
                        "The PDF could not be saved")

    def _start_job(self, paint: Callable[[], None], name: str, done: str, failed: str) -> None:
        """Run ``paint`` on a worker; say ``done``, or ``failed`` with the reason, when it has finished."""

        def work(handle: TaskHandle[None]) -> None:
            paint()

        def broke(exc: BaseException) -> None:
            reason = exc if isinstance(exc, EXPECTED_FAILURES) else f"{type(exc).__name__}: {exc}"
            self._export_done(f"{failed}: {reason}")

        try:
            self.context.tasks.run(work, on_success=lambda _: self._export_done(done), on_failure=broke, name=name)
        except TaskRefused as exc:
            self._export_done(f"{failed}: {exc}")

    def _export_done(self, message: str = "") -> None:
        self._exporting = False
        self._update_buttons()
        if message:
            self._say(message)

    def _say(self, text: str) -> None:
        self._said += 1
        self.message.setText(text)


__all__ = ["NotesEditor", "ask_confirm", "ask_print", "ask_save_path", "summary_document", "write_summary_pdf"]
