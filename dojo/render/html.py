"""A session view as one self-contained HTML page: inline CSS, the inline SVG run chart, no scripts, no links out.

Every piece of player text goes through :func:`dojo.render.escape.html_escape` (after
:func:`dojo.terminal.clean` has made control and bidi characters visible): it is text, never markup.
"""

from __future__ import annotations

from dojo.formatting import human_iso
from dojo.render.escape import html_escape
from dojo.render.svg import render_svg
from dojo.render.view import SessionView, Stopwatch

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733;background:#fbfbf8}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ccd;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .5rem;vertical-align:top}
th{background:#eef}td.n{text-align:right}
.turn{margin:.3rem 0;padding:.3rem .6rem;border-radius:6px}
.coach{background:#e8f0ff}.learner{background:#f2f2ee;margin-left:2rem}
.lbl{font-size:.8rem;color:#456;margin-left:.4rem}.auto{font-size:.85rem;color:#555;margin:.1rem 0 0 1rem}
.note{font-size:.9rem;background:#fff6d5;border-left:3px solid #e0b300;margin:.2rem 0 0 1rem;padding:.1rem .5rem}
.meta{color:#555}.score{font-size:1.2rem;font-weight:bold}
.bad{color:#a33}.good{color:#276}
@media (prefers-color-scheme: dark){body{background:#16191d;color:#dde}th{background:#2a3140}
.coach{background:#1f2a3d}.learner{background:#24262a}.note{background:#3a3320}.meta,.auto,.lbl{color:#aab}}
"""


def render_html(view: SessionView) -> str:
    esc = html_escape
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>")
    w('<html lang="en"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    # No scripts, no remote anything: the page cannot run code or call out.
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    heading = f"Coaching {esc(view.kind)} {esc(view.short_id)}: {esc(view.title)}"
    w(f"<title>{heading}</title>")
    w(f"<style>{_CSS}</style></head><body>")
    w(f"<h1>{heading}</h1>")
    facts = [f"started {esc(view.started)}"]
    if view.practice:
        facts[:0] = [f"scenario <code>{esc(view.scenario)}</code>", f"seed {esc(str(view.seed))}", f"mode {esc(view.mode)}"]
    if view.player:
        facts.insert(0, f"played by {esc(view.player)}")
    if view.plan:
        facts.append(f"dojo plan {esc(view.plan)}")
    if view.target_met is not None:
        met = view.target_met
        facts.append(f'<span class="{"good" if met else "bad"}">{"target met" if met else "target not met"}</span>')
    w(f'<p class="meta">{" · ".join(facts)}</p>')
    w(f'<p class="score">{"Score " + esc(str(view.score)) + "/100" if view.score is not None else "Not finished"}</p>')
    if view.scores is not None:
        sc = view.scores
        w("<h2>Scores</h2><table><tr><th>criterion</th><th>score</th><th>weight</th></tr>")
        for row in sc.criteria:
            w(f'<tr><td>{esc(row.name)}</td><td class="n">{row.score}</td><td class="n">{row.weight}</td></tr>')
        w("</table><table><tr><th>card step</th><th>score</th><th>asked</th></tr>")
        for step in sc.steps:
            w(f'<tr><td>{esc(step.name)}</td><td class="n">{step.score}</td><td class="n">{step.asked}</td></tr>')
        w("</table><h2>Feedback from the 2nd coach</h2><ol>")
        for f in sc.feedback:
            example = f" {esc(f.example)}" if f.example is not None else ""
            w(f"<li>{esc(f.text)} <em>{esc(f.why)}</em>{example}</li>")
        w("</ol>")
        if sc.strengths:
            w("<p>What went well:</p><ul>" + "".join(f"<li>{esc(x)}</li>" for x in sc.strengths) + "</ul>")
    w("<h2>Transcript</h2>")
    for cycle in view.cycles:
        w(f"<h3>Cycle {cycle.number}</h3>")
        for t in cycle.turns:
            w(f'<div class="turn {t.speaker}" id="turn-{t.number}"><b>{t.number}. {t.who}</b>'
              f'{f"<span class=lbl>{esc(t.label)}</span>" if t.label else ""}: {esc(t.text)}')
            if t.note:
                w(f'<div class="auto">2nd coach: {esc(t.note)}</div>')
            for n in t.notes:
                who_n = f" ({esc(n.author)})" if n.author else ""
                w(f'<div class="note"><b>Note{who_n}:</b> {esc(n.text)}</div>')
            w("</div>")
    if view.orphan_notes:
        w("<p>Notes on turns not in this transcript:</p><ul>")
        w("".join(f"<li>turn {o.turn}: {esc(o.text)}</li>" for o in view.orphan_notes) + "</ul>")
    if view.storyboard is not None:
        sb = view.storyboard
        w("<h2>Storyboard</h2>")
        w(f"<p><b>Process:</b> {esc(sb.process)}<br><b>Challenge:</b> {esc(sb.challenge)}<br>"
          f"<b>Target condition</b> (by {esc(sb.achieve_by)}): {esc(sb.target)}<br>"
          f"<b>Current condition:</b> {esc(sb.current_condition)}</p>")
        w("<p>Obstacles:</p><ul>")
        for o in sb.obstacles:
            w(f"<li>{'<b>in focus:</b> ' if o.in_focus else ''}{esc(o.text)}</li>")
        w("</ul><table><tr><th>date</th><th>step</th><th>expected</th><th>happened</th><th>learned</th></tr>")
        for r in sb.records:
            w(f"<tr><td>{esc(human_iso(r.date))}</td><td>{esc(r.step)}</td><td>{esc(r.expected) or '–'}</td>"
              f"<td>{esc(r.happened)}</td><td>{esc(r.learned) or '–'}</td></tr>")
        w("</table>")
    if view.stopwatch is not None:
        w(_stopwatch(view.stopwatch))
    if view.run_chart is not None:
        w("<h2>Run chart</h2>")
        w(render_svg(view.run_chart))
    w(f'<p class="meta">Exported from Kata Dojo {esc(view.dojo_version)} on {esc(view.exported)}.</p>')
    w("</body></html>")
    return "\n".join(out) + "\n"


def _stopwatch(sw: Stopwatch) -> str:
    """The stopwatch per cycle (with the step run and the events of its run) and the learner's development,
    as the game's debrief shows them."""
    esc = html_escape
    out = [f"<h2>The 2nd coach's stopwatch</h2><p class=\"meta\">A cycle is meant to take about {sw.guide_minutes} "
           "minutes or less.</p>",
           "<table><tr><th>cycle</th><th>minutes</th><th>time per card step</th><th>step run (whose idea)</th>"
           "<th>events of the run</th><th>marks</th></tr>"]
    for lap in sw.laps:
        phases = ", ".join(f"{esc(name)} {seconds:.0f} s" for name, seconds in lap.phases)
        marks = ", ".join(
            f'<span class="{"good" if ok else "bad"}">{"✓" if ok else "✗"} {name}</span>' for name, ok in lap.marks
        )
        minutes = f'<span class="bad">{lap.minutes:.1f} (over the guide)</span>' if lap.over else f"{lap.minutes:.1f}"
        out.append(f'<tr><td class="n">{lap.number}</td><td class="n">{minutes}</td><td>{phases or "–"}</td>'
                   f"<td>{esc(lap.experiment)} ({esc(lap.idea)})</td>"
                   f"<td>{'<br>'.join(esc(e) for e in lap.events) or '–'}</td><td>{marks}</td></tr>")
    out.append("</table>")
    dev = sw.development
    out.append("<h2>How the learner developed</h2><p class=\"meta\">Out of 100, from the first cycle to the end.</p>"
               "<table><tr><th></th><th>start</th><th>end</th><th>change</th></tr>")
    for level in dev.levels:
        start, end = level.start, level.end
        style = "good" if end > start else "bad" if end < start else "meta"
        out.append(f'<tr><td>{level.name}</td><td class="n">{start}</td><td class="n">{end}</td>'
                   f'<td class="n {style}">{end - start:+d}</td></tr>')
    out.append(f"</table><p>Predictions made {dev.predictions_made} · learnings captured {dev.learnings_captured} · "
               f"“I don't know yet” {dev.dont_knows} · told {dev.told} · led {dev.led}</p>")
    return "\n".join(out)
