"""The game says things the way the exports and the transcripts do: moves, dates, whose idea."""

from __future__ import annotations

from tui_helpers import settle, widget_text


async def test_replay_names_a_coach_move_as_the_transcripts_do(make_app, tmp_path):
    from dojo.render.view import turn_label
    from dojo.storage.sqlite import open_store
    from dojo.tui.screens.replay import ReplayScreen
    from tests.storage.conftest import driver, load_scenario, play

    store = open_store(tmp_path / "dojo.sqlite3")
    try:
        sid = play(store, load_scenario(driver.SCENARIO), cycles=1).session_id
        app = make_app(store=store, catalog=list)
        async with app.run_test(size=(100, 30)) as pilot:
            replay = ReplayScreen(store, sid)
            await app.push_screen(replay)
            for _ in range(50):
                await settle(pilot)
                if replay.loaded:
                    break
            export = replay.export
            assert export is not None
            for index in (0, 2):
                replay.query_one("#replay-turns").highlighted = index
                await settle(pilot)
                shown = " ".join(widget_text(replay.query_one("#replay-text")).split())
                turn = export.turns[index]
                assert f"· coach ({turn_label(turn)})" in shown, shown
                assert "heard as" not in shown and "_" not in turn_label(turn)
    finally:
        store.close()
