"""How remote-access looks on macOS: remote-control apps, Remote Management, Screen Sharing and Remote Login.

The same two dangers as on Linux:

* Remote-support apps connect OUT to their company's relay, so they need no open port: one running is enough to
  flag it. Apple's own Remote Management (Apple Remote Desktop) is counted with them: its agent, ARDAgent, runs
  only while Remote Management is on (the CIS check "Ensure Remote Management Is Disabled" is `pgrep ARDAgent`,
  quoted in usnistgov/macos_security#347).
* Screen Sharing (VNC, port 5900) and Remote Login (SSH, port 22) wait for connections IN. Both are launchd jobs
  that the Sharing settings switch on and off: `launchctl print-disabled system` (readable without admin rights)
  lists the switch as `"com.apple.screensharing" => enabled` / `"com.openssh.sshd" => enabled` on macOS 13 and later
  and as `=> false` ("not disabled") on macOS 12 and older (usnistgov/macos_security#167, #199; OVAL-Community/
  OVAL#101). A job that is not listed has never been switched on: both ship disabled. When Homeguard may list the
  open network ports (an administrator can), launchd itself is seen listening on 22 or 5900 (wazuh/wazuh#39258
  shows `tcp4 *.22` on macOS 15 with Remote Login on). With Remote Login on, sshd's own settings decide the
  verdict (sshd.py): macOS as installed accepts passwords (a fail); keys only is partly.

Where the app names and folders come from:
  TeamViewer   /Applications/TeamViewer.app (Homebrew cask `teamviewer`), helpers TeamViewer_Service and
               TeamViewer_Desktop_Proxy inside it (hungdev/mac-teamviewer-crack#3).
  AnyDesk      /Applications/AnyDesk.app and /Library/PrivilegedHelperTools/com.philandro.anydesk.Helper (cask).
  RustDesk     /Applications/RustDesk.app, launchd jobs com.carriez.RustDesk_server/_service (cask).
  Chrome Remote Desktop  /Library/PrivilegedHelperTools/ChromeRemoteDesktopHost.app/Contents/MacOS/
               remoting_me2me_host and remoting_me2me_host_service (users' own `ps` listings and notes). The
               "Chrome Remote Desktop" web app in ~/Applications/Chrome Apps is the viewer and is not counted.
  NoMachine    /Applications/NoMachine.app (cask), servers nxserver.bin / nxd / nxnode.bin as on Linux.
  RealVNC Server  /Applications/RealVNC/ (cask `vnc-server`), programs vncserver and vncagent.
  Splashtop Streamer  installed by "Splashtop Streamer.pkg" (cask); the app folder "Splashtop Streamer.app" is
               assumed from the package and bundle names and could not be confirmed from a live listing.
ScreenConnect, Zoho Assist, LogMeIn and Jump Desktop Connect are not listed: their macOS process names could not be
confirmed. Screen-sharing clients (the Screen Sharing app, VNC viewers) are not a risk by themselves.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host, ListeningSocket, ProcessInfo, first_line
from auditor.model import Evidence, Finding, Fix, Status

from .sshd import look_at_sshd

SSH_JOB = "com.openssh.sshd"
SCREEN_SHARING_JOB = "com.apple.screensharing"
SSH_PORTS = {22}
VNC_PORTS = set(range(5900, 5910))
ARD_AGENT = "/System/Library/CoreServices/RemoteManagement/ARDAgent.app/Contents/MacOS/ARDAgent"

_OVERRIDE = re.compile(r'^\s*"(?P<label>[^"]+)"\s*=>\s*(?P<value>\S+)\s*$')
_ENABLED_WORDS = {"enabled": True, "false": True, "disabled": False, "true": False}


@dataclass(frozen=True)
class MacRemoteTool:
    name: str
    names: frozenset[str]  # process or program names
    places: tuple[str, ...] = ()  # parts of a program's path that belong to it


REMOTE_CONTROL_APPS = (
    MacRemoteTool("TeamViewer", frozenset({"TeamViewer", "TeamViewer_Service", "TeamViewer_Desktop",
                                           "TeamViewer_Desktop_Proxy"}), ("/TeamViewer.app/",)),
    MacRemoteTool("AnyDesk", frozenset({"AnyDesk"}),
                  ("/AnyDesk.app/", "/Library/PrivilegedHelperTools/com.philandro.anydesk.")),
    MacRemoteTool("RustDesk", frozenset({"RustDesk", "rustdesk"}), ("/RustDesk.app/",)),
    MacRemoteTool("Chrome Remote Desktop", frozenset({"remoting_me2me_host", "remoting_me2me_host_service"}),
                  ("/ChromeRemoteDesktopHost.app/",)),
    MacRemoteTool("NoMachine", frozenset({"nxserver.bin", "nxd", "nxnode.bin"}), ("/NoMachine.app/",)),
    MacRemoteTool("RealVNC Server", frozenset({"vncserver", "vncagent"}), ("/Applications/RealVNC/",)),
    MacRemoteTool("Splashtop Streamer", frozenset({"Splashtop Streamer"}), ("/Splashtop Streamer.app/",)),
)


def tool_for(process: ProcessInfo) -> MacRemoteTool | None:
    """The remote-control app a process belongs to, by its name, its program's name or the folder it runs from."""
    paths = [p for p in (process.exe, *process.cmdline[:1]) if p]
    candidates = {process.name, *(posixpath.basename(p) for p in paths)}
    for tool in REMOTE_CONTROL_APPS:
        if candidates & tool.names:
            return tool
        # macOS keeps 16 characters of a process name when the full one cannot be read.
        if len(process.name) in (15, 16) and any(n.startswith(process.name) for n in tool.names):
            return tool
        if any(place in path for path in paths for place in tool.places):
            return tool
    return None


