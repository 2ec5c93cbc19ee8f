"""A few SVG snapshots: home, a session mid-cycle, the debrief. Fixed size, seed and clock; no blink.

Update after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the pictures (snapshot_report.html) before committing them.
"""

from __future__ import annotations

from tui_helpers import CARD_FIRST, SANDWICH, ask, end_cycle, settle, wait_for_screen

SIZE = (100, 32)


def test_home(snap_compare, make_app):
    async def before(pilot):
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)

    assert snap_compare(make_app(seed=1), terminal_size=SIZE, run_before=before)


def test_session_mid_cycle(snap_compare, make_app):
    async def before(pilot):
        await wait_for_screen(pilot, "SessionScreen")
        for q in CARD_FIRST[:3]:
            await ask(pilot, q)
        await pilot.press("f2")  # the card, with the step due marked
        await settle(pilot)

    # wide: the storyboard and the run chart sit beside the dialogue
    assert snap_compare(make_app(scenario=str(SANDWICH), seed=3), terminal_size=(140, 40), run_before=before)


def test_debrief(snap_compare, make_app):
    async def before(pilot):
        await wait_for_screen(pilot, "SessionScreen")
        for q in CARD_FIRST:
            await ask(pilot, q)
        while not pilot.app.session.ended:
            await end_cycle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")
        await settle(pilot)

    assert snap_compare(make_app(scenario=str(SANDWICH), seed=3), terminal_size=SIZE, run_before=before)
