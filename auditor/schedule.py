"""The weekly re-check, on or off, through this system's own scheduler (``homeguard schedule`` and Settings).

Only if the person asks: ``turn_on`` writes the scheduler's files (``auditor.schedule_files``) and asks the
scheduler to take them up; ``turn_off`` asks it to let go first, then deletes every file ``turn_on`` wrote, so
nothing of Homeguard's is left behind or resident. ``status`` says whether it is on, whether the scheduler has it,
when it last ran and when it runs next, as far as the system can tell.

Every program is run as an argument list with a timeout, never through a shell (``auditor.host_commands``), and
through ``runner`` so tests can answer for it. Where the scheduler cannot be reached (a container or a server with
no user service manager: ``systemctl --user`` fails with "Failed to connect to bus") the files stay and the
answer says plainly that the timer is not active, and why. Linux is tested here for real; the macOS (``launchctl
bootstrap gui/<uid>``) and Windows (``schtasks /Create /XML``) commands are written from their documentation and
have not been run on those systems.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor import schedule_files as files
from auditor.host_protocol import CommandResult

Runner = Callable[[Sequence[str], float], CommandResult]
COMMAND_TIMEOUT = 30.0
NO_USER_MANAGER = ("no user service manager is running here (this happens in containers, and on servers "
                   "without a desktop session)")
BUS_TROUBLE = ("Failed to connect to bus", "No medium found", "not been booted with systemd", "Host is down",
               "No such file or directory")


def real_runner(argv: Sequence[str], timeout: float) -> CommandResult:
    """Run a program the Host's way: an argument list, a timeout, its process group stopped when time is up."""
    from auditor.host_commands import run_command
    from auditor.host_session import current_platform

    return run_command(argv, environ=os.environ, platform=current_platform(), timeout=timeout)


@dataclass(frozen=True)
class Schedule:
    """Where the weekly re-check stands."""

    on: bool  # Homeguard's files for the scheduler are in place
    active: bool  # the scheduler has taken them up, as far as it could tell
    files: tuple[Path, ...] = ()  # what is on disk now (after turn_off: what is left, normally nothing)
    problem: str = ""  # why it is not active, in plain words ("" when it is, or when it is off)
    last_run: float | None = None  # when the scheduler last ran it, if it can tell
    next_run: float | None = None  # when it runs next, if it can tell
    when: str = ""  # the schedule in words, for systems that do not say the next time themselves

    def lines(self, recorded_last_run: float | None = None) -> list[str]:
        """The state in plain words, one sentence a line. ``recorded_last_run`` is the last scheduled scan the
        history saw, used when the scheduler itself cannot say."""
        from auditor.dates import date_time_text

        if not self.on:
            return ["The weekly re-check is off. Nothing of Homeguard's runs in the background."]
        said = []
        if self.active:
            said.append("The weekly re-check is on: this computer is checked again every week.")
        else:
            said.append(f"The weekly re-check is set up, but the timer is not active: {self.problem}")
        last = self.last_run or recorded_last_run
        said.append(f"It last ran on {date_time_text(last)}." if last else "It has not run yet.")
        if self.next_run:
            said.append(f"Next run: {date_time_text(self.next_run)}.")
        elif self.when and self.active:
            said.append(f"It runs {self.when}.")
        return said


