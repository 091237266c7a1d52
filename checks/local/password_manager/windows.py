"""How password-manager looks on Windows: installed apps, browser add-ons, and the browsers' own password saving.

Everything is read from files, folders and the registry, so nothing is run:

* Apps: where the vendors' installers put the program (1Password and Bitwarden install per user under
  %LOCALAPPDATA%; KeePass and KeePassXC under Program Files), and, for every manager, the "Apps & features" list
  (the Uninstall keys under HKLM, HKLM\\...\\WOW6432Node and HKCU, matched on DisplayName).
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

from .browsers import BrowserFolders, Seen, WithoutProfilesIni, in_words, look_at_browsers

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

# Chromium-family browsers: (name, folder variable, path of the folder that holds the profiles).
CHROMIUM_BROWSERS = (
    ("Google Chrome", "LOCALAPPDATA", r"Google\Chrome\User Data"),
    ("Microsoft Edge", "LOCALAPPDATA", r"Microsoft\Edge\User Data"),
    ("Brave", "LOCALAPPDATA", r"BraveSoftware\Brave-Browser\User Data"),
    ("Vivaldi", "LOCALAPPDATA", r"Vivaldi\User Data"),
    ("Chromium", "LOCALAPPDATA", r"Chromium\User Data"),
    ("Opera", "APPDATA", r"Opera Software\Opera Stable"),
    ("Opera GX", "APPDATA", r"Opera Software\Opera GX Stable"),
)
FIREFOX_ROOT = ("APPDATA", r"Mozilla\Firefox")


# -- pure readers ---------------------------------------------------------------------------------------------------

def manager_for_display_name(name: str) -> str | None:
    for manager, pattern in DISPLAY_NAMES:
        if pattern.search(name.strip()):
            return manager
    return None


# -- looking ----------------------------------------------------------------------------------------------------

def _folder(host: Host, variable: str) -> str:
    return (host.env(variable) or DEFAULT_FOLDERS[variable]).rstrip("\\")


def _browser_folders(host: Host) -> BrowserFolders:
    """The profile folders of this account's browsers, which Windows keeps under %LOCALAPPDATA% and %APPDATA%."""
    return BrowserFolders(
        chromium=[(browser, (f"{_folder(host, variable)}\\{relative}",))
                  for browser, variable, relative in CHROMIUM_BROWSERS],
        firefox=[("Firefox", (f"{_folder(host, FIREFOX_ROOT[0])}\\{FIREFOX_ROOT[1]}",))],
        separator="\\",
        preference_files=("Preferences", "Secure Preferences"),  # later files win: see readable_extension_states
        without_profiles_ini=WithoutProfilesIni.NOTHING,
    )


def _look_at_app_files(host: Host, seen: Seen) -> None:
    for manager, places in APP_FILES.items():
        for variable, relative in places:
            path = f"{_folder(host, variable)}\\{relative}"
            if host.exists(path):
                seen.manager(manager, path)
                seen.evidence.append(Evidence(path, f"{manager} is installed here"))


def _look_at_uninstall_keys(host: Host, seen: Seen) -> None:
    for key in UNINSTALL_KEYS:
        try:
            subkeys = host.registry_subkeys(key)
        except AccessDenied:
            seen.cannot(key, "Windows did not let Homeguard read the list of installed apps")
            continue
        found = []
        for subkey in subkeys:
            try:
                values = host.registry_values(f"{key}\\{subkey}") or {}
            except AccessDenied:
                continue
            name = values["displayname"].as_text() if "displayname" in values else ""
            manager = manager_for_display_name(name) if name else None
            if manager:
                seen.manager(manager, f"installed app \u201c{name}\u201d")
                found.append(name)
        if subkeys:
            count = f"{len(subkeys)} installed app{'' if len(subkeys) == 1 else 's'} listed"
            seen.evidence.append(Evidence(key, f"{count}; "
                                          + (f"password managers: {', '.join(found)}" if found else
                                             "no password manager among them")))


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
