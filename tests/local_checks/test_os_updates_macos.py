"""os-updates on macOS, against com.apple.SoftwareUpdate.plist files recorded on real Macs."""

import plistlib
from datetime import UTC, datetime

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.os_updates import CHECK
from checks.local.os_updates.macos import (
    INSTALLED,
    OTHER,
    POINT,
    SECURITY,
    SOFTWARE_UPDATE_PLIST,
    UPGRADE,
    classify,
    last_check,
    parse_version,
    recommended_updates,
)
from tests.support import fixture_bytes, run_check

TAHOE = "macos/softwareupdate/tahoe-26.5.2-recommended.plist"
CATALINA = "macos/softwareupdate/catalina-10.15.7-security-update.plist"
MONTEREY = "macos/softwareupdate/monterey-recommended-updates.plist"
VENTURA = "macos/softwareupdate/ventura-13.3.1-no-updates.plist"


def at(year: int, month: int, day: int) -> float:
    return datetime(year, month, day, tzinfo=UTC).timestamp()


def mac(plist: bytes | None, os_name: str = "macOS", now: float = at(2026, 11, 18)) -> RecordedHost:
    host = RecordedHost("macos", os_name=os_name, now=now)
    if plist is not None:
        host.add_file(SOFTWARE_UPDATE_PLIST, plist)
    return host


def edited(relative: str, **changes) -> bytes:
    """A recorded plist with keys removed (value None) or replaced, for branches no public file shows."""
    data = plistlib.loads(fixture_bytes(relative))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return plistlib.dumps(data)


# -- parsers ------------------------------------------------------------------------------------------------------

def test_versions_are_read_from_the_os_name():
    assert parse_version("macOS 26.5.2") == (26, 5, 2)
    assert parse_version("macOS 27") == (27,)
    assert parse_version("macOS") is None


def test_each_tahoe_entry_gets_its_kind():
    data = plistlib.loads(fixture_bytes(TAHOE))
    kinds = [p.kind for p in recommended_updates(data, (26, 5, 2))]
    assert kinds == [OTHER, UPGRADE, POINT]  # Safari 27.0, macOS 27, macOS Tahoe 26.7


def test_an_entry_for_the_installed_version_is_a_leftover():
    data = plistlib.loads(fixture_bytes(TAHOE))
    assert [p.kind for p in recommended_updates(data, (26, 7))] == [OTHER, UPGRADE, INSTALLED]


def test_catalina_security_and_supplemental_updates_are_security_fixes():
    data = plistlib.loads(fixture_bytes(CATALINA))
    pending = recommended_updates(data, (10, 15, 7))
    assert [p.kind for p in pending] == [POINT, SECURITY, OTHER]
    assert [p.security for p in pending] == [True, True, False]


def test_security_responses_are_recognised_by_name():
    # Display names as a public tool documents them: "macOS Security Response 13.4.1 (a)" (Rapid Security
    # Response). No RecommendedUpdates capture with one was found, so this is the documented form.
    entry = {"Display Name": "macOS Security Response 13.4.1 (a)", "Identifier": "MSU_UPDATE_22F770820d_patch_13.4.1",
             "MobileSoftwareUpdate": True}
    assert classify(entry, (13, 4, 1)).kind == SECURITY


def test_a_macos_update_on_a_mac_of_unknown_version_counts_as_a_fix():
    data = plistlib.loads(fixture_bytes(MONTEREY))
    assert [p.kind for p in recommended_updates(data, None)] == [OTHER, POINT, OTHER]


def test_the_newest_check_date_is_used():
    data = plistlib.loads(fixture_bytes(VENTURA))
    assert last_check(data) == datetime(2023, 5, 4, 21, 40, 26, tzinfo=UTC)  # LastBackgroundSuccessfulDate
    assert last_check({"LastSuccessfulDate": "2026-09-23T18:40:50Z"}) == datetime(2026, 9, 23, 18, 40, 50,
                                                                                  tzinfo=UTC)
    assert last_check({"LastSuccessfulDate": "yesterday"}) is None


# -- verdicts -----------------------------------------------------------------------------------------------------

def test_a_waiting_macos_point_update_fails():
    host = mac(fixture_bytes(TAHOE), "macOS 26.5.2", now=at(2026, 9, 24))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "3 updates are waiting, 1 of them a security fix (macOS Tahoe 26.7)" in found.summary
    assert "last checked" not in found.summary  # checked yesterday: nothing more to say
    assert any("macOS 27 (new macOS version)" in e.seen for e in found.evidence)
    assert host.asked == []  # read from disk: softwareupdate, which asks Apple's servers, is never run


