"""How password-manager looks on Windows: installed apps, browser add-ons, and the browsers' own password saving.

Everything is read from files, folders and the registry, so nothing is run:

* Apps: where the vendors' installers put the program (1Password and Bitwarden install per user under
  %LOCALAPPDATA%; KeePass and KeePassXC under Program Files), and, for every manager, the "Apps & features" list
  (the Uninstall keys under HKLM, HKLM\\...\\WOW6432Node and HKCU, matched on DisplayName).
* Browser add-ons: the extension folders of every Chrome, Edge, Brave, Vivaldi, Chromium and Opera profile
  (%LOCALAPPDATA%\\<browser>\\User Data\\<profile>\\Extensions\\<id>; Opera keeps one profile in
  %APPDATA%\\Opera Software\\Opera Stable), whether each is turned on (the profile's Preferences), and Firefox's
  add-ons (%APPDATA%\\Mozilla\\Firefox\\profiles.ini, then each profile's extensions.json). The add-on ids are the
  shared list in checks.local.password_manager.known.
* Browsers' own password saving: how many passwords Chromium browsers keep in "Login Data" and Firefox in
  logins.json. They are only counted; no site, user name or password is read.

The browser files have the same format on every system, which is why the tests use files real browsers wrote.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import parse_ini

from .known import BY_CHROMIUM_ID, BY_FIREFOX_ID

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
LOGIN_FILES = ("Login Data", "Login Data For Account")
BIG_FILE = 32 * 1024 * 1024


# -- pure readers ---------------------------------------------------------------------------------------------------

def manager_for_display_name(name: str) -> str | None:
    for manager, pattern in DISPLAY_NAMES:
        if pattern.search(name.strip()):
            return manager
    return None


def extension_states(preferences: str) -> dict[str, bool]:
    """Extension id -> turned on, from a Chromium profile's Preferences (``disable_reasons`` empty, or the older
    ``state`` 1, means on)."""
    data = json.loads(preferences)
    settings = (data.get("extensions") or {}).get("settings") or {} if isinstance(data, dict) else {}
    states: dict[str, bool] = {}
    for ext_id, entry in settings.items():
        if not isinstance(entry, dict):
            continue
        if "disable_reasons" in entry:
            states[ext_id] = not entry["disable_reasons"]
        elif "state" in entry:
            states[ext_id] = entry["state"] == 1
        else:
            states[ext_id] = True
    return states


def count_chromium_logins(database: bytes) -> int:
    """Saved passwords in a Chromium ``Login Data`` SQLite file (rows marked "never save" are not passwords)."""
    if not database.startswith(b"SQLite format 3\x00"):
        raise ValueError("it is not an SQLite database")
    data = bytearray(database)
    if len(data) > 19 and data[18] == 2:  # WAL mode: read the main file as an ordinary database
        data[18] = data[19] = 1
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bytes(data))
        (count,) = connection.execute("SELECT COUNT(*) FROM logins WHERE blacklisted_by_user = 0").fetchone()
    except sqlite3.Error as exc:
        raise ValueError(f"it could not be read as a password database ({exc})") from exc
    finally:
        connection.close()
    return int(count)


def firefox_profiles(profiles_ini: str) -> list[tuple[str, bool]]:
    """(path, relative) for each profile in Firefox's profiles.ini; Windows writes ``Profiles/abc.default``."""
    found: list[tuple[str, bool]] = []
    for section, values in parse_ini(profiles_ini).items():
        if not section.lower().startswith("profile"):
            continue
        lowered = {k.lower(): v for k, v in values.items()}
        if lowered.get("path"):
            entry = (lowered["path"], lowered.get("isrelative", "1").strip() != "0")
            if entry not in found:
                found.append(entry)
    return found


