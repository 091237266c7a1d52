"""How os-updates looks on Windows: ask the Windows Update Agent what it already knows, never go online.

Choices, and why:

* Pending updates come from the Windows Update Agent's COM API with ``IUpdateSearcher.Online = $false``.
  Microsoft documents ``Online`` as "whether the UpdateSearcher goes online to search for updates"; switched off,
  the search answers from what Windows learnt at its own last check, so Homeguard never contacts Microsoft.
  The criteria ``IsInstalled=0 and IsHidden=0 and Type='Software'`` leave out drivers and updates someone chose
  to hide. Optional updates (``BrowseOnly``) and Defender's threat-list updates (the "Definition Updates"
  category) are counted in the evidence but not in the verdict: the first are offered as optional by Windows
  itself, the second are the antivirus check's business and arrive several times a day.
* An update is a security fix when it is in the "Security Updates" category (its category id, which is the same
  in every language) or Microsoft gave it a security severity (``MsrcSeverity``: Critical, Important, Moderate or
  Low). Monthly cumulative updates for Windows carry both.
* The last successful installation comes from the same agent's history (``QueryHistory``: the newest entry with
  Operation 1, installation, and ResultCode 2, succeeded, that is not a threat-list update). Older Windows also
  wrote it to the registry (``...\\WindowsUpdate\\Auto Update\\Results\\Install`` ``LastSuccessTime``, UTC); Windows
  10 1903 and later stopped, so the registry is only a fallback. ``Get-HotFix`` is not used: it lists only
  some kinds of updates and its dates are in the person's own date format.
* A restart is pending when ``...\\WindowsUpdate\\Auto Update\\RebootRequired`` exists. A pause set in Settings
  is read as in automatic-updates.

Verdicts, as on Linux: security fixes waiting is a fail; other updates waiting, a restart pending, updates
paused, or no update installed for more than 45 days is partial; nothing known is "could not tell".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.windows import powershell_json, powershell_problem
from checks.local.common.windows_update import UX_SETTINGS, describe_date, parse_windows_time, pause_state

DAY = 86400.0
STALE_INSTALL_DAYS = 45

REBOOT_REQUIRED = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired"
INSTALL_RESULTS = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\Results\Install"

SECURITY_UPDATES = "0fa1201d-4330-4fa8-8ae9-b877473b6441"
DEFINITION_UPDATES = "e0789628-ce08-4437-be74-2495b842f43b"
SEVERITIES = {"critical", "important", "moderate", "low"}

# One PowerShell run, cached answers only. Dates are written as text so no locale or JSON date quirk touches them.
SEARCH_SCRIPT = "; ".join((
    "$ErrorActionPreference = 'Stop'",
    "$searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()",
    "$searcher.Online = $false",
    "$result = $searcher.Search(\"IsInstalled=0 and IsHidden=0 and Type='Software'\")",
    "$pending = @(foreach ($u in $result.Updates) { [pscustomobject]@{ Title = [string]$u.Title; "
    "Severity = [string]$u.MsrcSeverity; BrowseOnly = [bool]$u.BrowseOnly; "
    "Categories = @(foreach ($c in $u.Categories) { [string]$c.CategoryID }) } })",
    "$last = $null",
    "$count = $searcher.GetTotalHistoryCount()",
    "if ($count -gt 0) { foreach ($h in $searcher.QueryHistory(0, [Math]::Min($count, 200))) { "
    "if ($h.Operation -eq 1 -and $h.ResultCode -eq 2) { "
    "$ids = @(foreach ($c in $h.Categories) { [string]$c.CategoryID }); "
    f"if ($ids -notcontains '{DEFINITION_UPDATES}') {{ "
    "$last = $h.Date.ToString('yyyy-MM-ddTHH:mm:ss'); break } } } }",
    "[pscustomobject]@{ ResultCode = [int]$result.ResultCode; Pending = $pending; LastInstall = $last; "
    "HistoryCount = [int]$count }",
))
SERVICE_DISABLED = "0x80070422"  # "the service cannot be started, because it is disabled"


@dataclass
class Search:
    pending: list[dict[str, Any]] = field(default_factory=list)  # updates that count, as PowerShell's JSON gave them
    optional: int = 0
    definitions: int = 0
    last_install: float | None = None


def is_security(update: dict[str, Any]) -> bool:
    categories = {str(c).lower() for c in update.get("Categories") or []}
    return SECURITY_UPDATES in categories or str(update.get("Severity") or "").strip().lower() in SEVERITIES


def parse_search(data: object) -> Search:
    """The script's answer, checked. Raises ValueError when it is not in the expected form or the search failed."""
    if not isinstance(data, dict) or "Pending" not in data or "ResultCode" not in data:
        raise ValueError("the answer is not in the form Homeguard expects")
    if data["ResultCode"] not in (2, 3):  # OperationResultCode: 2 succeeded, 3 succeeded with errors
        raise ValueError(f"Windows Update's search ended with result code {data['ResultCode']}")
    updates = data["Pending"]
    if isinstance(updates, dict):  # ConvertTo-Json writes a list of one as the object itself
        updates = [updates]
    if not isinstance(updates, list) or not all(isinstance(u, dict) for u in updates):
        raise ValueError("the list of updates is not in the form Homeguard expects")
    search = Search()
    for update in map(dict, updates):
        categories = update.get("Categories") or []
        categories = [categories] if isinstance(categories, str) else categories
        update["Categories"] = categories
        if DEFINITION_UPDATES in {str(c).lower() for c in categories}:
            search.definitions += 1
        elif update.get("BrowseOnly"):
            search.optional += 1
        else:
            search.pending.append(update)
    if data.get("LastInstall"):
        search.last_install = parse_windows_time(str(data["LastInstall"]))
    return search


