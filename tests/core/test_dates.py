"""One date format everywhere in the terminal: history, the report, the household's computers, the club summary,
the guided answers, the quiz and the evidence notes all write a day as auditor.dates does."""

import ast
import json
import time
from pathlib import Path

import pytest

from auditor import cli
from auditor.cli_club import render_text
from auditor.club import summarise
from auditor.dates import date_text, date_time_text
from auditor.guided import status_of
from auditor.household import Answer
from auditor.household_score import computer, household_score
from auditor.household_text import render
from auditor.notes import Note, summary_text
from auditor.packs import load_content
from tests.core.test_cli import scenario  # noqa: F401

MOMENT = time.mktime((2026, 3, 7, 9, 5, 0, 0, 0, -1))  # 7 March 2026, 09:05 local time
AUDITOR = Path(cli.__file__).parent
# The modules that print to the terminal; none may write a date its own way.
TERMINAL_MODULES = ("cli.py", "cli_saved.py", "cli_checks.py", "textreport.py", "household_text.py", "cli_household.py",
                    "cli_club.py", "terminal_guide.py", "cli_family.py", "cli_guided.py", "guided.py", "quiz.py",
                    "notes.py")


def test_the_format():
    assert date_text(MOMENT) == "07 Mar 2026"
    assert date_time_text(MOMENT) == "07 Mar 2026, 09:05"


def test_history_writes_the_same_date_as_the_report(scenario, capsys):  # noqa: F811
    assert cli.main(["scan", "--recorded", scenario]) == 0
    report = capsys.readouterr().out
    assert cli.main(["history", "--json"]) == 0
    finished = json.loads(capsys.readouterr().out)[0]["finished_at"]
    assert cli.main(["history"]) == 0
    assert date_time_text(finished) in capsys.readouterr().out
    assert f"scanned {date_time_text(finished)}" in report


def test_the_households_computers_are_dated_alike():
    laptop = computer("family-laptop", "me", "linux", MOMENT, [], MOMENT, this_computer=True)
    lines = render(household_score([laptop], []))
    assert any(line.strip() == f"scanned {date_text(MOMENT)}" for line in lines)


def test_the_club_summary_is_dated_alike():
    text = render_text(summarise([], MOMENT))
    assert f"Made {date_time_text(MOMENT)}." in " ".join(text.split())


def test_answers_quiz_and_notes_are_dated_alike():
    content = load_content()
    check = content.check("privacy-instagram-private")
    _status, reason = status_of(check, Answer(check.id, "person", 1, "yes", None, MOMENT), MOMENT + 1)
    assert date_text(MOMENT) in reason
    notes = summary_text([Note(1, MOMENT, MOMENT)], printed_at=MOMENT)
    assert f"printed {date_time_text(MOMENT)}" in notes and f"(written {date_text(MOMENT)})" in notes


@pytest.mark.parametrize("module", TERMINAL_MODULES)
def test_no_terminal_module_formats_a_date_itself(module):
    tree = ast.parse((AUDITOR / module).read_text(encoding="utf-8"))
    formats = [node.args[0].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "strftime"
               and node.args and isinstance(node.args[0], ast.Constant)]
    assert [f for f in formats if "%d" in f or "%b" in f or "%B" in f] == []
