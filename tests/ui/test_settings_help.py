"""Settings and Get help now: the region changes the contacts, the threshold and safe mode are kept, all data can be
deleted and the app goes on working, and evidence notes can be written, changed, deleted, printed and saved as PDF."""

import dataclasses
import threading

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from auditor.erase import delete_all_data
from auditor.model import Evidence, Result, ScanRun, Severity, Status
from auditor.notes import NotesStore
from auditor.packs import Contact
from auditor.safe_mode import load_safe_mode
from auditor.store import Store
from ui.pages import settings
from ui.pages.help_now import HelpNowPage, contact_html
from ui.pages.settings import SettingsPage
from ui.widgets import notes_editor


@pytest.fixture
def context(app_context):
    """The shared app context: the recorded family laptop, whose LANG is en_GB, so the region follows to the
    United Kingdom."""
    return app_context


def show(qtbot, widget):
    """Show a page on its own, refreshed as the main window refreshes every page it shows."""
    qtbot.addWidget(widget)
    widget.resize(1060, 760)
    widget.show()
    widget.refresh()
    widget.windowHandle().requestActivate()  # keyboard shortcuts need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def contact_text(page: HelpNowPage) -> str:
    return "\n".join(label.text() for label in page.contact_labels())


def held_back(gate: threading.Event, write):
    """``write``, made to wait on the writer thread until ``gate`` is set, as a slow disk would."""

    def waiting(*args, **kwargs):
        assert gate.wait(10), "the gate was never opened"
        return write(*args, **kwargs)

    return waiting


def a_run() -> ScanRun:
    result = Result("firewall", "The firewall is on", "secure-devices", Severity.MEDIUM, Status.FAIL,
                    "ufw is switched off.", (Evidence("/etc/ufw/ufw.conf", "ENABLED=no"),))
    return ScanRun((result,), 1_795_000_000.0, 1_795_000_010.0, "linux", "family-laptop", "Debian", "0.1")


# -- region ---------------------------------------------------------------------------------------------------------

def test_the_region_comes_from_the_language_settings_and_can_be_changed_on_the_help_page(qtbot, context):
    page = show(qtbot, HelpNowPage(context))
    assert page.region.id == "GB"
    assert "CEOP" in contact_text(page) and "999" in contact_text(page)
    assert page.region_combo.currentData() == ""
    assert "United Kingdom" in page.region_combo.currentText()  # "From this computer's ... (now: United Kingdom)"

    page.region_combo.setCurrentIndex(page.region_combo.findData("US"))
    assert page.region.id == "US"
    text = contact_text(page)
    assert "911" in text and "NCMEC" in text and "CEOP" not in text
    assert context.settings.region == "US"  # kept, so the settings page and the report agree

    settings_page = show(qtbot, SettingsPage(context))
    assert settings_page.region.currentData() == "US"
    settings_page.region.setCurrentIndex(settings_page.region.findData("AU"))
    assert context.settings.region == "AU"
    page.refresh()
    assert page.region.id == "AU" and page.region_combo.currentData() == "AU"


def test_links_open_only_when_clicked_and_through_the_context(qtbot, context, monkeypatch):
    opened = []
    monkeypatch.setattr(context, "open_url", lambda url: opened.append(url) or True)
    page = show(qtbot, HelpNowPage(context))
    assert opened == []
    label = page.contact_labels()[0]
    link = next(c.link for c in page.region.contacts if c.link and c.name == label.accessibleName())
    label.linkActivated.emit(link)
    assert opened == [link]
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse  # numbers can be copied
    assert not label.openExternalLinks()


def test_contacts_are_escaped():
    hostile = Contact(source="https://example.org", checked=None, name="<script>x</script>", kind="report",
                      for_="a & b", ages="", phone="<b>1</b>", text="", link="https://example.org/\"onclick", hours="")
    text = contact_html(hostile)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "&lt;b&gt;1&lt;/b&gt;" in text and "a &amp; b" in text
    assert "\"onclick" not in text


# -- settings -------------------------------------------------------------------------------------------------------

def test_the_screen_lock_threshold_is_saved(qtbot, store, context, tmp_path):
    page = show(qtbot, SettingsPage(context))
    assert page.lock_minutes.value() == 15
    page.lock_minutes.setFocus()
    page.lock_minutes.selectAll()
    qtbot.keyClicks(page.lock_minutes, "10")
    assert context.settings.screen_lock_max_minutes == 10
    again = Store(tmp_path / "data")  # kept in the history file, not only in memory
    try:
        assert again.settings().screen_lock_max_minutes == 10
    finally:
        again.close()


