"""The shared folder (issue 9, point 2): each computer leaves its latest report in one folder, the main one reads them.

Two data folders are two computers. This computer's scan is a real scan of the recorded Linux scenario
(tests/fixtures/scenarios/family-laptop.toml); the others are the generated macOS and Windows reports in
tests/fixtures/reports (Homeguard's own reports of recorded hosts, see their SOURCES.toml), rewritten with other scan
times where a test needs an older or newer copy, as that computer's Homeguard would write them.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
from pathlib import Path

import pytest

from auditor import shared_folder
from auditor.household_score import other_computer, read_kept
from auditor.intake import MAX_REPORT_BYTES, read_report
from auditor.model import Status
from auditor.recorded import load_scenario
from auditor.registry import discover
from auditor.reports import build_report, to_json
from auditor.runner import run_scan
from auditor.shared_folder import SharedFolderError, collect, read_shared, report_name, write_latest
from auditor.store import Store
from tests.clock import made_at
from tests.support import FIXTURES

REPORTS = FIXTURES / "reports"
MAC, WINDOWS = REPORTS / "generated-macos.json", REPORTS / "generated-windows.json"
MAC_ID = "6b1e0c9a-2d4f-4a8b-8e7c-3f5a6b7c8d9e"
DAY = 86_400.0


@pytest.fixture(scope="module")
def linux_run():
    host = load_scenario(FIXTURES / "scenarios" / "family-laptop.toml")
    registry = discover(safe_mode=True, platform=host.platform)
    return run_scan(registry.for_platform(host.platform), host, failures=registry.failures, safe_mode=True)


@pytest.fixture
def laptop(tmp_path, linux_run):
    """The family laptop's Homeguard: its own data folder, with its scan saved."""
    store = Store(tmp_path / "laptop-data")
    store.save_run(linux_run)
    yield store
    store.close()


@pytest.fixture
def main(tmp_path):
    """The family's main computer: another data folder, so another install id."""
    store = Store(tmp_path / "main-data")
    yield store
    store.close()


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "Dropbox" / "Homeguard"
    path.mkdir(parents=True)
    return path


def copy_of(source: Path, folder: Path, name: str, *, days_later: float = 0.0) -> Path:
    """``source``'s computer's report as its Homeguard would write it ``days_later`` (file name as a sync tool
    might leave it)."""
    report = read_report(source, now=made_at(source))
    shift = days_later * DAY
    run = dataclasses.replace(report.run, started_at=report.run.started_at + shift,
                              finished_at=report.run.finished_at + shift)
    out = folder / name
    out.write_text(to_json(build_report(run, install_id=report.install_id)), encoding="utf-8")
    return out


def files_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_a_report_written_by_one_computer_is_added_by_another(laptop, main, folder, linux_run):
    written = write_latest(folder, linux_run, None, laptop.install_id())
    assert written.name == f"homeguard-{laptop.install_id()}.json"  # the install id only, never a name
    assert "family-laptop" not in written.name
    assert files_in(folder) == [written.name]  # no temp file left beside it
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["anonymous"] is False and data["device"]["hostname"] == "family-laptop"  # the full report

    now = linux_run.finished_at + 60
    read = read_shared(folder, main, now)
    assert [(k.source, k.computer_name, k.outcome) for k in read.kept] == [(written.name, "family-laptop", "added")]
    assert read.refused == () and read.problem == ""
    assert read.summary() == "Shared folder: added family-laptop."
    [kept] = main.other_computers()
    assert kept.install_id == laptop.install_id()
    assert kept.scanned_at == pytest.approx(linux_run.finished_at, abs=1)  # reports keep whole seconds

    # Read again: nothing new. A later scan of the laptop replaces its file and then its kept report.
    assert [k.outcome for k in read_shared(folder, main, now).kept] == ["up to date"]
    later = dataclasses.replace(linux_run, started_at=linux_run.started_at + DAY, finished_at=now + DAY)
    write_latest(folder, later, None, laptop.install_id())
    assert files_in(folder) == [written.name]
    read = read_shared(folder, main, now + DAY)
    assert [k.outcome for k in read.kept] == ["updated"]
    assert read.summary() == "Shared folder: updated family-laptop with a newer scan."
    assert main.other_computers()[0].scanned_at == pytest.approx(now + DAY, abs=1)


def test_this_computers_own_report_is_passed_over_quietly(laptop, folder, linux_run):
    own = write_latest(folder, linux_run, None, laptop.install_id())
    (folder / f"{own.stem} (conflicted copy).json").write_bytes(own.read_bytes())  # its own conflict copy too
    read = read_shared(folder, laptop, linux_run.finished_at + 60)
    assert read.kept == () and read.refused == () and read.problem == ""
    assert read.summary() == "Shared folder: no reports from the family's other computers yet."
    assert laptop.other_computers() == []


