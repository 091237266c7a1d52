"""How auto-login looks on Linux: read every login manager's own settings, and the console's, the way each reads them.

Nothing here runs a program: every answer comes from configuration files. A login manager counts as present when
one of its settings files exists. Later files override earlier ones, as they do for SDDM and LightDM; a
commented-out line is not a setting.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import ini_value, is_text, is_true, parse_ini, parse_shell_vars
from checks.local.common.desktop import find_desktop

GDM_FILES = ("/etc/gdm3/custom.conf", "/etc/gdm3/daemon.conf", "/etc/gdm/custom.conf")
SDDM_DIRS = ("/usr/lib/sddm/sddm.conf.d", "/etc/sddm.conf.d")
SDDM_FILE = "/etc/sddm.conf"
LIGHTDM_DIRS = (
    "/usr/share/lightdm/lightdm.conf.d",
    "/usr/local/share/lightdm/lightdm.conf.d",
    "/etc/xdg/lightdm/lightdm.conf.d",
    "/etc/lightdm/lightdm.conf.d",
)
LIGHTDM_FILE = "/etc/lightdm/lightdm.conf"
GREETD_FILE = "/etc/greetd/config.toml"
LXDM_FILE = "/etc/lxdm/lxdm.conf"
NODM_FILE = "/etc/default/nodm"
GETTY_DROPINS = (
    "/etc/systemd/system/getty@*.service.d/*.conf",
    "/etc/systemd/system/serial-getty@*.service.d/*.conf",
    "/etc/systemd/system/autovt@*.service.d/*.conf",
)
AUTOLOGGED_MARKER = "/run/agetty.autologged"  # NixOS's getty "autologin once" leaves this after logging someone in


@dataclass(frozen=True)
class AutoLogin:
    """One automatic sign-in: who, by what, and where it is set."""

    manager: str
    user: str
    where: str
    note: str = ""

    def sentence(self) -> str:
        """The finding as a sentence: "alex is signed in automatically, without a password, by GDM"."""
        who = "The guest account" if self.user == "(guest)" else (self.user or "Someone")
        tense = "was" if not self.user else "is"
        return f"{who} {tense} signed in automatically, without a password, by {self.manager}" + (
            f" ({self.note})" if self.note else ""
        )


class _Reader:
    """Reads files for one scan, remembering what it looked at and what it could not read."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.evidence: list[Evidence] = []
        self.denied: list[str] = []
        self.not_text: list[str] = []

    def text(self, path: str) -> str | None:
        try:
            text = self.host.read_text(path)
        except AccessDenied:
            self.denied.append(path)
            self.evidence.append(Evidence(path, "not allowed to read it"))
            return None
        if text is not None and not is_text(text):
            self.not_text.append(path)
            self.evidence.append(Evidence(path, "not a text file Homeguard can read"))
            return None
        return text

    def conf_dir(self, folder: str) -> list[str]:
        try:
            names = self.host.list_dir(folder)
        except AccessDenied:
            self.denied.append(folder)
            self.evidence.append(Evidence(folder, "not allowed to list it"))
            return []
        return [f"{folder}/{name}" for name in sorted(names) if name.endswith(".conf")]


# -- pure parsers, testable on their own ----------------------------------------------------------------------------

def gdm_autologins(text: str) -> list[tuple[str, str, str]]:
    """GDM's [daemon] group: (kind, user, delay) for automatic and timed login that are on and name a user."""
    sections = parse_ini(text)
    found = []
    if is_true(ini_value(sections, "daemon", "AutomaticLoginEnable")):
        user = (ini_value(sections, "daemon", "AutomaticLogin") or "").strip()
        if user:
            found.append(("automatic", user, ""))
    if is_true(ini_value(sections, "daemon", "TimedLoginEnable")):
        user = (ini_value(sections, "daemon", "TimedLogin") or "").strip()
        if user:
            found.append(("timed", user, (ini_value(sections, "daemon", "TimedLoginDelay") or "").strip()))
    return found


