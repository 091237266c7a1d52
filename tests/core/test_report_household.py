"""The report of a home with several computers: the HTML page (and its printed pages) and the terminal's section.

Three computers, as in tests/family/test_household_computers.py: this one is a real scan of the recorded Linux
scenario, the other two the generated macOS and Windows reports in tests/fixtures/reports. Every score is worked
out there by hand; here ``now`` is fixed a day after those reports were written, so nothing goes out of date by
itself as the calendar moves on.
"""

import dataclasses
import re

import pytest

from auditor import cli
from auditor.household_picture import home_of, household_picture
from auditor.household_score import computer, household_score
from auditor.household_text import REPORT_HEADING, report_section
from auditor.intake import read_report
from auditor.model import Evidence, Fix, Result, Severity, Status
from auditor.report_html import render_html
from auditor.report_html_household import HOUSEHOLD_TITLE, render_household_html
from auditor.store import Store
from tests.clock import an_hour_after_the_reports
from tests.core.test_report_html import parse
from tests.family.test_household_computers import DAY, MAC, PEOPLE, WINDOWS, linux_run, made_at, retimed  # noqa: F401
from tests.support import FIXTURES

NOW = made_at(MAC) + DAY
SCENARIO = str(FIXTURES / "scenarios" / "family-laptop.toml")
PAGE_BREAK = "page-break-before: always"


@pytest.fixture
def run(linux_run):  # noqa: F811
    """This computer's scan an hour before ``NOW``, with the people's answers (Jo's two-step sign-in fails)."""
    return dataclasses.replace(linux_run, started_at=NOW - 3_660, finished_at=NOW - 3_600,
                               results=linux_run.results + tuple(PEOPLE))


@pytest.fixture
def store(tmp_path, run):
    store = Store(tmp_path / "data")
    store.save_run(run)
    yield store
    store.close()


def add(store, *paths):
    for path in paths:
        store.import_computer(read_report(path, now=NOW), NOW)


def home_page(store, run, **kwargs):
    home = home_of(store, run, NOW)
    assert home is not None
    return render_household_html(run, home, **kwargs)


def table(page: str) -> str:
    start = page.index("<h2>Computers in this home</h2>")
    return page[start:page.index("</table>", start)]


def test_the_page_opens_with_the_household_score_and_every_computer(store, run):
    add(store, MAC, WINDOWS)
    page = home_page(store, run)
    tree = parse(page)
    assert not tree.errors and not tree.stack
    text = tree.plain
    assert text.startswith(HOUSEHOLD_TITLE)
    # 60 earned of 88 decided, of 141 applicable (worked out in test_household_computers)
    assert "Household score: 68 out of 100, 62% checked (the real figure is between 43 and 80)." in text
    assert "It covers all 3 computers in this home and the people’s answers together" in text
    rows = re.findall(r"<tr>(.*?)</tr>", table(page), re.S)
    cells = [parse(row).plain for row in rows[1:]]
    assert len(cells) == 3
    assert cells[0].startswith("family-laptop This computer · Linux 78 95%")  # 28/36, 36/38
    assert cells[1].startswith("Alexs-MacBook-Air macOS 73 48%")  # 16/22, 22/46
    assert cells[2].startswith("FAMILY-DESKTOP Windows 70 43%")  # 14/20, 20/47
    assert cells[0].endswith("The disk is encrypted: needs fixing")
    assert cells[1].endswith("AirDrop does not accept files from everyone: needs fixing")
    assert cells[2].endswith("Nobody is signed in automatically: needs fixing")
    assert "out of date" not in table(page)


def test_do_these_next_says_which_computer_each_fix_is_for(store, run):
    add(store, MAC, WINDOWS)
    page = home_page(store, run)
    text = parse(page).plain
    action = text[text.index("Action needed first"):text.index("Computers in this home")]
    assert "Two-step sign-in is on for the main email: needs fixing (for Jo)" in action
    steps = page[page.index("<h2>Do these next</h2>"):]
    steps = steps[:steps.index("</ol>")]
    assert [parse(item).plain for item in re.findall(r"<li>(.*?)</li>", steps)] == [
        "AirDrop does not accept files from everyone: needs fixing (on Alexs-MacBook-Air)",
        "Nobody is signed in automatically: needs fixing (on FAMILY-DESKTOP)",
        "The disk is encrypted: needs fixing (on family-laptop)",
        "Software updates are installed: partly done (on family-laptop)",
        "A password manager is in use: needs fixing (on Alexs-MacBook-Air)"]


