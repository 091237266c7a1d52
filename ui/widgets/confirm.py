"""Asking before something that cannot be undone, such as removing a person or a device.

A function of its own so that tests can answer it (``monkeypatch.setattr(confirm, "ask_confirm", ...)``) instead
of a real dialog, which would wait for a click that never comes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """True when the person presses ``action`` (e.g. "Remove Sam"); "Keep" is the default and does nothing."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is yes


__all__ = ["ask_confirm"]
