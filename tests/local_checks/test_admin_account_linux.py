"""admin-account on Linux, against real `id` outputs and /etc/group files made by the real Debian tools."""

import re

from auditor.host import UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.admin_account import CHECK
from checks.local.admin_account.linux import (
    FIXES,
    GROUP,
    PASSWD,
    admin_groups,
    group_members,
    groups_of,
    name_for_uid,
)
from tests.support import fixture, run_check

GROUPS = "linux/groups"


def user_from_id(relative: str) -> UserInfo:
    """The UserInfo a real `id` line describes: uid, name and the names of its groups."""
    line = fixture(relative).strip()
    match = re.match(r"uid=(\d+)\(([^)]+)\)", line)
    assert match, f"{relative} is not an `id` line"
    uid, name = match.groups()
    groups = tuple(re.findall(r"\d+\(([^)]+)\)", line.split("groups=", 1)[1]))
    return UserInfo(name=name, home="/root" if uid == "0" else f"/home/{name}", uid=int(uid), groups=groups)


def host_for(user: UserInfo, *, group: str | None = None, passwd: str | None = None, env=None) -> RecordedHost:
    host = RecordedHost("linux", user=user, env=env or {})
    if group:
        host.add_file(GROUP, fixture(f"{GROUPS}/{group}"))
    if passwd:
        host.add_file(PASSWD, fixture(f"{GROUPS}/{passwd}"))
    return host


ALEX = UserInfo(name="alex", home="/home/alex", uid=1000, groups=())
ROOT = user_from_id(f"{GROUPS}/id-debian12-root.txt")


# -- the parsers ---------------------------------------------------------------------------------------------------

def test_group_file_members():
    members = group_members(fixture(f"{GROUPS}/group-debian12-alex-sudo"))
    assert members["sudo"] == {"alex"}
    assert groups_of("alex", members) == {"sudo"}
    assert groups_of("alex", group_members(fixture(f"{GROUPS}/group-debian12-alex-standard"))) == set()
    assert len(members) == 46


def test_admin_groups_and_uid_names():
    assert admin_groups({"adm", "sudo", "audio"}) == ["sudo"]
    assert admin_groups({"wheel"}) == ["wheel"]
    assert admin_groups({"adm", "plugdev"}) == []  # adm reads logs; it is not an administrator group
    assert name_for_uid(fixture(f"{GROUPS}/passwd-debian12-alex"), "1000") == "alex"
    assert name_for_uid(fixture(f"{GROUPS}/passwd-debian12-alex"), "4242") == ""


def test_id_lines_become_users():
    kali = user_from_id(f"{GROUPS}/id-kali-sudo.txt")
    assert kali.uid == 1000 and "sudo" in kali.groups
    assert ROOT.uid == 0 and ROOT.groups == ("root",)


# -- verdicts ------------------------------------------------------------------------------------------------------

def test_everyday_account_in_sudo_is_partial():
    found = run_check(CHECK, host_for(user_from_id(f"{GROUPS}/id-kali-sudo.txt")))
    assert found.status is Status.PARTIAL
    assert "kali" in found.summary and "sudo group" in found.summary
    assert any(e.looked_at == GROUP and e.seen == "not found" for e in found.evidence)


def test_standard_account_passes():
    found = run_check(CHECK, host_for(user_from_id(f"{GROUPS}/id-ubuntu1804-developer-standard.txt")))
    assert found.status is Status.PASS
    assert "standard account (developer)" in found.summary


def test_membership_only_in_group_file_still_counts():
    # Added to sudo after signing in: the running process does not have the group yet, /etc/group does.
    found = run_check(CHECK, host_for(ALEX, group="group-debian12-alex-sudo"))
    assert found.status is Status.PARTIAL
    assert any(e.seen == "lists alex in sudo" for e in found.evidence)


def test_standard_account_from_group_file_passes():
    user = UserInfo(name="alex", home="/home/alex", uid=1000, groups=("alex",))
    found = run_check(CHECK, host_for(user, group="group-debian12-alex-standard"))
    assert found.status is Status.PASS
    assert any(e.seen == "lists alex in no extra group" for e in found.evidence)


def test_signed_in_as_root_fails():
    found = run_check(CHECK, host_for(ROOT))
    assert found.status is Status.FAIL
    assert "signed in as root" in found.summary


def test_sudo_user_named_root_is_still_root():
    assert run_check(CHECK, host_for(ROOT, env={"SUDO_USER": "root"})).status is Status.FAIL


def test_started_with_sudo_judges_the_person_who_started_it():
    found = run_check(CHECK, host_for(ROOT, group="group-debian12-alex-sudo", env={"SUDO_USER": "alex"}))
    assert found.status is Status.PARTIAL
    assert "(alex)" in found.summary
    assert any(e.seen == "alex is in sudo" for e in found.evidence)


def test_started_with_doas_without_an_admin_group_is_still_partial():
    found = run_check(CHECK, host_for(ROOT, group="group-debian12-alex-standard", env={"DOAS_USER": "alex"}))
    assert found.status is Status.PARTIAL
    assert any(e.seen == "no administrator group lists alex" for e in found.evidence)


def test_started_with_pkexec_finds_the_name_from_the_uid():
    host = host_for(ROOT, group="group-debian12-alex-sudo", passwd="passwd-debian12-alex", env={"PKEXEC_UID": "1000"})
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "(alex)" in found.summary


def test_pkexec_uid_without_a_passwd_entry():
    found = run_check(CHECK, host_for(ROOT, env={"PKEXEC_UID": "1000"}))
    assert found.status is Status.PARTIAL
    assert "number 1000" in found.summary


def test_nothing_readable_is_unknown():
    host = host_for(ALEX).deny(GROUP)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any(e.seen == "not allowed to read it" for e in found.evidence)


def test_gnome_desktop_gets_the_users_panel():
    host = host_for(user_from_id(f"{GROUPS}/id-kali-sudo.txt"), env={"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"})
    found = run_check(CHECK, host)
    assert found.desktop == "gnome"
    fix = CHECK.spec.fix_for("linux", found.desktop)
    assert fix == FIXES["linux:gnome"]
    assert fix.settings_command == ("gnome-control-center", "system", "users")


def test_nothing_is_run():
    host = host_for(ALEX, group="group-debian12-alex-sudo")
    run_check(CHECK, host)
    assert host.asked == []


def test_cut_off_group_line_is_skipped():
    text = fixture(f"{GROUPS}/group-debian12-alex-sudo")
    assert group_members(f"{text}sudo:x\n")["sudo"] == {"alex"}
