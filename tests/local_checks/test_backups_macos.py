"""backups on macOS: Time Machine, from `tmutil destinationinfo`, `tmutil latestbackup` and its own record.

The tmutil answers are recorded from real Macs (tests/fixtures/macos/backups/SOURCES.toml), including the refusal
recent macOS gives a program without Full Disk Access. Time Machine's own record is a real Mac's
com.apple.TimeMachine.plist (plaso's test data); only a record with no finished backup is built inline, marked
"unverified". tmutil destinationinfo's own Full Disk Access refusal is in the wording other tools' tests give it
(its fixture is marked unverified in SOURCES.toml).
"""

import datetime as dt
import plistlib

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.backups import CHECK
from checks.local.backups.local_time import LOCALTIME, LocalZone
from checks.local.backups.macos import TM_PLIST, backup_time, parse_destinations, plist_last_backup
from tests.support import fixture, fixture_bytes, run_check

BACKUPS = "macos/backups"
AUG_5 = dt.datetime(2026, 8, 5, 12, tzinfo=dt.UTC).timestamp()


def mac(destinations: str = "tmutil-destinationinfo-network.txt", latest: str | None = None, *,
        latest_stderr: str | None = None, now: float = AUG_5) -> RecordedHost:
    host = RecordedHost("macos", now=now)
    host.add_command(["tmutil", "destinationinfo"], fixture(f"{BACKUPS}/{destinations}"))
    if latest:
        host.add_command(["tmutil", "latestbackup"], fixture(f"{BACKUPS}/{latest}"))
    if latest_stderr:
        host.add_command(["tmutil", "latestbackup"], stderr=fixture(f"{BACKUPS}/{latest_stderr}"), returncode=1)
    return host


def test_destinations_and_backup_times_are_read():
    network = parse_destinations(fixture(f"{BACKUPS}/tmutil-destinationinfo-network.txt"))
    assert network == [{"Name": "time_mach", "Kind": "Network", "URL": "afp://elatov@zf/time_mach",
                        "Mount Point": "/Volumes/time_mach-1", "ID": "C17BD870-304F-4FDB-AF6D-3A78B24729AB"}]
    assert parse_destinations(fixture(f"{BACKUPS}/tmutil-destinationinfo-none.txt")) == []
    utc = LocalZone(dt.UTC, True)
    assert backup_time(fixture(f"{BACKUPS}/tmutil-latestbackup-apfs.txt"), utc) == dt.datetime(
        2026, 8, 1, 0, 51, 34, tzinfo=dt.UTC).timestamp()
    assert backup_time(fixture(f"{BACKUPS}/tmutil-latestbackup-hfs.txt"), utc) == dt.datetime(
        2012, 6, 19, 2, 31, 44, tzinfo=dt.UTC).timestamp()


def test_several_backup_disks_are_all_read_from_a_real_listing():
    # A real Mac with four local disks (one connected) and an SMB share (Pareto Security issue #126).
    disks = parse_destinations(fixture(f"{BACKUPS}/tmutil-destinationinfo-five-pareto.txt"))
    assert [(d["Name"], d["Kind"]) for d in disks] == [
        ("TimeMachine_T5", "Local"), ("Time Machine", "Local"), ("Time Machine", "Local"),
        ("Lanzarote MyBook Nejc", "Local"), ("Time Machine Nejc", "Network")]
    assert disks[0]["Mount Point"] == "/Volumes/TimeMachine_T5"
    assert disks[4]["URL"] == "smb://zupo@NAS/Time%20Machine%20Nejc"
    found = run_check(CHECK, mac("tmutil-destinationinfo-five-pareto.txt", latest="tmutil-latestbackup-apfs.txt"))
    assert found.status is Status.PASS
    listed = {e.looked_at: e.seen for e in found.evidence}["tmutil destinationinfo"]
    assert "TimeMachine_T5 (Local)" in listed and "Time Machine Nejc (Network)" in listed


def test_no_time_machine_fails():
    found = run_check(CHECK, mac("tmutil-destinationinfo-none.txt"))
    assert found.status is Status.FAIL
    assert "Time Machine is not set up" in found.summary


def test_a_backup_four_days_old_passes():
    found = run_check(CHECK, mac(latest="tmutil-latestbackup-apfs.txt"))
    assert found.status is Status.PASS
    assert "4 days ago" in found.summary


def test_an_old_backup_is_partial():
    found = run_check(CHECK, mac(latest="tmutil-latestbackup-hfs.txt"))
    assert found.status is Status.PARTIAL
    assert "2012-06-19" in found.summary


def test_without_full_disk_access_it_says_so():
    host = mac(latest_stderr="tmutil-latestbackup-needs-fda-stderr.txt")
    host.deny(TM_PLIST)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Full Disk Access" in found.summary
    assert any("requires Full Disk Access" in e.seen for e in found.evidence)


RECORD = f"{BACKUPS}/com.apple.TimeMachine-plaso.plist"
LAST_SNAPSHOT = dt.datetime(2014, 1, 4, 13, 38, 38, tzinfo=dt.UTC).timestamp()


def test_the_newest_snapshot_date_is_read_from_a_real_record():
    record = plistlib.loads(fixture_bytes(RECORD))
    assert plist_last_backup(record) == LAST_SNAPSHOT
    assert plist_last_backup({"Destinations": [{"DestinationID": "x"}]}) is None
    assert plist_last_backup({"Destinations": "not a list"}) is None


