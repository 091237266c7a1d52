"""How antivirus looks on Windows: what Windows Security Center knows, and Microsoft Defender's own status.

Two questions, both asked through PowerShell without admin rights:

1. ``Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct`` lists every antivirus that has
   registered with Windows Security (Defender and third-party products alike). Each has a ``productState`` number.
   Microsoft does not document it; the reading used here is the one that every source found agrees on, and it
   matches every real value in the tests: written in hex as 0xTTSSUU, the SS byte's high half is the product's
   state (0 off, 1 on, 2 snoozed, 3 expired; its low half is 1 for Microsoft's own product) and UU is 0x00 when
   the product's threat list is up to date and 0x10 when it is not. Sources: Microsoft's own support script
   TSSv2 (TS_ModernAppsFailureForWindDefenderCheck.ps1: SS "10"/"11" on, UU "00" up to date, "10" out of date),
   the GLPI agent (AntiVirus.pm, after neophob.com's 2010 write-up), netinvent/windows_tools and homotechsual's
   NinjaOne monitor (0x1000 on, 0x2000 snoozed, 0x3000 expired, 0x10 out of date).
   SecurityCenter2 exists only on client Windows: on Windows Server the query fails, and Defender's own status
   is used alone.
2. ``Get-MpComputerStatus`` is Defender's own status: AntivirusEnabled, RealTimeProtectionEnabled, AMRunningMode
   and AntivirusSignatureAge (days since its threat list was updated).

Both are read in PowerShell's default list form (``Name : value``): the labels are property names, which Windows
never translates, and the values read here are numbers and True/False. That lets the tests use the very text
real machines printed. A command that fails, or an answer with none of the expected names, is "could not tell".

Verdict: an antivirus that is on with a recent threat list passes; on but with a threat list older than
7 days (Defender) or marked out of date by Security Center is partial; nothing on is a fail. When Defender is the
antivirus Windows Security lists as on but Defender's own status says its real-time protection (or the antivirus
itself) is off, Defender's own word wins and it is a fail, as it is when Defender alone is asked: Microsoft's
Windows Security help says that with real-time protection off "files that are downloaded or installed will not be
scanned until the next scheduled scan", and its Defender documentation calls always-on protection "an important
part of your antivirus protection" that "should be enabled". A scheduled scan finds a threat after it has run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.windows import powershell_problem, run_powershell

PRODUCTS_SCRIPT = "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct"
DEFENDER_SCRIPT = "Get-MpComputerStatus"
STALE_DAYS = 7

STATES = {0: "off", 1: "on", 2: "snoozed", 3: "expired"}
DEFENDER_NAMES = ("windows defender", "microsoft defender")

_LIST_LINE = re.compile(r"^(?P<name>[A-Za-z_][\w]*)\s*:\s?(?P<value>.*)$")


# -- small parsers ----------------------------------------------------------------------------------------------

def parse_list_output(text: str) -> list[dict[str, str]]:
    """Records from PowerShell's list form: ``Name : value`` lines, records separated by blank lines.

    Property names are lower-cased. A line that starts with spaces continues the value above it (PowerShell wraps
    long values that way).
    """
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            if current:
                records.append(current)
                current, last = {}, ""
            continue
        match = _LIST_LINE.match(raw.rstrip())
        if match and not raw[:1].isspace():
            last = match["name"].lower()
            current[last] = match["value"].strip()
        elif last and raw[:1].isspace():
            current[last] = (current[last] + " " + raw.strip()).strip()
    if current:
        records.append(current)
    return records


@dataclass(frozen=True)
class ProductState:
    state: str  # "on", "off", "snoozed", "expired" or "unknown"
    up_to_date: bool | None
    microsoft: bool


def decode_product_state(value: int) -> ProductState:
    """Security Center's productState, read as described at the top of this module."""
    state = STATES.get((value >> 12) & 0xF, "unknown")
    signatures = value & 0xFF
    up_to_date = {0x00: True, 0x10: False}.get(signatures)
    return ProductState(state, up_to_date, bool((value >> 8) & 0x1))


@dataclass(frozen=True)
class Product:
    name: str
    state: ProductState | None  # None when productState was missing or not a number
    raw: str


def parse_products(text: str) -> list[Product]:
    products = []
    for record in parse_list_output(text):
        if "displayname" not in record:
            continue
        raw = record.get("productstate", "")
        state = decode_product_state(int(raw)) if raw.isdigit() else None
        products.append(Product(record["displayname"], state, raw))
    return products


