"""What the SSH server lets people sign in with, read from its settings files as OpenSSH reads them, without root.

``sshd -T`` would print the settings sshd uses, but it needs root; the files themselves are readable by everyone on
Debian, Ubuntu and macOS (Ubuntu's cloud-init drop-in is not: it is written mode 0600, and then Homeguard says it
could not read the settings). The rules followed here are those of sshd_config(5) and OpenSSH's servconf.c:

* Lines are ``Keyword value``, ``Keyword=value`` or ``Keyword = value``; keywords are case-insensitive; ``#`` starts
  a comment (a whole line, or a word starting with it after the value); values may be in double quotes.
* For each keyword the FIRST value obtained is used (most config files are the other way round).
* ``Include`` takes one or more paths, each perhaps a glob; a path that is not absolute is under /etc/ssh; matches are
  read in lexical order at the point of the Include; a path that matches nothing is skipped. Nesting stops at 16
  levels, as in OpenSSH.
* ``Match`` starts a block that applies only to some connections, until the next Match or the end of the file that
  holds it: OpenSSH restores the including file's Match state after an Include ("Don't let included files clobber
  the containing file's Match state"). What applies to everyone is what is set outside every Match block.
* Defaults when a keyword is absent (sshd_config(5)): PasswordAuthentication yes, KbdInteractiveAuthentication yes
  (ChallengeResponseAuthentication is its old name), UsePAM no, PermitRootLogin prohibit-password,
  AuthenticationMethods any. Keyboard-interactive sign-in asks for the password through PAM, so it only counts as a
  password sign-in when UsePAM is yes (Debian, Ubuntu and macOS all set it).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass, field

from auditor.host import AccessDenied, Host
from auditor.model import Evidence

SSHD_CONFIG = "/etc/ssh/sshd_config"
SSH_DIR = "/etc/ssh"
MAX_DEPTH = 16  # OpenSSH's SERVCONF_MAX_DEPTH
MAX_FILES = 64
READ_LIMIT = 256 * 1024  # settings files are a few kilobytes

ALIASES = {"challengeresponseauthentication": "kbdinteractiveauthentication"}
DEFAULTS = {
    "passwordauthentication": "yes",
    "kbdinteractiveauthentication": "yes",
    "usepam": "no",
    "permitrootlogin": "prohibit-password",
    "authenticationmethods": "any",
}
SHOWN = (("passwordauthentication", "PasswordAuthentication"),
         ("kbdinteractiveauthentication", "KbdInteractiveAuthentication"), ("usepam", "UsePAM"),
         ("permitrootlogin", "PermitRootLogin"), ("authenticationmethods", "AuthenticationMethods"))

_LINE = re.compile(r"([^\s=]+)\s*(?:=\s*)?(.*)")
_WORD = re.compile(r'"([^"]*)"|(\S+)')
_GLOB_CHARS = re.compile(r"[*?\[]")


class CouldNotRead(Exception):
    """The settings could not all be read; the message says which file and why, in plain words."""


@dataclass(frozen=True)
class Setting:
    value: str  # the words after the keyword, joined by one space
    where: str  # "file line N"


@dataclass
class SshdSettings:
    everyone: dict[str, Setting] = field(default_factory=dict)  # first value outside any Match block
    matches: list[tuple[str, dict[str, Setting]]] = field(default_factory=list)  # (Match line, its first values)
    files: list[str] = field(default_factory=list)  # every file read, in order

    def value(self, keyword: str, block: dict[str, Setting] | None = None) -> str:
        """The value that applies to everyone, or inside ``block`` (which overrides it), or OpenSSH's default."""
        if block and keyword in block:
            return block[keyword].value
        if keyword in self.everyone:
            return self.everyone[keyword].value
        return DEFAULTS[keyword]

    def described(self) -> str:
        """The settings that decide how people sign in, each with where it came from, for the evidence."""
        parts = []
        for keyword, name in SHOWN:
            setting = self.everyone.get(keyword)
            source = setting.where if setting else "not set: OpenSSH's default"
            parts.append(f"{name} {self.value(keyword)} ({source})")
        return "; ".join(parts)


def words(text: str) -> list[str]:
    """A line's words as OpenSSH splits them: double quotes group, a word starting with # ends the line."""
    found = []
    for match in _WORD.finditer(text):
        quoted, plain = match.groups()
        if plain is not None and plain.startswith("#"):
            break
        found.append(quoted if quoted is not None else plain)
    return found


