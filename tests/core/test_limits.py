"""Size limits on every file Homeguard reads from outside: no file can make it read until memory runs out.

Files over a limit are sparse (``truncate``): they report a large size on disk without taking the space or the time
to write. ``/dev/zero`` stands for a file that never ends, and a named pipe for one that would wait for ever.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.bounded_read import MB, FileRefused, FileTooLarge, read_limited, read_limited_text, size_text
from auditor.host import FILE_CAP_BYTES, RealHost
from auditor.packs import MAX_PACK_BYTES, load_content
from auditor.recorded import MAX_RECORDING_BYTES, MAX_SCENARIO_BYTES, load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


# -- the helper -----------------------------------------------------------------------------------------------------

def test_a_file_over_the_limit_is_refused_by_its_size_with_the_limit_named(tmp_path: Path) -> None:
    big = sparse(tmp_path / "big.toml", 31 * MB)
    with pytest.raises(FileTooLarge) as caught:
        read_limited(big, 5 * MB, what="pack")
    assert str(caught.value) == "This pack (big.toml) is 31 MB; packs may be at most 5 MB."
    assert caught.value.size == 31 * MB and caught.value.limit == 5 * MB


def test_a_file_at_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "exact.bin"
    path.write_bytes(b"x" * 1000)
    assert read_limited(path, 1000) == b"x" * 1000
    with pytest.raises(FileTooLarge, match="at most 999 bytes"):
        read_limited(path, 999)


@needs_dev_zero
def test_a_device_that_never_ends_is_not_read() -> None:
    with pytest.raises(FileRefused, match="not an ordinary file"):
        read_limited("/dev/zero", MB, what="scenario file")


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    with pytest.raises(FileRefused, match="not an ordinary file"):
        read_limited(pipe, MB)


def test_a_folder_or_a_missing_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    folder = r"^This pack \(x\) (is a folder, not a file|could not be opened: it is a folder)"
    with pytest.raises(FileRefused, match=folder):
        read_limited(tmp_path / "x", MB, what="pack")
    with pytest.raises(FileRefused, match="there is no such file"):
        read_limited(tmp_path / "missing.toml", MB)


def test_text_that_is_not_utf8_is_refused_and_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b"\xef\xbb\xbfformat = 1\n")
    assert read_limited_text(path, MB) == "format = 1\n"
    path.write_bytes(b"name = \"\xff\"\n")
    with pytest.raises(FileRefused, match="not text in UTF-8"):
        read_limited_text(path, MB)


def test_sizes_read_as_a_person_would_say_them() -> None:
    assert [size_text(n) for n in (12, 2048, int(1.5 * MB), 5 * MB, 31 * MB + 5)] == [
        "12 bytes", "2 kB", "1.5 MB", "5 MB", "31 MB"]


# -- content packs --------------------------------------------------------------------------------------------------

GOOD_PACK = """format = 1
pack = "small"
title = "Small"
"""


def test_a_pack_over_the_limit_is_an_error_naming_the_limit_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "small.toml").write_text(GOOD_PACK, encoding="utf-8")
    sparse(tmp_path / "huge.toml", MAX_PACK_BYTES * 6 + 10)
    content = load_content(tmp_path)
    messages = [str(e) for e in content.errors]
    assert "huge.toml: this pack is 30 MB; packs may be at most 5 MB" in messages
    assert not [m for m in messages if m.startswith("small.toml")]
    assert content.files == ["huge.toml", "small.toml"]


@needs_fifo
def test_a_named_pipe_among_the_packs_does_not_stop_the_loading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    content = load_content(tmp_path)
    assert [str(e) for e in content.errors] == [
        "pipe.toml: this pack is not an ordinary file (it is a device or a pipe), so it was not read"]


# -- the scenario of --recorded -------------------------------------------------------------------------------------

def test_a_scenario_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = sparse(tmp_path / "big.toml", MAX_SCENARIO_BYTES + 1)
    said = r"This scenario file \(big.toml\) is more than 5 MB; scenario files may be at most 5 MB\.$"
    with pytest.raises(FileTooLarge, match=said):
        load_scenario(big)


@needs_dev_zero
def test_dev_zero_as_a_scenario_is_refused() -> None:
    with pytest.raises(FileRefused, match="not an ordinary file"):
        load_scenario("/dev/zero")


def test_a_recording_over_the_limit_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    sparse(tmp_path / "huge.txt", MAX_RECORDING_BYTES + 1)
    scenario = tmp_path / "scenarios" / "s.toml"
    scenario.write_text('platform = "linux"\n[[files]]\npath = "/etc/x"\ncontent_file = "huge.txt"\n',
                        encoding="utf-8")
    with pytest.raises(FileTooLarge, match=r"\(huge.txt\) is more than 16 MB; recorded outputs may be"):
        load_scenario(scenario)


def test_a_scenario_that_is_not_toml_is_refused_in_plain_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("platform = \n", encoding="utf-8")
    with pytest.raises(FileRefused, match=r"This scenario file \(bad.toml\) is not valid TOML"):
        load_scenario(bad)


def test_a_real_scenario_still_loads() -> None:
    host = load_scenario(SCENARIOS / "family-laptop.toml")
    assert host.platform == "linux"


# -- files the checks read through the Host -------------------------------------------------------------------------

@needs_dev_zero
def test_the_hosts_file_read_stops_at_its_cap(tmp_path: Path) -> None:
    huge = tmp_path / "huge.log"
    with huge.open("wb") as file:
        file.truncate(FILE_CAP_BYTES * 4)  # sparse: large without taking the disk
    data = RealHost().read_bytes(str(huge))
    assert data is not None and len(data) == FILE_CAP_BYTES
    assert len(RealHost().read_bytes(str(huge), 10) or b"") == 10
    assert RealHost().read_bytes("/dev/zero") is None  # a device is not a settings file: never read, endless or not


def test_the_terminal_refuses_a_scenario_it_cannot_read_in_one_line(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from auditor import cli

    for bad in ("/dev/zero", str(tmp_path / "missing.toml")):
        assert cli.main(["scan", "--recorded", bad, "--no-save", "--data-dir", str(tmp_path / "data")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("homeguard: This scenario file") and "Traceback" not in err
