"""Plain-text rendering of a headless session for the terminal (no Rich, no Textual).

What :func:`render_result` returns has passed :func:`dojo.terminal.clean`: it can be written to a
terminal as is.
"""

from __future__ import annotations

import textwrap

from dojo.coaching.card import label_name
from dojo.formatting import human_iso, number, quantity
from dojo.session.debrief import corrections_line, idea_of, whose_idea
from dojo.session.headless import HeadlessResult, PlayedCycle
from dojo.session.views import RunChart, StoryboardView
from dojo.terminal import clean

WIDTH = 88
_GUTTER = 20  # "  coach (next step) ": the longest label name fits


def _wrap(text: str, indent: str, first: str = "") -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=first or indent, subsequent_indent=indent, break_long_words=True
    )


def render_chart(chart: RunChart, height: int = 8) -> str:
    """The target statistic per run as a small bar chart with the target line."""
    stats = [r.stat for r in chart.runs]
    top = max([*stats, chart.target]) or 1.0
    lines = []
    for run in chart.runs:
        bar = "█" * max(1, round(run.stat / top * 40))
        mark = "✓" if chart.met(run.stat) else " "
        spread = f" [{number(min(run.values))}–{number(max(run.values))}]" if len(run.values) > 1 else ""
        lines.append(f"  day {run.day:>2} {bar:<40} {number(run.stat):>6} {chart.unit}{spread} {mark}")
    target_col = round(chart.target / top * 40)
    lines.append("         " + " " * target_col + f"┆ target {quantity(chart.target, chart.unit)}")
    head = f"Run chart: {chart.statistic} {chart.metric} per run"
    return "\n".join([head, *lines])


def render_storyboard(sb: StoryboardView) -> str:
    out = [
        f"Storyboard: {sb.process}",
        _wrap(sb.challenge, "  ", "  Challenge: "),
        _wrap(f"{sb.target} (achieve by {sb.achieve_by})", "  ", "  Target condition: "),
        _wrap(sb.current_condition, "  ", "  Current condition: "),
        "  Obstacles parking lot:",
    ]
    for o in sb.obstacles:
        out.append(_wrap(o.text, "      ", f"    {'▶' if o.in_focus else '·'} "))
    out.append("  Experimenting record:")
    for r in sb.records:
        out.append(_wrap(r.step, "      ", f"    {human_iso(r.date)}  step: "))
        out.append(_wrap(r.expected or "— (no prediction)", "      ", "      expected: "))
        out.append(_wrap(r.happened or "—", "      ", "      happened: "))
        out.append(_wrap(r.learned or "—", "      ", "      learned:  "))
    return "\n".join(out)


def render_result(result: HeadlessResult) -> str:
    out = [f"Kata Dojo — {result.title}  (scenario {result.scenario}, seed {result.seed})", ""]
    played = {c.number: c for c in result.cycles}
    last = max([*played, *(t.cycle for t in result.turns)], default=0)
    for n in range(1, last + 1):
        turns = [t for t in result.turns if t.cycle == n]
        out.append(f"── Cycle {n} ──" if turns else f"── Cycle {n} (uncoached) ──")
        for turn in turns:
            if turn.speaker == "coach":
                out.append(_wrap(turn.text, " " * _GUTTER, f"  coach ({label_name(turn.label or '')}) ".ljust(_GUTTER)))
            else:
                who = "  learner 🐾 " if turn.yeti else "  learner "
                out.append(_wrap(turn.text, " " * _GUTTER, who.ljust(_GUTTER)))
        if n in played:
            out.extend(_cycle_end(played[n], result.run_chart.unit))
    d = result.debrief
    o = d.outcome
    out += [
        "",
        render_storyboard(result.storyboard),
        "",
        render_chart(result.run_chart),
        "",
        f"Where the process ended: {o.metric} {quantity(o.final, o.unit)} (baseline {number(o.baseline)}), "
        f"target {'≤' if o.direction == 'at_most' else '≥'} {quantity(o.target, o.unit)}: "
        + ("target condition met." if o.target_met else "not met yet."),
        "",
        f"Coaching score: {d.score.score}/100",
    ]
    if not d.score.listening_judged:
        out.append("  (listening could not be judged: no learner lines)")
    if d.corrected:
        out.append("  " + corrections_line(d))
    for item in d.score.feedback:
        out.append(_wrap(item.text, "    ", "  • "))
        if item.example is not None:
            out.append(_wrap(item.example.text, "      ", "    "))
    out.append("  Whose idea each step was:")
    for c in d.cycles:
        out.append(_wrap(f"cycle {c.number}: {idea_of(c.chosen_by, c.tempting)}", "      ", "    "))
    for s in d.score.strengths:
        out.append(_wrap(s, "    ", "  ✓ "))
    # Coach lines come from the player's script, names and texts from scenario files: nothing acts on the terminal.
    return clean("\n".join(out), newlines=True) + "\n"


def _cycle_end(c: PlayedCycle, unit: str) -> list[str]:
    lines = [_wrap(c.step, "      ", "  ⟶ the learner runs the step: "),
             _wrap(whose_idea(c.chosen_by, c.tempting), "      ", "    ")]
    for e in c.events:
        lines.append(_wrap(e, "      ", "  ! "))
    lines.append(
        f"    result: {number(c.stat_before)} → {quantity(c.stat_after, unit)}" + ("  ✓ target met" if c.target_met else "")
    )
    return lines
