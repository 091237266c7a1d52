"""How sharing looks on Linux: Samba file shares, GNOME's media and file sharing, CUPS printers, Bluetooth.

Screen sharing, Remote Desktop, VNC and SSH are remote-access's, not this check's.

* Samba (samba.py): the shares in smb.conf and the folders shared from the file manager (usershares); guest access
  makes a share open to anyone on the network.
* GNOME's Sharing panel (gnome-settings-daemon's sharing plugin) turns on Media Sharing (Rygel, which lets any
  device on the network play your music, pictures and videos, with no password) and Personal File Sharing
  (gnome-user-share, WebDAV) per network connection: ``enabled-connections`` of the relocatable schema
  ``org.gnome.settings-daemon.plugins.sharing.service`` at ``/org/gnome/settings-daemon/plugins/sharing/<service>/``
  lists the connections where each runs (``@as []`` = off). Personal File Sharing asks for a password only when
  ``org.gnome.desktop.file-sharing require-password`` is ``always``. Media Sharing is served by Rygel's own
  program (/usr/bin/rygel): with Rygel removed, a switch left on shares nothing. The sharing plugin runs only
  inside a GNOME session, so these are read there, and in any desktop session Homeguard does not recognise
  (outside GNOME, gsettings answers the built-in default, off, which is then the truth). With no desktop session
  at all, nothing runs them. Run as root (sudo), gsettings answers root's own settings (its defaults: off), never
  the person's, so then whether they are on is "could not tell". (Debian gnome-settings-daemon 43 and
  gnome-user-share 43 schemas.)
* Printers (cups.py) and Bluetooth visibility (bluetooth.py).
"""

from __future__ import annotations

from auditor.check import CheckContext
from auditor.host import CommandOutcome, Host
from auditor.model import Evidence, Finding, Fix
from checks.local.common.desktop import AS_ROOT, find_desktop, reads_roots_own_settings

from .offered import Offered, Reach, verdict

SHARING_SCHEMA = "org.gnome.settings-daemon.plugins.sharing.service"
SHARING_PATH = "/org/gnome/settings-daemon/plugins/sharing/{}/"
SHARING_SCHEMA_FILE = "org.gnome.settings-daemon.plugins.sharing.gschema.xml"  # gnome-settings-daemon-common 43
FILE_SHARING_SCHEMA = "org.gnome.desktop.file-sharing"
TURN_OFF_GNOME = "Settings, Sharing: switch it off"
TURN_OFF_PRINTERS = ("open http://localhost:631/admin and untick \u201cShare printers connected to this system\u201d, "
                     "or run \u201csudo cupsctl --no-share-printers\u201d")


def probe(ctx: CheckContext) -> Finding:
    # Imported here, in the probe's own thread beside the slowest check, not on the main thread as the checks load.
    from .bluetooth import bluetooth_offers
    from .cups import printer_offer, printer_sharing
    from .samba import samba_offers

    host = ctx.host
    evidence: list[Evidence] = []
    unread: list[str] = []
    desktop = find_desktop(host)
    offered = samba_offers(host, evidence, unread)
    if desktop.id in ("gnome", "other"):  # a session Homeguard does not recognise may be GNOME's: read it too
        offered += gnome_sharing(host, evidence, unread)
    else:
        evidence.append(Evidence("GNOME media and file sharing", f"not read: {desktop.name} ({desktop.how_found})"))
    printers = printer_sharing(host, evidence)
    if printers is not None and printers.shared is None:
        unread.append("whether printers are shared")
    elif printers is not None and printers.shared:
        offered.append(printer_offer(printers, TURN_OFF_PRINTERS))
    offered += bluetooth_offers(host, evidence, unread)
    return verdict(offered, unread, evidence, nothing="Nothing on this computer is shared with others nearby: no "
                   "shared folders, media or printers, and Bluetooth is not visible to strangers.", desktop=desktop.id)