def is_remote_management_agent(process: ProcessInfo) -> bool:
    return process.name == "ARDAgent" or ARD_AGENT in (process.exe, *process.cmdline[:1])


def parse_overrides(text: str) -> dict[str, bool]:
    """``launchctl print-disabled`` lines as {job label: switched on?}. Both the macOS 13+ words (enabled /
    disabled) and the older ones (false = not disabled, true = disabled) are read."""
    found: dict[str, bool] = {}
    for line in text.splitlines():
        match = _OVERRIDE.match(line)
        if match and match["value"].lower() in _ENABLED_WORDS:
            found[match["label"]] = _ENABLED_WORDS[match["value"].lower()]
    return found


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    processes = host.processes()
    if not processes:
        return finding(Status.UNKNOWN, "Could not tell: Homeguard could not see the programs running on this Mac.",
                       [Evidence("running programs", "none could be listed")])
    apps: list[str] = []
    for process in processes:
        tool = tool_for(process)
        if tool and tool.name not in apps:
            apps.append(tool.name)
    remote_management = any(is_remote_management_agent(p) for p in processes)
    evidence.append(Evidence("running programs", f"{len(processes)} looked at; remote-control apps: "
                             f"{', '.join(apps) or 'none'}; Remote Management agent (ARDAgent): "
                             f"{'running' if remote_management else 'not running'}"))

    switches = _sharing_switches(host, evidence)
    ssh_on = bool(switches and switches.get(SSH_JOB))
    screen_on = bool(switches and switches.get(SCREEN_SHARING_JOB))

    try:
        sockets = host.listening_sockets()
    except AccessDenied as exc:
        sockets = None
        evidence.append(Evidence("listening network connections", str(exc)))
    if sockets is not None:
        reachable = [s for s in sockets if s.protocol == "tcp" and not s.loopback_only]
        ssh_on = ssh_on or any(_port_kind(s) == "ssh" for s in reachable)
        screen_on = screen_on or any(_port_kind(s) == "vnc" for s in reachable)
        ports = ", ".join(f"{s.address}:{s.port}" for s in reachable) or "none"
        evidence.append(Evidence("listening network connections", f"TCP ports open to other computers: {ports}"))

    doors = [*apps]
    if remote_management:
        doors.append("Remote Management (Apple Remote Desktop)")
    if screen_on:
        doors.append("Screen Sharing")
    if doors:
        return finding(Status.FAIL, f"Someone could see or control this Mac from elsewhere: {', '.join(doors)}. If "
                       "you did not set this up yourself, or someone asked you to, turn it off and talk to someone "
                       "you trust.", evidence)
    if ssh_on:
        return _remote_login_finding(host, evidence)
    if switches is None and sockets is None:
        return finding(Status.UNKNOWN, "Could not tell: no remote-control app is running, but Homeguard could not "
                       "read whether Remote Login or Screen Sharing is switched on.", evidence)
    return finding(Status.PASS, "No remote-control app is running, and Screen Sharing, Remote Management and "
                   "Remote Login are off.", evidence)


