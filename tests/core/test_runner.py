"""The runner: checks side by side, each with its own deadline; nothing a check does can stop the scan."""

import threading
import time

from auditor.check import Check
from auditor.host import AccessDenied, CommandOutcome
from auditor.model import CheckSpec, Finding, Origin, Severity, Status
from auditor.recorded import RecordedHost
from auditor.registry import LoadFailure
from auditor.runner import run_scan
from checks.local.credential_store import CHECK as CREDENTIAL_STORE

ORIGIN = Origin("homeguard", "test")


def make_check(check_id, probe, *, timeout=5.0, platforms=("linux",), severity=Severity.MEDIUM):
    spec = CheckSpec(
        id=check_id, title=f"{check_id} is fine", strategy="secure-devices", severity=severity,
        platforms=platforms, why="Because.", looks_at={p: "something" for p in platforms}, timeout=timeout,
    )
    return Check(spec, {p: probe for p in platforms}), ORIGIN


def passing(ctx):
    return Finding(Status.PASS, "All good.")


def test_checks_really_run_side_by_side():
    barrier = threading.Barrier(4, timeout=5)

    def meet(ctx):
        barrier.wait()  # only returns when all four are running at once
        return Finding(Status.PASS, "Met the others.")

    checks = [make_check(f"side-{i}", meet) for i in range(4)]
    run = run_scan(checks, RecordedHost())
    assert [r.status for r in run.results] == [Status.PASS] * 4


def test_a_check_that_raises_becomes_an_error_row_and_the_scan_finishes():
    def boom(ctx):
        raise ValueError("parser met something new")

    run = run_scan([make_check("boom", boom), make_check("fine", passing)], RecordedHost())
    by_id = {r.check_id: r for r in run.results}
    assert by_id["boom"].status is Status.ERROR
    assert "ValueError: parser met something new" in by_id["boom"].summary
    assert "boom" in by_id["boom"].evidence[0].seen  # the traceback names the probe
    assert by_id["fine"].status is Status.PASS


def test_a_check_that_hangs_is_stopped_at_its_deadline():
    never = threading.Event()

    def hang(ctx):
        never.wait(30)
        return Finding(Status.PASS, "Too late.")

    started = time.monotonic()
    run = run_scan([make_check("hang", hang, timeout=0.3), make_check("fine", passing)], RecordedHost())
    elapsed = time.monotonic() - started
    never.set()
    by_id = {r.check_id: r for r in run.results}
    assert by_id["hang"].status is Status.ERROR
    assert "did not finish within 0.3 seconds" in by_id["hang"].summary
    assert by_id["fine"].status is Status.PASS
    assert elapsed < 5


def test_a_hung_check_frees_its_place_for_the_next_one():
    never = threading.Event()

    def hang(ctx):
        never.wait(30)
        return Finding(Status.PASS, "Too late.")

    checks = [make_check("hang", hang, timeout=0.2), make_check("after", passing)]
    run = run_scan(checks, RecordedHost(), max_workers=1)
    never.set()
    assert {r.check_id: r.status for r in run.results} == {"hang": Status.ERROR, "after": Status.PASS}


def test_commands_are_limited_to_the_checks_deadline():
    seen = {}

    def ask(ctx):
        seen["result"] = ctx.host.run(["slow-tool"], timeout=60)
        return Finding(Status.UNKNOWN, "Could not tell: " + seen["result"].problem())

    host = RecordedHost().add_command(["slow-tool"], "late", delay=30)
    run = run_scan([make_check("ask", ask, timeout=0.5)], host)
    assert seen["result"].outcome is CommandOutcome.TIMEOUT
    assert run.results[0].status is Status.UNKNOWN


def test_permission_refused_is_unknown_with_the_reason():
    def denied(ctx):
        ctx.host.read_text("/etc/secret.conf")
        return Finding(Status.PASS, "Unreachable.")

    host = RecordedHost().deny("/etc/secret.conf")
    result = run_scan([make_check("denied", denied)], host).results[0]
    assert result.status is Status.UNKNOWN
    assert "not allowed to read /etc/secret.conf" in result.summary


def test_access_denied_raised_directly_is_unknown():
    def denied(ctx):
        raise AccessDenied("the firewall rules", "only root may read them")

    result = run_scan([make_check("denied", denied)], RecordedHost()).results[0]
    assert result.status is Status.UNKNOWN
    assert "only root may read them" in result.summary


def test_a_check_returning_nonsense_is_an_error():
    result = run_scan([make_check("odd", lambda ctx: "yes")], RecordedHost()).results[0]
    assert result.status is Status.ERROR


def test_real_check_with_missing_command_is_unknown():
    host = RecordedHost(env={"XDG_CURRENT_DESKTOP": "GNOME"})
    result = run_scan([(CREDENTIAL_STORE, ORIGIN)], host).results[0]
    assert result.status is Status.UNKNOWN
    assert "not installed" in result.summary


def test_real_check_with_non_utf8_output_is_unknown_not_a_crash():
    host = RecordedHost(env={"XDG_CURRENT_DESKTOP": "GNOME"}).add_command(
        ["python3", "-m", "keyring", "--list-backends"], b"\xff\xfe\x00garbage \xc3\x28\n"
    )
    result = run_scan([(CREDENTIAL_STORE, ORIGIN)], host).results[0]
    assert result.status is Status.UNKNOWN
    assert "no backends" in result.summary


