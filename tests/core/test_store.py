"""History on disk: private folder, migrations, round trips, and a damaged file kept aside, never lost."""

import sqlite3
import stat

import pytest

from auditor.model import Evidence, Fix, Origin, Result, ScanRun, Severity, Status
from auditor.settings import Settings
from auditor.store import DB_NAME, SCHEMA_VERSION, Store, StoreError, default_data_dir


def sample_run(score_status=Status.FAIL, finished=1_795_000_100.0):
    results = (
        Result("firewall", "The firewall is on", "secure-devices", Severity.MEDIUM, score_status, "It is off.",
               (Evidence("/etc/ufw/ufw.conf", "ENABLED=no"),), Fix(("Turn it on.",), more_info="https://x.example"),
               0.01, Origin("homeguard", "0.1.0", "firewall = x", True)),
        Result("ssh-keys", "SSH keys are protected", "secure-devices", Severity.LOW, Status.PASS, "All fine."),
    )
    return ScanRun(results, finished - 1, finished, "linux", "family-pc", "Debian 12", "0.1.0")


def test_the_data_folder_is_private(tmp_path):
    folder = tmp_path / "data"
    store = Store(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / DB_NAME).stat().st_mode) == 0o600
    store.close()


def test_a_loose_existing_folder_is_tightened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    Store(folder).close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_environment_moves_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOMEGUARD_HOME", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"


def test_a_run_round_trips(tmp_path):
    store = Store(tmp_path)
    run_id = store.save_run(sample_run())
    loaded = store.load_run(run_id)
    assert loaded.run_id == run_id
    assert loaded.results == sample_run().results
    assert (loaded.hostname, loaded.os_name, loaded.platform) == ("family-pc", "Debian 12", "linux")
    assert store.load_run(run_id + 100) is None
    store.close()


def test_history_is_newest_first_with_scores(tmp_path):
    store = Store(tmp_path)
    first = store.save_run(sample_run(Status.FAIL, finished=1_795_000_100.0))
    second = store.save_run(sample_run(Status.PASS, finished=1_795_090_000.0))
    runs = store.list_runs()
    assert [r.run_id for r in runs] == [second, first]
    assert runs[0].score == 100.0 and runs[1].score == pytest.approx(100 / 3)
    assert runs[0].strategy_scores["secure-devices"] == 100.0
    assert store.latest_run_id() == second
    store.close()


def test_schema_is_migrated_from_an_empty_file(tmp_path):
    sqlite3.connect(tmp_path / DB_NAME).close()  # an empty database at version 0
    store = Store(tmp_path)
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_a_file_from_a_newer_version_is_left_alone(tmp_path):
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(StoreError, match="newer version of Homeguard"):
        Store(tmp_path)
    assert (tmp_path / DB_NAME).read_bytes() == before


def test_a_corrupt_file_is_kept_aside_and_a_fresh_one_started(tmp_path):
    garbage = b"this is not a database, it was damaged by a crash" * 100
    (tmp_path / DB_NAME).write_bytes(garbage)
    store = Store(tmp_path)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(f"{DB_NAME}.broken-")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == garbage  # nothing lost
    assert "could not be read" in store.notice and kept[0].name in store.notice
    assert store.save_run(sample_run()) == 1  # and the fresh one works
    store.close()


def test_a_truncated_database_is_treated_as_damaged(tmp_path):
    store = Store(tmp_path)
    for _ in range(20):
        store.save_run(sample_run())
    store.close()
    path = tmp_path / DB_NAME
    path.write_bytes(path.read_bytes()[: 4096 + 100])
    store = Store(tmp_path)
    assert store.notice
    assert store.list_runs() == []
    store.close()


def test_settings_round_trip_and_bad_values_fall_back(tmp_path):
    store = Store(tmp_path)
    assert store.settings() == Settings()
    store.save_settings(Settings(screen_lock_max_minutes=5, region="GB"))
    assert store.settings() == Settings(screen_lock_max_minutes=5, region="GB")
    store.close()
    with pytest.raises(ValueError):
        Settings(screen_lock_max_minutes=0)
    assert Settings.from_dict({"screen_lock_max_minutes": "9999"}) == Settings()
