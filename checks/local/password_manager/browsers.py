"""What password-manager reads the same way on every system: browser profiles.

Chromium-family browsers (Chrome, Edge, Brave, Vivaldi, Opera, Chromium) and Firefox-family ones write the same
files everywhere; only the folders that hold the profiles, and the path separator, differ by system. So each
platform module names its folders in a ``BrowserFolders`` (with the few things its browsers do differently) and this
module does the reading:

* Chromium: the profiles in each folder (``Default`` and ``Profile N``; Opera keeps its one profile in the folder
  itself), each profile's ``Extensions/<id>`` folders, whether each extension is turned on (from the profile's
  preference files), and how many passwords ``Login Data`` and ``Login Data For Account`` hold.
* Firefox: the profiles ``profiles.ini`` lists, each profile's add-ons (``extensions.json``, with Firefox's own word
  on whether each runs) and how many passwords ``logins.json`` holds.

Add-on ids are the ones in known.py. Saved passwords are only counted: no site, user name or password is read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from auditor.host import AccessDenied, Host
from auditor.model import Evidence
from checks.local.common.conf import parse_ini

from .known import BY_CHROMIUM_ID, BY_FIREFOX_ID

BIG_FILE = 32 * 1024 * 1024  # password stores are far smaller; reading stops here
CHROMIUM_LOGIN_FILES = ("Login Data", "Login Data For Account")  # the second holds passwords kept in the account


class WithoutProfilesIni(Enum):
    """What a Firefox folder without profiles.ini is taken to hold."""

    PROFILE_FOLDERS = auto()  # profiles may still be in it: the folders holding a prefs.js
    NOTHING = auto()  # no profiles to look at
    PROBLEM = auto()  # Firefox's list of profiles is missing, so Homeguard could not look at them


@dataclass(frozen=True)
class BrowserFolders:
    """Where one system's browsers keep their profiles, and the little that differs in reading them there."""

    chromium: Sequence[tuple[str, Sequence[str]]]  # (browser, folders that hold its profiles)
    firefox: Sequence[tuple[str, Sequence[str]]]  # (browser, folders that hold its profiles.ini)
    separator: str = "/"
    # The files that say whether an extension is on, later ones winning (Chrome on Windows and macOS keeps extension
    # settings in Secure Preferences; on Linux, and on a domain-joined Windows, in Preferences).
    preference_files: tuple[str, ...] = ("Preferences",)
    without_profiles_ini: WithoutProfilesIni = WithoutProfilesIni.PROFILE_FOLDERS
    # Say so in the evidence when a Firefox profile has no logins.json.
    note_missing_logins: bool = False


@dataclass
class Seen:
    """What the probe found, and what it could not look at, on the way to a verdict."""

    managers: dict[str, list[str]] = field(default_factory=dict)  # manager name -> where it was found
    browsers: list[str] = field(default_factory=list)  # "Firefox (abc.default profile)"
    saved: dict[str, int] = field(default_factory=dict)  # browser name -> passwords saved in it
    uncounted: set[str] = field(default_factory=set)  # browsers with a password file too big to count
    problems: list[str] = field(default_factory=list)  # what could not be looked at, in words
    evidence: list[Evidence] = field(default_factory=list)

    def manager(self, name: str, where: str) -> None:
        self.managers.setdefault(name, []).append(where)

    def cannot(self, looked_at: str, why: str, short: str = "") -> None:
        """Note something that could not be looked at; ``short`` replaces both in the summary when given."""
        self.problems.append(short or f"{looked_at} ({why})")
        self.evidence.append(Evidence(looked_at, why))

    def count_saved(self, browser: str, path: str, count: int) -> None:
        """Note how many passwords a browser's own password file holds."""
        self.evidence.append(Evidence(path, f"{count} saved {'password' if count == 1 else 'passwords'}"))
        if count:
            self.saved[browser] = self.saved.get(browser, 0) + count

    def own_saving_summary(self) -> str:
        """The partial verdict's words when browsers' own password saving is all there is."""
        where = in_words([f"{browser}'s" for browser in sorted(self.saved)])
        total = sum(self.saved.values())
        count = f"{total} saved {'password' if total == 1 else 'passwords'}"
        if self.uncounted:
            count = f"more than {count}" if total else "a great many saved passwords"
        return (f"Only {where} own password saving is in use ({count}), which is a good start, but a separate "
                "password manager would keep them safe across all your browsers and devices.")

    def could_not_look_summary(self) -> str:
        return ("Could not tell: no password manager was found, but Homeguard could not look at everything: "
                f"{'; '.join(self.problems)}.")


