"""monitoring-software on Windows: the family PC, a real process list, folders, services, installed apps, refusals.

Real: the family-windows scenario, `tasklist /svc` from a Windows 10 Pro PC (tests/fixtures/windows/remote-access;
it has Windows' own dwm.exe running) and a `reg query` of KeePass's Uninstall key (tests/fixtures/windows/
password-managers). ProgramData and Program Files are added by the tests, and the products' folders, services and
programs are test constructions: unverified, built from the indicator list (products.toml cites each one's source),
not recorded on a PC that has them.
"""

from __future__ import annotations

import re

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost, load_scenario
from checks.local.monitoring_software import CHECK, windows
from checks.local.monitoring_software.catalogue import parse_catalogue
from checks.local.monitoring_software.windows import expand
from tests.support import FIXTURES, TEST_MONITORING_LIST, fixture, run_check

_TASK = re.compile(r"^(?P<name>\S.*?)\s+(?P<pid>\d+)(?:\s|$)")

UNINSTALL_LIST = TEST_MONITORING_LIST + """
[[product]]
id = "keepass-as-a-stand-in"
name = "A stand-in product named like KeePass"
kind = "keylogger"
[[product.indicator]]
type = "uninstall"
platform = "windows"
value = "KeePass Password Safe*"
source = "t"
checked = 2026-12-03

[[product]]
id = "task"
name = "ExampleTaskSpy"
kind = "stalkerware"
[[product.indicator]]
type = "scheduled-task"
platform = "windows"
value = "ExampleTaskSpy Update"
source = "t"
checked = 2026-12-03
"""


def pc() -> RecordedHost:
    host = RecordedHost("windows", os_name="Windows 10 Pro")
    for line in fixture("windows/remote-access/tasklist-svc-win10pro-love.txt").splitlines():
        match = _TASK.match(line)
        if match:
            host.add_process(match["name"], pid=int(match["pid"]))
    for folder in (r"C:\ProgramData", r"C:\Program Files", r"C:\Program Files (x86)"):
        host.add_dir(folder)
    return host


@pytest.fixture
def small_list(monkeypatch):
    monkeypatch.setattr(windows, "load_catalogue", lambda: parse_catalogue(UNINSTALL_LIST))


def test_the_family_pc_says_honestly_that_its_folders_were_not_recorded():
    finding = run_check(CHECK, load_scenario(FIXTURES / "scenarios" / "family-windows.toml"))
    assert finding.status is Status.UNKNOWN
    assert r"C:\ProgramData: not found, though every Windows computer has it" in finding.summary
    assert {e.looked_at: e.seen for e in finding.evidence}["running programs"] == "130 looked at"


def test_a_pc_with_windows_own_dwm_running_passes():
    # Teramind's hidden agent borrows the name dwm.exe; Windows' own dwm.exe must never be taken for it.
    host = pc()
    assert any(p.name == "dwm.exe" for p in host.processes())
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "24 monitoring and spying products Homeguard knows for Windows" in finding.summary


def test_teramind_hidden_agent_folder_fails():
    # unverified: built from the indicator list (LOLRMM's teramind.yaml)
    host = pc().add_dir(r"C:\ProgramData\{4CEC2908-5CE4-48F0-A717-8FC833D8017A}\config")
    host.add_registry_value(r"HKLM\SYSTEM\CurrentControlSet\Services\tsvchst", "Start", "REG_DWORD", 2)
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "Teramind (hidden agent)" in finding.summary
    seen = " ".join(e.seen for e in finding.evidence)
    assert "{4CEC2908-5CE4-48F0-A717-8FC833D8017A} exists" in seen
    assert "the service tsvchst is registered" in seen
    fix = CHECK.spec.fixes["windows"]
    assert fix.settings_url == "ms-settings:appsfeatures"
    assert fix.steps[0].startswith("If Homeguard found spying software: please do not remove it yet")


