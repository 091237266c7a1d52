"""The family's computers together: other computers' reports imported, kept newest-first, and scored as one household.

Three computers: this one is a real scan of the recorded Linux scenario (tests/fixtures/scenarios/family-laptop.toml),
the other two are the generated macOS and Windows reports in tests/fixtures/reports (see their SOURCES.toml entries:
Homeguard's own reports of hosts built from recorded outputs). Every number below is worked out from the checks'
weights (critical 8, high 4, medium 2, low 1) and credits (pass 1, partial 0.5, fail 0).
"""

import argparse
import dataclasses
import json
import sqlite3

import pytest

from auditor import cli, cli_household
from auditor.freshness import OUT_OF_DATE_DAYS, OUT_OF_DATE_REASON
from auditor.household_score import household_score, other_computer, read_kept, this_computer
from auditor.intake import ReportRefused, read_report
from auditor.model import Result, Severity, Status
from auditor.recorded import load_scenario
from auditor.registry import discover
from auditor.reports import build_report, to_json
from auditor.runner import run_scan
from auditor.store import SCHEMA_VERSION, Store, StoreError
from tests.clock import made_at, run_clock_from
from tests.support import FIXTURES, first_checks_for

REPORTS = FIXTURES / "reports"
MAC, WINDOWS = REPORTS / "generated-macos.json", REPORTS / "generated-windows.json"
MAC_ID = "6b1e0c9a-2d4f-4a8b-8e7c-3f5a6b7c8d9e"
DAY = 86_400.0

# The people's answers, made by hand: Jo has no two-step sign-in (critical, fail), and the family talk was held.
JO_2FA = Result("two-step-email", "Two-step sign-in is on for the main email", "secure-devices", Severity.CRITICAL,
                Status.FAIL, "Jo said no", kind="guided", subject="Jo")
TALK = Result("family-talk", "The family has talked about blackmail", "educate", Severity.MEDIUM, Status.PASS,
              "Yes", kind="guided", subject="household")
PEOPLE = [JO_2FA, TALK]


@pytest.fixture(scope="module")
def linux_run():
    """This computer's real scan, re-dated to an hour after the other computers' reports were made.

    The scan itself reads the clock, and the reports' times are fixed: without the re-dating, every test comparing
    the two would turn "out of date" (or "from the future") as the calendar moves on.
    """
    host = load_scenario(FIXTURES / "scenarios" / "family-laptop.toml")
    registry = discover(safe_mode=True, platform=host.platform)
    run = run_scan(first_checks_for(registry, host.platform), host, failures=registry.failures, safe_mode=True)
    shift = made_at(MAC) + 3_600 - run.finished_at
    return dataclasses.replace(run, started_at=run.started_at + shift, finished_at=run.finished_at + shift)


@pytest.fixture
def store(tmp_path, linux_run):
    store = Store(tmp_path / "data")
    store.save_run(linux_run)
    yield store
    store.close()


def args(action="list", *items):
    return argparse.Namespace(action=action, items=list(items))


