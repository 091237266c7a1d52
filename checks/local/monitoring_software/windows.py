"""How monitoring-software looks on Windows: install folders, services, installed apps, running programs.

Where each kind of trace lives, and who may read it:
  path            install folders under %ProgramData%, %ProgramFiles%, %ProgramFiles(x86)% and the user's
                  AppData: listable by a standard user
  service         HKLM\\SYSTEM\\CurrentControlSet\\Services\\<name>: readable by a standard user
  uninstall       the DisplayName of every key under the Uninstall keys (HKLM, its 32-bit WOW6432Node view, and
                  HKCU): what Settings, Apps lists; readable by a standard user. Hidden agents leave no entry here,
                  which is why folders and services are looked at too.
  registry-key    a key a product writes its settings to, under HKCU (the person's own) or HKLM\\SOFTWARE, both
                  readable by a standard user. A listed HKLM\\SOFTWARE key is looked for in the 32-bit view too
                  (HKLM\\SOFTWARE\\WOW6432Node\\...), where 32-bit programs' settings land on 64-bit Windows. A key
                  the registry refuses is said, and the answer becomes "could not tell", as for services.
  scheduled-task  C:\\Windows\\System32\\Tasks\\<name>: only an administrator may list it, so a refusal there is
                  noted (and said in the admin note) without making the answer "could not tell"
  process         the names of running programs (and the last part of their program's path). A name alone is
                  never trusted where a product borrows Windows' own names (Teramind's hidden agent runs as
                  dwm.exe): such products are found by their folder instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Finding, Fix

from .safety import COALITION_URL, SAFETY_STEPS

if TYPE_CHECKING:
    from .catalogue import Catalogue, Indicator, Product
    from .search import Look

PLATFORM = "windows"
SERVICES_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services"
UNINSTALL_KEYS = (
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
    r"HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall",
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall",
)
EXPECTED_FOLDERS = ("%ProgramData%", "%ProgramFiles%")
FOLDER_DEFAULTS = {
    "programdata": r"C:\ProgramData",
    "programfiles": r"C:\Program Files",
    "programfiles(x86)": r"C:\Program Files (x86)",
    "systemroot": r"C:\Windows",
}


def expand(host: Host, path: str) -> str:
    """A listed path with its %FOLDER% variable replaced by this computer's folder (Windows' default when the
    variable is not set)."""
    if not path.startswith("%"):
        return path
    variable, _, rest = path[1:].partition("%")
    value = host.env(variable) or FOLDER_DEFAULTS.get(variable.lower())
    if value is None:
        home = host.user().home
        value = {"localappdata": home + r"\AppData\Local", "appdata": home + r"\AppData\Roaming"}.get(
            variable.lower(), "")
    return value.rstrip("\\") + rest


def _path(look: Look, product: Product, indicator: Indicator) -> None:
    look.look_for_path(product, indicator, expand(look.host, indicator.value))


def _scheduled_task(look: Look, product: Product, indicator: Indicator) -> None:
    tasks = expand(look.host, r"%SystemRoot%\System32\Tasks")
    look.look_for_path(product, indicator, look.join(tasks, indicator.value), minor=True)


def _service(look: Look, product: Product, indicator: Indicator) -> None:
    key = SERVICES_KEY + "\\" + indicator.value
    try:
        found = look.host.registry_values(key)
    except AccessDenied as exc:
        look.refuse(key, exc.detail or "the registry refused")
        return
    look.read.add(key)
    if found is not None:
        look.found(product, indicator, f"the service {indicator.value} is registered ({key})")


def registry_views(key: str) -> tuple[str, ...]:
    """Where a listed key may be: itself, and for HKLM\\SOFTWARE keys also the 32-bit view (WOW6432Node)."""
    hive, _, rest = key.partition("\\")
    top, _, below = rest.partition("\\")
    if hive.upper() == "HKLM" and top.casefold() == "software" and below:
        return key, f"{hive}\\{top}\\WOW6432Node\\{below}"
    return (key,)


def _registry_key(look: Look, product: Product, indicator: Indicator) -> None:
    for key in registry_views(indicator.value):
        try:
            # A key with no values of its own still exists when it holds subkeys.
            exists = look.host.registry_values(key) is not None or bool(look.host.registry_subkeys(key))
        except AccessDenied as exc:
            look.refuse(key, exc.detail or "the registry refused")
            continue
        look.read.add(key)
        if exists:
            look.found(product, indicator, f"the registry key {key} exists")


def installed_apps(look: Look) -> list[tuple[str, str]]:
    """(registry key, DisplayName) of every installed app, from the three Uninstall keys; read once per scan."""
    from .search import MAX_LISTING

    if look.installed_apps is not None:
        return look.installed_apps
    apps: list[tuple[str, str]] = []
    for parent in UNINSTALL_KEYS:
        try:
            children = look.host.registry_subkeys(parent)[:MAX_LISTING]
            for child in children:
                if look.out_of_time() or len(apps) >= MAX_LISTING:
                    break
                values = look.host.registry_values(parent + "\\" + child) or {}
                name = values.get("displayname")
                if name is not None and name.as_text().strip():
                    apps.append((parent + "\\" + child, name.as_text().strip()[:200]))
        except AccessDenied as exc:
            look.refuse(parent, exc.detail or "the registry refused")
            continue
        look.read.add(parent)
    look.installed_apps = apps
    return apps


def _uninstall(look: Look, product: Product, indicator: Indicator) -> None:
    from .catalogue import glob_match

    for key, name in installed_apps(look):
        if glob_match(indicator.value, name):
            look.found(product, indicator, f"\u201c{name}\u201d is installed ({key})")


LOOKUPS = {"path": _path, "service": _service, "uninstall": _uninstall, "scheduled-task": _scheduled_task,
           "registry-key": _registry_key}


def load_catalogue() -> Catalogue:
    """The sourced list of products. The list, the search and the verdict are imported here and in the functions
    that use them, in the probe's own thread, rather than on the main thread while the checks load."""
    from .catalogue import load_catalogue as read_catalogue

    return read_catalogue()


