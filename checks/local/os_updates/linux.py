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
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, CommandResult, Host
from auditor.model import Evidence, Finding, Fix, Status
from auditor.plural import plural, word_for
from checks.local.common.conf import parse_shell_vars
from checks.local.common.desktop import find_desktop
from checks.local.os_updates.apt_sources import configured_security_suites, never_downloaded
from checks.local.os_updates.package_lists import parse_apt_upgradable, parse_dnf_check_update, parse_dnf_security

DAY = 86400.0
STALE_DAYS = 7

APT_LIST = ("apt", "list", "--upgradable")
DNF_CHECK = ("dnf", "-q", "--cacheonly", "check-update")
DNF_SECURITY = ("dnf", "-q", "--cacheonly", "updateinfo", "list", "--security")
ZYPPER_UPDATES = ("zypper", "--non-interactive", "--no-refresh", "--quiet", "--xmlout", "list-updates")
ZYPPER_PATCHES = ("zypper", "--non-interactive", "--no-refresh", "--quiet", "--xmlout", "list-patches",
                  "--category", "security")
PACMAN_QU = ("pacman", "-Qu")
SNAP_TIME = ("snap", "refresh", "--time")

APT_STAMP = "/var/lib/apt/periodic/update-success-stamp"
APT_LISTS = "/var/lib/apt/lists"
PACMAN_SYNC = "/var/lib/pacman/sync"
REBOOT_FILES = ("/run/reboot-required", "/var/run/reboot-required")
FLATPAK_APP_DIRS = ("/var/lib/flatpak/app", "~/.local/share/flatpak/app")

# Which package manager looks after the system, from the words in /etc/os-release ID and ID_LIKE.
FAMILIES = {
    "debian": "apt", "ubuntu": "apt",
    "fedora": "dnf", "rhel": "dnf", "centos": "dnf",
    "suse": "zypper", "opensuse": "zypper", "sles": "zypper",
    "arch": "pacman",
}
MANAGERS = ("apt", "dnf", "zypper", "pacman")


# -- results ----------------------------------------------------------------------------------------------------

@dataclass
class Count:
    """What one package manager said. ``pending`` None: it could not tell (``problem`` says why)."""

    manager: str
    pending: int | None = None
    security: int | None = None  # None: this manager cannot say, or could not be asked
    problem: str = ""
    security_note: str = ""  # why security is None when pending is known
    lists_age_days: float | None = None  # age of the downloaded package lists, when measured
    lists_measured: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pending is not None

    @property
    def stale(self) -> bool:
        return self.lists_measured and (self.lists_age_days is None or self.lists_age_days > STALE_DAYS)


# -- apt --------------------------------------------------------------------------------------------------------

def apt_lists_age_days(host: Host) -> float | None:
    """Days since apt last refreshed its package lists, from the newest of: the success stamp (written after each
    successful update where update-notifier or apt-config-auto-update installs the hook), the Release files (apt
    gives them the server's date, so they can only look older, never newer) and the lists folder itself."""
    times = [host.mtime(APT_STAMP), host.mtime(APT_LISTS)]
    times += [host.mtime(p) for p in host.glob(f"{APT_LISTS}/*Release")]
    known = [t for t in times if t is not None]
    if not known:
        return None
    return max(0.0, (host.now() - max(known)) / DAY)


def _is_ubuntu_family(release: dict[str, str]) -> bool:
    words = {release.get("ID", "").lower(), *release.get("ID_LIKE", "").lower().split()}
    return "ubuntu" in words


def count_apt(host: Host, release: dict[str, str]) -> Count:
    count = Count("apt")
    result = host.run(list(APT_LIST), timeout=10)
    if not result.ok:
        count.problem = _plain(result.problem())
        return count
    listing = parse_apt_upgradable(result.stdout)
    if listing.unrecognised and not listing.upgrades:
        first = listing.unrecognised[0][:60]
        count.problem = f"apt's list was not in a form Homeguard understands (\u201c{first}\u201d)"
        return count
    count.pending = len(listing.upgrades)
    count.security = sum(1 for u in listing.upgrades if u.security)
    unfetched = never_downloaded(host, configured_security_suites(host))
    if unfetched and count.security == 0:
        count.security = None
        count.security_note = (f"Homeguard could not tell whether any are security fixes, because the list of "
                               f"security updates ({', '.join(unfetched)}) has never been downloaded")
    if listing.unrecognised:
        lines = len(listing.unrecognised)
        count.notes.append(f"{plural(lines, 'line')} {word_for(lines, 'was', 'were')} not understood and not counted")
    count.lists_measured = True
    count.lists_age_days = apt_lists_age_days(host)
    if count.pending > (count.security or 0) and _is_ubuntu_family(release):
        count.notes.append(
            "Ubuntu hands out some updates in stages (phased updates), so a few of these may not be offered to "
            "this computer yet; security fixes are never held back this way"
        )
    return count


# -- dnf --------------------------------------------------------------------------------------------------------

def count_dnf(host: Host) -> Count:
    count = Count("dnf")
    result = host.run(list(DNF_CHECK), timeout=15)
    if not result.ran or result.truncated or result.returncode not in (0, 100):
        count.problem = _plain(result.problem())
        return count
    if "no cache" in result.stderr.lower():
        count.problem = "dnf has no saved copy of the package lists, so it cannot check without going online"
        return count
    packages = parse_dnf_check_update(result.stdout)
    if result.returncode == 100 and not packages:
        count.problem = "dnf said updates are waiting, but its list was not in a form Homeguard understands"
        return count
    count.pending = len(packages)
    if not packages:
        count.security = 0
        return count
    security = host.run(list(DNF_SECURITY), timeout=15)
    if not security.ok:
        count.security_note = f"the security list could not be read: {_plain(security.problem())}"
        return count
    names = parse_dnf_security(security.stdout)
    if names is None:
        count.security_note = "the security list was not in a form Homeguard understands"
        return count
    count.security = len(names)
    return count


