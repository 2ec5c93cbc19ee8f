"""A session view as Markdown: every piece of player text escaped (:func:`dojo.render.escape.md_escape`)."""

from __future__ import annotations

from dojo.formatting import human_iso
from dojo.render.escape import fence, md_escape
from dojo.render.view import SessionView, Stopwatch
from dojo.session.render_text import render_chart


def render_markdown(view: SessionView) -> str:
    e = md_escape
    out: list[str] = []
    w = out.append
    w(f"# Coaching {view.kind} {view.short_id}: {e(view.title)}")
    w("")
    facts = [f"started {view.started}"]
    if view.practice:
        facts[:0] = [f"scenario {e(view.scenario)}", f"seed {view.seed}", f"mode {e(view.mode)}"]
    if view.player:
        facts.insert(0, f"played by {e(view.player)}")
    if view.plan:
        facts.append(f"dojo plan {e(view.plan)}")
    facts.append(f"score **{view.score}/100**" if view.score is not None else "not finished")
    if view.target_met is not None:
        facts.append("target met" if view.target_met else "target not met")
    w("- " + " · ".join(facts))
    w("")
    if view.scores is not None:
        sc = view.scores
        w("## Scores")
        w("")
        w("| criterion | score | weight |")
        w("|---|---:|---:|")
        for row in sc.criteria:
            w(f"| {row.name} | {row.score} | {row.weight} |")
        w("")
        w("| card step | score | asked |")
        w("|---|---:|---:|")
        for step in sc.steps:
            w(f"| {e(step.name)} | {step.score} | {step.asked} |")
        w("")
        w("## Feedback from the 2nd coach")
        w("")
        if not sc.feedback:
            w("Nothing to change: keep practising the pattern.")
        for k, f in enumerate(sc.feedback, start=1):
            w(f"{k}. {e(f.text)} _{e(f.why)}_" + (f" {e(f.example)}" if f.example is not None else ""))
        if sc.strengths:
            w("")
            w("What went well:")
            w("")
            for text in sc.strengths:
                w(f"- {e(text)}")
        w("")
    w("## Transcript")
    for cycle in view.cycles:
        w("")
        w(f"### Cycle {cycle.number}")
        w("")
        for t in cycle.turns:
            w(f"{t.number}\\. **{t.who}**{f' _({e(t.label)})_' if t.label else ''}: {e(t.text)}")
            if t.note:
                w(f"    - _2nd coach:_ {e(t.note)}")
            for n in t.notes:
                who_n = f" ({e(n.author)})" if n.author else ""
                w(f"    - **Note{who_n}:** {e(n.text)}")
            w("")
    if view.orphan_notes:
        w("Notes on turns not in this transcript:")
        for orphan in view.orphan_notes:
            w(f"- turn {orphan.turn}: {e(orphan.text)}")
        w("")
    if view.storyboard is not None:
        sb = view.storyboard
        w("## Storyboard")
        w("")
        w(f"- **Process:** {e(sb.process)}")
        w(f"- **Challenge:** {e(sb.challenge)}")
        w(f"- **Target condition** (by {e(sb.achieve_by)}): {e(sb.target)}")
        w(f"- **Current condition:** {e(sb.current_condition)}")
        w("")
        w("Obstacles:")
        w("")
        for o in sb.obstacles:
            w(f"- {'**in focus:** ' if o.in_focus else ''}{e(o.text)}")
        w("")
        w("| date | step | expected | happened | learned |")
        w("|---|---|---|---|---|")
        for r in sb.records:
            w(f"| {e(human_iso(r.date))} | {e(r.step)} | {e(r.expected) or '–'} | {e(r.happened)} | {e(r.learned) or '–'} |")
        w("")
    if view.stopwatch is not None:
        out += _stopwatch(view.stopwatch)
    if view.run_chart is not None:
        w("## Run chart")
        w("")
        w("```text")
        w(fence(render_chart(view.run_chart)))
        w("```")
        w("")
    w(f"_Exported from Kata Dojo {e(view.dojo_version)} on {view.exported}._")
    return "\n".join(out) + "\n"


def _stopwatch(sw: Stopwatch) -> list[str]:
    """The stopwatch per cycle and the learner's development, as the HTML export shows them."""
    e = md_escape
    out = ["## The 2nd coach's stopwatch", "", f"A cycle is meant to take about {sw.guide_minutes} minutes or less.", "",
           "| cycle | minutes | time per card step | step run (whose idea) | events of the run | marks |",
           "|---:|---:|---|---|---|---|"]
    for lap in sw.laps:
        phases = ", ".join(f"{e(name)} {seconds:.0f} s" for name, seconds in lap.phases) or "–"
        events = " · ".join(e(event) for event in lap.events) or "–"
        marks = ", ".join(f"{'✓' if ok else '✗'} {name}" for name, ok in lap.marks)
        minutes = f"{lap.minutes:.1f}" + (" (over the guide)" if lap.over else "")
        out.append(f"| {lap.number} | {minutes} | {phases} | {e(lap.experiment)} ({e(lap.idea)}) | {events} | {marks} |")
    dev = sw.development
    out += ["", "## How the learner developed", "", "Out of 100, from the first cycle to the end.", "",
            "| | start | end | change |", "|---|---:|---:|---:|"]
    out += [f"| {level.name} | {level.start} | {level.end} | {level.end - level.start:+d} |" for level in dev.levels]
    out += ["", f"Predictions made {dev.predictions_made} · learnings captured {dev.learnings_captured} · "
            f"“I don't know yet” {dev.dont_knows} · told {dev.told} · led {dev.led}", ""]
    return out
