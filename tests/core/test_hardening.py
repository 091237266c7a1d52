"""Issue 10, items 1 to 6: a careless or hostile setting, plugin or file never breaks a scan or its verdict.

Plugins are installed as real distributions (a module and its ``.dist-info``) into a temporary folder on sys.path,
as in test_registry.py; the tests that need the real program (what reaches standard output, a stuck import at
exit) run ``python -m auditor`` or ``python main.py`` in a subprocess that finds them through PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from auditor import cli, contract
from auditor.check import Check
from auditor.contract import BrokenContract, checked_finding, effective_timeout
from auditor.model import CheckSpec, Evidence, Finding, Origin, Severity, Status
from auditor.recorded import load_scenario
from auditor.registry import LoadFailure, discover
from auditor.runner import run_scan
from auditor.store import DB_NAME, Store
from tests.support import FIXTURES

SCENARIO = str(FIXTURES / "scenarios" / "family-laptop.toml")
ROOT = Path(__file__).resolve().parents[2]
WALL = 60.0  # seconds: a subprocess that has not ended by then is stuck


# -- installing plugins -------------------------------------------------------------------------------------------
PLUGIN = '''
from auditor.check import Check
from auditor.model import CheckSpec, Evidence, Finding, Severity, Status
{prelude}

def probe(ctx):
    {body}

CHECK = Check(CheckSpec(id="{check_id}", title={title}, strategy="secure-devices", severity=Severity.HIGH,
                        platforms=("linux",), why="Tests.", looks_at={{"linux": "x"}}, timeout={timeout}),
              {{"linux": probe}})
'''


def plugin_code(check_id: str, body: str, *, prelude: str = "", title: str = '"A plugin check"',
                timeout: float = 5.0) -> str:
    return PLUGIN.format(check_id=check_id, body=body, prelude=textwrap.dedent(prelude), title=title,
                         timeout=timeout)


def install(site: Path, module: str, code: str, check_ids: tuple[str, ...]) -> None:
    """A real plugin distribution ``<module>`` with one entry point per id, all pointing at ``<module>:CHECK``."""
    site.mkdir(exist_ok=True)
    (site / f"{module}.py").write_text(code, encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
    points = "".join(f"{check_id} = {module}:CHECK\n" for check_id in check_ids)
    (info / "entry_points.txt").write_text(f"[homeguard.checks]\n{points}", encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path for plugins; their modules are forgotten afterwards."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    for name in [m for m in sys.modules if m.startswith("hgplug_")]:
        del sys.modules[name]


def run_program(args: list[str], site: Path | None = None, home: Path | None = None,
                timeout: float = WALL) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(site or ""), str(ROOT)) if p)}
    if home is not None:
        env["HOMEGUARD_HOME"] = str(home)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def scan_json(capsys, *extra: str) -> tuple[int, dict, str]:
    code = cli.main(["scan", "--recorded", SCENARIO, "--json", *extra])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


# -- 1. data folder problems --------------------------------------------------------------------------------------
@pytest.fixture
def read_only_history(monkeypatch):
    """Every history opened from now on refuses writes as a read-only file does (SQLITE_READONLY). Tests run as
    root here, where file modes do not stop a write, so the refusal is SQLite's own ``query_only``."""
    opened = Store._connect_and_migrate

    def read_only(self: Store) -> sqlite3.Connection:
        conn = opened(self)
        conn.execute("PRAGMA query_only = ON")
        return conn

    monkeypatch.setattr(Store, "_connect_and_migrate", read_only)


@pytest.mark.parametrize("output", ["--json", "--evidence"])
def test_a_read_only_history_still_prints_the_report_and_says_it_was_not_saved(read_only_history, capsys, output):
    code = cli.main(["scan", "--recorded", SCENARIO, output])
    captured = capsys.readouterr()
    assert code == 0
    if output == "--json":
        report = json.loads(captured.out)
        assert report["scan"]["run_id"] is None and report["results"]
    else:
        assert captured.out.startswith("Homeguard report for family-laptop")
        assert "Saved to the history" not in captured.out
    assert "not saved to the history: the history file or its folder is read-only" in captured.err
    assert DB_NAME in captured.err and "Traceback" not in captured.err
    assert captured.err.count("\n") == 1  # one calm line


