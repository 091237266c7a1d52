"""password-hints on macOS, against `defaults read` answers.

A real Mac's `defaults read /Library/Preferences/com.apple.loginwindow RetriesUntilHint` answering 3 is recorded
(fixtures/macos/loginwindow/SOURCES.toml), and so are the "key not set" answers. No recorded 0 (hints off) was
found: it is made to the documented format of mSCP's rule system_settings_password_hints_disable (result: integer
0) and to the recorded 3, marked unverified and listed in UNVERIFIED.
"""

import plistlib

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.password_hints import CHECK
from checks.local.password_hints.macos import DOMAIN, KEY, MANAGED, parse_retries
from tests.support import fixture, run_check

ARGV = ["defaults", "read", DOMAIN, KEY]


def mac(stdout: str = "", **kwargs) -> RecordedHost:
    return RecordedHost("macos").add_command(ARGV, stdout, **kwargs)


THREE = "macos/loginwindow/retriesuntilhint-3-monterey.txt"


def test_numbers_are_read():
    assert parse_retries(fixture(THREE)) == 3
    assert parse_retries("0\n") == 0  # unverified: made to the documented format of mSCP (integer 0)
    assert parse_retries("YES\n") is None
    assert parse_retries("") is None


def test_hints_never_shown_passes():
    host = mac("0\n")  # unverified: made to the documented format of mSCP (RetriesUntilHint integer 0)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [tuple(ARGV)]
    assert found.evidence[0].seen.startswith("0")


def test_a_real_mac_showing_hints_after_three_tries_fails():
    found = run_check(CHECK, mac(fixture(THREE)))
    assert found.status is Status.FAIL
    assert "after 3 wrong tries" in found.summary
    assert "give the password away" in found.summary
    assert found.evidence[0].seen == "3: a hint is shown after 3 wrong tries"


def test_one_try_is_said_in_the_singular():
    found = run_check(CHECK, mac("1\n"))  # unverified: the recorded 3 with another number
    assert found.status is Status.FAIL
    assert "after 1 wrong try;" in found.summary


@pytest.mark.parametrize("recorded", ["macos/loginwindow/defaults-could-not-find-key-stderr.txt",
                                      "macos/loginwindow/defaults-missing-key-monterey-stderr.txt"])
def test_never_changed_is_unknown_with_the_reason(recorded):
    found = run_check(CHECK, mac(stderr=fixture(recorded), returncode=1))
    assert found.status is Status.UNKNOWN
    assert "never been changed" in found.summary
    assert found.evidence[0].seen == "not set"


def test_an_unreadable_value_is_unknown():
    found = run_check(CHECK, mac("(\n    3\n)\n"))  # unverified: an array, which no documented setup writes
    assert found.status is Status.UNKNOWN
    assert "does not understand" in found.summary


def test_defaults_missing_or_refused_is_unknown():
    assert run_check(CHECK, RecordedHost("macos")).status is Status.UNKNOWN
    refused = run_check(CHECK, mac(outcome=CommandOutcome.DENIED))
    assert refused.status is Status.UNKNOWN
    assert "did not allow" in refused.summary


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_does_not_apply_elsewhere_and_says_why(platform):
    found = run_check(CHECK, RecordedHost(platform))
    assert found.status is Status.NOT_APPLICABLE
    assert "hint" in found.summary
    assert found.evidence


def test_fix_opens_the_lock_screen_settings():
    url = CHECK.spec.fixes["macos"].settings_url
    assert url == "x-apple.systempreferences:com.apple.Lock-Screen-Settings.extension"


def managed(retries: object) -> bytes:
    # unverified: the form of /Library/Managed Preferences/com.apple.loginwindow.plist (a dictionary of the profile's
    # keys, the path other tools read), not recorded from a managed Mac
    return plistlib.dumps({"RetriesUntilHint": retries, "DisableConsoleAccess": True})


def test_a_management_profile_decides_over_the_local_setting():
    host = mac(fixture(THREE))  # the real local 3 ...
    host.add_file(MANAGED, managed(0))  # ... overridden by a profile that turns hints off
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.evidence[0].seen == "0, set by a management profile"
    assert host.asked == []  # the profile's value decides: `defaults` is not asked
    forced_on = RecordedHost("macos").add_file(MANAGED, managed(3))
    found = run_check(CHECK, forced_on)
    assert found.status is Status.FAIL and "whoever manages this Mac" in found.summary


def test_a_profile_without_the_key_or_unreadable_leaves_it_to_the_local_setting():
    host = mac(fixture(THREE))
    host.add_file(MANAGED, plistlib.dumps({"DisableConsoleAccess": True}))  # unverified, as above
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL and "whoever manages" not in found.summary
    assert {e.looked_at: e.seen for e in found.evidence}[f"{MANAGED} RetriesUntilHint"] == (
        "not set by a management profile")
    denied = mac(fixture(THREE)).deny(MANAGED)
    found = run_check(CHECK, denied)
    assert found.status is Status.FAIL
    assert any("a management profile may set it" in e.seen for e in found.evidence)
    odd = mac(fixture(THREE)).add_file(MANAGED, managed("never"))  # unverified: a value that is not a count
    assert run_check(CHECK, odd).status is Status.FAIL
