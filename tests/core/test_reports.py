"""The JSON report: valid against its schema (version 2, and version 1 still published and readable), readable back,
clear about files that are not reports, and, when anonymous, free of every name, path and thing seen."""

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.guided import guided_results
from auditor.household import Household
from auditor.model import Evidence, Fix, JsonDict, Origin, Result, ScanRun, Severity, Status
from auditor.packs import load_content
from auditor.recorded import load_scenario
from auditor.reports import (
    ANONYMOUS_NAME,
    SCHEMA_PATH,
    ReportError,
    build_report,
    load_report,
    schema_path,
    to_json,
)
from auditor.scoring import scorecard
from auditor.store import Store
from tests.clock import an_hour_after_the_reports
from tests.core.test_intake import REPORTS, SCENARIO, scan
from tests.core.test_store import sample_run

SCHEMA = json.loads(SCHEMA_PATH.read_text())
SCHEMA_1 = json.loads(schema_path(1).read_text())
INSTALL_ID = "3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"


def validate(report: JsonDict, schema: JsonDict = SCHEMA) -> None:
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)


def test_both_published_schemas_are_valid_and_version_2_is_the_one_written():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(SCHEMA_1)
    assert SCHEMA_PATH.name == "report-2.schema.json" and SCHEMA["properties"]["version"]["const"] == 2


def test_every_field_new_in_version_2_is_described_in_the_schema():
    assert "New in version 2" in SCHEMA["properties"]["anonymous"]["description"]
    assert "New in version 2" in SCHEMA["properties"]["device"]["properties"]["install_id"]["description"]
    assert "scanned" in SCHEMA["properties"]["scan"]["properties"]["finished_at"]["description"]
    assert "computer's name" in SCHEMA["properties"]["device"]["properties"]["hostname"]["description"]


def test_a_report_matches_the_schema_and_says_who_wrote_it():
    report = build_report(sample_run(), scorecard(sample_run().results), install_id=INSTALL_ID)
    validate(report)
    assert report["device"]["install_id"] == INSTALL_ID and report["anonymous"] is False
    assert report["device"]["hostname"] == "family-pc" and report["app"]["version"] == "0.1.0"
    assert report["scan"]["finished_at"] == "2026-11-18T11:08:20+00:00"
    assert report["score"]["coverage"] == 1.0
    assert report["strategies"][0]["id"] == "personal-info"


def test_the_version_1_fields_keep_their_place_and_meaning():
    """A tool written for version 1 finds every field where it was: version 2 only adds."""
    old = SCHEMA_1["properties"]
    for section in ("app", "device", "scan"):
        assert set(old[section]["properties"]) <= set(SCHEMA["properties"][section]["properties"])
    assert set(old) <= set(SCHEMA["properties"])
    assert set(SCHEMA_1["$defs"]["result"]["properties"]) == set(SCHEMA["$defs"]["result"]["properties"])


def test_the_install_id_is_a_random_uuid4_made_once_per_data_folder(tmp_path):
    import uuid

    from auditor.erase import delete_all_data

    store = Store(tmp_path / "a")
    made = store.install_id()
    assert uuid.UUID(made).version == 4 and store.install_id() == made
    assert store.settings() == store.settings().__class__()  # kept beside the settings, not one of them
    store.close()
    again = Store(tmp_path / "a")
    assert again.install_id() == made  # the same folder, the same id
    other = Store(tmp_path / "b")
    assert other.install_id() != made  # another folder is another install
    delete_all_data(again)
    assert again.install_id() != made  # "delete all data" forgets it: later reports cannot be linked to earlier
    again.query("UPDATE settings SET value = '00:1a:2b:3c:4d:5e' WHERE name = 'install_id'")
    assert uuid.UUID(again.install_id()).version == 4  # anything else found there (a hand edit) is replaced
    again.close()
    other.close()


def test_a_report_without_an_install_id_still_validates():
    """The window's report page calls build_report without the id until it passes it (see the closing note)."""
    report = build_report(sample_run())
    validate(report)
    assert report["device"]["install_id"] is None


