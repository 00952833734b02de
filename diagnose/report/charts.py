"""The report's charts as inline SVG: area radar, perception gaps by role, rollout timeline.

Every text that reaches a chart goes through markupsafe's escape; the charts are built from
numbers and our own vocabulary, but an organisation's team or module names could be anything.
Patterns as well as colours tell series apart, so the charts read in greyscale.
"""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

from diagnose.core.models import CalendarEvent, Diagnosis
from diagnose.core.vocabulary import AREA_TITLES, AREAS, ROLE_TITLES
from diagnose.plan.rollout import occurrences

INK, MUTED, RULE = "#1d2327", "#5b6670", "#d5dbe0"


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
                  f'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, size: float = 10, anchor: str = "start", weight: str = "normal",
          fill: str = INK) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}" font-family="Report Sans">{escape(text)}</text>')


def _score_grid(left: float, per_point: float, height: float) -> list[str]:
    """Vertical lines at 0, 25, 50, 75 and 100 points, labelled underneath."""
    lines = []
    for value in (0, 25, 50, 75, 100):
        x = left + value * per_point
        lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="{RULE}" stroke-width="0.8"/>')
        lines.append(_text(x, height + 12, str(value), 8, "middle", fill=MUTED))
    return lines


def radar(diagnosis: Diagnosis, accent: str) -> Markup:
    """Five axes, 0 at the centre and 100 at the rim; survey solid, last cycle dashed."""
    cx, cy, radius = 300, 175, 120
    angles = [-math.pi / 2 + i * 2 * math.pi / len(AREAS) for i in range(len(AREAS))]

    def point(angle: float, value: float) -> tuple[float, float]:
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(angle)

    body = []
    for ring in (25, 50, 75, 100):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(a, ring) for a in angles))
        body.append(f'<polygon points="{points}" fill="none" stroke="{RULE}" stroke-width="0.8"/>')
        body.append(_text(cx + 3, cy - radius * ring / 100 + 10, str(ring), 7, fill=MUTED))
    for angle, area in zip(angles, AREAS):
        x, y = point(angle, 100)
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{RULE}" stroke-width="0.8"/>')
        lx, ly = point(angle, 118)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        score = diagnosis.areas[area].score
        body.append(_text(lx, ly + (4 if ly > cy else -2), AREA_TITLES[area], 10.5, anchor, "bold"))
        body.append(_text(lx, ly + (16 if ly > cy else 10), "score " + (f"{score:.0f}" if score is not None
                                                                           else "not shown"), 9, anchor, fill=MUTED))
    for source, style in (("survey", f'fill="{accent}" fill-opacity="0.25" stroke="{accent}" stroke-width="2"'),
                          ("review", f'fill="none" stroke="{INK}" stroke-width="2" stroke-dasharray="6 3"')):
        values = [getattr(diagnosis.areas[a], source) for a in AREAS]
        shown = [(a, v) for a, v in zip(angles, values) if v is not None]
        if len(shown) >= 3:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(a, v) for a, v in shown))
            body.append(f"<polygon points=\"{points}\" {style}/>")
        for angle, value in shown:
            x, y = point(angle, value)
            marker = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{accent}"/>' if source == "survey" else
                      f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="white" stroke="{INK}"/>')
            body.append(marker)
    return _svg(600, 350, "Area scores: what people said and what the last cycle shows", body)


def role_gaps(diagnosis: Diagnosis, accent: str) -> Markup | None:
    """Each role group's score per area, side by side: where leaders and teams see it differently."""
    roles = [r for r in ("leader", "manager", "team_member", "hr", "consultant") if r in diagnosis.role_scores]
    if len(roles) < 2:
        return None
    fills = {"leader": accent, "manager": "#8fa9bd", "team_member": "url(#hatch)", "hr": "#c9d3db",
             "consultant": "#ffffff"}
    row_height, bar = 18 + 9 * len(roles), 8
    body = ['<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="5" height="5" fill="white"/>'
            f'<line x1="0" y1="0" x2="0" y2="5" stroke="{INK}" stroke-width="1.6"/></pattern></defs>']
    body += _score_grid(190, 3.6, row_height * len(AREAS))
    for index, area in enumerate(AREAS):
        top = index * row_height
        body.append(_text(0, top + 14, AREA_TITLES[area], 10, weight="bold"))
        for offset, role in enumerate(roles):
            stats = diagnosis.role_scores[role].get(area)
            if not stats:
                continue
            y = top + 6 + offset * (bar + 1)
            body.append(f'<rect x="190" y="{y}" width="{stats["mean"] * 3.6:.1f}" height="{bar}" '
                        f'fill="{fills[role]}" stroke="{INK}" stroke-width="0.5"/>')
            body.append(_text(194 + stats["mean"] * 3.6, y + 7, f"{stats['mean']:.0f}", 7, fill=MUTED))
    legend_y = row_height * len(AREAS) + 28
    for offset, role in enumerate(roles):
        x = offset * 120
        body.append(f'<rect x="{x}" y="{legend_y - 8}" width="10" height="8" fill="{fills[role]}" stroke="{INK}" '
                    'stroke-width="0.5"/>')
        body.append(_text(x + 14, legend_y, ROLE_TITLES[role].split(" (")[0], 8.5))
    return _svg(600, legend_y + 6, "Area scores by role", body)


