"""backups on Linux: Déjà Dup's settings and Timeshift's.

The gsettings answers are the real gsettings reading Debian's Déjà Dup 44 schema; the Timeshift settings are
Debian's own template and the same with a schedule set (tests/fixtures/linux/backups/SOURCES.toml). The recorded
host's clock is 2026-11-18 (11:06 UTC), seven and a half days after the recorded last backup. Timeshift's snapshot
names are clock times in the computer's zone, read from /etc/localtime: the tests that need a zone give the recorded
host a real zone file from Debian's tzdata, so they do not depend on the zone of the machine running them.
"""

import datetime as dt

from auditor.host import CommandOutcome, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.backups import CHECK
from checks.local.backups.linux import FLATPAK_KEYFILE, parse_time, snapshot_time
from checks.local.backups.local_time import LOCALTIME, LocalZone, system_zone
from checks.local.backups.recent import RECENT_DAYS
from tests.support import fixture, fixture_bytes, run_check

BACKUPS = "linux/backups"
LAST = ["gsettings", "get", "org.gnome.DejaDup", "last-backup"]
PERIODIC = ["gsettings", "get", "org.gnome.DejaDup", "periodic"]
NOV_18 = 1_795_000_000.0  # RecordedHost's clock: 2026-11-18


SCHEMA = "/usr/share/glib-2.0/schemas/org.gnome.DejaDup.gschema.xml"


def computer(*, now: float = NOV_18) -> RecordedHost:
    """A Linux computer with gsettings and neither Déjà Dup nor Timeshift."""
    host = RecordedHost("linux", now=now)
    host.add_tool("gsettings")
    return host


def with_schema(host: RecordedHost) -> RecordedHost:
    host.add_file(SCHEMA, fixture(f"{BACKUPS}/org.gnome.DejaDup.gschema.xml"))
    return host


def with_deja_dup(host: RecordedHost, last: str, periodic: str) -> RecordedHost:
    with_schema(host)
    host.add_command(LAST, fixture(f"{BACKUPS}/{last}"))
    host.add_command(PERIODIC, fixture(f"{BACKUPS}/{periodic}"))
    return host


def with_timeshift(host: RecordedHost, config: str) -> RecordedHost:
    host.add_file("/etc/timeshift/timeshift.json", fixture(f"{BACKUPS}/{config}"))
    return host


def test_times_are_read_as_deja_dup_and_timeshift_write_them():
    nov_10 = dt.datetime(2026, 11, 10, 19, 2, 11, 482913, tzinfo=dt.UTC).timestamp()
    assert parse_time(fixture(f"{BACKUPS}/dejadup-last-backup-2026-11-10.txt")) == nov_10
    assert parse_time("'20240105T100000Z'") == dt.datetime(2024, 1, 5, 10, tzinfo=dt.UTC).timestamp()
    assert parse_time(fixture(f"{BACKUPS}/dejadup-last-backup-never.txt")) is None
    utc = LocalZone(dt.UTC, True)
    assert snapshot_time("2026-11-15_10-00-01", utc) == dt.datetime(2026, 11, 15, 10, 0, 1, tzinfo=dt.UTC).timestamp()
    assert snapshot_time("lost+found", utc) is None


def test_nothing_set_up_fails():
    host = computer()
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "not installed (no org.gnome.DejaDup settings schema)" in " ".join(e.seen for e in found.evidence)
    assert tuple(LAST) not in host.asked  # no schema, so gsettings is not asked for one


def test_a_schema_gsettings_does_not_know_is_not_installed():
    host = with_schema(computer())
    host.add_command(LAST, stderr=fixture(f"{BACKUPS}/gsettings-dejadup-no-schema-stderr.txt"), returncode=1)
    assert run_check(CHECK, host).status is Status.FAIL


def test_deja_dup_installed_but_never_used_fails():
    host = with_deja_dup(computer(), "dejadup-last-backup-never.txt", "dejadup-periodic-false.txt")
    assert run_check(CHECK, host).status is Status.FAIL


