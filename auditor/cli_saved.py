"""``homeguard history`` and ``homeguard report``: the saved scans, and the report of one (or of a report file).

A saved scan of this computer is shown with the family's other computers and what changed since the scan before
it; a report file from elsewhere is shown on its own. The HTML page is written whole or not at all, and an
anonymous report is the JSON alone (the page and the evidence would name the computer): ``anonymous_alone`` and
``write_html`` are shared with ``homeguard scan``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.cli_output import colour_wanted, terminal_width

if TYPE_CHECKING:
    from auditor.household import Household
    from auditor.household_score import HouseholdScore
    from auditor.model import ScanRun
    from auditor.scoring import Scorecard
    from auditor.store import Store

EXIT_OK, EXIT_USAGE = 0, 2


def history(args: argparse.Namespace, store: Store) -> int:
    from auditor.dates import date_time_text
    from auditor.scoring import ScoreLine
    from auditor.textreport import describe_line

    runs = store.list_runs(limit=max(1, args.limit))
    if args.json:
        print(json.dumps([
            {"run_id": r.run_id, "finished_at": r.finished_at, "hostname": r.hostname, "platform": r.platform,
             "score": r.score, "coverage": r.coverage, "lowest": r.lowest, "highest": r.highest,
             "action_needed": r.action_needed, "cancelled": r.cancelled, "by_strategy": r.strategy_scores}
            for r in runs
        ], indent=2))
        return EXIT_OK
    if not runs:
        print(f"No scans yet. Run `homeguard scan` to make the first one. (History folder: {store.data_dir})")
        return EXIT_OK
    print(f"{'Scan':>5}  {'When':<18}  {'Device':<20}  Score")
    for r in runs:
        when = date_time_text(r.finished_at)
        line = describe_line(ScoreLine(r.score, r.coverage, r.lowest, r.highest))
        flag = "  action needed" if r.action_needed else ""
        flag += "  (cancelled)" if r.cancelled else ""
        print(f"{r.run_id:>5}  {when:<18}  {r.hostname[:20]:<20}  {line}{flag}")
    print(f"\nShow one with `homeguard report N`. History folder: {store.data_dir}")
    return EXIT_OK


def report(args: argparse.Namespace, store: Store) -> int:
    from auditor.reports import ReportError, build_report, load_report, to_json
    from auditor.scoring import scorecard
    from auditor.textreport import render

    if not anonymous_alone(args):
        return EXIT_USAGE
    if args.file:
        try:
            report, run = load_report(args.file)  # the file's own install id travels on; this folder's is not used
        except ReportError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        install_id, anonymous = report["device"]["install_id"], bool(report["anonymous"])
    else:
        run_id = args.run_id if args.run_id is not None else store.latest_run_id()
        loaded = store.load_run(run_id) if run_id is not None else None
        if loaded is None:
            what = f"scan {args.run_id}" if args.run_id is not None else "scan"
            print(f"homeguard: there is no {what} in the history yet (see `homeguard history`).", file=sys.stderr)
            return EXIT_USAGE
        run, install_id, anonymous = loaded, store.install_id(), False
    card = scorecard(run.results)
    home = None  # a saved scan of this computer is shown with the family's other computers; a file alone
    if not args.file and (args.html or not (args.json or args.anonymous)):
        from auditor.cli_household import home_around

        home = home_around(store, run)
    if args.json or args.anonymous:
        report = build_report(run, card, install_id=install_id, anonymous=anonymous or args.anonymous)
        sys.stdout.write(to_json(report))
    else:
        from auditor.changes import previous_scan

        previous = None if args.file else previous_scan(store, run)  # a report file has no history here
        sys.stdout.write(render(run, card, width=terminal_width(), colour=colour_wanted(), evidence=args.evidence,
                                previous=previous))
        if home is not None:
            from auditor.household_text import report_section

            sys.stdout.write("\n" + report_section(home))
    if args.html and not write_html(args.html, run, card, None, home):
        return EXIT_USAGE
    return EXIT_OK


def anonymous_alone(args: argparse.Namespace) -> bool:
    """An anonymous report is the JSON alone: the HTML page and the evidence would name the computer."""
    if args.anonymous and (args.html or args.evidence):
        print("homeguard: --anonymous writes only the anonymous JSON report; leave out --html and --evidence.",
              file=sys.stderr)
        return False
    return True


def write_html(path: str, run: ScanRun, card: Scorecard, household: Household | None,
                home: HouseholdScore | None = None) -> bool:
    """Write the printable HTML report (of the whole home when ``home`` has other computers); say where it went
    (on stderr, so --json output stays clean)."""
    from auditor.report_html import household_summary_lines
    from auditor.report_html_household import render_household_html

    summary = household_summary_lines(household) if household is not None else None
    try:
        if home is not None:
            page = render_household_html(run, home, card, household_summary=summary)
        else:
            from auditor.report_html import render_html

            page = render_html(run, card, household_summary=summary)
        from auditor.atomic_file import write_text

        write_text(Path(path), page)  # whole or not at all: an earlier copy is never left half overwritten
    except OSError as exc:
        print(f"homeguard: the HTML report could not be written to {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    print(f"Wrote the HTML report to {path}.", file=sys.stderr)
    return True
