"""automatic-updates on macOS, against Software Update and App Store settings files recorded on real Macs."""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.automatic_updates import CHECK
from checks.local.automatic_updates.macos import COMMERCE_PLIST, SOFTWARE_UPDATE_PLIST, read_switch
from tests.support import fixture_bytes, run_check

FOLDER = "macos/softwareupdate"


def mac(software_update: str | bytes | None, commerce: str | None = None, os_name: str = "macOS 14.5") -> RecordedHost:
    host = RecordedHost("macos", os_name=os_name)
    if software_update is not None:
        data = software_update if isinstance(software_update, bytes) else fixture_bytes(f"{FOLDER}/{software_update}")
        host.add_file(SOFTWARE_UPDATE_PLIST, data)
    if commerce is not None:
        host.add_file(COMMERCE_PLIST, fixture_bytes(f"{FOLDER}/{commerce}"))
    return host


def test_values_are_read_the_way_macos_reads_them():
    assert read_switch(True) is True and read_switch(0) is False and read_switch(1) is True
    assert read_switch("YES") is True and read_switch("False") is False
    assert read_switch("sometimes") is None and read_switch([1]) is None


def test_everything_on_passes():
    found = run_check(CHECK, mac("tahoe-26.5.2-recommended.plist", "commerce-high-sierra.plist", "macOS 26.5.2"))
    assert found.status is Status.PASS
    assert any("always checks" in e.seen for e in found.evidence)


def test_switches_never_changed_count_as_macos_defaults():
    host = mac("ventura-13.3.1-no-updates.plist", os_name="macOS 13.3.1")  # only AutomaticCheckEnabled is set
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("never changed" in e.seen for e in found.evidence)
    assert any(e.looked_at == COMMERCE_PLIST and "does not exist" in e.seen for e in found.evidence)
    assert host.asked == []  # settings are read from disk, nothing is run


def test_no_settings_files_at_all_means_the_defaults():
    assert run_check(CHECK, mac(None)).status is Status.PASS


def test_automatic_checking_off_fails_before_macos_15():
    found = run_check(CHECK, mac("ventura-13.3.1-check-off.plist", os_name="macOS 13.3.1"))
    assert found.status is Status.FAIL
    assert "does not check for updates" in found.summary


def test_automatic_checking_off_is_not_judged_from_macos_15():
    found = run_check(CHECK, mac("ventura-13.3.1-check-off.plist", os_name="macOS 15.1"))
    assert found.status is Status.PASS


def test_an_unknown_macos_version_still_judges_the_check_switch():
    assert run_check(CHECK, mac("ventura-13.3.1-check-off.plist", os_name="macOS")).status is Status.FAIL


def test_no_security_fixes_installing_themselves_fails():
    found = run_check(CHECK, mac("catalina-10.15.7-automatic-off.plist", os_name="macOS 10.15.7"))
    assert found.status is Status.FAIL
    assert "Security fixes do not install themselves" in found.summary


def test_macos_updates_waiting_for_someone_is_partial():
    found = run_check(CHECK, mac("tahoe-26.5.2-macos-install-off.plist", os_name="macOS 26.5.2"))
    assert found.status is Status.PARTIAL
    assert "macOS updates wait until someone installs them" in found.summary


def test_security_responses_off_is_partial():
    plist = fixture_bytes(f"{FOLDER}/tahoe-26.5.2-recommended.plist").replace(
        b"<key>CriticalUpdateInstall</key>\n\t<integer>1</integer>",
        b"<key>CriticalUpdateInstall</key>\n\t<integer>0</integer>")  # 'Install Security Responses' off
    found = run_check(CHECK, mac(plist, os_name="macOS 26.5.2"))
    assert found.status is Status.PARTIAL
    assert "Security Responses and system data files do not" in found.summary


def test_download_off_stops_macos_updates_and_says_so():
    plist = fixture_bytes(f"{FOLDER}/tahoe-26.5.2-recommended.plist").replace(
        b"<key>AutomaticDownload</key>\n\t<integer>1</integer>",
        b"<key>AutomaticDownload</key>\n\t<integer>0</integer>")
    found = run_check(CHECK, mac(plist, os_name="macOS 26.5.2"))
    assert found.status is Status.PARTIAL
    assert "Download new updates when available" in found.summary


def test_app_store_apps_not_updating_is_partial():
    found = run_check(CHECK, mac("tahoe-26.5.2-recommended.plist", "commerce-high-sierra-autoupdate-off.plist",
                                 "macOS 26.5.2"))
    assert found.status is Status.PARTIAL
    assert "App Store do not update themselves" in found.summary


def test_a_value_macos_would_not_read_as_a_switch_is_unknown():
    plist = fixture_bytes(f"{FOLDER}/catalina-10.15.7-automatic-off.plist").replace(b"<string>YES</string>",
                                                                                    b"<string>daily</string>")
    found = run_check(CHECK, mac(plist, os_name="macOS 10.15.7"))
    assert found.status is Status.UNKNOWN
    assert "Check for updates" in found.summary


def test_a_settings_file_that_is_not_a_property_list_is_unknown():
    found = run_check(CHECK, mac(b"not a plist"))
    assert found.status is Status.UNKNOWN
    assert "not a property list" in found.summary


def test_a_refused_settings_file_is_unknown():
    host = mac(None)
    host.deny(COMMERCE_PLIST)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed to read" in found.summary
