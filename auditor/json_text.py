"""JSON from outside read with one rule for nesting: too deep to read is damaged, like any other bad JSON.

``json.loads`` raises ``ValueError`` (``JSONDecodeError``) for text that is not JSON, but ``RecursionError`` for
arrays or objects nested past Python's recursion limit (about a thousand levels; a few kilobytes of "[" do it).
Every caller expects the first and none the second, so a damaged or hostile settings file would end its check as a
crash instead of "could not tell". Reading through ``load_json`` makes both the same ``ValueError``.
"""

from __future__ import annotations

import json
from typing import Any


def load_json(text: str | bytes) -> Any:
    """``json.loads(text)``; ValueError for text that is not JSON, and for JSON nested too deeply to read."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError("it is nested too deeply to be read") from exc
