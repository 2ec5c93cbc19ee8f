"""Driving the game through the pilot: type a question (set the value, press Enter), end a cycle."""

from __future__ import annotations

import itertools
from pathlib import Path

from dojo.scenarios.loader import load_file
from dojo.scenarios.registry import ScenarioInfo
from dojo.session import events as ev

FIXTURES = Path(__file__).parent / "fixtures"
SANDWICH = FIXTURES / "sandwich.yaml"


class FakeClock:
    """Ten seconds pass between two readings: turn times (and the debrief's stopwatch) are deterministic."""

    def __init__(self, start: float = 1_800_000_000.0, step: float = 10.0) -> None:
        self._ticks = itertools.count()
        self.start, self.step = start, step

    def __call__(self) -> float:
        return self.start + self.step * next(self._ticks)


def sandwich_catalog() -> list[ScenarioInfo]:
    return [ScenarioInfo.found(load_file(SANDWICH), SANDWICH, builtin=False)]

CARD_FIRST = [
    "What is the target condition?",
    "What is the actual condition now?",
    "How do you know? Can you show me on the run chart?",
    "What obstacles are in your way? Which one are you addressing now?",
    "What is your next step?",
    "What do you expect will happen?",
    "When can we go and see what we have learned from taking that step?",
]
CARD_NEXT = [
    "What is the target condition?",
    "What is the actual condition now?",
    "What did you plan as your last step?",
    "What did you expect?",
    "What actually happened?",
    "What did you learn?",
    *CARD_FIRST[3:],
]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for_screen(pilot, name: str, tries: int = 50) -> None:
    for _ in range(tries):
        if type(pilot.app.screen).__name__ == name:
            return
        await settle(pilot)
    raise AssertionError(f"expected {name}, on {type(pilot.app.screen).__name__}")


async def ask(pilot, text: str) -> None:
    question = pilot.app.screen.query_one("#question")
    question.value = text
    await pilot.press("enter")
    await pilot.pause()


async def end_cycle(pilot) -> None:
    """ctrl+n; a cycle with nothing asked is confirmed first (y)."""
    await pilot.press("ctrl+n")
    await settle(pilot)
    if type(pilot.app.screen).__name__ == "Confirm":
        await pilot.press("y")
    await wait_for_screen(pilot, "BetweenCycles")
    await pilot.press("space")  # any key goes on
    await settle(pilot)


def recorder(session):
    seen: list[ev.Event] = []
    session.subscribe(seen.append)
    return seen


def widget_text(widget) -> str:
    """What a widget shows on screen, as plain text (its rendered lines)."""
    from textual.geometry import Region

    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def screen_text(app) -> str:
    """Everything visible on the current screen, line by line."""

    screen = app.screen
    lines = screen._compositor.render_update(full=True)  # a LayoutUpdate of the whole screen
    strips = getattr(lines, "strips", None)
    if strips is None:
        return ""
    return "\n".join("".join(strip.text for strip in line) for line in strips)
