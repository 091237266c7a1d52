"""admin-account on macOS: the everyday account's groups (`id -Gn`) and the list of administrators (dscl)."""

from auditor.host import CommandOutcome, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.admin_account import CHECK
from checks.local.admin_account.macos import parse_group_membership
from tests.support import fixture, run_check

ID = ["id", "-Gn"]
DSCL = ["dscl", ".", "-read", "/Groups/admin", "GroupMembership"]


def mac(groups: str, dscl: str | None = "dscl-admin-membership-sequoia.txt", *, name: str = "alex") -> RecordedHost:
    host = RecordedHost("macos", user=UserInfo(name, f"/Users/{name}", uid=501))
    host.add_command(ID, fixture(f"macos/groups/{groups}"))
    if dscl:
        host.add_command(DSCL, fixture(f"macos/groups/{dscl}"))
    return host


def test_membership_parser():
    assert parse_group_membership(fixture("macos/groups/dscl-admin-membership-sequoia.txt")) == ["root", "williamj"]
    assert parse_group_membership("No such key: GroupMembership\n") == []
    assert parse_group_membership("") is None


# -- pass -------------------------------------------------------------------------------------------------------

def test_standard_account_passes_and_asks_nothing_more():
    host = mac("groups-standard.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "standard account (alex)" in found.summary
    assert host.asked == [tuple(ID)]


# -- partial ----------------------------------------------------------------------------------------------------

def test_the_only_administrator_is_partial_with_the_way_out():
    found = run_check(CHECK, mac("groups-admin-buskill77.txt", name="williamj"))
    assert found.status is Status.PARTIAL
    assert "only administrator" in found.summary
    assert any("root, williamj" in e.seen for e in found.evidence)


def test_an_administrator_with_another_one_available_is_partial():
    found = run_check(CHECK, mac("groups-admin-buskill77.txt", name="alex"))
    assert found.status is Status.PARTIAL
    assert "another administrator (williamj)" in found.summary


def test_administrator_list_unreadable_is_still_partial():
    host = mac("groups-admin-buskill77.txt", dscl=None)
    host.add_command(DSCL, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert any("did not answer in time" in e.seen for e in found.evidence)


def test_run_through_sudo_asks_about_the_person_who_ran_it():
    host = RecordedHost("macos", user=UserInfo("root", "/var/root", uid=0, is_admin=True),
                        env={"SUDO_USER": "williamj"})
    host.add_command(["id", "-Gn", "williamj"], fixture("macos/groups/groups-admin-buskill77.txt"))
    host.add_command(DSCL, fixture("macos/groups/dscl-admin-membership-sequoia.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "(williamj)" in found.summary


# -- unknown ----------------------------------------------------------------------------------------------------

def test_root_without_sudo_user_is_unknown():
    host = RecordedHost("macos", user=UserInfo("root", "/var/root", uid=0, is_admin=True))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert host.asked == []


def test_id_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_id_timeout_is_unknown():
    host = RecordedHost("macos").add_command(ID, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_empty_answer_is_unknown():
    host = RecordedHost("macos").add_command(ID, "\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "no groups" in found.summary
