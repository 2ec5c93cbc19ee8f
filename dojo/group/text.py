"""A group debrief as plain text for a terminal (``dojo report --format text``, the facilitator's screen).

Every piece of text that came from players or a plan file goes through
:func:`dojo.terminal.clean`: escape sequences and control characters are shown, never acted on.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from dojo.group import wording as w
from dojo.group.models import GroupReport, Spread
from dojo.terminal import clean

WIDTH = 100
_NAME = 30


def _c(text: str) -> str:
    return clean(" ".join(text.split()))


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent if first is None else first, subsequent_indent=indent,
                         break_long_words=True, break_on_hyphens=False) or [indent.rstrip()]


def _spread_rows(title: str, spreads: Sequence[Spread]) -> list[str]:
    out = [f"{title:<{_NAME + 2}}" + "".join(f"{h:>8}" for h in w.SPREAD_HEADER)]
    for s in spreads:
        out.append(f"  {s.name[:_NAME]:<{_NAME}}" + "".join(f"{c:>8}" for c in w.cells(s)))
    return out


def render_report(r: GroupReport) -> str:
    """One round's debrief."""
    out: list[str] = [f"{w.TITLE}: {_c(w.heading(r))}", f"Focus: {_c(r.focus)}", _c(w.facts(r))]
    few = w.few(r)
    if few:
        out += ["", few]
    if r.finished:
        out += ["", *_wrap(w.SPREAD_INTRO, "", ""), ""]
        out += _spread_rows("", [r.score])
        out += _spread_rows("Card steps", [s for s in r.steps if s.players])
        out += _spread_rows("Criteria", [s for s in r.criteria if s.players])
        out += ["", w.follow_ups(r)]
        if r.patterns:
            out += ["", f"Most common anti-patterns (players who showed it, of {r.finished})"]
            out += [f"  {_c(p.name):<56} {w.of_players(p.players, r):>8}   {w.times(p.times)}" for p in r.patterns]
        if r.missed:
            out += ["", "Follow-ups most often missed: the coach moved on when…"]
            out += [f"  {_c(m.what):<64} {w.of_players(m.players, r):>8}   {w.times(m.times)}" for m in r.missed]
        if r.feedback:
            out += ["", "Feedback that recurs (players given it)"]
            for f in r.feedback:
                out += _wrap(_c(f.text), " " * 13, f"  {w.of_players(f.players, r):>9}  ")
        if r.examples:
            out += ["", "Examples to discuss", *_wrap(w.EXAMPLES_NAMED_INTRO if r.named else w.EXAMPLES_INTRO)]
            for k, e in enumerate(r.examples, start=1):
                whose = f" — {_c(e.player)}" if e.player else ""
                out += ["", f"  {k}. {e.title} (cycle {e.cycle}){whose}"]
                if e.before:
                    out += _wrap(_c(e.before), " " * 14, "     Learner: ")
                out += _wrap(_c(e.said) + (f"  [{e.heard_as}]" if e.heard_as else ""), " " * 14, "     Coach:   ")
                if e.after:
                    out += _wrap(_c(e.after), " " * 14, "     Learner: ")
                out += _wrap(_c(e.note), " " * 16, "     2nd coach: ")
    if r.notes:
        out += ["", "Notes"]
        for note in r.notes:
            out += _wrap(_c(note), "    ", "  - ")
    if r.named:
        out += ["", w.NAMED_INTRO]
        for p in r.named:
            if not p.finished:
                out.append(f"  {_c(p.player)}: not finished")
                continue
            crit = ", ".join(f"{name} {w.value(v)}" for name, v in p.criteria.items())
            line = f"score {p.score}; {crit}"
            if p.follow_ups:
                line += f"; follow-ups {p.follow_ups}"
            if p.patterns:
                line += f"; anti-patterns: {', '.join(p.patterns)}"
            out += _wrap(line, "      ", f"  {_c(p.player)}: ")
    return "\n".join(out) + "\n"


def render_text(reports: GroupReport | Sequence[GroupReport]) -> str:
    """One round's debrief, or several rounds' one after the other."""
    if isinstance(reports, GroupReport):
        return render_report(reports)
    return ("\n" + "─" * 40 + "\n\n").join(render_report(r) for r in reports)
