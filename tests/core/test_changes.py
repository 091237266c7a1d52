"""What changed since the previous scan: every transition, the order, and the scans that are not compared."""

from __future__ import annotations

import dataclasses
import time

import pytest

from auditor.changes import (
    ChangeKind,
    change_line,
    classify,
    compare,
    comparison_for,
    history_changes,
    previous_scan,
    short_summary,
    summary,
    worse,
)
from auditor.model import Origin, Result, ScanRun, Severity, Status
from auditor.store import Store

P, PA, F, U, NA, E = (Status.PASS, Status.PARTIAL, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE,
                      Status.ERROR)
DAY = 86_400.0
# Noon on 28 Nov 2026 in any time zone from UTC-11 to UTC+11, so the date in the sentence is the same everywhere.
NOV_28 = time.mktime((2026, 11, 28, 12, 0, 0, 0, 0, -1))

TITLES = {"disk-encryption": "The disk is encrypted", "firewall": "The firewall is on",
          "screen-lock": "Screen locks when you step away", "os-updates": "Updates are installed",
          "auto-login": "Automatic sign-in is off"}
SEVERITY = {"disk-encryption": Severity.CRITICAL, "firewall": Severity.HIGH, "screen-lock": Severity.HIGH,
            "os-updates": Severity.HIGH, "auto-login": Severity.MEDIUM}


def result(check_id: str, status: Status, *, builtin: bool = True, kind: str = "device") -> Result:
    return Result(check_id, TITLES.get(check_id, check_id), "secure-devices", SEVERITY.get(check_id, Severity.LOW),
                  status, "What was seen.", origin=Origin("homeguard" if builtin else "extra-checks", "1.0",
                                                          builtin=builtin), kind=kind)


def scan(*results: Result, at: float = NOV_28, **changes: object) -> ScanRun:
    run = ScanRun(results=tuple(results), started_at=at - 5, finished_at=at, platform="linux",
                  hostname="family-laptop", os_name="Debian GNU/Linux 12", app_version="1.0")
    return dataclasses.replace(run, **changes)  # type: ignore[arg-type]


# -- every transition ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "after", "kind"), [
    (P, PA, ChangeKind.WORSE), (P, F, ChangeKind.WORSE), (PA, F, ChangeKind.WORSE),
    (U, F, ChangeKind.NEWLY_FAILING), (E, F, ChangeKind.NEWLY_FAILING), (NA, F, ChangeKind.NEWLY_FAILING),
    (P, U, ChangeKind.NEWLY_UNCHECKED), (PA, E, ChangeKind.NEWLY_UNCHECKED), (F, U, ChangeKind.NEWLY_UNCHECKED),
    (F, P, ChangeKind.FIXED), (PA, P, ChangeKind.FIXED),
    (F, PA, ChangeKind.BETTER),
    (U, P, ChangeKind.CHECKED_AGAIN), (E, PA, ChangeKind.CHECKED_AGAIN),
    (NA, P, ChangeKind.NOW_APPLIES), (NA, U, ChangeKind.NOW_APPLIES),
    (P, NA, ChangeKind.NO_LONGER_APPLIES), (F, NA, ChangeKind.NO_LONGER_APPLIES),
    (None, F, ChangeKind.NEW), (None, P, ChangeKind.NEW),
    (P, None, ChangeKind.GONE),
    (P, P, ChangeKind.UNCHANGED), (F, F, ChangeKind.UNCHANGED), (PA, PA, ChangeKind.UNCHANGED),
    (U, E, ChangeKind.UNCHANGED), (NA, NA, ChangeKind.UNCHANGED),
])
def test_every_transition_has_its_kind(before, after, kind):
    assert classify(before, after) is kind


def test_only_a_known_good_check_that_got_less_good_is_worse():
    got_worse = {(b, a) for b in (*Status, None) for a in (*Status, None) if classify(b, a) is ChangeKind.WORSE}
    assert got_worse == {(P, PA), (P, F), (PA, F)}


def test_newly_failing_is_anything_that_fails_now_and_did_not_before():
    now = scan(result("firewall", F), result("disk-encryption", F), result("screen-lock", F), result("os-updates", F))
    before = scan(result("firewall", P), result("disk-encryption", U), result("screen-lock", F), at=NOV_28 - DAY)
    failing = {c.check_id for c in compare(now, before).changes if c.newly_failing}
    assert failing == {"firewall", "disk-encryption"}  # not the one failing both times, nor the new one


