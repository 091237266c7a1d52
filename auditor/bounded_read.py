"""Reading a file that a person or another program handed Homeguard, never more than a stated size.

Every file Homeguard reads from outside (a content pack a person added, the scenario of ``--recorded`` and its
recorded outputs) goes through ``read_limited``, so no file can make Homeguard read until memory runs out:

- size first: a file over the limit is refused from its size, before a byte of it is read;
- at most ``limit + 1`` bytes are ever read, so a file that grows meanwhile (or a size the system reports wrongly)
  cannot get past the limit either;
- only regular files are opened, without waiting: a named pipe would wait for ever for a writer, and a device such
  as ``/dev/zero`` never ends.

The reading itself (``read_capped``) says no words: it raises ``Unreadable`` with what stopped it, so one reader
serves callers that word a refusal their own way. ``read_limited`` words it for a file a person supplied: a
``FileRefused`` whose ``str()`` is one plain sentence naming the file and the limit, e.g. "This pack (big.toml) is
31 MB; packs may be at most 5 MB."; ``auditor.intake`` words it for a report from another computer.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Literal

MB = 1024 * 1024
_CHUNK = 1 << 20
Why = Literal["open", "read", "folder", "special", "large", "grew"]


class FileRefused(ValueError):
    """A file that was not read, and why: ``str()`` is one plain sentence ("This pack (big.toml) is 31 MB; packs
    may be at most 5 MB."); ``reason`` is the same without its subject ("is 31 MB; packs may be at most 5 MB"), for
    a message that names the file its own way."""

    def __init__(self, subject: str, reason: str) -> None:
        super().__init__(f"{subject} {reason}.")
        self.subject = subject
        self.reason = reason


class FileTooLarge(FileRefused):
    """A file over its limit. ``size`` is what was seen: its size, or at least the limit plus one byte."""

    def __init__(self, subject: str, reason: str, size: int, limit: int) -> None:
        super().__init__(subject, reason)
        self.size = size
        self.limit = limit


def size_text(size: int) -> str:
    """A size in words a person reads at a glance: "31 MB", "5 MB", "1.5 MB", "200 kB", "12 bytes"."""
    if size >= 10 * MB:
        return f"{size // MB} MB"
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size // 1024} kB"
    return f"{size} bytes"


class Unreadable(Exception):
    """Why ``read_capped`` stopped, without words (each caller says it for its own kind of file). ``why`` is one of
    "open" and "read" (the system's ``error``), "folder", "special" (a device or a pipe), "large" (``size``, as the
    system reported it) and "grew" (``size`` bytes were read, past the limit: the file grew, or its size was wrong).
    """

    def __init__(self, why: Why, *, error: OSError | None = None, size: int = 0) -> None:
        super().__init__(why)
        self.why = why
        self.error = error
        self.size = size


def read_capped(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, when it is at most ``limit`` bytes long; ``Unreadable`` when not.

    Opened without waiting (a pipe with no writer would wait for ever), refused from its size before a byte is
    read, and never more than ``limit + 1`` bytes read. A link is followed, as any program opening the path would.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise Unreadable("open", error=exc) from exc
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("folder")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("special")
        if info.st_size > limit:
            raise Unreadable("large", size=info.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(handle, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Unreadable("read", error=exc) from exc
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Unreadable("grew", size=len(data))
    return data


def read_limited(path: Path | str, limit: int, *, what: str = "file", plural: str = "") -> bytes:
    """The bytes of the regular file at ``path``, when it is at most ``limit`` bytes long.

    ``what`` names the kind of file for the person ("pack", "scenario file"); ``plural`` is its plural when it is
    not ``what`` + "s". Raises ``FileTooLarge`` for a file over the limit and ``FileRefused`` for anything else that
    stops the reading (no such file, a folder, a device or a pipe, no permission), each naming the file.
    """
    path = Path(path)
    this = f"This {what} ({path.name or path})"
    try:
        return read_capped(path, limit)
    except Unreadable as exc:
        raise _refusal(this, exc, limit, what, plural) from exc.error


def _refusal(this: str, exc: Unreadable, limit: int, what: str, plural: str) -> FileRefused:
    if exc.why in ("large", "grew"):
        return _too_large(this, exc.size, limit, what, plural, at_least=exc.why == "grew")
    if exc.why == "folder":
        return FileRefused(this, "is a folder, not a file")
    if exc.why == "special":
        return FileRefused(this, "is not an ordinary file (it is a device or a pipe), so it was not read")
    assert exc.error is not None
    return FileRefused(this, f"could not be {'opened' if exc.why == 'open' else 'read'}: {os_reason(exc.error)}")


def read_limited_text(path: Path | str, limit: int, *, what: str = "file", plural: str = "") -> str:
    """``read_limited``, decoded as UTF-8 (a byte order mark is dropped); text that is not UTF-8 is refused."""
    data = read_limited(path, limit, what=what, plural=plural)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        name = Path(path).name or str(path)
        raise FileRefused(f"This {what} ({name})", f"is not text in UTF-8 (byte {exc.start + 1} cannot be read), "
                                                   "so it was not used") from exc


def _too_large(this: str, size: int, limit: int, what: str, plural: str, *, at_least: bool = False) -> FileTooLarge:
    seen = f"more than {size_text(limit)}" if at_least or size_text(size) == size_text(limit) else size_text(size)
    return FileTooLarge(this, f"is {seen}; {plural or what + 's'} may be at most {size_text(limit)}", size, limit)


def os_reason(exc: OSError) -> str:
    """Why the system would not open or read a file, in plain words ("there is no such file ...")."""
    if exc.errno == errno.ENOENT:
        return "there is no such file (or it is a link to nothing)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "this account is not allowed to read it"
    if exc.errno == errno.ELOOP:
        return "it is a link that leads round in a loop"
    if exc.errno == errno.EISDIR:
        return "it is a folder, not a file"
    return exc.strerror or str(exc)
