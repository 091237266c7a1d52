"""remote-access on Windows: remote-control apps, Quick Assist, Remote Desktop, VNC and OpenSSH Server.

Running programs and open ports come from recorded `tasklist` and `netstat -ano` outputs, turned into the process
and socket lists psutil gives. Some scenarios put together recordings from different real machines (one machine's
programs, another's Remote Desktop setting); each part is real. Process names not in a recording are the ones
cited in checks/local/remote_access/windows.py.
"""

import re

import pytest

from auditor.host import ListeningSocket, ProcessInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.remote_access import CHECK
from checks.local.remote_access.windows import (
    QUICK_ASSIST,
    RDP_TCP_KEY,
    REMOTE_CONTROL_APPS,
    TS_KEY,
    TS_POLICY_KEY,
    VERSION_KEY,
    socket_kind,
    tool_for,
)
from tests.support import fixture, run_check

_TASK = re.compile(r"^(?P<name>\S.*?)\s+(?P<pid>\d+)(?:\s|$)")
_NETSTAT = re.compile(r"^\s*(?P<proto>TCP|UDP)\s+(?P<addr>\S+):(?P<port>\d+)\s+\S+\s+(?:\w+\s+)?(?P<pid>\d+)\s*$")


def tasklist(text: str) -> dict[int, str]:
    """pid -> image name from `tasklist` output (wrapped service lines are skipped)."""
    found = {}
    for line in text.splitlines():
        match = _TASK.match(line)
        if match:
            found[int(match["pid"])] = match["name"]
    return found


def netstat(text: str) -> list[tuple[str, str, int, int]]:
    """(protocol, address, port, pid) from `netstat -ano` lines."""
    found = []
    for line in text.splitlines():
        match = _NETSTAT.match(line)
        if match:
            found.append((match["proto"].lower(), match["addr"].strip("[]"), int(match["port"]), int(match["pid"])))
    return found


def windows_host(tasks: str, sockets: str | None = None, *, named_sockets: bool = True) -> RecordedHost:
    host = RecordedHost("windows")
    names = tasklist(fixture(f"windows/remote-access/{tasks}"))
    for pid, name in names.items():
        host.add_process(name, pid=pid)
    if sockets:
        for proto, addr, port, pid in netstat(fixture(f"windows/remote-access/{sockets}")):
            host.add_socket(addr, port, protocol=proto, pid=pid, process=names.get(pid, "") if named_sockets else "")
    return host


def love(rdp: str | None = "reg-query-terminal-server-fdeny-1.txt") -> RecordedHost:
    """The Windows 10 Pro "Love" machine's programs and ports, with a recorded Remote Desktop setting."""
    host = windows_host("tasklist-svc-win10pro-love.txt", "netstat-ano-listening-win10pro-love.txt")
    if rdp:
        host.add_registry(fixture(f"windows/remote-access/{rdp}"))
    return host


# -- parsing the recordings and matching names --------------------------------------------------------------------

def test_recorded_lists_are_read_whole():
    assert len(tasklist(fixture("windows/remote-access/tasklist-svc-win10pro-love.txt"))) == 130
    assert tasklist(fixture("windows/remote-access/tasklist-windows8-teamviewer.txt"))[1468] == "TeamViewer_Service.exe"
    sockets = netstat(fixture("windows/remote-access/netstat-ano-listening-win10pro-love.txt"))
    assert len(sockets) == 36 and ("tcp", "::", 5985, 4) in sockets


@pytest.mark.parametrize(("name", "tool"), [
    ("TeamViewer_Service.exe", "TeamViewer"), ("AnyDesk.exe", "AnyDesk"), ("AnyDesk-8a1b2c3d.exe", "AnyDesk"),
    ("rustdesk.exe", "RustDesk"), ("remoting_host.exe", "Chrome Remote Desktop"),
    ("remote_assistance_host.exe", "Chrome Remote Desktop"), ("SRService.exe", "Splashtop"),
    ("ScreenConnect.WindowsClient.exe", "ScreenConnect"), ("LMIGuardianSvc.exe", "LogMeIn"),
    ("ZohoURSService.exe", "Zoho Assist"), ("dwagsvc.exe", "DWService"),
])
def test_remote_control_apps_are_recognised_whatever_the_case(name, tool):
    assert tool_for(ProcessInfo(1, name), REMOTE_CONTROL_APPS).name == tool
    assert tool_for(ProcessInfo(1, name.upper()), REMOTE_CONTROL_APPS).name == tool


