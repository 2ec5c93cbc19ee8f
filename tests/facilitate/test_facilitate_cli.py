"""``dojo facilitate PLAN``: the shipped plan by id or path opens the screen; every mistake is one line, exit 2."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from dojo.cli.facilitate import build_app
from dojo.cli.main import main
from dojo.plans.clock import Phase, read_state
from dojo.plans.registry import load_plan
from dojo.storage.sqlite import open_store
from tests.facilitate.helpers import settle, text_of
from tests.facilitate.players import play_round

SHIPPED = Path(__file__).resolve().parents[2] / "plans" / "listening-dojo.yaml"


def args(plan: str, restart: bool = False) -> argparse.Namespace:
    return argparse.Namespace(plan=plan, restart=restart)


def one_line_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("dojo: error: ") and err.count("\n") == 1
    return err


@pytest.mark.parametrize("ref", ["listening-dojo", str(SHIPPED)])
async def test_a_plan_by_id_or_path_opens_on_its_first_round_and_keeps_its_state(ref, dojo_home):
    app = build_app(args(ref))
    state_file = dojo_home / "plans" / "listening-dojo.state.json"
    assert json.loads(state_file.read_text())["round"] == 1  # written before the screen opens
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "round 1 of 3" in text_of(app, "#fac-head")
        assert load_plan("listening-dojo").plan.round(1).title == text_of(app, "#fac-title")
        assert "dojo play --plan listening-dojo --round 1" in text_of(app, "#fac-roster")
        await pilot.press("n", "space")
        await pilot.press("q")
    app.close_store()
    saved = read_state(state_file)
    assert saved is not None and saved.round == 2 and saved.started


async def test_running_it_again_carries_on_and_restart_starts_over(dojo_home):
    app = build_app(args("listening-dojo"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "n", "space", "space")
    app.close_store()
    again = build_app(args("listening-dojo"))
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert (again.plan_clock.state.round, again.plan_clock.phase()) == (3, Phase.PAUSED)
        assert [n.title for n in again._notifications] == ["Carried on"]
    again.close_store()
    fresh = build_app(args("listening-dojo", restart=True))
    assert (fresh.plan_clock.state.round, fresh.plan_clock.phase()) == (1, Phase.NOT_STARTED)
    fresh.close_store()


def test_an_unknown_plan_is_one_line_naming_the_known_ones(capsys):
    assert "unknown plan 'nope'; known: listening-dojo" in one_line_error(capsys, ["facilitate", "nope"])


def test_a_broken_plan_file_is_one_line_at_its_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nrounds:\n  - title: R\n    scenario: assembly-cell\n    seed: -1\n"
                   "    minutes: 5\n    focus: f\n")
    assert f"{bad}:6:" in one_line_error(capsys, ["facilitate", str(bad)])
    assert "no such plan file" in one_line_error(capsys, ["facilitate", str(tmp_path / "missing.yaml")])


def test_a_data_directory_where_the_state_cannot_be_kept_is_one_line(dojo_home, capsys):
    (dojo_home / "plans").write_text("a file where the plans directory should be")
    err = one_line_error(capsys, ["facilitate", str(SHIPPED)])
    assert "listening-dojo.state.json: cannot keep where the plan is" in err


def test_no_plan_is_a_usage_line(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["facilitate"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "PLAN" in err and err.count("\n") == 1


async def test_players_in_another_process_appear_and_r_shows_the_rounds_group_debrief_without_names(dojo_home):
    app = build_app(args("listening-dojo"))
    other = open_store()  # a player's game: its own connection to the data directory's store
    tag = load_plan("listening-dojo").tag(1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for name, finish in (("Anaïs Qvist", True), ("Bodil Xu", True), ("Cyrus Zed", False)):
            play_round(other, name, tag, finish=finish, seed=1041)  # round 1: assembly-cell, seed 1041
        app.screen.load_roster()
        await settle(pilot)
        shown = text_of(app, "#fac-roster")
        assert "3 joined · 2 finished" in shown and "✓ Anaïs Qvist" in shown and "Cyrus Zed" in shown
        await pilot.press("r")
        await settle(pilot)
        report = text_of(app, "#report-text")
        assert report.startswith("Group debrief: Listening dojo")
        assert "3 players played, 2 finished" in report
        assert not any(name in report for name in ("Anaïs", "Qvist", "Bodil", "Xu", "Cyrus", "Zed"))  # projected: nobody named
        await pilot.press("escape", "n", "r")
        await settle(pilot)
        assert "Nobody has played this round yet." in text_of(app, "#report-text")
    other.close()
    app.close_store()
