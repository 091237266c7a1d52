"""How remote-access looks on Linux: remote-control apps running, and screen or login servers open to the network.

Two different dangers are looked for:

* Remote-support apps (TeamViewer, AnyDesk, RustDesk, ...) connect OUT to their company's relay, so they need no
  open port: a stranger with the app's ID and password can take over the screen from anywhere. Scammers ask
  victims to install exactly these. Seeing one running is enough to flag it.
* Screen-sharing servers (VNC, RDP) and SSH wait for connections IN. They only matter when they listen on an
  address other computers can reach, not on 127.0.0.1 / ::1 (this computer only). SSH open to the network is then
  judged by its own settings (sshd.py): accepting passwords fails, keys only is partly.

Where the process names come from (checked against package contents, service files or users' own outputs):
  TeamViewer   teamviewerd (/opt/teamviewer/tv_bin/teamviewerd -d, systemd "Main PID: 692 (teamviewerd)":
               solus-project/3rd-party#116, NixOS/nixpkgs#44307); the window is TeamViewer.
  AnyDesk      anydesk (/usr/bin/anydesk --service in anydesk.service; AnyDesk's CLI documents --service).
  RustDesk     rustdesk (`rustdesk --service`, rustdesk/rustdesk#8695, rustdesk.service).
  Chrome Remote Desktop  chrome-remote-desktop-host under /opt/google/chrome-remote-desktop (HOST_BINARY_NAME
               in Chromium's remoting/host/linux/linux_me2me_host.py); psutil shortens long names to 15 letters.
  NoMachine    /usr/NX/bin/nxserver.bin --daemon and /usr/NX/bin/nxd, nxd listening on 0.0.0.0:4000
               (users' notes on Raspberry Pi and Ubuntu installs).
  RealVNC      vncserver-x11-serviced, vncserver-x11-core, vncagent, vncserverui, vncserver-virtuald
               (Raspberry Pi OS `systemctl status` / `ps aux` outputs; default port 5900).
  DWService    the agent installs to /usr/share/dwagent (native/dwagent); Windows names dwagent, dwagsvc.
  Splashtop    SRStreamer.service / splashtop-streamer (Splashtop Streamer for Linux install guide; the running
               process names could not be confirmed from a live system).
  x11vnc       /usr/bin/x11vnc (Debian package x11vnc 0.9.16-9).
  TigerVNC     Xtigervnc, X0tigervnc, x0tigervncserver (Debian tigervnc-standalone-server and
               tigervnc-scraping-server 1.12.0), Xvnc and x0vncserver upstream names.
  xrdp         /usr/sbin/xrdp, xrdp-sesman (Debian xrdp 0.9.21, port=3389 on all addresses by default).
  GNOME Remote Desktop  /usr/libexec/gnome-remote-desktop-daemon: a user service started with every GNOME
               session (WantedBy=gnome-session.target) even when sharing is off (RDP and VNC "enable" default
               false), so only its open port counts, not the process (void-linux/void-packages#55018: port 3389).
  KDE          krfb (Desktop Sharing, VNC on 5900) and krdpserver (KRdp, RDP): judged by their open ports too.
  Remmina, Vinagre, KRDC are CLIENTS (they connect to others) and are not a risk by themselves.
ScreenConnect (ConnectWise Control) and Zoho Assist Linux process names could not be confirmed and are not
listed; a port-based finding still catches them when they listen.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host, ListeningSocket, ProcessInfo
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.desktop import find_desktop

from .sshd import look_at_sshd

SSH_PORTS = {22}
RDP_PORTS = {3389, 3390}
VNC_PORTS = set(range(5900, 5910))


@dataclass(frozen=True)
class RemoteTool:
    name: str  # what people call it
    names: frozenset[str]  # process names (as psutil reports them, or an executable's base name)
    paths: tuple[str, ...] = ()  # install folders whose programs belong to it


# Remote-support apps: running means a stranger with the ID could take over, open port or not.
REMOTE_CONTROL_APPS = (
    RemoteTool("TeamViewer", frozenset({"teamviewerd", "TeamViewer", "teamviewer"}), ("/opt/teamviewer/",)),
    RemoteTool("AnyDesk", frozenset({"anydesk"})),
    RemoteTool("RustDesk", frozenset({"rustdesk"})),
    RemoteTool("Chrome Remote Desktop", frozenset({"chrome-remote-desktop-host", "remoting_me2me_host"}),
               ("/opt/google/chrome-remote-desktop/",)),
    RemoteTool("NoMachine", frozenset({"nxserver.bin", "nxd", "nxnode.bin"}), ("/usr/NX/bin/",)),
    RemoteTool("RealVNC", frozenset({"vncserver-x11", "vncserver-x11-core", "vncserver-x11-serviced",
                                     "vncserver-virtuald", "vncagent", "vncserverui"})),
    RemoteTool("DWService", frozenset({"dwagent", "dwagsvc"}), ("/usr/share/dwagent/",)),
    RemoteTool("Splashtop", frozenset({"splashtop-streamer", "SRStreamer"})),
)

# Screen-sharing servers that wait for connections: judged by where they listen when sockets can be listed.
SCREEN_SERVERS = (
    RemoteTool("x11vnc", frozenset({"x11vnc"})),
    RemoteTool("TigerVNC", frozenset({"Xtigervnc", "X0tigervnc", "x0tigervncserver", "Xvnc", "x0vncserver"})),
    RemoteTool("xrdp", frozenset({"xrdp", "xrdp-sesman"})),
)

# Desktop sharing built into GNOME and KDE: these run idle in every session, so only an open port counts.
DESKTOP_SHARING = (
    RemoteTool("GNOME Remote Desktop", frozenset({"gnome-remote-desktop-daemon", "gnome-remote-desktop"})),
    RemoteTool("KDE Desktop Sharing", frozenset({"krfb"})),
    RemoteTool("KDE remote desktop (KRdp)", frozenset({"krdpserver"})),
)

_SSH_DAEMONS = {"sshd", "dropbear"}


def tool_for(process: ProcessInfo, tools: tuple[RemoteTool, ...]) -> RemoteTool | None:
    """The remote tool a process belongs to, by name, executable or install folder."""
    candidates = {process.name, posixpath.basename(process.exe)}
    if process.cmdline:
        candidates.add(posixpath.basename(process.cmdline[0]))
    paths = [p for p in (process.exe, *process.cmdline[:1]) if p]
    for tool in tools:
        if candidates & tool.names:
            return tool
        # Linux keeps only the first 15 characters of a process name ("chrome-remote-d").
        if len(process.name) == 15 and any(n.startswith(process.name) for n in tool.names):
            return tool
        if any(path.startswith(folder) for path in paths for folder in tool.paths):
            return tool
    return None


def socket_kind(sock: ListeningSocket) -> str | None:
    """"ssh", "rdp" or "vnc" for a TCP socket that other computers can reach, else None."""
    if sock.protocol != "tcp" or sock.loopback_only:
        return None
    name = sock.process
    if sock.port in SSH_PORTS or name in _SSH_DAEMONS:
        return "ssh"
    if sock.port in RDP_PORTS or name in ("xrdp", "gnome-remote-desktop-daemon", "krdpserver"):
        return "rdp"
    if sock.port in VNC_PORTS or name in ("x11vnc", "krfb", "Xtigervnc", "Xvnc", "vncserver-x11-core"):
        return "vnc"
    return None


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host).id  # only to choose the right steps to fix it

    processes = host.processes()
    if not processes:
        # A running Linux system always has programs; seeing none means Homeguard could not look.
        return finding(Status.UNKNOWN, "Could not tell: Homeguard could not see the programs running on this "
                       "computer.", [Evidence("running programs", "none could be listed")], desktop)
    apps = _found(processes, REMOTE_CONTROL_APPS)
    servers = _found(processes, SCREEN_SERVERS)
    sharing = _found(processes, DESKTOP_SHARING)
    evidence.append(Evidence("running programs", f"{len(processes)} looked at; remote-control apps: "
                             f"{', '.join(apps) or 'none'}"))
    if servers or sharing:
        evidence.append(Evidence("running programs", f"screen-sharing programs: {', '.join(servers + sharing)}"))

    try:
        sockets = host.listening_sockets()
    except AccessDenied as exc:
        sockets = None
        evidence.append(Evidence("listening network connections", str(exc)))

    open_screens: list[str] = []
    open_ssh: list[str] = []
    ssh_servers: set[str] = set()  # process names behind the open SSH ports ("" when the system hides them)
    if sockets is not None:
        for sock in sockets:
            kind = socket_kind(sock)
            where = f"{sock.address}:{sock.port}" + (f" ({sock.process})" if sock.process else "")
            if kind == "ssh":
                open_ssh.append(where)
                ssh_servers.add(sock.process)
            elif kind in ("rdp", "vnc"):
                open_screens.append(f"{kind.upper()} on {where}")
        reachable = [s for s in sockets if s.protocol == "tcp" and not s.loopback_only]
        ports = ", ".join(f"{s.address}:{s.port}" for s in reachable) or "none"
        evidence.append(Evidence("listening network connections", f"TCP ports open to other computers: {ports}"))
    elif servers:
        open_screens.extend(f"{name} (Homeguard could not check where it listens)" for name in servers)

    if apps or open_screens:
        what = ", ".join([*apps, *open_screens])
        return finding(Status.FAIL, f"Someone could control this computer from elsewhere: {what}. If you did not "
                       "set this up yourself, or someone asked you to install it, close it and talk to someone you "
                       "trust.", evidence, desktop)
    if open_ssh:
        return _ssh_finding(host, f"Remote login (SSH) is open to other computers ({', '.join(open_ssh)})",
                            evidence, desktop, only_dropbear=ssh_servers == {"dropbear"})
    if sockets is None:
        return finding(Status.UNKNOWN, "Could not tell: no remote-control app is running, but Homeguard was not "
                       "allowed to list which ports are open to other computers.", evidence, desktop)
    return finding(Status.PASS, "No remote-control app is running and nothing lets other computers log in to "
                   "this one or see its screen.", evidence, desktop)


def _ssh_finding(host: Host, opening: str, evidence: list[Evidence], desktop: str | None, *,
                 only_dropbear: bool = False) -> Finding:
    """SSH open to the network: a fail when its settings accept passwords (anyone who can reach the computer can
    try to guess one), partly with keys only, and partly, saying so, when the settings could not be read. Dropbear
    takes its settings from its command line, not from sshd_config, so they are not read for it."""
    if only_dropbear:
        signing_in, problem = None, "the SSH server here is Dropbear, which does not use OpenSSH's settings files"
        evidence.append(Evidence("SSH server settings", f"not read: {problem}"))
    else:
        signing_in, problem = look_at_sshd(host, evidence)
    on_purpose = "That is fine if you set it up on purpose, for example for school or IT work; if not, switch it off."
    if signing_in is None:
        return finding(Status.PARTIAL, f"{opening}. Homeguard could not read the SSH settings ({problem}), so it "
                       f"cannot tell whether passwords are accepted. {on_purpose}", evidence, desktop)
    if signing_in.passwords:
        root = ", even for root, the all-powerful account" if signing_in.root_by_password else ""
        return finding(Status.FAIL, f"{opening} and accepts passwords{root} ({signing_in.why}), so anyone who can "
                       "reach this computer can try to guess one. If you use SSH on purpose, allow only keys; if "
                       "not, switch it off.", evidence, desktop)
    return finding(Status.PARTIAL, f"{opening}, but only with a key, not a password. {on_purpose}", evidence,
                   desktop)


def _found(processes: tuple[ProcessInfo, ...], tools: tuple[RemoteTool, ...]) -> list[str]:
    names: list[str] = []
    for process in processes:
        tool = tool_for(process, tools)
        if tool and tool.name not in names:
            names.append(tool.name)
    return names


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Running programs for remote-control apps (TeamViewer, AnyDesk, RustDesk, Chrome Remote Desktop, "
    "NoMachine, RealVNC, DWService, Splashtop) and screen-sharing servers (x11vnc, TigerVNC, xrdp), and "
    "the network ports open to other computers: SSH (22), RDP (3389, 3390) and VNC (5900-5909). Ports "
    "open only to this computer itself (127.0.0.1, ::1) do not count. When SSH is open, the SSH server's "
    "settings (/etc/ssh/sshd_config and the files it includes) show whether it accepts passwords."
)

FIXES = {
    "linux": Fix(
        steps=(
            "If a remote-control app is named above and you did not install it yourself, or someone on the "
            "phone or online asked you to: close it, disconnect from the internet, and talk to someone you "
            "trust. You are not in trouble.",
            "Remove the app from your software centre (or with your package manager) so it cannot start again.",
            "If someone did connect, change the passwords of your important accounts from a different device.",
            "Switch off remote login (SSH) and screen sharing you do not use.",
            "If you use SSH on purpose, allow only keys: put \u201cPasswordAuthentication no\u201d and "
            "\u201cKbdInteractiveAuthentication no\u201d in /etc/ssh/sshd_config.d/00-keys-only.conf (the first "
            "value sshd reads wins, and that folder is read in name order), then restart the ssh service.",
        ),
        more_info="https://consumer.ftc.gov/articles/how-spot-avoid-and-report-tech-support-scams",
    ),
    "linux:gnome": Fix(
        steps=(
            "If a remote-control app is named above and you did not install it yourself, or someone asked you "
            "to: close it, disconnect from the internet, and talk to someone you trust. You are not in trouble.",
            "Open Settings, then Sharing (or System, then Remote Desktop), and switch off Remote Desktop, "
            "Screen Sharing and Remote Login unless you use them on purpose.",
            "Remove any remote-control app you did not choose from the Software app.",
        ),
        settings_command=("gnome-control-center", "sharing"),
        more_info="https://consumer.ftc.gov/articles/how-spot-avoid-and-report-tech-support-scams",
    ),
    "linux:kde": Fix(
        steps=(
            "If a remote-control app is named above and you did not install it yourself, or someone asked you "
            "to: close it, disconnect from the internet, and talk to someone you trust. You are not in trouble.",
            "Close Desktop Sharing (krfb) and, in System Settings, switch off Remote Desktop unless you use it "
            "on purpose.",
            "Remove any remote-control app you did not choose from Discover.",
        ),
        more_info="https://consumer.ftc.gov/articles/how-spot-avoid-and-report-tech-support-scams",
    ),
}
