"""The Linux parts of the issue-13 checks, fed damaged versions of their real recorded inputs (damage.py,
damaged_runs.py).

Each case is a computer the check's own tests build from real fixtures (tests/fixtures/linux/**, sources in each
folder's SOURCES.toml). Every file the check reads and every output it is given is damaged in turn; the check must
give an honest finding (never raise, never take long, a reason with every "could not tell"), and damage that keeps
the meaning or makes the content unreadable must never turn a finding that was not a pass into a pass.
"""

from __future__ import annotations

from auditor.recorded import RecordedHost
from checks.local.backups import CHECK as BACKUPS
from checks.local.browser_protection import CHECK as BROWSER_PROTECTION
from checks.local.camera_microphone import CHECK as CAMERA_MICROPHONE
from checks.local.location_services import CHECK as LOCATION_SERVICES
from checks.local.sharing import CHECK as SHARING
from tests.local_checks import test_backups_linux as backups
from tests.local_checks import test_browser_protection as browser
from tests.local_checks import test_camera_microphone_linux as camera
from tests.local_checks import test_location_services_linux as location
from tests.local_checks import test_sharing_linux as sharing
from tests.local_checks.damaged_runs import Case, property_tests
from tests.support import fixture


def _gnome_sharing(rygel: str, webdav: str, password: str | None = None) -> RecordedHost:
    host = sharing.linux(env={"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"})
    host.add_command(sharing.gsettings_sharing("rygel"), fixture(f"{sharing.SHARING}/{rygel}"))
    host.add_command(sharing.gsettings_sharing("gnome-user-share-webdav"), fixture(f"{sharing.SHARING}/{webdav}"))
    if password is not None:
        host.add_command(["gsettings", "get", "org.gnome.desktop.file-sharing", "require-password"],
                         fixture(f"{sharing.SHARING}/gsettings-file-sharing-require-password-{password}.txt"))
    return host


def _no_usershare_folder() -> RecordedHost:
    host = sharing.with_samba(sharing.linux("smbd"), usershares=None)
    host.add_command(sharing.USERSHARES, returncode=255, stderr=fixture(
        f"{sharing.SHARING}/net-usershare-info-no-usershare-folder.stderr.txt"))
    return host


def _pi_camera() -> RecordedHost:
    listing = fixture("linux/camera-microphone/fuser-v-camera-pi-pipewire-wireplumber.txt")
    return camera.camera_host(*camera.fuser_as_find_output(listing))


EMPTY_LIST = "gsettings-empty-string-list.txt"
ONE = "gsettings-sharing-enabled-connections-one.txt"

