"""The shared folder: each family computer leaves its latest report in one folder, and the main computer reads them.

The person picks the folder: a USB stick, or a folder their own sync tool already keeps in step (OneDrive, iCloud
Drive, Dropbox, Nextcloud). Homeguard only writes a file there and reads files from there; carrying them between
computers is the sync tool's job, so Homeguard still never opens a network connection.

Rules that live here:
- A computer's file is named from its install id only (``report_name``): never the computer's or a person's name,
  which a file name would show to anyone who can see the folder.
- It is written atomically (a hidden temp file in the same folder, then ``os.replace``), so a sync tool or the
  main computer never picks up half a report, and a failed write leaves no temp file behind.
- Every file in the folder is untrusted and goes through ``auditor.intake`` (size limit, strict reading, plain
  reasons). Sync tools make conflict copies (``homeguard-<id> (conflicted copy).json``,
  ``homeguard-<id>-DESKTOP-1.json``): they are read like any report, and per computer only the newest scan is
  kept (``Store.import_computer``'s rule, applied first among the folder's own copies so older ones say nothing).
  This computer's own report, in any copy, is passed over quietly; so are hidden files, among them another
  computer's half-written temp file.
- Whatever goes wrong with the folder itself (a USB stick not plugged in, a file where the folder was, no
  permission, a full disk) is a plain sentence, never a traceback; the reports already kept stay kept.

Reading is two steps, ``collect`` (files only) and ``keep`` (the history), so the window can read on a worker and
write through its one writer; ``read_shared`` does both, for the terminal.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from auditor.atomic_file import write_bytes
from auditor.intake import DeviceReport, Refused, ReportRefused, read_report
from auditor.plural import plural
from auditor.reports import build_report, to_json
from auditor.store import INSTALL_ID_PATTERN

if TYPE_CHECKING:
    from auditor.model import ScanRun
    from auditor.scoring import Scorecard
    from auditor.store import Store

REPORT_PREFIX = "homeguard-"
PRIVATE_FILE_MODE = 0o600  # only this account may read the report it puts there (as tempfile.mkstemp made it)
TEMP_SUFFIX = ".partial"  # a temp file is ".homeguard-<id>.json.<random>.partial": hidden, and never *.json
ICLOUD_SUFFIX = ".icloud"  # iCloud Drive's stand-in for a file not downloaded yet: ".name.json.icloud"
MAX_SHARED_FILES = 200  # a household has a handful of computers; a folder of thousands is not this folder

Outcome = Literal["added", "updated", "up to date"]


class SharedFolderError(Exception):
    """The shared folder could not be used; the message is a plain sentence for the person."""


@dataclass(frozen=True)
class Kept:
    """One computer's report from the folder, and what became of it in the history."""

    source: str  # the file name
    computer_name: str
    outcome: Outcome


@dataclass(frozen=True)
class Collected:
    """What the folder holds: per computer its newest report (this computer's own left out), and the refusals."""

    folder: str
    problem: str = ""  # the folder itself could not be read, in plain words ("" when it could)
    reports: tuple[DeviceReport, ...] = ()
    refused: tuple[Refused, ...] = ()


@dataclass(frozen=True)
class SharedRead:
    """What reading the shared folder came to."""

    folder: str
    problem: str = ""
    kept: tuple[Kept, ...] = ()
    refused: tuple[Refused, ...] = ()

    def of(self, outcome: Outcome) -> list[str]:
        return [k.computer_name or "a computer with no name" for k in self.kept if k.outcome == outcome]

    def summary(self) -> str:
        """One calm line: what was read, and how many files were not used (each is named in ``refused``)."""
        if self.problem:
            return self.problem
        parts = []
        if added := self.of("added"):
            parts.append(f"added {_names(added)}")
        if updated := self.of("updated"):
            parts.append(f"updated {_names(updated)} with a newer scan")
        if same := self.of("up to date"):
            parts.append(f"{plural(len(same), 'computer')} already up to date")
        said = "; ".join(parts) if parts else "no reports from the family's other computers yet"
        line = f"Shared folder: {said}."
        if self.refused:
            line += f" {plural(len(self.refused), 'file')} could not be used."
        return line[:1].upper() + line[1:]

    def refusals(self) -> list[str]:
        """Each file that was not used, with its reason."""
        return [f"In the shared folder, {item.message}" for item in self.refused]


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- names ----------------------------------------------------------------------------------------------------------

def report_name(install_id: str) -> str:
    """The file a computer writes: from its random install id only, so the file name names nobody."""
    if not INSTALL_ID_PATTERN.fullmatch(install_id):
        raise ValueError(f"{install_id!r} is not an install id (a uuid4 from Store.install_id())")
    return f"{REPORT_PREFIX}{install_id}.json"


def is_temp_name(name: str) -> bool:
    """A temp file of a write still under way (here or on another computer): never read."""
    return name.startswith("." + REPORT_PREFIX) and name.endswith(TEMP_SUFFIX)


# -- the folder itself ------------------------------------------------------------------------------------------------

def folder_problem(folder: Path) -> str:
    """Why this cannot be the shared folder, in plain words; "" when it is a folder that is there."""
    try:
        info = os.stat(folder)
    except OSError as exc:
        return _folder_reason(folder, exc)
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is a file, not a folder. Choose the folder the reports should go in."
    return ""


