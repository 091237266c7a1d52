"""How firewall looks on Windows: each Windows Firewall profile, and any other firewall registered with Windows.

Windows keeps three firewall profiles and uses the one that matches the network it is on: Public (the default for
any new network: cafés, schools, friends' houses), Private (a network the person marked as home) and Domain (only
on a work or school network run by an IT department). What is judged:

* Public and Private both on and turning away unasked-for connections: pass.
* Private off, Public on: partial. Public off, with or without Private: fail, because every network Windows has not
  been told to trust is Public, so that is the one that meets strangers.
* A profile that is "on" but whose default inbound action is Allow lets everything in, and counts as off.
* When Windows Firewall is off for a profile, another firewall program (Norton, Bitdefender, ZoneAlarm, ...) may
  have switched it off and taken over. Such programs register with Windows Security Center (WMI namespace
  root/SecurityCenter2, class FirewallProduct); one that reports itself on turns the verdict into a pass. When that
  cannot be asked, the answer is "could not tell", never a fail that may be wrong.

Where the answer comes from:

1. ``Get-NetFirewallProfile -PolicyStore ActiveStore``: the settings in force after Group Policy is applied (what
   the Windows Security app shows; Windows Admin Center asks the same way). Its ``Enabled`` is a GpoBoolean, which
   ConvertTo-Json writes as a number: 1 True, 0 False, 2 NotConfigured (recorded outputs from Windows Server
   2016-2025 in mondoohq/cnquery's test data show ``"Enabled": 1`` where the table view says True, and 2 where it
   says NotConfigured). ``DefaultInboundAction`` is the NetSecurity Action enum: 0 NotConfigured (Windows' default,
   Block), 2 Allow, 4 Block (learn.microsoft.com, MSFT_NetFirewallRule Action). The names are accepted as well.
2. Without PowerShell, the registry: ``...\\SharedAccess\\Parameters\\FirewallPolicy\\{Domain,Standard,Public}Profile``
   ``EnableFirewall`` (StandardProfile is the Private profile), where a Group Policy value under
   ``HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\<Profile>`` wins when it is set ([MS-FASP] 2.2.38, the
   merge law for FW_PROFILE_CONFIG_ENABLE_FW). A value that is not set has Windows' default: on, inbound blocked.
3. ``Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct``: ``productState``'s second byte
   says whether the product is on (0x10 or 0x11) or off (0x00 or 0x01). Microsoft does not document this field;
   the decoding is the one security tools share, and no recorded FirewallProduct answer was found to test it on
   (see the README's list of unverified detections).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from auditor.winreg_reader import RegistryValue
from checks.local.common.windows import powershell_json

PROFILES_SCRIPT = "Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name, Enabled, DefaultInboundAction"
PRODUCTS_SCRIPT = ("Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | "
                   "Select-Object displayName, productState")
POWERSHELL_TIMEOUT = 8.0

LOCAL_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy"
POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall"
# Profile name -> (key under LOCAL_KEY, key under POLICY_KEY). "Standard" is the registry's old name for Private.
REGISTRY_PROFILES = {
    "Domain": ("DomainProfile", "DomainProfile"),
    "Private": ("StandardProfile", "PrivateProfile"),
    "Public": ("PublicProfile", "PublicProfile"),
}
PROFILE_ORDER = ("Domain", "Private", "Public")

_GPO_BOOLEAN = {1: True, 0: False, "true": True, "false": False}
_NOT_CONFIGURED = (2, "notconfigured")
_ACTIONS = {0: "NotConfigured", 2: "Allow", 4: "Block", "notconfigured": "NotConfigured", "allow": "Allow",
            "block": "Block"}


@dataclass(frozen=True)
class ProfileState:
    """One firewall profile as Windows reported it. ``on`` is None when the answer was not understood."""

    name: str
    on: bool | None
    inbound: str  # "Block", "Allow" or "NotConfigured"; "" when not understood
    detail: str

    @property
    def protects(self) -> bool | None:
        """On, and turning away connections nobody asked for."""
        if self.on is None or not self.inbound:
            return None
        return self.on and self.inbound != "Allow"


@dataclass(frozen=True)
class FirewallProduct:
    name: str
    on: bool | None  # None when productState is not understood
    state: object


def _key(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower()
    return value


def parse_profiles(data: object) -> dict[str, ProfileState]:
    """Profiles by name from Get-NetFirewallProfile's JSON (one object or a list). Unknown names are left out."""
    items = data if isinstance(data, list) else [data]
    found: dict[str, ProfileState] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        name = str(item.get("Name") or item.get("Profile") or "").strip().capitalize()
        if name not in PROFILE_ORDER:
            continue
        enabled = _key(item.get("Enabled"))
        if enabled in _NOT_CONFIGURED:
            on: bool | None = True
            words = "not configured (Windows' default: on)"
        elif isinstance(enabled, bool):
            on, words = enabled, "on" if enabled else "off"
        elif enabled in _GPO_BOOLEAN:
            on = _GPO_BOOLEAN[enabled]
            words = "on" if on else "off"
        else:
            on, words = None, f"Enabled={item.get('Enabled')!r} (not understood)"
        action = _ACTIONS.get(_key(item.get("DefaultInboundAction")), "")
        if not action:
            words += f", DefaultInboundAction={item.get('DefaultInboundAction')!r} (not understood)"
        elif action == "Allow":
            words += ", lets every incoming connection through"
        found[name] = ProfileState(name, on, action, words)
    return found


