"""What a computer offers to others nearby, and the one rule that turns that into a verdict on every system.

Each system's module lists what it found as ``Offered`` items, each with how far it reaches:

* ``OPEN``: anyone nearby can use it without signing in (a guest share, Nearby sharing set to Everyone, media
  sharing that any device on the network can play, a Bluetooth adapter left visible to everyone). A fail.
* ``LIMITED``: only people who sign in with an account on this computer, or the person's own devices, can use it
  (a share that needs a password, "My devices only", AirPlay for the current user), or it reaches no files at all
  (a shared printer: others can print to it, they cannot see anything on the computer). Partly: fine when meant.

Nothing offered is a pass, but only when every place was read: a place Homeguard could not read makes "nothing
found" a "could not tell", never a pass. Something found is reported whatever else could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from auditor.check import finding
from auditor.model import Evidence, Finding, Status


class Reach(Enum):
    OPEN = "open"  # anyone nearby, no sign-in
    LIMITED = "limited"  # people who sign in, your own devices, or nothing private (a printer)


@dataclass(frozen=True)
class Offered:
    what: str  # plain words: "the shared folder \u201cPhotos\u201d (C:\\Users\\alex\\Pictures)"
    reach: Reach
    turn_off: str  # plain words: "Settings, System, Nearby sharing: choose Off"


def verdict(offered: Sequence[Offered], unread: Sequence[str], evidence: Sequence[Evidence], *,
            nothing: str, desktop: str | None = None) -> Finding:
    """The finding for what was found (``offered``) and what could not be read (``unread``, plain phrases).

    ``nothing`` is the pass sentence for this system ("Nothing on this Mac is shared with others.")."""
    open_items = [o for o in offered if o.reach is Reach.OPEN]
    limited = [o for o in offered if o.reach is Reach.LIMITED]
    missed = f" Homeguard could not read {_join(list(unread))}." if unread else ""
    if open_items:
        also = (" Also shared, only with people who sign in or your own devices: "
                + "; ".join(o.what for o in limited) + ".") if limited else ""
        return finding(Status.FAIL, "Open to anyone nearby, without a password: " + _items(open_items) + "." + also
                       + missed, evidence, desktop)
    if limited:
        return finding(Status.PARTIAL, "Shared in a limited way (only with people who sign in, with your own "
                       "devices, or a printer that shows no files): " + _items(limited) + ". That is fine if you "
                       "meant it; if not, switch it off." + missed, evidence, desktop)
    if unread:
        return finding(Status.UNKNOWN, f"Could not tell: nothing shared was found, but Homeguard could not read "
                       f"{_join(list(unread))}.", evidence, desktop)
    return finding(Status.PASS, nothing, evidence, desktop)


def _items(items: Sequence[Offered]) -> str:
    return "; ".join(f"{o.what} (to stop it: {o.turn_off})" for o in items)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]
