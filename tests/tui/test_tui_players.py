"""Players in the game: the name asked at first start, switching player, whose sessions home and Progress show."""

from __future__ import annotations

from tui_helpers import SANDWICH, ask, settle, wait_for_screen, widget_text

from dojo.players import last_player, remember
from dojo.scenarios.loader import load_file
from dojo.session.engine import Session
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import open_store
from dojo.tui.app import DojoApp
from dojo.tui.screens.player import PlayerDialog
from dojo.tui.screens.progress import ProgressScreen

EVE = "[bold red]Eve[/] \x1b[2J"  # markup and an escape typed in a name are shown as text


def _unfinished(store, player: str, seed: int) -> str:
    session = Session(load_file(SANDWICH), seed=seed, player=player)
    rec = SessionRecorder.start(store, session, source="headless")
    session.coach("What is the target condition?")
    return rec.session_id


async def _wait_dialog(pilot) -> PlayerDialog:
    for _ in range(50):
        await pilot.pause()
        if isinstance(pilot.app.screen, PlayerDialog):
            return pilot.app.screen
    raise AssertionError(f"no name dialog; the screen is {type(pilot.app.screen).__name__}")


def _continue_ids(app) -> list[str]:
    return [str(o.id)[6:] for o in app.screen.query_one("#scenarios").options if str(o.id).startswith("saved:")]


async def test_the_first_start_asks_for_a_name_and_keeps_the_session_under_it(make_app, tmp_path, dojo_home):
    store = open_store(tmp_path / "dojo.sqlite3")
    app = make_app(store=store, player=None)
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await _wait_dialog(pilot)
        assert dialog.required
        await pilot.press("enter")  # nothing typed: said under the input, the dialog stays
        assert isinstance(app.screen, PlayerDialog) and "cannot be empty" in widget_text(dialog.query_one("#player-problem"))
        await pilot.press("escape")  # a name is needed: Esc does not slip past
        assert isinstance(app.screen, PlayerDialog) and "ctrl+q quits" in widget_text(dialog.query_one("#player-problem"))
        dialog.query_one("#player-name").value = "x" * 60
        await pilot.press("enter")
        assert "at most 40" in widget_text(dialog.query_one("#player-problem"))
        dialog.query_one("#player-name").value = "a\u202eb"
        await pilot.press("enter")
        assert "U+202E" in widget_text(dialog.query_one("#player-problem"))
        dialog.query_one("#player-name").value = f"  {EVE}  "
        await pilot.press("enter")
        problem = widget_text(dialog.query_one("#player-problem"))
        assert "U+001B" in problem and "[bold red]Eve[/]" in problem  # the name as text, not markup
        dialog.query_one("#player-name").value = "  [bold red]Eve[/]   Smith "
        await pilot.press("enter")
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert app.player == "[bold red]Eve[/] Smith"
        assert "Player: [bold red]Eve[/] Smith" in widget_text(app.screen.query_one("#player-line"))
        await app.workers.wait_for_complete()
        assert last_player() == "[bold red]Eve[/] Smith"  # remembered in the data directory
        await pilot.press("enter")
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        assert app.flush_store()
    (row,) = store.sessions()
    assert row.player == "[bold red]Eve[/] Smith" and store.record(row.id).player == row.player
    store.close()


async def test_a_game_started_straight_into_a_session_asks_whose_it_is_first(make_app, tmp_path, dojo_home):
    """`dojo play --plan P --round N` (or --scenario) on a shared machine with no name known: the dialog
    comes before the session, and the session is kept under the name typed (not unnamed)."""
    store = open_store(tmp_path / "dojo.sqlite3")
    app = make_app(store=store, player=None, scenario=str(SANDWICH))
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await _wait_dialog(pilot)
        assert dialog.required
        dialog.query_one("#player-name").value = "Ana"
        await pilot.press("enter")
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await app.workers.wait_for_complete()
        assert app.flush_store()
        assert last_player() == "Ana"
    (row,) = store.sessions()
    assert row.player == "Ana"
    store.close()


async def test_a_remembered_name_is_not_asked_again_and_w_switches_player(make_app, tmp_path, dojo_home):
    store = open_store(tmp_path / "dojo.sqlite3")
    ana, ben, old = _unfinished(store, "Ana", 1), _unfinished(store, "Ben", 2), _unfinished(store, "", 3)
    remember("Ana")
    app = make_app(store=store, player=None)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert app.player == "Ana" and _continue_ids(app) == [ana]  # only hers to continue
        await pilot.press("w")
        dialog = await _wait_dialog(pilot)
        assert dialog.query_one("#player-name").value == "Ana" and not dialog.required
        await pilot.press("escape")  # keeps the current player
        await wait_for_screen(pilot, "HomeScreen")
        assert app.player == "Ana"
        await pilot.press("w")
        dialog = await _wait_dialog(pilot)
        dialog.query_one("#player-name").value = "ben"  # the same player as Ben: case does not count
        await pilot.press("enter")
        await wait_for_screen(pilot, "HomeScreen")
        for _ in range(30):
            await settle(pilot)
            if _continue_ids(app) == [ben]:
                break
        assert app.player == "ben" and _continue_ids(app) == [ben]
        await app.workers.wait_for_complete()
    assert last_player() == "ben" and old not in (ana, ben)
    store.close()


async def test_a_name_given_with_player_is_used_and_a_game_that_keeps_nothing_does_not_ask(make_app, tmp_path):
    app = make_app(player="Cleo", store=open_store(tmp_path / "dojo.sqlite3"))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert app.player == "Cleo" and not isinstance(app.screen, PlayerDialog)
    app.storage.close()
    app = make_app(player=None)  # --no-save
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert app.player == "" and "nothing is saved" in widget_text(app.screen.query_one("#player-line"))


async def test_a_browser_tab_always_asks_and_remembers_nothing(make_app, tmp_path, monkeypatch):
    remember("Ana")  # the last terminal player: not whoever opens the next tab
    monkeypatch.setattr(DojoApp, "is_web", property(lambda self: True))
    store = open_store(tmp_path / "dojo.sqlite3")
    app = make_app(store=store, player=None)
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await _wait_dialog(pilot)
        assert dialog.query_one("#player-name").value == ""
        dialog.query_one("#player-name").value = "Dee"
        await pilot.press("enter")
        await wait_for_screen(pilot, "HomeScreen")
        await app.workers.wait_for_complete()
        assert app.player == "Dee"
    assert last_player() == "Ana"
    store.close()


async def test_progress_shows_the_players_sessions_and_w_shows_everyones_then_the_unnamed(make_app, tmp_path):
    store = open_store(tmp_path / "dojo.sqlite3")
    for player, seed in (("Ana", 1), ("Ana", 2), ("Ben", 3), ("", 4)):
        _unfinished(store, player, seed)
    app = make_app(store=store, player="ana")
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await pilot.press("p")
        await wait_for_screen(pilot, "ProgressScreen")
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        seen = []
        for _ in range(3):
            for _ in range(50):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if screen.loaded:
                    break
            seen.append((screen.whose, screen.history.sessions, {r.player for r in screen.rows},
                         widget_text(screen.query_one("#progress-title"))))
            await pilot.press("w")
        assert [s[:3] for s in seen] == [("ana", 2, {"Ana"}), (None, 4, {"Ana", "Ben", ""}), ("", 1, {""})]
        assert "ana" in seen[0][3] and "every player" in seen[1][3] and "without a player name" in seen[2][3]
    store.close()
