"""Reading reports from other computers (auditor.intake): good ones from all three systems come through, and every
kind of bad report is refused with its file name and the reason, while the good ones beside it still count.

The good reports are made here by scanning recorded hosts: the Linux one is the family-laptop scenario; macOS and
Windows have no scenario file, so their hosts are built the way tests/local_checks build them, from recorded real
outputs under tests/fixtures (each with its SOURCES.toml entry). ``write_system_reports`` wrote the generated
files in tests/fixtures/reports (see its SOURCES.toml).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import intake
from auditor.intake import MAX_REPORT_BYTES, DeviceReport, Refused, ReportRefused, read_report, read_reports
from auditor.model import Evidence, ScanRun, Status
from auditor.recorded import RecordedHost, load_scenario
from auditor.registry import discover
from auditor.report_html import render_html
from auditor.reports import ReportError, build_report, to_json
from auditor.runner import run_scan
from auditor.scoring import scorecard
from tests.clock import an_hour_after_the_reports
from tests.support import FIXTURES, fixture, fixture_bytes

SCENARIO = FIXTURES / "scenarios" / "family-laptop.toml"
REPORTS = FIXTURES / "reports"
INSTALL_IDS = {"linux": "0f8a3c1e-5b7d-4e2a-9c6f-1d2e3f4a5b6c", "macos": "6b1e0c9a-2d4f-4a8b-8e7c-3f5a6b7c8d9e",
               "windows": "a3d5e7f9-1b2c-4d6e-a8f0-2b4c6d8e0f1a"}



@pytest.fixture(scope="module", autouse=True)
def _clock_from_the_reports():
    """Reading a report refuses one scanned in the future, and the fixture reports' times are fixed: for the whole
    module (the scans its module fixtures make too) the clock runs from an hour after they were made, so these tests
    pass whatever the date (tests.clock)."""
    with pytest.MonkeyPatch.context() as patch:
        an_hour_after_the_reports(patch)
        yield


# -- hosts and reports made from recorded real outputs -----------------------------------------------------------

def mac_host() -> RecordedHost:
    """A MacBook: firewall and FileVault on, Gatekeeper and SIP on, AirDrop open to everyone."""
    from checks.local.firewall.macos import SOCKETFILTERFW

    host = RecordedHost("macos", hostname="Alexs-MacBook-Air", os_name="macOS 15.1")
    host.add_command([SOCKETFILTERFW, "--getglobalstate"], fixture("macos/socketfilterfw/getglobalstate-enabled.txt"))
    host.add_command([SOCKETFILTERFW, "--getstealthmode"],
                     fixture("macos/socketfilterfw/getstealthmode-on-macos15.txt"))
    host.add_command(["fdesetup", "status"], fixture("macos/fdesetup/tahoe-26.5.2-on.txt"))
    host.add_command(["spctl", "--status"], fixture("macos/spctl/tahoe-26.5.2-enabled.txt"))
    host.add_command(["csrutil", "status"], fixture("macos/csrutil/elcapitan-10.11.6-enabled.txt"))
    host.add_command(["defaults", "read", "com.apple.sharingd", "DiscoverableMode"],
                     fixture("macos/sharingd/discoverablemode-everyone.txt"))
    host.add_command(["id", "-Gn"], fixture("macos/groups/groups-standard.txt"))
    return host


def windows_host() -> RecordedHost:
    """A Windows 10 desktop: firewall profiles on, UAC at its defaults, a standard account, a Guest account."""
    from checks.local.common.windows import powershell_argv
    from checks.local.firewall.windows import PROFILES_SCRIPT
    from checks.local.guest_account.windows import SCRIPT as GUEST_SCRIPT

    host = RecordedHost("windows", hostname="FAMILY-DESKTOP", os_name="Windows 10 Pro")
    host.add_command(powershell_argv(f"{PROFILES_SCRIPT} | ConvertTo-Json -Depth 4 -Compress"),
                     fixture("windows/firewall/get-netfirewallprofile-server2022.json"))
    host.add_command(powershell_argv(f"{GUEST_SCRIPT} | ConvertTo-Json -Depth 4 -Compress"),
                     fixture("windows/local-users/get-localuser-list-gowindows.json"))
    host.add_command(["whoami", "/groups"], fixture("windows/whoami/whoami-groups-win10pro-love-standard.txt"))
    host.add_registry(fixture("windows/registry/reg-export-uac-defaults.reg"))
    host.add_registry(fixture("windows/winlogon/reg-query-winlogon-win7-chatterbox.txt"))
    return host


def hosts() -> dict[str, RecordedHost]:
    return {"linux": load_scenario(SCENARIO), "macos": mac_host(), "windows": windows_host()}


def scan(host: RecordedHost) -> ScanRun:
    """A real scan of a recorded host with the checks that ship with Homeguard (no plugins)."""
    registry = discover(safe_mode=True, platform=host.platform)
    return run_scan(registry.for_platform(host.platform), host, failures=registry.failures, safe_mode=True)


def write_system_reports(folder: Path) -> dict[str, Path]:
    """One report per system, as ``homeguard scan --json`` writes it (how the SOURCES.toml files were made)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for platform, host in hosts().items():
        path = folder / f"generated-{platform}.json"
        path.write_text(to_json(build_report(scan(host), install_id=INSTALL_IDS[platform])), encoding="utf-8")
        written[platform] = path
    return written


