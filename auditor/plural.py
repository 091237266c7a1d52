"""Counting in words: "1 question", "3 questions", "1 answer is", "2 answers are".

Every count Homeguard shows a person (the app, the reports, the terminal) goes through here, so none says
"1 questions" or "question(s)". English only, like the rest of Homeguard's text.
"""

from __future__ import annotations


def word_for(n: int, one: str, many: str = "") -> str:
    """The word that goes with ``n``: ``one`` for exactly 1, else ``many`` (``one`` + "s" when not given)."""
    return one if n == 1 else (many or one + "s")


def plural(n: int, one: str, many: str = "") -> str:
    """``n`` with the word that goes with it: plural(1, "question") is "1 question", plural(3, "question") is
    "3 questions", plural(2, "person", "people") is "2 people"."""
    return f"{n} {word_for(n, one, many)}"


__all__ = ["plural", "word_for"]
