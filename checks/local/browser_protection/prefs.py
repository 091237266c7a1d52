"""Reading whether a browser's protection against dangerous sites is on, from its own settings files.

* Chromium family: ``safebrowsing.enabled`` (false = "No protection") and ``safebrowsing.enhanced`` (true =
  Enhanced protection) in the profile's Preferences (and, on Windows and macOS, Secure Preferences, the later file
  winning). A missing key is Chromium's default: Standard protection. Recorded: a new Chromium 155 profile has no
  ``enabled`` key while chrome.settingsPrivate reports it true (tests/fixtures/linux/browser-protection); the pref
  is registered with default true in components/safe_browsing/core/common/safe_browsing_prefs.cc.
* Microsoft Edge's SmartScreen: ``smartscreen.enabled`` in the browser's ``Local State`` (one switch for all its
  profiles, as Microsoft's Edge privacy whitepaper once said; seen, on, in Local State files copied from Edge in two
  public scripts, not in Microsoft's documentation). On Windows the person's switch is also kept in the registry,
  as the default value of HKCU\\Software\\Microsoft\\Edge\\SmartScreenEnabled (DWORD 1 on, 0 off), which public .reg
  files label as Windows Security's "SmartScreen for Microsoft Edge" switch and which setup scripts write to turn
  Edge's SmartScreen off for a user. No source says which of the two Edge follows when they disagree, so off in
  either counts as off (the steps name both places to switch it back on). Missing = on: Microsoft's
  policy page for SmartScreenEnabled says SmartScreen is on unless turned off. Vivaldi keeps Chromium's
  ``safebrowsing`` table (a real Vivaldi Preferences).
* Policies (checked by the platform modules): ``SafeBrowsingProtectionLevel`` 0/1/2 (Chromium's
  policy_definitions/SafeBrowsing/SafeBrowsingProtectionLevel.yaml), the older ``SafeBrowsingEnabled``, and Edge's
  ``SmartScreenEnabled``. A policy wins over the person's own setting.
* Firefox: ``browser.safebrowsing.malware.enabled`` and ``browser.safebrowsing.phishing.enabled`` ("Block dangerous
  and deceptive content"). prefs.js holds only prefs changed from their default, user.js is applied over it at
  every start, and a policy's ``Preferences`` entry (policies.json) wins when locked. Both default to true in
  Firefox (a new Firefox ESR 153 profile's prefs.js has neither line; arkenfox user.js 0401/0402 documents them as
  switches to turn off) and to false in LibreWolf (librewolf.net/docs/settings).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.json_text import load_json

ON, ENHANCED, OFF, UNKNOWN = "on", "enhanced", "off", "unknown"
FIREFOX_SWITCHES = ("browser.safebrowsing.phishing.enabled", "browser.safebrowsing.malware.enabled")
FIREFOX_DEFAULTS = {"Firefox": True, "LibreWolf": False}
EDGE = "Microsoft Edge"


@dataclass(frozen=True)
class Protection:
    """One profile's (or policy's) protection: ON, ENHANCED, OFF or UNKNOWN, and what was seen, in words."""

    state: str
    how: str


def json_object(text: str, what: str) -> dict[str, Any]:
    """A settings file parsed as a JSON object; ValueError (with the reason in words) otherwise."""
    try:
        data = load_json(text)
    except ValueError as exc:
        raise ValueError(f"{what} is damaged or cut short (not valid JSON: {exc.args[0][:80]})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{what} does not hold settings in the expected form")
    return data


def _dig(data: Mapping[str, Any], dotted: str) -> object:
    """``safebrowsing.enabled`` from nested tables; None when missing. Chromium also accepts a flat dotted key."""
    if dotted in data:
        return data[dotted]
    node: object = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def chromium_safe_browsing(files: Sequence[tuple[str, Mapping[str, Any] | None]]) -> Protection:
    """Safe Browsing from a profile's preference files, (name, parsed or None when unreadable), later files winning.

    A value counts only when no unreadable file comes after it (that file might have overridden it); with no value
    and an unreadable file the answer is UNKNOWN, never the default."""
    enabled: object = None
    enhanced: object = None
    source = ""
    for name, data in files:
        if data is None:
            enabled = enhanced = None
            source = f"{name} could not be read"
            continue
        for key in ("safebrowsing.enabled", "safebrowsing.enhanced"):
            value = _dig(data, key)
            if value is not None:
                if key.endswith("enabled"):
                    enabled = value
                else:
                    enhanced = value
                source = name
    if source.endswith("could not be read"):
        return Protection(UNKNOWN, source)
    if enabled is False:
        return Protection(OFF, f"safebrowsing.enabled is false in {source} (No protection)")
    if enabled not in (None, True) or enhanced not in (None, True, False):
        return Protection(UNKNOWN, f"{source} holds a Safe Browsing value Homeguard does not know")
    if enhanced is True:
        return Protection(ENHANCED, f"safebrowsing.enhanced is true in {source} (Enhanced protection)")
    if enabled is True:
        return Protection(ON, f"safebrowsing.enabled is true in {source} (Standard protection)")
    return Protection(ON, "not set, so Chromium's default applies (Standard protection)")


def edge_smartscreen(local_state: Mapping[str, Any] | None, problem: str = "",
                     choice: Protection | None = None) -> Protection:
    """Edge's own SmartScreen switch: its Local State (None when the file does not exist) and, on Windows, the
    person's switch in the registry (``choice``, None when not set). Off in either is off; otherwise a record that
    could not be read leaves it unknown."""
    from_file = _edge_local_state(local_state, problem)
    if choice is None:
        return from_file
    both = (choice, from_file)
    off = [p.how for p in both if p.state == OFF]
    if off:
        return Protection(OFF, "; ".join(off))
    unknown = [p.how for p in both if p.state == UNKNOWN]
    if unknown:
        return Protection(UNKNOWN, "; ".join(unknown))
    return Protection(ON, f"{choice.how}; {from_file.how}")


def _edge_local_state(local_state: Mapping[str, Any] | None, problem: str) -> Protection:
    if problem:
        return Protection(UNKNOWN, problem)
    value = _dig(local_state, "smartscreen.enabled") if local_state is not None else None
    if value is False:
        return Protection(OFF, "smartscreen.enabled is false in Local State (Microsoft Defender SmartScreen off)")
    if value is True:
        return Protection(ON, "smartscreen.enabled is true in Local State (Microsoft Defender SmartScreen on)")
    if value is None:
        return Protection(ON, "not set, so Edge's default applies (Microsoft Defender SmartScreen on)")
    return Protection(UNKNOWN, f"smartscreen.enabled is {value!r} in Local State, a value Homeguard does not know")


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def chromium_policy(browser: str, policies: Mapping[str, object], where: str) -> Protection | None:
    """What a managed policy forces for one browser, or None when it forces nothing. ``policies`` maps policy names
    (any case) to values as read from JSON, a property list or the registry."""
    lowered = {name.lower(): value for name, value in policies.items()}
    if browser == EDGE:
        if "smartscreenenabled" in lowered:
            value = _as_int(lowered["smartscreenenabled"])
            if value == 0:
                return Protection(OFF, f"switched off by a policy (SmartScreenEnabled 0, {where})")
            if value == 1:
                return Protection(ON, f"switched on by a policy (SmartScreenEnabled 1, {where})")
            return Protection(UNKNOWN, f"the SmartScreenEnabled policy holds a value Homeguard does not know ({where})")
        return None
    if "safebrowsingprotectionlevel" in lowered:
        level = _as_int(lowered["safebrowsingprotectionlevel"])
        words = {0: (OFF, "No protection"), 1: (ON, "Standard protection"), 2: (ENHANCED, "Enhanced protection")}
        if level in words:
            state, name = words[level]
            return Protection(state, f"set by a policy: {name} (SafeBrowsingProtectionLevel {level}, {where})")
        return Protection(UNKNOWN, f"the SafeBrowsingProtectionLevel policy holds a value Homeguard does not know "
                          f"({where})")
    if "safebrowsingenabled" in lowered:  # the older policy, still honoured when the level is not set
        value = _as_int(lowered["safebrowsingenabled"])
        if value == 0:
            return Protection(OFF, f"switched off by a policy (SafeBrowsingEnabled false, {where})")
        if value == 1:
            return Protection(ON, f"switched on by a policy (SafeBrowsingEnabled true, {where})")
    return None


# -- Firefox ---------------------------------------------------------------------------------------------------------

_USER_PREF = re.compile(r'^\s*user_pref\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*(true|false|-?\d+|"(?:[^"\\]|\\.)*")\s*\)\s*;',
                        re.MULTILINE)


def firefox_user_prefs(text: str) -> dict[str, bool | int | str]:
    """The ``user_pref("name", value);`` lines of a prefs.js or user.js, later lines winning. Other lines (comments,
    ``pref()`` and anything damaged) are skipped, as Firefox itself skips a line it cannot parse."""
    found: dict[str, bool | int | str] = {}
    for name, raw in _USER_PREF.findall(text):
        value: bool | int | str
        if raw in ("true", "false"):
            value = raw == "true"
        elif raw.startswith('"'):
            value = raw[1:-1]
        else:
            value = int(raw)
        found[name] = value
    return found


def firefox_policy_prefs(policies_json: Mapping[str, Any]) -> dict[str, tuple[object, str]]:
    """The Safe Browsing switches a Firefox policies.json sets: name -> (value, status). The Preferences policy
    takes ``{"Value": v, "Status": "locked" | "default" | "user" | "clear"}`` or, in its older form, a bare value
    (which Firefox locks)."""
    policies = policies_json.get("policies")
    prefs = policies.get("Preferences") if isinstance(policies, dict) else None
    found: dict[str, tuple[object, str]] = {}
    if not isinstance(prefs, dict):
        return found
    for name in FIREFOX_SWITCHES:
        entry = prefs.get(name)
        if isinstance(entry, dict):
            found[name] = (entry.get("Value"), str(entry.get("Status") or "locked").lower())
        elif entry is not None:
            found[name] = (entry, "locked")
    return found


def firefox_protection(browser: str, prefs_js: Mapping[str, object], user_js: Mapping[str, object],
                       policy: Mapping[str, tuple[object, str]]) -> Protection:
    """Firefox's "Block dangerous and deceptive content": both switches must be on. Order of strength: a locked or
    "user" policy value, then user.js, then prefs.js, then a "default" policy value, then the browser's default."""
    default = FIREFOX_DEFAULTS.get(browser, True)
    off: list[str] = []
    said: list[str] = []
    for name in FIREFOX_SWITCHES:
        value, where = None, ""
        forced = policy.get(name)
        if forced and forced[1] in ("locked", "user"):
            value, where = forced[0], f"a policy ({forced[1]})"
        elif name in user_js:
            value, where = user_js[name], "user.js"
        elif name in prefs_js:
            value, where = prefs_js[name], "prefs.js"
        elif forced and forced[1] == "default":
            value, where = forced[0], "a policy (default)"
        else:
            value, where = default, f"{browser}'s default"
        short = name.removeprefix("browser.safebrowsing.").removesuffix(".enabled")
        if value is False:
            off.append(f"{short} off ({where})")
        elif value is True:
            said.append(f"{short} on ({where})")
        else:
            return Protection(UNKNOWN, f"{name} is {value!r} ({where}), a value Homeguard does not know")
    if off:
        return Protection(OFF, "; ".join(off + said))
    return Protection(ON, "; ".join(said))
