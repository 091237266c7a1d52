"""firewall on Windows: profiles from PowerShell (recorded JSON), the registry fallback, other firewall programs."""

import json

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.windows import powershell_argv
from checks.local.firewall import CHECK
from checks.local.firewall.windows import (
    LOCAL_KEY,
    POLICY_KEY,
    PRODUCTS_SCRIPT,
    PROFILES_SCRIPT,
    parse_products,
    parse_profiles,
    product_on,
)
from tests.support import fixture, run_check

PROFILES = powershell_argv(f"{PROFILES_SCRIPT} | ConvertTo-Json -Depth 4 -Compress")
PRODUCTS = powershell_argv(f"{PRODUCTS_SCRIPT} | ConvertTo-Json -Depth 4 -Compress")
SERVER_2022 = "windows/firewall/get-netfirewallprofile-server2022.json"
ARCTIC = "windows/firewall/reg-query-firewallpolicy-server2008r2-arctic.txt"
LOVE = "windows/firewall/reg-query-firewallpolicy-win10pro-love.txt"
GRANNY = "windows/firewall/reg-query-firewallpolicy-server2003-granny.txt"


def host_with(profiles: str | None = None, products: str | None = None, **profile_kwargs) -> RecordedHost:
    host = RecordedHost("windows")
    if profiles is not None or profile_kwargs:
        host.add_command(PROFILES, fixture(profiles) if profiles else "", **profile_kwargs)
    if products is not None:
        host.add_command(PRODUCTS, fixture(products) if products.endswith(".json") else products)
    return host


# -- parsing ------------------------------------------------------------------------------------------------------

def test_recorded_profiles_parse_as_on_and_blocking():
    profiles = parse_profiles(json.loads(fixture(SERVER_2022)))
    assert sorted(profiles) == ["Domain", "Private", "Public"]
    assert all(p.on and p.inbound == "NotConfigured" and p.protects for p in profiles.values())


def test_gpoboolean_and_action_names_are_understood_as_well_as_numbers():
    # The enum names Get-NetFirewallProfile prints in its table view (True/False/NotConfigured, Allow/Block).
    profiles = parse_profiles([
        {"Name": "Public", "Enabled": "True", "DefaultInboundAction": "Block"},
        {"Name": "Private", "Enabled": "NotConfigured", "DefaultInboundAction": "Allow"},
        {"Name": "Domain", "Enabled": False, "DefaultInboundAction": 4},
    ])
    assert profiles["Public"].protects is True
    assert profiles["Private"].on is True and profiles["Private"].protects is False
    assert profiles["Domain"].protects is False


def test_values_not_understood_are_none():
    profiles = parse_profiles({"Name": "Public", "Enabled": 7, "DefaultInboundAction": 3})
    assert profiles["Public"].on is None and profiles["Public"].protects is None
    assert parse_profiles([{"Name": "Somewhere"}, "junk"]) == {}


def test_product_state_decoding():
    assert product_on(266256) is True  # 0x41010
    assert product_on(397568) is True  # 0x61100
    assert product_on(262160) is False  # 0x40010
    assert product_on(393472) is False  # 0x60100
    assert product_on(0x42010) is None
    assert product_on("266256") is None and product_on(True) is None and product_on(-1) is None
    assert parse_products([{"displayName": ""}, {"productState": 1}]) == []


# -- pass ---------------------------------------------------------------------------------------------------------

def test_all_profiles_on_passes_without_asking_about_other_firewalls():
    host = host_with(SERVER_2022)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "home and public" in found.summary
    assert host.asked == [tuple(PROFILES)]


def test_domain_profile_off_alone_still_passes_and_says_so():
    data = json.loads(fixture(SERVER_2022))
    data[0]["Enabled"] = 0  # the Domain profile of the recording, switched off
    host = RecordedHost("windows").add_command(PROFILES, json.dumps(data))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "domain" in found.summary


def test_another_firewall_that_is_on_passes():
    found = run_check(CHECK, host_with("windows/firewall/get-netfirewallprofile-all-off-but-domain.json",
                                       "windows/firewall/firewallproduct-documented-on.json"))
    assert found.status is Status.PASS
    assert "Example Firewall protects this computer" in found.summary


