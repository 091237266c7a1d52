"""Where the app suggests saving, and how it saves: every save dialog starts in the person's Documents folder (their
home folder when the system names none), never the app's data folder, and a saved report, summary or PDF replaces an
earlier file whole or not at all."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QDir

from auditor import atomic_file
from auditor.notes import NotesStore
from tests.ui.test_history_page import BASE, saved, scanned_run
from ui.pages import report as report_module
from ui.pages.club import ClubPage
from ui.pages.report import ReportPage
from ui.widgets import notes_editor, report_print
from ui.widgets.notes_editor import NotesEditor


class FakePaths:
    """Stands in for QStandardPaths: the system's Documents folder is ``documents`` ("" when it names none)."""

    documents = ""
    StandardLocation = report_print.QStandardPaths.StandardLocation

    @classmethod
    def writableLocation(cls, location):  # Qt's name
        assert location == cls.StandardLocation.DocumentsLocation
        return cls.documents


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(FakePaths, "documents", str(folder))
    monkeypatch.setattr(report_print, "QStandardPaths", FakePaths)
    return folder


def test_without_a_documents_folder_the_home_folder_is_suggested(monkeypatch):
    monkeypatch.setattr(FakePaths, "documents", "")
    monkeypatch.setattr(report_print, "QStandardPaths", FakePaths)
    assert report_print.documents_folder() == QDir.homePath()


def test_the_notes_pdf_is_suggested_in_documents_not_the_data_folder(qtbot, app_context, documents, monkeypatch):
    NotesStore(app_context.store.data_dir).add({"where": "Instagram", "their_name": "someone_123"})
    editor = NotesEditor(app_context)
    qtbot.addWidget(editor)
    editor.refresh()
    asked = []
    monkeypatch.setattr(notes_editor, "ask_save_path", lambda parent, caption, suggested, filters:
                        asked.append(suggested) or "")
    editor.save_pdf()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [str(documents / "homeguard-notes.pdf")]
    assert app_context.store.data_dir not in Path(asked[0]).parents


def test_the_report_and_club_pages_suggest_documents(qtbot, app_context, store, documents, monkeypatch):
    saved(store, scanned_run(), BASE)
    report = ReportPage(app_context)
    qtbot.addWidget(report)
    report.refresh()
    asked = []
    monkeypatch.setattr(report_module, "ask_save_path", lambda parent, title, suggested, name_filter:
                        asked.append(suggested) or "")
    assert not report.export_html() and not report.export_json()
    assert [Path(path).parent for path in asked] == [documents, documents]
    club = ClubPage(app_context)
    qtbot.addWidget(club)
    assert club.folder == club.save_folder == str(documents)


def test_a_report_pdf_that_fails_leaves_the_earlier_file_and_nothing_else(qtbot, app_context, store, tmp_path,
                                                                         monkeypatch):
    saved(store, scanned_run(), BASE)
    page = ReportPage(app_context)
    qtbot.addWidget(page)
    page.refresh()
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF the report saved last week")
    monkeypatch.setattr(report_module, "ask_save_path", lambda *args: str(target))

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", full_disk)
    with qtbot.waitSignal(page.export_failed, timeout=30_000):
        assert page.export_pdf()
    assert target.read_bytes() == b"%PDF the report saved last week"
    assert [p.name for p in target.parent.iterdir()] == ["report.pdf"]  # no temporary file left


def test_saving_the_page_again_replaces_it_whole(qtbot, app_context, store, tmp_path, monkeypatch):
    saved(store, scanned_run(), BASE)
    page = ReportPage(app_context)
    qtbot.addWidget(page)
    page.refresh()
    target = tmp_path / "report.html"
    target.write_text("x" * 1_000_000, encoding="utf-8")  # longer than the report: nothing of it may stay
    monkeypatch.setattr(report_module, "ask_save_path", lambda *args: str(target))
    assert page.export_html()
    assert target.read_text(encoding="utf-8") == page.report_html()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
