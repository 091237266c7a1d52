"""How automatic-updates looks on Linux: every service that can install updates by itself, read without root.

Each service found gives one of four answers: it installs updates (security fixes included) by itself; it only
downloads them or tells someone about them; it is there but switched off; or Homeguard could not read it. The best
answer wins: one service that installs updates is enough.

* apt / unattended-upgrades (apt.py): apt's own reading of its settings, and whether its two daily timers run:
  one refreshes the package lists, the other installs what they say is new; without the first, unattended-upgrades
  only installs what something else has found.
* Timers are judged by their links (services.py), without systemctl.
* GNOME Software answers ``gsettings`` with built-in defaults even on computers without GNOME, so its settings are
  only read inside a GNOME session (see checks.local.common.desktop). Discover's settings count only in Plasma.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import ini_value, is_true, parse_ini
from checks.local.common.desktop import Desktop, find_desktop

from .apt import apt_mechanism
from .services import INSTALLS, OFF, PARTLY, UNKNOWN, Mechanism, timer_state

DNF_AUTOMATIC_CONF = "/etc/dnf/automatic.conf"
DNF5_AUTOMATIC_DEFAULTS = "/usr/share/dnf5/dnf5-plugins/automatic.conf"
# Timers of dnf-automatic (dnf 4) and dnf5's automatic plugin, and what each one does.
DNF_TIMERS = {
    "dnf-automatic-install.timer": INSTALLS,
    "dnf-automatic.timer": "config",
    "dnf5-automatic.timer": "config",
    "dnf-automatic-download.timer": PARTLY,
    "dnf-automatic-notifyonly.timer": PARTLY,
}

RPM_OSTREED_CONF = "/etc/rpm-ostreed.conf"
TRANSACTIONAL_UPDATE = "/usr/sbin/transactional-update"
MINTUPDATE = "/usr/bin/mintupdate"
MINT_AUTO_FLAG = "/var/lib/linuxmint/mintupdate-automatic-upgrades-enabled"

GSETTINGS = "gsettings"
DISCOVER_USER = "~/.config/PlasmaDiscoverUpdates"
DISCOVER_SYSTEM = "/etc/xdg/PlasmaDiscoverUpdates"
DISCOVER_NOTIFIER = "/etc/xdg/autostart/org.kde.discover.notifier.desktop"


# -- dnf-automatic ----------------------------------------------------------------------------------------------

def read_ini_file(host: Host, path: str) -> dict[str, dict[str, str]] | None:
    text = host.read_text(path)
    return parse_ini(text) if text is not None else None


def dnf_mechanism(host: Host, evidence: list[Evidence]) -> Mechanism | None:
    enabled = [t for t in DNF_TIMERS if timer_state(host, t) == "enabled"]
    has_conf = host.exists(DNF_AUTOMATIC_CONF) or host.exists(DNF5_AUTOMATIC_DEFAULTS)
    if not enabled and not has_conf:
        return None
    name = "dnf-automatic"
    evidence.append(Evidence("dnf-automatic timers", (", ".join(enabled) + " switched on") if enabled
                             else "none switched on"))
    if not enabled:
        return Mechanism(name, OFF, "dnf-automatic is installed but its timer is not switched on")
    if any(DNF_TIMERS[t] == INSTALLS for t in enabled):
        return Mechanism(name, INSTALLS, "dnf-automatic installs updates by itself")
    if any(DNF_TIMERS[t] == "config" for t in enabled):
        values: dict[str, str] = {}
        try:
            for path in (DNF5_AUTOMATIC_DEFAULTS, DNF_AUTOMATIC_CONF):  # dnf5: defaults first, /etc wins
                for section, items in (read_ini_file(host, path) or {}).items():
                    if section.lower() == "commands":
                        values.update({k.lower(): v for k, v in items.items()})
        except AccessDenied as exc:
            return Mechanism(name, UNKNOWN, f"dnf-automatic's settings could not be read ({exc})")
        evidence.append(Evidence(DNF_AUTOMATIC_CONF, f"apply_updates = {values.get('apply_updates', 'not set')}, "
                                 f"download_updates = {values.get('download_updates', 'not set')}"))
        if is_true(values.get("apply_updates")):
            return Mechanism(name, INSTALLS, "dnf-automatic installs updates by itself")
        if is_true(values.get("download_updates")):
            return Mechanism(name, PARTLY, "dnf-automatic downloads updates but does not install them "
                             "(apply_updates is not yes)")
        return Mechanism(name, PARTLY, "dnf-automatic only checks for updates (apply_updates is not yes)")
    return Mechanism(name, PARTLY, "dnf-automatic only downloads updates or reports them")


# -- image-based systems ----------------------------------------------------------------------------------------

def rpm_ostree_mechanism(host: Host, evidence: list[Evidence]) -> Mechanism | None:
    if not host.exists(RPM_OSTREED_CONF):
        return None
    name = "rpm-ostree"
    try:
        sections = read_ini_file(host, RPM_OSTREED_CONF) or {}
    except AccessDenied as exc:
        return Mechanism(name, UNKNOWN, f"rpm-ostree's settings could not be read ({exc})")
    policy = (ini_value(sections, "Daemon", "AutomaticUpdatePolicy") or "none").strip().lower()
    timer = timer_state(host, "rpm-ostreed-automatic.timer")
    evidence.append(Evidence(RPM_OSTREED_CONF, f"AutomaticUpdatePolicy={policy}; rpm-ostreed-automatic.timer {timer}"))
    if timer != "enabled" or policy in ("none", "off"):
        return Mechanism(name, OFF, "rpm-ostree does not update the system by itself")
    if policy in ("stage", "apply", "ex-apply"):
        return Mechanism(name, INSTALLS, "rpm-ostree prepares system updates by itself and they take effect at "
                         "the next restart")
    if policy == "check":
        return Mechanism(name, PARTLY, "rpm-ostree only checks for updates")
    return Mechanism(name, UNKNOWN, f"rpm-ostree's update policy \u201c{policy}\u201d is not one Homeguard knows")


def transactional_update_mechanism(host: Host, evidence: list[Evidence]) -> Mechanism | None:
    if not host.exists(TRANSACTIONAL_UPDATE):
        return None
    timer = timer_state(host, "transactional-update.timer")
    evidence.append(Evidence("transactional-update.timer", timer))
    if timer == "enabled":
        return Mechanism("transactional-update", INSTALLS, "transactional-update installs updates every day, "
                         "taking effect at the next restart")
    return Mechanism("transactional-update", OFF, "transactional-update's daily timer is not switched on")


def mint_mechanism(host: Host, evidence: list[Evidence]) -> Mechanism | None:
    if not (host.exists(MINTUPDATE) or host.which("mintupdate")):
        return None
    on = host.exists(MINT_AUTO_FLAG)
    evidence.append(Evidence(MINT_AUTO_FLAG, "present" if on else "not present"))
    if on:
        return Mechanism("Update Manager", INSTALLS, "Linux Mint's Update Manager installs updates by itself")
    return Mechanism("Update Manager", PARTLY, "Linux Mint's Update Manager tells you about updates but does not "
                     "install them by itself")


# -- desktop software centres -----------------------------------------------------------------------------------

def gnome_software_mechanism(host: Host, desktop: Desktop, evidence: list[Evidence]) -> Mechanism | None:
    if desktop.id != "gnome":
        if host.which(GSETTINGS):
            evidence.append(Evidence("GNOME Software settings", f"not read: this is not a GNOME session "
                                     f"({desktop.name}), and outside one gsettings only shows built-in defaults"))
        return None
    values: dict[str, str] = {}
    for key in ("allow-updates", "download-updates"):
        argv = [GSETTINGS, "get", "org.gnome.software", key]
        result = host.run(argv, timeout=5)
        if not result.ok:
            if result.ran and "no such schema" in (result.stderr + result.stdout).lower():
                evidence.append(Evidence(" ".join(argv), "GNOME Software is not installed"))
                return None
            evidence.append(Evidence(" ".join(argv), result.problem()))
            return Mechanism("GNOME Software", UNKNOWN, f"GNOME Software's settings could not be read "
                             f"({result.problem().rstrip('.')})")
        values[key] = result.stdout.strip()
        evidence.append(Evidence(" ".join(argv), values[key] or "(nothing)"))
    if any(v not in ("true", "false") for v in values.values()):
        return Mechanism("GNOME Software", UNKNOWN, "GNOME Software's settings were not in a form Homeguard "
                         "understands")
    if values["allow-updates"] == "false":
        return Mechanism("GNOME Software", OFF, "GNOME Software is set not to handle updates")
    if values["download-updates"] == "true":
        return Mechanism("GNOME Software", PARTLY, "GNOME Software downloads updates by itself, but system "
                         "updates only install when you restart from it")
    return Mechanism("GNOME Software", PARTLY, "GNOME Software tells you about updates but does not download "
                     "them")


def discover_mechanism(host: Host, desktop: Desktop, evidence: list[Evidence]) -> Mechanism | None:
    if desktop.id != "kde":
        return None
    try:
        system = read_ini_file(host, DISCOVER_SYSTEM) or {}
        user = read_ini_file(host, DISCOVER_USER) or {}
    except AccessDenied as exc:
        return Mechanism("Discover", UNKNOWN, f"Discover's settings could not be read ({exc})")
    value = discover_setting(system, user)
    evidence.append(Evidence(DISCOVER_USER, f"UseUnattendedUpdates={value if value is not None else 'not set'}"))
    if is_true(value):
        return Mechanism("Discover", INSTALLS, "Discover installs updates by itself")
    if host.exists(DISCOVER_NOTIFIER):
        return Mechanism("Discover", PARTLY, "Discover tells you about updates but does not install them by itself")
    return Mechanism("Discover", OFF, "Discover is not set to install updates by itself")


def discover_setting(system: dict[str, dict[str, str]], user: dict[str, dict[str, str]]) -> str | None:
    """KDE's rule: the user's file wins, unless the system file locks the key with ``[$i]``."""
    locked = ini_value(system, "Global", "UseUnattendedUpdates[$i]")
    if locked is not None:
        return locked
    for sections in (user, system):
        value = ini_value(sections, "Global", "UseUnattendedUpdates")
        if value is not None:
            return value
    return None


# -- verdict ----------------------------------------------------------------------------------------------------

def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))

    found: list[Mechanism] = []
    if host.which("apt-config"):
        found.append(apt_mechanism(host, evidence))
    for look in (dnf_mechanism, rpm_ostree_mechanism, transactional_update_mechanism, mint_mechanism):
        mechanism = look(host, evidence)
        if mechanism:
            found.append(mechanism)
    for look_desktop in (gnome_software_mechanism, discover_mechanism):
        mechanism = look_desktop(host, desktop, evidence)
        if mechanism:
            found.append(mechanism)

    by_level = {level: [m for m in found if m.level == level] for level in (INSTALLS, PARTLY, OFF, UNKNOWN)}
    if by_level[INSTALLS]:
        return finding(Status.PASS, f"Updates install themselves: {by_level[INSTALLS][0].words}.", evidence,
                       desktop.id)
    if by_level[PARTLY]:
        return finding(Status.PARTIAL, f"Updates do not fully install themselves: {by_level[PARTLY][0].words}.",
                       evidence, desktop.id)
    if by_level[UNKNOWN]:
        return finding(Status.UNKNOWN, f"Could not tell whether updates install themselves: "
                       f"{by_level[UNKNOWN][0].words}.", evidence, desktop.id)
    if by_level[OFF]:
        return finding(Status.FAIL, f"Updates do not install themselves: {by_level[OFF][0].words}.", evidence,
                       desktop.id)
    return finding(Status.UNKNOWN, "Could not tell: Homeguard found none of the automatic update services it knows "
                   "on this computer.", evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The automatic update services this computer has: unattended-upgrades (apt's settings, read with "
    "`apt-config dump`, and whether apt's daily timers that fetch the list of updates and install them are "
    "switched on), dnf-automatic and rpm-ostree (their settings files and whether their timers are "
    "switched on), openSUSE's transactional-update timer, Linux Mint's Update Manager automation, and, only "
    "inside a GNOME or KDE Plasma session, GNOME Software's and Discover's own update settings."
)

FIXES = {
    "linux": Fix(
        steps=(
            "On Debian, Ubuntu and Linux Mint, install the \u201cunattended-upgrades\u201d package and switch it "
            "on: in a terminal, \u201csudo apt install unattended-upgrades\u201d, then "
            "\u201csudo dpkg-reconfigure -plow unattended-upgrades\u201d and answer Yes.",
            "On Ubuntu you can also open \u201cSoftware & Updates\u201d, go to the Updates tab and choose to "
            "download and install security updates automatically.",
            "On Fedora, install \u201cdnf-automatic\u201d, set apply_updates = yes in /etc/dnf/automatic.conf and "
            "switch on its timer.",
        ),
        more_info="https://wiki.debian.org/UnattendedUpgrades",
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Software, open its menu and choose Update Preferences.",
            "Switch on Automatic Updates.",
            "Updates of the system itself are then downloaded for you; restart when Software asks, so they "
            "install.",
        ),
        settings_command=("gnome-software", "--mode=updates"),
        more_info="https://help.gnome.org/users/gnome-software/stable/",
    ),
    "linux:kde": Fix(
        steps=(
            "Open System Settings and go to Software Update.",
            "Set \u201cUpdate software\u201d to Automatically.",
        ),
        settings_command=("systemsettings", "kcm_updates"),
        more_info="https://userbase.kde.org/Discover",
    ),
}
