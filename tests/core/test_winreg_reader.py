"""Reading `reg query` output (as recorded on real machines) into registry values."""

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.recorded import RecordedHost
from auditor.winreg_pasted import parse_get_item_property, parse_procmon_writes
from auditor.winreg_reader import (
    RegistryValue,
    normalise_key,
    parse_reg_query,
    parse_registry_text,
)
from tests.support import fixture

SERVER = "windows/registry/reg-query-policies-system-server.txt"
DEFAULTS = "windows/registry/reg-export-uac-defaults.reg"
SYSTEM = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"


def test_reg_query_output_from_a_real_server():
    keys = parse_reg_query(fixture(SERVER))
    system = keys[normalise_key(SYSTEM)]
    assert len(system) == 19
    assert system["enablelua"] == RegistryValue("REG_DWORD", 1)
    assert system["consentpromptbehavioradmin"].as_int() == 5
    assert system["legalnoticecaption"].data == ""


def test_reg_export_of_the_default_uac_values():
    system = parse_registry_text(fixture(DEFAULTS))[normalise_key(SYSTEM)]
    assert system["enablelua"] == RegistryValue("REG_DWORD", 1)
    assert system["filteradministratortoken"].as_int() == 0
    assert len(system) == 10


def test_hive_abbreviations_and_case_do_not_matter():
    assert normalise_key("HKLM/Software/X") == normalise_key("HKEY_LOCAL_MACHINE\\SOFTWARE\\x")