def test_names_are_taken_from_the_path_when_psutil_gives_none_and_lookalikes_do_not_match():
    assert tool_for(ProcessInfo(1, "", r"C:\Windows\System32\QuickAssist.exe"), (QUICK_ASSIST,)) is QUICK_ASSIST
    assert tool_for(ProcessInfo(2, "anydesk-notes.txt"), REMOTE_CONTROL_APPS) is None
    assert tool_for(ProcessInfo(3, "mstsc.exe"), REMOTE_CONTROL_APPS) is None  # the Remote Desktop client


def test_socket_kinds():
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 3389)) == "rdp"
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 3390), rdp_port=3390) == "rdp"
    assert socket_kind(ListeningSocket("tcp", "::", 5901, process="tvnserver.exe")) == "vnc"
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 2222, process="sshd.exe")) == "ssh"
    assert socket_kind(ListeningSocket("tcp", "127.0.0.1", 3389)) is None
    assert socket_kind(ListeningSocket("udp", "0.0.0.0", 3389)) is None
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 5985, process="System")) is None


# -- pass ---------------------------------------------------------------------------------------------------------

def test_a_windows_10_pro_without_remote_access_passes():
    host = love()
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("5985" in e.seen and "3389" not in e.seen for e in found.evidence)
    assert any("Remote Desktop off" in e.seen for e in found.evidence)
    assert host.asked == []  # nothing is run: processes, sockets and the registry only


