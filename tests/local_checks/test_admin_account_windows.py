"""admin-account on Windows: the account's groups and own SID, from whoami outputs recorded on real machines."""

from auditor.host import CommandOutcome, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.admin_account import CHECK
from checks.local.admin_account.windows import ADMINISTRATORS, integrity_level, sids_in
from tests.support import fixture, run_check

GROUPS = ["whoami", "/groups"]
USER = ["whoami", "/user"]


def sections(name: str) -> tuple[str, str]:
    """A recorded `whoami /all` cut into what `whoami /user` and `whoami /groups` print on their own."""
    text = fixture(f"windows/whoami/{name}")
    user_part, _, rest = text.partition("GROUP INFORMATION")
    groups_part = "GROUP INFORMATION" + rest.partition("PRIVILEGES INFORMATION")[0]
    return user_part.rstrip() + "\n", "\n" + groups_part.rstrip() + "\n"


def from_all(name: str, user: str = "alex") -> RecordedHost:
    user_text, groups_text = sections(name)
    host = RecordedHost("windows", user=UserInfo(name=user, home="C:\\Users\\" + user))
    return host.add_command(GROUPS, groups_text).add_command(USER, user_text)


def from_groups(name: str) -> RecordedHost:
    return RecordedHost("windows").add_command(GROUPS, fixture(f"windows/whoami/{name}"))


# -- reading SIDs -------------------------------------------------------------------------------------------------

def test_sids_are_read_whatever_the_language_or_the_line_wrapping():
    french = sids_in(fixture("windows/whoami/whoami-groups-french-domain-standard.txt"))
    assert "S-1-5-21-3751794092-3013587998-2465217153-1113" in french and ADMINISTRATORS not in french
    wrapped = sids_in(sections("whoami-all-win10-monster-standard-wrapped.txt")[1])
    assert len(wrapped) == 11 and integrity_level(wrapped) == "medium"
    user, groups = sections("whoami-all-win11-desktop-bn-admin.txt")
    assert sids_in(user) == ["S-1-5-21-264094270-2388996790-3434637240-1001"]
    assert ADMINISTRATORS in sids_in(groups)
    assert sids_in("S-1-5-32-5449 XS-1-1-0 S-1-x") == ["S-1-5-32-5449"]  # not mistaken for -544


# -- pass ---------------------------------------------------------------------------------------------------------

def test_a_standard_account_passes():
    host = from_groups("whoami-groups-win10pro-love-standard.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "standard account" in found.summary
    assert host.asked == [tuple(GROUPS), tuple(USER)]


def test_a_standard_account_on_a_french_windows_passes():
    found = run_check(CHECK, from_groups("whoami-groups-french-domain-standard.txt"))
    assert found.status is Status.PASS


def test_a_standard_account_in_a_wrapping_console_passes():
    found = run_check(CHECK, from_all("whoami-all-win10-monster-standard-wrapped.txt", user="mike"))
    assert found.status is Status.PASS
    assert found.summary.startswith("mike is a standard account")
    assert any("S-1-5-21-2619112490-2635448554-1147358759-1002" in e.seen for e in found.evidence)


# -- partial and fail -------------------------------------------------------------------------------------------

def test_an_administrator_account_used_day_to_day_is_partial():
    found = run_check(CHECK, from_all("whoami-all-win11-desktop-bn-admin.txt"))
    assert found.status is Status.PARTIAL
    assert "alex is an administrator account" in found.summary
    assert any("present; medium integrity" in e.seen for e in found.evidence)


def test_the_built_in_administrator_fails():
    found = run_check(CHECK, from_all("whoami-all-win11-desktop-bn-administrator.txt", user="Administrator"))
    assert found.status is Status.FAIL
    assert "built-in Administrator account" in found.summary
    assert any("high integrity" in e.seen for e in found.evidence)


def test_without_whoami_user_an_administrator_is_still_partial():
    _, groups = sections("whoami-all-win11-desktop-bn-admin.txt")
    host = RecordedHost("windows").add_command(GROUPS, groups).add_command(USER, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert any(e.looked_at == "whoami /user" and "did not answer in time" in e.seen for e in found.evidence)


# -- unknown ------------------------------------------------------------------------------------------------------

def test_the_system_account_is_unknown():
    found = run_check(CHECK, from_all("whoami-all-win11-desktop-bn-system.txt"))
    assert found.status is Status.UNKNOWN
    assert "system account" in found.summary


def test_the_system_account_is_recognised_by_its_label_alone():
    found = run_check(CHECK, from_groups("whoami-groups-french-system-server2019.txt"))
    assert found.status is Status.UNKNOWN
    assert "system account" in found.summary


def test_whoami_missing_or_timing_out_is_unknown():
    assert run_check(CHECK, RecordedHost("windows")).status is Status.UNKNOWN
    host = RecordedHost("windows").add_command(GROUPS, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not answer in time" in found.summary
    refused = RecordedHost("windows").add_command(GROUPS, outcome=CommandOutcome.DENIED)
    assert run_check(CHECK, refused).status is Status.UNKNOWN


def test_an_answer_without_sids_is_unknown():
    # A real output of the wrong form: whoami's privileges table, which holds no SIDs.
    privileges = fixture("windows/whoami/whoami-all-win11-desktop-bn-admin.txt").partition("PRIVILEGES")[2]
    found = run_check(CHECK, RecordedHost("windows").add_command(GROUPS, privileges))
    assert found.status is Status.UNKNOWN
    assert "not in the form" in found.summary
