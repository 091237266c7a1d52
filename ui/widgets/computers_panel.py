"""The Overview's "Computers in this home": the family's other computers beside this one, and adding their reports.

A report from another computer is untrusted: it is read only by ``auditor.intake`` (on a worker, never on the main
thread), kept only by ``Store.import_computer`` (through ``context.save``, the one writer), and everything it says
(above all the computer's name) is shown as plain text, never as markup. Each file that is not used is named with its
reason in a calm line on the page; the others are still added. The picture itself (each computer's score, coverage,
scan time, "out of date" after 30 days and most urgent fix, and the household score) is
``auditor.household_score``'s; this widget only shows it, and is hidden when no other computer has been added, so
the Overview of a one-computer home looks exactly as it always did.

``ask_report_files`` and ``ask_remove`` are functions of their own so that tests can answer them instead of a real
dialog (``monkeypatch.setattr(computers_panel, "ask_report_files", ...)``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.style import button, card, clear_layout, heading, muted, plain_label
from ui.widgets import confirm
from ui.widgets.scan_panel import when_text

if TYPE_CHECKING:
    from auditor.household_score import Computer, HouseholdScore
    from auditor.intake import DeviceReport, Refused
    from auditor.model import Result, ScanRun
    from auditor.scoring import ScoreLine
    from auditor.store import ImportOutcome
    from ui.context import AppContext

PLATFORM_WORDS = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}
NAME_CHARS_SHOWN = 60  # a name may be 255 characters with no space to wrap at: shortened, so nothing is cut off
ADD_TEXT = "Add another computer\u2019s report\u2026"


def ask_report_files(parent: QWidget) -> list[str]:
    """Which report files to add; an empty list when the person cancels."""
    paths, _ = QFileDialog.getOpenFileNames(parent, "Add another computer\u2019s report", "",
                                            "Homeguard reports (*.json);;All files (*)")
    return list(paths)


def ask_remove(parent: QWidget, name: str) -> bool:
    """True when the person confirms forgetting this computer (its report can be added again later)."""
    return confirm.ask_confirm(parent, "Remove this computer?",
                               f"Remove {name} from the computers in this home? Its report is forgotten here; you "
                               "can add it again at any time.", "Remove")


def shown_name(name: str) -> str:
    name = name or "A computer with no name"
    return name if len(name) <= NAME_CHARS_SHOWN else name[:NAME_CHARS_SHOWN - 1] + "\u2026"


def score_text(line: ScoreLine) -> str:
    """'72 \u2014 60% checked', as the Overview words a score."""
    if line.coverage is None:
        return "Nothing to check yet"
    checked = f"{round(line.coverage * 100):d}% checked"
    return f"No score yet \u2014 {checked}" if line.score is None else f"{round(line.score):d} \u2014 {checked}"


def urgent_text(c: Computer) -> str:
    from auditor.freshness import OUT_OF_DATE_DAYS
    from auditor.model import Status

    if c.out_of_date:
        return (f"Its report is more than {OUT_OF_DATE_DAYS} days old, so its results count as not checked: scan "
                "it again and add its new report.")
    urgent: Result | None = c.most_urgent
    if urgent is None:
        return "Nothing known needs putting right."
    return f"Most urgent: {urgent.title} ({'partly done' if urgent.status is Status.PARTIAL else 'needs fixing'})"


def import_message(outcomes: Sequence[tuple[DeviceReport, ImportOutcome | str]], refused: Sequence[Refused]) -> str:
    """What happened to each file, in plain words: what was added first, then each file not used and why."""
    lines = []
    for report, outcome in outcomes:
        name = report.computer_name or "A computer with no name"
        said = {"added": f"Added {name} ({report.source}).",
                "replaced": f"Updated {name} with its newer scan ({report.source}).",
                "up to date": f"{name} is already up to date ({report.source})."}
        lines.append(said.get(outcome, f"Not added: {report.source} {outcome}"))
    lines += [f"Not added: {item.message}" for item in refused]
    return "\n".join(lines)


class ComputersPanel(QWidget):
    """The household's computers (hidden while there are none besides this one) and the import's news."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.score: HouseholdScore | None = None
        self._asked = 0  # refreshes asked for; a picture worked out for an older one is dropped
        self._others = False
        self.add_button = button(ADD_TEXT, "Add another computer's report", on_click=self.choose_files,
                                 tip="Choose the report another of the family's computers saved, to see every "
                                     "computer in this home here. You can also drop report files on this window.")
        self.add_button.hide()
        self.message = plain_label("", selectable=True)
        self.message.setAccessibleName("What happened to the reports")
        self.message.hide()
        self.frame, box = card()
        self.frame.setAccessibleName("Computers in this home")
        box.addWidget(heading("Computers in this home", 2))
        self.household_line = muted(plain_label(""))
        self.household_line.setAccessibleName("Household score")
        box.addWidget(self.household_line)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(3, 1)
        box.addLayout(self.grid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.message)
        layout.addWidget(self.frame)
        self.frame.hide()
        self.hide()

    # -- showing the picture -----------------------------------------------------------------------------------
    def refresh(self, run: ScanRun | None) -> None:
        """Show the household as it is now: ``run`` is this computer's newest scan with the answers of now (None
        before the first scan). The other computers' kept reports are read and scored on a worker."""
        self._asked += 1
        asked = self._asked
        self._others = bool(self.context.store.other_computers())
        self.add_button.setVisible(run is not None or self._others)
        if not self._others:
            self.score = None
            self.frame.hide()
            self._update_visible()
            return
        if not self.context.tasks.accepting:
            return
        self.context.tasks.run(lambda handle: self._picture(run), name="show the household's computers",
                               on_success=lambda score: self._show(asked, score))

    def _picture(self, run: ScanRun | None) -> HouseholdScore:
        """On a worker: every computer the history knows and the people's answers, scored together."""
        from auditor.guided import guided_results
        from auditor.household_score import household_score, other_computer, read_kept, this_computer
        from auditor.intake import ReportRefused

        now = time.time()
        computers: list[Computer] = []
        if run is not None:
            computers.append(this_computer(run, self.context.store.install_id(), now))
            guided: list[Result] = [r for r in run.results if r.kind == "guided"]
        else:
            region = self.context.region()
            guided = guided_results(self.context.content, self.context.household, region=region.id if region else "")
        for kept in self.context.store.other_computers():
            try:
                computers.append(other_computer(read_kept(kept), now))
            except ReportRefused:  # a row changed by hand: left out, never a crash
                continue
        return household_score(computers, guided)

    def _show(self, asked: int, score: HouseholdScore) -> None:
        if asked != self._asked:
            return  # a newer refresh is on its way
        self.score = score
        others = [c for c in score.computers if not c.this_computer]
        self._others = bool(others)
        clear_layout(self.grid)
        count = len(score.computers)
        self.household_line.setText(f"Household score: {score_text(score.card.overall)}, over {count} computer"
                                    f"{'s' if count != 1 else ''} and the people's answers.")
        for row, c in enumerate(score.computers):
            self._add_row(row, c)
        self.frame.setVisible(self._others)
        self._update_visible()

    def _add_row(self, row: int, c: Computer) -> None:
        platform = PLATFORM_WORDS.get(c.platform, c.platform)
        who = QWidget()
        who_box = QVBoxLayout(who)
        who_box.setContentsMargins(0, 0, 0, 0)
        who_box.setSpacing(2)
        name = plain_label(shown_name(c.name), wrap=False)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        name.setAccessibleName(c.name or "A computer with no name")
        who_box.addWidget(name)
        who_box.addWidget(muted(plain_label(f"This computer \u00b7 {platform}" if c.this_computer else platform,
                                            wrap=False)))
        scanned = f"Scanned {when_text(c.scanned_at)}" + (" \u00b7 out of date" if c.out_of_date else "")
        cells: list[QWidget] = [who, plain_label(score_text(c.card.overall), wrap=False),
                                plain_label(scanned, wrap=False), plain_label(urgent_text(c))]
        for column, cell in enumerate(cells):
            self.grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        if not c.this_computer:
            remove = button("Remove", f"Remove {c.name}", tip="Forget this computer's report here",
                            on_click=lambda _=False, c=c: self.remove(c))
            self.grid.addWidget(remove, row, 4, Qt.AlignmentFlag.AlignTop)

    def _update_visible(self) -> None:
        self.setVisible(self._others or not self.message.isHidden())

    # -- adding and removing -----------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths = ask_report_files(self)
        if paths:
            self.add_reports([Path(p) for p in paths])

    def add_reports(self, paths: Sequence[Path]) -> None:
        """Read these files on a worker, keep the good ones through the writer, and say what became of each."""
        from auditor.intake import read_reports

        if not paths or not self.context.tasks.accepting:
            return
        self._say("Reading the reports\u2026")
        files = list(paths)
        self.context.tasks.run(lambda handle: list(read_reports(files)), name="read other computers' reports",
                               on_success=self._keep, on_failure=lambda exc: self._say(f"The reports could not "
                                                                                      f"be read: {exc}"))

    def _keep(self, items: list[DeviceReport | Refused]) -> None:
        from auditor.intake import Refused, ReportRefused

        refused = [item for item in items if isinstance(item, Refused)]
        reports = [item for item in items if not isinstance(item, Refused)]

        def write() -> list[tuple[DeviceReport, ImportOutcome | str]]:
            outcomes: list[tuple[DeviceReport, ImportOutcome | str]] = []
            now = time.time()
            for report in reports:
                try:
                    outcomes.append((report, self.context.store.import_computer(report, now)))
                except ReportRefused as exc:
                    outcomes.append((report, exc.reason))
            return outcomes

        if not reports:
            self._say(import_message([], refused))
            return
        self.context.save(write, then=lambda outcomes: self._say(import_message(outcomes, refused)),
                          name="add other computers' reports")

    def remove(self, c: Computer) -> None:
        from auditor.store import StoreError

        name = shown_name(c.name)
        if not ask_remove(self, name):
            return

        def forget() -> str:
            try:
                self.context.store.remove_computer(c.install_id)
            except StoreError as exc:
                return str(exc)
            return f"Removed {name} from the computers in this home."

        self.context.save(forget, then=self._say, name="remove a computer")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._update_visible()

    # -- for tests -----------------------------------------------------------------------------------------------
    def shown_texts(self) -> list[str]:
        """Every text the section shows, top to bottom."""
        return [label.text() for label in self.findChildren(QLabel) if not label.isHidden() and label.text()]

    def remove_buttons(self) -> list[QPushButton]:
        return [b for b in self.frame.findChildren(QPushButton) if b.text() == "Remove"]


__all__ = ["ComputersPanel", "ask_remove", "ask_report_files", "import_message"]
