"""How sharing looks on Windows: shared folders and printers, Nearby sharing, and media streaming.

Remote Desktop and Quick Assist are remote-access's.

* Shared folders and printers: ``net share`` lists what this PC shares (standard users may list them; only
  ``net share <name>`` needs an administrator). Its columns are share name, resource (a folder, or a printer
  port) and remark; a printer's remark starts with "Spooled". The shares Windows makes itself are left out: the
  drive shares (C$, D$ ...), ADMIN$, IPC$ and print$ (printer drivers). A share is open to anyone when it is listed
  in ``NullSessionShares`` (HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters): those need no
  account at all; the others need one (with "password protected sharing" on, Windows' default). The table's
  headings, remarks and closing sentence are translated but its layout is not, so it is read by position. Recorded
  outputs show what a reader must expect: the closing "The command completed successfully." (命令成功完成。 in
  Chinese) may follow the last row with no blank line between; a remark that does not fit beside a long folder path
  goes on the next line, indented; a name longer than its column stands alone, with the rest of its row below. A
  share whose resource is not a folder (a printer port: USB001, LPT1:) is a printer, whatever the remark's language.
  When the Server service (LanmanServer) is stopped or disabled, as some people and hardening guides do, nothing is
  shared: ``net share`` then fails with NERR_ServerNotStarted, "The Server service is not started." followed by
  "More help is available by typing NET HELPMSG 2114.". The sentence is translated; "NET HELPMSG 2114" is a command
  and its number, which are not, so that is what is read.
* Nearby sharing (Windows 10 1803 and later) sends files to and from PCs nearby over Bluetooth and Wi-Fi:
  ``NearShareChannelUserAuthzPolicy`` under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CDP is 0 (off),
  1 (My devices only) or 2 (Everyone nearby); unset is off, Windows' default. A policy ``EnableCdp`` = 0
  (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System) switches it off for everyone.
* Media streaming (Windows Media Player Network Sharing Service, wmpnetwk.exe) runs only while media streaming is
  on, and lets devices on the network play this PC's music, pictures and videos without a password.
* Bluetooth: Windows 10 and 11 are visible to new Bluetooth devices only while the Bluetooth settings page is open,
  so there is no "left discoverable" setting to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix
from auditor.plural import plural

from .offered import Offered, Reach, verdict

CDP_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\CDP"
CDP_POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\System"
LANMAN_PARAMETERS = r"HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters"
SYSTEM_SHARES = {"ADMIN$", "IPC$", "PRINT$"}
_DRIVE_SHARE = re.compile(r"^[A-Za-z]\$$")
_RULE = re.compile(r"^-{10,}\s*$")
_GAP = re.compile(r"\s{2,}")
_FOLDER = re.compile(r"^([A-Za-z]:\\|\\\\)")  # C:\... or \\server\...
_SERVER_NOT_STARTED = re.compile(r"\bHELPMSG\s+2114\b", re.IGNORECASE)  # NERR_ServerNotStarted
TURN_OFF_FOLDER = "right-click the folder, Properties, Sharing, Advanced Sharing: untick \u201cShare this folder\u201d"
TURN_OFF_PRINTER = ("Settings, Bluetooth & devices, Printers & scanners, the printer, Printer properties, Sharing: "
                    "untick \u201cShare this printer\u201d")


@dataclass(frozen=True)
class Share:
    name: str
    resource: str
    remark: str

    @property
    def printer(self) -> bool:
        """A printer share: its remark starts with "Spooled" (English Windows), or its resource is a port, not a
        folder (remarks are translated; port names are not)."""
        if self.remark.lower().startswith("spooled"):
            return True
        return bool(self.resource) and not _FOLDER.match(self.resource)


def parse_net_share(text: str) -> list[Share]:
    """The rows of ``net share``: the lines after the dashed rule, up to a blank line or the end.

    An indented line continues the row above: the resource and remark of a name that stood alone, or the remark of
    a row whose folder path filled the line. A line with a name and nothing else, not followed by its continuation,
    is no share: it is the closing sentence, in whatever language Windows speaks."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if _RULE.match(line)), None)
    if start is None:
        return []
    rows: list[str] = []
    for line in lines[start + 1:]:
        if line.strip():
            rows.append(line.rstrip())
        elif rows:
            break
    shares: list[Share] = []
    pending = ""
    for line in rows:
        if line[:1].isspace():
            if pending:
                resource, _, remark = line.strip().partition("  ")
                shares.append(Share(pending, resource.strip(), remark.strip()))
            elif shares:
                last = shares[-1]
                shares[-1] = Share(last.name, last.resource, f"{last.remark} {line.strip()}".strip())
            pending = ""
            continue
        name, resource, remark = _split_row(line)
        pending = name if not resource and not remark else ""
        if not pending:
            shares.append(Share(name, resource, remark))
    return shares


