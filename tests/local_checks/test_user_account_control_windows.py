"""user-account-control on Windows, against UAC registry values exported from real machines.

See fixtures/windows/registry/SOURCES.toml and fixtures/windows/uac/SOURCES.toml for where each recording came from.
"""

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.winreg_reader import normalise_key, parse_registry_text
from checks.local.user_account_control import CHECK
from checks.local.user_account_control.windows import SYSTEM_POLICIES, uac_values
from tests.support import fixture, run_check

DEFAULTS = "windows/registry/reg-export-uac-defaults.reg"
SERVER = "windows/registry/reg-query-policies-system-server.txt"
UAC = "windows/uac/"


def host_with(*recordings: str) -> RecordedHost:
    host = RecordedHost("windows")
    for name in recordings:
        host.add_registry(fixture(name))
    return host


def test_the_parser_fills_in_windows_defaults_for_values_that_are_not_set():
    values = parse_registry_text(fixture(UAC + "reg-uac-elevate-without-prompting.reg"))[normalise_key(SYSTEM_POLICIES)]
    assert uac_values(values) == {"enablelua": 1, "consentpromptbehavioradmin": 0, "promptonsecuredesktop": 1}


def test_the_parser_reads_a_full_default_export():
    values = parse_registry_text(fixture(DEFAULTS))[normalise_key(SYSTEM_POLICIES)]
    assert uac_values(values) == {"enablelua": 1, "consentpromptbehavioradmin": 5, "promptonsecuredesktop": 1}


def test_windows_default_uac_passes():
    found = run_check(CHECK, host_with(DEFAULTS))
    assert found.status is Status.PASS
    assert "ConsentPromptBehaviorAdmin 5" in found.evidence[0].seen


def test_reg_query_output_from_a_real_server_passes():
    found = run_check(CHECK, host_with(SERVER))
    assert found.status is Status.PASS


def test_uac_switched_off_fails():
    found = run_check(CHECK, host_with(UAC + "reg-export-uac-never-notify.reg"))
    assert found.status is Status.FAIL
    assert "switched off" in found.summary


def test_elevate_without_prompting_fails_even_with_uac_on():
    found = run_check(CHECK, host_with(UAC + "reg-uac-elevate-without-prompting.reg"))
    assert found.status is Status.FAIL
    assert "never notify" in found.summary
    assert "(not set: the Windows default)" in found.evidence[0].seen


def test_asking_without_the_protected_screen_is_partial():
    found = run_check(CHECK, host_with(UAC + "reg-export-uac-no-dimming.reg"))
    assert found.status is Status.PARTIAL
    assert "dimmed" in found.summary


def test_a_refused_registry_read_is_unknown():
    host = RecordedHost("windows").deny_registry(SYSTEM_POLICIES)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not let" in found.summary


def test_a_missing_key_is_unknown_never_a_pass():
    found = run_check(CHECK, RecordedHost("windows"))
    assert found.status is Status.UNKNOWN
    assert "not found" in found.summary


def test_values_windows_does_not_define_are_unknown():
    host = host_with(DEFAULTS).add_registry_value(SYSTEM_POLICIES, "ConsentPromptBehaviorAdmin", "REG_DWORD", 9)
    assert run_check(CHECK, host).status is Status.UNKNOWN
    # EnableLUA 3 was expected to be "could not tell" here before issue 10; that was wrong: any non-zero is on.


@pytest.mark.parametrize("value", [2, 3, 0xFFFFFFFF])
def test_any_non_zero_enablelua_is_on(value):
    # unverified: the real default export with EnableLUA changed to a value Microsoft does not document
    host = host_with(DEFAULTS).add_registry_value(SYSTEM_POLICIES, "EnableLUA", "REG_DWORD", value)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "EnableLUA" and "not a value Microsoft documents" in e.seen for e in found.evidence)


def test_non_zero_enablelua_with_never_notify_still_fails():
    # unverified: the real "elevate without prompting" .reg with EnableLUA set to 2
    host = host_with(UAC + "reg-uac-elevate-without-prompting.reg").add_registry_value(
        SYSTEM_POLICIES, "EnableLUA", "REG_DWORD", 2)
    assert run_check(CHECK, host).status is Status.FAIL


def test_enablelua_missing_is_the_windows_default_on():
    # unverified: the real default export with its EnableLUA line taken out (no recording without it was found)
    text = "".join(line for line in fixture(DEFAULTS).splitlines(keepends=True) if '"EnableLUA"' not in line)
    values = parse_registry_text(text)[normalise_key(SYSTEM_POLICIES)]
    assert "enablelua" not in values and uac_values(values)["enablelua"] == 1
    host = RecordedHost("windows")
    host.add_registry(text)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "EnableLUA 1 (not set: the Windows default)" in found.evidence[0].seen


def test_enablelua_zero_is_off_whatever_else_is_set():
    host = host_with(DEFAULTS).add_registry_value(SYSTEM_POLICIES, "EnableLUA", "REG_DWORD", 0)
    assert run_check(CHECK, host).status is Status.FAIL


def test_a_value_that_is_not_a_number_is_unknown():
    host = host_with(DEFAULTS).add_registry_value(SYSTEM_POLICIES, "EnableLUA", "REG_SZ", "yes")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "'yes'" in found.evidence[0].seen


def test_nothing_is_run():
    host = host_with(DEFAULTS)
    run_check(CHECK, host)
    assert host.asked == []


def test_the_spec_has_a_windows_fix():
    fix = CHECK.spec.fix_for("windows")
    assert fix is not None and fix.settings_command and fix.more_info.startswith("https://learn.microsoft.com/")
    assert "windows" in CHECK.spec.platforms