def test_the_newest_scan_wins_across_a_sync_tools_conflict_copies(main, folder):
    base = made_at(MAC)
    copy_of(MAC, folder, f"homeguard-{MAC_ID}.json", days_later=1)
    copy_of(MAC, folder, f"homeguard-{MAC_ID} (conflicted copy 2026-12-04).json", days_later=3)  # the newest
    copy_of(MAC, folder, f"homeguard-{MAC_ID}-DESKTOP-1.json", days_later=2)
    copy_of(WINDOWS, folder, "homeguard-windows.json")
    now = base + 4 * DAY
    read = read_shared(folder, main, now)
    assert read.refused == ()  # older copies are simply passed over, never called errors
    assert sorted((k.computer_name, k.source, k.outcome) for k in read.kept) == [
        ("Alexs-MacBook-Air", f"homeguard-{MAC_ID} (conflicted copy 2026-12-04).json", "added"),
        ("FAMILY-DESKTOP", "homeguard-windows.json", "added")]
    kept = {c.computer_name: c.scanned_at for c in main.other_computers()}
    assert kept["Alexs-MacBook-Air"] == base + 3 * DAY

    # A copy older than the report already kept (say, added from a file meanwhile) changes nothing.
    for name in os.listdir(folder):
        if "conflicted" in name:
            (folder / name).unlink()
    read = read_shared(folder, main, now)
    assert sorted(k.outcome for k in read.kept) == ["up to date", "up to date"]
    assert {c.computer_name: c.scanned_at for c in main.other_computers()}["Alexs-MacBook-Air"] == base + 3 * DAY


def test_temp_files_of_a_write_under_way_and_hidden_files_are_never_read(main, folder):
    copy_of(MAC, folder, "homeguard-mac.json")
    (folder / f".homeguard-{MAC_ID}.json.x8k2p1.partial").write_text('{"format": "homeguard-rep', encoding="utf-8")
    (folder / "._homeguard-mac.json").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    (folder / "notes.txt").write_text("not a report", encoding="utf-8")
    read = read_shared(folder, main, made_at(MAC) + DAY)
    assert [k.source for k in read.kept] == ["homeguard-mac.json"] and read.refused == ()
    assert shared_folder.is_temp_name(f".homeguard-{MAC_ID}.json.x8k2p1.partial")


def test_a_hostile_or_huge_file_is_refused_by_name_and_the_others_are_still_read(main, folder):
    copy_of(MAC, folder, "homeguard-mac.json")
    copy_of(WINDOWS, folder, "homeguard-windows.json")
    with open(folder / "homeguard-huge.json", "wb") as huge:
        huge.truncate(MAX_REPORT_BYTES + 1)  # sparse: refused from its size before a byte is read
    (folder / "homeguard-broken.json").write_text("{not json", encoding="utf-8")
    hostile = json.loads(MAC.read_text(encoding="utf-8"))
    hostile["device"]["hostname"] = "<b>x</b>" * 40  # a name longer than any computer's
    hostile["device"]["install_id"] = "0b1e0c9a-2d4f-4a8b-8e7c-3f5a6b7c8d9e"
    (folder / "homeguard-hostile.json").write_text(json.dumps(hostile), encoding="utf-8")
    os.mkfifo(folder / "homeguard-pipe.json")  # would wait for ever if it were opened to be read
    read = read_shared(folder, main, made_at(MAC) + DAY)
    assert sorted(k.computer_name for k in read.kept) == ["Alexs-MacBook-Air", "FAMILY-DESKTOP"]
    reasons = {item.source: item.reason for item in read.refused}
    assert sorted(reasons) == ["homeguard-broken.json", "homeguard-hostile.json", "homeguard-huge.json",
                               "homeguard-pipe.json"]
    assert reasons["homeguard-huge.json"].startswith("is larger than 20 MB")
    assert reasons["homeguard-broken.json"].startswith("is not valid JSON")
    assert "not a regular file" in reasons["homeguard-pipe.json"]
    assert read.summary() == ("Shared folder: added Alexs-MacBook-Air and FAMILY-DESKTOP. 4 files could not be "
                              "used.")
    assert "In the shared folder, homeguard-broken.json is not valid JSON" in "\n".join(read.refusals())
    assert len(main.other_computers()) == 2


def test_a_file_the_sync_tool_keeps_online_only_is_named_with_a_plain_reason(main, folder, monkeypatch):
    copy_of(MAC, folder, "homeguard-mac.json")
    copy_of(WINDOWS, folder, "homeguard-online-only.json")
    (folder / ".homeguard-cloud.json.icloud").write_bytes(b"bplist00")  # iCloud Drive's stand-in
    real_open = os.open

    def placeholder_open(path, flags, *args, **kwargs):
        if str(path).endswith("homeguard-online-only.json"):
            raise OSError(errno.EIO, "Input/output error")  # what an online-only file whose provider is gone gives
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", placeholder_open)
    read = read_shared(folder, main, made_at(MAC) + DAY)
    assert [k.computer_name for k in read.kept] == ["Alexs-MacBook-Air"]
    reasons = {item.source: item.reason for item in read.refused}
    assert reasons["homeguard-online-only.json"] == (
        "could not be opened (Input/output error); if a sync tool keeps this folder online only, set it to keep "
        "the folder on this computer")
    assert reasons["homeguard-cloud.json"].startswith("is not on this computer yet")


