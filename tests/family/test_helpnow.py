"""Help now: the steps in order, and the right contacts for where the family lives."""

import pytest

from auditor import cli
from auditor.helpnow import country_of, region_for, render_text
from auditor.packs import load_content
from auditor.recorded import RecordedHost

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


def test_steps_come_in_the_order_the_authorities_agree_on():
    order = [s.id for s in HELP.steps]
    wanted = ["do-not-pay", "keep-evidence-as-text", "never-copy-images", "stop-contact-and-block",
              "report-to-authorities", "get-support"]
    assert [step for step in order if step in wanted] == wanted
    keep = next(s for s in HELP.steps if s.id == "keep-evidence-as-text")
    assert "before you block" in keep.title.lower() and "screenshot" not in keep.text.replace("Do not take screenshots",
                                                                                              "")


@pytest.mark.parametrize(("region", "expected"), [
    ("GB", ["999", "101", "CEOP", "0800 1111", "Report Remove"]),
    ("US", ["911", "CyberTipline", "1-800-843-5678", "988", "Take It Down"]),
    ("AU", ["000", "ACCCE", "eSafety", "1800 55 1800", "13 11 14"]),
    ("CA", ["911", "Cybertip.ca", "1-866-658-9022", "1-800-668-6868", "NeedHelpNow"]),
    ("IE", ["112", "Garda", "Hotline.ie", "1800 66 66 66"]),
    ("EU", ["112", "116 111"]),
    ("OTHER", ["Take It Down", "StopNCII"]),
])
def test_each_region_lists_its_contacts(region, expected):
    text = render_text(HELP, HELP.region(region), width=200)
    for needle in expected:
        assert needle in text, f"{region}: {needle} missing"


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
