"""How backups look on Windows: File History, and OneDrive folder backup (which Windows Backup also turns on).

* File History (Windows 8 and later) keeps each user's settings in
  %LOCALAPPDATA%\\Microsoft\\Windows\\FileHistory\\Configuration\\Config1.xml (Config2.xml is a copy): root
  ``DataProtectionUserConfig``, ``DPStatus`` ENABLED or DISABLED, ``DPFrequency`` in seconds, and the backup drive
  under ``Target/TargetUrl``. Catalog1.edb beside it is rewritten by each backup, so its modified time is when File
  History last ran. (Alex Verboon's 2012 write-up, with a real Config1.xml; readable by the user, no admin rights.)
  A policy ``Disabled`` = 1 under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\FileHistory blocks it.
* OneDrive folder backup ("Known Folder Move"; the Windows Backup app in Windows 11 turns on the same thing) moves
  Desktop, Documents and Pictures into the OneDrive folder: their places in
  HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders (``Desktop``, ``Personal``,
  ``My Pictures``) then point inside it (%OneDrive%\\Pictures, or C:\\Users\\<name>\\OneDrive\\Pictures). OneDrive
  copies files as they change, but only while OneDrive.exe runs, so "set up and running" is recent and "set up but
  not running" is partly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix

from .recent import Backup, verdict, when

FH_FOLDER = r"Microsoft\Windows\FileHistory\Configuration"
FH_POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\FileHistory"
SHELL_FOLDERS_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
KNOWN_FOLDERS = {"desktop": "Desktop", "personal": "Documents", "my pictures": "Pictures"}
_VARIABLE = re.compile(r"%([^%]+)%")


def parse_file_history(xml_text: str) -> tuple[str, str] | None:
    """(DPStatus, TargetUrl) from a File History Config1.xml, or None when it is not one."""
    try:
        root = ET.fromstring(xml_text.strip().lstrip("\ufeff"))
    except ET.ParseError:
        return None
    if root.tag != "DataProtectionUserConfig":
        return None
    status = (root.findtext("DPStatus") or "").strip().upper()
    target = (root.findtext("Target/TargetUrl") or root.findtext("Target/TargetName") or "").strip()
    return status, target


def local_appdata(host: Host) -> str:
    return host.env("LOCALAPPDATA") or host.user().home.rstrip("\\") + r"\AppData\Local"


def file_history(host: Host, evidence: list[Evidence], unread: list[str]) -> Backup | None:
    folder = local_appdata(host).rstrip("\\") + "\\" + FH_FOLDER
    config_path = folder + r"\Config1.xml"
    try:
        text = host.read_text(config_path)
        policy = host.registry_values(FH_POLICY_KEY) or {}
    except AccessDenied as exc:
        evidence.append(Evidence("File History", str(exc)))
        unread.append("File History's settings")
        return None
    blocked = policy.get("disabled")
    if blocked is not None and blocked.as_int() == 1:
        evidence.append(Evidence(f"{FH_POLICY_KEY}, Disabled", "1 (File History is switched off by a policy)"))
        return None
    if text is None:
        evidence.append(Evidence("File History", "never set up (no Config1.xml)"))
        return None
    parsed = parse_file_history(text)
    if parsed is None:
        evidence.append(Evidence(config_path, "not File History settings Homeguard can read"))
        unread.append("File History's settings")
        return None
    status, target = parsed
    evidence.append(Evidence(config_path, f"DPStatus {status or 'missing'}; backup drive {target or 'none'}"))
    if status != "ENABLED":
        return None
    catalogs = [t for t in (host.mtime(folder + rf"\Catalog{n}.edb") for n in (1, 2)) if t is not None]
    if not catalogs:
        evidence.append(Evidence("File History catalog", "none yet"))
        return Backup("File History", None, never_ran=True)
    evidence.append(Evidence("File History catalog (Catalog1.edb)", f"last changed {when(max(catalogs))}"))
    return Backup("File History", max(catalogs))


def expand(value: str, host: Host) -> str:
    return _VARIABLE.sub(lambda m: host.env(m.group(1)) or m.group(0), value)


def onedrive_folder_backup(host: Host, evidence: list[Evidence], unread: list[str]) -> Backup | None:
    try:
        values = host.registry_values(SHELL_FOLDERS_KEY)
    except AccessDenied as exc:
        evidence.append(Evidence(SHELL_FOLDERS_KEY, str(exc)))
        values = None
    if values is None:  # every Windows profile has this key: missing means it could not be read
        evidence.append(Evidence(SHELL_FOLDERS_KEY, "could not be read"))
        unread.append("where your Desktop, Documents and Pictures are kept")
        return None
    roots = [r.rstrip("\\").lower() for r in (host.env(n) for n in ("OneDrive", "OneDriveConsumer",
                                                                     "OneDriveCommercial")) if r]
    moved: list[str] = []
    for name, label in KNOWN_FOLDERS.items():
        raw = values.get(name)
        if raw is None:
            continue
        text = raw.as_text()
        path = expand(text, host).lower()
        if "%onedrive" in text.lower() or any(path.startswith(root + "\\") for root in roots) \
                or "\\onedrive" in path:
            moved.append(label)
    evidence.append(Evidence(SHELL_FOLDERS_KEY, "kept in OneDrive: " + (", ".join(moved) or "none of Desktop, "
                             "Documents, Pictures")))
    if not moved:
        return None
    processes = host.processes()
    if not processes:
        return Backup(f"OneDrive folder backup ({', '.join(moved)})", None,
                      why_no_date="Homeguard could not see whether OneDrive is running")
    running = any(p.name.lower() == "onedrive.exe" for p in processes)
    evidence.append(Evidence("running programs", f"OneDrive.exe {'running' if running else 'not running'}"))
    return Backup(f"OneDrive folder backup ({', '.join(moved)})", None, keeps_up=running)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    unread: list[str] = []
    found = [b for b in (file_history(host, evidence, unread), onedrive_folder_backup(host, evidence, unread)) if b]
    return verdict(found, unread, evidence, host.now(), none_found="No backup was found: File History is off and "
                   "your Desktop, Documents and Pictures are not backed up to OneDrive. Turn on one of them, so that "
                   "losing or wiping this PC does not mean losing your photos and files.")


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "File History (your Config1.xml under %LOCALAPPDATA%\\Microsoft\\Windows\\FileHistory\\Configuration, and when "
    "its catalog last changed) and OneDrive folder backup, which the Windows Backup app also uses (whether Desktop, "
    "Documents and Pictures live in OneDrive: User Shell Folders; and whether OneDrive is running). A backup counts "
    "as recent within 14 days. Other backup programs are not recognised yet."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Windows 11: open the Windows Backup app (or Settings, Accounts, Windows backup) and switch on backing "
            "up your Desktop, Documents and Pictures folders to OneDrive.",
            "Or use File History with an external drive: Control Panel, File History, choose the drive, and Turn "
            "on. Plug the drive in at least once a week.",
            "If the last backup is old, connect the drive (or start OneDrive and sign in) and let it catch up.",
        ),
        settings_url="ms-settings:backup",
        more_info="https://support.microsoft.com/windows/backup-and-restore-in-windows-352091d2-bb9d-3ea3-ed18-"
                  "52ef2b88cbef",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "File History's last run read from when its catalog (Catalog1.edb) changed",
    "File History turned off (DPStatus DISABLED: an edited recording) or blocked by the policy Disabled = 1",
    "OneDrive folder backup read from User Shell Folders pointing into OneDrive (a documented, not recorded, value)",
)
