"""A run chart as an inline SVG: every unit's value per run (dots), the statistic (line), the target.

All text in it (dates, labels, units, the metric's name) is escaped by :func:`dojo.render.escape.html_escape`.
"""

from __future__ import annotations

from dojo.formatting import human_iso, number, short_iso
from dojo.render.escape import html_escape
from dojo.session.views import RunChart


def render_svg(chart: RunChart, width: int = 720, height: int = 260) -> str:
    """The chart as one ``<svg>`` element ("" when it has no runs)."""
    esc = html_escape
    runs = chart.runs
    if not runs:
        return ""
    left, right, top, bottom = 56, 16, 16, 48
    pw, ph = width - left - right, height - top - bottom
    values = [v for r in runs for v in (r.values or [r.stat])] + [chart.target]
    lo, hi = min(0.0, *values), max(values) * 1.1 or 1.0
    col = pw / len(runs)

    def y(v: float) -> float:
        return top + ph - (v - lo) / (hi - lo) * ph

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{esc(f"Run chart: {chart.statistic} {chart.metric} per run")}">',
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#99a"/>',
    ]
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end" fill="#778">{esc(number(v))}</text>')
    ty = y(chart.target)
    parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + pw}" y2="{ty:.1f}" stroke="#2a8" stroke-dasharray="6 4" stroke-width="2"/>')
    parts.append(f'<text x="{left + pw - 4}" y="{ty - 5:.1f}" font-size="11" text-anchor="end" fill="#2a8">'
                 f'target {esc(number(chart.target))} {esc(chart.unit)}</text>')
    line = []
    for i, r in enumerate(runs):
        x0 = left + col * i
        vals = r.values or [r.stat]
        for j, v in enumerate(vals):
            x = x0 + col * 0.15 + col * 0.7 * (j + 0.5) / len(vals)
            parts.append(f'<circle cx="{x:.1f}" cy="{y(v):.1f}" r="2" fill="#89a" fill-opacity="0.6"/>')
        cx = x0 + col / 2
        line.append(f"{cx:.1f},{y(r.stat):.1f}")
        fill = "#2a8" if chart.met(r.stat) else "#c54"
        parts.append(f'<circle cx="{cx:.1f}" cy="{y(r.stat):.1f}" r="4.5" fill="{fill}"><title>'
                     f'{esc(human_iso(r.date))} {esc(r.label)}: {esc(number(r.stat))} {esc(chart.unit)}</title></circle>')
        parts.append(f'<text x="{cx:.1f}" y="{top + ph + 16}" font-size="11" text-anchor="middle" fill="#556">{esc(short_iso(r.date))}</text>')
    parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#345" stroke-width="1.5"/>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="12" fill="#556">'
                 f'{esc(chart.statistic)} {esc(chart.metric)} per run ({esc(chart.unit)}); dots: each unit</text>')
    parts.append("</svg>")
    return "\n".join(parts)
