"""remote-access on macOS: remote-control apps, Remote Management, Screen Sharing and Remote Login.

The process list, launchd switches and listening ports are recordings from real Macs (see the SOURCES.toml of
tests/fixtures/macos/remote-access). The remote-control apps' names and folders are the ones their installers use,
each cited in checks/local/remote_access/macos.py.
"""

from auditor.host import CommandOutcome, ProcessInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.remote_access import CHECK
from checks.local.remote_access.macos import ARD_AGENT, is_remote_management_agent, parse_overrides, tool_for
from tests.support import fixture, run_check

PRINT_DISABLED = ["launchctl", "print-disabled", "system"]


def add_ps_listing(host: RecordedHost, text: str) -> None:
    """Processes from a real `ps -u` listing (UID PID TTY TIME CMD)."""
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5:
            command = parts[4:]
            host.add_process(command[0].rsplit("/", 1)[-1], pid=int(parts[1]), exe=command[0], cmdline=command)


def add_netstat_listening(host: RecordedHost, text: str) -> None:
    """Sockets from real `netstat -an` listening lines (tcp4 *.22 *.*)."""
    for line in text.splitlines():
        proto, local = line.split()[:2]
        address, port = local.rsplit(".", 1)
        if address == "*":
            address = "0.0.0.0" if proto.endswith("4") else "::"
        host.add_socket(address, int(port), protocol=proto[:3], process="launchd")


def mac(print_disabled: str | None = "print-disabled-macos15.txt", netstat: str | None = None) -> RecordedHost:
    host = RecordedHost("macos", os_name="macOS 15.6.1")
    add_ps_listing(host, fixture("macos/remote-access/ps-u-macos26.txt"))
    if print_disabled:
        host.add_command(PRINT_DISABLED, fixture(f"macos/remote-access/{print_disabled}"))
    if netstat:
        add_netstat_listening(host, fixture(f"macos/remote-access/{netstat}"))
    else:
        host.deny_sockets()  # what an ordinary user gets on macOS
    return host


# -- matching and parsing ---------------------------------------------------------------------------------------

def test_apps_are_recognised_by_name_program_or_folder():
    tv = ProcessInfo(501, "TeamViewer_Service", "/Applications/TeamViewer.app/Contents/Helpers/TeamViewer_Service")
    assert tool_for(tv).name == "TeamViewer"
    crd = ProcessInfo(14699, "remoting_me2me_", "", (
        "/Library/PrivilegedHelperTools/ChromeRemoteDesktopHost.app/Contents/MacOS/remoting_me2me_host_service",
        "--run-from-launchd"))
    assert tool_for(crd).name == "Chrome Remote Desktop"
    assert tool_for(ProcessInfo(600, "remoting_me2me_h")).name == "Chrome Remote Desktop"  # name cut at 16 letters
    helper = ProcessInfo(700, "com.philandro.an", "/Library/PrivilegedHelperTools/com.philandro.anydesk.Helper")
    assert tool_for(helper).name == "AnyDesk"
    nx = ProcessInfo(800, "nxd", "/Applications/NoMachine.app/Contents/Frameworks/bin/nxd")
    assert tool_for(nx).name == "NoMachine"
    viewer = ProcessInfo(900, "app_mode_loader",
                         "/Users/alex/Applications/Chrome Apps.localized/Chrome Remote Desktop.app/Contents/MacOS/"
                         "app_mode_loader")
    assert tool_for(viewer) is None  # the viewer web app, not the host
    assert tool_for(ProcessInfo(739, "distnoted", "/usr/sbin/distnoted")) is None


def test_remote_management_agent_is_recognised():
    assert is_remote_management_agent(ProcessInfo(300, "ARDAgent", ARD_AGENT))
    assert is_remote_management_agent(ProcessInfo(300, "", "", (ARD_AGENT,)))
    assert not is_remote_management_agent(ProcessInfo(301, "screensharingd"))


def test_both_launchctl_formats_are_read():
    new = parse_overrides(fixture("macos/remote-access/print-disabled-macos15-screen-sharing-on.txt"))
    assert new["com.apple.screensharing"] is True
    assert new["com.openssh.sshd"] is False
    assert new["com.apple.ftpd"] is False
    assert len(new) == 8
    old = parse_overrides(fixture("macos/remote-access/print-disabled-older-format-remote-login-on.txt"))
    assert old["com.openssh.sshd"] is True
    assert old["com.apple.Siri.agent"] is False
    assert "version.com.docker.helper" not in old  # login item associations are not switches


# -- pass -------------------------------------------------------------------------------------------------------