def test_a_check_missing_from_a_safe_mode_scan_is_not_run_rather_than_gone():
    before = scan(result("firewall", P), result("extra-check", P, builtin=False), result("auto-login", P),
                  at=NOV_28 - DAY)
    now = scan(result("firewall", P), safe_mode=True)
    kinds = {c.check_id: c.kind for c in compare(now, before).changes}
    assert kinds == {"firewall": ChangeKind.UNCHANGED, "extra-check": ChangeKind.NOT_RUN_SAFE_MODE,
                     "auto-login": ChangeKind.GONE}  # a built-in check is run in safe mode: its absence is real
    # Without safe mode, a plugin's check that is no longer there is gone (the plugin was removed).
    gone = compare(dataclasses.replace(now, safe_mode=False), before).of_kind(ChangeKind.GONE)
    assert {c.check_id for c in gone} == {"extra-check", "auto-login"}
    assert "1 not run in safe mode" in summary(compare(now, before))


def test_a_check_missing_from_a_stopped_scan_was_not_run():
    before = scan(result("firewall", P), result("auto-login", P), at=NOV_28 - DAY)
    now = scan(result("firewall", P), cancelled=True)
    assert [c.kind for c in compare(now, before).changed] == [ChangeKind.NOT_RUN_STOPPED]


def test_guided_answers_are_not_compared():
    before = scan(result("firewall", P), result("two-step", P, kind="guided"), at=NOV_28 - DAY)
    now = scan(result("firewall", P), result("two-step", U, kind="guided"), result("talk", F, kind="guided"))
    assert compare(now, before).changed == ()


# -- the order -----------------------------------------------------------------------------------------------------

def test_the_most_serious_change_comes_first():
    before = scan(result("firewall", P), result("disk-encryption", P), result("screen-lock", F),
                  result("os-updates", P), result("auto-login", P), result("old-check", P), at=NOV_28 - DAY)
    now = scan(result("auto-login", PA), result("screen-lock", P), result("os-updates", U), result("new-check", P),
               result("firewall", F), result("disk-encryption", F))
    kinds = [(c.kind, c.check_id) for c in compare(now, before).changes]
    assert kinds == [
        (ChangeKind.WORSE, "disk-encryption"),  # to fail, critical
        (ChangeKind.WORSE, "firewall"),  # to fail, high
        (ChangeKind.WORSE, "auto-login"),  # to partial
        (ChangeKind.NEWLY_UNCHECKED, "os-updates"),
        (ChangeKind.GONE, "old-check"),
        (ChangeKind.NEW, "new-check"),
        (ChangeKind.FIXED, "screen-lock"),
    ]


# -- in words ------------------------------------------------------------------------------------------------------

def test_the_sentence_names_what_got_worse_and_counts_the_rest():
    before = scan(result("disk-encryption", P), result("firewall", F), result("screen-lock", PA),
                  result("os-updates", P), at=NOV_28)
    now = scan(result("disk-encryption", F), result("firewall", P), result("screen-lock", P),
               result("os-updates", U), at=NOV_28 + 3 * DAY)
    comparison = compare(now, before)
    assert summary(comparison) == ("Since the scan on 28 Nov 2026: 1 got worse (The disk is encrypted), "
                                   "1 could not be checked this time, 2 fixed.")
    assert summary(comparison, on_this_computer=True).startswith("On this computer, since the scan on 28 Nov 2026:")
    assert short_summary(comparison) == "1 worse, 1 not checked, 2 fixed"
    assert worse(comparison) and worse(comparison.changes)
    assert change_line(comparison.changes[0]) == "The disk is encrypted: got worse (was OK, now needs fixing)"


def test_the_window_can_word_each_title_its_own_way():
    before = scan(result("disk-encryption", P), result("firewall", P), at=NOV_28)
    now = scan(result("disk-encryption", F), result("firewall", F), at=NOV_28 + DAY)
    text = summary(compare(now, before), name=lambda c: f"[{c.check_id}]")
    assert text == "Since the scan on 28 Nov 2026: 2 got worse ([disk-encryption] and [firewall])."


def test_many_titles_are_counted_after_the_first_few():
    ids = ["a-check", "b-check", "c-check", "d-check", "e-check"]
    before = scan(*(result(i, P) for i in ids), at=NOV_28)
    now = scan(*(result(i, F) for i in ids), at=NOV_28 + DAY)
    assert "5 got worse (a-check, b-check, c-check and 2 more)" in summary(compare(now, before))


def test_scans_on_the_same_day_say_the_time_too():
    before = scan(result("firewall", P), at=NOV_28)
    now = scan(result("firewall", P), at=NOV_28 + 600)
    text = summary(compare(now, before))
    assert text == f"Nothing changed since the scan on 28 Nov 2026, {time.strftime('%H:%M', time.localtime(NOV_28))}."
    assert short_summary(compare(now, before)) == "No change"
    assert not worse(compare(now, before))


