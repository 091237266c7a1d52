"""Helpers shared by several checks: finding the desktop session, reading config files, wording evidence."""