def test_nothing_open_passes_without_admin_rights():
    found = run_check(CHECK, mac())
    assert found.status is Status.PASS
    assert any("never switched on" in e.seen for e in found.evidence)
    assert any("not allowed" in e.seen for e in found.evidence)


def test_nothing_open_passes_with_the_port_list_too():
    found = run_check(CHECK, mac(netstat="netstat-listening-macos15-no-ssh.txt"))
    assert found.status is Status.PASS
    assert any(e.seen == "TCP ports open to other computers: none" for e in found.evidence)


def test_ports_alone_are_enough_when_launchctl_gives_nothing():
    host = mac(print_disabled=None, netstat="netstat-listening-macos15-no-ssh.txt")
    host.add_command(PRINT_DISABLED, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.PASS


# -- partial ----------------------------------------------------------------------------------------------------

def test_remote_login_switched_on_is_partial():
    found = run_check(CHECK, mac("print-disabled-macos15-remote-login-on.txt"))
    assert found.status is Status.PARTIAL
    assert "Remote Login" in found.summary


def test_remote_login_in_the_older_format_is_partial():
    assert run_check(CHECK, mac("print-disabled-older-format-remote-login-on.txt")).status is Status.PARTIAL


def test_ssh_port_open_is_partial_even_if_the_switch_list_says_nothing():
    found = run_check(CHECK, mac(netstat="netstat-listening-macos15-ssh.txt"))
    assert found.status is Status.PARTIAL
    assert any("0.0.0.0:22" in e.seen for e in found.evidence)


# -- fail -------------------------------------------------------------------------------------------------------

def test_screen_sharing_switched_on_fails():
    found = run_check(CHECK, mac("print-disabled-macos15-screen-sharing-on.txt"))
    assert found.status is Status.FAIL
    assert "Screen Sharing" in found.summary


def test_screen_sharing_port_open_fails():
    host = mac(netstat="netstat-listening-macos15-no-ssh.txt")
    host.add_socket("::", 5900, process="launchd")
    assert run_check(CHECK, host).status is Status.FAIL


def test_remote_management_running_fails():
    host = mac()
    host.add_process("ARDAgent", exe=ARD_AGENT)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "Remote Management" in found.summary


def test_remote_control_app_fails_and_is_named_once():
    host = mac()
    host.add_process("TeamViewer", exe="/Applications/TeamViewer.app/Contents/MacOS/TeamViewer")
    host.add_process("TeamViewer_Service", exe="/Applications/TeamViewer.app/Contents/Helpers/TeamViewer_Service")
    host.add_process("AnyDesk", exe="/Applications/AnyDesk.app/Contents/MacOS/AnyDesk")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "TeamViewer, AnyDesk" in found.summary
    assert found.summary.count("TeamViewer") == 1


# -- unknown ----------------------------------------------------------------------------------------------------

def test_no_process_list_is_unknown():
    host = RecordedHost("macos").add_command(PRINT_DISABLED, fixture("macos/remote-access/print-disabled-macos15.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "programs running" in found.summary


def test_launchctl_missing_and_ports_refused_is_unknown():
    found = run_check(CHECK, mac(print_disabled=None))
    assert found.status is Status.UNKNOWN
    assert any("not installed" in e.seen for e in found.evidence)


def test_launchctl_timeout_and_ports_refused_is_unknown():
    host = mac(print_disabled=None)
    host.add_command(PRINT_DISABLED, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_launchctl_answer_in_an_unexpected_form_is_unknown():
    host = mac(print_disabled=None)
    host.add_command(PRINT_DISABLED, "Unrecognized target specifier.\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("does not understand" in e.seen for e in found.evidence)


def test_an_app_is_still_a_fail_when_nothing_else_can_be_read():
    host = mac(print_disabled=None)
    host.add_process("RustDesk", exe="/Applications/RustDesk.app/Contents/MacOS/RustDesk", cmdline=(
        "/Applications/RustDesk.app/Contents/MacOS/RustDesk", "--server"))
    assert run_check(CHECK, host).status is Status.FAIL


def test_only_reading_commands_are_run():
    host = mac()
    run_check(CHECK, host)
    assert host.asked == [tuple(PRINT_DISABLED)]


def test_other_open_ports_are_shown_but_do_not_count():
    host = mac(netstat="netstat-listening-macos15-no-ssh.txt")
    host.add_socket("0.0.0.0", 7000, process="ControlCenter")  # AirPlay Receiver: not remote control
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("0.0.0.0:7000" in e.seen for e in found.evidence)
