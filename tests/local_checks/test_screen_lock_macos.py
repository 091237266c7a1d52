"""screen-lock on macOS, against sysadminctl, defaults and pmset outputs recorded on real Macs."""

import pytest

from auditor.check import CouldNotTell
from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.settings import Settings
from checks.local.screen_lock import CHECK
from checks.local.screen_lock.macos import (
    PMSET,
    SYSADMINCTL,
    describe_time,
    lock_plans,
    parse_display_sleep,
    parse_lock_delay,
)
from tests.support import fixture, run_check

IDLE = ["defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime"]
LOCK = "macos/sysadminctl/"
UNSET = fixture("macos/screensaver/tahoe-26.5.2-idletime-unset.stderr.txt")


def mac(lock: str | None = "tahoe-26.5.2-immediate.stderr.txt", idle: str | None = "unset",
        pmset: str | None = "macos/pmset/tahoe-26.5.2-custom.txt") -> RecordedHost:
    host = RecordedHost("macos", os_name="macOS 26.5.2")
    if lock is not None:
        host.add_command(list(SYSADMINCTL), stderr=fixture(LOCK + lock))  # sysadminctl answers on stderr
    if idle == "unset":
        host.add_command(IDLE, stderr=UNSET, returncode=1)
    elif idle is not None:
        host.add_command(IDLE, fixture(idle))
    if pmset is not None:
        host.add_command(list(PMSET), fixture(pmset))
    return host


# -- parsers ------------------------------------------------------------------------------------------------------

def test_every_recorded_sysadminctl_answer_is_read():
    assert parse_lock_delay(fixture(LOCK + "tahoe-26.5.2-immediate.stderr.txt")) == 0
    assert parse_lock_delay(fixture(LOCK + "sonoma-14.8.7-immediate.stderr.txt")) == 0
    assert parse_lock_delay(fixture(LOCK + "sonoma-14.8.7-300-seconds.txt")) == 300
    assert parse_lock_delay(fixture(LOCK + "tahoe-26.6.2-5-seconds.stderr.txt")) == 5
    assert parse_lock_delay(fixture(LOCK + "tahoe-26.5.2-28800-seconds.stderr.txt")) == 28800
    assert parse_lock_delay(fixture(LOCK + "tahoe-26.5.2-off.stderr.txt")) == -1


def test_an_answer_that_is_not_a_status_is_not_guessed():
    with pytest.raises(CouldNotTell, match="Password is required"):
        parse_lock_delay(fixture(LOCK + "sonoma-14.8.7-password-required.stderr.txt"))
    with pytest.raises(CouldNotTell, match="no answer"):
        parse_lock_delay("\n")


def test_display_sleep_is_read_per_power_source():
    assert parse_display_sleep(fixture("macos/pmset/tahoe-26.5.2-custom.txt")) == {"Battery Power": 2, "AC Power": 30}
    assert parse_display_sleep(fixture("macos/pmset/ventura-13.2-custom-ac-only.txt")) == {"AC Power": 10}


def test_the_lock_time_is_the_earlier_of_screen_saver_and_display_plus_the_delay():
    plans = lock_plans(300, 1200, {"Battery Power": 2, "AC Power": 30})
    assert [(p.source, p.seconds) for p in plans] == [("Battery Power", 420), ("AC Power", 1500)]
    assert lock_plans(0, 0, {"AC Power": 0})[0].seconds is None


def test_times_are_said_in_plain_words():
    assert describe_time(0) == "0 seconds" and describe_time(60) == "1 minute"
    assert describe_time(28800 + 120) == "8 hours and 2 minutes" and describe_time(28800) == "8 hours"
    assert describe_time(630) == "about 10 minutes" and describe_time(1) == "1 second"


# -- verdicts -----------------------------------------------------------------------------------------------------

def test_a_desktop_that_locks_within_ten_minutes_passes():
    host = mac(pmset="macos/pmset/ventura-13.2-custom-ac-only.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "The screen locks after 10 minutes without use."
    assert host.asked == [SYSADMINCTL, tuple(IDLE), PMSET]


def test_the_recorded_macbook_air_is_partial_because_of_its_power_adapter_setting():
    found = run_check(CHECK, mac(lock="tahoe-26.5.2-300-seconds.stderr.txt"))
    assert found.status is Status.PARTIAL  # display off after 30 min on the adapter, password 5 min later
    assert "25 minutes without use on the power adapter" in found.summary
    assert "15 minutes or less is safer" in found.summary


def test_the_threshold_comes_from_the_settings():
    found = run_check(CHECK, mac(lock="tahoe-26.5.2-300-seconds.stderr.txt"), Settings(screen_lock_max_minutes=30))
    assert found.status is Status.PASS


def test_a_set_screen_saver_time_is_used():
    host = mac(idle="macos/screensaver/mojave-10.14-idletime-600.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS  # screen saver at 10 minutes comes before the 30-minute display sleep
    assert "10 minutes without use on the power adapter" in found.summary


def test_an_eight_hour_password_delay_is_partial():
    found = run_check(CHECK, mac(lock="tahoe-26.5.2-28800-seconds.stderr.txt"))
    assert found.status is Status.PARTIAL
    assert "8 hours and 20 minutes" in found.summary  # 8 hours after the 20-minute screen saver


def test_no_password_on_wake_fails():
    host = mac(lock="tahoe-26.5.2-off.stderr.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "does not ask for the password" in found.summary
    assert host.asked == [SYSADMINCTL]  # nothing else can change that verdict


def test_a_screen_that_never_turns_off_fails():
    host = mac(idle="macos/screensaver/idletime-0-documented.txt",
               pmset="macos/pmset/ventura-13.2-custom-ac-display-never.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "never locks by itself on the power adapter" in found.summary


def test_sysadminctl_missing_is_unknown():
    found = run_check(CHECK, mac(lock=None))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_sysadminctl_timing_out_is_unknown():
    host = mac(lock=None)
    host.add_command(list(SYSADMINCTL), outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_an_unrecognised_sysadminctl_answer_is_unknown():
    found = run_check(CHECK, mac(lock="sonoma-14.8.7-password-required.stderr.txt"))
    assert found.status is Status.UNKNOWN
    assert "does not recognise" in found.summary


def test_defaults_refused_is_unknown():
    host = mac(idle=None)
    host.add_command(IDLE, outcome=CommandOutcome.DENIED)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not allow" in found.summary


def test_a_screen_saver_time_that_is_not_a_number_is_unknown():
    host = mac(idle=None)
    host.add_command(IDLE, fixture(LOCK + "sonoma-14.8.7-300-seconds.txt"))  # a real answer, but not a number
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_pmset_failing_is_unknown():
    host = mac(pmset=None)
    host.add_command(list(PMSET), outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not answer in time" in found.summary


def test_pmset_without_display_settings_is_unknown():
    host = mac(pmset=None)
    host.add_command(list(PMSET), fixture("macos/sysadminctl/tahoe-26.5.2-immediate.stderr.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "when the display turns off" in found.summary