def merge_ini(texts: list[str]) -> dict[str, dict[str, str]]:
    """Several INI files read in order, later values overriding earlier ones, section by section (keys as written,
    sections compared without case, as SDDM and LightDM do)."""
    merged: dict[str, dict[str, str]] = {}
    for text in texts:
        for section, values in parse_ini(text).items():
            merged.setdefault(section.lower(), {}).update(values)
    return merged


def sddm_autologin(merged: dict[str, dict[str, str]]) -> tuple[str, str]:
    """SDDM's [Autologin] User and Session after all files are merged."""
    group = merged.get("autologin", {})
    return group.get("User", "").strip(), group.get("Session", "").strip()


def lightdm_autologins(merged: dict[str, dict[str, str]]) -> list[tuple[str, str, str]]:
    """LightDM seat sections ([Seat:*], [Seat:seat0], the old [SeatDefaults]): (section, user or "(guest)", delay)."""
    found = []
    for section, values in merged.items():
        if not (section.startswith("seat:") or section == "seatdefaults"):
            continue
        user = values.get("autologin-user", "").strip()
        delay = values.get("autologin-user-timeout", "").strip()
        if user:
            found.append((section, user, delay if delay not in ("", "0") else ""))
        elif is_true(values.get("autologin-guest")):
            found.append((section, "(guest)", ""))
    return found


