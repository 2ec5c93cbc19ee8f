"""``dojo play --headless --interactive``: coach lines in, one JSON line per engine event out, as it happens."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from dojo.coaching.card import read_aloud
from dojo.session.debrief import Debrief
from dojo.session.interactive import OutLine

ROOT = Path(__file__).resolve().parents[2]
CELL = ROOT / "tests" / "session" / "fixtures" / "cell.yaml"
LINES = TypeAdapter(OutLine)

CARD = [*read_aloud()[:2], "How do you know?", *read_aloud()[2:]]  # the card, and one follow-up


def dojo(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dojo", *args], capture_output=True, input=stdin, cwd=ROOT, timeout=120,
        text=not isinstance(stdin, bytes),
    )


def interactive(*extra: str, stdin: str | bytes, seed: str = "5") -> subprocess.CompletedProcess:
    return dojo("play", "--headless", "--interactive", "--scenario", str(CELL), "--seed", seed, *extra, stdin=stdin)


def events(out: str) -> list[dict]:
    rows = [json.loads(line) for line in out.splitlines()]
    for row in rows:
        LINES.validate_python(row)  # every line is one of the documented models
    return rows


class Program:
    """A coaching program at the other end of the pipes: it writes one line, then reads until ``ready``."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dojo", "play", "--headless", "--interactive", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True, bufsize=1,
        )
        self.out: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.out.put(line)
        self.out.put(None)

    def read_until(self, *types: str) -> list[dict]:
        got: list[dict] = []
        while True:
            line = self.out.get(timeout=60)  # a missing flush shows up here as a timeout, not a hang
            assert line is not None, "dojo stopped writing before " + "/".join(types)
            got.append(json.loads(line))
            if got[-1]["type"] in types:
                return got

    def say(self, line: str) -> list[dict]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()  # the pipe stays open: dojo must answer without seeing the end of input
        return self.read_until("ready", "debrief")

    def close(self) -> tuple[int, str]:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        assert self.proc.stderr is not None
        return code, self.proc.stderr.read()


def test_a_program_reads_each_reply_before_it_writes_the_next_line():
    program = Program("--scenario", str(CELL), "--seed", "3", "--no-save")
    try:
        start = program.read_until("ready")
        assert [e["type"] for e in start] == ["session", "storyboard", "ready"]
        assert start[0]["seed"] == 3 and start[0]["cycles"] == 3

        answer = program.say("What is the target condition?")
        assert [e["type"] for e in answer[:2]] == ["heard", "reply"] and answer[-1]["type"] == "ready"
        assert answer[0]["label"] == "target" and answer[0]["text"] == "What is the target condition?"
        assert {"confidence", "open", "runner_up"} <= set(answer[0])
        assert answer[1]["text"] and answer[1]["situation"] and answer[1]["yeti"] in (True, False)

        # Adaptive: what is written next depends on the reply just read.
        reply = program.say("What obstacles do you think are preventing you from reaching the target condition?")[1]
        follow_up = "Which one are you addressing now?" if ";" in reply["text"] else "How do you know?"
        assert program.say(follow_up)[0]["text"] == follow_up

        ended = program.say("---")
        kinds = [e["type"] for e in ended]
        assert kinds[:2] == ["experiment", "cycle_ended"] and "cycle_started" in kinds and kinds[-1] == "ready"
        ran = ended[0]
        assert ran["statistic"] and isinstance(ran["value"], float) and ran["cycle"] == 1 and ran["step"]
        assert ended[kinds.index("cycle_started")]["cycle"] == 2
        code, stderr = program.close()
    finally:
        program.proc.kill()
    assert code == 0, stderr
    assert "the learner ran the rest alone" in stderr


def test_a_blank_line_or_a_comment_is_answered_with_ready_not_silence():
    # Found driving it by hand: a program that sent an empty line waited for "ready" for ever.
    program = Program("--scenario", str(CELL), "--seed", "3", "--no-save")
    try:
        program.read_until("ready")
        assert [e["type"] for e in program.say("")] == ["ready"]
        assert [e["type"] for e in program.say("# thinking")] == ["ready"]
        assert [e["type"] for e in program.say("coach:")] == ["ready"]
        assert program.say("What is the target condition?")[0]["label"] == "target"
        code, stderr = program.close()
    finally:
        program.proc.kill()
    assert code == 0, stderr


def test_every_line_is_one_json_event_and_the_debrief_is_last():
    r = interactive("--no-save", stdin="\n".join(["# a comment", "", *CARD, "---", *CARD, "---", *CARD, "---"]) + "\n")
    assert r.returncode == 0, r.stderr
    rows = events(r.stdout)
    kinds = [e["type"] for e in rows]
    assert kinds.count("heard") == kinds.count("reply") == 3 * len(CARD)
    assert kinds.count("experiment") == kinds.count("cycle_ended") == 3
    assert kinds[-1] == "debrief" and kinds.count("debrief") == 1
    Debrief.model_validate(rows[-1]["debrief"])
    # every line read gets exactly one "ready" (a blank line and a comment too, so a program that waits
    # for it after each line it writes never hangs); the last --- ends the session: the debrief instead
    assert kinds.count("ready") == 1 + 2 + 3 * len(CARD) + 2
    assert r.stderr == ""


