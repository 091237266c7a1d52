"""Help when it is happening: the response steps in order, and who to contact where the person lives.

The region comes from the system's locale (``en_GB`` -> the UK) unless the person chose one in the settings, and
it can always be changed: people travel, and a locale is only a guess. Everything shown comes from
checks/manual/help-now.toml, where each step and contact carries its source and the date it was checked.
"""

from __future__ import annotations

import textwrap

from auditor.packs import Contact, HelpNow, Region

# EU member states: their locales pick the EU region (116 111 and the Insafe helplines) unless listed elsewhere.
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})
KIND_TITLES = {
    "emergency": "In an emergency",
    "report": "Report it",
    "support": "Talk to someone",
    "removal": "Get images taken down",
}


def serves(contact: Contact, audience: str) -> bool:
    """Whether a contact helps this group ("young-people" or "adults"): its own, or everyone."""
    return contact.audience in (audience, "everyone")


def open_all_hours(contact: Contact) -> bool:
    """Whether a contact says it is always open: hours "24/7", or "Online, 24/7" for a web form."""
    return "24/7" in contact.hours


def country_of(locale_name: str) -> str:
    """``en_GB`` -> ``GB``; ``de-AT`` -> ``AT``; anything else -> ``""``."""
    for separator in ("_", "-"):
        if separator in locale_name:
            country = locale_name.split(separator, 1)[1][:2].upper()
            return country if country.isalpha() and len(country) == 2 else ""
    return ""


def region_for(help_now: HelpNow, *, chosen: str = "", locale_name: str = "") -> Region | None:
    """The region the person chose, else the one their locale's country belongs to, else "elsewhere"."""
    if chosen:
        region = help_now.region(chosen)
        if region:
            return region
    country = country_of(locale_name)
    if country:
        for region in help_now.regions:
            if country in region.countries:
                return region
        if country in EU_COUNTRIES and help_now.region("EU"):
            return help_now.region("EU")
    return help_now.region("OTHER") or (help_now.regions[0] if help_now.regions else None)


def render_text(help_now: HelpNow, region: Region | None, *, width: int = 88) -> str:
    out: list[str] = []

    def para(text: str, indent: int = 0, hang: int = 0) -> None:
        out.extend(textwrap.wrap(text, width, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                                 break_on_hyphens=False, break_long_words=False) or [""])

    out.append("If someone is threatening you or your child right now")
    out.append("")
    for number, step in enumerate(help_now.steps, 1):
        para(f"{number}. {step.title}", 0, 3)
        para(step.text, 3)
        out.append("")
    if region is None:
        para("No contacts are available: the help file could not be read.")
        return "\n".join(out) + "\n"
    out.append(f"Who to contact: {region.name}")
    out.append("")
    for kind, title in KIND_TITLES.items():
        contacts = [c for c in region.contacts if c.kind == kind]
        if not contacts:
            continue
        out.append(title)
        for contact in contacts:
            para(f"- {contact.name}: {contact.for_}" + (f" ({contact.ages})" if contact.ages else ""), 2, 2)
            ways = [w for w in (f"call {contact.phone}" if contact.phone else "",
                                _text_way(contact.text),
                                contact.link, contact.hours) if w]
            if ways:
                para(" · ".join(ways), 4)
        out.append("")
    para("Other regions: homeguard help-now --region GB | US | AU | CA | IE | EU | OTHER")
    return "\n".join(out).rstrip() + "\n"


def _text_way(text: str) -> str:
    """``CONNECT to 686868`` -> ``text CONNECT to 686868``; a pack may also write the whole instruction."""
    if not text:
        return ""
    return text if text.lower().startswith("text") else f"text {text}"
