"""The list of monitoring products (products.toml): read, checked and turned into plain values.

The list is data, not code, so that people who know these products can correct it without touching the check, and
so that every indicator can carry where it came from. Because a wrong entry would either frighten a family or hide
spying software, the file is checked as it loads, and a mistake is refused with its place in the file:

* every product has a name and a known kind; every indicator a known type, a platform, a value, a source that is
  listed in the file's ``[[source]]`` tables, and the date it was checked;
* every source says where it is (an https address), under which licence its facts are used, and when it was read;
* values are plain names or simple globs: ``*`` is the only wildcard, at most two of them, and nothing that a
  glob library would read as a character class (``[``, ``]``, ``?``). They are matched by ``glob_match`` below,
  which never builds a regular expression, so a long or strange name on the computer cannot make matching slow.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

CATALOGUE_FILE = Path(__file__).with_name("products.toml")
MAX_FILE_BYTES = 512 * 1024

# What each kind means for the verdict: spying kinds fail; work or school monitoring is "partly"; parental control
# the family chose is listed but never held against them.
SPYING_KINDS = frozenset({"stalkerware", "commercial monitoring", "keylogger"})
WORKPLACE_KINDS = frozenset({"employee monitoring", "classroom monitoring"})
FAMILY_KINDS = frozenset({"parental control"})
KINDS = SPYING_KINDS | WORKPLACE_KINDS | FAMILY_KINDS

PLATFORMS = frozenset({"linux", "macos", "windows"})
# path: a file or folder; process: a running program's name; service: a Windows service's name (its registry key);
# uninstall: a Windows "Installed apps" DisplayName; launchd: a macOS launch agent/daemon label; systemd: a Linux
# unit file's name; autostart: a Linux desktop autostart entry's file name; system-extension: a macOS system
# extension's bundle id; scheduled-task: a Windows scheduled task's name; registry-key: a Windows registry key that
# exists (HKLM or HKCU); bundle-id: a macOS app's CFBundleIdentifier (from its Info.plist).
INDICATOR_TYPES: dict[str, frozenset[str]] = {
    "path": PLATFORMS,
    "process": PLATFORMS,
    "service": frozenset({"windows"}),
    "uninstall": frozenset({"windows"}),
    "scheduled-task": frozenset({"windows"}),
    "launchd": frozenset({"macos"}),
    "system-extension": frozenset({"macos"}),
    "bundle-id": frozenset({"macos"}),
    "registry-key": frozenset({"windows"}),
    "systemd": frozenset({"linux"}),
    "autostart": frozenset({"linux"}),
}
SOURCE_KINDS = frozenset({"public collection", "security vendor", "vendor", "package", "third party"})
MAX_VALUE = 260
MAX_WILDCARDS = 2
_FORBIDDEN_IN_VALUES = frozenset("[]?\n\r\t\x00")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Registry keys: only the two hives a standard user can read, written short. The 32-bit view of HKLM\SOFTWARE
# (WOW6432Node) is looked in by the Windows search itself, so it is never written in the list.
REGISTRY_HIVES = ("HKLM\\", "HKCU\\")
# Parts of the registry that belong to Windows (or to everything), not to one product.
_SHARED_KEYS = frozenset({"software", "software\\microsoft", "software\\classes", "software\\policies",
                          "software\\wow6432node", "system", "control panel", "environment"})
# Bundle ids are reverse-DNS names with at least three parts (com.maker.app). The maker part must be long enough to
# mean one maker, and not one whose apps are on nearly every Mac.
_BUNDLE_ID = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+){2,}$")
_SHARED_MAKERS = frozenset({"com.apple", "com.microsoft", "com.google"})
MIN_MAKER = 3


class CatalogueError(ValueError):
    """products.toml has a mistake. The message says where, in words a contributor can act on."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    kind: str
    licence: str
    version: str  # a commit, a package version or a page's date: which copy was read
    checked: str


@dataclass(frozen=True)
class Indicator:
    type: str
    platform: str
    value: str
    source: Source
    checked: str


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    kind: str
    indicators: tuple[Indicator, ...]
    note: str = ""

    @property
    def spying(self) -> bool:
        return self.kind in SPYING_KINDS

    def on(self, platform: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.platform == platform)


@dataclass(frozen=True)
class Catalogue:
    checked: str
    sources: tuple[Source, ...]
    products: tuple[Product, ...]

    def for_platform(self, platform: str) -> tuple[Product, ...]:
        """The products that have at least one indicator on this system."""
        return tuple(p for p in self.products if p.on(platform))


def glob_match(pattern: str, name: str) -> bool:
    """Whether ``name`` matches ``pattern``, ignoring case, where ``*`` stands for any run of characters.

    Done by hand, piece by piece, with no regular expression: the time it takes grows with the name's length times
    the (at most three) pieces, whatever the name holds.
    """
    pattern, name = pattern.casefold(), name.casefold()
    if "*" not in pattern:
        return pattern == name
    pieces = pattern.split("*")
    first, last, middle = pieces[0], pieces[-1], pieces[1:-1]
    if len(name) < len(first) + len(last) or not name.startswith(first) or not name.endswith(last):
        return False
    position, end = len(first), len(name) - len(last)
    for piece in middle:
        found = name.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


