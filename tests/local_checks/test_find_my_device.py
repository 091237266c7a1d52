"""find-my-device on Linux, macOS and Windows.

macOS: the Activation Lock answers are `system_profiler SPHardwareDataType` outputs recorded on real Macs
(tests/fixtures/macos/find-my-device, with SOURCES.toml), and so are two MobileMeAccounts.plist files with Find My
Mac on and one (macOS 13.6.3) with it off (personal details replaced). The small plists built inline with plistlib
to the same layout are UNVERIFIED. No real Find My token output was found: the nvram answers
are a real "data was not found" recording with the variable name edited, or made to the documented
``<name><TAB><value>`` form (UNVERIFIED).

Windows: no real `reg query` output of the Find my device keys was found. The registry values are UNVERIFIED: REG_DWORD
values at the keys and names Windows' own library reads (MdmIsFindMyDeviceEnabled, decompiled: see the check's
docstring), with the 0/1 data of the public .reg files quoted in detection-catalogue-2 section 5. The account lists
are real: d-strobel/gowindows' Get-LocalUser JSON (local accounts only), and a Windows 11 machine's Get-LocalUser
table with five Microsoft accounts (tests/fixtures/windows/local-users); the JSON the check asks for on that machine
is composed from its table (UNVERIFIED, and checked against the table below).
"""

import json
import plistlib

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.consent_store import store_key
from checks.local.common.windows import powershell_argv
from checks.local.find_my_device import CHECK
from checks.local.find_my_device.macos import (
    ACCOUNTS_PLIST,
    HARDWARE_ARGV,
    NVRAM_ARGV,
    parse_accounts,
    parse_activation_lock,
)
from checks.local.find_my_device.windows import (
    ACCOUNTS_SCRIPT,
    FIND_MY_PHONE,
    MDM_POLICY_KEY,
    POLICY_KEY,
    SETTING_VALUES,
    SETTINGS_FIND_MY_DEVICE,
    SWITCHES,
    microsoft_accounts,
)
from tests.support import fixture, fixture_bytes, run_check

MAC = "macos/find-my-device/"
ENABLED = MAC + "system-profiler-hardware-m1pro-enabled.txt"
DISABLED = MAC + "system-profiler-hardware-m4-mini-disabled.txt"
NO_LOCK = MAC + "system-profiler-hardware-macbookpro11-intel.txt"
TOKEN_NOT_FOUND = MAC + "nvram-fmm-token-not-found-edited.txt"
LOCAL_USERS = "windows/local-users/get-localuser-list-gowindows.json"
MICROSOFT_USERS_TABLE = "windows/local-users/get-localuser-table-microsoft-accounts-win11.txt"
MICROSOFT_USERS = "windows/local-users/get-localuser-principalsource-win11-composed.json"
DEVICE_LOCATION = store_key("HKLM", "location")


# -- Linux ----------------------------------------------------------------------------------------------------

def test_linux_does_not_apply_and_says_why():
    host = RecordedHost("linux")
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE
    assert "keep the disk encrypted" in found.summary
    assert found.evidence
    assert host.asked == []


# -- macOS ----------------------------------------------------------------------------------------------------

ACCOUNTS_ON = MAC + "mobilemeaccounts-find-my-mac-on.plist"  # real; FIND_MY_MAC at index 12
ACCOUNTS_TWO = MAC + "mobilemeaccounts-macos15-two-accounts.plist"  # real macOS 15.3.1; FIND_MY_MAC at index 17
ACCOUNTS_OFF = MAC + "mobilemeaccounts-macos13-find-my-mac-off.plist"  # real macOS 13.6.3; FIND_MY_MAC off, index 14


def accounts_plist(*services: tuple[str, bool], accounts: int = 1) -> bytes:
    """UNVERIFIED: made to the layout of the real files above (Accounts[].Services[].Name/Enabled)."""
    service_list = [{"Name": name, "Enabled": enabled} for name, enabled in services]
    entries = [{"AccountID": f"person{i}@example.com", "LoggedIn": True, "Services": service_list}
               for i in range(accounts)]
    return plistlib.dumps({"Accounts": entries})


