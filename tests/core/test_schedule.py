"""The weekly re-check's files for each system's scheduler: written, checked, enabled, and removed to the last one.

Linux runs for real here: the units are checked with the real ``systemd-analyze verify``, and ``systemctl --user``
is really asked in this container, which has no user service manager. The success path of systemctl, and the
macOS and Windows commands, are answered by a fake runner: those programs are not run here.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from auditor import cli
from auditor import schedule_files as files
from auditor.host_protocol import CommandOutcome, CommandResult
from auditor.schedule import (
    LaunchdScheduler,
    Schedule,
    SystemdScheduler,
    TaskScheduler,
    for_platform,
    unix_time,
)

NS = {"t": files.TASK_NAMESPACE}


class FakeRunner:
    """Answers programs from a table (argv prefix -> result); records every call. Made-up answers, not recordings."""

    def __init__(self, answers: dict[tuple[str, ...], CommandResult] | None = None,
                 side_effects: dict[tuple[str, ...], object] | None = None) -> None:
        self.answers = answers or {}
        self.side_effects = side_effects or {}
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str], timeout: float) -> CommandResult:
        assert not isinstance(argv, str) and timeout > 0  # argument lists with a timeout, never a shell string
        self.calls.append(list(argv))
        for prefix, effect in self.side_effects.items():
            if tuple(argv[:len(prefix)]) == prefix:
                effect()  # type: ignore[operator]
        for prefix, result in self.answers.items():
            if tuple(argv[:len(prefix)]) == prefix:
                return result
        return ok(argv)


def ok(argv: Sequence[str], stdout: str = "") -> CommandResult:
    return CommandResult(tuple(argv), CommandOutcome.RAN, returncode=0, stdout=stdout)


def everything_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def verify(*units: Path, runtime: Path) -> subprocess.CompletedProcess[str]:
    """The real systemd-analyze; any message at all is a finding (an unknown key only warns, with exit 0)."""
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    return subprocess.run(["systemd-analyze", "--user", "--man=no", "verify", *map(str, units)],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


needs_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                   reason="systemd-analyze is not installed here (it comes with systemd)")


@pytest.fixture
def config(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path / "home")}


# -- Linux: systemd user units ---------------------------------------------------------------------------------------

@needs_analyze
def test_units_are_written_under_xdg_config_home_verify_and_are_removed(tmp_path, config) -> None:
    runner = FakeRunner()
    scheduler = SystemdScheduler(runner=runner, environ=config)
    state = scheduler.turn_on(data_dir=str(tmp_path / "data"))
    folder = tmp_path / "config" / "systemd" / "user"
    service, timer = folder / "homeguard-watch.service", folder / "homeguard-watch.timer"
    assert set(state.files) == {service, timer}
    timer_text = timer.read_text()
    for line in ("OnCalendar=weekly", "Persistent=true", "RandomizedDelaySec=1h", "WantedBy=timers.target"):
        assert line in timer_text.splitlines()
    assert "KillMode=process" in service.read_text().splitlines()  # the notification outlives the scan
    exec_line = next(line for line in service.read_text().splitlines() if line.startswith("ExecStart="))
    assert exec_line.endswith(f"--data-dir {tmp_path / 'data'} scan --scheduled")
    assert os.path.isabs(exec_line.removeprefix("ExecStart=").split()[0])

    checked = verify(timer, service, runtime=tmp_path / "runtime")
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")

    gone = scheduler.turn_off()
    assert gone == Schedule(on=False, active=False)
    assert everything_under(tmp_path / "config") == []


@needs_analyze
def test_verify_finds_a_mistake_so_the_check_above_can_fail(tmp_path, config) -> None:
    SystemdScheduler(runner=FakeRunner(), environ=config).turn_on(command=[sys.executable, "-m", "auditor"])
    timer = tmp_path / "config" / "systemd" / "user" / "homeguard-watch.timer"
    timer.write_text(timer.read_text().replace("Persistent=", "Persistant="))
    checked = verify(timer, runtime=tmp_path / "runtime")
    assert "Persistant" in checked.stderr


@needs_analyze
def test_a_program_path_with_a_space_and_percent_sign_is_quoted_as_systemd_reads_it(tmp_path, config) -> None:
    program = tmp_path / "My Apps 100%" / "homeguard"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    SystemdScheduler(runner=FakeRunner(), environ=config).turn_on(command=[str(program), "scan", "--scheduled"])
    service = tmp_path / "config" / "systemd" / "user" / "homeguard-watch.service"
    assert '"' + str(program).replace("%", "%%") + '" scan --scheduled' in service.read_text()
    checked = verify(service, runtime=tmp_path / "runtime")
    assert (checked.returncode, checked.stderr) == (0, "")


def test_enabled_with_systemctl_user_and_its_answer_read(tmp_path, config) -> None:
    folder = tmp_path / "config" / "systemd" / "user"
    wants = folder / "timers.target.wants" / "homeguard-watch.timer"

    def link() -> None:  # what `systemctl --user enable` does
        wants.parent.mkdir(parents=True, exist_ok=True)
        wants.symlink_to(folder / "homeguard-watch.timer")

    # The shape of `systemctl --user show --timestamp=unix` (made up for this test, not recorded).
    shown = "ActiveState=active\nLastTriggerUSec=@1795000000\nNextElapseUSecRealtime=@1795600000\n"
    runner = FakeRunner({("systemctl", "--user", "show"): ok(["systemctl"], shown)},
                        {("systemctl", "--user", "enable"): link})
    scheduler = SystemdScheduler(runner=runner, environ=config)
    state = scheduler.turn_on(command=["/usr/bin/homeguard", "scan", "--scheduled"])
    assert runner.calls[:2] == [["systemctl", "--user", "daemon-reload"],
                                ["systemctl", "--user", "enable", "--now", "homeguard-watch.timer"]]
    assert (state.on, state.active, state.last_run, state.next_run) == (True, True, 1795000000.0, 1795600000.0)
    assert wants in state.files
    assert state.lines()[0] == "The weekly re-check is on: this computer is checked again every week."
    assert any(line.startswith("Next run: ") for line in state.lines())

    runner.calls.clear()
    assert scheduler.turn_off().files == ()
    assert runner.calls == [["systemctl", "--user", "disable", "--now", "homeguard-watch.timer"],
                            ["systemctl", "--user", "daemon-reload"]]
    assert everything_under(tmp_path / "config") == []


@pytest.mark.skipif(shutil.which("systemctl") is None, reason="systemctl is not installed here")
def test_without_a_user_service_manager_the_files_stay_and_it_says_the_timer_is_not_active(
        tmp_path, config, monkeypatch) -> None:
    """For real: this container (like a server with nobody signed in) has no user service manager. Without
    XDG_RUNTIME_DIR systemctl --user cannot find one on any machine."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    scheduler = SystemdScheduler(environ=config)  # the real runner: systemctl is really asked
    state = scheduler.turn_on(command=["/usr/bin/homeguard", "scan", "--scheduled"])
    assert (state.on, state.active) == (True, False)
    assert len(state.files) == 2 and all(p.is_file() for p in state.files)
    assert "no user service manager is running here" in state.problem
    assert "Failed to connect to bus" in state.problem  # what systemctl itself said, quoted
    assert state.lines()[0].startswith("The weekly re-check is set up, but the timer is not active: ")
    assert scheduler.status().active is False  # status asks again and says the same
    scheduler.turn_off()
    assert everything_under(tmp_path / "config") == []