class Scheduler:
    """One system's scheduler. ``for_platform`` picks the right one."""

    system = "this system"

    def __init__(self, *, runner: Runner = real_runner, environ: Mapping[str, str] | None = None,
                 home: Path | None = None, folder: Path | None = None) -> None:
        self.runner = runner
        self.environ = dict(os.environ if environ is None else environ)
        self.home = home or Path(self.environ.get("HOME") or Path.home())
        self._folder = folder

    # -- what each system says differently -----------------------------------------------------------------------
    def folder(self) -> Path:
        raise NotImplementedError

    def file_texts(self, command: Sequence[str]) -> dict[Path, bytes]:
        raise NotImplementedError

    def enable(self) -> str:
        """Ask the scheduler to take the files up; "" when it did, else why not in plain words."""
        raise NotImplementedError

    def disable(self) -> None:
        """Ask the scheduler to let go (before the files are deleted); a scheduler that never had them is fine."""
        raise NotImplementedError

    def after_removal(self) -> None:
        """Tell the scheduler the files are gone, where it needs telling."""

    def query(self) -> Schedule:
        """What the scheduler says about the files in place."""
        raise NotImplementedError

    # -- the same everywhere ---------------------------------------------------------------------------------------
    def paths(self) -> list[Path]:
        """Every file ``turn_on`` writes (whatever the command), plus any the scheduler made from them."""
        return list(self.file_texts(["homeguard"]))

    def present(self) -> tuple[Path, ...]:
        return tuple(p for p in self.paths() if p.is_file() or p.is_symlink())

    def turn_on(self, data_dir: str | None = None, command: Sequence[str] | None = None) -> Schedule:
        """Write the files (each whole or not at all) and enable them. Raises OSError when a file cannot be
        written; a scheduler that cannot be reached is an answer, not an error."""
        from auditor.atomic_file import write_bytes

        for path, data in self.file_texts(command or files.watch_command(data_dir)).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(path, data)
        problem = self.enable()
        if problem:
            return Schedule(on=True, active=False, files=self.present(), problem=problem)
        return self.status()

    def turn_off(self) -> Schedule:
        """Disable, then delete every file ``turn_on`` wrote. Raises OSError when one cannot be deleted."""
        if not self.present():
            return Schedule(on=False, active=False)
        self.disable()
        for path in self.paths():
            if path.is_file() or path.is_symlink():
                path.unlink()
        self.after_removal()
        return Schedule(on=False, active=False, files=self.present())

    def status(self) -> Schedule:
        if not self.present():
            return Schedule(on=False, active=False)
        return self.query()

    def run(self, *argv: str) -> CommandResult:
        return self.runner(list(argv), COMMAND_TIMEOUT)


def said(result: CommandResult) -> str:
    """What a failed command said, on one line, for a person (the first line of its error output)."""
    text = (result.stderr.strip() or result.stdout.strip() or result.problem()).splitlines()
    return text[0].strip()[:300] if text else "it gave no reason"


class SystemdScheduler(Scheduler):
    system = "Linux"

    def folder(self) -> Path:
        return self._folder or files.systemd_folder(self.environ)

    def file_texts(self, command: Sequence[str]) -> dict[Path, bytes]:
        return files.systemd_files(self.folder(), command)

    def paths(self) -> list[Path]:
        # `systemctl --user enable` links the timer into timers.target.wants: removed with the rest.
        return [*super().paths(), self.folder() / "timers.target.wants" / files.TIMER_FILE]

    def why_not(self, result: CommandResult) -> str:
        if not result.ran:
            return "this system has no systemd (systemctl could not be run)."
        text = said(result)
        if any(sign in text for sign in BUS_TROUBLE):
            return f"{NO_USER_MANAGER}. systemctl said: \u201c{text}\u201d."
        return f"systemctl said: \u201c{text}\u201d."

    def enable(self) -> str:
        for argv in (("systemctl", "--user", "daemon-reload"),
                     ("systemctl", "--user", "enable", "--now", files.TIMER_FILE)):
            result = self.run(*argv)
            if not result.ok:
                return self.why_not(result)
        return ""

    def disable(self) -> None:
        self.run("systemctl", "--user", "disable", "--now", files.TIMER_FILE)

    def after_removal(self) -> None:
        self.run("systemctl", "--user", "daemon-reload")  # the manager forgets the deleted units

    def query(self) -> Schedule:
        result = self.run("systemctl", "--user", "show", files.TIMER_FILE, "--timestamp=unix",
                          "--property=ActiveState,LastTriggerUSec,NextElapseUSecRealtime")
        if not result.ok:
            return Schedule(on=True, active=False, files=self.present(), problem=self.why_not(result))
        values = dict(line.partition("=")[::2] for line in result.stdout.splitlines() if "=" in line)
        active = values.get("ActiveState", "") == "active"
        return Schedule(on=True, active=active, files=self.present(),
                        problem="" if active else "systemd has the timer but it is not running; "
                        "`systemctl --user status homeguard-watch.timer` says why.",
                        last_run=unix_time(values.get("LastTriggerUSec", "")),
                        next_run=unix_time(values.get("NextElapseUSecRealtime", "")))


