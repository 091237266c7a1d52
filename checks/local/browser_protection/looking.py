"""Looking at every browser profile and turning what was seen into a verdict, the same way on every system.

The platform modules say where the profiles are (checks.local.common.browser_profiles, the finder password-manager
uses too) and what managed policies force; this module reads each profile:

* Chromium family: Preferences (and Secure Preferences where the system keeps settings there), Edge's Local State
  and, on Windows, the person's Edge SmartScreen switch the platform module read from the registry.
* Firefox family: prefs.js, user.js and extensions.json.

Verdict: protection off in any profile is a fail that names the browser and profile. A profile that could not be
read is "could not tell" for that profile, and the check never passes while one is unread: a hidden profile with the
protection off would otherwise pass unseen. On everywhere is a pass, whatever the number of extensions that can
read every site: password managers and ad blockers need that access, so the count says nothing about danger; they
are named in the summary so the person can spot one they do not know. Enhanced protection is noted as better.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.check import finding
from auditor.host import Host
from auditor.model import Evidence, Finding, Status
from checks.local.common.browser_profiles import (
    BrowserFolders,
    chromium_profile_folders,
    each_profile,
    firefox_profile_folders,
    profile_label,
)

from .extensions import chromium_all_site_extensions, chromium_entries, firefox_all_site_addons
from .prefs import (
    EDGE,
    ENHANCED,
    OFF,
    ON,
    UNKNOWN,
    Protection,
    chromium_safe_browsing,
    edge_smartscreen,
    firefox_protection,
    firefox_user_prefs,
    json_object,
)

PREFS_LIMIT = 16 * 1024 * 1024  # a Preferences file with many extensions is a few MB; past this it is not read


@dataclass
class Policies:
    """What managed policies force, read by the platform module."""

    chromium: Mapping[str, Protection] = field(default_factory=dict)  # browser name -> forced protection
    firefox: Mapping[str, tuple[object, str]] = field(default_factory=dict)  # pref -> (value, status)
    # (profile folder, prefs) for a Firefox install whose own policies.json governs only the profiles under that
    # folder (the Flatpak Firefox reads the one inside its app, not the computer's); the first match wins.
    firefox_installs: Sequence[tuple[str, Mapping[str, tuple[object, str]]]] = ()
    evidence: list[Evidence] = field(default_factory=list)

    def firefox_for(self, profile: str) -> Mapping[str, tuple[object, str]]:
        """The Firefox policy prefs that govern one profile."""
        return next((prefs for folder, prefs in self.firefox_installs if profile.startswith(folder)), self.firefox)


@dataclass
class Seen:
    """Each profile's protection, the extensions that read every site, and what could not be read."""

    profiles: list[tuple[str, Protection]] = field(default_factory=list)  # (label, protection)
    all_site: list[tuple[str, str]] = field(default_factory=list)  # (extension name, profile label)
    evidence: list[Evidence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def cannot(self, looked_at: str, why: str) -> None:
        self.problems.append(f"{looked_at} ({why})")
        self.evidence.append(Evidence(looked_at, why))


@dataclass
class _Reader:
    host: Host
    folders: BrowserFolders
    policies: Policies
    seen: Seen
    limit: int
    edge_choice: Protection | None = None  # Windows: the person's SmartScreen switch in the registry

    def _json(self, path: str, what: str) -> tuple[dict[str, Any] | None, str]:
        """(parsed file or None, why it could not be read: "" when it simply does not exist)."""
        raw = self.host.read_bytes(path, self.limit)
        if raw is None:
            return None, ""
        if len(raw) >= self.limit:
            return None, f"{what} is larger than {self.limit // (1024 * 1024)} MB, so it was not read"
        try:
            return json_object(raw.decode("utf-8-sig", errors="replace"), what), ""
        except ValueError as exc:
            return None, str(exc)

    def _text(self, path: str, what: str) -> tuple[str | None, str]:
        """(the file's text or None, why it was not read: "" when it simply does not exist)."""
        raw = self.host.read_bytes(path, self.limit)
        if raw is not None and len(raw) >= self.limit:
            return None, f"{what} is larger than {self.limit // (1024 * 1024)} MB, so it was not read"
        return (None if raw is None else raw.decode("utf-8", errors="replace")), ""

    def chromium(self, browser: str, profile: str) -> None:
        sep, label = self.folders.separator, profile_label(self.folders, browser, profile)
        files: list[tuple[str, dict[str, Any] | None]] = []
        problems = []
        for name in self.folders.preference_files:
            data, problem = self._json(sep.join((profile, name)), name)
            if data is not None or problem:
                files.append((name, data))
            if problem:
                problems.append(problem)
        if browser == EDGE:
            root = profile.rsplit(sep, 1)[0]
            local_state, problem = self._json(sep.join((root, "Local State")), "Local State")
            protection = edge_smartscreen(local_state, problem, self.edge_choice)
        else:
            protection = chromium_safe_browsing(files)
        if not files:  # Chromium writes Preferences at the profile's first start: until then every default applies
            protection = Protection(protection.state, f"{protection.how} (no Preferences file yet)")
        forced = self.policies.chromium.get(browser)
        if forced is not None:
            protection = forced
        elif protection.state == UNKNOWN and problems and browser != EDGE:  # Edge's switch is not in Preferences
            protection = Protection(UNKNOWN, "; ".join(problems))
        self._note(label, profile, protection)
        readable = [data for _, data in files if data is not None]
        names = [name for _, name in chromium_all_site_extensions(self.host, sep, profile, chromium_entries(readable))]
        if problems:
            self.seen.evidence.append(Evidence(f"{label}: extensions", f"the list may be incomplete: "
                                               f"{'; '.join(problems)}"))
        self._note_extensions(label, sep.join((profile, self.folders.preference_files[-1])), names)

    def firefox(self, browser: str, profile: str) -> None:
        sep, label = self.folders.separator, profile_label(self.folders, browser, profile)
        prefs_text, prefs_problem = self._text(sep.join((profile, "prefs.js")), "prefs.js")
        user_text, user_problem = self._text(sep.join((profile, "user.js")), "user.js")
        prefs = firefox_user_prefs(prefs_text or "")
        user = firefox_user_prefs(user_text or "")
        protection = firefox_protection(browser, prefs, user, self.policies.firefox_for(profile))
        if prefs_problem or user_problem:
            protection = Protection(UNKNOWN, "; ".join(p for p in (prefs_problem, user_problem) if p))
        elif prefs_text is None:  # Firefox writes prefs.js at its first start: until then every default applies
            protection = Protection(protection.state, f"{protection.how} (no prefs.js yet: a profile never opened)")
        self._note(label, profile, protection)
        extensions_path = sep.join((profile, "extensions.json"))
        data, problem = self._json(extensions_path, "extensions.json")
        if problem:
            self.seen.evidence.append(Evidence(extensions_path, f"add-ons not listed: {problem}"))
        elif data is not None:
            self._note_extensions(label, extensions_path, [name for _, name in firefox_all_site_addons(data)])

    def _note(self, label: str, where: str, protection: Protection) -> None:
        self.seen.profiles.append((label, protection))
        words = {ON: "protection on", ENHANCED: "Enhanced protection on", OFF: "protection OFF",
                 UNKNOWN: "could not tell"}[protection.state]
        self.seen.evidence.append(Evidence(f"{label}: {where}", f"{words}: {protection.how}"))

    def _note_extensions(self, label: str, where: str, names: list[str]) -> None:
        self.seen.all_site.extend((name, label) for name in names)
        self.seen.evidence.append(Evidence(f"{label}: extensions", (
            f"can read every site: {', '.join(names)}" if names else "none can read every site")
            + f" (from {where})"))


def look(host: Host, folders: BrowserFolders, policies: Policies, limit: int = PREFS_LIMIT,
         edge_choice: Protection | None = None) -> Seen:
    """Every Chromium-family and Firefox-family profile in ``folders``. ``edge_choice``: on Windows, the person's
    Edge SmartScreen switch from the registry (None when not set), weighed with each Edge Local State."""
    seen = Seen(evidence=list(policies.evidence))
    reader = _Reader(host, folders, policies, seen, limit, edge_choice)
    each_profile(host, folders.chromium, lambda _b, root: chromium_profile_folders(host, folders, root),
                 reader.chromium, seen.cannot)
    each_profile(host, folders.firefox,
                 lambda browser, root: firefox_profile_folders(host, folders, browser, root, seen.cannot),
                 reader.firefox, seen.cannot)
    return seen


def _in_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def extensions_sentence(all_site: list[tuple[str, str]]) -> str:
    """"3 extensions can read every site you visit: A, B and C." (each name once)."""
    names = list(dict.fromkeys(name for name, _ in all_site))
    if not names:
        return "No extension can read every site you visit."
    count = f"{len(names)} extensions can" if len(names) > 1 else "1 extension can"
    return f"{count} read every site you visit: {_in_words(names)}. Remove any you do not know."


def verdict(seen: Seen) -> Finding:
    """The finding for what ``look`` saw (see the module docstring for why each branch is what it is)."""
    evidence = seen.evidence
    off = [label for label, p in seen.profiles if p.state == OFF]
    unknown = [label for label, p in seen.profiles if p.state == UNKNOWN]
    on = [label for label, p in seen.profiles if p.state in (ON, ENHANCED)]
    enhanced = [label for label, p in seen.profiles if p.state == ENHANCED]
    extensions = extensions_sentence(seen.all_site)
    if off:
        return finding(Status.FAIL, f"Protection against dangerous and fake sites is switched off in "
                       f"{_in_words(off)}. {extensions}", evidence)
    if unknown or seen.problems:
        reasons = [f"{label} ({p.how})" for label, p in seen.profiles if p.state == UNKNOWN] + seen.problems
        good = f" It is on in {_in_words(on)}." if on else ""
        return finding(Status.UNKNOWN, f"Could not tell whether every browser warns about dangerous sites: "
                       f"Homeguard could not read {_in_words(reasons)}.{good}", evidence)
    if not on:
        return finding(Status.NOT_APPLICABLE, "No Chrome, Edge, Brave, Vivaldi, Opera, Chromium or Firefox profile "
                       "was found in this account, so there is no browser setting to check.", evidence)
    better = (f" Enhanced protection, which is stronger, is on in {_in_words(enhanced)}." if enhanced else
              " Enhanced protection would be stronger still.")
    return finding(Status.PASS, f"Every browser warns about dangerous and fake sites ({_in_words(on)}).{better} "
                   f"{extensions}", evidence)
