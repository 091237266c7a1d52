"""remote-access on Linux: remote-control apps and servers open to the network.

The socket list of the development machine is a recording; the other process names, paths and ports are the
ones real installations use, each cited in checks/local/remote_access/linux.py.
"""

import json

from auditor.host import ListeningSocket, ProcessInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.remote_access import CHECK
from checks.local.remote_access.linux import REMOTE_CONTROL_APPS, SCREEN_SERVERS, socket_kind, tool_for
from tests.support import fixture, run_check


def debian_vm() -> RecordedHost:
    host = RecordedHost("linux")
    for proc in json.loads(fixture("linux/remote-access/debian12-vm-processes.json")):
        host.add_process(proc["name"], pid=proc["pid"], username=proc["username"])
    for sock in json.loads(fixture("linux/remote-access/debian12-vm-listening-sockets.json")):
        host.add_socket(sock["address"], sock["port"], protocol=sock["protocol"], process=sock["process"])
    return host


# -- matching ---------------------------------------------------------------------------------------------------

def test_tools_are_recognised_by_name_path_or_shortened_name():
    teamviewer = ProcessInfo(692, "teamviewerd", "/opt/teamviewer/tv_bin/teamviewerd",
                             ("/opt/teamviewer/tv_bin/teamviewerd", "-d"))
    assert tool_for(teamviewer, REMOTE_CONTROL_APPS).name == "TeamViewer"
    # The kernel keeps 15 characters of a name; psutil falls back to it when it cannot read the command line.
    crd = ProcessInfo(2001, "chrome-remote-d")
    assert tool_for(crd, REMOTE_CONTROL_APPS).name == "Chrome Remote Desktop"
    nx = ProcessInfo(2425, "nxserver.bin", "", ("/usr/NX/bin/nxserver.bin", "--daemon"))
    assert tool_for(nx, REMOTE_CONTROL_APPS).name == "NoMachine"
    dw = ProcessInfo(3000, "python3", "/usr/share/dwagent/runtime/bin/python3", ("/usr/share/dwagent/native/dwagent",))
    assert tool_for(dw, REMOTE_CONTROL_APPS).name == "DWService"
    assert tool_for(ProcessInfo(10, "remmina"), REMOTE_CONTROL_APPS) is None  # a client, not a risk by itself
    assert tool_for(ProcessInfo(11, "x11vnc"), SCREEN_SERVERS).name == "x11vnc"


def test_socket_kinds():
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 22, process="sshd")) == "ssh"
    assert socket_kind(ListeningSocket("tcp", "::", 2222, process="sshd")) == "ssh"
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 3389, process="xrdp")) == "rdp"
    assert socket_kind(ListeningSocket("tcp", "::", 5900, process="x11vnc")) == "vnc"
    assert socket_kind(ListeningSocket("tcp", "127.0.0.1", 5900, process="x11vnc")) is None
    assert socket_kind(ListeningSocket("tcp", "::1", 3389)) is None
    assert socket_kind(ListeningSocket("udp", "0.0.0.0", 5900)) is None
    assert socket_kind(ListeningSocket("tcp", "0.0.0.0", 2024)) is None


# -- pass -------------------------------------------------------------------------------------------------------

def test_this_debian_vm_passes():
    found = run_check(CHECK, debian_vm())
    assert found.status is Status.PASS
    assert any("0.0.0.0:2024" in e.seen for e in found.evidence)


def test_gnome_remote_desktop_idle_in_the_session_is_not_a_finding():
    # gnome-remote-desktop.service starts with every GNOME session; RDP/VNC are off by default (no open port).
    host = debian_vm().add_process("gnome-remote-desktop-daemon", exe="/usr/libexec/gnome-remote-desktop-daemon")
    host.set_env("XDG_CURRENT_DESKTOP", "GNOME")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.desktop == "gnome"


def test_a_vnc_server_open_only_to_this_computer_passes():
    host = debian_vm().add_process("x11vnc").add_socket("127.0.0.1", 5900, process="x11vnc")
    assert run_check(CHECK, host).status is Status.PASS


# -- fail -------------------------------------------------------------------------------------------------------

def test_teamviewer_running_fails_calmly():
    host = debian_vm().add_process("teamviewerd", exe="/opt/teamviewer/tv_bin/teamviewerd",
                                   cmdline=["/opt/teamviewer/tv_bin/teamviewerd", "-d"], username="root")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "TeamViewer" in found.summary
    assert "talk to someone you trust" in found.summary
    assert "!" not in found.summary


def test_anydesk_and_rustdesk_services_fail():
    host = debian_vm().add_process("anydesk", exe="/usr/bin/anydesk", cmdline=["/usr/bin/anydesk", "--service"])
    host.add_process("rustdesk", exe="/usr/bin/rustdesk", cmdline=["/usr/bin/rustdesk", "--service"])
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "AnyDesk" in found.summary and "RustDesk" in found.summary


def test_rdp_open_to_the_network_fails():
    # xrdp's default xrdp.ini: "port=3389", a number alone meaning every interface.
    host = debian_vm().add_process("xrdp", exe="/usr/sbin/xrdp").add_socket("::", 3389, process="xrdp")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "RDP on :::3389 (xrdp)" in found.summary


def test_gnome_desktop_sharing_switched_on_fails():
    host = debian_vm().add_process("gnome-remote-desktop-daemon").add_socket(
        "0.0.0.0", 3389, process="gnome-remote-desktop-daemon")
    assert run_check(CHECK, host).status is Status.FAIL


def test_vnc_server_when_sockets_cannot_be_listed_fails():
    host = RecordedHost("linux").add_process("x11vnc").deny_sockets()
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "x11vnc" in found.summary


# -- partial ----------------------------------------------------------------------------------------------------

def test_ssh_open_to_the_network_is_partial():
    # openssh-server's defaults (#Port 22, #ListenAddress 0.0.0.0 and ::) listen on every address.
    host = debian_vm().add_socket("0.0.0.0", 22, process="sshd").add_socket("::", 22, process="sshd")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "fine if you set it up on purpose" in found.summary


def test_ssh_only_on_this_computer_passes():
    host = debian_vm().add_socket("127.0.0.1", 22, process="sshd")
    assert run_check(CHECK, host).status is Status.PASS


# -- unknown ----------------------------------------------------------------------------------------------------

def test_sockets_not_listable_and_no_app_is_unknown():
    host = RecordedHost("linux").add_process("bash").deny_sockets()
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed to list" in found.summary


def test_an_app_is_still_found_when_sockets_cannot_be_listed():
    host = RecordedHost("linux").add_process("anydesk").deny_sockets()
    assert run_check(CHECK, host).status is Status.FAIL


def test_no_programs_seen_at_all_is_unknown_never_pass():
    found = run_check(CHECK, RecordedHost("linux"))
    assert found.status is Status.UNKNOWN
    assert "could not see the programs" in found.summary


def test_no_commands_are_run():
    host = debian_vm().add_process("teamviewerd")
    run_check(CHECK, host)
    assert host.asked == []
