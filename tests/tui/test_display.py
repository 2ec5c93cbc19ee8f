"""What the player sees: literal text, sizes, themes, help, panels, the palette."""

from __future__ import annotations

from tui_helpers import SANDWICH, ask, screen_text, settle, wait_for_screen, widget_text

from dojo.tui.text import clean

TRICKY = [
    "[bold]x[/bold]",
    "[link=http://x]y[/link]",
    "\x1b[31mred\x1b[0m and a bell\x07",
    "🐧🦣 what do you expect? 🎉",
]


async def test_player_text_is_shown_literally(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        for text in TRICKY:
            await ask(pilot, text)
        coach = list(app.screen.query("Bubble.coach"))
        assert len(coach) == len(TRICKY)
        shown = [widget_text(b) for b in coach]
        assert "[bold]x[/bold]" in shown[0]
        assert "[link=http://x]y[/link]" in shown[1]
        assert "␛[31mred␛[0m and a bell^G" in shown[2]  # escapes made visible, not executed
        assert "\x1b" not in "".join(shown)
        assert "🐧🦣 what do you expect? 🎉" in shown[3]
        # the engine got the text as typed
        assert [t.text for t in app.session.turns if t.speaker == "coach"] == [t.strip() for t in TRICKY]
        # no link and no bold were created from the markup-looking text
        for strip_owner in coach[:2]:
            content = strip_owner.content
            assert not any(span.style and "link" in str(span.style) for span in content.spans)


def test_clean_makes_controls_visible():
    assert clean("a\x1b[2Jb") == "a␛[2Jb"
    assert clean("tab\there") == "tab    here"
    assert clean("line\nbreak") == "line\nbreak"
    assert clean("\x9b") == "\\x9b"


async def test_small_terminal_shows_a_message(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(50, 15)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await settle(pilot)
        too_small = app.screen.query_one("TooSmall")
        assert too_small.display and too_small.region.width > 0
        assert "too small" in screen_text(app)
        assert app.screen.query_one("#main").region.area == 0
        await pilot.resize_terminal(100, 32)
        await settle(pilot)
        assert app.screen.query_one("TooSmall").region.area == 0
        assert app.screen.query_one("#main").region.area > 0


async def test_theme_toggle(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        dark = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != dark and "light" in app.theme
        await pilot.press("ctrl+t")
        assert app.theme == dark


async def test_run_chart_follows_the_theme(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        chart = app.screen.query_one("#chart")
        dark_styles = {str(span.style) for span in chart.render().spans}
        await pilot.press("ctrl+t")
        await settle(pilot)
        light_styles = {str(span.style) for span in chart.render().spans}
        assert "bold cyan" in dark_styles and "bold blue" in light_styles


async def test_palette_lists_screen_actions(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Help", "Toggle light/dark theme", "End cycle", "Correct", "Card", "Storyboard", "Chart"):
            assert title in titles


async def test_help_opens_and_closes(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await pilot.press("f1")
        await wait_for_screen(pilot, "HelpScreen")
        text = widget_text(app.screen.query_one("#help-text"))
        assert "ctrl+n" in text and "heard as" in text and "target condition" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, "SessionScreen")
        assert app.focused is app.screen.query_one("#question")


async def test_narrow_panels_take_turns_with_the_dialogue(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        screen = app.screen
        assert screen.query_one("#dialogue").region.area > 0
        assert screen.query_one("#storyboard").region.area == 0
        await pilot.press("f3")
        await settle(pilot)
        assert screen.query_one("#storyboard").region.area > 0 and screen.query_one("#dialogue").region.area == 0
        await pilot.press("f4")
        await settle(pilot)
        assert screen.query_one("#chart").region.area > 0 and screen.query_one("#storyboard").region.area == 0
        await ask(pilot, "What is the target condition?")  # asking brings the dialogue back
        await settle(pilot)
        assert screen.query_one("#dialogue").region.area > 0
        await pilot.press("f2")
        await settle(pilot)
        assert "Coaching Kata card" in widget_text(screen.query_one("#card"))


async def test_wide_shows_everything_beside_the_dialogue(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await settle(pilot)
        screen = app.screen
        dialogue, storyboard, chart = (screen.query_one(s).region for s in ("#dialogue", "#storyboard", "#chart"))
        assert dialogue.area and storyboard.area and chart.area
        assert storyboard.x > dialogue.x and chart.x > dialogue.x
        assert "target" in widget_text(screen.query_one("#chart"))


async def test_yeti_appears_at_the_edge_of_knowledge(make_app):
    from dojo.tui.widgets.figures import YETI

    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        for q in ("What obstacles are in your way? Which one are you addressing now?", "What is your next step?"):
            await ask(pilot, q)
        replies = [t for t in app.session.turns if t.speaker == "learner"]
        yetis = list(app.screen.query("Bubble.yeti"))
        assert len(yetis) == sum(t.yeti for t in replies)
        for bubble in yetis:
            assert YETI[1] in widget_text(bubble)


def test_bidi_overrides_separators_and_lone_surrogates_are_shown_not_obeyed():
    assert clean("txt\u202eexe.sh") == "txt\\u202eexe.sh"
    assert clean("a\u2028b") == "a\\u2028b"
    assert clean("x\ud800y") == "x\\ud800y"
    assert clean("line one\nline two") == "line one\nline two"
