"""The Overview's score: the big number with how much of it was really checked, where the real score lies, the
counts, what changed since the previous scan (``auditor.changes``), the family's questions still waiting, and one
bar per strategy; and ``Picture``, what the dashboard shows.

A picture is either this computer's (its newest scan and the people's answers: the Overview of a one-computer home,
worded exactly as it always was) or the whole home's (``auditor.household_score``: every computer's device results
and the people's answers in one scorecard, once other computers' reports have been added). Every number comes from
the scorecard it is given; this module only words it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from auditor.advice import STRATEGIES
from auditor.changes import ChangeKind, CheckChange, Comparison, summary
from auditor.model import Result, Status
from auditor.next_steps import action_needed, next_steps
from auditor.scoring import Scorecard, ScoreLine, scorecard
from auditor.textreport import percent  # a score as a whole number, or a dash when there is none
from ui.style import card, heading, muted, plain_label, score_color
from ui.widgets.overview_parts import ScoreBar

if TYPE_CHECKING:
    from auditor.household_score import Computer, HouseholdScore
    from auditor.model import ScanRun


def score_headline(line: ScoreLine) -> str:
    """'72 — 60% checked', the way the issue asks for it."""
    if line.coverage is None:
        return "Nothing to check yet"
    checked = f"{round(line.coverage * 100):d}% checked"
    return f"No score yet \u2014 {checked}" if line.score is None else f"{percent(line.score)} \u2014 {checked}"


def range_sentence(line: ScoreLine) -> str:
    if line.coverage is None:
        return ""
    if line.score is None:
        return "Nothing has been decided yet, so there is no score. Scan this computer and answer a few questions."
    if line.lowest is None or line.highest is None or round(line.lowest) == round(line.highest):
        return "Everything that applies was checked, so this score is exact."
    return (f"Some things are not checked yet, so the real score could be anywhere from {percent(line.lowest)} "
            f"(if they all turn out badly) to {percent(line.highest)} (if they all turn out well).")


def strategy_caption(line: ScoreLine) -> str:
    if line.coverage is None:
        return "Nothing to check here yet"
    if line.score is None:
        return "Not checked yet"
    return f"{percent(line.score)} out of 100 \u00b7 {round(line.coverage * 100):d}% checked"


CHECK_LINK = "check:"  # a changed check's link in the sentence: "check:firewall"
LINKED = (ChangeKind.WORSE, ChangeKind.NEWLY_FAILING)  # the checks the sentence names, each in this scan


def changes_text(comparison: Comparison | None, *, whole_home: bool) -> tuple[str, Qt.TextFormat]:
    """What changed on this computer since its previous scan, as the label shows it: the sentence with each check it
    names as a link to that check ("" when there was no scan before). Every word is escaped, the titles too (a
    plugin's title is not ours); a reason for not comparing names another computer, so it stays plain text."""
    names: list[CheckChange] = []

    def mark(change: CheckChange) -> str:
        names.append(change)
        return f"\x00{len(names) - 1}\x00"

    sentence = summary(comparison, on_this_computer=whole_home, name=mark)
    if sentence is None:
        return "", Qt.TextFormat.PlainText
    if comparison is not None and comparison.not_compared:
        return sentence, Qt.TextFormat.PlainText
    parts = sentence.split("\x00")
    for i in range(1, len(parts), 2):
        change = names[int(parts[i])]
        parts[i] = f'<a href="{CHECK_LINK}{html.escape(change.check_id)}">{html.escape(change.title)}</a>'
    for i in range(0, len(parts), 2):
        parts[i] = html.escape(parts[i])
    return "".join(parts), Qt.TextFormat.RichText


def home_caption(computers: int) -> str:
    """What the whole home's score covers, said above its number."""
    every = "both computers" if computers == 2 else f"all {computers} computers"
    return f"Your home: {every} and everyone\u2019s answers"


# -- what the dashboard shows ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Todo:
    """One thing to put right, and the computer it is put right on (None: this computer's own Overview, or one of
    the people's answers, which belong to no computer)."""

    result: Result
    computer: Computer | None = None


@dataclass(frozen=True)
class Picture:
    """One scorecard and its lists: this computer's, or the whole home's (``computers`` > 1)."""

    card: Scorecard
    guided: tuple[Result, ...]  # the people's answers, for "questions still waiting"
    action: tuple[Todo, ...]
    next: tuple[Todo, ...]
    computers: int = 1

    @property
    def whole_home(self) -> bool:
        return self.computers > 1


def this_computer_picture(run: ScanRun) -> Picture:
    """This computer alone: its newest scan and the people's answers, as the Overview always showed it."""
    results = list(run.results)
    card_ = scorecard(results)
    return Picture(card=card_, guided=tuple(r for r in results if r.kind == "guided"),
                   action=tuple(Todo(r) for r in action_needed(results, card_)),
                   next=tuple(Todo(r) for r in next_steps(results)))


def home_picture(score: HouseholdScore, guided: Sequence[Result]) -> Picture:
    """The whole home: every computer and the people's answers, each step with the computer it is for."""
    from auditor.household_score import computer_of

    return Picture(card=score.card, guided=tuple(r for r in guided if r.kind == "guided"),
                   action=tuple(Todo(s.result, computer_of(score, s)) for s in score.action_needed),
                   next=tuple(Todo(s.result, computer_of(score, s)) for s in score.next_steps),
                   computers=len(score.computers))


# -- the widgets -------------------------------------------------------------------------------------------------

class StrategyRow(QWidget):
    def __init__(self, title: str, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label(title)
        self.title.setToolTip(summary)
        self.bar = ScoreBar()
        self.bar.setToolTip(summary)
        self.caption = muted(plain_label(""))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 3)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)
        layout.addWidget(self.caption)
        self._name = title

    def set_line(self, line: ScoreLine) -> None:
        self.bar.set_score(line.score)
        self.caption.setText(strategy_caption(line))
        self.bar.setAccessibleName(f"{self._name}: {strategy_caption(line)}")
        self.setAccessibleName(f"{self._name}: {strategy_caption(line)}")


