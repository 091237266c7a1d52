"""This device: every automated check of this computer, with why it matters, what was seen, and how to fix it.

The list is a ``ResultsModel`` behind a ``ResultsFilter``; during a scan its rows arrive one by one from the
scan's progress signals. Selecting a row shows the details below it. Everything a check saw is escaped before it is
put into the details view, and the "Open settings" button goes through ``AppContext.open_fix``.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from auditor.model import PLATFORM_NAMES, CheckSpec, Result, ScanRun, Status
from auditor.registry import discover
from auditor.runner import Progress
from ui.context import AppContext
from ui.models import (
    COL_ADVICE,
    COL_CHECK,
    COL_IMPORTANCE,
    COL_STATUS,
    STATUS_FILTERS,
    KeyRole,
    ResultRole,
    ResultsFilter,
    ResultsModel,
    check_text,
)
from ui.pages import Page
from ui.scan_view import ScanPanel, when_text
from ui.style import STATUS_WORDS, heading, muted, plain_label, status_color, status_icon


@functools.cache
def _specs() -> dict[str, CheckSpec]:
    """Every known check's spec, found once (the registry imports the checks; a scan has usually done so)."""
    return {check.id: check.spec for check, _ in discover().checks}


def check_spec(check_id: str) -> CheckSpec | None:
    try:
        return _specs().get(check_id)
    except Exception:  # a broken plugin must never break the details view
        return None


def check_why(check_id: str) -> str:
    spec = check_spec(check_id)
    return spec.why if spec else ""


def detail_html(result: Result, *, why: str = "", platform: str = "", spec: CheckSpec | None = None) -> str:
    """The details of one result as HTML. Every piece of text is escaped: evidence is untrusted."""
    e = html.escape
    parts = []
    if why:
        parts.append(f"<h3>Why it matters</h3><p>{e(why)}</p>")
    parts.append("<h3>What Homeguard looked at</h3>")
    if result.evidence:
        parts.append("<table cellspacing='0' cellpadding='3' width='100%'>")
        for item in result.evidence:
            parts.append(f"<tr><td valign='top' width='32%'><b>{e(item.looked_at)}</b></td>"
                         f"<td valign='top' style='white-space: pre-wrap'>{e(item.seen)}</td></tr>")
        parts.append("</table>")
    elif spec and spec.looks_at.get(platform):
        parts.append(f"<p>{e(spec.looks_at[platform])}</p>")
    else:
        parts.append("<p>This check did not record any details.</p>")
    admin = spec.admin_notes.get(platform, "") if spec else ""
    if admin and result.status in (Status.UNKNOWN, Status.PARTIAL):
        parts.append(f"<p><i>Without admin rights: {e(admin)}</i></p>")
    fix = result.fix
    if fix and fix.steps:
        parts.append("<h3>How to fix it</h3><ol>")
        parts.extend(f"<li>{e(step)}</li>" for step in fix.steps)
        parts.append("</ol>")
    elif result.status is Status.PASS:
        parts.append("<h3>Nothing to fix</h3><p>This is set up well. Homeguard will check it again next time.</p>")
    elif result.status is Status.NOT_APPLICABLE:
        parts.append("<h3>Nothing to do</h3><p>This does not apply to this computer.</p>")
    if result.origin and not result.origin.builtin:
        origin = f"{result.origin.distribution} {result.origin.version}".strip()
        parts.append(f"<p><small>This check comes from an add-on: {e(origin)}.</small></p>")
    return "".join(parts)