def firefox_active_addons(extensions_json: str) -> dict[str, bool]:
    """Add-on id -> turned on, from a Firefox profile's extensions.json."""
    data = json.loads(extensions_json)
    addons = data.get("addons") if isinstance(data, dict) else None
    if not isinstance(addons, list):
        raise ValueError("it has no list of add-ons")
    return {a["id"]: bool(a.get("active")) and not a.get("userDisabled") and not a.get("appDisabled")
            for a in addons if isinstance(a, dict) and isinstance(a.get("id"), str)}


def count_firefox_logins(logins_json: str) -> int:
    data = json.loads(logins_json)
    logins = data.get("logins") if isinstance(data, dict) else None
    if not isinstance(logins, list):
        raise ValueError("it has no list of logins")
    return len(logins)


# -- looking ----------------------------------------------------------------------------------------------------

@dataclass
class Seen:
    managers: dict[str, list[str]] = field(default_factory=dict)
    browsers: list[str] = field(default_factory=list)
    saved: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def manager(self, name: str, where: str) -> None:
        self.managers.setdefault(name, []).append(where)

    def cannot(self, looked_at: str, why: str) -> None:
        self.problems.append(f"{looked_at} ({why})")
        self.evidence.append(Evidence(looked_at, why))


def _folder(host: Host, variable: str) -> str:
    return (host.env(variable) or DEFAULT_FOLDERS[variable]).rstrip("\\")


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
            name = values.get("displayname")
            manager = manager_for_display_name(name.data) if name is not None and isinstance(name.data, str) else None
            if manager:
                seen.manager(manager, f"installed app \u201c{name.data}\u201d")
                found.append(str(name.data))
        if subkeys:
            count = f"{len(subkeys)} installed app{'' if len(subkeys) == 1 else 's'} listed"
            seen.evidence.append(Evidence(key, f"{count}; "
                                          + (f"password managers: {', '.join(found)}" if found else
                                             "no password manager among them")))


def _chromium_profiles(host: Host, root: str) -> list[str]:
    if host.exists(f"{root}\\Preferences"):  # Opera keeps its one profile in the top folder
        return [root]
    return [f"{root}\\{name}" for name in host.list_dir(root)
            if (name == "Default" or name.startswith("Profile ")) and host.is_dir(f"{root}\\{name}")]


def _look_at_chromium(host: Host, seen: Seen) -> None:
    for browser, variable, relative in CHROMIUM_BROWSERS:
        root = f"{_folder(host, variable)}\\{relative}"
        if not host.is_dir(root):
            continue
        try:
            profiles = _chromium_profiles(host, root)
        except AccessDenied:
            seen.cannot(root, "Homeguard was not allowed to look inside this browser folder")
            continue
        for profile in profiles:
            label = f"{browser} ({profile.rsplit(chr(92), 1)[-1]} profile)"
            try:
                _look_at_chromium_profile(host, seen, browser, profile, label)
            except AccessDenied as exc:
                seen.cannot(profile, f"Homeguard was not allowed to read {exc.what}")


def _look_at_chromium_profile(host: Host, seen: Seen, browser: str, profile: str, label: str) -> None:
    seen.browsers.append(label)
    folder = f"{profile}\\Extensions"
    installed = set(host.list_dir(folder)) if host.is_dir(folder) else set()
    preferences = host.read_text(f"{profile}\\Preferences", BIG_FILE)
    states: dict[str, bool] = {}
    known_states = preferences is not None
    if preferences is not None:
        try:
            states = extension_states(preferences)
        except (ValueError, AttributeError):
            known_states = False
    for ext_id in sorted((installed | set(states)) & set(BY_CHROMIUM_ID)):
        name = BY_CHROMIUM_ID[ext_id]
        where = f"{folder}\\{ext_id}"
        if states.get(ext_id, True):
            seen.manager(name, f"the {name} extension in {label}")
            note = "" if known_states else " (whether it is turned on could not be read)"
            seen.evidence.append(Evidence(where, f"the {name} extension is installed{note}"))
        else:
            seen.evidence.append(Evidence(where, f"the {name} extension is installed but turned off"))
    for file_name in LOGIN_FILES:
        path = f"{profile}\\{file_name}"
        data = host.read_bytes(path, BIG_FILE)
        if data is None:
            continue
        try:
            count = count_chromium_logins(data)
        except ValueError as exc:
            seen.cannot(path, f"the saved passwords could not be counted: {exc}")
            continue
        seen.evidence.append(Evidence(path, f"{count} saved {'password' if count == 1 else 'passwords'}"))
        if count:
            seen.saved[browser] = seen.saved.get(browser, 0) + count


