"""What the damaged-input tests (test_damaged_inputs_*.py) found, each as the smallest example hypothesis gave.

Fixed here: an answer a check could not read at all was taken as "nothing there" (nobody holds the camera, no
folder shared, Bluetooth hidden...), so damage turned a finding into a pass. Each answer below is a real recorded
output (tests/fixtures, SOURCES.toml) with one damage; each now gives "could not tell" with the reason, and the same
output undamaged still gives its verdict.

Reported to the lead (code this suite's author did not own) and mended there: JSON nested too deeply is read as
damaged (auditor.json_text), and values of the wrong type are passed over.
"""

from __future__ import annotations

import json
import plistlib

import pytest

from auditor.model import Finding, Status
from auditor.recorded import RecordedHost
from checks.local.backups import CHECK as BACKUPS
from checks.local.browser_protection import CHECK as BROWSER_PROTECTION
from checks.local.camera_microphone import CHECK as CAMERA_MICROPHONE
from checks.local.camera_microphone.linux import unreadable_lines
from checks.local.find_my_device import CHECK as FIND_MY_DEVICE
from checks.local.sharing import CHECK as SHARING
from checks.local.xprotect import CHECK as XPROTECT
from checks.local.xprotect.macos import parse_install_history
from tests.local_checks import test_backups_linux as backups
from tests.local_checks import test_browser_protection as browser
from tests.local_checks import test_camera_microphone_linux as camera_linux
from tests.local_checks import test_camera_microphone_macos as camera_macos
from tests.local_checks import test_camera_microphone_windows as camera_windows
from tests.local_checks import test_find_my_device as find_my
from tests.local_checks import test_sharing_linux as sharing_linux
from tests.local_checks import test_sharing_macos as sharing_macos
from tests.local_checks import test_xprotect_macos as xprotect
from tests.support import fixture, fixture_bytes, run_check

BOM = "\ufeff"


def utf16(text: str) -> bytes:
    """``text`` as a program writing UTF-16 with a byte order mark gives it."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def said(found: Finding) -> str:
    return " ".join(e.seen for e in found.evidence)


# -- fixed ----------------------------------------------------------------------------------------------------------

def test_camera_linux_a_garbled_find_answer_is_could_not_tell_not_nobody() -> None:
    """Was: find's listing of the camera held by an unknown program, in UTF-16, read as "nobody holds it": pass."""
    holder = ("camgrab", "/home/alex/.local/bin/camgrab")
    assert run_check(CAMERA_MICROPHONE, camera_linux.linux(camera_linux.FIND_VIDEO0, holder=holder)).status is \
        Status.PARTIAL
    found = run_check(CAMERA_MICROPHONE, camera_linux.linux(utf16(camera_linux.FIND_VIDEO0), holder=holder))
    assert found.status is Status.UNKNOWN
    assert "could not read" in said(found)
    assert unreadable_lines(camera_linux.FIND_VIDEO0) == [] and unreadable_lines(camera_linux.FIND_NOTHING) == []


def test_camera_linux_a_garbled_pactl_answer_is_could_not_tell_unless_something_else_is_named() -> None:
    """Was: the real recording stream of an app Homeguard does not know, in UTF-16, read as "no app records"."""
    stream = camera_linux.WEBRTC.replace("WEBRTC VoiceEngine", "quietrec")  # unverified: the real stream renamed
    clean = run_check(CAMERA_MICROPHONE, camera_linux.linux(devices=(), find_out=None, pactl=(stream, "", 0)))
    assert clean.status is Status.PARTIAL
    garbled = run_check(CAMERA_MICROPHONE, camera_linux.linux(pactl=(utf16(stream), "", 0)))  # type: ignore[arg-type]
    assert garbled.status is Status.UNKNOWN and "sound service's answer" in garbled.summary
    # a program on the camera is still named when the sound service's answer cannot be read
    holder = ("camgrab", "/home/alex/.local/bin/camgrab")
    both = camera_linux.linux(camera_linux.FIND_VIDEO0, holder=holder, pactl=(utf16(stream), "", 0))  # type: ignore[arg-type]
    assert run_check(CAMERA_MICROPHONE, both).status is Status.PARTIAL


def test_camera_macos_a_row_that_cannot_be_read_is_not_a_pass() -> None:
    """Was: sqlite3's rows (the Ventura-layout database) with a byte order mark before the first, an app Homeguard
    does not know, read as "only well-known apps": pass."""
    assert run_check(CAMERA_MICROPHONE, camera_macos.mac((camera_macos.VENTURA, "", 0))).status is Status.PARTIAL
    found = run_check(CAMERA_MICROPHONE, camera_macos.mac((BOM + camera_macos.VENTURA, "", 0)))
    assert found.status is Status.UNKNOWN
    assert "could not read" in said(found)


def test_sharing_linux_a_garbled_usershare_listing_is_could_not_tell() -> None:
    """Was: the real listing of two shared folders, in UTF-16, read as "no folder shared": pass."""
    listing = fixture(f"{sharing_linux.SHARING}/net-usershare-info-ubuntu1404-no-guest.txt")
    host = sharing_linux.with_samba(sharing_linux.linux("smbd"), conf=None)
    host.add_command(sharing_linux.USERSHARES, utf16(listing))
    found = run_check(SHARING, host)
    assert found.status is Status.UNKNOWN and "usershares" in found.summary