def test_a_check_that_could_not_tell_before_and_fails_now_is_said_but_is_not_worse():
    before = scan(result("firewall", U), at=NOV_28)
    now = scan(result("firewall", F), at=NOV_28 + DAY)
    comparison = compare(now, before)
    assert not worse(comparison)
    assert summary(comparison) == "Since the scan on 28 Nov 2026: 1 now needs fixing (The firewall is on)."


def test_no_previous_scan_means_nothing_to_say():
    assert compare(scan(result("firewall", F)), None) is None
    assert summary(None) is None
    assert not worse(None)
    assert short_summary(None) == "First scan"


def test_a_previous_scan_of_another_computer_or_system_is_not_compared():
    now = scan(result("firewall", F))
    other = scan(result("firewall", P), hostname="sams-pc", platform="windows", at=NOV_28 - DAY)
    comparison = compare(now, other)
    assert comparison is not None and comparison.changes == () and not worse(comparison)
    assert summary(comparison) == ("The scan before this one was of another computer (sams-pc, Windows), so the "
                                   "two are not compared.")
    assert short_summary(comparison) == "Another computer before"
    same_name = compare(now, dataclasses.replace(other, hostname="family-laptop"))
    assert summary(same_name) == "The scan before this one was made on Windows, so the two are not compared."


# -- reading the history -------------------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "data")
    yield store
    store.close()


def saved(store: Store, run: ScanRun) -> ScanRun:
    return dataclasses.replace(run, run_id=store.save_run(run))


def test_the_previous_scan_is_the_newest_finished_one_before_it(store):
    first = saved(store, scan(result("firewall", P), at=NOV_28))
    saved(store, scan(result("firewall", F), at=NOV_28 + DAY, cancelled=True))
    latest = saved(store, scan(result("firewall", F), at=NOV_28 + 2 * DAY))
    assert previous_scan(store, latest).run_id == first.run_id  # the stopped one is passed over
    assert previous_scan(store, first) is None
    unsaved = scan(result("firewall", P), at=NOV_28 + 3 * DAY)  # --no-save
    assert previous_scan(store, unsaved).run_id == latest.run_id
    comparison = comparison_for(store, latest)
    assert worse(comparison) and comparison.previous_run_id == first.run_id


def test_a_damaged_previous_scan_is_passed_over_for_the_one_before(store):
    first = saved(store, scan(result("firewall", P), result("disk-encryption", P), at=NOV_28))
    damaged = saved(store, scan(result("firewall", F), result("disk-encryption", F), at=NOV_28 + DAY))
    with store.transaction() as conn:  # one of its rows written wrongly (by hand, or by a bad disk)
        conn.execute("UPDATE results SET data = '{\"check_id\": 3}' WHERE run_id = ? AND position = 1",
                     (damaged.run_id,))
    latest = saved(store, scan(result("firewall", P), result("disk-encryption", F), at=NOV_28 + 2 * DAY))
    assert previous_scan(store, latest).run_id == first.run_id
    assert [c.kind for c in comparison_for(store, latest).changed] == [ChangeKind.WORSE]
    # Only damaged scans before it: nothing to say.
    with store.transaction() as conn:
        conn.execute("UPDATE results SET data = 'not json' WHERE run_id = ?", (first.run_id,))
    assert comparison_for(store, latest) is None


def test_the_history_says_for_each_scan_what_changed_since_the_one_before(store):
    a = saved(store, scan(result("firewall", P), at=NOV_28))
    b = saved(store, scan(result("firewall", F), at=NOV_28 + DAY))
    c = saved(store, scan(result("firewall", P), at=NOV_28 + 2 * DAY, cancelled=True))
    d = saved(store, scan(result("firewall", P), at=NOV_28 + 3 * DAY))
    found = history_changes(store, [a.run_id, b.run_id, c.run_id, d.run_id])
    assert found[a.run_id] is None
    assert short_summary(found[b.run_id]) == "1 worse"
    assert short_summary(found[c.run_id]) == "1 fixed"  # a stopped scan is still compared with the one before
    assert short_summary(found[d.run_id]) == "1 fixed"  # compared with b, the last scan that finished
    assert found[d.run_id].previous_run_id == b.run_id
    assert found[d.run_id] == comparison_for(store, d)  # the list and a single scan agree
    # A list of only the newest scans still compares its oldest with the scan before it.
    assert history_changes(store, [d.run_id]) == {d.run_id: found[d.run_id]}
    with store.transaction() as conn:
        conn.execute("UPDATE results SET data = 'not json' WHERE run_id = ?", (c.run_id,))
    assert set(history_changes(store, [a.run_id, b.run_id, c.run_id, d.run_id])) == {a.run_id, b.run_id, d.run_id}
