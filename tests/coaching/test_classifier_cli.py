"""``dojo classify``: JSON Lines on any input, file errors, and ``--evaluate``'s output shape.

Runs the real command in a subprocess, the way a pipe would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dojo.coaching.labels import Label

ROOT = Path(__file__).resolve().parents[2]
LABELS = {label.value for label in Label}
KEYS = {"text", "label", "confidence", "open", "runner_up", "top", "guess", "why"}


def dojo(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dojo", "classify", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120,
    )


def rows(out: bytes) -> list[dict]:
    lines = out.decode("utf-8").split("\n")
    assert lines[-1] == ""
    result = [json.loads(line) for line in lines[:-1]]
    for row in result:
        assert set(row) == KEYS
        assert row["label"] in LABELS
        assert 0.0 <= row["confidence"] <= 1.0
        assert isinstance(row["open"], bool)
        assert row["runner_up"] is None or row["runner_up"] in LABELS
    return result


def test_stdin_one_json_object_per_line():
    proc = dojo(stdin=b"What is the target condition?\nYou should add a second operator.\nHow do you know?\n")
    assert proc.returncode == 0, proc.stderr
    out = rows(proc.stdout)
    assert [r["label"] for r in out] == ["target", "telling", "clarify"]
    assert out[0]["text"] == "What is the target condition?"
    assert out[0]["open"] is True and out[1]["open"] is False


def test_weird_input_every_line_gets_a_label():
    long_line = ("what did you learn " * 6000).encode()  # ~110 kB
    lines = [
        b"",
        b"   ",
        long_line,
        "🎉 what's the target? 🎯".encode(),
        b"\x00\x01\x02\x07\x1b[2J\x7f",
        b"\xff\xfe\x80 not utf-8 \xc3\x28",
        b"Was hast du gelernt?",
        b"\r",
        b"\x0b\x0c form feed and vertical tab",
        b"?!...",
    ]
    proc = dojo(stdin=b"\n".join(lines) + b"\n")
    assert proc.returncode == 0, proc.stderr
    out = rows(proc.stdout)
    assert len(out) == len(lines)
    assert out[0]["text"] == "" and out[0]["label"] == "other"
    assert len(out[2]["text"]) == len(long_line)
    assert "\ufffd" in out[5]["text"]  # invalid bytes are replaced, never a crash
    assert out[7]["text"] == ""  # a CRLF line ending is not part of the text


def test_no_trailing_newline_and_empty_input():
    assert rows(dojo(stdin=b"what did you expect").stdout)[0]["label"] == "expected"
    proc = dojo(stdin=b"")
    assert proc.returncode == 0 and proc.stdout == b""


def test_files_and_stdin_in_order(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("What is the target condition?\nWhat did you learn?\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("When can we go and see?", encoding="utf-8")
    proc = dojo(str(a), "-", str(b), stdin=b"Write that down.\n")
    assert proc.returncode == 0, proc.stderr
    assert [r["label"] for r in rows(proc.stdout)] == ["target", "learned", "telling", "go_see"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "absent.txt", "no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: (p / "bad.txt", (p / "bad.txt").write_bytes(b"ok\n\xff\xfe\n"))[0], "not valid UTF-8"),
    ],
    ids=["missing", "directory", "not-utf8"],
)
def test_unreadable_file_is_a_one_line_error(tmp_path, make, message):
    proc = dojo(str(make(tmp_path)))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("dojo: error: ") and message in err
    assert "Traceback" not in err


def test_evaluate_json_shape():
    proc = dojo("--evaluate", "--json")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert figures["part"] == "held-out"
    assert figures["quoted"]["n"] >= 300 and 0.0 <= figures["quoted"]["accuracy"] <= 1.0
    assert figures["classifier"] == "TrainedClassifier"
    assert set(figures["per_label"]) == LABELS
    for row in figures["per_label"].values():
        assert set(row) == {"precision", "recall", "f1", "support"}
        assert all(0.0 <= row[k] <= 1.0 for k in ("precision", "recall", "f1"))
    assert 0.0 <= figures["macro_f1"] <= 1.0 and 0.0 <= figures["accuracy"] <= 1.0
    confusion = figures["confusion"]
    assert len(confusion) == len(LABELS) and all(len(r) == len(LABELS) for r in confusion)
    assert sum(map(sum, confusion)) == figures["n"] > 0
    assert [sum(r) for r in confusion] == [figures["per_label"][label]["support"] for label in figures["labels"]]


def test_evaluate_text_report():
    proc = dojo("--evaluate")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "held-out" in text and "macro-F1" in text and "accuracy" in text and "confusion matrix" in text
    for label in LABELS:
        assert f"\n{label} " in text


def test_evaluate_external_set():
    proc = dojo("--evaluate", "--external", "--json")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert figures["part"] == "external" and figures["n"] >= 60


def test_evaluate_development_set_and_the_labellers_agreement():
    dev = json.loads(dojo("--evaluate", "--dev", "--json").stdout)
    assert dev["part"] == "dev" and dev["n"] >= 400 and "labellers" not in dev
    public = json.loads(dojo("--evaluate", "--public", "--json").stdout)
    assert public["labellers"]["n"] == public["n"] and public["labellers"]["kappa"] >= 0.8
    text = dojo("--evaluate", "--public").stdout.decode()
    assert "two labellers, blind to each other, agree on" in text


def test_two_evaluation_sets_at_once_is_a_usage_error():
    proc = dojo("--evaluate", "--public", "--dev")
    assert proc.returncode == 2 and b"choose one" in proc.stderr


def test_json_without_evaluate_is_a_usage_error():
    proc = dojo("--json", stdin=b"hi\n")
    assert proc.returncode == 2 and b"--evaluate" in proc.stderr


def test_classify_does_not_import_textual():
    code = (
        "import sys, io, contextlib\n"
        "from dojo.cli.main import main\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'what is the target condition\\n'))\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['classify'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'numpy')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_shipped_model_holds_its_figures():
    """What the shipped model reaches, as a floor against regressions (its arithmetic is exact,
    so these figures are the same on every machine). Held-out macro-F1 0.829 over written and
    quoted lines together: 0.904 on the 1,505 written ones, 0.626 accuracy on the 695 quoted
    ones (the mixed figure moves with how many quoted lines the held-out part holds, so the
    written and quoted parts are held apart too; issue 8 asks for 0.93 with every label ≥
    0.85: not met, see the README), calibration error ≤ 0.05 (met: 0.018), the external sanity
    set 0.966, the development set 0.652 and the public external set 0.735 (issue 8 asks for
    0.85: not met). The public set was never trained or tuned on; the development set chose,
    and was never trained on."""
    held = json.loads(dojo("--evaluate", "--json").stdout)
    assert held["macro_f1"] >= 0.82
    assert min(row["f1"] for row in held["per_label"].values()) >= 0.72
    assert held["calibration"]["ece"] <= 0.05
    assert held["written"]["macro_f1"] >= 0.89
    assert held["quoted"]["accuracy"] >= 0.61
    external = json.loads(dojo("--evaluate", "--external", "--json").stdout)
    assert external["accuracy"] >= 0.95
    dev = json.loads(dojo("--evaluate", "--dev", "--json").stdout)
    assert dev["accuracy"] >= 0.64
    public = json.loads(dojo("--evaluate", "--public", "--json").stdout)
    assert public["accuracy"] >= 0.72
    assert public["calibration"]["ece"] <= 0.05
    assert public["unseen"]["n"] >= 300


def test_learner_lines_are_heard_as_context():
    talk = (
        b"learner: I think it's the centrifuge, there's always a queue there\n"
        b"coach: what makes you say it's the centrifuge?\n"
        b"learner: The centrifuge, the couriers and the labels are all slow.\n"
        b"which of those are you working on now?\n"
    )
    proc = dojo("--explain", stdin=talk)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["text"] for r in out] == ["what makes you say it's the centrifuge?", "which of those are you working on now?"]
    assert out[0]["label"] != "leading"
    assert out[1]["label"] == "obstacles"
    assert all(r["explanation"].startswith(r["label"]) for r in out)


def test_many_lines_are_classified_in_parallel_in_order(tmp_path):
    lines = ["What is the target condition?", "You should add a second operator.", "How do you know?"] * 1500
    talk = tmp_path / "talk.txt"
    talk.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = dojo(str(talk))
    assert proc.returncode == 0, proc.stderr
    out = rows(proc.stdout)
    assert [r["text"] for r in out] == lines
    assert [r["label"] for r in out[:3]] == ["target", "telling", "clarify"]
    assert out[-3:] == out[:3]
