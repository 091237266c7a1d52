"""Words a person reads: no doubled articles ("the an", "a the") and no "no any", anywhere in the engine or the checks.

Sentences built from pieces (an f-string around a name) are tested where they are built, as the person sees them;
this file also reads every string literal in checks/ and auditor/ (and the guided packs' text), so a sentence
written out whole cannot bring the mistake back.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor import cli

ROOT = Path(__file__).resolve().parents[2]
DOUBLED = re.compile(r"\b(?:the\s+(?:an?|the)|an?\s+(?:an?|the)|no\s+any)\b", re.IGNORECASE)


def python_strings(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def toml_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from toml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from toml_strings(item)


def doubled_words() -> list[str]:
    found = []
    for folder in ("checks", "auditor"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, text in python_strings(path):
                found += [f"{path.relative_to(ROOT)}:{line}: {m.group(0)!r}" for m in DOUBLED.finditer(text)]
        for path in sorted((ROOT / folder).rglob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(ROOT)}: {m.group(0)!r}" for text in toml_strings(data)
                      for m in DOUBLED.finditer(text)]
    return found


def test_no_string_in_the_engine_or_the_checks_doubles_its_article():
    assert doubled_words() == []


@pytest.mark.parametrize("sentence", ["inside the an unrecognised desktop session", "there is no any scan",
                                      "A the check", "a an answer"])
def test_the_scan_would_catch_each_kind_of_mistake(sentence):
    assert DOUBLED.search(sentence)


@pytest.mark.parametrize("sentence", ["there is no scan", "the answer", "an app", "a thermometer",
                                      "another app", "the anonymous report"])
def test_the_scan_leaves_good_sentences_alone(sentence):
    assert not DOUBLED.search(sentence)


def test_a_report_with_nothing_in_the_history_says_so_plainly(capsys):
    assert cli.main(["report"]) == 2
    err = capsys.readouterr().err
    assert "homeguard: there is no scan in the history yet (see `homeguard history`)." in err
    assert not DOUBLED.search(err)
