"""The Overview's "Computers in this home": the family's other computers beside this one, and adding their reports.

A report from another computer is untrusted: it is read only by ``auditor.intake`` (on a worker, never on the main
thread), kept only by ``Store.import_computer`` (through ``context.save``, the one writer), and everything it says
(above all the computer's name) is shown as plain text, never as markup. On the main thread the panel only counts
the kept reports (``auditor.household_count``), to know whether to show itself; it never reads one there. Each file
that is not used is named with its reason in a calm line on the page; the others are still added. The picture itself
(each computer's score, coverage, scan time, "out of date" after 30 days and most urgent fix, and the household
score) is ``auditor.household_picture``'s, worked out on a worker (it reads the kept reports) and handed to the
Overview (``picture_changed``), whose big score it becomes; this widget only shows the computers, each row's score
labelled as that computer's own settings score, and is hidden when no other computer has been added, so the Overview
of a one-computer home looks exactly as it always did. A fix that is put right on another computer is shown here
under the table with that computer's own steps (``show_fix``), as this computer cannot open it.

``ask_report_files`` and ``ask_remove`` are functions of their own so that tests can answer them instead of a real
dialog (``monkeypatch.setattr(computers_panel, "ask_report_files", ...)``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from auditor.household_count import other_computer_count
from auditor.plural import plural
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
NAME_CHARS_SHOWN = 36  # a name may be 255 characters with no space to wrap at: shortened, so nothing is cut off
ADD_TEXT = "Add another computer\u2019s report\u2026"
COLUMNS = ("Computer", "Settings score")
STEPS_SHOWN = 8  # of a fix's steps from another computer's report, in the note under the table


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
    """'72 \u2014 60% checked', as the Overview words a score (the Overview's own function)."""
    from ui.widgets.overview_score import score_headline

    return score_headline(line)


def urgent_text(c: Computer) -> str:
    """A row's most urgent fix, worded as the terminal and the report word it ("The disk is encrypted: needs
    fixing": titles state the good state, so how far from it follows)."""
    from auditor.freshness import OUT_OF_DATE_DAYS
    from auditor.household_text import fix_words

    if c.out_of_date:
        return (f"Its report is more than {OUT_OF_DATE_DAYS} days old, so its results count as not checked: scan "
                "it again and add its new report.")
    urgent: Result | None = c.most_urgent
    if urgent is None:
        return "Nothing known needs putting right."
    return f"Most urgent \u2014 {fix_words(urgent)}"


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


def fix_note(c: Computer, result: Result) -> tuple[str, str]:
    """A fix that is put right on another computer: which one (the title), then its steps from that computer's
    report and what to do after."""
    from ui.models.results import check_text

    name = shown_name(c.name)
    steps = list(result.fix.steps[:STEPS_SHOWN]) if result.fix else []
    lines = [f"This is put right on {name} itself" + (":" if steps else ". Homeguard on that computer shows the "
                                                                         "steps.")]
    lines += [f"{number}. {step}" for number, step in enumerate(steps, 1)]
    lines.append(f"Then scan {name} again and add its new report here.")
    return f"{check_text(result)} \u2014 on {name}", "\n".join(lines)


class ComputersPanel(QWidget):
    """The household's computers (hidden while there are none besides this one) and the import's news."""

    picture_changed = Signal(object)  # the home's HouseholdScore for the latest refresh, or None if it failed

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.score: HouseholdScore | None = None
        self._asked = 0  # refreshes asked for; a picture worked out for an older one is dropped
        self._others = False
        self._kept = 0  # other computers' reports kept in the history, as last counted
        self._main_score = False  # the Overview shows the home's score above (there is a scan of this computer)
        self._note_for = ""  # the install id of the computer the fix note is about
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
        self.grid.setColumnStretch(0, 1)
        box.addLayout(self.grid)
        self.note = QWidget()  # a fix that is put right on another computer, with its steps
        note_box = QVBoxLayout(self.note)
        note_box.setContentsMargins(0, 8, 0, 0)
        self.note_title = heading("", 3)
        self.note_title.setAccessibleName("Put right on another computer")
        self.note_steps = plain_label("", selectable=True)
        self.note_steps.setAccessibleName("Where and how this is put right")
        note_box.addWidget(self.note_title)
        note_box.addWidget(self.note_steps)
        self.note.hide()
        box.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.message)
        layout.addWidget(self.frame)
        self.frame.hide()
        self.hide()

    # -- showing the picture -----------------------------------------------------------------------------------
    @property
    def has_others(self) -> bool:
        """Whether other computers' reports are kept (as counted at the latest refresh)."""
        return self._kept > 0

    @property
    def computer_count(self) -> int:
        """How many computers the home's score will cover: the others, and this one once it has been scanned."""
        return self._kept + (1 if self._main_score else 0)

    @property
    def score_has_others(self) -> bool:
        """Whether the latest picture holds another computer (every kept report may have been unreadable)."""
        return self.score is not None and any(not c.this_computer for c in self.score.computers)

    def refresh(self, run: ScanRun | None) -> None:
        """Show the household as it is now: ``run`` is this computer's newest scan with the answers of now (None
        before the first scan). The other computers' kept reports are read and scored on a worker."""
        self._asked += 1
        asked = self._asked
        self._kept = other_computer_count(self.context.store)  # a count: no report is read here
        self._main_score = run is not None
        self.add_button.setVisible(run is not None or self.has_others)
        if not self.has_others:
            self.score = None
            self._others = False
            self.frame.hide()
            self._update_visible()
            return
        if not self.context.tasks.accepting:
            return
        self.context.tasks.run(lambda handle: self._picture(run), name="show the household's computers",
                               on_success=lambda score: self._show(asked, score),
                               on_failure=lambda exc: self._failed(asked, exc))

    def _picture(self, run: ScanRun | None) -> HouseholdScore:
        """On a worker: every computer the history knows and the people's answers, scored together (a kept report
        that can no longer be read is left out, never a crash)."""
        from auditor.household_picture import household_picture

        if run is not None:
            guided: list[Result] = [r for r in run.results if r.kind == "guided"]
        else:
            from auditor.guided import guided_results

            region = self.context.region()
            guided = guided_results(self.context.content, self.context.household, region=region.id if region else "")
        # Before the first scan there is no scan in the history, so no computer of its own: the others alone.
        return household_picture(self.context.store, time.time(), guided, run=run)

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked == self._asked:
            self._say(f"The other computers\u2019 reports could not be read just now: {exc}")
            self.picture_changed.emit(None)

    def _show(self, asked: int, score: HouseholdScore) -> None:
        if asked != self._asked:
            return  # a newer refresh is on its way
        self.score = score
        self._others = self.score_has_others
        clear_layout(self.grid)
        count = len(score.computers)
        self.household_line.setText(
            "Each settings score is for that computer alone. Your home\u2019s score, above, counts every computer "
            "and everyone\u2019s answers." if self._main_score else
            f"Your home: {score_text(score.card.overall)}, over {plural(count, 'computer')} and "
            "everyone\u2019s answers.")
        for column, title in enumerate(COLUMNS):
            self.grid.addWidget(muted(plain_label(title, wrap=False)), 0, column, Qt.AlignmentFlag.AlignBottom)
        for row, c in enumerate(score.computers, 1):
            self._add_row(row, c)
        if not any(c.install_id == self._note_for for c in score.computers):
            self._note_for = ""
            self.note.hide()
        self.frame.setVisible(self._others)
        self._update_visible()
        self.picture_changed.emit(score)

    def _add_row(self, row: int, c: Computer) -> None:
        """One computer: its name (or "This computer"), system and scan time, its most urgent fix; beside it, its
        own settings score and, for another computer, the button that forgets it."""
        platform = PLATFORM_WORDS.get(c.platform, c.platform)
        who = QWidget()
        who_box = QVBoxLayout(who)
        who_box.setContentsMargins(0, 0, 0, 0)
        who_box.setSpacing(2)
        name = plain_label("This computer" if c.this_computer else shown_name(c.name), wrap=False)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        name.setAccessibleName(f"This computer, {c.name}" if c.this_computer else c.name or "A computer with no name")
        name.setToolTip(c.name)
        who_box.addWidget(name)
        about = [shown_name(c.name)] if c.this_computer else []
        about += [platform, f"scanned {when_text(c.scanned_at)}"] + (["out of date"] if c.out_of_date else [])
        who_box.addWidget(muted(plain_label(" \u00b7 ".join(about))))
        who_box.addWidget(plain_label(urgent_text(c)))
        own = QWidget()
        own_box = QVBoxLayout(own)
        own_box.setContentsMargins(0, 0, 0, 0)
        own_box.setSpacing(6)
        settings = plain_label(score_text(c.card.overall), wrap=False)
        settings.setAccessibleName(f"Settings score of {'this computer' if c.this_computer else c.name}: "
                                   f"{score_text(c.card.overall)}")
        own_box.addWidget(settings)
        if not c.this_computer:
            own_box.addWidget(button("Remove", f"Remove {c.name}", tip="Forget this computer's report here",
                                     on_click=lambda _=False, c=c: self.remove(c)), 0, Qt.AlignmentFlag.AlignLeft)
        self.grid.addWidget(who, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(own, row, 1, Qt.AlignmentFlag.AlignTop)

    def show_fix(self, c: Computer, result: Result) -> QWidget:
        """Say under the table that this is put right on that computer itself, with its steps; returns the note
        (for the page to scroll to)."""
        self._note_for = c.install_id
        title, steps = fix_note(c, result)
        self.note_title.setText(title)
        self.note_steps.setText(steps)
        self.note.show()
        return self.note

    def _update_visible(self) -> None:
        # The message may have been placed elsewhere on the page (the Overview shows it at the top).
        self.setVisible(self._others or (self.isAncestorOf(self.message) and not self.message.isHidden()))

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
        """Every text the section shows, top to bottom: the import's news (wherever the page put it) first."""
        labels = [self.message, *(label for label in self.findChildren(QLabel) if label is not self.message)]
        return [label.text() for label in labels if not label.isHidden() and label.text()]

    def remove_buttons(self) -> list[QPushButton]:
        return [b for b in self.frame.findChildren(QPushButton) if b.text() == "Remove"]


__all__ = ["ComputersPanel", "ask_remove", "ask_report_files", "import_message"]
