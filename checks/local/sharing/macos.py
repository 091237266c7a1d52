"""How sharing looks on macOS: File Sharing, Media Sharing, AirPlay Receiver, Printer Sharing, Bluetooth Sharing.

Screen Sharing, Remote Management and Remote Login are remote-access's; AirDrop is airdrop-receiving's.

* File Sharing is the launchd job ``com.apple.smbd`` (``com.apple.AppleFileServer`` for AFP on old macOS), switched
  on and off in Sharing settings: ``launchctl print-disabled system`` (readable without admin rights) lists it
  ``=> enabled`` when on (``=> false`` up to macOS 12), the same switches remote-access reads. People sign in with an
  account on this Mac, unless guests are allowed: ``AllowGuestAccess`` in
  /Library/Preferences/SystemConfiguration/com.apple.smb.server (the CIS and mSCP rule "Disable SMB guest access").
* Media Sharing: ``defaults export com.apple.amp.mediasharingd -`` holds ``home-sharing-enabled`` (Home Sharing,
  for people signed in to the same Apple Account) and ``public-sharing-enabled`` ("Share media with guests": any
  device on the network); a domain never written is an empty dictionary, so off (and so is a refusal saying the
  domain "does not exist", should ``export`` answer as ``read`` does).
* AirPlay Receiver: ``AirplayRecieverEnabled`` (Apple's spelling) in com.apple.controlcenter, read for this Mac
  (``-currentHost``, where System Settings writes it) and then for the user; unset means on, macOS's default since
  macOS 12. Others can only show things on this screen, and as macOS sets it up only your own devices can, so it
  is a limited offer.
* Printer Sharing through CUPS (cups.py), as on Linux.
* Bluetooth Sharing (macOS 12 and older): ``PrefKeyServicesEnabled`` in com.apple.Bluetooth, for this Mac.
  A Mac is visible to new Bluetooth devices only while its Bluetooth settings are open, so there is no "left
  discoverable" setting to read.
"""

from __future__ import annotations

import plistlib

from auditor.check import CheckContext
from auditor.host import Host
from auditor.model import Evidence, Finding, Fix
from checks.local.common.macos import defaults_read
from checks.local.common.macos_prefs import macos_major, pref_bool
from checks.local.remote_access.macos import parse_overrides

from .cups import printer_offer, printer_sharing
from .offered import Offered, Reach, verdict

FILE_SHARING_JOBS = ("com.apple.smbd", "com.apple.AppleFileServer")
SMB_SERVER = "/Library/Preferences/SystemConfiguration/com.apple.smb.server"
MEDIA_DOMAIN = "com.apple.amp.mediasharingd"
AIRPLAY = ("com.apple.controlcenter", "AirplayRecieverEnabled")
AIRPLAY_SINCE = 12  # the first macOS with AirPlay Receiver (Monterey)
BLUETOOTH_SHARING = ("com.apple.Bluetooth", "PrefKeyServicesEnabled")
IN_SHARING = "System Settings, General, Sharing: switch off {}"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    unread: list[str] = []
    offered: list[Offered] = []
    offered += file_sharing(host, evidence, unread)
    offered += media_sharing(host, evidence, unread)
    offered += airplay_receiver(host, evidence, unread)
    printers = printer_sharing(host, evidence)
    if printers is not None and printers.shared is None:
        unread.append("whether Printer Sharing is on")
    elif printers is not None and printers.shared:
        offered.append(printer_offer(printers, IN_SHARING.format("Printer Sharing")))
    offered += bluetooth_sharing(host, evidence, unread)
    return verdict(offered, unread, evidence, nothing="Nothing on this Mac is shared with others nearby: File "
                   "Sharing, Media Sharing, AirPlay Receiver and Printer Sharing are off.")


