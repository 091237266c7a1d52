"""Windows' record of which apps may use a device (location, camera, microphone) and when they last did.

Windows 10 (1903 and later) and 11 keep it in the registry, per capability, under
``...\\CapabilityAccessManager\\ConsentStore\\<capability>`` (detection-catalogue-2 sections 1 and 6). The
layout is the same for every capability (``location``, ``webcam``, ``microphone``); location is the example:

* ``HKLM\\...\\ConsentStore\\location`` ``Value`` (REG_SZ ``Allow``/``Deny``) is the switch for the whole computer;
  ``HKCU\\...`` ``Value`` is "Let apps access your location" for this user, and ``HKCU\\...\\NonPackaged`` ``Value``
  is "Let desktop apps access your location". A Process Monitor trace of Settings switching location off shows
  exactly these three values written as ``Deny`` (nohuto/win-config, privacy/desc.md, "Disable Location Access").
* Each Store app has a subkey named by its package family (``Microsoft.WindowsMaps_8wekyb3d8bbwe``); each desktop
  program a subkey of ``NonPackaged`` named by its full path with ``#`` for ``\\``
  (``C:#Program Files (x86)#Microsoft#Edge#Application#msedge.exe``). Each holds its own ``Value`` and
  ``LastUsedTimeStart`` / ``LastUsedTimeStop``: Windows FILETIMEs (QWORD, 100-nanosecond ticks since 1601-01-01
  UTC), the last session only. 0 means never.

All of HKCU is the user's own and readable without admin rights. Nothing here writes to the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from auditor.host import AccessDenied, Host
from auditor.winreg_reader import RegistryValue

CONSENT_STORE = r"SOFTWARE\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
NON_PACKAGED = "NonPackaged"
MAX_APPS = 300  # a real store holds tens of apps; stop well before a damaged one could slow the scan

_FILETIME_UNIX_OFFSET = 11_644_473_600  # seconds from 1601-01-01 to 1970-01-01
_EARLIEST, _LATEST = 946_684_800, 4_102_444_800  # 2000-01-01 and 2100-01-01: anything outside is not a real use


@dataclass(frozen=True)
class Switch:
    """One ``Value`` switch: "Allow", "Deny", another word Windows wrote, or None when it is not there."""

    value: str | None
    seen: str  # for the evidence
    refused: bool = False

    @property
    def denied(self) -> bool:
        return (self.value or "").lower() == "deny"


@dataclass(frozen=True)
class AppUse:
    name: str  # as a person reads it: the program's path, or the Store app's name
    desktop: bool  # a desktop program (NonPackaged) rather than a Store app
    value: str | None  # its own Allow/Deny, when written
    last_start: float | None  # Unix time of the last use, None when never used
    last_stop: float | None

    @property
    def denied(self) -> bool:
        return (self.value or "").lower() == "deny"


def filetime_to_unix(ticks: int | None) -> float | None:
    """A Windows FILETIME as Unix seconds; None for 0 (never) or a value that cannot be a real date."""
    if not ticks or ticks < 0:
        return None
    seconds = ticks / 10_000_000 - _FILETIME_UNIX_OFFSET
    return seconds if _EARLIEST <= seconds < _LATEST else None


def when(unix: float) -> str:
    return datetime.fromtimestamp(unix, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def when_local(unix: float) -> str:
    """A time in this computer's own time zone, as the person saw it on their clock (the scan runs on the computer
    whose records these are)."""
    return datetime.fromtimestamp(unix, tz=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def app_name(subkey: str, desktop: bool) -> str:
    """``C:#Program Files#App#app.exe`` -> ``C:\\Program Files\\App\\app.exe``; a Store package family name loses
    its publisher suffix (``Microsoft.WindowsMaps_8wekyb3d8bbwe`` -> ``Microsoft.WindowsMaps``)."""
    if desktop:
        return subkey.replace("#", "\\")
    name, sep, publisher = subkey.rpartition("_")
    return name if sep and name and len(publisher) == 13 else subkey


def store_key(hive: str, capability: str) -> str:
    return f"{hive}\\{CONSENT_STORE}\\{capability}"


def read_switch(host: Host, key: str) -> Switch:
    try:
        values = host.registry_values(key)
    except AccessDenied:
        return Switch(None, "could not be read (Windows refused)", refused=True)
    if values is None:
        return Switch(None, "not there")
    value = values.get("value")
    if value is None:
        return Switch(None, "Value not set")
    text = value.as_text().strip()
    return Switch(text, f"Value = {text}")


def _qword(values: dict[str, RegistryValue], name: str) -> int | None:
    """A QWORD time. Stored as 8 bytes of another type (REG_BINARY), Windows' own reader (RegGetValue asked for a
    QWORD) still reads it, little-endian, so Homeguard does too rather than take the app as never used."""
    value = values.get(name.lower())
    if value is not None and isinstance(value.data, bytes) and len(value.data) == 8:
        return int.from_bytes(value.data, "little")
    return value.as_int() if value is not None else None


def _app(host: Host, key: str, subkey: str, desktop: bool) -> AppUse | None:
    try:
        values = host.registry_values(f"{key}\\{subkey}")
    except AccessDenied:
        return None
    if values is None:
        return None
    own = values.get("value")
    return AppUse(app_name(subkey, desktop), desktop, own.as_text().strip() if own is not None else None,
                  filetime_to_unix(_qword(values, "LastUsedTimeStart")),
                  filetime_to_unix(_qword(values, "LastUsedTimeStop")))


def read_apps(host: Host, key: str) -> list[AppUse]:
    """Every app recorded under one capability's key: Store apps, then desktop programs. A subkey Windows will not
    open is left out (it cannot say anything)."""
    apps: list[AppUse] = []
    try:
        subkeys = host.registry_subkeys(key)
    except AccessDenied:
        return apps
    for subkey in subkeys[:MAX_APPS]:
        if subkey.lower() == NON_PACKAGED.lower():
            continue
        app = _app(host, key, subkey, desktop=False)
        if app is not None:
            apps.append(app)
    desktop_key = f"{key}\\{NON_PACKAGED}"
    try:
        programs = host.registry_subkeys(desktop_key)
    except AccessDenied:
        programs = []
    for subkey in programs[:MAX_APPS]:
        app = _app(host, desktop_key, subkey, desktop=True)
        if app is not None:
            apps.append(app)
    return apps


def describe_use(app: AppUse) -> str:
    """One line of evidence: when the app last used the device, and whether it is now denied."""
    if app.last_start is None:
        used = "never used"
    else:
        used = f"last used {when(app.last_start)}"
        if app.last_stop is None:
            used += " (no end recorded)"
    permission = f"; permission: {app.value}" if app.value else ""
    return used + permission