@pytest.fixture(scope="module")
def system_reports(tmp_path_factory) -> dict[str, Path]:
    return write_system_reports(tmp_path_factory.mktemp("systems"))


def good_report() -> dict:
    return json.loads(fixture_bytes("reports/family-laptop-v2.json"))


def write(path: Path, report: dict | bytes | str) -> Path:
    if isinstance(report, dict):
        report = to_json(report)
    path.write_bytes(report.encode("utf-8") if isinstance(report, str) else report)
    return path


def refused(path: Path, **kwargs) -> str:
    with pytest.raises(ReportRefused) as caught:
        read_report(path, **kwargs)
    assert caught.value.source == path.name
    assert str(caught.value).startswith(path.name + " ")
    return caught.value.reason


# -- good reports ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_a_report_from_each_system_reads_back_as_it_was_written(system_reports, platform):
    written = json.loads(system_reports[platform].read_text(encoding="utf-8"))
    device = read_report(system_reports[platform])
    assert isinstance(device, DeviceReport)
    assert (device.platform, device.install_id, device.schema_version, device.anonymous) == (
        platform, INSTALL_IDS[platform], 2, False)
    assert device.computer_name == written["device"]["hostname"] and device.computer_name
    assert device.app_version == written["app"]["version"]
    assert device.scanned_at == device.run.finished_at
    assert device.source == f"generated-{platform}.json"
    assert [(r.check_id, str(r.status), r.summary) for r in device.run.results] == [
        (r["check_id"], r["status"], r["summary"]) for r in written["results"]]
    assert [r.evidence for r in device.run.results] == [
        tuple(Evidence(e["looked_at"], e["seen"]) for e in r["evidence"]) for r in written["results"]]
    # more than "could not tell" everywhere: the recorded outputs decide real verdicts on every system
    assert {Status.PASS, Status.FAIL} <= {r.status for r in device.run.results}


def test_a_version_1_report_still_loads_with_its_guided_answers():
    device = read_report(REPORTS / "family-laptop-v1.json")
    assert (device.schema_version, device.install_id, device.anonymous) == (1, "", False)
    assert device.computer_name == "family-laptop" and device.platform == "linux"
    assert device.key == "name:family-laptop"  # no install id: the computer's name stands in for it
    assert any(r.kind == "guided" for r in device.run.results)
    assert any(r.kind == "device" and r.status is Status.FAIL for r in device.run.results)