def unix_time(value: str) -> float | None:
    """A timestamp as ``systemctl show --timestamp=unix`` writes it ("@1796371200"); None for none ("", "n/a")."""
    value = value.strip()
    if value.startswith("@"):
        with contextlib.suppress(ValueError):
            seconds = float(value[1:])
            return seconds if seconds > 0 else None
    return None


class LaunchdScheduler(Scheduler):
    """macOS. Untested here: written from launchctl's documentation (``bootstrap``/``bootout`` of launchctl 2)."""

    system = "macOS"
    WHEN = "every Monday from 10:00 (or when the Mac next wakes)"

    def folder(self) -> Path:
        return self._folder or files.launch_agents_folder(self.home)

    def file_texts(self, command: Sequence[str]) -> dict[Path, bytes]:
        return files.launch_agent_files(self.folder(), command)

    def domain(self) -> str:
        return f"gui/{os.getuid() if hasattr(os, 'getuid') else 0}"

    def enable(self) -> str:
        plist = str(self.paths()[0])
        self.run("launchctl", "bootout", f"{self.domain()}/{files.LAUNCH_LABEL}")  # an older copy, if loaded
        result = self.run("launchctl", "bootstrap", self.domain(), plist)
        return "" if result.ok else f"launchctl said: \u201c{said(result)}\u201d."

    def disable(self) -> None:
        self.run("launchctl", "bootout", f"{self.domain()}/{files.LAUNCH_LABEL}")

    def query(self) -> Schedule:
        result = self.run("launchctl", "print", f"{self.domain()}/{files.LAUNCH_LABEL}")
        problem = "" if result.ok else f"launchd does not have it loaded (launchctl said: \u201c{said(result)}\u201d)."
        return Schedule(on=True, active=result.ok, files=self.present(), problem=problem, when=self.WHEN)


class TaskScheduler(Scheduler):
    """Windows. Untested here: written from the documentation of ``schtasks /Create /XML`` and ``/Delete``."""

    system = "Windows"
    WHEN = "every Monday from 10:00, while you are signed in (or soon after, if the computer was off)"

    def folder(self) -> Path:
        if self._folder:
            return self._folder
        import platformdirs

        return Path(platformdirs.user_config_dir("Homeguard", appauthor=False))

    def file_texts(self, command: Sequence[str]) -> dict[Path, bytes]:
        return files.task_files(self.folder(), command)

    def enable(self) -> str:
        xml = str(self.paths()[0])
        result = self.run("schtasks", "/Create", "/XML", xml, "/TN", files.TASK_NAME, "/F")
        return "" if result.ok else f"Task Scheduler said: \u201c{said(result)}\u201d."

    def disable(self) -> None:
        self.run("schtasks", "/Delete", "/TN", files.TASK_NAME, "/F")  # the one task by its full name, never *

    def query(self) -> Schedule:
        result = self.run("schtasks", "/Query", "/TN", files.TASK_NAME)
        problem = "" if result.ok else f"Task Scheduler does not have it (it said: \u201c{said(result)}\u201d)."
        return Schedule(on=True, active=result.ok, files=self.present(), problem=problem, when=self.WHEN)


class UnsupportedScheduler(Scheduler):
    def folder(self) -> Path:
        raise OSError(f"Homeguard does not know this system's scheduler ({sys.platform})")

    def file_texts(self, command: Sequence[str]) -> dict[Path, bytes]:
        return {}

    def paths(self) -> list[Path]:
        return []

    def turn_on(self, data_dir: str | None = None, command: Sequence[str] | None = None) -> Schedule:
        raise OSError(f"Homeguard does not know this system's scheduler ({sys.platform})")


def for_platform(platform: str = sys.platform, *, runner: Runner = real_runner,
                 environ: Mapping[str, str] | None = None, home: Path | None = None,
                 folder: Path | None = None) -> Scheduler:
    """The scheduler of ``platform`` (as ``sys.platform`` names it)."""
    kind: type[Scheduler] = UnsupportedScheduler
    if platform.startswith("linux"):
        kind = SystemdScheduler
    elif platform == "darwin":
        kind = LaunchdScheduler
    elif platform == "win32":
        kind = TaskScheduler
    return kind(runner=runner, environ=environ, home=home, folder=folder)
