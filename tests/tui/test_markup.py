"""Text from outside the game (a path, an error, a file's title) is shown as text: markup in it never crashes the game.

``[/]`` closes a tag that was never opened, ``[link=…]`` makes a link, ``[bold]`` styles:
each would be parsed, or crash Textual, if untrusted text reached ``notify``, an option or a
label as markup.
"""

from __future__ import annotations

from tui_helpers import settle, wait_for_screen

MARKUP = "[/][bold]x[/bold][link=https//example.com]y[/link][@click=app.quit]z"


def _notified(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_markup_in_the_scenario_directory_does_not_crash_the_home_screen(make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("DOJO_SCENARIOS", f"/x/{MARKUP}")
    app = make_app(catalog=None)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        listing = app.screen.query_one("#scenarios")
        shown = str(listing.get_option_at_index(0).prompt)
        assert MARKUP in shown, shown  # the path as typed, markup and all
        assert app.is_running


async def test_markup_in_a_scenario_path_and_its_error_is_a_notification_not_a_crash(make_app, tmp_path):
    bad = tmp_path / "[bold]x[b].yaml"
    bad.write_text('"[/]": 1\nid: x\n', encoding="utf-8")  # the error quotes the key
    app = make_app(scenario=str(bad))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert app.is_running
        assert "[bold]x[b].yaml" in _notified(app) and "'[/]'" in _notified(app)


async def test_every_notification_is_plain_text(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        app.notify(MARKUP, title=MARKUP, severity="error")
        app.screen.notify(MARKUP, severity="warning")
        await settle(pilot)
        assert app.is_running
        assert all(not n.markup for n in app._notifications)
