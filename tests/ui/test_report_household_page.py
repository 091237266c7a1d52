"""The Report page of a home with other computers: the preview, the web page, the PDF and the print are the whole
home's report, and the JSON report stays this computer's own.

The other computers are the generated macOS and Windows reports in tests/fixtures/reports (see SOURCES.toml there),
added to this test's history as ``homeguard household import`` adds them.
"""

import json
import threading
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QPdfWriter

from auditor.intake import read_report
from auditor.report_html import render_html
from auditor.report_html_household import HOUSEHOLD_TITLE
from tests.clock import an_hour_after_the_reports
from tests.family.test_household_computers import MAC, WINDOWS
from tests.ui.test_history_page import saved, scanned_run
from tests.ui.test_report_page import pdf_pages
from ui.pages import report as report_module
from ui.pages.report import ReportPage
from ui.widgets.report_print import pdf_writer, print_html

HOME = "Computers in this home"
PAGE_BREAK = "page-break-before: always"


@pytest.fixture
def scanned(store, monkeypatch):
    """This computer scanned a minute ago, so that nothing in the picture is out of date.

    The clock runs from an hour after the fixture reports were made, so they are never out of date (tests.clock).
    """
    an_hour_after_the_reports(monkeypatch)
    return saved(store, scanned_run(), time.time() - 60)


@pytest.fixture
def others(store, scanned):
    for path in (MAC, WINDOWS):
        store.import_computer(read_report(path), time.time())


@pytest.fixture
def page(qtbot, app_context, tmp_path):
    page = ReportPage(app_context)
    page.folder = str(tmp_path)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown_home(page, qtbot):
    page.refresh()
    qtbot.waitUntil(lambda: HOME in page.preview.toPlainText(), timeout=10_000)


def answer_save(monkeypatch, path):
    monkeypatch.setattr(report_module, "ask_save_path", lambda parent, title, suggested, name_filter: str(path))


def test_the_preview_becomes_the_whole_homes_report(page, others, qtbot):
    shown_home(page, qtbot)
    text = page.preview.toPlainText()
    assert text.startswith(HOUSEHOLD_TITLE)
    assert "Household score:" in text and "Do these next" in text
    for name in ("Homeguard report for family-laptop", "Alexs-MacBook-Air", "FAMILY-DESKTOP"):
        assert name in text
    assert "(on Alexs-MacBook-Air)" in text
    assert "and the 2 other computers in this home" in page.source_label.text()


def test_one_computer_alone_keeps_its_own_report(page, scanned, qtbot, app_context):
    page.refresh()
    assert page.stack.currentWidget() is page.preview
    qtbot.waitUntil(lambda: not app_context.tasks.busy, timeout=10_000)  # the worker found nobody else
    assert page.report_html() == render_html(page.run, page.card, household_summary=page._household_lines)
    assert HOME not in page.preview.toPlainText()


def test_removing_the_others_goes_back_to_this_computer_alone(page, others, qtbot, store):
    shown_home(page, qtbot)
    for kept in store.other_computers():
        store.remove_computer(kept.install_id)
    page.refresh()
    qtbot.waitUntil(lambda: HOME not in page.preview.toPlainText(), timeout=10_000)
    assert page.preview.toPlainText().startswith("Homeguard report for family-laptop")
    assert "other computers" not in page.source_label.text()


def test_html_export_is_the_homes_and_json_stays_this_computers(page, others, qtbot, tmp_path, monkeypatch):
    shown_home(page, qtbot)
    answer_save(monkeypatch, tmp_path / "home.html")
    with qtbot.waitSignal(page.exported):
        assert page.export_html()
    html = (tmp_path / "home.html").read_text(encoding="utf-8")
    assert f"<h1>{HOUSEHOLD_TITLE}</h1>" in html and html.count(PAGE_BREAK) == 3
    assert ">Alexs-MacBook-Air</h1>" in html and ">FAMILY-DESKTOP</h1>" in html

    answer_save(monkeypatch, tmp_path / "mine.json")
    with qtbot.waitSignal(page.exported):
        assert page.export_json()
    report = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert report["device"]["hostname"] == "family-laptop"
    assert "Alexs-MacBook-Air" not in json.dumps(report) and "airdrop-receiving" not in json.dumps(report)


def test_the_pdf_of_the_home_has_a_page_per_computer_more(page, others, qtbot, tmp_path, monkeypatch):
    shown_home(page, qtbot)
    answer_save(monkeypatch, tmp_path / "home.pdf")
    counted = []
    real = report_module.print_html

    def spy(html, device, title=""):
        counted.append((threading.current_thread(), title, real(html, device, title)))
        return counted[-1][2]

    monkeypatch.setattr(report_module, "print_html", spy)
    with qtbot.waitSignal(page.exported, timeout=30_000):
        assert page.export_pdf()
    [(thread, title, home_pages)] = counted
    assert thread is not threading.main_thread() and title == HOUSEHOLD_TITLE
    assert pdf_pages((tmp_path / "home.pdf").read_bytes()) == home_pages

    writer: QPdfWriter = pdf_writer(str(tmp_path / "alone.pdf"), "alone")
    alone_pages = print_html(render_html(page.run, page.card, household_summary=page._household_lines), writer)
    del writer
    # The home's opening page, and each of the two other computers from a new page: at least three more.
    assert home_pages >= alone_pages + 3
    assert f"({home_pages} pages)" in page.message.text()


def test_printing_prints_the_homes_report(page, others, qtbot, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    shown_home(page, qtbot)
    out = tmp_path / "printed.pdf"
    printed = []

    def dialog(parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # "print to file", as a person could choose
        printer.setOutputFileName(str(out))
        return True

    real = report_module.print_html
    monkeypatch.setattr(report_module, "ask_print", dialog)
    monkeypatch.setattr(report_module, "print_html", lambda html, device, title="": printed.append(
        (html, title)) or real(html, device, title))
    with qtbot.waitSignal(page.exported, timeout=30_000):
        assert page.print_report()
    [(html, title)] = printed
    assert title == HOUSEHOLD_TITLE and html == page.report_html() and html.count(PAGE_BREAK) == 3
    assert pdf_pages(out.read_bytes()) >= 4


def test_a_saved_report_file_shown_is_one_computers(page, others, qtbot, tmp_path, monkeypatch):
    shown_home(page, qtbot)
    answer_save(monkeypatch, tmp_path / "mine.json")
    with qtbot.waitSignal(page.exported):
        assert page.export_json()
    assert page.open_file(str(tmp_path / "mine.json"))
    assert HOME not in page.preview.toPlainText() and HOME not in page.report_html()
    page.show_latest()
    qtbot.waitUntil(lambda: HOME in page.preview.toPlainText(), timeout=10_000)
