"""Card-shaped noise scores as noise: a card question the learner cannot place covers nothing."""

from __future__ import annotations

from dojo.coaching.labels import Label
from dojo.coaching.scorer import TurnIn, score_cycles

CARD = [
    ("What is the target condition{}?", Label.TARGET),
    ("What is the actual condition{} now?", Label.ACTUAL),
    ("What obstacles are preventing you from reaching{}? Which one are you addressing now?", Label.OBSTACLES),
    ("What is your next step{}? What do you expect?", Label.NEXT_STEP),
    ("When can we go and see what we have learned{}?", Label.GO_SEE),
]


def _cycle(about: str, reply: str, key: str | None) -> list[TurnIn]:
    turns = []
    for text, label in CARD:
        turns.append(TurnIn("coach", text.format(about), label, True))
        turns.append(TurnIn("learner", reply, key=key))
    return turns


def test_card_questions_about_lunch_cover_no_card_step():
    noise = score_cycles([_cycle(" for your lunch", "Lunch? We don't have one on this line.", "off_topic")], first_cycle=True)
    work = score_cycles([_cycle("", "We are at 84 seconds against 60; the fixture is the one.", None)], first_cycle=True)
    assert noise.score <= 20 < 60 <= work.score
    notes = [t for t in noise.turns if t.speaker == "coach"]
    assert all("off_topic" in t.flags for t in notes)
    assert notes[0].label is Label.TARGET  # the transcript still shows what was asked


def test_asking_back_what_a_word_means_does_not_void_the_question():
    turns = _cycle("", "What do you mean by flow?", None)
    report = score_cycles([turns], first_cycle=True)
    assert report.cycles[0].missing == []  # every card step still counts as asked
    assert all(t.label is not Label.OTHER for t in report.turns if t.speaker == "coach")
