"""`make bench` (first part): how long a scan of this machine takes, against the slowest single probe inside it.

Part 1, in this process: full scans through the runner, each with a fresh RealHost as a real scan has. Target: a
scan takes at most 1.3 times its slowest check (checks truly run side by side) and under one second.

Part 2, side by side in the same run: the slowest probe's command run alone (with subprocess, the same arguments
and the same locale the host gives it), against the terminal's ``python -m auditor scan --json`` from process start
to exit, without and with saving to the history, and the window's scan child (``scan --stream``). Rounds
alternate the order. Target: ``scan --json`` (it saves, as a person's scan does) takes at most the probe + 0.3 s.
The programs run with their bytecode cache, as an installed Homeguard does, and keep their history in a temporary
folder, never the real one.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

from auditor.host import CommandResult, RealHost
from auditor.registry import discover
from auditor.runner import run_scan

TARGET_OVER_PROBE = 0.3  # seconds a terminal scan may add to its slowest probe
HOST_LOCALE = {"linux": {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "C"},
               "macos": {"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}}  # what RealHost.run sets


class TimedHost:
    """A RealHost that remembers how long each command took."""

    def __init__(self) -> None:
        self._host = RealHost()
        self.commands: list[tuple[float, tuple[str, ...]]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._host, name)

    def run(self, argv: Sequence[str], timeout: float = 10.0) -> CommandResult:
        result = self._host.run(argv, timeout=timeout)
        self.commands.append((result.duration, tuple(argv)))
        return result


def in_process(rounds: int) -> tuple[str, ...]:
    """Part 1. Returns the command that was most often the slowest, for part 2 to time alone."""
    registry = discover()
    for failure in registry.failures:
        print(f"note: {failure.name} did not load: {failure.message}", file=sys.stderr)
    walls, slowest_checks, slowest_commands = [], [], []
    for _ in range(rounds):
        host = TimedHost()
        started = time.perf_counter()
        run = run_scan(registry.for_platform(host.platform), host)
        walls.append(time.perf_counter() - started)
        check = max(run.results, key=lambda r: r.duration)
        slowest_checks.append((check.duration, check.check_id))
        slowest_commands.append(max(host.commands) if host.commands else (0.0, ()))

    wall = statistics.median(walls)
    probe = statistics.median(d for d, _ in slowest_checks)
    command = statistics.median(d for d, _ in slowest_commands)
    usual_check = _most_common([c for _, c in slowest_checks])
    usual_command = _most_common([c for _, c in slowest_commands])
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"Homeguard scan benchmark, part 1: {rounds} full scans in this process, {len(run.results)} checks each")
    print(f"  median scan wall time     {wall * 1000:8.0f} ms   (all: {_all(walls)})")
    print(f"  median slowest check      {probe * 1000:8.0f} ms   (usually {usual_check})")
    print(f"  median slowest command    {command * 1000:8.0f} ms   (usually `{' '.join(usual_command)}`)")
    print(f"  scan / slowest check      {wall / probe if probe else float('inf'):8.2f}     (target <= 1.30)")
    print(f"  peak memory               {self_peak:8.1f} MB   (this process); {child_peak:.1f} MB (largest command)")
    print(f"  under one second          {'yes' if wall < 1.0 else 'no'}")
    return usual_command


def side_by_side(probe_argv: tuple[str, ...], rounds: int) -> bool:
    """Part 2. Returns whether the target is met."""
    platform = RealHost().platform
    probe_env = {**os.environ, **HOST_LOCALE.get(platform, {})}
    child_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    scan = [sys.executable, "-m", "auditor", "scan"]
    with tempfile.TemporaryDirectory(prefix="homeguard-bench-") as home:
        child_env["HOMEGUARD_HOME"] = home
        runs: dict[str, Callable[[], float]] = {
            "probe": lambda: _time(list(probe_argv), probe_env) if probe_argv else 0.0,
            "no-save": lambda: _time([*scan, "--json", "--no-save"], child_env),
            "saved": lambda: _time([*scan, "--json"], child_env),
            "child": lambda: _time([*scan, "--stream"], child_env),
        }
        _time([*scan, "--json", "--no-save"], child_env)  # warm-up: writes the bytecode cache, fills disk caches
        times: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for i in range(rounds):
            for name in names[i % len(names):] + names[: i % len(names)]:
                times[name].append(runs[name]())
    median = {name: statistics.median(values) for name, values in times.items()}
    probe = median["probe"]
    print()
    print(f"Homeguard scan benchmark, part 2: {rounds} rounds side by side, whole programs from start to exit")
    command = " ".join(probe_argv)
    print(f"  slowest probe alone       {probe * 1000:8.0f} ms   `{command}` (all: {_all(times['probe'])})")
    rows = (("no-save", "scan --json --no-save"), ("saved", "scan --json (saved)"),
            ("child", "scan --stream (window's)"))
    for name, label in rows:
        extra = median[name] - probe
        print(f"  {label:<25} {median[name] * 1000:8.0f} ms   probe + {extra * 1000:4.0f} ms"
              f"  (all: {_all(times[name])})")
    met = median["saved"] - probe <= TARGET_OVER_PROBE
    print(f"  target: scan --json <= slowest probe + {TARGET_OVER_PROBE * 1000:.0f} ms: "
          f"{'met' if met else 'missed'} ({(median['saved'] - probe) * 1000:.0f} ms over the probe)")
    return met


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=env, check=False)
    return time.perf_counter() - started


def _most_common(items: list[Any]) -> Any:
    return max(set(items), key=items.count)


def _all(values: list[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--rounds", type=int, default=7, help="scans to run in each part (at least 5)")
    parser.add_argument("--part", choices=("1", "2", "both"), default="both", help="which part to run")
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    probe_argv = _slowest_command_of_one_scan() if args.part == "2" else in_process(rounds)
    if args.part != "1":
        side_by_side(probe_argv, rounds)
    return 0


def _slowest_command_of_one_scan() -> tuple[str, ...]:
    registry = discover()
    host = TimedHost()
    run_scan(registry.for_platform(host.platform), host)
    return max(host.commands)[1] if host.commands else ()


if __name__ == "__main__":
    sys.exit(main())