def test_an_anonymous_report_reads_with_no_name_and_nothing_it_saw():
    device = read_report(REPORTS / "family-laptop-v2-anonymous.json")
    assert device.anonymous and device.computer_name == "" and device.run.os_name == ""
    assert device.install_id == read_report(REPORTS / "family-laptop-v2.json").install_id
    assert all(r.summary == "" and not r.evidence and r.fix is None and r.subject == "" for r in device.run.results)


def test_an_anonymous_file_that_still_carries_names_has_them_left_behind(tmp_path):
    report = good_report()
    report["anonymous"] = True  # claims to be anonymous but was not made so: the reader keeps only the allowed
    device = read_report(write(tmp_path / "claims.json", report))
    text = repr(device)
    assert "family-laptop" not in text and "Debian" not in text and "/" not in text.replace("//", "")
    assert all(r.summary == "" and r.subject == "" for r in device.run.results)


def test_a_byte_order_mark_is_allowed(tmp_path):
    path = write(tmp_path / "bom.json", b"\xef\xbb\xbf" + to_json(good_report()).encode())
    assert read_report(path).computer_name == "family-laptop"


# -- bad reports, each refused with its name and reason, the good ones beside them still read ------------------

def bad_reports(folder: Path) -> dict[str, str]:
    """Write every kind of bad report into ``folder``; returns file name -> words its refusal must contain."""
    good = good_report()
    expected: dict[str, str] = {}

    def bad(name: str, content: dict | bytes | str, words: str) -> None:
        write(folder / name, content)
        expected[name] = words

    def changed(edit) -> dict:
        report = json.loads(json.dumps(good))
        edit(report)
        return report

    bad("a-not-json.json", b"{not json", "is not valid JSON (line 1, column 2")
    bad("b-not-utf8.json", to_json(good).encode("utf-16"), "not UTF-8")
    bad("c-other-shape.json", b'{"format": "something-else", "version": 2}', "not a Homeguard report")
    bad("c-list.json", b"[1, 2, 3]", "not a Homeguard report")
    bad("c-no-results.json", changed(lambda r: r.pop("results")), "missing or damaged part (results is missing)")
    bad("d-newer.json", changed(lambda r: r.update(version=3)), "made by a newer Homeguard (report version 3")
    odd = to_json(changed(lambda r: r["results"][0].update(duration=12345.678)))
    bad("e-nan.json", odd.replace("12345.678", "NaN"), "not valid JSON")
    bad("e-twice.json", to_json(good).replace('"anonymous": false,', '"anonymous": false, "anonymous": true,'),
        "one field appears twice in the same place")
    bad("e-deep.json", b"[" * 100_000 + b"]" * 100_000, "nested far deeper")
    bad("f-status.json", changed(lambda r: r["results"][0].update(status="probably-fine")),
        "results[0].status is not a value Homeguard knows")
    bad("f-id.json", changed(lambda r: r["results"][1].update(check_id="<img src=x onerror=alert(1)>")),
        "results[1].check_id is not in the form")
    bad("f-install-id.json", changed(lambda r: r["device"].update(install_id="../../etc/passwd")),
        "device.install_id is not in the form")
    bad("f-platform.json", changed(lambda r: r["device"].update(platform="amiga")), "device.platform")
    bad("f-admin.json", changed(lambda r: r["device"].update(scanned_as_admin="yes")), "is not true or false")
    bad("f-version.json", changed(lambda r: r["app"].update(version="<b>1.0</b>")), "app.version")
    bad("g-long-name.json", changed(lambda r: r["device"].update(hostname="x" * 100_000)),
        "device.hostname is 100,000 characters long")
    bad("g-long-subject.json", changed(lambda r: r["results"][-1].update(subject="Sam" * 40_000)),
        "subject is 120,000 characters long")
    bad("h-future.json", changed(lambda r: r["scan"].update(finished_at="2999-01-01T00:00:00+00:00")),
        "scanned in the future")
    bad("h-no-zone.json", changed(lambda r: r["scan"].update(started_at="2026-11-18T10:00:00")), "no time zone")
    bad("i-too-many.json", changed(lambda r: r.update(results=r["results"][:1] * 5_001)), "5001 results")
    return expected


