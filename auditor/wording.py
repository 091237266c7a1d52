"""Guided questions put to someone about another person: "Is Sam's Instagram account private?", not "your".

The content packs write each question to the person it is about ("Is your Instagram account set to private?").
When a parent walks through the questions for Sam, "your" would mean the parent; so the walk turns it into Sam's
name. One rule for every name: add 's ("Sam's", "James's"), as the rest of Homeguard writes possessives.
"""

from __future__ import annotations

import re

_YOUR = re.compile(r"\b[Yy]our\b")
_SENTENCE_END = (".", "?", "!", ":")


def possessive(name: str) -> str:
    """``name``'s, the same for every name: "Sam's", "James's"."""
    return f"{name}'s"


def _names_a_setting(words_before: list[str]) -> bool:
    """Whether a "your" is part of a setting's own name, as in "turn off Suggest your account to others".

    Such names start with a capital in the middle of a sentence; a capital after the end of a sentence (or at the
    very start) is only the sentence's first word, as in "Is your account private?".
    """
    if not words_before or not words_before[-1][:1].isupper():
        return False
    return len(words_before) > 1 and not words_before[-2].endswith(_SENTENCE_END)


def about(text: str, name: str) -> str:
    """A question written to "you", put about ``name``: each "your" becomes ``name``'s, except in setting names."""

    def swap(match: re.Match[str]) -> str:
        return match.group(0) if _names_a_setting(text[:match.start()].split()) else possessive(name)

    return _YOUR.sub(swap, text)
