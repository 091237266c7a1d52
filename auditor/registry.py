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
import queue
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from auditor.check import Check, PartNotLoaded, describe_error
from auditor.contract import BrokenContract, check_spec
from auditor.host import current_platform
from auditor.model import PLATFORMS, Origin, Result, Severity, Status

GROUP = "homeguard.checks"
DISTRIBUTION = "homeguard"
# Seconds a plugin's module is given to import (a heavy one takes one or two); one that hangs is left behind.
PLUGIN_IMPORT_TIMEOUT = 10.0


class ImportTooSlow(Exception):
    """A plugin's module did not finish importing within its time."""


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
             platform: str | None = None, import_timeout: float = PLUGIN_IMPORT_TIMEOUT,
             builtin_parts_now: bool = True) -> Registry:
    """Load every check, with its part for ``platform`` (this computer's system unless told); never raises for a
    broken plugin. A check whose part for that system cannot be imported is a load failure, as a plugin that cannot
    be imported is: the scan needs that part. Its parts for other systems are imported only when asked for.

    ``builtin_parts_now=False`` is for a scan that starts at once: a built-in check's part is then imported by the
    check's own thread when it runs, beside the slowest probe rather than before it (importing every part first
    held the package manager back by about 40 ms). A built-in part that cannot be imported is then that check's
    ``error`` row, naming the part (``auditor.runner``). Plugins are imported now either way, each against its
    ``import_timeout``.

    Every row keeps an id of its own: a plugin that names a built-in id is refused without being imported, one
    that repeats another plugin's id is refused after, and each refusal is a row named ``plugin:<module>`` so it can
    never stand in for, or hide, the check whose id it wanted. A plugin is imported in a worker thread and given
    ``import_timeout`` seconds; one that takes longer is left behind (a daemon thread) and becomes a failure row.
    """
    here = platform or current_platform()
    registry = Registry(safe_mode=safe_mode)
    entries = list(find_entries() if entries is None else entries)
    # A built-in id stays Homeguard's even when the built-in itself fails to load: no plugin may stand in for it.
    seen: dict[str, Origin] = {}
    reserved = {e.name: e.origin for e in entries if e.origin.builtin}
    taken = set(reserved)  # every row's id so far, checks and failures alike
    too_slow: dict[str, str] = {}  # module -> why: its other entries would wait on the same stuck import

    def refuse(entry: FoundEntry, message: str) -> None:
        name = entry.name
        if not entry.origin.builtin and name in taken:
            name = _refusal_name(entry, taken)
        taken.add(name)
        registry.failures.append(LoadFailure(name, entry.origin, message))

    for entry in entries:
        if safe_mode and not entry.origin.builtin:
            registry.skipped_plugins.append(entry)
            continue
        if not entry.origin.builtin and entry.name in reserved:
            refuse(entry, f"the id {entry.name!r} is already used by {reserved[entry.name].distribution}")
            continue
        try:
            if entry.origin.builtin:
                check = _load(entry)
                if builtin_parts_now:
                    check.load(here)
            else:
                check = _load_in_time(entry, here, import_timeout, too_slow)
            check_spec(check.spec)
        except (BrokenContract, ImportTooSlow) as exc:
            refuse(entry, str(exc))
            continue
        except Exception as exc:  # a plugin can raise anything at import time
            refuse(entry, describe_error(exc))
            continue
        if check.id in seen:
            refuse(entry, f"the id {check.id!r} is already used by {seen[check.id].distribution}")
            continue
        seen[check.id] = entry.origin
        taken.add(check.id)
        registry.checks.append((check, entry.origin))
    return registry


def _load_in_time(entry: FoundEntry, platform: str, timeout: float, too_slow: dict[str, str]) -> Check:
    """``_load`` and the part for ``platform``, in a daemon thread given ``timeout`` seconds.

    Python cannot stop a thread: one stuck in an import is left behind and never joined, so it cannot keep the
    program open (and the scan child is ended by its parent in any case). Anything it raises, even SystemExit, is
    carried back as an ordinary error for the failure row.
    """
    module = _module_of(entry)
    if module in too_slow:
        raise ImportTooSlow(too_slow[module])
    answer: queue.Queue[Check | BaseException] = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            check = _load(entry)
            check.load(platform)
            answer.put(check)
        except BaseException as exc:  # a plugin's SystemExit must not end the scan
            answer.put(exc)

    threading.Thread(target=work, name=f"load-{entry.name}", daemon=True).start()
    try:
        got = answer.get(timeout=timeout)
    except queue.Empty:
        too_slow[module] = (f"its module {module} took longer than {timeout:g} seconds to load, so it was left "
                            "out of this scan")
        raise ImportTooSlow(too_slow[module]) from None
    if isinstance(got, Exception):
        raise got
    if isinstance(got, BaseException):
        raise RuntimeError(f"loading it raised {type(got).__name__}") from got
    return got


def _module_of(entry: FoundEntry) -> str:
    return entry.value.partition(":")[0].strip()


def _refusal_name(entry: FoundEntry, taken: set[str]) -> str:
    """A row id of its own for a refused plugin: ``plugin:<module>``, with the entry's name (and a number) when
    that is taken too."""
    base = f"plugin:{_module_of(entry)}"
    if base in taken:
        base = f"{base}:{entry.name}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}#{n}"
    return name


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