def test_each_computer_has_its_own_part_on_a_new_page(store, run):
    add(store, MAC, WINDOWS)
    page = home_page(store, run)
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page)
    assert headings == [HOUSEHOLD_TITLE, "Homeguard report for family-laptop", "Alexs-MacBook-Air", "FAMILY-DESKTOP"]
    assert page.count(PAGE_BREAK) == 3
    for heading in headings[1:]:  # each computer's part, and only those, starts a printed page, with its heading
        assert re.search(f"<h1 style=\"{PAGE_BREAK}[^\"]*\">{re.escape(heading)}</h1>", page)
    assert "&nbsp;</div>" not in page  # no empty line stands in for the break any more
    # This computer's part is the one-computer report's, anchors and evidence included; the others have no
    # evidence and no links: what they say came from a report this Homeguard did not write.
    mac = page[page.index(">Alexs-MacBook-Air</h1>"):page.index(">FAMILY-DESKTOP</h1>")]
    mac_text = parse(mac).plain
    assert "macOS · scanned" in mac_text and "73 out of 100" in mac_text
    assert "Needs fixing AirDrop does not accept files from everyone (important)" in mac_text
    assert "What was not checked" in mac_text and "Does not apply there" in mac_text
    assert "What Homeguard looked at" not in mac and "<a " not in mac
    assert "Read more: https://support.apple.com/" in mac_text  # shown as text
    tree = parse(page)
    assert not tree.errors and not tree.stack
    for href in tree.hrefs:
        assert href.startswith(("#", "https://")) and (not href.startswith("#") or href[1:] in tree.anchors)
    assert tree.plain.endswith("keep it somewhere private.") and "How the score works" in tree.plain


def test_an_out_of_date_computer_says_so(store, run, tmp_path):
    old_mac = retimed(MAC, tmp_path, days_earlier=32)
    add(store, old_mac, WINDOWS)
    page = home_page(store, run)
    rows = [parse(row).plain for row in re.findall(r"<tr>(.*?)</tr>", table(page), re.S)[1:]]
    assert "out of date" in rows[1] and "more than 30 days old" in rows[1] and "out of date" not in rows[2]
    mac = parse(page[page.index(">Alexs-MacBook-Air</h1>"):page.index(">FAMILY-DESKTOP</h1>")]).plain
    assert "out of date" in mac and "Out of date. Its report is more than 30 days old" in mac
    assert "no score yet" in mac and "Needs fixing" not in mac and "What was checked" not in mac
    assert re.search(r"None of its \d+ checks count until it is scanned again\.", mac)


def test_hostile_names_and_texts_from_another_computer_are_text(run):
    evil = Result("airdrop-receiving", "AirDrop <b>off</b>", "personal-info", Severity.HIGH, Status.FAIL,
                  "Saw </td></table><script>x</script>", (Evidence("<iframe src=x>", "<img src=y>"),),
                  Fix(("Click <here>",), more_info="https://evil.example/<x>"))
    names = ["<img src=x onerror=alert(1)>", "bell\x07and\x1b[31mred", "n" * 255]
    others = [computer(name, f"id-{i}", "macos", NOW - DAY, [evil], NOW) for i, name in enumerate(names)]
    home = household_score([computer("family-laptop", "me", "linux", NOW, run.results, NOW, this_computer=True),
                            *others], PEOPLE)
    page = render_household_html(run, home)
    tree = parse(page)
    assert not tree.errors and not tree.stack
    assert not {"img", "script", "iframe"} & set(tree.tags)
    assert "<img" not in page and "<script" not in page and "<here>" not in page and "\x07" not in page
    assert "\x1b" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "bell and [31mred" in tree.plain
    assert "n" * 255 not in page and "n" * 59 + "…" in page  # a name too long for the table is shortened
    assert "https://evil.example" not in tree.hrefs and not any("evil" in href for href in tree.hrefs)
    assert "Saw </td></table><script>x</script>" in tree.plain and "AirDrop <b>off</b>" in tree.plain


