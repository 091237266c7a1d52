"""How password-manager looks on Windows: installed apps, browser add-ons, and the browsers' own password saving.

Everything is read from files, folders and the registry, so nothing is run:

* Apps: where the vendors' installers put the program (1Password and Bitwarden install per user under
  %LOCALAPPDATA%; KeePass and KeePassXC under Program Files), and, for every manager, the "Apps & features" list
  (the Uninstall keys under HKLM, HKLM\\...\\WOW6432Node and HKCU, matched on DisplayName). An entry Windows
  refuses, or whose DisplayName is not readable text, may be the password manager: with none found elsewhere the
  answer is "could not tell", never "no password manager" (found by the fault-injection suite).
* Browser add-ons: the extension folders of every Chrome, Edge, Brave, Vivaldi, Chromium and Opera profile
  (%LOCALAPPDATA%\\<browser>\\User Data\\<profile>\\Extensions\\<id>; Opera keeps one profile in
  %APPDATA%\\Opera Software\\Opera Stable), whether each is turned on (the profile's Secure Preferences, where
  Chrome on Windows keeps extension settings, winning over its Preferences, where a domain-joined Windows keeps
  them; both read with the same size limit, and a damaged file only ever leaves the state unknown), and Firefox's
  add-ons (%APPDATA%\\Mozilla\\Firefox\\profiles.ini, then each profile's extensions.json). The add-on ids are the
  shared list in checks.local.password_manager.known.
* Browsers' own password saving: how many passwords Chromium browsers keep in "Login Data" and Firefox in
  logins.json. They are only counted; no site, user name or password is read.

The browser files have the same format on every system, which is why the tests use files real browsers wrote.
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.browser_profiles import windows_folders as _browser_folders

from .browsers import look_at_browsers
from .seen import Seen, in_words

UNINSTALL_KEYS = (
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
    r"HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall",
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall",
)

# Program files, by the folder variable they live under.
APP_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "1Password": (("LOCALAPPDATA", r"1Password\app\8\1Password.exe"),),
    "Bitwarden": (("LOCALAPPDATA", r"Programs\Bitwarden\Bitwarden.exe"),),
    "KeePassXC": (("ProgramFiles", r"KeePassXC\KeePassXC.exe"), ("ProgramFiles(x86)", r"KeePassXC\KeePassXC.exe")),
    "KeePass 2": (("ProgramFiles", r"KeePass Password Safe 2\KeePass.exe"),
                  ("ProgramFiles(x86)", r"KeePass Password Safe 2\KeePass.exe")),
}

# "Apps & features" names (DisplayName), matched at the start so version numbers after them do not matter.
DISPLAY_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (manager, re.compile(pattern, re.IGNORECASE)) for manager, pattern in (
        ("1Password", r"^1Password\b"),
        ("Bitwarden", r"^Bitwarden\b"),
        ("KeePassXC", r"^KeePassXC\b"),
        ("KeePass 2", r"^KeePass Password Safe\b"),
        ("Dashlane", r"^Dashlane\b"),
        ("NordPass", r"^NordPass\b"),
        ("Proton Pass", r"^Proton Pass\b"),
        ("Keeper", r"^Keeper (Password Manager|Desktop)\b"),
        ("RoboForm", r"^RoboForm\b"),
        ("Enpass", r"^Enpass\b"),
        ("LastPass", r"^LastPass\b"),
        ("Password Safe", r"^Password Safe\b"),
        ("Buttercup", r"^Buttercup\b"),
    )
)

DEFAULT_FOLDERS = {
    "LOCALAPPDATA": r"~\AppData\Local",
    "APPDATA": r"~\AppData\Roaming",
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
}

# Browser profiles: the folders in checks.local.common.browser_profiles (windows_folders).

# -- pure readers ---------------------------------------------------------------------------------------------------

def manager_for_display_name(name: str) -> str | None:
    for manager, pattern in DISPLAY_NAMES:
        if pattern.search(name.strip()):
            return manager
    return None


# -- looking ----------------------------------------------------------------------------------------------------

def _folder(host: Host, variable: str) -> str:
    return (host.env(variable) or DEFAULT_FOLDERS[variable]).rstrip("\\")


def _look_at_app_files(host: Host, seen: Seen) -> None:
    for manager, places in APP_FILES.items():
        for variable, relative in places:
            path = f"{_folder(host, variable)}\\{relative}"
            if host.exists(path):
                seen.manager(manager, path)
                seen.evidence.append(Evidence(path, f"{manager} is installed here"))


def readable_name(name: str) -> bool:
    """Whether a DisplayName reads as text. One that does not (UTF-16 read as UTF-8 is full of NULs and replacement
    characters) may name a password manager, so it is a doubt, never "not a password manager". Other odd
    characters (a tab, a direction mark) are left alone: real names have them, and they do not hide the name."""
    return "\x00" not in name and "\ufffd" not in name


def _look_at_uninstall_keys(host: Host, seen: Seen) -> None:
    """Match each "Apps & features" entry's DisplayName. An entry Windows refuses, or whose name is not readable
    text, is noted as something Homeguard could not look at: it may be the very password manager, so without a
    manager found some other way the answer is "could not tell", never "no password manager"."""
    for key in UNINSTALL_KEYS:
        try:
            subkeys = host.registry_subkeys(key)
        except AccessDenied:
            seen.cannot(key, "Windows did not let Homeguard read the list of installed apps")
            continue
        found = []
        refused = unreadable = 0
        for subkey in subkeys:
            try:
                values = host.registry_values(f"{key}\\{subkey}") or {}
            except AccessDenied:
                refused += 1
                continue
            name = values["displayname"].as_text() if "displayname" in values else ""
            if name and not readable_name(name):
                unreadable += 1
                continue
            manager = manager_for_display_name(name) if name else None
            if manager:
                seen.manager(manager, f"installed app \u201c{name}\u201d")
                found.append(name)
        if subkeys:
            count = f"{len(subkeys)} installed app{'' if len(subkeys) == 1 else 's'} listed"
            seen.evidence.append(Evidence(key, f"{count}; "
                                          + (f"password managers: {', '.join(found)}" if found else
                                             "no password manager among them")))
        if refused or unreadable:
            why = [f"Windows did not let Homeguard read {refused}" if refused else "",
                   f"{unreadable} had a name that is not readable text" if unreadable else ""]
            entries = refused + unreadable
            seen.cannot(key, f"{entries} of its entries could not be read: {' and '.join(w for w in why if w)}",
                        short=f"{entries} {'entry' if entries == 1 else 'entries'} in the list of installed apps")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    seen = Seen()
    _look_at_app_files(host, seen)
    _look_at_uninstall_keys(host, seen)
    look_at_browsers(host, seen, _browser_folders(host))
    seen.evidence.append(Evidence("browser profiles", in_words(seen.browsers) if seen.browsers else "none found"))

    if seen.managers:
        names = in_words(sorted(seen.managers))
        return finding(Status.PASS, f"A password manager is set up on this computer: {names}.", seen.evidence)
    if seen.problems and seen.manager_may_be_hidden:
        return finding(Status.UNKNOWN, seen.could_not_look_summary(), seen.evidence)
    if seen.doubtful:
        return finding(Status.PARTIAL, seen.doubt_summary(), seen.evidence)
    if seen.saved:
        return finding(Status.PARTIAL, seen.own_saving_summary(), seen.evidence)
    if seen.problems:
        return finding(Status.UNKNOWN, seen.could_not_look_summary(), seen.evidence)
    if seen.browsers:
        return finding(Status.FAIL, "No password manager was found, and no passwords are saved in this computer's "
                       "web browsers.", seen.evidence)
    return finding(Status.FAIL, "No password manager was found on this computer.", seen.evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Password manager apps (their program files under %LOCALAPPDATA% and Program Files, and the list of installed "
    "apps in the registry's Uninstall keys), password manager extensions in every Chrome, Edge, Brave, Vivaldi, "
    "Chromium, Opera and Firefox profile and whether each is turned on, and how many passwords each browser has "
    "saved itself. Saved passwords are only counted: no site, user name or password is read."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Pick a password manager: Bitwarden and KeePassXC are free and work on Windows, Mac, Linux and phones; "
            "1Password, Proton Pass and others are good paid choices.",
            "Install it from its own website or the Microsoft Store, and add its extension to your web browser.",
            "Move the passwords your browser has saved into it (most managers can import them), then give each "
            "important account (email first) its own new, strong password.",
            "Protect the password manager itself with one long passphrase you do not use anywhere else, and turn on "
            "two-step sign-in for it.",
        ),
        settings_url="ms-settings:appsfeatures",
        more_info="https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online/password-managers",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Browser profile files (recorded on Linux; the same formats on Windows)",
    "1Password and KeePassXC install paths (from other tools' code)",
    "Chrome's “Secure Preferences” on Windows (placement from Chromium's source; no Windows file recorded)",
)
