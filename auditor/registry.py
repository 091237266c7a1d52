"""Finding the checks: built-in and third-party ones alike, through the ``homeguard.checks`` entry points.

Modelled on flake8's plugin finder: finding is kept apart from loading, the order is deterministic, and a plugin
that fails to import becomes a failure row naming its package instead of stopping the scan. Safe mode (the
``--safe-mode`` flag or ``HOMEGUARD_SAFE_MODE=1``) loads only the checks that ship with Homeguard itself.

When Homeguard runs from a source folder that was never installed, the built-in entry points are read from the
``pyproject.toml`` beside the code, so ``python main.py`` works the same way before and after installation.

Loading a check imports only its part for the system the checks will run on (see ``auditor.check``). A listing of
another system asks ``Registry.listing`` for it, which imports that system's parts and turns one that cannot be
imported into a load failure row for that listing alone; the scan never sees it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from auditor.check import Check, PartNotLoaded, describe_error
from auditor.host import current_platform
from auditor.model import PLATFORMS, Origin, Result, Severity, Status

GROUP = "homeguard.checks"
DISTRIBUTION = "homeguard"
@dataclass(frozen=True)
class FoundEntry:
    """An entry point that names a check, before it is imported."""

    name: str
    value: str
    origin: Origin


@dataclass(frozen=True)
class LoadFailure:
    """A check that could not be loaded. It is shown as an ``error`` row so nobody mistakes it for a pass."""

    name: str
    origin: Origin
    message: str

    def to_result(self) -> Result:
        package = f"{self.origin.distribution} {self.origin.version}".strip()
        return Result(
            check_id=self.name,
            title=f"Check \u201c{self.name}\u201d from {package}",
            strategy="",
            severity=Severity.INFO,
            status=Status.ERROR,
            summary=f"This check could not be loaded from the package {package}: {self.message}",
            origin=self.origin,
        )


@dataclass
class Registry:
    checks: list[tuple[Check, Origin]] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    skipped_plugins: list[FoundEntry] = field(default_factory=list)  # not loaded because of safe mode
    safe_mode: bool = False

    def for_platform(self, platform: str) -> list[tuple[Check, Origin]]:
        return [(check, origin) for check, origin in self.checks if check.supports(platform)]

    def get(self, check_id: str) -> Check | None:
        return next((check for check, _ in self.checks if check.id == check_id), None)

    def listing(self, platform: str | None = None) -> Registry:
        """This registry as a listing of ``platform`` (of every system when None) should show it.

        Each check's part for that system is imported now; a check whose part cannot be imported is left out of
        this listing and shown among its failures instead. The registry itself is unchanged, so a broken Windows
        part spoils the Windows listing only, never the Linux one or a scan.
        """
        platforms = PLATFORMS if platform is None else (platform,)
        listed = Registry(failures=list(self.failures), skipped_plugins=list(self.skipped_plugins),
                          safe_mode=self.safe_mode)
        for check, origin in self.checks:
            try:
                for system in platforms:
                    check.load(system)
            except PartNotLoaded as exc:
                listed.failures.append(LoadFailure(check.id, origin, str(exc)))
                continue
            listed.checks.append((check, origin))
        return listed


def find_entries() -> list[FoundEntry]:
    """Every entry point in the group, built-ins first, each group sorted by name."""
    found: dict[str, FoundEntry] = {}
    plugins: list[FoundEntry] = []
    # Reading a package's METADATA means parsing it as an e-mail: read it once per package, not once per check.
    packages: dict[metadata.Distribution, tuple[str, str]] = {}
    for ep in metadata.entry_points(group=GROUP):
        dist = getattr(ep, "dist", None)
        if dist is None:
            dist_name, version = "unknown package", ""
        else:
            if dist not in packages:
                fields = dist.metadata
                packages[dist] = (fields["Name"], fields["Version"])
            dist_name, version = packages[dist]
        builtin = _normalise(dist_name) == DISTRIBUTION
        entry = FoundEntry(ep.name, ep.value, Origin(dist_name, version, f"{ep.name} = {ep.value}", builtin))
        if builtin:
            found.setdefault(ep.name, entry)
        else:
            plugins.append(entry)
    if not found:
        found = {e.name: e for e in _source_tree_entries()}
    builtins = sorted(found.values(), key=lambda e: e.name)
    return builtins + sorted(plugins, key=lambda e: (e.origin.distribution, e.name))


def discover(safe_mode: bool = False, entries: Iterable[FoundEntry] | None = None, *,
             platform: str | None = None) -> Registry:
    """Load every check, with its part for ``platform`` (this computer's system unless told); never raises for a
    broken plugin. A check whose part for that system cannot be imported is a load failure, as a plugin that cannot
    be imported is: the scan needs that part. Its parts for other systems are imported only when asked for."""
    here = platform or current_platform()
    registry = Registry(safe_mode=safe_mode)
    entries = list(find_entries() if entries is None else entries)
    # A built-in id stays Homeguard's even when the built-in itself fails to load: no plugin may stand in for it.
    seen: dict[str, Origin] = {}
    reserved = {e.name: e.origin for e in entries if e.origin.builtin}
    for entry in entries:
        if safe_mode and not entry.origin.builtin:
            registry.skipped_plugins.append(entry)
            continue
        try:
            check = _load(entry)
            check.load(here)
        except Exception as exc:  # a plugin can raise anything at import time
            registry.failures.append(LoadFailure(entry.name, entry.origin, describe_error(exc)))
            continue
        if check.id in seen or (not entry.origin.builtin and check.id in reserved):
            owner = seen.get(check.id) or reserved[check.id]
            registry.failures.append(
                LoadFailure(entry.name, entry.origin, f"the id {check.id!r} is already used by {owner.distribution}")
            )
            continue
        seen[check.id] = entry.origin
        registry.checks.append((check, entry.origin))
    return registry


def _load(entry: FoundEntry) -> Check:
    module_name, _, attribute = entry.value.partition(":")
    obj = importlib.import_module(module_name.strip())
    for part in attribute.strip().split(".") if attribute.strip() else ():
        obj = getattr(obj, part)
    if not isinstance(obj, Check):
        raise TypeError(f"{entry.value} is a {type(obj).__name__}, not a homeguard Check")
    if obj.id != entry.name:
        raise ValueError(f"the entry point is named {entry.name!r} but the check's id is {obj.id!r}")
    return obj


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _source_tree_entries() -> list[FoundEntry]:
    """The built-in entry points as written in pyproject.toml, for a source folder that is not installed."""
    import tomllib  # only a source folder needs it, so an installed Homeguard does not import it

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    project = data.get("project", {})
    group = project.get("entry-points", {}).get(GROUP, {})
    version = project.get("version", "")
    return [
        FoundEntry(name, value, Origin(DISTRIBUTION, version, f"{name} = {value} (source folder)", True))
        for name, value in group.items()
    ]
