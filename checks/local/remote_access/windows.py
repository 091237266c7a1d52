"""How remote-access looks on Windows: Remote Desktop, remote-control apps, Quick Assist, VNC and OpenSSH Server.

The dangers are the same as on Linux (see linux.py): apps that let someone elsewhere see and control the screen
(they connect out to their company's relay, so no open port is needed and running is enough to flag them), and
servers that wait for connections from other computers (judged by where they listen).

Remote Desktop (RDP) is built into Windows Pro, Enterprise and Education. It is on when ``fDenyTSConnections`` is 0
under ``HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server`` (or under the Group Policy key
``HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services``, which wins when it is set). Windows Home has no
Remote Desktop server (its EditionID starts with "Core", its ProductName says "Home"), so the setting means nothing
there; a port 3389 that is open anyway (a third-party "RDP wrapper") is still caught by the socket check. RDP
switched on is a fail, as an RDP or VNC server open to the network is on Linux: it lets anyone with a password sign
in from elsewhere. OpenSSH Server (sshd.exe, port 22) is partial, as on Linux: often set up on purpose for school or
IT work.

Quick Assist is part of Windows and is the app scammers most often ask people to open ("a technician will connect").
It only runs while someone is using it, so seeing it running is flagged.

Process names, as psutil reports them on Windows (the executable's file name), and where they were checked:
  TeamViewer         TeamViewer.exe, TeamViewer_Service.exe (a recorded `tasklist` from a Windows 8.x PC; the
                     firewall rules of other tools), TeamViewerQS.exe (QuickSupport, in other tools' lists)
  AnyDesk            AnyDesk.exe, and AnyDesk-<id>.exe for custom clients (LOLRMM, anydesk.yaml: installation paths
                     and the service's ImagePath "AnyDesk.exe --service")
  RustDesk           rustdesk.exe (LOLRMM rustdesk.yaml)
  Chrome Remote Desktop  remoting_host.exe (LOLRMM), remote_assistance_host.exe (the "it2me" one-time support host
                     in Chromium's remoting build files), remoting_desktop.exe
  Splashtop          SRService.exe, SRAgent.exe (LOLRMM splashtop.yaml: the service's ImagePath); SRServer.exe
                     (named in the project's brief; not confirmed from a recording)
  ScreenConnect      ScreenConnect.WindowsClient.exe, ConnectWiseControl.Client.exe (LOLRMM),
                     ScreenConnect.ClientService.exe (detection rules in other projects)
  LogMeIn            LogMeIn.exe, LMIGuardianSvc.exe, LogMeInSystray.exe, LMIIgnition.exe (LOLRMM PE metadata)
  Zoho Assist        ZA_Connect.exe, ZAService.exe, ZohoURS.exe, ZohoURSService.exe, ZA_Access.exe (LOLRMM)
  DWService          dwagent.exe, dwagsvc.exe (the Linux helper's research, DWService's Windows names)
  Quick Assist       QuickAssist.exe (Microsoft; not confirmed from a recorded process list)
  VNC servers        winvnc.exe (UltraVNC/TightVNC 1.x), tvnserver.exe (TightVNC 2), vncserver.exe (RealVNC):
                     judged by their port (5900-5909) when sockets can be listed
  OpenSSH Server     sshd.exe (the Windows OpenSSH service, port 22)
Remote Desktop itself runs inside svchost.exe, so it is judged by its setting and its port, never by a process.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host, ListeningSocket, ProcessInfo
from auditor.model import Evidence, Finding, Fix, Status

TS_KEY = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server"
TS_POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services"
RDP_TCP_KEY = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp"
VERSION_KEY = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"

RDP_PORT = 3389
SSH_PORTS = {22}
VNC_PORTS = set(range(5900, 5910))


@dataclass(frozen=True)
class RemoteTool:
    name: str
    names: frozenset[str]  # lower-cased executable names
    prefixes: tuple[str, ...] = ()  # lower-cased name prefixes (custom-branded clients)


REMOTE_CONTROL_APPS = (
    RemoteTool("TeamViewer", frozenset({"teamviewer.exe", "teamviewer_service.exe", "teamviewerqs.exe"})),
    RemoteTool("AnyDesk", frozenset({"anydesk.exe"}), ("anydesk-",)),
    RemoteTool("RustDesk", frozenset({"rustdesk.exe"}), ("rustdesk",)),
    RemoteTool("Chrome Remote Desktop", frozenset({"remoting_host.exe", "remote_assistance_host.exe",
                                                   "remoting_desktop.exe"})),
    RemoteTool("Splashtop", frozenset({"srservice.exe", "sragent.exe", "srserver.exe"})),
    RemoteTool("ScreenConnect", frozenset({"screenconnect.clientservice.exe", "screenconnect.windowsclient.exe",
                                           "connectwisecontrol.client.exe"})),
    RemoteTool("LogMeIn", frozenset({"logmein.exe", "lmiguardiansvc.exe", "logmeinsystray.exe", "lmiignition.exe"})),
    RemoteTool("Zoho Assist", frozenset({"za_connect.exe", "zaservice.exe", "zohours.exe", "zohoursservice.exe",
                                         "za_access.exe"})),
    RemoteTool("DWService", frozenset({"dwagent.exe", "dwagsvc.exe"})),
)
QUICK_ASSIST = RemoteTool("Quick Assist", frozenset({"quickassist.exe"}))
VNC_SERVERS = RemoteTool("a VNC server", frozenset({"winvnc.exe", "tvnserver.exe", "vncserver.exe"}))
SSH_SERVER = RemoteTool("OpenSSH Server", frozenset({"sshd.exe"}))


def process_name(process: ProcessInfo) -> str:
    """The executable's file name, lower-cased: psutil's name, or the last part of its path."""
    name = process.name or process.exe.replace("/", "\\").rsplit("\\", 1)[-1]
    return name.strip().lower()


def tool_for(process: ProcessInfo, tools: tuple[RemoteTool, ...]) -> RemoteTool | None:
    name = process_name(process)
    for tool in tools:
        if name in tool.names or (name.endswith(".exe") and any(name.startswith(p) for p in tool.prefixes)):
            return tool
    return None


def socket_kind(sock: ListeningSocket, rdp_port: int = RDP_PORT) -> str | None:
    """"rdp", "vnc" or "ssh" for a TCP socket other computers can reach, else None."""
    if sock.protocol != "tcp" or sock.loopback_only:
        return None
    name = sock.process.lower()
    if sock.port in (rdp_port, RDP_PORT):
        return "rdp"
    if sock.port in VNC_PORTS or name in VNC_SERVERS.names:
        return "vnc"
    if sock.port in SSH_PORTS or name in SSH_SERVER.names:
        return "ssh"
    return None


@dataclass(frozen=True)
class RdpSetting:
    on: bool | None  # None: could not be read
    port: int
    home_edition: bool
    detail: str


def rdp_setting(host: Host) -> RdpSetting:
    """Whether Remote Desktop is switched on, from the registry (Group Policy first)."""
    try:
        policy = host.registry_values(TS_POLICY_KEY) or {}
        local = host.registry_values(TS_KEY)
        port_values = host.registry_values(RDP_TCP_KEY) or {}
        version = host.registry_values(VERSION_KEY) or {}
    except AccessDenied as exc:
        return RdpSetting(None, RDP_PORT, False, str(exc))
    edition = " ".join(version[name].as_text() for name in ("editionid", "productname") if name in version)
    home = edition.lower().startswith("core") or "home" in edition.lower().split()
    port_value = port_values.get("portnumber")
    port = (port_value.as_int() if port_value is not None else None) or RDP_PORT
    if "fdenytsconnections" in policy:
        raw, where = policy["fdenytsconnections"], "set by Group Policy"
    elif local is None:
        return RdpSetting(None, port, home, "the Terminal Server key was not found")
    elif "fdenytsconnections" in local:
        raw, where = local["fdenytsconnections"], ""
    else:
        return RdpSetting(False, port, home, "fDenyTSConnections not set (Windows' default: connections refused)")
    deny = raw.as_int()
    on = {0: True, 1: False}.get(deny) if deny is not None else None
    detail = f"fDenyTSConnections {raw.as_text()}" + (f", {where}" if where else "")
    detail += {True: " (Remote Desktop on)", False: " (Remote Desktop off)", None: " (not understood)"}[on]
    if edition:
        detail += f"; edition {edition}" + (" (Windows Home has no Remote Desktop server)" if home else "")
    if port != RDP_PORT:
        detail += f"; listens on port {port}"
    return RdpSetting(on, port, home, detail)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    processes = host.processes()
    if not processes:
        return finding(Status.UNKNOWN, "Could not tell: Homeguard could not see the programs running on this "
                       "computer.", [Evidence("running programs", "none could be listed")])
    apps = _found(processes, REMOTE_CONTROL_APPS)
    quick_assist = _found(processes, (QUICK_ASSIST,))
    vnc_running = _found(processes, (VNC_SERVERS,))
    sshd_running = _found(processes, (SSH_SERVER,))
    evidence.append(Evidence("running programs", f"{len(processes)} looked at; remote-control apps: "
                             f"{', '.join(apps + quick_assist) or 'none'}"))
    if vnc_running or sshd_running:
        evidence.append(Evidence("running programs", f"servers: {', '.join(vnc_running + sshd_running)}"))

    rdp = rdp_setting(host)
    evidence.append(Evidence(TS_KEY, rdp.detail))

    try:
        sockets = host.listening_sockets()
    except AccessDenied as exc:
        sockets = None
        evidence.append(Evidence("listening network connections", str(exc)))

    doors: list[str] = []
    open_ssh: list[str] = []
    if sockets is not None:
        for sock in sockets:
            kind = socket_kind(sock, rdp.port)
            where = f"{sock.address}:{sock.port}" + (f" ({sock.process})" if sock.process else "")
            if kind == "ssh":
                open_ssh.append(where)
            elif kind == "rdp":
                doors.append(f"Remote Desktop is accepting connections on {where}")
            elif kind == "vnc":
                doors.append(f"a VNC screen-sharing server is open on {where}")
        reachable = sorted({s.port for s in sockets if s.protocol == "tcp" and not s.loopback_only})
        evidence.append(Evidence("listening network connections", "TCP ports open to other computers: "
                                 + (", ".join(str(p) for p in reachable) or "none")))
    else:
        doors.extend(f"{name} is running (Homeguard could not check where it listens)" for name in vnc_running)
        open_ssh.extend(f"{name} is running" for name in sshd_running)

    if rdp.on and not rdp.home_edition and not any(d.startswith("Remote Desktop") for d in doors):
        doors.insert(0, "Remote Desktop is switched on")

    if apps or quick_assist or doors:
        what = [*(f"{app} is running" for app in apps), *doors]
        sentence = "Someone could see or control this computer from elsewhere: " + "; ".join(what) + "." \
            if what else ""
        if quick_assist:
            sentence = ("Quick Assist is open, so someone may be viewing or controlling this screen right now. "
                        + sentence).strip()
        return finding(Status.FAIL, sentence + " If you did not set this up yourself, or someone on the phone or "
                       "online asked you to, close it or switch it off, and talk to someone you trust.", evidence)
    if open_ssh:
        return finding(Status.PARTIAL, f"Remote login (OpenSSH Server) is open to other computers "
                       f"({', '.join(open_ssh)}). That is fine if you set it up on purpose, for example for school "
                       "or IT work; if not, switch it off.", evidence)
    if sockets is None:
        return finding(Status.UNKNOWN, "Could not tell: no remote-control app is running, but Homeguard was not "
                       "allowed to list which ports are open to other computers.", evidence)
    if rdp.on is None:
        return finding(Status.UNKNOWN, "Could not tell: no remote-control app is running and no remote-access port "
                       "is open, but Homeguard could not read whether Remote Desktop is switched on.", evidence)
    return finding(Status.PASS, "No remote-control app is running, Remote Desktop is off and nothing lets other "
                   "computers log in to this one or see its screen.", evidence)


def _found(processes: tuple[ProcessInfo, ...], tools: tuple[RemoteTool, ...]) -> list[str]:
    names: list[str] = []
    for process in processes:
        tool = tool_for(process, tools)
        if tool and tool.name not in names:
            names.append(tool.name)
    return names


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Running programs for remote-control apps (TeamViewer, AnyDesk, RustDesk, Chrome Remote Desktop, Splashtop, "
    "ScreenConnect, LogMeIn, Zoho Assist, DWService) and Quick Assist; whether Remote Desktop is switched on "
    "(HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server, fDenyTSConnections, and its Group Policy value); "
    "and the network ports open to other computers: Remote Desktop (3389), VNC (5900-5909) and OpenSSH Server (22)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "If a remote-control app or Quick Assist is named above and you did not start it yourself, or someone on "
            "the phone or online asked you to: close it, disconnect from the internet, and talk to someone you "
            "trust. You are not in trouble.",
            "Remove remote-control apps you did not choose: Settings, Apps, Installed apps, then the app's \u2026 "
            "menu and Uninstall.",
            "Switch off Remote Desktop unless you use it on purpose: Settings, System, Remote Desktop.",
            "If someone did connect, change the passwords of your important accounts from a different device.",
            "Remove OpenSSH Server if you do not use it: Settings, System, Optional features.",
        ),
        settings_url="ms-settings:remotedesktop",
        more_info="https://support.microsoft.com/windows/protect-yourself-from-tech-support-scams-2ebf91bd-f94c-"
                  "2a8a-e541-f5c800d18435",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "QuickAssist, Splashtop, ScreenConnect, DWService and VNC server process names (from lists, not seen running)",
    "OpenSSH and VNC listening (no recorded netstat)",
)
