"""The printable report: one self-contained HTML page a parent can read and a teacher can check.

It says the same as the terminal report (auditor/textreport.py) and the JSON report, in the same order: the score
with how much was checked and where the truth could lie, what needs action first, the seven kinds of advice with
their scores, then each kind's checks with the verdict, the reason, how to fix it and what was looked at, and at the
end, plainly, what was not checked.

The page has inline CSS only: no scripts, no pictures, nothing fetched from anywhere, so it can be saved, emailed
to a school or opened years later. Every value that came from a check, a file or a person is escaped, and only
http(s) addresses become links. It keeps to the HTML that Qt's own text engine understands too (tables,
paragraphs, lists, background colours on cells), so the desktop app previews, prints and writes PDFs from this
same page. Anything with a background colour also sets its own text colour, so the page reads on a dark screen.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable, Sequence

from auditor.advice import STRATEGIES, Strategy
from auditor.household import AGE_BANDS, Household
from auditor.model import PLATFORM_NAMES, Result, ScanRun, Severity, Status
from auditor.scoring import Scorecard, ScoreLine, scorecard
from auditor.textreport import describe_line, percent

# Badge and bar colours: white text on each keeps at least 4.5:1 contrast; they read on white paper and dark screens.
STATUS_COLOURS = {
    Status.PASS: "#1b7a3d", Status.PARTIAL: "#8a5a00", Status.FAIL: "#b3261e",
    Status.UNKNOWN: "#5b6470", Status.NOT_APPLICABLE: "#5f6b7a", Status.ERROR: "#7b3fa0",
}
TRACK_COLOUR = "#c9ced6"
# Text drawn straight on the page (the big score, links) needs lighter colours on a dark screen. Exports always use
# the light set (paper is white); the desktop preview asks for the dark set when the system theme is dark.
_TEXT_LIGHT = {"pass": "#1b7a3d", "partial": "#8a5a00", "fail": "#b3261e", "none": "#5b6470", "link": "#1a5fb4",
               "action_bg": "#fdecea", "action_fg": "#4a0f0b", "action_border": "#b3261e",
               "track": TRACK_COLOUR}
_TEXT_DARK = {"pass": "#6fd08f", "partial": "#f0b95a", "fail": "#ff8a80", "none": "#b8c0cc", "link": "#8ab4f8",
              "action_bg": "#3d1714", "action_fg": "#ffdad6", "action_border": "#ff8a80",
              "track": "#4d535c"}
SEVERITY_WORDS = {
    Severity.CRITICAL: "very important",
    Severity.HIGH: "important",
    Severity.MEDIUM: "worth doing",
    Severity.LOW: "good to have",
    Severity.INFO: "for information",
}
_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.PARTIAL: 3, Status.PASS: 4,
          Status.NOT_APPLICABLE: 5}
_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}
EVIDENCE_CHARS = 300  # each thing seen is shortened to this in the page; the JSON report keeps all of it
UNDECIDED = (Status.UNKNOWN, Status.ERROR)
NOT_CHECKED_ANCHOR = "not-checked"

# The page's width and centring sit inside @supports, which browsers read and Qt's text engine skips: Qt takes
# "margin: auto" on the body as an indent for every table, which would push them off the printed page's margin.
_CSS = """
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4pt 0; }
h2 { font-size: 13.5pt; margin: 18pt 0 4pt 0; border-bottom: 1px solid #8a9099; }
h3 { font-size: 11pt; margin: 10pt 0 2pt 0; }
p { margin: 3pt 0; }
ol, ul { margin-top: 2pt; margin-bottom: 4pt; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9.5pt; }
a { color: %(link)s; }
table { border-collapse: collapse; }
.meta { font-size: 9.5pt; }
.scorebox { border: 1px solid #8a9099; margin: 8pt 0; }
.scorebox td { padding: 8pt 12pt; vertical-align: middle; }
.bignum { font-size: 28pt; font-weight: bold; }
.action { background-color: %(action_bg)s; color: %(action_fg)s; border: 1px solid %(action_border)s;
          margin: 8pt 0; }
.action td { padding: 6pt 12pt; background-color: %(action_bg)s; color: %(action_fg)s; }
.action a { color: %(action_fg)s; }
.strategies { width: 100%%; margin: 4pt 0; }
.strategies th { text-align: left; font-size: 9.5pt; padding: 3pt 6pt; border-bottom: 1px solid #8a9099; }
.strategies td { padding: 4pt 6pt; border-bottom: 1px solid #c9ced6; vertical-align: middle; }
.num, .strategies th.num { text-align: right; white-space: nowrap; }
.bar { width: 100%%; }
.bar td { padding: 0; border: none; font-size: 5pt; height: 8px; }
.badge { font-weight: bold; font-size: 9pt; color: #ffffff; white-space: nowrap; }
.check { margin: 8pt 0 10pt 0; page-break-inside: avoid; break-inside: avoid; }
.checkhead { margin-top: 11pt; }
.fixhead { margin-top: 4pt; font-weight: bold; }
.evidence { font-size: 9pt; }
.small { font-size: 9pt; }
.foot { font-size: 9pt; margin-top: 16pt; border-top: 1px solid #8a9099; padding-top: 4pt; }
@supports (display: block) { body { max-width: 52em; margin: 1.5em auto; padding: 0 1em; } }
@page { size: A4; margin: 16mm 15mm; }
@media print { body { max-width: none; margin: 0; padding: 0; } a { color: inherit; } }
"""


def render_html(run: ScanRun, card: Scorecard | None = None, *,
                household_summary: str | Sequence[str] | None = None, dark: bool = False) -> str:
    """The whole report as one HTML page; ``household_summary`` is plain text (a line or a list of lines).

    ``dark`` is for showing the page on a dark screen (the desktop preview); files and prints leave it off.
    """
    card = card or scorecard(run.results)
    theme = _TEXT_DARK if dark else _TEXT_LIGHT
    out: list[str] = []
    title = f"Homeguard report for {run.hostname}"
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               f"<title>{_e(title)}</title>\n<style>{_CSS % theme}</style>\n</head>\n<body>\n")
    out.append(f"<h1>{_e(title)}</h1>\n")
    out.append(f"<p class=\"meta\">{_e(_meta_line(run))}</p>\n")
    if run.cancelled:
        out.append("<p><b>The scan was stopped before it finished,</b> so some checks did not run.</p>\n")
    _score_box(card.overall, theme, out)
    _action_needed(run, card, theme, out)
    _strategy_table(card, theme, out)
    if household_summary:
        _household(household_summary, out)

    grouped: dict[str, list[tuple[int, Result]]] = {}
    for index, result in enumerate(run.results):
        grouped.setdefault(result.strategy, []).append((index, result))
    for strategy in STRATEGIES:
        _strategy_section(strategy, card.by_strategy[strategy.id], grouped.get(strategy.id, []), out)
    _not_checked(grouped, out)
    _how_scored(out)
    out.append(f"<p class=\"foot\">{_e(_footer(run))}</p>\n</body>\n</html>\n")
    return "".join(out)


def household_summary_lines(household: Household) -> list[str]:
    """Who the family questions were about, in plain words, for the report's "Who this covers" part."""
    people = household.people()
    devices = household.devices()
    lines = []
    if people:
        lines.append("People: " + "; ".join(f"{p.nickname} ({AGE_BANDS.get(p.age_band, p.age_band)})"
                                              for p in people) + ".")
    else:
        lines.append("Nobody has been added to the household yet, so the questions for each person are still open.")
    if devices:
        lines.append("Phones, tablets and consoles: " + "; ".join(d.name for d in devices) + ".")
    elif household.devices_reviewed():
        lines.append("The family said it has no phones, tablets or consoles to check.")
    else:
        lines.append("The family's phones, tablets and consoles have not been added yet.")
    return lines


# -- parts of the page ----------------------------------------------------------------------------------------------

def _meta_line(run: ScanRun) -> str:
    system = PLATFORM_NAMES.get(run.platform, run.platform)
    parts = [
        f"{run.os_name or system}",
        f"scanned {_when(run.finished_at)}",
        f"Homeguard {run.app_version}",
        "with admin rights" if run.user_is_admin else "without admin rights (some checks say what they could "
                                                        "not see)",
    ]
    if run.safe_mode:
        parts.append("safe mode: only the checks that ship with Homeguard")
    return " · ".join(parts)


def _score_box(line: ScoreLine, theme: dict[str, str], out: list[str]) -> None:
    if line.score is None:
        big, under = "—", "no score yet"
    else:
        big, under = percent(line.score), "out of 100"
    colour = theme[_score_band(line.score)]
    explain = []
    if line.coverage is None:
        explain.append("Nothing could be checked yet.")
    else:
        explain.append(f"<b>{round(line.coverage * 100):d}% checked.</b> That is how much of the advice Homeguard "
                       "could actually confirm, weighted by how much each part matters.")
        if line.lowest is not None and line.highest is not None and round(line.lowest) != round(line.highest):
            explain.append(f"The real figure is between {percent(line.lowest)} and {percent(line.highest)}, "
                           "depending on the parts that are not checked yet. They never count as passed.")
    out.append(
        "<table class=\"scorebox\" cellspacing=\"0\" cellpadding=\"8\"><tr>"
        f"<td align=\"center\" width=\"110\"><span class=\"bignum\" style=\"color: {colour}\">{_e(big)}</span><br>"
        f"<span class=\"small\">{_e(under)}</span></td>"
        f"<td>{' '.join(explain)}</td></tr></table>\n"
    )


def _action_needed(run: ScanRun, card: Scorecard, theme: dict[str, str], out: list[str]) -> None:
    if not card.action_needed:
        return
    wanted = set(card.action_needed)
    items = [
        f"<li><a href=\"#r{index}\">{_e(_title_with_subject(result))}</a></li>"
        for index, result in enumerate(run.results)
        if result.check_id in wanted and result.status is Status.FAIL and result.severity is Severity.CRITICAL
    ]
    out.append(
        "<table class=\"action\" width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" "
        f"bgcolor=\"{theme['action_bg']}\"><tr><td>"
        "<p><b>Action needed first.</b> These matter most and need fixing; each has the steps below.</p>"
        f"<ul>{''.join(items)}</ul></td></tr></table>\n"
    )


def _strategy_table(card: Scorecard, theme: dict[str, str], out: list[str]) -> None:
    out.append("<h2>The seven kinds of advice</h2>\n"
               "<table class=\"strategies\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">"
               "<tr><th>Advice</th><th class=\"num\" align=\"right\" width=\"9%\">Score</th>"
               "<th class=\"num\" align=\"right\" width=\"11%\">Checked</th><th width=\"24%\"></th></tr>\n")
    for strategy in STRATEGIES:
        line = card.by_strategy[strategy.id]
        score = "—" if line.score is None else percent(line.score)
        checked = "nothing yet" if line.coverage is None else f"{round(line.coverage * 100):d}%"
        out.append(
            f"<tr><td><a href=\"#s-{strategy.id}\">{_e(strategy.title)}</a></td>"
            f"<td class=\"num\" align=\"right\">{_e(score)}</td>"
            f"<td class=\"num\" align=\"right\">{_e(checked)}</td>"
            f"<td width=\"24%\" style=\"padding-left: 10px\">{_bar(line.score, theme['track'])}</td></tr>\n"
        )
    out.append("</table>\n")


def _bar(score: float | None, track: str) -> str:
    """A bar drawn with table cells, which browsers and Qt both print; empty when there is no score."""
    filled = 0 if score is None else max(0, min(100, round(score)))
    cells = []
    if filled:
        cells.append(f"<td width=\"{filled}%\" bgcolor=\"{_score_colour(score)}\" "
                     f"style=\"background-color: {_score_colour(score)}\">&nbsp;</td>")
    if filled < 100:
        cells.append(f"<td width=\"{100 - filled}%\" bgcolor=\"{track}\" "
                     f"style=\"background-color: {track}\">&nbsp;</td>")
    return f"<table class=\"bar\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>{''.join(cells)}</tr></table>"


def _household(summary: str | Sequence[str], out: list[str]) -> None:
    lines = [summary] if isinstance(summary, str) else list(summary)
    out.append("<h2>Who this covers</h2>\n")
    out.extend(f"<p>{_e(line)}</p>\n" for line in lines if line)


def _strategy_section(strategy: Strategy, line: ScoreLine, entries: list[tuple[int, Result]],
                      out: list[str]) -> None:
    out.append(f"<h2><a name=\"s-{strategy.id}\" id=\"s-{strategy.id}\"></a>{_e(strategy.title)}</h2>\n"
               f"<p><i>{_e(strategy.summary)}</i></p>\n<p><b>{_e(_capital(describe_line(line)))}.</b></p>\n")
    if not entries:
        out.append("<p>Nothing here was checked yet.</p>\n")
        return
    decided = [(i, r) for i, r in entries if r.status.decided]
    for index, result in sorted(decided, key=lambda e: _sort_key(e[1])):
        out.append(result_html(result, anchor=f"r{index}"))
    not_applying = [r for _, r in entries if r.status is Status.NOT_APPLICABLE and r.kind != "guided"]
    if not_applying:
        items = "".join(f"<li>{_e(_title_with_subject(r))}: {_e(r.summary)}</li>" for r in sorted(
            not_applying, key=lambda r: r.title))
        out.append(f"<p class=\"small\"><b>Does not apply here:</b></p><ul class=\"small\">{items}</ul>\n")
    guided_na = sum(1 for _, r in entries if r.status is Status.NOT_APPLICABLE and r.kind == "guided")
    if guided_na:
        out.append(f"<p class=\"small\">{_count(guided_na, 'question does', 'questions do')} not apply to this "
                   "family (apps nobody uses, or meant for another age group).</p>\n")
    open_count = sum(1 for _, r in entries if r.status in UNDECIDED)
    if open_count:
        out.append(f"<p class=\"small\">Not checked yet here: {open_count} (see "
                   f"<a href=\"#{NOT_CHECKED_ANCHOR}\">What was not checked</a>).</p>\n")


def result_html(result: Result, *, anchor: str = "", evidence: bool = True) -> str:
    """One check as the report shows it: verdict, title, reason, fix and what was seen. Every value escaped."""
    colour = STATUS_COLOURS[result.status]
    name = f"<a name=\"{_e(anchor)}\" id=\"{_e(anchor)}\"></a>" if anchor else ""
    parts = [
        f"<div class=\"check\">{name}<p class=\"checkhead\">"
        f"<span class=\"badge\" style=\"background-color: {colour}; color: #ffffff\">"
        f"&nbsp;{_e(result.status.label)}&nbsp;</span>&nbsp; <b>{_e(result.title)}</b>"
    ]
    if _subject_name(result):
        parts.append(f" — {_e(_subject_name(result))}")
    parts.append(f" <span class=\"small\">({_e(SEVERITY_WORDS[result.severity])})</span></p>\n")
    parts.append(f"<p>{_e(result.summary)}</p>\n")
    fix = result.fix
    if fix and result.status is not Status.PASS:
        steps = [s for s in fix.steps if s.strip()]
        if steps:
            parts.append("<p class=\"fixhead\"><b>How to fix it</b></p>\n<ol>"
                         + "".join(f"<li>{_e(step)}</li>" for step in steps) + "</ol>\n")
        links = []
        if fix.settings_url:
            links.append(f"Settings page: <code>{_e(fix.settings_url)}</code>")
        elif fix.settings_command:
            links.append(f"Settings: <code>{_e(' '.join(fix.settings_command))}</code>")
        if fix.more_info:
            links.append(f"Read more: {_link(fix.more_info)}")
        if links:
            parts.append(f"<p class=\"small\">{' · '.join(links)}</p>\n")
    if evidence and result.evidence:
        if result.kind == "guided":
            seen = "; ".join(_compact(e.looked_at) for e in result.evidence)
            parts.append(f"<p class=\"evidence\"><b>Question asked:</b> {_e(seen)}</p>\n")
        else:
            items = "".join(f"<li>{_e(_compact(e.looked_at, 120))}: {_e(_compact(e.seen))}</li>"
                            for e in result.evidence)
            parts.append(f"<p class=\"evidence\"><b>What Homeguard looked at</b></p>\n"
                         f"<ul class=\"evidence\">{items}</ul>\n")
    parts.append("</div>\n")
    return "".join(parts)


def _not_checked(grouped: dict[str, list[tuple[int, Result]]], out: list[str]) -> None:
    out.append(f"<h2><a name=\"{NOT_CHECKED_ANCHOR}\" id=\"{NOT_CHECKED_ANCHOR}\"></a>What was not checked</h2>\n"
               "<p>These count as not checked, never as passed. Each says why; fixing the cause, or answering the "
               "question, makes the score more complete. The family's questions are answered in Homeguard under "
               "\u201cPeople and accounts\u201d, or in a terminal with <code>homeguard guide</code>.</p>\n")
    anything = False
    for strategy in STRATEGIES:
        entries = [r for _, r in grouped.get(strategy.id, [])]
        device = sorted((r for r in entries if r.kind != "guided" and r.status in UNDECIDED), key=_sort_key)
        questions = [r for r in entries if r.kind == "guided" and r.status in UNDECIDED]
        if not entries:
            anything = True
            out.append(f"<h3>{_e(strategy.title)}</h3>\n<p>Nothing here was checked yet.</p>\n")
            continue
        if not device and not questions:
            continue
        anything = True
        out.append(f"<h3>{_e(strategy.title)}</h3>\n")
        if device:
            out.append("<ul>" + "".join(_undecided_item(r) for r in device) + "</ul>\n")
        if questions:
            out.append(_open_questions(questions))
    broken = [r for _, r in grouped.get("", [])]
    for strategy_id, numbered in grouped.items():  # results naming a strategy this version does not know
        if strategy_id and strategy_id not in {s.id for s in STRATEGIES}:
            broken.extend(r for _, r in numbered)
    if broken:
        anything = True
        out.append("<h3>Checks that could not be loaded</h3>\n<ul>"
                   + "".join(_undecided_item(r) for r in broken) + "</ul>\n")
    if not anything:
        out.append("<p>Everything that applies here was checked.</p>\n")


def _undecided_item(result: Result) -> str:
    failed = " <span class=\"small\">(the check itself failed)</span>" if result.status is Status.ERROR else ""
    text = f"<li><b>{_e(result.title)}</b>{failed}: {_e(result.summary)}"
    if result.evidence:
        looked = "; ".join(_compact(e.looked_at, 120) for e in result.evidence)
        text += f"<br><span class=\"evidence\">Looked at: {_e(looked)}</span>"
    return text + "</li>"


def _open_questions(questions: Iterable[Result]) -> str:
    """Unanswered family questions folded into one count, each title once with who still has to answer it."""
    questions = list(questions)
    who: dict[str, list[str]] = {}
    for result in questions:
        names = who.setdefault(result.title, [])
        subject = _subject_name(result)
        if subject and subject not in names:
            names.append(subject)
    items = "".join(
        f"<li>{_e(title)}" + (f" <span class=\"small\">({_e(', '.join(names))})</span>" if names else "") + "</li>"
        for title, names in sorted(who.items())
    )
    count = _count(len(questions), "answer from the family is", "answers from the family are")
    return f"<p>{count} missing or need confirming:</p>\n<ul class=\"small\">{items}</ul>\n"


def _how_scored(out: list[str]) -> None:
    out.append(
        "<h2>How the score works</h2>\n"
        "<p class=\"small\">Each check has a weight from how much it matters (very important 8, important 4, "
        "worth doing 2, good to have 1). A pass earns its full weight, a partial pass half, a fail nothing. "
        "The score is what was earned out of the checks that gave an answer; <b>checked</b> is how much of the "
        "weight gave an answer at all. Checks that could not tell, and questions not answered yet, are never "
        "counted as passed: the range shows the score if they all failed and if they all passed. "
        "Anything very important that fails is listed as <b>action needed</b>.</p>\n"
    )


def _footer(run: ScanRun) -> str:
    origins = sorted({f"{r.origin.distribution} {r.origin.version}".strip()
                      for r in run.results if r.origin and not r.origin.builtin})
    text = (f"Made by Homeguard {run.app_version} on this computer; nothing in it was sent anywhere. "
            "It describes where this family could be safer, so keep it somewhere private.")
    if origins:
        text += " Some checks came from add-on packages: " + ", ".join(origins) + "."
    if run.run_id is not None:
        text += f" Scan number {run.run_id} in this computer's history."
    return text


# -- small helpers --------------------------------------------------------------------------------------------------

def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(url: str) -> str:
    """Only web addresses become links; anything else is shown as text and cannot be clicked."""
    if url.lower().startswith(("https://", "http://")):
        return f"<a href=\"{_e(url)}\">{_e(url)}</a>"
    return f"<code>{_e(url)}</code>"


def _compact(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """One line, shortened: a report shows the gist; the JSON report keeps every byte."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _when(timestamp: float) -> str:
    return time.strftime("%d %b %Y, %H:%M", time.localtime(timestamp))


def _subject_name(result: Result) -> str:
    """Who a guided answer is about; questions for the whole household say so in words."""
    if result.kind != "guided" or not result.subject:
        return ""
    return "the whole family" if result.subject == "household" else result.subject


def _title_with_subject(result: Result) -> str:
    subject = _subject_name(result)
    return f"{result.title} ({subject})" if subject else result.title


def _sort_key(result: Result) -> tuple[int, int, str, str]:
    return (_ORDER[result.status], _SEVERITY_ORDER[result.severity], result.title, result.subject)


def _score_band(score: float | None) -> str:
    if score is None:
        return "none"
    shown = round(score)  # judge the number the reader sees: 79.6 is shown, and coloured, as 80
    return "pass" if shown >= 80 else "partial" if shown >= 50 else "fail"


def _score_colour(score: float | None) -> str:
    return STATUS_COLOURS[{"pass": Status.PASS, "partial": Status.PARTIAL, "fail": Status.FAIL,
                           "none": Status.UNKNOWN}[_score_band(score)]]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


__all__ = ["household_summary_lines", "render_html", "result_html"]