def test_time_machines_record_gives_the_date_when_tmutil_will_not():
    host = mac(latest_stderr="tmutil-latestbackup-not-mounted-stderr.txt", now=LAST_SNAPSHOT + 3 * 86400)
    host.add_file(TM_PLIST, fixture_bytes(RECORD))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "2014-01-04 13:38 UTC" in found.summary
    assert {e.looked_at: e.seen for e in found.evidence}[TM_PLIST].startswith("last backup 2014-01-04")


def test_an_old_date_in_the_record_is_partial():
    host = mac(latest_stderr="tmutil-latestbackup-needs-fda-stderr.txt")  # now: 2026-08-05
    host.add_file(TM_PLIST, fixture_bytes(RECORD))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "2014-01-04" in found.summary


def test_a_disk_not_connected_and_no_record_is_unknown():
    found = run_check(CHECK, mac(latest_stderr="tmutil-latestbackup-not-mounted-stderr.txt"))
    assert found.status is Status.UNKNOWN
    assert "not connected" in found.summary


def test_tmutil_failing_is_unknown_not_a_fail():
    host = RecordedHost("macos")
    host.add_command(["tmutil", "destinationinfo"], outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Time Machine's settings" in found.summary


def test_a_record_with_no_backup_yet_is_partial_and_a_strange_answer_unknown():
    host = mac(latest_stderr="tmutil-latestbackup-not-mounted-stderr.txt")
    # unverified: as above, a destination with no finished backup
    host.add_file(TM_PLIST, plistlib.dumps({"Destinations": [{"DestinationID": "C17BD870"}]}))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL and "has not finished a backup yet" in found.summary
    strange = RecordedHost("macos")
    strange.add_command(["tmutil", "destinationinfo"], "Something else entirely\n")
    assert run_check(CHECK, strange).status is Status.UNKNOWN


def test_the_backup_name_is_the_macs_clock_time_read_in_its_own_zone():
    # The real APFS path ends 2026-08-01-005134: 00:51 on the Mac's clock. On a Mac set to US Pacific time (daylight
    # saving, UTC-07:00) that is 07:51 UTC, 13 days and 22 hours before the clock; read as UTC it would be over 14
    # days. The zone file is Debian's tzdata copy of America/Los_Angeles (fixtures/linux/backups), placed where
    # macOS keeps its own: the format (TZif) is the same.
    now = dt.datetime(2026, 8, 15, 6, tzinfo=dt.UTC).timestamp()
    host = mac(latest="tmutil-latestbackup-apfs.txt", now=now)
    host.add_file(LOCALTIME, fixture_bytes("linux/backups/zoneinfo-America-Los_Angeles"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS and "(2026-08-01 07:51 UTC)" in found.summary
    assert not any(e.looked_at == LOCALTIME for e in found.evidence)
    unreadable = mac(latest="tmutil-latestbackup-apfs.txt", now=now)
    unreadable.deny(LOCALTIME)
    unknown_zone = run_check(CHECK, unreadable)
    assert unknown_zone.status is Status.PARTIAL and "(2026-08-01 00:51 UTC)" in unknown_zone.summary
    assert any(e.looked_at == LOCALTIME and "read as UTC" in e.seen for e in unknown_zone.evidence)


def refusing_destinations(now: float = AUG_5) -> RecordedHost:
    """tmutil refusing to list the backup disks without Full Disk Access (fixture marked unverified)."""
    host = RecordedHost("macos", now=now)
    refusal = fixture(f"{BACKUPS}/tmutil-destinationinfo-needs-fda-stderr.txt")
    host.add_command(["tmutil", "destinationinfo"], stderr=refusal, returncode=77)
    return host


def test_destinationinfo_asking_for_full_disk_access_is_never_no_backup():
    host = refusing_destinations()
    host.deny(TM_PLIST)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN  # not "Time Machine is not set up"
    assert "Full Disk Access" in found.summary
    assert ("tmutil", "latestbackup") not in host.asked
    assert "requires Full Disk Access" in {e.looked_at: e.seen for e in found.evidence}["tmutil destinationinfo"]


def test_destinationinfo_refused_but_the_real_record_readable_gives_the_date():
    host = refusing_destinations(now=LAST_SNAPSHOT + 2 * 86400)
    host.add_file(TM_PLIST, fixture_bytes(RECORD))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS and "2014-01-04 13:38 UTC" in found.summary
    assert "1 backup disk set up; last backup 2014-01-04" in {e.looked_at: e.seen for e in found.evidence}[TM_PLIST]


def test_destinationinfo_refused_and_no_record_or_no_disk_in_it_is_unknown():
    missing = refusing_destinations()  # the record is not there at all
    assert run_check(CHECK, missing).status is Status.UNKNOWN
    empty = refusing_destinations()
    empty.add_file(TM_PLIST, plistlib.dumps({"AutoBackup": False}))  # unverified: a record without Destinations
    found = run_check(CHECK, empty)
    assert found.status is Status.UNKNOWN
    assert {e.looked_at: e.seen for e in found.evidence}[TM_PLIST] == "no backup disk listed"


def test_an_unexplained_latestbackup_failure_is_not_called_a_disk_not_connected():
    host = mac()
    host.add_command(["tmutil", "latestbackup"], outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not connected" not in found.summary and "did not say when it last backed up" in found.summary