CASES = [
    # camera-microphone: find's listing of /proc/*/fd and pactl's recording streams
    Case("camera: an unknown program holds the camera", CAMERA_MICROPHONE,
         lambda: camera.linux(camera.FIND_VIDEO0, holder=("camgrab", "/home/alex/.local/bin/camgrab"))),
    Case("camera: a browser and a visualiser record", CAMERA_MICROPHONE,
         lambda: camera.linux(pactl=(camera.WEBRTC + "\n" + camera.CAVA, "", 0))),
    Case("camera: a real Pi camera held by pipewire", CAMERA_MICROPHONE, _pi_camera),
    Case("camera: no sound service", CAMERA_MICROPHONE, lambda: camera.linux()),
    Case("camera: an unknown app records (the real stream, renamed)", CAMERA_MICROPHONE,
         lambda: camera.linux(devices=(), find_out=None,
                              pactl=(camera.WEBRTC.replace("WEBRTC VoiceEngine", "quietrec"), "", 0))),
    # sharing: smb.conf, net usershare, cupsctl, bluetoothctl, gsettings
    Case("sharing: guest usershares and a guest smb.conf share", SHARING,
         lambda: sharing.with_samba(sharing.linux("smbd"), usershares="net-usershare-info-ubuntu-guest.txt")),
    Case("sharing: a real Rocky smb.conf with a guest share", SHARING,
         lambda: sharing.with_samba(sharing.linux("smbd"), conf="smb-conf-rocky9-guest-share.txt",
                                    usershares="net-usershare-info-ubuntu1404-no-guest.txt")),
    Case("sharing: usershares that need a password", SHARING,
         lambda: sharing.with_samba(sharing.linux("smbd"), conf=None,
                                    usershares="net-usershare-info-ubuntu1404-no-guest.txt")),
    Case("sharing: Samba running, no usershare folder", SHARING,
         lambda: _no_usershare_folder()),
    Case("sharing: printers shared anywhere", SHARING,
         lambda: sharing.with_cups(sharing.linux(), "cupsctl-cups242-share-printers-remote-any.txt")),
    Case("sharing: printers not shared", SHARING,
         lambda: sharing.with_cups(sharing.linux(), "cupsctl-cups242-default.txt")),
    Case("sharing: bluetooth visible with no time limit", SHARING,
         lambda: sharing.with_bluetooth(sharing.linux(), "bluetoothctl-show-discoverable-no-timeout.txt")),
    Case("sharing: bluetooth hidden", SHARING,
         lambda: sharing.with_bluetooth(sharing.linux(), "bluetoothctl-show-not-discoverable.txt")),
    Case("sharing: GNOME file sharing open", SHARING, lambda: _gnome_sharing(EMPTY_LIST, ONE, "default")),
    Case("sharing: GNOME media sharing on", SHARING, lambda: _gnome_sharing(ONE, EMPTY_LIST)),
    Case("sharing: GNOME sharing off", SHARING, lambda: _gnome_sharing(EMPTY_LIST, EMPTY_LIST)),
    # location-services: GeoClue's settings and GNOME's switch
    Case("location: GNOME switch on", LOCATION_SERVICES,
         lambda: location.geoclue(gnome="gsettings-location-enabled-true.txt", running=True)),
    Case("location: GNOME switch off", LOCATION_SERVICES,
         lambda: location.geoclue(gnome="gsettings-location-enabled-default.txt")),
    Case("location: no desktop switch", LOCATION_SERVICES, lambda: location.geoclue()),
    # backups
    Case("backups: Deja Dup never used", BACKUPS,
         lambda: backups.with_deja_dup(backups.computer(), "dejadup-last-backup-never.txt",
                                       "dejadup-periodic-false.txt")),
    Case("backups: Deja Dup a week ago", BACKUPS,
         lambda: backups.with_deja_dup(backups.computer(), "dejadup-last-backup-2026-11-10.txt",
                                       "dejadup-periodic-true.txt")),
    Case("backups: Timeshift of the system only", BACKUPS,
         lambda: backups.with_timeshift(backups.computer(), "timeshift-daily-system-only.json")),
    Case("backups: Timeshift template", BACKUPS,
         lambda: backups.with_timeshift(backups.computer(), "timeshift-default.json")),
    # browser-protection
    Case("browser: Chromium Safe Browsing off", BROWSER_PROTECTION,
         lambda: browser.chromium("chromium155-preferences-safebrowsing-off.json")),
    Case("browser: Chromium default", BROWSER_PROTECTION,
         lambda: browser.chromium("chromium155-preferences-default.json")),
    Case("browser: Firefox protection off in user.js", BROWSER_PROTECTION,
         lambda: browser.firefox(browser.BP + "firefox153-prefs-after-user-js.js",
                                 user_js=fixture(browser.BP + "firefox153-user-js-protection-off.js"))),
    Case("browser: Firefox fresh", BROWSER_PROTECTION,
         lambda: browser.firefox(browser.BP + "firefox153-prefs-fresh.js")),
]


(test_each_case_is_handed_real_content, test_damaged_content_gives_an_honest_finding,
 test_content_unreadable_or_reencoded_never_turns_into_a_pass,
 test_content_up_to_the_hosts_cap_gives_an_honest_finding) = property_tests(CASES)
