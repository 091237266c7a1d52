"""A household of three recorded computers: the Linux laptop, a Mac and a Windows PC, each a scenario file.

The three scenarios in tests/fixtures/scenarios answer only from recorded real outputs (each file's source is in
its folder's SOURCES.toml; the Mac and the Windows PC each put together outputs of several real machines, as their
header comments say). Each is scanned as Homeguard scans a computer (built-in checks, safe mode). The laptop is this
computer, kept in the history; the Mac and the Windows PC write their reports as ``homeguard scan --json`` does,
which are read back through ``auditor.intake`` and imported, as the family's main computer imports them. Then the
household is scored by ``auditor.household_score``.

Every number below is worked out by hand from the checks' weights (critical 8, high 4, medium 2, low 1) and
credits (pass 1, partly 0.5, fail 0); "could not tell" is unchecked weight and "does not apply" counts for nothing.
"""

from __future__ import annotations

import pytest

from auditor.household_score import HouseholdScore, household_score, other_computer, read_kept, this_computer
from auditor.intake import read_report
from auditor.model import ScanRun, Status
from auditor.recorded import load_scenario
from auditor.registry import discover
from auditor.reports import build_report, to_json
from auditor.runner import run_scan
from auditor.store import Store
from tests.support import FIXTURES, first_checks_for

