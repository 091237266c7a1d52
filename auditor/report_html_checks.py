"""The body of the report page: each kind of advice with its checks, then, plainly, what was not checked.

Each check shows its verdict, the reason, how to fix it and what was looked at, worst first; checks that do not
apply are listed apart, and family questions still open are folded into counts so the page stays readable. Anything
not checked is said to be not checked, with why: it never reads as passed.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.advice import STRATEGIES, Strategy
from auditor.model import Result, Severity, Status
from auditor.plural import plural, word_for
from auditor.report_html_page import STATUS_COLOURS
from auditor.report_html_text import capitalised, compact, esc, subject_name, title_with_subject, web_link
from auditor.scoring import ScoreLine
from auditor.textreport import describe_line

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
UNDECIDED = (Status.UNKNOWN, Status.ERROR)
NOTHING_OF_THIS_KIND = ("Nothing here was checked yet: no check of this kind ran on this computer, and the family's "
                        "answers about it are not in this report.")
NO_REASON = "Not answered yet."
NOT_CHECKED_ANCHOR = "not-checked"


def strategy_section(strategy: Strategy, line: ScoreLine, entries: list[tuple[int, Result]],
                     out: list[str]) -> None:
    """One kind of advice: its score in words, its decided checks worst first, then what does not apply here."""
    out.append(f"<h2><a name=\"s-{strategy.id}\" id=\"s-{strategy.id}\"></a>{esc(strategy.title)}</h2>\n"
               f"<p><i>{esc(strategy.summary)}</i></p>\n<p><b>{esc(capitalised(describe_line(line)))}.</b></p>\n")
    if not entries:
        out.append("<p>Nothing here was checked yet.</p>\n")
        return
    decided = [(i, r) for i, r in entries if r.status.decided]
    for index, result in sorted(decided, key=lambda e: worst_first(e[1])):
        out.append(result_html(result, anchor=f"r{index}"))
    not_applying = [r for _, r in entries if r.status is Status.NOT_APPLICABLE and r.kind != "guided"]
    if not_applying:
        items = "".join(f"<li>{esc(title_with_subject(r))}: {esc(r.summary)}</li>" for r in sorted(
            not_applying, key=lambda r: r.title))
        out.append(f"<p class=\"small\"><b>Does not apply here:</b></p><ul class=\"small\">{items}</ul>\n")
    guided_na = sum(1 for _, r in entries if r.status is Status.NOT_APPLICABLE and r.kind == "guided")
    if guided_na:
        out.append(f"<p class=\"small\">{plural(guided_na, 'question does', 'questions do')} not apply to this "
                   "family (apps nobody uses, or meant for another age group).</p>\n")
    open_count = sum(1 for _, r in entries if r.status in UNDECIDED)
    if open_count:
        out.append(f"<p class=\"small\">Not checked yet here: {open_count} (see "
                   f"<a href=\"#{NOT_CHECKED_ANCHOR}\">What was not checked</a>).</p>\n")


def result_html(result: Result, *, anchor: str = "", evidence: bool = True, links: bool = True) -> str:
    """One check as the report shows it: verdict, title, reason, fix and what was seen. Every value escaped.

    ``links=False`` shows a "read more" address as text that cannot be clicked: for another computer's report,
    which this Homeguard did not write.
    """
    colour = STATUS_COLOURS[result.status]
    name = f"<a name=\"{esc(anchor)}\" id=\"{esc(anchor)}\"></a>" if anchor else ""
    parts = [
        f"<div class=\"check\">{name}<h3 class=\"checkhead\">"
        f"<span class=\"badge\" style=\"background-color: {colour}; color: #ffffff\">"
        f"&nbsp;{esc(result.status.label)}&nbsp;</span>&nbsp; <b>{esc(result.title)}</b>"
    ]
    if subject_name(result):
        parts.append(f" — {esc(subject_name(result))}")
    parts.append(f" <span class=\"small\">({esc(SEVERITY_WORDS[result.severity])})</span></h3>\n")
    parts.append(f"<p>{esc(result.summary)}</p>\n")
    fix = result.fix
    if fix and result.status is not Status.PASS:
        steps = [s for s in fix.steps if s.strip()]
        if steps:
            parts.append("<p class=\"fixhead\"><b>How to fix it</b></p>\n<ol>"
                         + "".join(f"<li>{esc(step)}</li>" for step in steps) + "</ol>\n")
        said = []
        if fix.settings_url:
            said.append(f"Settings page: <code>{esc(fix.settings_url)}</code>")
        elif fix.settings_command:
            said.append(f"Settings: <code>{esc(' '.join(fix.settings_command))}</code>")
        if fix.more_info:
            said.append(f"Read more: {web_link(fix.more_info) if links else f'<code>{esc(fix.more_info)}</code>'}")
        if said:
            parts.append(f"<p class=\"small\">{' · '.join(said)}</p>\n")
    if evidence and result.evidence:
        if result.kind == "guided":
            seen = "; ".join(compact(e.looked_at) for e in result.evidence)
            parts.append(f"<p class=\"evidence\"><b>Question asked:</b> {esc(seen)}</p>\n")
        else:
            items = "".join(f"<li>{esc(compact(e.looked_at, 120))}: {esc(compact(e.seen))}</li>"
                            for e in result.evidence)
            parts.append(f"<p class=\"evidence\"><b>What Homeguard looked at</b></p>\n"
                         f"<ul class=\"evidence\">{items}</ul>\n")
    parts.append("</div>\n")
    return "".join(parts)


def not_checked(grouped: dict[str, list[tuple[int, Result]]], out: list[str]) -> None:
    """What was not checked, per kind of advice, with why; checks that could not be loaded come last."""
    out.append(f"<h2><a name=\"{NOT_CHECKED_ANCHOR}\" id=\"{NOT_CHECKED_ANCHOR}\"></a>What was not checked</h2>\n"
               "<p>These count as not checked, never as passed. Each says why; fixing the cause, or answering the "
               "question, makes the score more complete. The family's questions are answered in Homeguard under "
               "\u201cPeople and accounts\u201d, or in a terminal with <code>homeguard guide</code>.</p>\n")
    anything = False
    for strategy in STRATEGIES:
        entries = [r for _, r in grouped.get(strategy.id, [])]
        device = sorted((r for r in entries if r.kind != "guided" and r.status in UNDECIDED), key=worst_first)
        questions = [r for r in entries if r.kind == "guided" and r.status in UNDECIDED]
        if not entries:
            anything = True
            out.append(f"<h3>{esc(strategy.title)}</h3>\n<p>{NOTHING_OF_THIS_KIND}</p>\n")
            continue
        if not device and not questions:
            continue
        anything = True
        out.append(f"<h3>{esc(strategy.title)}</h3>\n")
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
    text = f"<li><b>{esc(result.title)}</b>{failed}: {esc(result.summary)}"
    if result.evidence:
        looked = "; ".join(compact(e.looked_at, 120) for e in result.evidence)
        text += f"<br><span class=\"evidence\">Looked at: {esc(looked)}</span>"
    return text + "</li>"


def _open_questions(questions: Iterable[Result]) -> str:
    """Unanswered family questions folded into one count: each title once, with why, and who or which device
    still has to answer it (a device question with no devices added says so as its reason)."""
    questions = list(questions)
    why: dict[str, dict[str, list[str]]] = {}  # title -> reason -> who (people's names, devices' names)
    for result in questions:
        names = why.setdefault(result.title, {}).setdefault(result.summary.strip() or NO_REASON, [])
        subject = subject_name(result)
        if subject and subject not in names:
            names.append(subject)
    items = "".join(f"<li>{esc(title)}{'<br>'.join(_reason_html(names, reason) for reason, names in reasons.items())}"
                    "</li>" for title, reasons in sorted(why.items()))
    n = len(questions)
    said = f"{plural(n, 'answer')} from the family {word_for(n, 'is', 'are')} missing or {word_for(n, 'needs', 'need')}"
    return f"<p>{said} confirming:</p>\n<ul class=\"small\">{items}</ul>\n"


def _reason_html(names: list[str], reason: str) -> str:
    who = f" ({esc(', '.join(names))})" if names else ""
    return f"{who}: {esc(reason)}"


def worst_first(result: Result) -> tuple[int, int, str, str]:
    """The order checks are shown in: the worst verdict first, then the most important, then by title."""
    return (_ORDER[result.status], _SEVERITY_ORDER[result.severity], result.title, result.subject)
