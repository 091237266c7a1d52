"""monitoring-software on Linux: the family laptop, real process lists, real package layouts, refusals.

Real: the family-laptop scenario, this Debian VM's process list (tests/fixtures/linux/remote-access) and the file
lists of Debian's epoptes-client and veyon-service packages (tests/fixtures/linux/monitoring-software). The spying
and parental-control products below are test constructions: the list has no sourced Linux product of those kinds,
so a small list is loaded in their place (unverified: built from the indicator list's format, not a real machine).
"""

from __future__ import annotations

import json

import pytest

from auditor.check import CouldNotTell
from auditor.model import Status
from auditor.recorded import RecordedHost, load_scenario
from checks.local.monitoring_software import CHECK, linux
from checks.local.monitoring_software.catalogue import parse_catalogue
from checks.local.monitoring_software.verdict import COALITION_URL
from tests.support import FIXTURES, TEST_MONITORING_LIST, fixture, run_check

SPYING_AND_PARENTAL = TEST_MONITORING_LIST + """
[[product]]
id = "spy"
name = "ExampleSpy"
kind = "stalkerware"
[[product.indicator]]
type = "process"
platform = "linux"
value = "examplespyd"
source = "t"
checked = 2026-12-03

[[product]]
id = "family"
name = "ExampleFamilyFilter"
kind = "parental control"
[[product.indicator]]
type = "autostart"
platform = "linux"
value = "examplefilter*.desktop"
source = "t"
checked = 2026-12-03
"""


def debian_vm() -> RecordedHost:
    """This development VM's real process list (Debian 12, no desktop)."""
    host = RecordedHost("linux")
    for proc in json.loads(fixture("linux/remote-access/debian12-vm-processes.json")):
        host.add_process(proc["name"], pid=proc["pid"], username=proc["username"])
    for folder in ("/etc/systemd/system", "/lib/systemd/system", "/usr/sbin", "/usr/bin"):
        host.add_dir(folder)
    return host


def install_package(host: RecordedHost, listing: str) -> None:
    """Lay a package's files out on the host exactly as `dpkg-deb -c` lists them."""
    for line in fixture(f"linux/monitoring-software/{listing}").splitlines():
        path = line.split()[-1].lstrip(".")
        if path and not path.endswith("/"):
            host.add_file(path, "")


@pytest.fixture
def small_list(monkeypatch):
    monkeypatch.setattr(linux, "load_catalogue", lambda: parse_catalogue(SPYING_AND_PARENTAL))


def test_the_family_laptop_passes_and_says_where_it_looked():
    finding = run_check(CHECK, load_scenario(FIXTURES / "scenarios" / "family-laptop.toml"))
    assert finding.status is Status.PASS
    assert "3 monitoring and spying products Homeguard knows for Linux" in finding.summary
    seen = {e.looked_at: e.seen for e in finding.evidence}
    assert seen["running programs"] == "37 looked at"
    assert "/etc/systemd/system" in seen["places looked in"]
    assert "Epoptes" in seen["known products"] and "Veyon" in seen["known products"]


def test_a_clean_debian_vm_passes():
    finding = run_check(CHECK, debian_vm())
    assert finding.status is Status.PASS


def test_epoptes_from_its_real_package_layout_is_school_monitoring_partly():
    host = debian_vm()
    install_package(host, "dpkg-deb-c-epoptes-client-23.01-1.txt")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL
    assert "Work or school monitoring was found: Epoptes" in finding.summary
    found = [e.seen for e in finding.evidence if e.looked_at.startswith("found: Epoptes")]
    assert any("/lib/systemd/system/epoptes-client.service exists" in s for s in found)
    assert any("/etc/xdg/autostart/epoptes-client.desktop exists" in s for s in found)
    assert all("Debian 12 package epoptes-client" in s and "23.01-1" in s for s in found)


def test_veyon_running_from_its_real_package_layout_is_found_by_file_and_program():
    host = debian_vm()
    install_package(host, "dpkg-deb-c-veyon-service-4.7.5.txt")
    host.add_process("veyon-server", exe="/usr/bin/veyon-server")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL and "Veyon" in finding.summary
    found = " ".join(e.seen for e in finding.evidence if e.looked_at.startswith("found: Veyon"))
    assert "veyon.service exists" in found and "the program veyon-server is running" in found


