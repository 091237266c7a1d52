"""Counts in words: one helper (``auditor.plural``), so no text says "1 questions", "1 answer ... need" or
"question(s)": not the app, not the reports, not the terminal."""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from pathlib import Path

from auditor.cli_club import counted, render_text
from auditor.club import summarise
from auditor.club_html import render_html as club_html
from auditor.intake import report_from_bytes
from auditor.model import Result, ScanRun, Severity, Status
from auditor.plural import plural, word_for
from auditor.textreport import render
from tests.clock import made_at
from tests.support import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
# Not worded yet by the change that owns it at the moment ("Unknown service(s)" in `homeguard family`); remove it
# from here once that text counts its services.
NOT_YET: set[str] = set()


def test_plural_and_word_for():
    assert plural(1, "question") == "1 question"
    assert plural(0, "question") == "0 questions"
    assert plural(3, "question") == "3 questions"
    assert plural(1, "person", "people") == "1 person" and plural(2, "person", "people") == "2 people"
    assert word_for(1, "is", "are") == "is" and word_for(2, "is", "are") == "are"
    assert counted(1, "computers") == "1 computer" and counted(6, "computers") == "6 computers"
    assert counted("fewer than 5", "computers") == "fewer than 5 computers"


def test_no_text_in_the_app_says_s_in_brackets():
    """Every string in auditor/, ui/ and checks/ (docstrings and comments aside) is read for "(s)"."""
    found = []
    for path in sorted([*ROOT.glob("auditor/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("checks/**/*.py")]):
        name = path.relative_to(ROOT).as_posix()
        if name in NOT_YET:
            continue
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        previous = None
        for token in tokens:
            text = token.string
            is_string = token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1)
            docstring = previous in (None, tokenize.INDENT, tokenize.NEWLINE) and token.type == tokenize.STRING
            if is_string and not docstring and re.search(r"[a-z]\(s\)", text.replace("http(s)", "")):
                found.append(f"{name}:{token.start[0]}: {text.strip()[:80]}")
            if token.type not in (tokenize.NL, tokenize.COMMENT):
                previous = token.type
    assert found == []


def one_of_each() -> ScanRun:
    results = (
        Result("firewall", "The firewall is on", "secure-devices", Severity.MEDIUM, Status.UNKNOWN, "Could not tell."),
        Result("family-talk", "You have talked about online blackmail", "educate", Severity.HIGH, Status.UNKNOWN,
               "Not answered yet.", kind="guided", subject="household"),
        Result("privacy-tiktok-private", "Your TikTok account is private", "privacy-settings", Severity.MEDIUM,
               Status.NOT_APPLICABLE, "Alex does not use it.", kind="guided", subject="Alex"),
    )
    return ScanRun(results=results, started_at=1_795_000_000.0, finished_at=1_795_000_060.0, platform="linux",
                   hostname="family-laptop", os_name="Debian", app_version="0.1.0")


def test_the_terminal_report_counts_one_as_one():
    text = " ".join(render(one_of_each(), width=200).split())
    assert "1 question for the family is not answered yet or needs confirming" in text
    assert "1 question does not apply to this family" in text
    assert "1 check of this computer could not give an answer" in text
    assert "(s)" not in text


def test_the_club_summary_counts_one_as_one():
    source = FIXTURES / "reports" / "family-laptop-v2.json"
    now = made_at(source) + 3600  # an hour after the report was made, whatever today's date is
    report = report_from_bytes(source.name, source.read_bytes(), now=now)
    summary = dataclasses.replace(summarise([report], now), set_aside=1, refused=1)
    for text in (render_text(summary), club_html(summary)):
        assert "1 older report of computers that also sent a newer one" in text
        assert "1 file that could not be read" in text
        assert "1 computers" not in text
        assert "(s)" not in text