def in_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- pure parsers ----------------------------------------------------------------------------------------------------

def chromium_extension_states(*preference_texts: str) -> dict[str, bool]:
    """Extension id -> turned on, from a Chromium profile's preference files (later files win). Recent versions keep
    a list of ``disable_reasons`` (empty when on); older ones an integer, or ``state`` (1 on, 0 off). An entry that
    says neither counts as on, without overriding what an earlier file said. Raises ValueError when a file is not
    JSON of that shape."""
    states: dict[str, bool] = {}
    for text in preference_texts:
        for ext_id, on in _extension_entries(text).items():
            if on is None:
                states.setdefault(ext_id, True)
            else:
                states[ext_id] = on
    return states


def readable_extension_states(preference_texts: Sequence[str]) -> tuple[dict[str, bool], bool]:
    """(extension id -> turned on, whether every file could be read), later files winning, from what can be read.

    Chrome on Windows and macOS keeps extension settings in ``Secure Preferences``, the later file (its
    chrome_pref_service_factory.cc enforces them there; a domain-joined Windows and Linux keep them in
    ``Preferences``). A file that is damaged or cut short cannot say anything, so what the files before it said is
    dropped as well (it might have overridden them), while an explicit state in a file after it still counts, since
    that file wins anyway. The second value is False when a file could not be read or there was none: then an
    extension without a state here is of unknown state, never simply on."""
    states: dict[str, bool] = {}
    complete = bool(preference_texts)
    for text in preference_texts:
        try:
            entries = _extension_entries(text)
        except ValueError:
            states, complete = {}, False
            continue
        for ext_id, on in entries.items():
            if on is not None:
                states[ext_id] = on
            elif complete:
                states.setdefault(ext_id, True)
    return states, complete


def _extension_entries(text: str) -> dict[str, bool | None]:
    """One preference file's extension entries: True on, False off, None when the entry says neither."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("it is not a preferences file")
    extensions = data.get("extensions") or {}
    settings = (extensions.get("settings") or {}) if isinstance(extensions, dict) else None
    if not isinstance(settings, dict):
        raise ValueError("its extension settings are not a table")
    entries: dict[str, bool | None] = {}
    for ext_id, entry in settings.items():
        if not isinstance(entry, dict):
            continue
        if "disable_reasons" in entry:
            entries[ext_id] = not entry["disable_reasons"]
        elif "state" in entry:
            entries[ext_id] = entry["state"] == 1
        else:
            entries[ext_id] = None
    return entries


def count_chromium_logins(database: bytes) -> int:
    """How many passwords a Chromium ``Login Data`` database holds. Rows with ``blacklisted_by_user`` set are the
    sites where someone chose "never save", not passwords, so they are left out."""
    if not database.startswith(b"SQLite format 3\x00"):
        raise ValueError("it is not an SQLite database")
    data = bytearray(database)
    if len(data) > 19 and data[18] == 2:  # a WAL database: read the main file as a rollback-journal one
        data[18] = data[19] = 1
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bytes(data))
        (count,) = connection.execute("SELECT COUNT(*) FROM logins WHERE blacklisted_by_user = 0").fetchone()
    except sqlite3.Error as exc:
        raise ValueError(f"it could not be read as a password database ({exc})") from exc
    except AttributeError as exc:  # a Python whose SQLite cannot open a database held in memory
        raise ValueError("this copy of Python cannot read SQLite databases from memory") from exc
    finally:
        connection.close()
    return int(count)


def firefox_profile_paths(profiles_ini: str) -> list[tuple[str, bool]]:
    """(path, is_relative) of each profile listed in a Firefox ``profiles.ini``, paths as written (with ``/``).
    Raises ValueError when the file has settings but no sections, which no Firefox writes."""
    sections = parse_ini(profiles_ini)
    if len(sections) == 1 and sections[""]:
        raise ValueError("profiles.ini could not be read (it has no section headers)")
    seen: list[tuple[str, bool]] = []
    for section, values in sections.items():
        if not section.lower().startswith("profile"):
            continue
        lowered = {key.lower(): value for key, value in values.items()}
        path = lowered.get("path")
        if path:
            entry = (path, lowered.get("isrelative", "1").strip() != "0")
            if entry not in seen:
                seen.append(entry)
    return seen


@dataclass(frozen=True)
class Addon:
    id: str
    name: str
    active: bool


def firefox_addons(extensions_json: str) -> list[Addon]:
    """Add-ons in a Firefox profile's ``extensions.json``; ``active`` is Firefox's own word on whether it runs."""
    data = json.loads(extensions_json)
    addons = data.get("addons") if isinstance(data, dict) else None
    if not isinstance(addons, list):
        raise ValueError("it has no list of add-ons")
    found = []
    for item in addons:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        locale = item.get("defaultLocale")
        name = (locale.get("name") if isinstance(locale, dict) else None) or item["id"]
        active = bool(item.get("active")) and not item.get("userDisabled") and not item.get("appDisabled")
        found.append(Addon(item["id"], str(name), active))
    return found


def firefox_addon_states(extensions_json: str) -> dict[str, bool]:
    """Add-on id -> turned on, in the order ``extensions.json`` lists them; an add-on installed in more than one
    place counts as on when any copy runs."""
    states: dict[str, bool] = {}
    for addon in firefox_addons(extensions_json):
        states[addon.id] = states.get(addon.id, False) or addon.active
    return states


def count_firefox_logins(logins_json: str) -> int:
    """How many passwords a Firefox profile's ``logins.json`` holds (only counted, never read)."""
    data = json.loads(logins_json)
    logins = data.get("logins") if isinstance(data, dict) else None
    if not isinstance(logins, list):
        raise ValueError("it has no list of logins")
    return len(logins)


