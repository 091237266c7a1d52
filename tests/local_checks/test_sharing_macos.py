"""sharing on macOS: File Sharing, Media Sharing, AirPlay Receiver, Printer Sharing and Bluetooth Sharing.

The launchd switches are a real Mac's listing (tests/fixtures/macos/sharing), "key not set" is a real `defaults`
answer (for Bluetooth Sharing, the very key read), Media Sharing switched off is a real macOS 15 Mac's settings
(converted to the XML `defaults export` prints, so marked unverified in SOURCES.toml), and cupsctl is the same
CUPS program as on Linux (linux/sharing). AirPlay Receiver and Bluetooth Sharing switched on come from a real macOS
13.1 Mac's ByHost settings files, the very files `defaults -currentHost read` reads; the tests print their booleans
in the 1/0 form `defaults` uses (real recordings of that form are in macos/loginwindow). Values no Mac has been
recorded giving are inline, marked "unverified", and listed in the check's UNVERIFIED.
"""

import plistlib

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.sharing import CHECK
from checks.local.sharing.macos import SMB_SERVER
from tests.support import fixture, fixture_bytes, run_check

NOT_SET = fixture("macos/loginwindow/defaults-missing-key-monterey-stderr.txt")
BLUETOOTH_NOT_SET = fixture("macos/sharing/defaults-currenthost-bluetooth-not-set-stderr.txt")
MEDIA_OFF = fixture("macos/sharing/mediasharingd-macos15-export.plist")
AIRPLAY_HOST = ["defaults", "-currentHost", "read", "com.apple.controlcenter", "AirplayRecieverEnabled"]
AIRPLAY_USER = ["defaults", "read", "com.apple.controlcenter", "AirplayRecieverEnabled"]
BLUETOOTH = ["defaults", "-currentHost", "read", "com.apple.Bluetooth", "PrefKeyServicesEnabled"]
MEDIA = ["defaults", "export", "com.apple.amp.mediasharingd", "-"]
GUEST = ["defaults", "read", SMB_SERVER, "AllowGuestAccess"]
AIRPLAY_ON_FILE = "macos/sharing/controlcenter-byhost-macos13-airplay-on.plist"
BLUETOOTH_ON_FILE = "macos/sharing/bluetooth-byhost-macos13-sharing-on.plist"


def defaults_prints(recorded_file: str, key: str) -> str:
    """What `defaults read` prints for a boolean kept in a real settings file: 1 or 0."""
    value = plistlib.loads(fixture_bytes(recorded_file))[key]
    assert isinstance(value, bool)
    return f"{int(value)}\n"


# unverified: made to the documented format of `defaults export` (an XML property list; a domain never written is
# an empty dictionary), with the keys another tool's tests name for Media Sharing
EMPTY_PLIST = ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict/></plist>\n')


def media_plist(home: int, public: int) -> str:
    # unverified: as EMPTY_PLIST, with Media Sharing's two switches set
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            f"<key>home-sharing-enabled</key><integer>{home}</integer>"
            f"<key>public-sharing-enabled</key><integer>{public}</integer></dict></plist>\n")


def mac(print_disabled: str = "print-disabled-macos15.txt", *, airplay: str | None = "0",
        media: str = MEDIA_OFF, cups: str = "cupsctl-not-shared.txt", os_name: str = "macOS 15.6.1") -> RecordedHost:
    """A Mac with every sharing switch off, unless a test says otherwise."""
    host = RecordedHost("macos", os_name=os_name)
    host.add_command(["launchctl", "print-disabled", "system"], fixture(f"macos/sharing/{print_disabled}"))
    host.add_command(MEDIA, media)
    if airplay is None:
        host.add_command(AIRPLAY_HOST, stderr=NOT_SET, returncode=1)
        host.add_command(AIRPLAY_USER, stderr=NOT_SET, returncode=1)
    else:
        host.add_command(AIRPLAY_HOST, f"{airplay}\n")  # unverified: `defaults` prints an -int value as its digits
    host.add_command(["cupsctl"], fixture(f"linux/sharing/{cups}"))
    host.add_command(BLUETOOTH, stderr=BLUETOOTH_NOT_SET, returncode=1)
    host.add_command(GUEST, stderr=NOT_SET, returncode=1)
    return host