def mac(hardware: str | None = None, plist: bytes | None = None, **nvram) -> RecordedHost:
    host = RecordedHost("macos")
    if hardware is not None:
        host.add_command(list(HARDWARE_ARGV), fixture(hardware))
    if plist is not None:
        host.add_file(ACCOUNTS_PLIST, plist)
    if nvram:
        host.add_command(list(NVRAM_ARGV), **nvram)
    return host


def test_activation_lock_lines_are_read():
    assert parse_activation_lock(fixture(ENABLED)) is True
    assert parse_activation_lock(fixture(DISABLED)) is False
    assert parse_activation_lock(fixture(NO_LOCK)) is None


def test_activation_lock_on_passes_without_asking_nvram():
    host = mac(ENABLED)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "Activation Lock is on" in found.summary
    assert host.asked == [HARDWARE_ARGV]
    assert found.evidence[0].seen == "Activation Lock Status: Enabled"


def test_activation_lock_off_fails():
    found = run_check(CHECK, mac(DISABLED, accounts_plist(("CLOUDDESKTOP", True), ("FIND_MY_MAC", False))))
    assert found.status is Status.FAIL
    assert "Find My Mac is off" in found.summary
    assert "FIND_MY_MAC not enabled" in found.evidence[1].seen


def test_the_users_account_with_find_my_mac_on_wins_over_activation_lock_off():
    """A managed Mac can keep Activation Lock off while Find My Mac is on; the account then says so."""
    found = run_check(CHECK, mac(DISABLED, fixture_bytes(ACCOUNTS_TWO)))
    assert found.status is Status.PASS
    assert "for your Apple Account" in found.summary
    assert found.evidence[1].seen == "2 Apple Accounts signed in; FIND_MY_MAC enabled"


def test_service_is_found_by_name_not_position():
    """Real files put FIND_MY_MAC at index 12 and 17: public scripts that read a fixed index miss one of them."""
    one = parse_accounts(plistlib.loads(fixture_bytes(ACCOUNTS_ON)))
    two = parse_accounts(plistlib.loads(fixture_bytes(ACCOUNTS_TWO)))  # the managed account has no FIND_MY_MAC
    assert (one.signed_in, one.find_my_mac, one.seen) == (True, True, "an Apple Account signed in; FIND_MY_MAC enabled")
    assert (two.signed_in, two.find_my_mac) == (True, True)
    assert "@example.com" not in one.seen + two.seen  # the Apple Account's address is never shown


def test_a_real_account_with_find_my_mac_switched_off_is_read_as_off():
    off = parse_accounts(plistlib.loads(fixture_bytes(ACCOUNTS_OFF)))
    assert (off.signed_in, off.find_my_mac, off.seen) == (
        True, False, "an Apple Account signed in; FIND_MY_MAC not enabled")
    found = run_check(CHECK, mac(DISABLED, fixture_bytes(ACCOUNTS_OFF)))
    assert found.status is Status.FAIL
    assert found.summary.startswith("Find My Mac is off (Activation Lock is off).")


def test_older_mac_with_find_my_mac_off_in_a_real_account_and_no_token_fails():
    found = run_check(CHECK, mac(NO_LOCK, fixture_bytes(ACCOUNTS_OFF), stderr=fixture(TOKEN_NOT_FOUND), returncode=1))
    assert found.status is Status.FAIL
    assert found.summary.startswith("Find My Mac is off.")
    assert "no Apple Account" not in found.summary  # someone is signed in, with Find My Mac switched off


def test_older_mac_with_find_my_mac_on_in_the_account_passes_without_nvram():
    host = mac(NO_LOCK, fixture_bytes(ACCOUNTS_ON))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [HARDWARE_ARGV]


