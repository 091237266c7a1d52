"""Which security pockets apt is told to use, and whether their lists were ever downloaded.

``apt list --upgradable`` can only mark an update as a security fix when the ``-security`` pocket's package list
is on disk. A computer whose sources name ``bookworm-security`` but which never downloaded that list would show
"no security fixes" even when many are missing, so the check says "could not tell" about security instead.
"""

from __future__ import annotations

import contextlib

from auditor.host import AccessDenied, Host

SOURCES_LIST = "/etc/apt/sources.list"
SOURCES_DIR = "/etc/apt/sources.list.d"
LISTS = "/var/lib/apt/lists"


def _one_line_suites(text: str) -> list[str]:
    """Suites from one-line entries: ``deb [options] URI suite component...``."""
    suites = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line.startswith("deb "):
            continue
        words = line.split()[1:]
        if words and words[0].startswith("["):
            while words and not words[0].endswith("]"):
                words.pop(0)
            words = words[1:]
        if len(words) >= 2:
            suites.append(words[1])
    return suites


def _deb822_suites(text: str) -> list[str]:
    """Suites from deb822 stanzas (``Types: deb`` ... ``Suites: a b``), skipping ``Enabled: no`` ones."""
    suites = []
    for stanza in text.split("\n\n"):
        fields: dict[str, str] = {}
        for raw in stanza.splitlines():
            if raw.startswith("#") or ":" not in raw or raw[:1].isspace():
                continue
            key, value = raw.split(":", 1)
            fields[key.strip().lower()] = value.strip()
        if "deb" not in fields.get("types", "").split():
            continue
        if fields.get("enabled", "yes").lower() == "no":
            continue
        suites.extend(fields.get("suites", "").split())
    return suites


def configured_security_suites(host: Host) -> list[str]:
    """Every ``*-security`` suite named by an enabled apt source, in the order found, without repeats."""
    found: list[str] = []
    paths = [SOURCES_LIST]
    with contextlib.suppress(AccessDenied):
        paths += [f"{SOURCES_DIR}/{name}" for name in host.list_dir(SOURCES_DIR)]
    for path in paths:
        try:
            text = host.read_text(path)
        except AccessDenied:
            continue
        if text is None:
            continue
        if path.endswith(".sources"):
            found += _deb822_suites(text)
        elif path.endswith(".list"):
            found += _one_line_suites(text)
    return list(dict.fromkeys(s for s in found if s.lower().endswith("-security")))


def never_downloaded(host: Host, suites: list[str]) -> list[str]:
    """The suites with no Release file in apt's lists folder: ``apt update`` never fetched them."""
    missing = []
    for suite in suites:
        mangled = suite.replace("/", "_")
        if not host.glob(f"{LISTS}/*_dists_{mangled}_*Release"):
            missing.append(suite)
    return missing
