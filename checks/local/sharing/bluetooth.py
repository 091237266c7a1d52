"""Whether this Linux computer's Bluetooth adapter is visible to every device nearby, from ``bluetoothctl show``.

BlueZ's adapter has ``Discoverable`` (default no) and ``DiscoverableTimeout`` (default 180 seconds; 0 means it stays
visible until switched off). Desktops make the adapter discoverable while their Bluetooth settings are open, with the
timeout, so a visible adapter with a timeout is "for a few minutes" (someone is pairing), while one visible with no
timeout stays open to every phone nearby: anyone can try to pair or send files. (bluez doc/org.bluez.Adapter.rst;
real outputs in SOURCES.toml.) The D-Bus policy lets any user read the adapter, so no admin rights are needed.

``bluetoothctl`` waits for bluetoothd when it is not running (silently, when its output is not a terminal), so it is
asked only when bluetoothd is running; without bluetoothd nothing is visible over Bluetooth. With bluetoothd but no
adapter (none plugged in, or its firmware failed to load) it prints "No default controller available" and exits
with 1: nothing is visible then either. (Recorded with BlueZ 5.66.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.host import Host
from auditor.model import Evidence
from checks.local.common.hidden_processes import HIDDEN, others_hidden

from .offered import Offered, Reach

_TIMEOUT = re.compile(r"0x([0-9a-fA-F]+)")
NO_ADAPTER = "No default controller available"  # bluetoothctl's answer, exit code 1, with no adapter (SOURCES.toml)
TURN_OFF = "open Bluetooth settings and close them, or run \u201cbluetoothctl discoverable off\u201d"


@dataclass(frozen=True)
class Adapter:
    address: str
    name: str
    powered: bool
    discoverable: bool
    timeout: int | None  # seconds; 0 = visible until switched off; None = not shown


def parse_show(text: str) -> list[Adapter]:
    """The controllers in ``bluetoothctl show`` output (one, the default, in practice)."""
    adapters: list[Adapter] = []
    fields: dict[str, str] = {}
    address = ""

    def close() -> None:
        if address:
            timeout_match = _TIMEOUT.match(fields.get("DiscoverableTimeout", ""))
            adapters.append(Adapter(address, fields.get("Alias") or fields.get("Name", ""),
                                    fields.get("Powered") == "yes", fields.get("Discoverable") == "yes",
                                    int(timeout_match.group(1), 16) if timeout_match else None))

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Controller "):
            close()
            address, fields = stripped.split()[1], {}
            continue
        key, sep, value = stripped.partition(":")
        if address and sep and key not in fields:
            fields[key] = value.strip()
    close()
    return adapters


def bluetooth_offers(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    processes = host.processes()
    if not processes:
        unread.append("whether Bluetooth is on")
        return []
    hidden = others_hidden(host, processes)  # then bluetoothd may run unseen: ask bluetoothctl all the same
    if "bluetoothd" not in {p.name for p in processes} and not hidden:
        evidence.append(Evidence("Bluetooth", "the Bluetooth service (bluetoothd) is not running"))
        return []
    if hidden:
        evidence.append(Evidence("Bluetooth", HIDDEN))
    result = host.run(["bluetoothctl", "show"], timeout=3)
    if result.ran and not result.truncated and result.stdout.strip() == NO_ADAPTER:
        # bluetoothctl's whole answer with no adapter, printed with exit code 1 (BlueZ 5.66, recorded)
        evidence.append(Evidence("bluetoothctl show", "no Bluetooth adapter"))
        return []
    if not result.ok:
        evidence.append(Evidence("bluetoothctl show", result.problem()))
        unread.append("whether Bluetooth is visible to others")
        return []
    adapters = parse_show(result.stdout)
    if not adapters and result.stdout.strip() and NO_ADAPTER not in result.stdout:
        # an answer with no "Controller" line that is not bluetoothctl's "no adapter" sentence: cut short or
        # garbled, so it cannot say that nothing is visible
        evidence.append(Evidence("bluetoothctl show", "an answer Homeguard could not read"))
        unread.append("whether Bluetooth is visible to others")
        return []
    if not adapters:
        evidence.append(Evidence("bluetoothctl show", "no Bluetooth adapter"))
        return []
    offered: list[Offered] = []
    for adapter in adapters:
        visible = adapter.powered and adapter.discoverable
        timeout = "unknown" if adapter.timeout is None else f"{adapter.timeout} s"
        evidence.append(Evidence("bluetoothctl show", f"{adapter.name or adapter.address}: powered "
                                 f"{'yes' if adapter.powered else 'no'}, discoverable "
                                 f"{'yes' if adapter.discoverable else 'no'}, discoverable timeout {timeout}"))
        if not visible:
            continue
        if adapter.timeout:
            offered.append(Offered(f"Bluetooth is visible to every device nearby for a few minutes (it stops on its "
                                   f"own after {adapter.timeout} seconds)", Reach.LIMITED, TURN_OFF))
        else:
            offered.append(Offered("Bluetooth is left visible to every device nearby, with no time limit",
                                   Reach.OPEN, TURN_OFF))
    return offered
