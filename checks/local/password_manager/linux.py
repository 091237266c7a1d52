"""How password-manager looks on Linux: installed apps, browser add-ons, and the browsers' own password saving.

Everything is read from files and folders (the package database, flatpak and snap folders, browser profiles), so
the check is quick and runs no program except ``rpm`` on systems whose package database only rpm can read. Saved
browser passwords are only counted: no site, user name or password is ever read.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, CommandOutcome, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import parse_ini
from checks.local.common.desktop import find_desktop

from .known import BY_CHROMIUM_ID, BY_FIREFOX_ID


@dataclass(frozen=True)
class LinuxApp:
    """Where a password manager's desktop or command-line app shows up on Linux."""

    packages: tuple[str, ...] = ()  # Debian, Fedora and Arch package names (often the same)
    commands: tuple[str, ...] = ()  # programs on the PATH
    flatpaks: tuple[str, ...] = ()  # Flathub application ids
    snaps: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()  # files that vendors' own packages install outside the PATH


LINUX_APPS: dict[str, LinuxApp] = {
    "1Password": LinuxApp(packages=("1password", "1password-cli"), commands=("1password",),
                          flatpaks=("com.onepassword.OnePassword",), snaps=("1password",),
                          paths=("/opt/1Password/1password",)),
    "Bitwarden": LinuxApp(packages=("bitwarden", "bitwarden-cli"), commands=("bitwarden", "bw"),
                          flatpaks=("com.bitwarden.desktop",), snaps=("bitwarden", "bw"),
                          paths=("/opt/Bitwarden/bitwarden",)),
    "KeePassXC": LinuxApp(packages=("keepassxc", "keepassxc-full", "keepassxc-minimal"),
                          commands=("keepassxc", "keepassxc-cli"), flatpaks=("org.keepassxc.KeePassXC",),
                          snaps=("keepassxc",)),
    "KeePass 2": LinuxApp(packages=("keepass2", "keepass"), commands=("keepass2", "keepass")),
    "KeePassX": LinuxApp(packages=("keepassx",), commands=("keepassx",)),
    "Proton Pass": LinuxApp(packages=("proton-pass",), commands=("proton-pass",), flatpaks=("me.proton.Pass",)),
    "Enpass": LinuxApp(packages=("enpass",), paths=("/opt/enpass/Enpass",)),
    "NordPass": LinuxApp(snaps=("nordpass",)),
    "Keeper": LinuxApp(packages=("keeperpasswordmanager",)),
    "pass": LinuxApp(packages=("pass",), commands=("pass",)),
    "gopass": LinuxApp(packages=("gopass",), commands=("gopass",)),
    "QtPass (for pass)": LinuxApp(packages=("qtpass",), commands=("qtpass",)),
    "rbw (for Bitwarden)": LinuxApp(packages=("rbw",), commands=("rbw",)),
    "Password Safe": LinuxApp(packages=("passwordsafe",), commands=("pwsafe",)),
    "Secrets (for KeePass files)": LinuxApp(packages=("secrets", "gnome-passwordsafe"),
                                            flatpaks=("org.gnome.World.Secrets",)),
    "Buttercup": LinuxApp(packages=("buttercup-desktop",)),
}
PACKAGE_TO_MANAGER = {pkg: name for name, app in LINUX_APPS.items() for pkg in app.packages}
PACKAGE_NAMES = tuple(sorted(PACKAGE_TO_MANAGER))

DPKG_STATUS = "/var/lib/dpkg/status"
PACMAN_LOCAL = "/var/lib/pacman/local"
RPM_DATABASES = ("/var/lib/rpm", "/usr/lib/sysimage/rpm")
RPM_QUERY = ("rpm", "-q", "--qf", "%{NAME}\\n", *PACKAGE_NAMES)
_RPM_WORDS = {
    CommandOutcome.TIMEOUT: "rpm did not answer in time",
    CommandOutcome.MISSING: "rpm could not be found",
    CommandOutcome.DENIED: "the system did not allow Homeguard to run rpm",
    CommandOutcome.FAILED: "rpm could not be started",
}
FLATPAK_APPS = ("/var/lib/flatpak/app", "~/.local/share/flatpak/app")

