"""The keyboard alone, on every page the window lists: Tab and Shift+Tab reach every control and never get stuck,
every control a screen reader lands on has a name, and no Alt+letter is used twice on one screen.

The pages come from the main window itself (``default_pages()``), so a page added to the navigation is walked too.
Each page is looked at in every state a person can put it in without typing: as it opens, with each of its tabs,
and in the few extra views some pages have (a past scan opened, a quiz or a walk under way; ``MORE_VIEWS``). The
household has a person, a device and a past scan, so the tables that only show with data are on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QGroupBox,
    QLabel,
    QRadioButton,
    QTabBar,
    QTabWidget,
    QWidget,
)

from auditor.model import Result, ScanRun, Severity, Status
from auditor.walk import PERSON
from ui.main_window import MainWindow, default_pages
from ui.pages import Page

PAGE_IDS = [entry.page_id for entry in default_pages()]
WALKED_PAGES = PAGE_IDS
KEYED_PAGES = PAGE_IDS
KEY_PRESSES = 400  # more than any page has controls, twice over: a walk that does not come back is stuck
STEPS_IN_ONE_WIDGET = 40  # a read-only text moves through its links one Tab at a time, then lets go


# -- the household the pages show -------------------------------------------------------------------------------------

@pytest.fixture
def window(main_window: MainWindow, app_context, qtbot) -> MainWindow:
    """The whole window over a household with something in every list: Sam (apps chosen, so Sam's questions are
    listed), Mia (apps not chosen yet, so her walk starts with the apps), a phone, and one past scan."""
    household = app_context.household
    sam = household.add_person("Sam", "13-17")
    household.set_services(sam, ["instagram"])
    household.add_person("Mia", "under-13")
    household.add_device("Sam's phone", "iphone", sam)
    now = time.time()
    result = Result("screen-lock", "Screen locks when you step away", "secure-devices", Severity.HIGH, Status.FAIL,
                    "The screen never locks.")
    app_context.store.save_run(ScanRun((result,), now - 5, now, "linux", "family-laptop", "Ubuntu 24.04 LTS", "1"))
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    return main_window


def _open_past_scan(page: Page) -> None:
    page.open_run(page.runs_model.rows()[0].run_id)  # type: ignore[attr-defined]


def _start_quiz(page: Page) -> None:
    assert page.start_quiz()  # type: ignore[attr-defined]


def _walk_for(nickname: str) -> Callable[[Page], None]:
    def start(page: Page) -> None:
        person = page.context.household.person(nickname)
        assert person is not None and page.start_walk(PERSON, person.id)  # type: ignore[attr-defined]
    return start


# Views a person reaches by doing something on the page, beyond its tabs (which are found by themselves).
MORE_VIEWS: dict[str, list[tuple[str, Callable[[Page], None]]]] = {
    "history": [("a past scan opened", _open_past_scan)],
    "quiz": [("a question of the quiz", _start_quiz)],
    "people": [("Sam's walk, at a question", _walk_for("Sam")), ("Mia's walk, choosing her apps", _walk_for("Mia"))],
}
# The tables each page must have had on screen in the views walked, so a walk cannot pass by missing one.
TABLES = {"people": {"Questions", "The family's devices"}, "history": {"Past scans", "Results of this scan"},
          "device": {"Checks on this computer"}}


def settled() -> None:
    """Let Qt show what a page just added to its layouts: it shows those widgets on its next turn, not at once."""
    QApplication.processEvents()


def views(window: MainWindow, page_id: str) -> Iterator[str]:
    """Put the page in each of its states in turn, yielding a name for each."""
    window.show_page(page_id)
    page = window.pages[page_id]
    settled()
    yield "as it opens"
    for tabs in [t for t in page.findChildren(QTabWidget) if t.isVisible()]:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settled()
            yield f"the tab \u201c{tabs.tabText(index).replace('&', '')}\u201d"
        tabs.setCurrentIndex(0)
    for name, show in MORE_VIEWS.get(page_id, []):
        window.show_page(page_id)
        show(page)
        settled()
        yield name


# -- what a person can reach ------------------------------------------------------------------------------------------

def name_of(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{type(widget).__name__} \u201c{widget.accessibleName() or text or widget.objectName()}\u201d"


def takes_tab(widget: QWidget) -> bool:
    return (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus


def controls(page: QWidget, *, disabled_too: bool = False) -> list[QWidget]:
    """Every control on the page as it is now that Tab should reach: shown, enabled and taking the focus by Tab
    (a widget whose focus is handed to another one is reached as that one)."""
    return [w for w in page.findChildren(QWidget)
            if w.isVisible() and (disabled_too or w.isEnabled()) and w.focusProxy() is None and takes_tab(w)]


def radio_group(widget: QWidget) -> tuple[object, ...] | None:
    """Radio buttons of one group are one Tab stop (the arrow keys move between them): the group, or None."""
    if not isinstance(widget, QRadioButton):
        return None
    group = widget.group()
    return ("group", id(group)) if group is not None else ("siblings", id(widget.parentWidget()))


def first_control(page: QWidget, wanted: list[QWidget]) -> QWidget:
    """The page's first control in the window's Tab order."""
    widget: QWidget | None = page.nextInFocusChain()
    for _ in range(10_000):
        if widget is None:
            break
        if widget in wanted:
            return widget
        widget = widget.nextInFocusChain()
    raise AssertionError("no control of the page is in the window's Tab order")


def walk(qtbot, window: MainWindow, start: QWidget, *, backwards: bool) -> list[QWidget]:
    """Press Tab (or Shift+Tab) from ``start`` until the focus comes back to it; every widget focused on the way.

    Focus must leave a table at the first press (Tab in a table must not move from cell to cell: a person would
    never get out), and any other widget within a few presses (a read-only text steps through its links first)."""
    key, modifier = ((Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) if backwards
                     else (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier))
    press = "Shift+Tab" if backwards else "Tab"
    page = window.current_page()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen: list[QWidget] = []
    same = 0
    for _ in range(KEY_PRESSES):
        before = QApplication.focusWidget()
        assert before is not None and before.window() is window, "the keyboard focus left Homeguard's window"
        qtbot.keyClick(before, key, modifier)

        def moved(before: QWidget = before) -> None:
            assert QApplication.focusWidget() is not before, \
                f"{press} is trapped in the table {name_of(before)}: it moves between its cells, never out"

        if isinstance(before, QAbstractItemView):
            qtbot.waitUntil(moved, timeout=1000)
        now = QApplication.focusWidget()
        assert now is not None and now.window() is window, f"{press} from {name_of(before)} left the window"
        assert window.current_page() is page, \
            f"{press} from {name_of(before)} to {name_of(now)} put another page on screen"
        same = same + 1 if now is before else 0
        assert same < STEPS_IN_ONE_WIDGET, f"{press} is trapped in {name_of(now)}"
        if now is start:
            return seen
        seen.append(now)
    raise AssertionError(f"{press} from {name_of(start)} never came back to it after {KEY_PRESSES} presses")


@pytest.mark.parametrize("page_id", WALKED_PAGES)
def test_tab_and_shift_tab_reach_every_control_and_leave_every_table(qtbot, window, page_id):
    assert page_id in window.pages
    walked = 0
    tables: set[str] = set()
    for view in views(window, page_id):
        page = window.pages[page_id]
        wanted = controls(page)
        tables.update(w.accessibleName() for w in wanted if isinstance(w, QAbstractItemView))
        if not wanted:
            continue
        start = first_control(page, wanted)
        for backwards in (False, True):
            reached = {*walk(qtbot, window, start, backwards=backwards), start}
            groups_reached = {radio_group(w) for w in reached} - {None}
            missed = [w for w in wanted if w not in reached and radio_group(w) not in groups_reached]
            press = "Shift+Tab" if backwards else "Tab"
            assert not missed, f"{page_id}, {view}: {press} never reaches " + ", ".join(map(name_of, missed))
        walked += 1
    assert walked, f"{page_id} has no control to reach by the keyboard"
    assert TABLES.get(page_id, set()) <= tables, f"{page_id}: a table was not on screen to walk through"


# -- names for screen readers -----------------------------------------------------------------------------------------

def plain(text: str) -> str:
    """A text as it reads: without the & that marks an Alt+letter (&& is a real ampersand)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def buddy_texts(page: QWidget) -> dict[int, str]:
    """What each label with a buddy says, by the buddy: a screen reader names a field by its label."""
    return {id(label.buddy()): plain(label.text()) for label in page.findChildren(QLabel) if label.buddy()}


