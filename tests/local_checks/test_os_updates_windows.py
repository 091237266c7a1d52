"""os-updates on Windows.

The Windows Update Agent answers come from Homeguard's own script, so they are COMPOSED in its JSON form (see
fixtures/windows/windows-update/SOURCES.toml; UNVERIFIED against a real machine). The pause values are real .reg
files. The RebootRequired key and LastSuccessTime are recorded with add_registry_value as documented: the key's
existence is what Windows' own tools and many public scripts test (Test-Path), and LastSuccessTime is REG_SZ
"yyyy-MM-dd HH:mm:ss" in UTC (proxb/PoshPAIG issue #6 and pull request #16).
"""

import json

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.windows import powershell_argv
from checks.local.os_updates import CHECK
from checks.local.os_updates.windows import (
    INSTALL_RESULTS,
    REBOOT_REQUIRED,
    SEARCH_SCRIPT,
    is_security,
    parse_search,
)
from tests.support import fixture, run_check

WU = "windows/windows-update/"
SEARCH = powershell_argv(SEARCH_SCRIPT + " | ConvertTo-Json -Depth 4 -Compress")


def windows(answer: str | None = None, **kwargs) -> RecordedHost:
    host = RecordedHost("windows")
    if answer is not None or kwargs:
        stdout = kwargs.pop("stdout", fixture(WU + answer) if answer else "")
        host.add_command(SEARCH, stdout, **kwargs)
    return host


def with_reboot(host: RecordedHost) -> RecordedHost:
    return host.add_registry_value(REBOOT_REQUIRED, "e5a58a3f-3b20-4e3c-9e7a-4a8a1d5e7c11", "REG_DWORD", 1)


# -- the answer, read on its own -----------------------------------------------------------------------------------

def test_parse_search_sorts_updates_into_counted_optional_and_threat_lists():
    search = parse_search(json.loads(fixture(WU + "wua-search-security-waiting.json")))
    assert [u["Title"][:30] for u in search.pending] == ["2026-08 Cumulative Update for "]
    assert (search.optional, search.definitions) == (1, 1)
    assert is_security(search.pending[0])


def test_security_is_read_from_the_category_id_or_the_severity():
    assert is_security({"Categories": ["0FA1201D-4330-4FA8-8AE9-B877473B6441"], "Severity": ""})
    assert is_security({"Categories": [], "Severity": "Important"})
    assert not is_security({"Categories": ["cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83"], "Severity": ""})


def test_parse_search_accepts_powershells_single_object_lists():
    one = {"Title": "x", "Severity": "", "BrowseOnly": False, "Categories": "cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83"}
    search = parse_search({"ResultCode": 2, "Pending": one, "LastInstall": None})
    assert len(search.pending) == 1 and search.pending[0]["Categories"] == [one["Categories"]]


