"""The Report page: the preview, saving this computer's report (named or anonymous), export to HTML and PDF,
printing, and opening a saved report."""

import dataclasses
import json
import re
import threading
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QUrl
from PySide6.QtPrintSupport import QPrinter

from auditor.household import Household
from auditor.model import Evidence, Status
from auditor.reports import SCHEMA_PATH
from auditor.scoring import scorecard
from tests.clock import run_clock_from
from tests.ui.test_history_page import BASE, saved, scanned_run
from ui.pages import report as report_module
from ui.pages.report import ReportPage

HOSTILE = "<script>alert(1)</script>"


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


@pytest.fixture
def context(app_context, store):
    household = Household(store)
    sam = household.add_person("Sam", "13-17")
    household.add_person(HOSTILE, "adult")
    household.set_services(sam, ["gmail"])
    household.record_answer("two-step-main-email", "person", sam.id, "no", Status.FAIL)
    return app_context


@pytest.fixture
def scanned(store):
    return saved(store, scanned_run(), BASE)


@pytest.fixture
def page(qtbot, context, tmp_path):
    page = ReportPage(context)
    page.folder = str(tmp_path)  # never suggest the real Documents folder in a test
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    page.refresh()  # as the main window does when it shows the page
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def save_to(monkeypatch):
    """Answer the save dialog with a chosen path; records what the page suggested."""
    asked = []

    def answer(path):
        def ask(parent, title, suggested, name_filter):
            asked.append((title, suggested, name_filter))
            return str(path)
        monkeypatch.setattr(report_module, "ask_save_path", ask)
        return asked
    return answer


def test_with_no_scan_there_is_a_clear_message_and_nothing_to_export(page):
    assert page.stack.currentWidget() is page.empty
    assert "There is no scan yet" in page.empty.findChildren(type(page.message))[0].text()
    for button in (page.html_button, page.pdf_button, page.save_button, page.print_button):
        assert not button.isEnabled()
    assert page.open_button.isEnabled()  # a saved report can still be opened
    assert page.export_html() is False


def test_the_first_scan_fills_the_preview(page, context, qtbot):
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.scan_button.click()
    page.refresh()  # the main window does this on data_changed, which follows every saved scan
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.preview)
    assert "Homeguard report for family-laptop" in page.preview.toPlainText()
    assert page.html_button.isEnabled()


def test_the_preview_shows_the_score_and_the_family_as_plain_text(page, scanned, context):
    page.refresh()
    assert page.stack.currentWidget() is page.preview
    text = page.preview.toPlainText()
    card = scorecard(context.current_run().results)
    assert f"{round(card.overall.score)}\nout of 100" in text or f"{round(card.overall.score)} out of 100" in text
    assert f"{round(card.overall.coverage * 100)}% checked" in text
    assert f"People: Sam (13 to 17); {HOSTILE} (adult)." in text  # shown as the characters it is
    assert "Your main email asks for a second step" in text  # the family's answer counts
    assert "What was not checked" in text
    assert "latest scan" in page.source_label.text()


def test_an_answer_given_later_shows_on_refresh(page, scanned, context):
    page.refresh()
    sam = context.household.person("Sam")
    context.household.record_answer("two-step-main-email", "person", sam.id, "yes", Status.PASS)
    page.refresh()
    assert "Answered Yes" in page.preview.toPlainText()


def test_export_html_is_escaped_and_has_the_score(page, scanned, tmp_path, save_to, qtbot, context):
    page.refresh()
    asked = save_to(tmp_path / "family report")  # no extension typed: .html is added
    with qtbot.waitSignal(page.exported) as blocker:
        assert page.export_html()
    target = tmp_path / "family report.html"
    assert blocker.args == ["html", str(target)]
    assert asked[0][1].endswith(".html") and "family-laptop" in asked[0][1]
    content = target.read_text(encoding="utf-8")
    card = scorecard(context.current_run().results)
    assert f">{round(card.overall.score)}</span>" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script" not in content
    assert "#8ab4f8" not in content  # files are always the light, paper version
    assert "Saved the report to" in page.message.text()


