"""Continuing a session after its scenario file was edited: the replies as played, and a note saying so."""

from __future__ import annotations

from tui_helpers import SANDWICH, ask, settle, wait_for_screen

from dojo.scenarios import registry
from dojo.scenarios.loader import dumps, load_file
from dojo.scenarios.models import Scenario
from dojo.scenarios.registry import ScenarioInfo
from dojo.storage.sqlite import open_store


async def test_continue_after_the_file_changed_replays_as_played_and_says_so(make_app, tmp_path):
    path = tmp_path / "sandwich.yaml"
    path.write_text(SANDWICH.read_text(encoding="utf-8"), encoding="utf-8")
    store = open_store(tmp_path / "dojo.sqlite3")
    app = make_app(scenario=str(path), seed=4, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await ask(pilot, "What is the actual condition now?")
        played = [(t.speaker, t.text) for t in app.session.turns]
        assert app.flush_store()

    data = load_file(path).model_dump()
    data["responses"] = {k: [f"Changed: {v}" for v in vs] for k, vs in data["responses"].items()}
    path.write_text(dumps(Scenario.model_validate(data)), encoding="utf-8")
    registry.clear_cache()

    app = make_app(store=store, catalog=lambda: [ScenarioInfo.found(load_file(path), path, builtin=False)])
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        await pilot.press("enter")  # the saved session is listed first
        await wait_for_screen(pilot, "SessionScreen")
        await settle(pilot)
        assert [(t.speaker, t.text) for t in app.session.turns] == played
        assert any("has changed since this session was played" in n.message for n in app._notifications)
    store.close()
    registry.clear_cache()