def test_without_other_computers_the_page_is_exactly_the_one_computer_report(store, run):
    assert home_of(store, run, NOW) is None  # nothing more is read for a one-computer home
    alone = household_picture(store, NOW, PEOPLE, run=run)
    assert [c.this_computer for c in alone.computers] == [True]
    for kwargs in ({}, {"dark": True}, {"household_summary": ["People: Jo (adult)."]}):
        assert render_household_html(run, alone, **kwargs) == render_html(run, **kwargs)
    assert PAGE_BREAK not in render_html(run)


def test_the_terminal_section_lists_what_homeguard_household_lists(store, run):
    add(store, MAC, WINDOWS)
    home = home_of(store, run, NOW)
    section = report_section(home)
    assert section.startswith(f"{REPORT_HEADING}\n\n  family-laptop (this computer, Linux)\n")
    assert "  Alexs-MacBook-Air (macOS)\n    score: 73 out of 100, 48% checked" in section
    assert "Household score: 68 out of 100, 62% checked" in section
    assert "  1. AirDrop does not accept files from everyone: needs fixing (on Alexs-MacBook-Air)" in section
    lines: list[str] = []
    from auditor import cli_household
    from tests.family.test_household_computers import args

    cli_household.run(args(), store, now=NOW, guided=PEOPLE, say=lines.append)
    assert section.splitlines()[1:] == "\n".join(lines).rstrip().splitlines()[1:]  # all but the heading


# -- the terminal commands ------------------------------------------------------------------------------------------

def test_scan_and_report_print_the_home_only_when_other_computers_were_added(tmp_path, capsys, monkeypatch):
    an_hour_after_the_reports(monkeypatch)  # the commands read the clock; the reports' times are fixed
    data = ["--data-dir", str(tmp_path / "home")]
    assert cli.main(["scan", "--recorded", SCENARIO, *data]) == 0
    assert REPORT_HEADING not in capsys.readouterr().out
    assert cli.main(["household", "import", str(MAC), str(WINDOWS), *data]) == 0
    capsys.readouterr()

    page = tmp_path / "scan.html"
    assert cli.main(["scan", "--recorded", SCENARIO, "--html", str(page), *data]) == 0
    out = capsys.readouterr().out
    mine, _, home = out.partition(f"\n{REPORT_HEADING}\n")
    assert mine.startswith("Homeguard report for family-laptop") and "Saved to the history as scan 2" in mine
    assert "  Alexs-MacBook-Air (macOS)" in home and "  FAMILY-DESKTOP (Windows)" in home
    assert "Household score:" in home and "(3 computers and the people's answers)" in home
    assert page.read_text(encoding="utf-8").count(PAGE_BREAK) == 3

    assert cli.main(["report", *data]) == 0
    assert out.partition(f"\n{REPORT_HEADING}\n")[2] == capsys.readouterr().out.partition(f"\n{REPORT_HEADING}\n")[2]
    again = tmp_path / "report.html"
    assert cli.main(["report", "--json", "--html", str(again), *data]) == 0
    assert capsys.readouterr().out.startswith("{")  # the JSON stays this computer's own, and clean
    assert f"<h1>{HOUSEHOLD_TITLE}</h1>" in again.read_text(encoding="utf-8")

    assert cli.main(["scan", "--recorded", SCENARIO, "--device-only", "--no-save", *data]) == 0
    assert REPORT_HEADING not in capsys.readouterr().out  # this computer alone, as asked
    saved = tmp_path / "mine.json"
    assert cli.main(["report", "--json", *data]) == 0
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    assert cli.main(["report", "--file", str(saved), *data]) == 0
    assert REPORT_HEADING not in capsys.readouterr().out  # a report file is one computer's
