"""How password-manager looks on macOS: password manager apps, browser add-ons, and the passwords macOS and the
browsers keep themselves.

Everything is read from files and folders in the person's own account, so no program is run:

* Apps: the app bundles password managers install in /Applications (or ~/Applications, or Setapp's folder), by
  the names their installers use (Homebrew's cask for each app names the bundle it installs).
* Browser add-ons: in every Chrome, Edge, Brave, Vivaldi, Opera and Chromium profile under
  ~/Library/Application Support, the ``Extensions/<id>`` folders, and whether each is turned on, from the
  profile's ``Secure Preferences`` and ``Preferences`` (on macOS Chrome keeps extension settings in the first);
  in every Firefox profile, ``extensions.json``. The add-on ids are the ones in known.py, the same on every system.
* Apple's own password store: iCloud Keychain (the Passwords app, and Safari's AutoFill) is not read at all. Only
  whether its sync is switched on is read, from the KEYCHAIN_SYNC entry of ~/Library/Preferences/
  MobileMeAccounts.plist (Apple's own record of the iCloud services in use). Keychain sync on, with no other
  manager, is a partial pass: Apple's store does make and fill in strong passwords, but only in Safari and on
  Apple devices. When it is off, passwords Safari saves stay only on this Mac, which Homeguard cannot see without
  reading them, so they are not counted.
* Passwords Chrome-family browsers and Firefox saved themselves are only counted, never read.
"""

from __future__ import annotations

import configparser
import json
import sqlite3
from dataclasses import dataclass, field

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import read_plist

from .known import BY_CHROMIUM_ID, BY_FIREFOX_ID

APPLICATION_FOLDERS = ("/Applications", "~/Applications", "/Applications/Setapp")

# Password manager -> the app bundles it installs (from each app's Homebrew cask, or its own documentation).
MAC_APPS: dict[str, tuple[str, ...]] = {
    "1Password": ("1Password.app", "1Password 7.app", "1Password for Safari.app"),
    "Bitwarden": ("Bitwarden.app",),
    "KeePassXC": ("KeePassXC.app",),
    "Dashlane": ("Dashlane.app",),
    "Enpass": ("Enpass.app",),
    "NordPass": ("NordPass.app",),
    "Proton Pass": ("Proton Pass.app",),
    "Keeper": ("Keeper Password Manager.app",),
    "RoboForm": ("RoboForm.app",),
    "LastPass": ("LastPass.app",),
    "Strongbox": ("Strongbox.app",),
    "MacPass": ("MacPass.app",),
    "Secrets": ("Secrets.app", "Secrets 4.app"),
}

SUPPORT = "~/Library/Application Support"
# Chromium-family browsers: where each keeps its profiles on macOS.
CHROMIUM_BROWSERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Google Chrome", (f"{SUPPORT}/Google/Chrome", f"{SUPPORT}/Google/Chrome Beta")),
    ("Microsoft Edge", (f"{SUPPORT}/Microsoft Edge",)),
    ("Brave", (f"{SUPPORT}/BraveSoftware/Brave-Browser",)),
    ("Vivaldi", (f"{SUPPORT}/Vivaldi",)),
    ("Opera", (f"{SUPPORT}/com.operasoftware.Opera",)),
    ("Chromium", (f"{SUPPORT}/Chromium",)),
)
FIREFOX_ROOT = f"{SUPPORT}/Firefox"
CHROMIUM_PREFERENCES = ("Preferences", "Secure Preferences")  # later files win: Chrome on macOS uses the second
CHROMIUM_LOGIN_FILES = ("Login Data", "Login Data For Account")
MOBILE_ME = "~/Library/Preferences/MobileMeAccounts.plist"
BIG_FILE = 32 * 1024 * 1024


# -- pure parsers -------------------------------------------------------------------------------------------------

