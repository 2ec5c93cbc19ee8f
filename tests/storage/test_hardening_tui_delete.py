"""The Progress screen deletes a session with ``d`` only after the player confirms it."""

from __future__ import annotations

from dojo.tui.screens.progress import ConfirmDelete, ProgressScreen
from tests.storage.conftest import play
from tests.storage.test_tui_screens import _wait, make_app


async def test_d_asks_n_keeps_and_y_deletes_the_highlighted_session(store, scenario):
    ids = [play(store, scenario, seed=s).session_id for s in (1, 2)]
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = ProgressScreen(store)
        await app.push_screen(screen)
        await _wait(pilot, screen)
        listing = screen.query_one("#progress-sessions")
        target = listing.highlighted_option.id
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete) and target[:8] in app.screen.what
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and len(store.sessions()) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and len(store.sessions()) == 2
        await pilot.press("d")
        await pilot.pause()
        screen.loaded = False
        await pilot.press("y")
        await _wait(pilot, screen)
        assert [r.id for r in store.sessions()] == [i for i in ids if i != target]
        assert listing.option_count == 1 and screen.history.sessions == 1
