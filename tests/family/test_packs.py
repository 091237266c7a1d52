"""The guided-check packs: every shipped file loads, every fact has a source and a date, and a broken pack is
reported by file and line while the others still load."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from auditor.advice import STRATEGY_IDS
from auditor.packs import MANUAL_DIR, load_content

SHIPPED = load_content()


def test_every_shipped_pack_loads_without_errors():
    assert SHIPPED.errors == []
    assert {"services.toml", "quiz.toml", "help-now.toml"} <= set(SHIPPED.files)
    assert len(SHIPPED.checks) >= 60


def test_every_entry_has_a_source_and_a_checked_date_and_https_links():
    today = dt.date.today()
    facts = [*SHIPPED.checks, *(g for c in SHIPPED.checks for g in c.guides), *SHIPPED.quiz.questions,
             *SHIPPED.help_now.steps, *(c for r in SHIPPED.help_now.regions for c in r.contacts)]
    for fact in facts:
        assert fact.source.startswith("https://"), fact
        assert dt.date(2020, 1, 1) <= fact.checked <= today, fact
    for check in SHIPPED.checks:
        for guide in check.guides:
            assert not guide.link or guide.link.startswith("https://"), (check.id, guide.link)
    for region in SHIPPED.help_now.regions:
        for contact in region.contacts:
            assert not contact.link or contact.link.startswith("https://"), contact


def test_every_link_in_the_files_is_https():
    for path in MANUAL_DIR.glob("*.toml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            assert "http://" not in line, f"{path.name}:{number} has an http:// link"


NEVER = re.compile(
    r"\b(screenshot|screen ?shot|save|copy|forward|upload|send)\b[^.]{0,60}\b(image|images|photo|photos|picture|"
    r"pictures|nude|nudes|video)\b",
    re.IGNORECASE,
)
ALLOWED_CONTEXT = re.compile(r"\b(never|not|don't|do not|no need|without|nobody|stop)\b", re.IGNORECASE)


def test_nothing_asks_anyone_to_save_copy_or_upload_an_image():
    texts = [s.text for s in SHIPPED.help_now.steps]
    texts += [step for c in SHIPPED.checks for g in c.guides for step in g.steps]
    texts += [c.question for c in SHIPPED.checks] + [q.explanation for q in SHIPPED.quiz.questions]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if NEVER.search(sentence):
                assert ALLOWED_CONTEXT.search(sentence), f"asks for an image to be kept or sent: {sentence!r}"


def test_ids_strategies_and_audiences_are_sound():
    assert len({c.id for c in SHIPPED.checks}) == len(SHIPPED.checks)
    assert {c.strategy for c in SHIPPED.checks} <= set(STRATEGY_IDS)
    for strategy in ("secure-devices", "privacy-settings", "report", "support", "educate", "personal-info"):
        assert any(c.strategy == strategy for c in SHIPPED.checks), strategy
    assert {c.audience for c in SHIPPED.checks} == {"parent", "teen", "everyone"}
    assert {c.asked for c in SHIPPED.checks} == {"person", "device", "household"}


def test_quiz_has_enough_questions_on_both_subjects():
    questions = SHIPPED.quiz.questions
    assert len(questions) >= 15
    assert sum(q.strategy == "educate" for q in questions) >= 6
    assert sum(q.strategy == "phishing" for q in questions) >= 6
    assert all(q.explanation and 0 <= q.answer < len(q.choices) for q in questions)


@pytest.fixture
def pack_folder(tmp_path):
    for name in ("services.toml", "two-step-sign-in.toml"):
        shutil.copy(MANUAL_DIR / name, tmp_path / name)
    return tmp_path


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


GOOD_CHECK = """format = 1
pack = "mine"

[[check]]
id = "mine-one"
title = "Something is fine"
strategy = "support"
severity = "medium"
audience = "everyone"
asked = "household"
valid_days = 365
question = "Is it fine?"
why = "Because."
source = "https://example.org/one"
checked = 2026-11-27
"""


def test_a_syntax_error_names_the_file_and_line_and_the_rest_still_loads(pack_folder):
    write(pack_folder, "broken.toml", 'format = 1\npack = "broken"\n[[check]\nid = "x"\n')
    content = load_content(pack_folder)
    error = next(e for e in content.errors if e.file == "broken.toml")
    assert error.line == 3
    assert "not valid TOML" in str(error)
    assert any(c.id.startswith("two-step-") for c in content.checks)


def test_a_missing_field_names_the_check_and_its_line(pack_folder):
    write(pack_folder, "mine.toml", GOOD_CHECK.replace('why = "Because."\n', ""))
    content = load_content(pack_folder)
    error = next(e for e in content.errors if e.file == "mine.toml")
    assert "check 'mine-one': 'why' is missing" in str(error)
    assert error.line == 4  # the [[check]] header
    assert not any(c.id == "mine-one" for c in content.checks)


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (('severity = "medium"', 'severity = "huge"'), "'severity' = 'huge' should be one of", 8),
        (('strategy = "support"', 'strategy = "luck"'), "'strategy' = 'luck' should be one of", 7),
        (('source = "https://example.org/one"', 'source = "http://example.org/one"'), "https:// link", 14),
        (("checked = 2026-11-27", 'checked = "last week"'), "'checked' should be the date", 15),
        (('asked = "household"', 'asked = "device"'), "needs 'device_kinds'", 4),
        (('audience = "everyone"', 'audience = "everyone"\nservices = ["myspace"]'), "unknown service myspace",
         10),
        (("valid_days = 365", "valid_days = 0"), "'valid_days' should be a whole number", 11),
    ],
)
def test_each_kind_of_mistake_is_explained_at_its_line(pack_folder, change, message, line):
    write(pack_folder, "mine.toml", GOOD_CHECK.replace(*change))
    error = next(e for e in load_content(pack_folder).errors if e.file == "mine.toml")
    assert message in str(error)
    assert error.line == line, str(error)


def test_a_duplicate_id_is_refused_with_where_it_was_first(pack_folder):
    write(pack_folder, "mine.toml", GOOD_CHECK)
    write(pack_folder, "mine2.toml", GOOD_CHECK.replace('pack = "mine"', 'pack = "mine-two"'))
    content = load_content(pack_folder)
    assert any("already defined in mine.toml" in str(e) for e in content.errors)
    assert sum(c.id == "mine-one" for c in content.checks) == 1


def test_a_file_of_another_format_version_is_refused(pack_folder):
    write(pack_folder, "future.toml", GOOD_CHECK.replace("format = 1", "format = 7"))
    error = next(e for e in load_content(pack_folder).errors if e.file == "future.toml")
    assert error.line == 1 and "'format' should be 1" in str(error)


def test_a_file_that_is_not_text_is_reported(pack_folder):
    (pack_folder / "binary.toml").write_bytes(b"\xff\xfe\x00\x00garbage")
    assert any(e.file == "binary.toml" for e in load_content(pack_folder).errors)