# -- looking ---------------------------------------------------------------------------------------------------------

def look_at_browsers(host: Host, seen: Seen, folders: BrowserFolders, read_limit: int = BIG_FILE) -> None:
    """Every Chromium and Firefox profile in ``folders``: password manager add-ons and the passwords saved.

    ``read_limit`` is how much of a browser file is read; a password database cut short there counts as in use.
    """
    reader = _ProfileReader(host, seen, folders, read_limit)
    _each_profile(host, seen, folders.chromium, reader.chromium_profile_folders, reader.look_at_chromium_profile)
    _each_profile(host, seen, folders.firefox, reader.firefox_profile_folders, reader.look_at_firefox_profile)


def _each_profile(host: Host, seen: Seen, browsers: Sequence[tuple[str, Sequence[str]]],
                  find_profiles: Callable[[str, str], list[str]], look_at_profile: Callable[[str, str], None]) -> None:
    """Look at each profile of each browser; a refusal skips only the folder or profile it concerns."""
    for browser, roots in browsers:
        for root in roots:
            if not host.is_dir(root):
                continue
            try:
                profiles = find_profiles(browser, root)
            except AccessDenied:
                seen.cannot(root, "Homeguard was not allowed to look inside this browser folder")
                continue
            for profile in profiles:
                try:
                    look_at_profile(browser, profile)
                except AccessDenied as exc:
                    seen.cannot(profile, f"Homeguard was not allowed to read {exc.what}")


