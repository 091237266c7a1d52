"""The terminal front end: ``scan``, ``checks``, ``history`` and ``report``, and the choice between window and terminal.

Exit codes: 0 done; 1 the score is under ``--fail-under`` (or there is no score at all); 2 the command line or
an input file was wrong; 3 the history file could not be used.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from auditor import __version__, check_table, cli_family
from auditor.advice import STRATEGIES
from auditor.guided import guided_results
from auditor.host import RealHost, current_platform
from auditor.household import Household
from auditor.model import PLATFORM_NAMES, PLATFORMS, ScanRun
from auditor.packs import load_content
from auditor.registry import Registry, discover, safe_mode_requested
from auditor.report_html import household_summary_lines, render_html
from auditor.reports import ReportError, build_report, load_report, to_json
from auditor.runner import run_scan
from auditor.scoring import scorecard
from auditor.store import Store, StoreError
from auditor.textreport import describe_line, render

EXIT_OK, EXIT_UNDER, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def has_display(environ=os.environ, platform: str | None = None) -> bool:
    """Whether a desktop window could be shown. macOS and Windows sessions always have one."""
    platform = platform or current_platform()
    if environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return False
    if platform in ("macos", "windows"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, metavar="DIR",
                        help="where history is kept (default: the user data folder, or $HOMEGUARD_HOME)")
    parser.add_argument("--safe-mode", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="load only the checks that ship with Homeguard, no plugins")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homeguard",
        description="Checks how well this computer and its people follow the advice that prevents "
        "sextortion and online blackmail. Nothing leaves this computer.",
    )
    parser.add_argument("--version", action="version", version=f"Homeguard {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("scan", help="check this computer and print the report")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print the JSON report instead of text")
    p.add_argument("--fail-under", type=_score_arg, metavar="N",
                   help="exit with code 1 when the score is under N (0-100), or when there is no score")
    p.add_argument("--evidence", action="store_true", help="also print what each check looked at and saw")
    p.add_argument("--html", metavar="FILE", help="also write the report as a printable HTML page to FILE")
    p.add_argument("--no-save", action="store_true", help="do not add this scan to the history")
    p.add_argument("--device-only", action="store_true",
                   help="leave out the guided answers (people and accounts); score this computer alone")
    p.add_argument("--lock-minutes", type=int, metavar="N",
                   help="longest screen-lock delay, in minutes, that still passes (saved as a setting)")
    p.add_argument("--recorded", metavar="SCENARIO", help=argparse.SUPPRESS)  # tests and demos: a recorded host

    p = sub.add_parser("checks", help="list the checks and what each looks at")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--platform", choices=(*PLATFORMS, "all"),
                   help="list the checks for this system, or for all (default: this one)")
    p.add_argument("--markdown", action="store_true",
                   help="print the README's table of every check on every system")

    p = sub.add_parser("history", help="list past scans")
    _common(p, top=False)
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many scans to list (default 20)")
    p.add_argument("--json", action="store_true", help="print the list as JSON")

    p = sub.add_parser("report", help="print a saved scan (the latest by default) or a report file")
    _common(p, top=False)
    p.add_argument("run_id", nargs="?", type=int, help="the scan number shown by `history`")
    p.add_argument("--file", metavar="PATH", help="read a JSON report file instead of the history")
    p.add_argument("--json", action="store_true", help="print the JSON report instead of text")
    p.add_argument("--evidence", action="store_true", help="also print what each check looked at and saw")
    p.add_argument("--html", metavar="FILE", help="also write the report as a printable HTML page to FILE")

    cli_family.add_commands(sub, lambda p: _common(p, top=False))

    p = sub.add_parser("gui", help="open the desktop window")
    _common(p, top=False)
    return parser


def _score_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("the score runs from 0 to 100")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    _make_output_safe()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    command = args.command
    if command is None:
        if has_display():
            command = "gui"
        else:
            print("No display was found, so Homeguard is showing its report here in the terminal.")
            args = build_parser().parse_args([*argv, "scan"])
            command = "scan"
    try:
        if command == "gui":
            return _gui(args)
        if command == "checks":
            return _checks(args)
        store = Store(args.data_dir)
        if store.notice:
            print(store.notice, file=sys.stderr)
        try:
            if command in cli_family.COMMANDS:
                return cli_family.run(command, args, store)
            return {"scan": _scan, "history": _history, "report": _report}[command](args, store)
        finally:
            store.close()
    except StoreError as exc:
        print(f"homeguard: {exc}", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`homeguard checks | head`): stop quietly, as other terminal tools do.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def load_registry(safe_mode: bool) -> Registry:
    return discover(safe_mode=safe_mode_requested(safe_mode))


def _scan(args, store: Store) -> int:
    settings = store.settings()
    if args.lock_minutes is not None:
        try:
            settings = settings.with_value("screen_lock_max_minutes", args.lock_minutes)
        except ValueError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        store.save_settings(settings)
    registry = load_registry(args.safe_mode or settings.safe_mode)
    if args.recorded:
        from auditor.recorded import load_scenario

        host = load_scenario(args.recorded)
    else:
        host = RealHost()
    run = run_scan(registry.for_platform(host.platform), host, settings, failures=registry.failures,
                   safe_mode=registry.safe_mode)
    if not args.device_only:
        run = with_guided_answers(run, store)
    card = scorecard(run.results)
    if not args.no_save:
        run_id = store.save_run(run, card)
        run = dataclasses.replace(run, run_id=run_id)
    if args.json:
        sys.stdout.write(to_json(build_report(run, card)))
    else:
        sys.stdout.write(render(run, card, width=_width(), colour=_colour(), evidence=args.evidence))
        if registry.skipped_plugins:
            names = ", ".join(e.name for e in registry.skipped_plugins)
            print(f"Safe mode: these plugin checks were not loaded: {names}.")
        if not args.no_save:
            print(f"Saved to the history as scan {run.run_id} ({store.path}).")
    if args.html and not _write_html(args.html, run, card, None if args.device_only else Household(store)):
        return EXIT_USAGE
    if args.fail_under is not None:
        score = card.overall.score
        return EXIT_OK if score is not None and score >= args.fail_under else EXIT_UNDER
    return EXIT_OK


def with_guided_answers(run: ScanRun, store: Store) -> ScanRun:
    """The scan plus what the household has answered, so both count in one score and one coverage."""
    content = load_content()
    for error in content.errors:
        print(f"homeguard: a content pack has a problem and part of it was left out: {error}", file=sys.stderr)
    region = cli_family.household_region(content, store)
    guided = guided_results(content, Household(store), region=region.id if region else "")
    return dataclasses.replace(run, results=run.results + tuple(guided))


def _checks(args) -> int:
    registry = load_registry(args.safe_mode)
    if args.markdown:
        print(check_table.markdown(check for check, _ in registry.checks))
        return EXIT_OK
    if args.platform == "all":
        status = EXIT_OK
        for platform in PLATFORMS:
            status = max(status, _checks(argparse.Namespace(**{**vars(args), "platform": platform})))
            print()
        return status
    platform = args.platform or current_platform()
    rows = []
    for check, origin in registry.checks:
        spec = check.spec
        rows.append({
            "id": spec.id,
            "title": spec.title,
            "strategy": spec.strategy,
            "severity": str(spec.severity),
            "platforms": list(spec.platforms),
            "looks_at": spec.looks_at.get(platform, ""),
            "needs_admin": spec.needs_admin(platform),
            "admin_note": spec.admin_notes.get(platform, ""),
            "unverified": list(spec.unverified.get(platform, ())),
            "origin": origin.to_dict(),
        })
    if args.json:
        print(json.dumps({"platform": platform, "checks": rows,
                          "load_failures": [f.to_result().to_dict() for f in registry.failures]}, indent=2))
        return EXIT_OK
    width = _width()
    import textwrap

    print(f"Checks for {PLATFORM_NAMES.get(platform, platform)} ({len(rows)} in all; * = not on this system)\n")
    titles = {s.id: s.title for s in STRATEGIES}
    for row in sorted(rows, key=lambda r: ([s.id for s in STRATEGIES].index(r["strategy"]), r["id"])):
        here = platform in row["platforms"]
        systems = ", ".join(PLATFORM_NAMES[p] for p in row["platforms"])
        print(f"{'' if here else '*'}{row['id']}  —  {row['title']}")
        details = [f"Advice: {titles[row['strategy']]}. Importance: {row['severity']}. Systems: {systems}."]
        if here and row["looks_at"]:
            details.append("Looks at: " + row["looks_at"])
        if here and row["needs_admin"]:
            details.append("Needs admin rights for a full answer. " + row["admin_note"])
        if here and row["unverified"]:
            details.append("Not yet seen on real output: " + "; ".join(row["unverified"]) + ".")
        for text in details:
            print("\n".join(textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="    ")))
        if not origin_is_builtin(row):
            print(f"    From the plugin package {row['origin']['distribution']} {row['origin']['version']}.")
        print()
    for failure in registry.failures:
        print(f"!{failure.name}  —  could not be loaded from {failure.origin.distribution}: {failure.message}")
    return EXIT_OK


def origin_is_builtin(row: dict) -> bool:
    return bool(row["origin"]["builtin"])


def _history(args, store: Store) -> int:
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
    from auditor.scoring import ScoreLine

    for r in runs:
        when = time.strftime("%d %b %Y %H:%M", time.localtime(r.finished_at))
        line = describe_line(ScoreLine(r.score, r.coverage, r.lowest, r.highest))
        flag = "  action needed" if r.action_needed else ""
        flag += "  (cancelled)" if r.cancelled else ""
        print(f"{r.run_id:>5}  {when:<18}  {r.hostname[:20]:<20}  {line}{flag}")
    print(f"\nShow one with `homeguard report N`. History folder: {store.data_dir}")
    return EXIT_OK


def _report(args, store: Store) -> int:
    if args.file:
        try:
            _, run = load_report(args.file)
        except ReportError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        run_id = args.run_id if args.run_id is not None else store.latest_run_id()
        run = store.load_run(run_id) if run_id is not None else None
        if run is None:
            what = f"scan {args.run_id}" if args.run_id is not None else "any scan"
            print(f"homeguard: there is no {what} in the history yet (see `homeguard history`).", file=sys.stderr)
            return EXIT_USAGE
    card = scorecard(run.results)
    if args.json:
        sys.stdout.write(to_json(build_report(run, card)))
    else:
        sys.stdout.write(render(run, card, width=_width(), colour=_colour(), evidence=args.evidence))
    if args.html and not _write_html(args.html, run, card, None):
        return EXIT_USAGE
    return EXIT_OK


def _write_html(path: str, run: ScanRun, card, household: Household | None) -> bool:
    """Write the printable HTML report; say where it went (on stderr, so --json output stays clean)."""
    summary = household_summary_lines(household) if household is not None else None
    try:
        Path(path).write_text(render_html(run, card, household_summary=summary), encoding="utf-8")
    except OSError as exc:
        print(f"homeguard: the HTML report could not be written to {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    print(f"Wrote the HTML report to {path}.", file=sys.stderr)
    return True


def _gui(args) -> int:
    try:
        from ui.app import main as gui_main
    except ImportError as exc:
        print(f"The desktop window could not start ({exc}); showing the terminal report instead.", file=sys.stderr)
        store = Store(args.data_dir)
        try:
            return _scan(build_parser().parse_args(["scan"]), store)
        finally:
            store.close()
    gui_args = []
    if args.data_dir:
        gui_args += ["--data-dir", str(Path(args.data_dir))]
    if args.safe_mode:
        gui_args.append("--safe-mode")
    return gui_main(gui_args)


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns - 2


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _make_output_safe() -> None:
    """Never crash on a console that cannot show a character (old Windows code pages)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
