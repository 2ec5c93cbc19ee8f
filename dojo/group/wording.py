"""The sentences every rendering of a group debrief shares (text, Markdown, HTML say the same).

They return plain, unescaped text: each renderer escapes what it writes. Text that came
from players or plan files is passed in and never interpreted.
"""

from __future__ import annotations

from dojo.group.models import GroupReport, Spread
from dojo.group.spread import BANDS

#: The spread's band headings: "0–19" … "80–100".
BAND_NAMES: tuple[str, ...] = tuple(f"{lo}–{hi}" for lo, hi in BANDS)

TITLE = "Group debrief"
SPREAD_INTRO = ("How the group spread, 0–100: the least, the middle and the most, and how many players fall "
                "in each band. Nobody is ranked.")
NAMED_INTRO = "Per player, alphabetically (asked for with --names; not a ranking)."
EXAMPLES_INTRO = "Picked from the 2nd coach's notes for the group to discuss; whose session each is from is not shown."
EXAMPLES_NAMED_INTRO = "Picked from the 2nd coach's notes for the group to discuss."


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def heading(r: GroupReport) -> str:
    return f"{r.plan_title}, round {r.round}: {r.round_title}"


def facts(r: GroupReport) -> str:
    return (f"Scenario {r.scenario}, seed {r.seed} · {plural(r.players, 'player')} played, "
            f"{r.finished} finished")


def few(r: GroupReport) -> str:
    """A sentence when there is too little to spread ('' otherwise)."""
    if r.players == 0:
        return "Nobody has played this round yet."
    if r.finished == 0:
        return f"No session of this round is finished yet ({plural(r.players, 'player')} started)."
    if r.finished == 1:
        return "Only one player has finished: each spread below is that one session's figures."
    return ""


def follow_ups(r: GroupReport) -> str:
    if r.follow_ups_due == 0:
        return "No learner reply called for a follow-up."
    got = r.follow_ups_due - r.follow_ups_missed
    return (f"Follow-ups: {got} of the {plural(r.follow_ups_due, 'learner reply', 'learner replies')} that called "
            f"for one got one ({round(100 * got / r.follow_ups_due)} %).")


def value(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def cells(s: Spread) -> list[str]:
    """players, least, median, most, then one count per band ('·' for none)."""
    return [str(s.players), value(s.min), value(s.median), value(s.max), *(str(b) if b else "·" for b in s.bins)]


SPREAD_HEADER: tuple[str, ...] = ("players", "least", "median", "most", *BAND_NAMES)


def of_players(n: int, r: GroupReport) -> str:
    return f"{n} of {r.finished}"


def times(n: int) -> str:
    return plural(n, "time")