def test_deja_dup_backed_up_a_week_ago_passes():
    host = with_deja_dup(computer(), "dejadup-last-backup-2026-11-10.txt", "dejadup-periodic-true.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "7 days ago" in found.summary and "2026-11-10 19:02 UTC" in found.summary


def test_a_backup_older_than_fourteen_days_is_partial():
    later = NOV_18 + (RECENT_DAYS - 6) * 86400.0  # 15 and a half days after the backup
    host = with_deja_dup(computer(now=later), "dejadup-last-backup-2026-11-10.txt", "dejadup-periodic-true.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "15 days ago" in found.summary and "more than 14 days" in found.summary


def test_deja_dup_switched_on_but_never_finished_is_partial():
    host = with_deja_dup(computer(), "dejadup-last-backup-never.txt", "dejadup-periodic-true.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "has not finished a backup yet" in found.summary


def test_the_flatpak_apps_settings_file_is_read():
    host = computer()
    host.add_file(FLATPAK_KEYFILE, fixture(f"{BACKUPS}/dejadup-flatpak-keyfile.txt"))
    assert run_check(CHECK, host).status is Status.PASS


def test_timeshift_template_alone_is_not_a_backup():
    assert run_check(CHECK, with_timeshift(computer(), "timeshift-default.json")).status is Status.FAIL


def test_timeshift_of_the_system_only_is_partial():
    found = run_check(CHECK, with_timeshift(computer(), "timeshift-daily-system-only.json"))
    assert found.status is Status.PARTIAL
    assert "not your photos" in found.summary


def test_timeshift_with_home_but_no_visible_snapshot_is_unknown_saying_why():
    found = run_check(CHECK, with_timeshift(computer(), "timeshift-daily-with-home.json"))
    assert found.status is Status.UNKNOWN
    assert "only an administrator" in found.summary


def test_timeshift_with_a_recent_snapshot_passes():
    host = with_timeshift(computer(), "timeshift-daily-with-home.json")
    # a name in the form of the real listing in timeshift-list-4-snapshots.txt, days before the host's clock
    host.add_dir("/timeshift/snapshots/2026-11-15_10-00-01")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "Timeshift" in found.summary


def test_unreadable_settings_with_nothing_found_are_unknown():
    host = computer()
    host.deny("/etc/timeshift/timeshift.json")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Timeshift's settings" in found.summary


def test_gsettings_missing_or_failing_with_deja_dup_installed_is_unknown_not_none():
    for outcome in (CommandOutcome.MISSING, CommandOutcome.DENIED, CommandOutcome.TIMEOUT):
        host = with_schema(RecordedHost("linux"))
        host.add_command(LAST, outcome=outcome)
        found = run_check(CHECK, host)
        assert found.status is Status.UNKNOWN, outcome
        assert "Déjà Dup's settings" in found.summary


def test_unreadable_values_are_unknown():
    host = with_schema(computer())
    host.add_command(LAST, "'last Tuesday'\n")  # unverified: a value that is not an ISO 8601 time
    host.add_command(PERIODIC, fixture(f"{BACKUPS}/dejadup-periodic-true.txt"))
    assert run_check(CHECK, host).status is Status.UNKNOWN
    broken = computer()
    broken.add_file("/etc/timeshift/timeshift.json", "{ not json")  # unverified: a damaged settings file
    assert run_check(CHECK, broken).status is Status.UNKNOWN
    denied = computer()
    denied.deny(FLATPAK_KEYFILE)
    assert run_check(CHECK, denied).status is Status.UNKNOWN


# -- real settings and listings from other people's machines ---------------------------------------------------------

def snapshot_names(listing: str) -> list[str]:
    """The Name column of ``timeshift --list``: the names of the snapshot folders."""
    return [line.split()[2] for line in listing.splitlines() if line[:1].isdigit() and " > " in line]


def test_times_deja_dup_wrote_itself_are_read_in_each_of_their_forms():
    old = fixture(f"{BACKUPS}/dejadup-dconf-dump-2020.txt")  # an older Déjà Dup: +00, no fraction
    new = fixture(f"{BACKUPS}/dejadup-dconf-dump-2026.txt")  # a newer one: fraction and a +02 offset
    assert parse_time("'2020-04-20T20:58:48+00'") == dt.datetime(2020, 4, 20, 20, 58, 48, tzinfo=dt.UTC).timestamp()
    assert "prompt-check='2020-04-20T20:58:48+00'" in old
    stamp = new.split("periodic-timestamp=")[1].splitlines()[0]
    assert parse_time(stamp) == dt.datetime(2026, 7, 19, 17, 39, 27, 503131, tzinfo=dt.UTC).timestamp()


def test_real_deja_dup_settings_without_a_finished_backup_are_no_backup():
    for dump in ("dejadup-dconf-dump-2020.txt", "dejadup-dconf-dump-2026.txt"):
        host = computer()
        host.add_file(FLATPAK_KEYFILE, fixture(f"{BACKUPS}/{dump}"))  # the keyfile has dconf's own form
        found = run_check(CHECK, host)
        assert found.status is Status.FAIL, dump
        assert any(e.seen == "last-backup '', periodic false" for e in found.evidence)


def test_real_timeshift_snapshot_names_give_the_last_snapshot():
    names = snapshot_names(fixture(f"{BACKUPS}/timeshift-list-4-snapshots.txt"))
    assert names == ["2021-04-09_15-00-01", "2021-04-23_15-00-02", "2021-05-21_15-00-01", "2021-05-24_18-20-45"]
    host = with_timeshift(computer(now=dt.datetime(2021, 5, 30, tzinfo=dt.UTC).timestamp()),
                          "timeshift-btrfs-home-weekly-daily.json")
    for name in names:
        host.add_dir(f"/run/timeshift/backup/timeshift/snapshots/{name}")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "Timeshift snapshots" and e.seen.startswith("4, the newest") for e in found.evidence)
    stale = with_timeshift(computer(), "timeshift-btrfs-home-weekly-daily.json")
    for name in names:
        stale.add_dir(f"/timeshift/snapshots/{name}")
    assert run_check(CHECK, stale).status is Status.PARTIAL  # the newest is years before the host's clock


def test_a_real_btrfs_timeshift_with_home_but_hidden_snapshots_is_unknown():
    found = run_check(CHECK, with_timeshift(computer(), "timeshift-btrfs-home-weekly-daily.json"))
    assert found.status is Status.UNKNOWN
    assert any("mode btrfs; home folders included" in e.seen for e in found.evidence)


# -- snapshot names are the computer's clock time, not UTC -----------------------------------------------------------

SHANGHAI = f"{BACKUPS}/zoneinfo-Asia-Shanghai"  # UTC+08:00, no daylight saving
LOS_ANGELES = f"{BACKUPS}/zoneinfo-America-Los_Angeles"  # UTC-08:00 in November (Pacific Standard Time)


def timeshift_snapshot(name: str, now: dt.datetime, zone_file: str | None) -> RecordedHost:
    """Timeshift with home folders included, one snapshot, the host's clock at ``now``, and /etc/localtime."""
    host = with_timeshift(computer(now=now.timestamp()), "timeshift-daily-with-home.json")
    host.add_dir(f"/timeshift/snapshots/{name}")
    if zone_file is not None:
        host.add_file(LOCALTIME, fixture_bytes(zone_file))
    return host


def test_a_real_zone_file_turns_a_clock_time_into_the_right_moment():
    shanghai = system_zone(timeshift_snapshot("2026-11-04_18-00-00", dt.datetime(2026, 11, 18, tzinfo=dt.UTC),
                                              SHANGHAI))
    assert shanghai.known
    assert snapshot_time("2026-11-04_18-00-00", shanghai) == dt.datetime(2026, 11, 4, 10, tzinfo=dt.UTC).timestamp()
    assert shanghai.offset_words(dt.datetime(2026, 11, 4, 10, tzinfo=dt.UTC).timestamp()) == "UTC+08:00"
    pacific = system_zone(timeshift_snapshot("2026-07-04_06-00-00", dt.datetime(2026, 11, 18, tzinfo=dt.UTC),
                                             LOS_ANGELES))
    summer = snapshot_time("2026-07-04_06-00-00", pacific)  # daylight saving: UTC-07:00
    assert summer == dt.datetime(2026, 7, 4, 13, tzinfo=dt.UTC).timestamp()
    assert pacific.offset_words(summer) == "UTC-07:00"


def test_east_of_utc_a_snapshot_just_over_fourteen_days_old_is_not_counted_recent():
    # 18:00 in Shanghai on 4 November is 10:00 UTC: 14 days and 2 hours before the clock. Read as UTC it would
    # have been 13 days and 18 hours, and passed.
    now = dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC)
    found = run_check(CHECK, timeshift_snapshot("2026-11-04_18-00-00", now, SHANGHAI))
    assert found.status is Status.PARTIAL
    assert "14 days ago (2026-11-04 10:00 UTC)" in found.summary
    assert any(e.seen == "1, the newest 2026-11-04_18-00-00 (the computer's time, UTC+08:00), that is 2026-11-04 "
               "10:00 UTC" for e in found.evidence)


def test_west_of_utc_a_snapshot_just_under_fourteen_days_old_is_recent():
    # 06:00 in Los Angeles on 4 November (after the clocks went back on the 1st) is 14:00 UTC: 13 days and 22
    # hours before the clock. Read as UTC it would have been 14 days and 6 hours, and only partly.
    now = dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC)
    found = run_check(CHECK, timeshift_snapshot("2026-11-04_06-00-00", now, LOS_ANGELES))
    assert found.status is Status.PASS
    assert "13 days ago (2026-11-04 14:00 UTC)" in found.summary


