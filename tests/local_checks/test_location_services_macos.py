"""location-services on macOS.

A standard user cannot read /var/db/locationd (Apple's security baseline reads it as the _locationd account with
sudo), so the main case is a refusal, which needs no recording. No real copy of the locationd files was found: the
property lists below are UNVERIFIED, made to the documented format of usnistgov/macos_security
``system_settings_location_services_enable.yaml`` (``LocationServicesEnabled`` in the ByHost com.apple.locationd
file) and, for clients.plist, of a public Jamf script that reads each app's entry with PlistBuddy as
``:<key>:Authorized``, and of the osxripper forensic tool (bolodev/osxripper, plugins/osx/LocationdClientsPlist.py),
which reads each client's ``BundleId``, ``BundlePath``, ``Executable`` and ``Authorized`` from macOS 10.9 to 10.15's
/private/var/db/locationd/clients.plist. No real copy of either file, nor a recorded `defaults read` of them, was
found in a fair search (issue 13). The nearest real file is an iOS 7 iPhone's clients.plist (same locationd
format; tests/fixtures/macos/location-services/SOURCES.toml): it shows that the system's own services sit beside the
apps, by their path in /System and without a bundle id, so the check names them apart.
"""

import plistlib

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.location_services import CHECK
from checks.local.location_services.macos import BYHOST, CLIENTS, authorized_apps, authorized_system_services
from tests.support import fixture_bytes, run_check

PREFS = f"{BYHOST}/com.apple.locationd.00000000-1111-2222-3333-444444444444.plist"


def admin_mac(enabled: object | None, clients: dict | None = None) -> RecordedHost:
    """What an administrator would read (UNVERIFIED: made to the documented format)."""
    host = RecordedHost("macos")
    host.add_file(PREFS, plistlib.dumps({} if enabled is None else {"LocationServicesEnabled": enabled}))
    if clients is not None:
        host.add_file(CLIENTS, plistlib.dumps(clients))
    return host


CLIENTS_TWO = {
    "com.apple.weather": {"Authorized": True, "BundleId": "com.apple.weather"},
    "com.example.tracker": {"Authorized": True, "BundleId": "com.example.tracker"},
    "com.apple.Maps": {"Authorized": False, "BundleId": "com.apple.Maps"},
}


def test_a_standard_user_gets_could_not_tell_with_where_to_look():
    host = RecordedHost("macos").deny(BYHOST)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "only the system" in found.summary
    assert "Location Services" in found.summary
    assert host.asked == []


def test_location_services_off_passes():
    found = run_check(CHECK, admin_mac(False))
    assert found.status is Status.PASS
    assert "off" in found.summary


def test_on_with_apps_allowed_names_them():
    found = run_check(CHECK, admin_mac(True, CLIENTS_TWO))
    assert found.status is Status.PARTIAL
    assert "2 apps are allowed" in found.summary
    assert "com.example.tracker" in found.summary
    assert "com.apple.Maps" not in found.summary


def test_on_with_no_app_allowed_passes():
    found = run_check(CHECK, admin_mac(1, {"com.apple.Maps": {"Authorized": False}}))
    assert found.status is Status.PASS


def test_on_but_clients_unreadable_is_unknown():
    found = run_check(CHECK, admin_mac(True).deny(CLIENTS))
    assert found.status is Status.UNKNOWN
    assert "could not read which apps" in found.summary


def test_switch_not_recorded_is_unknown():
    found = run_check(CHECK, admin_mac(None))
    assert found.status is Status.UNKNOWN
    assert found.evidence[0].seen == "not set"


def test_no_settings_file_is_unknown():
    found = run_check(CHECK, RecordedHost("macos").add_dir(BYHOST))
    assert found.status is Status.UNKNOWN


def test_authorized_apps_ignores_entries_that_are_not_apps():
    assert authorized_apps({"version": 3, "x": {"Authorized": True, "Executable": "/usr/local/bin/x"}}) == [
        "/usr/local/bin/x"]


IOS_CLIENTS = "macos/location-services/clients-ios7-jailbroken-iphone.plist"


def test_a_real_clients_plist_tells_apps_from_the_systems_own_services():
    clients = plistlib.loads(fixture_bytes(IOS_CLIENTS))
    assert authorized_apps(clients) == ["com.apple.camera", "com.apple.compass", "com.mysticwall.SysInfoPlus"]
    assert authorized_system_services(clients) == ["/System/Library/PrivateFrameworks/AssistantServices.framework",
                                                   "/System/Library/PrivateFrameworks/Weather.framework"]


def test_on_with_a_real_clients_plist_names_only_the_apps():
    found = run_check(CHECK, admin_mac(True, plistlib.loads(fixture_bytes(IOS_CLIENTS))))
    assert found.status is Status.PARTIAL
    assert "3 apps are allowed" in found.summary
    assert "com.mysticwall.SysInfoPlus" in found.summary
    assert "/System/" not in found.summary
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert "Weather.framework" in seen[f"{CLIENTS} (macOS's own services allowed)"]


def test_only_the_systems_own_services_allowed_passes():
    clients = plistlib.loads(fixture_bytes(IOS_CLIENTS))
    services_only = {key: entry for key, entry in clients.items() if not entry.get("BundleId")}
    found = run_check(CHECK, admin_mac(True, services_only))
    assert found.status is Status.PASS
    assert "parts of macOS itself" in found.summary


def test_a_program_outside_system_without_bundle_id_is_still_an_app():
    # A path outside /System is not protected by System Integrity Protection: anyone could have put it there.
    entry = {"Authorized": True, "Executable": "/Library/Application Support/x/agent"}
    assert authorized_apps({"x": entry}) == ["/Library/Application Support/x/agent"]
    assert authorized_system_services({"x": entry}) == []


OTHER_MAC = f"{BYHOST}/com.apple.locationd.99999999-8888-7777-6666-555555555555.plist"
NOT_BACKED_UP = f"{BYHOST}/com.apple.locationd.notbackedup.00000000-1111-2222-3333-444444444444.plist"


def test_a_second_settings_file_that_disagrees_is_unknown_not_the_first_files_word():
    # UNVERIFIED, as above: a file named for another hardware UUID (a system moved from another Mac) says off
    host = admin_mac(True, CLIENTS_TWO)
    host.add_file(OTHER_MAC, plistlib.dumps({"LocationServicesEnabled": False}))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "disagree" in found.summary
    assert sum("LocationServicesEnabled" in e.looked_at for e in found.evidence) == 2


def test_files_without_the_switch_do_not_decide_and_agreeing_files_do():
    # UNVERIFIED, as above: locationd's notbackedup file, without the switch, beside this Mac's own file
    host = admin_mac(False)
    host.add_file(NOT_BACKED_UP, plistlib.dumps({"SomeOtherKey": 1}))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    both_off = admin_mac(False)
    both_off.add_file(OTHER_MAC, plistlib.dumps({"LocationServicesEnabled": 0}))
    assert run_check(CHECK, both_off).status is Status.PASS
