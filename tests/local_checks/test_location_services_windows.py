"""location-services on Windows.

Real (tests/fixtures/windows/consent-store, with SOURCES.toml): a Process Monitor capture of Settings switching
location off (nohuto/win-config, privacy/desc.md, "Disable Location Access"): REG_SZ ``Value`` = ``Deny`` written under
HKLM\\...\\ConsentStore\\location, HKCU\\...\\location and HKCU\\...\\location\\NonPackaged; the test reads the values
written as what the keys hold.

No real `reg query` output or export of the ConsentStore\\location keys with apps was found, so every other value below
is UNVERIFIED: made to the documented format of
* the same three switches set to Allow (the capture shows only Deny);
* the forensic guides (windows.dfirhandbook.com "CapabilityAccessManager", svch0st on Medium): per-app subkeys,
  NonPackaged program paths with ``#`` for ``\\``, and REG_QWORD FILETIMEs LastUsedTimeStart / LastUsedTimeStop.
* Microsoft's "Manage connections from Windows operating system components to Microsoft services" (Location): REG_DWORD
  ``DisableLocation`` = 1 under HKLM\\Software\\Policies\\Microsoft\\Windows\\LocationAndSensors.
No recording of these keys was found after searching forensic tools' test data, CTF write-ups and bug reports; the
per-app reading they share with the camera's is tested on a real record in test_camera_microphone_windows.py.
The app key names are ones public scripts name under ConsentStore\\location: Lenovo's Power Manager
(``C:#Windows#SysWOW64#Lenovo#PowerMgr#PowerMgr.exe``, an Intune remediation script) and Microsoft Edge
(``C:#Program Files (x86)#Microsoft#Edge#Application#msedge.exe``, a clean-up script).
"""

from datetime import UTC, datetime

from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.winreg_pasted import parse_procmon_writes
from checks.local.common.consent_store import app_name, filetime_to_unix
from checks.local.location_services import CHECK
from checks.local.location_services.windows import MACHINE, SENSORS_POLICY, USER, USER_DESKTOP
from tests.support import fixture, run_check

POWER_MANAGER = "C:#Windows#SysWOW64#Lenovo#PowerMgr#PowerMgr.exe"
EDGE = "C:#Program Files (x86)#Microsoft#Edge#Application#msedge.exe"
MAPS = "Microsoft.WindowsMaps_8wekyb3d8bbwe"


def filetime(year: int, month: int, day: int) -> int:
    return int((datetime(year, month, day, 9, 30, tzinfo=UTC).timestamp() + 11_644_473_600) * 10_000_000)


def windows(*, machine: str | None = "Allow", user: str | None = "Allow", desktop: str | None = "Allow",
            apps: dict[str, tuple[str | None, int, int]] | None = None) -> RecordedHost:
    host = RecordedHost("windows")
    for key, value in ((MACHINE, machine), (USER, user), (USER_DESKTOP, desktop)):
        if value is not None:
            host.add_registry_value(key, "Value", "REG_SZ", value)
    for name, (value, start, stop) in (apps or {}).items():
        key = f"{USER_DESKTOP}\\{name}" if ":" in name else f"{USER}\\{name}"
        if value is not None:
            host.add_registry_value(key, "Value", "REG_SZ", value)
        host.add_registry_value(key, "LastUsedTimeStart", "REG_QWORD", start)
        host.add_registry_value(key, "LastUsedTimeStop", "REG_QWORD", stop)
    return host


def test_filetimes_and_names_are_read_as_a_person_would():
    assert filetime_to_unix(filetime(2026, 11, 1)) == datetime(2026, 11, 1, 9, 30, tzinfo=UTC).timestamp()
    assert filetime_to_unix(0) is None
    assert filetime_to_unix(5) is None  # 1601: not a real use
    assert app_name(EDGE, desktop=True) == "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"
    assert app_name(MAPS, desktop=False) == "Microsoft.WindowsMaps"


def test_location_off_for_the_computer_passes():
    found = run_check(CHECK, windows(machine="Deny", user="Deny", desktop="Deny"))
    assert found.status is Status.PASS
    assert "off for this computer" in found.summary


def test_location_switched_off_in_settings_passes():
    """The values Settings wrote when location was switched off (a real Process Monitor capture), read back."""
    host = RecordedHost("windows")
    for key, values in parse_procmon_writes(fixture("windows/consent-store/procmon-settings-location-off.csv")).items():
        for name, value in values.items():
            host.add_registry_value(key, name, value.type, value.data)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "Location is off for this computer, so no app can use it."
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen[f"{MACHINE} (location for the whole computer)"] == "Value = Deny"
    assert seen[f"{USER} (let apps use your location)"] == "Value = Deny"
    assert seen[f"{USER_DESKTOP} (let desktop apps use your location)"] == "Value = Deny"


def test_apps_not_allowed_for_this_user_passes():
    found = run_check(CHECK, windows(user="Deny"))
    assert found.status is Status.PASS
    assert "not allowed" in found.summary


