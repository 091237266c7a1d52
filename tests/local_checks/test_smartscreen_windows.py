"""smartscreen on Windows.

No real `reg query` output or regedit export of these keys was found, so every value below is recorded with
add_registry_value in the form the sources document it (UNVERIFIED against a real machine; listed in the README):

* SmartScreenEnabled (REG_SZ "Off" / "Prompt" / "RequireAdmin" / "Warn") under HKLM\\...\\CurrentVersion\\Explorer:
  dsccommunity/ComputerManagementDsc issue #73 (https://github.com/dsccommunity/ComputerManagementDsc/issues/73)
  and elysium-suite/aeacus issue #126 (https://github.com/elysium-suite/aeacus/issues/126).
* EnableSmartScreen (REG_DWORD 0/1) under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System: aeacus issue #126,
  and Microsoft's "Configure Windows Defender SmartScreen" policy (MicrosoftDocs/windows-itpro-docs PR #8542).
* Edge's SmartScreenEnabled policy (REG_DWORD 0/1) under SOFTWARE\\Policies\\Microsoft\\Edge: Microsoft Edge's
  policy documentation, as named in the Homeguard brief.
"""

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.smartscreen import CHECK
from checks.local.smartscreen.windows import EDGE_POLICIES, EXPLORER, SYSTEM_POLICY
from tests.support import run_check

EDGE_MACHINE, EDGE_USER = EDGE_POLICIES


def host(values: dict | None = None) -> RecordedHost:
    """A Windows host whose Explorer key exists (it always does), with the given values set."""
    h = RecordedHost("windows").add_registry_value(EXPLORER, "ShellState", "REG_BINARY", b"\x24\x00")
    for (key, name), (kind, data) in (values or {}).items():
        h.add_registry_value(key, name, kind, data)
    return h


def test_nothing_set_means_windows_default_on():
    found = _run(host())
    assert found.status is Status.PASS
    assert "Windows' default" in found.evidence[0].seen


@pytest.mark.parametrize("word", ["Warn", "Prompt", "RequireAdmin"])
def test_each_warning_level_passes(word):
    found = _run(host({(EXPLORER, "SmartScreenEnabled"): ("REG_SZ", word)}))
    assert found.status is Status.PASS
    assert word in found.evidence[0].seen


def test_check_apps_and_files_off_fails():
    found = _run(host({(EXPLORER, "SmartScreenEnabled"): ("REG_SZ", "Off")}))
    assert found.status is Status.FAIL
    assert "switched off" in found.summary


def test_policy_wins_over_the_users_setting():
    found = _run(host({(EXPLORER, "SmartScreenEnabled"): ("REG_SZ", "Warn"),
                         (SYSTEM_POLICY, "EnableSmartScreen"): ("REG_DWORD", 0)}))
    assert found.status is Status.FAIL
    assert "by policy" in found.evidence[0].seen
    on = _run(host({(EXPLORER, "SmartScreenEnabled"): ("REG_SZ", "Off"),
                      (SYSTEM_POLICY, "EnableSmartScreen"): ("REG_DWORD", 1),
                      (SYSTEM_POLICY, "ShellSmartScreenLevel"): ("REG_SZ", "Block")}))
    assert on.status is Status.PASS
    assert "level Block" in on.evidence[0].seen


def test_edge_switched_off_by_policy_is_partial():
    found = _run(host({(EDGE_USER, "SmartScreenEnabled"): ("REG_DWORD", 0)}))
    assert found.status is Status.PARTIAL
    assert "Edge" in found.summary


def test_the_computer_wide_edge_policy_wins():
    found = _run(host({(EDGE_MACHINE, "SmartScreenEnabled"): ("REG_DWORD", 1),
                         (EDGE_USER, "SmartScreenEnabled"): ("REG_DWORD", 0)}))
    assert found.status is Status.PASS
    assert "computer policy" in found.evidence[1].seen


@pytest.mark.parametrize(("key", "name", "kind", "data"), [
    (EXPLORER, "SmartScreenEnabled", "REG_SZ", "Sometimes"),
    (SYSTEM_POLICY, "EnableSmartScreen", "REG_DWORD", 7),
    (EDGE_MACHINE, "SmartScreenEnabled", "REG_DWORD", 5),
])
def test_values_homeguard_does_not_know_are_unknown(key, name, kind, data):
    found = _run(host({(key, name): (kind, data)}))
    assert found.status is Status.UNKNOWN


def test_a_refused_registry_read_is_unknown():
    found = _run(host().deny_registry(EXPLORER))
    assert found.status is Status.UNKNOWN
    assert "did not let" in found.summary


def test_nothing_is_run():
    h = host()
    _run(h)
    assert h.asked == []


def _run(h: RecordedHost):
    return run_check(CHECK, h)


def test_binary_values_are_shown_as_reg_query_shows_them():
    """A REG_BINARY value is shown as the hex digits `reg query` prints, never as Python's b'...'."""
    on = _run(host({(SYSTEM_POLICY, "EnableSmartScreen"): ("REG_DWORD", 1),
                    (SYSTEM_POLICY, "ShellSmartScreenLevel"): ("REG_BINARY", b"\x01\x00")}))
    assert on.status is Status.PASS
    assert "level 0100)" in on.evidence[0].seen
    odd = _run(host({(EXPLORER, "SmartScreenEnabled"): ("REG_BINARY", b"O\x00f\x00f\x00")}))
    assert odd.status is Status.UNKNOWN
    assert "4F0066006600" in odd.evidence[0].seen
    assert "b'" not in odd.evidence[0].seen


# -- the person's own switch for Edge, with no policy (read as browser-protection reads it) --------------------------

def test_the_persons_edge_switch_off_is_partial_like_browser_protection_says():
    from tests.support import fixture

    h = host()
    h.add_registry(fixture("windows/browser-protection/edge-smartscreen-off-for-user.reg"))  # a real published .reg
    found = _run(h)
    assert found.status is Status.PARTIAL
    assert "the person's own switch has switched it off in Microsoft Edge" in found.summary
    assert any("HKCU\\Software\\Microsoft\\Edge\\SmartScreenEnabled is 0" in e.seen for e in found.evidence)


def test_an_edge_policy_wins_over_the_persons_switch():
    from tests.support import fixture

    h = host({(EDGE_MACHINE, "SmartScreenEnabled"): ("REG_DWORD", 1)})
    h.add_registry(fixture("windows/browser-protection/edge-smartscreen-off-for-user.reg"))
    assert _run(h).status is Status.PASS


def test_a_refused_edge_switch_is_unknown():
    h = host().deny_registry(r"HKCU\Software\Microsoft\Edge\SmartScreenEnabled")
    assert _run(h).status is Status.UNKNOWN