def test_export_json_validates_against_the_schema(page, scanned, tmp_path, save_to, qtbot):
    page.refresh()
    asked = save_to(tmp_path / "report.json")
    with qtbot.waitSignal(page.exported):
        assert page.export_json()
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).validate(report)
    assert report["device"]["hostname"] == "family-laptop"
    assert any(r["kind"] == "guided" and r["subject"] == HOSTILE for r in report["results"])
    assert report["device"]["install_id"] == page.context.store.install_id()  # this computer's own scan
    assert report["anonymous"] is False
    title, suggested, _ = asked[0]
    assert title == "Save this computer's report"
    assert re.fullmatch(r"homeguard-\d{4}-\d{2}-\d{2}\.json", Path(suggested).name)  # no computer or person named
    assert "Saved the report to" in page.message.text()


def test_a_saved_report_saved_again_keeps_its_own_install_id(page, scanned, tmp_path, save_to, qtbot, monkeypatch):
    run_clock_from(monkeypatch, BASE + 2 * 86400)  # opening a file refuses one from the future; BASE is fixed
    page.refresh()
    save_to(tmp_path / "mine.json")
    with qtbot.waitSignal(page.exported):
        assert page.export_json()
    first = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    elsewhere = "0b0c3c2e-8f1a-4d7e-9a55-6a1d2c3b4e5f"  # as if another computer had written this file
    first["device"]["install_id"] = elsewhere
    (tmp_path / "theirs.json").write_text(json.dumps(first), encoding="utf-8")
    assert page.open_file(str(tmp_path / "theirs.json"))
    save_to(tmp_path / "again.json")
    with qtbot.waitSignal(page.exported):
        assert page.export_json()
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["device"]["install_id"] == elsewhere != page.context.store.install_id()


def test_export_pdf_writes_a4_pages_off_the_main_thread(page, scanned, tmp_path, save_to, qtbot, monkeypatch):
    page.refresh()
    save_to(tmp_path / "report.pdf")
    threads = []
    real = report_module.print_html

    def spy(html, device, title=""):
        threads.append(threading.current_thread())
        return real(html, device, title)

    monkeypatch.setattr(report_module, "print_html", spy)
    with qtbot.waitSignal(page.exported, timeout=30_000) as blocker:
        assert page.export_pdf()
        assert not page.pdf_button.isEnabled()  # one job at a time
    assert blocker.args == ["pdf", str(tmp_path / "report.pdf")]
    assert threads and threads[0] is not threading.main_thread()
    data = (tmp_path / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    pages = pdf_pages(data)
    assert pages >= 1
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+84[12](\.\d+)?", data)  # A4 in points
    assert f"({pages} page" in page.message.text()
    assert page.pdf_button.isEnabled()


def test_a_pdf_to_a_folder_that_does_not_exist_is_a_plain_message(page, scanned, tmp_path, save_to, qtbot):
    page.refresh()
    save_to(tmp_path / "missing" / "report.pdf")
    with qtbot.waitSignal(page.export_failed) as blocker:
        assert not page.export_pdf()
    assert blocker.args[0] == "pdf"
    assert "could not be saved" in page.message.text()
    assert not page.message.isHidden()


def test_cancelling_the_save_dialog_writes_nothing(page, scanned, tmp_path, monkeypatch, qtbot):
    page.refresh()
    monkeypatch.setattr(report_module, "ask_save_path", lambda *args: "")
    with qtbot.assertNotEmitted(page.exported):
        assert page.export_html() is False
        assert page.export_pdf() is False
        assert page.export_json() is False
    assert list(tmp_path.glob("*.html")) == []


def test_print_goes_through_the_print_dialog(page, scanned, tmp_path, monkeypatch, qtbot):
    page.refresh()
    out = tmp_path / "printed.pdf"
    seen = []

    def dialog(parent, printer):
        seen.append(printer.pageLayout().pageSize().id())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # "print to file", as a person could choose
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(report_module, "ask_print", dialog)
    with qtbot.waitSignal(page.exported, timeout=30_000) as blocker:
        assert page.print_report()
    assert blocker.args == ["print", str(out)]
    assert seen and seen[0].name == "A4"
    assert out.read_bytes().startswith(b"%PDF") and pdf_pages(out.read_bytes()) >= 1


def test_a_cancelled_print_dialog_prints_nothing(page, scanned, monkeypatch, qtbot):
    page.refresh()
    monkeypatch.setattr(report_module, "ask_print", lambda parent, printer: False)
    with qtbot.assertNotEmitted(page.exported):
        assert page.print_report() is False
    assert not page.busy


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "is not valid JSON"),
    (b'{"format": "homeguard-report", "version": 1, "results": []}', "missing or damaged part"),
    (b"\xff\xfe\x00", "is not a text file"),
])
def test_opening_a_broken_report_shows_why(page, scanned, tmp_path, monkeypatch, content, message):
    page.refresh()
    before = page.preview.toPlainText()
    broken = tmp_path / "broken.json"
    broken.write_bytes(content)
    monkeypatch.setattr(report_module, "ask_open_path", lambda *args: str(broken))
    assert page.open_saved() is False
    assert message in page.message.text()
    assert "could not be shown" in page.message.text()
    assert page.preview.toPlainText() == before  # the report that was showing stays
    assert page.source_file == ""


