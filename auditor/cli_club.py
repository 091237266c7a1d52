"""``homeguard club summary PATH...``: a teacher's anonymous summary of many computers' reports.

Reports are read one at a time (``auditor.intake``) and folded into the summary (``auditor.club``), which holds
only check titles, strategy titles and numbers that have been through the small-group rule. This module only
presents it: text for the terminal, ``--json`` in the documented shape (``auditor/schema/club-summary-1.schema.json``)
and ``--html`` as a printable page. A file that could not be read is named on stderr, the teacher's own terminal,
and only counted in the summary itself: a file name can be a pupil's name.

``--pdf`` needs Qt's PDF writer, which the engine does not import. ``run`` takes the writer as ``write_pdf`` so the
one place that knows both faces (``main.py``, the ``homeguard`` command) can hand it in; without one (``python -m
auditor``), ``--pdf`` says so and exits with 2 before anything is read.

Exit codes: 0 done; 2 the command line was wrong, no report could be read, or an output could not be written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.plural import plural

if TYPE_CHECKING:
    from auditor.club import Averages, ClubSummary, Count
    from auditor.intake import Refused

EXIT_OK, EXIT_USAGE = 0, 2
PdfWriter = Callable[[str, Path], None]  # the page's HTML and where to write the PDF; raises OSError on failure
NO_PDF = ("homeguard: --pdf needs the desktop parts of Homeguard, which `python -m auditor` leaves out. Run the same "
          "command as `homeguard club summary ...` (or `python main.py club summary ...`), or write the page with "
          "--html FILE and print it to PDF from a web browser.")
CHECK_LABELS = ("OK", "partly", "needs fixing", "could not tell", "does not apply")
ANSWER_LABELS = ("yes", "partly", "no", "not sure or not answered", "does not apply")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("club", help="summarise many computers' reports for a club or class, anonymously",
                       description="For a school or club: a summary of many computers' reports, with no names. "
                       "Its one action is `summary`.")
    actions = p.add_subparsers(dest="club_command", metavar="ACTION", required=True)
    s = actions.add_parser(
        "summary", help="an anonymous summary of report files and folders of reports",
        description="Reads every Homeguard report given (files, or folders of them) and summarises them without "
        "names, computer names, user names or file paths; a group of fewer than 5 computers or people is shown "
        "as \"fewer than 5\". Files that cannot be read are named here on the terminal and left out.")
    s.add_argument("paths", nargs="+", metavar="PATH", help="a report file, or a folder of reports")
    s.add_argument("--json", action="store_true", help="print the summary as JSON instead of text")
    s.add_argument("--html", metavar="FILE", help="also write the summary as a printable HTML page to FILE")
    s.add_argument("--pdf", metavar="FILE", help="also write the summary as a PDF on A4 paper to FILE (needs the "
                                                 "desktop parts of Homeguard; works without a display)")


def run(args: argparse.Namespace, *, write_pdf: PdfWriter | None = None, now: float | None = None) -> int:
    if args.pdf and write_pdf is None:
        print(NO_PDF, file=sys.stderr)
        return EXIT_USAGE
    from auditor.club import summarise
    from auditor.intake import read_reports

    now = time.time() if now is None else now
    reports = read_reports((Path(p) for p in args.paths), now=now, for_club=True)
    summary = summarise(reports, now, on_refused=_say_refused)
    if summary.machines == 0:
        print("homeguard: no report could be read, so there is nothing to summarise.", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        import json

        sys.stdout.write(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(summary, width=shutil.get_terminal_size((100, 24)).columns - 2))
    if args.html or args.pdf:
        from auditor.atomic_file import write_text  # here, not at the top: every scan imports this module's parser
        from auditor.club_html import render_html

        page = render_html(summary)
        if args.html and not _write(args.html, "HTML page", lambda path: write_text(path, page)):
            return EXIT_USAGE
        if args.pdf and write_pdf is not None and not _write(args.pdf, "PDF", lambda path: write_pdf(page, path)):
            return EXIT_USAGE
    return EXIT_OK


def _say_refused(refused: Refused) -> None:
    """A file left out, named on the teacher's terminal only: never in the summary, where a name could be a pupil's."""
    print(f"homeguard: left out: {terminal_safe(refused.message)}", file=sys.stderr)


def _write(target: str, what: str, write: Callable[[Path], object]) -> bool:
    try:
        write(Path(target))
    except OSError as exc:
        print(f"homeguard: the {what} could not be written to {target}: {exc.strerror or exc}", file=sys.stderr)
        return False
    print(f"Wrote the club summary's {what} to {target}.", file=sys.stderr)
    return True


def terminal_safe(text: str) -> str:
    """Text from a file (its name, a reason quoting it) as one printable line: no escape codes reach the terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


