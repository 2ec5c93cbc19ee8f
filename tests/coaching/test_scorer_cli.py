"""``dojo score``: output shape and errors, in a subprocess and in process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_scorer_support import card_transcript_text

from dojo.cli.main import main
from dojo.coaching.labels import Label
from dojo.coaching.report import ScoreReport

ROOT = Path(__file__).resolve().parents[2]


def dojo(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "dojo", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=60,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture
def card_file(tmp_path: Path) -> Path:
    p = tmp_path / "card.txt"
    p.write_text(card_transcript_text(), encoding="utf-8")
    return p


@pytest.fixture
def first_file(tmp_path: Path) -> Path:
    p = tmp_path / "first.txt"
    p.write_text(card_transcript_text(first=True), encoding="utf-8")
    return p


def test_text_report(card_file: Path) -> None:
    r = dojo("score", str(card_file))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Score 100/100")
    for heading in ("Criteria", "Card steps", "Cycle 1:", "What went well", "Feedback from your 2nd coach"):
        assert any(line.startswith(heading) for line in lines), heading
    assert "Good: asks for the target condition" in r.stdout
    assert "What is the target condition?" in r.stdout


def test_json_report(first_file: Path) -> None:
    r = dojo("score", str(first_file), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert 0 <= data["score"] < 90
    assert data["turns"] and all({"text", "label"} <= t.keys() for t in data["turns"])
    assert 1 <= len(data["feedback"]) <= 3
    assert all({"trigger", "action"} <= f.keys() for f in data["feedback"])
    ScoreReport.model_validate(data)


def test_first_cycle_option(first_file: Path) -> None:
    r = dojo("score", str(first_file), "--json", "--first-cycle")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["score"] >= 95
    assert data["cycles"][0]["first_cycle"] is True


def test_reads_standard_input() -> None:
    r = dojo("score", "-", "--json", stdin=card_transcript_text().encode())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["score"] >= 95


def test_jsonl_transcript(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl"
    rows = [{"speaker": "coach", "text": "What is the target condition?"}, {"speaker": "learner", "text": "45 s."},
            {"cycle_end": True}, {"speaker": "coach", "text": "What is your next step?"}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    r = dojo("score", str(p), "--json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["cycles"]) == 2


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "missing": tmp_path / "nope.txt",
        "empty": tmp_path / "empty.txt",
        "comments-only": tmp_path / "comments.txt",
        "not-utf8": tmp_path / "latin1.txt",
        "long-line": tmp_path / "long.txt",
        "directory": tmp_path,
        "bad-jsonl": tmp_path / "bad.jsonl",
    }
    files["empty"].write_text("")
    files["comments-only"].write_text("# nothing\n---\n\n")
    files["not-utf8"].write_bytes("coach: Qu'avez-vous appris ?\ncoach: déjà vu\n".encode("latin-1"))
    files["long-line"].write_text("coach: " + "a" * 100_000 + "\n")
    files["bad-jsonl"].write_text('{"speaker": "coach", "text": "hi"}\n{"speaker": "boss", "text": "x"}\n')
    return files


@pytest.mark.parametrize("case", ["missing", "empty", "comments-only", "not-utf8", "long-line", "directory", "bad-jsonl"])
def test_bad_input_is_one_line_error(tmp_path: Path, case: str) -> None:
    path = _bad_files(tmp_path)[case]
    r = dojo("score", str(path))
    assert r.returncode == 2
    assert r.stdout == ""
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("dojo: error: "), r.stderr
    assert "Traceback" not in r.stderr


def test_bad_utf8_on_stdin_is_one_line_error() -> None:
    r = dojo("score", "-", stdin=b"coach: \xff\xfe\n")
    assert r.returncode == 2 and r.stderr.startswith("dojo: error: <stdin>:1: not valid UTF-8")


def test_no_textual_import(card_file: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from dojo.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['score', {str(card_file)!r}, '--json'])\n"
        "print(rc, 'textual' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.stdout.split() == ["0", "False"], r.stderr


def test_in_process_main(card_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(card_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["score"] >= 95
    assert main(["score", str(card_file)]) == 0
    assert capsys.readouterr().out.startswith("Score ")


def test_in_process_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "nope.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("dojo: error: ") and captured.err.count("\n") == 1


def test_control_characters_are_shown_not_obeyed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "esc.txt"
    p.write_text("coach: What is the target condition?\x1b[2J\nlearner: 45 s\x07\n", encoding="utf-8")
    assert main(["score", str(p)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_help_lists_score(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["score", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--json" in out and "--first-cycle" in out


def test_score_run_directly(card_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dojo.cli import score

    assert score.main([str(card_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["turns"][0]["label"] == Label.TARGET.value


def test_without_learner_lines_dojo_score_says_it_could_not_judge_listening(tmp_path: Path, capsys) -> None:
    coach_only = tmp_path / "coach.txt"
    coach_only.write_text("\n".join(line for line in card_transcript_text().splitlines() if line.startswith("coach:")),
                          encoding="utf-8")
    assert main(["score", str(coach_only)]) == 0
    out = capsys.readouterr().out
    assert "could not judge listening" in out
    assert out.startswith("Score 100/100")  # the rest, scored without it
    assert main(["score", str(coach_only), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["listening_judged"] is False and data["criteria"]["listening"] is None


def test_with_learner_lines_dojo_score_judges_listening_and_shows_the_rewrite(tmp_path: Path, capsys) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text(
        "coach: What is the actual condition now?\n"
        "learner: Honestly? It's the tester.\n"
        "coach: What did you plan as your last step?\n"
        "learner: Asked maintenance to check it.\n",
        encoding="utf-8",
    )
    assert main(["score", str(talk), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["listening_judged"] is True and data["criteria"]["listening"] == 0
    item = next(f for f in data["feedback"] if f["kind"] == "no_evidence")
    assert item["example"]["instead"] == "How do you know it's the tester?"
    assert main(["score", str(talk)]) == 0
    assert "try 'How do you know it's the tester?'" in capsys.readouterr().out
