"""What the weekly re-check tells the person, if anything: worse, critical, expired, snoozed, or nothing."""

from __future__ import annotations

import pytest

from auditor.changes import compare
from auditor.household import Household
from auditor.model import Result, ScanRun, Severity, Status
from auditor.packs import load_content
from auditor.store import Store
from auditor.watch import (
    DAY,
    Notice,
    display_available,
    expired_answers,
    last_scheduled_run,
    notify_command,
    open_command,
    record_scheduled_run,
    snooze,
    snoozed_until,
    what_to_tell,
)

NOW = 1_795_000_000.0


def result(check_id: str, status: Status, severity: Severity = Severity.HIGH, title: str = "") -> Result:
    return Result(check_id=check_id, title=title or f"The {check_id} is fine", strategy="secure-devices",
                  severity=severity, status=status, summary="")


def scan(*results: Result, at: float = NOW) -> ScanRun:
    return ScanRun(results=results, started_at=at - 5, finished_at=at, platform="linux", hostname="family-laptop",
                   os_name="Debian", app_version="1")


def tell(current: ScanRun, previous: ScanRun | None = None, expired: dict[str, int] | None = None, *,
         snoozed_until: float = 0.0, people: frozenset[str] = frozenset()) -> Notice | None:
    return what_to_tell(current, compare(current, previous), expired or {}, now=NOW, snoozed_until=snoozed_until,
                        people=people)


BEFORE = scan(result("screen-lock", Status.PASS, title="The screen locks when you step away"),
              result("firewall", Status.PASS), result("remote-access", Status.PASS, Severity.CRITICAL),
              at=NOW - 7 * DAY)


def test_nothing_to_tell_when_nothing_changed_or_there_is_no_previous_scan() -> None:
    same = scan(*BEFORE.results)
    assert tell(same, BEFORE) is None
    assert tell(same) is None


def test_a_check_that_got_worse_is_told_and_opens_at_that_check() -> None:
    now = scan(result("screen-lock", Status.FAIL, title="The screen locks when you step away"),
               result("firewall", Status.PASS), result("remote-access", Status.PASS, Severity.CRITICAL))
    assert tell(now, BEFORE) == Notice("worse", "Got worse since the last check: The screen locks when you step away.",
                                       "device#screen-lock")


def test_several_got_worse_in_one_line() -> None:
    now = scan(result("screen-lock", Status.FAIL), result("firewall", Status.PARTIAL),
               result("remote-access", Status.PASS, Severity.CRITICAL))
    notice = tell(now, BEFORE)
    assert notice is not None and notice.kind == "worse"
    assert notice.message.startswith("2 checks got worse since the last check, such as: ")


def test_could_not_tell_is_not_worse() -> None:
    now = scan(result("screen-lock", Status.UNKNOWN), result("firewall", Status.PASS),
               result("remote-access", Status.PASS, Severity.CRITICAL))
    assert tell(now, BEFORE) is None


def test_a_failing_critical_check_comes_first_even_when_it_failed_before() -> None:
    failing = result("remote-access", Status.FAIL, Severity.CRITICAL, "Nobody can reach this computer from outside")
    now = scan(result("screen-lock", Status.FAIL), result("firewall", Status.PASS), failing)
    assert tell(now, BEFORE) == Notice("critical", "Needs fixing now: Nobody can reach this computer from outside.",
                                       "device#remote-access")
    assert tell(now, now) is not None and tell(now, now).kind == "critical"  # type: ignore[union-attr]


def test_answers_to_confirm_for_one_person_or_several() -> None:
    same = scan(*BEFORE.results)
    assert tell(same, BEFORE, {"Sam": 3}, people=frozenset({"Sam"})) == Notice(
        "expired", "3 answers for Sam need confirming.", "people#Sam")
    assert tell(same, BEFORE, {"Sam": 1}, people=frozenset({"Sam"})).message == (  # type: ignore[union-attr]
        "1 answer for Sam needs confirming.")
    assert tell(same, BEFORE, {"Sam": 2, "your household": 1}, people=frozenset({"Sam"})) == Notice(
        "expired", "3 answers need confirming (Sam and your household).", "people")
    # a name the window cannot be opened at (a space in it) opens the People page
    assert tell(same, BEFORE, {"Sam J": 1}, people=frozenset({"Sam J"})).target == "people"  # type: ignore[union-attr]


def test_a_snooze_quiets_everything_until_it_runs_out() -> None:
    failing = scan(result("remote-access", Status.FAIL, Severity.CRITICAL))
    assert tell(failing, snoozed_until=NOW + 60) is None
    assert tell(failing, snoozed_until=NOW - 1) is not None


def test_snooze_and_last_run_are_kept_in_the_history(tmp_path) -> None:
    store = Store(tmp_path / "data")
    try:
        assert snoozed_until(store) == 0.0 and last_scheduled_run(store) is None
        assert snooze(store, "day", now=NOW) == NOW + DAY
        assert snoozed_until(store) == NOW + DAY
        assert snooze(store, "week", now=NOW) == NOW + 7 * DAY
        assert snoozed_until(store) == NOW + 7 * DAY
        store.save_settings(store.settings().with_value("region", "GB"))  # the window saving its settings
        assert snoozed_until(store) == NOW + 7 * DAY  # does not undo a snooze set by the notification
        record_scheduled_run(store, NOW)
        assert last_scheduled_run(store) == NOW
        with store.transaction() as conn:
            conn.execute("UPDATE settings SET value = 'soon' WHERE name = 'snoozed_until'")
        assert snoozed_until(store) == 0.0  # edited by hand: as if never set
        with pytest.raises(KeyError):
            snooze(store, "year")
    finally:
        store.close()


def test_expired_answers_follow_the_guided_expiry_rule(tmp_path) -> None:
    content = load_content()
    store = Store(tmp_path / "data")
    try:
        household = Household(store)
        sam = household.add_person("Sam", "13-17")
        household.record_answer("support-trusted-adult", "person", sam.id, "yes", Status.PASS, when=NOW - 366 * DAY)
        household.record_answer("support-no-trouble-teen", "person", sam.id, "yes", Status.PASS,
                                when=NOW - 400 * DAY)
        assert expired_answers(content, household, now=NOW) == {"Sam": 2}
        # exactly as old as allowed still counts (auditor.guided.too_old); a new answer replaces the old one
        household.record_answer("support-trusted-adult", "person", sam.id, "yes", Status.PASS, when=NOW - 365 * DAY)
        household.record_answer("support-family-agreement", "household", 0, "no", Status.FAIL, when=NOW - 400 * DAY)
        assert expired_answers(content, household, now=NOW) == {"Sam": 1, "your household": 1}
    finally:
        store.close()


def test_the_notification_and_open_commands() -> None:
    notice = Notice("worse", "Got worse since the last check: Firewall.", "device#firewall")
    command = notify_command(notice, "/data", executable="/opt/Homeguard/homeguard", frozen=True)
    assert command == ["/opt/Homeguard/homeguard", "--data-dir", "/data", "--notify", "worse", "--message",
                       notice.message, "--show", "device#firewall"]
    assert open_command("people#Sam", None, executable="/opt/Homeguard/homeguard", frozen=True) == [
        "/opt/Homeguard/homeguard", "--show", "people#Sam"]


def test_a_display_is_needed_on_linux_only() -> None:
    assert not display_available({}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert display_available({}, "darwin") and display_available({}, "win32")
