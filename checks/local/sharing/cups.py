"""Printer sharing through CUPS, on Linux and macOS: ``cupsctl`` with no arguments prints the scheduler's settings.

Among them ``_share_printers=1`` when the printers marked as shared are published to the local network (CUPS sets it
when cupsd listens on a non-local address and browsing is on: OpenPrinting/cups ``cups/adminutil.c``). Only the
printers are offered: others on the network can print, they see no files, so it is a "limited" offer.
``_remote_any=1`` allows printing from any address, even outside the local network.

``cupsctl`` reads cupsd.conf, or asks the running scheduler for it. When the scheduler is not running at all
("Unable to connect to server"), no printer is being shared, which is an answer, not a failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.host import Host
from auditor.model import Evidence

from .offered import Offered, Reach

_NOT_RUNNING = ("unable to connect to server", "connection refused")


@dataclass(frozen=True)
class PrinterSharing:
    shared: bool | None  # None: could not tell
    from_anywhere: bool
    problem: str


def parse_cupsctl(text: str) -> dict[str, str]:
    settings: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key:
            settings[key] = value.strip()
    return settings


def printer_sharing(host: Host, evidence: list[Evidence]) -> PrinterSharing | None:
    """Whether CUPS shares printers; None when CUPS is not installed (``cupsctl`` missing)."""
    if host.which("cupsctl") is None:
        evidence.append(Evidence("printer sharing (CUPS)", "cupsctl is not installed: no CUPS printing system"))
        return None
    result = host.run(["cupsctl"], timeout=4)
    said = f"{result.stderr}\n{result.stdout}".lower()
    if result.ran and result.returncode != 0 and any(words in said for words in _NOT_RUNNING):
        evidence.append(Evidence("cupsctl", "the printing service is not running, so no printer is shared"))
        return PrinterSharing(False, False, "")
    if not result.ok:
        evidence.append(Evidence("cupsctl", result.problem()))
        return PrinterSharing(None, False, result.problem())
    settings = parse_cupsctl(result.stdout)
    share = settings.get("_share_printers")
    if share not in ("0", "1"):
        evidence.append(Evidence("cupsctl", "no _share_printers line in its answer"))
        return PrinterSharing(None, False, "cupsctl did not say whether printers are shared")
    anywhere = settings.get("_remote_any") == "1"
    evidence.append(Evidence("cupsctl", f"_share_printers={share}, _remote_any={settings.get('_remote_any', '?')}"))
    return PrinterSharing(share == "1", anywhere, "")


def printer_offer(sharing: PrinterSharing, turn_off: str) -> Offered:
    where = "any address, even outside your home network" if sharing.from_anywhere else "others on your network"
    return Offered(f"printer sharing: {where} can print to the printers marked as shared (they cannot see your "
                   "files)", Reach.LIMITED, turn_off)
