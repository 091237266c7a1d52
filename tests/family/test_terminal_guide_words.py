"""What `homeguard guide` says, and how it lays it out: wrapped to the terminal, how far someone got, why an
answer was not taken, that Ctrl+C keeps the answers, and questions about Sam that say "Sam's"."""

import re

import pytest

from auditor.household import Household
from auditor.packs import load_content
from auditor.store import Store
from auditor.terminal_guide import Terminal, run_guide, run_quiz, terminal_width
from auditor.walk import PERSON, counts_for, subject_for, walk_list
from auditor.wording import about, possessive

CONTENT = load_content()
SERVICE_ORDER = [s.id for s in sorted(CONTENT.services.values(), key=lambda s: (s.kind, s.name))]
# Services whose questions have long answer labels, and a console with long ones too.
SAM_USES = ["instagram", "tiktok", "snapchat", "roblox", "steam", "nintendo", "whatsapp"]


class Script:
    """Plays a person at the keyboard and keeps everything shown, prompts included, as a terminal shows it.

    A question's prompt (it ends with "q) stop") gets ``answer``: "yes" (y, or the first choice), a letter, or a
    function of the prompt. Every other prompt gets the next of ``replies``, then "q". ``stop_after`` questions it
    types q; ``interrupt_after`` questions it presses Ctrl+C.
    """

    def __init__(self, replies=(), answer="u", stop_after=None, interrupt_after=None):
        self.replies, self.answer = list(replies), answer
        self.stop_after, self.interrupt_after = stop_after, interrupt_after
        self.lines: list[str] = []
        self.questions = 0

    def say(self, text):
        self.lines.extend(text.split("\n"))

    def ask(self, prompt):
        self.lines.extend(prompt.split("\n"))
        if "q) stop" not in prompt:
            return self.replies.pop(0) if self.replies else "q"
        self.questions += 1
        if self.interrupt_after is not None and self.questions > self.interrupt_after:
            raise KeyboardInterrupt
        if self.stop_after is not None and self.questions > self.stop_after:
            return "q"
        if callable(self.answer):
            return self.answer(prompt)
        if self.answer == "yes":
            return "y" if "y) yes" in prompt else "1"
        return self.answer

    @property
    def text(self):
        return "\n".join(self.lines)


@pytest.fixture
def household(tmp_path):
    store = Store(tmp_path)
    yield Household(store)
    store.close()


def sam(household, name="Sam", services=("instagram",)):
    person = household.add_person(name, "13-17")
    return household.set_services(person, list(services))


def whole_walk(folder, width):
    """Everything the guide shows from a fresh start (adding Sam, his apps, a console, every question), then a
    walk stopped at its first question."""
    store = Store(folder / f"w{width}")
    household = Household(store)
    numbers = " ".join(str(SERVICE_ORDER.index(s) + 1) for s in SAM_USES)
    xbox = str(sorted(CONTENT.device_kinds, key=lambda k: CONTENT.device_kinds[k].name).index("xbox") + 1)
    script = Script(["Sam", "2", "", numbers, "Family Xbox", xbox, ""])
    try:
        run_guide(household, CONTENT, Terminal(script.ask, script.say, width=width, region="GB"))
        script.stop_after = script.questions
        run_guide(household, CONTENT, Terminal(script.ask, script.say, width=width, region="GB"), revisit=True)
    finally:
        store.close()
    return script


@pytest.fixture(scope="module")
def walks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("walks")
    return {width: whole_walk(folder, width) for width in (1000, 80, 40)}


@pytest.mark.parametrize("width", [80, 40])
def test_every_line_fits_the_terminal_and_no_word_is_split(walks, width):
    wide, narrow = walks[1000], walks[width]
    assert "Stopped." in narrow.text and "Yes, with an authenticator app" in narrow.text
    assert "Family Xbox" in narrow.text and "That is everything for now" in narrow.text
    too_long = [line for line in narrow.lines if len(line.rstrip()) > width and len(line.split()) > 1]
    assert too_long == []
    # Only the line breaks differ from a walk on a very wide terminal: every word is whole, in the same order.
    assert narrow.text.split() == wide.text.split()


def test_long_links_stay_whole_on_their_own_line(walks):
    links = [line for line in walks[40].lines if "https://" in line]
    assert links and all(len(line.split()) == 1 or len(line) <= 40 for line in links)
    assert all(re.search(r"https://\S+$", line) for line in links)


def test_numbered_answers_wrap_under_their_text(walks):
    lines = walks[40].lines
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("1) Yes, with an authenticator"))
    first, second = lines[start], lines[start + 1]
    assert second.strip() and len(second) - len(second.lstrip()) == first.index("Y")


def test_the_width_follows_the_terminal_even_a_narrow_one():
    assert terminal_width(80) <= 80 and terminal_width(40) <= 40 and terminal_width(40) >= 30


