"""Geometry for the inline SVG drawings: provenance graphs, the story timeline, figure charts.

Functions return plain numbers and strings; the templates draw them (and
escape every label), so no markup is built here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .briefing import Briefing, as_list, parse_date

__all__ = ["Chart", "Graph", "number", "provenance_graph", "series_chart", "short", "timeline_chart"]


def short(text: object, n: int = 28) -> str:
    """``text`` cut to ``n`` characters with an ellipsis (labels must fit their boxes)."""
    s = " ".join(str(text or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


@dataclass
class Graph:
    """A story's provenance graph: articles as nodes by date, reuse pairs as arrows."""

    width: int
    height: int
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)


NODE_W, NODE_H, COL_W, ROW_H, PAD = 170, 44, 220, 70, 16


def provenance_graph(b: Briefing, story: dict[str, Any]) -> Graph:
    """Lay out a story: one column per publication date (undated last), arrows source -> copy."""
    arts = b.story_articles(story)
    cols: dict[date | None, int] = {}
    for a in arts:
        cols.setdefault(parse_date(a.get("published")), len(cols))
    rows: dict[int, int] = {}
    pos: dict[str, tuple[int, int]] = {}
    nodes = []
    for a in arts:
        d = parse_date(a.get("published"))
        col = cols[d]
        row = rows.get(col, 0)
        rows[col] = row + 1
        x, y = PAD + col * COL_W, PAD + 18 + row * ROW_H
        pos[a["id"]] = (x, y)
        flags = [str(f.get("kind")) for f in b.flags(a)]
        nodes.append({
            "id": a["id"], "x": x, "y": y, "w": NODE_W, "h": NODE_H,
            "label": short(a.get("outlet") or b.label(a["id"]), 22),
            "sub": d.isoformat() if d else "undated",
            "title": f"{b.label(a['id'])}\n{', '.join(flags)}".strip(),
            "flagged": bool(flags),
        })
    edges = []
    for r in b.story_reuse(story):
        s, c = pos.get(str(r.get("source_id"))), pos.get(str(r.get("copy_id")))
        if not s or not c:
            continue
        x1, y1 = s[0] + NODE_W, s[1] + NODE_H / 2
        x2, y2 = c[0], c[1] + NODE_H / 2
        if x2 <= x1:  # same column or backwards: bend around the right side
            x1, x2 = s[0] + NODE_W, c[0] + NODE_W
            bend = max(x1, x2) + 40
            d_attr = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2 + 6},{y2}"
        else:
            mid = (x1 + x2) / 2
            d_attr = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2 - 6},{y2}"
        share = r.get("share")
        edges.append({
            "d": d_attr,
            "kind": str(r.get("kind") or "reuse"),
            "credited": r.get("credited"),
            "title": (f"{b.label(r.get('source_id'))} → {b.label(r.get('copy_id'))}: "
                      f"{r.get('kind') or 'reuse'}"
                      + (f", {share:.0%} of the copy" if isinstance(share, int | float) else "")
                      + ("" if r.get("credited") is None else
                         (", credited" if r.get("credited") else ", not credited"))
                      + (f"; common source: {r['common_source']}" if r.get("common_source") else "")),
        })
    ncols = max(len(cols), 1)
    nrows = max(rows.values(), default=1)
    return Graph(PAD * 2 + (ncols - 1) * COL_W + NODE_W + 50, PAD * 2 + 18 + nrows * ROW_H, nodes, edges)


@dataclass
class Chart:
    """A chart on a date axis: ticks, and rows of bars or a line of points."""

    width: int
    height: int
    ticks: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    line: str = ""
    yticks: list[dict[str, Any]] = field(default_factory=list)
    left_out: int = 0  # rows not drawn (the briefing caps long charts)


def _scale(lo: date, hi: date, x0: float, x1: float) -> Callable[[date], float]:
    span = max((hi - lo).days, 1)
    return lambda d: x0 + (d - lo).days / span * (x1 - x0)