# Chromium-family browsers: where each keeps its profiles (native package, snap, flatpak).
CHROMIUM_BROWSERS: tuple[tuple[str, tuple[str, ...]], ...] = (
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
# Firefox-family browsers: the folders that hold profiles.ini.
FIREFOX_BROWSERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Firefox", ("~/.mozilla/firefox", "~/.config/mozilla/firefox", "~/snap/firefox/common/.mozilla/firefox",
                 "~/.var/app/org.mozilla.firefox/.mozilla/firefox")),
    ("LibreWolf", ("~/.librewolf", "~/.var/app/io.gitlab.librewolf-community/.librewolf")),
)
CHROMIUM_LOGIN_FILES = ("Login Data", "Login Data For Account")  # the second holds passwords kept in the account
BIG_FILE = 32 * 1024 * 1024  # password stores are far smaller; reading stops here


# -- pure parsers ----------------------------------------------------------------------------------------------------

def dpkg_installed(status_text: str, wanted: set[str] | frozenset[str]) -> dict[str, str]:
    """Wanted packages that dpkg's status file lists as installed, with their versions.

    A package counts when the last word of its ``Status:`` is ``installed`` (so ``install ok installed`` and
    ``hold ok installed`` do, and ``deinstall ok config-files`` left behind after removal does not)."""
    found: dict[str, str] = {}
    for stanza in status_text.split("\n\n"):
        package = status = version = ""
        for line in stanza.splitlines():
            if line.startswith("Package:"):
                package = line[8:].strip()
            elif line.startswith("Status:"):
                status = line[7:].strip()
            elif line.startswith("Version:"):
                version = line[8:].strip()
        if package in wanted and status.split()[-1:] == ["installed"]:
            found[package] = version
    return found


def pacman_installed(folder_names: list[str], wanted: set[str] | frozenset[str]) -> dict[str, str]:
    """Wanted packages in pacman's local database, whose folders are named ``<name>-<version>-<release>``."""
    found: dict[str, str] = {}
    for entry in folder_names:
        parts = entry.rsplit("-", 2)
        if len(parts) == 3 and parts[0] in wanted:
            found[parts[0]] = f"{parts[1]}-{parts[2]}"
    return found


def rpm_installed(stdout: str, asked: tuple[str, ...]) -> set[str]:
    """Installed names from ``rpm -q --qf '%{NAME}\\n' <names>``: one line per name, either the name itself or
    ``package <name> is not installed``. Raises ValueError on any other line."""
    found: set[str] = set()
    for line in stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("package ") and line.endswith(" is not installed"):
            continue
        if line not in asked:
            raise ValueError(f"unexpected line {line!r}")
        found.add(line)
    return found


def firefox_profile_paths(profiles_ini: str) -> list[tuple[str, bool]]:
    """(path, is_relative) of each profile listed in a Firefox ``profiles.ini``."""
    seen: list[tuple[str, bool]] = []
    for section, values in parse_ini(profiles_ini).items():
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


def firefox_login_count(logins_json: str) -> int:
    """How many passwords a Firefox profile's ``logins.json`` holds (only counted, never read)."""
    data = json.loads(logins_json)
    logins = data.get("logins") if isinstance(data, dict) else None
    if not isinstance(logins, list):
        raise ValueError("it has no list of logins")
    return len(logins)


def chromium_login_count(database: bytes) -> int:
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


def chromium_extension_states(preferences: str) -> dict[str, bool]:
    """Extension id -> turned on, from a Chromium profile's ``Preferences``. Recent versions keep a list of
    ``disable_reasons`` (empty when on); older ones an integer, or ``state`` (1 on, 0 off)."""
    data = json.loads(preferences)
    settings = ((data.get("extensions") or {}).get("settings") or {}) if isinstance(data, dict) else {}
    states: dict[str, bool] = {}
    for ext_id, entry in settings.items():
        if not isinstance(entry, dict):
            continue
        reasons = entry.get("disable_reasons")
        if reasons is not None:
            states[ext_id] = not reasons
        elif "state" in entry:
            states[ext_id] = entry.get("state") == 1
        else:
            states[ext_id] = True
    return states


