"""From "which apps used (or may use) the camera and microphone" to a verdict a parent can read calmly.

The rule, the same on every system, and why:

* **fail** only when a program the monitoring-software list knows as spying software (stalkerware, commercial
  "spy" products, keyloggers: ``checks/local/monitoring_software/products.toml``) has used, holds or is allowed the
  camera or microphone. That is the case this check exists for, and the words are safety-first (do not remove it
  yet, keep evidence, talk to a specialist service), as in monitoring-software.
* **never fail merely because an app used the camera.** Video calls, school lessons and voice messages are what
  cameras and microphones are for, and an alarm every time a child joins a lesson would teach the family to ignore
  this check. An app "using it right now" is not a failure either: Homeguard cannot see whether it has a window,
  and a call in progress is the usual reason.
* **partly** (a list to review) when an app Homeguard does not know as a common call, browser, camera or sound app
  used the camera or microphone in the last 30 days (on macOS: is allowed it), or when work, school or parental
  monitoring from the list did. Those apps are named, an app using it right now first, with how to take the
  permission away.
* **pass** when nothing did, or only well-known apps did (they are named, so a parent still sees them). Uses older
  than 30 days are shown in the evidence, not judged: Windows keeps only each app's last use, so an old use says
  little about what the app does now, and a list of long-forgotten apps is not something to act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.check import finding
from auditor.host import Host
from auditor.model import Evidence, Finding, Status

# The monitoring list (and its parser) and the Windows time formatting are imported where they are used, in the
# probe's own thread beside the slowest check, not on the main thread while the checks load.
if TYPE_CHECKING:
    from checks.local.monitoring_software.catalogue import Product

RECENT_DAYS = 30
NAMED_IN_SUMMARY = 5

# Apps most families know: call and meeting apps, web browsers (which ask for each web site themselves), the
# systems' own camera and voice apps, and Linux's sound and video services (which hold the devices on behalf of the
# apps that ask them). Compared with a program's file name (without .exe), a Store app's package name (without the
# publisher code) or a Mac app's bundle id, ignoring case.
WELL_KNOWN = frozenset({
    # calls and meetings
    "zoom", "us.zoom.xos", "teams", "ms-teams", "msteams", "microsoftteams", "com.microsoft.teams",
    "com.microsoft.teams2", "skype", "skypeforlinux", "microsoft.skypeapp", "com.skype.skype", "discord",
    "com.hnc.discord", "slack", "com.tinyspeck.slackmacgap", "webex", "ciscocollabhost", "com.cisco.webexmeetingsapp",
    "signal", "signal desktop", "org.whispersystems.signal-desktop", "whatsapp", "5319275a.whatsappdesktop",
    "net.whatsapp.whatsapp", "telegram", "ru.keepcoder.telegram",
    # web browsers, and the name WebRTC (the calls inside browsers and call apps) gives its sound recording stream
    "webrtc voiceengine",
    "msedge", "chrome", "google-chrome", "chromium", "firefox", "firefox-esr", "brave", "com.google.chrome",
    "org.mozilla.firefox", "com.microsoft.edgemac", "com.brave.browser",
    # the systems' own camera and voice apps
    "microsoft.windowscamera", "microsoft.windowssoundrecorder", "cheese", "snapshot", "obs",
    "com.obsproject.obs-studio",
    # Linux's sound and video services
    "pipewire", "wireplumber", "pulseaudio", "xdg-desktop-portal",
})


@dataclass(frozen=True)
class Use:
    """One app and one device: used it (Windows), holds it now (Linux) or is allowed it (macOS)."""

    device: str  # "camera" or "microphone"
    app: str  # as a person reads it: a program's path, a Store app's name, a bundle id, a program name
    key: str  # what it is compared with: file name, package name or bundle id, lower case
    last: float | None = None  # Unix time of its last use (Windows) or of the permission (macOS), when known
    now: bool = False  # using it right now
    path: str = ""  # the program's full path, when known (to compare with the monitoring list's folders)


def program_key(path: str) -> str:
    """``C:\\Users\\a\\Zoom.exe`` -> ``zoom``; ``/usr/bin/firefox-esr`` -> ``firefox-esr``."""
    name = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


def well_known(use: Use) -> bool:
    return use.key in WELL_KNOWN or use.key.startswith("com.apple.")


def monitoring_product(use: Use, platform: str, expand: Iterable[tuple[str, str]] = ()) -> Product | None:
    """The product of the monitoring list this app belongs to, by its program name or install folder.
    ``expand`` turns the list's ``%ProgramData%``-style folders into this computer's (pairs of variable, folder)."""
    from checks.local.monitoring_software.catalogue import CatalogueError, glob_match, load_catalogue

    try:
        catalogue = load_catalogue()
    except CatalogueError:
        return None  # monitoring-software reports a broken list itself
    folders = dict(expand)
    file_name = use.path.replace("\\", "/").rsplit("/", 1)[-1] if use.path else use.key
    for product in catalogue.for_platform(platform):
        for indicator in product.on(platform):
            if indicator.type == "process" and glob_match(indicator.value, file_name):
                return product
            if indicator.type == "path" and use.path:
                folder = indicator.value
                if folder.startswith("%"):
                    variable, _, rest = folder[1:].partition("%")
                    folder = folders.get(variable.lower(), "") + rest if variable.lower() in folders else ""
                if folder and _under(use.path, folder):
                    return product
    return None


def _under(path: str, folder: str) -> bool:
    from checks.local.monitoring_software.catalogue import glob_match

    path, folder = path.replace("\\", "/").casefold(), folder.replace("\\", "/").rstrip("/").casefold()
    if "*" in folder:
        return glob_match(folder + "/*", path) or glob_match(folder, path)
    return path == folder or path.startswith(folder + "/")


def _devices(uses: Sequence[Use]) -> str:
    kinds = {u.device for u in uses}
    return "the camera and the microphone" if len(kinds) > 1 else f"the {next(iter(kinds))}"


def _named(uses: Sequence[Use], describe: str) -> str:
    """Each app once, using-it-now first, then most recent; with what it used and when. ``describe`` is "used",
    "allowed" or "now" (every use is happening now, as on Linux)."""
    from checks.local.common.consent_store import when_local

    by_app: dict[str, list[Use]] = {}
    for use in uses:
        by_app.setdefault(use.app, []).append(use)
    order = sorted(by_app.values(), key=lambda group: (not any(u.now for u in group),
                                                        -max((u.last or 0.0) for u in group)))
    parts = []
    for group in order[:NAMED_IN_SUMMARY]:
        devices = " and ".join(sorted({u.device for u in group}))
        if describe == "now":  # every use is now: the sentence already says so
            parts.append(f"{group[0].app} ({devices})")
        elif any(u.now for u in group):
            parts.append(f"{group[0].app} ({devices}, right now)")
        elif describe == "used":
            latest = max((u.last for u in group if u.last is not None), default=None)
            parts.append(f"{group[0].app} ({devices}" + (f", {when_local(latest)})" if latest else ")"))
        else:
            parts.append(f"{group[0].app} ({devices})")
    more = len(order) - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def judge(uses: Sequence[Use], evidence: list[Evidence], *, host: Host, platform: str, how_to_remove: str,
          describe: str = "used", expand: Iterable[tuple[str, str]] = ()) -> Finding:
    """``describe`` is "used" (Windows: last uses with dates; Linux: uses right now) or "allowed" (macOS).

    Only uses within the last 30 days (or right now) are judged on Windows; every permission is on macOS."""
    from checks.local.monitoring_software.catalogue import SPYING_KINDS

    cutoff = host.now() - RECENT_DAYS * 86_400
    judged = [u for u in uses if u.now or describe == "allowed" or (u.last is not None and u.last >= cutoff)]
    folders = list(expand)
    monitored = [(u, p) for u in judged if (p := monitoring_product(u, platform, folders)) is not None]
    spying = [(u, p) for u, p in monitored if p.kind in SPYING_KINDS]
    other_monitoring = [(u, p) for u, p in monitored if p.kind not in SPYING_KINDS]
    verb = "is allowed to use" if describe == "allowed" else "is using" if platform == "linux" else "has used"
    style = "now" if platform == "linux" else describe
    if spying:
        use, product = spying[0]
        return finding(Status.FAIL, f"{product.name}, known spying software, {verb} {_devices([use])} on this "
                       "computer. Please do not remove it yet: removing it may alert the person who put it there, "
                       "and it is evidence. Keep a photo of this result and talk to a specialist service first "
                       "(\u201cGet help now\u201d in Homeguard has helplines).", evidence)
    unknown = [u for u in judged if not well_known(u) and all(u is not m for m, _ in monitored)]
    notes = "".join(f" {p.name} is known monitoring software: fine if you set it up; if nobody in the family "
                    "chose it, talk to someone you trust before removing it."
                    for p in dict.fromkeys(p for _, p in other_monitoring))
    if unknown or other_monitoring:
        review = unknown + [u for u, _ in other_monitoring]
        count = len({u.app for u in review})
        if describe == "allowed":
            head = f"{count} app{'s are' if count > 1 else ' is'} allowed to use {_devices(review)}"
        elif platform == "linux":
            head = f"{count} program{'s are' if count > 1 else ' is'} using {_devices(review)} right now"
        else:
            head = f"{count} app{'s have' if count > 1 else ' has'} used {_devices(review)} in the last " \
                   f"{RECENT_DAYS} days"
        return finding(Status.PARTIAL, f"{head}: {_named(review, style)}. Check that you know each one; "
                       f"{how_to_remove}.{notes}", evidence)
    if not judged:
        if describe == "allowed":
            return finding(Status.PASS, "No app is allowed to use the camera or the microphone.", evidence)
        if platform == "linux":
            return finding(Status.PASS, "No program is using the camera or recording sound right now.",
                           evidence)
        return finding(Status.PASS, f"No app has used the camera or the microphone in the last {RECENT_DAYS} days.",
                       evidence)
    if describe == "allowed":
        return finding(Status.PASS, f"Only well-known apps are allowed to use {_devices(judged)}: "
                       f"{_named(judged, describe)}.", evidence)
    if platform == "linux":
        return finding(Status.PASS, f"Only well-known programs are using {_devices(judged)} right now: "
                       f"{_named(judged, style)}.", evidence)
    return finding(Status.PASS, f"Only well-known apps used {_devices(judged)} in the last {RECENT_DAYS} days: "
                   f"{_named(judged, describe)}.", evidence)
