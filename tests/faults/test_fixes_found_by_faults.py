"""The check bugs the fault-injection and property suites found, each pinned by its own small test.

Each failed before its fix: a garbled, refused or oversized answer, or a desktop Homeguard does not know, read as
"nothing to worry about" (a pass, or "does not apply") instead of "could not tell"; a damaged preference file crashed
a check.
"""

from __future__ import annotations

from auditor.host_protocol import UNKNOWN_USER, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.admin_account import CHECK as ADMIN_ACCOUNT
from checks.local.auto_login import CHECK as AUTO_LOGIN
from checks.local.automatic_updates import CHECK as AUTOMATIC_UPDATES
from checks.local.common.desktop import find_desktop
from checks.local.common.macos import read_plist
from checks.local.common.windows_update import PAUSE_VALUES, UX_SETTINGS
from checks.local.disk_encryption.windows import parse_protection
from checks.local.location_services import CHECK as LOCATION_SERVICES
from checks.local.location_services.windows import MACHINE as LOCATION_MACHINE
from checks.local.location_services.windows import USER as LOCATION_USER
from checks.local.password_manager import CHECK as PASSWORD_MANAGER
from checks.local.password_manager.windows import UNINSTALL_KEYS
from checks.local.screen_lock import CHECK as SCREEN_LOCK
from checks.local.screen_lock.macos import parse_display_sleep
from checks.local.ssh_keys import CHECK as SSH_KEYS
from checks.local.ssh_keys.keys import MAX_FILES, classify
from tests.faults.fault_host import garbled
from tests.support import fixture, fixture_bytes, run_check


def test_a_garbled_id_answer_on_a_mac_is_could_not_tell_never_a_standard_account():
    # `id -Gn` of an administrator, as UTF-16 read through UTF-8: "admin" is no longer a word in it.
    groups = fixture("macos/groups/groups-admin-buskill77.txt")
    garbled = (b"\xff\xfe" + groups.encode("utf-16-le")).decode("utf-8", errors="replace")
    host = RecordedHost("macos").add_command(["id", "-Gn"], garbled)
    found = run_check(ADMIN_ACCOUNT, host)
    assert found.status is Status.UNKNOWN
    assert "cannot read" in found.summary


def test_an_unknown_desktop_named_in_the_session_is_a_desktop_not_no_session():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "LXDE"})
    desktop = find_desktop(host)
    assert desktop.id == "other" and "XDG_CURRENT_DESKTOP=LXDE" in desktop.how_found
    assert run_check(SCREEN_LOCK, host).status is Status.UNKNOWN  # was "does not apply: no screen to lock"
    assert find_desktop(RecordedHost("linux")).id is None  # no variables, no processes: still no session


def test_a_private_key_saved_as_utf16_is_still_read_as_a_key():
    key = fixture_bytes("linux/ssh/ed25519_nopass").decode("utf-8")
    info = classify(b"\xff\xfe" + key.encode("utf-16-le"))
    assert info is not None and info.protected is False


def test_keys_beyond_the_files_read_make_the_answer_could_not_tell_never_no_keys():
    host = RecordedHost("linux").add_dir("~/.ssh")
    for n in range(MAX_FILES + 5):
        host.add_file(f"~/.ssh/backup-{n:04}", "not a key\n")
    assert run_check(SSH_KEYS, host).status is Status.UNKNOWN  # was "no SSH private keys here"
    host.add_file("~/.ssh/id_ed25519", fixture_bytes("linux/ssh/ed25519_nopass"))
    found = run_check(SSH_KEYS, host)
    assert found.status is Status.FAIL  # the usual key name is read first, however crowded the folder


def test_a_damaged_preference_file_is_unreadable_not_a_crash():
    text = fixture("macos/softwareupdate/catalina-10.15.7-automatic-off.plist")
    broken = text.replace("<date>", "<date>\ufffd", 1)
    assert broken != text
    host = RecordedHost("macos").add_file("/Library/Preferences/x.plist", broken)
    plist = read_plist(host, "/Library/Preferences/x.plist")
    assert plist.data is None and "not a property list" in plist.problem


def test_an_unreadable_group_file_never_makes_an_administrator_a_standard_account():
    # Added to sudo since signing in: only /etc/group shows it. Refused or garbled, it must not read as "standard".
    user = UserInfo(name="alex", home="/home/alex", uid=1000, groups=("alex",))
    refused = RecordedHost("linux", user=user).deny("/etc/group")
    assert run_check(ADMIN_ACCOUNT, refused).status is Status.UNKNOWN
    group = fixture("linux/groups/group-debian12-alex-sudo")
    garbled = RecordedHost("linux", user=user).add_file("/etc/group", b"\xff\xfe" + group.encode("utf-16-le"))
    assert run_check(ADMIN_ACCOUNT, garbled).status is Status.UNKNOWN
    missing = RecordedHost("linux", user=user)  # no /etc/group at all: the account's own groups decide
    assert run_check(ADMIN_ACCOUNT, missing).status is Status.PASS