def test_the_same_lines_played_as_a_script_give_the_same_session(tmp_path):
    lines = [*CARD, "---", *CARD[:5], "---", "What is your next step?"]
    script = tmp_path / "s.txt"
    script.write_text("\n".join(lines) + "\n")
    a = dojo("play", "--headless", "--scenario", str(CELL), "--script", str(script), "--seed", "11", "--json", "--no-save")
    b = interactive("--no-save", stdin="\n".join(lines) + "\n", seed="11")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    played, rows = json.loads(a.stdout), events(b.stdout)
    debrief = rows[-1]["debrief"]
    assert debrief["score"] == played["debrief"]["score"]
    assert debrief["outcome"] == played["debrief"]["outcome"]
    assert debrief["learner"] == played["debrief"]["learner"]
    assert [e["step"] for e in rows if e["type"] == "experiment"] == [c["step"] for c in played["cycles"]]
    replies = [e["text"] for e in rows if e["type"] == "reply"]
    assert replies == [t["text"] for t in played["turns"] if t["speaker"] == "learner"]


def test_the_session_is_saved_unless_no_save():
    r = interactive(stdin="What is the target condition?\n---\n")
    assert r.returncode == 0, r.stderr
    assert "dojo: saved session" in r.stderr
    sessions = json.loads(dojo("history", "--json").stdout)
    assert [(s["source"], s["seed"], s["finished"]) for s in sessions] == [("headless", 5, True)]

    r = interactive("--no-save", stdin="What is the target condition?\n---\n")
    assert r.returncode == 0 and "saved session" not in r.stderr
    assert len(json.loads(dojo("history", "--json").stdout)) == 1


def test_learner_lines_are_skipped_and_lines_after_the_last_cycle_are_not_played():
    r = interactive("--no-save", stdin="learner: I know the answer\nWhat is the target condition?\n---\n---\n---\nHello?\n")
    assert r.returncode == 0, r.stderr
    rows = events(r.stdout)
    assert [e["text"] for e in rows if e["type"] == "heard"] == ["What is the target condition?"]
    assert rows[-1]["type"] == "debrief"
    assert "learner lines skipped: 1" in r.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("--scenario", "no-such-scenario"), "What is the target?\n", "unknown scenario"),
        (("--scenario", str(CELL), "--seed", str(2**63)), "What is the target?\n", "--seed must be between"),
        (("--scenario", str(CELL), "--script", "x.txt"), "", "leave out --script"),
        (("--scenario", str(CELL)), "", "no coach lines"),
        (("--scenario", str(CELL)), "# only a comment\n\n", "no coach lines"),
        (("--scenario", str(CELL)), b"What is the target?\n\xff\xfe?\n", "<stdin>:2: not valid UTF-8"),
        (("--scenario", str(CELL)), "What is the target?\nWhat " + "x" * 20_000 + "?\n", "<stdin>:2: utterance is"),
        ((), "", "needs --scenario"),
    ],
)
def test_mistakes_get_one_line_on_stderr_and_a_non_zero_exit(args, stdin, message):
    r = dojo("play", "--headless", "--interactive", *args, "--no-save", stdin=stdin)
    stderr = r.stderr.decode() if isinstance(r.stderr, bytes) else r.stderr
    assert r.returncode != 0
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("dojo: error: ") and message in lines[0]


def test_interactive_needs_headless():
    r = dojo("play", "--interactive", "--scenario", str(CELL), stdin="")
    assert r.returncode != 0 and "need --headless" in r.stderr and "Traceback" not in r.stderr


def test_in_process_the_channel_plays_exactly_as_a_script():
    from dojo import transcript
    from dojo.scenarios.registry import load_scenario
    from dojo.session.engine import Session
    from dojo.session.headless import ScriptClock, play_script
    from dojo.session.interactive import LocalChannel

    scenario = load_scenario(str(CELL))
    lines = [*CARD, "---", "What is the target condition?", "---"]
    channel = LocalChannel(Session(scenario, seed=8, clock=ScriptClock(0.0)))
    for line in lines:
        channel.send(line)
    rows = []
    while (row := channel.receive()) is not None:
        rows.append(LINES.validate_python(row))
    played = play_script(scenario, transcript.parse("\n".join(lines)), seed=8)
    assert rows[-1].type == "debrief"
    assert rows[-1].debrief.score == played.debrief.score
    assert [r.step for r in rows if r.type == "experiment"] == [c.step for c in played.cycles]


def test_interactive_play_never_imports_textual():
    code = (
        "import sys\n"
        "from dojo.cli.main import main\n"
        f"code = main(['play', '--headless', '--interactive', '--scenario', {str(CELL)!r}, '--seed', '2', '--no-save'])\n"
        "print(code, 'textual' in sys.modules, file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], input="What is the target condition?\n", capture_output=True, text=True, cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().splitlines()[-1] == "0 False"