def extension_states(preferences_texts: list[str]) -> dict[str, bool]:
    """Extension id -> turned on, from a Chromium profile's preference files (later files win). Newer browsers keep
    a list of ``disable_reasons`` (empty when on), older ones a number, or ``state`` (1 on, 0 off).
    Raises ValueError when a file is not JSON of that shape."""
    states: dict[str, bool] = {}
    for text in preferences_texts:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("it is not a preferences file")
        extensions = data.get("extensions")
        settings = extensions.get("settings") if isinstance(extensions, dict) else None
        for ext_id, entry in (settings or {}).items() if isinstance(settings, dict) else ():
            if not isinstance(entry, dict):
                continue
            if "disable_reasons" in entry:
                states[ext_id] = not entry["disable_reasons"]
            elif "state" in entry:
                states[ext_id] = entry["state"] == 1
            else:
                states.setdefault(ext_id, True)
    return states


def count_chromium_logins(database: bytes) -> int:
    """Saved passwords in a Chromium ``Login Data`` file, leaving out "never save for this site" rows."""
    if not database.startswith(b"SQLite format 3\x00"):
        raise ValueError("it is not an SQLite database")
    data = bytearray(database)
    if len(data) > 19 and data[18] == 2:  # write-ahead-log mode: read the main file as a plain one
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
    """(path, is relative) of each profile listed in Firefox's ``profiles.ini``."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(profiles_ini)
    except configparser.Error as exc:
        raise ValueError(f"profiles.ini could not be read ({exc})") from exc
    found = []
    for section in parser.sections():
        if section.lower().startswith("profile") and parser.has_option(section, "path"):
            entry = (parser.get(section, "path"), parser.get(section, "isrelative", fallback="1").strip() != "0")
            if entry not in found:
                found.append(entry)
    return found


def firefox_addon_states(extensions_json: str) -> dict[str, bool]:
    """Add-on id -> turned on, from a Firefox profile's ``extensions.json``."""
    data = json.loads(extensions_json)
    addons = data.get("addons") if isinstance(data, dict) else None
    if not isinstance(addons, list):
        raise ValueError("it has no list of add-ons")
    return {item["id"]: bool(item.get("active")) and not item.get("userDisabled") and not item.get("appDisabled")
            for item in addons if isinstance(item, dict) and isinstance(item.get("id"), str)}


def count_firefox_logins(logins_json: str) -> int:
    data = json.loads(logins_json)
    logins = data.get("logins") if isinstance(data, dict) else None
    if not isinstance(logins, list):
        raise ValueError("it has no list of logins")
    return len(logins)


def keychain_sync_on(mobile_me: dict) -> bool:
    """Whether iCloud Keychain sync is switched on for an iCloud account, from MobileMeAccounts.plist."""
    for account in mobile_me.get("Accounts") or []:
        for service in (account.get("Services") or []) if isinstance(account, dict) else []:
            if isinstance(service, dict) and service.get("Name") == "KEYCHAIN_SYNC" and service.get("Enabled"):
                return True
    return False


# -- looking ------------------------------------------------------------------------------------------------------

@dataclass
class Seen:
    managers: dict[str, list[str]] = field(default_factory=dict)
    browsers: list[str] = field(default_factory=list)
    saved: dict[str, int] = field(default_factory=dict)
    keychain: bool = False
    problems: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def manager(self, name: str, where: str) -> None:
        self.managers.setdefault(name, []).append(where)

    def cannot(self, looked_at: str, why: str) -> None:
        self.problems.append(f"{looked_at} ({why})")
        self.evidence.append(Evidence(looked_at, why))

    def add_saved(self, browser: str, path: str, count: int) -> None:
        self.evidence.append(Evidence(path, f"{count} saved {'password' if count == 1 else 'passwords'}"))
        if count:
            self.saved[browser] = self.saved.get(browser, 0) + count


def _look_at_apps(host: Host, seen: Seen) -> None:
    for folder in APPLICATION_FOLDERS:
        for name, bundles in MAC_APPS.items():
            for bundle in bundles:
                if host.is_dir(f"{folder}/{bundle}"):
                    seen.manager(name, f"{folder}/{bundle}")
                    seen.evidence.append(Evidence(f"{folder}/{bundle}", f"{name} is installed"))


