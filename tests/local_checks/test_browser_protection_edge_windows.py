"""browser-protection on Windows: Edge's SmartScreen as the person set it, kept in the registry beside Local State.

Real inputs (fixtures/windows/browser-protection/SOURCES.toml): a public tuning script's .reg block that turns
"SmartScreen for Microsoft Edge" off for the user (the default value of HKCU\\Software\\Microsoft\\Edge\\
SmartScreenEnabled, DWORD 0); a public script's .reg that means to turn it on but writes a value *named* "(Default)";
Eric Lawrence's SSNoOverride.reg (the Edge policy SmartScreenEnabled 1); and a real Edge Local State with
SmartScreen on (fixtures/linux/browser-protection). The registry value 1, a text value and a Local State with the
switch off are not in any source seen: those tests say "unverified" and the module's UNVERIFIED lists them.
"""

import json

from auditor.model import Finding, Status
from auditor.recorded import RecordedHost
from checks.local.browser_protection import CHECK, SPEC
from checks.local.browser_protection.windows import EDGE_CHOICE_KEY
from tests.support import fixture, run_check

BP = "linux/browser-protection/"
WIN_BP = "windows/browser-protection/"
LOCAL = r"C:\Users\alex\AppData\Local"
ENV = {"LOCALAPPDATA": LOCAL, "APPDATA": r"C:\Users\alex\AppData\Roaming"}
EDGE = rf"{LOCAL}\Microsoft\Edge\User Data"
CHROME = rf"{LOCAL}\Google\Chrome\User Data"
PERSON_OFF = WIN_BP + "edge-smartscreen-off-for-user.reg"
EDGE_LABEL = "Microsoft Edge (Default profile)"


def edge(local_state: str | None = BP + "edge-local-state-smartscreen-on.json") -> RecordedHost:
    """A Windows account with one Edge profile (a real Chromium 155 Preferences) and, by default, Edge's real Local
    State with SmartScreen on."""
    host = RecordedHost("windows", env=ENV)
    host.add_file(rf"{EDGE}\Default\Preferences", fixture(BP + "chromium155-preferences-default.json"))
    if local_state is not None:
        host.add_file(rf"{EDGE}\Local State", fixture(local_state) if local_state.startswith(BP) else local_state)
    return host


def seen_at(result: Finding, where: str) -> str:
    return " | ".join(e.seen for e in result.evidence if e.looked_at == where)


def test_the_persons_switch_off_in_the_registry_fails_edge_even_with_local_state_on() -> None:
    host = edge()
    host.add_registry(fixture(PERSON_OFF))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and EDGE_LABEL in result.summary
    assert "is 0" in seen_at(result, EDGE_CHOICE_KEY)
    assert any("switched off in Windows" in e.seen for e in result.evidence if e.looked_at.startswith(EDGE_LABEL))


def test_the_fix_says_where_to_switch_it_back_on_in_edge_and_in_windows_security() -> None:
    steps = " ".join(SPEC.fixes["windows"].steps)
    assert "Microsoft Defender SmartScreen" in steps  # Edge's own settings
    assert "Reputation-based protection" in steps and "SmartScreen for Microsoft Edge" in steps  # Windows Security


def test_the_persons_switch_off_without_any_local_state_still_fails() -> None:
    # An answer file writes the value for a new user before Edge ever ran, so there is no Local State yet.
    host = edge(local_state=None)
    host.add_registry(fixture(PERSON_OFF))
    assert run_check(CHECK, host).status is Status.FAIL


def test_a_real_policy_turning_smartscreen_on_wins_over_the_persons_switch() -> None:
    host = edge()
    host.add_registry(fixture(PERSON_OFF))
    host.add_registry(fixture(WIN_BP + "edge-smartscreen-no-override-policies.reg"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    assert any("switched on by a policy" in e.seen for e in result.evidence if e.looked_at.startswith(EDGE_LABEL))


def test_the_switch_only_counts_for_edge() -> None:
    host = RecordedHost("windows", env=ENV)
    host.add_file(rf"{CHROME}\Default\Preferences", fixture(BP + "chromium155-preferences-default.json"))
    host.add_registry(fixture(PERSON_OFF))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "Google Chrome (Default profile)" in result.summary


def test_a_value_named_default_is_not_the_keys_default_value() -> None:
    # The real .reg meant to turn Edge's SmartScreen on, but wrote a text value named "(Default)": not the switch.
    host = edge(local_state=json.dumps({"smartscreen": {"enabled": False}}))  # unverified: Local State with it off
    host.add_registry(fixture(WIN_BP + "edge-smartscreen-on-named-default.reg"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert seen_at(result, EDGE_CHOICE_KEY) == ""


def test_a_registry_key_windows_will_not_open_is_could_not_tell_unless_a_policy_decides() -> None:
    host = edge()
    host.deny_registry(EDGE_CHOICE_KEY)
    result = run_check(CHECK, host)
    assert result.status is Status.UNKNOWN and EDGE_LABEL in result.summary
    assert seen_at(result, EDGE_CHOICE_KEY) == "reading was refused"
    host.add_registry(fixture(WIN_BP + "edge-smartscreen-no-override-policies.reg"))
    assert run_check(CHECK, host).status is Status.PASS


def test_switch_on_in_the_registry_passes_and_is_shown() -> None:
    host = edge()
    host.add_registry_value(EDGE_CHOICE_KEY, "", "REG_DWORD", 1)  # unverified: the documented "on" value
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    assert "is 1" in seen_at(result, EDGE_CHOICE_KEY)


def test_off_in_local_state_is_off_even_when_the_registry_says_on() -> None:
    host = edge(local_state=json.dumps({"smartscreen": {"enabled": False}}))  # unverified: the two disagree
    host.add_registry_value(EDGE_CHOICE_KEY, "", "REG_DWORD", 1)
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert any("false in Local State" in e.seen for e in result.evidence if e.looked_at.startswith(EDGE_LABEL))


def test_a_value_homeguard_does_not_know_is_could_not_tell() -> None:
    for kind, data in (("REG_SZ", "0"), ("REG_DWORD", 2)):  # unverified: made to the registry's forms
        host = edge()
        host.add_registry_value(EDGE_CHOICE_KEY, "", kind, data)
        result = run_check(CHECK, host)
        assert result.status is Status.UNKNOWN, (kind, data)
        assert "a value Homeguard does not know" in seen_at(result, EDGE_CHOICE_KEY)
