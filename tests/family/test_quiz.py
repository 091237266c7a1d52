"""The quiz (auditor.quiz): who gets which questions, an attempt, the score and the words for it."""

import random
from dataclasses import replace

import pytest

from auditor.guided import DAY, guided_results, quiz_grade
from auditor.household import Household
from auditor.model import Status
from auditor.packs import load_content
from auditor.quiz import Attempt, encouragement, last_result_text, questions_for, score_of, strategy_lines
from auditor.store import Store

CONTENT = load_content()
QUIZ = CONTENT.quiz
NOW = 1_795_000_000.0


@pytest.fixture
def household(tmp_path):
    store = Store(tmp_path)
    yield Household(store)
    store.close()


@pytest.mark.parametrize(("band", "audiences"), [("adult", {"everyone", "parent"}), ("13-17", {"everyone", "teen"}),
                                                 ("under-13", {"everyone", "teen"})])
def test_each_age_band_gets_its_own_questions_in_pack_order(household, band, audiences):
    person = household.add_person("Jo", band)
    asked = questions_for(QUIZ, person)
    assert asked == [q for q in QUIZ.questions if q.audience in audiences]
    assert {q.audience for q in asked} == audiences  # the pack has questions for each


def test_an_attempt_is_scored_and_saved_only_when_finished(household):
    sam = household.add_person("Sam", "13-17")
    attempt = Attempt.start(QUIZ, sam)
    assert attempt is not None and attempt.asked == len(questions_for(QUIZ, sam))
    first, second = attempt.questions[:2]
    assert attempt.answer(first, first.answer) is True
    assert attempt.answer(second, (second.answer + 1) % len(second.choices)) is False
    assert (attempt.right, attempt.finished) == (1, False)
    with pytest.raises(ValueError):
        attempt.save(household)  # a quiz stopped half-way leaves nothing behind
    assert household.latest_quiz(sam) is None
    with pytest.raises(ValueError):
        attempt.answer(first, len(first.choices))
    for question in attempt.questions[2:]:
        attempt.answer(question, question.answer)
    assert attempt.finished and attempt.right == attempt.asked - 1
    saved = attempt.save(household, when=NOW)
    assert household.latest_quiz(sam) == saved
    assert score_of(QUIZ, saved) == (attempt.right, attempt.asked)
    lines = strategy_lines(QUIZ, saved)
    assert len(lines) == 2 and sum(int(line.split(": ")[1].split(" of ")[1]) for line in lines) == attempt.asked
    statuses = {r.check_id: r.status for r in guided_results(CONTENT, household, now=NOW) if r.subject == "Sam"
                and r.check_id.startswith("quiz-")}
    assert set(statuses.values()) <= {Status.PASS, Status.PARTIAL} and Status.PASS in statuses.values()


def test_answering_again_changes_the_choice_not_the_count(household):
    attempt = Attempt.start(QUIZ, household.add_person("Jo", "adult"))
    question = attempt.questions[0]
    attempt.answer(question, (question.answer + 1) % len(question.choices))
    attempt.answer(question, question.answer)
    assert attempt.right == 1 and len(attempt.chosen) == 1


def order(attempt: Attempt) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.id, q.choices) for q in attempt.questions]


def test_each_attempt_asks_the_questions_and_their_answers_in_a_fresh_order(household):
    jo = household.add_person("Jo", "adult")
    first, second = Attempt.start(QUIZ, jo, random.Random(1)), Attempt.start(QUIZ, jo, random.Random(2))
    assert [q.id for q in first.questions] != [q.id for q in second.questions]
    answers_first = {q.id: q.choices for q in first.questions}
    assert any(answers_first[q.id] != q.choices for q in second.questions)  # the answers are moved about too
    # The same questions and the same answers, only in another order; the right one is still the right one.
    pack = {q.id: q for q in questions_for(QUIZ, jo)}
    for attempt in (first, second):
        assert sorted(q.id for q in attempt.questions) == sorted(pack)
        for asked in attempt.questions:
            assert sorted(asked.choices) == sorted(pack[asked.id].choices)
            assert asked.choices[asked.answer] == pack[asked.id].choices[pack[asked.id].answer]
    # A seeded random source gives the same order every time; without one each attempt gets its own.
    assert order(Attempt.start(QUIZ, jo, random.Random(1))) == order(first)
    assert len({tuple(order(Attempt.start(QUIZ, jo))) for _ in range(3)}) > 1


