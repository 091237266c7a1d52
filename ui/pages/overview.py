"""Overview: the score with how much of it was really checked, each strategy's own bar, what needs action first,
what to do next, and the button to scan again. On the first run it says what Homeguard does and starts a scan.

In a one-computer home it scores ``AppContext.current_run()``: the newest scan's device results plus the household's
answers as they are now, so answering a question moves the score at once. Once other computers' reports have been
added, the score is the whole home's (``auditor.household_score``: every computer plus the people's answers, worked
out on a worker by ``ComputersPanel``), and each thing to do says which computer it is for; one on another computer
opens that computer's row below with its steps, as it is put right on that computer itself. What needs action, what
comes next and where each is put right are ``auditor.next_steps``'s rules; this page only shows them. Under the
score, one sentence says what changed on this computer since its previous scan (``auditor.changes``, worked out on
a worker once per scan), each check that got worse a link to it.

On a first run the window paints the welcome alone; the dashboard is built, styled and drawn once off screen
after that, while the person reads, and when the first scan ends it is filled, laid out off screen and shown on
three turns of the event loop (ui/pages/overview_offscreen.py), so that no frame has to do it all. Right after a
scan, what changed comes with it (worked out by the scan's worker; ui/pages/overview_changes.py), not from a
worker started as the scan ends.
Its rows are updated in place, never built again for each refresh (ui/widgets/overview_parts.py); the score's own
lines are in ui/widgets/overview_score.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from auditor.model import Result, ScanRun, Status
from auditor.next_steps import NEXT_LIMIT, where_to_fix
from auditor.scoring import Scorecard
from ui.context import AppContext
from ui.first_paint import after_first_paint
from ui.pages import Page
from ui.pages import overview_offscreen as offscreen
from ui.pages.overview_changes import ChangesSincePrevious
from ui.style import card, heading, muted, plain_label, status_icon
from ui.widgets.computers_panel import ComputersPanel, shown_name
from ui.widgets.overview_parts import add_row, fill_rows, rows_of, shown_results
from ui.widgets.scan_panel import ScanPanel, when_text

if TYPE_CHECKING:
    from auditor.changes import Comparison
    from auditor.household_score import Computer, HouseholdScore
    from ui.widgets.overview_score import Picture, Todo


ACTION_ROWS_READY = 2  # rows built in advance for "Action needed" (more are built whenever needed)
# The score's words, long imported from here; they live in ui.widgets.overview_score (see __getattr__).
SCORE_WORDS = frozenset({"Picture", "StrategyRow", "Todo", "percent", "range_sentence", "score_headline",
                         "strategy_caption"})


def __getattr__(name: str) -> object:
    """The score's words by their long-standing place. ``ui.widgets.overview_score`` (and the engine's modules it
    needs: what changed, what to do next) is imported on first use: a first run's welcome paints without it."""
    if name in SCORE_WORDS:
        from ui.widgets import overview_score

        return getattr(overview_score, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def target_page(result: Result) -> str:
    """The page where a result is put right (``auditor.next_steps.where_to_fix``), as the window names it."""
    place, key = where_to_fix(result)
    return f"{place}#{key}" if key else place


class OverviewPage(Page):
    page_id = "overview"
    title = "Overview"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.card: Scorecard | None = None
        self.run: ScanRun | None = None
        self.changes = ChangesSincePrevious(context, self._show_changes, self)
        self._dashboard_built = False
        self._swap = QTimer(self)  # a zero-timer: it fires after the events and timers already due, not before
        self._swap.setSingleShot(True)
        self._swap.setInterval(0)
        self._swap.timeout.connect(self._swap_step)
        self._laid_out = False  # the filled dashboard has been laid out off screen for the coming swap
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
        self.computers.picture_changed.connect(self._on_picture)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.computers.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.body_layout.addLayout(top)
        self.body_layout.addWidget(self.subtitle)
        self.body_layout.addWidget(self.computers.message)  # what became of the reports: at the top, where it is seen

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
        self.body_layout.addWidget(self.computers)  # under the home's score it adds up
        self.body_layout.addStretch(1)

        self.page_scroll = QScrollArea()
        self.page_scroll.setAccessibleName("The Overview page")  # a named Tab stop: the arrow keys scroll it
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
        from ui.widgets.overview_score import ScoreLines, strategy_card

        grid = QGridLayout(self.dashboard)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(14)

        self.score_card, score = card()
        self.score_card.setAccessibleName("Your score")
        self.score = ScoreLines(score, lambda: self.context.navigate.emit("people"), self.open_check)
        # The score's lines by their long-standing names (the tests and the screenshots read them).
        self.score_value, self.score_headline, self.score_range = (self.score.value, self.score.headline,
                                                                   self.score.range)
        self.counts, self.unchecked = self.score.counts, self.score.unchecked
        self.unchecked_button = self.score.unchecked_button
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
            add_row(self.action_rows, self.open_result)
        left.addWidget(self.action_card)

        self.next_card, nxt = card()
        self.next_card.setAccessibleName("Do these next")
        nxt.addWidget(heading("Do these next", 2))
        self.next_intro = muted(plain_label("The things that would raise the score most, most important first."))
        nxt.addWidget(self.next_intro)
        self.next_rows = QVBoxLayout()
        nxt.addLayout(self.next_rows)
        for _ in range(NEXT_LIMIT):
            add_row(self.next_rows, self.open_result)
        left.addWidget(self.next_card)
        left.addStretch(1)

        self.strategy_card, self.strategy_rows = strategy_card()

        grid.addLayout(left, 0, 0)
        grid.addWidget(self.strategy_card, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    def _get_ready_to_show(self) -> None:
        """What showing the dashboard for the first time would otherwise do in the same frame, done while the
        welcome is on screen (ui.pages.overview_offscreen)."""
        if self.dashboard.isHidden():  # else on screen already: nothing left to get ready
            offscreen.warm_up(self.dashboard, self.welcome.width(),
                              (self.score_value, self.score_headline, *(row.title for row in rows_of(self.next_rows))))

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
        self.computers.refresh(self.run)  # with other computers: the whole home's picture, on a worker
        self.changes.follow(self.run)  # what changed since the scan before it (ui.pages.overview_changes)
        if self.run is None:
            self._swap.stop()
            self._laid_out = False
            self.card = None
            self.subtitle.setText("")
            self.subtitle.hide()
            self.dashboard.hide()
            self.welcome.show()
            return
        self._build_dashboard()
        from ui.widgets.overview_score import home_picture, this_computer_picture

        if not self.computers.has_others:
            self._fill_dashboard(this_computer_picture(self.run))
        elif self.computers.score is not None and self.computers.score_has_others:
            # The home's last picture until the new one comes (the same numbers as a moment ago, or very nearly).
            self._fill_dashboard(home_picture(self.computers.score, self.run.results))
        else:
            self._wait_for_home()
        if not self.dashboard.isHidden():
            return
        # After the first scan the filled dashboard takes the welcome's place, laid out once, as a whole. When the
        # welcome is on screen, that happens over the event loop's next two turns (_swap): the filled dashboard is
        # laid out and drawn off screen first, then shown. Filling it, laying it out and painting the whole page
        # for the first time are each a frame's work of their own; in one frame the window would stutter. (When
        # the page is only now being shown, the dashboard is simply shown instead.)
        if self.isVisible() and self._welcome_painted:
            self._laid_out = False
            self._swap.start()
        else:
            self._show_dashboard()

    def _swap_step(self) -> None:
        """One of the swap's two turns: lay out the filled dashboard off screen, then (next turn) show it."""
        if self._laid_out or not self.dashboard.isHidden():
            self._show_dashboard()
            return
        offscreen.lay_out(self.dashboard, self.welcome.width())
        self._laid_out = True
        self._swap.start()

    def _show_dashboard(self) -> None:
        self._laid_out = False
        self.welcome.hide()
        self.dashboard.show()

    def _on_picture(self, score: HouseholdScore | None) -> None:
        """The whole home's picture, worked out on a worker for the latest refresh (None: it could not be)."""
        if self.run is None or not self._dashboard_built:
            return
        from ui.widgets.overview_score import home_picture, this_computer_picture

        if score is not None and self.computers.score_has_others:
            self._fill_dashboard(home_picture(score, self.run.results))
        else:
            self._fill_dashboard(this_computer_picture(self.run))

    def _wait_for_home(self) -> None:
        """Other computers were added but their picture is still being worked out (a moment): no other number."""
        self.card = None
        self.score.show_waiting(self.computers.computer_count)
        self.action_card.hide()
        self.next_card.hide()

    def _fill_dashboard(self, picture: Picture) -> None:
        run = self.run
        assert run is not None
        self.card = picture.card
        self.subtitle.show()
        scanned = f"This computer ({run.hostname}) was scanned {when_text(run.finished_at)}"
        others = "; the other computers are listed below" if picture.whole_home else ""
        self.subtitle.setText(f"{scanned}{others}. Answers the family gives count straight away.")
        self.score.show(picture)
        self.score.show_changes(self.changes.comparison, whole_home=picture.whole_home)
        for sid, row in self.strategy_rows.items():
            row.set_line(picture.card.by_strategy[sid])
        fill_rows(self.action_rows, [self._row(todo) for todo in picture.action], self.open_result)
        self.action_card.setVisible(bool(picture.action))
        fill_rows(self.next_rows, [self._row(todo) for todo in picture.next], self.open_result)
        self.next_card.show()
        self.next_intro.setText(
            ("The things that would raise your home\u2019s score most, most important first." if picture.whole_home
             else "The things that would raise the score most, most important first.") if picture.next else
            "Nothing here needs fixing right now. Well done. Keep going with what is not checked yet, and scan "
            "again now and then.")

    @staticmethod
    def _row(todo: Todo) -> tuple[Result, Computer | None, str]:
        """A thing to do as its row shows it: with the computer it is for, on the whole home's Overview."""
        c = todo.computer
        where = "" if c is None else "on this computer" if c.this_computer else f"on {shown_name(c.name)}"
        return todo.result, c, where

    def _show_changes(self, comparison: Comparison | None) -> None:
        """What changed since the previous scan, under the score (ui.pages.overview_changes says when)."""
        if self._dashboard_built:
            self.score.show_changes(comparison, whole_home=self.computers.has_others)

    def open_check(self, check_id: str) -> None:
        """A check named in "what changed": open it where it is put right, as its row in the lists would."""
        found = next((r for r in (self.run.results if self.run else ()) if r.check_id == check_id
                      and r.kind == "device"), None)
        if found is not None:
            self.open_result(found)

    def open_result(self, result: Result, computer: Computer | None = None) -> None:
        """This computer's fixes and the people's answers open where they are put right, as always; another
        computer's opens that computer's row below, with its steps (it is put right on that computer itself)."""
        if computer is None or computer.this_computer:
            self.context.navigate.emit(target_page(result))
            return
        note = self.computers.show_fix(computer, result)
        QTimer.singleShot(0, self, lambda: self.page_scroll.ensureWidgetVisible(note, 0, 24))

    def add_reports(self, paths: list[Path]) -> None:
        """Other computers' report files, chosen or dropped on the window: read, kept, and what became of each said."""
        self.computers.add_reports(paths)

    # -- for tests and the screenshots --------------------------------------------------------------------------
    def next_results(self) -> list[Result]:
        return shown_results(self.next_rows)

    def action_results(self) -> list[Result]:
        return shown_results(self.action_rows)
