"""The printed report, read page by page as a person reads it: no line of text is printed on two pages, and no
heading is left at the foot of a page with what it heads on the next.

The PDFs are written by ``ui.widgets.report_print`` (QPdfWriter, offscreen) and read back with poppler's
``pdftotext -bbox`` (each word and where it is) and ``pdftoppm`` (the page as pixels): a word counts as printed only
when there is ink where it stands, because a PDF may hold text that its clip hides. Without poppler these tests are
skipped with that reason; CI installs it (``poppler-utils`` in .ci/run).
"""

from __future__ import annotations

import dataclasses
import html as html_module
import itertools
import re
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPdfWriter, QTextDocument

from auditor.club import summarise
from auditor.club_html import render_html as club_page
from auditor.household_picture import home_of
from auditor.intake import read_report, read_reports, report_from_bytes
from auditor.report_html_household import render_household_html
from auditor.store import Store
from tests.clock import made_at
from tests.core.test_club import write_club
from tests.family.test_household_computers import DAY, MAC, PEOPLE, WINDOWS, linux_run  # noqa: F401
from tests.support import FIXTURES
from ui.widgets.report_print import PAGE_MARGINS_MM, body_size, keep_headings_with_next, pdf_writer, print_html

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed here, "
                                                       "so the printed pages cannot be read back")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
SUBHEADS = {"How to fix it", "What Homeguard looked at", "Does not apply here:", "Does not apply there:"}
DPI = 72  # one pixel per PDF point, so a word's box is its pixels


def words_of(text: str) -> str:
    """Text as it can be compared: ligatures (the "ﬁ" PDFs are written with) undone, spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00a0", " ").split())


def headings(page_html: str) -> set[str]:
    """The page's headings, and the bold lines that head a part of a check (headings in all but name)."""
    named = {words_of(html_module.unescape(re.sub(r"<[^>]+>", "", text))) for _, text in HEADING.findall(page_html)}
    return named | SUBHEADS