def test_safe_mode_is_kept_and_used_for_the_next_scan(qtbot, store, context, monkeypatch):
    page = show(qtbot, SettingsPage(context))
    assert not page.safe_mode.isChecked() and not context.safe_mode
    box = QPoint(8, page.safe_mode.height() // 2)  # on the tick box itself
    qtbot.mouseClick(page.safe_mode, Qt.MouseButton.LeftButton, pos=box)
    assert page.safe_mode.isChecked() and context.safe_mode and load_safe_mode(store)
    page.safe_mode.setFocus()
    qtbot.keyClick(page.safe_mode, Qt.Key.Key_Space)  # and by keyboard
    assert not context.safe_mode and not load_safe_mode(store)
    assert store.settings().region == ""  # the engine's own settings are untouched by it

    monkeypatch.setenv("HOMEGUARD_SAFE_MODE", "1")
    page.refresh()
    assert page.safe_mode.isChecked() and not page.safe_mode.isEnabled()
    assert "HOMEGUARD_SAFE_MODE" in page.safe_note.text()


def test_the_data_folder_is_shown_and_opened(qtbot, store, context, monkeypatch):
    opened = []
    monkeypatch.setattr(context, "open_url", lambda url: opened.append(url) or True)
    page = show(qtbot, SettingsPage(context))
    assert page.data_dir.text() == str(store.data_dir)
    assert page.data_dir.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(page.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(store.data_dir)).toString()]


def test_delete_all_data_asks_first_then_empties_everything_and_the_app_keeps_working(qtbot, store, context,
                                                                                     monkeypatch):
    store.save_run(a_run())
    person = context.household.add_person("Maya", "13-17")
    context.household.record_quiz(person, {"q": 1})
    context.save_settings(dataclasses.replace(context.settings, region="US"))
    notes = NotesStore(store.data_dir)
    notes.add({"where": "Instagram", "their_name": "someone_123"})
    (store.data_dir / "homeguard.db.broken-20261101-101010").write_text("old")
    page = show(qtbot, SettingsPage(context))

    monkeypatch.setattr(settings, "ask_confirm_delete", lambda parent: False)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.latest_run_id() is not None and context.household.people() and notes.list()

    changed = []
    context.data_changed.connect(lambda: changed.append(True))
    monkeypatch.setattr(settings, "ask_confirm_delete", lambda parent: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.list_runs() == [] and store.latest_run_id() is None
    assert context.household.people() == [] and context.household.latest_answers() == {}
    assert notes.list() == [] and not notes.path.exists()
    assert not list(store.data_dir.glob("homeguard.db.broken-*"))
    assert context.settings.region == ""
    assert changed and "deleted" in page.delete_message.text()
    assert page.region.currentData() == ""

    # The same store goes on working: a new scan is saved, people can be added again.
    with qtbot.waitSignal(context.scan_finished, timeout=30_000) as finished:
        context.start_scan()
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)
    assert finished.args[0].run_id == store.latest_run_id()
    assert context.household.add_person("Maya", "13-17").nickname == "Maya"


def test_delete_all_data_waits_for_a_running_scan(qtbot, store, context, monkeypatch):
    page = show(qtbot, SettingsPage(context))
    asked = []
    monkeypatch.setattr(settings, "ask_confirm_delete", lambda parent: asked.append(True) or True)
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        context.start_scan()
        page.delete_everything()
        assert asked == [] and "scan is running" in page.delete_message.text()
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)
    assert store.latest_run_id() is not None


def test_delete_all_data_function_reports_what_it_removed(store):
    store.save_run(a_run())
    NotesStore(store.data_dir).add({"where": "Discord"})
    removed = delete_all_data(store)
    assert str(store.path) in removed and str(NotesStore(store.data_dir).path) in removed
    assert store.list_runs() == []


# -- evidence notes -------------------------------------------------------------------------------------------------