def test_an_install_id_that_is_not_a_uuid4_is_refused():
    with pytest.raises(ValueError, match="not an install id"):
        build_report(sample_run(), install_id="00:1a:2b:3c:4d:5e")


def test_the_schema_rejects_a_report_that_breaks_it():
    report = build_report(sample_run())
    report["results"][0]["status"] = "probably-fine"
    with pytest.raises(jsonschema.ValidationError):
        validate(report)


def test_the_schema_rejects_an_anonymous_report_that_names_the_computer():
    report = build_report(sample_run(), anonymous=True, install_id=INSTALL_ID)
    validate(report)
    report["device"]["hostname"] = "family-pc"
    with pytest.raises(jsonschema.ValidationError):
        validate(report)
    report = build_report(sample_run(), install_id=INSTALL_ID)
    report["anonymous"] = True  # a full report does not pass for an anonymous one
    with pytest.raises(jsonschema.ValidationError):
        validate(report)


def test_the_fixture_reports_match_their_own_versions_schema():
    validate(json.loads((REPORTS / "family-laptop-v1.json").read_text()), SCHEMA_1)
    for name in ("family-laptop-v2.json", "family-laptop-v2-anonymous.json", "generated-macos.json",
                 "generated-windows.json"):
        validate(json.loads((REPORTS / name).read_text()))


def test_a_report_reads_back(tmp_path, monkeypatch):
    an_hour_after_the_reports(monkeypatch)  # reading checks the report is not from the future; its time is fixed
    path = tmp_path / "r.json"
    path.write_text(to_json(build_report(sample_run(), install_id=INSTALL_ID)))
    report, run = load_report(path)
    assert run.results == sample_run().results
    assert run.hostname == "family-pc"
    assert report["device"]["install_id"] == INSTALL_ID


def test_a_version_1_report_reads_back_as_version_2(monkeypatch):
    an_hour_after_the_reports(monkeypatch)  # reading checks the report is not from the future; its time is fixed
    report, run = load_report(REPORTS / "family-laptop-v1.json")
    validate(report)
    assert report["device"]["install_id"] is None and run.hostname == "family-laptop"
    assert any(r.kind == "guided" for r in run.results)


def test_an_anonymous_report_reads_back_named_in_words(monkeypatch):
    an_hour_after_the_reports(monkeypatch)  # reading checks the report is not from the future; its time is fixed
    report, run = load_report(REPORTS / "family-laptop-v2-anonymous.json")
    assert report["anonymous"] is True and report["device"]["hostname"] == ""
    assert run.hostname == ANONYMOUS_NAME


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not valid JSON (line 1"),
        (b"\xff\xfe\x00\x01", "is not a text file"),
        (b'{"format": "something-else"}', "not a Homeguard report"),
        (b'{"format": "homeguard-report", "version": 99}', "report version 99"),
        (b'{"format": "homeguard-report", "version": 1, "results": []}', "missing or damaged part"),
    ],
)
def test_broken_report_files_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ReportError, match="^broken.json .*" + re.escape(message)):
        load_report(path)


def test_a_missing_report_file_is_a_clear_message(tmp_path):
    with pytest.raises(ReportError, match="could not be opened"):
        load_report(tmp_path / "nope.json")


# -- anonymous reports: built from what is kept, so nothing else can get in -------------------------------------

