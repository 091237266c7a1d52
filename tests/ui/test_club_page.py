"""The School or club page: a folder of thirty reports summarised on a worker, every number the summary's own, the
small-group rule as the engine applies it, files not used named with their reason, nobody's name anywhere, and the
summary saved as a web page and a PDF.

The club is tests/core/test_club.py's: thirty reports made from the recorded family laptop's report
(tests/fixtures/reports/family-laptop-v2.json), 27 computers, 5 of them out of date, and 3 older re-scans.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QPlainTextEdit

from auditor.cli_club import answer_line, averages_text, counted, unanswered
from auditor.club import FEWER, ClubSummary, summarise
from auditor.intake import DeviceReport, read_reports, report_from_bytes
from auditor.report_html_checks import SEVERITY_WORDS
from auditor.reports import build_report, to_json
from tests.core.test_club import NOW, SECRET_WORDS, club
from tests.support import FIXTURES
from ui.pages import club as club_module
from ui.pages.club import ClubPage

HOSTILE_NAME = "hostile-<b>report<i>.json"


@pytest.fixture(scope="module")
def base() -> DeviceReport:
    source = FIXTURES / "reports" / "family-laptop-v2.json"
    return report_from_bytes(source.name, source.read_bytes(), now=NOW)


@pytest.fixture(scope="module")
def folder(base, tmp_path_factory) -> Path:
    """The thirty reports as the computers wrote them, and one hostile file with markup in an id."""
    folder = tmp_path_factory.mktemp("club")
    for n, report in enumerate(club(base)):
        (folder / f"r-{n:02d}.json").write_text(to_json(build_report(report.run, install_id=report.install_id)))
    hostile = json.loads((folder / "r-05.json").read_text())
    hostile["device"]["install_id"] = "00000000-0000-4000-8000-999999999999"
    hostile["results"][0]["check_id"] = "<script>alert('x')</script>"
    (folder / HOSTILE_NAME).write_text(json.dumps(hostile))
    return folder


@pytest.fixture(scope="module")
def expected(folder) -> ClubSummary:
    """What ``homeguard club summary FOLDER`` makes of the same folder at the same time."""
    return summarise(read_reports([folder], now=NOW, for_club=True), NOW)


@pytest.fixture
def page(qtbot, app_context, monkeypatch) -> ClubPage:
    monkeypatch.setattr(club_module, "now", lambda: NOW)
    page = ClubPage(app_context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def choose(qtbot, page: ClubPage, monkeypatch, folder: Path) -> None:
    """The teacher presses the button and picks ``folder``; the page reads it on a worker."""
    monkeypatch.setattr(club_module, "ask_folder", lambda parent, start: str(folder))
    with qtbot.waitSignal(page.summarised, timeout=20_000):
        qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert not page.busy
    shown = [item.widget() for item in map(page.view.body_layout.itemAt, range(page.view.body_layout.count())) if item]
    qtbot.waitUntil(lambda: all(w.isVisible() for w in shown if w is not None))  # laid out and shown, as seen


def test_the_page_shows_the_summary_of_a_folder_of_thirty_reports(qtbot, page, monkeypatch, folder, expected):
    assert not page.html_button.isEnabled() and not page.pdf_button.isEnabled()  # nothing to save yet
    choose(qtbot, page, monkeypatch, folder)
    # The club as worked out by hand in tests/core/test_club.py, and the page's numbers are the summary's own.
    assert (expected.machines, expected.out_of_date, expected.set_aside, expected.refused) == (27, 5, 3, 1)
    assert page.view.machines_label.text() == "27 computers in this folder."
    texts = "\n".join(page.shown_texts())
    assert "Out of date (scanned more than 30 days ago, so counted as not checked): 5 computers." in texts
    assert "Set aside: 3 older reports" in texts
    assert page.view.histogram.rows() == [*((f"{b.low}\u2013{b.high}", b.machines) for b in reversed(expected.bands)),
                                     ("no score yet", expected.no_score)]
    assert ("no score yet", 5) in page.view.histogram.rows() and ("90\u2013100", FEWER) in page.view.histogram.rows()
    assert "90\u2013100: fewer than 5" in page.view.histogram.accessibleDescription()
    assert f"Average {round(expected.overall.score)} out of 100" in texts
    assert page.view.advice_lines == [f"{s.title}: {averages_text(s.averages)}" for s in expected.strategies]
    assert page.view.checks_table.rows() == [(row.title, row.counts) for row in expected.checks]
    remote = next(row for row in expected.checks if row.id == "remote-access")
    assert remote.counts == (18, FEWER, FEWER, 5, FEWER)  # 4 fail: shown as the engine's rule decides
    assert page.view.fixes_label.text().splitlines() == [
        f"{n}. {fix.title} ({SEVERITY_WORDS[fix.severity]}): {counted(fix.machines, 'computers')}"
        for n, fix in enumerate(expected.fixes, 1)]
    assert page.view.answer_lines == [f"{a.title}: {answer_line(a.asked, a.counts)}" for a in expected.answers
                                 if not unanswered(a.counts)]
    assert any("14 of 42 said yes" in line for line in page.view.answer_lines)
    assert page.html_button.isEnabled() and page.pdf_button.isEnabled()


def test_a_hostile_file_is_named_with_its_reason_as_plain_text(qtbot, page, monkeypatch, folder):
    choose(qtbot, page, monkeypatch, folder)
    assert page.view.not_used_toggle.accessibleName() == "Files not used: 1 file"
    assert page.view.not_used_list.isHidden()  # folded until asked for
    qtbot.mouseClick(page.view.not_used_toggle, Qt.MouseButton.LeftButton)
    assert page.view.not_used_list.isVisible()
    listed = page.view.not_used_list.toPlainText()
    assert listed.startswith(HOSTILE_NAME + " ") and "check_id" in listed
    # Nothing on the page is markup: every label shows its text as it is.
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in page.findChildren(QLabel))


def test_no_name_nickname_computer_name_or_path_appears_on_the_page(qtbot, page, monkeypatch, folder):
    choose(qtbot, page, monkeypatch, folder)
    qtbot.mouseClick(page.view.not_used_toggle, Qt.MouseButton.LeftButton)
    everything = "\n".join(page.shown_texts()).lower()
    assert "zebra-laptop" not in everything and "family-laptop" not in everything
    for word in SECRET_WORDS:
        assert word.lower() not in everything


def test_every_control_has_an_accessible_name(qtbot, page, monkeypatch, folder):
    choose(qtbot, page, monkeypatch, folder)
    controls = page.findChildren(QAbstractButton) + page.findChildren(QAbstractItemView) + \
        page.findChildren(QPlainTextEdit)
    controls = [c for c in controls
                if not c.objectName().startswith("qt_") and c.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert len(controls) >= 6  # three buttons, the fold, its list and the table of checks
    assert [type(c).__name__ for c in controls if not c.accessibleName()] == []
    assert page.view.histogram.accessibleName() == "Spread of scores"


def test_an_empty_folder_says_so(qtbot, page, monkeypatch, tmp_path):
    (tmp_path / "empty").mkdir()
    choose(qtbot, page, monkeypatch, tmp_path / "empty")
    assert "There are no Homeguard reports in this folder" in page.message.text()
    assert not page.html_button.isEnabled() and not page.pdf_button.isEnabled()


def test_a_missing_folder_says_so(qtbot, page, monkeypatch, tmp_path):
    choose(qtbot, page, monkeypatch, tmp_path / "gone")
    assert page.message.text().startswith(f"The folder {tmp_path / 'gone'} could not be found.")
    assert not page.html_button.isEnabled()


def test_a_folder_of_only_bad_files_names_each(qtbot, page, monkeypatch, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.json").write_text("{not json")
    (bad / "b.json").write_text("[]")
    choose(qtbot, page, monkeypatch, bad)
    assert "None of the files in this folder could be used" in page.message.text()
    assert page.view.not_used_list.toPlainText().splitlines() == [
        "a.json is not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)",
        "b.json is JSON, but not a Homeguard report"]


def test_the_summary_is_saved_as_a_web_page_and_a_pdf(qtbot, page, monkeypatch, folder, tmp_path):
    choose(qtbot, page, monkeypatch, folder)
    out = tmp_path / "out"
    out.mkdir()
    targets = iter([out / "club-summary", out / "club-summary.pdf"])
    monkeypatch.setattr(club_module, "ask_save_path", lambda parent, title, suggested, kind: str(next(targets)))
    with qtbot.waitSignal(page.exported, timeout=5_000) as saved:
        qtbot.mouseClick(page.html_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["html", str(out / "club-summary.html")]  # the extension is added
    html = (out / "club-summary.html").read_text(encoding="utf-8")
    assert "<h1>Homeguard club summary</h1>" in html and "27 computers" in html
    assert all(word.lower() not in html.lower() for word in SECRET_WORDS) and "hostile" not in html
    with qtbot.waitSignal(page.exported, timeout=30_000) as saved:
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
        assert not page.pdf_button.isEnabled()  # one PDF at a time
    assert saved.args == ["pdf", str(out / "club-summary.pdf")]
    assert (out / "club-summary.pdf").read_bytes().startswith(b"%PDF")
    assert "Saved the club summary as a PDF" in page.message.text() and page.pdf_button.isEnabled()
    assert sorted(p.name for p in out.iterdir()) == ["club-summary.html", "club-summary.pdf"]  # no leftovers


def test_a_pdf_that_cannot_be_written_says_why(qtbot, page, monkeypatch, folder, tmp_path):
    choose(qtbot, page, monkeypatch, folder)
    target = tmp_path / "no-such-folder" / "summary.pdf"
    monkeypatch.setattr(club_module, "ask_save_path", lambda *args: str(target))
    with qtbot.waitSignal(page.export_failed, timeout=30_000) as failed:
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert failed.args[0] == "pdf" and str(target) in failed.args[1]
    assert not target.exists() and page.pdf_button.isEnabled()
