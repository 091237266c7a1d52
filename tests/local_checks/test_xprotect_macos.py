"""xprotect on macOS, against real Macs' install histories and made-to-format bundle files.

The install histories are a real OS X 10.9 file and a real macOS 10.15 one (fixtures/macos/xprotect/SOURCES.toml);
the 10.9 file's XProtect update is dated 2013-12-28 12:14:43 UTC, so the scan's "now" is set relative to it.
XProtect's Info.plist files, XProtect Remediator entries and the macOS 15 copy are unverified: made to the
documented formats (CFBundleShortVersionString; the InstallHistory.plist keys of the real files), and listed in
UNVERIFIED.
"""

import calendar
import plistlib
from datetime import datetime

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.xprotect import CHECK
from checks.local.xprotect.macos import (
    CORESERVICES,
    INSTALL_HISTORY,
    PROTECTED_DIR,
    PROTECTED_INFO,
    REMEDIATOR_INFO,
    parse_install_history,
)
from tests.support import fixture_bytes, run_check

HISTORY = "macos/xprotect/installhistory-plaso-osx-10.9.plist"
CATALINA = "macos/xprotect/installhistory-chef-macos-10.15.plist"
CATALINA_RULES = calendar.timegm((2019, 10, 7, 20, 9, 37))
RULES_INFO = f"{CORESERVICES}/XProtect.bundle/Contents/Info.plist"
UPDATED = calendar.timegm((2013, 12, 28, 12, 14, 43))
DAY = 86400


def info(version: str) -> bytes:
    # unverified: made to the documented format (an Info.plist with CFBundleShortVersionString)
    return plistlib.dumps({"CFBundleIdentifier": "com.apple.XProtect", "CFBundleShortVersionString": version})


def mac(days_after: float, *, history: bool = True, rules: str | None = "2045", os_name: str = "") -> RecordedHost:
    host = RecordedHost("macos", now=UPDATED + days_after * DAY, os_name=os_name)
    if history:
        host.add_file(INSTALL_HISTORY, fixture_bytes(HISTORY))
    if rules is not None:
        host.add_file(RULES_INFO, info(rules))
    return host


def test_the_real_install_history_is_read():
    installs = parse_install_history(fixture_bytes(HISTORY))
    assert [(i.what, i.version, i.when) for i in installs] == [("rules", "1.0", UPDATED)]
    # macOS 10.15 names the package with a suffix (XProtectPlistConfigData_10_15.16U4081); MRT and Gatekeeper
    # data in the same history are not XProtect's
    catalina = parse_install_history(fixture_bytes(CATALINA))
    assert [(i.what, i.version, i.when) for i in catalina] == [("rules", "2106", CATALINA_RULES)]
    assert parse_install_history(b"not a plist") is None
    assert parse_install_history(plistlib.dumps({"a": 1})) is None


@pytest.mark.parametrize(("days", "status", "words"), [
    (8, Status.PASS, "8 days ago"),
    (49, Status.PARTIAL, "49 days ago"),
    (155, Status.FAIL, "months of new threats"),
])
def test_freshness_is_judged_by_the_age_of_the_last_update(days, status, words):
    found = run_check(CHECK, mac(days))
    assert found.status is status
    assert words in found.summary
    assert "version 2045" in found.summary
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen[f"{INSTALL_HISTORY}: last rules update"] == "2013-12-28, version 1.0"
    assert seen[f"{INSTALL_HISTORY}: last XProtect Remediator update"] == "none listed"
    assert seen["Installing security updates by itself"] == "judged by the automatic-updates check"


def test_a_real_catalina_history_dates_the_rules():
    host = RecordedHost("macos", now=CATALINA_RULES + 40 * DAY)
    host.add_file(INSTALL_HISTORY, fixture_bytes(CATALINA))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("XProtect last updated 40 days ago")
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen[f"{INSTALL_HISTORY}: last rules update"] == "2019-10-07, version 2106"
    assert seen[f"{INSTALL_HISTORY}: last XProtect Remediator update"] == "none listed"