def test_parse_search_refuses_what_it_does_not_understand():
    for bad in ([], {"Pending": []}, {"ResultCode": 4, "Pending": []}, {"ResultCode": 2, "Pending": "x"}):
        try:
            parse_search(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


# -- verdicts -------------------------------------------------------------------------------------------------------

def test_security_fixes_waiting_fail():
    found = run_check(CHECK, windows("wua-search-security-waiting.json"))
    assert found.status is Status.FAIL
    assert found.summary == "1 update is waiting, it is a security fix."
    assert "also 1 optional (not counted)" in found.evidence[0].seen


def test_other_updates_waiting_are_partial_and_mention_a_restart():
    found = run_check(CHECK, with_reboot(windows("wua-search-other-waiting.json")))
    assert found.status is Status.PARTIAL
    assert "not marked as a security fix" in found.summary
    assert "needs a restart" in found.summary


def test_waiting_updates_mention_a_pause():
    host = windows("wua-search-security-waiting.json").add_registry(fixture(WU + "reg-pause-until-2042.reg"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "paused until 5 September 2042" in found.summary


def test_nothing_waiting_and_a_recent_install_passes():
    found = run_check(CHECK, windows("wua-search-nothing-waiting.json"))
    assert found.status is Status.PASS
    assert found.summary == "All available updates are installed (the last one 6 days ago)."


def test_nothing_waiting_but_paused_is_partial():
    host = windows("wua-search-nothing-waiting.json").add_registry(fixture(WU + "reg-pause-until-2042.reg"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "paused until 5 September 2042" in found.summary


def test_nothing_waiting_but_a_restart_pending_is_partial():
    found = run_check(CHECK, with_reboot(windows("wua-search-nothing-waiting.json")))
    assert found.status is Status.PARTIAL
    assert "needs a restart" in found.summary


def test_no_install_for_a_long_time_is_partial():
    found = run_check(CHECK, windows("wua-search-nothing-waiting-old-install.json"))
    assert found.status is Status.PARTIAL
    assert "for 127 days" in found.summary


def test_no_history_falls_back_to_the_registry_time():
    host = windows("wua-search-no-history.json")
    host.add_registry_value(INSTALL_RESULTS, "LastSuccessTime", "REG_SZ", "2026-11-10 22:14:05")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.seen == "2026-11-10 22:14:05 (UTC)" for e in found.evidence)


def test_nothing_known_about_installs_is_unknown():
    found = run_check(CHECK, windows("wua-search-no-history.json"))
    assert found.status is Status.UNKNOWN
    assert "no record of any update being installed" in found.summary


def test_a_disabled_update_service_is_named():
    host = windows(returncode=1, stderr="Exception from HRESULT: 0x80070422\r\nAt line:1 char:208")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Windows Update service is disabled" in found.summary


def test_a_failed_search_result_is_unknown():
    host = RecordedHost("windows").add_command(SEARCH, '{"ResultCode":4,"Pending":[],"LastInstall":null}')
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "result code 4" in found.summary


def test_faults_are_unknown_with_the_reason():
    assert "not available" in run_check(CHECK, windows()).summary
    assert "in time" in run_check(CHECK, windows(outcome=CommandOutcome.TIMEOUT)).summary
    blocked = run_check(CHECK, windows(returncode=1, stderr="... cannot be loaded because running scripts is "
                                                          "disabled. This program is blocked by group policy."))
    assert blocked.status is Status.UNKNOWN and "policy" in blocked.summary
    garbled = run_check(CHECK, windows(stdout="Zugriff verweigert"))
    assert garbled.status is Status.UNKNOWN and "not in the form" in garbled.summary


def test_a_refused_registry_read_is_unknown():
    host = windows("wua-search-nothing-waiting.json").deny_registry(REBOOT_REQUIRED)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not let" in found.summary


def test_the_search_never_goes_online():
    host = windows("wua-search-nothing-waiting.json")
    run_check(CHECK, host)
    assert len(host.asked) == 1
    script = host.asked[0][-1]
    assert "$searcher.Online = $false" in script
    assert "Download" not in script and "Install(" not in script


def test_several_updates_waiting_are_counted_with_their_security_fixes():
    data = json.loads(fixture(WU + "wua-search-security-waiting.json"))
    data["Pending"] += json.loads(fixture(WU + "wua-search-other-waiting.json"))["Pending"]
    found = run_check(CHECK, RecordedHost("windows").add_command(SEARCH, json.dumps(data)))
    assert found.summary == "2 updates are waiting, 1 of them is a security fix."
    data["Pending"].append(dict(data["Pending"][0]))
    found = run_check(CHECK, RecordedHost("windows").add_command(SEARCH, json.dumps(data)))
    assert found.summary == "3 updates are waiting, 2 of them are security fixes."


def test_recent_installs_are_said_in_plain_words():
    from checks.local.common.windows_update import parse_windows_time

    installed = parse_windows_time("2026-11-12T02:04:31")
    for hours, words in ((5, "today"), (30, "yesterday")):
        host = RecordedHost("windows", now=installed + hours * 3600)
        host.add_command(SEARCH, fixture(WU + "wua-search-nothing-waiting.json"))
        assert run_check(CHECK, host).summary.endswith(f"(the last one {words}).")
