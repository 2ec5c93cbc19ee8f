"""Questions typed ahead: every Enter is one action, in order, none merged or dropped.

A player who types fast presses Enter and goes on typing before the screen has handled the
question. The keys are sent the way a terminal delivers them — all queued at once, nothing
awaited in between — and what the store keeps is compared with what was typed.
"""

from __future__ import annotations

import threading
import unicodedata

from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from tui_helpers import SANDWICH, ask, settle, wait_for_screen

from dojo.storage.sqlite import open_store

LINES = [
    "What is the target condition?",
    "What is the actual condition now?",
    "How do you know, can you show me?",
]


def type_fast(app, lines: list[str]) -> None:
    """Every key of every line, Enter after each, handed to the app at once (as a terminal would)."""
    for line in lines:
        for ch in [*line, "enter"]:
            key = _character_to_key(ch) if len(ch) == 1 and not ch.isalnum() else ch
            try:
                char = unicodedata.lookup(_get_unicode_name_from_key(key))
            except KeyError:
                char = ch if len(ch) == 1 else None
            event = events.Key(key, "\r" if key == "enter" else char)
            event.set_sender(app)
            app._driver.send_message(event)


def coach_lines(store, session_id: str) -> list[str]:
    return [a.text for a in store.record(session_id).actions if a.kind == "coach"]


async def test_two_then_three_questions_typed_ahead_are_each_one_stored_action_in_order(make_app, tmp_path):
    store = open_store(tmp_path / "dojo.sqlite3")
    app = make_app(scenario=str(SANDWICH), seed=3, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        type_fast(app, LINES[:2])
        await settle(pilot)
        await settle(pilot)
        assert [t.text for t in app.session.turns if t.speaker == "coach"] == LINES[:2]
        type_fast(app, LINES)
        await settle(pilot)
        await settle(pilot)
        assert app.flush_store()
        assert coach_lines(store, app.recorder.session_id) == [*LINES[:2], *LINES]
        assert app.screen.query_one("#question").value == ""
        assert len(app.screen.query("Bubble.learner")) == 5  # one reply per question
    store.close()


async def test_questions_typed_while_the_learner_runs_the_step_are_asked_after_it_in_order(make_app, tmp_path):
    store = open_store(tmp_path / "dojo.sqlite3")
    app = make_app(scenario=str(SANDWICH), seed=3, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, LINES[0])
        session = app.session
        computed, go_on = threading.Event(), threading.Event()
        cycle_outcome = session.cycle_outcome

        def held_cycle_outcome():  # the worker has run the step and is still busy
            outcome = cycle_outcome()
            computed.set()
            go_on.wait(10)
            return outcome

        session.cycle_outcome = held_cycle_outcome
        await pilot.press("ctrl+n")
        for _ in range(200):
            if computed.is_set():
                break
            await pilot.pause(0.02)
        assert computed.is_set() and app.screen.in_worker
        type_fast(app, LINES[1:])  # while the worker computes the cycle's end
        await pilot.pause(0.2)
        assert [a.kind for a in session.record.actions] == ["coach"]  # nothing asked meanwhile
        go_on.set()
        await wait_for_screen(pilot, "BetweenCycles")
        await pilot.press("space")
        await settle(pilot)
        await settle(pilot)
        assert app.flush_store()
        kept = store.record(app.recorder.session_id).actions
        assert [(a.kind, a.text) for a in kept] == [
            ("coach", LINES[0]), ("end_cycle", ""), ("coach", LINES[1]), ("coach", LINES[2]),
        ]
        assert [t.cycle for t in session.turns if t.speaker == "coach"] == [1, 2, 2]
        assert app.screen.query_one("#question").value == ""
    store.close()