def test_policy_off_passes():
    host = windows(apps={EDGE: (None, filetime(2026, 11, 1), filetime(2026, 11, 1))})
    host.add_registry_value(SENSORS_POLICY, "DisableLocation", "REG_DWORD", 1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "policy" in found.summary


def test_apps_that_used_location_are_named_with_their_last_use():
    found = run_check(CHECK, windows(apps={
        POWER_MANAGER: (None, filetime(2026, 11, 12), filetime(2026, 11, 12)),
        MAPS: ("Allow", filetime(2026, 10, 3), filetime(2026, 10, 3)),
        EDGE: (None, 0, 0),
    }))
    assert found.status is Status.PARTIAL
    assert "2 apps have used it" in found.summary
    assert "C:\\Windows\\SysWOW64\\Lenovo\\PowerMgr\\PowerMgr.exe (2026-11-12 09:30 UTC)" in found.summary
    assert found.summary.index("PowerMgr") < found.summary.index("Microsoft.WindowsMaps")  # most recent first
    assert "msedge" not in found.summary  # never used
    edge = next(e for e in found.evidence if e.looked_at.endswith("msedge.exe"))
    assert edge.seen == "never used"


def test_an_app_taken_off_the_list_is_not_counted():
    found = run_check(CHECK, windows(apps={MAPS: ("Deny", filetime(2026, 10, 3), filetime(2026, 10, 3))}))
    assert found.status is Status.PASS
    assert any("permission: Deny" in e.seen for e in found.evidence)


def test_desktop_apps_switched_off_are_not_counted():
    found = run_check(CHECK, windows(desktop="Deny", apps={
        POWER_MANAGER: (None, filetime(2026, 11, 12), filetime(2026, 11, 12))}))
    assert found.status is Status.PASS


def test_a_use_with_no_end_recorded_is_shown_as_such():
    found = run_check(CHECK, windows(apps={POWER_MANAGER: (None, filetime(2026, 11, 12), 0)}))
    assert found.status is Status.PARTIAL
    assert "1 app has used it" in found.summary
    assert any("no end recorded" in e.seen for e in found.evidence)


def test_on_with_no_app_recorded_passes():
    found = run_check(CHECK, windows())
    assert found.status is Status.PASS
    assert any(e.seen == "no app recorded" for e in found.evidence)


def test_no_record_at_all_is_unknown():
    found = run_check(CHECK, windows(machine=None, user=None, desktop=None))
    assert found.status is Status.UNKNOWN
    assert "1903" in found.summary


def test_a_refused_machine_key_still_reads_the_users_apps_but_cannot_decide():
    # Off for the whole computer would be a pass whatever the apps did, so the apps are named, not judged.
    host = windows(apps={MAPS: ("Allow", filetime(2026, 10, 3), filetime(2026, 10, 3))}).deny_registry(MACHINE)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary == ("Could not tell whether location is on: Windows did not let Homeguard read the location "
                             "setting for the whole computer. 1 app has used it: Microsoft.WindowsMaps "
                             "(2026-10-03 09:30 UTC).")
    assert any("Windows refused" in e.seen for e in found.evidence)


def test_a_refused_machine_key_with_no_app_is_could_not_tell_never_a_pass():
    # Found by fault injection: this was "Location is on, but no app that may still use it has used it".
    for host in (windows().deny_registry(MACHINE), windows(user=None, desktop=None).deny_registry(MACHINE)):
        found = run_check(CHECK, host)
        assert found.status is Status.UNKNOWN
        assert found.summary.startswith("Could not tell whether location is on: Windows did not let Homeguard")


def garbled(text: str) -> str:
    """``text`` as a program writing UTF-16 gives it, read as UTF-8."""
    return (b"\xff\xfe" + text.encode("utf-16-le")).decode("utf-8", errors="replace")


def test_a_switch_that_is_not_readable_text_is_neither_on_nor_off():
    found = run_check(CHECK, windows(machine=garbled("Deny")))
    assert found.status is Status.UNKNOWN
    assert "for the whole computer could not be read" in found.summary
    found = run_check(CHECK, windows(user=garbled("Deny")))
    assert found.status is Status.UNKNOWN
    assert "this user's location setting could not be read" in found.summary
    assert run_check(CHECK, windows(machine=garbled("Deny"), user="Deny")).status is Status.PASS  # off either way


def test_an_unreadable_desktop_switch_leaves_desktop_apps_undecided():
    used = {POWER_MANAGER: (None, filetime(2026, 11, 12), filetime(2026, 11, 12))}
    found = run_check(CHECK, windows(apps=used).deny_registry(USER_DESKTOP))
    assert found.status is Status.UNKNOWN
    assert "desktop apps" in found.summary
    found = run_check(CHECK, windows(desktop=garbled("Deny"), apps=used))
    assert found.status is Status.UNKNOWN
    # A Store app that used it is partial whatever the desktop switch says.
    used[MAPS] = ("Allow", filetime(2026, 10, 3), filetime(2026, 10, 3))
    assert run_check(CHECK, windows(apps=used).deny_registry(USER_DESKTOP)).status is Status.PARTIAL


def test_a_refused_user_key_is_unknown():
    found = run_check(CHECK, windows().deny_registry(USER))
    assert found.status is Status.UNKNOWN
    assert "did not let" in found.summary


def test_nothing_is_run():
    host = windows(apps={EDGE: (None, filetime(2026, 11, 1), filetime(2026, 11, 1))})
    run_check(CHECK, host)
    assert host.asked == []