def test_a_read_only_history_keeps_the_fail_under_exit_code(read_only_history, capsys):
    assert cli.main(["scan", "--recorded", SCENARIO, "--fail-under", "100", "--lock-minutes", "10"]) == 1
    assert "not remembered" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not stop root")
@pytest.mark.parametrize("with_history", [True, False])
def test_a_read_only_data_folder_and_file_for_real(tmp_path, capsys, with_history):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    if with_history:
        Store(home).close()
        (home / DB_NAME).chmod(0o400)
    home.chmod(0o500)
    try:
        code, report, err = scan_json(capsys, "--data-dir", str(home))
    finally:
        home.chmod(0o700)
    assert code == 0 and report["results"]
    assert "not saved to the history" in err


def test_a_read_only_data_folder_without_a_history_yet_still_gives_the_report(tmp_path, monkeypatch, capsys):
    """SQLite cannot create the file (SQLITE_CANTOPEN, as in a folder that cannot be written): the scan runs on an
    empty history that refuses writes, prints its report and says it was not saved."""
    real_connect = sqlite3.connect

    def connect(where, *args, **kwargs):
        if where == ":memory:":
            return real_connect(where, *args, **kwargs)
        return real_connect(str(tmp_path / "no-such-folder" / DB_NAME), *args, **kwargs)

    monkeypatch.setattr("auditor.store.sqlite3.connect", connect)
    code, report, err = scan_json(capsys, "--fail-under", "0")
    assert code == 0 and report["results"] and report["scan"]["run_id"] is None
    assert "not saved to the history: the history file or its folder is read-only" in err
    assert cli.main(["history"]) == 0
    assert "No scans yet" in capsys.readouterr().out
    assert cli.main(["people", "add", "Sam", "--age", "13-17"]) == cli.EXIT_STORE
    err = capsys.readouterr().err
    assert err.startswith("homeguard: the history could not be written: the history file or its folder is read-only")
    assert "Traceback" not in err


@pytest.mark.parametrize("where", ["file", "under-a-file"])
def test_a_data_folder_that_is_a_file_is_a_plain_message_and_exit_3(tmp_path, capsys, where):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    folder = blocker if where == "file" else blocker / "homeguard"
    assert cli.main(["--data-dir", str(folder), "scan", "--recorded", SCENARIO]) == cli.EXIT_STORE
    err = capsys.readouterr().err
    assert str(folder) in err and "could not be used" in err
    assert ("file with that name" if where == "file" else "part of that path is a file") in err


def test_homeguard_home_at_a_file_needs_no_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_program(["-m", "auditor", "history"], home=blocker)
    assert done.returncode == 3
    assert done.stderr.strip() == (f"homeguard: The data folder {blocker} could not be used: there is a file with "
                                   "that name, and a folder is needed there. Choose another one with --data-dir "
                                   "or the HOMEGUARD_HOME setting.")


def test_the_readme_says_what_exit_code_3_means():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "3 the data folder or its history file could not be used" in readme


# -- 2. a plugin that claims a built-in id ------------------------------------------------------------------------
def test_a_plugin_claiming_a_builtin_id_is_refused_by_name_and_counted_nowhere(site, capsys):
    _, alone, _ = scan_json(capsys, "--no-save")
    install(site, "hgplug_impostor", plugin_code("os-updates", 'return Finding(Status.PASS, "All good.")'),
            ("os-updates",))
    code, report, _ = scan_json(capsys)
    assert code == 0
    ids = [r["check_id"] for r in report["results"]]
    assert len(ids) == len(set(ids))
    assert ids.count("os-updates") == 1
    builtin = next(r for r in report["results"] if r["check_id"] == "os-updates")
    assert builtin["origin"]["builtin"]
    refusal = next(r for r in report["results"] if r["check_id"] == "plugin:hgplug_impostor")
    assert refusal["status"] == "error" and "already used by homeguard" in refusal["summary"]
    numbers = ("score", "coverage", "lowest", "highest")
    assert [report["score"][k] for k in numbers] == [alone["score"][k] for k in numbers]
    assert report["score"]["counts"] == {**alone["score"]["counts"], "error": 1}
    assert "hgplug_impostor" not in sys.modules  # refused without running its code

    assert cli.main(["report"]) == 0
    text = capsys.readouterr().out
    title = builtin["title"]
    assert text.count(title) == 1
    saved = Store().load_run(report["scan"]["run_id"])
    assert saved is not None
    assert [r.check_id for r in saved.results].count("os-updates") == 1


