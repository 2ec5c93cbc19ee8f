"""What the game does in the background at start, so the first question does not wait for it."""

from __future__ import annotations

from tui_helpers import SANDWICH, wait_for_screen


async def test_the_learners_vocabulary_is_built_before_the_first_question(make_app):
    """Building it costs ~0.3 s of processor time: the background start-up work pays, not the
    player's first question (20 browser players asking at once queued on it)."""
    from dojo.learner.vocabulary import known_stems

    known_stems.cache_clear()
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        for _ in range(200):
            if known_stems.cache_info().currsize:
                break
            await pilot.pause(0.05)
        assert known_stems.cache_info().currsize == 1
        assert not [t for t in app.session.turns if t.speaker == "coach"]  # nothing asked yet
