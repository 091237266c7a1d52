"""The guidance says what the organisations' own pages say (issue 11): screenshots of the conversation are good
evidence and nothing tells people to avoid them; menu paths and sources that were out of date are corrected."""

import ast
import re
from pathlib import Path

import pytest

from auditor.packs import MANUAL_DIR, load_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content()

NEGATION = r"(?:do not|don't|never|no need to|avoid)"
VERB = (r"(?:take|taking|make|making|save|saving|copy|copying|keep|keeping|capture|capturing|screenshot|"
        r"screenshotting|download|downloading|store|storing|record|recording|forward|forwarding|share|sharing|"
        r"send|sending|upload|uploading)")
CAPTURING = {"take", "taking", "make", "making", "save", "saving", "copy", "copying", "keep", "keeping", "capture",
             "capturing", "screenshot", "screenshotting", "download", "downloading", "store", "storing", "record",
             "recording"}
# "Do not" followed straight away by a list of verbs ("Do not copy, save or forward"), then what they apply to.
TOLD_NOT_TO = re.compile(
    rf"\b{NEGATION}\s+(?P<verbs>{VERB}(?:(?:\s*,\s*|\s+or\s+|\s+and\s+)+{VERB})*)\b(?P<what>[^.;:!?]*)",
    re.IGNORECASE)
SCREEN_OR_PICTURE = re.compile(r"\b(?:screen ?shots?|screen-shots?|screengrabs?|pictures?|images?|photos?|"
                               r"the (?:chat|conversation|messages))\b", re.IGNORECASE)
# The only pictures nobody should capture: nude or sexual ones.
NUDE_OR_SEXUAL = re.compile(r"\b(?:nude|nudes|naked|sexual|sexually|explicit|intimate)\b", re.IGNORECASE)


def forbids_screenshots(sentence: str) -> bool:
    """A sentence that tells people not to take screenshots (or not to keep any pictures) without saying that
    the ban is about nude or sexual pictures: it would stop people keeping the evidence the police ask for."""
    if NUDE_OR_SEXUAL.search(sentence):
        return False
    for told in TOLD_NOT_TO.finditer(sentence):
        verbs = {v.lower() for v in re.findall(VERB, told["verbs"], re.IGNORECASE)}
        if not verbs & CAPTURING:
            continue  # "do not send more pictures" is about sending them to the blackmailer
        if {"screenshot", "screenshotting"} & verbs or SCREEN_OR_PICTURE.search(told["what"]):
            return True
    return False


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


@pytest.mark.parametrize("sentence", [
    "Do not take screenshots; writing the details down is enough.",
    "Do not save or copy any pictures; leave the messages where they are.",
    "Write down what you know, as text. Do not copy, save or forward any pictures: leave the messages there.",
    "There is no need to take screenshots of the chat.",
    "Never screenshot anything they send.",
])
def test_the_check_recognises_a_ban_on_screenshots(sentence):
    assert any(forbids_screenshots(s) for s in sentences(sentence))


@pytest.mark.parametrize("sentence", [
    "Never screenshot, save or forward a nude or sexual picture; leave the messages where they are.",
    "Screenshots of the chat, the profile and any demands are good evidence too.",
    "Do not pay and do not send more pictures or videos, whatever they say.",
    "Disappearing messages do not stop someone taking a screenshot.",
    "Do not send the picture to anyone yourself.",
])
def test_the_check_lets_the_right_rule_through(sentence):
    assert not any(forbids_screenshots(s) for s in sentences(sentence))


def _content_files() -> list[Path]:
    return sorted(p for p in MANUAL_DIR.iterdir() if p.suffix in (".toml", ".md"))


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_content_file_forbids_screenshots_of_the_conversation():
    files = _content_files()
    assert {"help-now.toml", "quiz.toml", "reporting.toml", "FORMAT.md"} <= {p.name for p in files}
    found = [(path.name, sentence) for path in files
             for sentence in sentences(path.read_text(encoding="utf-8")) if forbids_screenshots(sentence)]
    assert found == []


def test_no_string_in_the_app_forbids_screenshots_of_the_conversation():
    """Every string constant in ui/, auditor/ and checks/: the evidence-notes help, the terminal, the reports."""
    paths = [p for folder in ("ui", "auditor", "checks") for p in sorted((ROOT / folder).rglob("*.py"))]
    assert any(p.name == "notes_editor.py" for p in paths) and any(p.name == "cli_family.py" for p in paths)
    found = [(str(path.relative_to(ROOT)), sentence) for path in paths for text in _string_constants(path)
             for sentence in sentences(text) if forbids_screenshots(sentence)]
    assert found == []


def test_the_evidence_notes_help_welcomes_screenshots_of_the_chat():
    for path in (ROOT / "ui" / "widgets" / "notes_editor.py", ROOT / "auditor" / "cli_family.py"):
        text = " ".join(_string_constants(path))
        assert "Screenshots of the chat, the profile and any demands are good evidence" in text, path.name
        assert "Never screenshot, save or forward a nude or sexual picture" in text, path.name


