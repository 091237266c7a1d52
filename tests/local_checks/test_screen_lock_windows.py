"""screen-lock on Windows, against powercfg answers from a real Windows 11 machine, Microsoft's docs and other tools'
test files (see fixtures/windows/powercfg/SOURCES.toml).

The screen saver and inactivity-limit values are recorded with add_registry_value in the documented form
(REG_SZ "1"/"300" under HKCU\\Control Panel\\Desktop, as `reg add ... /t REG_SZ` sets them in public scripts such
as EdInTech23/401Challenge LAB01.sh; InactivityTimeoutSecs REG_DWORD seconds): no real export was found, so they
are UNVERIFIED against a real machine.
"""

import pytest

from auditor.check import CouldNotTell
from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.settings import Settings
from checks.local.screen_lock import CHECK
from checks.local.screen_lock.windows import (
    CONSOLELOCK,
    DESKTOP,
    DESKTOP_POLICY,
    POLICY_SYSTEM,
    STANDBY,
    VIDEOIDLE,
    WINLOGON_USER,
    PowerValue,
    describe_time,
    parse_power_setting,
)
from tests.support import fixture, run_check

PC = "windows/powercfg/"


def windows(standby: str | None = "standbyidle-docs-dtrace-30-min.txt",
            consolelock: str | None = "consolelock-enabled-pareto.txt",
            video: str | None = "videoidle-en-pareto.txt") -> RecordedHost:
    host = RecordedHost("windows")
    for argv, name in ((STANDBY, standby), (CONSOLELOCK, consolelock), (VIDEOIDLE, video)):
        if name is not None:
            host.add_command(argv, fixture(PC + name))
    return host


def screensaver(host: RecordedHost, seconds: str, *, secure: str = "1", key: str = DESKTOP) -> RecordedHost:
    host.add_registry_value(key, "ScreenSaveActive", "REG_SZ", "1")
    host.add_registry_value(key, "ScreenSaverIsSecure", "REG_SZ", secure)
    return host.add_registry_value(key, "ScreenSaveTimeOut", "REG_SZ", seconds)


# -- the powercfg reader --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "alias", "expected"), [
    ("standbyidle-win11-26100-ac-never.txt", "STANDBYIDLE", PowerValue(0, 180)),
    ("standbyidle-docs-dtrace-30-min.txt", "STANDBYIDLE", PowerValue(1800, 900)),
    ("standbyidle-ja-test-capture.txt", "STANDBYIDLE", PowerValue(0, 900)),
    ("videoidle-en-pareto.txt", "VIDEOIDLE", PowerValue(1800, 900)),
    ("videoidle-sl-pareto.txt", "VIDEOIDLE", PowerValue(0, 3600)),
    ("videoidle-fr-pareto.txt", "VIDEOIDLE", PowerValue(300, 180)),
    ("consolelock-enabled-pareto.txt", "CONSOLELOCK", PowerValue(1, 1)),
    ("consolelock-disabled-pareto.txt", "CONSOLELOCK", PowerValue(0, 0)),
])
def test_powercfg_values_in_every_language(name, alias, expected):
    assert parse_power_setting(fixture(PC + name), alias) == expected


def test_settings_listed_one_after_another_are_kept_apart():
    # A full listing puts the next setting straight after the last value: the reader stops at its GUID line.
    sleep = [line for line in fixture(PC + "standbyidle-win11-26100-ac-never.txt").splitlines() if line.strip()]
    video = fixture(PC + "videoidle-en-pareto.txt").splitlines()[4:]
    text = "\n".join([*sleep, *video])
    assert parse_power_setting(text, "STANDBYIDLE") == PowerValue(0, 180)
    assert parse_power_setting(text, "VIDEOIDLE") == PowerValue(1800, 900)
    spaced = fixture(PC + "videoidle-sl-pareto.txt").replace("VIDEOIDLE\r\n", "VIDEOIDLE\r\n\r\n")
    assert parse_power_setting(spaced, "VIDEOIDLE") == PowerValue(0, 3600)


def test_times_in_plain_words():
    assert [describe_time(s) for s in (1, 45, 60, 90, 900)] == [
        "1 second", "45 seconds", "1 minute", "about 2 minutes", "15 minutes"]


def test_a_setting_powercfg_does_not_show_is_none():
    assert parse_power_setting("", "CONSOLELOCK") is None
    assert parse_power_setting(fixture(PC + "videoidle-en-pareto.txt"), "STANDBYIDLE") is None