def strategy_card() -> tuple[QFrame, dict[str, StrategyRow]]:
    """The seven ways to stay safe, one bar each, by strategy id."""
    frame, strategies = card()
    frame.setAccessibleName("The seven ways to stay safe")
    strategies.addWidget(heading("The seven ways to stay safe", 2))
    strategies.addWidget(muted(plain_label("Each bar is the score for one part of the advice.")))
    rows: dict[str, StrategyRow] = {}
    for strategy in STRATEGIES:
        rows[strategy.id] = StrategyRow(strategy.title, strategy.summary)
        strategies.addWidget(rows[strategy.id])
    strategies.addStretch(1)
    return frame, rows


class ScoreLines:
    """The score card's lines, added to the card's own layout (so a one-computer Overview is laid out as before):
    what the score covers (for the whole home only), the number, how much was checked, the range and the counts,
    and the family's questions still waiting with the button that opens them."""

    def __init__(self, layout: QVBoxLayout, on_answer: Callable[[], None],
                 on_check: Callable[[str], None] | None = None) -> None:
        self.caption = heading("", 3)
        self.caption.setAccessibleName("What the score covers")
        self.caption.hide()  # shown for the whole home only
        layout.addWidget(self.caption)
        row = QHBoxLayout()
        self.value = QLabel()
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 3.0)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAccessibleName("Score")
        self.headline = heading("", 2)
        self.headline.setWordWrap(False)
        self.headline.setAccessibleName("Score and how much was checked")
        row.addWidget(self.value, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.headline, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        layout.addLayout(row)
        self.range = plain_label("")
        self.range.setAccessibleName("Where the real score lies")
        layout.addWidget(self.range)
        self.counts = muted(plain_label(""))
        self.counts.setAccessibleName("How many checks are in each state")
        layout.addWidget(self.counts)
        # What changed since the previous scan: each check it names opens that check (``on_check`` gets its id).
        self.changes = plain_label("")
        self.changes.setAccessibleName("What changed since the previous scan")
        self.changes.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse |
                                             Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.changes.setOpenExternalLinks(False)
        if on_check is not None:
            self.changes.linkActivated.connect(
                lambda link: on_check(link.removeprefix(CHECK_LINK)) if link.startswith(CHECK_LINK) else None)
        self.changes.hide()
        layout.addWidget(self.changes)
        # The sentence takes the card's whole width and its button goes under it, as "Scan again" does: beside it,
        # with large text the sentence was squeezed into a column of one word per line.
        self.unchecked = plain_label("")
        self.unchecked_button = QPushButton("&Answer the family's questions")
        self.unchecked_button.setAccessibleName("Answer the family's questions")
        self.unchecked_button.setToolTip("Opens People and accounts, where each person answers the questions only "
                                         "they can")
        self.unchecked_button.clicked.connect(on_answer)
        layout.addWidget(self.unchecked)
        layout.addWidget(self.unchecked_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show(self, picture: Picture) -> None:
        line = picture.card.overall
        self.caption.setText(home_caption(picture.computers) if picture.whole_home else "")
        self.caption.setVisible(picture.whole_home)
        self.value.setText(percent(line.score))
        palette = self.value.palette()
        palette.setColor(QPalette.ColorRole.WindowText, score_color(None if line.score is None else round(line.score)))
        self.value.setPalette(palette)
        headline = score_headline(line)
        number = percent(line.score)
        self.headline.setText(headline[len(number):].strip() if headline.startswith(number) else headline)
        said = f"{home_caption(picture.computers)}. Score: {headline}" if picture.whole_home else f"Score: {headline}"
        self.headline.setAccessibleName(said)
        self.value.setAccessibleName(said)
        self.range.setText(range_sentence(line))
        counts = line.counts
        parts = [f"{counts.get('pass', 0)} OK", f"{counts.get('partial', 0)} partly done",
                 f"{counts.get('fail', 0)} to fix", f"{counts.get('unknown', 0) + counts.get('error', 0)} not checked"]
        self.counts.setText(" \u00b7 ".join(parts))
        unanswered = sum(1 for r in picture.guided if r.status is Status.UNKNOWN)
        self.unchecked.setText(
            f"{unanswered} {'question is' if unanswered == 1 else 'questions are'} still waiting for an answer from "
            "the family. Answering them makes the score more certain." if unanswered else
            "Every family question has an answer. Answers are asked again when they get old.")
        self.unchecked_button.setVisible(bool(unanswered))

    def show_changes(self, comparison: Comparison | None, *, whole_home: bool) -> None:
        """What changed on this computer since its previous scan (hidden when there was none)."""
        text, text_format = changes_text(comparison, whole_home=whole_home)
        self.changes.setTextFormat(text_format)
        self.changes.setText(text)
        self.changes.setAccessibleDescription(summary(comparison, on_this_computer=whole_home) or "")
        self.changes.setVisible(bool(text))

    def show_waiting(self, computers: int) -> None:
        """While the whole home's score is worked out (a moment, on a worker): no number from another picture."""
        self.caption.setText(home_caption(computers) if computers > 1 else "Your home")
        self.caption.show()
        self.value.setText("")
        self.headline.setText("Adding up every computer\u2026")
        self.headline.setAccessibleName("Adding up every computer")
        self.range.setText("")
        self.counts.setText("")


__all__ = ["CHECK_LINK", "Picture", "ScoreLines", "StrategyRow", "Todo", "changes_text", "home_caption",
           "home_picture", "percent", "range_sentence", "score_headline", "strategy_caption", "strategy_card",
           "this_computer_picture"]