def registry_profiles(host: Host, evidence: list[Evidence]) -> dict[str, ProfileState] | None:
    """The profiles from the registry, policy values winning over local ones. None when the registry refused or
    holds no firewall settings at all."""
    found: dict[str, ProfileState] = {}
    for name in PROFILE_ORDER:
        local_name, policy_name = REGISTRY_PROFILES[name]
        try:
            local = host.registry_values(rf"{LOCAL_KEY}\{local_name}")
            policy = host.registry_values(rf"{POLICY_KEY}\{policy_name}") or {}
        except AccessDenied as exc:
            evidence.append(Evidence(LOCAL_KEY, str(exc)))
            return None
        if local is None:
            continue
        state = _registry_state(name, local, policy)
        found[name] = state
        evidence.append(Evidence(rf"{LOCAL_KEY}\{local_name}", state.detail))
    if not found:
        evidence.append(Evidence(LOCAL_KEY, "no firewall profiles found"))
        return None
    return found


def _registry_state(name: str, local: dict[str, RegistryValue], policy: dict[str, RegistryValue]) -> ProfileState:
    source = "set by Group Policy" if "enablefirewall" in policy else ""
    raw = policy.get("enablefirewall") or local.get("enablefirewall")
    if raw is None:
        on: bool | None = True
        words = "EnableFirewall not set (Windows' default: on)"
    else:
        number = raw.as_int()
        on = {1: True, 0: False}.get(number) if number is not None else None
        words = f"EnableFirewall {raw.as_text()}" + (f" ({source})" if source else "")
        if on is None:
            words += " (not understood)"
    inbound_raw = policy.get("defaultinboundaction") or local.get("defaultinboundaction")
    inbound = "Block"
    if inbound_raw is not None:
        # In the registry 1 blocks and 0 allows (the firewall's own DefaultInboundAction setting).
        number = inbound_raw.as_int()
        inbound = {1: "Block", 0: "Allow"}.get(number, "") if number is not None else ""
        words += f", DefaultInboundAction {inbound_raw.as_text()}" + ("" if inbound else " (not understood)")
        if inbound == "Allow":
            words += ": lets every incoming connection through"
    return ProfileState(name, on, inbound, words)


def product_on(state: object) -> bool | None:
    """Whether a Security Center productState says the product is switched on (None when not understood)."""
    if isinstance(state, bool) or not isinstance(state, int) or state < 0:
        return None
    engine = (state >> 8) & 0xFF
    if engine in (0x10, 0x11):
        return True
    if engine in (0x00, 0x01):
        return False
    return None


