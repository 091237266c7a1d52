"""Damaged content for the damaged-input tests (test_damaged_inputs_*.py): a Host that answers as a recorded one
does, except that the content of one file, one command's output or one registry key comes back spoilt.

tests/faults covers a Host that *fails* (a refusal, a timeout, a missing program); here every call succeeds but
what comes back is damaged the ways real files and outputs get damaged: cut short (a disk that filled up, a
program killed half way), bytes changed or put in (a bad sector, a copy gone wrong), in another encoding (a
preference file saved as UTF-16 with or without its byte order mark, or as Latin-1), empty, CRLF line ends, NUL
bytes (a file zero-filled after a power cut), written twice over up to the Host's size cap, JSON nested past
Python's recursion limit or with values of the wrong type (a list where an object was, text where a number was),
property lists with values of the wrong type, and registry values of another type than the check expects.

A clean run through ``DamagingHost`` with no damage lists the *sites*: each place where the check was handed
content (a file it read, a command that printed something, a registry key with values). The tests then damage one
site at a time (damaged_runs.py).
"""

from __future__ import annotations

import json
import plistlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from auditor.host_commands import OUTPUT_CAP_BYTES
from auditor.host_protocol import DEFAULT_COMMAND_TIMEOUT, FILE_CAP_BYTES, CommandResult, Host, decode_output
from auditor.winreg_reader import RegistryValue


@dataclass(frozen=True)
class Site:
    """One place where a check was handed content: ``kind`` is "file", "stdout", "stderr" or "registry"."""

    kind: str
    what: tuple[str, ...]  # the path, the argument list, or the registry key

    def __str__(self) -> str:
        return f"{self.kind}({' '.join(self.what)})"


@dataclass(frozen=True)
class Damage:
    """How the content at one site was spoilt: ``how`` names it (shown when a test fails), ``change`` makes the
    spoilt bytes from the clean ones (files and outputs) and ``values`` the registry values that replace a key's."""

    how: str
    change: Callable[[bytes], bytes] | None = None
    values: dict[str, RegistryValue] | None = None
    keeps_meaning: bool = False  # True when the damage cannot honestly turn a setting that is off into one that is on

    def __repr__(self) -> str:
        return f"Damage({self.how})"


class DamagingHost:
    """A Host answering as ``inner`` does, except that ``site``'s content is given ``damage``. Without a damage it
    notes every site it handed content from (``sites``)."""

    def __init__(self, inner: Host, site: Site | None = None, damage: Damage | None = None) -> None:
        self.platform = inner.platform
        self._inner = inner
        self._site = site
        self._damage = damage
        self._lock = threading.Lock()
        self._seen: dict[Site, None] = {}
        self.contents: dict[Site, bytes] = {}  # the clean content of each site (files and outputs)
        self.values: dict[Site, dict[str, RegistryValue]] = {}  # the clean values of each registry key

    @property
    def sites(self) -> list[Site]:
        with self._lock:
            return list(self._seen)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _note(self, site: Site, content: bytes = b"", values: dict[str, RegistryValue] | None = None) -> bool:
        """Note ``site`` and its clean content; whether that content is to be damaged."""
        with self._lock:
            self._seen.setdefault(site, None)
            self.contents.setdefault(site, content)
            self.values.setdefault(site, dict(values or {}))
        return self._damage is not None and site == self._site

    def _spoil(self, data: bytes, cap: int) -> bytes:
        assert self._damage is not None and self._damage.change is not None
        return self._damage.change(data)[:cap]

    def read_bytes(self, path: str, limit: int = FILE_CAP_BYTES) -> bytes | None:
        data = self._inner.read_bytes(path, limit)
        if data is None or not self._note(Site("file", (path,)), data):
            return data
        return self._spoil(data, limit)

    def read_text(self, path: str, limit: int = FILE_CAP_BYTES) -> str | None:
        data = self.read_bytes(path, limit)  # what the real host does: the bytes, cut at the limit, then decoded
        return None if data is None else decode_output(data)

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult:
        result = self._inner.run(argv, timeout)
        if not result.ran:
            return result
        key = tuple(str(a) for a in argv)
        streams = {"stdout": result.stdout, "stderr": result.stderr}
        truncated = result.truncated
        for stream, text in list(streams.items()):
            raw = text.encode("utf-8", "surrogatepass")
            if text and self._note(Site(stream, key), raw):
                spoilt = self._spoil(raw, OUTPUT_CAP_BYTES + 1)  # what is past the cap is cut, and said to be
                truncated = truncated or len(spoilt) > OUTPUT_CAP_BYTES
                streams[stream] = decode_output(spoilt[:OUTPUT_CAP_BYTES])
        return replace(result, stdout=streams["stdout"], stderr=streams["stderr"], truncated=truncated)

    def registry_values(self, key: str) -> dict[str, RegistryValue] | None:
        values = self._inner.registry_values(key)
        if not values or not self._note(Site("registry", (key,)), values=values):
            return values
        assert self._damage is not None and self._damage.values is not None
        spoilt = dict(values)
        spoilt.update(self._damage.values)
        return spoilt


