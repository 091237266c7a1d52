"""Safe mode as a saved choice: kept among the engine's settings, so the window and the terminal both honour it.

Safe mode loads only the checks that come with Homeguard (``registry.discover(safe_mode=True)``). It is on when
the person ticked it in the settings, asked for it on the command line (``--safe-mode``), or started Homeguard
with ``HOMEGUARD_SAFE_MODE`` set (``registry.safe_mode_requested``).
"""

from __future__ import annotations

from auditor.registry import safe_mode_requested
from auditor.store import Store


def load_safe_mode(store: Store) -> bool:
    """The saved choice alone (not the command line or the environment)."""
    return store.settings().safe_mode


def save_safe_mode(store: Store, on: bool) -> None:
    store.save_settings(store.settings().with_value("safe_mode", on))


def safe_mode_on(store: Store, flag: bool = False) -> bool:
    """Whether this run uses safe mode: the saved choice, the command-line ``flag`` or the environment."""
    return safe_mode_requested(flag or load_safe_mode(store))
