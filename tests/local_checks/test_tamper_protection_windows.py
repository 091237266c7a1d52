"""tamper-protection on Windows, against Get-MpComputerStatus outputs printed by real machines and Microsoft's docs.

See fixtures/windows/tamper-protection/SOURCES.toml. The registry fallback's values are unverified: made to the
documented format of `reg query` DWORDs, with the values scripts observe (research catalogue 2, section 8).
"""

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.windows import powershell_argv
from checks.local.tamper_protection import CHECK
from checks.local.tamper_protection.windows import FEATURES_KEY, STATUS_SCRIPT, defender_record, standing_aside
from tests.support import fixture, run_check

FOLDER = "windows/tamper-protection/"
STATUS = powershell_argv(STATUS_SCRIPT)


def host_with(name: str | None = None, **kwargs) -> RecordedHost:
    host = RecordedHost("windows")
    if name is not None:
        host.add_command(STATUS, fixture(FOLDER + name))
    elif kwargs:
        host.add_command(STATUS, **kwargs)
    return host


def test_the_record_is_read():
    record = defender_record(fixture(FOLDER + "mpcomputerstatus-tamper-on-2025.txt"))
    assert (record["istamperprotected"], record["tamperprotectionsource"]) == ("True", "UI")
    assert standing_aside(record) == ""
    assert defender_record("Something else\n") is None


def test_tamper_protection_on_passes():
    found = run_check(CHECK, host_with("mpcomputerstatus-tamper-on-2025.txt"))
    assert found.status is Status.PASS
    assert found.evidence[0].seen == "IsTamperProtected True, set by UI, AMRunningMode Normal"


def test_tamper_protection_off_fails():
    found = run_check(CHECK, host_with("mpcomputerstatus-docs-2024-tamper-off.txt"))
    assert found.status is Status.FAIL
    assert "set by E5 transition" in found.evidence[0].seen


def test_defender_standing_aside_does_not_apply():
    found = run_check(CHECK, host_with("mpcomputerstatus-docs-2024-passive-mode.txt"))
    assert found.status is Status.NOT_APPLICABLE
    assert "passive mode" in found.summary and "another antivirus" in found.summary


def test_defender_switched_off_does_not_apply():
    text = fixture(FOLDER + "mpcomputerstatus-docs-2024-tamper-off.txt").replace(
        "AntivirusEnabled                 : True", "AntivirusEnabled                 : False")
    # unverified: the documentation output with AntivirusEnabled edited to False
    found = run_check(CHECK, host_with(stdout=text))
    assert found.status is Status.NOT_APPLICABLE
    assert "switched off" in found.summary


@pytest.mark.parametrize(("value", "status"), [(5, Status.PASS), (4, Status.FAIL), (0, Status.FAIL),
                                               (1, Status.UNKNOWN)])
def test_registry_when_powershell_cannot_answer(value, status):
    host = host_with(stderr="Get-MpComputerStatus : Access denied", returncode=1)
    # unverified: made to the documented format of reg query (a DWORD), values as observed by scripts
    host.add_registry_value(FEATURES_KEY, "TamperProtection", "REG_DWORD", value)
    found = run_check(CHECK, host)
    assert found.status is status
    assert any(e.looked_at.endswith("TamperProtection") for e in found.evidence)


def test_nothing_readable_is_unknown():
    found = run_check(CHECK, host_with())
    assert found.status is Status.UNKNOWN
    assert "Could not tell" in found.summary
    denied = run_check(CHECK, host_with(stderr="error", returncode=1).deny_registry(FEATURES_KEY))
    assert denied.status is Status.UNKNOWN
    assert "registry" in denied.summary


@pytest.mark.parametrize("platform", ["linux", "macos"])
def test_does_not_apply_elsewhere_and_says_why(platform):
    found = run_check(CHECK, RecordedHost(platform))
    assert found.status is Status.NOT_APPLICABLE
    assert "Windows" in found.summary


def test_fix_opens_the_threat_settings():
    assert CHECK.spec.fixes["windows"].settings_url == "windowsdefender://threatsettings"