def _chromium_profiles(host: Host, root: str) -> list[str]:
    if any(host.exists(f"{root}/{name}") for name in CHROMIUM_PREFERENCES):  # Opera: one profile, in the top folder
        return [root]
    return [f"{root}/{name}" for name in host.list_dir(root)
            if (name == "Default" or name.startswith("Profile ")) and host.is_dir(f"{root}/{name}")]


def _look_at_chromium_profile(host: Host, seen: Seen, browser: str, profile: str) -> None:
    label = f"{browser} ({profile.rsplit('/', 1)[-1]} profile)"
    seen.browsers.append(label)
    installed = set(host.list_dir(f"{profile}/Extensions")) if host.is_dir(f"{profile}/Extensions") else set()
    texts = [t for t in (host.read_text(f"{profile}/{name}", BIG_FILE) for name in CHROMIUM_PREFERENCES) if t]
    try:
        states = extension_states(texts)
        known = bool(texts)
    except ValueError:
        states, known = {}, False
    for ext_id in sorted((installed | set(states)) & set(BY_CHROMIUM_ID)):
        name = BY_CHROMIUM_ID[ext_id]
        where = f"{profile}/Extensions/{ext_id}"
        if states.get(ext_id, True):
            seen.manager(name, f"the {name} extension in {label}")
            note = "" if known else " (whether it is turned on could not be read)"
            seen.evidence.append(Evidence(where, f"the {name} extension is installed{note}"))
        else:
            seen.evidence.append(Evidence(where, f"the {name} extension is installed but turned off"))
    for file_name in CHROMIUM_LOGIN_FILES:
        path = f"{profile}/{file_name}"
        data = host.read_bytes(path, BIG_FILE)
        if data is None:
            continue
        try:
            seen.add_saved(browser, path, count_chromium_logins(data))
        except ValueError as exc:
            seen.cannot(path, f"the saved passwords could not be counted: {exc}")


def _look_at_chromium(host: Host, seen: Seen) -> None:
    for browser, roots in CHROMIUM_BROWSERS:
        for root in roots:
            if not host.is_dir(root):
                continue
            try:
                for profile in _chromium_profiles(host, root):
                    _look_at_chromium_profile(host, seen, browser, profile)
            except AccessDenied as exc:
                seen.cannot(root, f"Homeguard was not allowed to read {exc.what}")


def _look_at_firefox_profile(host: Host, seen: Seen, profile: str) -> None:
    seen.browsers.append(f"Firefox ({profile.rsplit('/', 1)[-1]} profile)")
    text = host.read_text(f"{profile}/extensions.json", BIG_FILE)
    if text is not None:
        try:
            states = firefox_addon_states(text)
        except ValueError as exc:
            seen.cannot(f"{profile}/extensions.json", f"its list of add-ons was not understood: {exc}")
            states = {}
        for addon_id, on in sorted(states.items()):
            name = BY_FIREFOX_ID.get(addon_id)
            if name and on:
                seen.manager(name, f"the {name} add-on in Firefox")
                seen.evidence.append(Evidence(f"{profile}/extensions.json", f"the {name} add-on is turned on"))
            elif name:
                seen.evidence.append(Evidence(f"{profile}/extensions.json",
                                              f"the {name} add-on is installed but turned off"))
    logins = host.read_text(f"{profile}/logins.json", BIG_FILE)
    if logins is not None:
        try:
            seen.add_saved("Firefox", f"{profile}/logins.json", count_firefox_logins(logins))
        except ValueError as exc:
            seen.cannot(f"{profile}/logins.json", f"the saved passwords could not be counted: {exc}")