def _updates(n: int) -> str:
    return "1 update is" if n == 1 else f"{n} updates are"


def _security_clause(pending: int, security: int) -> str:
    if pending == 1:
        return "it is a security fix"
    return f"{security} of them {'is a security fix' if security == 1 else 'are security fixes'}"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    command = "Windows Update Agent search of its saved results (Online = false)"

    answer = powershell_json(host, SEARCH_SCRIPT, timeout=20)
    search: Search | None = None
    problem = ""
    if answer.data is None:
        problem = powershell_problem(answer.result) or answer.problem or "PowerShell gave no answer"
        if SERVICE_DISABLED in answer.result.stderr.lower():
            problem = "the Windows Update service is disabled"
    else:
        try:
            search = parse_search(answer.data)
        except ValueError as exc:
            problem = str(exc)
    if search is None:
        evidence.append(Evidence(command, f"could not tell: {problem}"))
    else:
        titles = "; ".join(str(u.get("Title", "?")) for u in search.pending[:5])
        extra = [f"{search.optional} optional" if search.optional else "",
                 f"{search.definitions} antivirus threat-list" if search.definitions else ""]
        evidence.append(Evidence(command, f"{len(search.pending)} waiting" + (f": {titles}" if titles else "")
                                 + "".join(f"; also {e} (not counted)" for e in extra if e)))

    try:
        rebooting = host.registry_values(REBOOT_REQUIRED) is not None
        pause = pause_state(host)
        install_values = host.registry_values(INSTALL_RESULTS) or {}
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, "Could not tell: Windows did not let Homeguard read the Windows Update "
                       "settings.", [*evidence, Evidence(exc.what, "reading was refused")])
    evidence.append(Evidence(REBOOT_REQUIRED, "present: a restart is needed" if rebooting else "not present"))
    evidence.append(Evidence(UX_SETTINGS, pause.seen))

    last = search.last_install if search else None
    if last is not None:
        evidence.append(Evidence("Windows Update history", f"last successful installation {_ago(host.now(), last)}"))
    else:
        raw = install_values.get("lastsuccesstime")
        text = raw.data if raw is not None and isinstance(raw.data, str) else None
        registry_time = parse_windows_time(text) if text is not None else None
        if registry_time is not None:
            last = registry_time
            evidence.append(Evidence(f"{INSTALL_RESULTS} LastSuccessTime", f"{text} (UTC)"))

    restart = "; the computer also needs a restart to finish earlier updates" if rebooting else ""
    paused = f"; updates are paused until {describe_date(pause.until)}" if pause.until else ""
    if search is not None and search.pending:
        pending = len(search.pending)
        security = sum(1 for u in search.pending if is_security(u))
        if security:
            return finding(Status.FAIL, f"{_updates(pending)} waiting, {_security_clause(pending, security)}"
                           f"{paused}{restart}.", evidence)
        return finding(Status.PARTIAL, f"{_updates(pending)} waiting; "
                       f"{'none is' if pending > 1 else 'it is not'} marked as a security fix{paused}{restart}.",
                       evidence)
    if search is None:
        return finding(Status.UNKNOWN, f"Could not tell which updates are waiting: {problem}.", evidence)
    if pause.until:
        return finding(Status.PARTIAL, f"No updates are waiting as far as Windows knows, but updates are paused until "
                       f"{describe_date(pause.until)}, so new ones will not come in{restart}.", evidence)
    if rebooting:
        return finding(Status.PARTIAL, "Updates are installed, but the computer needs a restart to finish them.",
                       evidence)
    if last is None:
        return finding(Status.UNKNOWN, "Could not tell: no updates are waiting as far as Windows knows, but Homeguard "
                       "found no record of any update being installed, so Windows may not have checked yet.",
                       evidence)
    age = (host.now() - last) / DAY
    if age > STALE_INSTALL_DAYS:
        return finding(Status.PARTIAL, f"No updates are waiting as far as Windows knows, but none has been installed "
                       f"for {int(age)} days, so Windows may not have been able to check for new ones.", evidence)
    return finding(Status.PASS, f"All available updates are installed (the last one {_ago(host.now(), last)}).",
                   evidence)


def _ago(now: float, then: float) -> str:
    days = (now - then) / DAY
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    return f"{int(days)} days ago"


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The updates Windows Update already knows are waiting (its search of saved results, without going online), "
    "which of them are security fixes, when an update was last installed, whether a restart is needed to finish "
    "earlier updates, and whether updates are paused."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Settings and go to Windows Update.",
            "If updates are paused, press \u201cResume updates\u201d.",
            "Press \u201cCheck for updates\u201d, then \u201cDownload & install\u201d for everything offered.",
            "Restart the computer when it asks, so the fixes take effect.",
        ),
        settings_url="ms-settings:windowsupdate",
        more_info="https://support.microsoft.com/windows/windows-update-faq-8a903416-6f45-0718-f5c7-375e92dddeb2",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Every Windows Update Agent answer (composed in Homeguard's JSON form; titles and severities real)",
    "RebootRequired and LastSuccessTime values (documented)",
)
