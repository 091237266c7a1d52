"""Looking for the listed products on a computer, and keeping an honest record of where Homeguard could look.

Each system's module (linux.py, macos.py, windows.py) says where each kind of indicator lives there; this module
does the looking through the Host and remembers three things: what matched, which places were read, and which
places the system refused. The verdict (verdict.py) needs all three, because "nothing found" only means something
when the places that matter could be read.

Folders are listed rather than probed one path at a time, so that a folder the system refuses to show is noticed
(a plain "does this exist?" would quietly answer no). Every listing is cached, capped and stopped when the check's
time budget runs out, which is then said in the evidence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from auditor.check import CheckContext, CouldNotTell
from auditor.host import AccessDenied, Host, ProcessInfo
from auditor.model import Finding

from .catalogue import Catalogue, CatalogueError, Indicator, Product, glob_match

MAX_LISTING = 5000  # names kept from one folder or registry key
TIME_BUDGET = 6.0  # seconds of looking before Homeguard stops and says so


@dataclass(frozen=True)
class Match:
    product: Product
    indicator: Indicator
    seen: str  # what was seen on this computer, in plain words


@dataclass
class Look:
    """One scan's search: what matched, which places were read or refused, and the listings already made."""

    host: Host
    windows_paths: bool = False
    matches: list[Match] = field(default_factory=list)
    read: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)  # place -> why, for places that matter
    refused_minor: dict[str, str] = field(default_factory=dict)  # places only an administrator can read
    skipped: dict[str, str] = field(default_factory=dict)  # damaged files passed over (place -> why), not refusals
    ran_out_of_time: bool = False
    installed_apps: list[tuple[str, str]] | None = None  # Windows: (key, DisplayName), read once
    app_bundle_ids: list[tuple[str, str]] | None = None  # macOS: (app, CFBundleIdentifier), read once
    _listings: dict[str, list[str] | None] = field(default_factory=dict)
    _started: float = field(default_factory=time.monotonic)

    # -- bookkeeping ------------------------------------------------------------------------------------------------
    def out_of_time(self) -> bool:
        if time.monotonic() - self._started > TIME_BUDGET:
            self.ran_out_of_time = True
        return self.ran_out_of_time

    def expect(self, folder: str, why: str) -> None:
        """List a folder every such computer has; when it is not there, Homeguard is not seeing this computer's
        folders (a sandbox, a damaged system, a recording without it), and "nothing found" would mean nothing."""
        if self.listing(folder) is not None and folder in self.absent:
            self.refuse(folder, f"not found, though {why}")

    def found(self, product: Product, indicator: Indicator, seen: str) -> None:
        if not any(m.product.id == product.id and m.seen == seen for m in self.matches):
            self.matches.append(Match(product, indicator, seen))

    def refuse(self, place: str, why: str, *, minor: bool = False) -> None:
        (self.refused_minor if minor else self.refused)[place] = why

    # -- folders ------------------------------------------------------------------------------------------------------
    def join(self, folder: str, name: str) -> str:
        separator = "\\" if self.windows_paths else "/"
        return folder.rstrip("\\/") + separator + name

    def split(self, path: str) -> tuple[str, str]:
        cut = max(path.rfind("/"), path.rfind("\\") if self.windows_paths else -1)
        return (path[:cut] or "/", path[cut + 1:]) if cut >= 0 else ("", path)

    def listing(self, folder: str, *, minor: bool = False) -> list[str] | None:
        """The names in a folder ([] when it is not there), or None when the system refused or time ran out."""
        if folder in self._listings:
            return self._listings[folder]
        if self.out_of_time():
            return None
        names: list[str] | None
        try:
            names = self.host.list_dir(folder)[:MAX_LISTING]
        except AccessDenied as exc:
            self.refuse(folder, exc.detail or "permission denied", minor=minor)
            names = None
        else:
            (self.read if names or self.host.is_dir(folder) else self.absent).add(folder)
        self._listings[folder] = names
        return names

    def names_in(self, folder: str, pattern: str, *, minor: bool = False) -> list[str]:
        """The names in ``folder`` that match ``pattern`` (a plain name or a simple glob)."""
        return [name for name in self.listing(folder, minor=minor) or () if glob_match(pattern, name)]

    def look_for_path(self, product: Product, indicator: Indicator, path: str, *, minor: bool = False) -> None:
        folder, pattern = self.split(path)
        for name in self.names_in(folder, pattern, minor=minor):
            self.found(product, indicator, f"{self.join(folder, name)} exists")

    def look_in_folders(self, product: Product, indicator: Indicator, folders: Iterable[str],
                        name_format: str = "{}") -> None:
        for folder in folders:
            for name in self.names_in(folder, name_format.format(indicator.value)):
                self.found(product, indicator, f"{self.join(folder, name)} exists")

    # -- running programs -------------------------------------------------------------------------------------------
    def look_at_processes(self, products: Iterable[Product], platform: str,
                          processes: tuple[ProcessInfo, ...]) -> None:
        wanted = [(p, i) for p in products for i in p.on(platform) if i.type == "process"]
        for process in processes:
            names = {process.name, self.split(process.exe)[1] if process.exe else ""} - {""}
            for product, indicator in wanted:
                for name in names:
                    if glob_match(indicator.value, name):
                        self.found(product, indicator, f"the program {name} is running")


def run_lookups(look: Look, products: Iterable[Product], platform: str,
                lookups: Mapping[str, Callable[[Look, Product, Indicator], None]]) -> None:
    """Call the system's look-up for every indicator of every product, in the list's order."""
    for product in products:
        for indicator in product.on(platform):
            lookup = lookups.get(indicator.type)
            if lookup is not None and not look.out_of_time():
                lookup(look, product, indicator)


Lookups = Mapping[str, Callable[[Look, Product, Indicator], None]]


def search_and_judge(ctx: CheckContext, *, platform: str, system: str, lookups: Lookups,
                     load: Callable[[], Catalogue], windows_paths: bool = False,
                     prepare: Callable[[Look], None] = lambda look: None) -> Finding:
    """The probe on every system: read the list, look at the running programs and at every indicator, judge.

    ``load`` is the system module's own ``load_catalogue`` (tests give it a small list); ``prepare`` looks first at
    the places every such computer has, so that "nothing found" rests on them having been read.
    """
    from .verdict import judge

    try:
        catalogue = load()
    except CatalogueError as exc:
        raise CouldNotTell(f"Homeguard's list of monitoring products could not be read ({exc})") from exc
    products = catalogue.for_platform(platform)
    look = Look(ctx.host, windows_paths=windows_paths)
    prepare(look)
    processes = ctx.host.processes()
    look.look_at_processes(products, platform, processes)
    run_lookups(look, products, platform, lookups)
    return judge(look, catalogue, products, system=system, processes_seen=len(processes))
