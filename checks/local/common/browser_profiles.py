"""Finding every web browser profile on this computer, for the checks that look inside them.

Chromium-family browsers (Chrome, Edge, Brave, Vivaldi, Opera, Chromium) and Firefox-family ones write the same
files on every system; only the folders that hold the profiles, and the path separator, differ. So each system's
folders are named here once, in a ``BrowserFolders``, and the finder below lists the profile folders in them:

* Chromium: ``Default`` and ``Profile N`` in each folder (Opera keeps its one profile in the folder itself).
* Firefox: the profiles ``profiles.ini`` lists (see ``WithoutProfilesIni`` for a folder without one).

password-manager (its add-ons and saved passwords) and browser-protection (Safe Browsing and all-site extensions)
both look at the profiles this module finds, so a browser added here is looked at by both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum, auto

from auditor.host import AccessDenied, Host
from checks.local.common.conf import parse_ini


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


# -- where each system's browsers keep their profiles ---------------------------------------------------------------

# Linux: native packages, snaps and flatpaks.
LINUX_CHROMIUM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Google Chrome", ("~/.config/google-chrome", "~/.config/google-chrome-beta", "~/.config/google-chrome-unstable",
                       "~/.var/app/com.google.Chrome/config/google-chrome")),
    ("Chromium", ("~/.config/chromium", "~/snap/chromium/common/chromium",
                  "~/.var/app/org.chromium.Chromium/config/chromium")),
    ("Microsoft Edge", ("~/.config/microsoft-edge", "~/.config/microsoft-edge-beta", "~/.config/microsoft-edge-dev",
                        "~/.var/app/com.microsoft.Edge/config/microsoft-edge")),
    ("Brave", ("~/.config/BraveSoftware/Brave-Browser", "~/snap/brave/current/.config/BraveSoftware/Brave-Browser",
               "~/.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser")),
    ("Vivaldi", ("~/.config/vivaldi", "~/.var/app/com.vivaldi.Vivaldi/config/vivaldi")),
    ("Opera", ("~/.config/opera", "~/.var/app/com.opera.Opera/config/opera")),
)
# Firefox-family browsers on Linux: the folders that hold profiles.ini.
LINUX_FIREFOX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Firefox", ("~/.mozilla/firefox", "~/.config/mozilla/firefox", "~/snap/firefox/common/.mozilla/firefox",
                 "~/.var/app/org.mozilla.firefox/.mozilla/firefox",
                 # the Flatpak Firefox's profiles since it follows XDG (a real setup script keeps profiles.ini here)
                 "~/.var/app/org.mozilla.firefox/config/mozilla/firefox")),
    ("LibreWolf", ("~/.librewolf", "~/.var/app/io.gitlab.librewolf-community/.librewolf")),
)
# Only Preferences says whether an extension is on here: Chromium on Linux does not enforce its protected settings
# (chrome_pref_service_factory.cc, GetSettingsEnforcementGroup: GROUP_NO_ENFORCEMENT outside Windows and macOS), so
# extension settings stay in Preferences and Secure Preferences holds only their checksums. Reading it too would
# let a stale copy (a profile brought over from a Mac) override the live setting.
LINUX_FOLDERS = BrowserFolders(LINUX_CHROMIUM, LINUX_FIREFOX, note_missing_logins=True)

MACOS_SUPPORT = "~/Library/Application Support"
MACOS_CHROMIUM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Google Chrome", (f"{MACOS_SUPPORT}/Google/Chrome", f"{MACOS_SUPPORT}/Google/Chrome Beta")),
    ("Microsoft Edge", (f"{MACOS_SUPPORT}/Microsoft Edge",)),
    ("Brave", (f"{MACOS_SUPPORT}/BraveSoftware/Brave-Browser",)),
    ("Vivaldi", (f"{MACOS_SUPPORT}/Vivaldi",)),
    ("Opera", (f"{MACOS_SUPPORT}/com.operasoftware.Opera",)),
    ("Chromium", (f"{MACOS_SUPPORT}/Chromium",)),
)
MACOS_FIREFOX_ROOT = f"{MACOS_SUPPORT}/Firefox"
MACOS_FOLDERS = BrowserFolders(
    MACOS_CHROMIUM,
    (("Firefox", (MACOS_FIREFOX_ROOT,)),),
    preference_files=("Preferences", "Secure Preferences"),  # later files win: Chrome on macOS uses the second
    without_profiles_ini=WithoutProfilesIni.PROBLEM,
)

# Windows: (name, folder variable, path of the folder that holds the profiles).
WINDOWS_CHROMIUM = (
    ("Google Chrome", "LOCALAPPDATA", r"Google\Chrome\User Data"),
    ("Microsoft Edge", "LOCALAPPDATA", r"Microsoft\Edge\User Data"),
    ("Brave", "LOCALAPPDATA", r"BraveSoftware\Brave-Browser\User Data"),
    ("Vivaldi", "LOCALAPPDATA", r"Vivaldi\User Data"),
    ("Chromium", "LOCALAPPDATA", r"Chromium\User Data"),
    ("Opera", "APPDATA", r"Opera Software\Opera Stable"),
    ("Opera GX", "APPDATA", r"Opera Software\Opera GX Stable"),
)
WINDOWS_FIREFOX_ROOT = ("APPDATA", r"Mozilla\Firefox")
_WINDOWS_DEFAULT_FOLDERS = {"LOCALAPPDATA": r"~\AppData\Local", "APPDATA": r"~\AppData\Roaming"}


def windows_folders(host: Host) -> BrowserFolders:
    """The profile folders of this account's browsers, which Windows keeps under %LOCALAPPDATA% and %APPDATA%."""
    def folder(variable: str) -> str:
        return (host.env(variable) or _WINDOWS_DEFAULT_FOLDERS[variable]).rstrip("\\")

    return BrowserFolders(
        chromium=[(browser, (f"{folder(variable)}\\{relative}",)) for browser, variable, relative in WINDOWS_CHROMIUM],
        firefox=[("Firefox", (f"{folder(WINDOWS_FIREFOX_ROOT[0])}\\{WINDOWS_FIREFOX_ROOT[1]}",))],
        separator="\\",
        preference_files=("Preferences", "Secure Preferences"),  # later files win
        without_profiles_ini=WithoutProfilesIni.NOTHING,
    )


