"""blank-passwords on Windows: LimitBlankPasswordUse under HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa.

No recorded `reg query` of this key was found (see tests/fixtures/windows/lsa/SOURCES.toml): every value here is
the documented one, from learn.microsoft.com, "Accounts: Limit local account use of blank passwords to console
logon only" (REG_DWORD; 1 Enabled, the default; 0 Disabled). The detection is listed as unverified.
"""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.blank_passwords import CHECK
from checks.local.blank_passwords.windows import LSA
from tests.support import run_check


def lsa(**values) -> RecordedHost:
    host = RecordedHost("windows")
    host.add_registry_value(LSA, "Security Packages", "REG_MULTI_SZ", ["kerberos", "msv1_0"])
    for name, (kind, data) in values.items():
        host.add_registry_value(LSA, name, kind, data)
    return host


def test_limited_to_the_keyboard_passes():
    host = lsa(LimitBlankPasswordUse=("REG_DWORD", 1))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == []


def test_not_set_is_the_windows_default_and_says_so():
    found = run_check(CHECK, lsa())
    assert found.status is Status.PASS
    assert "Windows' default" in found.summary


def test_switched_off_fails():
    found = run_check(CHECK, lsa(LimitBlankPasswordUse=("REG_DWORD", 0)))
    assert found.status is Status.FAIL
    assert "from other computers" in found.summary


def test_values_not_understood_are_unknown():
    assert run_check(CHECK, lsa(LimitBlankPasswordUse=("REG_DWORD", 2))).status is Status.UNKNOWN
    found = run_check(CHECK, lsa(LimitBlankPasswordUse=("REG_SZ", "1")))
    assert found.status is Status.UNKNOWN
    assert "'1'" in found.summary


def test_registry_refused_is_unknown():
    found = run_check(CHECK, RecordedHost("windows").deny_registry(LSA))
    assert found.status is Status.UNKNOWN
    assert any("not allowed" in e.seen for e in found.evidence)


def test_key_missing_is_unknown():
    assert run_check(CHECK, RecordedHost("windows")).status is Status.UNKNOWN