def _look_at_firefox(host: Host, seen: Seen) -> None:
    if not host.is_dir(FIREFOX_ROOT):
        return
    try:
        ini = host.read_text(f"{FIREFOX_ROOT}/profiles.ini")
        if ini is None:
            seen.cannot(f"{FIREFOX_ROOT}/profiles.ini", "Firefox's list of profiles is missing")
            return
        try:
            profiles = firefox_profiles(ini)
        except ValueError as exc:
            seen.cannot(f"{FIREFOX_ROOT}/profiles.ini", str(exc))
            return
        for path, relative in profiles:
            profile = f"{FIREFOX_ROOT}/{path}" if relative else path
            if host.is_dir(profile):
                _look_at_firefox_profile(host, seen, profile)
    except AccessDenied as exc:
        seen.cannot(FIREFOX_ROOT, f"Homeguard was not allowed to read {exc.what}")


def _look_at_keychain(host: Host, seen: Seen) -> None:
    try:
        plist = read_plist(host, MOBILE_ME)
    except AccessDenied:
        seen.cannot(MOBILE_ME, "Homeguard was not allowed to read it")
        return
    if plist.problem:
        seen.cannot(MOBILE_ME, plist.problem)
        return
    if plist.data is None:
        seen.evidence.append(Evidence(MOBILE_ME, "does not exist: no iCloud account is signed in on this Mac"))
        return
    seen.keychain = keychain_sync_on(plist.data)
    seen.evidence.append(Evidence(MOBILE_ME, "iCloud Keychain sync (KEYCHAIN_SYNC) is on" if seen.keychain
                                  else "iCloud Keychain sync (KEYCHAIN_SYNC) is not on"))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    seen = Seen()
    _look_at_apps(host, seen)
    _look_at_chromium(host, seen)
    _look_at_firefox(host, seen)
    _look_at_keychain(host, seen)
    seen.evidence.append(Evidence("browser profiles", _and(seen.browsers) if seen.browsers
                                  else "none found besides Safari"))

    if seen.managers:
        return finding(Status.PASS, f"A password manager is set up on this Mac: {_and(sorted(seen.managers))}.",
                       seen.evidence)
    if seen.keychain:
        return finding(Status.PARTIAL, "iCloud Keychain (Apple's Passwords app) is switched on, which is a good "
                       "start: it suggests strong passwords and fills them in. A separate password manager would also "
                       "work in every browser and on non-Apple devices.", seen.evidence)
    if seen.saved:
        where = _and([f"{browser}'s" for browser in sorted(seen.saved)])
        total = sum(seen.saved.values())
        return finding(Status.PARTIAL, f"Only {where} own password saving is in use ({total} saved "
                       f"{'password' if total == 1 else 'passwords'}), which is a good start, but a separate "
                       "password manager would keep them safe across all your browsers and devices.", seen.evidence)
    if seen.problems:
        return finding(Status.UNKNOWN, "Could not tell: no password manager was found, but Homeguard could not look "
                       f"at everything: {'; '.join(seen.problems)}.", seen.evidence)
    return finding(Status.FAIL, "No password manager was found on this Mac, and iCloud Keychain is not switched on.",
                   seen.evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Password manager apps in /Applications and ~/Applications; password manager extensions in every Chrome, Edge, "
    "Brave, Vivaldi, Opera, Chromium and Firefox profile, and whether each is turned on; whether iCloud Keychain "
    "is switched on (~/Library/Preferences/MobileMeAccounts.plist); and how many passwords Chrome-family browsers "
    "and Firefox have saved themselves. No password, site or user name is ever read."
)

FIXES = {
    "macos": Fix(
        steps=(
            "The simplest start on a Mac: open System Settings, click your name at the top, then iCloud, and turn "
            "on Passwords (iCloud Keychain). Safari will then suggest and remember strong passwords.",
            "For every browser and non-Apple devices too, install a password manager such as Bitwarden, 1Password "
            "or KeePassXC from its website or the App Store, and add its extension to your browser.",
            "Move the passwords your browser has saved into it, then give each important account (email first) "
            "its own new, strong password, and protect the manager with a long passphrase and two-step sign-in.",
        ),
        settings_url="x-apple.systempreferences:com.apple.preferences.AppleIDPrefPane",
        more_info="https://support.apple.com/en-us/109016",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "iCloud Keychain sync turned off (edited from the real on entry)",
    "Secrets, Brave, Opera and Firefox folder names on macOS",
)
