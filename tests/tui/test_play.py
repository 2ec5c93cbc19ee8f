"""Play complete sessions through the UI, in both modes, and check the engine saw it all."""

from __future__ import annotations

from tui_helpers import CARD_FIRST, CARD_NEXT, SANDWICH, ask, end_cycle, recorder, settle, wait_for_screen

from dojo.coaching.labels import Label
from dojo.session import events as ev


async def test_free_text_session_end_to_end(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        session = app.session
        seen = recorder(session)
        assert app.focused is app.screen.query_one("#question")  # AUTO_FOCUS: typing goes to the question
        cycles = session.scenario.cycles
        for cycle in range(1, cycles + 1):
            assert session.cycle == cycle
            for q in CARD_FIRST if cycle == 1 else CARD_NEXT:
                await ask(pilot, q)
            await end_cycle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")

        assert session.ended
        heard = [e for e in seen if isinstance(e, ev.CoachHeard)]
        replies = [e for e in seen if isinstance(e, ev.LearnerReplied)]
        assert len(heard) == len(replies) == len(CARD_FIRST) + (cycles - 1) * len(CARD_NEXT)
        assert sum(isinstance(e, ev.ExperimentRan) for e in seen) == cycles
        ended = [e for e in seen if isinstance(e, ev.SessionEnded)]
        assert len(ended) == 1
        assert [a.kind for a in session.record.actions].count("end_cycle") == cycles
        assert [t.text for t in session.turns if t.speaker == "coach"][: len(CARD_FIRST)] == CARD_FIRST
        debrief = app.screen.debrief
        assert debrief is ended[0].debrief
        assert debrief.score.score > 50  # a by-the-card session scores well
        assert len(debrief.run_chart.runs) == cycles + 1


async def test_guided_session_end_to_end(make_app):
    app = make_app(scenario=str(SANDWICH), seed=5, mode="guided")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        session = app.session
        seen = recorder(session)
        choices = app.screen.query_one("#choices")
        assert app.focused is choices
        picks = 0
        while not session.ended:
            for key in "1234":
                offered = list(choices.candidates)
                assert len(offered) == 4
                await pilot.press(key)
                await pilot.pause()
                picks += 1
                turn = [t for t in session.turns if t.speaker == "coach"][-1]
                assert turn.text == offered[int(key) - 1].text
                assert turn.label == offered[int(key) - 1].label  # scored with the candidate's label
            await end_cycle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")
        coach_actions = [a for a in session.record.actions if a.kind == "coach"]
        assert len(coach_actions) == picks
        assert all(a.label is not None for a in coach_actions)
        assert session.record.mode == "guided"
        assert any(isinstance(e, ev.SessionEnded) for e in seen)


async def test_guided_enter_picks_highlighted(make_app):
    app = make_app(scenario=str(SANDWICH), seed=5, mode="guided")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        choices = app.screen.query_one("#choices")
        first = choices.candidates[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.turns[0].text == first.text


async def test_home_pick_mode_and_start(make_app):
    app = make_app(seed=7)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        await pilot.press("g")  # guided
        await pilot.press("enter")
        await wait_for_screen(pilot, "SessionScreen")
        assert app.session.scenario.id == "tui-sandwich"
        assert app.session.record.mode == "guided"
        assert app.session.seed == 7


async def test_play_again_with_the_same_seed(make_app):
    app = make_app(scenario=str(SANDWICH), seed=11)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        first = app.session
        await ask(pilot, "What is the target condition?")
        while not first.ended:
            await end_cycle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")
        await pilot.press("a")
        await wait_for_screen(pilot, "SessionScreen")
        assert app.session is not first and app.session.seed == 11 and not app.session.turns
        assert app.session.scenario.id == first.scenario.id


async def test_question_history_up_down(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await ask(pilot, "What is the actual condition now?")
        question = app.screen.query_one("#question")
        question.value = "draft"
        await pilot.press("up")
        assert question.value == "What is the actual condition now?"
        await pilot.press("up")
        assert question.value == "What is the target condition?"
        await pilot.press("down", "down")
        assert question.value == "draft"


async def test_heard_as_correction_changes_the_answer(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        session = app.session
        await ask(pilot, "What is the target condition?")
        turn = session.turns[0]
        assert turn.label is Label.TARGET
        before = session.turns[1].text
        await pilot.press("ctrl+r")
        await wait_for_screen(pilot, "LabelPicker")
        picker = app.screen.query_one("#picker-options")
        # the runner-up is pre-selected
        if turn.runner_up is not None and turn.runner_up is not Label.TARGET:
            assert picker.highlighted_option.id == turn.runner_up.value
        picker.highlighted = [o.id for o in picker.options].index("obstacles")
        await pilot.press("enter")
        await wait_for_screen(pilot, "SessionScreen")
        assert session.turns[0].label is Label.OBSTACLES and session.turns[0].corrected
        assert len(session.turns) == 2
        assert session.turns[1].text != before
        assert session.turns[1].key == "obstacles"
        relabels = [a for a in session.record.actions if a.kind == "relabel"]
        assert [a.label for a in relabels] == [Label.OBSTACLES]
        bubbles = list(app.screen.query("Bubble.learner"))
        assert len(bubbles) == 1  # the old answer is gone, the new one is shown
        assert "heard as obstacles (corrected)" in str(app.screen.query("Bubble.coach").last().content)


async def test_correction_can_be_cancelled(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await pilot.press("ctrl+r")
        await wait_for_screen(pilot, "LabelPicker")
        await pilot.press("escape")
        await wait_for_screen(pilot, "SessionScreen")
        assert not [a for a in app.session.record.actions if a.kind == "relabel"]


async def test_unknown_scenario_is_a_message_and_home(make_app):
    app = make_app(scenario="no-such-scenario", seed=1)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        assert app.session is None


async def test_between_cycles_shows_days_and_the_new_run_and_any_key_goes_on(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await pilot.press("ctrl+n")
        await wait_for_screen(pilot, "Confirm")  # nothing asked yet: confirm first
        await pilot.press("y")
        await wait_for_screen(pilot, "BetweenCycles")
        from tui_helpers import widget_text

        text = widget_text(app.screen.query_one("#between-text"))
        assert "Cycle 1 is over" in text and "Day 1" in text and "the new run is in" in text
        assert "target" in widget_text(app.screen.query_one("#between-chart"))
        assert len(app.session.run_chart().runs) == 2
        await pilot.press("z")  # any key
        await wait_for_screen(pilot, "SessionScreen")
        assert app.session.cycle == 2
        assert app.focused is app.screen.query_one("#question")


async def test_a_compound_ask_shows_each_card_step_it_was_heard_as(make_app):
    from dojo.coaching.model import load_trained

    app = make_app(scenario=str(SANDWICH), seed=3, classifier=load_trained())
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition, and where are we now?")
        turn = app.session.turns[0]
        assert turn.label is Label.TARGET and turn.also == (Label.ACTUAL,)
        assert "heard as target + actual" in str(app.screen.query("Bubble.coach").last().content)
        assert "heard as: target + actual" in str(app.screen.query_one("HeardHint").render())
