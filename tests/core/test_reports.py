"""The JSON report: valid against its schema, readable back, and clear about files that are not reports."""

import json
import re

import jsonschema
import pytest

from auditor.reports import SCHEMA_PATH, ReportError, build_report, load_report, to_json
from auditor.scoring import scorecard
from tests.core.test_store import sample_run

SCHEMA = json.loads(SCHEMA_PATH.read_text())


def test_the_schema_itself_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_a_report_matches_the_schema():
    report = build_report(sample_run(), scorecard(sample_run().results))
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["score"]["coverage"] == 1.0
    assert report["strategies"][0]["id"] == "personal-info"


def test_the_schema_rejects_a_report_that_breaks_it():
    report = build_report(sample_run())
    report["results"][0]["status"] = "probably-fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(report)


def test_a_report_reads_back(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(to_json(build_report(sample_run())))
    _, run = load_report(path)
    assert run.results == sample_run().results
    assert run.hostname == "family-pc"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not valid JSON (line 1"),
        (b"\xff\xfe\x00\x01", "is not a text file"),
        (b'{"format": "something-else"}', "not a Homeguard report"),
        (b'{"format": "homeguard-report", "version": 99}', "version 99"),
        (b'{"format": "homeguard-report", "version": 1, "results": []}', "missing or damaged part"),
    ],
)
def test_broken_report_files_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ReportError, match=re.escape(message)):
        load_report(path)


def test_a_missing_report_file_is_a_clear_message(tmp_path):
    with pytest.raises(ReportError, match="could not be opened"):
        load_report(tmp_path / "nope.json")
