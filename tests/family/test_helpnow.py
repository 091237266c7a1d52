"""Help now: the steps in order, and the right contacts for where the family lives."""

import datetime as dt
import shutil
from urllib.parse import urlparse

import pytest

from auditor import cli
from auditor.helpnow import KIND_TITLES, country_of, open_all_hours, region_for, render_text, serves
from auditor.model import Status
from auditor.packs import (
    CONTACT_AUDIENCES,
    CONTACT_TOPICS,
    DEVICE_MONITORING,
    HELP_FILE,
    MANUAL_DIR,
    load_content,
)
from auditor.recorded import RecordedHost
from checks.local.monitoring_software import CHECK as MONITORING_CHECK
from checks.local.monitoring_software.catalogue import SPYING_KINDS, load_catalogue
from checks.local.monitoring_software.search import Look, Match
from checks.local.monitoring_software.verdict import judge

HELP = load_content().help_now


@pytest.mark.parametrize(("locale", "region"), [
    ("en_GB", "GB"), ("en_US", "US"), ("en_AU", "AU"), ("fr_CA", "CA"), ("en_IE", "IE"), ("de_AT", "EU"),
    ("ja_JP", "OTHER"), ("", "OTHER"),
])
def test_region_from_the_locale(locale, region):
    assert region_for(HELP, locale_name=locale).id == region


def test_a_chosen_region_wins_over_the_locale():
    assert region_for(HELP, chosen="AU", locale_name="en_GB").id == "AU"
    assert region_for(HELP, chosen="XX", locale_name="en_GB").id == "GB"  # an unknown choice falls back


def test_country_of():
    assert country_of("en_GB") == "GB" and country_of("pt-BR") == "BR" and country_of("C") == ""


def test_the_host_reads_the_locale_from_the_environment():
    assert RecordedHost(env={"LANG": "en_IE.UTF-8"}).locale() == "en_IE"
    assert RecordedHost(env={"LANG": "C.UTF-8"}).locale() == ""


def step(step_id):
    return next(s for s in HELP.steps if s.id == step_id)


def test_steps_come_in_the_order_the_authorities_agree_on():
    order = [s.id for s in HELP.steps]
    wanted = ["do-not-pay", "keep-evidence", "never-copy-images", "stop-contact-and-block",
              "report-to-authorities", "get-support"]
    assert [step for step in order if step in wanted] == wanted
    assert "before you block" in step("keep-evidence").title.lower()


def test_evidence_is_screenshots_of_the_chat_but_never_of_a_nude_picture():
    """ACCCE, eSafety, Cybertip.ca and the Revenge Porn Helpline ask for screenshots of the conversation and the
    profile; a nude or sexual picture is never captured, and of an under-18 not in any way at all."""
    keep = step("keep-evidence").text
    assert "Screenshots of the chat, their profile, their username and any demand for money are good evidence" in keep
    assert "no nude or sexual picture is on the screen" in keep
    never = step("never-copy-images")
    assert never.title.startswith("Never screenshot, save or forward a nude or sexual picture")
    assert "under 18, do not capture it in any way at all" in never.text


@pytest.mark.parametrize(("region", "expected"), [
    ("GB", ["999", "101", "CEOP", "0800 1111", "Report Remove", "Revenge Porn Helpline", "0345 6000 459",
            "Samaritans", "116 123"]),
    ("US", ["911", "CyberTipline", "1-800-843-5678", "988", "Take It Down", "Cyber Civil Rights Initiative",
            "844-878-2274"]),
    ("AU", ["000", "ACCCE", "eSafety", "1800 55 1800", "13 11 14"]),
    ("CA", ["911", "Cybertip.ca", "1-866-658-9022", "1-800-668-6868", "NeedHelpNow", "9-8-8"]),
    ("IE", ["112 or 999", "Garda", "Hotline.ie", "1800 66 66 66", "text 50808", "116 123"]),
    ("EU", ["112", "116 111"]),
    ("OTHER", ["Take It Down", "StopNCII"]),
])
def test_each_region_lists_its_contacts(region, expected):
    text = render_text(HELP, HELP.region(region), width=200)
    for needle in expected:
        assert needle in text, f"{region}: {needle} missing"


def test_every_region_has_help_for_young_people_and_adults_and_something_open_all_hours():
    """Besides the emergency number: someone for under-18s, someone for adults, and one contact open 24/7."""
    assert {r.id for r in HELP.regions} == {"GB", "US", "AU", "CA", "IE", "EU", "OTHER"}
    for region in HELP.regions:
        contacts = [c for c in region.contacts if c.kind != "emergency"]
        assert any(serves(c, "young-people") for c in contacts), f"{region.id}: nothing for under-18s"
        assert any(serves(c, "adults") for c in contacts), f"{region.id}: nothing for adults"
        assert any(open_all_hours(c) for c in contacts), f"{region.id}: nothing open 24/7"