def test_opening_a_saved_report_and_going_back(page, scanned, tmp_path, save_to, monkeypatch, qtbot, store):
    run_clock_from(monkeypatch, BASE + 2 * 86400)  # opening a file refuses one from the future; BASE is fixed
    page.refresh()
    save_to(tmp_path / "saved.json")
    page.export_json()
    newer = saved(store, scanned_run("other-laptop"), BASE + 86400)
    assert newer
    monkeypatch.setattr(report_module, "ask_open_path", lambda *args: str(tmp_path / "saved.json"))
    assert page.open_saved()
    assert "saved.json" in page.source_label.text()
    assert "Homeguard report for family-laptop" in page.preview.toPlainText()
    assert page.latest_button.isVisibleTo(page)
    page.refresh()  # data changing elsewhere does not replace a report the person opened
    assert "Homeguard report for family-laptop" in page.preview.toPlainText()
    page.latest_button.click()
    assert "Homeguard report for other-laptop" in page.preview.toPlainText()
    assert not page.latest_button.isVisibleTo(page)


def test_links_open_only_on_click_and_only_web_addresses(page, scanned, context, monkeypatch):
    page.refresh()
    opened = []
    monkeypatch.setattr(context, "open_url", lambda url: opened.append(url) or True)
    assert opened == []  # showing the report opened nothing
    page.preview.anchorClicked.emit(QUrl("https://support.google.com/accounts/answer/185839"))
    page.preview.anchorClicked.emit(QUrl("javascript:alert(1)"))
    page.preview.anchorClicked.emit(QUrl("file:///etc/passwd"))
    page.preview.anchorClicked.emit(QUrl("#not-checked"))  # a part of the page: scrolls, opens nothing
    assert opened == ["https://support.google.com/accounts/answer/185839"]


def test_every_control_has_a_name(page, scanned):
    from PySide6.QtWidgets import QAbstractButton

    page.refresh()
    for widget in page.findChildren(QAbstractButton):
        assert widget.accessibleName(), widget.text()
    assert page.preview.accessibleName() == "Report preview"