def test_everything_off_passes():
    found = run_check(CHECK, mac())
    assert found.status is Status.PASS
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen["launchctl print-disabled system"] == "File Sharing (com.apple.smbd): never switched on"
    assert seen["defaults export com.apple.amp.mediasharingd -"] == "home-sharing-enabled 0, public-sharing-enabled 0"
    assert seen[" ".join(BLUETOOTH)] == "not set (off)"


def test_media_sharing_never_written_is_off():
    assert run_check(CHECK, mac(media=EMPTY_PLIST)).status is Status.PASS


def test_media_sharing_domain_said_not_to_exist_is_off_but_other_refusals_are_not():
    # unverified: `defaults read`'s wording for a missing domain, in case `export` answers the same way
    host = mac()
    host.add_command(MEDIA, stderr="Domain com.apple.amp.mediasharingd does not exist\n", returncode=1)
    assert run_check(CHECK, host).status is Status.PASS
    refused = mac()
    refused.add_command(MEDIA, stderr="defaults: something else went wrong\n", returncode=1)  # unverified
    found = run_check(CHECK, refused)
    assert found.status is Status.UNKNOWN and "Media Sharing" in found.summary


def test_airplay_receiver_never_set_is_on_and_partial():
    host = mac(airplay=None)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "AirPlay Receiver" in found.summary
    assert tuple(AIRPLAY_USER) in host.asked  # the user's own domain is read before the default is assumed


def test_macos_11_and_older_have_no_airplay_receiver_to_offer():
    # The unset key that means "on" from macOS 12 means nothing on macOS 11 and older: the feature is not there.
    for older in ("macOS 11.7.10", "macOS 10.15.7"):
        host = mac(airplay=None, os_name=older)
        found = run_check(CHECK, host)
        assert found.status is Status.PASS, older
        assert "not part of macOS" in {e.looked_at: e.seen for e in found.evidence}["AirPlay Receiver"]
        assert tuple(AIRPLAY_HOST) not in host.asked
    assert run_check(CHECK, mac(airplay=None, os_name="macOS 12.7.6")).status is Status.PARTIAL


def test_airplay_receiver_on_in_a_real_macs_settings_is_partial():
    host = mac(airplay=defaults_prints(AIRPLAY_ON_FILE, "AirplayRecieverEnabled").strip())
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "AirPlay Receiver" in found.summary
    assert {e.looked_at: e.seen for e in found.evidence}[" ".join(AIRPLAY_HOST)] == "1"
    assert tuple(AIRPLAY_USER) not in host.asked  # this Mac's own setting decides


def test_bluetooth_sharing_on_in_a_real_macs_settings_is_partial():
    host = mac()
    host.add_command(BLUETOOTH, defaults_prints(BLUETOOTH_ON_FILE, "PrefKeyServicesEnabled"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Bluetooth Sharing" in found.summary


def test_file_sharing_on_is_partial_without_guests():
    found = run_check(CHECK, mac("print-disabled-macos15-file-sharing-on.txt"))
    assert found.status is Status.PARTIAL
    assert "File Sharing, for people who sign in" in found.summary


def test_file_sharing_with_guests_fails():
    host = mac("print-disabled-macos15-file-sharing-on.txt")
    host.add_command(GUEST, "1\n")  # unverified: made to the documented format of the CIS/mSCP guest-access rule
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "guest access" in found.summary and "switch off File Sharing" in found.summary


def test_media_sharing_with_guests_fails_and_home_sharing_is_partial():
    assert run_check(CHECK, mac(media=media_plist(0, 1))).status is Status.FAIL
    home = run_check(CHECK, mac(media=media_plist(1, 0)))
    assert home.status is Status.PARTIAL and "Home Sharing" in home.summary


def test_printer_sharing_is_partial():
    found = run_check(CHECK, mac(cups="cupsctl-shared.txt"))
    assert found.status is Status.PARTIAL
    assert "Printer Sharing" in found.summary


def test_unreadable_file_sharing_switch_is_unknown_not_a_pass():
    host = mac()
    host.add_command(["launchctl", "print-disabled", "system"], outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "File Sharing" in found.summary


def test_unreadable_media_and_airplay_settings_are_unknown():
    host = mac()
    host.add_command(MEDIA, outcome=CommandOutcome.DENIED)
    host.add_command(AIRPLAY_HOST, "maybe\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Media Sharing" in found.summary and "AirPlay Receiver" in found.summary
