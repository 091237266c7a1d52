"""macOS apps' bundle ids (CFBundleIdentifier), for the list's bundle-id indicators.

Some products are known only by the id their app declares in its Info.plist (Hoverwatch's Mac app, in Microsoft
Defender's signatures), not by a folder name: an app can be renamed or moved, its declared id stays. Reading every
app on the computer would be slow, so only these are read, each Info.plist at most ``MAX_PLIST_BYTES``:

* the apps at the top level of /Applications and ~/Applications (not the folders inside them);
* the apps that launch agents and daemons start (their Program, or the first of their ProgramArguments, when it is
  inside an ``.app``), because hidden monitoring usually starts that way from a folder outside /Applications.

Property lists may be binary or XML; plistlib reads both. A damaged or oversized one is passed over and counted
(``Look.skipped``), never a crash; one the system refuses to show is said like any refused place.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.host import AccessDenied
from checks.local.common.macos import plist_value

from .search import Look

APP_FOLDERS = ("/Applications", "~/Applications")
MAX_PLIST_BYTES = 256 * 1024
MAX_APPS = 400  # apps read from the app folders together
MAX_LAUNCHD_PLISTS = 200  # launch agent and daemon files read
MAX_BUNDLE_ID = 255


def read_plist(look: Look, path: str) -> dict[str, object] | None:
    """A small property list as a dictionary; None when it is missing, refused (said) or damaged (counted)."""
    try:
        raw = look.host.read_bytes(path, MAX_PLIST_BYTES + 1)
    except AccessDenied as exc:
        look.refuse(path, exc.detail or "permission denied")
        return None
    if raw is None:
        return None
    if len(raw) > MAX_PLIST_BYTES:
        look.skipped[path] = f"larger than {MAX_PLIST_BYTES // 1024} kB"
        return None
    try:
        data = plist_value(raw)
    except ValueError as exc:
        look.skipped[path] = f"not a property list ({exc})"
        return None
    if not isinstance(data, dict):
        look.skipped[path] = "not a dictionary of settings"
        return None
    return data


def _launched_apps(look: Look, launchd_folders: Iterable[str]) -> list[str]:
    """The .app bundles that launch agents and daemons start, in the order found."""
    apps: list[str] = []
    read = 0
    for folder in launchd_folders:
        for name in look.listing(folder) or ():
            if not name.endswith(".plist") or read >= MAX_LAUNCHD_PLISTS or look.out_of_time():
                continue
            read += 1
            job = read_plist(look, look.join(folder, name)) or {}
            program = job.get("Program")
            arguments = job.get("ProgramArguments")
            if not isinstance(program, str) and isinstance(arguments, list) and arguments:
                program = arguments[0]
            if isinstance(program, str) and ".app/" in program:
                app = program[:program.index(".app/") + len(".app")]
                if app not in apps:
                    apps.append(app)
    return apps


def app_bundle_ids(look: Look, launchd_folders: Iterable[str]) -> list[tuple[str, str]]:
    """(app, bundle id) for the apps described above; read once per scan."""
    if look.app_bundle_ids is not None:
        return look.app_bundle_ids
    apps = [look.join(folder, name) for folder in APP_FOLDERS for name in look.listing(folder) or ()
            if name.casefold().endswith(".app")][:MAX_APPS]
    apps += [app for app in _launched_apps(look, launchd_folders) if app not in apps]
    found: list[tuple[str, str]] = []
    for app in apps:
        if look.out_of_time():
            break
        info = read_plist(look, app + "/Contents/Info.plist") or {}
        bundle_id = info.get("CFBundleIdentifier")
        if isinstance(bundle_id, str) and bundle_id.strip():
            found.append((app, bundle_id.strip()[:MAX_BUNDLE_ID]))
    look.app_bundle_ids = found
    return found