def test_controlio_service_is_work_monitoring_partly():
    # unverified: built from the indicator list (LOLRMM's controlio.yaml)
    host = pc().add_registry_value(r"HKLM\SYSTEM\CurrentControlSet\Services\weSvcService", "Start", "REG_DWORD", 2)
    host.add_process("wesvc.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL and "Controlio" in finding.summary


def test_family_safety_running_is_named_but_passes():
    # unverified: WpcMon.exe is named in public write-ups, not in a recorded process list
    host = pc().add_process("WpcMon.exe", exe=r"C:\Windows\System32\WpcMon.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: Microsoft Family Safety (parental control): fine if you set it up" in finding.summary


def test_kaspersky_safe_kids_folder_of_any_version_is_found():
    # unverified: built from the indicator list (a public script names "Kaspersky Safe Kids 23.0")
    host = pc().add_dir(r"C:\Program Files (x86)\Kaspersky Lab\Kaspersky Safe Kids 23.0")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS and "Kaspersky Safe Kids" in finding.summary


def test_norton_family_in_the_installed_apps_is_named_but_passes():
    # unverified: the Uninstall key is built from the indicator list (Norton names its "Norton Family client")
    host = pc().add_registry(
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\NortonFamily\n"
        "    DisplayName    REG_SZ    Norton Family\n")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS and "Known monitoring: Norton Family" in finding.summary
    seen = " ".join(e.seen for e in finding.evidence)
    assert "WOW6432Node" in seen and "support.norton.com" not in seen  # the source's title, not its address


def test_installed_apps_are_matched_by_their_real_display_name(small_list):
    # The DisplayName is a real recording (KeePass); the product it stands in for is a test construction.
    host = pc().add_registry(fixture("windows/password-managers/reg-query-uninstall-keepass-2.40.txt"))
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    seen = " ".join(e.seen for e in finding.evidence)
    assert "\u201cKeePass Password Safe 2.40\u201d is installed" in seen


def test_the_tasks_folder_is_for_administrators_and_does_not_spoil_the_answer(small_list):
    host = pc().deny(r"C:\Windows\System32\Tasks")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert any(e.looked_at == "needs administrator rights" for e in finding.evidence)
    assert "administrator" in CHECK.spec.admin_notes["windows"]


def test_a_scheduled_task_is_found_when_the_folder_can_be_read(small_list):
    host = pc().add_file(r"C:\Windows\System32\Tasks\ExampleTaskSpy Update", "<Task/>")
    assert run_check(CHECK, host).status is Status.FAIL


def test_a_refused_services_key_is_could_not_tell():
    host = pc().deny_registry(r"HKLM\SYSTEM\CurrentControlSet\Services\tsvchst")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN and "tsvchst: the registry refused" in finding.summary


def test_refused_programdata_is_could_not_tell():
    host = pc().deny(r"C:\ProgramData")
    finding = run_check(CHECK, host)
    assert finding.status is Status.UNKNOWN
    assert r"C:\ProgramData: permission denied" in finding.summary


def test_sentrypc_in_programdata_fails_with_safety_first_words():
    # unverified: the DLL is laid out where SentryPC's own antivirus-exclusion guide says it lives
    host = pc().add_file(r"C:\ProgramData\spc\spcksys.dll", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: SentryPC" in finding.summary
    assert "removing it may alert the person who installed it" in finding.summary
    seen = {e.looked_at: e.seen for e in finding.evidence}
    assert "spcksys.dll exists" in seen["found: SentryPC (commercial monitoring)"]
    assert "SentryPC support: Antivirus Exclusions" in seen["found: SentryPC (commercial monitoring)"]
    assert CHECK.spec.fixes["windows"].steps[0].startswith("If Homeguard found spying software: please do not")


def test_a_folder_merely_called_spc_is_not_sentrypc():
    # SentryPC's folder has a short, common name; only its own DLL names may count, never the folder alone.
    host = pc().add_file(r"C:\ProgramData\spc\settings.ini", "")
    assert run_check(CHECK, host).status is Status.PASS


def test_spyagent_is_found_by_its_folder_but_huorong_sysdiag_running_is_not():
    # Spytech's program and Huorong's antivirus are both called sysdiag.exe: a running sysdiag.exe alone must
    # never fail the check; SpyAgent's documented folder holding it must. (unverified: test constructions)
    host = pc().add_process("sysdiag.exe", exe=r"C:\Program Files (x86)\Huorong\Sysdiag\bin\sysdiag.exe")
    assert run_check(CHECK, host).status is Status.PASS
    host.add_file(r"C:\Program Files (x86)\sysconfig\sysdiag.exe", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "Spytech SpyAgent" in finding.summary


def test_refog_keylogger_folder_inside_windows_fails():
    # unverified: laid out from Sophos's analysis (<System>\MPK\MPK.exe)
    host = pc().add_file(r"C:\Windows\System32\MPK\MPK.exe", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert any(e.looked_at == "found: REFOG Personal Monitor (keylogger)" and "Sophos" in e.seen
               for e in finding.evidence)


def test_spying_software_beside_parental_control_still_fails_and_names_both():
    host = pc().add_file(r"C:\ProgramData\spc\spcchat.dll", "")
    host.add_process("WpcMon.exe", exe=r"C:\Windows\System32\WpcMon.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "SentryPC" in finding.summary and "Also found: Microsoft Family Safety" in finding.summary
    assert "fine if you set it up" not in finding.summary


def test_net_monitor_for_employees_running_is_work_monitoring():
    # unverified: program name from LOLRMM's netmonitor.yaml
    host = pc().add_process("nmep_ctrlagentsvc.exe",
                            exe=r"C:\Program Files (x86)\Net Monitor for Employees Pro\nmep_ctrlagentsvc.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL and "Net Monitor for Employees" in finding.summary


def test_faronics_insight_student_service_is_school_monitoring():
    # unverified: service name from LOLRMM's faronics_insight.yaml
    host = pc().add_registry_value(r"HKLM\SYSTEM\CurrentControlSet\Services\FIStudentSvc", "Start", "REG_DWORD", 2)
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL
    assert "Faronics Insight" in finding.summary and "computer from work or school" in finding.summary


def test_folder_variables_come_from_the_environment_then_windows_defaults():
    host = RecordedHost("windows").set_env("ProgramData", r"D:\Data")
    assert expand(host, r"%ProgramData%\Teramind Agent") == r"D:\Data\Teramind Agent"
    assert expand(host, r"%ProgramFiles(x86)%\Kaspersky Lab") == r"C:\Program Files (x86)\Kaspersky Lab"
    assert expand(host, r"%LOCALAPPDATA%\X") == r"C:\Users\alex\AppData\Local\X"
    assert expand(host, r"C:\Plain") == r"C:\Plain"


# -- second pass: parental control a family may have chosen, consumer spy products, more workplace monitoring -------

def test_qustodio_service_and_engine_are_parental_control_fine_if_you_set_it_up():
    # unverified: the service and program names come from a public script that stops Qustodio (RRR06/QustodioBypass)
    host = pc().add_registry_value(r"HKLM\SYSTEM\CurrentControlSet\Services\qengine", "Start", "REG_DWORD", 2)
    host.add_process("qengine.exe")  # no folder: no source read names where Qustodio installs
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: Qustodio (parental control): fine if you set it up" in finding.summary
    assert "made to watch someone in secret" not in finding.summary
    seen = {e.looked_at: e.seen for e in finding.evidence}
    assert "the service qengine is registered" in seen["found: Qustodio (parental control)"]


def test_famisafe_in_the_installed_apps_is_parental_control_and_passes():
    # unverified: the Uninstall key and its DisplayName are built from winget's FamiSafe manifest
    host = pc().add_registry(
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
        "{735E280F-A09B-4F1B-9325-D53BAEDAE1E2}_is1\n"
        "    DisplayName    REG_SZ    Wondershare FamiSafe\n")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: Wondershare FamiSafe (parental control): fine if you set it up" in finding.summary


def test_kidlogger_folder_fails_with_safety_first_advice():
    # unverified: the folder comes from a public keyword list citing kidlogger.net, not from a PC that has it
    host = pc().add_dir(r"C:\Program Files (x86)\KidLogger")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: KidLogger" in finding.summary
    assert "removing it may alert the person who installed it" in finding.summary
    assert "fine if you set it up" not in finding.summary
    steps = CHECK.spec.fixes["windows"].steps
    assert steps[0].startswith("If Homeguard found spying software: please do not remove it yet")
    assert any("Get help now" in step for step in steps)


def test_revealer_keylogger_running_fails():
    # unverified: the program's name and path are strings in Microsoft Defender's signatures for it
    host = pc().add_process("rkfree.exe", exe=r"C:\Program Files (x86)\rkfree\rkfree.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "Revealer Keylogger" in finding.summary
    assert any(e.looked_at == "found: Revealer Keylogger (keylogger)" and "defender2yara" in e.seen
               for e in finding.evidence)


def test_kidlogger_beside_qustodio_fails_and_the_family_words_are_not_given():
    # A parental-control product found next to a spying one must not soften the answer.
    host = pc().add_process("qengine.exe").add_process("Kidlogger.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "KidLogger" in finding.summary and "Also found: Qustodio" in finding.summary
    assert "fine if you set it up" not in finding.summary


def test_activtrak_running_is_work_monitoring_partly():
    # unverified: the program names come from an inventory of ActivTrak's agent.msi
    host = pc().add_process("svctcom.exe", exe=r"C:\Windows\SysWOW64\svctcom.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL
    assert "Work or school monitoring was found: ActivTrak" in finding.summary


def test_hubstaff_in_the_installed_apps_is_work_monitoring():
    # unverified: the DisplayName is winget's package name for Hubstaff
    host = pc().add_registry(
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\x86_64_DESKTOP\n"
        "    DisplayName    REG_SZ    Hubstaff\n")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL and "Hubstaff" in finding.summary
