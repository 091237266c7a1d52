"""How guest-account looks on Linux: LightDM's guest sessions, and an account called guest that needs no password.

Of the common Linux login screens only LightDM (Xubuntu, Lubuntu, Ubuntu MATE, Linux Mint, many school set-ups)
has guest sessions; GDM, SDDM and greetd have none. LightDM allows them unless ``allow-guest=false`` is set, but it
can only start one when its guest-account program is installed (``guest-account-script``, by default
``guest-account`` on the PATH): Ubuntu's lightdm package ships it at /usr/sbin/guest-account and switches guests off
with /usr/share/lightdm/lightdm.conf.d/50-disable-guest.conf; Debian's package does not ship it at all. The greeter
only offers a guest button when ``greeter-allow-guest`` is also on.

The other way in is an ordinary account called guest with no password. /etc/passwd says the account exists and
whether it can log in; only /etc/shadow (readable by administrators only) says whether it has a password.
Nothing here runs a program or changes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import parse_ini
from checks.local.common.desktop import find_desktop

LIGHTDM_DIRS = (
    "/usr/share/lightdm/lightdm.conf.d",
    "/usr/local/share/lightdm/lightdm.conf.d",
    "/etc/xdg/lightdm/lightdm.conf.d",
    "/etc/lightdm/lightdm.conf.d",
)
LIGHTDM_FILE = "/etc/lightdm/lightdm.conf"
LIGHTDM_PROGRAMS = ("/usr/sbin/lightdm", "/usr/bin/lightdm")
DEFAULT_GUEST_SCRIPT = "guest-account"
# The PATH LightDM searches for its guest-account program (it runs with a clean system environment).
SCRIPT_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
GDM_FILES = ("/etc/gdm3/daemon.conf", "/etc/gdm3/custom.conf", "/etc/gdm/custom.conf")
PASSWD = "/etc/passwd"
SHADOW = "/etc/shadow"

# "guest" itself, and the temporary guest-xxxxxx accounts LightDM's guest-account script creates for a session.
_GUEST_NAME = re.compile(r"^guest(-[a-z0-9]{6})?$", re.IGNORECASE)
_NO_LOGIN_SHELLS = ("nologin", "false")

_RANK = {Status.FAIL: 0, Status.PARTIAL: 1, Status.UNKNOWN: 2, Status.PASS: 3}


@dataclass(frozen=True)
class LightDMGuest:
    """What LightDM's merged settings allow, for the most permissive seat."""

    allowed: bool  # allow-guest (default true)
    on_login_screen: bool  # greeter-allow-guest too (default true)
    automatic: bool  # autologin-guest=true
    where: str  # the file that last set allow-guest, or "LightDM's default"


@dataclass(frozen=True)
class PasswdEntry:
    name: str
    password: str  # the second field: "x" means "see /etc/shadow"
    uid: str
    home: str
    shell: str


# -- pure parsers, testable on their own ----------------------------------------------------------------------------

def merge_lightdm(files: list[tuple[str, str]]) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], str]]:
    """LightDM files read in order, later values winning. Sections lower-cased, keys lower-cased; also which file
    set each (section, key) last."""
    merged: dict[str, dict[str, str]] = {}
    where: dict[tuple[str, str], str] = {}
    for path, text in files:
        for section, values in parse_ini(text).items():
            target = merged.setdefault(section.lower(), {})
            for key, value in values.items():
                target[key.lower()] = value
                where[(section.lower(), key.lower())] = path
    return merged, where


def lightdm_bool(value: str | None, default: bool) -> bool:
    """LightDM's reading of a boolean: unset is the default, "true"/"1" is true, anything else is false."""
    if value is None:
        return default
    return value.strip().lower() in ("true", "1")


