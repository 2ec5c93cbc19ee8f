"""The game saves through the store interface: every action reaches the store; an unfinished session can be continued."""

from __future__ import annotations

from tui_helpers import SANDWICH, ask, end_cycle, settle, wait_for_screen

from dojo.storage.api import SessionStore
from dojo.storage.recorder import resumable
from dojo.storage.sqlite import open_store


async def test_every_action_reaches_the_store_and_continue_restores(make_app, tmp_path):
    store = open_store(tmp_path / "dojo.sqlite3")
    assert isinstance(store, SessionStore)
    app = make_app(scenario=str(SANDWICH), seed=9, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await ask(pilot, "What is the actual condition now?")
        await end_cycle(pilot)
        await ask(pilot, "What did you learn?")
        played = app.session
        assert app.flush_store()
        (saved,) = resumable(store)
        assert saved.record.actions == played.record.actions
        assert [a.kind for a in saved.record.actions] == ["coach", "coach", "end_cycle", "coach"]

    app = make_app(store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        listing = app.screen.query_one("#scenarios")
        assert listing.get_option_at_index(0).id == f"saved:{saved.session_id}"
        await pilot.press("enter")
        await wait_for_screen(pilot, "SessionScreen")
        restored = app.session
        assert restored.cycle == 2 and restored.seed == 9
        assert [t.text for t in restored.turns] == [t.text for t in played.turns]
        assert len(app.screen.query("Bubble.learner")) == 3  # the conversation so far is on screen
        await ask(pilot, "What actually happened?")
        assert app.flush_store()
        assert len(store.record(saved.session_id).actions) == 5  # appended to the same saved session
        while not restored.ended:
            await end_cycle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")
        assert app.flush_store()
        assert store.unfinished() == [] and store.get(saved.session_id).finished
        await pilot.press("n")  # another scenario: back home, nothing left to continue
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert not [o for o in app.screen.query_one("#scenarios").options if str(o.id).startswith("saved:")]
    store.close()
