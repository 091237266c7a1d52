"""The printable HTML report: everything in it, nothing hostile gets through, and it is well-formed HTML."""

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from auditor import cli
from auditor.advice import STRATEGIES
from auditor.model import Evidence, Fix, Origin, Result, ScanRun, Severity, Status
from auditor.report_html import NOT_CHECKED_ANCHOR, household_summary_lines, render_html
from auditor.report_html_checks import NOTHING_OF_THIS_KIND
from auditor.scoring import scorecard
from auditor.store import Store
from tests.core.test_cli import scenario  # noqa: F401  (a pytest fixture: a recorded laptop)

HOSTILE = "<script>alert('x')</script>"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


def result(check_id, title, status, *, strategy="secure-devices", severity=Severity.HIGH, summary="It is so.",
           evidence=(), fix=None, kind="device", subject="", origin=None):
    return Result(check_id, title, strategy, severity, status, summary, tuple(evidence), fix, 0.01, origin, kind,
                  subject)


def family_run(**overrides) -> ScanRun:
    results = (
        result("disk-encryption", "The disk is encrypted", Status.FAIL, severity=Severity.CRITICAL,
               summary="The disk is not encrypted.", evidence=[Evidence("lsblk", "sda2 ext4 /")],
               fix=Fix(("Open Settings.", "Turn on encryption."), settings_url="ms-settings:deviceencryption",
                       more_info="https://support.example/encrypt")),
        result("firewall", "The firewall is on", Status.PASS, severity=Severity.MEDIUM, summary="It is on.",
               evidence=[Evidence("/etc/ufw/ufw.conf", "ENABLED=yes")]),
        result("screen-lock", "The screen locks when you step away", Status.PARTIAL,
               summary="It locks after 30 minutes.", fix=Fix(("Make it 5 minutes.",))),
        result("os-updates", "Software updates are installed", Status.UNKNOWN,
               summary="Could not tell: no package manager Homeguard knows.",
               evidence=[Evidence("package managers", "none found")]),
        result("remote-access", "Nobody can reach this computer remotely", Status.ERROR, strategy="personal-info",
               severity=Severity.CRITICAL, summary="The check stopped after 10 seconds."),
        result("ssh-keys", "SSH keys are protected", Status.NOT_APPLICABLE, severity=Severity.LOW,
               summary="There are no SSH keys on this account."),
        result("two-step-main-email", "Your main email asks for a second step", Status.FAIL, kind="guided",
               subject="Sam", severity=Severity.CRITICAL, summary="Answered No on 03 Nov 2026.",
               evidence=[Evidence("Does your email ask for a code?", "Answered No on 03 Nov 2026.")],
               fix=Fix(("Go to your account's Security page.",), more_info="https://support.google.com/x")),
        result("two-step-main-email", "Your main email asks for a second step", Status.PASS, kind="guided",
               subject="Alex", severity=Severity.CRITICAL, summary="Answered Yes on 10 Oct 2026."),
        result("privacy-instagram-private", "Your Instagram account is private", Status.UNKNOWN, kind="guided",
               strategy="privacy-settings", subject="Sam", summary="Not answered yet."),
        result("privacy-instagram-private", "Your Instagram account is private", Status.UNKNOWN, kind="guided",
               strategy="privacy-settings", subject="Alex", summary="Not answered yet."),
        result("privacy-tiktok-private", "Your TikTok account is private", Status.NOT_APPLICABLE, kind="guided",
               strategy="privacy-settings", subject="Alex", summary="Alex does not use it."),
        result("family-talk", "You have talked about online blackmail", Status.UNKNOWN, kind="guided",
               strategy="educate", subject="household", summary="Not answered yet."),
    )
    run = ScanRun(results=results, started_at=1_795_000_000.0, finished_at=1_795_000_060.0, platform="linux",
                  hostname="family-laptop", os_name="Ubuntu 24.04 LTS", app_version="0.1.0", run_id=7)
    return replace(run, **overrides)


