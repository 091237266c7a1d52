"""The safety-first words every system's fix for monitoring-software gives, kept apart from the search and the
verdict so that a platform part can name them in its FIXES without importing the list, the search or the verdict
when the checks load: those are imported by the probe, in its own thread, beside the slowest check of the scan.
"""

from __future__ import annotations

from auditor.contact_topics import CONTACT_TOPICS, DEVICE_MONITORING

COALITION_URL = "https://stopstalkerware.org/"
# Get help now tags its specialist contacts for this with the topic "device-monitoring"; each one's description
# starts with these words, so the step below can send people to them by what they will read there.
HELP_NOW_WORDS = CONTACT_TOPICS[DEVICE_MONITORING]

SAFETY_STEPS = (
    "If Homeguard found spying software: please do not remove it yet. Removing it may alert the person who put it "
    "there, and it is also evidence. You have done nothing wrong.",
    "Keep a record: take a photo of this Homeguard result (the name of the product and where it was found), "
    "best with a phone the other person has never used, and screenshots of any messages that make you think you "
    "are being watched, but never of a nude or sexual picture. Keep them somewhere the other person cannot reach, "
    "or with someone you trust.",
    "Talk to a specialist service first, from a phone or computer the other person has never used. Open \u201cGet "
    f"help now\u201d in Homeguard (or run `homeguard help-now`): under \u201cTalk to someone\u201d, the services "
    f"that start \u201c{HELP_NOW_WORDS}\u201d are the ones for this where you live. The Coalition Against "
    "Stalkerware (stopstalkerware.org) explains the signs and the safe steps.",
    "Make a plan with them, then remove it with their help. Afterwards, change the passwords of your important "
    "accounts from a device the other person has never had access to.",
    "If it is parental control or work monitoring you did not know about, ask the person who runs the computer "
    "(a parent, your school or your employer) what it records and why.",
)