def test_older_mac_without_activation_lock_reads_the_firmware_token():
    host = mac(NO_LOCK, stdout=f"{NVRAM_ARGV[1]}\tbplist00%d1%01%02")  # UNVERIFIED: the documented form
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [HARDWARE_ARGV, NVRAM_ARGV]
    token = next(e for e in found.evidence if e.looked_at == " ".join(NVRAM_ARGV))
    assert "bplist" not in token.seen and "not shown" in token.seen


def test_older_mac_without_the_token_fails_and_says_no_account():
    found = run_check(CHECK, mac(NO_LOCK, stderr=fixture(TOKEN_NOT_FOUND), returncode=1))
    assert found.status is Status.FAIL
    assert "no Apple Account is signed in" in found.summary


def test_older_mac_whose_nvram_refuses_is_unknown():
    found = run_check(CHECK, mac(NO_LOCK, stderr="nvram: Error getting variable - 'fmm-mobileme-token-FMM': "
                                                 "(iokit/common) not privileged", returncode=1))
    assert found.status is Status.UNKNOWN
    assert "another account" in found.summary


def test_system_profiler_missing_is_unknown_not_off():
    found = run_check(CHECK, mac(plist=accounts_plist(("FIND_MY_MAC", False))))
    assert found.status is Status.UNKNOWN
    assert "system_profiler" in found.summary


def test_unreadable_accounts_file_does_not_decide():
    host = mac(DISABLED).deny(ACCOUNTS_PLIST)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "could not be read" in found.evidence[1].seen


# -- Windows --------------------------------------------------------------------------------------------------

def windows(values: dict | None = None, users: str | None = None, **run) -> RecordedHost:
    host = RecordedHost("windows")
    for (key, name), (kind, data) in (values or {}).items():
        host.add_registry_value(key, name, kind, data)
    argv = powershell_argv(ACCOUNTS_SCRIPT + " | ConvertTo-Json -Depth 4 -Compress")
    if users is not None or run:
        host.add_command(argv, users or "", **run)
    return host


def dword(key: str, name: str, data: int) -> dict:
    return {(key, name): ("REG_DWORD", data)}


SYNC_ON = dword(SETTING_VALUES, "LocationSyncEnabled", 1)
SYNC_OFF = dword(SETTING_VALUES, "LocationSyncEnabled", 0)


def test_the_composed_microsoft_account_json_matches_the_real_table():
    # The JSON is composed from a real table (no JSON recording with a Microsoft account was found): each of its
    # accounts must say what the table's row says.
    rows = {line.split()[0]: line.split() for line in fixture(MICROSOFT_USERS_TABLE).splitlines()[2:]}
    composed = json.loads(fixture(MICROSOFT_USERS))
    assert [user["Name"] for user in composed] == list(rows)
    for user in composed:
        row = rows[user["Name"]]
        assert user["Enabled"] is (row[2] == "True")
        assert user["PrincipalSource"] == {"Local": 1, "MicrosoftAccount": 4}[row[4]]


def test_microsoft_accounts_are_found_in_get_localuser():
    assert microsoft_accounts(json.loads(fixture(LOCAL_USERS))) == ()
    # Five Microsoft accounts on the real Windows 11 machine, two of them switched off.
    assert microsoft_accounts(json.loads(fixture(MICROSOFT_USERS))) == ("alexe", "kirae", "yanae")
    assert microsoft_accounts({"Name": "sam", "Enabled": True, "PrincipalSource": "MicrosoftAccount"}) == ("sam",)


def test_find_my_device_on_passes():
    found = run_check(CHECK, windows(SYNC_ON, fixture(MICROSOFT_USERS)))
    assert found.status is Status.PASS
    assert "account.microsoft.com/devices" in found.summary
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen["PowerShell: Get-LocalUser (which accounts are Microsoft accounts)"] == (
        "3 Microsoft accounts: alexe, kirae, yanae")


@pytest.mark.parametrize(("key", "name"), SWITCHES)
def test_each_place_windows_reads_counts(key, name):
    assert run_check(CHECK, windows(dword(key, name, 1))).status is Status.PASS
    assert run_check(CHECK, windows(dword(key, name, 0))).status is Status.FAIL


