"""Saving a file whole or not at all (``auditor.atomic_file``): the target is either the old file or the new one,
never half of either, no temporary file is left behind, and a new file gets the permissions any new file gets."""

from __future__ import annotations

import errno
import os
import stat
import sys

import pytest

from auditor import atomic_file
from auditor.atomic_file import Replacement, write_bytes, write_text


def names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_file_is_written_and_replaces_the_old_one(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    assert write_text(target, "new \u2713\n") == target
    assert target.read_bytes() == "new \u2713\n".encode()
    assert names(tmp_path) == ["report.html"]


@pytest.mark.skipif(sys.platform == "win32", reason="permission bits are POSIX")
def test_a_new_file_gets_the_permissions_any_new_file_gets(tmp_path):
    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "a.pdf", b"%PDF")
        write_bytes(tmp_path / "private.json", b"{}", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failure_half_way_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, step):
    target = tmp_path / "summary.html"
    target.write_text("the earlier summary", encoding="utf-8")

    def fails(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, step, fails)
    with pytest.raises(OSError, match="No space left"):
        write_text(target, "the new summary")
    assert target.read_text(encoding="utf-8") == "the earlier summary"
    assert names(tmp_path) == ["summary.html"]


def test_an_interruption_while_writing_leaves_no_temporary(tmp_path):
    target = tmp_path / "report.pdf"
    with pytest.raises(KeyboardInterrupt), Replacement(target) as replacement:
        replacement.path.write_bytes(b"%PDF half")
        raise KeyboardInterrupt
    assert names(tmp_path) == []


def test_a_folder_that_is_not_there_fails_at_once_and_makes_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        Replacement(tmp_path / "gone" / "report.pdf")
    assert names(tmp_path) == []


def test_the_temporary_is_hidden_beside_the_target_and_named_as_asked(tmp_path):
    replacement = Replacement(tmp_path / ("x" * 250 + ".json"), suffix=".partial")
    try:
        assert replacement.path.parent == tmp_path
        assert replacement.path.name.startswith(".xxx") and replacement.path.name.endswith(".partial")
        assert len(replacement.path.name) < 255  # a long target name still gives a name the system takes
        assert not replacement.path.name.endswith(".json")
    finally:
        replacement.discard()
    assert names(tmp_path) == []


def test_a_replacement_painted_by_path_is_put_in_place_when_committed(tmp_path):
    target = tmp_path / "notes.pdf"
    replacement = Replacement(target)
    replacement.path.write_bytes(b"%PDF-1.4 whole")
    assert not target.exists()  # nothing is there until it is whole
    replacement.commit()
    assert target.read_bytes() == b"%PDF-1.4 whole" and names(tmp_path) == ["notes.pdf"]
