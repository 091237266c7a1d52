"""The questions the notes editor asks the person: delete for good, where to save the PDF, and the print dialog.

Apart from the editor (ui/widgets/notes_editor.py), one small function each, because they are where a person
answers instead of the program: the editor calls them by its own module's names, so tests answer them there
(``monkeypatch.setattr(notes_editor, "ask_confirm", ...)``) and no real dialog ever waits in a test.
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """True when the person answers Yes; Cancel is the default, as deleting cannot be undone."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes |
                                  QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_path(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
    """Where to save; "" when the person cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path


def ask_print(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system's print dialog; True when the person chose to print (the printer is set up as they chose)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the notes")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


__all__ = ["ask_confirm", "ask_print", "ask_save_path"]
