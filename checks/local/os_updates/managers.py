"""Asking each Linux package manager (apt, dnf, zypper, pacman) what it already knows about waiting updates.

One ``count_<manager>`` per package manager, each giving a ``Count``: how many updates wait, how many of them are
security fixes when that manager can say, and how old its package lists are when that can be measured. Every
command runs offline (cache-only, no refresh) through the Host. Kept apart from ``linux.py``, which turns the counts
into the check's verdict and words: this is where each tool's own answers and exit codes are understood.
zypper's answers are XML, so its XML reader is imported only when zypper is asked (most systems have no zypper).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.host import Host
from auditor.plural import plural, word_for
from checks.local.os_updates.apt_sources import configured_security_suites, never_downloaded
from checks.local.os_updates.package_lists import parse_apt_upgradable, parse_dnf_check_update, parse_dnf_security

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

DAY = 86400.0
STALE_DAYS = 7

APT_LIST = ("apt", "list", "--upgradable")
DNF_CHECK = ("dnf", "-q", "--cacheonly", "check-update")
DNF_SECURITY = ("dnf", "-q", "--cacheonly", "updateinfo", "list", "--security")
ZYPPER_UPDATES = ("zypper", "--non-interactive", "--no-refresh", "--quiet", "--xmlout", "list-updates")
ZYPPER_PATCHES = ("zypper", "--non-interactive", "--no-refresh", "--quiet", "--xmlout", "list-patches",
                  "--category", "security")
PACMAN_QU = ("pacman", "-Qu")

APT_STAMP = "/var/lib/apt/periodic/update-success-stamp"
APT_LISTS = "/var/lib/apt/lists"
PACMAN_SYNC = "/var/lib/pacman/sync"

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
        count.problem = plain(result.problem())
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
        count.problem = plain(result.problem())
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
        count.security_note = f"the security list could not be read: {plain(security.problem())}"
        return count
    names = parse_dnf_security(security.stdout)
    if names is None:
        count.security_note = "the security list was not in a form Homeguard understands"
        return count
    count.security = len(names)
    return count


# -- zypper -----------------------------------------------------------------------------------------------------

def _zypper_root(text: str) -> Element:
    """The root of zypper's XML answer. Raises ValueError when it is not XML, reports an error, or has no list."""
    import xml.etree.ElementTree as ElementTree  # only zypper answers in XML

    try:
        root = ElementTree.fromstring(text.strip())
    except ElementTree.ParseError as exc:
        raise ValueError(str(exc)) from exc
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
        count.problem = plain(result.problem())
        return count
    try:
        count.pending = len(parse_zypper_updates(result.stdout))
    except ValueError as exc:
        count.problem = f"zypper's answer was not in a form Homeguard understands ({exc})"
        return count
    patches = host.run(list(ZYPPER_PATCHES), timeout=20)
    if not patches.ran or patches.truncated or patches.returncode not in _ZYPPER_OK:
        count.security_note = f"the security list could not be read: {plain(patches.problem())}"
        return count
    try:
        count.security = len(parse_zypper_security_patches(patches.stdout))
    except ValueError:
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
        count.problem = plain(result.problem())
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


def plain(sentence: str) -> str:
    """A tool's message, ready to sit inside one of Homeguard's sentences."""
    return sentence.strip().rstrip(".")
