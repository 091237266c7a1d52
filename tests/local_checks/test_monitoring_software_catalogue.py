"""monitoring-software's list of products (products.toml): the shipped file is valid, and mistakes are refused.

The list decides whether a family is told "spying software was found", so an indicator without a source or a date,
an unknown kind, or a pattern that is anything but a plain name or a simple `*` glob must never load.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from checks.local.monitoring_software.catalogue import (
    CATALOGUE_FILE,
    FAMILY_KINDS,
    INDICATOR_TYPES,
    KINDS,
    SOURCE_KINDS,
    SPYING_KINDS,
    WORKPLACE_KINDS,
    CatalogueError,
    glob_match,
    load_catalogue,
    parse_catalogue,
)

GOOD = """
checked = 2026-12-03

[[source]]
id = "s"
title = "A vendor page"
url = "https://example.org/page"
kind = "vendor"
licence = "facts only"
version = "2026-12-01"
checked = 2026-12-03

[[product]]
id = "p"
name = "Product"
kind = "stalkerware"

[[product.indicator]]
type = "path"
platform = "windows"
value = "%ProgramData%\\\\Product*"
source = "s"
checked = 2026-12-03
"""


def test_the_shipped_list_loads_and_every_indicator_has_a_source_and_a_date():
    catalogue = load_catalogue()
    assert catalogue.products, "the list is empty"
    for product in catalogue.products:
        assert product.kind in KINDS
        for indicator in product.indicators:
            assert indicator.type in INDICATOR_TYPES and indicator.platform in INDICATOR_TYPES[indicator.type]
            assert indicator.source.url.startswith("https://") and indicator.source.licence
            assert indicator.source.kind in SOURCE_KINDS and indicator.source.version
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", indicator.checked)
            assert not set(indicator.value) & set("[]?"), indicator.value


def test_the_shipped_list_says_which_licences_its_sources_carry():
    header = CATALOGUE_FILE.read_text(encoding="utf-8").split("[[source]]")[0]
    for licence in ("Apache-2.0", "BSD-2-Clause", "CC BY 4.0"):
        assert licence in header
    raw = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert {s["licence"] for s in raw["source"]} >= {"Apache-2.0", "BSD-2-Clause"}


def test_every_system_has_products_and_parental_control_is_listed_on_windows():
    catalogue = load_catalogue()
    for platform in ("linux", "macos", "windows"):
        assert catalogue.for_platform(platform)
    assert any(p.kind == "parental control" for p in catalogue.for_platform("windows"))
    assert any(p.spying for p in catalogue.for_platform("windows"))
    assert any(p.spying for p in catalogue.for_platform("macos"))


# Names a running program may have on a computer with no monitoring at all: Windows' own programs (some products
# borrow them), and sysdiag.exe, which is both Spytech's program and Huorong's antivirus.
NAMES_OTHERS_USE = frozenset({
    "csrss.exe", "services.exe", "svchost.exe", "dwm.exe", "lsass.exe", "winlogon.exe", "explorer.exe", "smss.exe",
    "wininit.exe", "taskhostw.exe", "conhost.exe", "rundll32.exe", "spoolsv.exe", "sysdiag.exe",
})
# Folder or file names too plain to mean one product when they stand at the end of a path.
PLAIN_NAMES = frozenset({"spc", "sysconfig", "mpk", "agent", "monitor", "bin", "data", "config", "logs", "service"})


def test_no_running_program_name_is_one_that_other_software_uses():
    for product in load_catalogue().products:
        for indicator in product.indicators:
            if indicator.type == "process":
                assert indicator.value.casefold() not in NAMES_OTHERS_USE, (product.id, indicator.value)


def test_paths_end_in_names_that_belong_to_one_product():
    for product in load_catalogue().products:
        for indicator in product.indicators:
            if indicator.type == "path":
                last = indicator.value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
                assert last.casefold() not in PLAIN_NAMES and len(last.replace("*", "")) >= 5, (product.id, last)


def test_the_consumer_spy_products_from_vendors_and_security_vendors_are_listed_as_spying():
    catalogue = load_catalogue()
    kinds = {p.id: p.kind for p in catalogue.products}
    assert kinds["sentrypc"] == kinds["spytech-spyagent"] == "commercial monitoring"
    assert kinds["refog-personal-monitor"] == "keylogger"
    sources = {i.source.kind for p in catalogue.products if p.spying for i in p.indicators}
    assert {"vendor", "security vendor"} <= sources


# The promise: parental control a family may have chosen is named as "fine if you set it up" (a family
# kind, which passes), and the consumer spy products fail with the safety-first words (a spying kind).
PARENTAL_CONTROL = {"qustodio": ("windows", "macos"), "famisafe": ("windows",),
                    "microsoft-family-safety": ("windows",), "kaspersky-safe-kids": ("windows",),
                    "norton-family": ("windows",)}
CONSUMER_SPYING = {"kidlogger": ("windows", "macos", "linux"), "revealer-keylogger": ("windows",),
                   "sentrypc": ("windows",), "spytech-spyagent": ("windows",), "refog-personal-monitor": ("windows",),
                   "elite-keylogger": ("windows",), "actual-spy": ("windows",), "hoverwatch": ("macos",)}


def test_parental_control_products_have_the_family_kind_on_each_system_they_are_listed_for():
    products = {p.id: p for p in load_catalogue().products}
    for product_id, platforms in PARENTAL_CONTROL.items():
        product = products[product_id]
        assert product.kind in FAMILY_KINDS and not product.spying, product_id
        assert {i.platform for i in product.indicators} == set(platforms), product_id


def test_consumer_spy_products_have_a_spying_kind_on_each_system_they_are_listed_for():
    products = {p.id: p for p in load_catalogue().products}
    for product_id, platforms in CONSUMER_SPYING.items():
        product = products[product_id]
        assert product.kind in SPYING_KINDS and product.spying, product_id
        assert {i.platform for i in product.indicators} == set(platforms), product_id
    assert products["activtrak"].kind in WORKPLACE_KINDS and products["hubstaff"].kind in WORKPLACE_KINDS


def test_the_header_says_which_named_products_are_not_listed_yet():
    # A product added to the list must leave the header's "Not listed yet" paragraph, and the ones still missing
    # must stay named there, so the file never claims more (or less) than it holds.
    header = CATALOGUE_FILE.read_text(encoding="utf-8").split("checked = ")[0]
    sentence = header.split("# Not listed yet")[1].split(". ")[0]  # the names, up to the sentence's end
    not_listed = " ".join(sentence.replace("#", " ").split())
    for missing in ("pcTattletale", "Spyrix for Windows", "Hoverwatch for Windows", "FlexiSPY", "mSpy", "WebWatcher",
                    "Ardamax", "Actual Keylogger for Mac", "Veriato", "Time Doctor", "Net Nanny", "Mobicip", "Bark"):
        assert missing in not_listed, missing
    names = {p.name for p in load_catalogue().products}
    for listed in ("Qustodio", "KidLogger", "Revealer Keylogger", "ActivTrak", "Wondershare FamiSafe",
                   "Elite Keylogger"):
        assert listed in names and listed not in not_listed, listed


def test_a_good_file_loads():
    catalogue = parse_catalogue(GOOD)
    (product,) = catalogue.products
    assert product.name == "Product" and product.spying
    assert product.indicators[0].source.title == "A vendor page"


VALUE = 'value = "%ProgramData%\\\\Product*"'


@pytest.mark.parametrize(("change", "complaint"), [
    (('kind = "stalkerware"', 'kind = "spyware"'), "kind 'spyware' is not one of"),
    (('source = "s"', 'source = "elsewhere"'), "is not listed in the file's [[source]] tables"),
    (('source = "s"\n', ''), "`source` is missing"),
    ((VALUE + '\nsource = "s"\nchecked = 2026-12-03', VALUE + '\nsource = "s"'), "must be a date"),
    ((VALUE, 'value = "Product[0-9]"'), "only plain names and `*`"),
    ((VALUE, 'value = "Pro?uct"'), "only plain names and `*`"),
    ((VALUE, 'value = "a*b*c*d"'), "more than 2 `*`"),
    ((VALUE, 'value = "C:\\\\Pro*\\\\agent"'), "only the last part"),
    (('type = "path"', 'type = "regex"'), "type 'regex' is not one of"),
    (('type = "path"', 'type = "launchd"'), "a launchd indicator cannot be for 'windows'"),
    (('url = "https://example.org/page"', 'url = "http://example.org/page"'), "must be an https address"),
    # registry keys: a known hive, written in full, below what Windows itself owns
    (('type = "path"', 'type = "registry-key"'), "must start with HKLM\\ or HKCU\\"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "registry-key"\nplatform = "windows"\n'
      'value = "HKEY_CURRENT_USER\\\\Software\\\\Spy"'), "must start with HKLM\\ or HKCU\\"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "registry-key"\nplatform = "windows"\n'
      'value = "HKCU\\\\Software\\\\Spy*"'), "written in full, without `*`"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "registry-key"\nplatform = "windows"\n'
      'value = "HKCU\\\\Software\\\\Spy\\\\"'), "written in full, without `*`"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "registry-key"\nplatform = "windows"\n'
      'value = "HKLM\\\\SOFTWARE"'), "belongs to Windows, not to one product"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "registry-key"\nplatform = "windows"\n'
      'value = "HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run"'),
     "belongs to Windows, not to one product"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "registry-key"\nplatform = "windows"\n'
      'value = "HKLM\\\\SOFTWARE\\\\WOW6432Node\\\\Spy"'), "belongs to Windows, not to one product"),
    (('type = "path"\nplatform = "windows"', 'type = "registry-key"\nplatform = "macos"'),
     "a registry-key indicator cannot be for 'macos'"),
    # bundle ids: reverse-DNS, in full, and not a maker whose apps are on every Mac
    (('type = "path"', 'type = "bundle-id"'), "a bundle-id indicator cannot be for 'windows'"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "bundle-id"\nplatform = "macos"\n'
      'value = "com.apple.*"'), "must be a bundle id like com.maker.app"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "bundle-id"\nplatform = "macos"\n'
      'value = "com.apple.Safari"'), "too general: its maker (com.apple)"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "bundle-id"\nplatform = "macos"\n'
      'value = "com.hw.hwinstaller"'), "too general: its maker (com.hw)"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "bundle-id"\nplatform = "macos"\n'
      'value = "spyapp"'), "must be a bundle id like com.maker.app"),
    (('type = "path"\nplatform = "windows"\n' + VALUE, 'type = "bundle-id"\nplatform = "macos"\n'
      'value = "com.example spy.app"'), "must be a bundle id like com.maker.app"),
    (('licence = "facts only"', 'licence = ""'), "`licence` is missing"),
    (('checked = 2026-12-03\n\n[[source]]', 'checked = 2026-13-03\n\n[[source]]'), "not valid TOML"),
])
def test_mistakes_are_refused_with_where_they_are(change, complaint):
    old, new = change
    assert old in GOOD, old
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(GOOD.replace(old, new, 1))
    assert complaint in str(caught.value)


def test_a_source_nobody_uses_is_refused():
    extra = GOOD.replace("[[product]]", '[[source]]\nid = "unused"\ntitle = "t"\nurl = "https://x.org"\n'
                         'kind = "vendor"\nlicence = "l"\nversion = "v"\nchecked = 2026-12-03\n\n[[product]]')
    with pytest.raises(CatalogueError, match="never used: unused"):
        parse_catalogue(extra)


def test_a_product_without_indicators_is_refused():
    bare = GOOD.split("[[product.indicator]]")[0]
    with pytest.raises(CatalogueError, match="no indicators"):
        parse_catalogue(bare)


def test_globs_match_plain_names_and_stars_ignoring_case():
    assert glob_match("WpcMon.exe", "wpcmon.EXE")
    assert not glob_match("wpcmon.exe", "wpcmon.exe.bak")
    assert glob_match("Kaspersky Safe Kids*", "Kaspersky Safe Kids 23.0")
    assert not glob_match("Kaspersky Safe Kids*", "Kaspersky Internet Security")
    assert glob_match("*spy*", "RealtimeSpyAgent")
    assert glob_match("a*a", "aa") and not glob_match("a*a", "a")
    assert glob_match("*", "")
    assert glob_match("we*.exe", "wesvc.exe") and not glob_match("we*.exe", "wesvc.dll")


def test_a_long_strange_name_is_matched_without_backtracking():
    # A pattern a regular expression engine could take a very long time over on this name; here it is one pass.
    name = "a" * 200_000 + "b"
    assert not glob_match("*a*a*c", name.replace("*", ""))
    assert glob_match("a*b", name)
