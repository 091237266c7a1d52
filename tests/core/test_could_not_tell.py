"""CouldNotTell: a check that cannot tell says so with a reason, and the runner makes that an unknown row.

"Could not tell" is never a pass and never a crash: the row says why, keeps what the check saw before giving up,
and is offered the check's fix like any other unknown.
"""

from __future__ import annotations

from auditor.check import Check, CheckContext, CouldNotTell, Probe
from auditor.model import CheckSpec, Evidence, Finding, Fix, Origin, Severity, Status
from auditor.recorded import RecordedHost
from auditor.runner import run_scan
from checks.local.screen_lock import CHECK as SCREEN_LOCK
from tests.support import fixture

ORIGIN = Origin("homeguard", "test")


def _check(probe: Probe) -> tuple[Check, Origin]:
    spec = CheckSpec(id="puzzled", title="Something is fine", strategy="secure-devices", severity=Severity.HIGH,
                     platforms=("linux",), why="Because.", looks_at={"linux": "a setting"},
                     fixes={"linux": Fix(("Turn it on.",))})
    return Check(spec, {"linux": probe}), ORIGIN


def _read_setting(ctx: CheckContext) -> Finding:
    seen = [Evidence("the settings file", "present")]
    raise CouldNotTell("the setting holds a value Homeguard does not know", seen)


def test_the_runner_turns_could_not_tell_into_unknown_with_the_reason_and_evidence() -> None:
    run = run_scan([_check(_read_setting)], RecordedHost())
    (row,) = run.results
    assert row.status is Status.UNKNOWN
    assert row.summary == "Could not tell: the setting holds a value Homeguard does not know."
    assert row.evidence == (Evidence("the settings file", "present"),)
    assert row.fix is not None and row.fix.steps == ("Turn it on.",)  # unknown rows offer the fix, as always


def test_could_not_tell_is_never_an_error_row_or_a_pass() -> None:
    def bare(ctx: CheckContext) -> Finding:
        raise CouldNotTell("nothing answered")

    (row,) = run_scan([_check(bare)], RecordedHost()).results
    assert row.status is Status.UNKNOWN
    assert row.evidence == ()
    assert "unexpected problem" not in row.summary


def test_a_check_may_word_its_own_summary_from_the_reason() -> None:
    """screen-lock catches the shared exception to say which desktop it could not read: here a recorded gsettings
    answer (a number) where true or false belongs."""
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"})
    host.add_command(["gsettings", "get", "org.gnome.desktop.lockdown", "disable-lock-screen"],
                     fixture("linux/gsettings/gnome-idle-delay-default.txt"))
    (row,) = run_scan([(SCREEN_LOCK, ORIGIN)], host).results
    assert row.status is Status.UNKNOWN
    assert row.summary.startswith("Could not tell how the screen locks on GNOME: `gsettings get")
    assert "not true or false" in row.summary
