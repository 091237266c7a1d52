"""A scan in its own process: the child's protocol, and a parent that survives anything the child does.

Every test starts real child processes (``python -m auditor scan --stream``) on the recorded family laptop.
Misbehaving checks are installed as real plugins for the child: a package and its ``.dist-info`` folder written
into a temporary folder that the child finds through PYTHONPATH.
"""

from __future__ import annotations

import dataclasses
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from auditor import scan_process
from auditor.model import Status
from auditor.recorded import load_scenario
from auditor.registry import discover
from auditor.runner import Progress, run_scan
from auditor.scan_process import ScanOutcome, ScanProcess, ScanRequest, scan_command
from auditor.settings import Settings
from tests.support import FIXTURES

SCENARIO = FIXTURES / "scenarios" / "family-laptop.toml"
QUICK = 20.0  # seconds: generous for a loaded machine, never reached when things work


class Scan:
    """A ScanProcess with its progress and outcome collected for a test to look at."""

    def __init__(self, request: ScanRequest) -> None:
        self.progress: list[Progress] = []
        self.outcomes: list[ScanOutcome] = []
        self.started = threading.Event()
        self.process = ScanProcess(request, on_progress=self._progress, on_done=self.outcomes.append)

    def _progress(self, step: Progress) -> None:
        self.progress.append(step)
        if step.event == "started":
            self.started.set()

    def finish(self, timeout: float = QUICK) -> ScanOutcome:
        assert self.process.wait(timeout), "the scan did not finish in time"
        assert len(self.outcomes) == 1
        return self.outcomes[0]


@pytest.fixture
def scans() -> Iterator[Callable[..., Scan]]:
    """Start scans through this; every child is killed at the end, whatever the test did."""
    made: list[Scan] = []

    def start(request: ScanRequest | None = None, **fields: Any) -> Scan:
        scan = Scan(request or ScanRequest(recorded=SCENARIO, **fields))
        made.append(scan)
        scan.process.start()
        return scan

    yield start
    for scan in made:
        scan.process.cancel()
        scan.process.wait(QUICK)


