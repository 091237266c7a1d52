"""What password-manager reads the same way on every system: browser profiles.

Chromium-family browsers (Chrome, Edge, Brave, Vivaldi, Opera, Chromium) and Firefox-family ones write the same
files everywhere; only the folders that hold the profiles, and the path separator, differ by system. So each
platform module names its folders in a ``BrowserFolders`` (with the few things its browsers do differently) and this
module does the reading:

* Chromium: the profiles in each folder (``Default`` and ``Profile N``; Opera keeps its one profile in the folder
  itself), each profile's ``Extensions/<id>`` folders, whether each extension is turned on (from the profile's
  preference files; when they cannot be read the extension is noted as a doubt, never counted as on), and how many
  passwords ``Login Data`` and ``Login Data For Account`` hold.
* Firefox: the profiles ``profiles.ini`` lists, each profile's add-ons (``extensions.json``, with Firefox's own word
  on whether each runs) and how many passwords ``logins.json`` holds.

Add-on ids are the ones in known.py. Saved passwords are only counted: no site, user name or password is read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.host import Host
from auditor.json_text import load_json
from auditor.model import Evidence
from checks.local.common.browser_profiles import (
    BrowserFolders,
    WithoutProfilesIni,  # noqa: F401 (the finder moved to common; its names stay importable here)
    chromium_profile_folders,
    each_profile,
    firefox_profile_folders,
    firefox_profile_paths,  # noqa: F401
    profile_label,
)

from .known import BY_CHROMIUM_ID, BY_FIREFOX_ID
from .seen import Seen

BIG_FILE = 32 * 1024 * 1024  # password stores are far smaller; reading stops here
CHROMIUM_LOGIN_FILES = ("Login Data", "Login Data For Account")  # the second holds passwords kept in the account


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
    data = load_json(text)
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


@dataclass(frozen=True)
class Addon:
    id: str
    name: str
    active: bool


def firefox_addons(extensions_json: str) -> list[Addon]:
    """Add-ons in a Firefox profile's ``extensions.json``; ``active`` is Firefox's own word on whether it runs."""
    data = load_json(extensions_json)
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
    data = load_json(logins_json)
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
    each_profile(host, folders.chromium, reader.chromium_profile_folders, reader.look_at_chromium_profile, seen.cannot)
    each_profile(host, folders.firefox, reader.firefox_profile_folders, reader.look_at_firefox_profile, seen.cannot)


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
        return profile_label(self.folders, browser, profile)

    # -- Chromium --------------------------------------------------------------------------------------------------

    def chromium_profile_folders(self, browser: str, root: str) -> list[str]:
        return chromium_profile_folders(self.host, self.folders, root)

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
            if not states_known and ext_id not in states:
                seen.doubt(name, f"the {name} extension in {label}")
                seen.evidence.append(Evidence(where, f"the {name} extension is installed (whether it is turned on "
                                              "could not be read)"))
            elif states.get(ext_id, True):
                seen.manager(name, f"the {name} extension in {label}")
                seen.evidence.append(Evidence(where, f"the {name} extension is installed"))
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
                    seen.cannot(path, f"the saved passwords could not be counted: {exc}", may_hide_manager=False)
                continue
            seen.count_saved(browser, path, count)

    # -- Firefox ---------------------------------------------------------------------------------------------------

    def firefox_profile_folders(self, browser: str, root: str) -> list[str]:
        return firefox_profile_folders(self.host, self.folders, browser, root, self.seen.cannot)

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
            seen.cannot(logins_json, f"the saved passwords could not be counted: {exc}", may_hide_manager=False)
            return
        seen.count_saved(browser, logins_json, count)
