"""``dojo plans``: list, validate, schema; one line per problem, exit 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dojo.cli import plans as plans_cli
from dojo.errors import UserError
from dojo.plans.schema import schema_text
from dojo.yamldata import display_path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "plans" / "listening-dojo.yaml"

OWN = """\
id: own-plan
title: Our Tuesday dojo
rounds:
  - title: Warm-up
    scenario: review-queue
    seed: 99
    minutes: 10
    focus: paraphrase what the learner said before the next question
"""


def main(argv: list[str]) -> int:
    """The command alone (other commands written at the same time cannot break these tests)."""
    import argparse

    parser = argparse.ArgumentParser(prog="dojo")
    sub = parser.add_subparsers(dest="command")
    plans_cli.add_parser(sub).set_defaults(_run=plans_cli.run)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"dojo: error: {exc}", file=sys.stderr)
        return exc.exit_code


def dojo(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The real program in a subprocess."""
    script = REPO / ".venv" / "bin" / "dojo"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "dojo"]
    base = {"PATH": "/usr/bin:/bin", "HOME": str(REPO), "LANG": "C.UTF-8", "DOJO_HOME": os.environ["DOJO_HOME"]}
    r = subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=REPO, env={**base, **(env or {})}, timeout=60)
    return r.returncode, r.stdout, r.stderr


def test_validate_the_shipped_plans_says_ok(capsys):
    assert main(["plans", "validate", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == "ok: 1 plan\n"


def test_validate_prints_every_problem_on_its_own_line_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("# yaml-language-server: $schema=https://example.org/plan.schema.json\n"
                   + OWN.replace("review-queue", "review-q").replace("seed: 99", "seed: lots"), encoding="utf-8")
    assert main(["plans", "validate", str(bad), str(EXAMPLE)]) == 2
    out, err = capsys.readouterr()
    file = display_path(bad)
    assert out.splitlines() == [
        f"{file}:6: rounds.0.scenario: round 1 names an unknown scenario 'review-q'; did you mean 'review-queue'?; "
        "known: assembly-cell, hospital-lab, review-queue",
        f"{file}:7: rounds.0.seed: Input should be a valid integer, unable to parse string as an integer (got 'lots')",
    ]
    assert err == "2 problems in 1 of 2 plan files\n"


def test_two_plans_with_one_id_are_reported_at_the_second_ones_id_line(tmp_path, capsys):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("# yaml-language-server: $schema=https://x/plan.schema.json\n" + OWN, encoding="utf-8")
    assert main(["plans", "validate", str(tmp_path)]) == 2
    assert capsys.readouterr().out == (
        f"{display_path(tmp_path / 'b.yaml')}:2: id: plan id 'own-plan' is also used by {display_path(tmp_path / 'a.yaml')}\n"
    )


def test_list_shows_the_data_directorys_plans_before_the_shipped_ones(capsys):
    own = Path(os.environ["DOJO_HOME"]) / "plans"
    own.mkdir(parents=True)
    (own / "own.yaml").write_text(OWN, encoding="utf-8")
    assert main(["plans", "list"]) == 0
    out = capsys.readouterr().out
    assert out.index("own-plan  Our Tuesday dojo  (1 round") < out.index("listening-dojo")
    assert "  1. Warm-up: review-queue seed 99, free, 10 min. Focus: paraphrase what the learner said" in out
    assert main(["plans", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["own-plan", "listening-dojo"]
    assert rows[0]["rounds"][0]["seed"] == 99 and len(rows[0]["digest"]) == 64


def test_dojo_plans_env_var_adds_a_directory_and_a_missing_one_is_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "own.yaml").write_text(OWN, encoding="utf-8")
    monkeypatch.setenv("DOJO_PLANS", str(tmp_path))
    assert main(["plans"]) == 0
    assert "own-plan" in capsys.readouterr().out
    monkeypatch.setenv("DOJO_PLANS", str(tmp_path / "nowhere"))
    assert main(["plans", "list"]) == 2
    assert capsys.readouterr().err == f"dojo: error: DOJO_PLANS: {tmp_path / 'nowhere'}: no such directory\n"


def test_a_broken_plan_in_the_data_directory_is_skipped_with_a_warning(capsys):
    own = Path(os.environ["DOJO_HOME"]) / "plans"
    own.mkdir(parents=True)
    (own / "broken.yaml").write_text(OWN.replace("seed: 99", "seed: -5"), encoding="utf-8")
    assert main(["plans", "list"]) == 0
    out, err = capsys.readouterr()
    assert "listening-dojo" in out and "own-plan" not in out
    assert err.startswith("dojo: warning: skipped ") and "1 problem (dojo plans validate" in err


def test_the_real_program_validates_lists_and_prints_the_schema(tmp_path):
    code, out, err = dojo("plans", "schema")
    assert code == 0 and out == schema_text()
    code, out, err = dojo("plans", "validate", "plans/listening-dojo.yaml", "nope.yaml")
    assert code == 2
    assert out == "nope.yaml: no such plan file\n"
    assert "Traceback" not in err
    code, out, _ = dojo("plans", "list")
    assert code == 0 and out.startswith("listening-dojo  ")