def test_the_right_answer_is_judged_right_wherever_it_is_shown(household):
    jo = household.add_person("Jo", "adult")
    watched = questions_for(QUIZ, jo)[0].id
    places = set()
    for seed in range(12):
        attempt = Attempt.start(QUIZ, jo, random.Random(seed))
        for asked in attempt.questions:
            wrong = (asked.answer + 1) % len(asked.choices)
            assert attempt.answer(asked, wrong) is False
            assert attempt.answer(asked, asked.answer) is True
        assert attempt.right == attempt.asked
        places.update(q.answer for q in attempt.questions if q.id == watched)
    assert len(places) > 1  # the same question's right answer was shown in more than one place


def test_the_score_is_the_same_whatever_order_the_quiz_was_asked_in(household):
    """The same choices, made in two differently ordered attempts, are saved alike and score alike."""
    jo = household.add_person("Jo", "adult")
    pack = questions_for(QUIZ, jo)
    wrong_on = {q.id for q in pack[::3]}  # every third question answered wrong, the same ones both times

    def pack_choice(question) -> int:
        return (question.answer + 1) % len(question.choices) if question.id in wrong_on else question.answer

    saved = []
    for seed, when in ((5, NOW), (6, NOW + 1)):
        attempt = Attempt.start(QUIZ, jo, random.Random(seed))
        for asked in attempt.questions:
            wanted = asked.question.choices[pack_choice(asked.question)]
            attempt.answer(asked, asked.choices.index(wanted))  # the same answer, wherever it is shown
        assert attempt.right == len(pack) - len(wrong_on)
        saved.append(attempt.save(household, when=when))
    assert saved[0].answers == saved[1].answers == {q.id: pack_choice(q) for q in pack}
    assert score_of(QUIZ, saved[0]) == score_of(QUIZ, saved[1]) == (len(pack) - len(wrong_on), len(pack))
    assert strategy_lines(QUIZ, saved[0]) == strategy_lines(QUIZ, saved[1])


def test_nobody_gets_a_quiz_without_questions(household):
    empty = replace(QUIZ, questions=())
    assert Attempt.start(empty, household.add_person("Jo", "adult")) is None


def test_the_grade_and_the_kind_words_follow_the_same_thresholds():
    asked = 10
    pass_at, partial_at = round(QUIZ.pass_share * asked), round(QUIZ.partial_share * asked)
    assert quiz_grade(QUIZ, pass_at, asked) is Status.PASS
    assert quiz_grade(QUIZ, pass_at - 1, asked) is Status.PARTIAL
    assert quiz_grade(QUIZ, partial_at, asked) is Status.PARTIAL
    assert quiz_grade(QUIZ, partial_at - 1, asked) is Status.FAIL
    assert quiz_grade(QUIZ, 0, 0) is Status.FAIL
    assert encouragement(QUIZ, pass_at, asked).startswith("Well done")
    assert encouragement(QUIZ, pass_at - 1, asked).startswith("A good start")
    assert encouragement(QUIZ, partial_at - 1, asked).startswith("Thank you for taking it")


def test_the_last_result_says_when_it_is_time_for_a_refresher(household):
    jo = household.add_person("Jo", "adult")
    assert last_result_text(QUIZ, jo, None) == "Jo has not taken the quiz yet."
    attempt = Attempt.start(QUIZ, jo)
    for question in attempt.questions:
        attempt.answer(question, question.answer)
    saved = attempt.save(household, when=NOW)
    text = last_result_text(QUIZ, jo, saved, now=NOW + QUIZ.valid_days * DAY)
    assert text.startswith(f"Jo's last result: {attempt.asked} of {attempt.asked}, on ") and "refresher" not in text
    assert "time for a refresher" in last_result_text(QUIZ, jo, saved, now=NOW + QUIZ.valid_days * DAY + 1)