def test_kidlogger_start_up_entry_fails_with_safety_first_advice():
    # unverified: KidLogger's Linux file names come from a public keyword list citing kidlogger.net, not a machine.
    host = debian_vm().add_dir("/etc/xdg/autostart").add_file("/etc/xdg/autostart/kidlogger.desktop", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "KidLogger" in finding.summary and "may alert the person who installed it" in finding.summary
    assert "fine if you set it up" not in finding.summary


def test_spying_software_fails_with_safety_first_advice(small_list):
    # unverified: built from the indicator list; no Linux stalkerware is in the real list.
    host = debian_vm().add_process("examplespyd")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "ExampleSpy" in finding.summary and "may alert the person who installed it" in finding.summary
    steps = " ".join(CHECK.spec.fixes["linux"].steps)
    assert "do not remove it yet" in steps and "Get help now" in steps and "screenshot" in steps
    assert "Coalition Against Stalkerware" in steps
    assert CHECK.spec.fixes["linux"].more_info == COALITION_URL


def test_parental_control_passes_but_is_named(small_list):
    # unverified: built from the indicator list.
    host = debian_vm().add_file("/home/alex/.config/autostart/examplefilter-tray.desktop", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: ExampleFamilyFilter (parental control): fine if you set it up" in finding.summary
    # A passing check's steps are not shown, so the summary itself says what to do if nobody chose it.
    assert "do not remove it yet" in finding.summary and "Get help now" in finding.summary


def test_spying_wins_over_parental_control(small_list):
    host = debian_vm().add_process("examplespyd").add_file("/etc/xdg/autostart/examplefilter.desktop", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "Also found: ExampleFamilyFilter" in finding.summary


def test_a_refused_folder_is_could_not_tell_never_a_pass():
    host = debian_vm().deny("/etc/systemd/system")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN
    assert "/etc/systemd/system: permission denied" in finding.summary
    assert any(e.looked_at == "could not look in" for e in finding.evidence)


def test_something_found_is_said_even_when_another_folder_is_refused():
    host = debian_vm().deny("/etc/xdg/autostart")
    install_package(host, "dpkg-deb-c-veyon-service-4.7.5.txt")
    assert run_check(CHECK, host).status is Status.PARTIAL


def test_no_programs_seen_is_could_not_tell():
    host = RecordedHost("linux").add_dir("/etc/systemd/system")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN and "programs running" in finding.summary


def test_a_broken_list_is_could_not_tell(monkeypatch):
    # The runner turns CouldNotTell into a "could not tell" row with this reason.
    monkeypatch.setattr(linux, "load_catalogue", lambda: parse_catalogue("checked = 'soon'"))
    with pytest.raises(CouldNotTell) as caught:
        run_check(CHECK, debian_vm())
    assert "list of monitoring products could not be read" in caught.value.reason
    assert caught.value.finding().status is Status.UNKNOWN


def test_nothing_is_run():
    host = debian_vm()
    run_check(CHECK, host)
    assert host.asked == []


# -- a computer that hides other accounts' programs (/proc mounted with hidepid) ------------------------------------

def _only_own_programs(mounts: str) -> RecordedHost:
    """A person's own session: every program the list shows is theirs, and /proc is mounted as ``mounts`` says."""
    host = RecordedHost("linux")  # the user is "alex", not an administrator
    host.add_process("bash", pid=2001, username=host.user().name)
    for folder in ("/etc/systemd/system", "/lib/systemd/system", "/usr/sbin", "/usr/bin"):
        host.add_dir(folder)
    host.add_file("/proc/mounts", fixture(f"linux/sharing/{mounts}"))
    return host


def test_hidden_programs_are_said_as_something_only_an_administrator_sees():
    finding = run_check(CHECK, _only_own_programs("proc-mounts-hidepid2.txt"))  # unverified sample, see SOURCES
    assert finding.status is Status.PASS  # files, services and start-up entries still decide
    minor = [e.seen for e in finding.evidence if e.looked_at == "needs administrator rights"]
    assert any("other accounts' running programs" in seen and "hidepid" in seen for seen in minor)


def test_an_ordinary_proc_mount_says_nothing_of_hidden_programs():
    finding = run_check(CHECK, _only_own_programs("proc-mounts-debian12-proc-line.txt"))
    assert finding.status is Status.PASS
    assert not any("hidepid" in e.seen for e in finding.evidence)
