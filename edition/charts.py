"""Static SVG pictures of the correspondence, drawn at build time: no script, printable,
each with a title, a description and a table beside it as the text alternative."""
from __future__ import annotations

import math
from collections import Counter

from markupsafe import Markup, escape

PALETTE = ("#7a2e1c", "#1a4fa0", "#2f6b2f", "#8a5a00", "#6b2f6b", "#00656b", "#555555")


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while (y, m) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(rows: list[tuple[str, str]], names: dict[str, str]) -> tuple[Markup, list[str], list[tuple]]:
    """Messages per month, stacked by sender. rows: (YYYY-MM, sender id).

    Returns (svg, months, table rows (month, {sender: count}, total)).
    """
    dated = [(m, s) for m, s in rows if len(m) == 7]
    if not dated:
        return Markup(""), [], []
    months = _months(min(m for m, _ in dated), max(m for m, _ in dated))
    counts = Counter(dated)
    senders = [s for s, _ in Counter(s for _, s in dated).most_common(len(PALETTE) - 1)]
    colour = {s: PALETTE[i] for i, s in enumerate(senders)}
    other = "other"
    per_month = []
    for month in months:
        by = Counter()
        for (m, s), n in counts.items():
            if m == month:
                by[s if s in colour else other] += n
        per_month.append((month, dict(by), sum(by.values())))
    peak = max(total for _, _, total in per_month) or 1
    bar, gap, height, left, bottom = 28, 10, 160, 36, 40
    width = left + len(months) * (bar + gap) + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height + bottom + 10}" '
             f'role="img" aria-labelledby="timeline-title timeline-desc">',
             '<title id="timeline-title">Messages per month, by sender</title>',
             f'<desc id="timeline-desc">Bar chart of {sum(t for _, _, t in per_month)} dated messages from '
             f'{months[0]} to {months[-1]}; the table below gives the same numbers.</desc>']
    for tick in range(0, peak + 1, max(1, math.ceil(peak / 4))):
        y = height - tick * height / peak + 10
        parts.append(f'<line x1="{left - 4}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for i, (month, by, total) in enumerate(per_month):
        x = left + i * (bar + gap)
        y = height + 10
        for s in senders + [other]:
            n = by.get(s, 0)
            if not n:
                continue
            h = n * height / peak
            y -= h
            label = escape(names.get(s, s) if s != other else "others")
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{colour.get(s, PALETTE[-1])}">'
                         f'<title>{month}: {n} from {label}</title></rect>')
        parts.append(f'<text x="{x + bar / 2}" y="{height + 26}" text-anchor="middle" class="tick">{month[2:]}</text>')
    lx = left
    for s in senders + ([other] if any(other in by for _, by, _ in per_month) else []):
        label = escape(names.get(s, s) if s != other else "others")
        parts.append(f'<rect x="{lx}" y="{height + bottom - 6}" width="10" height="10" fill="{colour.get(s, PALETTE[-1])}"/>'
                     f'<text x="{lx + 14}" y="{height + bottom + 3}" class="legend">{label}</text>')
        lx += 14 + 7 * len(str(label)) + 16
    parts.append("</svg>")
    svg = "".join(parts).replace(f'viewBox="0 0 {width} ', f'viewBox="0 0 {max(width, lx)} ')
    return Markup(svg), months, per_month


def network(edges: Counter, names: dict[str, str]) -> Markup:
    """Who wrote to whom: people on a circle, arrows weighted by the number of messages."""
    people = sorted({p for pair in edges for p in pair}, key=lambda p: names.get(p, p))
    if not people:
        return Markup("")
    size, r = 460, 170
    cx = cy = size / 2
    pos = {p: (cx + r * math.cos(2 * math.pi * i / len(people) - math.pi / 2),
               cy + r * math.sin(2 * math.pi * i / len(people) - math.pi / 2)) for i, p in enumerate(people)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="-60 0 {size + 120} {size}" role="img" '
             'aria-labelledby="network-title network-desc">',
             '<title id="network-title">Who wrote to whom</title>',
             f'<desc id="network-desc">{len(people)} correspondents joined by arrows from sender to recipient, '
             'thicker for more messages; the table below lists every pair.</desc>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#57524a"/></marker></defs>']
    for (a, b), n in sorted(edges.items()):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        # shorten to the circles and bend a little so that A→B and B→A do not overlap
        sx, sy = x1 + dx * 14 / length, y1 + dy * 14 / length
        ex, ey = x2 - dx * 16 / length, y2 - dy * 16 / length
        mx, my = (sx + ex) / 2 - dy * 0.12, (sy + ey) / 2 + dx * 0.12
        parts.append(f'<path d="M {sx:.1f} {sy:.1f} Q {mx:.1f} {my:.1f} {ex:.1f} {ey:.1f}" class="edge" '
                     f'stroke-width="{1 + 1.5 * math.log2(1 + n):.1f}" marker-end="url(#arrow)">'
                     f'<title>{escape(names.get(a, a))} to {escape(names.get(b, b))}: {n}</title></path>')
    for p, (x, y) in pos.items():
        anchor = "start" if x > cx + 5 else "end" if x < cx - 5 else "middle"
        tx = x + (18 if anchor == "start" else -18 if anchor == "end" else 0)
        ty = y + (4 if anchor != "middle" else (-18 if y < cy else 26))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" class="node"/>'
                     f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" class="label">{escape(names.get(p, p))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
