"""How screen-lock looks on macOS: when does an idle Mac ask for the password again?

Three settings decide it, and each is read the way macOS itself reports it:

* Whether, and how soon, a password is asked once the screen saver starts or the display turns off. Since macOS
  10.13 the old ``askForPassword`` preferences no longer show this; ``sysadminctl -screenLock status`` does
  (macOS 13 and later), for the person running it. It answers on stderr, after a date and process prefix:
  ``screenLock delay is immediate``, ``screenLock delay is 300 seconds`` or ``screenLock is off``.
* When the screen saver starts: ``defaults -currentHost read com.apple.screensaver idleTime`` (seconds, 0 is
  never). When the key was never set, macOS's default applies: 20 minutes ("20 minutes is the default for new
  accounts", CIS Apple macOS benchmark).
* When the display turns off: ``pmset -g custom``, for each power source the Mac has (a laptop keeps one setting
  on battery and one on the power adapter, a desktop only the latter); minutes, 0 is never.

The screen locks at the earlier of screen saver and display off, plus the password delay. The verdict uses the
slowest power source, because the Mac is only as safe as its most relaxed setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.check import CheckContext, CouldNotTell, finding
from auditor.host import CommandResult
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import defaults_read

from .delay_words import describe_time as describe_time

SYSADMINCTL = ("sysadminctl", "-screenLock", "status")
PMSET = ("pmset", "-g", "custom")
COMMAND_TIMEOUT = 5.0
DEFAULT_SCREENSAVER_SECONDS = 20 * 60

_DELAY = re.compile(r"screenLock delay is (?:(immediate)|(\d+) seconds?)\b")
_OFF = re.compile(r"screenLock is off\b")
_POWER_NAMES = {"AC Power": "on the power adapter", "Battery Power": "on battery", "UPS Power": "on a UPS"}


# -- small parsers, each testable on its own ------------------------------------------------------------------------

def parse_lock_delay(text: str) -> int:
    """Seconds between the screen saver or display sleep and the password prompt; -1 when no password is asked.
    Raises CouldNotTell when the answer is not one of the forms sysadminctl prints."""
    if _OFF.search(text):
        return -1
    match = _DELAY.search(text)
    if not match:
        line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        raise CouldNotTell(f"sysadminctl gave an answer Homeguard does not recognise (\u201c{line[:80]}\u201d)"
                           if line else "sysadminctl gave no answer")
    return 0 if match.group(1) else int(match.group(2))


def parse_display_sleep(text: str) -> dict[str, int]:
    """``pmset -g custom``: power source name -> minutes until the display turns off (0 is never)."""
    found: dict[str, int] = {}
    source = ""
    for raw in text.splitlines():
        if raw.strip() and not raw[0].isspace() and raw.rstrip().endswith(":"):
            source = raw.strip()[:-1]
            continue
        words = raw.split()
        if len(words) >= 2 and words[0] == "displaysleep" and words[1].isascii() and words[1].isdigit():
            found[source or "Currently in use"] = int(words[1])
    return found


@dataclass(frozen=True)
class Plan:
    source: str  # the power source, e.g. "AC Power"
    seconds: int | None  # until the password is needed; None: the screen never locks by itself

    @property
    def where(self) -> str:
        return _POWER_NAMES.get(self.source, f"with the setting \u201c{self.source}\u201d")


def lock_plans(delay: int, screensaver: int, displays: dict[str, int]) -> list[Plan]:
    plans = []
    for source, minutes in displays.items():
        starts = [s for s in (screensaver, minutes * 60) if s > 0]
        plans.append(Plan(source, min(starts) + delay if starts else None))
    return plans


# -- looking --------------------------------------------------------------------------------------------------------

def _text(result: CommandResult) -> str:
    return f"{result.stdout}\n{result.stderr}"


def _lock_delay(ctx: CheckContext, evidence: list[Evidence]) -> int:
    result = ctx.host.run(list(SYSADMINCTL), timeout=COMMAND_TIMEOUT)
    looked_at = " ".join(SYSADMINCTL)
    if not result.ran or result.truncated:
        evidence.append(Evidence(looked_at, result.problem()))
        raise CouldNotTell(result.problem())
    try:
        delay = parse_lock_delay(_text(result))
    except CouldNotTell as exc:
        evidence.append(Evidence(looked_at, str(exc)))
        raise
    evidence.append(Evidence(looked_at, "no password is asked" if delay < 0
                             else "password asked immediately" if delay == 0
                             else f"password asked {describe_time(delay)} after the screen saver or display sleep"))
    return delay


def _screensaver(ctx: CheckContext, evidence: list[Evidence]) -> int:
    answer = defaults_read(ctx.host, "com.apple.screensaver", "idleTime", current_host=True, timeout=COMMAND_TIMEOUT)
    looked_at = "defaults -currentHost read com.apple.screensaver idleTime"
    if answer.problem:
        evidence.append(Evidence(looked_at, answer.problem))
        raise CouldNotTell(answer.problem)
    if not answer.is_set:
        evidence.append(Evidence(looked_at, f"never changed: macOS's default of "
                                 f"{describe_time(DEFAULT_SCREENSAVER_SECONDS)} applies"))
        return DEFAULT_SCREENSAVER_SECONDS
    value = (answer.value or "").strip()
    if not (value.isascii() and value.isdigit()):  # "¹".isdigit(), but int("¹") raises
        evidence.append(Evidence(looked_at, f"\u201c{value[:40]}\u201d, not a number of seconds"))
        raise CouldNotTell("the screen saver's start time is not a number Homeguard understands")
    seconds = int(value)
    evidence.append(Evidence(looked_at, "screen saver never starts" if seconds == 0
                             else f"screen saver starts after {describe_time(seconds)}"))
    return seconds


def _displays(ctx: CheckContext, evidence: list[Evidence]) -> dict[str, int]:
    result = ctx.host.run(list(PMSET), timeout=COMMAND_TIMEOUT)
    looked_at = " ".join(PMSET)
    if not result.ok:
        evidence.append(Evidence(looked_at, result.problem()))
        raise CouldNotTell(result.problem())
    displays = parse_display_sleep(result.stdout)
    if not displays:
        evidence.append(Evidence(looked_at, "no display sleep setting in the answer"))
        raise CouldNotTell("pmset's answer did not include when the display turns off")
    evidence.append(Evidence(looked_at, "; ".join(
        f"display turns off {_POWER_NAMES.get(k, k)}: " + ("never" if v == 0 else describe_time(v * 60))
        for k, v in displays.items())))
    return displays


def probe(ctx: CheckContext) -> Finding:
    evidence: list[Evidence] = []
    try:
        delay = _lock_delay(ctx, evidence)
        if delay < 0:
            return finding(Status.FAIL, "Your Mac does not ask for the password when it wakes from the screen saver "
                           "or sleep, so anyone nearby could use it.", evidence)
        plans = lock_plans(delay, _screensaver(ctx, evidence), _displays(ctx, evidence))
    except CouldNotTell as exc:
        return finding(Status.UNKNOWN, f"Could not tell when the screen locks: {exc}.", evidence)

    never = [p for p in plans if p.seconds is None]
    if never:
        where = " and ".join(p.where for p in never)
        return finding(Status.FAIL, f"The screen never locks by itself {where}: the screen saver and the display "
                       "are both set never to turn off.", evidence)
    worst = max(plans, key=lambda p: p.seconds or 0)
    assert worst.seconds is not None
    limit = ctx.settings.screen_lock_max_minutes
    where = f" {worst.where}" if len(plans) > 1 else ""
    if worst.seconds <= limit * 60:
        return finding(Status.PASS, f"The screen locks after {describe_time(worst.seconds)} without use{where}.",
                       evidence)
    return finding(Status.PARTIAL, f"The screen locks only after {describe_time(worst.seconds)} without use{where}; "
                   f"{limit} minutes or less is safer.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "How soon a password is asked after the screen saver starts or the display turns off "
    "(`sysadminctl -screenLock status`), when the screen saver starts "
    "(`defaults -currentHost read com.apple.screensaver idleTime`) and when the display turns off on battery "
    "and on the power adapter (`pmset -g custom`). The time counted is until a password is needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then Lock Screen.",
            "Set \u201cRequire password after screen saver begins or display is turned off\u201d to Immediately.",
            "Set \u201cStart Screen Saver when inactive\u201d and \u201cTurn display off when inactive\u201d (on "
            "battery and on power adapter) to 10 minutes or less.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Lock-Screen-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/change-lock-screen-settings-on-mac-mh11784/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "A screen saver idle time of 0 and display sleep of 0 (documented, edited from real files)",
)
