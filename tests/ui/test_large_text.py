"""Large text: with a 16 pt system font, in the smallest window Homeguard allows (1024 x 700), nothing is cut.

Every page the window lists is looked at (taken from the window itself, so a new page is looked at too), in each of
its tabs and in the views a person opens on it (``MORE_VIEWS``), over the demo family of ``python -m ui.screenshots``
with one scan. On each, every label, button, check box, radio button, line edit, combo box, group title, list row
and table header that is on screen must have the room its text needs: a one-line text its whole width, a wrapped
text its longest word and its wrapped height, a button its size hint, a line edit its placeholder. A control below
the fold of a scroll area that scrolls up and down is fine; one cut off at the side, or squeezed under its
neighbour, is not. Check boxes and radio buttons must grow with the text, and the This device table must show
several rows with its status and check columns readable.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.exceptions import TimeoutError as qt_timeout

pytest.importorskip("PySide6")

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QStyle,
    QTabWidget,
    QWidget,
)

from auditor.walk import PERSON
from ui import screenshots
from ui.main_window import MainWindow, default_pages
from ui.pages import Page

LARGE_POINTS = 16.0
SMALLEST_WINDOW = QSize(1024, 700)
SLACK = 1  # pixels: rounding between layouts and font metrics
SHORTEST_DEVICE_TABLE_ROWS = 6
ELLIPSIS = "\u2026"
# Every page the window lists (its own list, so a page added to it is looked at too). Pages whose remaining cuts are
# in files other work was changing at the time are expected to fail until fixed (strict: a fixed page must lose its
# mark); what is left on each is in its reason.
STILL_CUT: dict[str, str] = {
}
PAGE_IDS = [pytest.param(entry.page_id, marks=pytest.mark.xfail(strict=True, reason=STILL_CUT[entry.page_id]))
            if STILL_CUT.get(entry.page_id) else entry.page_id for entry in default_pages()]


@pytest.fixture
def large_font(qapp) -> Iterator[QFont]:
    """The system font at 16 pt for this test; the font the other tests use is put back afterwards."""
    before = QFont(qapp.font())
    font = QFont(before)
    font.setPointSizeF(LARGE_POINTS)
    qapp.setFont(font)
    yield font
    qapp.setFont(before)


@pytest.fixture
def store(large_font):
    """The screenshots' demo family (people with apps, devices, answers) and three scans of the recorded laptop,
    in a folder with a path as short as a real one (pytest's own are long enough to be a layout problem of
    their own: Settings shows the path, which has no spaces to wrap at)."""
    with tempfile.TemporaryDirectory(prefix="hg-") as folder:
        store, _content = screenshots.build_demo(Path(folder) / "data", scans=3)
        yield store
        store.close()


@pytest.fixture
def window(main_window: MainWindow, qtbot) -> MainWindow:
    main_window.resize(SMALLEST_WINDOW)
    qtbot.waitUntil(lambda: main_window.size() == SMALLEST_WINDOW)
    return main_window


# -- the views a person can open --------------------------------------------------------------------------------------

def _open_past_scan(page: Page) -> None:
    page.open_run(page.runs_model.rows()[0].run_id)  # type: ignore[attr-defined]


def _walk_for(nickname: str) -> Callable[[Page], None]:
    def start(page: Page) -> None:
        person = page.context.household.person(nickname)
        assert person is not None and page.start_walk(PERSON, person.id)  # type: ignore[attr-defined]
    return start


def _club_summary(page: Page) -> None:
    folder = Path(page.context.store.data_dir) / "club"
    screenshots.write_demo_club(folder, count=6)
    assert page.open_folder(folder)  # type: ignore[attr-defined]
    _wait_for(lambda: not page.busy and page.reading is not None)  # type: ignore[attr-defined]


def _wait_for(done: Callable[[], bool]) -> None:
    from pytestqt.qtbot import QtBot

    QtBot(QApplication.instance()).waitUntil(done, timeout=20_000)  # type: ignore[arg-type]  # request unused


MORE_VIEWS: dict[str, list[tuple[str, Callable[[Page], None]]]] = {
    "history": [("a past scan opened", _open_past_scan)],
    "people": [("Maya's walk, at a question", _walk_for("Maya"))],
    "club": [("a folder's summary", _club_summary)],
}


def views(window: MainWindow, page_id: str) -> Iterator[str]:
    """The page in each of its states: as it opens, each of its tabs, and the views in MORE_VIEWS."""
    window.show_page(page_id)
    page = window.pages[page_id]
    settle()
    yield "as it opens"
    for tabs in [t for t in page.findChildren(QTabWidget) if t.isVisible()]:
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            settle()
            yield f"the tab \u201c{tabs.tabText(index).replace('&', '')}\u201d"
        tabs.setCurrentIndex(0)
    for name, show in MORE_VIEWS.get(page_id, []):
        window.show_page(page_id)
        show(page)
        settle()
        yield name


def settle() -> None:
    for _ in range(3):  # shown widgets, then the layouts their size hints change, then wrapped heights
        QApplication.processEvents()


# -- what a text needs ------------------------------------------------------------------------------------------------

def shown(text: str) -> str:
    """The text as drawn: "&&" is an ampersand, a single "&" marks the Alt+letter and is not drawn."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def one_line_width(metrics: QFontMetrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def widest_word(metrics: QFontMetrics, text: str) -> tuple[str, int]:
    words = [w for w in re.split(r"\s+", text) if w]
    return max(((w, metrics.horizontalAdvance(w)) for w in words), key=lambda p: p[1], default=("", 0))


