"""Deleting all data (auditor.erase) and the saved safe-mode choice (auditor.safe_mode)."""

import sqlite3

from auditor.erase import delete_all_data
from auditor.household import Household
from auditor.model import Result, ScanRun, Severity, Status
from auditor.notes import NotesStore
from auditor.safe_mode import load_safe_mode, safe_mode_on, save_safe_mode
from auditor.settings import Settings
from auditor.store import SCHEMA_VERSION, Store


def a_run() -> ScanRun:
    result = Result("screen-lock", "Screen locks", "secure-devices", Severity.HIGH, Status.PASS, "Locks after 5 min.")
    return ScanRun(results=(result,), started_at=1.0, finished_at=2.0, hostname="laptop", platform="linux",
                   os_name="Linux", app_version="0.1")


def rows(store: Store) -> dict[str, int]:
    tables = [name for (name,) in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {table: store.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in tables}


def test_delete_all_data_removes_everything_and_leaves_a_usable_empty_store(tmp_path):
    store = Store(tmp_path)
    household = Household(store)
    store.save_run(a_run())
    sam = household.add_person("Sam", "13-17")
    household.add_device("Sam's iPhone", "iphone", sam)
    household.record_answer("device-screen-lock", "device", 1, "yes", Status.PASS)
    household.record_quiz(sam, {"q1": 0})
    store.save_settings(Settings(region="GB", safe_mode=True))
    notes = NotesStore(store.data_dir)
    notes.add({"where": "Instagram", "their_name": "someone_123"})
    kept = store.data_dir / "homeguard.db.broken-20260101-101010"
    kept.write_text("an old damaged file")
    assert any(rows(store).values())

    removed = delete_all_data(store)

    assert removed == [str(store.path), str(notes.path), str(kept)]
    assert set(rows(store).values()) == {0}  # every table, every row
    assert not notes.path.exists() and not kept.exists() and notes.list() == []
    assert store.settings() == Settings()
    assert household.people() == [] and household.devices() == [] and household.latest_answers() == {}
    assert not household.devices_reviewed()
    # the same open store goes on working, and the file is still a healthy database of the current schema
    assert store.schema_version == SCHEMA_VERSION
    run_id = store.save_run(a_run())
    assert store.latest_run_id() == run_id and household.add_person("Sam", "13-17").nickname == "Sam"
    store.close()
    with sqlite3.connect(tmp_path / "homeguard.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_deleting_an_empty_store_removes_only_the_history_file(tmp_path):
    store = Store(tmp_path)
    assert delete_all_data(store) == [str(store.path)]
    assert store.path.exists()
    store.close()


def test_safe_mode_is_saved_with_the_settings_and_can_be_forced(tmp_path, monkeypatch):
    store = Store(tmp_path)
    assert not load_safe_mode(store) and not safe_mode_on(store)
    assert safe_mode_on(store, flag=True)  # --safe-mode on the command line
    save_safe_mode(store, True)
    assert load_safe_mode(store) and safe_mode_on(store) and store.settings().region == ""
    save_safe_mode(store, False)
    monkeypatch.setenv("HOMEGUARD_SAFE_MODE", "1")
    assert not load_safe_mode(store) and safe_mode_on(store)
    store.close()
