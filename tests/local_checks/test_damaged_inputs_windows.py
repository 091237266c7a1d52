"""The Windows parts of the issue-13 checks, fed damaged versions of their real recorded inputs (damage.py,
damaged_runs.py).

Each case is a PC the check's own tests build from real fixtures (tests/fixtures/windows/**, sources in each
folder's SOURCES.toml): registry keys from `reg query` and Process Monitor captures, `net share`,
Get-MpComputerStatus, Win32_DeviceGuard and Get-LocalUser answers, File History's settings. Every output and file
is damaged in turn, and every registry key's values replaced by values of any type; a value stored as another type
that says the same (a DWORD as four bytes, text as a one-item list) must not turn a finding into a pass.
"""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.recorded import RecordedHost
from auditor.winreg_pasted import parse_get_item_property, parse_procmon_writes
from checks.local.backups import CHECK as BACKUPS
from checks.local.browser_protection import CHECK as BROWSER_PROTECTION
from checks.local.camera_microphone import CHECK as CAMERA_MICROPHONE
from checks.local.core_isolation import CHECK as CORE_ISOLATION
from checks.local.find_my_device import CHECK as FIND_MY_DEVICE
from checks.local.location_services import CHECK as LOCATION_SERVICES
from checks.local.monitoring_software import CHECK as MONITORING_SOFTWARE
from checks.local.sharing import CHECK as SHARING
from checks.local.tamper_protection import CHECK as TAMPER_PROTECTION
from tests.local_checks import test_backups_windows as backups
from tests.local_checks import test_browser_protection_other as browser
from tests.local_checks import test_camera_microphone_windows as camera
from tests.local_checks import test_core_isolation_windows as core
from tests.local_checks import test_find_my_device as find_my
from tests.local_checks import test_location_services_windows as location
from tests.local_checks import test_monitoring_software_windows as monitoring
from tests.local_checks import test_sharing_windows as sharing
from tests.local_checks import test_tamper_protection_windows as tamper
from tests.local_checks.damaged_runs import Case, property_tests
from tests.support import fixture


def _with_procmon(host: RecordedHost, relative: str) -> RecordedHost:
    for key, values in parse_procmon_writes(fixture(relative)).items():
        for name, value in values.items():
            host.add_registry_value(key, name, value.type, value.data)
    return host


def _real_usb_program_on_the_camera() -> RecordedHost:
    host = RecordedHost("windows", now=camera.TRIAGE_TIME).add_registry(camera.recorded("webcam",
                                                                                       camera.WEBCAM_RECORD))
    return host.add_registry(camera.recorded("microphone", camera.MICROPHONE_START))


def _real_microphone_store() -> RecordedHost:
    return RecordedHost("windows", now=datetime(2026, 2, 6, tzinfo=UTC).timestamp()).add_registry(
        fixture(camera.MICROPHONE_STORE))


def _unknown_camera_app() -> RecordedHost:
    start = camera.days_ago(3)
    return camera.windows({("webcam", camera.HELPER): (None, start, start + 600),
                           ("webcam", camera.ZOOM): (None, camera.days_ago(1), camera.days_ago(1) + 60)})


def _company_share_real_parameters() -> RecordedHost:
    values = parse_get_item_property(fixture(sharing.LANMAN_RECORD))
    assert values is not None
    return sharing.load(sharing.pc("net-share-win10-company-data.txt"), sharing.LANMAN_PARAMETERS, values)


def _share_anyone_can_open() -> RecordedHost:
    host = sharing.pc("net-share-win10-company-data.txt")
    host.add_registry_value(sharing.LANMAN_PARAMETERS, "NullSessionShares", "REG_MULTI_SZ", ["Company Data"])
    return host


def _location_used() -> RecordedHost:
    return location.windows(apps={
        location.POWER_MANAGER: (None, location.filetime(2026, 11, 12), location.filetime(2026, 11, 12)),
        location.MAPS: ("Allow", location.filetime(2026, 10, 3), location.filetime(2026, 10, 3))})


def _teramind() -> RecordedHost:
    host = monitoring.pc().add_dir(r"C:\ProgramData\{4CEC2908-5CE4-48F0-A717-8FC833D8017A}\config")
    return host.add_registry_value(r"HKLM\SYSTEM\CurrentControlSet\Services\tsvchst", "Start", "REG_DWORD", 2)


def _tamper_registry_only() -> RecordedHost:
    host = tamper.host_with(stderr="Get-MpComputerStatus : Access denied", returncode=1)
    return host.add_registry(fixture(tamper.FOLDER + "reg-query-features-tamperprotection-1-osiris-2022.txt"))