def test_the_quiz_fits_the_terminal_too(household):
    person = sam(household)
    script = Script(["1"] * 30)
    run_quiz(person, household, CONTENT, Terminal(script.ask, script.say, width=40))
    assert [line for line in script.lines if len(line.rstrip()) > 40 and len(line.split()) > 1] == []


def test_resuming_says_how_far_the_person_got(household):
    person = sam(household, services=SAM_USES)
    first = Script(answer="yes", stop_after=3)
    run_guide(household, CONTENT, Terminal(first.ask, first.say), person_name="Sam")
    counts = counts_for(CONTENT, household, subject_for(household, PERSON, person.id))
    assert counts.answered == 3 and counts.total > 3
    second = Script(stop_after=0)
    run_guide(household, CONTENT, Terminal(second.ask, second.say), person_name="Sam")
    assert f"3 of {counts.total} answered" in second.text


def test_not_sure_answers_are_left_out_and_the_guide_says_so_once(household):
    sam(household)
    sam(household, "Mia")
    first = Script()
    run_guide(household, CONTENT, Terminal(first.ask, first.say), part="people")
    second = Script()
    run_guide(household, CONTENT, Terminal(second.ask, second.say), part="people")
    assert second.questions == 0  # nothing asked again without a word
    words = " ".join(second.text.split())
    assert words.count("--all") == 1 and "not sure" in words
    again = Script(stop_after=0)
    run_guide(household, CONTENT, Terminal(again.ask, again.say), part="people", revisit=True)
    assert "--all" not in again.text  # everything is being asked again anyway


def test_a_wrong_number_is_asked_again_with_the_reason(household):
    script = Script(["Sam", "7", "2", ""], stop_after=0)
    run_guide(household, CONTENT, Terminal(script.ask, script.say), part="household")
    assert "Please type a number from 1 to 3, or q to stop." in script.lines
    assert household.person("Sam").age_band == "13-17"

    person = sam(household, "Jo", services=["tiktok", "instagram"])
    wrong = iter(["9"])

    def choose(prompt):
        return next(wrong, "1") if "Answer 1 to" in prompt else "s"

    script = Script(answer=choose)
    run_guide(household, CONTENT, Terminal(script.ask, script.say), person_name="Jo")
    reasons = [line.strip() for line in script.lines if line.strip().startswith("Please type")]
    assert len(reasons) == 1
    assert re.fullmatch(r"Please type a number from 1 to \d, u if you are not sure, s to skip, or q to stop\.",
                        reasons[0])
    assert any(key[2] == person.id for key in household.latest_answers())

    quiz = Script(["9"] + ["1"] * 30)
    run_quiz(person, household, CONTENT, Terminal(quiz.ask, quiz.say))
    assert re.search(r"^Please type a number from 1 to \d, or q to stop\.$", quiz.text, re.M)


def test_ctrl_c_keeps_the_answers_and_says_so(household):
    sam(household)
    script = Script(answer="yes", interrupt_after=1)
    assert run_guide(household, CONTENT, Terminal(script.ask, script.say), person_name="Sam") == 0
    assert len(household.latest_answers()) == 1  # the answer given before Ctrl+C
    assert "Everything you answered is saved" in " ".join(script.text.split())


def test_possessive_is_one_rule_for_every_name():
    assert [possessive(n) for n in ("Sam", "James", "Mia")] == ["Sam's", "James's", "Mia's"]
    assert about("Is your Instagram account set to private?", "James") == "Is James's Instagram account set to private?"
    assert about("Your main email asks for a second step", "Sam") == "Sam's main email asks for a second step"
    # A setting's own name is left as the app shows it.
    assert about("Have you turned off Suggest your account to others?", "Sam") == \
        "Have you turned off Suggest your account to others?"
    assert about("Is Protect your posts turned on for your X account?", "Sam") == \
        "Is Protect your posts turned on for Sam's X account?"


def test_questions_about_sam_say_sams_not_your(household):
    james = sam(household, "James", services=["instagram", "tiktok"])
    script = Script(answer="s")
    run_guide(household, CONTENT, Terminal(script.ask, script.say, width=1000), person_name="James")
    asked = walk_list(CONTENT, household, subject_for(household, PERSON, james.id), revisit=False)
    assert "Is James's Instagram account set to private" in script.text
    assert "Is your Instagram account" not in script.text
    assert all(about(check.question, "James") in script.text for check in asked)
    assert "Suggest your account to others" in script.text  # the setting's name, as TikTok shows it


def test_household_questions_keep_your(household):
    sam(household)
    script = Script(answer="s")
    run_guide(household, CONTENT, Terminal(script.ask, script.say, width=1000), part="household")
    assert "Has your family agreed" in script.text