# -- looking ---------------------------------------------------------------------------------------------------------

@dataclass
class Seen:
    managers: dict[str, list[str]] = field(default_factory=dict)  # manager name -> where it was found
    browsers: list[str] = field(default_factory=list)  # "Firefox (profile abc.default)"
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


def _look_at_packages(host: Host, seen: Seen) -> None:
    wanted = frozenset(PACKAGE_NAMES)
    try:
        status = host.read_text(DPKG_STATUS, BIG_FILE)
    except AccessDenied:
        seen.cannot(DPKG_STATUS, "Homeguard was not allowed to read it")
        status = None
    if status is not None:
        found = dpkg_installed(status, wanted)
        for package, version in sorted(found.items()):
            seen.manager(PACKAGE_TO_MANAGER[package], f"the {package} package {version}".strip())
        seen.evidence.append(Evidence(DPKG_STATUS, _packages_seen(found)))
    if host.is_dir(PACMAN_LOCAL):
        try:
            found = pacman_installed(host.list_dir(PACMAN_LOCAL), wanted)
        except AccessDenied:
            seen.cannot(PACMAN_LOCAL, "Homeguard was not allowed to read it")
        else:
            for package, version in sorted(found.items()):
                seen.manager(PACKAGE_TO_MANAGER[package], f"the {package} package {version}")
            seen.evidence.append(Evidence(PACMAN_LOCAL, _packages_seen(found)))
    if any(host.is_dir(path) for path in RPM_DATABASES) and host.which("rpm"):
        result = host.run(list(RPM_QUERY), timeout=4)
        command = result.command_line
        if not result.ran or result.truncated:
            seen.cannot(command, result.problem(), _RPM_WORDS.get(result.outcome, "rpm's answer was cut short"))
            return
        try:
            names = rpm_installed(result.stdout, RPM_QUERY[4:])
        except ValueError as exc:
            seen.cannot(command, f"its answer was not understood: {exc}", "rpm's answer was not understood")
            return
        if not names and not result.stdout.strip():
            seen.cannot(command, result.problem() or "it printed nothing", "rpm gave no answer")
            return
        for package in sorted(names):
            seen.manager(PACKAGE_TO_MANAGER[package], f"the {package} package")
        seen.evidence.append(Evidence(command, _packages_seen(dict.fromkeys(names, ""))))


def _packages_seen(found: dict[str, str]) -> str:
    if not found:
        return "no password manager package is installed"
    return "installed: " + ", ".join(f"{p} {v}".strip() for p, v in sorted(found.items()))


def _look_at_apps(host: Host, seen: Seen) -> None:
    for name, app in LINUX_APPS.items():
        for app_id in app.flatpaks:
            for folder in FLATPAK_APPS:
                if host.is_dir(f"{folder}/{app_id}"):
                    seen.manager(name, f"the {app_id} flatpak")
                    seen.evidence.append(Evidence(f"{folder}/{app_id}", f"{name} is installed as a flatpak"))
        for snap in app.snaps:
            if host.is_dir(f"/snap/{snap}"):
                seen.manager(name, f"the {snap} snap")
                seen.evidence.append(Evidence(f"/snap/{snap}", f"{name} is installed as a snap"))
        for command in app.commands:
            where = host.which(command)
            if where:
                seen.manager(name, f"the {command} program")
                seen.evidence.append(Evidence(f"PATH: {command}", f"found at {where}"))
        for path in app.paths:
            if host.exists(path):
                seen.manager(name, path)
                seen.evidence.append(Evidence(path, f"{name} is installed here"))


def _chromium_profiles(host: Host, root: str) -> list[str]:
    if host.exists(f"{root}/Preferences"):  # Opera keeps its one profile in the top folder
        return [root]
    return [f"{root}/{name}" for name in host.list_dir(root)
            if (name == "Default" or name.startswith("Profile ")) and host.is_dir(f"{root}/{name}")]