def _guide(check_id: str, for_: str):
    check = next(c for c in CONTENT.checks if c.id == check_id)
    return next(g for g in check.guides if g.for_ == for_)


@pytest.mark.parametrize(("check_id", "for_"), [
    ("two-step-microsoft-account", "microsoft-account"), ("two-step-microsoft-account", "minecraft"),
    ("two-step-xbox", "xbox"),
])
def test_microsoft_two_step_goes_through_manage_how_i_sign_in(check_id, for_):
    steps = " ".join(_guide(check_id, for_).steps)
    assert "Manage how I sign in" in steps and "Advanced security options" in steps


def test_tiktok_private_account_starts_at_settings_and_privacy():
    steps = _guide("privacy-tiktok-private", "tiktok").steps
    assert "Settings and privacy" in steps[1] and "Private account" in steps[2]


CONTENT_FARMS = ("2faapp.com", "2faa.app", "locketsecurity.com", "indiatoday.in", "roblox.fandom.com",
                 "begamob.com", "kaleoz.com", "keycense.com", "work.meta.com")


def test_two_step_checks_cite_the_services_own_help_pages():
    two_step = [c for c in CONTENT.checks if c.pack == "two-step-sign-in"]
    assert len(two_step) > 10
    facts = [*two_step, *(g for c in two_step for g in c.guides)]
    assert [f.source for f in facts if any(farm in f.source for farm in CONTENT_FARMS)] == []


# Content-farm and third-party pages that were replaced by the organisation's own page (issue 11). They must not
# come back as the source of any fact in checks/manual.
REPLACED_CONTENT_FARMS = ("newsbytesapp.com", "cyberbaap.org", "team39.com.ua", "help.cubecraft.net",
                          "vodafone.co.uk/newscentre/smart-living/digital-parenting/digital-parenting-pro/nspcc-tips")
# Third-party pages still cited because no stored copy of the service's own page could be read. Each use carries
# a "No official page found" note, and no new fact may cite them.
KEPT_THIRD_PARTY = {
    "tomsguide.com": 1, "lightsalmonsweet.pages.dev": 1, "eatsip365.com": 2, "phoneweek.co.uk": 2,
    "upphone.com": 2, "kannadatrend.com": 1, "newswep.com": 1, "socialxpresso.com": 1,
    "brightcanary.io": 1, "lifewire.com": 2, "texomashomepage.com": 1, "howtopic.com": 1, "livemint.com": 1,
    "techloy.com": 1, "neveropen.tech": 2, "vloggerbeat.com": 1, "fersoft.com.br": 1, "vodafone.co.uk": 1,
    "gamesindustry.biz": 1, "gaming-db.com": 1, "hayspost.com": 1, "uknow.drew.edu": 2,
    "parentinfo.org": 2,
}
SOURCE_LINE = re.compile(r'^(?:source|link) = "https://(?:www\.)?(?P<host>[^/"]+)(?P<path>[^"]*)"', re.MULTILINE)


def _manual_sources() -> list[tuple[str, str, str]]:
    """(file, host, path) of every source and link in the content files, read as text so comments count too."""
    found = []
    for path in sorted(MANUAL_DIR.glob("*.toml")):
        for match in SOURCE_LINE.finditer(path.read_text(encoding="utf-8")):
            found.append((path.name, match["host"], match["path"]))
    return found


def test_no_fact_cites_a_content_farm_that_was_replaced():
    sources = _manual_sources()
    assert len(sources) > 200
    cited = [f"{name}: {host}{path}" for name, host, path in sources
             if any(farm in host + path for farm in REPLACED_CONTENT_FARMS)]
    assert cited == []


def test_third_party_sources_do_not_spread_and_each_says_no_official_page_was_found():
    uses: dict[str, int] = {}
    for path in sorted(MANUAL_DIR.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = re.match(r'source = "https://(?:www\.)?([^/"]+)', line)
            if not match or match[1] not in KEPT_THIRD_PARTY:
                continue
            uses[match[1]] = uses.get(match[1], 0) + 1
            note = "\n".join(lines[max(0, number - 3):number])
            assert "No official page found" in note, f"{path.name}:{number + 1} cites {match[1]} without the note"
    # Fewer uses is progress (lower the number above); more means a new fact cites a third-party page.
    assert {host: count for host, count in uses.items() if count > KEPT_THIRD_PARTY[host]} == {}


def test_ireland_and_us_emergency_and_crisis_facts_cite_their_own_pages():
    ireland = next(r for r in CONTENT.help_now.regions if r.id == "IE")
    emergency = next(c for c in ireland.contacts if c.kind == "emergency")
    assert emergency.phone == "112 or 999" and emergency.source.startswith("https://www2.hse.ie/")
    us = next(r for r in CONTENT.help_now.regions if r.id == "US")
    lifeline = next(c for c in us.contacts if c.phone == "988")
    assert lifeline.hours == "24/7" and lifeline.source.startswith("https://www.samhsa.gov/")
