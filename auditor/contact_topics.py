"""What a help contact specialises in, besides its kind: a tag other parts of Homeguard can point at.

A device check that finds spying software sends the person to the contacts tagged "device-monitoring", whose
``for`` line starts with the topic's words, so the person can find them in Get help now by those words. This lives
apart from ``auditor.pack_content`` so that a check can name the words without loading the content format, which
would slow the start of every scan.
"""

from __future__ import annotations

DEVICE_MONITORING = "device-monitoring"
CONTACT_TOPICS: dict[str, str] = {
    DEVICE_MONITORING: "If someone may be watching your computer or phone",
}