def _look_at_chromium(host: Host, seen: Seen) -> None:
    for browser, roots in CHROMIUM_BROWSERS:
        for root in roots:
            if not host.is_dir(root):
                continue
            try:
                profiles = _chromium_profiles(host, root)
            except AccessDenied:
                seen.cannot(root, "Homeguard was not allowed to look inside this browser folder")
                continue
            for profile in profiles:
                label = f"{browser} ({profile.rsplit('/', 1)[-1]} profile)"
                try:
                    _look_at_chromium_profile(host, seen, browser, profile, label)
                except AccessDenied as exc:
                    seen.cannot(profile, f"Homeguard was not allowed to read {exc.what}")


def _look_at_chromium_profile(host: Host, seen: Seen, browser: str, profile: str, label: str) -> None:
    seen.browsers.append(label)
    installed = set(host.list_dir(f"{profile}/Extensions")) if host.is_dir(f"{profile}/Extensions") else set()
    states: dict[str, bool] = {}
    preferences = host.read_text(f"{profile}/Preferences", BIG_FILE)
    states_known = preferences is not None
    if preferences is not None:
        try:
            states = chromium_extension_states(preferences)
        except (ValueError, AttributeError):
            states_known = False
    for ext_id in sorted((installed | set(states)) & set(BY_CHROMIUM_ID)):
        name = BY_CHROMIUM_ID[ext_id]
        where = f"{profile}/Extensions/{ext_id}"
        if states.get(ext_id, True):
            seen.manager(name, f"the {name} extension in {label}")
            note = "" if states_known else " (whether it is turned on could not be read)"
            seen.evidence.append(Evidence(where, f"the {name} extension is installed{note}"))
        else:
            seen.evidence.append(Evidence(where, f"the {name} extension is installed but turned off"))
    for file_name in CHROMIUM_LOGIN_FILES:
        path = f"{profile}/{file_name}"
        data = host.read_bytes(path, BIG_FILE)
        if data is None:
            continue
        try:
            count = chromium_login_count(data)
        except ValueError as exc:
            if len(data) >= BIG_FILE:
                seen.saved.setdefault(browser, 0)
                seen.uncounted.add(browser)
                seen.evidence.append(Evidence(path, "a very large password file: passwords are saved here"))
            else:
                seen.cannot(path, f"the saved passwords could not be counted: {exc}")
            continue
        seen.evidence.append(Evidence(path, f"{count} saved {'password' if count == 1 else 'passwords'}"))
        if count:
            seen.saved[browser] = seen.saved.get(browser, 0) + count


def _firefox_profiles(host: Host, root: str) -> list[str]:
    ini = host.read_text(f"{root}/profiles.ini")
    if ini is not None:
        return [path if not relative else f"{root}/{path}" for path, relative in firefox_profile_paths(ini)]
    return [f"{root}/{name}" for name in host.list_dir(root) if host.exists(f"{root}/{name}/prefs.js")]


def _look_at_firefox(host: Host, seen: Seen) -> None:
    for browser, roots in FIREFOX_BROWSERS:
        for root in roots:
            if not host.is_dir(root):
                continue
            try:
                profiles = _firefox_profiles(host, root)
            except AccessDenied:
                seen.cannot(root, "Homeguard was not allowed to look inside this browser folder")
                continue
            for profile in profiles:
                if not host.is_dir(profile):
                    continue
                label = f"{browser} ({profile.rsplit('/', 1)[-1]} profile)"
                try:
                    _look_at_firefox_profile(host, seen, browser, profile, label)
                except AccessDenied as exc:
                    seen.cannot(profile, f"Homeguard was not allowed to read {exc.what}")