@cache
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """The checked catalogue. Raises CatalogueError naming the mistake; the file is read once per process."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CatalogueError(f"{path.name} could not be read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogueError(f"{path.name} is larger than {MAX_FILE_BYTES // 1024} kB")
    return parse_catalogue(raw.decode("utf-8", errors="replace"), path.name)


def parse_catalogue(text: str, name: str = "products.toml") -> Catalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{name} is not valid TOML: {exc}") from exc
    checked = _date(data.get("checked"), f"{name}: the file's `checked` date")
    sources: dict[str, Source] = {}
    for n, entry in enumerate(_tables(data, "source", name), 1):
        source = _source(entry, f"{name}: source {n}")
        if source.id in sources:
            raise CatalogueError(f"{name}: source id {source.id!r} is used twice")
        sources[source.id] = source
    products: list[Product] = []
    for n, entry in enumerate(_tables(data, "product", name), 1):
        product = _product(entry, sources, f"{name}: product {n}")
        if any(p.id == product.id for p in products):
            raise CatalogueError(f"{name}: product id {product.id!r} is used twice")
        products.append(product)
    unused = set(sources) - {i.source.id for p in products for i in p.indicators}
    if unused:
        raise CatalogueError(f"{name}: sources listed but never used: {', '.join(sorted(unused))}")
    return Catalogue(checked, tuple(sources.values()), tuple(products))


def _tables(data: dict[str, Any], key: str, name: str) -> list[dict[str, Any]]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise CatalogueError(f"{name}: `{key}` must be a list of [[{key}]] tables")
    return tables


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool = True, limit: int = 400) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise CatalogueError(f"{where}: `{key}` must be text")
    value = value.strip()
    if required and not value:
        raise CatalogueError(f"{where}: `{key}` is missing")
    if len(value) > limit:
        raise CatalogueError(f"{where}: `{key}` is longer than {limit} characters")
    return value


def _date(value: object, where: str) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str) or not _DATE.match(value):
        raise CatalogueError(f"{where} must be a date written YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise CatalogueError(f"{where} is not a real date ({value})") from exc
    return value


def _source(entry: dict[str, Any], where: str) -> Source:
    source_id = _text(entry, "id", where, limit=60)
    where = f"{where} ({source_id})"
    url = _text(entry, "url", where)
    if not url.startswith("https://"):
        raise CatalogueError(f"{where}: `url` must be an https address")
    kind = _text(entry, "kind", where)
    if kind not in SOURCE_KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {', '.join(sorted(SOURCE_KINDS))}")
    return Source(source_id, _text(entry, "title", where), url, kind, _text(entry, "licence", where),
                  _text(entry, "version", where), _date(entry.get("checked"), f"{where}: `checked`"))


def _product(entry: dict[str, Any], sources: dict[str, Source], where: str) -> Product:
    product_id = _text(entry, "id", where, limit=60)
    where = f"{where} ({product_id})"
    kind = _text(entry, "kind", where)
    if kind not in KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
    indicators = tuple(_indicator(item, sources, f"{where}, indicator {n}")
                       for n, item in enumerate(_tables(entry, "indicator", where), 1))
    if not indicators:
        raise CatalogueError(f"{where}: no indicators")
    return Product(product_id, _text(entry, "name", where, limit=80), kind, indicators,
                   _text(entry, "note", where, required=False))


def _indicator(entry: dict[str, Any], sources: dict[str, Source], where: str) -> Indicator:
    kind = _text(entry, "type", where)
    platform = _text(entry, "platform", where)
    if kind not in INDICATOR_TYPES:
        raise CatalogueError(f"{where}: type {kind!r} is not one of {', '.join(sorted(INDICATOR_TYPES))}")
    if platform not in INDICATOR_TYPES[kind]:
        raise CatalogueError(f"{where}: a {kind} indicator cannot be for {platform!r}")
    value = _text(entry, "value", where, limit=MAX_VALUE)
    bad = sorted(set(value) & _FORBIDDEN_IN_VALUES)
    if bad:
        raise CatalogueError(f"{where}: {value!r} holds {bad!r}; only plain names and `*` are allowed")
    if value.count("*") > MAX_WILDCARDS:
        raise CatalogueError(f"{where}: {value!r} has more than {MAX_WILDCARDS} `*`")
    if kind == "path" and "*" in value.replace("\\", "/").rsplit("/", 1)[0]:
        raise CatalogueError(f"{where}: {value!r}: only the last part of a path may hold `*`")
    if kind == "registry-key":
        _check_registry_key(value, where)
    if kind == "bundle-id":
        _check_bundle_id(value, where)
    source_id = _text(entry, "source", where)
    if source_id not in sources:
        raise CatalogueError(f"{where}: source {source_id!r} is not listed in the file's [[source]] tables")
    return Indicator(kind, platform, value, sources[source_id], _date(entry.get("checked"), f"{where}: `checked`"))


def _check_registry_key(value: str, where: str) -> None:
    """A key under HKLM or HKCU, written in full (no `*`), below the parts of the registry Windows itself owns."""
    if not value.startswith(REGISTRY_HIVES):
        raise CatalogueError(f"{where}: {value!r} must start with {' or '.join(REGISTRY_HIVES)}")
    rest = value[len("HKLM\\"):]
    if "*" in value or not rest or rest.endswith("\\") or "\\\\" in rest or "/" in rest:
        raise CatalogueError(f"{where}: {value!r} must be one registry key written in full, without `*`")
    if rest.casefold() in _SHARED_KEYS or rest.casefold().startswith(("software\\microsoft\\",
                                                                    "software\\wow6432node")):
        raise CatalogueError(f"{where}: {value!r} belongs to Windows, not to one product")


def _check_bundle_id(value: str, where: str) -> None:
    """A reverse-DNS name (com.maker.app), written in full, whose maker is neither Apple's nor too short to mean one."""
    if not _BUNDLE_ID.match(value):
        raise CatalogueError(f"{where}: {value!r} must be a bundle id like com.maker.app, written in full without `*`")
    maker = ".".join(value.casefold().split(".")[:2])
    if maker in _SHARED_MAKERS or len(maker.split(".")[1]) < MIN_MAKER:
        raise CatalogueError(f"{where}: {value!r} is too general: its maker ({maker}) does not mean one product")