# -- ways content gets damaged --------------------------------------------------------------------------------------

def _crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _written_twice_to_the_cap(data: bytes) -> bytes:
    """The content over and over until the Host's cap: a file appended to itself, or a program's output looping."""
    if not data:
        return b"\n" * FILE_CAP_BYTES
    return (data + b"\n") * (FILE_CAP_BYTES // (len(data) + 1) + 1)


def _zero_filled_tail(data: bytes) -> bytes:
    """What a file looks like after a power cut: its content followed by a run of NUL bytes."""
    return data + b"\x00" * 4096


# Damages that leave the content's meaning as it was, or make it unreadable: a check that reads a setting as off in
# the clean content must never read it as on after one of these.
MEANING_KEPT: tuple[Damage, ...] = (
    Damage("CRLF line ends", _crlf, keeps_meaning=True),
    Damage("UTF-8 with a byte order mark", lambda d: b"\xef\xbb\xbf" + d, keeps_meaning=True),
    Damage("UTF-16-LE with a byte order mark", lambda d: b"\xff\xfe" + _text(d).encode("utf-16-le"),
           keeps_meaning=True),
    Damage("UTF-16-LE without a byte order mark", lambda d: _text(d).encode("utf-16-le"), keeps_meaning=True),
    Damage("UTF-16-BE with a byte order mark", lambda d: b"\xfe\xff" + _text(d).encode("utf-16-be"),
           keeps_meaning=True),
    Damage("Latin-1", lambda d: _text(d).encode("latin-1", "replace"), keeps_meaning=True),
    Damage("a zero-filled tail", _zero_filled_tail, keeps_meaning=True),
    Damage("all NUL bytes", lambda d: b"\x00" * max(len(d), 1), keeps_meaning=True),
)
HUGE = Damage("written over and over up to the Host's cap", _written_twice_to_the_cap, keeps_meaning=True)
DEEP_JSON = Damage("JSON nested 100000 deep", lambda d: b"[" * 100_000 + b"]" * 100_000, keeps_meaning=True)
DEEP_PLIST = Damage("a property list nested 20000 deep", lambda d: (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">' + b"<array>" * 20_000 + b"</array>" * 20_000
    + b"</plist>\n"), keeps_meaning=True)
DEEP = (DEEP_JSON, DEEP_PLIST)
EMPTY = Damage("empty", lambda d: b"")


def _cut_at(at: int) -> Damage:
    return Damage(f"cut short after {at} bytes", lambda d: d[:at])


def _changed(changes: list[tuple[int, int]]) -> Damage:
    def change(data: bytes) -> bytes:
        spoilt = bytearray(data)
        for at, value in changes:
            if spoilt:
                spoilt[at % len(spoilt)] = value
        return bytes(spoilt)
    return Damage(f"bytes changed {changes}", change)


def _put_in(insertions: list[tuple[int, bytes]]) -> Damage:
    def change(data: bytes) -> bytes:
        for at, extra in insertions:
            at = at % (len(data) + 1)
            data = data[:at] + extra + data[at:]
        return data
    return Damage(f"bytes put in {insertions}", change)


_JUNK_BYTES = st.sampled_from([b"\x00", b"\xff", b"\xfe\xff", b"\xc3", b"\r", b"\n", b"\t", b'"', b"{", b"]",
                               b"<", b">", b"=", b";", b"#", b"\\", b"\xe2\x80\x8b", b"\x1b[0m"])


def damages(size_hint: int = 4096) -> st.SearchStrategy[Damage]:
    """Any damage to a file or an output (the huge one is tested on its own: it is slow to make)."""
    positions = st.integers(0, max(size_hint, 1))
    return st.one_of(
        st.sampled_from((*MEANING_KEPT, EMPTY, *(replace(deep, keeps_meaning=False) for deep in DEEP))),
        positions.map(_cut_at),
        st.lists(st.tuples(positions, st.integers(0, 255)), min_size=1, max_size=8).map(_changed),
        st.lists(st.tuples(positions, st.one_of(_JUNK_BYTES, st.binary(min_size=1, max_size=6))),
                 min_size=1, max_size=5).map(_put_in),
    )


def meaning_kept(clean: bytes) -> st.SearchStrategy[Damage]:
    """The damages in MEANING_KEPT, and for a JSON document or a property list, the same nested past Python's
    recursion limit (unreadable; in any other format, such a replacement is other content, not damage)."""
    return st.sampled_from((*MEANING_KEPT, *(deep for deep in DEEP if deep is structure(clean))))


def structure(content: bytes) -> Damage | None:
    """DEEP_JSON for a JSON document, DEEP_PLIST for a property list, None for anything else."""
    try:
        json.loads(content)
        return DEEP_JSON
    except ValueError:
        pass
    try:
        plistlib.loads(content)
        return DEEP_PLIST
    except Exception:
        return None


# -- structured content with values of the wrong type ---------------------------------------------------------------

WRONG_JSON = "json with"  # how every JSON damage of ``wrong_types`` starts
WRONG_VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, 1, -1, 2**64, 1.5, "", "0", "1", "true", "false", "on", "off", [], {},
                     [None], {"": None}, "\x00", "\ufffd"]),
    st.text(max_size=20), st.integers(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a parsed JSON document or property list (the root is ``()``)."""
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*here, index))
    return found


def _put(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _put(node[head], rest, value)}
    copy = list(node)
    copy[head] = _put(node[head], rest, value)
    return copy


@st.composite
def wrong_types(draw: st.DrawFn, clean: bytes) -> Damage | None:
    """The same JSON document or property list with one value (maybe the whole thing) of another type; None when
    ``clean`` is neither."""
    try:
        document = json.loads(clean)
        kind = "json"
    except ValueError:
        try:
            document = plistlib.loads(clean)
            kind = "binary plist" if clean.startswith(b"bplist") else "plist"
        except Exception:
            return None
    path = draw(st.sampled_from(_paths(document)))
    value = draw(WRONG_VALUES if kind == "json" else WRONG_VALUES.filter(_plist_can_hold))
    spoilt = _put(document, path, value)
    if kind == "json":
        data = json.dumps(spoilt).encode("utf-8")  # (its ``how`` starts with WRONG_JSON)
    else:
        data = plistlib.dumps(spoilt, fmt=plistlib.FMT_BINARY if kind == "binary plist" else plistlib.FMT_XML)
    return Damage(f"{kind} with {value!r} at {list(path)}", lambda _: data)


def _plist_can_hold(value: Any) -> bool:
    try:
        plistlib.dumps({"v": value})
    except (TypeError, OverflowError, ValueError):
        return False
    return True


# -- registry values of another type --------------------------------------------------------------------------------

_TEXT = st.one_of(st.sampled_from(["", "0", "1", "Allow", "Deny", "0x1", "-1", "yes", "\x00", "\ufffd"]),
                  st.text(max_size=30))
REGISTRY_VALUE = st.one_of(
    st.integers(0, 2**32 - 1).map(lambda n: RegistryValue("REG_DWORD", n)),
    st.integers(0, 2**64 - 1).map(lambda n: RegistryValue("REG_QWORD", n)),
    _TEXT.map(lambda s: RegistryValue("REG_SZ", s)),
    _TEXT.map(lambda s: RegistryValue("REG_EXPAND_SZ", s)),
    st.lists(_TEXT, max_size=4).map(lambda items: RegistryValue("REG_MULTI_SZ", items)),
    st.binary(max_size=16).map(lambda b: RegistryValue("REG_BINARY", b)),
    st.binary(max_size=4).map(lambda b: RegistryValue("REG_NONE", b)),
)


def _same_meaning_other_type(value: RegistryValue) -> list[RegistryValue]:
    """``value`` as a value of another type saying the same: a number as text or as a QWORD; text as a one-item list
    or an expandable string (what a hand-made .reg file or a policy tool sometimes writes). A number stored as
    binary is left out: Homeguard's RegistryValue does not read numbers from bytes (reported to the lead, see
    test_damaged_inputs_windows.py)."""
    data = value.data
    if isinstance(data, int):
        return [RegistryValue("REG_SZ", str(data)), RegistryValue("REG_QWORD", data)]
    if isinstance(data, str):
        return [RegistryValue("REG_MULTI_SZ", [data]), RegistryValue("REG_EXPAND_SZ", data)]
    return [value]


@st.composite
def registry_retyped(draw: st.DrawFn, values: dict[str, RegistryValue]) -> Damage:
    """One of a key's values stored as another type that says the same (see ``_same_meaning_other_type``)."""
    name = draw(st.sampled_from(sorted(values)))
    other = draw(st.sampled_from(_same_meaning_other_type(values[name])))
    return Damage(f"registry value {name} as {other}", values={name: other}, keeps_meaning=True)


@st.composite
def registry_damage(draw: st.DrawFn, names: Sequence[str]) -> Damage:
    """Some of a key's values (by their names) replaced by values of any type and data."""
    chosen = draw(st.lists(st.sampled_from(list(names)), min_size=1, max_size=len(names), unique=True))
    values = {name: draw(REGISTRY_VALUE) for name in chosen}
    return Damage(f"registry values {values}", values=values)