def counted(count: Count, many: str) -> str:
    """"12 computers", "1 computer", "0 computers", "fewer than 5 computers" (a protected group of one to four is
    never a number). ``many`` is the plural, ending in "s"."""
    return plural(count, many.removesuffix("s"), many) if isinstance(count, int) else f"{count} {many}"


def set_aside_words(count: int) -> str:
    """"2 older reports of computers that also sent a newer one", in the one wording the terminal, page and app use."""
    return f"{plural(count, 'older report')} of computers that also sent a newer one"


def averages_text(averages: Averages) -> str:
    """"average 72 out of 100, 48% checked", or why there is no average (no score yet, or too few to show one)."""
    if averages.machines == 0:
        return "nothing to check here"
    if averages.score is not None:
        text = f"average {round(averages.score):d} out of 100"
    elif averages.machines_with_score == 0:
        text = "no score yet"
    else:
        text = f"no average shown: {counted(averages.machines_with_score, 'computers')} have a score"
    if averages.coverage is not None:
        text += f", {round(averages.coverage * 100):d}% checked"
    return text


def answer_line(asked: Count, counts: Sequence[Count]) -> str:
    """"14 of 20 said yes · no: fewer than 5 · ..." for one guided question."""
    if asked == 0:
        head = "nobody was asked"
    elif asked == "fewer than 5":
        head = "fewer than 5 were asked"
    else:
        head = f"{counts[0]} of {asked} said yes"
    rest = [f"{label}: {count}" for label, count in zip(ANSWER_LABELS[1:], counts[1:], strict=True)]
    return " · ".join([head, *rest])


def unanswered(counts: Sequence[Count]) -> bool:
    """Whether nobody answered yes, partly or no (shown as 0, so surely none): such questions are folded."""
    return all(count == 0 for count in counts[:3])


def render_text(summary: ClubSummary, *, width: int = 100) -> str:
    from auditor.club import CHECK_COLUMNS, FEWER
    from auditor.dates import date_time_text
    from auditor.freshness import OUT_OF_DATE_DAYS
    from auditor.report_html_checks import SEVERITY_WORDS

    width = max(60, min(width, 120))
    out: list[str] = []

    def para(text: str, indent: int = 0) -> None:
        out.extend(textwrap.wrap(text, width, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                                 break_on_hyphens=False, break_long_words=False) or [""])

    out.append(f"Club summary: {counted(summary.machines, 'computers')}")
    para(f"Made {date_time_text(summary.generated_at)}. Anonymous: no names, "
         f"computer names or file paths; any group of fewer than 5 computers or people is shown as \"{FEWER}\".")
    para(f"Out of date (scanned more than {OUT_OF_DATE_DAYS} days ago, so counted as not checked): "
         f"{counted(summary.out_of_date, 'computers')}.")
    if summary.set_aside:
        para(f"Set aside: {set_aside_words(summary.set_aside)}.")
    if summary.refused:
        para(f"Left out: {plural(summary.refused, 'file')} that could not be read (named above).")

    out.extend(["", "Scores (out of 100)"])
    para(averages_text(summary.overall).capitalize() + ".", 2)
    shown = [b.machines for b in summary.bands if isinstance(b.machines, int)]
    biggest = max([*shown, 1])
    for band in reversed(summary.bands):
        bar = "#" * round(30 * band.machines / biggest) if isinstance(band.machines, int) else ""
        out.append(f"  {f'{band.low}-{band.high}':<12}  {bar:<30}  {band.machines}")
    out.append(f"  {'no score yet':<12}  {'':<30}  {summary.no_score}")

    out.extend(["", "The seven kinds of advice"])
    for strategy in summary.strategies:
        para(f"{strategy.title}: {averages_text(strategy.averages)}.", 2)

    out.extend(["", "Fixes most needed (computers where a check fails or only partly passes)"])
    for fix in summary.fixes:
        para(f"{fix.title} ({SEVERITY_WORDS[fix.severity]}): {counted(fix.machines, 'computers')}", 2)
    if not summary.fixes:
        para("None: no check fails on any computer.", 2)

    out.extend(["", "Each check (computers)"])
    for row in summary.checks:
        para(row.title, 2)
        para(" · ".join(f"{label}: {row.count(column)}" for label, column in zip(CHECK_LABELS, CHECK_COLUMNS,
                                                                                  strict=True)), 6)
    if summary.answers:
        out.extend(["", "Guided questions (people, or their phones, tablets and consoles; each counts once)"])
        quiet = [answer.title for answer in summary.answers if unanswered(answer.counts)]
        for answer in summary.answers:
            if not unanswered(answer.counts):
                para(answer.title, 2)
                para(answer_line(answer.asked, answer.counts), 6)
        if quiet:
            para(f"Nobody answered yes, partly or no to {plural(len(quiet), 'question')}: " + "; ".join(quiet) + ".",
                 2)
    return "\n".join(out).rstrip() + "\n"