def test_ctrl_p_prints_from_the_keyboard(page, scanned, monkeypatch, qtbot):
    from PySide6.QtCore import Qt

    page.refresh()
    asked = []
    monkeypatch.setattr(report_module, "ask_print", lambda parent, printer: asked.append(printer) or False)
    page.activateWindow()
    page.preview.setFocus()
    qtbot.waitUntil(lambda: page.preview.hasFocus())
    qtbot.keyClick(page.preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1


# -- the report that travels, and the anonymous switch ----------------------------------------------------------------

SCHEMA = json.loads(SCHEMA_PATH.read_text())
PATH_SEEN = "/home/sam/.config/autostart/sync.desktop"  # a path a check might have seen


@pytest.fixture
def scanned_with_a_path(store):
    """The recorded scan, with one check's evidence naming a file in Sam's home folder."""
    run = scanned_run()
    first = dataclasses.replace(run.results[0], evidence=(Evidence(PATH_SEEN, f"found {PATH_SEEN}"),))
    return saved(store, dataclasses.replace(run, results=(first, *run.results[1:])), BASE)


def save_report(page, qtbot, save_to, target) -> dict:
    save_to(target)
    with qtbot.waitSignal(page.exported) as blocker:
        assert page.save_button.isEnabled()
        page.save_button.click()
    assert blocker.args == ["json", str(target)]
    return json.loads(target.read_text(encoding="utf-8"))


def test_save_this_computers_report_is_named_for_what_it_does_and_says_where_to_take_it(page, scanned):
    page.refresh()
    assert page.save_button.text().replace("&", "") == "Save this computer's report…"
    assert page.save_button.accessibleName() == "Save this computer's report"
    hint = page.report_actions.save_hint
    assert hint.isVisibleTo(page) and "family's main computer" in hint.text() and "shared folder" in hint.text()
    assert page.anonymous_switch.accessibleName()
    assert "only which checks passed" in page.report_actions.anonymous_hint.text()


def test_the_saved_report_is_named_and_anonymous_only_when_asked(page, scanned_with_a_path, tmp_path, save_to,
                                                                  qtbot):
    page.refresh()
    named = save_report(page, qtbot, save_to, tmp_path / "named.json")
    text = (tmp_path / "named.json").read_text(encoding="utf-8")
    for seen in ("family-laptop", "Sam", HOSTILE, "/home"):  # the switch is off: the family's report has them
        assert seen in text, seen
    assert named["anonymous"] is False

    page.anonymous_switch.setChecked(True)
    report = save_report(page, qtbot, save_to, tmp_path / "anonymous.json")
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["anonymous"] is True
    assert report["device"]["install_id"] == page.context.store.install_id() == named["device"]["install_id"]
    text = (tmp_path / "anonymous.json").read_text(encoding="utf-8")
    for seen in ("family-laptop", "Sam", HOSTILE, "/home"):
        assert seen not in text, seen
    assert [r["status"] for r in report["results"]] == [r["status"] for r in named["results"]]  # which passed
    assert "Saved the anonymous report to" in page.message.text()


def test_named_copies_are_off_while_the_switch_is_on_and_say_why(page, scanned, monkeypatch, qtbot):
    page.refresh()
    note = page.report_actions.family_note
    assert not note.isVisibleTo(page)
    page.anonymous_switch.setChecked(True)
    for button in (page.html_button, page.pdf_button, page.print_button):
        assert not button.isEnabled()
    assert page.save_button.isEnabled() and page.open_button.isEnabled()
    assert note.isVisibleTo(page) and "off while Anonymous is on" in note.text()
    asked = []
    monkeypatch.setattr(report_module, "ask_print", lambda parent, printer: asked.append(printer) or False)
    monkeypatch.setattr(report_module, "ask_save_path", lambda *args: asked.append(args) or "")
    assert page.print_report() is False and page.export_html() is False and page.export_pdf() is False
    assert asked == []  # Ctrl+P reaches print_report past the disabled button: no dialog opens for a named copy
    assert "off while Anonymous is on" in page.message.text()
    page.anonymous_switch.setChecked(False)
    for button in (page.html_button, page.pdf_button, page.print_button):
        assert button.isEnabled()
    assert not note.isVisibleTo(page)


def test_the_switch_is_reached_with_tab_and_turned_on_with_space(page, scanned, qtbot):
    from PySide6.QtCore import Qt

    page.refresh()
    page.activateWindow()
    page.save_button.setFocus()
    qtbot.waitUntil(lambda: page.save_button.hasFocus())
    qtbot.keyClick(page.save_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.anonymous_switch.hasFocus())
    qtbot.keyClick(page.anonymous_switch, Qt.Key.Key_Space)
    assert page.anonymous_switch.isChecked()
    assert not page.pdf_button.isEnabled()
    qtbot.keyClick(page.anonymous_switch, Qt.Key.Key_Space)
    assert not page.anonymous_switch.isChecked() and page.pdf_button.isEnabled()


def test_a_saved_report_shown_is_saved_again_as_a_copy_and_an_anonymous_one_stays_anonymous(
        page, scanned, tmp_path, save_to, qtbot, monkeypatch):
    run_clock_from(monkeypatch, BASE + 2 * 86400)  # opening a file refuses one from the future; BASE is fixed
    page.refresh()
    page.anonymous_switch.setChecked(True)
    save_report(page, qtbot, save_to, tmp_path / "pupil.json")
    page.anonymous_switch.setChecked(False)
    assert page.open_file(str(tmp_path / "pupil.json"))
    assert page.save_button.accessibleName() == "Save a copy of the report shown"
    again = save_report(page, qtbot, save_to, tmp_path / "copy.json")
    assert again["anonymous"] is True and again["device"]["hostname"] == ""
    page.latest_button.click()
    assert page.save_button.accessibleName() == "Save this computer's report"