# -- the folder itself --------------------------------------------------------------------------------------------

def test_a_missing_folder_is_a_plain_reason_and_the_computers_already_added_stay(main, folder, tmp_path):
    copy_of(MAC, folder, "homeguard-mac.json")
    now = made_at(MAC) + DAY
    assert [k.outcome for k in read_shared(folder, main, now).kept] == ["added"]
    gone = tmp_path / "USB STICK" / "Homeguard"
    read = read_shared(gone, main, now)
    assert read.problem == (f"The shared folder {gone} is not there. If it is on a USB stick, plug the stick in; "
                            "if a sync tool keeps it, check that the sync tool is running.")
    assert read.summary() == read.problem and read.kept == ()
    assert [c.computer_name for c in main.other_computers()] == ["Alexs-MacBook-Air"]
    with pytest.raises(SharedFolderError, match="is not there"):
        write_latest(gone, read_report(MAC, now=now).run, None, main.install_id())


def test_a_file_where_the_folder_should_be_is_a_plain_reason(main, folder, linux_run):
    not_a_folder = folder / "homeguard-mac.json"
    not_a_folder.write_text("{}", encoding="utf-8")
    assert collect(not_a_folder, main.install_id(), 0.0).problem == (
        f"{not_a_folder} is a file, not a folder. Choose the folder the reports should go in.")
    with pytest.raises(SharedFolderError, match="is a file, not a folder"):
        write_latest(not_a_folder, linux_run, None, main.install_id())


def test_a_folder_this_account_may_not_open_is_a_plain_reason(main, folder, monkeypatch):
    def refused(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refused)  # as root, a chmod would not stop the test; the system's answer does
    assert read_shared(folder, main, 0.0).problem == f"This account is not allowed to open the shared folder {folder}."


@pytest.mark.parametrize(("error", "said"), [
    (errno.EACCES, "This account is not allowed to write in the shared folder"),
    (errno.EROFS, "is on a drive that can only be read (a USB stick may have a lock switch)"),
    (errno.ENOSPC, "There is no room left on the drive that holds the shared folder"),
])
def test_a_folder_that_cannot_be_written_is_a_plain_reason(main, folder, linux_run, monkeypatch, error, said):
    def cannot_create(*args, **kwargs):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "open", cannot_create)  # where the hidden temporary file is made
    with pytest.raises(SharedFolderError) as caught:
        write_latest(folder, linux_run, None, main.install_id())
    assert said in str(caught.value) and str(folder) in str(caught.value)
    assert files_in(folder) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_write_that_fails_half_way_leaves_the_earlier_report_whole_and_no_temp_file(laptop, folder, linux_run,
                                                                                      monkeypatch, step):
    first = write_latest(folder, linux_run, None, laptop.install_id())
    before = first.read_bytes()

    def fails(*args, **kwargs):
        raise OSError(errno.ENOSPC if step == "fsync" else errno.EIO, "it went wrong")

    monkeypatch.setattr(os, step, fails)
    later = dataclasses.replace(linux_run, finished_at=linux_run.finished_at + DAY)
    with pytest.raises(SharedFolderError):
        write_latest(folder, later, None, laptop.install_id())
    assert files_in(folder) == [first.name]  # the temp file is gone, the earlier report untouched
    assert first.read_bytes() == before


def test_a_file_name_is_made_from_an_install_id_only(main):
    assert report_name(main.install_id()) == f"homeguard-{main.install_id()}.json"
    for bad in ("../../etc/passwd", "family-laptop", ""):
        with pytest.raises(ValueError):
            report_name(bad)


# -- out of date -----------------------------------------------------------------------------------------------

def test_a_report_31_days_old_from_the_folder_counts_as_out_of_date(main, folder):
    copy_of(MAC, folder, "homeguard-mac.json")
    scanned = made_at(MAC)
    now = scanned + 31 * DAY
    assert [k.outcome for k in read_shared(folder, main, now).kept] == ["added"]  # kept, not refused
    [kept] = main.other_computers()
    mac = other_computer(read_kept(kept), now)
    assert mac.out_of_date and mac.card.overall.score is None and mac.most_urgent is None
    assert {r.status for r in mac.results} <= {Status.UNKNOWN, Status.NOT_APPLICABLE}
    assert not other_computer(read_kept(kept), scanned + 29 * DAY).out_of_date
