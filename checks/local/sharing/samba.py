"""Samba file shares on Linux: the shares in smb.conf, and the "usershares" a desktop's file manager makes.

smb.conf (/etc/samba/smb.conf, readable by everyone as installed) names each share in a ``[section]``; ``[global]``
holds settings, ``[printers]`` and ``[print$]`` (and any ``printable = yes`` share) serve printers and their
drivers, which the printer part of this check covers. ``guest ok = yes`` (or its synonym ``public = yes``) lets
anyone on the network in without a password: that share is open. Samba ignores case and spaces in names, so
``guestok = yes`` (seen in a real file) and ``Guest OK = Yes`` mean the same. ``[homes]`` gives each user their own
home folder, after signing in. (smb.conf(5), Samba 4.17.)

Usershares are what "Share this folder" in Nautilus, Nemo, Caja or Dolphin makes; ``net usershare info --long``
lists them all, each with ``guest_ok=y`` when "Guest access" was ticked. Their folder is readable only by the
group allowed to make them (``sambashare`` on Debian and Ubuntu), so for anyone else the listing fails ("cannot
open usershare directory ... Error Permission denied"): that is "could not read", never "none". Where user sharing
was never set up, the folder does not exist ("Error No such file or directory"), so nothing can be shared that way.
Where ``usershare max shares`` is 0 (upstream Samba's default, kept by Fedora and Arch; Debian and Ubuntu raise it),
user sharing is switched off: net answers "usershares are currently disabled" and smbd serves no usershare, so
nothing is shared that way either. (net(8); smb.conf(5); real answers in SOURCES.toml.)

Shares are served only while Samba's server, smbd, runs: with Samba installed but smbd stopped, nothing is shared.
"""

from __future__ import annotations

import re

from auditor.host import AccessDenied, Host
from auditor.model import Evidence
from auditor.plural import plural
from checks.local.common.conf import parse_ini
from checks.local.common.hidden_processes import HIDDEN, others_hidden

from .offered import Offered, Reach

SMB_CONF = "/etc/samba/smb.conf"
NOT_SHARES = {"global", "printers", "print$"}  # as _name() spells them
TURN_OFF_CONF = ("remove the share from /etc/samba/smb.conf (or set \u201cguest ok = no\u201d), then restart the smbd "
                 "service")
TURN_OFF_USERSHARE = ("right-click the folder in your file manager, open Sharing Options (or Properties, Share) and "
                      "untick sharing or guest access")
# smb.conf's booleans (smb.conf(5) "yes/no, true/false, 1/0"; Samba's parser also takes on/off)
_TRUE = {"yes", "true", "1", "on"}
_FALSE = {"no", "false", "0", "off"}
_USERSHARE = re.compile(r"^\[(?P<name>[^\]]*)\]\s*$")
# net's answer when the usershare folder does not exist (real answers in SOURCES.toml); one refused to someone
# outside the sambashare group says "Error Permission denied" instead, and stays "could not read".
_NO_USERSHARE_FOLDER = "Error No such file or directory"
# net's answer when smb.conf switches user sharing off (usershare max shares = 0): smbd then loads no usershare.
_USERSHARES_OFF = "usershares are currently disabled"


def conf_shares(text: str) -> list[Offered]:
    """The file shares an smb.conf defines, open when guests may use them."""
    offered: list[Offered] = []
    for name, values in parse_ini(text).items():
        if not name or _name(name) in NOT_SHARES:
            continue
        lowered = {_name(k): v.strip().lower() for k, v in values.items()}
        if lowered.get("printable") in _TRUE or lowered.get("printok") in _TRUE:
            continue
        if lowered.get("available") in _FALSE:
            continue
        guest = lowered.get("guestok") in _TRUE or lowered.get("public") in _TRUE
        if _name(name) == "homes":
            what = "every user's home folder, after signing in (the [homes] share in smb.conf)"
        else:
            path = next((v.strip() for k, v in values.items() if _name(k) == "path"), "")
            what = f"the shared folder \u201c{name}\u201d" + (f" ({path})" if path else "") + " in smb.conf"
        offered.append(Offered(what, Reach.OPEN if guest else Reach.LIMITED, TURN_OFF_CONF))
    return offered


def _name(word: str) -> str:
    """A section or parameter name as Samba compares it: case and every space ignored (``Guest OK`` = ``guestok``,
    smb.conf(5)), so each spelling a real file uses is read alike."""
    return "".join(word.split()).lower()


def _readable_conf(text: str) -> bool:
    """Whether an smb.conf is text Homeguard can read: no NUL characters (a file zero-filled after a crash, or saved
    as UTF-16), and, if it holds anything but comments, at least one section or setting line."""
    if "\x00" in text:
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip() and line.strip()[0] not in "#;"]
    return not lines or any(line.startswith("[") or "=" in line for line in lines)


def _setting(line: str) -> tuple[str, str]:
    """(name as Samba compares it, value) of one smb.conf line; ("", "") for a section, comment or other line."""
    stripped = line.strip()
    key, sep, value = stripped.partition("=")
    if not sep or not stripped or stripped[0] in "#;[":
        return "", ""
    return _name(key), value.strip()


