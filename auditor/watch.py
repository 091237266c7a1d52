"""What, if anything, the weekly re-check tells the person: the one rule, and the snooze that quiets it.

A re-check that spoke every week would soon be ignored, so it speaks only when something needs the person, and
then once, with the most pressing thing:
1. a critical check fails (the score's "action needed");
2. a check on this computer got worse since the previous scan (``auditor.changes``: pass -> partial, pass or
   partial -> fail);
3. answers have grown too old to count (``auditor.guided.too_old``): "3 answers for Sam need confirming".
Nothing, when the person snoozed it ("Snooze a day", "Snooze a week") and the snooze has not run out.

The snooze and the time of the last scheduled run are rows of their own in the history's settings table, like
the install id, not ``Settings`` fields: the window saves its whole ``Settings`` when one changes, and would write
back an older snooze over the one the notification (another process) just set.

The notification itself is a window of the desktop app (``ui/widgets/notification.py``), started as its own
process by ``notify_command`` so that the scan never loads Qt.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.model import ScanRun, Severity, Status
from auditor.plural import plural, word_for

if TYPE_CHECKING:
    from auditor.changes import Comparison
    from auditor.household import Household
    from auditor.packs import Content
    from auditor.store import Store

DAY = 86400.0
SNOOZES = {"day": DAY, "week": 7 * DAY}
SNOOZE_NAME = "snoozed_until"
LAST_RUN_NAME = "scheduled_last_run"
KINDS = ("critical", "worse", "expired")
HOUSEHOLD = "your household"
# An item the window can be opened at (``ui.single_instance`` accepts the same): a name with spaces opens the page.
ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")


@dataclass(frozen=True)
class Notice:
    """One thing to tell: its kind (one of KINDS), the one-line message, and where "Open Homeguard" goes
    (a page id, with ``#`` and an item on it: "device#screen-lock", "people#Sam")."""

    kind: str
    message: str
    target: str


def what_to_tell(run: ScanRun, comparison: Comparison | None, expired: Mapping[str, int], *,
                 snoozed_until: float = 0.0, now: float | None = None,
                 people: frozenset[str] = frozenset()) -> Notice | None:
    """The notice for this scan, or None when nothing needs the person (or they snoozed it).

    ``comparison`` is this scan against the previous one (``auditor.changes.comparison_for``), ``expired`` the
    number of answers to confirm per person or device (``expired_answers``), and ``people`` the names in it that
    are people (their page opens on them)."""
    now = time.time() if now is None else now
    if now < snoozed_until:
        return None
    critical = [r for r in run.results
                if r.kind == "device" and r.severity is Severity.CRITICAL and r.status is Status.FAIL]
    if critical:
        urgent = critical[0]
        more = f" (and {plural(len(critical) - 1, 'other')})" if len(critical) > 1 else ""
        return Notice("critical", f"Needs fixing now: {urgent.title}{more}.", f"device#{urgent.check_id}")
    worse = [c for c in comparison.changes if c.got_worse] if comparison is not None else []
    if worse:
        first = worse[0]
        if len(worse) == 1:
            message = f"Got worse since the last check: {first.title}."
        else:
            message = f"{len(worse)} checks got worse since the last check, such as: {first.title}."
        return Notice("worse", message, f"device#{first.check_id}")
    waiting = {name: count for name, count in expired.items() if count > 0}
    if waiting:
        total = sum(waiting.values())
        need = word_for(total, "needs", "need")
        if len(waiting) == 1:
            (name,) = waiting
            about = "for" if name in people else "about"
            target = f"people#{name}" if name in people and ITEM.fullmatch(name) else "people"
            return Notice("expired", f"{plural(total, 'answer')} {about} {name} {need} confirming.", target)
        names = sorted(waiting)
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return Notice("expired", f"{plural(total, 'answer')} {need} confirming ({listed}).", "people")
    return None


def expired_answers(content: Content, household: Household, now: float | None = None) -> dict[str, int]:
    """How many answers each person (or device, or the household) must confirm because they are too old: the
    answers ``auditor.guided`` counts as unknown for their age, asked of whom the check still applies to."""
    from auditor.guided import subjects, too_old

    now = time.time() if now is None else now
    people, devices = household.people(), household.devices()
    reviewed = household.devices_reviewed()
    answers = household.latest_answers()
    counts: dict[str, int] = {}
    for check in content.checks:
        for subject, not_applicable in subjects(check, people, devices, reviewed):
            if subject is None or not_applicable:
                continue
            answer = answers.get((check.id, subject.kind, subject.id))
            if answer is None or answer.answer == "skip" or not too_old(answer.answered_at, check.valid_days, now):
                continue
            name = HOUSEHOLD if subject.kind == "household" else subject.name
            counts[name] = counts.get(name, 0) + 1
    return counts


# -- the snooze and the last run, kept in the history ------------------------------------------------------------------

def _read_time(store: Store, name: str) -> float:
    rows = store.query("SELECT value FROM settings WHERE name = ?", (name,))
    try:
        value = float(rows[0][0]) if rows else 0.0
    except (TypeError, ValueError):
        return 0.0  # edited by hand: as if never set
    return value if value > 0 and value == value and value != float("inf") else 0.0


def _write_time(store: Store, name: str, value: float) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, repr(float(value))))


def snoozed_until(store: Store) -> float:
    """When the snooze runs out (0.0: not snoozed)."""
    return _read_time(store, SNOOZE_NAME)


def snooze(store: Store, length: str, now: float | None = None) -> float:
    """Quiet the re-check's notifications for a "day" or a "week"; returns when that runs out."""
    until = (time.time() if now is None else now) + SNOOZES[length]
    _write_time(store, SNOOZE_NAME, until)
    return until


def last_scheduled_run(store: Store) -> float | None:
    return _read_time(store, LAST_RUN_NAME) or None


def record_scheduled_run(store: Store, when: float) -> None:
    _write_time(store, LAST_RUN_NAME, when)


# -- showing it --------------------------------------------------------------------------------------------------------

def display_available(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Whether a window could be shown to the person: macOS and Windows sessions have a screen; elsewhere an X11 or
    Wayland display must be named (a systemd user service sees it once the desktop has shared it)."""
    environ = os.environ if environ is None else environ
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def window_command(*, executable: str = sys.executable, frozen: bool | None = None) -> list[str]:
    """How to start Homeguard's window program: ``homeguard-gui`` (found as the app menu's entry finds it) or, in
    the stand-alone app, the app itself, whose ``main.py`` hands ``--notify``/``--show`` to the window."""
    from auditor.desktop_entry import gui_command

    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    return [executable] if frozen else gui_command(executable)


def _data_dir_options(data_dir: str | None) -> list[str]:
    return ["--data-dir", str(data_dir)] if data_dir else []


def notify_command(notice: Notice, data_dir: str | None = None, *, executable: str = sys.executable,
                   frozen: bool | None = None) -> list[str]:
    """The notification's own process: ``homeguard-gui --notify KIND --message TEXT --show TARGET``."""
    return [*window_command(executable=executable, frozen=frozen), *_data_dir_options(data_dir),
            "--notify", notice.kind, "--message", notice.message, "--show", notice.target]


def open_command(target: str, data_dir: str | None = None, *, executable: str = sys.executable,
                 frozen: bool | None = None) -> list[str]:
    """"Open Homeguard" on the notification: the window, opened at ``target``."""
    return [*window_command(executable=executable, frozen=frozen), *_data_dir_options(data_dir), "--show", target]