def is_rich(label: QLabel) -> bool:
    return label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text()))


def name_of(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel, QLineEdit)) else ""
    return f"{type(widget).__name__} \u201c{(text or widget.accessibleName() or widget.objectName())[:60]}\u201d"


def label_problems(label: QLabel) -> list[str]:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    room = label.contentsRect().width() - 2 * label.margin() - 2 * max(label.indent(), 0)
    height = label.contentsRect().height()
    metrics = label.fontMetrics()
    if is_rich(label):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setHtml(text)
        text = document.toPlainText()
    else:
        text = shown(text) if label.buddy() is not None else text
    if ELLIPSIS in text and not label.wordWrap() and label.toolTip():
        return [f"is shortened to \u201c{text}\u201d"]
    if label.wordWrap():
        word, width = widest_word(metrics, text)
        if width > room + SLACK:
            return [f"is {room} px wide, and the word \u201c{word}\u201d needs {width}"]
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return [f"is {label.height()} px high, and its wrapped text needs {needed}"]
        return []
    problems = []
    width = one_line_width(metrics, text)
    if width > room + SLACK:
        problems.append(f"is {room} px wide, and its text needs {width}")
    lines = text.count("\n") + 1
    if metrics.height() * lines > height + SLACK and not is_rich(label):
        problems.append(f"is {height} px high, and its text needs {metrics.height() * lines}")
    return problems