def test_a_shape_homeguard_does_not_know_is_refused():
    text = "\n".join(line for line in fixture(PC + "videoidle-fr-pareto.txt").splitlines()
                     if "Incrément" not in line)
    with pytest.raises(CouldNotTell, match="another language"):
        parse_power_setting(text, "VIDEOIDLE")


# -- verdicts -------------------------------------------------------------------------------------------------------

def test_sleep_with_a_password_within_the_limit_passes():
    found = run_check(CHECK, windows(), Settings(screen_lock_max_minutes=30))
    assert found.status is Status.PASS
    assert found.summary == ("The screen locks after 30 minutes without use (it goes to sleep and asks for the "
                             "password on waking).")
    assert "this alone does not lock Windows" in found.evidence[-1].seen


def test_sleep_past_the_limit_is_partial():
    found = run_check(CHECK, windows(), Settings(screen_lock_max_minutes=15))
    assert found.status is Status.PARTIAL
    assert "15 minutes or less is safer" in found.summary


def test_never_sleeping_when_plugged_in_and_no_other_lock_fails():
    found = run_check(CHECK, windows(standby="standbyidle-win11-26100-ac-never.txt"))
    assert found.status is Status.FAIL
    assert "never locks by itself" in found.summary


def test_sleep_without_a_password_does_not_count():
    found = run_check(CHECK, windows(consolelock="consolelock-disabled-pareto.txt"))
    assert found.status is Status.FAIL
    assert any("no password is asked" in e.seen for e in found.evidence)


def test_a_hidden_password_setting_means_windows_default():
    host = windows(consolelock=None).add_command(CONSOLELOCK, "\r\n")
    found = run_check(CHECK, host, Settings(screen_lock_max_minutes=30))
    assert found.status is Status.PASS
    assert any("Windows' default applies" in e.seen for e in found.evidence)


def test_a_secure_screen_saver_locks_sooner():
    host = screensaver(windows(standby="standbyidle-win11-26100-ac-never.txt"), "300")
    found = run_check(CHECK, host, Settings(screen_lock_max_minutes=10))
    assert found.status is Status.PASS
    assert "5 minutes" in found.summary and "screen saver" in found.summary


def test_a_screen_saver_without_the_logon_screen_does_not_lock():
    host = screensaver(windows(standby="standbyidle-win11-26100-ac-never.txt"), "300", secure="0")
    assert run_check(CHECK, host).status is Status.FAIL


def test_a_screen_saver_policy_wins_over_the_users_choice():
    host = screensaver(windows(standby="standbyidle-win11-26100-ac-never.txt"), "300", secure="0")
    screensaver(host, "600", key=DESKTOP_POLICY)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "set by a policy" in found.summary


def test_the_inactivity_limit_policy_counts():
    host = windows(standby="standbyidle-win11-26100-ac-never.txt")
    host.add_registry_value(POLICY_SYSTEM, "InactivityTimeoutSecs", "REG_DWORD", 900)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "a policy locks it" in found.summary


def test_a_lock_within_the_limit_passes_even_when_powercfg_fails():
    host = screensaver(RecordedHost("windows"), "300")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS


def test_powercfg_missing_or_stuck_with_nothing_else_is_unknown():
    assert run_check(CHECK, RecordedHost("windows")).status is Status.UNKNOWN
    stuck = RecordedHost("windows").add_command(STANDBY, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, stuck)
    assert found.status is Status.UNKNOWN
    assert "did not answer in time" in found.summary


def test_powercfg_answer_not_understood_with_a_long_screen_saver_is_unknown():
    host = screensaver(windows(standby=None), "3600").add_command(STANDBY, "Fehler: unerwartete Ausgabe 0x1\r\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not show the sleep setting" in found.summary


def test_a_garbled_sleep_setting_is_unknown():
    text = "\n".join(line for line in fixture(PC + "standbyidle-ja-test-capture.txt").splitlines()
                     if "増分" not in line)
    host = windows(standby=None).add_command(STANDBY, text)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "another language" in found.summary


def test_dynamic_lock_is_mentioned():
    host = windows().add_registry_value(WINLOGON_USER, "EnableGoodbye", "REG_DWORD", 1)
    found = run_check(CHECK, host)
    assert any("Dynamic lock is on" in e.seen for e in found.evidence)


def test_a_refused_registry_read_is_unknown():
    found = run_check(CHECK, windows().deny_registry(DESKTOP))
    assert found.status is Status.UNKNOWN
    assert "did not let" in found.summary


def test_only_read_only_powercfg_queries_are_run():
    host = windows()
    run_check(CHECK, host)
    assert host.asked == [STANDBY, CONSOLELOCK, VIDEOIDLE]
    assert all(argv[1] == "/query" for argv in host.asked)
