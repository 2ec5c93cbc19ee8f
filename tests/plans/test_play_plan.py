"""``dojo play --plan PLAN --round N``: the round's scenario, seed and mode, a tagged record, and one-line refusals."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pytest

from dojo.cli import play as play_cli
from dojo.errors import UserError
from dojo.plans.joining import Joined, pick_round, rejoin
from dojo.plans.loader import load_file
from dojo.session.record import PlanTag
from dojo.storage.recorder import SessionRecorder

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "plans" / "listening-dojo.yaml"
SCRIPT = REPO / "examples" / "hospital-lab-good.txt"


def main(argv: list[str]) -> int:
    """``dojo play`` alone (other commands written at the same time cannot break these tests)."""
    parser = argparse.ArgumentParser(prog="dojo")
    sub = parser.add_subparsers(dest="command")
    play_cli.add_parser(sub).set_defaults(_run=play_cli.run)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"dojo: error: {exc}", file=sys.stderr)
        return exc.exit_code


@pytest.fixture
def records(monkeypatch) -> list:
    """The records the recorder is handed to save (the real recorder still saves them)."""
    seen: list = []
    real = SessionRecorder.start.__func__

    def start(cls, store, session, **kw):
        seen.append(session.record)
        return real(cls, store, session, **kw)

    monkeypatch.setattr(SessionRecorder, "start", classmethod(start))
    return seen


def play_round(capsys, *extra: str) -> dict:
    code = main(["play", "--headless", "--plan", "listening-dojo", "--round", "2", "--script", str(SCRIPT), "--json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_a_round_plays_its_scenario_and_seed_and_the_saved_record_carries_the_plan_tag(capsys, records):
    result = play_round(capsys)
    assert (result["scenario"], result["seed"]) == ("hospital-lab", 2718)
    (record,) = records
    digest = hashlib.sha256(EXAMPLE.read_bytes().decode("utf-8-sig").encode()).hexdigest()
    assert record.plan == PlanTag(plan_id="listening-dojo", round=2, plan_digest=digest)
    assert (record.scenario_id, record.seed) == ("hospital-lab", 2718)


def test_two_players_of_a_round_get_the_same_replies_to_the_same_questions(capsys):
    first, second = play_round(capsys, "--no-save"), play_round(capsys, "--no-save")
    replies = [[t["text"] for t in r["turns"] if t["speaker"] == "learner"] for r in (first, second)]
    assert replies[0] and replies[0] == replies[1]
    assert first["run_chart"] == second["run_chart"]


def test_the_round_played_and_its_focus_are_said_on_stderr_after_the_play(capsys):
    main(["play", "--headless", "--plan", str(EXAMPLE), "--round", "1", "--script", str(REPO / "examples" / "assembly-cell-good.txt"), "--no-save"])
    err = capsys.readouterr().err
    assert "dojo: played Listening dojo: follow up on what the learner says · round 1 of 3: Opinions and evidence (20 min). " \
        "Focus: When the learner states an opinion as fact" in err


def test_the_interactive_headless_play_is_tagged_too(capsys, records, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"coach: What is the target condition?\n")))
    assert main(["play", "--headless", "--interactive", "--plan", "listening-dojo", "--round", "3"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (first["scenario"], first["seed"]) == ("review-queue", 3141)
    assert records[0].plan.round == 3 and records[0].plan.plan_id == "listening-dojo"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seed", "5"], "leave out --seed 5 (the round's is 2718)"),
        (["--mode", "guided"], "leave out --mode guided (the round's is free)"),
        (["--scenario", "assembly-cell"], "leave out --scenario assembly-cell (the round plays hospital-lab)"),
    ],
)
def test_a_seed_mode_or_scenario_that_contradicts_the_round_is_refused_in_one_line(capsys, extra, message):
    code = main(["play", "--headless", "--plan", "listening-dojo", "--round", "2", "--script", str(SCRIPT), *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "dojo: error: round 2 of plan 'listening-dojo' sets the scenario, seed and mode for everyone who plays it: "
        f"{message}\n"
    )


def test_the_rounds_own_values_given_explicitly_are_accepted(capsys):
    result = play_round(capsys, "--seed", "2718", "--mode", "free", "--scenario", "hospital-lab", "--no-save")
    assert result["seed"] == 2718
    result = play_round(capsys, "--scenario", str(REPO / "scenarios" / "hospital-lab.yaml"), "--no-save")
    assert result["scenario"] == "hospital-lab"


def test_a_missing_round_on_a_plan_of_several_is_refused_listing_the_rounds(capsys):
    assert main(["play", "--headless", "--plan", "listening-dojo", "--script", str(SCRIPT)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("dojo: error: plan 'listening-dojo' has 3 rounds: choose one with --round N (1. Opinions and evidence (assembly-cell, 20 min); 2. The prediction")


def test_a_plan_of_one_round_needs_no_round(tmp_path, capsys):
    one = tmp_path / "one.yaml"
    one.write_text("id: one\ntitle: One\nrounds:\n  - {title: Only, scenario: assembly-cell, seed: 4, minutes: 5, focus: listen}\n",
                   encoding="utf-8")
    code = main(["play", "--headless", "--plan", str(one), "--script", str(REPO / "examples" / "assembly-cell-good.txt"),
                 "--json", "--no-save"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["seed"] == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--plan", "listening-dojo", "--round", "4"], "dojo: error: plan 'listening-dojo' has rounds 1 to 3, not 4 ("),
        (["--plan", "listening-dojo", "--round", "0"], "dojo: error: plan 'listening-dojo' has rounds 1 to 3, not 0 ("),
        (["--plan", "listening-doj", "--round", "1"], "dojo: error: unknown plan 'listening-doj'; did you mean 'listening-dojo'?"),
        (["--plan", "nowhere/plan.yaml", "--round", "1"], "dojo: error: nowhere/plan.yaml: no such plan file"),
        (["--scenario", "hospital-lab", "--round", "1"], "dojo: error: --round needs --plan PLAN"),
    ],
)
def test_bad_plan_arguments_are_one_line_and_exit_2(capsys, argv, message):
    assert main(["play", "--headless", "--script", str(SCRIPT), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_a_broken_plan_file_is_its_first_problem_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nrounds:\n  - {title: A, scenario: nowhere, seed: 1, minutes: 5, focus: f}\n", encoding="utf-8")
    assert main(["play", "--headless", "--plan", str(bad), "--script", str(SCRIPT)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ":4: rounds.0.scenario: round 1 names an unknown scenario 'nowhere'" in err


def test_a_continued_session_finds_its_round_again_only_while_the_plan_is_unchanged(tmp_path, monkeypatch):
    own = tmp_path / "plans"
    own.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (own / "p.yaml").write_text(text.replace("id: listening-dojo", "id: our-dojo"), encoding="utf-8")
    monkeypatch.setenv("DOJO_PLANS", str(own))
    joined = pick_round(load_file(own / "p.yaml"), 2)
    again = rejoin(joined.tag)
    assert isinstance(again, Joined) and again.round == joined.round
    (own / "p.yaml").write_text(text.replace("id: listening-dojo", "id: our-dojo").replace("seed: 2718", "seed: 1"), encoding="utf-8")
    assert rejoin(joined.tag) is None
