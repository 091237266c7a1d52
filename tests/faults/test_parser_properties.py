"""Property-based tests for every parser of command output, preference file and registry value in checks/.

Each parser is fed the real outputs its check's tests use (tests/fixtures, sources in each folder's SOURCES.toml)
after hypothesis has spoilt them the ways real outputs get spoilt: cut short, garbled (bytes that were not text,
NULs, stray characters), re-cased, re-spaced (tabs, CRLF, runs of spaces), lines dropped or repeated; and random
text. Two properties:

- a parser never raises anything but what it documents as "cannot tell" (the probe catches exactly that);
- where the state is one word or number (a firewall off, FileVault off, Secure Boot off...), an output in the
  failing state, cut short, garbled, re-cased or re-spaced, never parses to the passing state.

Settings are modest (a few dozen examples each) so the file runs in seconds.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import string
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.check import CouldNotTell
from auditor.winreg_reader import RegistryValue
from checks.local.xprotect.macos import parse_install_history
from tests.faults.parsers import PARSERS, Parser
from tests.support import fixture_bytes

MODEST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ids(parsers: list[Parser]) -> list[str]:
    return [parser.name for parser in parsers]


# -- ways real outputs get spoilt -----------------------------------------------------------------------------------

_JUNK = st.sampled_from(["\ufffd", "\x00", "\ufeff", "\r", "\t", "\x1b[0m", "\u00e9", "\\", '"', "{", "]", "#", ";",
                         "=", ":", "\u200b", "\U0001f600"])


@st.composite
def cut_short(draw: st.DrawFn, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


@st.composite
def garbled(draw: st.DrawFn, text: str) -> str:
    """Junk characters put in at a few places (bytes that were not text, NULs, stray quotes and brackets)."""
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_JUNK) * draw(st.integers(1, 3)) + text[at:]
    return text


@st.composite
def recased(draw: st.DrawFn, text: str) -> str:
    how = draw(st.sampled_from(["upper", "lower", "swapcase", "title"]))
    return str(getattr(text, how)())


@st.composite
def respaced(draw: st.DrawFn, text: str) -> str:
    how = draw(st.sampled_from(["crlf", "tabs", "double", "indent", "trailing", "squeeze"]))
    if how == "crlf":
        return text.replace("\n", "\r\n")
    if how == "tabs":
        return text.replace(" ", "\t")
    if how == "double":
        return text.replace(" ", "  ")
    if how == "indent":
        return "\n".join("   " + line for line in text.split("\n"))
    if how == "trailing":
        return "\n".join(line + "  \t" for line in text.split("\n"))
    return " ".join(text.split())


@st.composite
def reshuffled(draw: st.DrawFn, text: str) -> str:
    """Lines dropped or repeated: what a half-written file or an output read twice looks like."""
    lines = text.split("\n")
    if not lines:
        return text
    at = draw(st.integers(0, len(lines) - 1))
    if draw(st.booleans()):
        return "\n".join(lines[:at] + lines[at + 1:])
    return "\n".join(lines[: at + 1] + lines[at:])


def spoilt(texts: list[str], *, keep_meaning: bool) -> st.SearchStrategy[str]:
    """A real output spoilt one way or two. ``keep_meaning`` leaves out changes that could make a failing output
    say something else (dropping a line might drop the very line that says "off")."""
    ways = [cut_short, garbled, recased, respaced] + ([] if keep_meaning else [reshuffled])
    once = st.sampled_from(texts).flatmap(lambda text: st.sampled_from(ways).flatmap(lambda way: way(text)))
    return once.flatmap(lambda text: st.one_of(st.just(text), st.sampled_from(ways).flatmap(lambda way: way(text))))


RANDOM_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=string.printable, max_size=400),
    st.lists(st.text(alphabet=string.ascii_letters + string.digits + " :=._-\t\"{}[],", max_size=60),
             max_size=20).map("\n".join),
)


# -- the properties -------------------------------------------------------------------------------------------------

def _parse(parser: Parser, text: str) -> tuple[bool, Any]:
    """(True, parsed) or (False, None) when the parser said "cannot tell" in its documented way."""
    try:
        return True, parser.parse(text)
    except parser.cannot_tell:
        return False, None


@pytest.mark.parametrize("parser", PARSERS, ids=_ids(PARSERS))
@MODEST
@given(data=st.data())
def test_a_parser_never_raises_on_a_spoilt_real_output(parser: Parser, data: st.DataObject) -> None:
    text = data.draw(spoilt(parser.texts(parser.fixtures), keep_meaning=False))
    _parse(parser, text)


@pytest.mark.parametrize("parser", PARSERS, ids=_ids(PARSERS))
@MODEST
@given(text=RANDOM_TEXT)
def test_a_parser_never_raises_on_random_text(parser: Parser, text: str) -> None:
    _parse(parser, text)


FAILING = [p for p in PARSERS if p.failing]


@pytest.mark.parametrize("parser", FAILING, ids=_ids(FAILING))
@MODEST
@given(data=st.data())
def test_a_failing_output_spoilt_never_reads_as_passing(parser: Parser, data: st.DataObject) -> None:
    assert parser.passes is not None
    text = data.draw(spoilt(parser.texts(parser.failing), keep_meaning=True))
    understood, parsed = _parse(parser, text)
    assert not (understood and parser.passes(parsed)), f"{parser.name} read a failing output as passing: {text!r}"


@pytest.mark.parametrize("parser", FAILING, ids=_ids(FAILING))
def test_each_failing_output_really_fails_unspoilt(parser: Parser) -> None:
    """The property above must be able to fail: each failing fixture parses, as it is, to a non-passing state, and
    each parser has at least one real output it reads as passing or failing (so ``passes`` is not always False)."""
    assert parser.passes is not None
    for text in parser.texts(parser.failing):
        understood, parsed = _parse(parser, text)
        assert understood and not parser.passes(parsed), parser.name
    readings = {_parse(parser, text)[0] and parser.passes(_parse(parser, text)[1])
                for text in parser.texts(parser.fixtures)}
    assert True in readings, f"{parser.name}: no real output reads as passing, so the property proves nothing"


REGISTRY_DATA = st.one_of(st.integers(-(2**64), 2**64), st.text(max_size=80), st.binary(max_size=40),
                          st.lists(st.text(max_size=20), max_size=5))


@MODEST
@given(kind=st.sampled_from(["REG_DWORD", "REG_QWORD", "REG_SZ", "REG_EXPAND_SZ", "REG_MULTI_SZ", "REG_BINARY",
                             "REG_NONE"]), data=REGISTRY_DATA)
def test_a_registry_value_of_any_type_and_data_reads_without_raising(kind: str, data: object) -> None:
    """Checks read registry values through RegistryValue: a value of an unexpected type (a REG_SZ where a DWORD was
    expected, garbled text, bytes) is a number it cannot read (None), never an exception."""
    value = RegistryValue(kind, data)  # type: ignore[arg-type]
    number = value.as_int()
    assert number is None or isinstance(number, int)
    assert isinstance(value.as_text(), str)


# Not listed above, and why: parts of a listed parser that it calls on every line or key (parse_apt_line,
# parse_pem...: covered through it), a parser of arguments rather than of text (parse_swayidle_args), and the
# catalogue Homeguard ships itself, which no computer writes (parse_catalogue), and a reader of a property list
# already parsed by read_plist, which the table covers (parse_accounts); and readers of a file's bytes rather than
# text, tested on their own (parse_install_history below; XProtect's report files, parse_report, in
# tests/local_checks/test_xprotect_detections.py).
UNLISTED = {"parse_swayidle_args", "parse_pem", "parse_openssh", "parse_pkcs8", "parse_putty", "parse_apt_line",
            "parse_catalogue", "parse_accounts", "parse_install_history", "parse_report"}


@MODEST
@given(data=st.data())
def test_xprotect_install_history_cut_short_or_spoilt_never_raises(data: st.DataObject) -> None:
    """macOS's InstallHistory.plist (real, from plaso's test data) cut short, with bytes changed, or random: a list
    of installs or None ("not a list of installs"), never an exception out of the probe."""
    real = fixture_bytes("macos/xprotect/installhistory-plaso-osx-10.9.plist")
    raw = data.draw(st.one_of(
        st.integers(0, len(real)).map(lambda n: real[:n]),
        st.lists(st.tuples(st.integers(0, len(real) - 1), st.integers(0, 255)), min_size=1, max_size=8).map(
            lambda changes: bytes(_with_changes(real, changes))),
        st.binary(max_size=2000),
    ))
    found = parse_install_history(raw)
    assert found is None or isinstance(found, list)


def _with_changes(data: bytes, changes: list[tuple[int, int]]) -> bytearray:
    changed = bytearray(data)
    for at, value in changes:
        changed[at] = value
    return changed


def _shipped_parsers() -> dict[str, Callable[..., Any]]:
    """Every module-level ``parse_*`` function in the packages of the built-in checks (pyproject.toml's
    ``homeguard.checks`` entry points), by ``module.name``: the checks added since the table was written too."""
    root = Path(__file__).resolve().parents[2]
    entry_points = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    found: dict[str, Callable[..., Any]] = {}
    for package in sorted({value.partition(":")[0] for value in entry_points["homeguard.checks"].values()}):
        for path in sorted((root / package.replace(".", "/")).glob("*.py")):
            module = importlib.import_module(f"{package}.{path.stem}" if path.stem != "__init__" else package)
            for name, function in vars(module).items():
                own = inspect.isfunction(function) and function.__module__ == module.__name__
                if name.startswith("parse_") and own:
                    found[f"{module.__name__}.{name}"] = function
    return found


def _takes_text(function: Callable[..., Any]) -> bool:
    """Whether ``function`` can be called with one string (its first parameter is text, any others have defaults)."""
    params = list(inspect.signature(function).parameters.values())
    return bool(params) and params[0].annotation in ("str", str) and all(
        p.default is not inspect.Parameter.empty for p in params[1:])


SHIPPED = _shipped_parsers()
LISTED = {parser.name.rsplit(".", 1)[-1] for parser in PARSERS}
# Parsers not in the table yet (a check added since): random text at least, and nothing but ValueError (the form
# every parser here uses for "not in the form expected") or CouldNotTell may come out.
NEW = {name: function for name, function in SHIPPED.items()
       if name.rsplit(".", 1)[-1] not in LISTED | UNLISTED and _takes_text(function)}


@pytest.mark.parametrize("name", sorted(NEW))
@MODEST
@given(text=RANDOM_TEXT)
def test_a_parser_not_yet_in_the_table_never_raises_on_random_text(name: str, text: str) -> None:
    with contextlib.suppress(ValueError, CouldNotTell):
        NEW[name](text)


def test_every_parser_in_checks_is_covered() -> None:
    """A parser added to a shipped check is at least fed random text (above); one that takes something other than
    text must be listed in the table or in UNLISTED with the reason."""
    assert len(SHIPPED) > 30
    names = {name.rsplit(".", 1)[-1] for name in SHIPPED}
    assert names - LISTED - UNLISTED - {name.rsplit(".", 1)[-1] for name in NEW} == set()
    assert names >= UNLISTED, f"UNLISTED names parsers that are gone: {UNLISTED - names}"