def greetd_initial_session(text: str) -> tuple[str, str] | None:
    """greetd's [initial_session] (user, command), or None. A file greetd itself could not read as TOML is read
    line by line instead, so a broken file does not hide an auto-login."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _initial_session_by_lines(text)
    session = data.get("initial_session")
    if not isinstance(session, dict):
        return None
    return str(session.get("user", "")).strip(), str(session.get("command", "")).strip()


def _initial_session_by_lines(text: str) -> tuple[str, str] | None:
    inside = seen = False
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            inside = line == "[initial_session]"
            seen = seen or inside
            continue
        if inside and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip("\"'")
    if not seen:
        return None
    return values.get("user", ""), values.get("command", "")


_AUTOLOGIN_OPTION = re.compile(r"^(?:--autologin|-a)(?:=(?P<inline>.+))?$")


def getty_autologin_user(text: str) -> str | None:
    """The user a getty drop-in logs in automatically: the last ExecStart= in [Service] (an empty one resets the
    list) with ``--autologin USER``, ``--autologin=USER`` or ``-a USER``. None when it does not."""
    exec_start = ""
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line.strip("[]").strip()
            continue
        if section == "Service" and line.startswith("ExecStart="):
            exec_start = line.split("=", 1)[1].strip()
    if not exec_start:
        return None
    try:
        words = shlex.split(exec_start.lstrip("-@:+!"))
    except ValueError:
        words = exec_start.split()
    for index, word in enumerate(words):
        match = _AUTOLOGIN_OPTION.match(word)
        if not match:
            continue
        if match["inline"]:
            return match["inline"]
        if index + 1 < len(words):
            return words[index + 1]
    return None


# -- the probe ------------------------------------------------------------------------------------------------------

def _gdm(reader: _Reader, found: list[AutoLogin], present: list[str]) -> None:
    for path in GDM_FILES:
        text = reader.text(path)
        if text is None:
            continue
        present.append("GDM")
        logins = gdm_autologins(text)
        for kind, user, delay in logins:
            note = _after(delay) if kind == "timed" and delay else ("timed login" if kind == "timed" else "")
            found.append(AutoLogin("GDM", user, path, note))
        reader.evidence.append(Evidence(path, ", ".join(f"{kind} login for {user}" for kind, user, _ in logins)
                                        or "no automatic or timed login"))


def _after(delay: str) -> str:
    return f"after {delay} second" + ("" if delay == "1" else "s")


def _merged(reader: _Reader, dirs: tuple[str, ...], last: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    paths = [path for folder in dirs for path in reader.conf_dir(folder)] + [last]
    texts, read = [], []
    for path in paths:
        text = reader.text(path)
        if text is not None:
            texts.append(text)
            read.append(path)
    return read, merge_ini(texts)


def _sddm(reader: _Reader, found: list[AutoLogin], present: list[str]) -> None:
    read, merged = _merged(reader, SDDM_DIRS, SDDM_FILE)
    if not read:
        return
    present.append("SDDM")
    user, session = sddm_autologin(merged)
    where = ", ".join(read)
    if user:
        found.append(AutoLogin("SDDM", user, where, f"into {session}" if session else ""))
        shown = f"[Autologin] User={user}" + (f", Session={session}" if session else "")
        reader.evidence.append(Evidence(where, shown))
    else:
        reader.evidence.append(Evidence(where, "no [Autologin] user"))


def _lightdm(reader: _Reader, found: list[AutoLogin], present: list[str]) -> None:
    read, merged = _merged(reader, LIGHTDM_DIRS, LIGHTDM_FILE)
    if not read:
        return
    present.append("LightDM")
    where = ", ".join(read)
    logins = lightdm_autologins(merged)
    for _section, user, delay in logins:
        found.append(AutoLogin("LightDM", user, where, _after(delay) if delay else ""))
    reader.evidence.append(Evidence(where, ", ".join(
        "autologin-guest=true" if user == "(guest)" else f"autologin-user={user}" for _s, user, _d in logins
    ) or "no autologin-user or autologin-guest"))


def _greetd(reader: _Reader, found: list[AutoLogin], present: list[str]) -> None:
    text = reader.text(GREETD_FILE)
    if text is None:
        return
    present.append("greetd")
    session = greetd_initial_session(text)
    if session and session[0]:
        user, command = session
        found.append(AutoLogin("greetd", user, GREETD_FILE, f"starting {command}" if command else ""))
        reader.evidence.append(Evidence(GREETD_FILE, f"[initial_session] user={user}, command={command}"))
    else:
        reader.evidence.append(Evidence(GREETD_FILE, "no [initial_session]"))


def _lxdm(reader: _Reader, found: list[AutoLogin], present: list[str]) -> None:
    text = reader.text(LXDM_FILE)
    if text is None:
        return
    present.append("LXDM")
    user = (ini_value(parse_ini(text), "base", "autologin") or "").strip()
    if user:
        found.append(AutoLogin("LXDM", user, LXDM_FILE))
    reader.evidence.append(Evidence(LXDM_FILE, f"autologin={user}" if user else "no autologin"))


def _nodm(reader: _Reader, found: list[AutoLogin], present: list[str]) -> None:
    text = reader.text(NODM_FILE)
    if text is None:
        return
    present.append("nodm")
    values = parse_shell_vars(text)
    enabled = values.get("NODM_ENABLED", "").strip().lower() not in ("no", "false")
    user = values.get("NODM_USER", "").strip()
    if enabled and user:
        found.append(AutoLogin("nodm", user, NODM_FILE))
    reader.evidence.append(Evidence(NODM_FILE, f"NODM_ENABLED={values.get('NODM_ENABLED', '')}, NODM_USER={user}"))


def _console(reader: _Reader, found: list[AutoLogin]) -> None:
    dropins = sorted({path for pattern in GETTY_DROPINS for path in reader.host.glob(pattern)})
    for path in dropins:
        text = reader.text(path)
        if text is None:
            continue
        user = getty_autologin_user(text)
        unit = path.rsplit("/", 2)[-2].removesuffix(".d")
        if user:
            found.append(AutoLogin("the text console", user, path, unit))
        reader.evidence.append(Evidence(path, f"--autologin {user}" if user else "no automatic login"))
    if reader.host.exists(AUTOLOGGED_MARKER):
        found.append(AutoLogin("the text console", "", AUTOLOGGED_MARKER, "it already did so since start-up"))
        reader.evidence.append(Evidence(AUTOLOGGED_MARKER, "present: the console logged someone in automatically"))


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    reader = _Reader(host)
    found: list[AutoLogin] = []
    present: list[str] = []
    for look in (_gdm, _sddm, _lightdm, _greetd, _lxdm, _nodm):
        look(reader, found, present)
    _console(reader, found)
    managers = list(dict.fromkeys(present))
    evidence = reader.evidence

    if found:
        first, rest = found[0], found[1:]
        summary = first.sentence()
        if rest:
            summary += f"; {len(rest)} more automatic sign-in{'s are' if len(rest) > 1 else ' is'} set up too"
        desktop = _desktop_for_fix(host, first.manager)
        return finding(Status.FAIL, summary + ".", evidence, desktop)
    if reader.denied:
        return finding(Status.UNKNOWN, f"Could not tell: Homeguard was not allowed to read {reader.denied[0]}, "
                       "which can turn on automatic sign-in.", evidence)
    if reader.not_text:
        return finding(Status.UNKNOWN, f"Could not tell: {reader.not_text[0]}, which can turn on automatic sign-in, "
                       "is not written as plain text, so Homeguard could not read it.", evidence)
    if managers:
        names = " and ".join(managers) if len(managers) <= 2 else ", ".join(managers[:-1]) + " and " + managers[-1]
        return finding(Status.PASS, f"Nobody is signed in automatically: {names} "
                       f"{'asks' if len(managers) == 1 else 'ask'} for a password.", evidence)
    evidence.append(Evidence("login managers", "no settings found for GDM, SDDM, LightDM, greetd, LXDM or nodm"))
    return finding(Status.PASS, "Nobody is signed in automatically: no login manager was found and the text console "
                   "does not sign anyone in by itself.", evidence)


def _desktop_for_fix(host: Host, manager: str) -> str | None:
    """The desktop whose own settings panel turns this auto-login off, so the matching fix is shown."""
    desktop = find_desktop(host).id
    if (manager, desktop) in (("GDM", "gnome"), ("SDDM", "kde")):
        return desktop
    return None


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The settings of each login manager that has any: GDM (/etc/gdm3/custom.conf, /etc/gdm3/daemon.conf, "
    "/etc/gdm/custom.conf), SDDM (/etc/sddm.conf and its .conf.d folders), LightDM (lightdm.conf and its "
    ".conf.d folders), greetd (/etc/greetd/config.toml), LXDM and nodm; and the text console's getty "
    "settings (/etc/systemd/system/getty@*.service.d/*.conf). Files only: nothing is run."
)

FIXES = {
    "linux": Fix(
        steps=(
            "GDM: in /etc/gdm3/custom.conf (Debian: /etc/gdm3/daemon.conf; Fedora, Arch: /etc/gdm/custom.conf) "
            "set AutomaticLoginEnable=false and TimedLoginEnable=false, or put # in front of those lines.",
            "SDDM: remove the User= line under [Autologin] in /etc/sddm.conf or /etc/sddm.conf.d/*.conf.",
            "LightDM: remove autologin-user= (and autologin-guest=true) from /etc/lightdm/lightdm.conf and "
            "/etc/lightdm/lightdm.conf.d/*.conf.",
            "greetd: remove the [initial_session] section from /etc/greetd/config.toml.",
            "Text console: delete the getty override that adds --autologin "
            "(/etc/systemd/system/getty@tty1.service.d/*.conf).",
            "These files belong to the system, so changing them needs an administrator. Restart the computer "
            "afterwards and check that it asks for a password.",
        ),
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings, choose System, then Users (on GNOME 45 and older, Users is its own page).",
            "Unlock with your password, choose the account and turn off Automatic Login.",
        ),
        settings_command=("gnome-control-center", "system", "users"),
        more_info="https://help.gnome.org/users/gnome-help/stable/user-autologin.html",
    ),
    "linux:kde": Fix(
        steps=(
            "Open System Settings and choose Login Screen (SDDM).",
            "Click Behavior, untick \u201cAutomatically log in\u201d, then Apply and enter your password.",
        ),
        settings_command=("systemsettings", "kcm_sddm"),
    ),
}
