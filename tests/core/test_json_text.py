"""JSON nested past Python's recursion limit is damaged JSON (ValueError), like text that is not JSON at all."""

import pytest

from auditor.json_text import load_json


def test_ordinary_json_reads_as_json_does():
    assert load_json('{"a": [1, 2, {"b": null}]}') == {"a": [1, 2, {"b": None}]}
    assert load_json(b"[]") == []


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000])
def test_json_nested_too_deeply_is_a_value_error_not_a_recursion_error(text):
    with pytest.raises(ValueError, match="nested too deeply"):
        load_json(text)


def test_text_that_is_not_json_is_still_a_value_error():
    with pytest.raises(ValueError):
        load_json("{cut short")
