"""The files that ask this system's own scheduler for Homeguard's weekly re-check: their text, nothing written here.

Homeguard keeps no program of its own running to watch the computer. The weekly re-check is one of the system's
own scheduled jobs, so when it is off nothing of Homeguard's is resident, and when it is on the system decides when
to run it (after a missed week, as soon as it can):

- Linux: a systemd user service and timer (``OnCalendar=weekly``, ``Persistent=true``, ``RandomizedDelaySec=1h``)
  in ``$XDG_CONFIG_HOME/systemd/user`` (systemd.unit(5) lists it among the user unit folders).
- macOS: a LaunchAgent property list in ``~/Library/LaunchAgents`` (``StartCalendarInterval``: Mondays, 10:00;
  launchd runs a missed job when the computer wakes).
- Windows: a Task Scheduler task (a weekly ``CalendarTrigger``, ``InteractiveToken``: only while the person is
  signed in, which needs no admin rights; ``StartWhenAvailable`` catches a missed week up).

Every scheduler runs the same command: the installed ``homeguard`` with ``scan --scheduled`` (``watch_command``).
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

UNIT_NAME = "homeguard-watch"
SERVICE_FILE = f"{UNIT_NAME}.service"
TIMER_FILE = f"{UNIT_NAME}.timer"
LAUNCH_LABEL = "org.homeguard.Homeguard.watch"
TASK_NAME = "Homeguard\\WeeklyCheck"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
TASK_FILE = "homeguard-weekly-check.xml"  # kept in the data folder: schtasks reads it, and it says what was asked
DESCRIPTION = "Homeguard's weekly re-check of this computer"
CONSOLE_SCRIPT = "homeguard"


def watch_command(data_dir: str | None = None, *, executable: str = sys.executable, path: str | None = None,
                  frozen: bool | None = None, platform: str = sys.platform) -> list[str]:
    """What the scheduler runs: ``<the installed homeguard> [--data-dir DIR] scan --scheduled``.

    Found as ``auditor.desktop_entry`` finds ``homeguard-gui``: the ``homeguard`` beside this Python (the same
    installation; pipx keeps one environment per app), else the one on the PATH, else this Python with
    ``-m auditor``. In the stand-alone app this program is Homeguard itself. On Windows ``pythonw.exe`` (beside
    ``python.exe``) is preferred, so the weekly run opens no console window."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    tail = [*(["--data-dir", str(Path(data_dir).expanduser().absolute())] if data_dir else []), "scan", "--scheduled"]
    if frozen:
        return [executable, *tail]
    if platform == "win32":
        windowless = Path(executable).with_name("pythonw.exe")
        if windowless.is_file():
            return [str(windowless), "-m", "auditor", *tail]
    beside = shutil.which(CONSOLE_SCRIPT, path=str(Path(executable).parent))
    found = beside or shutil.which(CONSOLE_SCRIPT, path=path)
    if found:
        return [str(Path(found).absolute()), *tail]
    return [executable, "-m", "auditor", *tail]


# -- Linux: systemd user units ----------------------------------------------------------------------------------------

def config_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME, or ~/.config when it is unset, empty or not absolute (the Base Directory spec's rule)."""
    environ = os.environ if environ is None else environ
    value = environ.get("XDG_CONFIG_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(environ.get("HOME") or Path.home()) / ".config"


def systemd_folder(environ: Mapping[str, str] | None = None) -> Path:
    return config_home(environ) / "systemd" / "user"


def systemd_argument(argument: str) -> str:
    """One argument of an ``ExecStart=`` line: ``%`` and ``$`` doubled (systemd would expand them), and quoted
    with backslash escapes when it holds a space, a quote or a backslash (systemd.service(5), "Command lines")."""
    argument = argument.replace("%", "%%").replace("$", "$$")
    if argument and not any(ch in argument for ch in ' \t\n"\'\\;'):
        return argument
    return '"' + argument.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def service_text(command: Sequence[str]) -> str:
    """Type=oneshot: the scan runs to its end and the service is then inactive again; nothing stays resident.
    KillMode=process: when the scan ends, systemd would otherwise stop every process the service started, and with
    them the notification (and the window "Open Homeguard" starts from it) a moment after it appeared."""
    return (f"[Unit]\nDescription={DESCRIPTION}\n\n"
            "[Service]\nType=oneshot\n"
            f"ExecStart={' '.join(systemd_argument(arg) for arg in command)}\n"
            "KillMode=process\n"
            "Nice=10\n")


def timer_text() -> str:
    return (f"[Unit]\nDescription=The timer of {DESCRIPTION}\n\n"
            "[Timer]\nOnCalendar=weekly\nPersistent=true\nRandomizedDelaySec=1h\n\n"
            "[Install]\nWantedBy=timers.target\n")


def systemd_files(folder: Path, command: Sequence[str]) -> dict[Path, bytes]:
    return {folder / SERVICE_FILE: service_text(command).encode("utf-8"),
            folder / TIMER_FILE: timer_text().encode("utf-8")}


# -- macOS: a LaunchAgent ---------------------------------------------------------------------------------------------

def launch_agents_folder(home: Path | None = None) -> Path:
    return (home or Path.home()) / "Library" / "LaunchAgents"


def launch_agent(command: Sequence[str]) -> dict[str, object]:
    """The LaunchAgent's keys (launchd.plist(5)): Weekday 1 is Monday (0 and 7 are Sunday). AbandonProcessGroup:
    the notification the scan starts outlives the scan (launchd would otherwise end the job's process group)."""
    return {"Label": LAUNCH_LABEL, "ProgramArguments": list(command),
            "StartCalendarInterval": {"Weekday": 1, "Hour": 10, "Minute": 0},
            "RunAtLoad": False, "AbandonProcessGroup": True}


def launch_agent_files(folder: Path, command: Sequence[str]) -> dict[Path, bytes]:
    return {folder / f"{LAUNCH_LABEL}.plist": plistlib.dumps(launch_agent(command), fmt=plistlib.FMT_XML)}


# -- Windows: a Task Scheduler task ------------------------------------------------------------------------------------

def task_xml(command: Sequence[str]) -> str:
    """The task, in the Task Scheduler schema's element order (triggerBaseType: Enabled, StartBoundary, ...; then
    the calendar trigger's RandomDelay and ScheduleByWeek). Runs as the person who registers it, only while they
    are signed in, with their own rights: no admin, no stored password."""
    program, arguments = command[0], subprocess.list2cmdline(list(command[1:]))
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_NAMESPACE}">
  <RegistrationInfo>
    <Description>{escape(DESCRIPTION)}</Description>
    <URI>\\{escape(TASK_NAME)}</URI>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <Enabled>true</Enabled>
      <StartBoundary>2026-01-05T10:00:00</StartBoundary>
      <RandomDelay>PT1H</RandomDelay>
      <ScheduleByWeek>
        <WeeksInterval>1</WeeksInterval>
        <DaysOfWeek>
          <Monday />
        </DaysOfWeek>
      </ScheduleByWeek>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(program)}</Command>
      <Arguments>{escape(arguments)}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


def task_files(folder: Path, command: Sequence[str]) -> dict[Path, bytes]:
    # UTF-16 with its byte-order mark, as Task Scheduler's own exports are and as the declaration says.
    return {folder / TASK_FILE: task_xml(command).encode("utf-16")}