def test_a_user_the_system_will_not_name_is_could_not_tell():
    host = RecordedHost("linux", user=UNKNOWN_USER).add_file("/etc/group",
                                                              fixture("linux/groups/group-debian12-alex-sudo"))
    assert run_check(ADMIN_ACCOUNT, host).status is Status.UNKNOWN  # was "a standard account ()"


def test_a_login_manager_file_that_is_not_text_is_could_not_tell_never_no_auto_login():
    conf = fixture("linux/gdm/daemon.conf-debian12-autologin-modified")
    host = RecordedHost("linux").add_file("/etc/gdm3/daemon.conf", b"\xff\xfe" + conf.encode("utf-16-le"))
    found = run_check(AUTO_LOGIN, host)
    assert found.status is Status.UNKNOWN
    assert "not written as plain text" in found.summary


def test_a_putty_key_cut_off_after_encryption_is_not_taken_as_protected():
    # Found by hypothesis: "Encryption:" with nothing after it read as "protected by a passphrase ()".
    info = classify(b"PuTTY-User-Key-File-3: ssh-ed25519\r\nEncryption:")
    assert info is not None and info.protected is None
    # ... and "Encryption: none" cut to "Encryption: n" read as a cipher called "n".
    info = classify(b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: n")
    assert info is not None and info.protected is None


def test_a_superscript_digit_is_not_a_number_the_parsers_can_read():
    # Found by hypothesis: "¹".isdigit() is true, but int("¹") raises, which crashed the probe.
    assert parse_protection("¹") is None
    assert parse_display_sleep("AC Power:\n displaysleep ¹\n") == {}


def test_a_garbled_pause_date_never_reads_as_windows_installing_updates_itself():
    # The real "Pause updates" values (paused until 2042), garbled as the fault gives them: they were skipped as
    # "not a date", so automatic-updates fell back to Windows' default, "installs updates by itself" (a pass).
    host = RecordedHost("windows").add_registry(fixture("windows/windows-update/reg-pause-until-2042.reg"))
    assert run_check(AUTOMATIC_UPDATES, host).status is Status.PARTIAL
    for name in PAUSE_VALUES:
        host.add_registry_value(UX_SETTINGS, name, "REG_SZ", garbled("2042-09-05T09:59:52Z"))
    found = run_check(AUTOMATIC_UPDATES, host)
    assert found.status is Status.UNKNOWN
    assert found.summary.startswith("Could not tell whether updates are paused")


def test_an_uninstall_entry_refused_or_garbled_never_turns_a_password_manager_into_none():
    # KeePass found only in "Apps & features" (a real reg query). Refused, or its DisplayName garbled, the entry
    # was skipped and the verdict fell from "a password manager is set up" to "none was found".
    key = UNINSTALL_KEYS[0] + r"\KeePassPasswordSafe2_is1"

    def keepass() -> RecordedHost:
        return RecordedHost("windows").add_registry(fixture("windows/password-managers/"
                                                            "reg-query-uninstall-keepass-2.40.txt"))

    assert run_check(PASSWORD_MANAGER, keepass()).status is Status.PASS
    assert run_check(PASSWORD_MANAGER, keepass().deny_registry(key)).status is Status.UNKNOWN
    host = keepass().add_registry_value(key, "DisplayName", "REG_SZ", garbled("KeePass Password Safe 2.40"))
    assert run_check(PASSWORD_MANAGER, host).status is Status.UNKNOWN


def test_a_refused_location_switch_for_the_whole_computer_is_could_not_tell():
    # Refused, it was read as "not off", and with no app recorded the verdict was "no app ... has used it" (a pass);
    # with apps recorded it was "partly", though the switch may be the "Deny" that makes it a pass.
    def location(*, app_used: bool) -> RecordedHost:
        host = RecordedHost("windows").add_registry_value(LOCATION_USER, "Value", "REG_SZ", "Allow")
        if app_used:
            host.add_registry_value(LOCATION_USER + r"\Microsoft.WindowsMaps_8wekyb3d8bbwe", "LastUsedTimeStart",
                                    "REG_QWORD", 134_063_658_000_000_000)  # 2025-10-31
        return host

    assert run_check(LOCATION_SERVICES, location(app_used=False)).status is Status.PASS
    assert run_check(LOCATION_SERVICES, location(app_used=True)).status is Status.PARTIAL
    for app_used in (False, True):
        found = run_check(LOCATION_SERVICES, location(app_used=app_used).deny_registry(LOCATION_MACHINE))
        assert found.status is Status.UNKNOWN
        assert ("Microsoft.WindowsMaps (2025-10-31" in found.summary) is app_used
