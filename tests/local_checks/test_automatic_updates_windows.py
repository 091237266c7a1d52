"""automatic-updates on Windows, against Windows Update registry values from public .reg files.

See fixtures/windows/windows-update/SOURCES.toml. AUOptions 2/3/4 and the disabled service are recorded with
add_registry_value in the form Microsoft documents them (REG_DWORD), because no real export of them was found:
they are UNVERIFIED against a real machine.
"""

import datetime

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.automatic_updates import CHECK
from checks.local.automatic_updates.windows import AU_POLICY, SERVICE, WU_POLICY
from checks.local.common.windows_update import UX_SETTINGS, describe_date, parse_windows_time, pause_state
from tests.support import fixture, run_check

WU = "windows/windows-update/"


def windows(*recordings: str, now: float | None = None) -> RecordedHost:
    host = RecordedHost("windows", now=now) if now else RecordedHost("windows")
    # The Windows Update service's key as Windows installs it: Start 3 (manual, started when needed).
    host.add_registry_value(SERVICE, "Start", "REG_DWORD", 3)
    for name in recordings:
        host.add_registry(fixture(WU + name))
    return host


# -- the shared pause reader ------------------------------------------------------------------------------------

def test_windows_times_in_both_forms():
    def utc(*parts):
        return datetime.datetime(*parts, tzinfo=datetime.UTC).timestamp()

    assert parse_windows_time("2042-09-05T09:59:52Z") == utc(2042, 9, 5, 9, 59, 52)
    assert parse_windows_time("2024-03-05 06:20:03") == utc(2024, 3, 5, 6, 20, 3)
    assert parse_windows_time("next Tuesday") is None
    assert parse_windows_time("2042-13-45T09:59:52Z") is None
    assert describe_date(parse_windows_time("2042-09-05T09:59:52Z")) == "5 September 2042"


def test_pause_state_from_a_real_pause_file():
    pause = pause_state(windows("reg-pause-until-2042.reg"))
    assert pause.until == parse_windows_time("2042-09-05T09:59:52Z")
    assert "paused until 5 September 2042" in pause.seen


def test_a_pause_that_has_ended_is_not_a_pause():
    pause = pause_state(windows("reg-pause-until-2042.reg", now=parse_windows_time("2043-01-01T00:00:00Z")))
    assert pause.until is None
    assert pause.seen.endswith("the pause has ended")


def test_a_pause_date_windows_would_not_write_is_reported_not_trusted():
    host = windows().add_registry_value(UX_SETTINGS, "PauseUpdatesExpiryTime", "REG_SZ", "soon")
    pause = pause_state(host)
    assert pause.until is None and "not a date" in pause.seen


# -- verdicts -------------------------------------------------------------------------------------------------------

def test_no_policy_means_windows_installs_updates_itself():
    found = run_check(CHECK, windows())
    assert found.status is Status.PASS
    assert found.summary == "Windows installs updates by itself."
    assert "no policy set" in found.evidence[0].seen


def test_no_auto_update_policy_fails():
    found = run_check(CHECK, windows("reg-pause-and-no-auto-update.reg"))
    assert found.status is Status.FAIL
    assert "NoAutoUpdate" in found.summary
    assert "paused until 31 December 2051" in found.evidence[-1].seen


def test_paused_updates_are_partial_with_the_date():
    found = run_check(CHECK, windows("reg-ux-settings-pause-2024-to-2080.reg"))
    assert found.status is Status.PARTIAL
    assert "paused until 31 March 2080" in found.summary


def test_an_ended_pause_passes():
    host = windows("reg-pause-until-2042.reg", now=parse_windows_time("2043-01-01T00:00:00Z"))
    assert run_check(CHECK, host).status is Status.PASS


def test_a_pause_date_that_cannot_be_read_is_could_not_tell_never_windows_default():
    # Settings only writes dates there: "soon" may stand for any pause, so the verdict is not "installs by itself".
    host = windows().add_registry_value(UX_SETTINGS, "PauseUpdatesExpiryTime", "REG_SZ", "soon")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary == ("Could not tell whether updates are paused: Homeguard could not read the pause date "
                             "Windows keeps (PauseUpdatesExpiryTime).")


def test_a_pause_value_of_a_type_settings_never_writes_is_could_not_tell():
    host = windows().add_registry_value(UX_SETTINGS, "PauseQualityUpdatesEndTime", "REG_BINARY", b"\x01\x02")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_one_readable_pause_date_still_decides_beside_an_unreadable_one():
    host = windows("reg-ux-settings-pause-2024-to-2080.reg")
    host.add_registry_value(UX_SETTINGS, "PauseQualityUpdatesEndTime", "REG_SZ", "soon")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "paused until 31 March 2080" in found.summary


def test_pause_values_settings_does_not_count_are_not_read_as_doubts():
    # Feature-update pauses and the pause's start are not security pauses (see common.windows_update).
    host = windows().add_registry_value(UX_SETTINGS, "PauseFeatureUpdatesEndTime", "REG_SZ", "soon")
    assert run_check(CHECK, host).status is Status.PASS


@pytest.mark.parametrize(("option", "words"), [(2, "only tells you"), (3, "waits for someone"), (7, "and restart")])
def test_notify_only_policies_are_partial(option, words):
    host = windows().add_registry_value(AU_POLICY, "AUOptions", "REG_DWORD", option)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert words in found.summary


@pytest.mark.parametrize("option", [4, 5])
def test_policies_that_install_pass(option):
    host = windows().add_registry_value(AU_POLICY, "AUOptions", "REG_DWORD", option)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "a policy sets" in found.summary


def test_an_unknown_auoptions_value_is_unknown():
    host = windows().add_registry_value(AU_POLICY, "AUOptions", "REG_DWORD", 9)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_a_disabled_update_service_fails():
    host = RecordedHost("windows").add_registry_value(SERVICE, "Start", "REG_DWORD", 4)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "service is disabled" in found.summary


def test_an_organisations_update_server_is_noted():
    host = windows().add_registry_value(AU_POLICY, "UseWUServer", "REG_DWORD", 1)
    host.add_registry_value(WU_POLICY, "WUServer", "REG_SZ", "http://wsus.school.example:8530")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("wsus.school.example" in e.seen for e in found.evidence)


def test_a_missing_service_key_is_shown_and_does_not_decide():
    found = run_check(CHECK, RecordedHost("windows"))
    assert found.status is Status.PASS
    assert any(e.looked_at == SERVICE and e.seen == "not found" for e in found.evidence)


def test_a_refused_registry_read_is_unknown():
    found = run_check(CHECK, windows().deny_registry(AU_POLICY))
    assert found.status is Status.UNKNOWN
    assert "did not let" in found.summary


def test_nothing_is_run():
    host = windows("reg-pause-until-2042.reg")
    run_check(CHECK, host)
    assert host.asked == []


def test_the_fix_opens_windows_update():
    assert CHECK.spec.fix_for("windows").settings_url == "ms-settings:windowsupdate"


def test_a_binary_update_server_value_is_shown_as_reg_query_shows_it():
    """WUServer stored as REG_BINARY is shown as `reg query`'s hex digits, never as Python's b'...'."""
    host = windows().add_registry_value(AU_POLICY, "UseWUServer", "REG_DWORD", 1)
    host.add_registry_value(WU_POLICY, "WUServer", "REG_BINARY", b"\x68\x74")
    found = run_check(CHECK, host)
    seen = next(e.seen for e in found.evidence if "update server" in e.seen)
    assert seen == "updates come from an organisation's update server (6874)"
