"""The report: a preview of the printable page, this computer's report to take elsewhere, and the family's copies
as a web page, a PDF or on paper.

The page is ``auditor.report_html.render_html`` of the newest scan with the family's current answers, the same
page the terminal writes with ``--html``, so what a parent previews, prints and sends to a school is one thing.
With other computers' reports added, the preview, web page, PDF and print are the whole home's report
(``auditor.report_html_household``), their kept reports read on a worker (``auditor.household_picture.home_of``);
the JSON report stays this computer's own, as a report that travels is one computer's.
Links in it open only when clicked, in the person's own browser. A saved JSON report can be opened to look at
again; a file that is not one gets the plain reason, never a crash.

"Save this computer's report" writes the report that travels (``auditor.reports.build_report`` with this data
folder's install id), named ``homeguard-<date>.json`` so no one's name is in the file name. With the "Anonymous"
switch on it is the report a pupil can hand in (``anonymous=True``); the named copies are off meanwhile (see
``ui.widgets.report_actions``).

PDF and printing lay the page out on A4 through the app's task manager (``context.tasks``), with a QTextDocument
and a QPdfWriter made on the worker and dropped there (Qt allows painting on a QPdfWriter or QPrinter off the main
thread; the task manager's workers are QThreads, which the text layout's timers need), because a long report takes
longer than the window may pause for. Quitting waits for a PDF being written. Dialogs and suggested file names are
``ui.widgets.report_files``'s, called through this module's names, so tests can answer the dialogs here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QStackedWidget, QTextBrowser, QVBoxLayout, QWidget

from auditor.atomic_file import Replacement, write_text
from auditor.model import ScanRun
from auditor.plural import plural
from auditor.report_html import household_summary_lines
from auditor.report_html_household import render_household_html, report_title
from auditor.reports import ReportError, build_report, load_report, to_json
from auditor.scoring import Scorecard, scorecard
from ui.context import AppContext
from ui.pages import Page
from ui.style import heading, is_dark, muted, plain_label, say
from ui.tasks import TaskHandle, TaskRefused
from ui.widgets.report_actions import FAMILY_ONLY_NOTE, ReportActions
from ui.widgets.report_files import (  # called by these names here, so that tests can answer the dialogs
    HTML_FILTER,
    JSON_FILTER,
    PDF_FILTER,
    ask_open_path,
    ask_print,
    ask_save_path,
    safe_file_part,
    suggested_path,
)
from ui.widgets.report_print import PAGE_MARGINS_MM, documents_folder, print_html, save_pdf
from ui.widgets.scan_panel import ScanPanel

if TYPE_CHECKING:
    from auditor.household_score import HouseholdScore


class ReportPage(Page):
    page_id = "report"
    title = "Report"

    exported = Signal(str, str)  # kind ("html", "pdf", "json", "print"), where it went
    export_failed = Signal(str, str)  # kind, the reason in plain words

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.run: ScanRun | None = None
        self.card: Scorecard | None = None
        self.source_file: str = ""  # set while a saved report file is shown instead of the latest scan
        self.source_install_id: str | None = None  # that file's own install id, kept when it is saved again
        self.source_anonymous = False  # that file is an anonymous report: saved again, it stays one
        self.preview_html = ""
        self._household_lines: list[str] | None = None
        self.home: HouseholdScore | None = None  # the whole home, when other computers were added (not for a file)
        self._home_asked = 0  # pictures of the home asked for; one worked out for an older ask is dropped
        self._job: TaskHandle[int] | None = None
        self._printer: QPrinter | None = None  # kept alive while the worker paints on it
        self.folder = documents_folder()

        intro = muted(plain_label(
            "A summary of the latest scan and the family's answers, to keep, print, or give to a school or a "
            "helper. It is made on this computer and goes nowhere unless you save or print it."))
        self.source_label = plain_label()
        self.source_label.setAccessibleName("Which report is shown")

        self.report_actions = ReportActions(save=self.export_json, html=self.export_html, pdf=self.export_pdf,
                                            print_report=self.print_report, open_saved=self.open_saved,
                                            show_latest=self.show_latest)
        self.save_button = self.report_actions.save_button
        self.anonymous_switch = self.report_actions.anonymous_switch
        self.html_button = self.report_actions.html_button
        self.pdf_button = self.report_actions.pdf_button
        self.print_button = self.report_actions.print_button
        self.open_button = self.report_actions.open_button
        self.latest_button = self.report_actions.latest_button
        self.report_actions.update_state(has_run=False)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.print_report)

        self.message = plain_label(selectable=True)
        self.message.setAccessibleName("Message")
        self.message.hide()

        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Report preview")
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.anchorClicked.connect(self._link_clicked)

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 8, 0, 0)
        empty_layout.addWidget(plain_label(
            "There is no scan yet, so there is nothing to report. Scan this computer first; the report then "
            "shows the score, what needs fixing and what was not checked. You can also open a report saved "
            "earlier."))
        self.scan_panel = ScanPanel(context, "&Scan this computer")
        empty_layout.addWidget(self.scan_panel)
        empty_layout.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.preview)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading(self.title))
        layout.addWidget(intro)
        layout.addWidget(self.report_actions)
        layout.addWidget(self.message)
        layout.addWidget(self.source_label)
        layout.addWidget(self.stack, 1)

    # -- what is shown ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.source_file:
            return  # a saved report stays on screen until the person goes back to the latest scan
        run = self.context.current_run()
        self._household_lines = household_summary_lines(self.context.household) if run else None
        self._home_asked += 1
        if run is None or self.home is None:
            self.home = None
            self._show(run)  # while the home is read, the page shows what it showed, or this computer alone
        if run is not None:
            self._ask_home(run, self._home_asked)

    def _ask_home(self, run: ScanRun, asked: int) -> None:
        """Read the family's other computers on a worker; the home's report replaces the preview when ready."""
        from auditor.household_picture import home_of

        if not self.context.tasks.accepting:
            return
        store = self.context.store
        self.context.tasks.run(lambda handle: home_of(store, run, time.time()), name="read the other computers",
                               on_success=lambda home: self._home_ready(asked, run, home))

    def _home_ready(self, asked: int, run: ScanRun, home: HouseholdScore | None) -> None:
        if asked != self._home_asked or self.source_file:
            return  # a newer refresh is on its way, or a saved report is shown meanwhile
        if home is None and self.home is None and self.run is run:
            return  # this computer alone, already shown
        self.home = home
        self._show(run)

    def _show(self, run: ScanRun | None) -> None:
        self.run = run
        self.card = scorecard(run.results) if run else None
        self.report_actions.update_state(has_run=run is not None, busy=self.busy,
                                         showing_file=bool(self.source_file))
        if run is None:
            self.preview_html = ""
            self.preview.clear()
            self.source_label.hide()
            self.stack.setCurrentWidget(self.empty)
            return
        when = time.strftime("%d %b %Y, %H:%M", time.localtime(run.finished_at))
        if self.source_file:
            self.source_label.setText(f"Showing the saved report {Path(self.source_file).name} "
                                      f"(a scan of {run.hostname} on {when}).")
        elif self.home is not None:
            count = len(self.home.computers) - 1
            self.source_label.setText(f"Showing the latest scan ({when}) with the family's answers as they are now, "
                                      f"and the {plural(count, 'other computer')} in this home.")
        else:
            self.source_label.setText(f"Showing the latest scan ({when}) with the family's answers as they are now.")
        self.source_label.show()
        self.preview_html = render_household_html(run, self.home, self.card, household_summary=self._household_lines,
                                                  dark=is_dark())
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(self.preview_html)
        self.preview.document().setDocumentMargin(max(12, self.fontMetrics().height()))
        self.preview.verticalScrollBar().setValue(scroll)
        self.stack.setCurrentWidget(self.preview)

    def report_html(self) -> str:
        """The page as it is saved and printed: always the light, paper version."""
        assert self.run is not None
        return render_household_html(self.run, self.home, self.card, household_summary=self._household_lines)

    def _link_clicked(self, url: QUrl) -> None:
        if not url.scheme() and url.hasFragment():
            self.preview.scrollToAnchor(url.fragment())
        elif url.scheme() in ("http", "https"):
            self.context.open_url(url.toString())

    def _say(self, text: str, *, problem: bool = False) -> None:
        say(self.message, self, text, problem=problem)

    # -- files -----------------------------------------------------------------------------------------------------
    def _ask_target(self, title: str, extension: str, name_filter: str) -> str:
        assert self.run is not None
        suggested = suggested_path(self.folder, self.run.hostname, self.run.finished_at, extension)
        path = ask_save_path(self, title, suggested, name_filter)
        if not path:
            return ""
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(f".{extension}")
        self.folder = str(target.parent)
        return str(target)

    def _write(self, kind: str, path: str, text: str, what: str = "the report") -> bool:
        try:
            write_text(path, text)  # whole or not at all: an earlier copy is never left half overwritten
        except OSError as exc:
            return self._failed(kind, f"The report could not be saved to {path}: {exc.strerror or exc}.")
        self._say(f"Saved {what} to {path}.")
        self.exported.emit(kind, path)
        return True

    def _failed(self, kind: str, reason: str) -> bool:
        self._say(reason, problem=True)
        self.export_failed.emit(kind, reason)
        return False

    def _family_copy_refused(self) -> bool:
        """True (and says why) while the anonymous switch is on: Ctrl+P reaches print_report past the buttons."""
        if self.report_actions.anonymous:
            self._say(FAMILY_ONLY_NOTE)
            return True
        return False

    def export_html(self) -> bool:
        if self.run is None or self._family_copy_refused():
            return False
        path = self._ask_target("Save the report as a web page", "html", HTML_FILTER)
        return bool(path) and self._write("html", path, self.report_html())

    def export_json(self) -> bool:
        """Save the report that travels: this computer's latest scan (or the saved report shown) as JSON."""
        if self.run is None:
            return False
        anonymous = self.report_actions.anonymous or (bool(self.source_file) and self.source_anonymous)
        title = "Save an anonymous report" if anonymous else "Save this computer's report"
        path = self._ask_target(title, "json", JSON_FILTER)
        if not path:
            return False
        # This computer's install id marks its own scans; a saved file shown here keeps the id it came with.
        install_id = self.source_install_id if self.source_file else self.context.store.install_id()
        report = build_report(self.run, self.card, install_id=install_id, anonymous=anonymous)
        return self._write("json", path, to_json(report), "the anonymous report" if anonymous else "the report")

    def export_pdf(self) -> bool:
        """Ask where, then write the PDF in the background; ``exported`` or ``export_failed`` says how it went."""
        if self.run is None or self.busy or self._family_copy_refused():
            return False
        path = self._ask_target("Save the report as a PDF", "pdf", PDF_FILTER)
        if not path:
            return False
        try:  # the hidden file the PDF is painted on, made now: a folder that cannot be written to says so at once
            replacement = Replacement(path)
        except OSError as exc:
            return self._failed("pdf", f"The report could not be saved to {path}: {exc.strerror or exc}.")
        title = report_title(self.run, self.home)
        html = self.report_html()
        return self._start_job("pdf", path, lambda: save_pdf(html, path, title, replacement, paint=print_html),
                               cleanup=replacement.discard)

    def print_report(self) -> bool:
        if self.run is None or self.busy or self._family_copy_refused():
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageMargins(PAGE_MARGINS_MM, QPageLayout.Unit.Millimeter)
        title = report_title(self.run, self.home)
        printer.setDocName(title)
        if not ask_print(self, printer):
            return False
        target = printer.outputFileName() or printer.printerName() or "the printer"
        self._printer = printer
        html = self.report_html()
        return self._start_job("print", target, lambda: print_html(html, printer, title))

    @property
    def busy(self) -> bool:
        return self._job is not None

    def _start_job(self, kind: str, target: str, paint_pages: Callable[[], int],
                   cleanup: Callable[[], None] = lambda: None) -> bool:
        """Lay the report out and paint it (``paint_pages``, which returns the number of pages) on a worker, where
        the PDF writer is made too; ``exported`` or ``export_failed`` follows on the main thread. ``cleanup`` runs
        when the job fails or never starts (it removes a PDF's unfinished temporary file)."""

        def paint(handle: TaskHandle[int]) -> int:
            return paint_pages()

        def failed(exc: BaseException) -> None:
            cleanup()
            self._job_done(kind, target, 0, f"{type(exc).__name__}: {exc}")

        try:
            self._job = self.context.tasks.run(
                paint, on_success=lambda pages: self._job_done(kind, target, pages, ""), on_failure=failed,
                name=f"write the report ({kind})")
        except TaskRefused as exc:
            cleanup()
            self._printer = None
            return self._failed(kind, str(exc))
        self._say("Writing the PDF…" if kind == "pdf" else "Sending the report to the printer…")
        self.report_actions.update_state(busy=True)
        return True

    def _job_done(self, kind: str, target: str, pages: int, error: str) -> None:
        self._job = None
        self._printer = None
        self.report_actions.update_state(busy=False)
        if error:  # a PDF that failed left nothing behind, and an earlier file of that name as it was
            what = "written" if kind == "pdf" else "printed"
            self._failed(kind, f"The report could not be {what}: {error}")
            return
        count = plural(pages, "page")
        if kind == "pdf":
            self._say(f"Saved the report as a PDF ({count}) to {target}.")
        else:
            self._say(f"Sent the report ({count}) to {target}.")
        self.exported.emit(kind, target)

    # -- opening a saved report ------------------------------------------------------------------------------------
    def open_saved(self) -> bool:
        path = ask_open_path(self, "Open a saved Homeguard report", self.folder, JSON_FILTER)
        if not path:
            return False
        return self.open_file(path)

    def open_file(self, path: str) -> bool:
        try:
            data, run = load_report(path)
        except ReportError as exc:
            self._say(f"That file could not be shown. {exc}", problem=True)
            return False
        device = data.get("device")
        found_id = device.get("install_id") if isinstance(device, dict) else None
        self.source_install_id = found_id if isinstance(found_id, str) else None
        self.source_anonymous = data.get("anonymous") is True
        self.source_file = path
        self._household_lines = None
        self.home = None
        self._home_asked += 1  # a picture of the home still being read is not wanted now
        self._say("")
        self._show(run)
        return True

    def show_latest(self) -> None:
        self.source_file = ""
        self._say("")
        self.refresh()


__all__ = ["ReportPage", "ask_open_path", "ask_print", "ask_save_path", "print_html", "safe_file_part"]