def test_real_check_with_very_large_output_is_unknown_with_the_reason():
    host = RecordedHost(env={"XDG_CURRENT_DESKTOP": "GNOME"}).add_command(
        ["python3", "-m", "keyring", "--list-backends"], b"keyring.backends.fail.Keyring (priority: 0)\n" * 200_000
    )
    result = run_scan([(CREDENTIAL_STORE, ORIGIN)], host).results[0]
    assert result.status is Status.UNKNOWN
    assert "more output than Homeguard reads" in result.summary


def test_fix_is_attached_only_when_something_needs_doing():
    def failing(ctx):
        return Finding(Status.FAIL, "Not fine.")

    checks = [make_check("ok", passing), make_check("bad", failing)]
    results = {r.check_id: r for r in run_scan(checks, RecordedHost()).results}
    assert results["ok"].fix is None
    assert results["bad"].fix is None or results["bad"].fix.steps  # spec without fixes gives None


def test_progress_reports_every_check_and_a_broken_listener_is_ignored():
    events = []

    def listen(progress):
        events.append((progress.event, progress.check_id, progress.done, progress.total))
        raise RuntimeError("listener bug")

    checks = [make_check("a", passing), make_check("b", passing)]
    run = run_scan(checks, RecordedHost(), on_progress=listen)
    assert len(run.results) == 2
    finished = [e for e in events if e[0] == "finished"]
    assert sorted(e[1] for e in finished) == ["a", "b"]
    assert finished[-1][2:] == (2, 2)
    assert sum(1 for e in events if e[0] == "started") == 2


def test_only_checks_for_this_platform_run():
    checks = [make_check("linux-only", passing), make_check("mac-only", passing, platforms=("macos",))]
    run = run_scan(checks, RecordedHost("linux"))
    assert [r.check_id for r in run.results] == ["linux-only"]


def test_load_failures_are_error_rows_in_the_scan():
    failure = LoadFailure("broken-plugin", Origin("homeguard-extra", "1.2", "", False), "ImportError: nope")
    run = run_scan([make_check("a", passing)], RecordedHost(), failures=[failure])
    broken = next(r for r in run.results if r.check_id == "broken-plugin")
    assert broken.status is Status.ERROR
    assert "homeguard-extra 1.2" in broken.summary


def test_cancel_stops_starting_new_checks():
    cancel = threading.Event()
    release = threading.Event()

    def first(ctx):
        cancel.set()
        release.wait(5)
        return Finding(Status.PASS, "First.")

    checks = [make_check("first", first), make_check("second", passing)]
    run = run_scan(checks, RecordedHost(), cancel=cancel, max_workers=1)
    release.set()
    assert run.cancelled
    assert "second" not in [r.check_id for r in run.results]


def test_the_scan_records_where_and_when():
    run = run_scan([make_check("a", passing)], RecordedHost(hostname="family-pc", os_name="Ubuntu 24.04 LTS"))
    assert (run.hostname, run.os_name, run.platform) == ("family-pc", "Ubuntu 24.04 LTS", "linux")
    assert run.finished_at >= run.started_at
    assert run.results[0].origin == ORIGIN


def test_checks_allowed_longest_start_first_and_results_keep_their_order():
    """A scan ends with its slowest check, so the checks that may wait longest on a program start first."""
    started = []
    checks = [make_check("quick", passing, timeout=2), make_check("slow", passing, timeout=30),
              make_check("middle", passing, timeout=10)]
    run = run_scan(checks, RecordedHost(), max_workers=1,
                   on_progress=lambda p: started.append(p.check_id) if p.event == "started" else None)
    assert started == ["slow", "middle", "quick"]
    assert [r.check_id for r in run.results] == ["quick", "slow", "middle"]


def test_the_check_started_first_starts_its_command_before_the_others_start():
    """The package manager is the slowest part of a scan: the others wait (briefly) until it has been started."""
    order = []

    def slow(ctx):
        time.sleep(0.005)  # reading a few files first, as os-updates does before `apt list`
        order.append("command")
        ctx.host.run(["apt", "list", "--upgradable"])
        return Finding(Status.PASS, "Up to date.")

    def quick(ctx):
        order.append("quick")
        return Finding(Status.PASS, "All good.")

    host = RecordedHost().add_command(["apt", "list", "--upgradable"], "", delay=0.05)
    run = run_scan([make_check("quick", quick, timeout=2), make_check("slow", slow, timeout=30)], host)
    assert order == ["command", "quick"]
    assert [r.status for r in run.results] == [Status.PASS, Status.PASS]


def test_a_first_check_without_a_command_holds_the_others_back_only_briefly():
    started = time.monotonic()
    quick_ran = threading.Event()

    def slow(ctx):
        quick_ran.wait(2)  # no command at all: the others must not wait for it to finish
        return Finding(Status.PASS, "All good.")

    def quick(ctx):
        quick_ran.set()
        return Finding(Status.PASS, "All good.")

    run = run_scan([make_check("quick", quick, timeout=2), make_check("slow", slow, timeout=30)], RecordedHost())
    assert time.monotonic() - started < 1.0
    assert [r.status for r in run.results] == [Status.PASS, Status.PASS]