def test_the_terminal_command_on_status_off(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setattr("auditor.cli_schedule.scheduler", lambda: for_platform("linux"))
    data = ["--data-dir", str(tmp_path / "data")]
    code = cli.main([*data, "schedule", "on"])
    said = capsys.readouterr().out
    if shutil.which("systemctl") is not None:
        assert code == 1  # the files are there, the timer is not
        assert "the timer is not active" in said and "The files are kept." in said
    assert "Wrote " in said and "homeguard-watch.timer" in said
    assert cli.main([*data, "schedule", "status"]) in (0, 1)
    assert "weekly re-check is set up" in capsys.readouterr().out
    assert cli.main([*data, "schedule", "off"]) == 0
    said = capsys.readouterr().out
    assert said.count("Removed ") == 2 and "The weekly re-check is off." in said
    assert everything_under(tmp_path / "config") == []
    assert cli.main([*data, "schedule", "status"]) == 0
    assert "off" in capsys.readouterr().out


def test_unix_times_as_systemctl_show_writes_them() -> None:
    assert unix_time("@1795000000") == 1795000000.0
    assert unix_time("") is None and unix_time("n/a") is None and unix_time("@0") is None


# -- macOS: a LaunchAgent (launchctl is not run here) ------------------------------------------------------------------

def test_launch_agent_plist_round_trips_and_is_bootstrapped_then_booted_out(tmp_path) -> None:
    runner = FakeRunner()
    scheduler = LaunchdScheduler(runner=runner, home=tmp_path)
    command = ["/Applications/Homeguard.app/Contents/MacOS/homeguard", "scan", "--scheduled"]
    state = scheduler.turn_on(command=command)
    plist = tmp_path / "Library" / "LaunchAgents" / "org.homeguard.Homeguard.watch.plist"
    assert state.files == (plist,) and state.active
    data = plistlib.loads(plist.read_bytes())
    assert plistlib.loads(plistlib.dumps(data)) == data
    assert data["Label"] == "org.homeguard.Homeguard.watch"
    assert data["ProgramArguments"] == command
    assert data["StartCalendarInterval"] == {"Weekday": 1, "Hour": 10, "Minute": 0}  # Monday (0 and 7: Sunday)
    assert data["RunAtLoad"] is False
    assert data["AbandonProcessGroup"] is True  # the notification outlives the scan
    domain = f"gui/{os.getuid()}"
    assert ["launchctl", "bootstrap", domain, str(plist)] in runner.calls
    runner.calls.clear()
    scheduler.turn_off()
    assert runner.calls == [["launchctl", "bootout", f"{domain}/org.homeguard.Homeguard.watch"]]
    assert everything_under(tmp_path) == []


# -- Windows: a Task Scheduler task (schtasks is not run here) ---------------------------------------------------------

def test_task_xml_is_well_formed_and_has_what_the_schema_requires(tmp_path) -> None:
    runner = FakeRunner()
    scheduler = TaskScheduler(runner=runner, folder=tmp_path / "Homeguard")
    command = ["C:\\Program Files\\Homeguard\\homeguard.exe", "--data-dir", "C:\\Users\\Sam\\My data", "scan",
               "--scheduled"]
    state = scheduler.turn_on(command=command)
    xml_file = tmp_path / "Homeguard" / files.TASK_FILE
    assert state.files == (xml_file,)
    raw = xml_file.read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 with its byte-order mark, as the declaration says
    root = ET.fromstring(raw)
    assert root.tag == f"{{{files.TASK_NAMESPACE}}}Task" and root.get("version") == "1.2"
    trigger = root.find("t:Triggers/t:CalendarTrigger", NS)
    assert trigger is not None
    # triggerBaseType is a sequence: Enabled, StartBoundary, ...; then the calendar trigger's own elements
    assert [child.tag.split("}")[1] for child in trigger] == ["Enabled", "StartBoundary", "RandomDelay",
                                                                "ScheduleByWeek"]
    assert root.findtext("t:Triggers/t:CalendarTrigger/t:ScheduleByWeek/t:WeeksInterval", namespaces=NS) == "1"
    assert root.find("t:Triggers/t:CalendarTrigger/t:ScheduleByWeek/t:DaysOfWeek/t:Monday", NS) is not None
    assert root.findtext("t:Principals/t:Principal/t:LogonType", namespaces=NS) == "InteractiveToken"
    assert root.findtext("t:Principals/t:Principal/t:RunLevel", namespaces=NS) == "LeastPrivilege"
    assert root.findtext("t:Settings/t:StartWhenAvailable", namespaces=NS) == "true"
    assert root.findtext("t:Actions/t:Exec/t:Command", namespaces=NS) == command[0]
    assert (root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=NS)
            == '--data-dir "C:\\Users\\Sam\\My data" scan --scheduled')
    assert runner.calls[0] == ["schtasks", "/Create", "/XML", str(xml_file), "/TN", "Homeguard\\WeeklyCheck", "/F"]
    runner.calls.clear()
    scheduler.turn_off()
    assert runner.calls == [["schtasks", "/Delete", "/TN", "Homeguard\\WeeklyCheck", "/F"]]
    assert everything_under(tmp_path) == []


