"""How location-services looks on Linux: GeoClue, the one location service Linux desktops use.

Linux itself has no location service. Desktops that offer one use GeoClue (``geoclue-2.0`` on Debian and Ubuntu,
``geoclue2`` elsewhere): a system service started on demand over D-Bus (its unit has ``Type=dbus``), run from
/usr/libexec/geoclue (Debian, Ubuntu, Fedora) or /usr/lib/geoclue (Arch). Without it no app can ask Linux where the
computer is, so the check does not apply.

With it, two things decide what apps get:

* /etc/geoclue/geoclue.conf (readable by everyone) lists the desktop "agents" that answer for the user and, per
  app, ``allowed=true`` for apps GeoClue lets in *without asking* the agent (``system=true`` marks parts of the
  desktop itself). Debian 12's file allows GNOME's date-and-time and colour panels and GNOME Shell (system), and
  the Epiphany and Firefox browsers, which ask per web site themselves (man geoclue.conf).
* An app added there by someone else (``allowed=true`` for anything but the two browsers) can read the location
  without the person ever being asked: that is named, for the person to check.
* Its sources (``[wifi]``, ``[3g]``, ``[cdma]``, ``[modem-gps]``, ``[network-nmea]``, ``[static-source]``) are on
  unless ``enable=false`` (man geoclue.conf); with every one off, GeoClue cannot find the location for any app.
  The static source reads /etc/geolocation, so without that file it gives nothing.
* ``systemctl mask geoclue.service`` switches it off for good: the unit becomes a link to /dev/null (or an empty
  file), which systemd loads nothing from (systemd.unit(5)), and GeoClue is only ever started through it.
* GNOME's agent follows the Location Services switch in Settings, ``org.gnome.system.location enabled`` (off by
  default in gsettings-desktop-schemas 43). ``gsettings`` is asked only inside a GNOME session: outside one it
  prints the built-in default, which says nothing about the desktop actually used (see screen_lock). Nor is it asked
  when Homeguard runs as root (sudo -E keeps XDG_CURRENT_DESKTOP): it would answer root's own setting, off.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import is_text, parse_ini
from checks.local.common.desktop import AS_ROOT, find_desktop, reads_roots_own_settings

PROGRAMS = ("/usr/libexec/geoclue", "/usr/lib/geoclue")
CONF = "/etc/geoclue/geoclue.conf"
CONF_DIR = "/etc/geoclue/conf.d"
GSETTINGS_ARGV = ("gsettings", "get", "org.gnome.system.location", "enabled")
PROCESS = "geoclue"
# geoclue.conf sections that configure GeoClue itself or its sources, not an app.
NOT_APPS = {"agent", "wifi", "3g", "cdma", "modem-gps", "network-nmea", "compass", "static-source"}
# The sections that are ways of finding the location (the compass only gives a heading).
SOURCES = ("wifi", "3g", "cdma", "modem-gps", "network-nmea", "static-source")
STATIC_FILE = "/etc/geolocation"
# `systemctl mask geoclue.service` (as a public script does to switch GeoClue off) links these to /dev/null.
MASKS = ("/etc/systemd/system/geoclue.service", "/run/systemd/system/geoclue.service")
# Apps upstream's geoclue.conf lets in without asking: web browsers, which ask the person for each web site.
BROWSERS = {"epiphany", "firefox"}
NOT_APPLICABLE = ("This computer has no location service (GeoClue is not installed), so apps cannot ask Linux "
                  "where it is.")


def allowed_apps(text: str) -> tuple[list[str], list[str]]:
    """Apps geoclue.conf lets in without asking: (apps, parts of the desktop marked system=true)."""
    apps: list[str] = []
    system: list[str] = []
    for section, values in parse_ini(text).items():
        if not section or section.lower() in NOT_APPS:
            continue
        if values.get("allowed", "").strip().lower() != "true":
            continue
        (system if values.get("system", "").strip().lower() == "true" else apps).append(section)
    return apps, system


def sources_on(text: str, static_file: bool) -> list[str]:
    """GeoClue's ways of finding the location that its settings leave on. A source is on unless its section says
    ``enable=false`` (GeoClue's own rule: a missing key means on); the static source also needs /etc/geolocation."""
    sections = {name.lower(): values for name, values in parse_ini(text).items()}
    on: list[str] = []
    for source in SOURCES:
        values = {k.strip().lower(): v.strip().lower() for k, v in sections.get(source, {}).items()}
        if values.get("enable") == "false" or (source == "static-source" and not static_file):
            continue
        on.append(source)
    return on


def _masked(host: Host, path: str) -> bool:
    """Whether a systemd unit path masks GeoClue: systemd loads nothing from an empty unit file or a link to
    /dev/null (which reads as empty), and GeoClue's D-Bus activation starts it only through that unit."""
    try:
        return host.read_text(path) == ""
    except AccessDenied:
        return False


def _read(host: Host, path: str, evidence: list[Evidence]) -> str | None:
    try:
        text = host.read_text(path)
    except AccessDenied:
        evidence.append(Evidence(path, "could not be read (the system refused)"))
        return None
    if text is not None and not is_text(text):
        evidence.append(Evidence(path, "not a text file"))
        return None
    return text


def _conf_files(host: Host, evidence: list[Evidence]) -> list[tuple[str, str]] | None:
    """geoclue.conf and any conf.d/*.conf after it (later files win); None when the main file cannot be read."""
    main = _read(host, CONF, evidence)
    if main is None:
        return None
    files = [(CONF, main)]
    try:
        extra = sorted(n for n in host.list_dir(CONF_DIR) if n.endswith(".conf"))
    except AccessDenied:
        evidence.append(Evidence(CONF_DIR, "could not be listed"))
        extra = []
    for name in extra:
        text = _read(host, f"{CONF_DIR}/{name}", evidence)
        if text is not None:
            files.append((f"{CONF_DIR}/{name}", text))
    return files


def _gnome_switch(host: Host, evidence: list[Evidence]) -> bool | None:
    result = host.run(list(GSETTINGS_ARGV), timeout=5.0)
    looked_at = " ".join(GSETTINGS_ARGV)
    if not result.ok:
        evidence.append(Evidence(looked_at, result.problem() or "no answer"))
        return None
    value = {"true": True, "false": False}.get(result.stdout.strip())
    evidence.append(Evidence(looked_at, result.stdout.strip() or "no answer"))
    return value


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    program = next((p for p in PROGRAMS if host.exists(p)), None)
    if program is None and not host.exists(CONF):
        return finding(Status.NOT_APPLICABLE, NOT_APPLICABLE,
                       [Evidence(", ".join((*PROGRAMS, CONF)), "none of them exists")])
    evidence = [Evidence("GeoClue", f"installed ({program or CONF})")]
    masked = next((path for path in MASKS if _masked(host, path)), None)
    if masked is not None:
        evidence.append(Evidence(masked, "masked (empty, or a link to /dev/null): GeoClue cannot be started"))
        return finding(Status.PASS, "GeoClue, the location service, is installed but switched off for good "
                       "(masked), so no app can ask it where this computer is.", evidence)
    running = any(p.name == PROCESS for p in host.processes())
    evidence.append(Evidence("GeoClue running now", "yes" if running else
                             "no (it starts by itself when an app asks for the location)"))
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))
    switch = None
    if desktop.id == "gnome" and reads_roots_own_settings(host):  # root's own switch (off), not the person's
        evidence.append(Evidence(" ".join(GSETTINGS_ARGV), AS_ROOT))
    elif desktop.id == "gnome":
        switch = _gnome_switch(host, evidence)
    if switch is False:
        return finding(Status.PASS, "Location Services is off in Settings, so apps cannot use this computer's "
                       "location.", evidence, desktop.id)

    files = _conf_files(host, evidence)
    if files is None:
        return finding(Status.UNKNOWN, f"Could not tell which apps may use the location: {CONF} could not be read.",
                       evidence, desktop.id)
    merged = "\n".join(text for _, text in files)
    apps, system = allowed_apps(merged)
    evidence.append(Evidence(f"{', '.join(p for p, _ in files)} (apps allowed without asking)",
                             ", ".join(apps) or "none"))
    if system:
        evidence.append(Evidence(f"{CONF} (parts of the desktop allowed)", ", ".join(system)))
    on = sources_on(merged, host.exists(STATIC_FILE))
    evidence.append(Evidence(f"{CONF} (ways of finding the location left on)", ", ".join(on) or "none"))
    if not on:
        return finding(Status.PASS, "GeoClue, the location service, is installed, but its settings switch off "
                       "every way it has of finding the location (Wi-Fi, mobile network, GPS), so no app can learn "
                       "where this computer is from it.", evidence, desktop.id)
    state = "is on in Settings" if switch else "is installed"
    others = [app for app in apps if app.lower() not in BROWSERS]
    if others:
        return finding(Status.PARTIAL, f"GeoClue, the location service, {state} and its settings let "
                       f"{', '.join(others)} see where this computer is without asking you. Check that you know "
                       f"{'each one' if len(others) > 1 else 'it'}.", evidence, desktop.id)
    allowed = (f"the apps it lets in without asking you are web browsers ({', '.join(apps)}), which ask for each "
               "web site themselves" if apps else "no app is let in without asking")
    return finding(Status.PASS, f"GeoClue, the location service, {state}; {allowed}.", evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Whether GeoClue, the location service Linux desktops use, is installed and running; the apps "
    "/etc/geoclue/geoclue.conf lets in without asking; and in GNOME, the Location Services switch "
    "(`gsettings get org.gnome.system.location enabled`). Without GeoClue, apps cannot ask where the computer is."
)

FIXES = {
    "linux": Fix(
        steps=(
            "If you do not use maps, weather or automatic time zones, you can remove the location service: "
            "sudo apt remove geoclue-2.0 (Debian, Ubuntu) or your distribution's equivalent.",
            "To stop an app from being let in without asking, set allowed=false in its section of "
            "/etc/geoclue/geoclue.conf (as administrator).",
        ),
        more_info="https://gitlab.freedesktop.org/geoclue/geoclue/-/wikis/home",
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings, Privacy (or Privacy & Security), Location.",
            "Turn off Automatic Device Location, or turn it off for any app you do not know.",
        ),
        settings_command=("gnome-control-center", "location"),
        more_info="https://help.gnome.org/users/gnome-help/stable/privacy-location.html",
    ),
}

# Detections not yet backed by files recorded on a real machine (listed in the README).
UNVERIFIED = (
    "GeoClue with every way of finding the location switched off, or masked (the settings come from man "
    "geoclue.conf, systemd.unit(5) and real scripts that make them, not from a machine's own files)",
)
