"""The terminal front end as a person or a script uses it."""

import json

import jsonschema
import pytest

from auditor import cli
from auditor.reports import SCHEMA_PATH
from auditor.store import DB_NAME
from tests.clock import an_hour_after_the_reports

SCENARIO = """
platform = "linux"
hostname = "family-laptop"
os_name = "Ubuntu 24.04 LTS"
[env]
XDG_CURRENT_DESKTOP = "ubuntu:GNOME"
DBUS_SESSION_BUS_ADDRESS = "unix:path=/run/user/1000/bus"
[[commands]]
argv = ["python3", "-m", "keyring", "--list-backends"]
stdout_file = "linux/keyring/list-backends-gnome-with-kwallet.txt"
"""


@pytest.fixture
def scenario(tmp_path):
    from tests.support import FIXTURES

    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO.replace('stdout_file = "', f'stdout_file = "{FIXTURES}/'))
    return str(path)


def test_scan_prints_a_report_grouped_by_strategy(scenario, capsys):
    assert cli.main(["scan", "--recorded", scenario]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Homeguard report for family-laptop")
    assert "Score: " in out and "% checked" in out
    assert "Secure your devices" in out
    assert "OK" in out and "Saved passwords are kept in a locked store" in out
    assert "Saved to the history as scan 1" in out


def test_scan_json_is_a_valid_report(scenario, capsys):
    assert cli.main(["scan", "--recorded", scenario, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).validate(report)
    assert report["device"]["hostname"] == "family-laptop"
    assert report["scan"]["run_id"] == 1


def test_fail_under_sets_the_exit_code(scenario, capsys):
    assert cli.main(["scan", "--recorded", scenario, "--fail-under", "0"]) == 0
    assert cli.main(["scan", "--recorded", scenario, "--fail-under", "100"]) in (0, 1)
    report = json.loads(_run_json(scenario, capsys))
    score = report["score"]["score"]
    expected = 0 if score is not None and score >= 99.5 else 1
    assert cli.main(["scan", "--recorded", scenario, "--fail-under", "99.5"]) == expected


def _run_json(scenario, capsys):
    capsys.readouterr()
    cli.main(["scan", "--recorded", scenario, "--json", "--no-save"])
    return capsys.readouterr().out


def test_fail_under_with_no_score_fails(scenario, monkeypatch, capsys):
    from auditor.registry import Registry
    from checks.local.credential_store import CHECK
    from tests.core.test_runner import ORIGIN

    # Only one check, and it cannot tell (no keyring output recorded): "no score" never satisfies a threshold.
    monkeypatch.setattr(cli, "load_registry", lambda safe_mode: Registry(checks=[(CHECK, ORIGIN)]))
    empty = scenario.replace("scenario.toml", "empty.toml")
    with open(empty, "w") as handle:
        handle.write('platform = "linux"\n[env]\nXDG_CURRENT_DESKTOP = "GNOME"\n')
    assert cli.main(["scan", "--recorded", empty, "--fail-under", "0"]) == 1
    assert "no score yet" in capsys.readouterr().out


def test_fail_under_rejects_nonsense(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["scan", "--fail-under", "150"])
    assert exit_info.value.code == 2


def test_history_and_report_show_saved_scans(scenario, capsys):
    cli.main(["scan", "--recorded", scenario])
    cli.main(["scan", "--recorded", scenario])
    capsys.readouterr()
    assert cli.main(["history"]) == 0
    out = capsys.readouterr().out
    assert "family-laptop" in out and "    2" in out and "    1" in out
    assert cli.main(["report", "1"]) == 0
    assert "Homeguard report for family-laptop" in capsys.readouterr().out
    assert cli.main(["report", "42"]) == 2
    assert "no scan 42" in capsys.readouterr().err


def test_history_when_empty_says_how_to_start(capsys):
    assert cli.main(["history"]) == 0
    assert "No scans yet" in capsys.readouterr().out


def test_report_from_a_broken_file_is_a_clear_message(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert cli.main(["report", "--file", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_checks_lists_every_check_with_what_it_looks_at(capsys):
    assert cli.main(["checks", "--platform", "linux"]) == 0
    out = capsys.readouterr().out
    assert "credential-store" in out and "Looks at:" in out


def test_a_corrupt_history_file_is_reported_and_set_aside(scenario, capsys, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / DB_NAME).write_bytes(b"garbage" * 500)
    assert cli.main(["--data-dir", str(data), "scan", "--recorded", scenario]) == 0
    err = capsys.readouterr().err
    assert "could not be read" in err and "kept, unchanged" in err
    assert any(p.name.startswith(DB_NAME + ".broken-") for p in data.iterdir())


def test_lock_minutes_is_saved_as_a_setting(scenario, capsys):
    from auditor.store import Store

    cli.main(["scan", "--recorded", scenario, "--lock-minutes", "7"])
    store = Store()
    assert store.settings().screen_lock_max_minutes == 7
    store.close()
    assert cli.main(["scan", "--recorded", scenario, "--lock-minutes", "0"]) == 2


def test_without_a_command_the_terminal_front_end_shows_its_help(capsys):
    """Choosing the window is main.py's job; the engine's own front end only lists what it can do."""
    assert cli.main([]) == cli.EXIT_USAGE
    out = capsys.readouterr().out
    assert "scan" in out and "people" in out and "help-now" in out


def test_the_gui_command_says_where_the_window_starts(capsys):
    assert cli.main(["gui"]) == cli.EXIT_USAGE
    assert "python main.py" in capsys.readouterr().err


def test_the_command_is_found_without_parsing():
    assert cli.command_of(["scan", "--json"]) == "scan"
    assert cli.command_of(["--data-dir", "scan", "--safe-mode", "history"]) == "history"
    assert cli.command_of(["--data-dir=x", "quiz", "--person", "Sam"]) == "quiz"
    assert cli.command_of(["--safe-mode"]) is None and cli.command_of([]) is None


def test_scan_help_still_works_without_the_family_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["scan", "--help"])
    assert exit_info.value.code == 0
    assert "--fail-under" in capsys.readouterr().out


def test_a_family_command_still_runs_from_the_terminal(capsys):
    assert cli.main(["people"]) == 0
    assert capsys.readouterr().out


def test_a_reader_that_goes_away_is_not_a_crash(tmp_path, monkeypatch):
    """`homeguard checks | head`: the pipe closes early; Homeguard stops quietly instead of a traceback."""
    sink = open(tmp_path / "out", "w")  # noqa: SIM115 - its descriptor stands in for the closed pipe

    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

        def fileno(self):
            return sink.fileno()

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert cli.main(["checks"]) == 141
    sink.close()


def test_safe_mode_saved_in_the_settings_is_honoured_by_the_terminal(scenario, monkeypatch, capsys):
    from auditor.store import Store

    store = Store()
    store.save_settings(store.settings().with_value("safe_mode", True))
    store.close()
    asked = []
    real = cli.load_registry
    monkeypatch.setattr(cli, "load_registry", lambda safe_mode: asked.append(safe_mode) or real(safe_mode))
    cli.main(["scan", "--recorded", scenario, "--no-save"])
    assert asked == [True]


def test_guided_answers_are_read_while_only_the_slowest_check_is_left():
    """Reading the content packs overlaps the slowest probe, without competing with the other checks."""
    from auditor.cli_guided import GuidedAnswers
    from auditor.runner import Progress

    guided = GuidedAnswers()
    for step in (Progress("started", "a", 0, 3), Progress("started", "b", 0, 3), Progress("started", "c", 0, 3),
                 Progress("finished", "a", 1, 3)):
        guided.on_progress(step)
    assert not guided.begun
    guided.on_progress(Progress("finished", "b", 2, 3))
    assert guided.begun
    assert guided.content().checks  # the packs that ship with Homeguard


# -- reports that travel: the install id, anonymous reports, and reports read from a file -----------------------

def _json_of(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_every_json_report_carries_this_data_folders_install_id(scenario, capsys):
    from auditor.store import Store

    assert cli.main(["scan", "--recorded", scenario, "--json"]) == 0
    first = _json_of(capsys)
    assert cli.main(["scan", "--recorded", scenario, "--json", "--no-save"]) == 0
    second = _json_of(capsys)
    assert cli.main(["report", "1", "--json"]) == 0
    again = _json_of(capsys)
    store = Store()
    made = store.install_id()
    store.close()
    assert first["version"] == 2 and first["anonymous"] is False
    assert first["device"]["install_id"] == second["device"]["install_id"] == again["device"]["install_id"] == made
    assert again["scan"]["run_id"] == 1 and again["device"]["hostname"] == "family-laptop"


def test_another_data_folder_is_another_install(scenario, tmp_path, capsys):
    cli.main(["scan", "--recorded", scenario, "--json", "--no-save"])
    here = _json_of(capsys)["device"]["install_id"]
    cli.main(["--data-dir", str(tmp_path / "elsewhere"), "scan", "--recorded", scenario, "--json", "--no-save"])
    assert _json_of(capsys)["device"]["install_id"] != here


def test_scan_anonymous_json_names_nobody(scenario, capsys):
    from auditor.household import Household
    from auditor.store import Store

    store = Store()
    Household(store).add_person("Samantha-Q", "13-17")
    store.close()
    assert cli.main(["scan", "--recorded", scenario, "--anonymous", "--json"]) == 0
    out = capsys.readouterr().out
    report = json.loads(out)
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).validate(report)
    assert report["anonymous"] is True and report["device"]["hostname"] == "" and report["device"]["install_id"]
    assert "family-laptop" not in out and "Samantha-Q" not in out and "alex" not in out.lower() and "/" not in out
    assert any(r["kind"] == "guided" for r in report["results"])


def test_anonymous_alone_implies_json_and_refuses_the_html_page(scenario, tmp_path, capsys):
    assert cli.main(["scan", "--recorded", scenario, "--anonymous", "--no-save"]) == 0
    assert _json_of(capsys)["anonymous"] is True
    page = tmp_path / "page.html"
    assert cli.main(["scan", "--recorded", scenario, "--anonymous", "--html", str(page)]) == 2
    assert "--anonymous writes only the anonymous JSON report" in capsys.readouterr().err
    assert not page.exists()


def test_report_of_a_file_keeps_that_files_install_id(scenario, tmp_path, capsys, monkeypatch):
    from tests.core.test_intake import REPORTS

    an_hour_after_the_reports(monkeypatch)  # reading checks the report is not from the future; its time is fixed

    source = REPORTS / "generated-windows.json"
    assert cli.main(["report", "--file", str(source), "--json"]) == 0
    assert _json_of(capsys)["device"]["install_id"] == json.loads(source.read_text())["device"]["install_id"]
    assert cli.main(["report", "--file", str(source), "--anonymous"]) == 0
    anonymous = _json_of(capsys)
    assert anonymous["anonymous"] is True and anonymous["device"]["hostname"] == ""


def test_report_shows_an_anonymous_or_version_1_file_as_text(capsys, monkeypatch):
    from tests.core.test_intake import REPORTS

    an_hour_after_the_reports(monkeypatch)  # reading checks the report is not from the future; its time is fixed

    assert cli.main(["report", "--file", str(REPORTS / "family-laptop-v2-anonymous.json")]) == 0
    assert capsys.readouterr().out.startswith("Homeguard report for an anonymous computer")
    assert cli.main(["report", "--file", str(REPORTS / "family-laptop-v1.json"), "--json"]) == 0
    upgraded = _json_of(capsys)
    assert upgraded["version"] == 2 and upgraded["device"]["install_id"] is None
