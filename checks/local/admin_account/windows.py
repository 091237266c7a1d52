"""How admin-account looks on Windows: whether the signed-in account is an administrator.

``whoami /groups`` lists every group in the account's sign-in token with its security identifier (SID). The names
and the attribute words are translated into the computer's language ("VORDEFINIERT\\Administratoren",
"BUILTIN\\Administrateurs", "Groupe obligatoire"); the SIDs are not, so only SIDs are read:

* ``S-1-5-32-544`` (the local Administrators group) in the token: the account is an administrator. With User
  Account Control on, Windows marks the group "Group used for deny only" until the person agrees to a prompt, but
  it is still an administrator account: anything they say yes to gets full control. Used every day, that is
  partial, with the advice to keep the administrator account for changes and use a standard one day to day.
* ``whoami /user`` gives the account's own SID. One ending in ``-500`` is the built-in Administrator account, which
  Windows runs without User Account Control's prompts by default: every program it starts has full control, so it
  fails. (When ``whoami /user`` gives no answer, the check goes on without that distinction.)
* The SYSTEM account (``S-1-5-18``, or the System mandatory label ``S-1-16-16384``) is not a person: Homeguard was
  started by a service, so it cannot tell who uses the computer ("could not tell").
* No ``S-1-5-32-544``: a standard account (pass).

A Windows console narrower than the table wraps its lines; SIDs are never split, so wrapped output reads the same.
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

ADMINISTRATORS = "S-1-5-32-544"
SYSTEM_ACCOUNT = "S-1-5-18"
LABELS = {"S-1-16-4096": "low", "S-1-16-8192": "medium", "S-1-16-8448": "medium-plus", "S-1-16-12288": "high",
          "S-1-16-16384": "system"}
TIMEOUT = 4.0

_SID = re.compile(r"(?<![\w-])S-1-\d+(?:-\d+)+(?![\w-])")


def sids_in(text: str) -> list[str]:
    """Every SID in whoami's output, in the order printed."""
    return _SID.findall(text)


def integrity_level(sids: list[str]) -> str:
    return next((LABELS[sid] for sid in sids if sid in LABELS), "")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    groups = host.run(["whoami", "/groups"], timeout=TIMEOUT)
    if not groups.ok:
        return finding(Status.UNKNOWN, f"Could not tell whether this is an administrator account: "
                       f"{groups.problem()}.", [Evidence("whoami /groups", groups.problem())])
    group_sids = sids_in(groups.stdout)
    if not group_sids:
        return finding(Status.UNKNOWN, "Could not tell whether this is an administrator account: whoami's answer "
                       "was not in the form Homeguard expects.", [Evidence("whoami /groups", "no SIDs in the answer")])
    level = integrity_level(group_sids)
    admin = ADMINISTRATORS in group_sids
    evidence = [Evidence("whoami /groups", f"{len(group_sids)} groups; Administrators (S-1-5-32-544) "
                         f"{'present' if admin else 'absent'}" + (f"; {level} integrity" if level else ""))]

    user = host.run(["whoami", "/user"], timeout=TIMEOUT)
    user_sids = sids_in(user.stdout) if user.ok else []
    user_sid = user_sids[0] if user_sids else ""
    evidence.append(Evidence("whoami /user", user_sid or user.problem() or "no SID in the answer"))
    name = host.user().name or "this account"

    if user_sid == SYSTEM_ACCOUNT or level == "system":
        return finding(Status.UNKNOWN, "Could not tell: Homeguard is running as Windows' own system account, not as "
                       "a person, so it cannot see which account is used day to day. Run it from your own "
                       "account.", evidence)
    if not admin:
        return finding(Status.PASS, f"{name} is a standard account, not an administrator.", evidence)
    if user_sid.endswith("-500"):
        return finding(Status.FAIL, f"{name} is Windows' built-in Administrator account, which skips the \u201cDo "
                       "you want to allow this app to make changes?\u201d question, so every program it starts has "
                       "full control of the computer.", evidence)
    return finding(Status.PARTIAL, f"{name} is an administrator account. Using it every day means one wrong click "
                   "on a trick download can change the whole computer; keep it for changes and use a standard "
                   "account day to day.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The groups of the account Homeguard runs as, by their security identifiers (`whoami /groups`, `whoami "
    "/user`): membership of the local Administrators group (S-1-5-32-544), and whether it is the built-in "
    "Administrator account."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Make a second, standard account for everyday use: Settings, Accounts, Other users, Add account.",
            "Sign in with the new account day to day. Keep the administrator account only for installing programs "
            "and changing settings; Windows will ask for its password when that is needed.",
            "If you use the built-in \u201cAdministrator\u201d account, create your own account instead, make it "
            "an administrator, and switch the built-in one off.",
        ),
        settings_url="ms-settings:otherusers",
        more_info="https://support.microsoft.com/windows/create-a-local-user-or-administrator-account-in-windows-"
                  "20de74e0-ac7f-3502-a866-32915af2a34d",
    ),
}