def control_problems(widget: QWidget) -> list[str]:
    """A button, check box, radio button or combo box: its size hint is what its text and frame need."""
    hint = widget.sizeHint()
    problems = []
    if isinstance(widget, QComboBox):
        text = widget.currentText() or widget.placeholderText()
        needed = widget.fontMetrics().horizontalAdvance(text) + widget.iconSize().width() * (
            widget.itemIcon(widget.currentIndex()).isNull() is False) + 2 * widget.fontMetrics().height()
        if needed > widget.width() + SLACK:
            problems.append(f"is {widget.width()} px wide, and \u201c{text}\u201d needs about {needed}")
    elif hint.width() > widget.width() + SLACK:
        problems.append(f"is {widget.width()} px wide, and its text needs {hint.width()}")
    if widget.minimumSizeHint().height() > widget.height() + SLACK:
        problems.append(f"is {widget.height()} px high, and needs {widget.minimumSizeHint().height()}")
    if isinstance(widget, (QCheckBox, QRadioButton)):
        metric = (QStyle.PixelMetric.PM_IndicatorWidth if isinstance(widget, QCheckBox)
                  else QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
        box = widget.style().pixelMetric(metric, None, widget)
        if box < widget.fontMetrics().height() * 0.6:
            problems.append(f"has a {box} px box beside {widget.fontMetrics().height()} px high text")
    return problems


def line_edit_problems(edit: QLineEdit) -> list[str]:
    problems = []
    placeholder = edit.placeholderText()
    if placeholder and edit.isEnabled():
        margins = edit.textMargins()
        frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
        room = edit.width() - 2 * frame - 4 - margins.left() - margins.right()  # 2 px inside each side (Qt's own)
        if edit.isClearButtonEnabled():
            room -= edit.height()  # the clear button's place is kept beside the text
        needed = edit.fontMetrics().horizontalAdvance(placeholder)
        if needed > room + SLACK:
            problems.append(f"has room for {room} px of text, and its placeholder \u201c{placeholder}\u201d needs "
                            f"{needed}")
    if edit.minimumSizeHint().height() > edit.height() + SLACK:
        problems.append(f"is {edit.height()} px high, and needs {edit.minimumSizeHint().height()}")
    return problems


def group_problems(group: QGroupBox) -> list[str]:
    title = shown(group.title())
    needed = group.fontMetrics().horizontalAdvance(title) + group.fontMetrics().height()
    return [f"is {group.width()} px wide, and its title needs {needed}"] if title and needed > group.width() else []


def header_problems(header: QHeaderView) -> list[str]:
    """Each column's title fits its column, and every column is in view without scrolling sideways."""
    if header.orientation() != Qt.Orientation.Horizontal or not header.isVisible():
        return []
    problems = []
    model = header.model()
    font = QFont(header.font())
    view = header.parentWidget()
    selects = isinstance(view, QAbstractItemView) and \
        view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection
    font.setBold(header.highlightSections() and selects)  # the columns of a selected row are titled in bold
    metrics = QFontMetrics(font)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = metrics.height() if header.isSortIndicatorShown() else 0
    view_width = header.viewport().width()
    for section in range(header.count()):
        if header.isSectionHidden(section) or model is None:
            continue
        title = str(model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        size = header.sectionSize(section)
        needed = metrics.horizontalAdvance(title) + 2 * margin + (arrow if header.sortIndicatorSection() == section
                                                                  else 0)
        if title and needed > size + SLACK:
            problems.append(f"column \u201c{title}\u201d is {size} px wide, and its title needs {needed}")
        start = header.sectionViewportPosition(section)
        if start < -SLACK or start + size > view_width + SLACK or header.offset() > 0:
            problems.append(f"column \u201c{title}\u201d is out of view ({start}+{size} in {view_width}, offset "
                            f"{header.offset()}): the table must be scrolled sideways")
    return problems


def list_problems(view: QListView) -> list[str]:
    """A list of one-line rows (the pages): every row's text fits; none is shortened with an ellipsis."""
    if view.wordWrap() or view.model() is None:
        return []
    problems = []
    model = view.model()
    metrics = view.fontMetrics()
    pad = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        needed = metrics.horizontalAdvance(text) + pad
        width = view.visualRect(index).width()
        if text and needed > min(width, view.viewport().width()) + SLACK:
            problems.append(f"row \u201c{text}\u201d is {width} px wide, and its text needs {needed}")
    return problems


def cut_by_a_parent(widget: QWidget) -> str:
    """Why the widget is cut by something it sits in: off a side of any parent, or off the bottom of one that does
    not scroll up and down (below the fold of a scroll area is fine: the person scrolls down to it)."""
    parent = widget.parentWidget()
    below_the_fold_is_fine = False
    while parent is not None:
        top_left = widget.mapTo(parent, QPoint(0, 0))
        if top_left.x() < -SLACK or top_left.x() + widget.width() > parent.width() + SLACK:
            return f"runs off the side of {name_of(parent)}"
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            below_the_fold_is_fine = True
        if not below_the_fold_is_fine and (top_left.y() < -SLACK or
                                           top_left.y() + widget.height() > parent.height() + SLACK):
            return f"runs off the bottom of {name_of(parent)}"
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return ""


TEXT_HOLDERS = (QLabel, QAbstractButton, QLineEdit, QComboBox, QGroupBox, QAbstractItemView)


def overlapped_by_a_neighbour(widget: QWidget) -> str:
    """A neighbour laid over the widget: what a layout does when it has less room than its widgets need."""
    parent = widget.parentWidget()
    if parent is None:
        return ""
    mine = widget.geometry().adjusted(SLACK, SLACK, -SLACK, -SLACK)
    for other in parent.children():
        if other is not widget and isinstance(other, TEXT_HOLDERS) and other.isVisible() and \
                other.geometry().intersects(mine):
            return f"lies under or over {name_of(other)}"
    return ""


def problems_on_screen(window: MainWindow) -> list[str]:
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            said = label_problems(widget)
        elif isinstance(widget, QComboBox) or (isinstance(widget, QAbstractButton) and widget.text()):
            said = control_problems(widget)
        elif isinstance(widget, QLineEdit):
            said = line_edit_problems(widget) if not isinstance(widget.parentWidget(), QComboBox) else []
        elif isinstance(widget, QGroupBox):
            said = group_problems(widget)
        elif isinstance(widget, QHeaderView):
            said = header_problems(widget)
        elif isinstance(widget, QListView) and not isinstance(widget.parentWidget(), QComboBox):
            said = list_problems(widget)
        else:
            continue
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit, QComboBox, QGroupBox)):
            said.extend(problem for problem in (cut_by_a_parent(widget), overlapped_by_a_neighbour(widget)) if problem)
        found.extend(f"{name_of(widget)} {problem}" for problem in said)
    return found


