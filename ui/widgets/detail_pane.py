"""The details of the result chosen in a results list, in the two ways the app shows them.

``DetailPane`` (This device) is the working view of one check: its status and reason, why it matters, what was
looked at, how to fix it, and buttons that open the settings page or the check's web page. What a check is and
why it matters come from the app's one registry, loaded once with the app's safe mode, so opening details never
imports a check the app did not load. Loading it imports every check, so it is never loaded on the main thread
for this: until the background load is done (``context.loaded_registry()``, ``registry_loaded``) the details show
what the result itself carries, and the rest follows the moment the checks are there.

``ReportDetails`` (an opened past scan on History) shows a result exactly as the printed report does, guided
answers included, plus the kind of advice it belongs to.

Every piece of text a check saw or a person typed is escaped before it reaches a rich-text view: evidence is
untrusted.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from auditor.model import CheckSpec, Result, Status
from auditor.report_html import result_html
from ui.models.results import STRATEGY_TITLES, check_text
from ui.style import STATUS_WORDS, heading, plain_label, status_color, status_icon

if TYPE_CHECKING:  # only named in annotations
    from auditor.registry import Registry
    from ui.context import AppContext


def check_spec(registry: Registry, check_id: str) -> CheckSpec | None:
    """A loaded check's spec; None for a guided question, or a plugin that safe mode (or a failure) left out."""
    check = registry.get(check_id)
    return check.spec if check is not None else None


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
        self._shown: tuple[Result | None, str, str, bool] | None = None  # what the details show now

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
        context.registry_loaded.connect(self._with_the_checks)
        context.load_registry_in_background()  # most often done already: the app loads it once it has painted

    def show_result(self, result: Result | None, *, platform: str = "", empty_text: str = "") -> None:
        registry = self.context.loaded_registry() if result is not None else None
        shown = (result, platform or self.platform, empty_text, registry is not None)
        self.message.hide()
        if shown == self._shown:
            return  # already on screen: setting the same text again would only lay it out and paint it again
        self._shown = shown
        self.result = result
        self.platform = platform or self.platform
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
        spec = check_spec(registry, result.check_id) if registry is not None else None
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

    def _with_the_checks(self) -> None:
        """The registry has loaded: show the chosen result again, now with why it matters."""
        if self.result is not None and self._shown is not None and not self._shown[3]:
            self.show_result(self.result, platform=self.platform)

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
            self._say(f"Your browser could not be opened. The page is {link}")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class ReportDetails(QTextBrowser):
    """A result as the printed report words it, with the kind of advice it is part of. Only web links open, and
    only in the person's own browser when clicked."""

    EMPTY = "Choose a result on the left to see the reason, what was looked at and how to fix it."

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: Result | None = None
        self.setAccessibleName("Details of the selected result")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.setPlainText(self.EMPTY)

    def show_result(self, result: Result | None, *, platform: str = "", empty_text: str = "") -> None:
        self.result = result
        if result is None:
            self.setPlainText(empty_text or self.EMPTY)
            return
        advice = STRATEGY_TITLES.get(result.strategy, "")
        part = f"<p>Part of the advice: <i>{html.escape(advice)}</i></p>" if advice else ""
        self.setHtml(result_html(result) + part)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            self.context.open_url(url.toString())


__all__ = ["DetailPane", "ReportDetails", "check_spec", "detail_html"]