def expand_includes(host: Host, text: str, evidence: list[Evidence], unread: list[str]) -> str:
    """smb.conf with each ``include = /path`` line replaced by that file, as Samba reads it (one level).

    Shares can live elsewhere: in an included file, or in Samba's registry (``include = registry``, ``config backend
    = registry`` or ``registry shares = yes``, as Cockpit's file-sharing tool sets), which ``net conf list`` prints
    in smb.conf's own form. An include Homeguard cannot follow (one with %-substitutions, made per visitor, or a file
    it may not read) leaves those shares unread; a missing file is skipped by Samba too."""
    lines: list[str] = []
    registry = False
    for line in text.splitlines()[:20000]:
        key, value = _setting(line)
        if (key in ("configbackend", "include") and value.lower() == "registry") or (
                key == "registryshares" and value.lower() in _TRUE):
            registry = True
        if key != "include" or value.lower() == "registry":
            lines.append(line)
            continue
        if "%" in value or not value.startswith("/"):
            evidence.append(Evidence(f"{SMB_CONF} include", f"{value}: made per visitor or not a full path, so not "
                                     "followed"))
            unread.append(f"the Samba settings included from {value}")
            continue
        try:
            included = host.read_text(value)
        except AccessDenied as exc:
            evidence.append(Evidence(value, str(exc)))
            unread.append(f"the Samba settings included from {value}")
            continue
        evidence.append(Evidence(f"{SMB_CONF} include", f"{value}: " + ("read" if included is not None else
                                                                         "no such file (Samba skips it too)")))
        lines.extend((included or "").splitlines())
    if registry:
        result = host.run(["net", "conf", "list"], timeout=4)
        if result.ok and _readable_conf(result.stdout):
            evidence.append(Evidence("net conf list", "Samba's registry settings read"))
            lines.extend(result.stdout.splitlines())
        else:
            evidence.append(Evidence("net conf list", result.problem() or "an answer Homeguard could not read"))
            unread.append("the shares kept in Samba's registry (`net conf list` needs an administrator)")
    return "\n".join(lines)


def parse_usershares(text: str) -> list[tuple[str, str, bool]]:
    """(name, path, guest allowed) for each block of ``net usershare info --long``; other lines are ignored."""
    shares: list[tuple[str, str, bool]] = []
    name: str | None = None
    path, guest = "", False
    for line in text.splitlines():
        match = _USERSHARE.match(line.strip().lstrip(">").strip())
        if match:
            if name is not None:
                shares.append((name, path, guest))
            name, path, guest = match["name"], "", False
            continue
        key, sep, value = line.strip().partition("=")
        if name is None or not sep:
            continue
        if key == "path":
            path = value.strip()
        elif key == "guest_ok":
            guest = value.strip().lower() == "y"
    if name is not None:
        shares.append((name, path, guest))
    return shares


def samba_offers(host: Host, evidence: list[Evidence], unread: list[str]) -> list[Offered]:
    """The Samba shares this computer serves now, adding what was seen to ``evidence``."""
    try:
        conf = host.read_text(SMB_CONF)
    except AccessDenied as exc:
        evidence.append(Evidence(SMB_CONF, str(exc)))
        unread.append("Samba's settings")
        return []
    if conf is None and host.which("net") is None:
        evidence.append(Evidence("Samba (Windows file sharing)", "not installed: no /etc/samba/smb.conf"))
        return []
    processes = host.processes()
    if not processes:
        evidence.append(Evidence("running programs", "none could be listed, so whether smbd runs is unknown"))
        unread.append("whether Samba's file server is running")
        return []
    if "smbd" not in {p.name for p in processes} and others_hidden(host, processes):
        evidence.append(Evidence("Samba (Windows file sharing)", HIDDEN))
        unread.append("whether Samba's file server is running")
        return []
    if "smbd" not in {p.name for p in processes}:
        evidence.append(Evidence("Samba (Windows file sharing)", "installed, but its server (smbd) is not running, "
                                 "so no folder is shared now"))
        return []
    if conf is not None and not _readable_conf(conf):
        evidence.append(Evidence(SMB_CONF, "not a settings file Homeguard can read (damaged, or not plain text)"))
        unread.append("Samba's settings")
        offered = []
    else:
        offered = conf_shares(expand_includes(host, conf, evidence, unread) if conf else "")
        evidence.append(Evidence(SMB_CONF, f"{plural(len(offered), 'file share')}: "
                                 + (", ".join(o.what for o in offered) or "none")))
    result = host.run(["net", "usershare", "info", "--long"], timeout=4)
    said = result.stderr + result.stdout
    if result.ran and not result.ok and "cannot open usershare directory" in said and _NO_USERSHARE_FOLDER in said:
        evidence.append(Evidence("net usershare info --long", "user sharing is not set up on this computer (no "
                                 "usershare folder), so no folder is shared from the file manager"))
        return offered
    if result.ran and not result.ok and _USERSHARES_OFF in said:
        evidence.append(Evidence("net usershare info --long", "user sharing is switched off in Samba's settings "
                                 "(usershare max shares is 0), so no folder is shared from the file manager"))
        return offered
    if not result.ok:
        evidence.append(Evidence("net usershare info --long", result.problem()))
        unread.append("the folders shared from the file manager (usershares)")
        return offered
    shares = parse_usershares(result.stdout)
    if not shares and any(line.strip() and not line.startswith("info_fn:") for line in result.stdout.splitlines()):
        # net prints nothing when no folder is shared (and "info_fn:" lines about files it skipped): anything else
        # without a share in it is an answer cut short or garbled, which cannot say that nothing is shared
        evidence.append(Evidence("net usershare info --long", "an answer Homeguard could not read"))
        unread.append("the folders shared from the file manager (usershares)")
        return offered
    evidence.append(Evidence("net usershare info --long", ", ".join(
        f"{name} ({path}, guest access {'yes' if guest else 'no'})" for name, path, guest in shares) or "none"))
    for name, path, guest in shares:
        offered.append(Offered(f"the folder \u201c{name}\u201d ({path}), shared from the file manager",
                               Reach.OPEN if guest else Reach.LIMITED, TURN_OFF_USERSHARE))
    return offered