SCENARIOS = FIXTURES / "scenarios"
INSTALL_IDS = {"macos": "5c2f7a1e-8d3b-4e6f-9a0c-1b2d3e4f5a6b", "windows": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"}
P, H, F, U, NA = Status.PASS, Status.PARTIAL, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE

# What each recorded computer's checks say, and the recording behind each (the scenario files say the same).
LAPTOP = {
    "os-updates": H, "automatic-updates": P, "screen-lock": P, "disk-encryption": F, "firewall": P, "auto-login": P,
    "guest-account": P, "admin-account": P, "credential-store": U, "password-manager": F, "ssh-keys": P,
    "secure-boot": P, "remote-access": P,
}
MAC = {
    "admin-account": H,  # in the admin group (id -Gn, macOS 14), beside another administrator (dscl, macOS 15.6.1)
    "airdrop-receiving": U,  # no recording of DiscoverableMode (only documented values), so it was left out
    "auto-login": P,  # "Could not find key 'autoLoginUser'"
    "automatic-updates": P,  # every switch on in the MacBook Air's SoftwareUpdate plist; App Store AutoUpdate on
    "credential-store": P,  # keyring lists macOS.Keyring first (OS X 10.15.7)
    "disk-encryption": P,  # "FileVault is On." (macOS 26.5.2)
    "firewall": P,  # "blocking all non-essential incoming connections (State = 2)" (macOS 15)
    "gatekeeper": P,  # "assessments enabled" (macOS 26.5.2)
    "guest-account": P,  # GuestEnabled 0
    "os-updates": F,  # macOS Tahoe 26.7 waiting on 26.5.2: an update of the installed version, security fixes
    "password-manager": H,  # iCloud Keychain sync on, no other manager
    "remote-access": P,  # 3 programs (macOS 26.1), Remote Login and Screen Sharing never switched on (macOS 15.6.1)
    "screen-lock": H,  # 5 min after a 20 min screen saver or display off at 2 / 30 min: 25 min on the power adapter
    "ssh-keys": NA,  # no ~/.ssh
    "system-integrity": P,  # "System Integrity Protection status: enabled."
}
WINDOWS = {
    "admin-account": P,  # whoami /groups of a standard account (Windows 10 Pro 19042)
    "antivirus": P,  # Windows Defender on and up to date; Get-MpComputerStatus threat list 0 days old
    "auto-login": F,  # AutoAdminLogon 1 for DESKTOP-8OB2COP\Mike (Windows 10 19041)
    "automatic-updates": H,  # PauseUpdatesExpiryTime 2042-09-05
    "blank-passwords": U,  # the Lsa key is not recorded
    "credential-store": P,  # keyring lists WinVaultKeyring first
    "disk-encryption": U,  # BitLocker's state has documented values only, so it was left out
    "firewall": P,  # Get-NetFirewallProfile: Domain, Private, Public on (Windows Server 2022)
    "guest-account": P,  # Guest (-501) Enabled false
    "os-updates": U,  # the Windows Update answers in the fixtures are composed, so none was used
    "password-manager": P,  # KeePass Password Safe 2.40 in the Uninstall keys
    "remote-access": P,  # 130 programs, none remote control; fDenyTSConnections 1; no 3389/5900/22 listening
    "screen-lock": F,  # sleep never when plugged in (Windows 11 24H2), no screen saver or lock policy recorded
    "smartscreen": P,  # no recording: its absent values read as Windows' default, on
    "ssh-keys": NA,  # no .ssh folder
    "user-account-control": P,  # Windows 10's default UAC values
}


def scan(name: str) -> ScanRun:
    """One scenario scanned as Homeguard scans a computer: the checks that ship with it, safe mode."""
    host = load_scenario(SCENARIOS / name)
    registry = discover(safe_mode=True, platform=host.platform)
    return run_scan(first_checks_for(registry, host.platform), host, failures=registry.failures, safe_mode=True)


@pytest.fixture(scope="module")
def runs() -> dict[str, ScanRun]:
    return {"linux": scan("family-laptop.toml"), "macos": scan("family-mac.toml"),
            "windows": scan("family-windows.toml")}


@pytest.fixture
def household(tmp_path, runs) -> HouseholdScore:
    """The laptop's scan kept as this computer; the Mac's and the Windows PC's reports written, read and imported."""
    now = max(run.finished_at for run in runs.values()) + 60
    store = Store(tmp_path / "data")
    try:
        store.save_run(runs["linux"])
        for platform in ("macos", "windows"):
            path = tmp_path / f"{platform}.json"
            path.write_text(to_json(build_report(runs[platform], install_id=INSTALL_IDS[platform])), encoding="utf-8")
            assert store.import_computer(read_report(path, now=now), now) == "added"
        latest = store.latest_run_id()
        own = store.load_run(latest) if latest is not None else None
        assert own is not None
        computers = [this_computer(own, store.install_id(), now),
                     *(other_computer(read_kept(kept), now) for kept in store.other_computers())]
    finally:
        store.close()
    return household_score(computers, [])


def device_statuses(run: ScanRun) -> dict[str, Status]:
    return {r.check_id: r.status for r in run.results if r.kind == "device"}


def test_each_recorded_computer_says_what_its_recordings_show(runs):
    assert device_statuses(runs["linux"]) == LAPTOP
    assert device_statuses(runs["macos"]) == MAC
    assert device_statuses(runs["windows"]) == WINDOWS
    assert [(r.platform, r.hostname) for r in runs.values()] == [
        ("linux", "family-laptop"), ("macos", "family-mac"), ("windows", "FAMILY-PC")]
    # The reasons for "could not tell" are the missing recordings, said plainly; no check crashed.
    unknown = {r.check_id: r.summary for run in runs.values() for r in run.results
               if r.kind == "device" and r.status is Status.UNKNOWN}
    assert "no recording for this command line" in unknown["airdrop-receiving"]
    assert "no recording for this command line" in unknown["os-updates"]
    assert all(r.status is not Status.ERROR for run in runs.values() for r in run.results)


def test_three_recorded_computers_are_scored_as_one_household(household):
    names = [(c.name, c.platform, c.this_computer, c.out_of_date) for c in household.computers]
    assert names == [("family-laptop", "linux", True, False), ("family-mac", "macos", False, False),
                     ("FAMILY-PC", "windows", False, False)]
    laptop, mac, windows = household.computers
    # Linux (as in test_household_computers.py): passes 2+4+2+2+2+8+4+1+1 = 26, updates partly done (high) 4 x 0.5
    # = 2, disk (high) and password manager (medium) fail: 28 of 36 decided; the credential store (medium, 2) could
    # not be told: 38 applicable.
    assert laptop.card.overall.score == pytest.approx(100 * 28 / 36)
    assert laptop.card.overall.coverage == pytest.approx(36 / 38)
    # macOS: passes: remote access (critical) 8; auto-login, disk, Gatekeeper (high) 4+4+4; automatic updates,
    # credential store, firewall, guest, SIP (medium) 2+2+2+2+2: 30. Partly: screen lock (high) 4 x 0.5 = 2,
    # admin account and password manager (medium) 2 x 0.5 + 2 x 0.5 = 2. os-updates (high) fails: 0 of 4.
    # Earned 34 of 8 + 12 + 10 + 4 + 4 + 4 = 42 decided; AirDrop (high, 4) could not be told: 46 applicable
    # (ssh-keys does not apply).
    assert mac.card.overall.score == pytest.approx(100 * 34 / 42)
    assert mac.card.overall.coverage == pytest.approx(42 / 46)
    # Windows: passes: remote access (critical) 8; antivirus, UAC (high) 4+4; admin account, credential store,
    # firewall, guest, password manager, SmartScreen (medium) 6 x 2 = 12: 28. Automatic updates paused (medium,
    # partly) 1. Auto-login and screen lock (high) fail: 0 of 8. Earned 29 of 28 + 2 + 8 = 38 decided; disk
    # encryption and os-updates (high) and blank passwords (low) could not be told: 4 + 4 + 1 = 9 more, 47 applicable.
    assert windows.card.overall.score == pytest.approx(100 * 29 / 38)
    assert windows.card.overall.coverage == pytest.approx(38 / 47)
    # The household (no people's answers here): earned 28 + 34 + 29 = 91 of 36 + 42 + 38 = 116 decided,
    # of 38 + 46 + 47 = 131 applicable; the bounds count the 15 unchecked as all fail / all pass.
    overall = household.card.overall
    assert overall.score == pytest.approx(100 * 91 / 116)
    assert overall.coverage == pytest.approx(116 / 131)
    assert overall.lowest == pytest.approx(100 * 91 / 131)
    assert overall.highest == pytest.approx(100 * (91 + 15) / 131)
    assert household.action_needed == ()  # no critical check fails on any of them


def test_do_these_next_says_which_computer_each_fix_is_for(household):
    # Each computer's most urgent fix is its own costliest: the laptop's disk, the Mac's waiting security update,
    # and on Windows the first by title of its two high failures ("Nobody is signed in ..." before "The screen ...").
    assert [c.most_urgent.check_id if c.most_urgent else None for c in household.computers] == [
        "disk-encryption", "os-updates", "auto-login"]
    # Do these next: the four high failures (each costs 4) by title: "Nobody is signed in automatically" (the
    # Windows PC), "Software updates are installed" (the Mac), "The disk is encrypted" (the laptop), "The screen
    # locks when you step away" (the Windows PC); then the high partly-done checks (cost 2) by title: the laptop's
    # updates come before the Mac's screen lock, and the list stops at five.
    assert [(s.result.check_id, s.computer) for s in household.next_steps] == [
        ("auto-login", "FAMILY-PC"), ("os-updates", "family-mac"), ("disk-encryption", "family-laptop"),
        ("screen-lock", "FAMILY-PC"), ("os-updates", "family-laptop")]
    mac_fix = household.next_steps[1].result
    assert mac_fix.status is Status.FAIL and "macOS Tahoe 26.7" in mac_fix.summary
    windows_fix = household.next_steps[0].result
    assert windows_fix.status is Status.FAIL and "Mike" in windows_fix.summary