def test_every_kind_of_bad_report_is_refused_and_the_good_ones_still_come_through(tmp_path, system_reports):
    folder = tmp_path / "shared"
    folder.mkdir()
    expected = bad_reports(folder)
    for platform, path in system_reports.items():
        (folder / f"z-{platform}.json").write_bytes(path.read_bytes())
    (folder / "zz-copy-of-linux.json").write_bytes(system_reports["linux"].read_bytes())  # the same bytes
    same_scan = json.loads(system_reports["macos"].read_text())
    (folder / "zz-macos-reindented.json").write_text(json.dumps(same_scan))  # the same scan, other bytes
    expected["zz-copy-of-linux.json"] = "is the same file as z-linux.json"
    expected["zz-macos-reindented.json"] = "is the same scan of the same computer as z-macos.json"
    with open(folder / "huge.json", "wb") as handle:  # sparse: its size alone refuses it
        handle.truncate(MAX_REPORT_BYTES + 1)
    expected["huge.json"] = "is larger than 20 MB"
    os.symlink("loop.json", folder / "loop.json")
    expected["loop.json"] = "leads round in a loop"
    os.mkfifo(folder / "pipe.json")  # opening a pipe for reading would wait for ever
    expected["pipe.json"] = "not a regular file"
    (folder / "sub.json").mkdir()
    expected["sub.json"] = "is a folder"
    (folder / "inner").mkdir()  # folders inside are not read
    write(folder / "inner" / "deeper.json", b"not even json")
    write(folder / "._z-linux.json", b"\x00\x05\x16\x07 macOS resource fork")  # hidden: passed over
    write(folder / "notes.txt", b"not a report")  # not *.json: passed over

    outcomes = list(read_reports([folder]))

    read = [o for o in outcomes if isinstance(o, DeviceReport)]
    refusals = {o.source: o.reason for o in outcomes if isinstance(o, Refused)}
    assert sorted(d.platform for d in read) == ["linux", "macos", "windows"]
    assert [d.source for d in read] == ["z-linux.json", "z-macos.json", "z-windows.json"]
    assert set(refusals) == set(expected)
    for name, words in expected.items():
        assert words in refusals[name], (name, refusals[name])
    assert [o.source for o in outcomes] == sorted(o.source for o in outcomes)  # the folder's files, sorted


def test_hostile_text_is_cleaned_and_kept_as_plain_text(tmp_path):
    report = good_report()
    report["device"]["hostname"] = "<b>family</b>\x1b[31m-laptop\u202e\x00\n"
    first = report["results"][0]
    first["summary"] = "<script>alert(1)</script>\r\nline two\x07" + "y" * 100_000
    first["evidence"] = [{"looked_at": "/home/alex/\x00.ssh", "seen": "ok\u200b"}]
    first["subject"] = "  Sam\tthe\u2028second  "
    first["fix"] = {"steps": ["Click <a href='x'>here</a>"], "settings_url": "javascript:alert(1)",
                    "settings_command": ["rm", "-rf", "/"], "more_info": "http://phish.example"}
    second = report["results"][1]
    second["fix"] = {"steps": [], "settings_url": "ms-settings:windowsupdate", "settings_command": None,
                     "more_info": "https://support.example/page"}
    device = read_report(write(tmp_path / "hostile.json", report))
    assert device.computer_name == "<b>family</b>[31m-laptop"  # markup stays literal text; controls are gone
    result, other = device.run.results[0], device.run.results[1]
    assert result.summary.startswith("<script>alert(1)</script>\nline twoyyy") and result.summary.endswith("…")
    assert len(result.summary) == intake.TEXT_CHARS
    assert result.evidence[0].looked_at == "/home/alex/.ssh" and result.evidence[0].seen == "ok"
    assert result.subject == "Sam the second"
    assert result.fix is not None and result.fix.steps == ("Click <a href='x'>here</a>",)
    assert (result.fix.settings_url, result.fix.settings_command, result.fix.more_info) == (None, None, None)
    assert other.fix is not None and other.fix.settings_url == "ms-settings:windowsupdate"
    assert other.fix.more_info == "https://support.example/page"
    page = render_html(device.run, scorecard(device.run.results))  # shown later: as text, never as markup
    assert "<b>family</b>" not in page and "&lt;b&gt;family&lt;/b&gt;" in page and "<script>alert" not in page


