"""The game's seams: workers post messages back, the event loop never waits on a thread."""

from __future__ import annotations

import asyncio
import threading

from tui_helpers import settle, widget_text

from dojo.tui.screens.progress import ProgressScreen


class SlowStore:
    """A store whose history is read only when the test lets it; then it fails, as a broken database would."""

    def __init__(self) -> None:
        self.go = threading.Event()

    def history(self, **_: object) -> object:
        self.go.wait(10)
        raise RuntimeError("the database is locked")

    def sessions(self, **_: object) -> list:
        return []


async def test_progress_reads_the_history_in_a_worker_and_shows_it_when_the_message_comes(make_app):
    store = SlowStore()
    seen: list[object] = []
    app = make_app()
    async with app.run_test(size=(100, 32), message_hook=seen.append) as pilot:
        screen = ProgressScreen(store)  # type: ignore[arg-type] - only history() and sessions() are read
        app.push_screen(screen)
        # The history is still being read: the screen is up and answers, it says it is loading.
        await asyncio.wait_for(pilot.pause(), 5)
        assert app.screen is screen and not screen.loaded
        assert "Loading" in widget_text(screen.query_one("#progress-summary"))
        store.go.set()
        await settle(pilot)
        assert screen.loaded
        assert any(isinstance(m, ProgressScreen.Loaded) for m in seen)
        assert "Cannot read your history: the database is locked" in widget_text(screen.query_one("#progress-summary"))