def spoken_name(widget: QWidget, buddies: dict[int, str]) -> str:
    """The name a screen reader gives the widget. Scroll areas, tables, lists and text views have no text of their
    own to read, so only an accessible name counts for them."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractScrollArea):
        return ""
    if isinstance(widget, QTabBar):
        return " ".join(plain(widget.tabText(i)) for i in range(widget.count()) if plain(widget.tabText(i)))
    if isinstance(widget, (QAbstractButton, QLabel)):
        return plain(widget.text())
    return buddies.get(id(widget), "")


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_every_control_has_a_name_a_screen_reader_can_say(qtbot, window, page_id):
    for view in views(window, page_id):
        page = window.pages[page_id]
        buddies = buddy_texts(page)
        unnamed = [name_of(w) for w in controls(page, disabled_too=True) if not spoken_name(w, buddies)]
        assert not unnamed, f"{page_id}, {view}: no name for a screen reader: {', '.join(unnamed)}"


# -- Alt+letter -----------------------------------------------------------------------------------------------------

def mnemonics(widget: QWidget) -> list[tuple[str, str]]:
    """The Alt+letter keys a widget answers to, with the words they are in: a button's or a check box's, a label's
    that has a buddy (without one the letter does nothing), a group box's title, each tab of a tab bar."""
    if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
        texts = [widget.text()]
    elif isinstance(widget, QGroupBox):
        texts = [widget.title()]
    elif isinstance(widget, QTabBar):
        texts = [widget.tabText(i) for i in range(widget.count())]
    else:
        texts = []
    return [(QKeySequence.mnemonic(text).toString(), plain(text)) for text in texts
            if not QKeySequence.mnemonic(text).isEmpty()]


def keys_on_screen(window: MainWindow) -> dict[str, list[str]]:
    """Each Alt+letter on screen now, in the window's own parts and the page shown, with the words it is in.
    Disabled widgets count: they are enabled again on the same screen."""
    keys: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if widget.isVisible():
            for key, words in mnemonics(widget):
                keys.setdefault(key, []).append(words)
    return keys


@pytest.mark.parametrize("page_id", KEYED_PAGES)
def test_no_alt_letter_is_used_twice_on_one_screen(qtbot, window, page_id):
    for view in views(window, page_id):
        twice = {key: words for key, words in keys_on_screen(window).items() if len(words) > 1}
        assert not twice, f"{page_id}, {view}: " + "; ".join(
            f"{key} is on {' and '.join(map(repr, words))}" for key, words in twice.items())
