"""This device: every automated check of this computer, with why it matters, what was seen, and how to fix it.

The list is the shared results list (ui/widgets/results_list.py) with the working details pane below it. During a
scan its rows arrive one by one from the scan's progress signals; when the scan ends, the saved scan takes their
place. What a check is and why it matters come from the app's one registry, so safe mode holds here too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from auditor.model import PLATFORM_NAMES, Result, ScanRun
from auditor.runner import Progress
from ui.context import AppContext
from ui.pages import Page
from ui.style import heading, muted, plain_label
from ui.widgets.detail_pane import DetailPane
from ui.widgets.results_list import ResultsList, ResultsListLook
from ui.widgets.scan_panel import ScanPanel, when_text

LOOK = ResultsListLook(
    list_name="Checks on this computer",
    search_hint="For example, screen lock",  # the label before it says "Search:"
    search_name="Search the checks",
    search_label="Sear&ch:",
    filter_label="Sho&w:",
    filter_name="Show checks by status",
    filter_tip="Show only the checks that need attention, are fine, or could not be checked",
    no_results="No checks yet. Scan this computer to fill this list.",
    nothing_needs_attention="Nothing needs attention on this computer. Choose \u201cAll\u201d to see every check.",
)
SCANNING_NO_RESULTS = "The checks appear here as they finish."


class DevicePage(Page):
    page_id = "device"
    title = "This device"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._run: ScanRun | None = None
        self._scanning = False
        self._person_chose = False  # the person picked a row since the scan started

        self.heading = heading(self.title)
        self.subtitle = muted(plain_label(""))
        self.subtitle.setAccessibleName("About this scan")
        self.scan_panel = ScanPanel(context, "&Scan this computer")
        self.scan_panel.cancelled.connect(self._on_cancelled)
        self.results = ResultsList(context, LOOK, DetailPane)
        # A click or a key in the list while a scan runs means the person is looking at something: keep it.
        self.results.table.viewport().installEventFilter(self)
        self.results.table.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.scan_panel)
        layout.addWidget(self.results, 1)
        self.setTabOrder(self.scan_panel.scan_button, self.results.search)

        context.scan_started.connect(self._on_scan_started)
        context.scan_progress.connect(self._on_progress)
        context.scan_finished.connect(self._on_scan_finished)
        context.scan_failed.connect(self._on_scan_failed)
        self._update_header(None)

    # -- data ----------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._scanning:
            return  # rows are arriving from the scan; the saved one replaces them when it finishes
        self._show_saved()

    def _show_saved(self) -> None:
        """The newest saved scan: what the list shows whenever no scan is running."""
        self._run = self.context.latest_scan()
        self._show(self._run)

    def _show(self, run: ScanRun | None, *, keep_selection: bool = True) -> None:
        self.results.set_no_results_text(LOOK.no_results)
        self.results.set_results([r for r in run.results if r.kind == "device"] if run else [],
                                 platform=run.platform if run else "", keep_selection=keep_selection)
        self._update_header(run)

    def _update_header(self, run: ScanRun | None) -> None:
        if run is None:
            self.subtitle.setText("No scan yet. Press \u201cScan this computer\u201d: Homeguard looks at this "
                                  "computer's settings in a few seconds, and nothing leaves this computer.")
            return
        system = run.os_name or PLATFORM_NAMES.get(run.platform, run.platform)
        bits = [run.hostname, system, f"scanned {when_text(run.finished_at)}",
                "with admin rights" if run.user_is_admin else "without admin rights"]
        if run.safe_mode:
            bits.append("built-in checks only (safe mode)")
        self.subtitle.setText(" \u00b7 ".join(bits))

    # -- selection -----------------------------------------------------------------------------------------------
    def selected_result(self) -> Result | None:
        return self.results.selected_result()

    def select_key(self, check_id: str, subject: str = "") -> bool:
        return self.results.select_key(check_id, subject)

    def show_item(self, anchor: str) -> None:
        """Open the page at one check (the main window calls this for "device#<check id>")."""
        if self.select_key(anchor):
            self.results.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._scanning and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
            self._person_chose = True
        return super().eventFilter(watched, event)

    # -- the scan ------------------------------------------------------------------------------------------------
    def _on_scan_started(self) -> None:
        self._scanning = True
        self._person_chose = False
        self.subtitle.setText("Looking at this computer's settings now. Each check appears below as it finishes; "
                              "nothing leaves this computer.")
        self.results.set_no_results_text(SCANNING_NO_RESULTS)
        self.results.clear("The checks appear in the list as they finish.")

    def _on_progress(self, progress: Progress) -> None:
        if not self._scanning:
            return
        result = progress.result
        if progress.event == "finished" and result is not None and result.kind == "device":
            self.results.add_result(result)

    def _on_scan_finished(self, run: ScanRun) -> None:
        self._scanning = False
        if run.cancelled:
            return  # _on_cancelled shows the last full scan again
        self._run = run
        # The most important finding first, unless the person picked a row while the scan ran.
        self._show(run, keep_selection=self._person_chose)

    def _on_cancelled(self) -> None:
        self._scanning = False
        self._show_saved()
        if self._run is not None:
            self.scan_panel.show_message("The scan was cancelled, so nothing from it was saved. The list shows "
                                         f"your last full scan, from {when_text(self._run.finished_at)}.")

    def _on_scan_failed(self, _message: str) -> None:
        self._scanning = False
        self._show_saved()


__all__ = ["DevicePage"]
