"""Turning what a check, a file or a person said into text that is safe and short enough for the report page.

Everything printed on the page passes through here: every value is escaped, only http(s) addresses become links,
evidence is flattened to one shortened line (the JSON report keeps every byte), and who a family answer is about is
said in words. Keeping these rules in one place is what lets the page promise that nothing hostile gets through.
"""

from __future__ import annotations

import html
import time

from auditor.model import Result

EVIDENCE_CHARS = 300  # each thing seen is shortened to this in the page; the JSON report keeps all of it
NAME_CHARS_SHOWN = 60  # a computer's name in a table or a heading; the JSON report keeps all of it


def esc(text: object) -> str:
    """Any value as HTML text: every value from a check, a file or a person goes through this."""
    return html.escape(str(text), quote=True)


def web_link(url: str) -> str:
    """Only web addresses become links; anything else is shown as text and cannot be clicked."""
    if url.lower().startswith(("https://", "http://")):
        return f"<a href=\"{esc(url)}\">{esc(url)}</a>"
    return f"<code>{esc(url)}</code>"


def compact(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """One line, shortened: a report shows the gist; the JSON report keeps every byte."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def plain_name(text: str, limit: int = NAME_CHARS_SHOWN) -> str:
    """A name from another computer's report as one short line of printable characters (still escape it): a
    name of 255 characters with no space would push a table off the printed page."""
    shown = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return compact(shown, limit)


def format_when(timestamp: float) -> str:
    """A moment as people read it, in this computer's time zone: "03 Nov 2026, 14:05"."""
    return time.strftime("%d %b %Y, %H:%M", time.localtime(timestamp))


def subject_name(result: Result) -> str:
    """Who a guided answer is about; questions for the whole household say so in words."""
    if result.kind != "guided" or not result.subject:
        return ""
    return "the whole family" if result.subject == "household" else result.subject


def title_with_subject(result: Result) -> str:
    subject = subject_name(result)
    return f"{result.title} ({subject})" if subject else result.title


def capitalised(text: str) -> str:
    """The text with its first letter made a capital, the rest left as written."""
    return text[:1].upper() + text[1:]