def test_the_first_switch_windows_reads_decides():
    # Windows reads the override first, then Settings' own switch, then the older places: the first one set wins.
    later_on = {**SYNC_OFF, **dword(SETTINGS_FIND_MY_DEVICE, "LocationSyncEnabled", 1)}
    assert run_check(CHECK, windows(later_on)).status is Status.FAIL
    override_on = {**SYNC_OFF, **dword(FIND_MY_PHONE, "LocationSyncEnabledOverride", 1)}
    assert run_check(CHECK, windows(override_on)).status is Status.PASS


def test_on_but_location_off_is_partial():
    # Location's switch as Settings wrote it when location was switched off (a real Process Monitor capture,
    # tests/fixtures/windows/consent-store); the Find my device switch beside it is UNVERIFIED, as above.
    from auditor.winreg_pasted import parse_procmon_writes

    written = parse_procmon_writes(fixture("windows/consent-store/procmon-settings-location-off.csv"))
    values = {**SYNC_ON, **{(key, name): (value.type, value.data)
                            for key, found in written.items() for name, value in found.items()}}
    found = run_check(CHECK, windows(values, fixture(MICROSOFT_USERS)))
    assert found.status is Status.PARTIAL
    assert "location is off" in found.summary
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen[f"{DEVICE_LOCATION} (location for the whole computer)"] == "Value = Deny"


def test_switched_off_fails_and_mentions_the_missing_account():
    found = run_check(CHECK, windows(SYNC_OFF, fixture(LOCAL_USERS)))
    assert found.status is Status.FAIL
    assert found.summary.startswith("Find my device is off")
    assert "Microsoft account" in found.summary
    found = run_check(CHECK, windows(SYNC_OFF, fixture(MICROSOFT_USERS)))
    assert "Microsoft account" not in found.summary


@pytest.mark.parametrize("key", [POLICY_KEY, MDM_POLICY_KEY])
def test_a_policy_wins_over_the_switch(key):
    found = run_check(CHECK, windows({**SYNC_ON, **dword(key, "AllowFindMyDevice", 0)}, fixture(MICROSOFT_USERS)))
    assert found.status is Status.FAIL
    assert "policy" in found.summary
    assert run_check(CHECK, windows({**SYNC_OFF, **dword(key, "AllowFindMyDevice", 1)})).status is Status.PASS


def test_never_switched_on_is_off_as_windows_reads_it():
    # With no policy and none of the four values set, Windows' own library answers "off".
    for users, note in ((fixture(LOCAL_USERS), True), (fixture(MICROSOFT_USERS), False)):
        found = run_check(CHECK, windows(users=users))
        assert found.status is Status.FAIL
        assert found.summary.startswith("Find my device has never been turned on here")
        assert ("needs you to sign in with a Microsoft account" in found.summary) is note


def test_powershell_missing_does_not_hide_the_switch():
    found = run_check(CHECK, windows(SYNC_ON, outcome=CommandOutcome.MISSING))
    assert found.status is Status.PASS
    found = run_check(CHECK, windows(outcome=CommandOutcome.MISSING))
    assert found.status is Status.FAIL
    assert "Microsoft account" not in found.summary  # it could not tell, so it does not say one is missing
    assert any("PowerShell" in e.seen for e in found.evidence)


def test_a_refused_key_that_could_decide_is_could_not_tell():
    found = run_check(CHECK, windows(users=fixture(MICROSOFT_USERS)).deny_registry(SETTING_VALUES))
    assert found.status is Status.UNKNOWN
    assert any("refused" in e.seen for e in found.evidence)
    # A switch set before the refused key in Windows' order still decides.
    host = windows(dword(FIND_MY_PHONE, "LocationSyncEnabledOverride", 1)).deny_registry(SETTING_VALUES)
    assert run_check(CHECK, host).status is Status.PASS
    # A refused policy key may hold the policy that overrides everything.
    assert run_check(CHECK, windows(SYNC_ON).deny_registry(POLICY_KEY)).status is Status.UNKNOWN
