"""Saving a file a person asked for, whole or not at all: the report, the club summary, their PDFs, a shared report.

Everything is written to a hidden temporary file in the target's own folder, flushed to the disk, and only then
renamed over the target (``os.replace``, atomic on one file system), so an old copy is never half overwritten, a
sync tool or a second computer never picks up half a file, and a failure (a full disk, a USB stick pulled out, an
interruption) leaves the target as it was and no temporary file behind. The new file gets the permissions any new
file of this user gets (the umask decides), unless the caller asks for fewer.

Qt-free, so the terminal, the engine and the desktop app share it; a PDF writer that wants a path to paint on gets
one from ``Replacement`` and the file is put in place when it is done.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from types import TracebackType

NEW_FILE_MODE = 0o666  # before the umask, as open() makes any new file
TEMP_SUFFIX = ".tmp"
NAME_CHARS = 100  # of the target's name kept in the temporary's, so a long name still gives a valid one


class Replacement:
    """A hidden temporary file beside ``target``, made now (so a folder that cannot be written to says so at once),
    to be written by path and then put in place with ``commit`` or thrown away with ``discard``.

    As a context manager it commits when the block ends normally and discards on any exception. The temporary is
    named ``.<target name>.<random><suffix>``: hidden, and never ending like the target, so nothing that looks for
    the target's kind of file reads a half-written one.
    """

    def __init__(self, target: Path | str, *, mode: int = NEW_FILE_MODE, suffix: str = TEMP_SUFFIX) -> None:
        self.target = Path(target)
        name = f".{self.target.name[:NAME_CHARS]}.{secrets.token_hex(6)}{suffix}"
        self.path = self.target.parent / name
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode))
        self.done = False

    def commit(self) -> None:
        """Flush what was written to the disk and rename it over the target; discard it if that fails."""
        try:
            with open(self.path, "ab") as stream:  # append: changes nothing, and Windows syncs only what it may write
                os.fsync(stream.fileno())
            os.replace(self.path, self.target)
        except BaseException:
            self.discard()
            raise
        self.done = True

    def discard(self) -> None:
        """Remove the temporary file (nothing happens to the target); quiet when it is already gone."""
        self.done = True
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def write_bytes(target: Path | str, data: bytes, *, mode: int = NEW_FILE_MODE, suffix: str = TEMP_SUFFIX) -> Path:
    """Put ``data`` in ``target`` whole or not at all; returns the target. Raises OSError (the target unchanged)."""
    with Replacement(target, mode=mode, suffix=suffix) as replacement, open(replacement.path, "wb") as stream:
        stream.write(data)
    return replacement.target


def write_text(target: Path | str, text: str, *, encoding: str = "utf-8", mode: int = NEW_FILE_MODE,
               suffix: str = TEMP_SUFFIX) -> Path:
    """``write_bytes`` for text (UTF-8 unless told otherwise; line ends written as they are in ``text``)."""
    return write_bytes(target, text.encode(encoding), mode=mode, suffix=suffix)


__all__ = ["NEW_FILE_MODE", "TEMP_SUFFIX", "Replacement", "write_bytes", "write_text"]
