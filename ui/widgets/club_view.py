"""The club page's summary itself: how many computers, the files not used, the charts, the fixes, each check and
the guided answers, built from one ``auditor.club.ClubSummary`` as it is.

Every number is the summary's, already through the small-group rule, and worded by the terminal's own functions
(``auditor.cli_club``), so the page, the terminal and the printed page say the same thing in the same words. Every
text is a plain label, a plain-text list or a table cell: nothing from a report is shown as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from auditor.model import Status
from auditor.plural import plural
from ui.style import card, clear_layout, heading, muted, plain_label
from ui.widgets.club_charts import AdviceBar, CountsTable, ScoreHistogram

if TYPE_CHECKING:
    from auditor.club import ClubSummary

CHECK_COLOURS = (Status.PASS, Status.PARTIAL, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE)


class ClubSummaryView(QWidget):
    """The summary, top to bottom; ``show_summary`` replaces what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_layout = QVBoxLayout(self)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.body_layout.setSpacing(14)
        self.advice_lines: list[str] = []  # what each kind of advice's row says, and each answered question's
        self.answer_lines: list[str] = []

    def show_summary(self, summary: ClubSummary | None, not_used: Sequence[str]) -> None:
        """Show a folder's summary (None: the folder could not be read) and the files not used, in place of
        whatever was shown before."""
        from auditor.cli_club import CHECK_LABELS, averages_text, counted, set_aside_words
        from auditor.freshness import OUT_OF_DATE_DAYS
        from auditor.report_html_checks import SEVERITY_WORDS

        clear_layout(self.body_layout)
        self.advice_lines, self.answer_lines = [], []
        add = self.body_layout.addWidget
        if summary is not None and summary.machines != 0:
            facts = [f"{counted(summary.machines, 'computers')} in this folder.",
                     f"Out of date (scanned more than {OUT_OF_DATE_DAYS} days ago, so counted as not checked): "
                     f"{counted(summary.out_of_date, 'computers')}."]
            if summary.set_aside:
                facts.append(f"Set aside: {set_aside_words(summary.set_aside)}.")
            self.machines_label = heading(facts[0], 2)
            add(self.machines_label)
            add(plain_label(" ".join(facts[1:])))
        if not_used:
            add(self._not_used(not_used))
        if summary is None or summary.machines == 0:
            self.body_layout.addStretch(1)
            return

        frame, box = self._section("Scores", averages_text(summary.overall).capitalize() + ".")
        self.histogram = ScoreHistogram()
        self.histogram.set_bands(summary.bands, summary.no_score)
        box.addWidget(self.histogram)
        add(frame)

        frame, box = self._section("The seven kinds of advice", "Each bar: the average score (coloured) above how "
                                   "much was checked (grey).")
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        for number, strategy in enumerate(summary.strategies):
            words = averages_text(strategy.averages)
            self.advice_lines.append(f"{strategy.title}: {words}")
            grid.addWidget(plain_label(strategy.title), number, 0)
            grid.addWidget(muted(plain_label(words)), number, 1)
            grid.addWidget(AdviceBar(strategy, words), number, 2)
        box.addLayout(grid)
        add(frame)

        frame, box = self._section("Fixes most needed", "Checks that fail, or only partly pass, on the most "
                                   "computers.")
        fixes = [f"{n}. {fix.title} ({SEVERITY_WORDS[fix.severity]}): {counted(fix.machines, 'computers')}"
                 for n, fix in enumerate(summary.fixes, 1)] or ["None: no check fails on any computer."]
        self.fixes_label = plain_label("\n".join(fixes), selectable=True)
        self.fixes_label.setAccessibleName("Fixes most needed")
        box.addWidget(self.fixes_label)
        add(frame)

        frame, box = self._section("Each check", "How many computers each check found in each state.")
        self.checks_table = CountsTable("Each check", CHECK_LABELS, CHECK_COLOURS)
        self.checks_table.set_rows([(row.title, row.counts) for row in summary.checks])
        box.addWidget(self.checks_table)
        add(frame)

        if summary.answers:
            add(self._answers(summary))
        add(muted(plain_label(
            "Each computer counts once, with its newest report. Checks that could not tell, questions not answered "
            "and out-of-date reports count as not checked, never as passed. When any count in a row is hidden, that "
            "row's zeros are hidden too, so a hidden number cannot be worked out from the others.")))
        self.body_layout.addStretch(1)

    def _answers(self, summary: ClubSummary) -> QFrame:
        """Each question answered, with the summary's own sentence ("14 of 20 said yes · no: fewer than 5 · ..."); the
        questions nobody answered yes, partly or no to are folded into one list, as on the printed page."""
        from auditor.cli_club import answer_line, unanswered

        frame, box = self._section("Guided questions", "Answers from people, or about their phones, tablets and "
                                   "consoles: each person or device counts once per question.")
        for answer in summary.answers:
            if unanswered(answer.counts):
                continue
            title, line = plain_label(answer.title), muted(plain_label(answer_line(answer.asked, answer.counts)))
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            line.setContentsMargins(0, 0, 0, 6)
            box.addWidget(title)
            box.addWidget(line)
            self.answer_lines.append(f"{answer.title}: {line.text()}")
        quiet = [answer.title for answer in summary.answers if unanswered(answer.counts)]
        if quiet:
            box.addWidget(self._folded(f"Nobody answered yes, partly or no to {plural(len(quiet), 'question')}", quiet,
                                       "Questions nobody answered"))
        return frame

    def _section(self, title: str, line: str) -> tuple[QFrame, QVBoxLayout]:
        frame, box = card()
        frame.setAccessibleName(title)
        box.addWidget(heading(title, 2))
        box.addWidget(muted(plain_label(line)))
        return frame, box

    def _not_used(self, lines: Sequence[str]) -> QWidget:
        """The files left out, each with its reason: folded, a click away, in a scrolling plain-text list."""
        count = plural(len(lines), "file")
        holder = self._folded(f"Not used: {count}", lines, f"Files not used: {count}")
        self.not_used_toggle, self.not_used_list = holder.findChild(QToolButton), holder.findChild(QPlainTextEdit)
        return holder

    def _folded(self, text: str, lines: Sequence[str], name: str) -> QWidget:
        """A button that opens and closes a read-only, scrolling plain-text list of ``lines``."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        toggle = QToolButton()
        toggle.setAccessibleName(name)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setCheckable(True)
        shown = QPlainTextEdit()
        shown.setReadOnly(True)
        shown.setAccessibleName(f"{name}: the list")
        shown.setPlainText("\n".join(lines))
        shown.setFixedHeight(self.fontMetrics().lineSpacing() * min(len(lines) + 1, 9) + 12)
        shown.setVisible(False)

        def show(on: bool) -> None:
            shown.setVisible(on)
            toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
            toggle.setText(f"{text} ({'hide' if on else 'show'})")

        show(False)
        toggle.toggled.connect(show)
        column.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(shown)
        return holder


__all__ = ["ClubSummaryView"]