def parse_products(data: object) -> list[FirewallProduct]:
    items = data if isinstance(data, list) else [data]
    products = []
    for item in items:
        if isinstance(item, dict) and item.get("displayName"):
            state = item.get("productState")
            products.append(FirewallProduct(str(item["displayName"]), product_on(state), state))
    return products


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    answer = powershell_json(host, PROFILES_SCRIPT, timeout=POWERSHELL_TIMEOUT)
    profiles = parse_profiles(answer.data) if answer.data is not None else {}
    if profiles:
        evidence.append(Evidence("PowerShell: Get-NetFirewallProfile -PolicyStore ActiveStore",
                                 "; ".join(f"{p.name}: {p.detail}" for p in _ordered(profiles))))
    else:
        why = answer.problem or ("no firewall profiles listed" if answer.data is None
                                 else "an answer not in the form Homeguard expects")
        evidence.append(Evidence("PowerShell: Get-NetFirewallProfile -PolicyStore ActiveStore", why))
        profiles = registry_profiles(host, evidence) or {}
        if not profiles:
            return finding(Status.UNKNOWN, "Could not tell whether the firewall is on: neither PowerShell nor the "
                           "registry gave Windows Firewall's settings.", evidence)

    missing = [name for name in ("Private", "Public") if name not in profiles]
    if missing:
        return finding(Status.UNKNOWN, f"Could not tell: Windows did not report its {' or '.join(missing)} "
                       "firewall profile.", evidence)
    private, public = profiles["Private"], profiles["Public"]
    if private.protects is None or public.protects is None:
        return finding(Status.UNKNOWN, "Could not tell: Windows Firewall's settings were not in a form Homeguard "
                       "understands.", evidence)
    if private.protects and public.protects:
        note = "" if profiles.get("Domain") is None or profiles["Domain"].protects else \
            " (It is off for the domain profile, which Windows only uses on a work or school network run by an IT " \
            "department.)"
        return finding(Status.PASS, "Windows Firewall is on for home and public networks." + note, evidence)

    gaps = _describe_gaps(private, public)
    products = powershell_json(host, PRODUCTS_SCRIPT, timeout=POWERSHELL_TIMEOUT)
    if products.problem:
        evidence.append(Evidence("PowerShell: Windows Security Center, firewall products", products.problem))
        return finding(Status.UNKNOWN, f"Windows Firewall is off {gaps}, and Homeguard could not check whether "
                       f"another firewall program has taken over ({products.problem}).", evidence)
    registered = parse_products(products.data) if products.data is not None else []
    evidence.append(Evidence("PowerShell: Windows Security Center, firewall products",
                             ", ".join(f"{p.name} ({_product_words(p)})" for p in registered) or "none registered"))
    working = [p.name for p in registered if p.on]
    if working:
        return finding(Status.PASS, f"{' and '.join(working)} protects this computer in place of Windows Firewall, "
                       f"which is off {gaps}.", evidence)
    if any(p.on is None for p in registered):
        return finding(Status.UNKNOWN, f"Windows Firewall is off {gaps}, and Homeguard could not tell whether the "
                       "other firewall program registered with Windows is on.", evidence)
    if not public.protects:
        what = "for every network" if not private.protects else "for public networks"
        return finding(Status.FAIL, f"Windows Firewall is off {what}, so other computers on the same Wi-Fi, such "
                       "as in a café or at school, can reach programs on this one.", evidence)
    return finding(Status.PARTIAL, "Windows Firewall is on for public networks but off for your home (private) "
                   "network, so other devices at home can reach programs on this computer.", evidence)


def _ordered(profiles: dict[str, ProfileState]) -> list[ProfileState]:
    return [profiles[name] for name in PROFILE_ORDER if name in profiles]


def _describe_gaps(private: ProfileState, public: ProfileState) -> str:
    if not private.protects and not public.protects:
        return "for home and public networks"
    return "for public networks" if not public.protects else "for home (private) networks"


def _product_words(product: FirewallProduct) -> str:
    if product.on is None:
        return f"state {product.state!r} not understood"
    return "on" if product.on else "off"


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Windows Firewall's three profiles (Domain, Private, Public) as they are in force, with "
    "`Get-NetFirewallProfile -PolicyStore ActiveStore` in PowerShell, or from the registry "
    "(HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy and the Group Policy "
    "values under HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall) when PowerShell cannot be used; and, when "
    "Windows Firewall is off, the firewall programs registered with Windows Security Center."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Windows Security (Start menu, type \u201cWindows Security\u201d) and choose \u201cFirewall & "
            "network protection\u201d.",
            "Switch Microsoft Defender Firewall on for \u201cPublic network\u201d and \u201cPrivate network\u201d. "
            "Windows asks an administrator to confirm.",
            "If another security program (for example Norton, McAfee or Bitdefender) manages the firewall, open "
            "that program instead and switch its firewall on.",
        ),
        settings_url="ms-settings:windowsdefender",
        settings_command=("control", "/name", "Microsoft.WindowsFirewall"),
        more_info="https://learn.microsoft.com/windows/security/operating-system-security/network-security/"
                  "windows-firewall/",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "A profile switched off (a real recording edited)",
    "Third-party firewalls through Security Center (documented)",
    "Group Policy values winning over local ones (documented)",
)