def _look_at_firefox(host: Host, seen: Seen) -> None:
    root = f"{_folder(host, FIREFOX_ROOT[0])}\\{FIREFOX_ROOT[1]}"
    try:
        ini = host.read_text(f"{root}\\profiles.ini")
    except AccessDenied:
        seen.cannot(root, "Homeguard was not allowed to read Firefox's list of profiles")
        return
    if ini is None:
        return
    for path, relative in firefox_profiles(ini):
        path = path.replace("/", "\\")
        profile = f"{root}\\{path}" if relative else path
        if not host.is_dir(profile):
            continue
        label = f"Firefox ({profile.rsplit(chr(92), 1)[-1]} profile)"
        try:
            _look_at_firefox_profile(host, seen, profile, label)
        except AccessDenied as exc:
            seen.cannot(profile, f"Homeguard was not allowed to read {exc.what}")


def _look_at_firefox_profile(host: Host, seen: Seen, profile: str, label: str) -> None:
    seen.browsers.append(label)
    text = host.read_text(f"{profile}\\extensions.json", BIG_FILE)
    if text is not None:
        try:
            addons = firefox_active_addons(text)
        except ValueError as exc:
            seen.cannot(f"{profile}\\extensions.json", f"its list of add-ons was not understood: {exc}")
            addons = {}
        for addon_id, active in addons.items():
            name = BY_FIREFOX_ID.get(addon_id)
            if name is None:
                continue
            if active:
                seen.manager(name, f"the {name} add-on in {label}")
                seen.evidence.append(Evidence(f"{profile}\\extensions.json", f"the {name} add-on is turned on"))
            else:
                seen.evidence.append(Evidence(f"{profile}\\extensions.json",
                                              f"the {name} add-on is installed but turned off"))
    logins = host.read_text(f"{profile}\\logins.json", BIG_FILE)
    if logins is None:
        return
    try:
        count = count_firefox_logins(logins)
    except ValueError as exc:
        seen.cannot(f"{profile}\\logins.json", f"the saved passwords could not be counted: {exc}")
        return
    seen.evidence.append(Evidence(f"{profile}\\logins.json",
                                  f"{count} saved {'password' if count == 1 else 'passwords'}"))
    if count:
        seen.saved["Firefox"] = seen.saved.get("Firefox", 0) + count


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    seen = Seen()
    _look_at_app_files(host, seen)
    _look_at_uninstall_keys(host, seen)
    _look_at_chromium(host, seen)
    _look_at_firefox(host, seen)
    seen.evidence.append(Evidence("browser profiles", _and(seen.browsers) if seen.browsers else "none found"))

    if seen.managers:
        return finding(Status.PASS, f"A password manager is set up on this computer: {_and(sorted(seen.managers))}.",
                       seen.evidence)
    if seen.saved:
        where = _and([f"{browser}'s" for browser in sorted(seen.saved)])
        total = sum(seen.saved.values())
        return finding(Status.PARTIAL, f"Only {where} own password saving is in use ({total} saved "
                       f"{'password' if total == 1 else 'passwords'}), which is a good start, but a separate password "
                       "manager would keep them safe across all your browsers and devices.", seen.evidence)
    if seen.problems:
        return finding(Status.UNKNOWN, "Could not tell: no password manager was found, but Homeguard could not look "
                       f"at everything: {'; '.join(seen.problems)}.", seen.evidence)
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
)
