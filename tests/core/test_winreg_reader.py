"""Reading `reg query` output (as recorded on real machines) into registry values."""

from auditor.recorded import RecordedHost
from auditor.winreg_reader import RegistryValue, normalise_key, parse_reg_query, parse_registry_text
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