def test_notes_can_be_added_edited_and_deleted(qtbot, store, context, monkeypatch):
    page = show(qtbot, HelpNowPage(context))
    editor = page.notes
    page.tabs.setCurrentWidget(editor)
    assert editor.model.rowCount() == 0 and not editor.no_notes.isHidden()
    assert not editor.print_button.isEnabled()

    qtbot.keyClicks(editor.fields["where"], "Instagram")
    qtbot.keyClicks(editor.fields["their_name"], "<b>someone_123</b>")
    qtbot.keyClicks(editor.fields["what_happened"], "Asked for money.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = NotesStore(store.data_dir).list()
    assert len(saved) == 1 and saved[0].value("their_name") == "<b>someone_123</b>"
    assert editor.model.rowCount() == 1 and "Instagram" in editor.model.index(0, 0).data()
    assert "Saved" in editor.message.text()

    editor.fields["where"].clear()
    qtbot.keyClicks(editor.fields["where"], "Snapchat")
    qtbot.keyClick(editor.fields["where"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    qtbot.waitUntil(lambda: NotesStore(store.data_dir).list()[0].value("where") == "Snapchat")
    assert len(NotesStore(store.data_dir).list()) == 1

    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    assert editor.current_id is None and editor.fields["where"].text() == ""
    qtbot.keyClicks(editor.fields["demanded"], "Gift cards")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(NotesStore(store.data_dir).list()) == 2

    # Choosing the first note shows it; nothing is lost on the way.
    editor.list.setCurrentIndex(editor.model.index(0, 0))
    assert editor.fields["where"].text() == "Snapchat"

    monkeypatch.setattr(notes_editor, "ask_confirm", lambda parent, title, text: False)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert len(NotesStore(store.data_dir).list()) == 2
    monkeypatch.setattr(notes_editor, "ask_confirm", lambda parent, title, text: True)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    left = NotesStore(store.data_dir).list()
    assert [n.value("demanded") for n in left] == ["Gift cards"]

    qtbot.mouseClick(editor.delete_all_button, Qt.MouseButton.LeftButton)
    assert NotesStore(store.data_dir).list() == [] and editor.model.rowCount() == 0


def test_an_unsaved_note_is_kept_when_another_is_chosen(qtbot, store, context, wait_saved):
    NotesStore(store.data_dir).add({"where": "Discord"})
    page = show(qtbot, HelpNowPage(context))
    editor = page.notes
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.fields["where"], "TikTok")
    editor.list.setCurrentIndex(editor.model.index(0, 0))
    assert editor.fields["where"].text() == "Discord"  # shown at once; the other is written in the background
    wait_saved()
    assert sorted(n.value("where") for n in NotesStore(store.data_dir).list()) == ["Discord", "TikTok"]
    assert editor.model.rowCount() == 2 and editor.fields["where"].text() == "Discord"
    assert editor.list.currentIndex().row() == 0


def test_a_note_saved_twice_before_it_is_written_is_one_note(qtbot, store, context, monkeypatch, wait_saved):
    page = show(qtbot, HelpNowPage(context))
    editor = page.notes
    qtbot.keyClicks(editor.fields["where"], "Instagram")
    gate = threading.Event()  # holds the first write back
    monkeypatch.setattr(NotesStore, "add", held_back(gate, NotesStore.add))
    assert editor.save()
    editor.fields["paid"].setText("nothing")  # (qtbot's typing would wait for the first write)
    assert editor.save() and context.tasks.saving
    gate.set()
    wait_saved()
    notes = NotesStore(store.data_dir).list()
    assert [(n.value("where"), n.value("paid")) for n in notes] == [("Instagram", "nothing")]
    assert editor.current_id == notes[0].id and "Saved at" in editor.message.text()


def test_a_note_saved_just_before_quitting_is_in_the_notes_file(qtbot, store, context, monkeypatch):
    page = show(qtbot, HelpNowPage(context))
    editor = page.notes
    qtbot.keyClicks(editor.fields["their_name"], "someone_123")
    gate = threading.Event()  # the write is still waiting when the app starts closing
    monkeypatch.setattr(NotesStore, "add", held_back(gate, NotesStore.add))
    shutdown = context.tasks.shutdown
    monkeypatch.setattr(context.tasks, "shutdown", lambda timeout: gate.set() or shutdown(timeout))
    assert editor.save()
    assert context.tasks.saving and NotesStore(store.data_dir).list() == []
    assert context.shutdown()  # what quitting does before the history is closed
    assert [n.value("their_name") for n in NotesStore(store.data_dir).list()] == ["someone_123"]


def test_the_summary_is_saved_as_a_pdf_and_printed(qtbot, store, context, monkeypatch, tmp_path):
    NotesStore(store.data_dir).add({"where": "Instagram", "their_name": "someone_123", "paid": "nothing"})
    page = show(qtbot, HelpNowPage(context))
    target = tmp_path / "notes"
    monkeypatch.setattr(notes_editor, "ask_save_path", lambda parent, caption, suggested, filters: str(target))
    qtbot.mouseClick(page.notes.pdf_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "notes.pdf"
    qtbot.waitUntil(lambda: page.notes.message.text() == f"Saved as {pdf}")
    assert pdf.read_bytes().startswith(b"%PDF")

    printed = tmp_path / "printed.pdf"

    def fake_print_dialog(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(notes_editor, "ask_print", fake_print_dialog)
    qtbot.mouseClick(page.notes.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.notes.message.text() == "The notes were sent to the printer.")
    assert printed.read_bytes().startswith(b"%PDF")

    monkeypatch.setattr(notes_editor, "ask_save_path", lambda *args: "")  # cancelled: nothing written
    page.notes.save_pdf()
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["notes.pdf", "printed.pdf"]


def test_the_pdf_is_written_off_the_main_thread_with_what_was_just_typed(qtbot, store, context, monkeypatch,
                                                                       tmp_path):
    page = show(qtbot, HelpNowPage(context))
    editor = page.notes
    qtbot.keyClicks(editor.fields["where"], "Snapchat")  # typed, not saved: the PDF saves it first
    target = tmp_path / "notes.pdf"
    monkeypatch.setattr(notes_editor, "ask_save_path", lambda *args: str(target))
    threads, written, gate = [], [], threading.Event()
    write = notes_editor.write_summary_pdf

    def write_on_a_worker(path, notes):
        threads.append(threading.current_thread())
        written.extend(n.value("where") for n in notes)
        gate.wait(10)  # still writing while the test looks at the buttons
        write(path, notes)

    monkeypatch.setattr(notes_editor, "write_summary_pdf", write_on_a_worker)
    editor.pdf_button.click()
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread() and written == ["Snapchat"]
    assert not editor.pdf_button.isEnabled() and not editor.print_button.isEnabled()  # one summary at a time
    gate.set()
    qtbot.waitUntil(lambda: editor.message.text() == f"Saved as {target}")
    assert editor.pdf_button.isEnabled() and editor.print_button.isEnabled()
    assert [n.value("where") for n in NotesStore(store.data_dir).list()] == ["Snapchat"]
    assert target.read_bytes().startswith(b"%PDF")


def test_a_pdf_that_cannot_be_written_is_a_plain_message(qtbot, store, context, monkeypatch, tmp_path):
    NotesStore(store.data_dir).add({"where": "Instagram"})
    page = show(qtbot, HelpNowPage(context))
    target = tmp_path / "no-such-folder" / "notes.pdf"
    monkeypatch.setattr(notes_editor, "ask_save_path", lambda *args: str(target))
    page.notes.pdf_button.click()
    qtbot.waitUntil(lambda: page.notes.message.text().startswith("The PDF could not be saved: "))
    assert "No such file or directory" in page.notes.message.text() and not target.exists()
    assert page.notes.pdf_button.isEnabled()


def test_the_notes_list_follows_the_file_when_the_page_is_shown_again(qtbot, store, context):
    NotesStore(store.data_dir).add({"where": "Discord"})
    page = show(qtbot, HelpNowPage(context))
    editor = page.notes
    editor.list.setCurrentIndex(editor.model.index(0, 0))
    assert editor.fields["where"].text() == "Discord"
    delete_all_data(store)  # as Settings does, while Get help now is not on screen
    page.refresh()  # the main window refreshes a page each time it shows it
    assert editor.model.rowCount() == 0 and editor.current_id is None and editor.fields["where"].text() == ""


def test_the_steps_are_shown_in_order(qtbot, context):
    page = show(qtbot, HelpNowPage(context))
    steps = context.content.help_now.steps
    texts = [label.text() for label in page.findChildren(type(page.notes.message))]
    positions = [texts.index(f"{n}. {step.title}") for n, step in enumerate(steps, 1)]
    assert positions == sorted(positions) and len(positions) == len(steps) >= 5
    assert page.quick_exit_button.isEnabled()
    assert "Esc twice" in page.quick_exit_button.toolTip()
