"""How password-manager looks on macOS: password manager apps, browser add-ons, and the passwords macOS and the
browsers keep themselves.

Everything is read from files and folders in the person's own account, so no program is run:

* Apps: the app bundles password managers install in /Applications (or ~/Applications, or Setapp's folder), by
  the names their installers use (Homebrew's cask for each app names the bundle it installs).
* Browser add-ons: in every Chrome, Edge, Brave, Vivaldi, Opera and Chromium profile under
  ~/Library/Application Support, the ``Extensions/<id>`` folders, and whether each is turned on, from the
  profile's ``Secure Preferences`` and ``Preferences`` (on macOS Chrome keeps extension settings in the first);
  in every Firefox profile, ``extensions.json``. The add-on ids are the ones in known.py, the same on every system.
* Apple's own password store: iCloud Keychain (the Passwords app, and Safari's AutoFill) is not read at all. Only
  whether its sync is switched on is read, from the KEYCHAIN_SYNC entry of ~/Library/Preferences/
  MobileMeAccounts.plist (Apple's own record of the iCloud services in use). Keychain sync on, with no other
  manager, is a partial pass: Apple's store does make and fill in strong passwords, but only in Safari and on
  Apple devices. When it is off, passwords Safari saves stay only on this Mac, which Homeguard cannot see without
  reading them, so they are not counted.
* Passwords Chrome-family browsers and Firefox saved themselves are only counted, never read.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.browser_profiles import MACOS_FOLDERS as BROWSER_FOLDERS
from checks.local.common.macos import read_plist

from .browsers import look_at_browsers
from .seen import Seen, in_words

APPLICATION_FOLDERS = ("/Applications", "~/Applications", "/Applications/Setapp")

# Password manager -> the app bundles it installs (from each app's Homebrew cask, or its own documentation).
MAC_APPS: dict[str, tuple[str, ...]] = {
    "1Password": ("1Password.app", "1Password 7.app", "1Password for Safari.app"),
    "Bitwarden": ("Bitwarden.app",),
    "KeePassXC": ("KeePassXC.app",),
    "Dashlane": ("Dashlane.app",),
    "Enpass": ("Enpass.app",),
    "NordPass": ("NordPass.app",),
    "Proton Pass": ("Proton Pass.app",),
    "Keeper": ("Keeper Password Manager.app",),
    "RoboForm": ("RoboForm.app",),
    "LastPass": ("LastPass.app",),
    "Strongbox": ("Strongbox.app",),
    "MacPass": ("MacPass.app",),
    "Secrets": ("Secrets.app", "Secrets 4.app"),
}

# Browser profiles: the folders are listed in checks.local.common.browser_profiles (MACOS_FOLDERS).
MOBILE_ME = "~/Library/Preferences/MobileMeAccounts.plist"


# -- pure parsers -------------------------------------------------------------------------------------------------

def keychain_sync_on(mobile_me: dict[str, object]) -> bool:
    """Whether iCloud Keychain sync is switched on for an iCloud account, from MobileMeAccounts.plist."""
    accounts = mobile_me.get("Accounts")
    for account in accounts if isinstance(accounts, list) else []:
        for service in (account.get("Services") or []) if isinstance(account, dict) else []:
            if isinstance(service, dict) and service.get("Name") == "KEYCHAIN_SYNC" and service.get("Enabled"):
                return True
    return False


# -- looking ------------------------------------------------------------------------------------------------------

def _look_at_apps(host: Host, seen: Seen) -> None:
    for folder in APPLICATION_FOLDERS:
        for name, bundles in MAC_APPS.items():
            for bundle in bundles:
                if host.is_dir(f"{folder}/{bundle}"):
                    seen.manager(name, f"{folder}/{bundle}")
                    seen.evidence.append(Evidence(f"{folder}/{bundle}", f"{name} is installed"))


def _look_at_keychain(host: Host, seen: Seen) -> bool:
    """Whether iCloud Keychain sync is on, noting in ``seen`` what was read."""
    try:
        plist = read_plist(host, MOBILE_ME)
    except AccessDenied:
        seen.cannot(MOBILE_ME, "Homeguard was not allowed to read it", may_hide_manager=False)
        return False
    if plist.problem:
        seen.cannot(MOBILE_ME, plist.problem, may_hide_manager=False)
        return False
    if plist.data is None:
        seen.evidence.append(Evidence(MOBILE_ME, "does not exist: no iCloud account is signed in on this Mac"))
        return False
    keychain = keychain_sync_on(plist.data)
    seen.evidence.append(Evidence(MOBILE_ME, "iCloud Keychain sync (KEYCHAIN_SYNC) is on" if keychain
                                  else "iCloud Keychain sync (KEYCHAIN_SYNC) is not on"))
    return keychain


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    seen = Seen()
    _look_at_apps(host, seen)
    look_at_browsers(host, seen, BROWSER_FOLDERS)
    keychain = _look_at_keychain(host, seen)
    seen.evidence.append(Evidence("browser profiles", in_words(seen.browsers) if seen.browsers
                                  else "none found besides Safari"))

    if seen.managers:
        return finding(Status.PASS, f"A password manager is set up on this Mac: {in_words(sorted(seen.managers))}.",
                       seen.evidence)
    if seen.problems and seen.manager_may_be_hidden:
        return finding(Status.UNKNOWN, seen.could_not_look_summary(), seen.evidence)
    if seen.doubtful:
        return finding(Status.PARTIAL, seen.doubt_summary(), seen.evidence)
    if keychain:
        return finding(Status.PARTIAL, "iCloud Keychain (Apple's Passwords app) is switched on, which is a good "
                       "start: it suggests strong passwords and fills them in. A separate password manager would also "
                       "work in every browser and on non-Apple devices.", seen.evidence)
    if seen.saved:
        return finding(Status.PARTIAL, seen.own_saving_summary(), seen.evidence)
    if seen.problems:
        return finding(Status.UNKNOWN, seen.could_not_look_summary(), seen.evidence)
    return finding(Status.FAIL, "No password manager was found on this Mac, and iCloud Keychain is not switched on.",
                   seen.evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Password manager apps in /Applications and ~/Applications; password manager extensions in every Chrome, Edge, "
    "Brave, Vivaldi, Opera, Chromium and Firefox profile, and whether each is turned on; whether iCloud Keychain "
    "is switched on (~/Library/Preferences/MobileMeAccounts.plist); and how many passwords Chrome-family browsers "
    "and Firefox have saved themselves. No password, site or user name is ever read."
)

FIXES = {
    "macos": Fix(
        steps=(
            "The simplest start on a Mac: open System Settings, click your name at the top, then iCloud, and turn "
            "on Passwords (iCloud Keychain). Safari will then suggest and remember strong passwords.",
            "For every browser and non-Apple devices too, install a password manager such as Bitwarden, 1Password "
            "or KeePassXC from its website or the App Store, and add its extension to your browser.",
            "Move the passwords your browser has saved into it, then give each important account (email first) "
            "its own new, strong password, and protect the manager with a long passphrase and two-step sign-in.",
        ),
        settings_url="x-apple.systempreferences:com.apple.preferences.AppleIDPrefPane",
        more_info="https://support.apple.com/en-us/109016",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "iCloud Keychain sync turned off (edited from the real on entry)",
    "Secrets, Brave, Opera and Firefox folder names on macOS",
)
