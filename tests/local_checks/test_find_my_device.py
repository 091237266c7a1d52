"""find-my-device on Linux, macOS and Windows.

macOS: the Activation Lock answers are `system_profiler SPHardwareDataType` outputs recorded on real Macs
(tests/fixtures/macos/find-my-device, with SOURCES.toml). No real MobileMeAccounts.plist or real Find My token
output was found: the plists below are built with plistlib to the layout public scripts document (UNVERIFIED: made
to the documented format of the Jamf extension attribute scripts, which read ``Accounts:0:Services:N:Name`` /
``Enabled`` and ``AccountID``), and the nvram answers are a real "data was not found" recording with the variable
name edited, or made to the documented ``<name><TAB><value>`` form (UNVERIFIED).

Windows: no real `reg query` output of the Find my device keys was found. The registry values are UNVERIFIED: made to
the documented format of the public .reg files and scripts quoted in detection-catalogue-2 section 5
(``"LocationSyncEnabled"=dword:00000001`` under MdmCommon\\SettingValues and Settings\\FindMyDevice,
``"AllowFindMyDevice"=dword:00000000`` under Policies\\Microsoft\\FindMyDevice). The account list is the real
Get-LocalUser recording from d-strobel/gowindows (local accounts only); the Microsoft account is that recording with
one PrincipalSource changed to 4 (UNVERIFIED).
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
from checks.local.find_my_device.windows import ACCOUNTS_SCRIPT, POLICY_KEY, SETTING_KEYS, microsoft_accounts
from tests.support import fixture, run_check

MAC = "macos/find-my-device/"
ENABLED = MAC + "system-profiler-hardware-m1pro-enabled.txt"
DISABLED = MAC + "system-profiler-hardware-m4-mini-disabled.txt"
NO_LOCK = MAC + "system-profiler-hardware-macbookpro11-intel.txt"
TOKEN_NOT_FOUND = MAC + "nvram-fmm-token-not-found-edited.txt"
LOCAL_USERS = "windows/local-users/get-localuser-list-gowindows.json"
MDM_SETTINGS, SETTINGS_FIND_MY_DEVICE = SETTING_KEYS
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

def accounts_plist(*services: tuple[str, bool], accounts: int = 1) -> bytes:
    """UNVERIFIED: made to the documented format of MobileMeAccounts.plist (Accounts[].Services[].Name/Enabled)."""
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
    found = run_check(CHECK, mac(DISABLED, accounts_plist(("FIND_MY_MAC", True))))
    assert found.status is Status.PASS
    assert "for your Apple Account" in found.summary


def test_service_is_found_by_name_not_position():
    state = parse_accounts(plistlib.loads(accounts_plist(*[(f"SERVICE_{i}", False) for i in range(13)],
                                                         ("FIND_MY_MAC", True))))
    assert state.find_my_mac is True
    assert "person0@example.com" not in state.seen  # the Apple Account's address is never shown


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

def users_with_microsoft_account() -> str:
    users = json.loads(fixture(LOCAL_USERS))
    users[0]["PrincipalSource"] = 4  # UNVERIFIED: the real recording has local accounts only
    return json.dumps(users)


def windows(values: dict | None = None, users: str | None = None, **run) -> RecordedHost:
    host = RecordedHost("windows")
    for (key, name), (kind, data) in (values or {}).items():
        host.add_registry_value(key, name, kind, data)
    argv = powershell_argv(ACCOUNTS_SCRIPT + " | ConvertTo-Json -Depth 4 -Compress")
    if users is not None or run:
        host.add_command(argv, users or "", **run)
    return host


SYNC_ON = {(MDM_SETTINGS, "LocationSyncEnabled"): ("REG_DWORD", 1)}
SYNC_OFF = {(MDM_SETTINGS, "LocationSyncEnabled"): ("REG_DWORD", 0),
            (SETTINGS_FIND_MY_DEVICE, "LocationSyncEnabled"): ("REG_DWORD", 0)}


def test_microsoft_accounts_are_found_in_get_localuser():
    assert microsoft_accounts(json.loads(fixture(LOCAL_USERS))) == ()
    assert microsoft_accounts(json.loads(users_with_microsoft_account())) == ("Administrator",)
    assert microsoft_accounts({"Name": "sam", "Enabled": True, "PrincipalSource": "MicrosoftAccount"}) == ("sam",)


def test_find_my_device_on_passes():
    found = run_check(CHECK, windows(SYNC_ON, users_with_microsoft_account()))
    assert found.status is Status.PASS
    assert "account.microsoft.com/devices" in found.summary


@pytest.mark.parametrize("key", SETTING_KEYS)
def test_either_setting_key_counts(key):
    found = run_check(CHECK, windows({(key, "LocationSyncEnabled"): ("REG_DWORD", 1)}))
    assert found.status is Status.PASS


def test_on_but_location_off_is_partial():
    values = {**SYNC_ON, (DEVICE_LOCATION, "Value"): ("REG_SZ", "Deny")}
    found = run_check(CHECK, windows(values, users_with_microsoft_account()))
    assert found.status is Status.PARTIAL
    assert "location is off" in found.summary


def test_switched_off_fails_and_mentions_the_missing_account():
    found = run_check(CHECK, windows(SYNC_OFF, fixture(LOCAL_USERS)))
    assert found.status is Status.FAIL
    assert "Find my device is off" in found.summary
    assert "Microsoft account" in found.summary


def test_policy_off_wins():
    values = {**SYNC_ON, (POLICY_KEY, "AllowFindMyDevice"): ("REG_DWORD", 0)}
    found = run_check(CHECK, windows(values, users_with_microsoft_account()))
    assert found.status is Status.FAIL
    assert "policy" in found.summary


def test_no_record_and_no_microsoft_account_fails():
    found = run_check(CHECK, windows(users=fixture(LOCAL_USERS)))
    assert found.status is Status.FAIL
    assert "needs a Microsoft account" in found.summary


def test_no_record_with_a_microsoft_account_is_unknown():
    found = run_check(CHECK, windows(users=users_with_microsoft_account()))
    assert found.status is Status.UNKNOWN
    assert "no record" in found.summary


def test_no_record_and_powershell_missing_is_unknown():
    found = run_check(CHECK, windows(outcome=CommandOutcome.MISSING))
    assert found.status is Status.UNKNOWN
    assert any("PowerShell" in e.seen for e in found.evidence)


def test_a_refused_registry_key_is_evidence_not_a_verdict():
    host = windows(users=users_with_microsoft_account()).deny_registry(MDM_SETTINGS)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("refused" in e.seen for e in found.evidence)
