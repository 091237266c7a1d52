"""How automatic-updates looks on macOS: the switches under Software Update's "Automatic updates", read from disk.

The switches live in ``/Library/Preferences/com.apple.SoftwareUpdate.plist`` (and, for App Store apps, in
``/Library/Preferences/com.apple.commerce.plist``); both may be read by every user. A key that is not in the file
has never been changed, and macOS then uses its default. The defaults used here are "on" for every switch: that
is the default Apple documents for each of these keys in its Software Update configuration reference
(AutomaticCheckEnabled, AutomaticDownload, AutomaticallyInstallMacOSUpdates, AutomaticallyInstallAppUpdates,
CriticalUpdateInstall: default true), and how a new Mac is set up ("By default, macOS enables all the following
options", Macworld on Ventura's Software Update settings). A file that does not exist at all means that no switch
was ever changed.

* AutomaticCheckEnabled: "Check for updates". From macOS 15 this switch is gone and macOS always checks (osquery's
  software_update table reads it as always on from build 24), so it is only judged before macOS 15.
* AutomaticDownload: "Download new updates when available". macOS updates cannot install themselves without it.
* AutomaticallyInstallMacOSUpdates: "Install macOS updates".
* CriticalUpdateInstall and ConfigDataInstall: "Install Security Responses and system files" (one switch since
  macOS 13, two before): urgent security fixes, and XProtect / Gatekeeper data.
* com.apple.commerce AutoUpdate: "Install application updates from the App Store".

Values are read the way macOS reads them: a boolean, a number (0 off, anything else on) or the words
YES/NO/true/false. Anything else is not guessed: the answer is "could not tell".
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, CouldNotTell, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import read_plist

SOFTWARE_UPDATE_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
COMMERCE_PLIST = "/Library/Preferences/com.apple.commerce.plist"

# key -> (what the switch is called in System Settings, where it lives)
SWITCHES = {
    "AutomaticCheckEnabled": ("Check for updates", SOFTWARE_UPDATE_PLIST),
    "AutomaticDownload": ("Download new updates when available", SOFTWARE_UPDATE_PLIST),
    "AutomaticallyInstallMacOSUpdates": ("Install macOS updates", SOFTWARE_UPDATE_PLIST),
    "CriticalUpdateInstall": ("Install Security Responses", SOFTWARE_UPDATE_PLIST),
    "ConfigDataInstall": ("Install system data files", SOFTWARE_UPDATE_PLIST),
    "AutoUpdate": ("Install application updates from the App Store", COMMERCE_PLIST),
}
DEFAULT = True  # every switch above is on until someone turns it off
ALWAYS_CHECKS_FROM = 15  # macOS 15 and later always check for updates


def read_switch(value: object) -> bool | None:
    """A preference value as macOS reads a boolean: None when it is not a boolean in any form macOS accepts."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "true", "1"):
            return True
        if word in ("no", "false", "0"):
            return False
    return None


@dataclass(frozen=True)
class Switch:
    key: str
    on: bool
    set_by_someone: bool  # False: not in the file, so macOS's default applies

    def describe(self) -> str:
        state = "on" if self.on else "off"
        return state if self.set_by_someone else f"{state} (never changed: macOS's default)"


def _load(host: Host, path: str, evidence: list[Evidence]) -> dict[str, object]:
    try:
        plist = read_plist(host, path)
    except AccessDenied as exc:
        evidence.append(Evidence(path, "Homeguard was not allowed to read it"))
        raise CouldNotTell(f"Homeguard was not allowed to read {path}") from exc
    if plist.problem:
        evidence.append(Evidence(path, plist.problem))
        raise CouldNotTell(plist.problem)
    if plist.data is None:
        evidence.append(Evidence(path, "does not exist: no switch here was ever changed, macOS's defaults apply"))
        return {}
    return plist.data


def read_switches(host: Host, evidence: list[Evidence]) -> dict[str, Switch]:
    files = {SOFTWARE_UPDATE_PLIST: _load(host, SOFTWARE_UPDATE_PLIST, evidence),
             COMMERCE_PLIST: _load(host, COMMERCE_PLIST, evidence)}
    switches: dict[str, Switch] = {}
    for key, (label, path) in SWITCHES.items():
        data = files[path]
        if key not in data:
            switches[key] = Switch(key, DEFAULT, False)
        else:
            on = read_switch(data[key])
            if on is None:
                evidence.append(Evidence(f"{path}: {key}", f"{data[key]!r}: not a value Homeguard understands"))
                raise CouldNotTell(f"the setting \u201c{label}\u201d holds a value Homeguard does not understand")
            switches[key] = Switch(key, on, True)
        evidence.append(Evidence(f"{path}: {key}", f"{label}: {switches[key].describe()}"))
    return switches


def macos_major(host: Host) -> int | None:
    for word in (host.os_name() or "").split():
        head = word.split(".")[0]
        if head.isdigit():
            return int(head)
    return None


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    major = macos_major(host)
    evidence.append(Evidence("macOS version", host.os_name() or "not known"))
    try:
        s = read_switches(host, evidence)
    except CouldNotTell as exc:
        return finding(Status.UNKNOWN, f"Could not tell whether updates install themselves: {exc}.", evidence)

    always_checks = major is not None and major >= ALWAYS_CHECKS_FROM
    if always_checks:
        evidence.append(Evidence("Check for updates", f"macOS {major} always checks; the old switch is not used"))
    elif not s["AutomaticCheckEnabled"].on:
        return finding(Status.FAIL, "Your Mac does not check for updates by itself (\u201cCheck for updates\u201d is "
                       "off), so no update can install itself.", evidence)

    responses = s["CriticalUpdateInstall"].on and s["ConfigDataInstall"].on
    macos = s["AutomaticallyInstallMacOSUpdates"].on and s["AutomaticDownload"].on
    apps = s["AutoUpdate"].on
    download_note = "" if s["AutomaticDownload"].on else " (\u201cDownload new updates when available\u201d is off)"

    if not responses and not macos:
        return finding(Status.FAIL, "Security fixes do not install themselves: neither macOS updates nor Security "
                       f"Responses are set to install automatically{download_note}.", evidence)
    if not responses:
        return finding(Status.PARTIAL, "macOS updates install themselves, but urgent Security Responses and system "
                       "data files do not.", evidence)
    if not macos:
        return finding(Status.PARTIAL, "Security Responses install themselves, but macOS updates wait until someone "
                       f"installs them{download_note}.", evidence)
    if not apps:
        return finding(Status.PARTIAL, "macOS installs its updates by itself, but apps from the App Store do not "
                       "update themselves.", evidence)
    return finding(Status.PASS, "Updates install themselves: macOS updates, Security Responses and App Store apps.",
                   evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The \u201cAutomatic updates\u201d switches of Software Update, read from /Library/Preferences/"
    "com.apple.SoftwareUpdate.plist (check, download, install macOS updates, install Security Responses and "
    "system files) and /Library/Preferences/com.apple.commerce.plist (App Store apps). A switch nobody has "
    "changed counts as macOS's default, which is on."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then General, then Software Update.",
            "Click the \u24d8 button next to \u201cAutomatic updates\u201d.",
            "Turn everything on: download new updates, install macOS updates, install application updates from "
            "the App Store, and install Security Responses and system files. Click Done.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
        more_info="https://support.apple.com/en-us/108382",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Each switch turned off (real preference files with one key edited)",
    "Defaults when a key is missing (documented: on)",
)
