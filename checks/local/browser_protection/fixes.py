"""What to do when a browser's protection is off, in words that work on every system.

A browser's own settings pages (chrome://settings/security, about:preferences#privacy) cannot be opened from outside
the browser, so there is no "Open settings" link: the steps say where to click inside each browser instead."""

from __future__ import annotations

STEPS = (
    "Chrome, Brave, Vivaldi or Chromium: open the menu (three dots, top right), then Settings, Privacy and security, "
    "Security, and choose \u201cStandard protection\u201d (or \u201cEnhanced protection\u201d, which is stronger).",
    "Microsoft Edge: open the menu (three dots), then Settings, \u201cPrivacy, search, and services\u201d, "
    "Security, and switch on \u201cMicrosoft Defender SmartScreen\u201d.",
    "Firefox: open the menu (three lines), then Settings, Privacy & Security, and under Security tick "
    "\u201cBlock dangerous and deceptive content\u201d.",
    "If the switch is greyed out with a note that your organisation manages it, ask whoever set up the computer "
    "(a school or work IT team) to turn it back on.",
    "For extensions that can read every site: open the menu, Extensions, Manage extensions, and remove any you do "
    "not know or no longer use.",
)
MORE_INFO = "https://support.google.com/chrome/answer/9890866"