# -- zypper -----------------------------------------------------------------------------------------------------

def _zypper_root(text: str) -> ElementTree.Element:
    root = ElementTree.fromstring(text.strip())
    errors = [m.text or "" for m in root.iter("message") if m.get("type") == "error"]
    if errors:
        raise ValueError(errors[0].strip())
    if root.find(".//update-list") is None and root.find(".//update-status") is None:
        raise ValueError("no update list in the answer")
    return root


def parse_zypper_updates(text: str) -> list[str]:
    """Package names from ``zypper --xmlout list-updates``. Raises ValueError when the answer is not an update list."""
    root = _zypper_root(text)
    return [u.get("name", "") for u in root.iter("update") if u.get("kind", "package") == "package"]


def parse_zypper_security_patches(text: str) -> list[str]:
    """Security patches still needed, from ``zypper --xmlout list-patches --category security``."""
    root = _zypper_root(text)
    return [
        u.get("name", "")
        for u in root.iter("update")
        if u.get("kind") == "patch" and u.get("status", "needed") == "needed"
        and u.get("category", "security") == "security"
    ]


# zypper's "information" exit codes: 100 updates needed, 101 security updates needed, 102 reboot, 103 restart.
_ZYPPER_OK = (0, 100, 101, 102, 103)


def count_zypper(host: Host) -> Count:
    count = Count("zypper")
    result = host.run(list(ZYPPER_UPDATES), timeout=20)
    if not result.ran or result.truncated or result.returncode not in _ZYPPER_OK:
        count.problem = _plain(result.problem())
        return count
    try:
        count.pending = len(parse_zypper_updates(result.stdout))
    except (ElementTree.ParseError, ValueError) as exc:
        count.problem = f"zypper's answer was not in a form Homeguard understands ({exc})"
        return count
    patches = host.run(list(ZYPPER_PATCHES), timeout=20)
    if not patches.ran or patches.truncated or patches.returncode not in _ZYPPER_OK:
        count.security_note = f"the security list could not be read: {_plain(patches.problem())}"
        return count
    try:
        count.security = len(parse_zypper_security_patches(patches.stdout))
    except (ElementTree.ParseError, ValueError):
        count.security_note = "the security list was not in a form Homeguard understands"
    return count


# -- pacman -----------------------------------------------------------------------------------------------------

_PACMAN_LINE = re.compile(r"^(?P<name>\S+)\s+(?P<old>\S+)\s+->\s+(?P<new>\S+)(?:\s+\[(?P<note>[^\]]+)\])?\s*$")


@dataclass(frozen=True)
class PacmanUpdate:
    name: str
    old: str
    new: str
    skipped: bool  # pacman prints "[ignored]" (in the system's language) for IgnorePkg packages


def parse_pacman_updates(text: str) -> list[PacmanUpdate]:
    found = []
    for raw in text.splitlines():
        match = _PACMAN_LINE.match(raw.strip())
        if match:
            found.append(PacmanUpdate(match["name"], match["old"], match["new"], bool(match["note"])))
    return found


def pacman_sync_age_days(host: Host) -> float | None:
    times = [t for t in (host.mtime(p) for p in host.glob(f"{PACMAN_SYNC}/*.db")) if t is not None]
    if not times:
        return None
    return max(0.0, (host.now() - max(times)) / DAY)


def count_pacman(host: Host) -> Count:
    count = Count("pacman", security_note="Arch Linux does not mark which updates are security fixes")
    result = host.run(list(PACMAN_QU), timeout=10)
    # pacman -Qu exits 1 when nothing is upgradable; any message on stderr then means it could not look.
    if not result.ran or result.truncated or result.returncode not in (0, 1):
        count.problem = _plain(result.problem())
        return count
    updates = parse_pacman_updates(result.stdout)
    error = next((ln.strip() for ln in result.stderr.splitlines() if ln.strip()), "")
    if result.returncode == 1 and error:
        count.problem = f"pacman could not read its package lists (\u201c{error[:100]}\u201d)"
        return count
    if result.returncode == 0 and not updates:
        count.problem = "pacman's list was not in a form Homeguard understands"
        return count
    count.pending = len(updates)
    skipped = sum(1 for u in updates if u.skipped)
    if skipped:
        count.notes.append(f"{skipped} of them set to be skipped (IgnorePkg in pacman.conf)")
    count.lists_measured = True
    count.lists_age_days = pacman_sync_age_days(host)
    return count


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


def managers_for(host: Host, release: dict[str, str]) -> list[str]:
    """The package managers that look after this system: those of its family when /etc/os-release names one
    Homeguard knows (a Debian computer may have pacman installed as a tool), otherwise every one present."""
    words = [w.lower() for w in (release.get("ID", ""), *release.get("ID_LIKE", "").split())]
    family = {FAMILIES[w] for w in words if w in FAMILIES}
    family |= {"zypper" for w in words if w.startswith("opensuse")}
    present = [m for m in MANAGERS if host.which(m)]
    if family:
        return [m for m in present if m in family]
    return present


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


def _plain(sentence: str) -> str:
    """A tool's message, ready to sit inside one of Homeguard's sentences."""
    return sentence.strip().rstrip(".")


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
