"""How find-my-device looks on macOS: Find My Mac, from the Mac's Activation Lock and this user's Apple Account.

Three places say whether Find My Mac is on; all are read without administrator rights, in this order:

* ``system_profiler SPHardwareDataType`` prints "Activation Lock Status: Enabled" or "Disabled" on Macs with Apple
  silicon or a T2 chip. Activation Lock is switched on together with Find My Mac (Apple, "Find My & Privacy"), so
  this is the Mac's own, whole-machine answer, whichever account switched it on. Older Macs print no such line.
  (Recorded real outputs: tests/fixtures/macos/find-my-device.)
* Only on a Mac without that line: the firmware variable ``fmm-mobileme-token-FMM``, present while Find My Mac is
  on (public Find My Mac checks test for it; detection-catalogue-2 section 5). ``nvram <name>`` prints
  ``<name><TAB><value>`` when it is set and "nvram: Error getting variable - '<name>': (iokit/common) data was not
  found" when it is not. Its value holds the owner's Apple Account details, so Homeguard never shows it. Since
  macOS 15.6 the kernel lets only Apple's Find My processes read it (XNU's IONVRAM.cpp lists it under the
  ``com.apple.private.security.nvram.fmm`` entitlement, which ``nvram`` does not have, and hides what a process may
  not read). So it is only the fallback for Macs without Activation Lock: Intel Macs without a T2 chip, whose
  firmware variables IONVRAM.cpp hands to Apple's EFI driver instead; whether that driver has the same restriction
  is not known, so an answer from it is listed as unverified.
* ``~/Library/Preferences/MobileMeAccounts.plist`` lists the Apple Accounts signed in for *this* user, each with its
  services; the service whose ``Name`` is ``FIND_MY_MAC`` has ``Enabled`` true while Find My Mac is on for that
  account. Public scripts read it at a fixed position (11 or 12), which moves between macOS versions (real files
  have it at 12 and, on macOS 15, at 17); Homeguard finds the service by its name. It can confirm "on", but
  cannot prove "off" for the whole Mac.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import read_plist

HARDWARE_ARGV = ("system_profiler", "SPHardwareDataType")
HARDWARE_TIMEOUT = 8.0
ACTIVATION_LOCK = "activation lock status:"
MODEL_LABEL = "model identifier"  # in every English hardware overview, Intel or Apple silicon
_APPLE_CHIP = re.compile(r"\bApple M\d")  # "Chip: Apple M4": a product name, likely kept in any language
TOKEN = "fmm-mobileme-token-FMM"
NVRAM_ARGV = ("nvram", TOKEN)
ACCOUNTS_PLIST = "~/Library/Preferences/MobileMeAccounts.plist"
SERVICE = "FIND_MY_MAC"
TIMEOUT = 5.0
_NOT_SET = "data was not found"


@dataclass(frozen=True)
class Token:
    present: bool | None  # None: could not tell
    seen: str  # what to show as evidence (never the token itself)
    problem: str = ""


@dataclass(frozen=True)
class AccountState:
    signed_in: bool | None  # None: the file could not be read
    find_my_mac: bool | None  # the FIND_MY_MAC service's Enabled; None when no such service or not readable
    seen: str


@dataclass(frozen=True)
class ActivationLock:
    enabled: bool | None  # None: no Activation Lock line (an older Mac) or no answer
    seen: str
    problem: str = ""


def parse_activation_lock(text: str) -> bool | None:
    """The "Activation Lock Status:" line of system_profiler's hardware overview: True, False, or None without one."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.lower().startswith(ACTIVATION_LOCK):
            word = stripped[len(ACTIVATION_LOCK):].strip().lower()
            return {"enabled": True, "disabled": False}.get(word)
    return None


def _why_no_line_is_not_an_older_mac(text: str) -> str:
    """Why a hardware overview without an Activation Lock line cannot be read as "a Mac without it" ("" when it
    can). Every Mac with Apple silicon has Activation Lock, and its chip's name ("Apple M1"...) is a product name,
    likely printed as is in any language; an overview without the English labels Homeguard reads ("Model
    Identifier:") may be in another language, where the line is there under another name. Either way the firmware
    token is no fallback: since macOS 15.6 it is hidden from ``nvram`` and would read as "not set"."""
    labels = [line.partition(":")[0].strip().lower() for line in text.splitlines()]
    if _APPLE_CHIP.search(text):
        return "system_profiler names an Apple chip, which always has Activation Lock, but gave no line Homeguard reads"
    if MODEL_LABEL not in labels:
        return "system_profiler's answer is not in the form Homeguard reads (it may be in another language)"
    return ""


def read_activation_lock(host: Host) -> ActivationLock:
    result = host.run(list(HARDWARE_ARGV), timeout=HARDWARE_TIMEOUT)
    if not result.ok:
        return ActivationLock(None, result.problem() or "no answer", result.problem() or "no answer")
    enabled = parse_activation_lock(result.stdout)
    if enabled is None:
        line = next((x.strip() for x in result.stdout.splitlines() if x.strip().lower().startswith(ACTIVATION_LOCK)),
                    "")
        if line:  # the line is there, with a word Homeguard does not know: not "a Mac without Activation Lock"
            return ActivationLock(None, line[:80], f"system_profiler said \u201c{line[:80]}\u201d")
        why = _why_no_line_is_not_an_older_mac(result.stdout)
        if why:
            return ActivationLock(None, f"no Activation Lock line: {why}", why)
        return ActivationLock(None, "no Activation Lock line (a Mac without Apple silicon or a T2 chip)")
    return ActivationLock(enabled, f"Activation Lock Status: {'Enabled' if enabled else 'Disabled'}")


