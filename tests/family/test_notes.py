"""Evidence notes: text only, kept apart from the history, printable, and deleted on request."""

import stat

import pytest

from auditor import cli
from auditor.notes import NOTES_FILE, NotesStore, summary_html, summary_text
from auditor.store import DB_NAME, Store


@pytest.fixture
def notes(tmp_path):
    return NotesStore(tmp_path)


def test_notes_are_text_in_their_own_private_file(notes, tmp_path):
    note = notes.add({"where": "Instagram", "their_name": "j3ss_x\x00", "photo": b"\x89PNG", "demanded": "£200"})
    assert note.values == {"where": "Instagram", "their_name": "j3ss_x", "demanded": "£200"}
    assert (tmp_path / NOTES_FILE).exists() and not (tmp_path / DB_NAME).exists()
    assert stat.S_IMODE((tmp_path / NOTES_FILE).stat().st_mode) == 0o600


def test_edit_delete_and_delete_all(notes):
    first = notes.add({"where": "Snapchat"})
    second = notes.add({"where": "Discord"})
    notes.update(first.id, {"where": "Snapchat", "paid": "nothing"})
    assert notes.list()[0].value("paid") == "nothing"
    assert notes.delete(second.id) and not notes.delete(second.id)
    notes.delete_all()
    assert notes.list() == [] and not notes.path.exists()


def test_deleting_notes_leaves_the_history_alone(tmp_path):
    store = Store(tmp_path)
    store.save_settings(store.settings().with_value("region", "GB"))
    NotesStore(tmp_path).add({"where": "X"})
    NotesStore(tmp_path).delete_all()
    assert store.settings().region == "GB"
    store.close()


def test_the_printable_summary_is_one_page_of_plain_text(notes):
    notes.add({"where": "Instagram", "their_name": "<script>alert(1)</script>", "demanded": "£200 in gift cards"})
    text = summary_text(notes.list(), printed_at=1_795_000_000)
    assert "Their username or name: <script>alert(1)</script>" in text
    assert "left where they are" in text
    page = summary_html(notes.list(), printed_at=1_795_000_000)
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "<img" not in page


def test_notes_command_adds_prints_and_deletes(tmp_path, monkeypatch, capsys):
    answers = iter(["Snapchat", "jess.x", "", "last Tuesday", "asked for money", "£300", "", "nothing", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert cli.main(["notes", "add"]) == 0
    out = capsys.readouterr().out
    assert "Screenshots of the chat" in out and "Never screenshot, save or forward a nude" in out
    assert "Saved as note 1" in out
    html = tmp_path / "summary.html"
    assert cli.main(["notes", "print", "--html", str(html)]) == 0
    assert "Where it happened: Snapchat" in capsys.readouterr().out
    assert "jess.x" in html.read_text()
    assert cli.main(["notes", "delete-all"]) == 0
    assert cli.main(["notes"]) == 0
    assert "No notes yet" in capsys.readouterr().out


def test_the_printable_notes_page_is_written_whole_and_a_bad_target_is_said_plainly(tmp_path):
    from auditor import cli

    data = ["--data-dir", str(tmp_path / "data")]
    page = tmp_path / "notes.html"
    assert cli.main([*data, "notes", "print", "--html", str(page)]) == 0
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left behind
    assert cli.main([*data, "notes", "print", "--html", str(tmp_path / "no-such-folder" / "notes.html")]) == 2