@dataclass
class _Reader:
    host: Host
    settings: SshdSettings = field(default_factory=SshdSettings)

    def read_file(self, path: str, block: dict[str, Setting] | None, depth: int) -> None:
        """Read one file; ``block`` is the Match block the Include stood in (None outside any)."""
        if depth > MAX_DEPTH:
            raise CouldNotRead(f"{path}: Include lines nest more than {MAX_DEPTH} deep")
        if len(self.settings.files) >= MAX_FILES:
            raise CouldNotRead(f"more than {MAX_FILES} settings files are included")
        try:
            text = self.host.read_text(path, READ_LIMIT)
        except AccessDenied:
            raise CouldNotRead(f"Homeguard is not allowed to read {path}") from None
        if text is None:
            if depth == 0:
                raise CouldNotRead(f"{path} does not exist")
            return  # a file listed by its folder that went away since: nothing to read
        self.settings.files.append(path)
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            match = _LINE.fullmatch(line)
            if not match:
                continue
            keyword = match.group(1).lower()
            keyword = ALIASES.get(keyword, keyword)
            values = words(match.group(2))
            if keyword == "match":
                block = {}
                self.settings.matches.append((" ".join(["Match", *values]), block))
            elif keyword == "include":
                for pattern in values:
                    for included in self.expand(pattern):
                        self.read_file(included, block, depth + 1)
            else:
                target = self.settings.everyone if block is None else block
                target.setdefault(keyword, Setting(" ".join(values), f"{path} line {number}"))

    def expand(self, pattern: str) -> list[str]:
        """The files an Include path names, in lexical order, as glob(3) would list them."""
        if not pattern.startswith(("/", "~")):
            pattern = f"{SSH_DIR}/{pattern}"
        if not _GLOB_CHARS.search(pattern):
            return [pattern] if self.host.exists(pattern) and not self.host.is_dir(pattern) else []
        folder, name = posixpath.split(pattern)
        if _GLOB_CHARS.search(folder):
            return [p for p in self.host.glob(pattern) if not self.host.is_dir(p)]
        if not self.host.is_dir(folder):
            return []
        try:
            names = self.host.list_dir(folder)
        except AccessDenied:
            raise CouldNotRead(f"Homeguard is not allowed to look inside {folder}") from None
        hidden_ok = name.startswith(".")
        return [f"{folder}/{n}" for n in sorted(names)
                if fnmatch.fnmatchcase(n, name) and (hidden_ok or not n.startswith("."))
                and not self.host.is_dir(f"{folder}/{n}")]


def read_sshd_settings(host: Host, path: str = SSHD_CONFIG) -> SshdSettings:
    """Every setting the SSH server reads from ``path`` and the files it includes. Raises CouldNotRead."""
    reader = _Reader(host)
    reader.read_file(path, None, 0)
    return reader.settings


# -- what the settings allow -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignIn:
    """How people may sign in, in plain words."""

    passwords: bool  # someone can sign in with a password alone
    why: str  # the reason, for the summary ("PasswordAuthentication yes in FILE line N"); "" with keys only
    root_by_password: bool = False


def _password_ways(settings: SshdSettings, block: dict[str, Setting] | None) -> list[str]:
    ways = []
    if settings.value("passwordauthentication", block).lower() == "yes":
        ways.append("password")
    if (settings.value("kbdinteractiveauthentication", block).lower() == "yes"
            and settings.value("usepam", block).lower() == "yes"):
        ways.append("keyboard-interactive")
    methods = settings.value("authenticationmethods", block)
    if methods.lower() == "any":
        return ways
    # Only a list of methods without publickey lets a password alone sign someone in.
    usable: set[str] = set()
    for listed in methods.split():
        steps = [step.split(":", 1)[0].lower() for step in listed.split(",")]
        if "publickey" not in steps:
            usable.update(step for step in steps if step in ways)
    return [way for way in ways if way in usable]


def _reason(settings: SshdSettings, block: dict[str, Setting] | None, ways: list[str]) -> str:
    """Why passwords are accepted, naming the setting and the file it is in (or that it is OpenSSH's default)."""
    if "password" in ways:
        keyword = "passwordauthentication"
        setting = (block or {}).get(keyword) or settings.everyone.get(keyword)
        if setting is None:
            return "PasswordAuthentication is not set, and OpenSSH then allows passwords"
        return f"PasswordAuthentication {setting.value} in {setting.where}"
    return "KbdInteractiveAuthentication with UsePAM lets it ask for the password"


def sign_in(settings: SshdSettings) -> SignIn:
    """Whether anyone can sign in with a password: everyone's settings first, then each Match block's."""
    ways = _password_ways(settings, None)
    if ways:
        root = settings.value("permitrootlogin").lower() == "yes"
        return SignIn(True, _reason(settings, None, ways), root)
    for line, block in settings.matches:
        block_ways = _password_ways(settings, block)
        if block_ways:
            who = "every connection" if line.lower() == "match all" else "some connections"
            return SignIn(True, f"{_reason(settings, block, block_ways)}, for {who} ({line})")
    return SignIn(False, "")


def look_at_sshd(host: Host, evidence: list[Evidence]) -> tuple[SignIn | None, str]:
    """How the SSH server lets people sign in, with the evidence noted; (None, why) when it could not be read."""
    try:
        settings = read_sshd_settings(host)
    except CouldNotRead as exc:
        evidence.append(Evidence("SSH server settings", f"could not be read: {exc}"))
        return None, str(exc)
    evidence.append(Evidence("SSH server settings files", ", ".join(settings.files)))
    evidence.append(Evidence("SSH server settings (for everyone)", settings.described()))
    if settings.matches:
        evidence.append(Evidence("SSH server settings (Match blocks)", "; ".join(
            f"{line}: " + (", ".join(f"{name} {block[k].value}" for k, name in SHOWN if k in block)
                           or "nothing about signing in")
            for line, block in settings.matches)))
    return sign_in(settings), ""
