"""xprotect on macOS: what XProtect blocked lately, from its reports in the person's DiagnosticReports folder.

No real XProtect_*.diag report has been found to record, so every report here is unverified: made with plistlib to
the format osquery's xprotect_reports table and mac_apt's XProtect plugin read (a property list holding a list of
entries with XProtectSignatureName, UserAction and the LSQuarantine* keys; the file named
XProtect_YYYY-MM-DD-HHMMSS_<computer>.diag). The check's UNVERIFIED says so. The threat name MACOS.2070d41 is the
one Apple's alert showed in eclecticlight.co's "How do you know when macOS detects and remediates malware?"
(2023-01-04); the rest is made up.
"""

import plistlib
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.host_protocol import UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.xprotect import CHECK
from checks.local.xprotect.detections import MOST_READ, MOST_SHOWN, parse_report, plain, read_detections
from checks.local.xprotect.macos import ADMIN_NOTE, CORESERVICES, UNVERIFIED
from tests.support import run_check

NOW = 1_795_000_000.0  # the recorded host's "now": 2026-11-18
DAY = 86400
FOLDER = "/Users/alex/Library/Logs/DiagnosticReports"
RULES_INFO = f"{CORESERVICES}/XProtect.bundle/Contents/Info.plist"


def report(threat: str = "MACOS.2070d41", *, action: str = "Trash",
           origin: str = "https://downloads.example.net/player/setup.dmg") -> bytes:
    # unverified: made to the format osquery and mac_apt read (see the module docstring)
    return plistlib.dumps([{
        "XProtectSignatureName": threat,
        "UserAction": action,
        "LSQuarantineAgentBundleIdentifier": "com.apple.Safari",
        "LSQuarantineDataURL": origin,
        "LSQuarantineOriginURL": origin,
        "LSQuarantineTimeStamp": "2026-11-08 09:14:02 +0000",
    }])


def name(days_ago: float) -> str:
    return time.strftime("XProtect_%Y-%m-%d-%H%M%S_Alexs-MacBook.diag", time.gmtime(NOW - days_ago * DAY))


def mac(*, updated_days_ago: float = 3, reports: dict[str, bytes] | None = None) -> RecordedHost:
    # unverified: the rules bundle's Info.plist, made to the documented form, written when it last updated
    host = RecordedHost("macos")
    info = plistlib.dumps({"CFBundleIdentifier": "com.apple.XProtect", "CFBundleShortVersionString": "5356"})
    host.add_file("/var/protected/xprotect/XProtect.bundle/Contents/Info.plist", info,
                  mtime=NOW - updated_days_ago * DAY)
    host.add_file(RULES_INFO, info)
    for file_name, content in (reports or {}).items():
        host.add_file(f"{FOLDER}/{file_name}", content)
    return host


def seen(found, looked_at_start: str) -> list[str]:
    return [e.seen for e in found.evidence if e.looked_at.startswith(looked_at_start)]


def test_a_report_is_read_with_its_threat_choice_and_source():
    parsed = parse_report("XProtect_2026-11-08-091402_Alexs-MacBook.diag", report())
    assert parsed is not None
    assert parsed.threats == ("MACOS.2070d41",)
    assert parsed.action == "Trash"
    assert parsed.source == "downloads.example.net"  # only the site's name, never the whole address
    assert parsed.day == "2026-11-08"
    assert parsed.when == 1_794_129_242.0  # 2026-11-08 09:14:02, read as UTC


def test_what_is_not_a_report_names_nothing():
    assert parse_report(name(1), b"not a plist") is None
    assert parse_report(name(1), plistlib.dumps([{"UserAction": "Trash"}])) is None  # no threat named
    blank = plistlib.dumps([{"XProtectSignatureName": "  \x00 "}], fmt=plistlib.FMT_BINARY)
    assert parse_report(name(1), blank) is None
    assert parse_report(name(1), plistlib.dumps("a string")) is None
    # one entry on its own (not in a list) is read too; a name without a date has no day
    single = parse_report("XProtect_report.diag", plistlib.dumps({"XProtectSignatureName": "OSX.Dok.B"}))
    assert single is not None and single.when is None and single.day == "an unknown day"
    impossible = parse_report("XProtect_2026-13-45-256199_x.diag", report())  # names are untrusted too
    assert impossible is not None and impossible.when is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_report_cut_short_spoilt_or_random_never_raises(data: st.DataObject) -> None:
    """A report cut short, with bytes changed, or random bytes (XML or binary plist): a Report or None, never an
    exception out of the probe. (The fault tests' table does not cover this parser: it reads bytes, not text.)"""
    whole = data.draw(st.sampled_from([report(), plistlib.dumps(plistlib.loads(report()), fmt=plistlib.FMT_BINARY)]))
    raw = data.draw(st.one_of(
        st.integers(0, len(whole)).map(lambda n: whole[:n]),
        st.lists(st.tuples(st.integers(0, len(whole) - 1), st.integers(0, 255)), min_size=1, max_size=8).map(
            lambda changes: bytes(_changed(whole, changes))),
        st.binary(max_size=2000),
    ))
    file_name = data.draw(st.sampled_from([name(1), "XProtect_.diag", "XProtect_9999-99-99-999999_x.diag"]))
    found = parse_report(file_name, raw)
    assert found is None or (found.threats and all(len(t) <= 80 and t.isprintable() for t in found.threats))


def _changed(data: bytes, changes: list[tuple[int, int]]) -> bytearray:
    changed = bytearray(data)
    for at, value in changes:
        changed[at] = value
    return changed