def timeline(events: list[CalendarEvent], accent: str) -> Markup:
    """A Gantt of the rollout: one row per phase, recurring events drawn as their series."""
    if not events:
        return Markup("")
    rows = [("Pre-work", ["pre-work"]), ("Leaders decide", ["leadership"]), ("Workshops", ["workshop"]), ("First month", ["first-month"]),
            ("Check-ins", ["cadence:OKR check-in"]), ("Monthly reviews", ["cadence:Monthly"]),
            ("Champions", ["cadence:OKR champions"]), ("Reset", ["reset"])]

    def belongs(event: CalendarEvent, keys: list[str]) -> bool:
        return any(event.phase == key or (":" in key and event.phase == key.split(":")[0]
                                          and event.title.startswith(key.split(":")[1])) for key in keys)

    used = [(label, [e for e in events if belongs(e, keys)]) for label, keys in rows]
    used = [(label, items) for label, items in used if items]
    all_dates = [d for _, items in used for e in items for d in occurrences(e)]
    first, last = min(all_dates), max(all_dates)
    span = max((last - first).days, 1)
    left, width, row_height = 110, 470, 22

    def x_of(day: dt.date) -> float:
        return left + width * (day - first).days / span

    body = []
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            x = x_of(month)
            body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{row_height * len(used)}" stroke="{RULE}"/>')
            if x < left + width - 40:  # a label that would run off the right edge is left out
                body.append(_text(x + 2, row_height * len(used) + 12, month.strftime("%b %Y"), 8, fill=MUTED))
        month = _add_month(month)
    for index, (label, items) in enumerate(used):
        y = index * row_height
        body.append(_text(0, y + 14, label, 9.5, weight="bold"))
        for event in items:
            for day in occurrences(event):
                length = max(3.0, width * max(event.minutes / 480, 0) / span) if event.phase == "workshop" else 3.0
                fill = accent if event.phase in ("workshop", "reset") else INK
                body.append(f'<rect x="{x_of(day):.1f}" y="{y + 5}" width="{length:.1f}" height="12" fill="{fill}"/>')
    return _svg(600, row_height * len(used) + 18, "Rollout timeline", body)


def _add_month(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, 28))


def before_after(changes, accent: str) -> Markup:
    """Each area before (outlined) and after (solid), with the change written beside it."""
    row_height = 34  # bars end at 530 at most (100 points); the change is written right of them
    body = _score_grid(190, 3.4, row_height * len(changes))
    for index, change in enumerate(changes):
        top = index * row_height
        body.append(_text(0, top + 16, AREA_TITLES[change.area], 10.5, weight="bold"))
        if change.before is not None:
            body.append(f'<rect x="190" y="{top + 5}" width="{change.before * 3.4:.1f}" height="10" fill="white" '
                        f'stroke="{INK}" stroke-width="1"/>')
        if change.after is not None:
            body.append(f'<rect x="190" y="{top + 17}" width="{change.after * 3.4:.1f}" height="10" fill="{accent}"/>')
        if change.change is not None:
            rounded = round(change.change)
            body.append(_text(598, top + 20, "±0" if rounded == 0 else f"{rounded:+d}", 11, "end", "bold"))
        else:
            body.append(_text(598, top + 20, "not compared", 8.5, "end", fill=MUTED))
    return _svg(600, row_height * len(changes) + 18, "Area scores before and after", body)