@dataclass(frozen=True)
class DefenderStatus:
    antivirus_enabled: bool | None
    real_time: bool | None
    signature_age: int | None  # days
    running_mode: str  # "Normal", "Passive Mode", "EDR Block Mode", ... ("" on versions that do not say)
    out_of_date: bool | None  # DefenderSignaturesOutOfDate, on versions that report it


def _bool(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get((value or "").strip().lower())


def parse_defender_status(text: str) -> DefenderStatus | None:
    """Defender's status from ``Get-MpComputerStatus``; None when the answer has none of its property names."""
    records = parse_list_output(text)
    record = next((r for r in records if "antivirusenabled" in r or "realtimeprotectionenabled" in r), None)
    if record is None:
        return None
    age = record.get("antivirussignatureage", "")
    return DefenderStatus(
        antivirus_enabled=_bool(record.get("antivirusenabled")),
        real_time=_bool(record.get("realtimeprotectionenabled")),
        signature_age=int(age) if age.isdigit() else None,
        running_mode=record.get("amrunningmode", ""),
        out_of_date=_bool(record.get("defendersignaturesoutofdate")),
    )


# -- looking ------------------------------------------------------------------------------------------------------

def _is_defender(product: Product) -> bool:
    return product.name.lower() in DEFENDER_NAMES or (product.state is not None and product.state.microsoft)


def _product_words(product: Product) -> str:
    if product.state is None:
        return f"productState {product.raw or 'missing'}: not understood"
    s = product.state
    freshness = {True: "threat list up to date", False: "threat list out of date", None: "threat list state unknown"}
    return f"{s.state}, {freshness[s.up_to_date]} (productState {product.raw})"


def _defender_words(status: DefenderStatus) -> str:
    parts = [f"antivirus {'on' if status.antivirus_enabled else 'off' if status.antivirus_enabled is False else '?'}",
             f"real-time protection {'on' if status.real_time else 'off' if status.real_time is False else '?'}"]
    if status.signature_age is not None:
        parts.append(f"threat list {status.signature_age} day{'s' if status.signature_age != 1 else ''} old")
    if status.running_mode:
        parts.append(f"mode {status.running_mode}")
    return ", ".join(parts)


def mode_words(mode: str) -> str:
    """Defender's AMRunningMode as words that follow "Microsoft Defender is". Microsoft documents Normal, Passive,
    Passive Mode, SxS Passive Mode, EDR Block Mode and Not running; "Not running" is not a mode to be "in"."""
    lowered = " ".join(mode.lower().split())
    if lowered == "not running":
        return "not running"
    if lowered in ("passive", "passive mode"):
        return "in passive mode"
    if lowered == "sxs passive mode":
        return "in passive mode (side by side with another antivirus)"
    if lowered == "edr block mode":
        return "in EDR block mode"
    return f"in a mode Homeguard does not know (\u201c{mode.strip()}\u201d)"


def _defender_verdict(status: DefenderStatus, evidence: list[Evidence]) -> Finding:
    """A verdict from Defender's status alone (when Security Center could not be asked)."""
    if status.running_mode and status.running_mode.lower() != "normal":
        return finding(Status.UNKNOWN, f"Could not tell: Microsoft Defender is {mode_words(status.running_mode)}, "
                       "which means another antivirus should be protecting the computer, and Homeguard could not "
                       "ask Windows Security which one.", evidence)
    if status.antivirus_enabled is None or status.real_time is None:
        return finding(Status.UNKNOWN, "Could not tell: Microsoft Defender's status did not say whether it is on.",
                       evidence)
    if not (status.antivirus_enabled and status.real_time):
        return finding(Status.FAIL, "Microsoft Defender's real-time protection is off, and Homeguard found no "
                       "other antivirus.", evidence)
    return _freshness_verdict("Microsoft Defender", status, evidence)


def _freshness_verdict(name: str, status: DefenderStatus, evidence: list[Evidence]) -> Finding:
    age = status.signature_age
    if (age is not None and age > STALE_DAYS) or status.out_of_date:
        when = f"{age} days ago" if age is not None else "too long ago"
        return finding(Status.PARTIAL, f"{name} is on, but its list of threats was last updated {when}; it should "
                       "update itself every day.", evidence)
    if age is None:
        return finding(Status.PASS, f"{name} is on.", evidence)
    return finding(Status.PASS, f"{name} is on and its list of threats is up to date.", evidence)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    products_result = run_powershell(host, PRODUCTS_SCRIPT, timeout=8)
    products: list[Product] | None = None
    if products_result.ok:
        products = parse_products(products_result.stdout)
        if not products and products_result.stdout.strip():
            products = None
            evidence.append(Evidence(PRODUCTS_SCRIPT, "an answer Homeguard could not read"))
        else:
            for product in products:
                evidence.append(Evidence(f"Windows Security: {product.name}", _product_words(product)))
            if not products:
                evidence.append(Evidence(PRODUCTS_SCRIPT, "no antivirus is registered with Windows Security"))
    else:
        evidence.append(Evidence(PRODUCTS_SCRIPT, powershell_problem(products_result)))

    defender_result = run_powershell(host, DEFENDER_SCRIPT, timeout=8)
    defender = parse_defender_status(defender_result.stdout) if defender_result.ok else None
    if defender is not None:
        evidence.append(Evidence(DEFENDER_SCRIPT, _defender_words(defender)))
    elif defender_result.ok:
        evidence.append(Evidence(DEFENDER_SCRIPT, "an answer Homeguard could not read"))
    else:
        evidence.append(Evidence(DEFENDER_SCRIPT, powershell_problem(defender_result)))

    if products is None:
        if defender is not None:
            return _defender_verdict(defender, evidence)
        reason = powershell_problem(products_result) or powershell_problem(defender_result) or (
            "their answers were not in the form Homeguard expects")
        return finding(Status.UNKNOWN, "Could not tell: Homeguard could not ask Windows Security or Microsoft "
                       f"Defender whether an antivirus is on ({reason}).", evidence)

    on = [p for p in products if p.state is not None and p.state.state == "on"]
    unreadable = [p for p in products if p.state is None or p.state.state == "unknown"]
    if on:
        third_party = [p for p in on if not _is_defender(p)]
        chosen = third_party[0] if third_party else on[0]
        if _is_defender(chosen) and defender is not None:
            if defender.antivirus_enabled is False or defender.real_time is False:
                return finding(Status.FAIL, "Windows Security lists Microsoft Defender as on, but Defender itself "
                               "says its real-time protection is off: files are not checked as they are downloaded "
                               "or opened, only in scheduled scans.", evidence)
            return _freshness_verdict("Microsoft Defender", defender, evidence)
        fresh = next((p for p in on if p.state is not None and p.state.up_to_date), None)
        if fresh is not None:
            return finding(Status.PASS, f"{fresh.name} is on and its list of threats is up to date.", evidence)
        if all(p.state is not None and p.state.up_to_date is False for p in on):
            return finding(Status.PARTIAL, f"{chosen.name} is on, but Windows Security says its list of threats is "
                           "out of date.", evidence)
        return finding(Status.PASS, f"{chosen.name} is on.", evidence)
    if unreadable:
        return finding(Status.UNKNOWN, f"Could not tell: Windows Security reported {unreadable[0].name} in a way "
                       "Homeguard does not understand.", evidence)
    if not products:
        if defender is not None and defender.antivirus_enabled and defender.real_time:
            return _freshness_verdict("Microsoft Defender", defender, evidence)
        return finding(Status.FAIL, "No antivirus is registered with Windows Security.", evidence)
    names = ", ".join(f"{p.name} ({p.state.state if p.state else 'unknown'})" for p in products)
    return finding(Status.FAIL, f"No antivirus is switched on: Windows Security lists {names}.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The antivirus products registered with Windows Security and whether each is on and up to date "
    "(`Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct`), and Microsoft Defender's own "
    "status: real-time protection and the age of its list of threats (`Get-MpComputerStatus`)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Windows Security and go to \u201cVirus & threat protection\u201d.",
            "If real-time protection is off, switch it on under \u201cVirus & threat protection settings\u201d, "
            "\u201cManage settings\u201d.",
            "Under \u201cVirus & threat protection updates\u201d, press \u201cCheck for updates\u201d so the list "
            "of threats is current.",
            "If you use another antivirus, open it and make sure it is switched on and updated, or uninstall it "
            "so Microsoft Defender takes over.",
        ),
        settings_url="ms-settings:windowsdefender",
        more_info="https://support.microsoft.com/windows/stay-protected-with-the-windows-security-app-"
                  "2ae0363d-0ada-c064-8b56-6a39afb6a963",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Some productState values (from published decoding tables)",
    "Defender in passive mode and 12-day-old signatures (edited documentation outputs)",
)
