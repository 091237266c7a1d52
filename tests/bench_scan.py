"""`make bench`: how long a full scan of this machine takes, against the slowest single probe inside it.

The target: a scan takes at most 1.3 times its slowest probe (checks truly run side by side) and under one
second. Each round uses a fresh RealHost, as a real scan does. Prints the median wall time, the slowest check
and the slowest command it ran, their ratio, and peak memory (this process, and the programs it started).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

from auditor.host import RealHost
from auditor.registry import discover
from auditor.runner import run_scan


class TimedHost:
    """A RealHost that remembers how long each command took."""

    def __init__(self) -> None:
        self._host = RealHost()
        self.commands: list[tuple[float, str]] = []

    def __getattr__(self, name):
        return getattr(self._host, name)

    def run(self, argv, timeout=10.0):
        result = self._host.run(argv, timeout=timeout)
        self.commands.append((result.duration, " ".join(argv)))
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--rounds", type=int, default=7, help="scans to run (at least 5)")
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
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
        slowest_commands.append(max(host.commands) if host.commands else (0.0, "none"))

    wall = statistics.median(walls)
    probe = statistics.median(d for d, _ in slowest_checks)
    command = statistics.median(d for d, _ in slowest_commands)
    usual_check = max({c for _, c in slowest_checks}, key=[c for _, c in slowest_checks].count)
    usual_command = max({c for _, c in slowest_commands}, key=[c for _, c in slowest_commands].count)
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"Homeguard scan benchmark: {rounds} full scans of this machine, {len(run.results)} checks each")
    print(f"  median scan wall time     {wall * 1000:8.0f} ms   (all: {', '.join(f'{w * 1000:.0f}' for w in walls)})")
    print(f"  median slowest check      {probe * 1000:8.0f} ms   (usually {usual_check})")
    print(f"  median slowest command    {command * 1000:8.0f} ms   (usually `{usual_command}`)")
    print(f"  scan / slowest check      {wall / probe if probe else float('inf'):8.2f}     (target <= 1.30)")
    print(f"  peak memory               {self_peak:8.1f} MB   (this process); {child_peak:.1f} MB (largest command)")
    print(f"  under one second          {'yes' if wall < 1.0 else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