def probe(ctx: CheckContext) -> Finding:
    from .search import search_and_judge

    def prepare(look: Look) -> None:
        for folder in EXPECTED_FOLDERS:
            look.expect(expand(ctx.host, folder), "every Windows computer has it")

    return search_and_judge(ctx, platform=PLATFORM, system="Windows", lookups=LOOKUPS, load=load_catalogue,
                            windows_paths=True, prepare=prepare)


# -- what this check looks at on Windows, and how to fix it here ----------------------------------------------------

LOOKS_AT = (
    "Traces of known monitoring programs, from Homeguard's sourced list (checks/local/monitoring_software/"
    "products.toml): their install folders and files (under ProgramData, Program Files, the Windows folder and "
    "the person's AppData), "
    "their services (HKLM\\SYSTEM\\CurrentControlSet\\Services), the names in the list of installed apps (the "
    "Uninstall keys), the registry keys some products keep their settings in (under HKCU and HKLM\\SOFTWARE, "
    "including its 32-bit view) and "
    "the names of running programs. Hidden agents that leave the list of installed apps are found by their folder "
    "or service."
)

FIXES = {
    "windows": Fix(
        steps=(*SAFETY_STEPS,
               "Removing it, once you have help: Settings, Apps, Installed apps, then the product's \u2026 menu and "
               "Uninstall. Hidden products may not be listed there; the specialist service can help."),
        settings_url="ms-settings:appsfeatures",
        more_info=COALITION_URL,
    ),
}

ADMIN_NOTE = ("Scheduled tasks (C:\\Windows\\System32\\Tasks) can only be listed by an administrator; no product in "
              "the list needs them to be found, so the main answer does not need administrator rights.")

UNVERIFIED = (
    "Teramind, Controlio, Net Monitor for Employees, Faronics Insight and Kaspersky Safe Kids found on a PC (their "
    "folders, services and program names come from LOLRMM and a public script, not from a PC that has them)",
    "SentryPC, Spytech SpyAgent and NetVizor, REFOG Personal Monitor and NesterSoft WorkTime found on a PC (their "
    "folders and files come from the vendors' own help pages and a Sophos analysis, not from a PC that has them)",
    "Microsoft Family Safety's monitor WpcMon.exe seen running (named in public write-ups; not in a recorded "
    "process list)",
    "Norton Family's name in the list of installed apps (the name Norton's support pages give its Windows client; "
    "no recorded Uninstall key)",
    "Qustodio, KidLogger, Revealer Keylogger and ActivTrak found on a PC (their services, folders and program names "
    "come from public scripts, keyword lists, Defender's signatures and an installer inventory, not from a PC that "
    "has them)",
    "Wondershare FamiSafe and Hubstaff in the list of installed apps (winget's package names; no recorded Uninstall "
    "key)",
    "Elite Keylogger, Actual Spy and REFOG found by their registry keys (the keys are strings in "
    "Defender's signatures, which do not say whether they are under HKCU or HKLM, so both are looked in; not seen "
    "on a PC that has them)",
    "Covenant Eyes, Perfect Keylogger, REFOG's folder under ProgramData and Veyon found on a PC (their program, file "
    "and folder names come from Covenant Eyes' support page, Defender's signatures and LOLRMM, not from a PC that has "
    "them; that REFOG's and Perfect Keylogger's files sit in those folders is read from Defender's strings)",
)
