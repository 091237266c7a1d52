"""Test helpers: read recorded real outputs (only ones whose source is written down) and build hosts."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from auditor.check import Check, CheckContext
from auditor.model import Finding
from auditor.recorded import RecordedHost
from auditor.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE_FILE = "SOURCES.toml"
REQUIRED_SOURCE_KEYS = ("source", "os", "recorded")


@cache
def sources(folder: Path) -> dict:
    path = folder / SOURCE_FILE
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def fixture_bytes(relative: str) -> bytes:
    """A recorded output. Refuses any fixture whose SOURCES.toml entry is missing, so none can sneak in."""
    path = FIXTURES / relative
    entry = sources(path.parent).get(path.name)
    if entry is None:
        raise AssertionError(f"{relative} has no entry in {path.parent / SOURCE_FILE}: say where it came from")
    missing = [key for key in REQUIRED_SOURCE_KEYS if not entry.get(key)]
    if missing:
        raise AssertionError(f"{relative}: its SOURCES.toml entry lacks {', '.join(missing)}")
    return path.read_bytes()


def fixture(relative: str) -> str:
    return fixture_bytes(relative).decode("utf-8")


def run_check(check: Check, host: RecordedHost, settings: Settings | None = None) -> Finding:
    """Run one check's probe directly, the way the runner would, and return its finding."""
    return check.run(CheckContext(host, settings or Settings()))


# The built-in checks there were when the household, club and report tests' numbers were worked out by hand (13 on
# Linux, 15 on macOS, 16 on Windows). A check added later changes every score, so those tests scan with these only
# (``keep_to_first_checks``); the new checks are tested on their own.
FIRST_CHECKS = frozenset({
    "admin-account", "airdrop-receiving", "antivirus", "auto-login", "automatic-updates", "blank-passwords",
    "credential-store", "disk-encryption", "firewall", "gatekeeper", "guest-account", "os-updates",
    "password-manager", "remote-access", "screen-lock", "secure-boot", "smartscreen", "ssh-keys", "system-integrity",
    "user-account-control",
})


def keep_to_first_checks(monkeypatch) -> None:
    """Make every scan in this process (the terminal's, the tests', the window's own loading) find only the checks
    of ``FIRST_CHECKS``. A scan in a child process is not reached: a test that needs one there says so."""
    import dataclasses

    import auditor.registry

    discover = auditor.registry.discover

    def first_checks_only(*args, **kwargs):
        registry = discover(*args, **kwargs)
        return dataclasses.replace(registry, checks=[(c, o) for c, o in registry.checks if c.id in FIRST_CHECKS])

    monkeypatch.setattr(auditor.registry, "discover", first_checks_only)


def first_checks_for(registry, platform: str) -> list:
    """``registry.for_platform(platform)`` kept to ``FIRST_CHECKS``: for a scan whose numbers were worked out by
    hand."""
    return [(check, origin) for check, origin in registry.for_platform(platform) if check.id in FIRST_CHECKS]


FAMILY_LAPTOP = FIXTURES / "scenarios" / "family-laptop.toml"
UFW_ON = "linux/ufw/debian12-ufw.conf-enabled"  # ENABLED=yes
UFW_OFF = "linux/ufw/debian12-ufw.conf"  # the ufw package's own file, as installed: ENABLED=no


def family_laptop_with_firewall_off(folder: Path) -> Path:
    """The recorded family laptop with ufw switched off (the recorded ufw.conf as the package installs it), written
    into ``folder``: the one real change between two scans that the "what changed" tests compare."""
    text = FAMILY_LAPTOP.read_text(encoding="utf-8")
    assert UFW_ON in text
    text = text.replace(UFW_ON, UFW_OFF).replace('_file = "', f'_file = "{FIXTURES}/')
    path = folder / "family-laptop-firewall-off.toml"
    path.write_text(text, encoding="utf-8")
    return path


# The start of a small monitoring-software list made for a test (never a real product): its date and the one
# source, "t", that its indicators name. Tests add their made-up products after it.
TEST_MONITORING_LIST = """
checked = 2026-12-03
[[source]]
id = "t"
title = "test construction"
url = "https://example.org/unverified"
kind = "third party"
licence = "test"
version = "test"
checked = 2026-12-03
"""
