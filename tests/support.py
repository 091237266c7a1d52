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
