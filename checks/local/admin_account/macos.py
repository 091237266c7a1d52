"""How admin-account looks on macOS: is the account in daily use a member of the admin group?

``id -Gn`` lists the groups of the account running Homeguard (the same list `groups` prints: on an administrator
it includes ``admin``, e.g. "staff everyone localaccounts _appserverusr admin ..." on macOS 14, BusKill/buskill-app#77).
``dscl . -read /Groups/admin GroupMembership`` (no admin rights needed) names every administrator, e.g.
"GroupMembership: root williamj" on macOS 15.6.1; root is the system's own account and is not counted.

Why "partial" and not "fail" for an administrator: Apple makes the first account on every Mac an administrator
("The new user you create when you first set up your Mac is an administrator", Apple, "Set up users, guests, and
groups on Mac"), so on most family Macs it is the only one, and using it is how the Mac was meant to be set up.
Apple's own advice still keeps administrator rights close: "Don't set up automatic login for an administrator" and
"don't share administrator names and passwords" (same page). A standard account for everyday use, with a separate
administrator kept for installing and changing settings, closes the door a trick app or link would otherwise walk
through, so an administrator in daily use is flagged gently, with the way to change it. A standard account passes.

When Homeguard runs as root (through sudo), ``id -Gn`` would describe root; the account that started sudo
(SUDO_USER) is asked about instead, and without it the answer is "could not tell".
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import Host, first_line
from auditor.model import Evidence, Finding, Fix, Status

ADMIN_GROUP = "admin"


def parse_group_membership(text: str) -> list[str] | None:
    """Account names after ``GroupMembership:`` in dscl's answer; [] when the group has no such line (dscl then
    says "No such key: GroupMembership"); None when the answer is not understood."""
    for line in text.splitlines():
        if line.startswith("GroupMembership:"):
            return line.split(":", 1)[1].split()
        if line.startswith("No such key: GroupMembership"):
            return []
    return None


def readable_name(name: str) -> bool:
    """A group name as ``id -Gn`` prints one: no control characters and no bytes that were not text."""
    return name.isprintable() and "\ufffd" not in name


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    user = host.user()
    account = user.name
    argv = ["id", "-Gn"]
    if user.uid == 0 or user.name == "root":
        account = host.env("SUDO_USER") or ""
        if not account or account == "root":
            return finding(Status.UNKNOWN, "Could not tell: Homeguard is running as the system administrator (root), "
                           "so it cannot see which account you use day to day. Run it from your own account.",
                           [Evidence("account", user.name or "root")])
        argv = ["id", "-Gn", account]
    command = " ".join(argv)
    result = host.run(argv, timeout=5)
    if not result.ok:
        return finding(Status.UNKNOWN, f"Could not tell whether your account is an administrator: "
                       f"{result.problem()}.", [Evidence(command, result.problem())])
    groups = result.stdout.split()
    if not groups:
        return finding(Status.UNKNOWN, "Could not tell whether your account is an administrator: `id -Gn` listed "
                       "no groups.", [Evidence(command, "no groups listed")])
    if not all(readable_name(group) for group in groups):
        # Garbled text (another encoding, binary) would otherwise read as "not in the admin group": a pass.
        return finding(Status.UNKNOWN, "Could not tell whether your account is an administrator: `id -Gn` gave "
                       "an answer Homeguard cannot read.", [Evidence(command, "an answer that is not readable text")])
    is_admin = ADMIN_GROUP in groups
    evidence = [Evidence(command, f"{len(groups)} groups; admin: {'yes' if is_admin else 'no'}")]
    if not is_admin:
        return finding(Status.PASS, f"You use a standard account ({account}) day to day, not an administrator.",
                       evidence)

    members = _admin_members(host, evidence)
    others = [m for m in members or [] if m not in (account, "root") and not m.startswith("_")]
    if members is None:
        return finding(Status.PARTIAL, f"Your everyday account ({account}) is an administrator. A standard account "
                       "for daily use is safer; keep an administrator account only for installing apps and "
                       "changing settings.", evidence)
    if others:
        return finding(Status.PARTIAL, f"Your everyday account ({account}) is an administrator. This Mac has "
                       f"another administrator ({', '.join(others)}), so yours could be made a standard account.",
                       evidence)
    return finding(Status.PARTIAL, f"Your account ({account}) is the only administrator on this Mac. That is how "
                   "Macs come set up, but for everyday use a standard account is safer: create a second "
                   "administrator for changes, then make this one a standard account.", evidence)


def _admin_members(host: Host, evidence: list[Evidence]) -> list[str] | None:
    command = "dscl . -read /Groups/admin GroupMembership"
    result = host.run(["dscl", ".", "-read", "/Groups/admin", "GroupMembership"], timeout=5)
    said = f"{result.stdout}\n{result.stderr}" if result.ran else ""
    members = parse_group_membership(said)
    if members is None:
        evidence.append(Evidence(command, result.problem() or first_line(said) or "no answer"))
        return None
    evidence.append(Evidence(command, f"administrators: {', '.join(members) or 'none listed'}"))
    return members


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Whether the account running Homeguard is in the admin group (`id -Gn`), and which accounts are "
    "administrators (`dscl . -read /Groups/admin GroupMembership`). No administrator rights are needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings and click Users & Groups in the sidebar.",
            "If there is no other administrator: click Add User, choose Administrator, and give it a name and a "
            "strong password you keep safe (for a parent, or for installing apps).",
            "Sign out, sign in to that new administrator account, open Users & Groups again, click the Info button "
            "next to your everyday account and turn off \u201cAllow this user to administer this computer\u201d.",
            "From then on, macOS asks for the administrator's name and password when something needs it.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Users-Groups-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mtusr001/mac",
    ),
}