def test_the_real_listing_from_a_computer_in_china_is_read_in_its_own_zone():
    # The newest name in the real `timeshift --list` is 2021-05-24_18-20-45: 10:20:45 UTC on a computer set to
    # China's time (the listing comes from a Chinese blog; its zone is not printed, so Shanghai is this test's
    # assumption). At 15:00 UTC fourteen days later it is over fourteen days old; read as UTC it was not.
    names = snapshot_names(fixture(f"{BACKUPS}/timeshift-list-4-snapshots.txt"))
    now = dt.datetime(2021, 6, 7, 15, tzinfo=dt.UTC).timestamp()
    host = with_timeshift(computer(now=now), "timeshift-btrfs-home-weekly-daily.json")
    for name in names:
        host.add_dir(f"/run/timeshift/backup/timeshift/snapshots/{name}")
    host.add_file(LOCALTIME, fixture_bytes(SHANGHAI))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "(2021-05-24 10:20 UTC)" in found.summary


def test_without_a_zone_file_the_system_keeps_utc():
    found = run_check(CHECK, timeshift_snapshot("2026-11-04_18-00-00", dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC),
                                                None))
    assert found.status is Status.PASS  # 13 days and 18 hours
    assert any(e.seen.endswith("(the computer's time, UTC), that is 2026-11-04 18:00 UTC") for e in found.evidence)
    assert not any(e.looked_at == LOCALTIME for e in found.evidence)


