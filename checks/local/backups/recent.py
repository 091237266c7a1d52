"""The one rule for how recent a backup must be, and the verdict every system's part gives from what it found.

Fourteen days: the usual automatic schedules are hourly (Time Machine, File History), daily or weekly (Déjà Dup's
default period is 7 days), so a working backup is never more than a week old; the second week allows for a laptop
that was away from its backup disk or switched off for a holiday. Older than that, the backup has missed at least
one full weekly round, and the newest photos and evidence are not in it.

Each system's part lists the backups it found as ``Backup`` items. The best one decides: one that ran within 14
days passes; one set up whose last run is older (or that is not running now) is partly; one set up whose last run
could not be read is "could not tell", with why. A backup of system files only (Timeshift as installed leaves
home folders out) protects no photos, so on its own it is partly. With nothing found it fails, unless a place
could not be read, which makes it "could not tell".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.check import finding
from auditor.model import Evidence, Finding, Status

RECENT_DAYS = 14
DAY = 86400.0


@dataclass(frozen=True)
class Backup:
    tool: str  # "Time Machine", "Déjà Dup"...
    last: float | None  # when it last finished, seconds since the epoch; None: not known
    why_no_date: str = ""  # when last is None: why it could not be read, in plain words
    keeps_up: bool | None = None  # for continuous copies (OneDrive): running now?
    files_covered: bool = True  # False: system files only, not your photos and documents
    never_ran: bool = False  # set up, but no backup has finished yet


def age_words(seconds: float) -> str:
    days = int(seconds // DAY)
    if days < 1:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def verdict(backups: Sequence[Backup], unread: Sequence[str], evidence: Sequence[Evidence], now: float, *,
            none_found: str, desktop: str | None = None) -> Finding:
    """``none_found`` is this system's fail sentence, naming what to set up."""
    for_files = [b for b in backups if b.files_covered]
    recent = [b for b in for_files if (b.last is not None and now - b.last <= RECENT_DAYS * DAY) or b.keeps_up]
    recent.sort(key=lambda b: -(b.last or now))
    if recent:
        best = recent[0]
        if best.last is not None:
            return finding(Status.PASS, f"{best.tool} is set up and last backed up your files "
                           f"{age_words(now - best.last)} ({when(best.last)}).", evidence, desktop)
        return finding(Status.PASS, f"{best.tool} is set up and copying your files as you go.", evidence, desktop)
    dated = sorted((b for b in for_files if b.last is not None), key=lambda b: -(b.last or 0.0))
    if dated:
        best = dated[0]
        assert best.last is not None
        return finding(Status.PARTIAL, f"{best.tool} is set up, but its last backup was {age_words(now - best.last)} "
                       f"({when(best.last)}), more than {RECENT_DAYS} days ago. Connect the backup disk or check "
                       "why it stopped, and run a backup now.", evidence, desktop)
    stalled = [b for b in for_files if b.keeps_up is False]
    if stalled:
        return finding(Status.PARTIAL, f"{stalled[0].tool} is set up, but it is not running now, so new photos and "
                       "files are not being copied. Start it and sign in.", evidence, desktop)
    never = [b for b in for_files if b.never_ran]
    if never:
        return finding(Status.PARTIAL, f"{never[0].tool} is set up, but it has not finished a backup yet. Connect "
                       "the backup disk and run one now.", evidence, desktop)
    undated = [b for b in for_files if b.last is None]
    if undated:
        return finding(Status.UNKNOWN, f"Could not tell: {undated[0].tool} is set up, but {undated[0].why_no_date}.",
                       evidence, desktop)
    system_only = [b for b in backups if not b.files_covered]
    if system_only:
        return finding(Status.PARTIAL, f"{system_only[0].tool} is set up, but it saves the system, not your photos "
                       "and documents. Add a backup of your home folder too.", evidence, desktop)
    if unread:
        return finding(Status.UNKNOWN, f"Could not tell: no backup was found, but Homeguard could not read "
                       f"{' or '.join(unread)}.", evidence, desktop)
    return finding(Status.FAIL, none_found, evidence, desktop)
