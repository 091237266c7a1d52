"""firewall on macOS, against socketfilterfw outputs and a com.apple.alf.plist recorded on real Macs."""

import re

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.firewall import CHECK
from checks.local.firewall.macos import ALF_PLIST, SOCKETFILTERFW, parse_global_state, parse_stealth
from tests.support import fixture, fixture_bytes, run_check

STATE = [SOCKETFILTERFW, "--getglobalstate"]
STEALTH = [SOCKETFILTERFW, "--getstealthmode"]


def mac(state: str | None = None, stealth: str | None = None, *, os_name: str = "macOS 15.1", **kwargs) -> RecordedHost:
    host = RecordedHost("macos", os_name=os_name)
    if state is not None:
        host.add_command(STATE, fixture(f"macos/socketfilterfw/{state}"), **kwargs)
    if stealth is not None:
        host.add_command(STEALTH, fixture(f"macos/socketfilterfw/{stealth}"))
    return host


# -- parsers ----------------------------------------------------------------------------------------------------

def test_every_recorded_wording_gives_its_state():
    assert parse_global_state(fixture("macos/socketfilterfw/getglobalstate-disabled.txt")) == 0
    assert parse_global_state(fixture("macos/socketfilterfw/getglobalstate-enabled.txt")) == 1
    assert parse_global_state(fixture("macos/socketfilterfw/getglobalstate-enabled-state2-2021.txt")) == 2
    assert parse_global_state(fixture("macos/socketfilterfw/getglobalstate-blockall-macos15.txt")) == 2
    assert parse_global_state(fixture("macos/socketfilterfw/kolide-combined-gets.txt")) == 2


def test_the_sentence_alone_is_understood_but_a_damaged_line_is_not():
    assert parse_global_state("Firewall is blocking all non-essential incoming connections.\n") == 2
    assert parse_global_state("Firewall is disabled.\n") == 0
    assert parse_global_state(fixture("macos/socketfilterfw/kolide-malformed.txt")) is None
    assert parse_global_state("") is None


def test_stealth_wordings_old_and_new():
    assert parse_stealth(fixture("macos/socketfilterfw/getstealthmode-on-macos15.txt")) is True
    assert parse_stealth(fixture("macos/socketfilterfw/getstealthmode-enabled-older.txt")) is True
    assert parse_stealth("Firewall stealth mode is off\n") is False  # wording quoted by wazuh/wazuh#27751's rule
    assert parse_stealth(fixture("macos/socketfilterfw/getstealthmode-error.txt")) is None


# -- pass -------------------------------------------------------------------------------------------------------

def test_enabled_passes_with_stealth_mode_as_evidence():
    found = run_check(CHECK, mac("getglobalstate-enabled.txt", "getstealthmode-on-macos15.txt"))
    assert found.status is Status.PASS
    assert found.summary == "The firewall is on."
    assert any("stealth mode is on" in e.seen for e in found.evidence)


def test_block_all_on_macos15_passes():
    found = run_check(CHECK, mac("getglobalstate-blockall-macos15.txt", "getstealthmode-enabled-older.txt"))
    assert found.status is Status.PASS
    assert "blocks incoming connections that are not essential" in found.summary


def test_older_state_2_wording_passes():
    found = run_check(CHECK, mac("getglobalstate-enabled-state2-2021.txt"))
    assert found.status is Status.PASS


def test_a_stealth_error_does_not_change_the_verdict():
    found = run_check(CHECK, mac("getglobalstate-enabled.txt", "getstealthmode-error.txt"))
    assert found.status is Status.PASS
    assert any("could not be read" in e.seen and "kStealthEnableKey" in e.seen for e in found.evidence)


def test_a_non_zero_exit_with_a_clear_answer_is_still_read():
    found = run_check(CHECK, mac("getglobalstate-enabled.txt", returncode=1))
    assert found.status is Status.PASS


# -- fail -------------------------------------------------------------------------------------------------------