def test_each_region_has_a_line_of_its_own_for_adults_where_one_was_missing():
    adults_only = {r.id: {c.name for c in r.contacts if c.audience == "adults" and c.kind == "support"}
                   for r in HELP.regions}
    assert "Revenge Porn Helpline" in adults_only["GB"]
    assert "Cyber Civil Rights Initiative Image Abuse Helpline" in adults_only["US"]
    always = {r.id: {c.name for c in r.contacts if open_all_hours(c) and c.phone} for r in HELP.regions}
    assert {"Samaritans", "Childline"} <= always["GB"]
    assert {"9-8-8 Suicide Crisis Helpline", "Kids Help Phone"} <= always["CA"]
    assert {"Samaritans", "Childline (ISPCC)"} <= always["IE"]
    assert any(c.text == "50808" and open_all_hours(c) for c in HELP.region("IE").contacts)


def test_every_contact_says_who_it_is_for():
    for region in HELP.regions:
        for contact in region.contacts:
            assert contact.audience in CONTACT_AUDIENCES, (region.id, contact.name)
            assert len(contact.for_) > 20, (region.id, contact.name)


@pytest.fixture
def help_folder(tmp_path):
    shutil.copy(MANUAL_DIR / HELP_FILE, tmp_path / HELP_FILE)
    return tmp_path


@pytest.mark.parametrize(("change", "message"), [
    ('audience = "young-people"\n', "'audience' is missing"),
    ('audience = "teens"\n', "should be one of young-people, adults, everyone"),
])
def test_a_contact_without_a_valid_audience_is_reported_with_its_line(help_folder, change, message):
    path = help_folder / HELP_FILE
    text = path.read_text(encoding="utf-8")
    first = text.index('audience = "young-people"\n')  # CEOP, the second contact of the UK
    replacement = "" if change.startswith('audience = "young-people"') else change
    path.write_text(text[:first] + replacement + text[first + len('audience = "young-people"\n'):], encoding="utf-8")
    content = load_content(help_folder)
    error = next(e for e in content.errors if e.file == HELP_FILE)
    assert message in error.message and "region GB, contact 2" in error.message
    assert error.line is not None


def test_australia_esafety_is_for_every_age_and_the_accce_as_well_for_under_18s():
    au = {c.name: c for c in HELP.region("AU").contacts}
    esafety = au["eSafety Commissioner"]
    assert esafety.audience == "everyone" and "any age" in esafety.for_ and "instead" not in esafety.for_
    assert "ACCCE as well" in esafety.for_
    assert "as well" in au["Australian Centre to Counter Child Exploitation (ACCCE)"].for_
    guide = next(g for c in load_content().checks if c.id == "report-where-to-report" for g in c.guides
                 if g.for_ == "AU")
    steps = " ".join(guide.steps)
    assert "At any age" in steps and "as well" in steps and "18 or over" not in steps
    assert guide.source.startswith("https://www.esafety.gov.au/")


def test_out_of_date_links_and_hours_are_corrected():
    every = [c for r in HELP.regions for c in r.contacts]
    assert not any("ec.europa.eu/information_society" in (c.link + c.source) for c in every)
    gb = {c.name: c for c in HELP.region("GB").contacts}
    assert gb["Report Remove (Childline and IWF)"].link.startswith("https://www.childline.org.uk/")
    assert "8am to 10pm" in gb["NSPCC Helpline"].hours and "weekends 9am to 6pm" in gb["NSPCC Helpline"].hours
    ie = {c.name: c for c in HELP.region("IE").contacts}
    assert ie["Childline (ISPCC)"].hours == "24/7" and ie["Childline (ISPCC)"].source.startswith("https://www.ispcc.ie/")
    farms = ("breakingnews.ie", "cbc.ca")
    assert not [c.name for c in every if any(farm in c.source for farm in farms)]


def test_image_removal_services_say_their_age_rules():
    for region in HELP.regions:
        removal = [c for c in region.contacts if c.kind == "removal"]
        assert removal, region.id
        assert all(c.ages for c in removal), region.id


def test_help_now_command_prints_the_chosen_region(capsys):
    assert cli.main(["help-now", "--region", "AU"]) == 0
    out = capsys.readouterr().out
    assert "Who to contact: Australia" in out
    assert cli.main(["help-now", "--region", "ZZ"]) == 2


# -- someone may be watching my devices ----------------------------------------------------------------------------

WATCHED = CONTACT_TOPICS[DEVICE_MONITORING]
# Regions with no specialist contact for spying software, and why. Empty: every region has one. A region may only be
# added here with the reason no organisation's own page could be read for it.
NO_DEVICE_MONITORING_HELP: dict[str, str] = {}
# Each specialist contact cites its organisation's own site (not a news story or a directory).
OWN_SITES = {
    "National Domestic Abuse Helpline (Refuge)": "refuge.org.uk",
    "Refuge Tech Safety": "refuge.org.uk",
    "Safety Net (National Network to End Domestic Violence)": "techsafety.org",
    "1800RESPECT": "1800respect.org.au",
    "eSafety Commissioner: technology-facilitated abuse": "esafety.gov.au",
    "ShelterSafe.ca (Women's Shelters Canada)": "sheltersafe.ca",
    "Tech Safety Canada (Women's Shelters Canada)": "endvaw.ca",
    "Women's Aid National Freephone Helpline": "womensaid.ie",
    "Coalition Against Stalkerware": "stopstalkerware.org",
}


