"""Where the Report page's files go: the dialogs that ask the person, and the file names it suggests.

Apart from the page (ui/pages/report.py) because naming and choosing files is one question with its own rule: the
family's copies name the computer, while the report that travels names only the day, since it may be handed in
at a school and no one's name belongs in its file name. Each dialog is one small function; the page calls them
through its own module's names, so tests answer them there (``monkeypatch.setattr(report, "ask_save_path", ...)``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

HTML_FILTER = "Web page (*.html *.htm)"
PDF_FILTER = "PDF document (*.pdf)"
JSON_FILTER = "Homeguard report (*.json)"


def ask_save_path(parent: QWidget, title: str, suggested: str, name_filter: str) -> str:
    """Where to save a file; "" when the person cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    return path


def ask_open_path(parent: QWidget, title: str, folder: str, name_filter: str) -> str:
    """Which file to open; "" when the person cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, f"{name_filter};;All files (*)")
    return path


def ask_print(parent: QWidget, printer: QPrinter) -> bool:
    """The system's print dialog; True when the person chose to print (the printer is set up as they chose)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the report")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def safe_file_part(text: str) -> str:
    """A device name as a piece of a file name: letters, digits, dots and dashes only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return cleaned[:40] or "computer"


def suggested_path(folder: str, hostname: str, finished_at: float, extension: str) -> str:
    """The name offered for a saved copy, in ``folder`` when there is one: ``homeguard-<day>.json`` for the report
    that travels, ``homeguard-report-<computer>-<day>.<extension>`` for the family's own copies."""
    day = time.strftime("%Y-%m-%d", time.localtime(finished_at))
    if extension == "json":
        name = f"homeguard-{day}.json"
    else:
        name = f"homeguard-report-{safe_file_part(hostname)}-{day}.{extension}"
    return str(Path(folder) / name) if folder else name


__all__ = ["HTML_FILTER", "JSON_FILTER", "PDF_FILTER", "ask_open_path", "ask_print", "ask_save_path",
           "safe_file_part", "suggested_path"]
