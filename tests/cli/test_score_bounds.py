"""``dojo score`` bounds its work and refuses what is no conversation, in one line.

At most 2 × 2,000 utterances (a coach line and a reply for each action a session holds); a
file with no line that could be coaching talk (a password file, numbers, bytes that happen to
be UTF-8, small talk only) is refused instead of being scored 0. Real transcripts are not:
every example script and test transcript still scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dojo.cli.main import main
from dojo.cli.score import could_be_talk, max_utterances
from dojo.session.record import MAX_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
CRAFTED = ROOT / "tests" / "fuzz" / "corpus" / "transcripts"


def score(capsys, path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["score", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_limit_is_a_coach_line_and_a_reply_for_each_action_a_session_holds() -> None:
    assert max_utterances() == 2 * MAX_ACTIONS == 4_000


def test_one_utterance_over_the_limit_is_one_line_and_exit_2(capsys, tmp_path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("\n".join(["coach: What is the target condition?", "learner: Ninety."] * 2_000
                              + ["What did you learn?"]) + "\n", encoding="utf-8")
    code, out, err = score(capsys, path, "--save")
    assert code == 2 and out == ""
    assert err == f"dojo: error: {path}: 4,001 utterances; dojo score reads at most 4,000 (a coach line and a reply for each action a session holds)\n"
    assert main(["history", "--json"]) == 0 and capsys.readouterr().out.strip() == "[]"  # nothing saved


def test_a_transcript_at_the_limit_is_scored(capsys, tmp_path) -> None:
    path = tmp_path / "at-limit.txt"
    path.write_text("\n".join(["coach: What is the target condition?", "learner: Ninety."] * 2_000) + "\n",
                    encoding="utf-8")
    code, out, _ = score(capsys, path, "--json")
    assert code == 0 and '"score"' in out


@pytest.mark.parametrize(
    "text",
    [
        (CRAFTED / "passwd-like.txt").read_text(encoding="utf-8"),
        "12 4711 0.5\n-3 88 19.25\n",
        (CRAFTED / "ascii-junk.txt").read_text(encoding="utf-8"),
        "ok\nYes.\nasdf qwer zxcv\n",
        '{"speaker": "coach", "text": "0x7f454c46 0x02010100"}\n',
        "\x00\x01\x02binary\x03\n\x7fELF\x02\x01\x01\n",
    ],
    ids=["passwd", "numbers", "ascii-junk", "small-talk-only", "jsonl-hex", "nul-bytes"],
)
def test_a_file_with_nothing_that_could_be_coaching_is_refused_in_one_line(capsys, tmp_path, text) -> None:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = score(capsys, path, "--save")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "no line reads as coaching talk" in err and "\x00" not in err
    assert main(["history", "--json"]) == 0 and capsys.readouterr().out.strip() == "[]"


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "examples").glob("*.txt"))
    + sorted(p for p in (ROOT / "tests").rglob("*") if p.suffix in (".txt", ".jsonl") and "corpus" not in p.parts),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_example_and_test_transcript_is_still_scored(capsys, path) -> None:
    code, _, err = score(capsys, path)
    assert code == 0, err


@pytest.mark.parametrize(
    "text",
    ["Why?", "Which one?", "You should add a second operator.", "Let's move the tester next to the press.",
     "目标状态是什么？", "¿Cuál es la condición objetivo?", "What's the target — 50 units/hour?"],
)
def test_short_questions_telling_and_other_scripts_could_be_talk(text) -> None:
    assert could_be_talk(text, heard_as_a_move=text.endswith("."))


@pytest.mark.parametrize("text", ["root:x:0:0:root:/root:/bin/bash", "}-V-Ig +?F\\", "12 4711 0.5?"])
def test_lines_that_do_not_read_as_words_are_not_talk_whatever_the_classifier_hears(text) -> None:
    assert not could_be_talk(text, heard_as_a_move=True)


@pytest.mark.parametrize("text", ["ok", "asdf qwer", "Thanks, see you Thursday."])
def test_words_that_are_no_question_and_no_move_are_not_talk(text) -> None:
    assert not could_be_talk(text, heard_as_a_move=False)
