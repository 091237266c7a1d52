"""School or club: a teacher's anonymous summary of a folder of reports, with its charts, saved as a page or a PDF.

The same summary as ``homeguard club summary FOLDER``: the folder is read by ``auditor.intake`` (every file
untrusted, read one at a time, as an anonymous report) and folded by ``auditor.club.summarise`` on a worker
(``context.tasks``), never on the main thread: a thousand reports take about a second. Everything on the page is
the summary's own numbers, already through the small-group rule (``auditor.club.protect``), so a group of fewer
than 5 computers or people is "fewer than 5" here exactly as in the terminal and the printed page.

Files that could not be used are named with their reason in a list the teacher can open: this is the teacher's own
screen, like the terminal's error output. Those names never reach the saved page or PDF (``auditor.club_html``),
where a file name could be a pupil's. Every text from a report is shown as plain text, never as markup.

Dialogs and the clock are module-level functions so that tests can answer them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from auditor.atomic_file import write_text
from auditor.plural import plural
from ui.pages import Page
from ui.style import button, heading, muted, plain_label, say
from ui.tasks import TaskHandle, TaskRefused
from ui.widgets.club_charts import CountsTable, ScoreHistogram
from ui.widgets.club_view import ClubSummaryView
from ui.widgets.report_print import documents_folder

if TYPE_CHECKING:
    from auditor.club import ClubSummary
    from auditor.intake import DeviceReport, Refused
    from ui.context import AppContext

TITLE = "Homeguard club summary"
HTML_FILTER = "Web page (*.html *.htm)"
PDF_FILTER = "PDF document (*.pdf)"
LINE_CHARS = 400  # one "not used" line: a file name and its reason, cut short past this


# -- dialogs and the clock, one small function each so tests can answer them -----------------------------------------

def ask_folder(parent: QWidget, start: str) -> str:
    """Which folder of reports to summarise; "" when the person cancels."""
    return QFileDialog.getExistingDirectory(parent, "Choose a folder of reports", start)


def ask_save_path(parent: QWidget, title: str, suggested: str, name_filter: str) -> str:
    """Where to save a file; "" when the person cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    return path


def now() -> float:
    """The time reports are judged against (30 days and more is out of date)."""
    return time.time()


# -- reading, on a worker -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FolderReading:
    """What became of one folder: the summary (None when the folder itself could not be read), each file not used
    with its reason, and, when there is nothing to show, why, in plain words."""

    folder: str
    summary: ClubSummary | None
    not_used: tuple[str, ...]
    problem: str = ""


def read_folder(folder: Path, when: float, handle: TaskHandle[FolderReading] | None = None) -> FolderReading:
    """Summarise every report in ``folder`` as ``homeguard club summary`` does; stops early when cancelled."""
    from auditor.cli_club import terminal_safe
    from auditor.club import summarise
    from auditor.intake import read_reports

    if not folder.exists():
        return FolderReading(str(folder), None, (), f"The folder {folder} could not be found. It may have been "
                             "moved or renamed, or the USB stick it was on taken out.")
    if not folder.is_dir():
        return FolderReading(str(folder), None, (), f"{folder} is a file, not a folder. Choose the folder the "
                             "reports are in.")
    not_used: list[str] = []

    def reports() -> Iterator[DeviceReport | Refused]:
        for item in read_reports([folder], now=when, for_club=True):
            if handle is not None:
                handle.raise_if_cancelled()
            yield item

    def refused(item: Refused) -> None:
        line = terminal_safe(item.message)
        not_used.append(line if len(line) <= LINE_CHARS else line[:LINE_CHARS - 1] + "\u2026")

    summary = summarise(reports(), when, on_refused=refused)
    problem = ""
    if summary.machines == 0:
        problem = ("None of the files in this folder could be used as a Homeguard report: each is named below with "
                   "the reason." if not_used else "There are no Homeguard reports in this folder. Reports are files "
                   "ending in .json, saved by Homeguard on each computer.")
    return FolderReading(str(folder), summary, tuple(not_used), problem)


