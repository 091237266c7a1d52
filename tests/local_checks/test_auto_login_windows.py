"""auto-login on Windows: the Winlogon values, read from `reg query` outputs recorded on real machines."""

from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.winreg_reader import normalise_key, parse_registry_text
from checks.local.auto_login import CHECK
from checks.local.auto_login.windows import WINLOGON, account_name, auto_admin_logon, has_plain_password
from tests.support import fixture, run_check

CHATTERBOX = "windows/winlogon/reg-query-winlogon-win7-chatterbox.txt"
PRIVESC = "windows/winlogon/reg-query-winlogon-server2019-thm-privesc.txt"
PRIVESC_PASSWORD = "windows/winlogon/reg-query-winlogon-server2019-thm-privesc-defaultpassword.txt"
MONSTER = "windows/winlogon/reg-query-winlogon-win10-monster-lsa-secret.txt"


def winlogon(name: str) -> RecordedHost:
    return RecordedHost("windows").add_registry(fixture(name))


def values_of(name: str) -> dict:
    return parse_registry_text(fixture(name))[normalise_key(WINLOGON)]


def test_the_values_are_read_from_real_outputs():
    chatterbox = values_of(CHATTERBOX)
    assert auto_admin_logon(chatterbox) is True
    assert account_name(chatterbox) == "Alfred"  # DefaultDomainName is empty there
    assert has_plain_password(chatterbox)
    privesc = values_of(PRIVESC)
    assert auto_admin_logon(privesc) is False and not has_plain_password(privesc)
    assert account_name(values_of(MONSTER)) == "DESKTOP-8OB2COP\\Mike"


def test_automatic_sign_in_with_a_plain_text_password_fails_and_never_shows_it():
    found = run_check(CHECK, winlogon(CHATTERBOX))
    assert found.status is Status.FAIL
    assert found.summary.startswith("Alfred is signed in automatically")
    assert "plain text" in found.summary
    everything = found.summary + " ".join(e.seen for e in found.evidence)
    assert "Welcome1!" not in everything
    assert "DefaultPassword set (not shown)" in everything


def test_automatic_sign_in_with_a_hidden_password_fails():
    found = run_check(CHECK, winlogon(MONSTER))
    assert found.status is Status.FAIL
    assert "DESKTOP-8OB2COP\\Mike is signed in automatically" in found.summary
    assert "hidden" in found.summary


def test_automatic_sign_in_without_a_user_name_still_fails():
    # Documented: AutoAdminLogon "1" is what switches it on; AutoLogonCount limits how many starts it lasts
    # (learn.microsoft.com, "Configure Windows to automate logon").
    host = RecordedHost("windows")
    host.add_registry_value(WINLOGON, "AutoAdminLogon", "REG_SZ", "1")
    host.add_registry_value(WINLOGON, "AutoLogonCount", "REG_DWORD", 2)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary.startswith("Someone is signed in")
    assert any("AutoLogonCount 2" in e.seen for e in found.evidence)


def test_a_password_left_behind_is_partial():
    found = run_check(CHECK, winlogon(PRIVESC_PASSWORD))
    assert found.status is Status.PARTIAL
    assert "old password for admin" in found.summary
    assert "password123" not in found.summary + " ".join(e.seen for e in found.evidence)


def test_a_password_left_behind_without_a_user_name_is_partial():
    host = RecordedHost("windows")
    host.add_registry_value(WINLOGON, "AutoAdminLogon", "REG_DWORD", 0)
    host.add_registry_value(WINLOGON, "DefaultPassword", "REG_SZ", "x")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "an old password is still stored" in found.summary


def test_automatic_sign_in_off_passes():
    host = winlogon(PRIVESC)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == []  # the registry only; nothing is run


def test_automatic_sign_in_value_not_set_passes():
    host = RecordedHost("windows")
    host.add_registry_value(WINLOGON, "Shell", "REG_SZ", "explorer.exe")
    assert run_check(CHECK, host).status is Status.PASS


def test_a_value_not_understood_is_unknown():
    host = RecordedHost("windows")
    host.add_registry_value(WINLOGON, "AutoAdminLogon", "REG_SZ", "yes")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "'yes'" in found.summary
    other = RecordedHost("windows").add_registry_value(WINLOGON, "AutoAdminLogon", "REG_BINARY", b"\x01")
    assert run_check(CHECK, other).status is Status.UNKNOWN


def test_registry_refused_is_unknown():
    found = run_check(CHECK, RecordedHost("windows").deny_registry(WINLOGON))
    assert found.status is Status.UNKNOWN
    assert "did not let Homeguard read" in found.summary


def test_key_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("windows"))
    assert found.status is Status.UNKNOWN
    assert "not found" in found.summary
