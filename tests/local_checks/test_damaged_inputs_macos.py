"""The macOS parts of the issue-13 checks, fed damaged versions of their real recorded inputs (damage.py,
damaged_runs.py).

Each case is a Mac the check's own tests build from real fixtures (tests/fixtures/macos/**, sources in each
folder's SOURCES.toml): sqlite3's reading of the privacy database, property lists (binary and XML), `defaults`,
`launchctl`, `system_profiler`, `nvram` and `tmutil` answers, XProtect's install history and reports. Every file
and output is damaged in turn, with the same properties as on Linux (test_damaged_inputs_linux.py).
"""

from __future__ import annotations

import plistlib

from auditor.recorded import RecordedHost
from checks.local.backups import CHECK as BACKUPS
from checks.local.browser_protection import CHECK as BROWSER_PROTECTION
from checks.local.camera_microphone import CHECK as CAMERA_MICROPHONE
from checks.local.find_my_device import CHECK as FIND_MY_DEVICE
from checks.local.location_services import CHECK as LOCATION_SERVICES
from checks.local.password_hints import CHECK as PASSWORD_HINTS
from checks.local.sharing import CHECK as SHARING
from checks.local.xprotect import CHECK as XPROTECT
from tests.local_checks import test_backups_macos as backups
from tests.local_checks import test_browser_protection_other as browser
from tests.local_checks import test_camera_microphone_macos as camera
from tests.local_checks import test_find_my_device as find_my
from tests.local_checks import test_location_services_macos as location
from tests.local_checks import test_password_hints_macos as hints
from tests.local_checks import test_sharing_macos as sharing
from tests.local_checks import test_xprotect_detections as detections
from tests.local_checks import test_xprotect_macos as xprotect
from tests.local_checks.damaged_runs import Case, property_tests
from tests.support import fixture, fixture_bytes

CAMERA = "macos/camera-microphone/"


def _catalina_tcc() -> RecordedHost:
    host = camera.mac(None)
    host.add_file(camera.USER_DB, b"SQLite format 3\x00")
    host.add_command(camera.sqlite_argv(camera.USER_DB, camera.QUERY), stderr=fixture(
        CAMERA + "sqlite3-tcc-plaso-catalina-no-auth-value.stderr.txt"), returncode=1)
    host.add_command(camera.sqlite_argv(camera.USER_DB, camera.QUERY_BEFORE_11),
                     fixture(CAMERA + "sqlite3-tcc-plaso-catalina.txt"))
    return host


def _media_sharing_for_guests() -> RecordedHost:
    return sharing.mac(media=sharing.media_plist(0, 1))


def _bluetooth_sharing_on() -> RecordedHost:
    host = sharing.mac()
    host.add_command(sharing.BLUETOOTH, sharing.defaults_prints(sharing.BLUETOOTH_ON_FILE, "PrefKeyServicesEnabled"))
    return host


def _time_machine_record() -> RecordedHost:
    host = backups.mac(latest_stderr="tmutil-latestbackup-needs-fda-stderr.txt")
    host.add_file(backups.TM_PLIST, fixture_bytes(backups.RECORD))
    return host


def _detection() -> RecordedHost:
    return detections.mac(reports={detections.name(2): detections.report()})


CASES = [
    # camera-microphone: sqlite3's answers from the privacy database
    Case("camera: an unknown app allowed (Ventura layout)", CAMERA_MICROPHONE,
         lambda: camera.mac((camera.VENTURA, "", 0))),
    Case("camera: a real Catalina database", CAMERA_MICROPHONE, _catalina_tcc),
    Case("camera: no Full Disk Access", CAMERA_MICROPHONE, lambda: camera.mac(("", camera.DENIED, 1))),
    # sharing: launchctl, defaults read/export, cupsctl
    Case("sharing: everything off", SHARING, lambda: sharing.mac()),
    Case("sharing: File Sharing on", SHARING, lambda: sharing.mac("print-disabled-macos15-file-sharing-on.txt")),
    Case("sharing: Media Sharing for guests", SHARING, _media_sharing_for_guests),
    Case("sharing: Bluetooth sharing on in a real Mac's settings", SHARING, _bluetooth_sharing_on),
    Case("sharing: printers shared", SHARING, lambda: sharing.mac(cups="cupsctl-shared.txt")),
    # find-my-device: system_profiler, the accounts property list, nvram
    Case("find-my: Activation Lock on", FIND_MY_DEVICE, lambda: find_my.mac(find_my.ENABLED)),
    Case("find-my: Activation Lock off, Find My Mac off in a real account", FIND_MY_DEVICE,
         lambda: find_my.mac(find_my.DISABLED, fixture_bytes(find_my.ACCOUNTS_OFF))),
    Case("find-my: older Mac, off in a real account, no token", FIND_MY_DEVICE,
         lambda: find_my.mac(find_my.NO_LOCK, fixture_bytes(find_my.ACCOUNTS_OFF),
                             stderr=fixture(find_my.TOKEN_NOT_FOUND), returncode=1)),
    Case("find-my: older Mac, on in a real account", FIND_MY_DEVICE,
         lambda: find_my.mac(find_my.NO_LOCK, fixture_bytes(find_my.ACCOUNTS_ON))),
    Case("find-my: two real accounts", FIND_MY_DEVICE,
         lambda: find_my.mac(find_my.DISABLED, fixture_bytes(find_my.ACCOUNTS_TWO))),
    # location-services: locationd's settings and a real clients.plist
    Case("location: on, with a real clients list", LOCATION_SERVICES,
         lambda: location.admin_mac(True, plistlib.loads(fixture_bytes(location.IOS_CLIENTS)))),
    Case("location: off", LOCATION_SERVICES, lambda: location.admin_mac(False)),
    # password-hints: defaults read
    Case("password-hints: shown after three tries", PASSWORD_HINTS, lambda: hints.mac(fixture(hints.THREE))),
    Case("password-hints: never shown", PASSWORD_HINTS, lambda: hints.mac("0\n")),
    Case("password-hints: never changed", PASSWORD_HINTS, lambda: hints.mac(
        stderr=fixture("macos/loginwindow/defaults-missing-key-monterey-stderr.txt"), returncode=1)),
    # xprotect: the install history, the rules' Info.plist, detection reports
    Case("xprotect: a real install history, rules old", XPROTECT, lambda: xprotect.mac(400)),
    Case("xprotect: a real install history, rules new", XPROTECT, lambda: xprotect.mac(3)),
    # (its recent detections "where readable", as issue 13 asks: a report it cannot read is counted in the evidence)
    Case("xprotect: a detection report", XPROTECT, _detection, only_said=detections.FOLDER),
    # backups
    Case("backups: a network disk, no backup readable", BACKUPS,
         lambda: backups.mac(latest_stderr="tmutil-latestbackup-not-mounted-stderr.txt")),
    Case("backups: a backup four days old", BACKUPS, lambda: backups.mac(latest="tmutil-latestbackup-apfs.txt")),
    Case("backups: no Time Machine", BACKUPS, lambda: backups.mac("tmutil-destinationinfo-none.txt")),
    Case("backups: Time Machine's own real record", BACKUPS, _time_machine_record),
    # browser-protection
    Case("browser: Chrome Safe Browsing off", BROWSER_PROTECTION,
         lambda: browser.mac("chromium155-preferences-safebrowsing-off.json")),
]


(test_each_case_is_handed_real_content, test_damaged_content_gives_an_honest_finding,
 test_content_unreadable_or_reencoded_never_turns_into_a_pass,
 test_content_up_to_the_hosts_cap_gives_an_honest_finding) = property_tests(CASES)