def test_text_from_a_report_is_one_plain_capped_line():
    assert plain("MACOS.\x1b[31mbad\nname\u202e") == "MACOS. [31mbad name"
    long = plain("x" * 500)
    assert len(long) == 80 and long.endswith("\u2026")
    parsed = parse_report(name(1), report(threat="A" * 300, action="Open\r\nanyway", origin="not a web address"))
    assert parsed is not None
    assert len(parsed.threats[0]) == 80
    assert parsed.action == "Open anyway"
    assert parsed.source == "com.apple.Safari"  # no site in the address: the app that downloaded it


def test_a_recent_report_is_said_first_and_makes_it_partial():
    found = run_check(CHECK, mac(reports={name(10): report()}))
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("XProtect found a harmful app (\u201cMACOS.2070d41\u201d) and stopped it from "
                                    "opening (last on 2026-11-08)")
    assert "stop using the place it came from." in found.summary
    assert "empty the Trash" in found.summary
    assert "remove login items you do not know (System Settings, General, Login Items)" in found.summary
    assert found.summary.endswith("XProtect (version 5356) is there and last updated 3 days ago.")
    assert seen(found, "XProtect's reports of what it blocked") == ["1 from the last 30 days"]
    assert seen(found, f"{FOLDER}/XProtect_") == [
        "2026-11-08: MACOS.2070d41; choice in the alert: Trash; downloaded from downloads.example.net"]


def test_the_newest_dated_report_gives_the_day():
    undated = plistlib.dumps([{"XProtectSignatureName": "OSX.Dok.B"}])  # unverified: made up
    host = mac(reports={name(20): report(), name(6): report(threat="MACOS.ADLOAD.I"), "XProtect_x.diag": undated})
    found = run_check(CHECK, host)
    assert "(\u201cMACOS.2070d41\u201d, \u201cMACOS.ADLOAD.I\u201d and \u201cOSX.Dok.B\u201d) and stopped them" \
        in found.summary
    assert "(last on 2026-11-12, 3 times in the last 30 days)" in found.summary
    assert seen(found, f"{FOLDER}/XProtect_")[0].startswith("2026-11-12: MACOS.ADLOAD.I")
    assert seen(found, f"{FOLDER}/XProtect_")[-1] == "an unknown day: OSX.Dok.B"


def test_an_old_report_leaves_the_freshness_verdict():
    found = run_check(CHECK, mac(reports={name(45): report()}))
    assert found.status is Status.PASS
    assert found.summary == "XProtect (version 5356) is there and last updated 3 days ago."
    assert seen(found, "XProtect's reports of what it blocked") == ["0 from the last 30 days, 1 older"]


def test_a_stale_xprotect_with_a_recent_report_still_fails():
    found = run_check(CHECK, mac(updated_days_ago=120, reports={name(2): report()}))
    assert found.status is Status.FAIL
    assert found.summary.startswith("XProtect found a harmful app")
    assert "months of new threats" in found.summary


def test_it_keeps_happening_is_counted_and_the_lists_are_capped():
    threats = ["MACOS.2070d41", "MACOS.ADLOAD.I", "MACOS.BUNDLORE.MDPLST", "MACOS.PIRRIT.B"]
    reports = {name(1 + i): report(threat=threats[i % 4]) for i in range(MOST_READ + 3)}
    found = run_check(CHECK, mac(reports=reports))
    assert found.status is Status.PARTIAL
    # the newest MOST_READ reports are read; all of them are within 30 days
    assert f", {MOST_READ} times in the last 30 days" in found.summary
    assert ("harmful apps (\u201cMACOS.2070d41\u201d, \u201cMACOS.ADLOAD.I\u201d, \u201cMACOS.BUNDLORE.MDPLST\u201d "
            "and others) and stopped them") in found.summary
    assert "the place they came from" in found.summary
    assert seen(found, "XProtect's reports of what it blocked") == [
        f"{MOST_READ} from the last 30 days, 3 more not read"]
    assert len(seen(found, f"{FOLDER}/XProtect_")) == MOST_SHOWN


def test_no_reports_is_said_and_the_log_is_not_read():
    host = mac()
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert seen(found, "XProtect's reports of what it blocked") == [
        "none (XProtect does not leave one every time it blocks something)"]
    assert seen(found, "XProtect Remediator's background scan results") == [
        "not read: a standard account may not read them, and reading 30 days takes minutes"]
    assert host.asked == []  # files only: no `log show`, no program at all, so it adds nothing to the scan's time


def test_a_report_that_cannot_be_read_is_counted_not_guessed():
    host = mac(reports={name(3): b"<plist><array><dict>"})
    host.deny(f"{FOLDER}/{name(4)}")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert seen(found, "XProtect's reports of what it blocked") == [
        "0 from the last 30 days, 2 Homeguard could not read"]


def test_without_a_home_folder_the_reports_are_not_read():
    host = RecordedHost("macos", user=UserInfo(name="", home=""))
    found = read_detections(host)
    assert found.recent == ()
    assert [e.seen for e in found.evidence] == ["not read: the system did not say which home folder is yours"]


@pytest.mark.parametrize("words", ["standard account", "XPEvent.structured", "administrator"])
def test_the_admin_note_says_what_an_administrator_can_read(words):
    assert words in ADMIN_NOTE
    assert words in CHECK.spec.admin_notes["macos"]


def test_the_made_up_reports_are_listed_as_unverified():
    assert any("XProtect_*.diag" in line for line in UNVERIFIED)