def read_token(host: Host) -> Token:
    result = host.run(list(NVRAM_ARGV), timeout=TIMEOUT)
    if not result.ran:
        return Token(None, result.problem(), result.problem())
    said = f"{result.stdout}\n{result.stderr}"
    if result.returncode == 0 and result.stdout.lstrip().startswith(TOKEN):
        size = len(result.stdout.strip()) - len(TOKEN)
        return Token(True, f"set ({size} characters; not shown, as it holds the owner's Apple Account details)")
    if _NOT_SET in said.lower():
        return Token(False, "not set")
    return Token(None, result.problem() or "an answer Homeguard does not understand",
                 result.problem() or "nvram gave an answer Homeguard does not understand")


def parse_accounts(data: dict[str, object]) -> AccountState:
    """This user's Apple Accounts and the Find My Mac service among their services, found by name."""
    accounts = data.get("Accounts")
    if not isinstance(accounts, list) or not any(isinstance(a, dict) for a in accounts):
        return AccountState(False, None, "no Apple Account signed in for this user")
    enabled: bool | None = None
    for account in accounts:
        if not isinstance(account, dict):
            continue
        services = account.get("Services")
        for service in services if isinstance(services, list) else []:
            if isinstance(service, dict) and service.get("Name") == SERVICE:
                value = service.get("Enabled")
                if value is True or value == 1:
                    enabled = True
                elif enabled is None and (value is False or value == 0):
                    enabled = False
    count = sum(1 for a in accounts if isinstance(a, dict))
    accounts_words = "an Apple Account" if count == 1 else f"{count} Apple Accounts"
    if enabled is None:
        return AccountState(True, None, f"{accounts_words} signed in; no {SERVICE} service listed")
    return AccountState(True, enabled, f"{accounts_words} signed in; {SERVICE} "
                        f"{'enabled' if enabled else 'not enabled'}")


def read_accounts(host: Host) -> AccountState:
    try:
        plist = read_plist(host, ACCOUNTS_PLIST)
    except AccessDenied:
        return AccountState(None, None, "could not be read (the system refused)")
    if plist.data is None:
        if plist.problem:
            return AccountState(None, None, plist.problem)
        return AccountState(False, None, "no such file: no Apple Account signed in for this user")
    return parse_accounts(plist.data)


_ON = "this Mac can be found, locked or erased from another Apple device or iCloud.com/find."
_OFF = "If this Mac is lost, nobody can find it or lock it."


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    lock = read_activation_lock(host)
    account = read_accounts(host)
    evidence = [Evidence(" ".join(HARDWARE_ARGV), lock.seen), Evidence(ACCOUNTS_PLIST, account.seen)]
    if lock.enabled:
        return finding(Status.PASS, f"Find My Mac is on (Activation Lock is on): {_ON}", evidence)
    if account.find_my_mac:
        return finding(Status.PASS, f"Find My Mac is on for your Apple Account: {_ON}", evidence)
    if lock.enabled is False:
        return finding(Status.FAIL, f"Find My Mac is off (Activation Lock is off). {_OFF}", evidence)
    if lock.problem:
        return finding(Status.UNKNOWN, f"Could not tell whether Find My Mac is on: {lock.problem}; your Apple "
                       "Account does not show it on, but another account on this Mac may have switched it on.",
                       evidence)

    token = read_token(host)  # a Mac without Activation Lock: the firmware variable is the Mac's own record
    evidence.insert(1, Evidence(" ".join(NVRAM_ARGV), token.seen))
    if token.present:
        return finding(Status.PASS, f"Find My Mac is on: {_ON}", evidence)
    if token.present is False:
        if account.signed_in is False:
            return finding(Status.FAIL, f"Find My Mac is off, and no Apple Account is signed in for you. {_OFF}",
                           evidence)
        return finding(Status.FAIL, f"Find My Mac is off. {_OFF}", evidence)
    return finding(Status.UNKNOWN, f"Could not tell whether Find My Mac is on: the Mac's own record could not be "
                   f"read ({token.problem}), and another account on this Mac may have switched it on.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Whether Activation Lock, which comes with Find My Mac, is on (`system_profiler SPHardwareDataType`); on older "
    "Macs without it, whether the Mac keeps a Find My Mac token in its firmware settings (`nvram "
    "fmm-mobileme-token-FMM`, whose value is never shown); and whether Find My Mac is on for your Apple Account "
    "(~/Library/Preferences/MobileMeAccounts.plist). No administrator rights are needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings and click your name at the top of the sidebar (sign in with your Apple Account "
            "first if you have not).",
            "Click iCloud, then Find My Mac (on some versions: \u201cSee All\u201d, then Find My Mac), and turn it "
            "on. Your Mac may ask for your password.",
            "Check it works: on a phone or another computer, open iCloud.com/find and sign in.",
        ),
        settings_url="x-apple.systempreferences:com.apple.preferences.AppleIDPrefPane",
        more_info="https://support.apple.com/en-us/HT204756",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "A hardware overview without a readable Activation Lock line on a Mac with an Apple chip, with a word other "
    "than Enabled or Disabled, or in another language (read as could not tell; no such answer is recorded)",
    "Find My Mac's firmware token on Macs without Activation Lock (documented by public scripts; the not-set "
    "answer is a real recording for another variable, edited)",
)