def seat_settings(merged: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each seat's settings: [SeatDefaults] (the old name), then [Seat:*], then the seat's own section."""
    base = {**merged.get("seatdefaults", {}), **merged.get("seat:*", {})}
    seats = {"*": base}
    for section, values in merged.items():
        if section.startswith("seat:") and section != "seat:*":
            seats[section[len("seat:"):]] = {**base, **values}
    return seats


def lightdm_guest(merged: dict[str, dict[str, str]], where: dict[tuple[str, str], str]) -> LightDMGuest:
    """The most permissive seat's guest settings."""
    seats = []
    for seat, values in seat_settings(merged).items():
        allowed = lightdm_bool(values.get("allow-guest"), True)
        seats.append(LightDMGuest(
            allowed,
            allowed and lightdm_bool(values.get("greeter-allow-guest"), True),
            allowed and lightdm_bool(values.get("autologin-guest"), False),
            _source(where, seat, "allow-guest"),
        ))
    return max(seats, key=lambda g: (g.allowed, g.automatic, g.on_login_screen))


def _source(where: dict[tuple[str, str], str], seat: str, key: str) -> str:
    sections = ([f"seat:{seat}"] if seat != "*" else []) + ["seat:*", "seatdefaults"]
    for section in sections:
        if (section, key) in where:
            return where[(section, key)]
    return "LightDM's default"


def guest_script(merged: dict[str, dict[str, str]]) -> str:
    return (merged.get("lightdm", {}).get("guest-account-script") or DEFAULT_GUEST_SCRIPT).strip()


def parse_passwd(text: str) -> list[PasswdEntry]:
    entries = []
    for line in text.splitlines():
        fields = line.strip().split(":")
        if len(fields) < 7 or line.startswith("#"):
            continue
        entries.append(PasswdEntry(fields[0], fields[1], fields[2], fields[5], fields[6]))
    return entries


def guest_accounts(entries: list[PasswdEntry]) -> list[PasswdEntry]:
    """Accounts called guest (or LightDM's guest-xxxxxx) that can log in: a shell that is not nologin or false."""
    return [e for e in entries if _GUEST_NAME.match(e.name) and not e.shell.strip().endswith(_NO_LOGIN_SHELLS)]


def shadow_passwords(text: str) -> dict[str, str]:
    """Account name to its password field in /etc/shadow (the hash is never kept or shown)."""
    found = {}
    for line in text.splitlines():
        fields = line.strip().split(":")
        if len(fields) >= 2 and fields[0]:
            found[fields[0]] = fields[1]
    return found


def password_state(field: str) -> str:
    """"none" (empty: no password at all), "locked" (! or *: no password sign-in) or "set"."""
    if field == "":
        return "none"
    if field.startswith(("!", "*")):
        return "locked"
    return "set"


# -- the probe ------------------------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, host: Host, evidence: list[Evidence]) -> None:
        self.host = host
        self.evidence = evidence

    def text(self, path: str) -> str | None:
        try:
            return self.host.read_text(path)
        except AccessDenied:
            self.evidence.append(Evidence(path, "not allowed to read it"))
            return None

    def conf_dir(self, folder: str) -> list[str]:
        try:
            names = self.host.list_dir(folder)
        except AccessDenied:
            self.evidence.append(Evidence(folder, "not allowed to list it"))
            return []
        return [f"{folder}/{name}" for name in sorted(names) if name.endswith(".conf")]


def _lightdm(reader: _Reader, results: list[tuple[Status, str]]) -> None:
    files = []
    for path in [p for folder in LIGHTDM_DIRS for p in reader.conf_dir(folder)] + [LIGHTDM_FILE]:
        text = reader.text(path)
        if text is not None:
            files.append((path, text))
    installed = [p for p in LIGHTDM_PROGRAMS if reader.host.exists(p)]
    if not files and not installed:
        return
    merged, where = merge_lightdm(files)
    guest = lightdm_guest(merged, where)
    read = ", ".join(path for path, _ in files) or "no settings files"
    reader.evidence.append(Evidence(f"LightDM ({read})", _describe(guest)))
    if not guest.allowed:
        results.append((Status.PASS, "Guest sessions are switched off on the login screen (LightDM)."))
        return
    script = guest_script(merged)
    candidates = [script] if script.startswith("/") else [f"{d}/{script}" for d in SCRIPT_PATH]
    found = next((path for path in candidates if reader.host.exists(path)), "")
    if not found:
        reader.evidence.append(Evidence(f"LightDM's guest-account program ({script})", "not installed, so LightDM "
                                        "cannot start a guest session"))
        results.append((Status.PASS, "LightDM would allow guests, but the program it needs for guest sessions is "
                        "not installed."))
        return
    reader.evidence.append(Evidence(found, "installed: LightDM can create guest sessions"))
    if guest.automatic:
        results.append((Status.FAIL, "This computer starts a guest session by itself, so anyone can use it "
                        "without a password."))
    elif guest.on_login_screen:
        results.append((Status.FAIL, "The login screen offers a guest session, so anyone can use this computer "
                        "without a password."))
    else:
        results.append((Status.PARTIAL, "Guest sessions are switched on but not shown on the login screen; they "
                        "can still be started without a password."))


def _describe(guest: LightDMGuest) -> str:
    if not guest.allowed:
        return f"allow-guest=false (set in {guest.where})"
    parts = [f"allow-guest is on ({guest.where})",
             "the login screen shows a guest button" if guest.on_login_screen else "greeter-allow-guest=false"]
    if guest.automatic:
        parts.append("autologin-guest=true")
    return ", ".join(parts)


def _accounts(reader: _Reader, results: list[tuple[Status, str]]) -> None:
    text = reader.text(PASSWD)
    if text is None:
        if not any(e.looked_at == PASSWD for e in reader.evidence):
            reader.evidence.append(Evidence(PASSWD, "could not be read"))
        results.append((Status.UNKNOWN, "Could not tell: the list of accounts (/etc/passwd) could not be read."))
        return
    guests = guest_accounts(parse_passwd(text))
    if not guests:
        reader.evidence.append(Evidence(PASSWD, "no account called guest that can sign in"))
        return
    shadow: dict[str, str] | None = None
    for entry in guests:
        field = entry.password
        if field == "x":
            if shadow is None:
                shadow_text = reader.text(SHADOW)
                shadow = shadow_passwords(shadow_text) if shadow_text is not None else {}
            if entry.name not in shadow:
                reader.evidence.append(Evidence(PASSWD, f"{entry.name} ({entry.shell}); its password could not "
                                                "be checked"))
                results.append((Status.UNKNOWN, f"There is an account called {entry.name}; Homeguard needs "
                                "administrator rights to see whether it has a password."))
                continue
            field = shadow[entry.name]
        state = password_state(field)
        words = {"none": "no password", "locked": "locked (no password sign-in)", "set": "has a password"}[state]
        reader.evidence.append(Evidence(f"{PASSWD}, {SHADOW}", f"{entry.name} ({entry.shell}): {words}"))
        if state == "none":
            results.append((Status.FAIL, f"There is an account called {entry.name} with no password, so anyone "
                            "can sign in to it."))
        elif state == "set":
            results.append((Status.PARTIAL, f"There is an account called {entry.name}. It has a password, but a "
                            "shared guest password is easily passed around."))


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))
    reader = _Reader(host, evidence)
    results: list[tuple[Status, str]] = []

    _lightdm(reader, results)
    gdm = [path for path in GDM_FILES if host.exists(path)]
    if gdm:
        evidence.append(Evidence(", ".join(gdm), "GDM, which has no guest sessions"))
    _accounts(reader, results)

    problems = sorted((r for r in results if r[0] is not Status.PASS), key=lambda r: _RANK[r[0]])
    if problems:
        status, summary = problems[0]
        return finding(status, summary, evidence, desktop.id)
    return finding(Status.PASS, "No guest account or guest session was found: everyone needs their own "
                   "password to use this computer.", evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "LightDM's settings (lightdm.conf and its .conf.d folders: allow-guest, greeter-allow-guest, "
    "autologin-guest) and whether its guest-account program is installed; GDM and SDDM have no guest "
    "sessions. Also /etc/passwd for an account called guest that can sign in, and, as administrator, "
    "/etc/shadow for whether it has a password (the password itself is never read out or kept)."
)

