"""Safe mode: only the checks that come with Homeguard (``registry.discover(safe_mode=True)``), no plugins.

It is on when the person ticked it in the settings (a saved choice, kept among the engine's settings so the window
and the terminal both honour it), asked for it on the command line (``--safe-mode``), or started Homeguard with
``HOMEGUARD_SAFE_MODE`` set. This module holds that rule and nothing heavier than ``os``: the window reads it before
its first paint, long before it loads any check.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations: the window must not import the history's module for this
    from auditor.store import Store

SAFE_MODE_ENV = "HOMEGUARD_SAFE_MODE"


def safe_mode_requested(flag: bool = False) -> bool:
    """Whether safe mode is asked for: by ``flag`` (the command line or the saved choice) or the environment."""
    return flag or os.environ.get(SAFE_MODE_ENV, "").strip() not in ("", "0", "false", "no")


def load_safe_mode(store: Store) -> bool:
    """The saved choice alone (not the command line or the environment)."""
    return store.settings().safe_mode


def save_safe_mode(store: Store, on: bool) -> None:
    store.save_settings(store.settings().with_value("safe_mode", on))


def safe_mode_on(store: Store, flag: bool = False) -> bool:
    """Whether this run uses safe mode: the saved choice, the command-line ``flag`` or the environment."""
    return safe_mode_requested(flag or load_safe_mode(store))
