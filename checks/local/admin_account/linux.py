"""How admin-account looks on Linux: is the everyday account root, or in a group that may act as administrator?

On Linux an administrator is an account that may use sudo (or polkit's administrator prompts): by default the
members of the sudo group on Debian, Ubuntu and Mint, wheel on Fedora, Arch and openSUSE, and admin on older
Ubuntu releases. Their groups come from the running process and from /etc/group (which also shows a group someone
was added to since they signed in).

Verdicts, and why:
- signed in as root (uid 0, not started through sudo, doas or pkexec): fail. Everything runs with full power and
  nothing ever asks first.
- an administrator account used every day: partial, not fail. Unlike an administrator on Windows (where a click
  on "Yes" is enough) or macOS, sudo and polkit ask for the account's password before every change, so a trick
  link cannot quietly take over; but anything that learns or waits for that password can, which is why GNOME's
  own help says day-to-day use needs no administrator rights.
- a standard account: pass.
When Homeguard itself was started with sudo, doas or pkexec, the person who started it is the one judged: being
able to do that means their account is an administrator.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import is_text
from checks.local.common.desktop import find_desktop

GROUP = "/etc/group"
PASSWD = "/etc/passwd"
ADMIN_GROUPS = ("sudo", "wheel", "admin")
# Set by sudo(8), doas(1) and pkexec(1) in the program they start: who asked for the elevation.
INVOKER_NAME_VARS = ("SUDO_USER", "DOAS_USER")
INVOKER_UID_VAR = "PKEXEC_UID"


# -- pure parsers, testable on their own ----------------------------------------------------------------------------

def group_members(text: str) -> dict[str, set[str]]:
    """/etc/group: each group's name to its listed members."""
    groups: dict[str, set[str]] = {}
    for line in text.splitlines():
        fields = line.strip().split(":")
        if len(fields) < 4 or line.startswith("#"):
            continue
        groups[fields[0]] = {m.strip() for m in fields[3].split(",") if m.strip()}
    return groups


def groups_of(user: str, members: dict[str, set[str]]) -> set[str]:
    return {group for group, names in members.items() if user in names}


def admin_groups(groups: set[str]) -> list[str]:
    return [group for group in ADMIN_GROUPS if group in groups]


def name_for_uid(passwd_text: str, uid: str) -> str:
    for line in passwd_text.splitlines():
        fields = line.strip().split(":")
        if len(fields) >= 3 and fields[2] == uid:
            return fields[0]
    return ""


# -- the probe ------------------------------------------------------------------------------------------------------

def _read(host: Host, path: str, evidence: list[Evidence]) -> str | None:
    try:
        text = host.read_text(path)
    except AccessDenied:
        evidence.append(Evidence(path, "not allowed to read it"))
        return None
    if text is None:
        evidence.append(Evidence(path, "not found"))
    return text


def _group_file(host: Host, evidence: list[Evidence]) -> tuple[str | None, bool]:
    """/etc/group's text, and whether it is there but could not be read (refused, or not text): then a group the
    account joined since signing in could be hiding in it."""
    try:
        text = host.read_text(GROUP)
    except AccessDenied:
        evidence.append(Evidence(GROUP, "not allowed to read it"))
        return None, True
    if text is None:
        evidence.append(Evidence(GROUP, "not found"))
        return None, False
    if not is_text(text):
        evidence.append(Evidence(GROUP, "not a text file Homeguard can read"))
        return None, True
    return text, False


