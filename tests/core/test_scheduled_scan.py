"""``homeguard scan --scheduled``: quiet, saved, and one notification only when something needs the person.

The recorded family laptop is scanned twice; the second time its screen lock is switched off (GNOME's real
``gsettings get ... lock-enabled`` answer ``false``, recorded in tests/fixtures/linux/gsettings). The launcher that
would start the notification's window is replaced, so the test sees what would have been started.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import cli
from auditor.store import Store
from auditor.watch import last_scheduled_run, snooze
from tests.support import FIXTURES

SCENARIO = FIXTURES / "scenarios" / "family-laptop.toml"


def scenario_copy(folder: Path, name: str, *, lock_off: bool = False) -> str:
    """The family laptop's scenario in ``folder``, its recordings named by absolute path; ``lock_off`` points the
    screen lock's answer at the recorded "lock-enabled false"."""
    text = SCENARIO.read_text(encoding="utf-8").replace('_file = "', f'_file = "{FIXTURES}/')
    if lock_off:
        before = "linux/gsettings/gnome-lock-enabled-default.txt"
        assert before in text
        text = text.replace(before, "linux/gsettings/gnome-lock-enabled-false.txt")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def started(monkeypatch) -> list[list[str]]:
    """Every program the scheduled run asks to start (the notification), instead of starting it."""
    calls: list[list[str]] = []

    def launch(argv):
        calls.append(list(argv))
        return ""

    monkeypatch.setattr("auditor.launcher.launch_detached", launch)
    monkeypatch.setenv("DISPLAY", ":99")
    return calls


def scheduled(data: Path, scenario: str) -> int:
    return cli.main(["--data-dir", str(data), "scan", "--scheduled", "--recorded", scenario])


def test_a_check_that_got_worse_asks_for_one_notification(tmp_path, started, capsys) -> None:
    good, worse = scenario_copy(tmp_path, "good.toml"), scenario_copy(tmp_path, "worse.toml", lock_off=True)
    data = tmp_path / "data"
    assert scheduled(data, good) == 0
    assert capsys.readouterr() == ("", "")  # quiet: nothing printed at all
    assert started == []  # the first scan: nothing got worse, nothing critical fails, nobody's answers expired

    assert scheduled(data, worse) == 0
    assert capsys.readouterr() == ("", "")
    assert len(started) == 1
    command = started[0]
    assert command[command.index("--notify") + 1] == "worse"
    assert command[command.index("--show") + 1] == "device#screen-lock"
    assert command[command.index("--data-dir") + 1] == str(data)
    message = command[command.index("--message") + 1]
    assert message.startswith("Got worse since the last check: ") and "screen" in message.lower()

    assert scheduled(data, worse) == 0  # the same problem a week later is not news
    assert len(started) == 1
    store = Store(data)
    try:
        assert len(store.list_runs()) == 3  # every scheduled scan is in the history
        assert last_scheduled_run(store) is not None
    finally:
        store.close()


def test_a_snooze_keeps_it_quiet(tmp_path, started) -> None:
    data = tmp_path / "data"
    assert scheduled(data, scenario_copy(tmp_path, "good.toml")) == 0
    store = Store(data)
    try:
        snooze(store, "day")
    finally:
        store.close()
    assert scheduled(data, scenario_copy(tmp_path, "worse.toml", lock_off=True)) == 0
    assert started == []


def test_without_a_display_one_line_on_stderr_and_the_scan_is_saved(tmp_path, started, monkeypatch, capsys) -> None:
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    data = tmp_path / "data"
    assert scheduled(data, scenario_copy(tmp_path, "good.toml")) == 0
    assert scheduled(data, scenario_copy(tmp_path, "worse.toml", lock_off=True)) == 0
    out, err = capsys.readouterr()
    assert out == "" and started == []
    assert len(err.splitlines()) == 1
    assert err.startswith("homeguard: Got worse since the last check: ") and "No display" in err


def test_the_scheduled_flag_is_documented_for_the_scheduler(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["scan", "--help"])
    assert "--scheduled" in capsys.readouterr().out