def test_remote_desktop_setting_on_windows_home_does_not_count():
    host = love("reg-query-terminal-server-fdeny-0.txt")
    host.add_registry(fixture("windows/remote-access/reg-query-productname-windows10-home.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("Windows Home has no Remote Desktop server" in e.seen for e in found.evidence)


def test_group_policy_switching_remote_desktop_off_wins():
    host = love("reg-query-terminal-server-fdeny-0.txt")
    # Documented: the Group Policy value (Terminal Services\fDenyTSConnections) wins over the local one.
    host.add_registry_value(TS_POLICY_KEY, "fDenyTSConnections", "REG_DWORD", 1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("set by Group Policy" in e.seen for e in found.evidence)


def test_remote_desktop_value_not_set_is_the_windows_default():
    host = love(rdp=None)
    host.add_registry_value(TS_KEY, "fSingleSessionPerUser", "REG_DWORD", 1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("Windows' default" in e.seen for e in found.evidence)


def test_ssh_open_only_to_this_computer_passes():
    host = love().add_process("sshd.exe", pid=9001).add_socket("127.0.0.1", 22, process="sshd.exe", pid=9001)
    assert run_check(CHECK, host).status is Status.PASS


# -- fail ---------------------------------------------------------------------------------------------------------

def test_teamviewer_running_fails_calmly():
    host = windows_host("tasklist-windows8-teamviewer.txt")
    host.add_registry(fixture("windows/remote-access/reg-query-terminal-server-fdeny-1.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "TeamViewer is running" in found.summary
    assert "talk to someone you trust" in found.summary
    assert "!" not in found.summary


def test_remote_desktop_switched_on_fails():
    found = run_check(CHECK, love("reg-query-terminal-server-fdeny-0.txt"))
    assert found.status is Status.FAIL
    assert "Remote Desktop is switched on" in found.summary


def test_remote_desktop_listening_is_named_once_with_its_address():
    host = windows_host("tasklist-svc-win10pro-love.txt", "netstat-ano-rdp-listening.txt", named_sockets=False)
    host.add_registry(fixture("windows/remote-access/reg-query-terminal-server-fdeny-0.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "Remote Desktop is accepting connections on 0.0.0.0:3389" in found.summary
    assert "switched on" not in found.summary


def test_an_rdp_port_open_on_windows_home_still_fails():
    host = windows_host("tasklist-svc-win10pro-love.txt", "netstat-ano-rdp-listening.txt", named_sockets=False)
    host.add_registry(fixture("windows/remote-access/reg-query-productname-windows10-home.txt"))
    host.add_registry(fixture("windows/remote-access/reg-query-terminal-server-fdeny-1.txt"))
    assert run_check(CHECK, host).status is Status.FAIL


def test_remote_desktop_on_a_changed_port_is_recognised():
    host = love("reg-query-terminal-server-fdeny-1.txt")
    host.add_registry_value(RDP_TCP_KEY, "PortNumber", "REG_DWORD", 0xD3E)  # documented: PortNumber under RDP-Tcp
    host.add_socket("0.0.0.0", 3390, pid=1200, process="svchost.exe")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "0.0.0.0:3390" in found.summary


def test_quick_assist_running_is_flagged():
    host = love().add_process("QuickAssist.exe", pid=7777)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary.startswith("Quick Assist is open")


def test_quick_assist_with_another_app_names_both():
    host = love().add_process("QuickAssist.exe").add_process("AnyDesk.exe")
    found = run_check(CHECK, host)
    assert "Quick Assist is open" in found.summary and "AnyDesk is running" in found.summary


def test_vnc_open_to_the_network_fails():
    host = love().add_process("tvnserver.exe", pid=4242).add_socket("0.0.0.0", 5900, pid=4242,
                                                                      process="tvnserver.exe")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "VNC" in found.summary


def test_vnc_server_running_fails_when_ports_cannot_be_listed():
    host = love().add_process("winvnc.exe").deny_sockets()
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "could not check where it listens" in found.summary


# -- partial ------------------------------------------------------------------------------------------------------

def test_openssh_server_open_is_partial():
    host = love().add_process("sshd.exe", pid=9001).add_socket("0.0.0.0", 22, process="sshd.exe", pid=9001)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "0.0.0.0:22 (sshd.exe)" in found.summary


def test_openssh_server_running_when_ports_cannot_be_listed_is_partial():
    host = love().add_process("sshd.exe").deny_sockets()
    assert run_check(CHECK, host).status is Status.PARTIAL


# -- unknown ------------------------------------------------------------------------------------------------------

def test_no_programs_seen_is_unknown():
    found = run_check(CHECK, RecordedHost("windows"))
    assert found.status is Status.UNKNOWN


def test_ports_not_listable_is_unknown():
    host = love().deny_sockets()
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed to list" in found.summary


def test_remote_desktop_setting_not_readable_is_unknown():
    host = love(rdp=None).deny_registry(TS_KEY)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Remote Desktop" in found.summary
    assert any("not allowed" in e.seen for e in found.evidence)


def test_remote_desktop_key_missing_is_unknown():
    found = run_check(CHECK, love(rdp=None))
    assert found.status is Status.UNKNOWN
    assert any("Terminal Server key was not found" in e.seen for e in found.evidence)


def test_remote_desktop_value_not_understood_is_unknown():
    host = love(rdp=None)
    host.add_registry_value(TS_KEY, "fDenyTSConnections", "REG_SZ", "nein")
    host.add_registry_value(VERSION_KEY, "EditionID", "REG_SZ", "Professional")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("(not understood)" in e.seen and "edition Professional" in e.seen for e in found.evidence)


def test_binary_registry_values_are_shown_as_reg_query_shows_them():
    """A REG_BINARY fDenyTSConnections or edition is shown as `reg query`'s hex digits, never as Python's b'...'."""
    host = love(rdp=None)
    host.add_registry_value(TS_KEY, "fDenyTSConnections", "REG_BINARY", b"\x00\x01")
    host.add_registry_value(VERSION_KEY, "EditionID", "REG_BINARY", b"\xab\xcd")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    seen = next(e.seen for e in found.evidence if "fDenyTSConnections" in e.seen)
    assert "fDenyTSConnections 0001 (not understood); edition ABCD" in seen
    assert "b'" not in seen
