"""A group debrief as Markdown: every piece of text from players or a plan file through
:func:`dojo.render.escape.md_escape` (literal text: no links, emphasis, HTML or tables)."""

from __future__ import annotations

from collections.abc import Sequence

from dojo.coaching.report import CRITERIA, CRITERION_NAMES
from dojo.group import wording as w
from dojo.group.models import GroupReport, Spread
from dojo.render.escape import md_escape as e


def _table(first: str, spreads: Sequence[Spread]) -> list[str]:
    out = [f"| {first} | " + " | ".join(w.SPREAD_HEADER) + " |", "|---|" + "---:|" * len(w.SPREAD_HEADER)]
    out += [f"| {e(s.name)} | " + " | ".join(w.cells(s)) + " |" for s in spreads]
    return [*out, ""]


def render_report(r: GroupReport, level: int = 1) -> str:
    h = "#" * level
    out: list[str] = [f"{h} {w.TITLE}: {e(w.heading(r))}", "", f"- **Focus:** {e(r.focus)}", f"- {e(w.facts(r))}", ""]
    few = w.few(r)
    if few:
        out += [few, ""]
    if r.finished:
        out += [f"{h}# How the group did", "", w.SPREAD_INTRO, ""]
        out += _table("", [r.score])
        out += _table("card step", [s for s in r.steps if s.players])
        out += _table("criterion", [s for s in r.criteria if s.players])
        out += [w.follow_ups(r), ""]
        if r.patterns:
            out += [f"{h}# Most common anti-patterns", "", f"| anti-pattern | players (of {r.finished}) | times |",
                    "|---|---:|---:|"]
            out += [f"| {e(p.name)} | {p.players} | {p.times} |" for p in r.patterns]
            out.append("")
        if r.missed:
            out += [f"{h}# Follow-ups most often missed", "", "The coach moved on when…", "",
                    f"| the learner's reply | players (of {r.finished}) | times |", "|---|---:|---:|"]
            out += [f"| {e(m.what)} | {m.players} | {m.times} |" for m in r.missed]
            out.append("")
        if r.feedback:
            out += [f"{h}# Feedback that recurs", ""]
            out += [f"- {w.of_players(f.players, r)} players: {e(f.text)}" for f in r.feedback]
            out.append("")
        if r.examples:
            out += [f"{h}# Examples to discuss", "", w.EXAMPLES_NAMED_INTRO if r.named else w.EXAMPLES_INTRO, ""]
            for k, x in enumerate(r.examples, start=1):
                whose = f" — {e(x.player)}" if x.player else ""
                out += [f"{k}. **{e(x.title)}** (cycle {x.cycle}){whose}", ""]
                if x.before:
                    out.append(f"    > **Learner:** {e(x.before)}  ")
                heard = f" _({e(x.heard_as)})_" if x.heard_as else ""
                out.append(f"    > **Coach:**{heard} {e(x.said)}  ")
                if x.after:
                    out.append(f"    > **Learner:** {e(x.after)}  ")
                out += [f"    > _2nd coach:_ {e(x.note)}", ""]
    if r.notes:
        out += [f"{h}# Notes", ""] + [f"- {e(n)}" for n in r.notes] + [""]
    if r.named:
        names = [CRITERION_NAMES[c] for c in CRITERIA]
        out += [f"{h}# Per player", "", w.NAMED_INTRO, "",
                "| player | score | " + " | ".join(e(n) for n in names) + " | follow-ups | anti-patterns |",
                "|---|---:|" + "---:|" * len(names) + "---|---|"]
        for p in r.named:
            if not p.finished:
                out.append(f"| {e(p.player)} | not finished |" + " |" * len(names) + " | |")
                continue
            crit = " | ".join(w.value(p.criteria.get(n)) for n in names)
            out.append(f"| {e(p.player)} | {p.score} | {crit} | {e(p.follow_ups) or '–'} | "
                       f"{e(', '.join(p.patterns)) or '–'} |")
        out.append("")
    return "\n".join(out)


def render_markdown(reports: GroupReport | Sequence[GroupReport]) -> str:
    """One round's debrief, or several rounds' under one heading for the plan."""
    if isinstance(reports, GroupReport):
        return render_report(reports)
    if len(reports) == 1:
        return render_report(reports[0])
    first = reports[0]
    head = [f"# {w.TITLE}: {e(first.plan_title)}", ""]
    return "\n".join(head) + "\n" + "\n".join(render_report(r, level=2) for r in reports)
