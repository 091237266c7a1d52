"""Windows Update facts two checks share (os-updates and automatic-updates): whether updates are paused.

Pausing updates in Settings writes dates into HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings as text in UTC,
``2042-09-05T09:59:52Z``: ``PauseUpdatesExpiryTime`` for "Pause updates", ``PauseQualityUpdatesEndTime`` for the
monthly (security) updates and ``PauseFeatureUpdatesEndTime`` for new Windows versions. Feature updates are not
security fixes, so only the first two count here. A date in the past means the pause is over.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass

from auditor.host import Host

UX_SETTINGS = r"HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings"
PAUSE_VALUES = ("PauseUpdatesExpiryTime", "PauseQualityUpdatesEndTime")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$")


def parse_windows_time(text: str) -> float | None:
    """Seconds since the epoch for ``2042-09-05T09:59:52Z`` or ``2024-03-05 06:20:03`` (both UTC), else None."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    try:
        return float(calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)))
    except (ValueError, OverflowError):
        return None


def describe_date(epoch: float) -> str:
    """A date in words a person reads at a glance: ``5 September 2042``."""
    parts = time.gmtime(epoch)
    return f"{parts.tm_mday} {_MONTHS[parts.tm_mon - 1]} {parts.tm_year}"


@dataclass(frozen=True)
class Pause:
    until: float | None  # the latest pause end still in the future; None when updates are not paused
    seen: str  # what was found, for the evidence


def pause_state(host: Host) -> Pause:
    """Whether Windows Update is paused now. Raises AccessDenied (through the Host) when the key is refused."""
    values = host.registry_values(UX_SETTINGS) or {}
    now = host.now()
    found = []
    latest: float | None = None
    for name in PAUSE_VALUES:
        value = values.get(name.lower())
        if value is None or not isinstance(value.data, str):
            continue
        when = parse_windows_time(value.data)
        if when is None:
            found.append(f"{name} {value.data!r} (not a date Homeguard understands)")
            continue
        found.append(f"{name} {value.data}")
        if when > now and (latest is None or when > latest):
            latest = when
    if not found:
        return Pause(None, "no pause set")
    state = f"paused until {describe_date(latest)}" if latest else "the pause has ended"
    return Pause(latest, f"{'; '.join(found)}: {state}")