def test_two_plugins_with_one_id_keep_one_row_each(site):
    install(site, "hgplug_first", plugin_code("webcam-cover", 'return Finding(Status.PASS, "Covered.")'),
            ("webcam-cover",))
    install(site, "hgplug_second", plugin_code("webcam-cover", 'return Finding(Status.FAIL, "Open.")'),
            ("webcam-cover",))
    registry = discover()
    assert [c.id for c, _ in registry.checks].count("webcam-cover") == 1
    refused = next(f for f in registry.failures if f.origin.distribution == "hgplug_second")
    assert refused.name == "plugin:hgplug_second" and "already used by hgplug_first" in refused.message


def test_the_runner_itself_never_keeps_one_id_twice():
    released = threading.Event()
    released.set()
    check = _blocking_check("same-id", timeout=5, release=released)
    plugin = Origin("someone", "1.0", builtin=False)
    run = run_scan([(check, Origin("homeguard", "1")), (check, plugin)], load_scenario(SCENARIO),
                   failures=[LoadFailure("same-id", plugin, "broken")])
    ids = [r.check_id for r in run.results]
    assert len(ids) == len(set(ids)) == 3
    assert ids[0] == "same-id"


# -- 3. findings of the wrong kind --------------------------------------------------------------------------------
BAD_FINDINGS = {
    "status-text": ('return Finding("pass", "Fine.")', "its status is a text"),
    "evidence-text": ('return Finding(Status.PASS, "Fine.", "looked everywhere")', "its evidence is a text"),
    "summary-number": ("return Finding(Status.FAIL, 42)", "its summary is a number"),
    "summary-empty": ('return Finding(Status.FAIL, "  ")', "its summary is empty"),
    "evidence-numbers": ('return Finding(Status.PASS, "Fine.", (Evidence(1, None),))', "an item of its evidence"),
    "evidence-bytes": ('return Finding(Status.PASS, "Fine.", [Evidence("f", b"x")])', "an item of its evidence"),
    "not-a-finding": ('return {"status": "pass"}', "it gave back a mapping instead of a finding"),
}


def install_bad_plugins(site: Path) -> None:
    for check_id, (body, _) in BAD_FINDINGS.items():
        install(site, "hgplug_" + check_id.replace("-", "_"), plugin_code(check_id, body), (check_id,))
    install(site, "hgplug_no_title", plugin_code("no-title", 'return Finding(Status.PASS, "Fine.")', title="None"),
            ("no-title",))
    extra = """
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Extra(Finding):
        secret: object = None
    """
    install(site, "hgplug_extra", plugin_code(
        "extra-fields", 'return Extra(Status.PASS, "Huge " + "x" * 5_000_000, tuple(Evidence("e", "y" * 100_000) '
                        "for _ in range(500)), secret=object())", prelude=extra), ("extra-fields",))