def test_every_region_has_specialist_help_when_someone_may_be_watching_a_device():
    for region in HELP.regions:
        contacts = region.contacts_for(DEVICE_MONITORING)
        if region.id in NO_DEVICE_MONITORING_HELP:
            assert not contacts and NO_DEVICE_MONITORING_HELP[region.id], region.id
            continue
        assert contacts, f"{region.id}: no contact for someone whose computer or phone may be watched"
        for contact in contacts:
            where = (region.id, contact.name)
            assert contact.kind == "support", where  # shown under "Talk to someone", where the check sends people
            assert contact.for_.startswith((WATCHED + ":", WATCHED + ",")), where
            assert contact.phone or contact.link.startswith("https://"), where
            host = urlparse(contact.source).netloc.removeprefix("www.")
            assert contact.name in OWN_SITES and host == OWN_SITES[contact.name], where
            assert contact.checked >= dt.date(2026, 12, 3), where


@pytest.mark.parametrize(("region", "expected"), [
    ("GB", ["Refuge Tech Safety", "refugetechsafety.org", "0808 2000 247"]),
    ("US", ["Safety Net", "techsafety.org/spyware", "National Domestic Violence Hotline"]),
    ("AU", ["1800RESPECT", "1800 737 732", "text 0458 737 732", "key-issues/domestic-family-violence"]),
    ("CA", ["sheltersafe.ca", "techsafety.ca"]),
    ("IE", ["Women's Aid", "1800 341 900"]),
    ("EU", ["Coalition Against Stalkerware", "stopstalkerware.org"]),
    ("OTHER", ["Coalition Against Stalkerware", "stopstalkerware.org"]),
])
def test_the_device_monitoring_help_is_shown_under_talk_to_someone(region, expected):
    text = render_text(HELP, HELP.region(region), width=2000)
    contacts = text.split("Who to contact:", 1)[1]
    section = contacts.split("\n" + KIND_TITLES["support"] + "\n", 1)[1].split("\n\n", 1)[0]
    assert WATCHED in section, region
    for needle in expected:
        assert needle in section, f"{region}: {needle} missing"


def test_the_help_lines_that_are_always_open_say_so():
    by_name = {c.name: c for r in HELP.regions for c in r.contacts_for(DEVICE_MONITORING)}
    for name in ("National Domestic Abuse Helpline (Refuge)", "1800RESPECT", "Women's Aid National Freephone Helpline"):
        assert open_all_hours(by_name[name]), name


def _spying_fail(platform: str):
    catalogue = load_catalogue()
    product = next(p for p in catalogue.for_platform(platform) if p.kind in SPYING_KINDS)
    indicator = next(i for i in product.indicators if i.platform == platform)
    look = Look(host=RecordedHost())
    look.matches.append(Match(product, indicator, f"the program {indicator.value} is running"))
    return judge(look, catalogue, catalogue.for_platform(platform), system=platform, processes_seen=40)


@pytest.mark.parametrize("platform", ["macos", "windows"])
def test_the_monitoring_check_sends_people_to_that_help_when_it_fails(platform):
    """Found spying software: the advice is safety-first and names the words the contacts above start with."""
    finding = _spying_fail(platform)
    assert finding.status is Status.FAIL and "may alert the person who installed it" in finding.summary
    steps = " ".join(MONITORING_CHECK.spec.fix_for(platform).steps)
    assert "do not remove it yet" in steps
    assert "Get help now\u201d" in steps and f"\u201c{KIND_TITLES['support']}\u201d" in steps
    assert f"\u201c{WATCHED}\u201d" in steps
    assert "screenshots of any messages" in steps and "never of a nude or sexual picture" in steps


def test_every_system_the_monitoring_check_runs_on_points_to_that_help():
    assert set(MONITORING_CHECK.spec.fixes) >= {"linux", "macos", "windows"}
    for key, fix in MONITORING_CHECK.spec.fixes.items():
        assert any(WATCHED in step for step in fix.steps), key


@pytest.mark.parametrize(("change", "message"), [
    ('topics = ["device-monitoring"]\n', None),
    ('topics = ["spyware"]\n', "unknown topic 'spyware'"),
    ('topics = "device-monitoring"\n', "'topics' should be a list of texts"),
])
def test_a_contact_topic_must_be_one_homeguard_knows(help_folder, change, message):
    path = help_folder / HELP_FILE
    text = path.read_text(encoding="utf-8")
    first = text.index('topics = ["device-monitoring"]\n')  # Refuge's helpline, in the UK
    path.write_text(text[:first] + change + text[first + len('topics = ["device-monitoring"]\n'):], encoding="utf-8")
    content = load_content(help_folder)
    errors = [e for e in content.errors if e.file == HELP_FILE]
    if message is None:
        assert errors == []
        return
    assert len(errors) == 1 and message in errors[0].message and "region GB" in errors[0].message
    assert errors[0].line is not None and text.splitlines()[errors[0].line - 1].startswith("topics")
