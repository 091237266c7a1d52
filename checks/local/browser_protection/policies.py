"""Reading managed browser policies from files (Linux JSON policy folders, Firefox's policies.json), shared by the
platform modules. Every file is read with a size limit; a damaged Chromium policy file makes that browser "could not
tell", and a damaged Firefox one is noted in the evidence."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.host import AccessDenied, Host
from auditor.model import Evidence

from .prefs import Protection, chromium_policy, firefox_policy_prefs, json_object

POLICY_LIMIT = 1024 * 1024
MAX_POLICY_FILES = 50


def refused(forced: dict[str, Protection], evidence: list[Evidence], browser: str, where: str, why: str) -> None:
    """A policy Homeguard was not allowed to read could force anything: that browser is "could not tell"."""
    forced[browser] = Protection("unknown", why)
    evidence.append(Evidence(where, "reading was refused"))


def take_policy(forced: dict[str, Protection], evidence: list[Evidence], browser: str, data: dict[str, object],
                where: str) -> None:
    """One policy source read (a JSON file, a managed plist, a registry key): what it forces, if anything, is
    kept for the browser, and said either way. Sources are taken in the order the browser applies them, so the
    last one that sets a policy wins."""
    found = chromium_policy(browser, data, where)
    evidence.append(Evidence(where, found.how if found else "sets no Safe Browsing policy"))
    if found is not None:
        forced[browser] = found


def read_policy_json(host: Host, path: str, what: str) -> dict[str, object] | None:
    """A policy file's JSON object, or None when there is no such file. Raises AccessDenied, or ValueError (in
    words) for a file too large to be a policy file or one that is not a JSON object."""
    raw = host.read_bytes(path, POLICY_LIMIT)
    if raw is None:
        return None
    if len(raw) >= POLICY_LIMIT:
        raise ValueError("the policy file is too large to read")
    return json_object(raw.decode("utf-8-sig", errors="replace"), what)


def chromium_policy_folders(host: Host, browser_folders: Iterable[tuple[str, tuple[str, ...]]],
                            evidence: list[Evidence]) -> dict[str, Protection]:
    """browser -> what the JSON files in its managed policy folders force (Linux). Files are read in name order and
    a later file wins, as each sets whole policies."""
    forced: dict[str, Protection] = {}
    for browser, folders in browser_folders:
        for folder in folders:
            if not host.is_dir(folder):
                continue
            try:
                names = [n for n in host.list_dir(folder) if n.endswith(".json")][:MAX_POLICY_FILES]
            except AccessDenied:
                why = f"Homeguard was not allowed to read the policies in {folder}"
                refused(forced, evidence, browser, folder, why)
                continue
            for name in names:
                path = f"{folder}/{name}"
                try:
                    data = read_policy_json(host, path, "the policy file")
                except AccessDenied:
                    refused(forced, evidence, browser, path, f"Homeguard was not allowed to read the policy {path}")
                    continue
                except ValueError as exc:
                    forced[browser] = Protection("unknown", f"{path}: {exc}")
                    evidence.append(Evidence(path, str(exc)))
                    continue
                if data is not None:
                    take_policy(forced, evidence, browser, data, path)
    return forced


def firefox_policies_json(host: Host, paths: Iterable[str], evidence: list[Evidence]) -> dict[str, tuple[object, str]]:
    """The Safe Browsing prefs set by the first Firefox policies.json found (Firefox reads one)."""
    for path in paths:
        try:
            data = read_policy_json(host, path, "policies.json")
        except AccessDenied:
            evidence.append(Evidence(path, "reading was refused"))
            return {}
        except ValueError as exc:
            evidence.append(Evidence(path, str(exc)))
            return {}
        if data is None:
            continue
        found = firefox_policy_prefs(data)
        evidence.append(Evidence(path, ", ".join(f"{k} = {v[0]!r} ({v[1]})" for k, v in found.items())
                                 or "sets no Safe Browsing preference"))
        return found
    return {}