CASES = [
    # camera-microphone: the ConsentStore keys
    Case("camera: an unknown app used the camera", CAMERA_MICROPHONE, _unknown_camera_app),
    Case("camera: a real record of a program from a USB drive", CAMERA_MICROPHONE, _real_usb_program_on_the_camera),
    Case("camera: a real laptop's microphone store", CAMERA_MICROPHONE, _real_microphone_store),
    Case("camera: the microphone switched off in Settings", CAMERA_MICROPHONE,
         lambda: _with_procmon(RecordedHost("windows"), camera.MICROPHONE_OFF)),
    # sharing: net share, LanmanServer's parameters, the Nearby sharing keys
    Case("sharing: a real share for account holders", SHARING, _company_share_real_parameters),
    Case("sharing: a share anyone can open", SHARING, _share_anyone_can_open),
    Case("sharing: Windows' own shares, Nearby sharing everyone", SHARING, lambda: sharing.nearby(sharing.pc(), 2)),
    Case("sharing: Nearby sharing off in Settings", SHARING,
         lambda: _with_procmon(sharing.pc(), sharing.NEARBY_OFF_RECORD)),
    Case("sharing: a real Chinese share", SHARING, lambda: sharing.pc("net-share-zh-cn-blog-share-2019.txt")),
    Case("sharing: media streaming running", SHARING,
         lambda: sharing.pc_running("windows/sharing/tasklist-svc-win7-wmpnetwk.txt")),
    # find-my-device: its switches and Get-LocalUser's JSON
    Case("find-my: on with Microsoft accounts", FIND_MY_DEVICE,
         lambda: find_my.windows(find_my.SYNC_ON, fixture(find_my.MICROSOFT_USERS))),
    Case("find-my: off with local accounts", FIND_MY_DEVICE,
         lambda: find_my.windows(find_my.SYNC_OFF, fixture(find_my.LOCAL_USERS))),
    Case("find-my: never switched on", FIND_MY_DEVICE, lambda: find_my.windows(users=fixture(find_my.LOCAL_USERS))),
    # location-services: the ConsentStore keys
    Case("location: apps used it", LOCATION_SERVICES, _location_used),
    Case("location: switched off in Settings (real capture)", LOCATION_SERVICES,
         lambda: _with_procmon(RecordedHost("windows"), "windows/consent-store/procmon-settings-location-off.csv")),
    # monitoring-software: services and uninstall entries
    Case("monitoring: Teramind's hidden agent", MONITORING_SOFTWARE, _teramind),
    # tamper-protection: Get-MpComputerStatus and the Features key
    Case("tamper: off", TAMPER_PROTECTION, lambda: tamper.host_with("mpcomputerstatus-docs-2024-tamper-off.txt")),
    Case("tamper: on", TAMPER_PROTECTION, lambda: tamper.host_with("mpcomputerstatus-tamper-on-2025.txt")),
    Case("tamper: on, wrapped", TAMPER_PROTECTION,
         lambda: tamper.host_with("mpcomputerstatus-thm-osiris-2022-wrapped.txt")),
    Case("tamper: passive mode", TAMPER_PROTECTION,
         lambda: tamper.host_with("mpcomputerstatus-docs-2024-passive-mode.txt")),
    Case("tamper: Defender not running", TAMPER_PROTECTION,
         lambda: tamper.host_with("mpcomputerstatus-thm-cyberlens-2025-not-running.txt")),
    Case("tamper: only the registry readable", TAMPER_PROTECTION, _tamper_registry_only),
    # core-isolation: Win32_DeviceGuard and the HVCI switch
    Case("core: running", CORE_ISOLATION, lambda: core.host_with("deviceguard-hvci-running-hyperv.txt")),
    Case("core: running beside Credential Guard", CORE_ISOLATION,
         lambda: core.host_with("deviceguard-credguard-hvci-running-precision5690.txt")),
    Case("core: configured, not running", CORE_ISOLATION,
         lambda: core.host_with("deviceguard-stig-configured-not-running.txt", switch=1)),
    Case("core: nothing configured", CORE_ISOLATION,
         lambda: core.host_with("deviceguard-nothing-configured.txt", switch=0)),
    # backups
    Case("backups: File History ran yesterday", BACKUPS, lambda: backups.with_file_history(backups.pc())),
    Case("backups: File History turned off", BACKUPS,
         lambda: backups.with_file_history(backups.pc(), "file-history-config1-win8-disabled.xml")),
    Case("backups: OneDrive folders not running", BACKUPS, lambda: backups.with_onedrive_folders(backups.pc())),
    # browser-protection
    Case("browser: Safe Browsing off in Secure Preferences", BROWSER_PROTECTION,
         lambda: browser.windows(secure="chromium155-preferences-safebrowsing-off.json")),
]


(test_each_case_is_handed_real_content, test_damaged_content_gives_an_honest_finding,
 test_content_unreadable_or_reencoded_never_turns_into_a_pass,
 test_content_up_to_the_hosts_cap_gives_an_honest_finding) = property_tests(CASES)