def test_the_limits_are_30_and_90_days():
    assert run_check(CHECK, mac(30.5)).status is Status.PASS
    assert run_check(CHECK, mac(31)).status is Status.PARTIAL
    assert run_check(CHECK, mac(90.5)).status is Status.PARTIAL
    assert run_check(CHECK, mac(91)).status is Status.FAIL


def test_a_recent_remediator_update_counts():
    # unverified: made to the documented format (InstallHistory.plist entries as plaso reads them)
    recent = plistlib.dumps([{"date": datetime(2026, 11, 10, 8, 0, 0), "displayName": "XProtectPayloads",
                              "displayVersion": "157", "processName": "softwareupdated",
                              "packageIdentifiers": ["com.apple.pkg.XProtectPayloads_10_15.16U4444"]}])
    host = RecordedHost("macos").add_file(INSTALL_HISTORY, recent).add_file(RULES_INFO, info("5356"))
    host.add_file(REMEDIATOR_INFO, info("157"))
    found = run_check(CHECK, host)  # the recorded host's "now" is 2026-11-18
    assert found.status is Status.PASS
    assert "8 days ago" in found.summary
    assert any(e.seen == "version 157" for e in found.evidence)


def test_the_macos_15_copy_counts_when_it_can_be_read():
    host = mac(400)
    host.add_file(PROTECTED_INFO, info("5356"), mtime=UPDATED + 399 * DAY)  # unverified: documented format
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "version 5356" in found.summary
    assert "yesterday" in found.summary


def test_the_macos_15_copy_unreadable_is_said_and_history_decides():
    host = mac(8).deny("/var/protected/xprotect")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.seen == "not readable without administrator rights" for e in found.evidence)


def test_missing_xprotect_fails():
    found = run_check(CHECK, mac(8, history=False, rules=None))
    assert found.status is Status.FAIL
    assert "not found" in found.summary


def test_history_alone_is_enough_on_older_systems():
    assert run_check(CHECK, mac(8, rules=None)).status is Status.PASS


def test_no_dates_is_unknown():
    found = run_check(CHECK, mac(8, history=False))
    assert found.status is Status.UNKNOWN
    assert "version 2045" in found.summary
    damaged = mac(8, history=False).add_file(INSTALL_HISTORY, b"<plist><array><dict>")
    found = run_check(CHECK, damaged)
    assert found.status is Status.UNKNOWN
    assert any("not a list of installations" in e.seen for e in found.evidence)


def test_detections_need_admin_and_the_note_says_so():
    assert "administrator" in CHECK.spec.admin_notes["macos"]


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_does_not_apply_elsewhere_and_says_why(platform):
    found = run_check(CHECK, RecordedHost(platform))
    assert found.status is Status.NOT_APPLICABLE
    assert "XProtect" in found.summary


def test_an_old_history_on_macos_15_with_the_icloud_copy_unread_is_unknown_not_a_fail():
    """From macOS 15 updates can arrive over iCloud into /var/protected/xprotect only: an old history there proves
    nothing while that copy is unread. The real 10.9 history stands in for a history whose last entry is old."""
    for denied in (True, False):  # the copy refused, or not seen at all
        host = mac(155, os_name="macOS 15.6.1")
        if denied:
            host.deny(PROTECTED_DIR)
        found = run_check(CHECK, host)
        assert found.status is Status.UNKNOWN, denied
        assert "over iCloud" in found.summary and "155 days ago" in found.summary
    by_folder = mac(155).add_dir(PROTECTED_DIR)  # the macOS version not known: the folder says it is 15 or later
    assert run_check(CHECK, by_folder).status is Status.UNKNOWN
    older = mac(155, os_name="macOS 14.7.4")
    assert run_check(CHECK, older).status is Status.FAIL  # before macOS 15 the history is the whole story
    read = mac(155, os_name="macOS 15.6.1")
    read.add_file(PROTECTED_INFO, info("5290"), mtime=UPDATED + 10 * DAY)  # unverified: documented format
    assert run_check(CHECK, read).status is Status.FAIL  # the copy in use was read, and it is old too
