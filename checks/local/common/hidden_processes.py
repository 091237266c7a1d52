"""Whether Linux hides other accounts' running programs from Homeguard, so "smbd is not running" (sharing) or "no
monitoring program runs" (monitoring-software) cannot be said from the process list alone.

/proc mounted with ``hidepid=1`` or ``2`` (since Linux 5.8 also ``noaccess``, ``invisible``, ``ptraceable``; proc(5))
shows an ordinary user only their own processes: the system's services (smbd, bluetoothd), run as root, are then
missing from the list whether they run or not. Hardened setups turn it on (a line in /etc/fstab); a ``gid=`` group
is exempt. So the sign is the option in /proc/mounts *and* a process list holding no other account's program; an
administrator always sees everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.host import AccessDenied, Host, ProcessInfo

PROC_MOUNTS = "/proc/mounts"
_SHOWN = {"0", "off"}
HIDDEN = ("whether its service runs cannot be seen: this computer hides other accounts' running programs (/proc "
          "mounted with hidepid)")


def hidepid(mounts: str) -> str | None:
    """The ``hidepid=`` value of the /proc mount in a /proc/mounts text, or None when it has none."""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[1] == "/proc" and fields[2] == "proc":
            for option in fields[3].split(","):
                key, _, value = option.partition("=")
                if key == "hidepid":
                    return value
    return None


def others_hidden(host: Host, processes: Sequence[ProcessInfo]) -> bool:
    """Whether the system hides other accounts' programs from this one (so a missing service may be running)."""
    user = host.user()
    if user.is_admin or any(p.username and p.username != user.name for p in processes):
        return False
    try:
        mounts = host.read_text(PROC_MOUNTS)
    except AccessDenied:
        return False
    value = hidepid(mounts or "")
    return value is not None and value not in _SHOWN
