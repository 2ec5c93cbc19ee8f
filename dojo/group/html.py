"""A group debrief as one self-contained HTML page: inline CSS, no scripts, no links out.

Every piece of text from players or a plan file goes through
:func:`dojo.render.escape.html_escape`: it is text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from dojo.coaching.report import CRITERIA, CRITERION_NAMES
from dojo.group import wording as w
from dojo.group.models import GroupReport, Spread
from dojo.render.escape import html_escape as esc

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733;background:#fbfbf8}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ccd;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .5rem;vertical-align:top}
th{background:#eef}td.n{text-align:right}
.ex{margin:.8rem 0;padding:.4rem .8rem;border-left:3px solid #89a}
.learner{background:#f2f2ee;padding:.2rem .5rem;border-radius:6px}.coach{background:#e8f0ff;padding:.2rem .5rem;border-radius:6px}
.lbl{font-size:.8rem;color:#456;margin-left:.4rem}.auto{font-size:.9rem;color:#555;margin-left:1rem}
.meta{color:#555}
@media (prefers-color-scheme: dark){body{background:#16191d;color:#dde}th{background:#2a3140}
.coach{background:#1f2a3d}.learner{background:#24262a}.meta,.auto,.lbl{color:#aab}}
"""


def _table(first: str, spreads: Sequence[Spread]) -> str:
    head = f"<tr><th>{first}</th>" + "".join(f"<th>{esc(h)}</th>" for h in w.SPREAD_HEADER) + "</tr>"
    rows = "".join(
        f"<tr><td>{esc(s.name)}</td>" + "".join(f'<td class="n">{esc(c)}</td>' for c in w.cells(s)) + "</tr>"
        for s in spreads
    )
    return f"<table>{head}{rows}</table>"


def _report(r: GroupReport, h: int) -> list[str]:
    out = [f"<h{h}>{w.TITLE}: {esc(w.heading(r))}</h{h}>",
           f'<p><b>Focus:</b> {esc(r.focus)}</p><p class="meta">{esc(w.facts(r))}</p>']
    h2 = h + 1
    few = w.few(r)
    if few:
        out.append(f"<p>{esc(few)}</p>")
    if r.finished:
        out += [f"<h{h2}>How the group did</h{h2}>", f'<p class="meta">{esc(w.SPREAD_INTRO)}</p>',
                _table("", [r.score]), _table("card step", [s for s in r.steps if s.players]),
                _table("criterion", [s for s in r.criteria if s.players]), f"<p>{esc(w.follow_ups(r))}</p>"]
        if r.patterns:
            out.append(f"<h{h2}>Most common anti-patterns</h{h2}><table><tr><th>anti-pattern</th>"
                       f"<th>players (of {r.finished})</th><th>times</th></tr>"
                       + "".join(f'<tr><td>{esc(p.name)}</td><td class="n">{p.players}</td><td class="n">{p.times}</td></tr>'
                                 for p in r.patterns) + "</table>")
        if r.missed:
            out.append(f"<h{h2}>Follow-ups most often missed</h{h2}><p>The coach moved on when…</p>"
                       f"<table><tr><th>the learner's reply</th><th>players (of {r.finished})</th><th>times</th></tr>"
                       + "".join(f'<tr><td>{esc(m.what)}</td><td class="n">{m.players}</td><td class="n">{m.times}</td></tr>'
                                 for m in r.missed) + "</table>")
        if r.feedback:
            out.append(f"<h{h2}>Feedback that recurs</h{h2}><ul>"
                       + "".join(f"<li>{esc(w.of_players(f.players, r))} players: {esc(f.text)}</li>" for f in r.feedback)
                       + "</ul>")
        if r.examples:
            intro = w.EXAMPLES_NAMED_INTRO if r.named else w.EXAMPLES_INTRO
            out.append(f'<h{h2}>Examples to discuss</h{h2}><p class="meta">{esc(intro)}</p><ol>')
            for x in r.examples:
                whose = f" — {esc(x.player)}" if x.player else ""
                out.append(f'<li class="ex"><b>{esc(x.title)}</b> (cycle {x.cycle}){whose}')
                if x.before:
                    out.append(f'<p class="learner"><b>Learner:</b> {esc(x.before)}</p>')
                heard = f'<span class="lbl">{esc(x.heard_as)}</span>' if x.heard_as else ""
                out.append(f'<p class="coach"><b>Coach</b>{heard}: {esc(x.said)}</p>')
                if x.after:
                    out.append(f'<p class="learner"><b>Learner:</b> {esc(x.after)}</p>')
                out.append(f'<p class="auto">2nd coach: {esc(x.note)}</p></li>')
            out.append("</ol>")
    if r.notes:
        out.append(f"<h{h2}>Notes</h{h2}><ul>" + "".join(f"<li>{esc(n)}</li>" for n in r.notes) + "</ul>")
    if r.named:
        names = [CRITERION_NAMES[c] for c in CRITERIA]
        out.append(f'<h{h2}>Per player</h{h2}><p class="meta">{esc(w.NAMED_INTRO)}</p><table><tr><th>player</th>'
                   "<th>score</th>" + "".join(f"<th>{esc(n)}</th>" for n in names)
                   + "<th>follow-ups</th><th>anti-patterns</th></tr>")
        for p in r.named:
            if not p.finished:
                out.append(f'<tr><td>{esc(p.player)}</td><td colspan="{len(names) + 3}">not finished</td></tr>')
                continue
            out.append(f'<tr><td>{esc(p.player)}</td><td class="n">{p.score}</td>'
                       + "".join(f'<td class="n">{w.value(p.criteria.get(n))}</td>' for n in names)
                       + f"<td>{esc(p.follow_ups) or '–'}</td><td>{esc(', '.join(p.patterns)) or '–'}</td></tr>")
        out.append("</table>")
    return out


def render_html(reports: GroupReport | Sequence[GroupReport]) -> str:
    """One page: one round's debrief, or several rounds' under the plan's title."""
    rs = [reports] if isinstance(reports, GroupReport) else list(reports)
    title = f"{w.TITLE}: {w.heading(rs[0])}" if len(rs) == 1 else f"{w.TITLE}: {rs[0].plan_title}" if rs else w.TITLE
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           # No scripts, no remote anything: the page cannot run code or call out.
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           f"<title>{esc(title)}</title>", f"<style>{_CSS}</style></head><body>"]
    if len(rs) == 1:
        out += _report(rs[0], 1)
    else:
        out.append(f"<h1>{esc(title)}</h1>")
        for r in rs:
            out += _report(r, 2)
    out.append("</body></html>")
    return "\n".join(out) + "\n"
