"""apt and unattended-upgrades: whether apt's daily jobs install security updates by themselves.

``apt-config dump`` gives apt's own reading of every apt.conf.d file (read in lexical order, later files winning;
comments, ``#clear`` and nested blocks handled), so nothing of apt's syntax is re-implemented here. What the
values mean comes from /usr/lib/apt/apt.systemd.daily, which runs the jobs: its "update" part (apt-daily.timer)
refreshes the package lists when APT::Periodic::Update-Package-Lists is on, and its "install" part
(apt-daily-upgrade.timer) runs unattended-upgrade, which installs what those lists say is new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.host import Host
from auditor.model import Evidence

from .services import INSTALLS, OFF, PARTLY, UNKNOWN, Mechanism, timer_state

APT_CONFIG_DUMP = ("apt-config", "dump")
_INTERVAL = re.compile(r"(\d+)[smhd]?")
LIST_TIMER = "apt-daily.timer"  # runs `apt.systemd.daily update`: the list refresh (apt-daily-upgrade.timer installs)
UPGRADE_TIMER = "apt-daily-upgrade.timer"
UU_PROGRAM = "/usr/bin/unattended-upgrade"


@dataclass
class AptConfig:
    values: dict[str, str]
    lists: dict[str, list[str]]


def parse_apt_config_dump(text: str) -> AptConfig:
    """``apt-config dump`` lines: ``Key::Name "value";``, and list items as ``Key::Name:: "item";``."""
    values: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line.endswith(";") or " " not in line:
            continue
        key, _, rest = line[:-1].partition(" ")
        value = rest.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if key.endswith("::"):
            lists.setdefault(key[:-2], []).append(value)
        else:
            values[key] = value
    return AptConfig(values, lists)


def periodic_on(value: str | None) -> bool:
    """APT::Periodic intervals as /usr/lib/apt/apt.systemd.daily reads them: ``always`` (every run), or a whole
    number of days, or of seconds, minutes or hours with the suffix s, m or h (``d`` for days may be written too);
    0 is never. Anything else counts as off, so a value Homeguard cannot read never makes a pass."""
    if value is None:
        return False
    value = value.strip().lower()
    if value == "always":
        return True
    match = _INTERVAL.fullmatch(value)
    return match is not None and int(match.group(1)) > 0


def periodic_settings(config: AptConfig) -> tuple[dict[str, str], str]:
    """APT::Periodic values by lower-cased name, and the same in words as the dump spelt them. apt reads names
    without regard to case and its dump keeps the first spelling it met (``APT::periodic::update-package-lists``
    is the same setting), so names are compared in lower case."""
    periodic: dict[str, str] = {}
    shown: list[str] = []
    for key, value in config.values.items():
        if key.lower().startswith("apt::periodic::"):
            name = key.rsplit("::", 1)[1]
            periodic[name.lower()] = value
            shown.append(f'{name} "{value}"')
    return periodic, ", ".join(sorted(shown, key=str.lower)) or "nothing set"


def origins(config: AptConfig) -> list[str]:
    """The sources unattended-upgrades takes updates from (Origins-Pattern, or the older Allowed-Origins)."""
    wanted = ("unattended-upgrade::origins-pattern", "unattended-upgrade::allowed-origins")
    return [item for key, items in config.lists.items() if key.lower() in wanted for item in items]


def stale_lists(host: Host, update_lists: str | None, evidence: list[Evidence]) -> str:
    """Why apt's package lists are not refreshed by itself, in words, or "" when they are.

    unattended-upgrade installs what the package lists say is new, and never fetches them itself: apt.systemd.daily
    runs ``apt-get update`` only when APT::Periodic::Update-Package-Lists is on (its own documentation: "Do
    'apt-get update' automatically every n-days (0=disable)"), from apt-daily.timer. Without that, it only sees a
    new security fix after a person runs ``apt update`` or a software centre refreshes the lists: partly done (it
    does install what they find), never a pass."""
    if not periodic_on(update_lists):
        shown = "not set" if update_lists is None else f'"{update_lists}"'
        return f"apt is set not to fetch the list of new updates (APT::Periodic::Update-Package-Lists {shown})"
    timer = timer_state(host, LIST_TIMER)
    if timer != "absent":
        evidence.append(Evidence(LIST_TIMER, timer))
    if timer in ("masked", "disabled"):
        return f"the daily job that fetches the list of new updates is switched off ({timer})"
    return ""


def apt_mechanism(host: Host, evidence: list[Evidence]) -> Mechanism:
    name = "unattended-upgrades"
    result = host.run(list(APT_CONFIG_DUMP), timeout=5)
    command = " ".join(APT_CONFIG_DUMP)
    if not result.ok:
        evidence.append(Evidence(command, result.problem()))
        return Mechanism(name, UNKNOWN, f"apt's update settings could not be read ({result.problem().rstrip('.')})")
    config = parse_apt_config_dump(result.stdout)
    periodic, shown = periodic_settings(config)
    evidence.append(Evidence(command, f"APT::Periodic: {shown}"))
    installed = host.exists(UU_PROGRAM) or bool(host.which("unattended-upgrade"))
    evidence.append(Evidence(UU_PROGRAM, "installed" if installed else "not installed"))

    if periodic.get("enable", "1").strip() == "0":
        return Mechanism(name, OFF, "apt's daily update jobs are switched off (APT::Periodic::Enable \"0\")")
    if periodic_on(periodic.get("unattended-upgrade")):
        if not installed:
            return Mechanism(name, OFF, "apt is set to install updates by itself, but the unattended-upgrades "
                             "package that does it is not installed")
        timer = timer_state(host, UPGRADE_TIMER)
        evidence.append(Evidence(UPGRADE_TIMER, timer))
        if timer in ("masked", "disabled"):
            return Mechanism(name, OFF, f"unattended-upgrades is set up, but the daily timer that runs it is "
                             f"switched off ({timer})")
        sources = origins(config)
        if sources:
            evidence.append(Evidence("unattended-upgrades sources", "; ".join(sources)))
            if not any("security" in o.lower() for o in sources):
                return Mechanism(name, PARTLY, "unattended-upgrades installs updates, but its settings leave out "
                                 "the security updates")
        stale = stale_lists(host, periodic.get("update-package-lists"), evidence)
        if stale:
            return Mechanism(name, PARTLY, f"unattended-upgrades is switched on, but {stale}, so it only installs "
                             "updates that something else has found first")
        return Mechanism(name, INSTALLS, "unattended-upgrades installs security updates every day")
    if periodic_on(periodic.get("download-upgradeable-packages")):
        return Mechanism(name, PARTLY, "apt downloads updates every day but does not install them")
    if installed:
        return Mechanism(name, OFF, "unattended-upgrades is installed but switched off")
    return Mechanism(name, OFF, "unattended-upgrades, which installs security updates by itself, is not installed")