def all_strings(value: object) -> list[str]:
    """Every key and every string value anywhere in a JSON document."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *all_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in all_strings(item)]
    return [value] if isinstance(value, str) else []


def family_scan(folder: Path) -> tuple[ScanRun, list[str]]:
    """A real recorded scan of the family laptop plus a household with nicknames, answers and a device."""
    store = Store(folder)
    household = Household(store)
    teen = household.add_person("Samantha-Q", "13-17")
    household.set_services(teen, ["instagram", "snapchat", "gmail"])
    household.add_person("Grandad Joe", "adult")  # has not said which services: his summaries name him
    tablet = household.add_device("Zebedee's Slate", "ipad", teen)
    household.record_answer("device-screen-lock", "device", tablet.id, "no", Status.FAIL)
    run = scan(load_scenario(SCENARIO))
    run = dataclasses.replace(run, results=run.results + tuple(guided_results(load_content(), household)))
    store.close()
    return run, ["family-laptop", "alex", "Debian", "Samantha-Q", "Grandad Joe", "Zebedee's Slate"]


def test_an_anonymous_report_of_a_real_scan_and_a_household_names_nobody(tmp_path):
    run, identifying = family_scan(tmp_path)
    full = to_json(build_report(run, install_id=INSTALL_ID))
    for word in identifying:  # the full report does carry every one of them, so the test means something
        assert word.lower() in full.lower(), word
    assert "~/.ssh/id_ed25519" in full and "/etc/passwd" in full  # paths the checks looked at
    assert any(r.summary and r.kind == "guided" for r in run.results)

    report = build_report(run, install_id=INSTALL_ID, anonymous=True)
    text = to_json(report)
    validate(report)
    for word in identifying:
        assert word.lower() not in text.lower(), word
    assert "/" not in text and "~" not in text  # no path, and no evidence or summary that could hold one
    assert report["device"] == {"install_id": INSTALL_ID, "hostname": "", "platform": "linux", "os_name": "",
                                "scanned_as_admin": False}
    assert report["scan"]["run_id"] is None
    for result in report["results"]:
        assert (result["summary"], result["evidence"], result["fix"], result["origin"], result["subject"]) == (
            "", [], None, None, "")
    # what is kept: the checks, their verdicts and the scores, the same as in the full report
    assert [(r["check_id"], r["status"]) for r in report["results"]] == [(r.check_id, str(r.status))
                                                                         for r in run.results]
    assert report["score"] == build_report(run)["score"]
    assert any(r["kind"] == "guided" for r in report["results"])


class ResultWithNote(Result):
    """A result as a later version might make it, with a field the anonymous report has never heard of."""

    def to_dict(self) -> JsonDict:
        return {**super().to_dict(), "private_note": "Samantha-Q lives at /home/sam"}


def test_a_field_added_later_cannot_leak_into_an_anonymous_report():
    base = sample_run().results[0]
    run = dataclasses.replace(sample_run(), results=(ResultWithNote(**{
        f.name: getattr(base, f.name) for f in dataclasses.fields(base)}),))
    assert "private_note" in to_json(build_report(run))
    anonymous = to_json(build_report(run, anonymous=True))
    assert "private_note" not in anonymous and "Samantha-Q" not in anonymous


SECRET = st.text(st.characters(codec="utf-8"), min_size=1, max_size=24).map(lambda s: f"⟦{s}⟧")
PATH = st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=8), min_size=1,
                max_size=4).map(lambda parts: "/" + "/".join(parts))


@settings(max_examples=200, deadline=None)
@given(hostname=SECRET, os_name=SECRET, nicknames=st.lists(SECRET, min_size=1, max_size=4), paths=st.lists(PATH,
       min_size=1, max_size=4), user=SECRET)
def test_random_names_and_paths_never_reach_an_anonymous_report(hostname, os_name, nicknames, paths, user):
    results = []
    for i, nickname in enumerate(nicknames):
        path = paths[i % len(paths)]
        results.append(Result(
            f"check-{i}", "A check's own title", "secure-devices", Severity.HIGH, Status.FAIL,
            f"{nickname} ({user}) left {path} open", (Evidence(path, f"owner {user}, {nickname}"),),
            Fix((f"Ask {nickname} to close {path}",), more_info="https://example.org/x"), 0.5,
            Origin(f"plugin-{nickname}", "1.0", path, False), kind="guided", subject=nickname))
    run = ScanRun(tuple(results), 1_795_000_000.0, 1_795_000_001.0, "windows", hostname, os_name, "0.1.0")
    report = build_report(run, install_id=INSTALL_ID, anonymous=True)
    strings = all_strings(report)
    for secret in [hostname, os_name, user, *nicknames, *paths]:
        assert not any(secret in s for s in strings)
    assert not any("/" in s or "⟦" in s for s in strings)