def test_findings_of_the_wrong_kind_become_error_rows_and_every_other_check_still_runs(site, capsys, tmp_path):
    _, alone, _ = scan_json(capsys, "--no-save")
    install_bad_plugins(site)
    code, report, _ = scan_json(capsys)
    assert code == 0
    rows = {r["check_id"]: r for r in report["results"]}
    for check_id, (_, reason) in BAD_FINDINGS.items():
        assert rows[check_id]["status"] == "error", check_id
        assert "answer Homeguard cannot use" in rows[check_id]["summary"] and reason in rows[check_id]["summary"]
        assert f"from the package hgplug_{check_id.replace('-', '_')} 1.0" in rows[check_id]["summary"]
    refused = rows["no-title"]
    assert refused["status"] == "error" and "its title is empty, not text" in refused["summary"]
    extra = rows["extra-fields"]
    assert extra["status"] == "pass"
    assert len(extra["summary"]) == contract.SUMMARY_CHARS and extra["summary"].endswith("\u2026")
    assert len(extra["evidence"]) == contract.EVIDENCE_ITEMS + 1
    assert all(len(e["seen"]) <= contract.SEEN_CHARS for e in extra["evidence"])
    assert "secret" not in json.dumps(extra)
    for row in alone["results"]:  # every built-in ran as before
        assert rows[row["check_id"]]["status"] == row["status"]

    assert cli.main(["report"]) == 0
    assert cli.main(["report", "--html", str(tmp_path / "r.html")]) == 0
    assert cli.main(["scan", "--recorded", SCENARIO]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_huge_exception_message_is_cut_to_a_summarys_length(site):
    def probe(ctx):
        raise RuntimeError("why " * 2_000_000)

    spec = CheckSpec(id="loud-crash", title="Crashes", strategy="secure-devices", severity=Severity.LOW,
                     platforms=("linux",), why="Tests.", looks_at={"linux": "x"})
    (row,) = run_scan([(Check(spec, {"linux": probe}), Origin("p", "1", builtin=False))],
                      load_scenario(SCENARIO)).results
    assert row.status is Status.ERROR and len(row.summary) <= contract.SUMMARY_CHARS
    assert all(len(e.seen) <= contract.SEEN_CHARS for e in row.evidence)
    install(site, "hgplug_loud_import", "raise ImportError('no ' * 1_000_000)\n", ("loud-import",))
    failure = next(f for f in discover().failures if f.name == "loud-import")
    assert len(failure.to_result().summary) < 700


def test_checked_finding_keeps_a_good_finding_and_a_str_subclass_becomes_plain_text():
    good = Finding(Status.PARTIAL, "Half way.", (Evidence("a", "b"),), "gnome")
    assert checked_finding(good) == good
    assert type(checked_finding(Finding(Status.PASS, Status.PASS)).summary) is str
    with pytest.raises(BrokenContract, match="its desktop is a number"):
        checked_finding(Finding(Status.PASS, "Fine.", (), 3))


def test_a_bad_row_left_by_an_older_version_does_not_break_report(tmp_path, capsys):
    assert cli.main(["scan", "--recorded", SCENARIO]) == 0
    capsys.readouterr()
    store = Store()
    with store.transaction() as conn:
        data = json.loads(conn.execute("SELECT data FROM results WHERE position = 0").fetchone()[0])
        conn.execute("UPDATE results SET data = ? WHERE position = 0", (json.dumps({**data, "summary": 42}),))
        data = json.loads(conn.execute("SELECT data FROM results WHERE position = 1").fetchone()[0])
        bad_evidence = {**data, "evidence": [{"looked_at": "x", "seen": 7}]}
        conn.execute("UPDATE results SET data = ? WHERE position = 1", (json.dumps(bad_evidence),))
    run = store.load_run(1)
    store.close()
    assert run is not None and data["check_id"] not in [r.check_id for r in run.results]
    assert cli.main(["report"]) == 0
    assert cli.main(["report", "--json"]) == 0
    assert cli.main(["report", "--html", str(tmp_path / "r.html")]) == 0
    assert cli.main(["history"]) == 0


# -- 4. a noisy plugin and `scan --json` --------------------------------------------------------------------------
def test_a_noisy_plugin_never_reaches_the_json_report(tmp_path):
    site = tmp_path / "site"
    body = ('print("noise from the check"); sys.stdout.write("more noise"); os.write(1, b"raw noise\\n"); '
            'return Finding(Status.PASS, "Quiet enough.")')
    install(site, "hgplug_noisy", plugin_code("noisy", body, prelude='import os, sys\nprint("noise at import")'),
            ("noisy",))
    done = run_program(["-m", "auditor", "scan", "--json", "--recorded", SCENARIO], site, tmp_path / "home")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert next(r for r in report["results"] if r["check_id"] == "noisy")["status"] == "pass"
    for noise in ("noise at import", "noise from the check", "more noise", "raw noise"):
        assert noise in done.stderr and noise not in done.stdout


def test_the_text_report_stays_on_standard_output(tmp_path, capsys):
    assert cli.main(["scan", "--recorded", SCENARIO]) == 0
    assert capsys.readouterr().out.startswith("Homeguard report")


# -- 5. deadlines a plugin cannot stretch -------------------------------------------------------------------------
def _blocking_check(check_id: str, timeout: float, release: threading.Event | None = None) -> Check:
    gate = release or threading.Event()

    def probe(ctx):
        gate.wait(60)
        return Finding(Status.PASS, "Finally.")

    spec = CheckSpec(id=check_id, title="Slow", strategy="secure-devices", severity=Severity.LOW,
                     platforms=("linux",), why="Tests.", looks_at={"linux": "x"}, timeout=timeout)
    return Check(spec, {"linux": probe})


def test_a_checks_own_timeout_is_capped(monkeypatch):
    monkeypatch.setattr(contract, "MAX_CHECK_TIMEOUT", 0.3)
    release = threading.Event()
    check = _blocking_check("asks-for-an-hour", 3600, release)
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(run_scan([(check, Origin("p", "1", builtin=False))],
                                                                       load_scenario(SCENARIO))), daemon=True)
    worker.start()
    worker.join(10)
    release.set()
    assert outcome, "the scan waited for the check's own hour"
    (row,) = outcome[0].results
    assert row.status is Status.ERROR and "within 0.3 seconds" in row.summary