def test_an_unreadable_or_damaged_zone_file_reads_names_as_utc_and_says_so():
    now = dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC)
    for broken in ("damaged", "denied"):
        host = timeshift_snapshot("2026-11-04_18-00-00", now, None)
        if broken == "damaged":  # unverified: the real zone file cut short (Python's own reader would hang on it)
            host.add_file(LOCALTIME, fixture_bytes(SHANGHAI)[:-5])
        else:
            host.deny(LOCALTIME)
        found = run_check(CHECK, host)
        assert found.status is Status.PASS, broken  # 13 days and 18 hours, as UTC
        assert any(e.looked_at == LOCALTIME and "read as UTC and may be up to 14 hours off" in e.seen
                   for e in found.evidence), broken
        assert any("(read as UTC)" in e.seen for e in found.evidence), broken


def test_run_as_root_deja_dups_settings_are_roots_own_so_could_not_tell_never_no_backup():
    # the real gsettings answers a user who never backed up gives; read as root they are root's, not the person's
    host = RecordedHost("linux", now=NOV_18, user=UserInfo(name="root", home="/root", uid=0, is_admin=True))
    host.add_tool("gsettings")
    with_deja_dup(host, "dejadup-last-backup-never.txt", "dejadup-periodic-false.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("runs as the administrator (root)" in e.seen for e in found.evidence)