def test_disabled_fails_and_stealth_is_not_asked():
    host = mac("getglobalstate-disabled.txt", "getstealthmode-on-macos15.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "off" in found.summary
    assert tuple(STEALTH) not in host.asked


# -- the preference file, where macOS 14 and older keep the setting -----------------------------------------------

def test_missing_tool_on_macos14_falls_back_to_the_preference_file():
    host = RecordedHost("macos", os_name="macOS 14.4").add_file(
        ALF_PLIST, fixture_bytes("macos/alf/com.apple.alf-globalstate1.plist"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == ALF_PLIST and "globalstate = 1" in e.seen for e in found.evidence)


def test_preference_file_with_the_firewall_off_fails():
    host = RecordedHost("macos", os_name="macOS 13.6").add_command(STATE, outcome=CommandOutcome.TIMEOUT)
    host.add_file(ALF_PLIST, fixture_bytes("macos/alf/com.apple.alf-osquery.plist"))
    assert run_check(CHECK, host).status is Status.FAIL


def test_preference_file_is_not_trusted_on_macos15():
    host = RecordedHost("macos", os_name="macOS 15.1").add_file(
        ALF_PLIST, fixture_bytes("macos/alf/com.apple.alf-globalstate1.plist"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary and "no longer keeps" in found.summary


def test_preference_file_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos", os_name="macOS 12.7"))
    assert found.status is Status.UNKNOWN
    assert "does not exist" in found.summary


def test_preference_file_refused_is_unknown():
    host = RecordedHost("macos", os_name="macOS 12.7").deny(ALF_PLIST)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed" in found.summary


def test_preference_file_that_is_not_a_plist_is_unknown():
    host = RecordedHost("macos", os_name="macOS 12.7").add_file(ALF_PLIST, b"not a property list")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_preference_file_without_globalstate_is_unknown():
    host = RecordedHost("macos", os_name="macOS 12.7").add_file(
        ALF_PLIST, fixture("macos/alf/com.apple.alf-osquery.plist").replace("globalstate", "otherkey"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "no globalstate" in found.summary


def test_unknown_state_number_is_unknown():
    host = RecordedHost("macos", os_name="macOS 12.7").add_file(
        ALF_PLIST, fixture("macos/alf/com.apple.alf-osquery.plist").replace(
            "<key>globalstate</key>\n  <integer>0</integer>", "<key>globalstate</key>\n  <integer>7</integer>"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "(7)" in found.summary


# -- faults -----------------------------------------------------------------------------------------------------

def test_damaged_answer_is_unknown_never_pass():
    found = run_check(CHECK, mac("kolide-malformed.txt"))
    assert found.status is Status.UNKNOWN
    assert "not in a form Homeguard knows" in found.summary


def test_empty_answer_is_unknown():
    host = RecordedHost("macos", os_name="macOS 15.1").add_command(STATE, "")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "no answer" in found.summary


def test_timeout_is_unknown():
    host = RecordedHost("macos", os_name="macOS 15.1").add_command(STATE, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not answer in time" in found.summary


def test_refused_to_run_is_unknown():
    host = RecordedHost("macos", os_name="macOS 15.1").add_command(STATE, outcome=CommandOutcome.DENIED)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_nothing_run_touches_the_network_or_changes_settings():
    host = mac("getglobalstate-enabled.txt", "getstealthmode-on-macos15.txt")
    run_check(CHECK, host)
    assert host.asked == [tuple(STATE), tuple(STEALTH)]
    assert not any(arg.startswith("--set") for argv in host.asked for arg in argv)


# -- state 2: the summary says what the evidence says, no more (issue 10) ------------------------------------------

def test_block_all_summary_agrees_with_the_line_macos_printed():
    found = run_check(CHECK, mac("getglobalstate-blockall-macos15.txt", "getstealthmode-on-macos15.txt"))
    assert found.summary == "The firewall is on and blocks incoming connections that are not essential."
    assert any(e.seen == "Firewall is blocking all non-essential incoming connections. (State = 2)"
               for e in found.evidence)


def test_state_2_saying_only_enabled_is_just_on():
    # kolide's recording prints "(State = 2)" next to "Firewall has block all state set to disabled.", so the number
    # alone does not show that everything incoming is blocked.
    found = run_check(CHECK, mac("getglobalstate-enabled-state2-2021.txt"))
    assert found.status is Status.PASS
    assert found.summary == "The firewall is on."
    found = run_check(CHECK, mac("kolide-combined-gets.txt"))
    assert (found.status, found.summary) == (Status.PASS, "The firewall is on.")


def test_state_2_from_the_preference_file_says_what_the_evidence_says():
    # The real globalstate-1 file with only that number changed to 2.
    plist = re.sub(rb"(<key>globalstate</key>\s*<integer>)1(</integer>)", rb"\g<1>2\g<2>",
                   fixture_bytes("macos/alf/com.apple.alf-globalstate1.plist"))
    assert b"<integer>2</integer>" in plist
    host = RecordedHost("macos", os_name="macOS 14.4").add_file(ALF_PLIST, plist)
    found = run_check(CHECK, host)
    assert found.summary == "The firewall is on and blocks incoming connections that are not essential."
    assert any(e.seen == "globalstate = 2 (on, blocking incoming connections that are not essential)"
               for e in found.evidence)