def write_pdf(target: Path, html: str) -> int:
    """The page on A4, as the Report page prints it, whole or not at all (``ui.widgets.report_print.save_pdf``).
    On a worker; the printing code is loaded only when a PDF is asked for."""
    from ui.widgets.report_print import save_pdf

    return save_pdf(html, target, TITLE)


# -- the page -------------------------------------------------------------------------------------------------------

class ClubPage(Page):
    page_id = "club"
    title = "School or club"

    summarised = Signal()  # a folder was read (or could not be): the page shows what became of it
    exported = Signal(str, str)  # kind ("html" or "pdf"), where it went
    export_failed = Signal(str, str)  # kind, the reason in plain words

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.reading: FolderReading | None = None
        self._asked = 0  # folders asked for; news about an older one is dropped
        self._reading_job: TaskHandle[FolderReading] | None = None
        self._pdf_job: TaskHandle[int] | None = None
        documents = documents_folder()
        self.folder = documents
        self.save_folder = documents

        intro = plain_label(
            "For a teacher or club leader: an anonymous summary of the reports pupils or club computers saved, "
            "with no names, computer names or file paths, and any group of fewer than 5 shown as \u201cfewer "
            "than 5\u201d. Nothing is sent anywhere.")
        families = muted(plain_label("Families can ignore this page: the Overview and Report cover a home."))
        self.choose_button = button("&Choose a folder of reports\u2026", "Choose a folder of reports",
                                    tip="A folder of Homeguard report files (.json), such as a USB stick's",
                                    on_click=self.choose_folder)
        self.html_button = button("Save as H&TML\u2026", "Save the club summary as a web page",
                                  tip="The summary as one page that opens in any web browser",
                                  on_click=self.save_html)
        self.pdf_button = button("Save as &PDF\u2026", "Save the club summary as a PDF",
                                 tip="The summary on A4 paper, ready to print or send", on_click=self.save_pdf)
        row = QHBoxLayout()
        for widget in (self.choose_button, self.html_button, self.pdf_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.message = plain_label("", selectable=True)
        self.message.setAccessibleName("Message")
        self.message.hide()

        self.view = ClubSummaryView()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps; a table scrolls
        scroll.setWidget(self.view)
        scroll.setAccessibleName("Club summary")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading(self.title))
        layout.addWidget(intro)
        layout.addWidget(families)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self._update_buttons()

    # -- choosing and reading ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._reading_job is not None

    def choose_folder(self) -> None:
        folder = ask_folder(self, self.folder)
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path) -> bool:
        """Read and summarise ``folder`` on a worker; ``summarised`` follows on the main thread."""
        if self._reading_job is not None:
            self._reading_job.cancel()
        self._asked += 1
        asked, when = self._asked, now()
        self.folder = str(folder)
        try:
            self._reading_job = self.context.tasks.run(
                lambda handle: read_folder(folder, when, handle), name="summarise a folder of reports",
                on_success=lambda reading: self._read(asked, reading),
                on_failure=lambda exc: self._read_failed(asked, folder, exc))
        except TaskRefused as exc:
            self._say(str(exc), problem=True)
            return False
        self._say(f"Reading the reports in {folder}\u2026")
        self._update_buttons()
        return True

    def _read(self, asked: int, reading: FolderReading) -> None:
        if asked != self._asked:
            return  # another folder was chosen meanwhile
        self._reading_job = None
        self.reading = reading
        self._say(reading.problem, problem=bool(reading.problem))
        self.view.show_summary(reading.summary, reading.not_used)
        self._update_buttons()
        self.summarised.emit()

    def _read_failed(self, asked: int, folder: Path, exc: BaseException) -> None:
        from ui.tasks import Cancelled

        if asked != self._asked or isinstance(exc, Cancelled):
            return
        self._read(asked, FolderReading(str(folder), None, (), f"The reports could not be read: {exc}"))

    # -- what is shown -------------------------------------------------------------------------------------------
    def _say(self, text: str, *, problem: bool = False) -> None:
        say(self.message, self, text, problem=problem)

    def _update_buttons(self) -> None:
        has = self.reading is not None and self.reading.summary is not None and self.reading.summary.machines != 0
        self.html_button.setEnabled(has)
        self.pdf_button.setEnabled(has and self._pdf_job is None)

    # -- saving --------------------------------------------------------------------------------------------------
    def _page_html(self) -> str:
        from auditor.club_html import render_html

        assert self.reading is not None and self.reading.summary is not None
        return render_html(self.reading.summary)

    def _ask_target(self, title: str, extension: str, name_filter: str) -> Path | None:
        day = time.strftime("%Y-%m-%d", time.localtime(now()))
        suggested = str(Path(self.save_folder) / f"homeguard-club-summary-{day}.{extension}") if self.save_folder \
            else f"homeguard-club-summary-{day}.{extension}"
        path = ask_save_path(self, title, suggested, name_filter)
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(f".{extension}")
        self.save_folder = str(target.parent)
        return target

    def save_html(self) -> bool:
        if not self.html_button.isEnabled():
            return False
        target = self._ask_target("Save the club summary as a web page", "html", HTML_FILTER)
        if target is None:
            return False
        try:
            write_text(target, self._page_html())  # whole or not at all
        except OSError as exc:
            return self._failed("html", f"The summary could not be saved to {target}: {exc.strerror or exc}.")
        self._say(f"Saved the club summary to {target}.")
        self.exported.emit("html", str(target))
        return True

    def save_pdf(self) -> bool:
        """Ask where, then lay the page out on a worker; ``exported`` or ``export_failed`` says how it went."""
        if not self.pdf_button.isEnabled():
            return False
        target = self._ask_target("Save the club summary as a PDF", "pdf", PDF_FILTER)
        if target is None:
            return False
        html = self._page_html()
        done: Callable[[int], None] = lambda pages: self._pdf_done(target, pages, "")  # noqa: E731
        try:
            self._pdf_job = self.context.tasks.run(
                lambda handle: write_pdf(target, html), on_success=done, name="write the club summary (pdf)",
                on_failure=lambda exc: self._pdf_done(target, 0, getattr(exc, "strerror", None) or str(exc)))
        except TaskRefused as exc:
            return self._failed("pdf", str(exc))
        self._say("Writing the PDF\u2026")
        self._update_buttons()
        return True

    def _pdf_done(self, target: Path, pages: int, error: str) -> None:
        self._pdf_job = None
        self._update_buttons()
        if error:
            self._failed("pdf", f"The PDF could not be written to {target}: {error}")
            return
        self._say(f"Saved the club summary as a PDF ({plural(pages, 'page')}) to {target}.")
        self.exported.emit("pdf", str(target))

    def _failed(self, kind: str, reason: str) -> bool:
        self._say(reason, problem=True)
        self.export_failed.emit(kind, reason)
        return False

    # -- for tests -----------------------------------------------------------------------------------------------
    def shown_texts(self) -> list[str]:
        """Every text the page shows: labels, buttons, tables, lists, and what the charts say in words."""
        from PySide6.QtWidgets import QAbstractButton, QLabel

        texts = [w.text() for w in self.findChildren(QLabel) + self.findChildren(QAbstractButton)]
        texts += [w.toPlainText() for w in self.findChildren(QPlainTextEdit)]
        texts += [cell for table in self.findChildren(CountsTable) for cell in table.cell_texts()]
        texts += [w.describe() for w in self.findChildren(ScoreHistogram)]
        texts += [w.accessibleName() + " " + w.toolTip() for w in self.findChildren(QWidget)]
        return [text for text in texts if text]


__all__ = ["ClubPage", "FolderReading", "ask_folder", "ask_save_path", "now", "read_folder"]
