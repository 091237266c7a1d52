"""Overview: the score with how much of it was really checked, each strategy's own bar, what needs action first,
what to do next, and the button to scan again. On the first run it says what Homeguard does and starts a scan.

It scores ``AppContext.current_run()``: the newest scan's device results plus the household's answers as they are
now, so answering a question moves the score at once. What needs action, what comes next and where each is put
right are ``auditor.next_steps``'s rules; this page only shows them.

On a first run the window paints the welcome alone; the dashboard is built, styled and drawn once off screen
after that, while the person reads, so that when the first scan ends showing it is a frame's work, not several.
Its rows are updated in place, never built again for each refresh (ui/widgets/overview_parts.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from auditor.advice import STRATEGIES
from auditor.model import Result, ScanRun, Status
from auditor.next_steps import NEXT_LIMIT, action_needed, next_steps, where_to_fix
from auditor.scoring import Scorecard, ScoreLine, scorecard
from ui.context import AppContext
from ui.first_paint import after_first_paint
from ui.pages import Page
from ui.style import card, heading, muted, plain_label, score_color, status_icon
from ui.widgets.computers_panel import ComputersPanel
from ui.widgets.overview_parts import ResultRow, ScoreBar
from ui.widgets.scan_panel import ScanPanel, when_text


def percent(value: float | None) -> str:
    return "\u2014" if value is None else f"{round(value):d}"


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


ACTION_ROWS_READY = 2  # rows built in advance for "Action needed" (more are built whenever needed)


def target_page(result: Result) -> str:
    """The page where a result is put right (``auditor.next_steps.where_to_fix``), as the window names it."""
    place, key = where_to_fix(result)
    return f"{place}#{key}" if key else place


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


class OverviewPage(Page):
    page_id = "overview"
    title = "Overview"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.card: Scorecard | None = None
        self.run: ScanRun | None = None
        self._dashboard_built = False
        self._swap = QTimer(self)  # a zero-timer: it fires after the events and timers already due, not before
        self._swap.setSingleShot(True)
        self._swap.setInterval(0)
        self._swap.timeout.connect(self._show_dashboard)
        self._welcome_painted = False  # since the page was last shown: the welcome is what the person sees

        body = QWidget()
        # The page's content is laid out from the top, so when only its height changes (a status line wrapping
        # differently during a scan), nothing on it moves: only what is newly uncovered needs painting, not all.
        body.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(24, 18, 24, 18)
        self.body_layout.setSpacing(14)
        self.heading = heading(self.title)
        self.subtitle = muted(plain_label(""))
        self.subtitle.setAccessibleName("About the latest scan")
        self.computers = ComputersPanel(context)  # the family's other computers: hidden while there are none
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.computers.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.body_layout.addLayout(top)
        self.body_layout.addWidget(self.subtitle)
        self.body_layout.addWidget(self.computers)

        # -- the first run --------------------------------------------------------------------------------------
        self.welcome, welcome = card()
        welcome.addWidget(heading("Welcome to Homeguard", 2))
        for text in (
            "Homeguard looks at how well this computer, and the people who use it, follow the advice that keeps "
            "families safe from online blackmail (sometimes called sextortion).",
            "First it checks this computer's settings, such as updates, the screen lock and disk encryption. Then "
            "it walks each person through a few questions about their own accounts, and shows what to do next, "
            "one step at a time.",
            "Everything stays on this computer. Homeguard never sends anything anywhere, and it never changes a "
            "setting by itself.",
        ):
            welcome.addWidget(plain_label(text))
        self.first_scan = ScanPanel(context, "&Start the first scan")
        welcome.addWidget(self.first_scan)
        welcome.addWidget(muted(plain_label("If someone is being threatened right now, choose \u201cGet help now\u201d "
                                            "on the left (or press F1).")))
        self.body_layout.addWidget(self.welcome)
        self.welcome.installEventFilter(self)

        # The dashboard: what a scan shows. Built the first time it is needed, or once the page has first painted,
        # whichever comes first, so the first run's window paints without it and the first scan's end does not
        # wait for it to be built.
        self.dashboard = QWidget()
        self.dashboard.hide()
        self.body_layout.addWidget(self.dashboard)
        self.body_layout.addStretch(1)

        self.page_scroll = QScrollArea()
        self.page_scroll.setWidget(body)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page_scroll)
        # The page's heading: always shown, and a label always paints (the page itself, covered by its scroll
        # area, is not painted at all).
        after_first_paint(self.heading, self._build_dashboard_early)

    def _build_dashboard_early(self) -> None:
        """On a first run, once the welcome has painted: build the dashboard, and on the next turn of the event
        loop get it ready to be shown, so the first scan's end has as little as possible left to do."""
        if self._dashboard_built:
            return
        self._build_dashboard()
        QTimer.singleShot(0, self, self._get_ready_to_show)

    def _build_dashboard(self) -> None:
        """The score, what needs action, what to do next and the seven strategies (once; later calls do nothing)."""
        if self._dashboard_built:
            return
        self._dashboard_built = True
        grid = QGridLayout(self.dashboard)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(14)

        self.score_card, score = card()
        self.score_card.setAccessibleName("Your score")
        row = QHBoxLayout()
        self.score_value = QLabel()
        self.score_value.setTextFormat(Qt.TextFormat.PlainText)
        font = self.score_value.font()
        font.setPointSizeF(font.pointSizeF() * 3.0)
        font.setBold(True)
        self.score_value.setFont(font)
        self.score_value.setAccessibleName("Score")
        self.score_headline = heading("", 2)
        self.score_headline.setWordWrap(False)
        self.score_headline.setAccessibleName("Score and how much was checked")
        row.addWidget(self.score_value, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.score_headline, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        score.addLayout(row)
        self.score_range = plain_label("")
        self.score_range.setAccessibleName("Where the real score lies")
        score.addWidget(self.score_range)
        self.counts = muted(plain_label(""))
        self.counts.setAccessibleName("How many checks are in each state")
        score.addWidget(self.counts)
        unchecked_row = QHBoxLayout()
        self.unchecked = plain_label("")
        self.unchecked_button = QPushButton("&Answer the family's questions")
        self.unchecked_button.setAccessibleName("Answer the family's questions")
        self.unchecked_button.setToolTip("Opens People and accounts, where each person answers the questions only "
                                         "they can")
        self.unchecked_button.clicked.connect(lambda: self.context.navigate.emit("people"))
        unchecked_row.addWidget(self.unchecked, 1)
        unchecked_row.addWidget(self.unchecked_button, 0, Qt.AlignmentFlag.AlignTop)
        score.addLayout(unchecked_row)
        self.scan_panel = ScanPanel(self.context, "Scan a&gain")
        score.addWidget(self.scan_panel)
        left.addWidget(self.score_card)

        self.action_card, action = card()
        self.action_card.setAccessibleName("Action needed")
        action_title = QHBoxLayout()
        action_icon = QLabel()
        action_icon.setPixmap(status_icon(Status.FAIL, 22).pixmap(QSize(22, 22), self.devicePixelRatioF()))
        action_title.addWidget(action_icon)
        action_title.addWidget(heading("Action needed", 2), 1)
        action.addLayout(action_title)
        action.addWidget(plain_label("This is the most important thing to put right. It usually takes a few "
                                     "minutes, and the steps show you how."))
        self.action_rows = QVBoxLayout()
        action.addLayout(self.action_rows)
        for _ in range(ACTION_ROWS_READY):
            self._add_row(self.action_rows)
        left.addWidget(self.action_card)

        self.next_card, nxt = card()
        self.next_card.setAccessibleName("Do these next")
        nxt.addWidget(heading("Do these next", 2))
        self.next_intro = muted(plain_label("The things that would raise the score most, most important first."))
        nxt.addWidget(self.next_intro)
        self.next_rows = QVBoxLayout()
        nxt.addLayout(self.next_rows)
        for _ in range(NEXT_LIMIT):
            self._add_row(self.next_rows)
        left.addWidget(self.next_card)
        left.addStretch(1)

        self.strategy_card, strategies = card()
        self.strategy_card.setAccessibleName("The seven ways to stay safe")
        strategies.addWidget(heading("The seven ways to stay safe", 2))
        strategies.addWidget(muted(plain_label("Each bar is the score for one part of the advice.")))
        self.strategy_rows: dict[str, StrategyRow] = {}
        for strategy in STRATEGIES:
            row_widget = StrategyRow(strategy.title, strategy.summary)
            self.strategy_rows[strategy.id] = row_widget
            strategies.addWidget(row_widget)
        strategies.addStretch(1)

        grid.addLayout(left, 0, 0)
        grid.addWidget(self.strategy_card, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    def _get_ready_to_show(self) -> None:
        """What showing the dashboard for the first time would otherwise do in the same frame, done while the
        welcome is on screen: style it, import the results' model (for the rows' wording), and draw it once off
        screen, which paints the status icons and fills the style's and the fonts' caches."""
        from ui.models.results import check_text  # noqa: F401 - imported now, not when the first row is filled

        if not self.dashboard.isHidden():
            return  # on screen already: nothing left to get ready
        self.dashboard.ensurePolished()
        for status in Status:
            status_icon(status, 20)
        for label in (self.score_value, self.score_headline, *(row.title for row in _rows(self.next_rows))):
            label.fontMetrics().horizontalAdvance("0123456789 \u2014 checked")
        self.dashboard.resize(self.welcome.width(), self.dashboard.height())
        self.dashboard.render(QPixmap(self.dashboard.size()))  # style, glyph and icon caches filled, off screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.welcome and event.type() == QEvent.Type.Paint:
            self._welcome_painted = True
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._welcome_painted = False
        super().hideEvent(event)

    # -- data ----------------------------------------------------------------------------------------------------
    @property
    def first_run(self) -> bool:
        return self.run is None

    def refresh(self) -> None:
        self.run = self.context.current_run()
        self.computers.refresh(self.run)
        if self.run is None:
            self._swap.stop()
            self.card = None
            self.subtitle.setText("")
            self.subtitle.hide()
            self.dashboard.hide()
            self.welcome.show()
            return
        self._build_dashboard()
        self._fill_dashboard(self.run)
        if not self.dashboard.isHidden():
            return
        # After the first scan the filled dashboard takes the welcome's place, laid out once, as a whole. When the
        # welcome is on screen, that happens on the event loop's next turn (_swap): laying out and painting the
        # whole page for the first time is a frame's work of its own, and in the same frame as the filling the
        # window would stutter. (When the page is only now being shown, the dashboard is simply shown instead.)
        if self.isVisible() and self._welcome_painted:
            self._swap.start()
        else:
            self._show_dashboard()

    def _show_dashboard(self) -> None:
        self.welcome.hide()
        self.dashboard.show()

    def _fill_dashboard(self, run: ScanRun) -> None:
        results = list(run.results)
        self.card = card_ = scorecard(results)
        self.subtitle.show()
        self.subtitle.setText(f"This computer ({run.hostname}) was scanned {when_text(run.finished_at)}. Answers "
                              "the family gives count straight away.")
        self._show_score(card_.overall, results)
        for sid, row in self.strategy_rows.items():
            row.set_line(card_.by_strategy[sid])
        action = action_needed(results, card_)
        self._fill(self.action_rows, action)
        self.action_card.setVisible(bool(action))
        steps = next_steps(results)
        self._fill(self.next_rows, steps)
        self.next_intro.setText("The things that would raise the score most, most important first." if steps else
                                "Nothing here needs fixing right now. Well done. Keep going with what is not "
                                "checked yet, and scan again now and then.")

    def _show_score(self, line: ScoreLine, results: list[Result]) -> None:
        self.score_value.setText(percent(line.score))
        palette = self.score_value.palette()
        palette.setColor(QPalette.ColorRole.WindowText, score_color(None if line.score is None else round(line.score)))
        self.score_value.setPalette(palette)
        headline = score_headline(line)
        number = percent(line.score)
        self.score_headline.setText(headline[len(number):].strip() if headline.startswith(number) else headline)
        self.score_headline.setAccessibleName(f"Score: {headline}")
        self.score_value.setAccessibleName(f"Score: {headline}")
        self.score_range.setText(range_sentence(line))
        counts = line.counts
        parts = [f"{counts.get('pass', 0)} OK", f"{counts.get('partial', 0)} partly done",
                 f"{counts.get('fail', 0)} to fix", f"{counts.get('unknown', 0) + counts.get('error', 0)} not checked"]
        self.counts.setText(" \u00b7 ".join(parts))
        unanswered = sum(1 for r in results if r.kind == "guided" and r.status is Status.UNKNOWN)
        self.unchecked.setText(
            f"{unanswered} {'question is' if unanswered == 1 else 'questions are'} still waiting for an answer from "
            "the family. Answering them makes the score more certain." if unanswered else
            "Every family question has an answer. Answers are asked again when they get old.")
        self.unchecked_button.setVisible(bool(unanswered))

    def _fill(self, layout: QVBoxLayout, results: list[Result]) -> None:
        """Show these results in a list of rows: the rows there are take the new results in place (most often the
        same ones, after a scan or an answer), a row is added only when there are more results than ever before,
        and the rows left over are hidden, kept for next time."""
        rows = _rows(layout)
        while len(rows) < len(results):
            rows.append(self._add_row(layout))
        for row, result in zip(rows, results, strict=False):
            row.set_result(result)
            row.show()
        for row in rows[len(results):]:
            row.hide()

    def _add_row(self, layout: QVBoxLayout) -> ResultRow:
        row = ResultRow(self.open_result)
        row.hide()  # until it has a result to show
        layout.addWidget(row)
        return row

    def open_result(self, result: Result) -> None:
        self.context.navigate.emit(target_page(result))

    def add_reports(self, paths: list[Path]) -> None:
        """Other computers' report files, chosen or dropped on the window: read, kept, and what became of each said."""
        self.computers.add_reports(paths)

    # -- for tests and the screenshots --------------------------------------------------------------------------
    def next_results(self) -> list[Result]:
        return _shown(self.next_rows)

    def action_results(self) -> list[Result]:
        return _shown(self.action_rows)


def _rows(layout: QVBoxLayout) -> list[ResultRow]:
    """The rows of a list, top to bottom."""
    items = (layout.itemAt(i) for i in range(layout.count()))
    widgets = (item.widget() if item is not None else None for item in items)
    return [widget for widget in widgets if isinstance(widget, ResultRow)]


def _shown(layout: QVBoxLayout) -> list[Result]:
    """The results of the rows in a list that are in use, top to bottom."""
    return [row.result for row in _rows(layout) if row.result is not None and not row.isHidden()]