# -- the tests --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_at_16_pt_every_text_on_the_page_has_the_room_it_needs(window, page_id, qtbot):
    assert QApplication.font().pointSizeF() == LARGE_POINTS
    assert page_id in window.pages
    problems: list[str] = []
    for view in views(window, page_id):
        # A worker may still be filling a label in (Settings' Keep watch status): give the layout a moment to catch
        # up before judging; what is still wrong after it is a real problem.
        with contextlib.suppress(TimeoutError, qt_timeout):
            qtbot.waitUntil(lambda: not problems_on_screen(window), timeout=3_000)
        problems.extend(f"{view}: {problem}" for problem in problems_on_screen(window))
    assert not problems, f"{len(problems)} texts are cut or squeezed at 16 pt:\n" + "\n".join(problems)


def test_at_16_pt_this_device_shows_several_checks_with_readable_columns(window):
    from ui.models.results import COL_CHECK, COL_STATUS

    window.show_page("device")
    settle()
    table = window.pages["device"].results.table
    assert table.model().rowCount() > SHORTEST_DEVICE_TABLE_ROWS
    assert not cut_by_a_parent(table), "the details are drawn over the bottom of the list"
    rows_shown = table.viewport().height() // max(1, table.rowHeight(0))
    assert rows_shown >= SHORTEST_DEVICE_TABLE_ROWS, f"only {rows_shown} rows of checks are in view"
    metrics = table.fontMetrics()
    assert table.rowHeight(0) >= metrics.height() + 4
    header = table.horizontalHeader()
    for row in range(table.model().rowCount()):
        status = str(table.model().index(row, COL_STATUS).data())
        needed = metrics.horizontalAdvance(status) + table.iconSize().width() + metrics.height()
        assert header.sectionSize(COL_STATUS) >= needed, f"the status \u201c{status}\u201d is cut"
    assert header.sectionSize(COL_CHECK) >= metrics.averageCharWidth() * 28, "the check's title is cut short"


def test_at_16_pt_the_report_preview_reads_at_the_system_font_size(window, qtbot):
    """The preview's text follows the font: its ordinary text at the font's size, its small print not much
    smaller (the report's own sizes are relative to the font), its headings bigger."""
    window.show_page("report")
    preview = window.pages["report"].preview
    qtbot.waitUntil(lambda: not preview.document().isEmpty(), timeout=10_000)
    sizes: Counter[float] = Counter()
    block = preview.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.text().strip():  # text, not the spaces that draw the score bars
                sizes[round(fragment.charFormat().font().pointSizeF(), 1)] += len(fragment.text())
            fragments += 1
        block = block.next()
    font = preview.font().pointSizeF()
    assert font == LARGE_POINTS
    assert any(abs(size - font) < 0.5 for size in sizes), f"no text at the font's size: {dict(sizes)}"
    assert min(sizes) >= font * 0.75, f"small print of {min(sizes)} pt beside a {font} pt font: {dict(sizes)}"
    assert max(sizes) > font * 1.3, "the headings are no bigger than the text"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_at_16_pt_the_printed_report_keeps_its_print_size(window, tmp_path):
    """The paper does not follow the screen's font: the PDF's ordinary text is the print size (11 pt)."""
    from ui.widgets.report_print import PRINT_POINTS, save_pdf

    window.show_page("report")
    pdf = tmp_path / "report.pdf"
    save_pdf(window.pages["report"].report_html(), pdf, "Homeguard report")
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "2", str(pdf), "-"], capture_output=True,
                           text=True, timeout=60, check=True).stdout
    heights = sorted(float(m["y2"]) - float(m["y1"]) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="(?P<y1>[\d.]+)" xMax="[\d.]+" yMax="(?P<y2>[\d.]+)">', boxes))
    assert heights, "no words in the PDF"
    ordinary = heights[len(heights) // 2]  # a word's box is about 1.2 times its font size, in points
    assert PRINT_POINTS <= ordinary <= PRINT_POINTS * 1.4, f"the PDF's ordinary words are {ordinary} pt high"
