"""The computer's own time zone, for backup times written as wall-clock readings rather than in UTC.

Timeshift names each snapshot folder after the moment it began, formatted from GLib's ``DateTime.now_local()``
(Timeshift's Main.vala: ``"%Y-%m-%d_%H-%M-%S"``), so ``2024-05-01_10-00-01`` is ten o'clock on the computer's
clock, not in UTC. Read as UTC, its age would be off by the zone's offset: up to 14 hours (UTC+14 is the furthest
zone), enough to move a backup across the 14-day line.

Timeshift runs as root, from cron or from its window through pkexec (which clears the environment), so the zone that
counts is the system's: ``/etc/localtime``, the compiled zone file (the TZif format of RFC 8536, from the tz
database) that Linux and macOS systems link there; a TZ variable in the person's own session does not apply. The file
is read through the Host like every other file, so a recorded host answers with a real zone file and tests do not
depend on the zone of the machine running them. Without the file the system keeps UTC (glibc's rule, and macOS's),
so times are read as UTC; when it is unreadable or not a zone file, they are read as UTC too and the evidence says
the age may be off.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zoneinfo
from dataclasses import dataclass

from auditor.host import AccessDenied, Host
from auditor.model import Evidence

LOCALTIME = "/etc/localtime"
ZONE_FILE_LIMIT = 256 * 1024  # real zone files are a few kB


@dataclass(frozen=True)
class LocalZone:
    """The zone wall-clock times are read in, and whether it is the computer's own (False: UTC, as a fallback)."""

    zone: dt.tzinfo
    known: bool
    why_not: str = ""  # when not known: why /etc/localtime could not be used, in plain words

    def timestamp(self, wall_clock: dt.datetime) -> float:
        """Seconds since the epoch for a wall-clock reading on this computer (a naive datetime). In the hour a
        clock is turned back, the first of the two moments is taken; the age is then off by an hour at most. A zone
        file whose rules give an impossible offset for that date is not trusted for it: the reading is taken as UTC."""
        try:
            return wall_clock.replace(tzinfo=self.zone).timestamp()
        except (ValueError, OverflowError):
            return wall_clock.replace(tzinfo=dt.UTC).timestamp()

    def offset_words(self, timestamp: float) -> str:
        """How the computer's clock stood against UTC at that moment: "UTC+08:00", "UTC-07:00", "UTC"."""
        try:
            offset = dt.datetime.fromtimestamp(timestamp, self.zone).utcoffset() or dt.timedelta(0)
        except (ValueError, OverflowError):
            return "an unknown offset from UTC"
        if not offset:
            return "UTC"
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes > 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def system_zone(host: Host) -> LocalZone:
    """The computer's time zone from /etc/localtime, read through the Host; UTC (with the reason) when it cannot
    be read or is not a zone file."""
    try:
        raw = host.read_bytes(LOCALTIME, ZONE_FILE_LIMIT)
    except AccessDenied:
        return LocalZone(dt.UTC, False, f"{LOCALTIME} could not be read")
    if raw is None:  # no zone set: the C library, and so Timeshift's clock, keep UTC
        return LocalZone(dt.UTC, True)
    if len(raw) >= ZONE_FILE_LIMIT:
        return LocalZone(dt.UTC, False, f"{LOCALTIME} is too large to be a time zone file")
    try:
        zone = zoneinfo.ZoneInfo.from_file(_EndOfFileRaises(raw))
        dt.datetime.fromtimestamp(host.now(), zone).utcoffset()  # a damaged file can load and still give nonsense
    except (EOFError, ValueError, OSError, AssertionError, IndexError, OverflowError, struct.error):
        return LocalZone(dt.UTC, False, f"{LOCALTIME} is not a time zone file Homeguard can read")
    return LocalZone(zone, True)


class _EndOfFileRaises(io.BytesIO):
    """The zone file's bytes, raising EOFError when asked to read past the end. Python's zone file reader reads its
    last line a byte at a time until a newline, and on a cut-short or damaged file would wait for one forever."""

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        if not data and size is not None and size > 0:
            raise EOFError("the time zone file ends too soon")
        return data


def zone_evidence(zone: LocalZone) -> Evidence | None:
    """What the evidence should say when times could not be read in the computer's own zone (None when they were)."""
    if zone.known:
        return None
    return Evidence(LOCALTIME, f"{zone.why_not}, so the times were read as UTC and may be up to 14 hours off")