def test_a_lone_surrogate_in_a_name_is_dropped(tmp_path):
    text = to_json(good_report()).replace('"hostname": "family-laptop"', '"hostname": "family\\ud800-laptop"')
    assert read_report(write(tmp_path / "odd.json", text)).computer_name == "family-laptop"


def test_the_size_is_checked_before_reading_and_a_growing_file_is_cut_off(tmp_path, monkeypatch):
    path = write(tmp_path / "grows.json", b"x" * 5_000)
    monkeypatch.setattr(intake, "MAX_REPORT_BYTES", 1_000)
    asked: list[int] = []
    real_read, real_fstat = os.read, os.fstat

    def counting_read(handle: int, size: int) -> bytes:
        asked.append(size)
        return real_read(handle, size)

    class Small:  # what fstat said before the file grew
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(intake.os, "read", counting_read)
    monkeypatch.setattr(intake.os, "fstat", lambda handle: Small(real_fstat(handle)))
    assert "is larger than" in refused(path)
    assert sum(asked) <= 1_001  # never more than the limit plus the one byte that proves it is over


def test_a_folder_that_cannot_be_listed_is_refused_by_name(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(intake.os, "scandir", denied)
    [outcome] = list(read_reports([folder]))
    assert outcome == Refused("locked", outcome.reason) and "could not be read" in outcome.reason


def test_a_missing_file_and_a_folder_link_loop_are_refused(tmp_path):
    os.symlink(tmp_path / "round", tmp_path / "round")
    outcomes = list(read_reports([tmp_path / "gone.json", tmp_path / "round"]))
    assert [o.source for o in outcomes] == ["gone.json", "round"]
    assert all(isinstance(o, Refused) for o in outcomes)
    assert "no such file" in outcomes[0].reason and "loop" in outcomes[1].reason


def test_files_are_read_one_at_a_time_as_they_are_asked_for(tmp_path, system_reports, monkeypatch):
    for platform, path in system_reports.items():
        (tmp_path / f"{platform}.json").write_bytes(path.read_bytes())
    opened: list[str] = []
    real = intake._read_capped
    monkeypatch.setattr(intake, "_read_capped", lambda path: opened.append(path.name) or real(path))
    outcomes = read_reports([tmp_path])
    assert next(outcomes).source == "linux.json" and opened == ["linux.json"]
    assert len(list(outcomes)) == 2 and opened == ["linux.json", "macos.json", "windows.json"]


def test_a_refusal_is_a_report_error_with_a_sentence(tmp_path):
    path = write(tmp_path / "broken.json", b"{")
    with pytest.raises(ReportError, match=r"^broken\.json is not valid JSON"):
        read_report(path)
    assert Refused("a.json", "is not valid JSON").message == "a.json is not valid JSON"


# -- whatever a file holds, the reader answers with a report or a refusal, never a crash -----------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
PLACES = [("device", "hostname"), ("device", "install_id"), ("scan", "finished_at"), ("scan", "run_id"),
          ("app", "version"), (None, "results"), (None, "anonymous"), (None, "version"), (None, "score")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES + [("result", key) for key in (
    "check_id", "title", "strategy", "severity", "status", "summary", "evidence", "fix", "duration", "origin",
    "kind", "subject")]), value=JSON_VALUES)
