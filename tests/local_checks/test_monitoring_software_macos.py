"""monitoring-software on macOS: the family Mac, a real process list, products' folders, refusals.

Real: the family-mac scenario and a `ps -u` listing from a Mac on macOS 26 (tests/fixtures/macos/remote-access).
The folders every Mac has (/Applications, /Library/LaunchDaemons, /Library/LaunchAgents) are added by the tests,
and the products' traces are test constructions: unverified, built from the indicator list (products.toml, which
cites where each path comes from), not recorded on a Mac that has them.
"""

from __future__ import annotations

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost, load_scenario
from checks.local.monitoring_software import CHECK, macos
from checks.local.monitoring_software.catalogue import parse_catalogue
from tests.support import FIXTURES, TEST_MONITORING_LIST, fixture, run_check

LAUNCHD_AND_EXTENSION = TEST_MONITORING_LIST + """
[[product]]
id = "spy"
name = "ExampleMacSpy"
kind = "keylogger"
[[product.indicator]]
type = "launchd"
platform = "macos"
value = "com.example.spy.agent"
source = "t"
checked = 2026-12-03

[[product]]
id = "filter"
name = "ExampleFilter"
kind = "parental control"
[[product.indicator]]
type = "system-extension"
platform = "macos"
value = "com.example.filter.network"
source = "t"
checked = 2026-12-03
"""


def mac() -> RecordedHost:
    host = RecordedHost("macos", os_name="macOS 26.1")
    for line in fixture("macos/remote-access/ps-u-macos26.txt").splitlines()[1:]:
        parts = line.split()
        host.add_process(parts[4].rsplit("/", 1)[-1], pid=int(parts[1]), exe=parts[4], cmdline=parts[4:])
    for folder in ("/Applications", "/Library/LaunchDaemons", "/Library/LaunchAgents"):
        host.add_dir(folder)
    return host


@pytest.fixture
def small_list(monkeypatch):
    monkeypatch.setattr(macos, "load_catalogue", lambda: parse_catalogue(LAUNCHD_AND_EXTENSION))


def test_the_family_mac_says_honestly_that_its_folders_were_not_recorded():
    finding = run_check(CHECK, load_scenario(FIXTURES / "scenarios" / "family-mac.toml"))
    assert finding.status is Status.UNKNOWN
    assert "/Library/LaunchDaemons: not found, though every Mac has it" in finding.summary
    assert "no known monitoring software was found" in finding.summary


def test_a_mac_with_its_usual_folders_and_nothing_else_passes():
    finding = run_check(CHECK, mac())
    assert finding.status is Status.PASS
    assert "9 monitoring and spying products Homeguard knows for macOS" in finding.summary
    seen = {e.looked_at: e.seen for e in finding.evidence}
    assert "/Library/LaunchDaemons" in seen["places looked in"]
    assert seen["running programs"] == "3 looked at"


def test_teramind_hidden_agent_fails_calmly_and_safety_first():
    # unverified: built from the indicator list (LOLRMM's teramind.yaml)
    host = mac().add_dir("/Applications/tmagent.app").add_file("/usr/local/teramind/agent/bin/tmsysd", "")
    host.add_process("tmsysd", exe="/usr/local/teramind/agent/bin/tmsysd")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "Teramind (hidden agent)" in finding.summary and "Also found: Teramind" in finding.summary
    assert "removing it may alert the person who installed it" in finding.summary
    seen = " ".join(e.seen for e in finding.evidence)
    assert "/Applications/tmagent.app exists" in seen and "the program tmsysd is running" in seen
    assert "LOLRMM" in seen and "9b6649763aa226a35da24e8c1a85cb43f5330e68" in seen
    fix = CHECK.spec.fixes["macos"]
    assert fix.settings_url and fix.settings_url.startswith("x-apple.systempreferences:")
    assert any("Get help now" in step for step in fix.steps)


def test_hubstaff_is_work_monitoring_partly():
    # unverified: built from the indicator list (Homebrew's hubstaff cask)
    host = mac().add_dir("/Users/alex/Library/Application Support/Hubstaff")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL
    assert "Hubstaff" in finding.summary and "computer from work or school" in finding.summary


def test_desktime_is_work_monitoring_partly():
    # unverified: built from the indicator list (Homebrew's desktime cask)
    host = mac().add_dir("/Applications/DeskTime.app")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL and "DeskTime" in finding.summary
    assert any("Homebrew cask for DeskTime" in e.seen for e in finding.evidence)


def test_a_launch_agent_label_is_found_in_the_users_launch_agents(small_list):
    # unverified: built from a test list
    host = mac().add_file("/Users/alex/Library/LaunchAgents/com.example.spy.agent.plist", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "ExampleMacSpy" in finding.summary


def test_a_system_extension_of_parental_control_passes_with_a_note(small_list):
    # unverified: built from a test list; the folder layout is macOS's (<UUID>/<bundle id>.systemextension)
    host = mac().add_dir("/Library/SystemExtensions/0A1B2C3D-1111-2222-3333-444455556666/"
                         "com.example.filter.network.systemextension")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: ExampleFilter (parental control)" in finding.summary


def test_refused_launch_daemons_is_could_not_tell():
    host = mac().deny("/Library/LaunchDaemons")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN
    assert "/Library/LaunchDaemons: permission denied" in finding.summary


def test_a_refused_folder_does_not_hide_what_was_found():
    host = mac().deny("/Library/LaunchAgents").add_dir("/Applications/tmagent.app")
    assert run_check(CHECK, host).status is Status.FAIL


def test_no_programs_seen_is_could_not_tell():
    host = RecordedHost("macos")
    for folder in ("/Applications", "/Library/LaunchDaemons", "/Library/LaunchAgents"):
        host.add_dir(folder)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_qustodio_launch_daemon_is_parental_control_fine_if_you_set_it_up():
    # unverified: the launchd labels come from a public script that stops Qustodio (RRR06/QustodioBypass)
    host = mac().add_file("/Library/LaunchDaemons/com.qustodio.engine.plist", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: Qustodio (parental control): fine if you set it up" in finding.summary
    assert "made to watch someone in secret" not in finding.summary
    seen = " ".join(e.seen for e in finding.evidence)
    assert "/Library/LaunchDaemons/com.qustodio.engine.plist exists" in seen


def test_kidlogger_app_fails_with_safety_first_advice():
    # unverified: the app's name comes from a public keyword list citing kidlogger.net; /Applications is assumed
    host = mac().add_dir("/Applications/KidLogger.app")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: KidLogger" in finding.summary
    assert "removing it may alert the person who installed it" in finding.summary
    assert "fine if you set it up" not in finding.summary
    assert CHECK.spec.fixes["macos"].steps[0].startswith("If Homeguard found spying software: please do not")