def test_recorded_host_answers_like_the_registry():
    host = RecordedHost("windows").add_registry(fixture(SERVER))
    assert host.registry_values(SYSTEM.lower())["enablelua"].data == 1
    assert host.registry_subkeys(r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies") == ["System"]
    assert host.registry_values(r"HKLM\SOFTWARE\Nothing") is None
    host.deny_registry(r"HKLM\SAM\SAM")
    import pytest

    from auditor.host import AccessDenied

    with pytest.raises(AccessDenied):
        host.registry_values(r"HKLM\SAM\SAM")


def test_the_real_host_off_windows_has_no_registry():
    from auditor.host import RealHost

    assert RealHost().registry_values(r"HKLM\SOFTWARE") is None


def test_values_as_text_for_messages():
    """What a check prints: decimal numbers, joined lists, and binary data as the hex `reg query` shows."""
    assert RegistryValue("REG_DWORD", 1).as_text() == "1"
    assert RegistryValue("REG_SZ", "Warn").as_text() == "Warn"
    assert RegistryValue("REG_MULTI_SZ", ["a", "b"]).as_text() == "a, b"
    assert RegistryValue("REG_BINARY", b"\x01\x00\xab").as_text() == "0100AB"


LOCATION_OFF = "windows/consent-store/procmon-settings-location-off.csv"
MICROPHONE_OFF = "windows/consent-store/procmon-settings-microphone-off.txt"
NEARBY_OFF = "windows/sharing/procmon-settings-nearby-sharing-off.txt"
LANMAN = "windows/sharing/get-itemproperty-lanmanserver-parameters-win10-enterprise.txt"
STORE = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
USER_STORE = STORE.replace("HKLM", "HKCU")


def test_process_monitor_csv_gives_the_values_settings_wrote():
    keys = parse_procmon_writes(fixture(LOCATION_OFF))
    assert keys[normalise_key(STORE + r"\location")] == {"value": RegistryValue("REG_SZ", "Deny")}
    assert keys[normalise_key(USER_STORE + r"\location")] == {
        "value": RegistryValue("REG_SZ", "Deny"), "showglobalprompts": RegistryValue("REG_DWORD", 1)}
    assert keys[normalise_key(USER_STORE + r"\location\NonPackaged")]["value"].data == "Deny"
    assert len(keys) == 3  # the header row is no write


def test_process_monitor_rows_copied_from_its_window():
    microphone = parse_procmon_writes(fixture(MICROPHONE_OFF))  # process, operation, path, detail
    assert microphone == {normalise_key(STORE + r"\microphone"): {"value": RegistryValue("REG_SZ", "Deny")}}
    cdp = parse_procmon_writes(fixture(NEARBY_OFF))  # path, result, detail
    values = cdp[normalise_key(r"HKCU\Software\Microsoft\Windows\CurrentVersion\CDP")]
    assert values["nearsharechanneluserauthzpolicy"] == RegistryValue("REG_DWORD", 0)
    assert values["cdpsessionuserauthzpolicy"].as_int() == 0


def test_process_monitor_skips_reads_failures_and_binary_it_shortened():
    rows = "\n".join((
        "svchost.exe\tRegQueryValue\tHKCU\\Software\\X\\Read\tType: REG_DWORD, Length: 4, Data: 1",
        "HKCU\\Software\\X\\Failed\tACCESS DENIED\tType: REG_DWORD, Length: 4, Data: 1",
        "HKCU\\Software\\X\\Short\tSUCCESS\tType: REG_BINARY, Length: 2, Data: 0A 0B",
        "HKCU\\Software\\X\\Long\tSUCCESS\tType: REG_BINARY, Length: 3,056, Data: 3A 03 00 00",
        "HKCU\\Software\\X\\Short\tSUCCESS\tType: REG_BINARY, Length: 1, Data: 0C",
    ))
    values = parse_procmon_writes(rows)[normalise_key(r"HKCU\Software\X")]
    assert set(values) == {"short", "long"}
    assert values["short"] == RegistryValue("REG_BINARY", b"\x0c")  # the last write wins
    assert values["long"].type == "REG_UNKNOWN"


def test_get_item_property_list_of_a_real_windows_10():
    values = parse_get_item_property(fixture(LANMAN))
    assert values is not None
    assert "nullsessionshares" not in values
    assert values["nullsessionpipes"] == RegistryValue("REG_MULTI_SZ", [])
    assert values["restrictnullsessaccess"] == RegistryValue("REG_DWORD", 1)
    assert values["servicedll"] == RegistryValue("REG_SZ", r"C:\Windows\system32\srvsvc.dll")
    assert values["guid"].type == "REG_UNKNOWN"  # PowerShell shortened the bytes with "..."
    assert len(values) == 10


def test_get_item_property_wrapped_lines_own_properties_and_a_missing_key():
    text = ("\n\nShares      : {Public, Scans}\nRaw         : {1, 2, 255}\nLongPath    : C:\\Users\\someone\\Very\\Lo\n"
            "              ng\\Folder\nPSPath      : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\Sys\n"
            "              tem\nPSChildName : Parameters\n\nOther : 1\n")
    values = parse_get_item_property(text)
    assert values == {"shares": RegistryValue("REG_MULTI_SZ", ["Public", "Scans"]),
                      "raw": RegistryValue("REG_BINARY", b"\x01\x02\xff"),
                      "longpath": RegistryValue("REG_SZ", "C:\\Users\\someone\\Very\\Long\\Folder")}
    missing = ("Get-ItemProperty : Cannot find path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\AppPrivacy' "
               "because it does not exist.\n    + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell."
               "Commands.GetItemPropertyCommand\n")
    assert parse_get_item_property(missing) is None


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list('HKLMCU\\ :\t",{}.-0123456789abRegSetValuTyp_WORDSZNLh\n ')),
                    max_size=300))
def test_recorded_forms_never_raise_on_damaged_text(text: str) -> None:
    """A pasted recording may be cut off or mangled anywhere: the readers skip what they cannot read."""
    parse_procmon_writes(text)
    parse_get_item_property(text)
    parse_procmon_writes("HKCU\\X\\" + text + "\tType: REG_DWORD, Length: 4, Data: " + text)
    parse_get_item_property("Name : " + text)