def test_any_value_in_any_field_is_read_or_refused_never_a_crash(tmp_path, place, value):
    report = good_report()
    section, key = place
    target = report if section is None else report["results"][0] if section == "result" else report[section]
    target[key] = value
    data = to_json(report).encode()
    try:
        device = intake.report_from_bytes("fuzz.json", data)
    except ReportRefused as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert isinstance(device, DeviceReport)
        assert all(ch.isprintable() for ch in device.computer_name)


def test_the_generated_fixtures_are_listed_with_how_they_were_made():
    import tomllib

    sources = tomllib.loads((REPORTS / "SOURCES.toml").read_text(encoding="utf-8"))
    for name, entry in sources.items():
        assert "generated" in entry["source"] and "not a recorded" in entry["note"], name
        assert hashlib.sha256((REPORTS / name).read_bytes()).hexdigest() == entry["sha256"], name


# -- reading for a club summary: every report as an anonymous one ----------------------------------------------

def test_a_club_reads_a_full_report_as_an_anonymous_one(system_reports):
    for path in system_reports.values():
        full, lean = read_report(path), intake.report_from_bytes(path.name, path.read_bytes(), for_club=True)
        assert [(r.check_id, r.title, r.strategy, r.severity, r.status, r.kind) for r in lean.run.results] == [
            (r.check_id, r.title, r.strategy, r.severity, r.status, r.kind) for r in full.run.results]
        assert all(r.summary == "" and not r.evidence and r.fix is None and r.origin is None and r.subject == ""
                   for r in lean.run.results)
        assert (lean.computer_name, lean.run.hostname, lean.run.os_name, lean.run.run_id) == ("", "", "", None)
        assert (lean.install_id, lean.key, lean.platform, lean.scanned_at, lean.app_version) == (
            full.install_id, full.key, full.platform, full.scanned_at, full.app_version)
        assert full.computer_name not in repr(lean)


def test_a_club_tells_reports_without_an_install_id_apart_by_their_name_hashed(tmp_path):
    v1 = fixture_bytes("reports/family-laptop-v1.json")
    lean = intake.report_from_bytes("a.json", v1, for_club=True)
    renamed = intake.report_from_bytes("b.json", v1.replace(b'"family-laptop"', b'"other-laptop"'), for_club=True)
    assert "family-laptop" not in repr(lean) and lean.key.startswith("name#")
    assert lean.key == intake.report_from_bytes("c.json", v1, for_club=True).key != renamed.key


def test_a_club_refuses_what_it_reads_when_it_is_bad_and_only_that(tmp_path, system_reports):
    """Everything the club uses is checked as strictly as ever; a nickname too long to be real sits in a part the
    club never reads, so that report still counts (as its anonymous copy would). It is read before the y- files,
    so their first result's other values are already known when theirs are checked."""
    folder = tmp_path / "shared"
    folder.mkdir()
    expected = bad_reports(folder)
    for platform, path in system_reports.items():
        (folder / f"z-{platform}.json").write_bytes(path.read_bytes())
    good = good_report()
    first = good["results"][0]
    for n, (key, value) in enumerate((("title", ["a list"]), ("status", "maybe"), ("kind", None))):
        write(folder / f"y-bad-{n}.json", dict(good, results=[dict(first, **{key: value})]))
        expected[f"y-bad-{n}.json"] = f"results[0].{key} is"
    expected.pop("g-long-subject.json")

    outcomes = list(read_reports([folder], for_club=True))

    refusals = {o.source: o.reason for o in outcomes if isinstance(o, Refused)}
    assert set(refusals) == set(expected)
    for name, words in expected.items():
        assert words in refusals[name], (name, refusals[name])
    read = [o.source for o in outcomes if isinstance(o, DeviceReport)]
    assert read == ["g-long-subject.json", "z-linux.json", "z-macos.json", "z-windows.json"]
