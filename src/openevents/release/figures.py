"""The index page's figures as inline SVG and HTML, drawn from a release's stats.json (no scripts, no CDN):
events per day by quad class, the top dyads, and events per country."""

from __future__ import annotations

import datetime as dt
import math
from html import escape

import pycountry

QUADS = [(1, "verbal cooperation", "#9ecae1"), (2, "material cooperation", "#3182bd"),
         (3, "verbal conflict", "#fdae6b"), (4, "material conflict", "#e6550d")]
WIDTH = 960


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2, 3, 4, 5, 6 or 8 × 10^k at or above value (at least 1): the top of a count axis."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(int(m * power) for m in (1, 2, 3, 4, 5, 6, 8, 10) if m * power >= value)


def empty_figure(figure_id: str, message: str, height: int = 60) -> str:
    return (f'<svg id="{figure_id}" class="figure" role="img" aria-label="{escape(message)}" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}"><text x="{WIDTH // 2}" y="{height // 2}" '
            f'text-anchor="middle" class="empty">{escape(message)}</text></svg>')


def fill_days(days: list[dict], start: str | None = None, end: str | None = None) -> list[dict]:
    """Every day from start (or the first day with events) to end (or the last) with counts, zero on days
    without events."""
    known = {d["date"]: d for d in days}
    first = dt.date.fromisoformat(min([d["date"] for d in days] + ([start] if start else [])))
    last = dt.date.fromisoformat(max([d["date"] for d in days] + ([end] if end else [])))
    span = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [known.get(d.isoformat(), {"date": d.isoformat(), "q1": 0, "q2": 0, "q3": 0, "q4": 0}) for d in span]


def _day_labels(days: list[dict], x0: float, step: float, y: float) -> list[str]:
    """Month starts on long ranges, every few days on short ones."""
    if len(days) > 62:
        picks = [i for i, d in enumerate(days) if d["date"].endswith("-01") or i == 0]
        text = [days[i]["date"][:7] for i in picks]
    else:
        every = max(1, len(days) // 8)
        picks = list(range(0, len(days), every))
        text = [days[i]["date"][5:] for i in picks]
    return [f'<text x="{x0 + (i + 0.5) * step:.1f}" y="{y}" text-anchor="middle" class="tick">{escape(t)}</text>'
            for i, t in zip(picks, text)]


def _legend(x: int, y: int) -> list[str]:
    parts = []
    for n, (q, name, colour) in enumerate(QUADS):
        left = x + n * 180
        parts.append(f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{left + 14}" y="{y}" class="tick">{q} {escape(name)}</text>')
    return parts


def daily_chart(days: list[dict], start: str | None = None, end: str | None = None) -> str:
    """Stacked bars: events per day by quad class over the release's dates, with a y axis, dates and a legend."""
    if not days or not any(sum(d[f"q{q}"] for q, _, _ in QUADS) for d in days):
        return empty_figure("events-per-day", "No events in this release.")
    days = fill_days(days, start, end)
    height, left, top, bottom = 280, 50, 26, 40
    plot_w, plot_h = WIDTH - left - 10, height - top - bottom
    top_value = nice_ceiling(max(sum(d[f"q{q}"] for q, _, _ in QUADS) for d in days))
    step = plot_w / len(days)
    gap = 1 if step > 4 else 0
    parts = _legend(left, 14)
    for tick in (0, top_value // 2, top_value) if top_value % 2 == 0 else (0, top_value):
        y = top + plot_h - plot_h * tick / top_value
        parts.append(f'<line x1="{left}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for i, day in enumerate(days):
        base, bars = top + plot_h, []
        for q, _, colour in QUADS:
            h = plot_h * day[f"q{q}"] / top_value
            if h:
                base -= h
                bars.append(f'<rect class="bar q{q}" x="{left + i * step:.2f}" y="{base:.2f}" '
                            f'width="{max(step - gap, 0.5):.2f}" height="{h:.2f}" fill="{colour}"/>')
        counts = ", ".join(f"{name} {day[f'q{q}']}" for q, name, _ in QUADS)
        parts.append(f'<g><title>{day["date"]}: {counts}</title>{"".join(bars)}</g>' if bars else "")
    parts += _day_labels(days, left, step, height - bottom + 16)
    return (f'<svg id="events-per-day" class="figure" role="img" aria-label="Events per day by quad class" '
            f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">{"".join(parts)}</svg>')


def dyad_chart(dyads: list[dict]) -> str:
    """Horizontal bars: the dyads (source → target actor codes) with the most events."""
    if not dyads:
        return empty_figure("top-dyads", "No events with a target in this release.")
    row, left, right = 22, 230, 60
    height = row * len(dyads) + 10
    most = max(d["events"] for d in dyads)
    parts = []
    for i, d in enumerate(dyads):
        y, w = 5 + i * row, (WIDTH - left - right) * d["events"] / most
        label = f"{d['source']} → {d['target']}"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" class="label">{escape(label)}</text>'
                     f'<rect class="bar dyad" x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 6}" '
                     f'fill="#6a51a3"><title>{escape(label)}: {d["events"]} events</title></rect>'
                     f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="tick">{d["events"]}</text>')
    return (f'<svg id="top-dyads" class="figure" role="img" aria-label="Top dyads by events" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}">{"".join(parts)}</svg>')


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return getattr(country, "common_name", None) or getattr(country, "name", None) or code


def country_table(countries: list[dict], total: int) -> str:
    """A table of countries by events involving them (as source or target), with an inline bar per row."""
    if not countries:
        return '<p id="countries" class="empty">No events with a country in this release.</p>'
    most = max(c["events"] for c in countries)
    rows = []
    for c in countries:
        width = 200 * c["events"] / most
        bar = (f'<svg class="cell-bar" width="200" height="12" viewBox="0 0 200 12" aria-hidden="true">'
               f'<rect x="0" y="1" width="{max(width, 1):.1f}" height="10" fill="#31a354"/></svg>')
        rows.append(f'<tr><td><code>{escape(c["country"])}</code></td><td>{escape(country_name(c["country"]))}</td>'
                    f'<td class="num">{c["events"]}</td><td class="num">{c["as_source"]}</td>'
                    f'<td class="num">{c["as_target"]}</td><td>{bar}</td></tr>')
    more = f"<caption>Top {len(countries)} of {total} countries</caption>" if total > len(countries) else ""
    return ('<table id="countries" class="countries">' + more +
            "<thead><tr><th>code</th><th>country</th><th>events</th><th>as source</th><th>as target</th><th></th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
