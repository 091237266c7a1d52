"""guest-account on Windows: the built-in Guest account, found by its SID (-501), from Get-LocalUser's JSON."""

import json

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.windows import powershell_argv, powershell_json
from checks.local.guest_account import CHECK
from checks.local.guest_account.windows import SCRIPT, find_guest, sid_text
from tests.support import fixture, run_check

ARGV = powershell_argv(f"{SCRIPT} | ConvertTo-Json -Depth 4 -Compress")
LIST = "windows/local-users/get-localuser-list-gowindows.json"


def host_with(stdout: str = "", **kwargs) -> RecordedHost:
    return RecordedHost("windows").add_command(ARGV, stdout, **kwargs)


def test_the_guest_account_is_found_by_its_sid():
    guest = find_guest(json.loads(fixture(LIST)))
    assert guest["Name"] == "Guest"
    assert sid_text(guest["SID"]) == "S-1-5-21-153895498-367353507-3704405138-501"
    assert sid_text("S-1-5-21-1-501") == "S-1-5-21-1-501" and sid_text(None) == ""
    assert find_guest(json.loads(fixture("windows/local-users/get-localuser-administrator-gowindows.json"))) is None
    assert find_guest(["not an account", *json.loads(fixture(LIST))])["Name"] == "Guest"


def test_guest_switched_off_passes():
    host = host_with(fixture(LIST))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "(Guest) is switched off" in found.summary
    assert host.asked == [tuple(ARGV)]
    assert "-NonInteractive" in ARGV and "-NoProfile" in ARGV


def test_guest_switched_on_fails():
    found = run_check(CHECK, host_with(fixture("windows/local-users/get-localuser-list-guest-enabled.json")))
    assert found.status is Status.FAIL
    assert "without a password" in found.summary


def test_a_translated_name_is_still_the_guest_account():
    # The German name of the account ("Gast"): the SID decides, not the name.
    data = json.loads(fixture(LIST))
    data[1]["Name"] = "Gast"
    found = run_check(CHECK, host_with(json.dumps(data)))
    assert found.status is Status.PASS
    assert "(Gast)" in found.summary


def test_enabled_in_an_unexpected_form_is_unknown():
    data = json.loads(fixture(LIST))
    data[1]["Enabled"] = "True"
    assert run_check(CHECK, host_with(json.dumps(data))).status is Status.UNKNOWN


def test_no_guest_account_in_the_answer_is_unknown():
    found = run_check(CHECK, host_with(fixture("windows/local-users/get-localuser-administrator-gowindows.json")))
    assert found.status is Status.UNKNOWN
    assert "not in the form" in found.summary


def test_no_account_at_all_is_unknown():
    found = run_check(CHECK, host_with(""))
    assert found.status is Status.UNKNOWN
    assert "listed no built-in Guest account" in found.summary


def test_get_localuser_missing_is_unknown_with_the_reason():
    found = run_check(CHECK, host_with(stderr=fixture("windows/local-users/get-localuser-not-recognized-x86.txt"),
                                       returncode=1))
    assert found.status is Status.UNKNOWN
    assert "does not have the Get-LocalUser command" in found.summary


def test_an_error_in_another_language_is_understood():
    found = run_check(CHECK, host_with(stderr=fixture("windows/local-users/powershell-command-not-found-german.txt"),
                                       returncode=1))
    assert found.status is Status.UNKNOWN
    assert "does not have the Get-LocalUser command" in found.summary


def test_powershell_missing_timeout_or_denied_is_unknown():
    missing = run_check(CHECK, RecordedHost("windows"))
    assert missing.status is Status.UNKNOWN and "PowerShell is not available" in missing.summary
    timeout = run_check(CHECK, host_with(outcome=CommandOutcome.TIMEOUT))
    assert timeout.status is Status.UNKNOWN and "did not answer in time" in timeout.summary
    denied = run_check(CHECK, host_with(outcome=CommandOutcome.DENIED))
    assert denied.status is Status.UNKNOWN and "did not allow Homeguard to start PowerShell" in denied.summary


def test_powershell_blocked_by_policy_is_unknown():
    # Constrained Language Mode's refusal (documented wording, not a recording).
    found = run_check(CHECK, host_with(stderr="Cannot set property. Property setting is supported only on core "
                                       "types in this language mode.", returncode=1))
    assert found.status is Status.UNKNOWN
    assert "restricted on this computer by a policy" in found.summary


def test_an_answer_that_is_not_json_is_unknown():
    found = run_check(CHECK, host_with(fixture("windows/local-users/get-localuser-table-ps7.txt")))
    assert found.status is Status.UNKNOWN
    assert "not in the form" in found.summary


def test_powershell_that_cannot_start_or_fails_without_words_is_unknown():
    host = RecordedHost("windows").add_tool("powershell.exe")  # installed, but this command line cannot run
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN and "could not be started" in found.summary
    silent = run_check(CHECK, host_with(returncode=1))
    assert silent.status is Status.UNKNOWN and silent.summary.endswith("PowerShell reported an error.")


def test_a_good_answer_has_no_problem_to_describe():
    answer = powershell_json(host_with(fixture(LIST)), SCRIPT)
    assert answer.problem == ""
