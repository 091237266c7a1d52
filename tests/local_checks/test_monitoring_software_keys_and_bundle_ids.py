"""monitoring-software's registry-key (Windows) and bundle-id (macOS) indicators: found, refused, damaged.

Real: the Windows 10 Pro process list and the macOS 26 process list the other monitoring-software tests use (see
their docstrings). The registry keys, apps and Info.plist files are test constructions: unverified, built from the
indicator list (products.toml, which cites Defender's signatures for each key and id), not recorded on a computer
that has these products. The property lists are written with plistlib, in both its binary and XML forms.
"""

from __future__ import annotations

import plistlib

from auditor.model import Status
from checks.local.monitoring_software import CHECK
from checks.local.monitoring_software.bundles import MAX_PLIST_BYTES
from checks.local.monitoring_software.windows import registry_views
from tests.local_checks.test_monitoring_software_macos import mac
from tests.local_checks.test_monitoring_software_windows import pc
from tests.support import run_check

SAFETY_WORDS = "removing it may alert the person who installed it"


def seen(finding) -> dict[str, str]:
    return {e.looked_at: e.seen for e in finding.evidence}


def info_plist(bundle_id: str, fmt: plistlib.PlistFormat = plistlib.FMT_BINARY) -> bytes:
    return plistlib.dumps({"CFBundleIdentifier": bundle_id, "CFBundleName": "Helper"}, fmt=fmt)


# -- Windows: registry keys -----------------------------------------------------------------------------------------

def test_an_hklm_software_key_is_also_looked_for_in_the_32_bit_view():
    assert registry_views(r"HKLM\SOFTWARE\Refog Software") == (
        r"HKLM\SOFTWARE\Refog Software", r"HKLM\SOFTWARE\WOW6432Node\Refog Software")
    assert registry_views(r"HKCU\Software\WideStep\EliteKeylogger") == (r"HKCU\Software\WideStep\EliteKeylogger",)


def test_elite_keyloggers_key_in_the_persons_registry_fails_with_safety_first_words():
    host = pc().add_registry_value(r"HKCU\Software\WideStep\EliteKeylogger", "Hidden", "REG_DWORD", 1)
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: Elite Keylogger" in finding.summary
    assert SAFETY_WORDS in finding.summary
    found = seen(finding)["found: Elite Keylogger (keylogger)"]
    assert r"the registry key HKCU\Software\WideStep\EliteKeylogger exists" in found
    assert "Elite Keylogger (MonitoringTool:Win32/EliteKeylogger)" in found  # the source is named


def test_a_key_with_only_subkeys_in_the_32_bit_view_is_found():
    # A 32-bit installer on 64-bit Windows writes under WOW6432Node; the key itself may hold no values.
    host = pc().add_registry_value(r"HKLM\SOFTWARE\WOW6432Node\Refog Software\MPK", "Version", "REG_SZ", "7.0")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "REFOG Personal Monitor" in finding.summary
    found = seen(finding)["found: REFOG Personal Monitor (keylogger)"]
    assert r"HKLM\SOFTWARE\WOW6432Node\Refog Software exists" in found


def test_a_neighbouring_key_of_the_same_maker_does_not_count():
    # Only the listed key counts, never a sibling under the same folder of the registry.
    host = pc().add_registry_value(r"HKCU\Software\WideStep\SomeOtherTool", "Path", "REG_SZ", r"C:\Tools")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "24 monitoring and spying products" in finding.summary


def test_a_refused_key_is_could_not_tell_and_named():
    host = pc().deny_registry(r"HKLM\SOFTWARE\AKMonitor")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN
    assert "no known monitoring software was found" in finding.summary
    assert r"HKLM\SOFTWARE\AKMonitor: the registry refused" in finding.summary
    assert any(e.looked_at == "could not look in" and r"HKLM\SOFTWARE\AKMonitor" in e.seen for e in finding.evidence)


def test_a_refused_key_does_not_hide_a_product_found_elsewhere():
    host = pc().deny_registry(r"HKLM\SOFTWARE\AKMonitor")
    host.add_registry_value(r"HKCU\Software\AKProgram\Keylogger", "Run", "REG_DWORD", 1)
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "Actual Spy (Actual Keylogger)" in finding.summary


# -- macOS: apps' bundle ids ----------------------------------------------------------------------------------------

def test_a_renamed_app_is_found_by_its_bundle_id():
    host = mac().add_file("/Applications/System Helper.app/Contents/Info.plist", info_plist("com.hoverwatch.monitor"))
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: Hoverwatch" in finding.summary
    assert SAFETY_WORDS in finding.summary
    found = seen(finding)["found: Hoverwatch (stalkerware)"]
    assert "/Applications/System Helper.app is the app com.hoverwatch.monitor" in found
    assert "Refog.B!MTB" in found


def test_an_app_a_launch_agent_starts_from_a_hidden_folder_is_found_by_its_xml_info_plist():
    agent = plistlib.dumps({"Label": "com.example.helper",
                            "ProgramArguments": ["/Library/hidden/Helper.app/Contents/MacOS/Helper", "--quiet"]},
                           fmt=plistlib.FMT_XML)
    host = mac().add_file("/Library/LaunchAgents/com.example.helper.plist", agent)
    host.add_file("/Library/hidden/Helper.app/Contents/Info.plist", info_plist("com.actual.akm", plistlib.FMT_XML))
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "Spyrix" in finding.summary
    assert "/Library/hidden/Helper.app is the app com.actual.akm" in seen(finding)[
        "found: Spyrix (Keylogger, Personal Monitor) (keylogger)"]


def test_an_app_in_a_folder_inside_applications_is_not_read():
    # Only the top level of /Applications is read, to keep the scan quick (said in LOOKS_AT).
    host = mac().add_file("/Applications/Utilities/Helper.app/Contents/Info.plist", info_plist("com.spyrix.skm"))
    assert run_check(CHECK, host).status is Status.PASS
    assert "top level of /Applications" in CHECK.spec.looks_at["macos"]


def test_damaged_and_oversized_info_plists_are_skipped_and_counted():
    host = mac().add_file("/Applications/Broken.app/Contents/Info.plist", b"<?xml version='1.0'?><plist><dict><key>")
    host.add_file("/Applications/Cut.app/Contents/Info.plist", info_plist("com.example.cut")[:20])
    host.add_file("/Applications/Huge.app/Contents/Info.plist", b"<" * (MAX_PLIST_BYTES + 10))
    host.add_file("/Applications/List.app/Contents/Info.plist", plistlib.dumps(["not", "a", "dictionary"]))
    host.add_file("/Applications/Fine.app/Contents/Info.plist", info_plist("com.example.fine"))
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    skipped = seen(finding)["skipped (damaged)"]
    assert skipped.startswith("4 files could not be read as settings and were passed over")
    assert "/Applications/Broken.app/Contents/Info.plist (not a property list" in skipped
    assert "Huge.app/Contents/Info.plist (larger than 256 kB)" in skipped


def test_a_refused_info_plist_is_could_not_tell():
    host = mac().deny("/Applications/Private.app/Contents/Info.plist")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN
    assert "/Applications/Private.app/Contents/Info.plist: permission denied" in finding.summary


def test_apples_own_apps_are_read_and_pass():
    host = mac().add_file("/Applications/Safari.app/Contents/Info.plist", info_plist("com.apple.Safari"))
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS and "skipped (damaged)" not in seen(finding)