def _split_row(line: str) -> tuple[str, str, str]:
    """Name (12 columns, more when it overflows into the resource column), resource, remark."""
    drive = re.search(r"\s([A-Za-z]:\\|\\\\)", line)
    if drive and line[:drive.start()].strip():
        name = line[:drive.start()].strip()
        rest = line[drive.start():].strip()
        parts = _GAP.split(rest, maxsplit=1)
        return name, parts[0], parts[1] if len(parts) > 1 else ""
    parts = _GAP.split(line.strip())
    name = parts[0] if parts else ""
    if len(parts) == 2 and line[13:14].strip() == "" and len(line) >= 45:
        return name, "", parts[1]  # no resource (IPC$): the remark starts at column 45
    return name, parts[1] if len(parts) > 1 else "", " ".join(parts[2:])


def server_not_started(text: str) -> bool:
    """``net`` said the Server service is not started (NERR_ServerNotStarted, 2114), in any language."""
    return bool(_SERVER_NOT_STARTED.search(text))


def is_system_share(name: str) -> bool:
    return name.upper() in SYSTEM_SHARES or bool(_DRIVE_SHARE.match(name))


def shared_folders(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    result = host.run(["net", "share"], timeout=5)
    if result.ran and not result.ok and server_not_started(result.stdout + "\n" + result.stderr):
        evidence.append(Evidence("net share", "the Server service is not running (NET HELPMSG 2114), so this PC "
                                 "shares no folders or printers"))
        return []
    if not result.ok:
        evidence.append(Evidence("net share", result.problem()))
        unread.append("the shared folders and printers")
        return []
    shares = parse_net_share(result.stdout)
    if not shares:
        evidence.append(Evidence("net share", "an answer Homeguard does not understand"))
        unread.append("the shared folders and printers")
        return []
    own = [s for s in shares if not is_system_share(s.name)]
    evidence.append(Evidence("net share", f"{plural(len(shares), 'share')}, of which Windows' own: "
                             f"{', '.join(s.name for s in shares if is_system_share(s.name)) or 'none'}; others: "
                             f"{', '.join(s.name for s in own) or 'none'}"))
    anonymous = _null_session_shares(host, evidence, bool(own))
    offered: list[Offered] = []
    for share in own:
        open_to_all = share.name.upper() in anonymous
        if share.printer:
            offered.append(Offered(f"the printer \u201c{share.name}\u201d is shared on the network", Reach.LIMITED,
                                   TURN_OFF_PRINTER))
        elif open_to_all:
            offered.append(Offered(f"the shared folder \u201c{share.name}\u201d ({share.resource}) opens without "
                                   "any account", Reach.OPEN, TURN_OFF_FOLDER))
        else:
            where = f" ({share.resource})" if share.resource else ""
            offered.append(Offered(f"the shared folder \u201c{share.name}\u201d{where}, for people with an account "
                                   "on this PC", Reach.LIMITED, TURN_OFF_FOLDER))
    return offered


def _null_session_shares(host: Host, evidence: list[Evidence], needed: bool) -> set[str]:
    if not needed:
        return set()
    try:
        values = host.registry_values(LANMAN_PARAMETERS) or {}
    except AccessDenied as exc:
        evidence.append(Evidence(LANMAN_PARAMETERS, str(exc)))
        return set()
    raw = values.get("nullsessionshares")
    names = raw.data if raw is not None and isinstance(raw.data, list) else []
    found = {str(n).strip().upper() for n in names if str(n).strip()}
    evidence.append(Evidence(f"{LANMAN_PARAMETERS}, NullSessionShares",
                             ", ".join(sorted(found)) or "none (every share needs an account)"))
    return found


def nearby_sharing(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    try:
        policy = host.registry_values(CDP_POLICY_KEY) or {}
        values = host.registry_values(CDP_KEY) or {}
    except AccessDenied as exc:
        evidence.append(Evidence(CDP_KEY, str(exc)))
        unread.append("the Nearby sharing setting")
        return []
    enable = policy.get("enablecdp")
    if enable is not None and enable.as_int() == 0:
        evidence.append(Evidence(f"{CDP_POLICY_KEY}, EnableCdp", "0 (switched off for everyone by a policy)"))
        return []
    raw = values.get("nearsharechanneluserauthzpolicy")
    setting = raw.as_int() if raw is not None else 0
    words = {0: "Off", 1: "My devices only", 2: "Everyone nearby"}.get(setting if setting is not None else -1)
    evidence.append(Evidence(f"{CDP_KEY}, NearShareChannelUserAuthzPolicy",
                             f"{raw.as_text() if raw is not None else 'not set'} ({words or 'not understood'})"))
    turn_off = "Settings, System, Nearby sharing: choose Off (or My devices only)"
    if words is None:
        unread.append("the Nearby sharing setting")
        return []
    if setting == 2:
        return [Offered("Nearby sharing is set to Everyone nearby: anyone close by can send you files and pictures",
                        Reach.OPEN, turn_off)]
    if setting == 1:
        return [Offered("Nearby sharing, with your own devices only", Reach.LIMITED, turn_off)]
    return []


def media_streaming(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    processes = host.processes()
    if not processes:
        unread.append("whether media streaming is on")
        return []
    running = any(p.name.lower() == "wmpnetwk.exe" for p in processes)
    evidence.append(Evidence("running programs", "media streaming service (wmpnetwk.exe): "
                             + ("running" if running else "not running")))
    if not running:
        return []
    return [Offered("media streaming: devices on your network can play your music, pictures and videos",
                    Reach.OPEN, "Control Panel, Network and Sharing Center, Media streaming options: click Block "
                    "All, or stop the Windows Media Player Network Sharing Service")]


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    unread: list[str] = []
    offered = shared_folders(host, evidence, unread)
    offered += nearby_sharing(host, evidence, unread)
    offered += media_streaming(host, evidence, unread)
    evidence.append(Evidence("Bluetooth", "Windows shows this PC to new Bluetooth devices only while the Bluetooth "
                             "settings page is open, so there is no setting to read"))
    return verdict(offered, unread, evidence, nothing="Nothing on this PC is shared with others nearby: no shared "
                   "folders or printers, Nearby sharing is off and media streaming is not running.")


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Shared folders and printers (`net share`, leaving out the shares Windows makes itself: C$ and the other "
    "drives, ADMIN$, IPC$, print$) and whether any opens without an account (NullSessionShares); Nearby sharing "
    "(NearShareChannelUserAuthzPolicy under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CDP); and whether "
    "media streaming runs (wmpnetwk.exe). Remote Desktop belongs to the remote-access check."
)

ADMIN_NOTE = (
    "Who may open each shared folder (its permissions) can be read only by an administrator (`net share <name>`); "
    "without that Homeguard tells shares that need an account from those open to anyone by Windows' own list of "
    "shares that need none."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Nearby sharing: open Settings, System, Nearby sharing, and choose Off, or My devices only.",
            "Shared folders: right-click the folder, choose Properties, then Sharing, Advanced Sharing, and untick "
            "\u201cShare this folder\u201d. Or open Computer Management, Shared Folders, Shares, and stop sharing it.",
            "Shared printers: Settings, Bluetooth & devices, Printers & scanners, choose the printer, Printer "
            "properties, Sharing, and untick \u201cShare this printer\u201d.",
            "Keep \u201cPassword protected sharing\u201d on: Settings, Network & internet, Advanced network settings, "
            "Advanced sharing settings, All networks.",
            "Media streaming: Control Panel, Network and Sharing Center, Media streaming options, Block All.",
        ),
        settings_url="ms-settings:crossdevice",
        more_info="https://support.microsoft.com/windows/share-things-with-nearby-devices-in-windows-0efbfe40-e3e2-"
                  "581b-25f4-1a0e7a5c3a9b",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Nearby sharing values 1 and 2 (documented by tenforums and set by public scripts, not recorded; 0, as Settings "
    "writes it when switching Nearby sharing off, is tested on a Process Monitor capture)",
    "The Server service stopped, read from net's NET HELPMSG 2114 error (recorded as `net view` printed it, not "
    "`net share`)",
    "A shared printer's row in `net share` (told by its \u201cSpooled\u201d remark or its port; no recording found) "
    "and NullSessionShares naming a share (a real Windows 10 Enterprise without the value is tested; no machine "
    "with one was found)",
)