def _invoker(host: Host, evidence: list[Evidence]) -> str:
    """The person who started Homeguard through sudo, doas or pkexec, or ""."""
    for variable in INVOKER_NAME_VARS:
        name = (host.env(variable) or "").strip()
        if name and name != "root":
            evidence.append(Evidence(variable, name))
            return name
    uid = (host.env(INVOKER_UID_VAR) or "").strip()
    if uid and uid != "0":
        passwd = _read(host, PASSWD, evidence)
        name = name_for_uid(passwd, uid) if passwd else ""
        evidence.append(Evidence(INVOKER_UID_VAR, f"{uid} ({name or 'name not found'})"))
        return name or f"the account with number {uid}"
    return ""


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    user = host.user()
    evidence.append(Evidence("account running Homeguard", f"{user.name} (uid {user.uid})"))
    if not user.name and user.uid is None:  # the system would not say (Host.user's UNKNOWN_USER)
        return finding(Status.UNKNOWN, "Could not tell: the system did not say which account is running Homeguard.",
                       evidence, desktop.id)

    if user.uid == 0:
        invoker = _invoker(host, evidence)
        if not invoker:
            return finding(Status.FAIL, "You are signed in as root, the account that can change everything "
                           "without ever asking.", evidence, desktop.id)
        text = _read(host, GROUP, evidence)
        found = admin_groups(groups_of(invoker, group_members(text))) if text else []
        evidence.append(Evidence(GROUP, f"{invoker} is in {', '.join(found)}" if found
                                 else f"no administrator group lists {invoker}"))
        return finding(Status.PARTIAL, f"Your everyday account ({invoker}) is an administrator: it started "
                       "Homeguard with administrator rights. Linux asks for your password before each change, "
                       "so this is a smaller risk than on other systems.", evidence, desktop.id)

    own = set(user.groups)
    evidence.append(Evidence("groups of the running account", ", ".join(sorted(own)) or "none reported"))
    text, unreadable = _group_file(host, evidence)
    listed = groups_of(user.name, group_members(text)) if text else set()
    if text is not None:
        evidence.append(Evidence(GROUP, f"lists {user.name} in {', '.join(sorted(listed))}" if listed
                                 else f"lists {user.name} in no extra group"))
    if text is None and not own:
        return finding(Status.UNKNOWN, "Could not tell: neither the account's groups nor /etc/group could be "
                       "read.", evidence, desktop.id)

    found = admin_groups(own | listed)
    if found:
        return finding(Status.PARTIAL, f"Your everyday account ({user.name}) is an administrator (it is in the "
                       f"{found[0]} group). Linux asks for your password before each change, so this is a smaller "
                       "risk than on other systems.", evidence, desktop.id)
    if unreadable:
        return finding(Status.UNKNOWN, f"Could not tell: your account ({user.name}) is not in an administrator group "
                       f"now, but {GROUP}, which also shows groups it was added to since signing in, could not be "
                       "read.", evidence, desktop.id)
    return finding(Status.PASS, f"You are using a standard account ({user.name}), which cannot change the whole "
                   "system.", evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which account is running Homeguard (and, when it was started with sudo, doas or pkexec, who started it), "
    "and whether that account is root or in an administrator group (sudo, wheel or admin), from its own "
    "groups and /etc/group."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Make a second, standard account for everyday use. In a terminal: sudo adduser <name> (Debian, "
            "Ubuntu, Mint) or sudo useradd -m <name> followed by sudo passwd <name> (Fedora, Arch).",
            "Sign in with the standard account day to day. When something needs an administrator, your system "
            "asks for the administrator account's name and password.",
            "If you are signed in as root, make an ordinary account the same way and sign in with that instead.",
        ),
        more_info="https://help.gnome.org/users/gnome-help/stable/user-admin-explain.html",
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings, then System, then Users (on older versions: Settings, Users), and press Unlock.",
            "Press Add User, choose Standard as the account type, and give it a name and password.",
            "Use the new standard account day to day; keep your current account for making changes.",
        ),
        settings_command=("gnome-control-center", "system", "users"),
        more_info="https://help.gnome.org/users/gnome-help/stable/user-add.html",
    ),
    "linux:kde": Fix(
        steps=(
            "Open System Settings, then Users.",
            "Press Add New, give the account a name and password, and leave Administrator unticked.",
            "Use the new standard account day to day; keep your current account for making changes.",
        ),
        settings_command=("systemsettings", "kcm_users"),
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The wheel and admin group names (distribution defaults; the sudo case is recorded)",
)
