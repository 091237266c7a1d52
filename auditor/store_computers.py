"""The household's other computers in the history: each one's newest report, kept as this Homeguard writes it.

Kept apart from ``auditor.store`` because these rows come from outside (a file, a shared folder, a USB stick) and
follow rules of their own: newest scan per computer wins, this computer's own report and anonymous ones are refused,
and only what ``auditor.intake`` read and checked is ever kept. ``Store`` offers these as its methods.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from auditor.store_open import StoreError

if TYPE_CHECKING:
    from auditor.intake import DeviceReport
    from auditor.store import Store

ImportOutcome = Literal["added", "replaced", "up to date"]


@dataclass(frozen=True)
class OtherComputer:
    """Another computer of the household, as kept: its newest report, written again by this Homeguard."""

    install_id: str  # the report's install id; for a report without one, "name:" and the computer's name
    computer_name: str
    platform: str
    scanned_at: float
    imported_at: float
    report: str  # the report's JSON as ``auditor.reports`` wrote it from what ``auditor.intake`` read


def import_computer(store: Store, report: DeviceReport, now: float | None = None) -> ImportOutcome:
    """Keep another computer's report: newest scan per computer wins. Raises ReportRefused with the reason.

    What is kept is the report as this Homeguard writes it again from what ``auditor.intake`` read and checked,
    never the file's own bytes: anything the reader did not take can never come back out of the history.
    This computer's own report is refused (its results come from its own scans), and so is an anonymous one
    (it does not say which computer it is, and it carries no fixes to show).
    """
    from auditor.intake import ReportRefused
    from auditor.reports import build_report, to_json

    if report.install_id and report.install_id == store.install_id():
        raise ReportRefused(report.source, "is this computer's own report (it has this computer's install id); "
                                           "this computer's results come from its own scans, so it was not "
                                           "added as another computer")
    if report.anonymous:
        raise ReportRefused(report.source, "is an anonymous report (made for a club summary), which does not "
                                           "say which computer it is; save that computer's report without "
                                           "--anonymous to add it to the household")
    text = to_json(build_report(report.run, install_id=report.install_id or None))
    when = time.time() if now is None else now
    with store.transaction() as conn:
        row = conn.execute("SELECT scanned_at FROM household_computers WHERE install_id = ?",
                           (report.key,)).fetchone()
        if row is not None and row[0] > report.scanned_at:
            raise ReportRefused(report.source, f"is an older scan of {report.computer_name} than the one "
                                               "already added, so it was not used")
        if row is not None and row[0] == report.scanned_at:
            return "up to date"
        conn.execute(
            "INSERT INTO household_computers (install_id, computer_name, platform, scanned_at, imported_at, "
            "report) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(install_id) DO UPDATE SET "
            "computer_name = excluded.computer_name, platform = excluded.platform, "
            "scanned_at = excluded.scanned_at, imported_at = excluded.imported_at, report = excluded.report",
            (report.key, report.computer_name, report.platform, report.scanned_at, when, text),
        )
    return "added" if row is None else "replaced"


def other_computers(store: Store) -> list[OtherComputer]:
    """The household's other computers, by name."""
    rows = store.query("SELECT install_id, computer_name, platform, scanned_at, imported_at, report "
                       "FROM household_computers ORDER BY computer_name COLLATE NOCASE, install_id")
    return [OtherComputer(*row) for row in rows]


def remove_computer(store: Store, name_or_id: str) -> OtherComputer:
    """Forget one of the other computers, named by its name (any case) or its install id.

    Raises StoreError, in plain words, when none matches or when the name is shared by more than one.
    """
    wanted = name_or_id.strip()
    kept = other_computers(store)
    found = [c for c in kept if c.install_id == wanted]
    if not found:
        found = [c for c in kept if c.computer_name.casefold() == wanted.casefold()]
    if not found:
        raise StoreError(f"No other computer called {wanted!r} has been added (see `homeguard household`).")
    if len(found) > 1:
        ids = ", ".join(c.install_id for c in found)
        raise StoreError(f"More than one computer is called {wanted!r}; name the one to remove by its id: {ids}.")
    with store.transaction() as conn:
        conn.execute("DELETE FROM household_computers WHERE install_id = ?", (found[0].install_id,))
    return found[0]
