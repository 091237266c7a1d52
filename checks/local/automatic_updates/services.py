"""What every Linux update service is judged by: four answers, one Mechanism each, and systemd timers read from
their links (``timers.target.wants/NAME``; a link to /dev/null reads as an empty file and means the unit is masked):
``systemctl`` needs a running systemd and is not needed to read two links."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.host import AccessDenied, Host

INSTALLS = "installs"
PARTLY = "partly"  # downloads or notifies, or installs but not security fixes, or works from stale lists
OFF = "off"
UNKNOWN = "unknown"

SYSTEMD_ETC = "/etc/systemd/system"
SYSTEMD_UNIT_DIRS = ("/usr/lib/systemd/system", "/lib/systemd/system", SYSTEMD_ETC)


@dataclass(frozen=True)
class Mechanism:
    name: str
    level: str
    words: str  # what it does, in a phrase that completes "Updates install themselves: ..." and similar



def timer_state(host: Host, name: str) -> str:
    """``enabled``, ``disabled``, ``masked`` or ``absent`` (no such unit here), from files and links alone."""
    override = f"{SYSTEMD_ETC}/{name}"
    if host.exists(override):
        try:
            text = host.read_text(override)
        except AccessDenied:
            text = None
        if text is not None and not text.strip():
            return "masked"
    if host.glob(f"{SYSTEMD_ETC}/*.wants/{name}"):
        return "enabled"
    if any(host.exists(f"{folder}/{name}") for folder in SYSTEMD_UNIT_DIRS):
        return "disabled"
    return "absent"