def test_a_refusal_is_said_in_the_schedulers_own_words(tmp_path) -> None:
    refused = CommandResult(("schtasks",), CommandOutcome.RAN, returncode=1, stderr="ERROR: Access is denied.\n")
    state = TaskScheduler(runner=FakeRunner({("schtasks", "/Create"): refused}), folder=tmp_path).turn_on(
        command=["homeguard.exe", "scan", "--scheduled"])
    assert (state.on, state.active) == (True, False)
    assert state.problem == "Task Scheduler said: \u201cERROR: Access is denied.\u201d."


# -- the command every scheduler runs ----------------------------------------------------------------------------------

def test_the_command_is_the_installed_homeguard_beside_this_python(tmp_path) -> None:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "homeguard"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    python = str(bin_dir / "python")
    assert files.watch_command(executable=python, path="", frozen=False, platform="linux") == [
        str(script), "scan", "--scheduled"]
    assert files.watch_command("/data", executable=python, path="", frozen=False, platform="linux") == [
        str(script), "--data-dir", "/data", "scan", "--scheduled"]


def test_the_command_without_a_console_script_or_in_the_stand_alone_app(tmp_path) -> None:
    python = str(tmp_path / "python")
    assert files.watch_command(executable=python, path=str(tmp_path), frozen=False, platform="linux") == [
        python, "-m", "auditor", "scan", "--scheduled"]
    assert files.watch_command(executable="/opt/Homeguard/homeguard", frozen=True) == [
        "/opt/Homeguard/homeguard", "scan", "--scheduled"]