def _folder_reason(folder: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return (f"The shared folder {folder} is not there. If it is on a USB stick, plug the stick in; if a sync "
                "tool keeps it, check that the sync tool is running.")
    if exc.errno == errno.ENOTDIR:
        return f"{folder} is a file, not a folder. Choose the folder the reports should go in."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"This account is not allowed to open the shared folder {folder}."
    return f"The shared folder {folder} could not be opened ({exc.strerror or exc})."


def _write_reason(folder: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (f"There is no room left on the drive that holds the shared folder {folder}, so the report was "
                "not put there.")
    if exc.errno == errno.EROFS:
        return (f"The shared folder {folder} is on a drive that can only be read (a USB stick may have a lock "
                "switch), so the report was not put there.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (f"This account is not allowed to write in the shared folder {folder}, so the report was not "
                "put there.")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ENXIO):
        return _folder_reason(folder, exc)
    return f"The report could not be put in the shared folder {folder} ({exc.strerror or exc})."


# -- writing this computer's report ---------------------------------------------------------------------------------

def write_latest(folder: Path | str, run: ScanRun, card: Scorecard | None, install_id: str) -> Path:
    """Put this computer's full report of ``run`` in the folder, replacing its earlier one, atomically.

    Returns the file written. Raises SharedFolderError with a plain sentence; nothing half-written is left behind.
    """
    folder = Path(folder)
    target = folder / report_name(install_id)
    problem = folder_problem(folder)
    if problem:
        raise SharedFolderError(problem)
    data = to_json(build_report(run, card, install_id=install_id)).encode("utf-8")
    try:  # synced before the rename: on a USB stick pulled out next, the report is whole or not there at all
        write_bytes(target, data, mode=PRIVATE_FILE_MODE, suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise SharedFolderError(_write_reason(folder, exc)) from None
    return target


# -- reading the others' reports ------------------------------------------------------------------------------------

def collect(folder: Path | str, own_install_id: str, now: float) -> Collected:
    """Read every report in the folder through ``auditor.intake``: per computer the newest scan, this one's left out.

    Files only: nothing is written. Safe on any thread.
    """
    folder = Path(folder)
    problem = folder_problem(folder)
    if problem:
        return Collected(str(folder), problem)
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as exc:
        return Collected(str(folder), _folder_reason(folder, exc))
    own = report_name(own_install_id) if INSTALL_ID_PATTERN.fullmatch(own_install_id) else ""
    refused: list[Refused] = []
    newest: dict[str, DeviceReport] = {}
    candidates: list[str] = []
    for name in names:
        if name.startswith(".") and name.lower().endswith(".json" + ICLOUD_SUFFIX):
            inner = name[1:-len(ICLOUD_SUFFIX)]
            if inner != own:
                refused.append(Refused(inner, "is not on this computer yet (the sync tool keeps it online only), "
                                              "so it was not read; open the folder once to let it download"))
        elif _may_be_report(name) and name != own:
            candidates.append(name)
    if len(candidates) > MAX_SHARED_FILES:
        refused.append(Refused(folder.name or str(folder), f"holds {len(candidates)} report files, more than a "
                                                          f"household has; only the first {MAX_SHARED_FILES} by "
                                                          "name were read"))
        candidates = candidates[:MAX_SHARED_FILES]
    for name in candidates:
        try:
            report = read_report(folder / name, now=now)
        except ReportRefused as exc:
            refused.append(Refused(exc.source, _placeholder_hint(exc.reason)))
            continue
        if own_install_id and report.install_id == own_install_id:
            continue  # a copy of this computer's own report: its results come from its own scans
        kept = newest.get(report.key)
        if kept is None or report.scanned_at > kept.scanned_at:
            newest[report.key] = report  # an older copy of the same computer is simply passed over
    return Collected(str(folder), "", tuple(newest.values()), tuple(refused))


def _may_be_report(name: str) -> bool:
    """A visible ``*.json`` file: hidden files (temp files, macOS's ``._`` copies) are never read."""
    return not name.startswith(".") and not is_temp_name(name) and name.lower().endswith(".json")


def _placeholder_hint(reason: str) -> str:
    """A file the system could not read for a reason of its own is most often a sync tool's online-only file."""
    if reason.startswith("could not be opened ("):
        return reason + "; if a sync tool keeps this folder online only, set it to keep the folder on this computer"
    return reason


def keep(collected: Collected, store: Store, now: float) -> SharedRead:
    """Keep each collected report in the history (newest scan per computer wins) and say what became of each."""
    if collected.problem:
        return SharedRead(collected.folder, collected.problem)
    kept_times = {c.install_id: c.scanned_at for c in store.other_computers()}
    kept: list[Kept] = []
    refused = list(collected.refused)
    for report in collected.reports:
        if kept_times.get(report.key, float("-inf")) >= report.scanned_at:
            kept.append(Kept(report.source, report.computer_name, "up to date"))  # the history has this or newer
            continue
        try:
            outcome = store.import_computer(report, now)
        except ReportRefused as exc:
            refused.append(Refused(exc.source, exc.reason))
            continue
        kept.append(Kept(report.source, report.computer_name, "updated" if outcome == "replaced" else outcome))
    return SharedRead(collected.folder, "", tuple(kept), tuple(refused))


def read_shared(folder: Path | str, store: Store, now: float) -> SharedRead:
    """Read the shared folder and keep what is new: the two steps at once, for the terminal."""
    return keep(collect(folder, store.install_id(), now), store, now)


__all__ = ["Collected", "Kept", "SharedFolderError", "SharedRead", "collect", "folder_problem", "is_temp_name",
           "keep", "read_shared", "report_name", "write_latest"]
