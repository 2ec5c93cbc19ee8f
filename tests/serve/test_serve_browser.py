"""End to end in a real browser: ``dojo serve`` on a free loopback port, played in headless Chromium.

Two tabs open the page at once; each types its player's name (a tab always asks), picks a different scenario on the home screen (↓, Enter)
and types its own questions. Each tab must get its own game (two sessions in the store, each holding only its
own questions), and each page must show the learner's reply that its stored session holds. A
screenshot of each tab is kept in tests/artifacts/serve/ (ignored by git).

Skipped only where there is no Chromium (Debian's ``chromium`` package; ``.ci/run`` installs it).
"""

from __future__ import annotations

import pytest

from tests.serve.browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_FLAGS,
    dojo_json,
    flat,
    keep_terminals,
    screen_text,
    serving,
    wait_for_screen,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's chromium package (apt-get install chromium)"),
]

#: How far down the home screen's list each tab goes before Enter: two different scenarios.
PICK = {"a": 0, "b": 1}
#: Who plays in each tab: a browser tab asks for a name before the first session.
PLAYERS = {"a": "Ana", "b": "Ben"}
QUESTIONS = {
    "a": ["What is the target condition?", "What is the actual condition now?"],
    "b": ["What obstacles do you think are preventing you from reaching the target condition?"],
}


def _learner_replies(data_dir, session_id: str) -> tuple[list[str], list[str]]:
    turns = dojo_json(data_dir, "export", session_id, "--format", "json")["turns"]
    coach = [t["text"] for t in turns if t["speaker"] == "coach"]
    learner = [t["text"] for t in turns if t["speaker"] == "learner"]
    return coach, learner


def test_two_tabs_play_their_own_games_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path / "data"
    titles = [s["title"] for s in dojo_json(data_dir, "scenarios", "list", "--json")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serving(data_dir, "--mode", "free") as (url, _server), sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True,
            # about 100 columns: the dialogue has the whole width (the side panel comes at 120)
            viewport={"width": 1000, "height": 760},
        )
        try:
            browser.route("**/static/js/textual.js", keep_terminals)
            pages = {tab: browser.new_page() for tab in QUESTIONS}
            for page in pages.values():
                page.goto(url)
            for tab, page in pages.items():
                wait_for_screen(page, lambda s: "Who is playing?" in s, f"the name dialog (tab {tab})", 40)
                page.locator(".textual-terminal").click()
                page.keyboard.type(PLAYERS[tab])
                page.keyboard.press("Enter")
                wait_for_screen(page, lambda s: any(t in s for t in titles), f"the home screen's scenarios (tab {tab})", 40)
                wait_for_screen(page, lambda s, n=PLAYERS[tab]: f"Player: {n}" in s, f"the player's name (tab {tab})")
                for _ in range(PICK[tab]):
                    page.keyboard.press("ArrowDown")
                page.keyboard.press("Enter")
                wait_for_screen(page, lambda s: "Cycle 1" in s, f"the session screen (tab {tab})")
            for tab, page in pages.items():
                for question in QUESTIONS[tab]:
                    page.keyboard.type(question)
                    page.keyboard.press("Enter")
                    wait_for_screen(page, lambda s, q=question: q in flat(s), f"the question typed (tab {tab})")

            sessions = dojo_json(data_dir, "history", "--json", "--all-players")
            assert len(sessions) == 2, sessions
            assert {row["player"] for row in sessions} == set(PLAYERS.values()), "each tab's session is its player's"
            by_questions, titles_by_questions = {}, {}
            for row in sessions:
                coach, learner = _learner_replies(data_dir, row["id"])
                by_questions[tuple(coach)] = learner
                titles_by_questions[tuple(coach)] = row["title"]
            assert len(set(titles_by_questions.values())) == 2, "the two tabs picked two different scenarios"
            assert set(by_questions) == {tuple(q) for q in QUESTIONS.values()}, "each tab has a session of its own"

            for tab, page in pages.items():
                replies = by_questions[tuple(QUESTIONS[tab])]
                assert len(replies) == len(QUESTIONS[tab])
                last = flat(replies[-1])
                shown = wait_for_screen(page, lambda s, r=last: r in flat(s), f"the learner's reply {last!r} (tab {tab})", 15)
                other = next(q for t, qs in QUESTIONS.items() if t != tab for q in qs)
                assert other not in flat(shown), "a tab shows another tab's question"
                assert titles_by_questions[tuple(QUESTIONS[tab])] in flat(shown), "the page shows its session's scenario"
                page.screenshot(path=str(ARTIFACTS / f"tab-{tab}.png"))
                page.screenshot(path=str(tmp_path / f"tab-{tab}.png"))
                assert screen_text(page)
        finally:
            browser.close()
