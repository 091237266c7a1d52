"""Which browser extensions can read every site, and what they are called.

Chromium keeps what it granted each extension in the profile's preference files (``extensions.settings.<id>``):
``granted_permissions`` and ``active_permissions`` with ``explicit_host`` and ``scriptable_host`` patterns. When the
person set site access to "On click" or "On specific sites", ``withholding_permissions`` is true and only
``runtime_granted_permissions`` counts (recorded with Chromium 155: the granted lists still name <all_urls> then).
An extension turned off (``disable_reasons`` not empty, or an old ``state`` of 0) reads nothing. Chromium's own
built-in extensions (locations 5 and 10, "component") are part of the browser and are left out. When the files say
nothing about hosts, the manifest's ``permissions``, ``host_permissions`` and ``content_scripts`` matches are used
(extension_prefs.cc; developer.chrome.com/docs/extensions/develop/concepts/declare-permissions).

"Every site" is one of the patterns Chrome documents for all sites: <all_urls>, *://*/*, http://*/* and https://*/*
(developer.chrome.com/docs/extensions/develop/concepts/match-patterns).

Names come from the manifest the preferences hold, or else from the extension's folder (``manifest.json``); a name
like ``__MSG_appName__`` is looked up in ``_locales/<default_locale>/messages.json``. Both files are read with a size
limit; an extension whose name cannot be found is named by its id.

Firefox: each add-on in ``extensions.json`` that Firefox runs (``active``), that is not one of Firefox's own
(locations starting ``app-builtin`` or ``app-system``), with an all-sites pattern in ``userPermissions.origins``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from auditor.host import Host
from auditor.json_text import load_json

ALL_SITES = frozenset({"<all_urls>", "*://*/*", "http://*/*", "https://*/*"})
COMPONENT_LOCATIONS = frozenset({5, 10})
UNPACKED_LOCATIONS = frozenset({4, 8})  # loaded from a folder: "path" is that folder, not one under Extensions
MANIFEST_LIMIT = 1024 * 1024  # real manifests and messages files are a few kB


def chromium_entries(files: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """``extensions.settings`` merged over a profile's readable preference files, later files winning per key."""
    merged: dict[str, dict[str, Any]] = {}
    for data in files:
        extensions = data.get("extensions")
        settings = extensions.get("settings") if isinstance(extensions, dict) else None
        if not isinstance(settings, dict):
            continue
        for ext_id, entry in settings.items():
            if isinstance(entry, dict):
                merged.setdefault(ext_id, {}).update(entry)
    return merged


def _is_on(entry: Mapping[str, Any]) -> bool:
    if "disable_reasons" in entry:
        return not entry["disable_reasons"]
    if "state" in entry:
        return bool(entry["state"] == 1)
    return True


