"""Joining a dojo plan's round from the home screen: plan, then round (title, time box, focus shown), then play it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static
from tui_helpers import ask, settle, wait_for_screen

from dojo.plans.joining import pick_round
from dojo.plans.loader import load_file
from dojo.scenarios.registry import list_scenarios

EXAMPLE = Path(__file__).resolve().parents[2] / "plans" / "listening-dojo.yaml"
OWN = """\
id: tuesday
title: "Tuesday [b]dojo[/b]"
rounds:
  - {title: "Warm-up [red]x[/red]", scenario: assembly-cell, seed: 11, minutes: 10, focus: "ask for evidence [i]now[/i]"}
  - {title: Guided round, scenario: review-queue, seed: 12, mode: guided, minutes: 15, focus: pick the follow-up}
"""


async def plans_listed(pilot) -> OptionList:
    listing = pilot.app.screen.query_one("#scenarios", OptionList)
    for _ in range(50):
        if any(k.startswith("plan:") for k in pilot.app.screen.entries):
            return listing
        await settle(pilot)
    raise AssertionError("no plans on the home screen")


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_player_joins_round_2_and_plays_its_scenario_seed_with_the_focus_on_screen(make_app):
    app = make_app(catalog=list_scenarios)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        listing = await plans_listed(pilot)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "Dojo plans: join a round" in prompts
        assert any("Listening dojo: follow up on what the learner says\n  3 rounds · 65 min" in p for p in prompts)
        listing.highlighted = listing.get_option_index("plan:listening-dojo")
        await settle(pilot)
        details = text_of(app.screen, "#details")
        assert "1. Opinions and evidence  20 min · free · assembly-cell" in details and "3. Several obstacles" in details

        await pilot.press("enter")
        await wait_for_screen(pilot, "JoinRound")
        shown = text_of(app.screen, "#join-round")
        assert shown.startswith("Opinions and evidence\n\nRound 1 of 3 · 20 min · free · assembly-cell")
        assert "Focus: When the learner states an opinion as fact" in shown
        await pilot.press("down")
        shown = text_of(app.screen, "#join-round")
        assert shown.startswith("The prediction\n\nRound 2 of 3 · 20 min · free · hospital-lab")
        assert "Focus: Listen for the learner's prediction." in shown

        await pilot.press("enter")
        await wait_for_screen(pilot, "SessionScreen")
        session = app.session
        found = load_file(EXAMPLE)
        assert (session.scenario.id, session.seed, session.record.mode) == ("hospital-lab", 2718, "free")
        assert session.record.plan == pick_round(found, 2).tag
        focus = text_of(app.screen, "#plan-focus")
        assert focus.startswith(" Round 2/3 · 20 min · Focus: Listen for the learner's prediction.")

        # the same question gets the same reply as a headless player of the round gets
        await ask(pilot, "What is the target condition?")
        reply = next(t.text for t in session.turns if t.speaker == "learner")
    from dojo.scenarios.registry import load_scenario
    from dojo.session.engine import Session

    headless = Session(load_scenario("hospital-lab"), seed=2718, classifier=session.classifier)
    headless.coach("What is the target condition?")
    assert next(t.text for t in headless.turns if t.speaker == "learner") == reply


async def test_escape_goes_back_home_and_plan_text_is_shown_as_text(make_app, dojo_home):
    (dojo_home / "plans").mkdir()
    (dojo_home / "plans" / "tuesday.yaml").write_text(OWN, encoding="utf-8")
    app = make_app(catalog=list_scenarios)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        listing = await plans_listed(pilot)
        listing.highlighted = listing.get_option_index("plan:tuesday")
        await settle(pilot)
        assert "Tuesday [b]dojo[/b]" in text_of(app.screen, "#details")
        await pilot.press("enter")
        await wait_for_screen(pilot, "JoinRound")
        assert "Warm-up [red]x[/red]" in text_of(app.screen, "#join-round")
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")
        assert app.session is None

        await pilot.press("enter")
        await wait_for_screen(pilot, "JoinRound")
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, "SessionScreen")
        assert (app.session.scenario.id, app.session.seed, app.session.record.mode) == ("review-queue", 12, "guided")
        assert app.session.record.plan.plan_id == "tuesday" and app.session.record.plan.round == 2
        assert "Focus: pick the follow-up" in text_of(app.screen, "#plan-focus")


async def test_play_plan_round_starts_the_game_straight_into_the_round(make_app):
    joined = pick_round(load_file(EXAMPLE), 3)
    r = joined.round
    app = make_app(scenario=r.scenario, seed=r.seed, mode=r.mode, joined=joined)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        assert app.session.record.plan == joined.tag
        assert "Round 3/3 · 25 min · Focus: When several obstacles" in text_of(app.screen, "#plan-focus")


async def test_a_plan_naming_a_scenario_the_home_screen_does_not_list_is_not_offered(make_app):
    app = make_app()  # the home screen lists one scenario (a sandwich bar); the shipped plan plays others
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert app.screen.entries and not any(k.startswith("plan:") for k in app.screen.entries)