ADMIN_NOTE = (
    "Without administrator rights Homeguard can see that an account called guest exists, but not whether it "
    "has a password; that part then shows as \u201cCould not tell\u201d."
)

_LIGHTDM_STEPS = (
    "If the login screen offers a Guest session (LightDM, used by Xubuntu, Lubuntu, Ubuntu MATE and Linux Mint), "
    "open a terminal and run: sudo mkdir -p /etc/lightdm/lightdm.conf.d, then: printf '[Seat:*]\\nallow-guest="
    "false\\n' | sudo tee /etc/lightdm/lightdm.conf.d/90-no-guest.conf, then restart the computer.",
)

FIXES = {
    "linux": Fix(
        steps=(
            *_LIGHTDM_STEPS,
            "If there is an account called guest, remove it (sudo deluser --remove-home guest) or give it a "
            "password (sudo passwd guest).",
            "If visitors need the computer, give them a standard account with its own password instead.",
        ),
        more_info="https://github.com/canonical/lightdm",
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings, then System, then Users (on older versions: Settings, Users), and press Unlock.",
            "Select the account called guest and remove it, or set a password for it.",
            *_LIGHTDM_STEPS,
        ),
        settings_command=("gnome-control-center", "system", "users"),
        more_info="https://help.gnome.org/users/gnome-help/stable/user-delete.html",
    ),
    "linux:kde": Fix(
        steps=(
            "Open System Settings, then Users.",
            "Select the account called guest and delete it, or set a password for it.",
            *_LIGHTDM_STEPS,
        ),
        settings_command=("systemsettings", "kcm_users"),
        more_info="https://github.com/canonical/lightdm",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Guests allowed but hidden from the login screen (Debian default with one documented line changed)",
)