class DetailPane(QWidget):
    """The selected check: status and title, its one-line reason, the details, and the buttons that help."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: Result | None = None
        self.platform = ""

        self.icon = QLabel()
        self.icon.setFixedSize(24, 24)
        self.title = heading("", 2)
        self.status_word = plain_label("", wrap=False)
        bold = self.status_word.font()
        bold.setBold(True)
        self.status_word.setFont(bold)
        self.summary = plain_label("", selectable=True)
        self.summary.setAccessibleName("What Homeguard found")

        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("Why it matters, what was seen and how to fix it")
        self.browser.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.browser.document().setDocumentMargin(8)

        self.open_settings = QPushButton("&Open settings")
        self.open_settings.setAccessibleName("Open settings")
        self.open_settings.clicked.connect(self._open_settings)
        self.read_more = QPushButton("&Read more")
        self.read_more.setAccessibleName("Read more")
        self.read_more.clicked.connect(self._read_more)
        self.message = plain_label("")
        self.message.setAccessibleName("Message")
        self.message.hide()

        top = QHBoxLayout()
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.title, 1)
        found = QHBoxLayout()
        found.addWidget(self.status_word, 0, Qt.AlignmentFlag.AlignTop)
        found.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_settings)
        buttons.addWidget(self.read_more)
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addLayout(found)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.show_result(None)

    def show_result(self, result: Result | None, *, platform: str = "", empty_text: str = "") -> None:
        self.result = result
        self.platform = platform or self.platform
        self.message.hide()
        if result is None:
            self.icon.clear()
            self.title.setText("")
            self.status_word.setText("")
            self.summary.setText(empty_text or "Choose a check in the list to see why it matters, what Homeguard "
                                               "saw and how to fix it.")
            self.browser.clear()
            self.browser.setEnabled(False)
            self.open_settings.setEnabled(False)
            self.read_more.setEnabled(False)
            return
        self.icon.setPixmap(status_icon(result.status, 22).pixmap(QSize(22, 22), self.devicePixelRatioF()))
        self.title.setText(check_text(result))
        self.title.setAccessibleName(check_text(result))
        self.status_word.setText(STATUS_WORDS[result.status] + ":")
        palette = self.status_word.palette()
        palette.setColor(self.status_word.foregroundRole(), status_color(result.status))
        self.status_word.setPalette(palette)
        self.summary.setText(result.summary)
        spec = check_spec(result.check_id)
        self.browser.setEnabled(True)
        self.browser.setHtml(detail_html(result, why=spec.why if spec else "", platform=self.platform, spec=spec))
        fix = result.fix
        can_open = bool(fix and (fix.settings_url or fix.settings_command))
        self.open_settings.setEnabled(can_open)
        self.open_settings.setToolTip("Open the settings page where this is changed" if can_open else
                                      "There is no settings page to open for this; follow the steps instead")
        self.read_more.setEnabled(bool(fix and fix.more_info))
        self.read_more.setToolTip(f"Opens {fix.more_info} in your browser" if fix and fix.more_info else
                                  "There is no page to read for this check")

    def _open_settings(self) -> None:
        if self.result is None or self.result.fix is None:
            return
        why_not = self.context.open_fix(self.result.fix)
        if why_not:
            self._say(f"The settings could not be opened ({why_not}). The steps above say where to find them.")
        else:
            self._say("The settings should now be open in another window.")

    def _read_more(self) -> None:
        link = self.result.fix.more_info if self.result is not None and self.result.fix is not None else None
        if link and not self.context.open_url(link):
            self._say(f"Your browser could not be opened. The page is {self.result.fix.more_info}")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class DevicePage(Page):
    page_id = "device"
    title = "This device"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._run: ScanRun | None = None
        self._scanning = False
        self._person_chose = False  # the person picked a row since the scan started

        self.model = ResultsModel(self)
        self.proxy = ResultsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = heading(self.title)
        self.subtitle = muted(plain_label(""))
        self.subtitle.setAccessibleName("About this scan")
        self.scan_panel = ScanPanel(context, "&Scan this computer")
        self.scan_panel.cancelled.connect(self._on_cancelled)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the checks, e.g. screen lock")
        self.search.setAccessibleName("Search the checks")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        search_label = QLabel("Sear&ch:")
        search_label.setBuddy(self.search)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show checks by status")
        self.status_filter.setToolTip("Show only the checks that need attention, are fine, or could not be checked")
        for key, label, _ in STATUS_FILTERS:
            self.status_filter.addItem(label, key)
        self.status_filter.setCurrentIndex(self.status_filter.findData("all"))
        self.status_filter.currentIndexChanged.connect(self._on_status_filter)
        filter_label = QLabel("Sho&w:")
        filter_label.setBuddy(self.status_filter)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Checks on this computer")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHECK, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ADVICE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_IMPORTANCE, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(COL_ADVICE, 210)
        header.setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)
        self.proxy.modelReset.connect(self._after_reset)

        self.empty = muted(plain_label(""))
        self.empty.setAccessibleName("No results")
        self.details = DetailPane(context)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addSpacing(12)
        filters.addWidget(filter_label)
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.details)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.scan_panel)
        layout.addWidget(self.splitter, 1)

        context.scan_started.connect(self._on_scan_started)
        context.scan_progress.connect(self._on_progress)
        context.scan_finished.connect(self._on_scan_finished)
        context.scan_failed.connect(self._on_scan_failed)
        self.setTabOrder(self.scan_panel.scan_button, self.search)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.table)
        self.refresh()

    # -- data ----------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._scanning:
            return  # rows are arriving from the scan; the saved one replaces them when it finishes
        self._run = self.context.latest_scan()
        self._load(self._run)

    def _load(self, run: ScanRun | None, *, keep_selection: bool = True) -> None:
        key = self.selected_key() if keep_selection else None
        self.model.set_results([r for r in run.results if r.kind == "device"] if run else [])
        self._update_header(run)
        if not (key and self._reselect_visible(key)):
            self._select_proxy_row(0)
        self._update_empty()

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

    def _update_empty(self) -> None:
        if self.model.rowCount() == 0:
            text = ("The checks appear here as they finish." if self._scanning else
                    "No checks yet. Scan this computer to fill this list.")
        elif self.proxy.rowCount() == 0:
            text = ("Nothing matches. Choose \u201cAll\u201d or clear the search to see every check." if
                    self.proxy.status_key != "attention" or self.search.text() else
                    "Nothing needs attention on this computer. Choose \u201cAll\u201d to see every check.")
        else:
            text = ""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.details.setVisible(self.proxy.rowCount() > 0)  # the message below the list says why it is empty
        if self.proxy.rowCount() == 0:
            self.details.show_result(None)

    # -- selection -----------------------------------------------------------------------------------------------
    def selected_result(self) -> Result | None:
        index = self.table.currentIndex()
        return index.data(ResultRole) if index.isValid() else None

    def selected_key(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        return index.data(KeyRole) if index.isValid() else None

    def select_key(self, check_id: str, subject: str = "") -> bool:
        row = self.model.row_of(check_id, subject)
        if row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():  # hidden by the filter: show everything so the person sees it
            self.search.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findData("all"))
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._select_proxy_row(proxy_index.row())
        return proxy_index.isValid()

    def show_item(self, anchor: str) -> None:
        """Open the page at one check (the main window calls this for "device#<check id>")."""
        if self.select_key(anchor):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _select_proxy_row(self, row: int) -> None:
        if not 0 <= row < self.proxy.rowCount():
            self.details.show_result(None)
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._on_current(index, QModelIndex())

    def eventFilter(self, watched, event) -> bool:
        # A click or a key in the list while a scan runs means the person is looking at something: keep it.
        if self._scanning and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
            self._person_chose = True
        return super().eventFilter(watched, event)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = current.data(ResultRole) if current.isValid() else None
        self.details.show_result(result, platform=self._run.platform if self._run else "")

    def _after_reset(self) -> None:
        if not self.table.currentIndex().isValid():
            self.details.show_result(None)

    def _on_search(self, text: str) -> None:
        key = self.selected_key()
        self.proxy.set_text(text)
        if not (key and self._reselect_visible(key)):
            self._select_proxy_row(0)
        self._update_empty()

    def _on_status_filter(self) -> None:
        key = self.selected_key()
        self.proxy.set_status_filter(self.status_filter.currentData())
        if not (key and self._reselect_visible(key)):
            self._select_proxy_row(0)
        self._update_empty()

    def _reselect_visible(self, key: tuple[str, str]) -> bool:
        row = self.model.row_of(*key)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if index.isValid():
            self._select_proxy_row(index.row())
        return index.isValid()

    # -- the scan ------------------------------------------------------------------------------------------------
    def _on_scan_started(self) -> None:
        self._scanning = True
        self._person_chose = False
        self.subtitle.setText("Looking at this computer's settings now. Each check appears below as it finishes; "
                              "nothing leaves this computer.")
        self.model.clear()
        self.details.show_result(None, empty_text="The checks appear in the list as they finish.")
        self._update_empty()

    def _on_progress(self, progress: Progress) -> None:
        if not self._scanning:
            return
        result = progress.result
        if progress.event == "finished" and result is not None and result.kind == "device":
            first = self.model.rowCount() == 0
            self.model.add_result(result)
            if first:
                self._select_proxy_row(0)
            self._update_empty()

    def _on_scan_finished(self, run: ScanRun) -> None:
        self._scanning = False
        if run.cancelled:
            return  # _on_cancelled shows the last full scan again
        self._run = run
        # The most important finding first, unless the person picked a row while the scan ran.
        self._load(run, keep_selection=self._person_chose)

    def _on_cancelled(self) -> None:
        self._scanning = False
        self.refresh()
        if self._run is not None:
            self.scan_panel.show_message("The scan was cancelled, so nothing from it was saved. The list shows "
                                         f"your last full scan, from {when_text(self._run.finished_at)}.")

    def _on_scan_failed(self, _message: str) -> None:
        self._scanning = False
        self.refresh()


__all__ = ["DetailPane", "DevicePage", "check_spec", "check_why", "detail_html"]