def install_plugin(site: Path, name: str, source: str, check_ids: tuple[str, ...] = ()) -> None:
    """Install a real plugin distribution for the child: a module plus ``<name>-1.0.dist-info``."""
    site.mkdir(exist_ok=True)
    (site / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    points = "".join(f"{check_id} = {name}:CHECK\n" for check_id in check_ids or (name.replace("_", "-"),))
    (info / "entry_points.txt").write_text(f"[homeguard.checks]\n{points}", encoding="utf-8")


CHECK_TEMPLATE = """
from auditor.check import Check
from auditor.model import CheckSpec, Finding, Severity, Status

def probe(ctx):
{body}

CHECK = Check(CheckSpec(id="{check_id}", title="A plugin is fine", strategy="secure-devices",
                        severity=Severity.LOW, platforms=("linux",), why="Tests.", looks_at={{"linux": "x"}},
                        timeout={timeout}), {{"linux": probe}})
"""


def plugin_source(check_id: str, body: str, *, prelude: str = "", timeout: float = 10.0) -> str:
    """A plugin module with one check whose probe is ``body`` (its first line flush, the rest indented alike)."""
    first, _, rest = body.partition("\n")
    lines = textwrap.indent(first.strip() + "\n" + textwrap.dedent(rest), "    ")
    return textwrap.dedent(prelude) + CHECK_TEMPLATE.format(check_id=check_id, body=lines, timeout=timeout)


def plugin_request(site: Path, **fields) -> ScanRequest:
    return ScanRequest(recorded=SCENARIO, extra_env={"PYTHONPATH": str(site)}, **fields)


def wait_for(predicate, timeout: float = QUICK) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def gone(pids: list[int], timeout: float = 3.0) -> bool:
    procs = []
    for pid in pids:
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    return not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def without_durations(results):
    return [dataclasses.replace(r, duration=0.0) for r in results]


# -- the command line ---------------------------------------------------------------------------------------------
def test_the_command_is_this_python_in_streaming_mode_with_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = scan_command(ScanRequest(data_dir=Path("data"), safe_mode=True, recorded=Path("s.toml"), lock_minutes=7))
    assert argv[:5] == [sys.executable, "-m", "auditor", "scan", "--stream"]
    assert argv[5:] == ["--data-dir", str(tmp_path / "data"), "--safe-mode", "--recorded", str(tmp_path / "s.toml"),
                        "--lock-minutes", "7"]


# -- a normal scan ------------------------------------------------------------------------------------------------
def test_a_recorded_scan_gives_the_same_results_as_the_in_process_runner(scans):
    outcome = scans(lock_minutes=10).finish()
    assert outcome.error == "" and not outcome.cancelled and outcome.ignored == 0
    host = load_scenario(SCENARIO)
    registry = discover()
    expected = run_scan(registry.for_platform(host.platform), host, Settings(screen_lock_max_minutes=10),
                        failures=registry.failures)
    run = outcome.run
    assert run is not None and not run.cancelled and run.run_id is None
    assert without_durations(run.results) == without_durations(expected.results)
    assert (run.platform, run.hostname, run.os_name, run.app_version, run.safe_mode, run.user_is_admin) == (
        expected.platform, expected.hostname, expected.os_name, expected.app_version, expected.safe_mode,
        expected.user_is_admin)
    assert run.started_at <= run.finished_at


def test_progress_arrives_in_order_and_matches_the_results(scans):
    scan = scans()
    run = scan.finish().run
    assert run is not None
    total = len(run.results)
    finished = [p for p in scan.progress if p.event == "finished"]
    assert [p.done for p in finished] == list(range(1, total + 1))
    assert all(p.total == total for p in scan.progress)
    started_at = {p.check_id: i for i, p in enumerate(scan.progress) if p.event == "started"}
    for i, p in enumerate(scan.progress):
        if p.event == "finished" and p.check_id in started_at:
            assert started_at[p.check_id] < i
    assert {p.check_id: p.result for p in finished} == {r.check_id: r for r in run.results}
    assert not scan.process.running


def test_the_lock_minutes_setting_reaches_the_checks(scans):
    strict, relaxed = scans(lock_minutes=1).finish().run, scans(lock_minutes=240).finish().run
    assert strict is not None and relaxed is not None
    lock = {r.check_id: r.status for r in strict.results}["screen-lock"]
    assert lock != {r.check_id: r.status for r in relaxed.results}["screen-lock"]


def test_the_child_saves_nothing_to_the_history(scans, tmp_path):
    from auditor.store import Store

    data = tmp_path / "data"
    assert scans(data_dir=data).finish().run is not None
    store = Store(data)
    assert store.list_runs() == []
    store.close()


def test_odd_values_in_a_plugins_evidence_make_its_row_a_plain_error(scans, tmp_path):
    site = tmp_path / "site"
    body = """return Finding(Status.PASS, "Odd.", (Evidence(b"raw", 42),))"""
    install_plugin(site, "odd", plugin_source("odd", body, prelude="from auditor.model import Evidence"))
    outcome = scans(plugin_request(site)).finish()
    assert outcome.run is not None and outcome.ignored == 0
    row = {r.check_id: r for r in outcome.run.results}["odd"]
    assert row.status is Status.ERROR and "an item of its evidence holds bytes where text belongs" in row.summary


# -- cancel -------------------------------------------------------------------------------------------------------
def test_cancel_of_a_hanging_check_stops_the_child_and_everything_it_started_at_once(scans, tmp_path):
    site = tmp_path / "site"
    marker = tmp_path / "pids"
    body = f"""import os, subprocess
        same_group = subprocess.Popen(["sleep", "600"])
        own_session = subprocess.Popen(["sleep", "600"], start_new_session=True)
        open({str(marker)!r}, "w").write(f"{{os.getpid()}} {{same_group.pid}} {{own_session.pid}}")
        threading.Event().wait(600)"""
    install_plugin(site, "hang_probe", plugin_source("hang-probe", body, prelude="import threading", timeout=600))
    scan = scans(plugin_request(site))
    wait_for(marker.exists)
    wait_for(lambda: len(marker.read_text().split()) == 3)
    pids = [int(p) for p in marker.read_text().split()]
    assert pids[0] == scan.process.pid
    begun = time.monotonic()
    scan.process.cancel()
    outcome = scan.finish()
    assert time.monotonic() - begun < 3.0
    assert outcome.cancelled and outcome.error == ""
    assert outcome.run is not None and outcome.run.cancelled
    assert "hang-probe" not in [r.check_id for r in outcome.run.results]
    assert gone(pids)


def test_cancel_of_a_plugin_that_hangs_at_import_ends_a_child_that_never_spoke(scans, tmp_path):
    site = tmp_path / "site"
    marker = tmp_path / "importing"
    install_plugin(site, "hang_import", f"""
        import time
        open({str(marker)!r}, "w").write("here")
        time.sleep(600)
    """)
    scan = scans(plugin_request(site))
    wait_for(marker.exists)
    pid = scan.process.pid
    assert scan.process.running and scan.progress == []
    scan.process.cancel()
    outcome = scan.finish()
    assert outcome == ScanOutcome(None, cancelled=True)
    assert pid is not None and gone([pid])


# -- a child that misbehaves ---------------------------------------------------------------------------------------
def test_a_plugin_that_exits_the_interpreter_at_import_is_a_plain_error(scans, tmp_path):
    site = tmp_path / "site"
    install_plugin(site, "exit_import", """
        import os, sys
        sys.stderr.write("about to leave\\n")
        sys.stderr.flush()
        os._exit(3)
    """)
    outcome = scans(plugin_request(site)).finish()
    assert outcome.run is None and not outcome.cancelled
    assert outcome.error == ("The scan stopped unexpectedly before giving any results (exit code 3). "
                             "Details: about to leave")


def test_a_check_that_crashes_the_interpreter_is_a_plain_error(scans, tmp_path):
    site = tmp_path / "site"
    install_plugin(site, "crash_probe", plugin_source("crash-probe", "ctypes.string_at(0)", prelude="import ctypes"))
    outcome = scans(plugin_request(site)).finish()
    assert outcome.run is None
    assert outcome.error.startswith("The scan stopped unexpectedly (the system ended it: SIGSEGV).")


def test_a_plugin_that_prints_cannot_disturb_the_results(scans, tmp_path):
    site = tmp_path / "site"
    body = """print("noise from a probe", flush=True)
        sys.stdout.write('{"type": "run", "run": {}}\\n')
        sys.__stdout__.write("more noise\\n")
        return Finding(Status.PASS, "Printed and passed.")"""
    install_plugin(site, "noisy", plugin_source("noisy", body, prelude='import sys\nprint("noise at import")'))
    outcome = scans(plugin_request(site)).finish()
    assert outcome.error == "" and outcome.ignored == 0
    assert outcome.run is not None
    statuses = {r.check_id: r.status for r in outcome.run.results}
    assert statuses["noisy"] is Status.PASS and "os-updates" in statuses


def test_a_program_a_check_starts_that_writes_to_standard_output_cannot_disturb_it(scans, tmp_path):
    site = tmp_path / "site"
    body = """subprocess.run([sys.executable, "-c", "print('garbage from a child program')"], check=True)
        os.write(1, b"raw garbage on descriptor 1\\n")
        return Finding(Status.PASS, "Wrote and passed.")"""
    install_plugin(site, "fd_writer", plugin_source("fd-writer", body, prelude="import os, subprocess, sys"))
    scan = scans(plugin_request(site))
    outcome = scan.finish()
    assert outcome.error == "" and outcome.ignored == 0
    assert outcome.run is not None
    assert {r.check_id: r.status for r in outcome.run.results}["fd-writer"] is Status.PASS


def test_a_plugin_that_fails_to_load_is_an_error_row_and_the_others_still_run(scans, tmp_path):
    site = tmp_path / "site"
    install_plugin(site, "broken", "raise ImportError('missing piece')")
    outcome = scans(plugin_request(site)).finish()
    assert outcome.run is not None
    row = {r.check_id: r for r in outcome.run.results}["broken"]
    assert row.status is Status.ERROR and "missing piece" in row.summary


def test_safe_mode_leaves_plugins_out(scans, tmp_path):
    site = tmp_path / "site"
    install_plugin(site, "exit_import", "import os\nos._exit(3)\n")
    outcome = scans(plugin_request(site, safe_mode=True)).finish()
    assert outcome.error == ""
    assert outcome.run is not None and outcome.run.safe_mode


# -- a child that speaks nonsense (a stand-in program instead of Homeguard) ----------------------------------------
def fake_child(monkeypatch, script: str) -> None:
    monkeypatch.setattr(scan_process, "scan_command", lambda request: [sys.executable, "-c", textwrap.dedent(script)])


HELLO = ('{"type":"hello","protocol":1,"platform":"linux","hostname":"h","os_name":"o","app_version":"v",'
         '"safe_mode":false,"user_is_admin":false,"started_at":1.0,"total":2,"checks":["a","b"]}')
GOOD = ('{"check_id":"a","title":"A","strategy":"secure-devices","severity":"low","status":"pass",'
        '"summary":"Fine.","duration":0.5}')
BAD = '{"check_id":"b","title":"B","strategy":"secure-devices","severity":"dreadful","status":"pass","summary":"."}'


def test_garbage_oversized_lines_and_bad_results_are_left_out_and_counted(scans, monkeypatch):
    fake_child(monkeypatch, f"""
        import sys
        out = sys.stdout
        out.write("not json at all\\n[1, 2]\\n")
        out.write('{HELLO}\\n')
        out.write("x" * (9 * 1024 * 1024) + "\\n")
        out.write('{{"type":"finished","check_id":"a","done":1,"total":2,"result":{GOOD}}}\\n')
        out.write('{{"type":"finished","check_id":"b","done":"two","total":2,"result":{BAD}}}\\n')
        out.write('{{"type":"run","run":{{"results":[{GOOD},{BAD}],"started_at":1.0,"finished_at":2.0,'
                  '"platform":"linux","hostname":"h","os_name":"o","app_version":"v"}}}}\\n')
    """)
    scan = scans()
    outcome = scan.finish()
    assert outcome.error == ""
    assert outcome.ignored == 5  # two stray lines, the oversized one, the bad progress, the bad result in the run
    assert outcome.run is not None and [r.check_id for r in outcome.run.results] == ["a"]
    assert outcome.run.results[0].duration == 0.5
    assert [(p.event, p.check_id) for p in scan.progress] == [("finished", "a")]


def test_a_child_that_never_speaks_the_protocol_is_a_plain_error(scans, monkeypatch):
    fake_child(monkeypatch, 'print("hello, I am not Homeguard")')
    outcome = scans().finish()
    assert outcome.run is None
    assert outcome.error == ("The scan stopped unexpectedly before giving any results. "
                             "Details: It wrote 1 line Homeguard could not read.")


def test_a_child_that_stops_half_way_is_a_plain_error_with_its_last_words(scans, monkeypatch):
    fake_child(monkeypatch, f"""
        import sys
        print('{HELLO}', flush=True)
        sys.exit("something broke")
    """)
    outcome = scans().finish()
    assert outcome.run is None
    assert outcome.error == "The scan stopped unexpectedly (exit code 1). Details: something broke"


def test_the_error_is_one_sentence_first_and_the_childs_traceback_after_it(scans, monkeypatch):
    fake_child(monkeypatch, f"""
        print('{HELLO}', flush=True)
        raise ValueError("the probe broke")
    """)
    outcome = scans().finish()
    sentence, details = outcome.error.split(" Details: ", 1)
    assert sentence == "The scan stopped unexpectedly (exit code 1)."
    lines = details.split("\n")
    assert lines[0] == "ValueError: the probe broke"  # the error itself first, then the traceback that led to it
    assert lines[1:] == ["Traceback (most recent call last):", '  File "<string>", line 3, in <module>']


def test_the_childs_last_words_start_with_its_error_and_never_with_a_fragment_of_a_line():
    tail = ["           ^^^^^^", '  File "cli.py", line 139, in main', "    return _stream(args)", "",
            "FileNotFoundError: no such file"]
    assert scan_process.last_words(tail, cut=True) == ["FileNotFoundError: no such file",
                                                       '  File "cli.py", line 139, in main', "    return _stream(args)"]
    assert scan_process.last_words(tail, cut=False)[1] == "           ^^^^^^"  # nothing was cut: all of it
    assert scan_process.last_words([" ", ""], cut=False) == []
    assert scan_process.with_details("It stopped.", []) == "It stopped."


def test_another_protocol_version_is_refused(scans, monkeypatch):
    fake_child(monkeypatch, f"""
        import time
        print('{HELLO.replace('"protocol":1', '"protocol":2')}', flush=True)
        time.sleep(600)
    """)
    outcome = scans().finish()
    assert outcome.run is None and "different version" in outcome.error


def test_a_child_that_lingers_after_its_last_message_is_ended(scans, monkeypatch):
    monkeypatch.setattr(scan_process, "EXIT_GRACE_SECONDS", 0.2)
    fake_child(monkeypatch, f"""
        import time
        print('{HELLO}', flush=True)
        print('{{"type":"run","run":{{"results":[{GOOD}],"started_at":1.0,"finished_at":2.0,"platform":"linux",'
              '"hostname":"h","os_name":"o","app_version":"v"}}}}', flush=True)
        time.sleep(600)
    """)
    scan = scans()
    outcome = scan.finish()
    assert outcome.run is not None and outcome.error == ""
    assert scan.process.pid is not None and gone([scan.process.pid])


def test_a_program_that_cannot_start_is_a_plain_error(scans, monkeypatch):
    monkeypatch.setattr(scan_process, "scan_command", lambda request: ["/nonexistent/homeguard"])
    outcome = scans().finish()
    assert outcome.run is None and outcome.error.startswith("The scan could not be started")


def test_broken_callbacks_do_not_stop_the_reading():
    calls = []

    def bad_progress(step):
        raise RuntimeError("listener bug")

    def bad_done(outcome):
        calls.append(outcome)
        raise RuntimeError("listener bug")

    process = ScanProcess(ScanRequest(recorded=SCENARIO), on_progress=bad_progress, on_done=bad_done)
    process.start()
    try:
        assert process.wait(QUICK)
    finally:
        process.cancel()
    assert len(calls) == 1 and calls[0].run is not None
