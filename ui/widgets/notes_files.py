"""Where the evidence notes go, away from the window's thread: the notes file, written on the app's writer thread,
and the printed or PDF summary, laid out on a worker.

Writes are serial work of the task manager (``context.tasks``): each runs after every write asked for before it,
and ``context.shutdown()`` lets queued writes finish, so a note saved just before quitting is in the file. They are
not ``context.save`` calls because the notes are kept apart from the history and only the notes editor shows them:
no page needs ``data_changed`` for them. The summary's QTextDocument (and the QPdfWriter) is made on the worker that
paints it and dropped there, as the report page does; Qt allows painting on a printer or PDF writer off the main
thread, and the task manager's workers are QThreads, which the text layout's timers need.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from auditor.atomic_file import Replacement
from auditor.notes import Note, NotesStore, summary_html
from auditor.store import StoreError
from ui.context import AppContext
from ui.tasks import TaskHandle, TaskRefused

T = TypeVar("T")
EXPECTED_FAILURES = (StoreError, OSError, sqlite3.Error, TaskRefused)  # said in plain words, never a crash dialog


class NoteSlot:
    """Which note a form is editing, shared by the writes queued for it. The first write of a new note fills in its
    id on the writer thread, so a later write of the same form updates that note instead of adding another: writes
    run one at a time and in order, so the id is set before the next write reads it."""

    def __init__(self, note_id: int | None = None) -> None:
        self.id = note_id


def write_notes(context: AppContext, change: Callable[[NotesStore], T], then: Callable[[T, list[Note]], None],
                failed: Callable[[BaseException], None], name: str) -> bool:
    """Queue ``change`` for the writer thread. On the main thread, ``then(value, notes)`` follows with every note as
    the file holds them afterwards, or ``failed(exc)`` (an unexpected error is also shown as one). False when the
    app is closing and the write was refused (``failed`` has been told)."""
    data_dir = context.store.data_dir

    def work(handle: TaskHandle[tuple[T, list[Note]]]) -> tuple[T, list[Note]]:
        notes = NotesStore(data_dir)
        value = change(notes)
        return value, notes.list()

    def broke(exc: BaseException) -> None:
        failed(exc)
        if not isinstance(exc, EXPECTED_FAILURES):
            context.tasks.present_error(exc)

    try:
        context.tasks.run(work, on_success=lambda done: then(*done), on_failure=broke, name=name, serial=True)
    except TaskRefused as exc:
        failed(exc)
        return False
    return True


def summary_document(notes: list[Note]) -> QTextDocument:
    """The summary as rich text. Made on the thread that prints it, and dropped there."""
    document = QTextDocument()
    document.setHtml(summary_html(notes))  # every value in it is escaped by auditor.notes
    return document


def print_summary_on(device: QPagedPaintDevice, notes: list[Note]) -> None:
    """Lay the summary out and paint it on a printer or a PDF writer; safe on a task manager's worker."""
    summary_document(notes).print_(device)


def write_summary_pdf(path: str, notes: list[Note]) -> None:
    """Write the summary as an A4 PDF, on a worker, whole or not at all: painted on a hidden file beside ``path``,
    which then replaces it (``auditor.atomic_file``). Raises OSError, in the system's words, when the file cannot be
    written (QPdfWriter itself would only print a warning)."""
    with Replacement(path) as replacement:
        writer = QPdfWriter(str(replacement.path))
        writer.setTitle("Notes about online blackmail")
        writer.setCreator("Homeguard")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
        print_summary_on(writer, notes)
        del writer  # closes the file before it is put in place


__all__ = ["EXPECTED_FAILURES", "NoteSlot", "print_summary_on", "summary_document", "write_notes",
           "write_summary_pdf"]