def file_sharing(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    result = host.run(["launchctl", "print-disabled", "system"], timeout=5)
    if not result.ok or ("disabled services" not in result.stdout and not parse_overrides(result.stdout)):
        evidence.append(Evidence("launchctl print-disabled system", result.problem() or "an answer Homeguard does "
                                 "not understand"))
        unread.append("whether File Sharing is on")
        return []
    switches = parse_overrides(result.stdout)
    on = [job for job in FILE_SHARING_JOBS if switches.get(job)]
    evidence.append(Evidence("launchctl print-disabled system", "File Sharing (com.apple.smbd): "
                             + ("on" if on else "off" if "com.apple.smbd" in switches else "never switched on")))
    if not on:
        return []
    guest = defaults_read(host, SMB_SERVER, "AllowGuestAccess")
    allowed = pref_bool(guest.value) if guest.is_set else False
    evidence.append(Evidence(f"defaults read {SMB_SERVER} AllowGuestAccess",
                             guest.problem or (guest.value or "" if guest.is_set else "not set (guests not allowed)")))
    turn_off = IN_SHARING.format("File Sharing")
    if allowed:
        return [Offered("File Sharing with guest access: anyone on the network can open the shared folders without "
                        "a password", Reach.OPEN, turn_off)]
    if guest.problem or allowed is None:
        return [Offered("File Sharing (Homeguard could not read whether guests may connect)", Reach.LIMITED,
                        turn_off)]
    return [Offered("File Sharing, for people who sign in with an account on this Mac", Reach.LIMITED, turn_off)]


def media_sharing(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    looked_at = f"defaults export {MEDIA_DOMAIN} -"
    result = host.run(["defaults", "export", MEDIA_DOMAIN, "-"], timeout=5)
    try:
        data = plistlib.loads(result.stdout.encode("utf-8")) if result.ok else None
    except Exception:  # plistlib raises many kinds on text that is not a property list
        data = None
    if data is None and result.ran and not result.ok and "does not exist" in result.stderr.lower():
        data = {}  # "Domain ... does not exist", the wording `defaults read` uses: never written, so off
    if not isinstance(data, dict):
        evidence.append(Evidence(looked_at, result.problem() or "not a settings list Homeguard can read"))
        unread.append("whether Media Sharing is on")
        return []
    home, public = bool(data.get("home-sharing-enabled")), bool(data.get("public-sharing-enabled"))
    evidence.append(Evidence(looked_at, f"home-sharing-enabled {int(home)}, public-sharing-enabled {int(public)}"))
    turn_off = IN_SHARING.format("Media Sharing")
    if public:
        return [Offered("Media Sharing with guests: any device on the network can play your music, pictures and "
                        "videos", Reach.OPEN, turn_off)]
    if home:
        return [Offered("Home Sharing of your media, with people signed in to your Apple Account", Reach.LIMITED,
                        turn_off)]
    return []


def airplay_receiver(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    domain, key = AIRPLAY
    major = macos_major(host)
    if major is not None and major < AIRPLAY_SINCE:
        evidence.append(Evidence("AirPlay Receiver", f"not part of macOS {major} (it came with macOS 12)"))
        return []
    for current_host in (True, False):
        answer = defaults_read(host, domain, key, current_host=current_host)
        looked_at = f"defaults {'-currentHost ' if current_host else ''}read {domain} {key}"
        if answer.problem:
            evidence.append(Evidence(looked_at, answer.problem))
            unread.append("whether AirPlay Receiver is on")
            return []
        if answer.is_set:
            on = pref_bool(answer.value)
            evidence.append(Evidence(looked_at, answer.value or ""))
            if on is None:
                unread.append("whether AirPlay Receiver is on")
                return []
            break
        evidence.append(Evidence(looked_at, "not set"))
    else:
        on = True
        evidence.append(Evidence("AirPlay Receiver", "never set, so it is on (macOS's default since macOS 12)"))
    if not on:
        return []
    return [Offered("AirPlay Receiver: your devices (or others, if you allowed them) can show things on this "
                    "screen", Reach.LIMITED, "System Settings, General, AirDrop & Handoff: switch off AirPlay "
                    "Receiver, or set \u201cAllow AirPlay for\u201d to Current User")]


def bluetooth_sharing(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    domain, key = BLUETOOTH_SHARING
    answer = defaults_read(host, domain, key, current_host=True)
    looked_at = f"defaults -currentHost read {domain} {key}"
    if answer.problem:
        evidence.append(Evidence(looked_at, answer.problem))
        unread.append("whether Bluetooth Sharing is on")
        return []
    evidence.append(Evidence(looked_at, answer.value or "" if answer.is_set else "not set (off)"))
    if answer.is_set and pref_bool(answer.value) is None:  # a value that is neither on nor off is not "off"
        unread.append("whether Bluetooth Sharing is on")
        return []
    if answer.is_set and pref_bool(answer.value):
        return [Offered("Bluetooth Sharing: paired devices can send files to this Mac or browse its shared folder",
                        Reach.LIMITED, IN_SHARING.format("Bluetooth Sharing"))]
    return []


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "File Sharing (`launchctl print-disabled system`, and whether guests may connect: AllowGuestAccess in "
    "com.apple.smb.server), Media Sharing (`defaults export com.apple.amp.mediasharingd -`), AirPlay Receiver "
    "(AirplayRecieverEnabled in com.apple.controlcenter), Printer Sharing (`cupsctl`) and Bluetooth Sharing "
    "(PrefKeyServicesEnabled in com.apple.Bluetooth). All are read as you, without administrator rights. Screen "
    "Sharing and Remote Login belong to the remote-access check, AirDrop to airdrop-receiving."
)

ADMIN_NOTE = (
    "Which folders File Sharing offers, and to whom, is listed by `sharing -l`, which needs an administrator; "
    "without it Homeguard says whether File Sharing is on and whether guests may connect."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings, click General, then Sharing. Switch off File Sharing, Media Sharing, Printer "
            "Sharing and Bluetooth Sharing unless you use them on purpose. (macOS 12 and older: System Preferences, "
            "then Sharing.)",
            "If you keep File Sharing on, click the \u24d8 beside it, then Options, and make sure guests cannot "
            "connect; share only the folders you mean to.",
            "For AirPlay Receiver: System Settings, General, AirDrop & Handoff. Switch it off, or set \u201cAllow "
            "AirPlay for\u201d to Current User and require a password.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Sharing-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mh17131/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The launchctl line for File Sharing switched on (added to a real listing, as a real Mac's notes quote it)",
    "AllowGuestAccess for File Sharing (documented by CIS and mSCP, not recorded)",
    "Media Sharing switched on (home-sharing-enabled or public-sharing-enabled 1; a real Mac's settings with both 0 "
    "are recorded)",
    "AirPlay Receiver switched off (AirplayRecieverEnabled 0): only a real Mac's setting with it on is recorded",
    "The `defaults` lines for AirPlay Receiver and Bluetooth Sharing switched on: their values come from a real "
    "macOS 13.1 Mac's settings files (true), printed in the 1/0 form `defaults` is recorded using elsewhere",
)