def retimed(path, tmp_path, *, days_earlier=0.0, days_later=0.0, change=None, name=None):
    """A copy of a report scanned at another time (and with one result changed), as that computer would write it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    report = read_report(path, now=made_at(path))
    shift = (days_later - days_earlier) * DAY
    run = report.run
    if change:
        run = dataclasses.replace(run, results=tuple(
            dataclasses.replace(r, status=change[1]) if r.check_id == change[0] else r for r in run.results))
    run = dataclasses.replace(run, started_at=run.started_at + shift, finished_at=run.finished_at + shift)
    out = tmp_path / (name or f"{path.stem}-{days_later - days_earlier:+g}d.json")
    out.write_text(to_json(build_report(run, install_id=data["device"]["install_id"])), encoding="utf-8")
    return out


def household(store, now, guided=PEOPLE):
    return cli_household.picture(store, now, guided)


def test_three_computers_and_the_people_are_scored_as_one_household(store, linux_run):
    now = linux_run.finished_at
    assert cli_household.run(args("import", str(MAC), str(WINDOWS)), store, now=now, say=lambda _: None) == 0
    score = household(store, now)
    names = [(c.name, c.platform, c.this_computer, c.out_of_date) for c in score.computers]
    assert names == [("family-laptop", "linux", True, False), ("Alexs-MacBook-Air", "macos", False, False),
                     ("FAMILY-DESKTOP", "windows", False, False)]
    laptop, mac, windows = score.computers
    # Linux: passes 2+4+2+2+2+8+4+1+1 = 26, updates partly done (high) 4 x 0.5 = 2, disk (high) and password
    # manager (medium) fail: earned 28 of 36 decided; the credential store (medium, 2) could not be told: 38 in all.
    assert laptop.card.overall.score == pytest.approx(100 * 28 / 36)
    assert laptop.card.overall.coverage == pytest.approx(36 / 38)
    # macOS: passes 2+2+4+2+4+2 = 16, AirDrop (high) and the password manager (medium) fail: 16 of 22; six checks
    # could not be told (4+2+2+4+8+4 = 24), so 22 of 46 was checked. Windows: 14 of 20 decided, 27 undecided.
    assert mac.card.overall.score == pytest.approx(100 * 16 / 22)
    assert mac.card.overall.coverage == pytest.approx(22 / 46)
    assert windows.card.overall.score == pytest.approx(70.0)
    assert windows.card.overall.coverage == pytest.approx(20 / 47)
    # The household: 28 + 16 + 14 earned on the computers, the family talk (medium) 2 more, Jo's two-step sign-in
    # (critical) 0 of 8: earned 60 of 36 + 22 + 20 + 2 + 8 = 88 decided, of 38 + 46 + 47 + 10 = 141 applicable.
    overall = score.card.overall
    assert overall.score == pytest.approx(100 * 60 / 88)
    assert overall.coverage == pytest.approx(88 / 141)
    assert overall.lowest == pytest.approx(100 * 60 / 141)
    assert overall.highest == pytest.approx(100 * (60 + 141 - 88) / 141)
    # Each computer's most urgent fix is its own; Jo's failing critical answer is action needed, for no computer.
    assert [c.most_urgent.check_id for c in score.computers] == ["disk-encryption", "airdrop-receiving",
                                                                  "auto-login"]
    assert [(s.result.check_id, s.computer) for s in score.action_needed] == [("two-step-email", "")]
    # Do these next: the three high failures (cost 4) by title, the laptop's updates partly done (high, cost 2),
    # then the first of three medium password-manager failures (cost 2), by the computer's name.
    assert [(s.result.check_id, s.computer) for s in score.next_steps] == [
        ("airdrop-receiving", "Alexs-MacBook-Air"), ("auto-login", "FAMILY-DESKTOP"),
        ("disk-encryption", "family-laptop"), ("os-updates", "family-laptop"),
        ("password-manager", "Alexs-MacBook-Air")]


def test_the_list_names_every_computer_and_which_computer_each_fix_is_for(store, linux_run):
    now = linux_run.finished_at
    cli_household.run(args("import", str(MAC), str(WINDOWS)), store, now=now, say=lambda _: None)
    lines: list[str] = []
    assert cli_household.run(args(), store, now=now, guided=PEOPLE, say=lines.append) == 0
    text = "\n".join(lines)
    assert "family-laptop (this computer, Linux)" in text and "Alexs-MacBook-Air (macOS)" in text
    assert "score: 73 out of 100, 48% checked" in text  # 16/22 and 22/46, as above
    assert "most urgent: AirDrop does not accept files from everyone: needs fixing" in text
    assert "1. AirDrop does not accept files from everyone: needs fixing (on Alexs-MacBook-Air)" in text
    assert "Two-step sign-in is on for the main email: needs fixing (for Jo)" in text
    assert "Household score: 68 out of 100, 62% checked" in text  # 60/88 and 88/141
    assert "out of date" not in text


def test_a_report_more_than_30_days_old_counts_as_unchecked(store, linux_run, tmp_path):
    assert OUT_OF_DATE_DAYS == 30
    report = read_report(MAC, now=made_at(MAC))
    edge = report.scanned_at + 30 * DAY
    assert not other_computer(report, edge).out_of_date  # exactly 30 days old still counts
    later = other_computer(report, edge + 1)
    assert later.out_of_date and later.card.overall.score is None and later.most_urgent is None
    assert {r.status for r in later.results} == {Status.UNKNOWN, Status.NOT_APPLICABLE}  # ssh-keys does not apply
    assert all(r.summary == OUT_OF_DATE_REASON for r in later.results if r.status is Status.UNKNOWN)
    assert OUT_OF_DATE_REASON == "this computer's report is more than 30 days old"

    # In the household: a Mac scanned 31 days before now counts as a computer, but its 22 decided weight (16
    # earned) is now undecided: earned 60 - 16 = 44 of 88 - 22 = 66 decided, still of 141 applicable.
    now = linux_run.finished_at
    old_mac = retimed(MAC, tmp_path, days_earlier=31 + (now - report.scanned_at) / DAY)
    cli_household.run(args("import", str(old_mac), str(WINDOWS)), store, now=now, say=lambda _: None)
    score = household(store, now)
    assert [c.out_of_date for c in score.computers] == [False, True, False]
    assert score.card.overall.score == pytest.approx(100 * 44 / 66)
    assert score.card.overall.coverage == pytest.approx(66 / 141)
    assert all(s.computer != "Alexs-MacBook-Air" for s in score.next_steps)
    lines: list[str] = []
    cli_household.run(args(), store, now=now, guided=PEOPLE, say=lines.append)
    assert "out of date" in "\n".join(lines)


def test_newest_scan_wins_and_an_older_one_is_refused(store, tmp_path, capsys):
    now = made_at(MAC) + 3 * DAY
    fixed = retimed(MAC, tmp_path, days_later=1, change=("airdrop-receiving", Status.PASS), name="newer.json")
    assert store.import_computer(read_report(MAC, now=now), now) == "added"
    assert store.import_computer(read_report(fixed, now=now), now) == "replaced"
    assert store.import_computer(read_report(fixed, now=now), now) == "up to date"
    with pytest.raises(ReportRefused, match="is an older scan of Alexs-MacBook-Air"):
        store.import_computer(read_report(MAC, now=now), now)
    [kept] = store.other_computers()
    assert (kept.install_id, kept.scanned_at) == (MAC_ID, made_at(fixed))
    airdrop = {r.check_id: r.status for r in read_kept(kept).run.results}["airdrop-receiving"]
    assert airdrop is Status.PASS

    # From the terminal: the only file is the older scan, so nothing was used (exit 2), and it says why.
    assert cli_household.run(args("import", str(MAC)), store, now=now, say=lambda _: None) == 2
    assert "generated-macos.json is an older scan of Alexs-MacBook-Air" in capsys.readouterr().err
    # The same scan again is not an error: it is already up to date (exit 0).
    said: list[str] = []
    assert cli_household.run(args("import", str(fixed)), store, now=now, say=said.append) == 0
    assert said == ["Alexs-MacBook-Air is already up to date (newer.json)."]


def test_a_bad_file_among_good_ones_is_named_and_the_rest_are_added(store, tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    now = made_at(MAC) + DAY
    said: list[str] = []
    assert cli_household.run(args("import", str(MAC), str(bad), str(WINDOWS)), store, now=now, say=said.append) == 0
    err = capsys.readouterr().err
    assert "broken.json is not valid JSON" in err and "generated" not in err
    assert said == ["Added Alexs-MacBook-Air (generated-macos.json).", "Added FAMILY-DESKTOP (generated-windows.json)."]
    assert cli_household.run(args("import", str(bad)), store, now=now, say=said.append) == 2


def test_this_computers_own_report_is_never_another_computer(store, linux_run, tmp_path):
    own = tmp_path / "own.json"
    own.write_text(to_json(build_report(linux_run, install_id=store.install_id())), encoding="utf-8")
    with pytest.raises(ReportRefused, match="is this computer's own report"):
        store.import_computer(read_report(own, now=linux_run.finished_at), linux_run.finished_at)
    assert store.other_computers() == []


def test_what_is_kept_is_our_own_writing_of_what_was_read_never_the_file(store, tmp_path):
    data = json.loads(MAC.read_text(encoding="utf-8"))
    data["device"]["extra"] = "<script>alert(1)</script>"
    data["results"][0]["summary"] = "bell\x07 and <b>bold</b>"
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(data), encoding="utf-8")
    store.import_computer(read_report(odd, now=made_at(odd)), made_at(odd))
    [kept] = store.other_computers()
    assert "script" not in kept.report and "\\u0007" not in kept.report and "\x07" not in kept.report
    assert read_kept(kept).run.results[0].summary == "bell and <b>bold</b>"  # plain text, shown as such


def test_remove_by_name_or_by_id(store, tmp_path, capsys):
    now = made_at(MAC) + DAY
    cli_household.run(args("import", str(MAC), str(WINDOWS)), store, now=now, say=lambda _: None)
    said: list[str] = []
    assert cli_household.run(args("remove", "alexs-macbook-air"), store, now=now, say=said.append) == 0
    assert said == ["Removed Alexs-MacBook-Air from the household's computers."]
    assert cli_household.run(args("remove", "a3d5e7f9-1b2c-4d6e-a8f0-2b4c6d8e0f1a"), store, say=said.append) == 0
    assert store.other_computers() == []
    assert cli_household.run(args("remove", "nobody"), store, say=said.append) == 2
    assert "No other computer called 'nobody'" in capsys.readouterr().err
    with pytest.raises(StoreError, match="No other computer"):
        store.remove_computer("FAMILY-DESKTOP")


def test_the_table_comes_with_a_migration_and_the_command_is_wired(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "old"
    Store(folder).close()
    conn = sqlite3.connect(folder / "homeguard.db")
    conn.execute("DROP TABLE household_computers")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    reopened = Store(folder)  # a history from before: migrated, nothing lost
    assert reopened.schema_version == SCHEMA_VERSION and reopened.other_computers() == []
    reopened.close()
    run_clock_from(monkeypatch, made_at(MAC) + DAY)  # the command reads the clock: run it from a day after the scan
    assert cli.main(["household", "import", str(MAC), "--data-dir", str(folder)]) == 0
    assert "Added Alexs-MacBook-Air" in capsys.readouterr().out


def test_one_computer_alone_keeps_the_windows_ranking(linux_run):
    from auditor.next_steps import next_steps

    alone = household_score([this_computer(linux_run, "", linux_run.finished_at)], [])
    device = [r for r in linux_run.results if r.kind == "device"]
    assert [s.result for s in alone.next_steps] == next_steps(device)
    assert {s.computer for s in alone.next_steps} == {"family-laptop"}


def test_each_step_knows_the_computer_it_is_put_right_on(store, linux_run):
    from auditor.household_score import computer_of

    now = linux_run.finished_at
    cli_household.run(args("import", str(MAC), str(WINDOWS)), store, now=now, say=lambda _: None)
    score = household(store, now)
    laptop, mac, windows = score.computers
    found = [computer_of(score, step) for step in score.next_steps]
    assert found == [mac, windows, laptop, laptop, mac]
    assert [computer_of(score, step) for step in score.action_needed] == [None]  # Jo's answer: no computer


def test_a_step_on_two_computers_of_one_name_is_the_one_that_has_it(linux_run):
    from auditor.household_score import computer, computer_of, household_score

    now = linux_run.finished_at
    fail = Result("disk-encryption", "The disk is encrypted", "secure-devices", Severity.HIGH, Status.FAIL, "No")
    fine = dataclasses.replace(fail, status=Status.PASS, summary="Yes")
    one = computer("laptop", "id-1", "linux", now, [fine], now, this_computer=True)
    two = computer("laptop", "id-2", "linux", now, [fail], now)
    score = household_score([one, two], [])
    assert [computer_of(score, step) for step in score.next_steps] == [two]