def test_registry_answers_when_powershell_is_missing():
    host = RecordedHost("windows").add_registry(fixture(ARCTIC))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("PowerShell is not available" in e.seen for e in found.evidence)
    assert any(e.looked_at.endswith("StandardProfile") and "EnableFirewall 1" in e.seen for e in found.evidence)


def test_group_policy_value_wins_over_the_local_one():
    host = RecordedHost("windows").add_registry(fixture(LOVE))
    # Documented: the policy value wins when set ([MS-FASP] 2.2.38, FW_PROFILE_CONFIG_ENABLE_FW merge law,
    # https://learn.microsoft.com/openspecs/windows_protocols/ms-fasp/5a6e0d39-802d-456b-b483-c7360566fcdd).
    host.add_registry_value(rf"{POLICY_KEY}\PublicProfile", "EnableFirewall", "REG_DWORD", 1)
    host.add_registry_value(rf"{POLICY_KEY}\PrivateProfile", "EnableFirewall", "REG_DWORD", 1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("set by Group Policy" in e.seen for e in found.evidence)


def test_a_registry_value_that_is_not_set_has_the_windows_default():
    # Profile keys holding only another value, as the DisableNotifications tweaks people share leave them;
    # EnableFirewall and DefaultInboundAction not set mean Windows' defaults (on, inbound blocked).
    host = RecordedHost("windows")
    for name in ("DomainProfile", "StandardProfile", "PublicProfile"):
        host.add_registry_value(rf"{LOCAL_KEY}\{name}", "DisableNotifications", "REG_DWORD", 0)
    host.add_registry_value(rf"{LOCAL_KEY}\PublicProfile", "DefaultInboundAction", "REG_DWORD", 1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("Windows' default: on" in e.seen for e in found.evidence)


# -- partial and fail -------------------------------------------------------------------------------------------

def test_private_off_is_partial():
    found = run_check(CHECK, host_with("windows/firewall/get-netfirewallprofile-private-off.json", ""))
    assert found.status is Status.PARTIAL
    assert "home (private) network" in found.summary


def test_public_off_fails():
    found = run_check(CHECK, host_with("windows/firewall/get-netfirewallprofile-public-off.json", ""))
    assert found.status is Status.FAIL
    assert "for public networks" in found.summary
    assert any("none registered" in e.seen for e in found.evidence)


def test_everything_off_fails_and_a_switched_off_product_does_not_count():
    found = run_check(CHECK, host_with("windows/firewall/get-netfirewallprofile-all-off-but-domain.json",
                                       "windows/firewall/firewallproduct-documented-off.json"))
    assert found.status is Status.FAIL
    assert "for every network" in found.summary
    assert any("Example Firewall (off)" in e.seen for e in found.evidence)


def test_a_profile_that_lets_everything_in_counts_as_off():
    found = run_check(CHECK, host_with("windows/firewall/get-netfirewallprofile-public-allows-inbound.json", ""))
    assert found.status is Status.FAIL
    assert any("lets every incoming connection through" in e.seen for e in found.evidence)


# -- unknown ------------------------------------------------------------------------------------------------------

def test_registry_with_profiles_off_is_unknown_when_other_firewalls_cannot_be_asked():
    # The real Windows 10 Pro state: Public and Private off. Without PowerShell, a security suite that took over
    # cannot be seen, so this is not called a fail.
    host = RecordedHost("windows").add_registry(fixture(LOVE))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "off for home and public networks" in found.summary
    assert "PowerShell is not available" in found.summary


def test_registry_without_a_public_profile_is_unknown():
    host = RecordedHost("windows").add_registry(fixture(GRANNY))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Public" in found.summary


def test_nothing_to_read_at_all_is_unknown():
    found = run_check(CHECK, RecordedHost("windows"))
    assert found.status is Status.UNKNOWN
    assert "neither PowerShell nor the registry" in found.summary


def test_registry_refused_is_unknown():
    host = RecordedHost("windows").deny_registry(rf"{LOCAL_KEY}\DomainProfile")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("not allowed" in e.seen for e in found.evidence)


def test_powershell_timeout_falls_back_to_the_registry():
    host = host_with(outcome=CommandOutcome.TIMEOUT)
    host.add_registry(fixture(ARCTIC))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("did not answer in time" in e.seen for e in found.evidence)


def test_powershell_blocked_by_policy_falls_back_to_the_registry():
    # Constrained Language Mode refuses the UTF-8 line Homeguard starts with; the message is PowerShell's own
    # (documented wording, not a recording: see the report's unverified list).
    clm = "Cannot set property. Property setting is supported only on core types in this language mode."
    host = host_with(stderr=clm, returncode=1)
    host.add_command(PRODUCTS, stderr=clm, returncode=1)
    host.add_registry(fixture(LOVE))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("restricted on this computer by a policy" in e.seen for e in found.evidence)
    assert "PowerShell is restricted on this computer by a policy" in found.summary


def test_an_answer_in_an_unexpected_form_is_unknown():
    host = RecordedHost("windows").add_command(PROFILES, '[{"Name":"Public","Enabled":"Aktiviert"},'
                                               '{"Name":"Private","Enabled":1,"DefaultInboundAction":0}]')
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not in a form" in found.summary


def test_profiles_answer_that_is_not_json_uses_the_registry():
    host = RecordedHost("windows").add_command(PROFILES, "Name : Public\r\nEnabled : True\r\n")
    host.add_registry(fixture(ARCTIC))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("not in the form" in e.seen for e in found.evidence)


def test_product_state_not_understood_is_unknown():
    found = run_check(CHECK, host_with("windows/firewall/get-netfirewallprofile-public-off.json",
                                       '{"displayName":"Example Firewall","productState":"on"}'))
    assert found.status is Status.UNKNOWN
    assert "registered with Windows is on" in found.summary


def test_security_center_missing_is_unknown():
    host = host_with("windows/firewall/get-netfirewallprofile-public-off.json")
    host.add_command(PRODUCTS, stderr="Get-CimInstance : Invalid namespace ", returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "PowerShell reported an error: Get-CimInstance : Invalid namespace" in found.summary


def test_nothing_is_ever_changed_or_fetched():
    host = host_with("windows/firewall/get-netfirewallprofile-public-off.json", "")
    run_check(CHECK, host)
    scripts = " ".join(argv[-1] for argv in host.asked)
    assert all(argv[:5] == ("powershell.exe", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command")
               for argv in host.asked)
    assert "Set-" not in scripts and "Invoke-WebRequest" not in scripts


def test_registry_inbound_allowed_counts_as_off():
    # Documented registry form: DefaultInboundAction 0 allows, 1 blocks (value not found in a recording).
    host = RecordedHost("windows").add_registry(fixture(ARCTIC))
    host.add_registry_value(rf"{LOCAL_KEY}\PublicProfile", "DefaultInboundAction", "REG_DWORD", 0)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "off for public networks" in found.summary
    assert any("DefaultInboundAction 0: lets every incoming connection through" in e.seen for e in found.evidence)


def test_registry_value_not_understood_is_unknown():
    host = RecordedHost("windows").add_registry(fixture(ARCTIC))
    host.add_registry_value(rf"{LOCAL_KEY}\PublicProfile", "EnableFirewall", "REG_SZ", "yes")
    host.add_registry_value(rf"{LOCAL_KEY}\StandardProfile", "DefaultInboundAction", "REG_DWORD", 7)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("EnableFirewall yes (not understood)" in e.seen for e in found.evidence)
    assert any("DefaultInboundAction 7 (not understood)" in e.seen for e in found.evidence)


def test_binary_registry_values_are_shown_as_reg_query_shows_them():
    """REG_BINARY EnableFirewall or DefaultInboundAction is shown as `reg query`'s hex digits, never as b'...'."""
    host = RecordedHost("windows").add_registry(fixture(ARCTIC))
    host.add_registry_value(rf"{LOCAL_KEY}\PublicProfile", "EnableFirewall", "REG_BINARY", b"\x01\x00")
    host.add_registry_value(rf"{LOCAL_KEY}\StandardProfile", "DefaultInboundAction", "REG_BINARY", b"\x07")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("EnableFirewall 0100 (not understood)" in e.seen for e in found.evidence)
    assert any("DefaultInboundAction 07 (not understood)" in e.seen for e in found.evidence)
    assert not any("b'" in e.seen for e in found.evidence)