def _remote_login_finding(host: Host, evidence: list[Evidence]) -> Finding:
    """Remote Login on: a fail when sshd accepts passwords (as macOS sets it up), partly with keys only, and partly,
    saying so, when its settings could not be read. launchd listens on every address, so ListenAddress is moot."""
    signing_in, problem = look_at_sshd(host, evidence)
    on_purpose = "That is fine if you set it up on purpose; if not, switch it off in Sharing settings."
    if signing_in is None:
        return finding(Status.PARTIAL, f"Remote Login (SSH) is on, so other computers can try to sign in to this Mac. "
                       f"Homeguard could not read the SSH settings ({problem}), so it cannot tell whether passwords "
                       f"are accepted. {on_purpose}", evidence)
    if signing_in.passwords:
        root = ", even for root, the all-powerful account" if signing_in.root_by_password else ""
        return finding(Status.FAIL, f"Remote Login (SSH) is on and accepts passwords{root} ({signing_in.why}), so "
                       "anyone on the same network can try to guess one. If you use it on purpose, allow only keys; "
                       "if not, switch it off in Sharing settings.", evidence)
    return finding(Status.PARTIAL, f"Remote Login (SSH) is on, but only with a key, not a password. {on_purpose}",
                   evidence)


def _sharing_switches(host: Host, evidence: list[Evidence]) -> dict[str, bool] | None:
    """The launchd switches for Remote Login and Screen Sharing, or None when they could not be read."""
    command = "launchctl print-disabled system"
    result = host.run(["launchctl", "print-disabled", "system"], timeout=5)
    if not result.ok:
        evidence.append(Evidence(command, result.problem()))
        return None
    overrides = parse_overrides(result.stdout)
    if not overrides and "disabled services" not in result.stdout:
        evidence.append(Evidence(command, f"an answer Homeguard does not understand: "
                                 f"\u201c{first_line(result.stdout) or 'nothing'}\u201d"))
        return None
    ssh = overrides.get(SSH_JOB)
    screen = overrides.get(SCREEN_SHARING_JOB)
    evidence.append(Evidence(command, f"Remote Login ({SSH_JOB}): {_switch_words(ssh)}; "
                             f"Screen Sharing ({SCREEN_SHARING_JOB}): {_switch_words(screen)}"))
    return {SSH_JOB: bool(ssh), SCREEN_SHARING_JOB: bool(screen)}


def _switch_words(value: bool | None) -> str:
    if value is None:
        return "never switched on (off by default)"
    return "on" if value else "off"


def _port_kind(sock: ListeningSocket) -> str | None:
    if sock.port in SSH_PORTS or sock.process == "sshd":
        return "ssh"
    if sock.port in VNC_PORTS:
        return "vnc"
    return None


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Running programs for remote-control apps (TeamViewer, AnyDesk, RustDesk, Chrome Remote Desktop, NoMachine, "
    "RealVNC Server, Splashtop Streamer) and for Apple's Remote Management agent (ARDAgent); the Sharing switches "
    "for Remote Login and Screen Sharing (`launchctl print-disabled system`); and, when macOS allows it, the "
    "network ports open to other computers: SSH (22) and screen sharing (5900-5909). With Remote Login on, the SSH "
    "server's settings (/etc/ssh/sshd_config and the files it includes) show whether it accepts passwords."
)

ADMIN_NOTE = (
    "macOS lets only an administrator list the open network ports. Without that, Homeguard reads the Sharing "
    "switches instead, which tell the same thing for Remote Login and Screen Sharing."
)

FIXES = {
    "macos": Fix(
        steps=(
            "If a remote-control app is named above and you did not install it yourself, or someone on the phone "
            "or online asked you to: quit it, disconnect from the internet, and talk to someone you trust. You are "
            "not in trouble.",
            "Remove the app: drag it from the Applications folder to the Bin, or use its own uninstaller.",
            "Open System Settings, click General, then Sharing. Turn off Screen Sharing, Remote Management and "
            "Remote Login unless you use them on purpose. (macOS 12 and older: System Preferences, then Sharing.)",
            "If you use Remote Login on purpose, allow only keys: put \u201cPasswordAuthentication no\u201d and "
            "\u201cKbdInteractiveAuthentication no\u201d in /etc/ssh/sshd_config.d/000-keys-only.conf (it is read "
            "before Apple's 100-macos.conf, and the first value wins).",
            "If someone did connect, change the passwords of your important accounts from a different device.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Sharing-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mh11848/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "launchctl lines for Remote Login and Screen Sharing switched on "
    "(added to a real listing, worded as mSCP documents)",
    "Splashtop and RealVNC program names on macOS",
    "macOS's SSH server settings (built from Apple's OpenSSH source as its build script does; not copied from a Mac)",
)