def _strings(value: object) -> list[str]:
    """The text items of a JSON list; nothing when the value is not a list (a damaged or unexpected file)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _hosts(permissions: object) -> set[str]:
    if not isinstance(permissions, dict):
        return set()
    return {pattern for key in ("explicit_host", "scriptable_host") for pattern in _strings(permissions.get(key))}


def manifest_hosts(manifest: Mapping[str, Any]) -> set[str]:
    """The host patterns a manifest asks for (MV2 hosts sit among ``permissions``; MV3 in ``host_permissions``)."""
    found = {p for key in ("permissions", "host_permissions") for p in _strings(manifest.get(key))}
    scripts = manifest.get("content_scripts")
    for script in scripts if isinstance(scripts, list) else []:
        if isinstance(script, dict):
            found.update(_strings(script.get("matches")))
    return found


def reads_every_site(entry: Mapping[str, Any], manifest: Mapping[str, Any] | None) -> bool:
    """Whether a turned-on, non-built-in extension has been allowed onto every site."""
    if not _is_on(entry) or _built_in(entry):
        return False
    if entry.get("withholding_permissions") is True:
        return bool(_hosts(entry.get("runtime_granted_permissions")) & ALL_SITES)
    for key in ("granted_permissions", "active_permissions"):
        if isinstance(entry.get(key), dict):
            return bool(_hosts(entry[key]) & ALL_SITES)
    return manifest is not None and bool(manifest_hosts(manifest) & ALL_SITES)


class ExtensionFolders:
    """Reads an extension's own manifest and messages from its folder, through the Host, with size limits."""

    def __init__(self, host: Host, separator: str) -> None:
        self.host = host
        self.separator = separator

    def _json(self, path: str) -> dict[str, Any] | None:
        raw = self.host.read_bytes(path, MANIFEST_LIMIT)
        if raw is None or len(raw) >= MANIFEST_LIMIT:
            return None
        try:
            data = load_json(raw.decode("utf-8-sig", errors="replace"))
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def folder(self, profile: str, ext_id: str, entry: Mapping[str, Any]) -> str | None:
        """Where the extension's files are: its ``path`` (absolute when unpacked, else under Extensions), or the
        newest version folder under ``Extensions/<id>``."""
        sep = self.separator
        path = entry.get("path")
        if isinstance(path, str) and path:
            if entry.get("location") in UNPACKED_LOCATIONS:
                return path
            return sep.join((profile, "Extensions", path.replace("/", sep)))
        versions_folder = sep.join((profile, "Extensions", ext_id))
        versions = self.host.list_dir(versions_folder) if self.host.is_dir(versions_folder) else []
        return sep.join((versions_folder, versions[-1])) if versions else None

    def manifest(self, folder: str | None) -> dict[str, Any] | None:
        return self._json(self.separator.join((folder, "manifest.json"))) if folder else None

    def name(self, ext_id: str, manifest: Mapping[str, Any] | None, folder: str | None) -> str:
        """The extension's name as the person sees it, or its id when that cannot be found."""
        name = manifest.get("name") if manifest else None
        if not isinstance(name, str) or not name.strip():
            return ext_id
        if not (name.startswith("__MSG_") and name.endswith("__")):
            return name.strip()[:100]
        locale = manifest.get("default_locale") if manifest else None
        if not folder or not isinstance(locale, str) or not locale.replace("_", "").isalnum():
            return ext_id
        messages = self._json(self.separator.join((folder, "_locales", locale, "messages.json")))
        key = name[len("__MSG_"):-2].lower()
        for message_key, message in (messages or {}).items():
            if message_key.lower() == key and isinstance(message, dict) and isinstance(message.get("message"), str):
                return message["message"].strip()[:100] or ext_id
        return ext_id


def _built_in(entry: Mapping[str, Any]) -> bool:
    """Whether the browser itself put this extension there (its location is a component's number); a location of
    any other type, as in a damaged file, is not one."""
    location = entry.get("location")
    return isinstance(location, int) and location in COMPONENT_LOCATIONS


def chromium_all_site_extensions(host: Host, separator: str, profile: str,
                                 entries: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(id, name) of the extensions in one Chromium profile that can read every site."""
    folders = ExtensionFolders(host, separator)
    found = []
    for ext_id, entry in sorted(entries.items()):
        if not _is_on(entry) or _built_in(entry):
            continue
        manifest = entry.get("manifest") if isinstance(entry.get("manifest"), dict) else None
        folder: str | None = None
        needs_folder = manifest is None or not isinstance(manifest.get("name"), str) or \
            str(manifest.get("name")).startswith("__MSG_")
        if needs_folder:
            folder = folders.folder(profile, ext_id, entry)
            manifest = manifest or folders.manifest(folder)
        if reads_every_site(entry, manifest):
            found.append((ext_id, folders.name(ext_id, manifest, folder)))
    return found


def firefox_all_site_addons(extensions_json: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(id, name) of the add-ons Firefox runs in a profile that can read every site."""
    found = []
    addons = extensions_json.get("addons")
    for addon in addons if isinstance(addons, list) else []:
        if not isinstance(addon, dict) or not isinstance(addon.get("id"), str):
            continue
        location = str(addon.get("location") or "")
        if addon.get("type") not in (None, "extension") or location.startswith(("app-builtin", "app-system")):
            continue
        if not addon.get("active") or addon.get("userDisabled") or addon.get("appDisabled"):
            continue
        permissions = addon.get("userPermissions")
        origins = _strings(permissions.get("origins")) if isinstance(permissions, dict) else []
        if ALL_SITES & set(origins):
            locale = addon.get("defaultLocale")
            name = locale.get("name") if isinstance(locale, dict) else None
            found.append((addon["id"], str(name)[:100] if name else addon["id"]))
    return found
