"""How password-manager looks on Linux: installed apps, browser add-ons, and the browsers' own password saving.

Everything is read from files and folders (the package database, flatpak and snap folders, browser profiles), so
the check is quick and runs no program except ``rpm`` on systems whose package database only rpm can read. Saved
browser passwords are only counted: no site, user name or password is ever read.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, CommandOutcome, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.browser_profiles import LINUX_FOLDERS as BROWSER_FOLDERS
from checks.local.common.desktop import find_desktop

from .browsers import BIG_FILE, look_at_browsers
from .seen import Seen, in_words


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

# Browser profiles: the folders are listed in checks.local.common.browser_profiles (LINUX_FOLDERS).

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


# -- looking ---------------------------------------------------------------------------------------------------------

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


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    seen = Seen()
    desktop = find_desktop(host)
    seen.evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))
    _look_at_packages(host, seen)
    _look_at_apps(host, seen)
    look_at_browsers(host, seen, BROWSER_FOLDERS, BIG_FILE)
    seen.evidence.append(Evidence("browser profiles", in_words(seen.browsers) if seen.browsers else "none found"))

    if seen.managers:
        names = in_words(sorted(seen.managers))
        return finding(Status.PASS, f"A password manager is set up on this computer: {names}.", seen.evidence,
                       desktop.id)
    if seen.problems and seen.manager_may_be_hidden:
        return finding(Status.UNKNOWN, seen.could_not_look_summary(), seen.evidence, desktop.id)
    if seen.doubtful:
        return finding(Status.PARTIAL, seen.doubt_summary(), seen.evidence, desktop.id)
    if seen.saved:
        return finding(Status.PARTIAL, seen.own_saving_summary(), seen.evidence, desktop.id)
    if seen.problems:
        return finding(Status.UNKNOWN, seen.could_not_look_summary(), seen.evidence, desktop.id)
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