class Structure(HTMLParser):
    """Collects tags, checks that every opened element is closed in order, and notes links and anchors."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.tags, self.hrefs, self.anchors, self.text = [], [], [], [], set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        for key in ("name", "id"):
            if attrs.get(key):
                self.anchors.add(attrs[key])
        if any(key.startswith("on") for key in attrs) or "src" in attrs:
            self.errors.append(f"active or external attribute on <{tag}>: {attrs}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if not self.stack or self.stack[-1] not in ("style", "title"):
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


def section(page: str, start_anchor: str, end_heading: str = "How the score works") -> str:
    start = page.index(f'name="{start_anchor}"')
    return page[start:page.index(end_heading, start)]


def test_the_page_is_well_formed_and_self_contained():
    page = render_html(family_run(), household_summary=["People: Sam; Alex."])
    assert page.startswith("<!DOCTYPE html>")
    tree = parse(page)
    assert not tree.errors, tree.errors
    assert not tree.stack, f"left open: {tree.stack}"
    for tag in ("html", "head", "body", "title", "style"):
        assert tree.tags.count(tag) == 1, tag
    assert not {"script", "link", "img", "iframe", "object", "embed", "form"} & set(tree.tags)
    assert "@import" not in page and "url(" not in page
    for href in tree.hrefs:  # links go to a part of the page, or to a web page the person chooses to open
        assert href.startswith(("#", "https://")), href
        if href.startswith("#"):
            assert href[1:] in tree.anchors, f"{href} points nowhere"


def test_it_says_what_was_scanned_when_and_how():
    page = render_html(family_run(user_is_admin=False, safe_mode=True))
    text = parse(page).plain
    assert "Homeguard report for family-laptop" in text
    assert "Ubuntu 24.04 LTS" in text
    assert "Homeguard 0.1.0" in text
    assert "without admin rights" in text
    assert "safe mode" in text
    assert re.search(r"scanned \d\d \w{3} 2026, \d\d:\d\d", text)
    admin = parse(render_html(family_run(user_is_admin=True, cancelled=True))).plain
    assert "with admin rights" in admin and "without admin rights" not in admin
    assert "stopped before it finished" in admin


def test_score_coverage_range_and_action_needed():
    run = family_run()
    card = scorecard(run.results)
    text = parse(render_html(run, card)).plain
    assert f"{round(card.overall.score)} out of 100" in text
    assert f"{round(card.overall.coverage * 100)}% checked" in text
    assert f"between {round(card.overall.lowest)} and {round(card.overall.highest)}" in text
    assert "Action needed first" in text
    action = text[text.index("Action needed first"):text.index("The seven kinds of advice")]
    assert "The disk is encrypted" in action
    assert "Your main email asks for a second step (Sam)" in action
    assert "Alex" not in action  # Alex answered yes
    for strategy in STRATEGIES:
        assert strategy.title in text


def test_no_action_box_when_nothing_critical_fails():
    run = family_run(results=tuple(r for r in family_run().results if r.status is not Status.FAIL))
    assert "Action needed first" not in render_html(run)


def test_every_result_is_in_the_report():
    """Each result by its title (and a device check's reason); questions that do not apply are only counted."""
    run = family_run()
    text = parse(render_html(run)).plain
    for r in run.results:
        if r.kind == "guided" and r.status is Status.NOT_APPLICABLE:
            continue
        assert r.title in text, r.title
        if r.kind == "device":
            assert r.summary in text, r.summary
    not_applying = sum(1 for r in run.results if r.kind == "guided" and r.status is Status.NOT_APPLICABLE)
    assert f"{not_applying} question does not apply to this family" in text
    assert "Answered No on 03 Nov 2026." in text and "Answered Yes on 10 Oct 2026." in text


def test_fixes_links_and_evidence_are_shown_for_what_needs_fixing():
    page = render_html(family_run())
    text = parse(page).plain
    assert "1. " not in text  # steps are an ordered list, not typed numbers
    assert "Open Settings." in text and "Turn on encryption." in text
    assert "Settings page: ms-settings:deviceencryption" in text
    assert '<a href="https://support.example/encrypt">' in page
    assert "lsblk: sda2 ext4 /" in text
    assert "/etc/ufw/ufw.conf: ENABLED=yes" in text  # passes show their evidence too
    assert "Question asked: Does your email ask for a code?" in text


def test_what_was_not_checked_lists_reasons_and_folds_questions_into_counts():
    page = render_html(family_run())
    part = parse(section(page, NOT_CHECKED_ANCHOR)).plain
    assert "Software updates are installed" in part
    assert "Could not tell: no package manager Homeguard knows." in part
    assert "Looked at: package managers" in part
    assert "Nobody can reach this computer remotely (the check itself failed)" in part
    assert "The check stopped after 10 seconds." in part
    # two people's missing answers to one question: one count, the title once, who still has to answer
    assert "2 answers from the family are missing or need confirming" in part
    assert part.count("Your Instagram account is private") == 1
    assert "Your Instagram account is private (Sam, Alex): Not answered yet." in part  # who, and why
    assert "You have talked about online blackmail (the whole family): " in part
    for strategy_id in ("phishing", "report", "support"):  # nothing at all was checked for these, and why
        title = next(s.title for s in STRATEGIES if s.id == strategy_id)
        assert f"{title} {NOTHING_OF_THIS_KIND}" in part
    # decided and not-applicable results are not listed as unchecked
    assert "The firewall is on" not in part and "SSH keys are protected" not in part
    assert "TikTok" not in part


def test_each_open_question_says_why_and_names_the_device_or_says_none_were_added():
    no_devices = "The family's phones, tablets and consoles have not been added yet."
    results = (
        result("phone-lock", "The phone locks with a code", Status.UNKNOWN, kind="guided", subject="Sam's phone",
               summary="Not answered yet."),
        result("phone-lock", "The phone locks with a code", Status.UNKNOWN, kind="guided", subject="Living-room tablet",
               summary="Answered \u201cnot sure\u201d on 01 Dec 2026; the steps show how to find out."),
        result("console-chat", "Console chat is limited to friends", Status.UNKNOWN, kind="guided", subject="",
               summary=no_devices),
    )
    part = parse(section(render_html(family_run(results=results)), NOT_CHECKED_ANCHOR)).plain
    assert "3 answers from the family are missing or need confirming" in part
    assert "The phone locks with a code (Sam's phone): Not answered yet." in part
    assert "(Living-room tablet): Answered \u201cnot sure\u201d on 01 Dec 2026" in part
    assert f"Console chat is limited to friends: {no_devices}" in part
    one = parse(section(render_html(family_run(results=results[:1])), NOT_CHECKED_ANCHOR)).plain
    assert "1 answer from the family is missing or needs confirming" in one


def test_not_applicable_results_are_said_plainly():
    text = parse(render_html(family_run())).plain
    assert "Does not apply here: SSH keys are protected: There are no SSH keys on this account." in text
    assert "1 question does not apply to this family" in text


def test_hostile_names_and_outputs_are_escaped():
    evil = result("firewall", f"Firewall {HOSTILE}", Status.FAIL, summary='Saw "</td></table><b>" & more',
                  evidence=[Evidence("<iframe src=//x>", "<img src=x onerror=alert(1)>")],
                  fix=Fix(("Click <here>",), settings_url="javascript:alert(1)", more_info="javascript:alert(2)"),
                  origin=Origin("<evil-plugin>", "<1.0>", "", builtin=False))
    guided = result("two-step-main-email", "Two-step", Status.FAIL, kind="guided", subject=HOSTILE,
                    severity=Severity.CRITICAL)
    run = family_run(hostname=HOSTILE, os_name="<b>OS</b>", app_version="<v>", results=(evil, guided))
    page = render_html(run, household_summary=[f"People: {HOSTILE} (adult)."])
    tree = parse(page)
    assert not tree.errors and not tree.stack
    assert "script" not in tree.tags and "iframe" not in tree.tags and "img" not in tree.tags
    assert "<script>" not in page and "<iframe" not in page and "<img" not in page and "<here>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert not any("javascript:" in href for href in tree.hrefs)
    text = tree.plain
    assert f"Homeguard report for {HOSTILE}" in text  # shown as the text it is
    assert 'Saw "</td></table><b>" & more' in text
    assert "Click <here>" in text
    assert "<evil-plugin> <1.0>" in text
    assert f"Two-step — {HOSTILE}" in text


def test_long_evidence_is_shortened_on_the_page():
    long = result("os-updates", "Updates", Status.FAIL, evidence=[Evidence("apt", "pkg " * 500)])
    text = parse(render_html(family_run(results=(long,)))).plain
    assert "pkg pkg" in text and "…" in text
    assert text.count("pkg") < 100


def test_an_empty_run_has_no_score_and_says_nothing_was_checked():
    text = parse(render_html(family_run(results=()))).plain
    assert "no score yet" in text
    assert "Nothing could be checked yet." in text
    assert text.count("Nothing here was checked yet") == 2 * len(STRATEGIES)


def test_a_check_that_could_not_load_is_listed():
    broken = Result("broken-plugin", "broken-plugin", "", Severity.INFO, Status.ERROR,
                    "The plugin could not be loaded: ImportError.")
    part = parse(section(render_html(family_run(results=(broken,))), NOT_CHECKED_ANCHOR)).plain
    assert "Checks that could not be loaded" in part and "ImportError" in part


def test_the_dark_screen_version_only_changes_colours():
    light, dark = render_html(family_run()), render_html(family_run(), dark=True)
    assert light != dark
    assert parse(light).plain == parse(dark).plain


def test_household_summary_lines(tmp_path):
    from auditor.household import Household

    store = Store(tmp_path)
    household = Household(store)
    assert "Nobody has been added" in household_summary_lines(household)[0]
    household.add_person("Sam", "13-17")
    household.add_person(HOSTILE, "adult")
    household.add_device("Sam's phone", "phone")
    lines = household_summary_lines(household)
    assert lines == [f"People: Sam (13 to 17); {HOSTILE} (adult).", "Phones, tablets and consoles: Sam's phone."]
    store.close()


# -- the terminal commands ------------------------------------------------------------------------------------------

def test_scan_and_report_write_html(scenario, tmp_path, capsys):  # noqa: F811
    page = tmp_path / "scan.html"
    assert cli.main(["scan", "--recorded", scenario, "--html", str(page)]) == 0
    captured = capsys.readouterr()
    assert f"Wrote the HTML report to {page}" in captured.err
    assert captured.out.startswith("Homeguard report for family-laptop")
    text = parse(page.read_text(encoding="utf-8")).plain
    assert "Homeguard report for family-laptop" in text and "Who this covers" in text

    again = tmp_path / "report.html"
    assert cli.main(["report", "1", "--json", "--html", str(again)]) == 0
    assert capsys.readouterr().out.startswith("{")  # the JSON on stdout stays clean
    assert "Homeguard report for family-laptop" in again.read_text(encoding="utf-8")


def test_html_to_a_folder_that_does_not_exist_is_a_clear_error(scenario, tmp_path, capsys):  # noqa: F811
    target = tmp_path / "missing" / "r.html"
    assert cli.main(["scan", "--recorded", scenario, "--no-save", "--html", str(target)]) == cli.EXIT_USAGE
    assert "the HTML report could not be written" in capsys.readouterr().err


@pytest.mark.parametrize("device_only", [False, True])
def test_device_only_leaves_the_household_out(scenario, tmp_path, capsys, device_only):  # noqa: F811
    page = tmp_path / "r.html"
    argv = ["scan", "--recorded", scenario, "--no-save", "--html", str(page)]
    assert cli.main(argv + (["--device-only"] if device_only else [])) == 0
    assert ("Who this covers" in page.read_text(encoding="utf-8")) is not device_only