def _date_ticks(lo: date, hi: date, fx: Any, n: int = 5) -> list[dict[str, Any]]:
    span = max((hi - lo).days, 1)
    step = max(span // n, 1)
    out, d = [], lo.toordinal()
    while d <= hi.toordinal():
        day = date.fromordinal(d)
        out.append({"x": round(fx(day), 1), "label": day.isoformat()})
        d += step
    return out


def timeline_chart(b: Briefing, width: int = 900, max_rows: int = 0) -> Chart | None:
    """Storylines as rows, their stories as bars from first to last article.

    ``max_rows`` (0: all) keeps the storylines with the most articles, in
    their order, and counts the rest in ``left_out``.
    """
    lines = b.storylines or [{"id": s.get("id"), "label": b.story_label(s), "story_ids": [s.get("id")]}
                             for s in b.stories]
    left_out = 0
    if max_rows and len(lines) > max_rows:
        size = {id(line): sum(len(as_list(s.get("article_ids"))) for s in b.stories_of_line(line))
                for line in lines}
        keep = {id(line) for line in sorted(lines, key=lambda ln: -size[id(ln)])[:max_rows]}
        left_out = len(lines) - max_rows
        lines = [line for line in lines if id(line) in keep]
    spans = []
    for line in lines:
        bars = []
        for s in b.stories_of_line(line):
            start = parse_date(s.get("start")) or min(
                (d for a in b.story_articles(s) if (d := parse_date(a.get("published")))), default=None)
            end = parse_date(s.get("end")) or start
            if start:
                bars.append((s, start, max(end or start, start)))
        spans.append((line, bars))
    all_dates = [d for _, bars in spans for _, s, e in bars for d in (s, e)]
    if not all_dates:
        return None
    lo, hi = min(all_dates), max(all_dates)
    left, row_h = 200, 34
    fx = _scale(lo, hi, left + 10, width - 50)
    chart = Chart(width, 40 + row_h * len(spans), _date_ticks(lo, hi, fx), left_out=left_out)
    for i, (line, bars) in enumerate(spans):
        y = 30 + i * row_h
        chart.rows.append({
            "y": y, "label": short(line.get("label") or line.get("id"), 30),
            "title": str(line.get("label") or line.get("id") or ""),
            "bars": [{"x": round(fx(s), 1), "w": round(max(fx(e) - fx(s), 8), 1),
                      "id": str(st.get("id")), "title": f"{b.story_label(st)} ({s} – {e})"}
                     for st, s, e in bars],
        })
    return chart


_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def number(value: object) -> float | None:
    """A figure's value as a number (``127,000`` and ``"1.5"`` understood), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = _NUM.search(value.replace(",", ""))
        return float(m.group()) if m else None
    return None


def series_chart(rows: list[dict[str, Any]], width: int = 640, height: int = 250) -> Chart | None:
    """The figures of a series as points in the export's (as-of) order, dates on the axis.

    When every point has a day, x is a date scale; otherwise (intervals, upper
    bounds) the points are evenly spaced in order and each is labelled with
    its as-of text. Labels too close to the previous one are left to the
    point's hover text rather than overprinted.
    """
    pts = [(r, v) for r in rows if (v := number(r["figure"].get("value"))) is not None]
    if not pts:
        return None
    left, right, top, bottom = 70, width - 20, 20, height - 58
    vals = [v for _, v in pts]
    vlo, vhi = min(0.0, min(vals)), max(vals) or 1.0
    fy = lambda v: bottom - (v - vlo) / ((vhi - vlo) or 1) * (bottom - top)  # noqa: E731
    dated = [r["date"] for r, _ in pts if r.get("date")]
    chart = Chart(width, height)
    if len(dated) == len(pts) and len(set(dated)) > 1:
        fx = _scale(min(dated), max(dated), left + 30, right - 30)
        xs = [fx(r["date"]) for r, _ in pts]
    else:
        step = (right - left - 60) / max(len(pts) - 1, 1)
        xs = [left + 30 + i * step for i in range(len(pts))] if len(pts) > 1 else [(left + right) / 2]
    last_x = -1e9
    for (r, v), x in zip(pts, xs, strict=True):
        f = r["figure"]
        when = str(r.get("when") or (r["date"].isoformat() if r.get("date") else "—"))
        chart.points.append({
            "x": round(x, 1), "y": round(fy(v), 1), "id": str(f.get("id")),
            "article_id": str(f.get("article_id")),
            "title": " · ".join(str(p) for p in (f.get("qualifier"), f.get("value"), f.get("claimant"), when) if p),
        })
        if x - last_x >= 120 and not (chart.ticks and chart.ticks[-1]["text"] == when):
            lines = when.split(" – ", 1)
            chart.ticks.append({"x": round(x, 1), "text": when,
                                "lines": [lines[0] + (" –" if len(lines) > 1 else ""), *lines[1:]]})
            last_x = x
    chart.line = " ".join(f"{p['x']},{p['y']}" for p in chart.points)
    chart.yticks = [{"y": round(fy(v), 1), "label": f"{v:,.0f}" if abs(v) >= 10 else f"{v:g}"}
                    for v in (vlo, (vlo + vhi) / 2, vhi)]
    return chart
