"""What password-manager found on its way to a verdict, whatever the system: the managers, the doubts, the
browsers' own saved passwords and what could not be looked at, with the sentences the verdicts are made of."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.model import Evidence


@dataclass
class Seen:
    """What the probe found, and what it could not look at, on the way to a verdict."""

    managers: dict[str, list[str]] = field(default_factory=dict)  # manager name -> where it was found
    browsers: list[str] = field(default_factory=list)  # "Firefox (abc.default profile)"
    saved: dict[str, int] = field(default_factory=dict)  # browser name -> passwords saved in it
    uncounted: set[str] = field(default_factory=set)  # browsers with a password file too big to count
    problems: list[str] = field(default_factory=list)  # what could not be looked at, in words
    # Whether something not looked at may hold a password manager (an app list, a browser profile), rather than only
    # saved passwords or iCloud Keychain's switch: then no partial verdict can stand, as the truth may be a pass.
    manager_may_be_hidden: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    # manager name -> where it was found without a readable on/off state (an extension whose browser's preference
    # files could not be read): installed, but perhaps switched off
    doubtful: dict[str, list[str]] = field(default_factory=dict)

    def manager(self, name: str, where: str) -> None:
        self.managers.setdefault(name, []).append(where)

    def doubt(self, name: str, where: str) -> None:
        """Note a manager that is installed but whose on/off state could not be read."""
        self.doubtful.setdefault(name, []).append(where)

    def doubt_summary(self) -> str:
        """The partial verdict's words when the only managers found may be switched off.

        Partly, not "could not tell": that a manager is installed was seen (someone chose one and added it), only
        its switch is in doubt; the person can settle that in a moment, and the summary says how. Never a pass:
        an extension that is switched off protects nothing."""
        places = [where for name in sorted(self.doubtful) for where in self.doubtful[name]]
        it = "it is" if len(places) == 1 else "they are"
        return (f"A password manager was found, but Homeguard could not read whether {it} switched on: "
                f"{in_words(places)}. Check on the browser's Extensions page that {it} turned on.")

    def cannot(self, looked_at: str, why: str, short: str = "", *, may_hide_manager: bool = True) -> None:
        """Note something that could not be looked at; ``short`` replaces both in the summary when given.
        ``may_hide_manager`` is False only for what can hold no password manager (a password file to count)."""
        self.problems.append(short or f"{looked_at} ({why})")
        self.manager_may_be_hidden = self.manager_may_be_hidden or may_hide_manager
        self.evidence.append(Evidence(looked_at, why))

    def count_saved(self, browser: str, path: str, count: int) -> None:
        """Note how many passwords a browser's own password file holds."""
        self.evidence.append(Evidence(path, f"{count} saved {'password' if count == 1 else 'passwords'}"))
        if count:
            self.saved[browser] = self.saved.get(browser, 0) + count

    def own_saving_summary(self) -> str:
        """The partial verdict's words when browsers' own password saving is all there is."""
        where = in_words([f"{browser}'s" for browser in sorted(self.saved)])
        total = sum(self.saved.values())
        count = f"{total} saved {'password' if total == 1 else 'passwords'}"
        if self.uncounted:
            count = f"more than {count}" if total else "a great many saved passwords"
        return (f"Only {where} own password saving is in use ({count}), which is a good start, but a separate "
                "password manager would keep them safe across all your browsers and devices.")

    def could_not_look_summary(self) -> str:
        """The "could not tell" verdict's words. When what could not be looked at may be the very password manager
        (``manager_may_be_hidden``) it comes before the partial verdicts, as the truth may be a pass: a manager in
        doubt or the browsers' own saving is then said, but cannot decide. A refused or garbled answer must never
        turn "found" into anything less."""
        also = ""
        if self.doubtful:
            also = (f" It did find {in_words(sorted(self.doubtful))}, but could not read whether "
                    f"{'it is' if len(self.doubtful) == 1 else 'they are'} switched on.")
        elif self.saved:
            also = f" It did find passwords saved in {in_words(sorted(self.saved))}."
        return ("Could not tell: no password manager was found, but Homeguard could not look at everything: "
                f"{'; '.join(self.problems)}.{also}")


def in_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
