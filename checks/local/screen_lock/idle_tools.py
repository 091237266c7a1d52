"""sway, Hyprland and similar Wayland sessions: the screen locks only if an idle tool runs a locker on a timeout.

These desktops have no lock setting of their own. What locks the screen is an idle tool (swayidle or hypridle)
started with timeouts, each running a command; the screen locks when one of those commands is a screen locker,
directly or through ``loginctl lock-session`` and the tool's own lock command. The tools' arguments and config
files are parsed here, apart from the desktops that keep real settings.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.check import CouldNotTell
from auditor.host import Host
from auditor.model import Evidence

from .lock_plan import LockPlan, config_home, read_setting_file, user_processes

# Programs that lock a Wayland session when they are run; a timeout that runs one of them locks the screen.
LOCKERS = ("swaylock", "hyprlock", "gtklock", "waylock", "swaylock-effects", "i3lock", "physlock")
LOCK_SESSION = "loginctl lock-session"  # asks logind, which then runs the idle tool's own lock command


@dataclass(frozen=True)
class IdleRule:
    """One idle timeout of swayidle or hypridle: after ``seconds`` idle, it runs ``command``."""

    seconds: int
    command: str


def parse_swayidle_args(args: Iterable[str]) -> tuple[list[IdleRule], dict[str, str]]:
    """swayidle's events from its argument list (or a config file's words): the timeouts, and the other events
    (``lock``, ``before-sleep``, ...) mapped to their commands."""
    words = list(args)
    rules: list[IdleRule] = []
    events: dict[str, str] = {}
    i = 0
    while i < len(words):
        word = words[i]
        if word == "timeout" and i + 2 < len(words):
            with contextlib.suppress(ValueError):
                rules.append(IdleRule(int(words[i + 1]), words[i + 2]))
            i += 3
            if i + 1 < len(words) and words[i] == "resume":
                i += 2
            continue
        if word in ("before-sleep", "after-resume", "lock", "unlock") and i + 1 < len(words):
            events[word] = words[i + 1]
            i += 2
            continue
        if word in ("idlehint", "-C", "-S") and i + 1 < len(words):
            i += 2
            continue
        i += 1
    return rules, events


def parse_swayidle_config(text: str) -> tuple[list[IdleRule], dict[str, str]]:
    """A swayidle config file: one event a line, written like the command line, ``#`` starts a comment."""
    words: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words.extend(shlex.split(line, comments=True))
        except ValueError:
            continue
    return parse_swayidle_args(words)


def parse_hypridle_config(text: str) -> tuple[list[IdleRule], dict[str, str]]:
    """hypridle.conf: ``general { lock_cmd = ... }`` and ``listener { timeout = N  on-timeout = ... }`` blocks.
    Returns the listeners as rules and the general section's keys."""
    rules: list[IdleRule] = []
    general: dict[str, str] = {}
    block = ""
    current: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.endswith("{"):
            block = line[:-1].strip()
            current = {}
            continue
        if line.startswith("}"):
            if block == "listener" and "timeout" in current and "on-timeout" in current:
                with contextlib.suppress(ValueError):
                    rules.append(IdleRule(int(current["timeout"]), current["on-timeout"]))
            elif block == "general":
                general.update(current)
            block = ""
            continue
        if "=" in line:
            key, value = line.split("=", 1)
            current[key.strip()] = value.strip()
    return rules, general


def is_locker(command: str) -> bool:
    words = command.replace("'", " ").replace('"', " ").replace(";", " ").replace("|", " ").replace("&", " ").split()
    return any(word.rsplit("/", 1)[-1] in LOCKERS for word in words)


def first_lock_rule(rules: list[IdleRule], lock_command: str) -> IdleRule | None:
    """The earliest timeout that locks: it runs a locker itself, or asks logind to lock when the tool's own lock
    command runs a locker."""
    locking = [
        rule for rule in rules
        if is_locker(rule.command) or (LOCK_SESSION in " ".join(rule.command.split()) and is_locker(lock_command))
    ]
    return min(locking, key=lambda rule: rule.seconds) if locking else None


def wayland_idle_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """sway, Hyprland and similar: nothing locks unless an idle tool (swayidle or hypridle) is running with a
    timeout that starts a locker."""
    for process in user_processes(host, "hypridle"):
        args = list(process.cmdline[1:])
        path = args[args.index("-c") + 1] if "-c" in args[:-1] else (
            args[args.index("--config") + 1] if "--config" in args[:-1] else f"{config_home(host)}/hypr/hypridle.conf"
        )
        evidence.append(Evidence("running programs", "hypridle is running"))
        text = read_setting_file(host, path, evidence)
        if text is None:
            evidence.append(Evidence(path, "not found"))
            raise CouldNotTell(f"hypridle is running but its settings file {path} was not found")
        rules, general = parse_hypridle_config(text)
        evidence.append(Evidence(path, _rules_text(rules, {"lock_cmd": general.get("lock_cmd", "")})))
        rule = first_lock_rule(rules, general.get("lock_cmd", ""))
        if rule:
            return LockPlan(True, rule.seconds)
        return LockPlan(False, why_not="hypridle is running, but none of its timeouts locks the screen")
    for process in user_processes(host, "swayidle"):
        args = list(process.cmdline[1:])
        evidence.append(Evidence("swayidle (running)", " ".join(shlex.quote(a) for a in args) or "no arguments"))
        rules, events = parse_swayidle_args(args)
        if "-C" in args[:-1]:
            config_path = args[args.index("-C") + 1]
        elif not rules and not events:
            config_path = f"{config_home(host)}/swayidle/config"
        else:
            config_path = ""
        if config_path:
            text = read_setting_file(host, config_path, evidence)
            if text is not None:
                more_rules, more_events = parse_swayidle_config(text)
                evidence.append(Evidence(config_path, _rules_text(more_rules, more_events)))
                rules += more_rules
                events.update(more_events)
            else:
                evidence.append(Evidence(config_path, "not found"))
        rule = first_lock_rule(rules, events.get("lock", ""))
        if rule:
            return LockPlan(True, rule.seconds)
        if is_locker(events.get("before-sleep", "")):
            return LockPlan(False, why_not="swayidle locks the screen only before the computer sleeps, not when "
                            "it is left idle")
        return LockPlan(False, why_not="swayidle is running, but none of its timeouts locks the screen")
    evidence.append(Evidence("running programs", "neither swayidle nor hypridle"))
    return LockPlan(False, why_not="no idle tool (swayidle or hypridle) is running to lock it")


def _rules_text(rules: list[IdleRule], events: dict[str, str]) -> str:
    parts = [f"after {rule.seconds} s: {rule.command}" for rule in rules]
    parts += [f"{name}: {command}" for name, command in events.items() if command]
    return "; ".join(parts) or "no timeouts"
