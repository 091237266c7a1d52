"""Readers for the update lists of apt and dnf: pure text in, packages out, so they can be tested on real outputs.

Both tools print for people, not programs, so the readers lean on the few things every version and every
repository keeps the same, and never on a word that a repository's owner or a translator chooses:

* ``apt list --upgradable`` prints ``name/suite[,suite...] version arch [upgradable from: old]``. The suite is
  whatever a repository's Release file calls itself (apt-private/private-output.cc, ``GetArchiveSuite``), so it may
  hold spaces or unusual characters, or read "unknown" when the file names none; the bracketed note is translated,
  and apt 1.0 printed it before the architecture. So a line is read from both ends: the name before the first
  "/", the version and architecture as the last two words once the bracketed note is set aside, and the suite as
  everything between. "Listing...", "WARNING: apt does not have a stable CLI interface..." and "N:"/"W:" notes are
  not packages.
* ``dnf check-update`` (dnf 4) and ``dnf5 check-upgrade`` print the upgrades (dnf 5 under an "Upgrades" heading),
  then an "Obsoleting Packages" section: each new package that replaces an installed one, with the packages it
  replaces indented beneath it. An obsoleting package is an update ``dnf upgrade`` installs, so it counts like any
  other (once, even when the upgrades list names it too; dnf exits 100 for it alone); the indented packages are
  what it replaces, already installed, so they do not. The sections are told apart by their indentation, never by
  their headings, so their order and wording do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_APT_NOTE = re.compile(r"\s*\[[^\]]*\]\s*")  # "[upgradable from: 1.2]", translated in other languages
_APT_ARCH = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # amd64, all, i386, arm64, armhf, ppc64el ...
_APT_NOT_PACKAGES = ("listing", "warning:", "n:", "w:", "e:")

_DNF_PACKAGE = re.compile(r"^[^\s/]+\.[A-Za-z0-9_]+$")  # name.arch


# -- apt -----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AptUpgrade:
    name: str
    suites: tuple[str, ...]
    version: str
    arch: str

    @property
    def security(self) -> bool:
        return any(is_security_suite(s) for s in self.suites)


@dataclass
class AptListing:
    upgrades: list[AptUpgrade]
    unrecognised: list[str]


def is_security_suite(suite: str) -> bool:
    """``jammy-security``, ``bookworm-security``, ``stable-security``, ``noble-apps-security``: a security pocket."""
    return suite.strip().lower().endswith("-security")


def parse_apt_line(line: str) -> AptUpgrade | None:
    """One ``apt list --upgradable`` line, or None when it is not a package line."""
    name, slash, rest = line.strip().partition("/")
    if not slash or not name or any(c.isspace() for c in name):
        return None
    words = _APT_NOTE.sub(" ", rest).split()
    if len(words) < 2 or not _APT_ARCH.match(words[-1]):
        return None
    version, arch = words[-2], words[-1]
    suites = tuple(s.strip() for s in " ".join(words[:-2]).split(",") if s.strip())
    return AptUpgrade(name, suites, version, arch)


def parse_apt_upgradable(text: str) -> AptListing:
    """Every package line of ``apt list --upgradable`` (stdout, or stdout and stderr together)."""
    upgrades: list[AptUpgrade] = []
    unrecognised: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.lower().startswith(_APT_NOT_PACKAGES):
            continue
        upgrade = parse_apt_line(line)
        if upgrade is None:
            unrecognised.append(line)
        else:
            upgrades.append(upgrade)
    return AptListing(upgrades, unrecognised)


# -- dnf -----------------------------------------------------------------------------------------------------------

_DNF_ADVISORY_SEC = re.compile(r"^\S+\s+\S+/Sec\.\s+(?P<package>\S+)")


def parse_dnf_check_update(text: str) -> list[str]:
    """Packages (``name.arch``) that ``dnf upgrade`` would bring in, in the order listed, each once.

    A package line starts at the left margin: name, version, repository. A name too long for its column is wrapped
    onto the next line (the name alone, then the version and repository indented). Indented package lines are the
    installed packages an obsoleting package replaces; a repository starting with "@" is the installed copy. Neither
    is something to bring in."""
    packages: list[str] = []
    pending_name = ""
    for raw in text.splitlines():
        line = raw.strip()
        fields = line.split()
        indented = raw[:1].isspace()
        if pending_name:
            name, pending_name = pending_name, ""
            if indented and len(fields) == 2:
                _add_dnf_package(packages, name, fields[1])
                continue
        if not fields or indented or not _DNF_PACKAGE.match(fields[0]):
            continue
        if len(fields) == 1:
            pending_name = fields[0]
        elif len(fields) >= 3:
            _add_dnf_package(packages, fields[0], fields[2])
    return packages


def _add_dnf_package(packages: list[str], name: str, repository: str) -> None:
    if not repository.startswith("@") and name not in packages:
        packages.append(name)


def parse_dnf_security(text: str) -> set[str] | None:
    """Packages named in ``dnf updateinfo list --security`` (dnf 4: ``ID Severity/Sec. package``). None when the
    output has lines but none in that form (dnf 5 prints another table), so the count is not guessed."""
    packages: set[str] = set()
    other = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _DNF_ADVISORY_SEC.match(line)
        if match:
            packages.add(match["package"])
        else:
            other += 1
    if other and not packages:
        return None
    return packages
