"""The seven prevention strategies that every check and every score is tied to.

They come from DESIGN.md and do not change at run time: a check names one of these ids, and the score
is reported per strategy in this order, so a family sees the advice in the same shape every time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Strategy:
    id: str
    title: str
    summary: str


STRATEGIES: tuple[Strategy, ...] = (
    Strategy(
        "personal-info",
        "Be careful with personal information and images",
        "Strangers should not be able to send you pictures, see your camera or receive your photos.",
    ),
    Strategy(
        "secure-devices",
        "Secure your devices",
        "Strong, unique passwords, two-step sign-in, updates, a screen lock and an encrypted disk.",
    ),
    Strategy(
        "phishing",
        "Be aware of phishing scams",
        "Spot messages that rush you, scare you or ask for passwords, codes or money.",
    ),
    Strategy(
        "privacy-settings",
        "Use privacy settings",
        "Limit who can see you, message you and find out where you are.",
    ),
    Strategy(
        "educate",
        "Learn and teach the warning signs",
        "Everyone in the family knows how blackmailers work and what the red flags look like.",
    ),
    Strategy(
        "report",
        "Report it; do not give in",
        "Know how to block and report in each app, and who to call where you live.",
    ),
    Strategy(
        "support",
        "Have people to turn to",
        "A trusted adult, a family agreement and the promise that nobody will be in trouble for asking for help.",
    ),
)

STRATEGY_IDS: tuple[str, ...] = tuple(s.id for s in STRATEGIES)
_BY_ID = {s.id: s for s in STRATEGIES}


def strategy(strategy_id: str) -> Strategy:
    """Return the strategy with this id; an unknown id is a programming error in a check spec."""
    try:
        return _BY_ID[strategy_id]
    except KeyError:
        raise ValueError(f"unknown strategy id {strategy_id!r}; expected one of {', '.join(STRATEGY_IDS)}") from None
