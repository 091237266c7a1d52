"""The boxes of one evidence note: where it happened, their name, what they asked for, and the rest.

Apart from the notes editor (ui/widgets/notes_editor.py) because the form is one idea of its own: which box is one
line and which is a few, and hints short enough to fit a box whole at a large font. The editor decides when a note
is saved; the form only holds its words and says when the person changed them (``edited``), never when the editor
filled it in. The fields and their full hints are ``auditor.notes.FIELDS``, as the terminal asks them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from auditor.notes import FIELDS
from ui.style import fit_text

LONG_FIELDS = {"what_happened", "demanded", "payment_details", "other"}
# Shorter hints for the one-line fields, so each fits its box whole at a large font beside the steps; the field's
# label says the rest, and its tooltip keeps the whole hint from auditor.notes.FIELDS.
SHORT_HINTS = {
    "where": "App, game or website, e.g. Snapchat",
    "their_name": "Exactly as shown, spelling and all",
    "profile_link": "Their profile's address, if any",
    "paid": "How much, when and how, or none",
}


class NotesForm(QWidget):
    """One labelled box per field of a note, the labels above the boxes."""

    edited = Signal()  # the person changed a box (not emitted by set_values)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name, label, hint in FIELDS:
            editor: QLineEdit | QPlainTextEdit
            if name in LONG_FIELDS:
                editor = long_editor = QPlainTextEdit()
                long_editor.setTabChangesFocus(True)
                long_editor.setFixedHeight(long_editor.fontMetrics().lineSpacing() * 3 + 14)
                long_editor.textChanged.connect(self.edited)
            else:
                editor = line_editor = QLineEdit()
                line_editor.textEdited.connect(self.edited)
            editor.setPlaceholderText(SHORT_HINTS.get(name, hint))
            if isinstance(editor, QLineEdit):
                fit_text(editor)  # the hint is never cut: Get help now stacks its columns before it would be
            editor.setAccessibleName(label)
            editor.setToolTip(hint)
            self.fields[name] = editor
            form_label = QLabel(label + ":")
            form_label.setBuddy(editor)
            form.addRow(form_label, editor)
        form.setContentsMargins(0, 0, 0, 0)

    def values(self) -> dict[str, str]:
        """The words in every box, by field name."""
        return {name: editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
                for name, editor in self.fields.items()}

    def set_values(self, values: dict[str, str]) -> None:
        """Fill the boxes (a missing field empties its box) without announcing it as an edit."""
        for name, editor in self.fields.items():
            editor.blockSignals(True)
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(values.get(name, ""))
            else:
                editor.setText(values.get(name, ""))
            editor.blockSignals(False)


__all__ = ["LONG_FIELDS", "SHORT_HINTS", "NotesForm"]