def test_only_an_upgrade_and_safari_waiting_is_partial():
    found = run_check(CHECK, mac(fixture_bytes(TAHOE), "macOS 26.7", now=at(2026, 9, 24)))
    assert found.status is Status.PARTIAL
    assert "2 updates are waiting" in found.summary and "none is marked as a security fix" in found.summary
    assert any("already installed" in e.seen for e in found.evidence)


def test_a_catalina_security_update_fails_and_says_the_list_is_old():
    found = run_check(CHECK, mac(fixture_bytes(CATALINA), "macOS 10.15.7"))
    assert found.status is Status.FAIL
    assert "macOS Catalina Security Update 2021-001" in found.summary
    assert "last checked" in found.summary and "there may be more" in found.summary


def test_updates_without_check_dates_still_fail_and_say_so():
    found = run_check(CHECK, mac(fixture_bytes(MONTEREY)))
    assert found.status is Status.FAIL
    assert "macOS Monterey 12.6" in found.summary
    assert "could not tell when your Mac last checked" in found.summary


def test_nothing_waiting_and_checked_recently_passes():
    found = run_check(CHECK, mac(fixture_bytes(VENTURA), "macOS 13.3.1", now=at(2023, 5, 6)))
    assert found.status is Status.PASS
    assert "All available updates are installed" in found.summary and "yesterday" in found.summary


def test_nothing_waiting_but_checked_long_ago_is_partial():
    found = run_check(CHECK, mac(fixture_bytes(VENTURA), "macOS 13.3.1"))
    assert found.status is Status.PARTIAL
    assert "days ago" in found.summary and "may not show yet" in found.summary


def test_nothing_waiting_with_no_check_date_is_partial():
    # The Ventura file without its three date keys (no public file without them was found).
    plist = edited(VENTURA, LastSuccessfulDate=None, LastFullSuccessfulDate=None, LastBackgroundSuccessfulDate=None)
    found = run_check(CHECK, mac(plist))
    assert found.status is Status.PARTIAL
    assert "could not tell when your Mac last checked" in found.summary


def test_a_stale_counter_beside_an_empty_list_is_not_trusted():
    # check_macos_updates' own ONE_UPDATE variant: LastRecommendedUpdatesAvailable 1 with an empty list.
    plist = edited(VENTURA, LastRecommendedUpdatesAvailable=1)
    found = run_check(CHECK, mac(plist, now=at(2023, 5, 5)))
    assert found.status is Status.PASS
    assert any("not used" in e.seen for e in found.evidence)


def test_only_a_count_of_waiting_updates_is_partial():
    plist = edited(CATALINA, RecommendedUpdates=None)
    found = run_check(CHECK, mac(plist))
    assert found.status is Status.PARTIAL
    assert "3 updates are waiting" in found.summary and "only their number" in found.summary


def test_a_count_of_zero_without_the_list_passes_when_recent():
    plist = edited(VENTURA, RecommendedUpdates=None)
    assert run_check(CHECK, mac(plist, now=at(2023, 5, 5))).status is Status.PASS


def test_neither_list_nor_count_is_unknown():
    plist = edited(VENTURA, RecommendedUpdates=None, LastRecommendedUpdatesAvailable=None)
    found = run_check(CHECK, mac(plist))
    assert found.status is Status.UNKNOWN
    assert "neither the list of updates nor their number" in found.summary


def test_a_list_in_an_unexpected_form_is_unknown():
    found = run_check(CHECK, mac(edited(VENTURA, RecommendedUpdates="none")))
    assert found.status is Status.UNKNOWN
    assert "not understood" in found.summary


def test_a_failed_last_check_is_shown():
    plist = edited(VENTURA, LastSessionSuccessful=False)
    found = run_check(CHECK, mac(plist, now=at(2023, 5, 5)))
    assert any("the last check failed" in e.seen for e in found.evidence)


def test_a_missing_record_is_unknown():
    found = run_check(CHECK, mac(None))
    assert found.status is Status.UNKNOWN
    assert "has not recorded any check" in found.summary


def test_a_file_that_is_not_a_property_list_is_unknown():
    found = run_check(CHECK, mac(b"Software Update Tool\n\nFinding available software\n"))
    assert found.status is Status.UNKNOWN
    assert "not a property list" in found.summary


def test_a_refused_read_is_unknown():
    host = mac(None)
    host.deny(SOFTWARE_UPDATE_PLIST)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed" in found.summary


def test_a_single_waiting_fix_is_named_as_such():
    data = plistlib.loads(fixture_bytes(TAHOE))
    plist = edited(TAHOE, RecommendedUpdates=data["RecommendedUpdates"][2:])  # only macOS Tahoe 26.7
    found = run_check(CHECK, mac(plist, "macOS 26.5.2", now=at(2026, 9, 24)))
    assert found.status is Status.FAIL
    assert found.summary.startswith("1 update is waiting, it is a security fix (macOS Tahoe 26.7)")
