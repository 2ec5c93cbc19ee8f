"""End to end: ``dojo play --headless --script`` with a stock follow-up after every answer. The
2nd coach sees the routine, names it from the session, and the score does not reward it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dojo.coaching.card import read_aloud

ROOT = Path(__file__).resolve().parents[2]

CARD = read_aloud()  # the card word for word, one question a line


def play(tmp_path: Path, name: str, follow_up: str | None, cycles: int = 5) -> dict:
    lines = [line for q in CARD for line in ([q, follow_up] if follow_up else [q])]
    script = tmp_path / f"{name}.txt"
    script.write_text("\n---\n".join("\n".join(lines) for _ in range(cycles)) + "\n")
    r = subprocess.run(
        [sys.executable, "-m", "dojo", "play", "--headless", "--scenario", "review-queue", "--script", str(script),
         "--seed", "3", "--json", "--no-save"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["debrief"]["score"]


def test_a_stock_follow_up_after_every_answer_is_named_and_not_rewarded(tmp_path: Path) -> None:
    card = play(tmp_path, "card", None)
    reflex = play(tmp_path, "reflex", "How do you know?")
    assert reflex["score"] <= card["score"]
    assert reflex["criteria"]["listening"] < card["criteria"]["listening"]
    item = next(f for f in reflex["feedback"] if f["kind"] == "stock_follow_up")
    assert item["why"].startswith("You asked 'How do you know?' after every answer to a card question, whatever it said")
    assert item["example"]["said"] == "How do you know?" and item["example"]["learner"]
    stock_notes = [t for t in reflex["turns"] if t["speaker"] == "coach" and "stock" in t["flags"]]
    assert len(stock_notes) >= len(CARD)  # every cycle's lines, noted where they were said
    assert all(t["text"] == "How do you know?" for t in stock_notes)


def test_history_counts_a_stock_follow_up_as_a_recurring_habit(tmp_path: Path) -> None:
    from dojo.coaching.report import PATTERN_NAMES, Pattern, ScoreReport
    from dojo.storage.summary import patterns

    reflex = ScoreReport.model_validate(play(tmp_path, "reflex", "How do you know?"))
    card = ScoreReport.model_validate(play(tmp_path, "card", None))
    assert patterns(reflex).get(Pattern.STOCK, 0) >= len(CARD)
    assert Pattern.STOCK not in patterns(card)
    assert PATTERN_NAMES[Pattern.STOCK] == "the same follow-up whatever the learner said"


def test_a_routine_of_stock_follow_ups_is_not_praised_as_clarifying(tmp_path: Path) -> None:
    """Found playing: the feedback named the routine, and the strengths praised "clarifying follow-ups"."""
    lines = [line for i, q in enumerate(CARD) for line in (q, ("Tell me more.", "Why?", "Interesting, go on.")[i % 3])]
    script = tmp_path / "rotating.txt"
    script.write_text("\n---\n".join("\n".join(lines) for _ in range(5)) + "\n")
    r = subprocess.run(
        [sys.executable, "-m", "dojo", "play", "--headless", "--scenario", "hospital-lab", "--script", str(script),
         "--seed", "28", "--json", "--no-save"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    score = json.loads(r.stdout)["debrief"]["score"]
    assert any(f["kind"] == "stock_follow_up" for f in score["feedback"])
    assert not any("clarifying follow-ups" in s for s in score["strengths"]), score["strengths"]