@dataclass
class _ProfileReader:
    """Reads profiles where one system's browsers keep them, noting what it finds in ``seen``."""

    host: Host
    seen: Seen
    folders: BrowserFolders
    read_limit: int

    def _path(self, *parts: str) -> str:
        return self.folders.separator.join(parts)

    def _label(self, browser: str, profile: str) -> str:
        return f"{browser} ({profile.rsplit(self.folders.separator, 1)[-1]} profile)"

    # -- Chromium --------------------------------------------------------------------------------------------------

    def chromium_profile_folders(self, browser: str, root: str) -> list[str]:
        """The profile folders in a Chromium-family browser's folder: ``Default`` and ``Profile N``."""
        host = self.host
        if any(host.exists(self._path(root, name)) for name in self.folders.preference_files):
            return [root]  # Opera keeps its one profile in the top folder
        return [self._path(root, name) for name in host.list_dir(root)
                if (name == "Default" or name.startswith("Profile ")) and host.is_dir(self._path(root, name))]

    def look_at_chromium_profile(self, browser: str, profile: str) -> None:
        host, seen = self.host, self.seen
        label = self._label(browser, profile)
        seen.browsers.append(label)
        extensions = self._path(profile, "Extensions")
        installed = set(host.list_dir(extensions)) if host.is_dir(extensions) else set()
        texts = [text for text in (host.read_text(self._path(profile, name), self.read_limit)
                                   for name in self.folders.preference_files) if text]
        states, states_known = readable_extension_states(texts)
        for ext_id in sorted((installed | set(states)) & set(BY_CHROMIUM_ID)):
            name = BY_CHROMIUM_ID[ext_id]
            where = self._path(extensions, ext_id)
            if states.get(ext_id, True):
                seen.manager(name, f"the {name} extension in {label}")
                note = "" if states_known or ext_id in states else " (whether it is turned on could not be read)"
                seen.evidence.append(Evidence(where, f"the {name} extension is installed{note}"))
            else:
                seen.evidence.append(Evidence(where, f"the {name} extension is installed but turned off"))
        for file_name in CHROMIUM_LOGIN_FILES:
            path = self._path(profile, file_name)
            data = host.read_bytes(path, self.read_limit)
            if data is None:
                continue
            try:
                count = count_chromium_logins(data)
            except ValueError as exc:
                if len(data) >= self.read_limit:
                    seen.saved.setdefault(browser, 0)
                    seen.uncounted.add(browser)
                    seen.evidence.append(Evidence(path, "a very large password file: passwords are saved here"))
                else:
                    seen.cannot(path, f"the saved passwords could not be counted: {exc}")
                continue
            seen.count_saved(browser, path, count)

    # -- Firefox ---------------------------------------------------------------------------------------------------

    def firefox_profile_folders(self, browser: str, root: str) -> list[str]:
        """The profile folders a Firefox-family browser's profiles.ini lists (see WithoutProfilesIni when none)."""
        host, seen = self.host, self.seen
        ini_path = self._path(root, "profiles.ini")
        ini = host.read_text(ini_path)
        if ini is None:
            if self.folders.without_profiles_ini is WithoutProfilesIni.PROBLEM:
                seen.cannot(ini_path, f"{browser}'s list of profiles is missing")
            if self.folders.without_profiles_ini is not WithoutProfilesIni.PROFILE_FOLDERS:
                return []
            candidates = [self._path(root, name) for name in host.list_dir(root)
                          if host.exists(self._path(root, name, "prefs.js"))]
        else:
            try:
                listed = firefox_profile_paths(ini)
            except ValueError as exc:
                seen.cannot(ini_path, str(exc))
                return []
            candidates = []
            for path, relative in listed:
                path = path.replace("/", self.folders.separator)  # Firefox writes "Profiles/abc" on every system
                candidates.append(self._path(root, path) if relative else path)
        return [profile for profile in candidates if host.is_dir(profile)]

    def look_at_firefox_profile(self, browser: str, profile: str) -> None:
        host, seen = self.host, self.seen
        label = self._label(browser, profile)
        seen.browsers.append(label)
        extensions_json = self._path(profile, "extensions.json")
        text = host.read_text(extensions_json, self.read_limit)
        if text is not None:
            try:
                states = firefox_addon_states(text)
            except ValueError as exc:
                seen.cannot(extensions_json, f"its list of add-ons was not understood: {exc}")
                states = {}
            for addon_id, active in states.items():
                name = BY_FIREFOX_ID.get(addon_id)
                if name is None:
                    continue
                if active:
                    seen.manager(name, f"the {name} add-on in {label}")
                    seen.evidence.append(Evidence(extensions_json, f"the {name} add-on is turned on"))
                else:
                    seen.evidence.append(Evidence(extensions_json, f"the {name} add-on is installed but turned off"))
        logins_json = self._path(profile, "logins.json")
        logins = host.read_text(logins_json, self.read_limit)
        if logins is None:
            if self.folders.note_missing_logins:
                seen.evidence.append(Evidence(logins_json, "no saved passwords (the file does not exist)"))
            return
        try:
            count = count_firefox_logins(logins)
        except ValueError as exc:
            seen.cannot(logins_json, f"the saved passwords could not be counted: {exc}")
            return
        seen.count_saved(browser, logins_json, count)