# -- the finder ------------------------------------------------------------------------------------------------------

Cannot = Callable[[str, str], None]  # (what could not be looked at, why)


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


def profile_label(folders: BrowserFolders, browser: str, profile: str) -> str:
    """How a profile is named to the person: ``Google Chrome (Default profile)``."""
    return f"{browser} ({profile.rsplit(folders.separator, 1)[-1]} profile)"


def chromium_profile_folders(host: Host, folders: BrowserFolders, root: str) -> list[str]:
    """The profile folders in a Chromium-family browser's folder: ``Default`` and ``Profile N``."""
    join = folders.separator.join
    if any(host.exists(join((root, name))) for name in folders.preference_files):
        return [root]  # Opera keeps its one profile in the top folder
    return [join((root, name)) for name in host.list_dir(root)
            if (name == "Default" or name.startswith("Profile ")) and host.is_dir(join((root, name)))]


def firefox_profile_folders(host: Host, folders: BrowserFolders, browser: str, root: str,
                            cannot: Cannot) -> list[str]:
    """The profile folders a Firefox-family browser's profiles.ini lists (see WithoutProfilesIni when none)."""
    join = folders.separator.join
    ini_path = join((root, "profiles.ini"))
    ini = host.read_text(ini_path)
    if ini is None:
        if folders.without_profiles_ini is WithoutProfilesIni.PROBLEM:
            cannot(ini_path, f"{browser}'s list of profiles is missing")
        if folders.without_profiles_ini is not WithoutProfilesIni.PROFILE_FOLDERS:
            return []
        candidates = [join((root, name)) for name in host.list_dir(root) if host.exists(join((root, name, "prefs.js")))]
    else:
        try:
            listed = firefox_profile_paths(ini)
        except ValueError as exc:
            cannot(ini_path, str(exc))
            return []
        candidates = []
        for path, relative in listed:
            path = path.replace("/", folders.separator)  # Firefox writes "Profiles/abc" on every system
            candidates.append(join((root, path)) if relative else path)
    return [profile for profile in candidates if host.is_dir(profile)]


def each_profile(host: Host, browsers: Sequence[tuple[str, Sequence[str]]],
                 find_profiles: Callable[[str, str], list[str]], look_at_profile: Callable[[str, str], None],
                 cannot: Cannot) -> None:
    """Look at each profile of each browser; a refusal skips only the folder or profile it concerns."""
    for browser, roots in browsers:
        for root in roots:
            if not host.is_dir(root):
                continue
            try:
                profiles = find_profiles(browser, root)
            except AccessDenied:
                cannot(root, "Homeguard was not allowed to look inside this browser folder")
                continue
            for profile in profiles:
                try:
                    look_at_profile(browser, profile)
                except AccessDenied as exc:
                    cannot(profile, f"Homeguard was not allowed to read {exc.what}")