def test_the_maximum_timeout_is_thirty_seconds_and_odd_values_get_it():
    assert contract.MAX_CHECK_TIMEOUT == 30.0
    for declared, expected in ((5, 5.0), (3600, 30.0), (float("inf"), 30.0), (float("nan"), 30.0)):
        check = _blocking_check("t", 1)
        spec = CheckSpec(**{**check.spec.__dict__, "timeout": declared})
        assert effective_timeout(spec) == expected


def test_a_plugin_import_that_hangs_is_refused_after_its_deadline(site):
    install(site, "hgplug_hang", "import threading\nthreading.Event().wait()\n", ("hang-import",))
    install(site, "hgplug_fine", plugin_code("fine", 'return Finding(Status.PASS, "Fine.")'), ("fine",))
    started = time.monotonic()
    registry = discover(import_timeout=0.5)
    assert time.monotonic() - started < 5
    failure = next(f for f in registry.failures if f.name == "hang-import")
    assert "took longer than 0.5 seconds to load" in failure.message
    assert "fine" in [c.id for c, _ in registry.checks]


def test_a_plugin_that_exits_at_import_is_a_failure_row_not_the_end(site):
    install(site, "hgplug_exit", "import sys\nsys.exit(4)\n", ("exit-import",))
    failure = next(f for f in discover().failures if f.name == "exit-import")
    assert "SystemExit" in failure.message


@pytest.mark.parametrize("program", [["main.py"], ["-m", "auditor"]])
def test_a_terminal_scan_ends_in_time_though_a_plugin_never_finishes_importing(tmp_path, program):
    site = tmp_path / "site"
    install(site, "hgplug_forever", "import time\nwhile True:\n    time.sleep(1000)\n", ("forever",))
    started = time.monotonic()
    done = run_program([*program, "scan", "--json", "--recorded", SCENARIO], site, tmp_path / "home")
    assert time.monotonic() - started < WALL
    assert done.returncode == 0, done.stderr
    row = next(r for r in json.loads(done.stdout)["results"] if r["check_id"] == "forever")
    assert row["status"] == "error" and "took longer than 10 seconds to load" in row["summary"]


# -- 6. huge report files -----------------------------------------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_report_file_dev_zero_is_refused_at_once(capsys):
    started = time.monotonic()
    assert cli.main(["report", "--file", "/dev/zero"]) == cli.EXIT_USAGE
    assert time.monotonic() - started < 5
    assert "zero is not a regular file" in capsys.readouterr().err


def test_a_huge_report_file_is_refused_by_its_size(tmp_path, capsys):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: 25 MB that take no room
    assert cli.main(["report", "--file", str(huge)]) == cli.EXIT_USAGE
    assert "huge.json is larger than 20 MB" in capsys.readouterr().err
