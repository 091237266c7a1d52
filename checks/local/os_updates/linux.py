"""How os-updates looks on Linux: ask the system's own package manager what it already knows, never go online.

Choices, and why:

* apt: ``apt list --upgradable``. It is fast (well under a second with apt's cache, about one second without) and
  counts every package with a newer version in the configured sources, which is what ``apt upgrade`` and
  ``apt full-upgrade`` would bring in. ``apt-get -s upgrade`` leaves out packages that need new dependencies (they
  are still missing fixes) and took almost four seconds here, so it is not used. The one known false alarm of
  ``apt list`` is Ubuntu's phased updates: some updates from the -updates pocket are offered to a share of
  computers at a time. Security fixes are never phased, so the security count stays right; when only other
  updates are waiting on an Ubuntu-based system, the evidence says a few may not be offered here yet.
  A package is a security fix when one of its suites ends in ``-security`` (``jammy-security``,
  ``bookworm-security``, Debian's ``stable-security``, Ubuntu Pro's ``jammy-apps-security``). The apt and dnf lists
  are read in package_lists.py (suites with spaces, dnf's "Obsoleting Packages" section and dnf 5's wording there).
* Stale lists: apt, pacman (and every offline answer) only know what was last downloaded. When apt's lists or
  pacman's sync databases are older than a week, "nothing waiting" is not trusted as a pass.
* dnf and zypper are always run with their cache-only / no-refresh switches; pacman ``-Qu`` reads the local sync
  database. Flatpak's own update check needs the internet (``remote-ls --cached`` still downloads when nothing is
  cached), so Flatpak apps are counted but not checked, and snaps are only described: ``snap refresh --list``
  asks the Snap Store, while ``snap refresh --time`` reads snapd's own schedule.

Each package manager is asked in managers.py; this module reads the rest of the picture (os-release, a restart
waiting, Flatpak and Snap) and turns it all into the verdict and its words.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, CommandResult, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import parse_shell_vars
from checks.local.common.desktop import find_desktop
from checks.local.os_updates.managers import (  # the commands and readers are importable from here too
    APT_LIST,
    DNF_CHECK,
    DNF_SECURITY,
    PACMAN_QU,
    ZYPPER_PATCHES,
    ZYPPER_UPDATES,
    Count,
    count_apt,
    count_dnf,
    count_pacman,
    count_zypper,
    managers_for,
    parse_pacman_updates,
    parse_zypper_security_patches,
    parse_zypper_updates,
)

__all__ = ["APT_LIST", "DNF_CHECK", "DNF_SECURITY", "FIXES", "LOOKS_AT", "PACMAN_QU", "SNAP_TIME", "ZYPPER_PATCHES",
           "ZYPPER_UPDATES", "describe_age", "parse_pacman_updates", "parse_zypper_security_patches",
           "parse_zypper_updates", "probe"]

SNAP_TIME = ("snap", "refresh", "--time")
REBOOT_FILES = ("/run/reboot-required", "/var/run/reboot-required")
FLATPAK_APP_DIRS = ("/var/lib/flatpak/app", "~/.local/share/flatpak/app")


# -- the rest of the picture ------------------------------------------------------------------------------------

def read_os_release(host: Host) -> dict[str, str]:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            text = host.read_text(path)
        except AccessDenied:
            continue
        if text:
            return parse_shell_vars(text)
    return {}


def reboot_needed(host: Host) -> tuple[str, list[str]]:
    """The reboot-required flag file found ("" when none) and the packages that asked for the restart."""
    for path in REBOOT_FILES:
        if host.exists(path):
            try:
                names = (host.read_text(path + ".pkgs") or "").split()
            except AccessDenied:
                names = []
            return path, list(dict.fromkeys(names))
    return "", []


def flatpak_apps(host: Host) -> int:
    total = 0
    for folder in FLATPAK_APP_DIRS:
        try:
            total += len(host.list_dir(folder))
        except AccessDenied:
            continue
    return total



def describe_age(days: float | None) -> str:
    if days is None:
        return "at an unknown time (no download found)"
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    return f"{int(days)} days ago"


def _lists_phrase(count: Count) -> str:
    if count.lists_age_days is None:
        return "has never been downloaded"
    return f"was last refreshed {describe_age(count.lists_age_days)}"


def _updates(n: int) -> str:
    return "1 update is" if n == 1 else f"{n} updates are"


def _security_clause(pending: int, security: int | None, note: str) -> str:
    if security is None:
        return note or "Homeguard could not tell whether any are security fixes"
    if security == 0:
        return "none is marked as a security fix" if pending > 1 else "it is not marked as a security fix"
    if pending == 1:
        return "it is a security fix"
    return f"{security} of them {'is a security fix' if security == 1 else 'are security fixes'}"


def _manager_evidence(count: Count, command: str) -> Evidence:
    if not count.ok:
        return Evidence(command, f"could not tell: {count.problem}")
    parts = [f"{count.pending} waiting"]
    if count.security is not None:
        parts.append(f"{count.security} security")
    elif count.security_note:
        parts.append(count.security_note)
    if count.lists_measured:
        parts.append(f"package lists last refreshed {describe_age(count.lists_age_days)}")
    parts += count.notes
    return Evidence(command, "; ".join(parts))


_COMMANDS = {
    "apt": " ".join(APT_LIST),
    "dnf": " ".join(DNF_CHECK),
    "zypper": " ".join(ZYPPER_UPDATES),
    "pacman": " ".join(PACMAN_QU),
}
_COUNTERS = {"dnf": count_dnf, "zypper": count_zypper, "pacman": count_pacman}


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    release = read_os_release(host)
    if release:
        evidence.append(Evidence("/etc/os-release", release.get("PRETTY_NAME") or release.get("ID", "?")))

    if host.exists("/run/ostree-booted"):
        evidence.append(Evidence("/run/ostree-booted", "present: the system is installed as one image (rpm-ostree)"))
        return finding(Status.UNKNOWN, "Could not tell: this computer updates its system as one image, which "
                       "Homeguard cannot check without going online yet.", evidence, find_desktop(host).id)

    counts: list[Count] = []
    for manager in managers_for(host, release):
        count = count_apt(host, release) if manager == "apt" else _COUNTERS[manager](host)
        counts.append(count)
        evidence.append(_manager_evidence(count, _COMMANDS[manager]))

    rebooting, reboot_pkgs = reboot_needed(host)
    if rebooting:
        shown = ", ".join(reboot_pkgs[:5]) + (" and more" if len(reboot_pkgs) > 5 else "")
        evidence.append(Evidence(rebooting, "present" + (f" (for {shown})" if shown else "")))
    _add_app_evidence(host, evidence)
    # The desktop only picks the fix's wording; looking for it after the package manager has answered lets the
    # slowest command of the whole scan start at once instead of after a process snapshot.
    desktop = find_desktop(host)

    if not counts:
        return finding(Status.UNKNOWN, "Could not tell: Homeguard did not find a package manager it knows "
                       "(apt, dnf, zypper or pacman) on this computer.", evidence, desktop.id)

    answered = [c for c in counts if c.ok]
    failed = [c for c in counts if not c.ok]
    pending = sum(c.pending or 0 for c in answered)
    security = sum(c.security or 0 for c in answered)
    unknown_security = [c for c in answered if c.security is None and (c.pending or 0) > 0]
    stale = [c for c in answered if c.stale]
    restart = "; the computer also needs a restart to finish earlier updates" if rebooting else ""
    old_lists = f", and the list of updates {_lists_phrase(stale[0])}, so there may be more" if stale else ""

    if security > 0:
        return finding(Status.FAIL, f"{_updates(pending)} waiting, "
                       f"{_security_clause(pending, security, '')}{old_lists}{restart}.", evidence, desktop.id)
    if pending > 0:
        note = unknown_security[0].security_note if unknown_security else ""
        known = None if unknown_security else 0
        return finding(Status.PARTIAL, f"{_updates(pending)} waiting; {_security_clause(pending, known, note)}"
                       f"{old_lists}{restart}.", evidence, desktop.id)
    if not answered:
        return finding(Status.UNKNOWN, f"Could not tell which updates are waiting: {failed[0].problem}.",
                       evidence, desktop.id)
    if failed:
        names = ", ".join(c.manager for c in failed)
        return finding(Status.UNKNOWN, f"No updates are waiting in {answered[0].manager}, but Homeguard could not "
                       f"check {names}: {failed[0].problem}.", evidence, desktop.id)
    if rebooting:
        return finding(Status.PARTIAL, "Updates are installed, but the computer needs a restart to finish them.",
                       evidence, desktop.id)
    if stale:
        return finding(Status.PARTIAL, f"No updates are waiting, but the list of available updates "
                       f"{_lists_phrase(stale[0])}, so newer updates may not show yet.", evidence, desktop.id)
    fresh = [c for c in answered if c.lists_measured]
    when = f" (the list of updates was refreshed {describe_age(fresh[0].lists_age_days)})" if fresh else ""
    return finding(Status.PASS, f"All available updates are installed{when}.", evidence, desktop.id)


def _add_app_evidence(host: Host, evidence: list[Evidence]) -> None:
    if host.which("flatpak"):
        apps = flatpak_apps(host)
        if apps:
            evidence.append(Evidence("Flatpak apps", f"{apps} installed; not checked for updates, because Flatpak "
                                     "can only check online"))
        else:
            evidence.append(Evidence("Flatpak apps", "none installed"))
    if host.which("snap"):
        if not host.exists("/run/snapd.socket"):
            evidence.append(Evidence("snapd", "not running, so snaps were not looked at"))
        else:
            evidence.append(_snap_evidence(host.run(list(SNAP_TIME), timeout=5)))


def _snap_evidence(result: CommandResult) -> Evidence:
    command = " ".join(SNAP_TIME)
    if not result.ok:
        return Evidence(command, f"could not read the snap update schedule: {result.problem()}")
    lines = [ln.strip() for ln in result.stdout.splitlines() if ln.strip()]
    return Evidence(command, ("snaps update themselves; " + "; ".join(lines)) if lines else "no schedule shown")


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The updates waiting in the package manager this computer uses (apt, dnf, zypper or pacman), counted "
    "from what it already knows, without going online; which of them are security fixes; how long ago the "
    "list of updates was last refreshed; and whether a restart is needed to finish earlier updates. "
    "Flatpak and Snap apps are listed but not checked, because that needs the internet."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Open your software updater (\u201cSoftware Updater\u201d, \u201cUpdate Manager\u201d or your "
            "software centre) and install everything it offers.",
            "Or, in a terminal, run the update command for your system, for example "
            "\u201csudo apt update\u201d followed by \u201csudo apt upgrade\u201d on Debian, Ubuntu and Mint.",
            "Restart the computer when the updater asks you to, so the fixes take effect.",
        ),
        more_info="https://www.debian.org/doc/manuals/debian-handbook/sect.regular-upgrades.en.html",
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Software and go to the Updates page.",
            "Press Download (or Restart & Update) and let it finish.",
            "Restart when it asks, so the fixes take effect.",
        ),
        settings_command=("gnome-software", "--mode=updates"),
        more_info="https://help.gnome.org/users/gnome-software/stable/",
    ),
    "linux:kde": Fix(
        steps=(
            "Open Discover and go to its Updates page.",
            "Press Update All and let it finish.",
            "Restart when it asks, so the fixes take effect.",
        ),
        settings_command=("plasma-discover", "--mode", "update"),
        more_info="https://userbase.kde.org/Discover",
    ),
}