def _look_at_firefox_profile(host: Host, seen: Seen, browser: str, profile: str, label: str) -> None:
    seen.browsers.append(label)
    text = host.read_text(f"{profile}/extensions.json", BIG_FILE)
    if text is not None:
        try:
            addons = firefox_addons(text)
        except ValueError as exc:
            seen.cannot(f"{profile}/extensions.json", f"its list of add-ons was not understood: {exc}")
            addons = []
        for addon in addons:
            name = BY_FIREFOX_ID.get(addon.id)
            if name is None:
                continue
            if addon.active:
                seen.manager(name, f"the {name} add-on in {label}")
                seen.evidence.append(Evidence(f"{profile}/extensions.json", f"the {name} add-on is turned on"))
            else:
                seen.evidence.append(Evidence(f"{profile}/extensions.json",
                                              f"the {name} add-on is installed but turned off"))
    logins = host.read_text(f"{profile}/logins.json", BIG_FILE)
    if logins is None:
        seen.evidence.append(Evidence(f"{profile}/logins.json", "no saved passwords (the file does not exist)"))
        return
    try:
        count = firefox_login_count(logins)
    except ValueError as exc:
        seen.cannot(f"{profile}/logins.json", f"the saved passwords could not be counted: {exc}")
        return
    seen.evidence.append(Evidence(f"{profile}/logins.json",
                                  f"{count} saved {'password' if count == 1 else 'passwords'}"))
    if count:
        seen.saved[browser] = seen.saved.get(browser, 0) + count


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    seen = Seen()
    desktop = find_desktop(host)
    seen.evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))
    _look_at_packages(host, seen)
    _look_at_apps(host, seen)
    _look_at_chromium(host, seen)
    _look_at_firefox(host, seen)
    if seen.browsers:
        seen.evidence.append(Evidence("browser profiles", _and(seen.browsers)))
    else:
        seen.evidence.append(Evidence("browser profiles", "none found"))

    if seen.managers:
        names = sorted(seen.managers)
        return finding(Status.PASS, f"A password manager is set up on this computer: {_and(names)}.",
                       seen.evidence, desktop.id)
    if seen.saved:
        where = _and([f"{browser}'s" for browser in sorted(seen.saved)])
        total = sum(seen.saved.values())
        count = f"{total} saved {'password' if total == 1 else 'passwords'}"
        if seen.uncounted:
            count = f"more than {count}" if total else "a great many saved passwords"
        return finding(
            Status.PARTIAL,
            f"Only {where} own password saving is in use ({count}), which is a good start, but a separate "
            "password manager would keep them safe across all your browsers and devices.",
            seen.evidence, desktop.id)
    if seen.problems:
        return finding(Status.UNKNOWN, "Could not tell: no password manager was found, but Homeguard could not look "
                       f"at everything: {'; '.join(seen.problems)}.", seen.evidence, desktop.id)
    if not seen.browsers and desktop.id is None:
        return finding(Status.NOT_APPLICABLE, "This computer has no desktop session and no web browser, so there is "
                       "nowhere to use a password manager here; people use one on a desktop computer or a phone.",
                       seen.evidence)
    if seen.browsers:
        return finding(Status.FAIL, "No password manager was found, and no passwords are saved in this computer's "
                       "web browsers.", seen.evidence, desktop.id)
    return finding(Status.FAIL, "No password manager was found on this computer.", seen.evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Password manager apps installed as packages (the dpkg status file, pacman's database, or rpm), as "
    "flatpaks or snaps, or as programs on the PATH; password manager extensions in every Chrome, Chromium, "
    "Edge, Brave, Vivaldi, Opera, Firefox and LibreWolf profile (including snap and flatpak browsers), and "
    "whether each is turned on; and how many passwords each browser has saved itself. Saved passwords are "
    "only counted: no site, user name or password is read."
)

_STEPS = (
    "Pick a password manager: Bitwarden and KeePassXC are free and work on Linux, Windows, Mac and phones; "
    "1Password, Proton Pass and others are good paid choices.",
    "Install it from your software centre, or add its extension to your web browser.",
    "Move the passwords your browser has saved into it (most managers can import them), then give each "
    "important account (email first) its own new, strong password.",
    "Protect the password manager itself with one long passphrase you do not use anywhere else, and turn on "
    "two-step sign-in for it.",
)

FIXES = {
    "linux": Fix(
        steps=_STEPS,
        more_info="https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online/password-managers",
    ),
    "linux:gnome": Fix(
        steps=_STEPS,
        settings_command=("gnome-software", "--search=password manager"),
        more_info="https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online/password-managers",
    ),
}
