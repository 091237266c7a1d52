"""The shared folder from the terminal: ``household share FOLDER`` / ``share --off``, ``scan`` putting this computer's
report there (one line on stderr; ``scan --json`` stays pure JSON), and ``household`` reading the others first.

Scans are of the recorded Linux scenario (tests/fixtures/scenarios/family-laptop.toml); the other computer is the
generated macOS report in tests/fixtures/reports (see its SOURCES.toml entry).
"""

from __future__ import annotations

import json
import os
import time

import pytest

from auditor import cli
from auditor.intake import read_report
from auditor.reports import SCHEMA_PATH
from auditor.store import Store
from tests.clock import an_hour_after_the_reports
from tests.support import FIXTURES

SCENARIO = str(FIXTURES / "scenarios" / "family-laptop.toml")
MAC = FIXTURES / "reports" / "generated-macos.json"


@pytest.fixture
def data(tmp_path):
    return str(tmp_path / "data")


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "OneDrive" / "Homeguard"
    path.mkdir(parents=True)
    return path


def homeguard(*argv: str) -> int:
    return cli.main(list(argv))


def setting(data: str) -> str:
    store = Store(data)
    try:
        return store.settings().shared_folder
    finally:
        store.close()


def install_id(data: str) -> str:
    store = Store(data)
    try:
        return store.install_id()
    finally:
        store.close()


def test_share_turns_the_folder_on_and_off(data, folder, capsys):
    assert homeguard("household", "share", "--data-dir", data) == 0
    assert "No shared folder is used" in capsys.readouterr().out
    assert homeguard("household", "share", str(folder), "--data-dir", data) == 0
    out = capsys.readouterr().out
    assert f"Using the shared folder {folder}." in out and "never sends anything" in out
    assert setting(data) == str(folder)
    assert os.listdir(folder) == []  # no scan yet, so nothing to put there
    assert homeguard("household", "share", "--data-dir", data) == 0
    assert f"The shared folder is {folder}." in capsys.readouterr().out
    assert homeguard("household", "share", "--off", "--data-dir", data) == 0
    assert f"Stopped using the shared folder {folder}." in capsys.readouterr().out
    assert setting(data) == ""


def test_share_refuses_a_folder_that_is_not_there_or_is_a_file(data, folder, capsys):
    assert homeguard("household", "share", str(folder / "missing"), "--data-dir", data) == 2
    assert "is not there. If it is on a USB stick, plug the stick in" in capsys.readouterr().err
    a_file = folder / "report.json"
    a_file.write_text("{}", encoding="utf-8")
    assert homeguard("household", "share", str(a_file), "--data-dir", data) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert homeguard("household", "--off", "--data-dir", data) == 2
    assert "--off goes with share" in capsys.readouterr().err
    assert setting(data) == ""


def test_share_puts_the_latest_scan_there_at_once(data, folder, capsys):
    assert homeguard("scan", "--recorded", SCENARIO, "--safe-mode", "--data-dir", data) == 0
    capsys.readouterr()
    assert homeguard("household", "share", str(folder), "--data-dir", data) == 0
    assert "Put this computer's latest report in the shared folder" in capsys.readouterr().out
    assert os.listdir(folder) == [f"homeguard-{install_id(data)}.json"]


def test_scan_json_stays_pure_json_and_the_report_goes_to_the_folder(data, folder, capsys):
    import jsonschema

    assert homeguard("household", "share", str(folder), "--data-dir", data) == 0
    capsys.readouterr()
    assert homeguard("scan", "--recorded", SCENARIO, "--safe-mode", "--json", "--data-dir", data) == 0
    out, err = capsys.readouterr()
    printed = json.loads(out)  # stdout is the report and nothing else
    jsonschema.validate(printed, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert f"Put this computer's latest report in the shared folder {folder}." in err
    written = folder / f"homeguard-{install_id(data)}.json"
    assert os.listdir(folder) == [written.name]
    shared = json.loads(written.read_text(encoding="utf-8"))
    assert shared["device"] == printed["device"] and shared["scan"] == printed["scan"]


def test_a_scan_that_cannot_be_shared_says_so_calmly_and_keeps_its_exit_code(data, folder, capsys):
    assert homeguard("household", "share", str(folder), "--data-dir", data) == 0
    folder.rmdir()  # the USB stick was taken out
    capsys.readouterr()
    assert homeguard("scan", "--recorded", SCENARIO, "--safe-mode", "--json", "--fail-under", "0",
                     "--data-dir", data) == 0
    out, err = capsys.readouterr()
    json.loads(out)
    assert "this computer's report was not put in the shared folder. The shared folder" in err
    assert "Traceback" not in err


def test_a_scan_not_saved_is_not_shared(data, folder, capsys):
    assert homeguard("household", "share", str(folder), "--data-dir", data) == 0
    assert homeguard("scan", "--recorded", SCENARIO, "--safe-mode", "--no-save", "--data-dir", data) == 0
    assert os.listdir(folder) == []
    assert "shared folder" not in capsys.readouterr().err


def test_the_list_reads_the_folder_first(data, folder, tmp_path, capsys, monkeypatch):
    an_hour_after_the_reports(monkeypatch)  # the commands read the clock; the report's time is fixed
    (folder / "homeguard-mac.json").write_bytes(MAC.read_bytes())
    (folder / "homeguard-broken.json").write_text("{not json", encoding="utf-8")
    assert homeguard("household", "share", str(folder), "--data-dir", data) == 0
    capsys.readouterr()
    assert read_report(MAC).scanned_at < time.time()
    assert homeguard("household", "--data-dir", data) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "Shared folder: added Alexs-MacBook-Air. 1 file could not be used."
    assert "Alexs-MacBook-Air (macOS)" in out  # and the list shows it
    assert "homeguard: In the shared folder, homeguard-broken.json is not valid JSON" in err
    assert homeguard("household", "--data-dir", data) == 0
    assert capsys.readouterr().out.splitlines()[0] == ("Shared folder: 1 computer already up to date. 1 file could "
                                                       "not be used.")

    folder.rename(tmp_path / "elsewhere")  # the stick is out: one calm line, and the list is still shown
    assert homeguard("household", "--data-dir", data) == 0
    out, err = capsys.readouterr()
    assert "is not there. If it is on a USB stick, plug the stick in" in err
    assert "Alexs-MacBook-Air (macOS)" in out