def gnome_sharing(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    """GNOME's Media Sharing and Personal File Sharing, on for at least one network connection."""
    offered: list[Offered] = []
    for service, name in (("rygel", "Media Sharing"), ("gnome-user-share-webdav", "Personal File Sharing")):
        argv = ["gsettings", "get", f"{SHARING_SCHEMA}:{SHARING_PATH.format(service)}", "enabled-connections"]
        result = host.run(argv, timeout=3)
        said = f"{result.stderr}\n{result.stdout}"
        if result.ran and "No such schema" in said:
            evidence.append(Evidence(f"GNOME {name}", "not installed (no sharing settings schema)"))
            return offered
        if result.outcome is CommandOutcome.MISSING and not _schema_installed(host):
            evidence.append(Evidence("GNOME media and file sharing", "not installed (no gsettings and no sharing "
                                     "settings schema)"))
            return offered
        if not result.ok:
            evidence.append(Evidence(f"GNOME {name}", result.problem()))
            unread.append(f"whether GNOME {name} is on")
            continue
        if reads_roots_own_settings(host):  # the schema is there, but the value read is root's own
            evidence.append(Evidence(f"GNOME {name}", AS_ROOT))
            unread.append(f"whether GNOME {name} is on (run Homeguard without sudo to see it)")
            continue
        value = result.stdout.strip()
        on = value not in ("@as []", "[]")
        evidence.append(Evidence(f"GNOME {name} ({service} enabled-connections)", value or "nothing"))
        if not on:
            continue
        if service == "rygel" and host.which("rygel") is None:
            # GNOME's sharing plugin starts Rygel's own program (/usr/bin/rygel in Debian's rygel 0.42); without it
            # the switch is left on in the settings but nothing is served
            evidence.append(Evidence(f"GNOME {name}", "switched on in the settings, but Rygel, the program that "
                                     "serves it, is not installed, so nothing is shared"))
            continue
        if service == "rygel":
            offered.append(Offered("Media Sharing: any device on your network can play your music, pictures and "
                                   "videos, with no password", Reach.OPEN, TURN_OFF_GNOME))
        else:
            offered.append(_file_sharing(host, evidence))
    return offered


def _schema_installed(host: Host) -> bool:
    """Whether gnome-settings-daemon's sharing schema file is where GLib looks (GSETTINGS_SCHEMA_DIR, then
    glib-2.0/schemas under each of XDG_DATA_DIRS): without gsettings, the only sign the sharing plugin is there."""
    folders = [host.env("GSETTINGS_SCHEMA_DIR") or ""]
    folders += [f"{d.rstrip('/')}/glib-2.0/schemas"
                for d in (host.env("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":") if d]
    return any(host.exists(f"{folder}/{SHARING_SCHEMA_FILE}") for folder in folders if folder)


def _file_sharing(host: Host, evidence: list[Evidence]) -> Offered:
    result = host.run(["gsettings", "get", FILE_SHARING_SCHEMA, "require-password"], timeout=3)
    value = result.stdout.strip().strip("'") if result.ok else ""
    evidence.append(Evidence(f"gsettings get {FILE_SHARING_SCHEMA} require-password",
                             value or result.problem() or "nothing"))
    if value == "always":
        return Offered("Personal File Sharing (your Public folder), with a password", Reach.LIMITED, TURN_OFF_GNOME)
    if not result.ok:  # on, but whether it asks for a password is unknown: its default ('never') is the likely case
        return Offered("Personal File Sharing: your Public folder is shared, probably without a password (Homeguard "
                       "could not read that setting)", Reach.OPEN, TURN_OFF_GNOME)
    return Offered("Personal File Sharing: your Public folder can be opened without a password", Reach.OPEN,
                   TURN_OFF_GNOME)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Samba file shares (/etc/samba/smb.conf, and folders shared from the file manager: `net usershare info "
    "--long`), whether Samba's server runs, GNOME's Media Sharing and Personal File Sharing (inside a GNOME "
    "session), printer sharing (`cupsctl`), and whether Bluetooth is visible to every device nearby "
    "(`bluetoothctl show`). Screen sharing and remote login belong to the remote-access check."
)

ADMIN_NOTE = (
    "Folders shared from the file manager (usershares) can be listed only by members of the group allowed to make "
    "them (sambashare on Debian and Ubuntu) or by an administrator; without that, Homeguard says it could not read "
    "them."
)

_COMMON_STEPS = (
    "For a folder shared from the file manager: right-click it, open Sharing Options (or Properties, Share) and "
    "untick sharing, or at least \u201cGuest access\u201d.",
    "For a share in /etc/samba/smb.conf: remove it, or set \u201cguest ok = no\u201d, then restart Samba "
    "(\u201csudo systemctl restart smbd\u201d). Uninstall Samba if nobody uses it.",
    "To stop sharing printers: \u201csudo cupsctl --no-share-printers\u201d.",
    "To hide Bluetooth: \u201cbluetoothctl discoverable off\u201d, or close the Bluetooth settings.",
)

FIXES = {
    "linux": Fix(steps=_COMMON_STEPS, more_info="https://www.samba.org/samba/docs/current/man-html/smb.conf.5.html"),
    "linux:gnome": Fix(
        steps=("Open Settings, then Sharing, and switch off Media Sharing and File Sharing unless you use them on "
               "purpose.", *_COMMON_STEPS),
        settings_command=("gnome-control-center", "sharing"),
        more_info="https://help.gnome.org/users/gnome-help/stable/sharing.html",
    ),
    "linux:kde": Fix(
        steps=("In Dolphin, right-click each shared folder, open Properties, then Share, and untick sharing.",
               *_COMMON_STEPS[1:]),
        settings_command=("systemsettings", "kcm_bluetooth"),
        more_info="https://www.samba.org/samba/docs/current/man-html/smb.conf.5.html",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "GNOME Media Sharing and Personal File Sharing switched on by GNOME Settings itself (the values tested were set "
    "with the real gsettings and Debian's own schemas)",
    "A share in smb.conf opened by \u201cpublic = yes\u201d alone, or closed by \u201cavailable = no\u201d "
    "(smb.conf(5); not seen in a real file)",
    "Shares kept in Samba's registry, read with \u201cnet conf list\u201d (a real smb.conf pointing there was "
    "seen; net's answer was not recorded), and shares in a file smb.conf includes",
    "A computer that hides other accounts' running programs (/proc mounted with hidepid; the /proc/mounts line "
    "tested is a parser's sample, the option's effect was seen on a real machine through mount and ps)",
)