def test_sharing_linux_a_garbled_bluetooth_answer_is_could_not_tell() -> None:
    """Was: bluetoothctl's answer for an adapter visible with no time limit, with a byte order mark, read as "no
    Bluetooth adapter": pass. The real "no adapter" answer still reads as no adapter."""
    shown = fixture(f"{sharing_linux.SHARING}/bluetoothctl-show-discoverable-no-timeout.txt")
    host = sharing_linux.linux("bluetoothd")
    host.add_command(["bluetoothctl", "show"], BOM + shown)
    found = run_check(SHARING, host)
    assert found.status is Status.UNKNOWN and "Bluetooth" in found.summary
    none = sharing_linux.with_bluetooth(sharing_linux.linux(), "bluetoothctl-show-no-controller.txt")
    assert run_check(SHARING, none).status is Status.PASS


@pytest.mark.parametrize("printed", [BOM + "1\n", "1\n\n" * 3])
def test_sharing_macos_a_bluetooth_sharing_value_that_is_neither_on_nor_off_is_could_not_tell(printed: str) -> None:
    """Was: Bluetooth Sharing's real "on" value (1) with a byte order mark, or printed over and over, read as off."""
    host = sharing_macos.mac()
    host.add_command(sharing_macos.BLUETOOTH, printed)
    found = run_check(SHARING, host)
    assert found.status is Status.UNKNOWN and "Bluetooth Sharing" in found.summary


# -- reported to the lead, then mended ---------------------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000  # JSON nested past Python's recursion limit (about 1000 levels is enough)


def test_browser_protection_deeply_nested_preferences_are_could_not_tell() -> None:
    host = RecordedHost("linux").add_file(f"{browser.CHROMIUM}/Default/Preferences", DEEP)
    assert run_check(BROWSER_PROTECTION, host).status is Status.UNKNOWN


def test_backups_deeply_nested_timeshift_settings_are_could_not_tell() -> None:
    host = backups.computer().add_file("/etc/timeshift/timeshift.json", DEEP)
    assert run_check(BACKUPS, host).status is Status.UNKNOWN


def test_backups_timeshift_exclude_of_the_wrong_type_is_read_without_crashing() -> None:
    config = json.loads(fixture("linux/backups/timeshift-daily-system-only.json"))
    config["exclude"] = True
    host = backups.computer().add_file("/etc/timeshift/timeshift.json", json.dumps(config))
    assert run_check(BACKUPS, host).status in (Status.PARTIAL, Status.UNKNOWN)


def test_find_my_device_deeply_nested_powershell_json_is_could_not_tell() -> None:
    host = find_my.windows(find_my.SYNC_OFF, DEEP.decode())
    assert run_check(FIND_MY_DEVICE, host).status in (Status.FAIL, Status.UNKNOWN)


def test_camera_windows_a_last_use_stored_as_bytes_is_not_never_used() -> None:
    start = camera_windows.days_ago(3)
    host = camera_windows.windows({("webcam", camera_windows.HELPER): (None, start, start + 600)})
    key = (camera_windows.store_key("HKCU", "webcam") + "\\NonPackaged\\" + camera_windows.HELPER)
    clean = run_check(CAMERA_MICROPHONE, host).status
    ticks = host.registry_values(key)["lastusedtimestart"].data  # type: ignore[index]
    assert clean is Status.PARTIAL and isinstance(ticks, int)
    host.add_registry_value(key, "LastUsedTimeStart", "REG_BINARY", ticks.to_bytes(8, "little"))
    assert run_check(CAMERA_MICROPHONE, host).status is not Status.PASS


@pytest.mark.parametrize("ids", [True, 7, 1.5])
def test_xprotect_package_identifiers_of_the_wrong_type_are_skipped_not_a_crash(ids: object) -> None:
    """Was: TypeError ('bool' object is not iterable) when an entry of the real install history (plaso's macOS
    10.9 file) had packageIdentifiers of another type than a list; the entry's name is still read."""
    history = plistlib.loads(fixture_bytes(xprotect.HISTORY))
    for entry in history:
        entry["packageIdentifiers"] = ids
    found = parse_install_history(plistlib.dumps(history))
    assert found == parse_install_history(fixture_bytes(xprotect.HISTORY))  # XProtect's entry, by its name
    assert found and found[0].what == "rules"
    host = xprotect.mac(3)
    host.add_file(xprotect.INSTALL_HISTORY, plistlib.dumps(history))
    assert run_check(XPROTECT, host).status is Status.PASS


def test_browser_protection_an_extension_location_of_the_wrong_type_is_read_without_crashing() -> None:
    preferences = json.loads(fixture(browser.BP + "chromium155-preferences-default.json"))
    entries = preferences["extensions"]["settings"]
    entries[sorted(entries)[0]]["location"] = []
    host = RecordedHost("linux").add_file(f"{browser.CHROMIUM}/Default/Preferences", json.dumps(preferences))
    assert run_check(BROWSER_PROTECTION, host).status in (Status.PASS, Status.UNKNOWN)


GUEST_SHARE_CONF = f"{sharing_linux.SHARING}/testparm-s-ubuntu-guest-share.txt"


@pytest.mark.parametrize("damaged", [b"\x00" * 64, utf16(fixture(GUEST_SHARE_CONF))])
def test_sharing_linux_an_smb_conf_that_is_not_text_is_could_not_tell(damaged: bytes) -> None:
    """Was: the real smb.conf with a guest share, zero-filled (as after a power cut) or saved as UTF-16, read as "no
    share": pass."""
    def host(conf: bytes | None) -> RecordedHost:
        built = sharing_linux.with_samba(sharing_linux.linux("smbd"))
        built.add_command(sharing_linux.USERSHARES, returncode=255, stderr=fixture(
            f"{sharing_linux.SHARING}/net-usershare-info-no-usershare-folder.stderr.txt"))
        if conf is not None:
            built.add_file("/etc/samba/smb.conf", conf)
        return built

    assert run_check(SHARING, host(None)).status is Status.FAIL  # the recorded smb.conf, as it is
    found = run_check(SHARING, host(damaged))
    assert found.status is Status.UNKNOWN and "Samba's settings" in found.summary