def grey_pages(pdf: Path, folder: Path) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey pixels), from pdftoppm's PGM files."""
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(folder / "page")], check=True, timeout=120)
    images = []
    for path in sorted(folder.glob("page-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        data = path.read_bytes()
        magic, width, height, depth, pixels = data.split(maxsplit=4)
        assert magic == b"P5" and depth == b"255"
        images.append((int(width), int(height), pixels))
    return images


@dataclasses.dataclass
class Line:
    top: float  # points from the top of the paper
    bottom: float
    text: str


def printed_lines(pdf: Path, folder: Path) -> list[list[Line]]:
    """Each page's lines of text as they are seen on paper, top to bottom, the footer left out."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True,
                           timeout=120).stdout
    images = grey_pages(pdf, folder)
    pages = boxes.split("<page ")[1:]
    assert len(pages) == len(images)
    result = []
    for number, (page, (width, _height, pixels)) in enumerate(zip(pages, images, strict=True), start=1):
        rows: dict[int, list[tuple[float, float, str]]] = {}
        for x0, y0, x1, y1, text in WORD.findall(page):
            left, top, right, bottom = (int(float(v)) for v in (x0, y0, x1, y1))
            inked = any(pixels[y * width + x] < 160 for y in range(top, bottom + 1) for x in range(left, right + 1)
                        if y * width + x < len(pixels))
            if inked:
                rows.setdefault(round(float(y0)), []).append((float(x0), float(y1), html_module.unescape(text)))
        lines = [Line(y, max(b for _, b, _ in rows[y]), words_of(" ".join(t for _, _, t in sorted(rows[y]))))
                 for y in sorted(rows)]
        result.append([line for line in lines if not line.text.endswith(f"page {number} of {len(pages)}")])
    return result


def body_in_points(writer: QPdfWriter) -> tuple[float, float]:
    """Where the report itself may be printed on each page: from the top margin to the footer's room."""
    top = PAGE_MARGINS_MM.top() * 72 / 25.4
    return top, top + body_size(writer, QTextDocument().defaultFont()).height() * 72 / writer.resolution()


def check_pages(pages: list[list[Line]], heads: set[str], body: tuple[float, float]) -> None:
    assert len(pages) >= 2, "a test of page breaks needs more than one page"
    top, bottom = body
    for number, lines in enumerate(pages, start=1):  # a line outside the body is one drawn for another page too
        for line in lines:
            assert top - 1 <= line.top and line.bottom <= bottom + 1, \
                f"page {number}: {line.text!r} is printed outside the page's body ({top:.0f} to {bottom:.0f} pt)"
    for number, (this, after) in enumerate(itertools.pairwise(pages), start=1):
        assert this[-1].text != after[0].text, f"{this[-1].text!r} ends page {number} and starts page {number + 1}"
    for number, page_lines in enumerate(pages, start=1):
        texts = [line.text for line in page_lines]
        assert texts, f"page {number} is empty"
        last = texts[-1]
        assert not any(head == last or head.endswith(" " + last) for head in heads), \
            f"page {number} ends with the heading {last!r}"


def write(page_html: str, pdf: Path, title: str) -> tuple[int, tuple[float, float]]:
    """Print the page as the app does; the number of pages, and where on each the body is (in points)."""
    writer = pdf_writer(str(pdf), title)
    pages = print_html(page_html, writer, title)
    body = body_in_points(writer)
    del writer  # closes the file
    return pages, body


@pytest.fixture
def home_html(linux_run, tmp_path):  # noqa: F811
    """The report of a home with three computers, as tests/core/test_report_household.py makes it."""
    now = made_at(MAC) + DAY
    run = dataclasses.replace(linux_run, started_at=now - 3_660, finished_at=now - 3_600,
                              results=linux_run.results + tuple(PEOPLE))
    store = Store(tmp_path / "data")
    try:
        store.save_run(run)
        for path in (MAC, WINDOWS):
            store.import_computer(read_report(path, now=now), now)
        home = home_of(store, run, now)
    finally:
        store.close()
    return render_household_html(run, home)


@pytest.fixture
def club_html(tmp_path):
    """The club summary of six reports of the recorded family laptop, as tests/ui/test_club_pdf.py makes it."""
    source = FIXTURES / "reports" / "family-laptop-v2.json"
    base = report_from_bytes(source.name, source.read_bytes(), now=made_at(source))  # re-dated by write_club
    write_club(tmp_path / "club", base, 6)
    now = time.time()
    return club_page(summarise(read_reports([tmp_path / "club"], now=now, for_club=True), now))


@needs_poppler
def test_the_household_pdf_prints_each_line_once_and_no_heading_alone(qapp, home_html, tmp_path):
    pdf = tmp_path / "home.pdf"
    count, body = write(home_html, pdf, "Homeguard report for this home")
    (tmp_path / "pages").mkdir()
    pages = printed_lines(pdf, tmp_path / "pages")
    assert len(pages) == count
    check_pages(pages, headings(home_html), body)
    # Each computer's part starts a page, with its name as the first line.
    firsts = [lines[0].text for lines in pages]
    for name in ("Homeguard report for family-laptop", "Alexs-MacBook-Air", "FAMILY-DESKTOP"):
        assert name in firsts


@needs_poppler
def test_the_club_pdf_prints_each_line_once_and_no_heading_alone(qapp, club_html, tmp_path):
    pdf = tmp_path / "club.pdf"
    _count, body = write(club_html, pdf, "Homeguard club summary")
    (tmp_path / "pages").mkdir()
    check_pages(printed_lines(pdf, tmp_path / "pages"), headings(club_html), body)


def test_a_heading_at_the_foot_of_a_page_moves_to_the_next(qapp):
    """Wherever the filler puts a heading, it ends up on the page of the lines it heads."""
    for filler in range(20, 60, 3):
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setHtml("<p>filler line</p>" * filler + "<h2>The heading</h2><p>Its first line.</p><p>More.</p>")
        document.setPageSize(QSizeF(400, 600))
        keep_headings_with_next(document)
        layout = document.documentLayout()
        block = document.begin()
        while block.isValid() and block.text() != "The heading":
            block = block.next()
        heading_page = layout.blockBoundingRect(block).top() // 600
        text_rect = layout.blockBoundingRect(block.next())
        assert text_rect.bottom() // 600 == heading_page, f"with {filler} lines before it"
        assert document.pageCount() <= filler * 40 // 600 + 3  # moved a heading, never made empty pages


def test_a_heading_at_the_top_of_a_page_stays(qapp):
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml("<h1>Title</h1>" + "<p>line</p>" * 5)
    document.setPageSize(QSizeF(400, 600))
    assert keep_headings_with_next(document) == 0
    assert document.pageCount() == 1
