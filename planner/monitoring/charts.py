"""Plotly figures for the progress dashboard: pure functions of figures already computed.

Each figure is returned as a plain dict (``data`` + ``layout``) that the page puts in a
JSON block (through ``|tojson``, like every chart's data); ``static/charts.js`` draws it
with the self-hosted plotly basic bundle. The page always shows the same numbers as a
table, so the charts are an extra, never the only way to read them."""
import json
from functools import lru_cache

import plotly.graph_objects as go
from flask import current_app
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..chart_axes import LABEL_AXIS, money_axis, wrap
from ..svg_charts import bar_svg

PLAN_COLOUR = "#9bb8ae"
ACTUAL_COLOUR = "#0b5d4b"
OVER_COLOUR = "#a4161a"


def _dict(figure) -> dict:
    return json.loads(figure.to_json())


def _layout(title, height=320, **extra):
    # The title goes to screen readers and the tooltip only: the page's heading and the
    # table's caption already name the chart, and a drawn title crowds a phone screen.
    return dict(meta={"title": title}, height=height, barmode="group",
                margin={"l": 10, "r": 10, "t": 30, "b": 30},
                showlegend=False,  # the page draws the key in HTML under the chart
                font={"family": "system-ui, sans-serif", "size": 12}, **extra)


def plan_vs_actual(title, labels, planned, actual, plan_name, actual_name, locale="en", currency="KGS") -> dict:
    """Horizontal grouped bars, planned against actual, one pair per label (wrapped, not cut),
    on a money axis in the locale's format and currency."""
    labels = [wrap(label) for label in labels]
    money_layout, money_ticks = money_axis(locale, currency)
    figure = go.Figure(
        data=[
            go.Bar(name=plan_name, y=labels, x=[float(v) for v in planned], orientation="h", marker_color=PLAN_COLOUR),
            go.Bar(name=actual_name, y=labels, x=[float(v) for v in actual], orientation="h",
                   marker_color=[OVER_COLOUR if a > p else ACTUAL_COLOUR for p, a in zip(planned, actual)]),
        ],
        layout=_layout(title, height=max(240, 70 + 52 * len(labels)), yaxis=LABEL_AXIS,
                       xaxis=money_ticks, **money_layout),
    )
    return _dict(figure)


def timeline(title, rows, planned_name, actual_name, month_label) -> dict:
    """Planned and actual months of each activity as horizontal bars.

    ``rows``: ``(label, planned_start, planned_end, actual_start, actual_end)`` with month
    indexes (``year * 12 + month - 1``); an unfinished activity has no actual end and is
    drawn up to its latest report month if it started."""
    labels = [r[0] if len(r[0]) <= 40 else r[0][:39] + "…" for r in rows]
    starts = [m for r in rows for m in (r[1], r[3]) if m is not None]
    ends = [m for r in rows for m in (r[2], r[4]) if m is not None]
    if not starts:
        return {}
    lo, hi = min(starts), max(ends or starts)
    ticks = list(range(lo, hi + 2, max(1, (hi - lo + 1) // 8 or 1)))

    def bars(start_index, end_index):
        base, width = [], []
        for r in rows:
            s, e = r[start_index], r[end_index]
            if s is None:
                base.append(None)
                width.append(0)
            else:
                base.append(s)
                width.append((e if e is not None else s) - s + 1)
        return base, width

    pb, pw = bars(1, 2)
    ab, aw = bars(3, 4)
    figure = go.Figure(
        data=[go.Bar(name=planned_name, y=labels, base=pb, x=pw, orientation="h", marker_color=PLAN_COLOUR),
              go.Bar(name=actual_name, y=labels, base=ab, x=aw, orientation="h", marker_color=ACTUAL_COLOUR)],
        layout=_layout(title, height=max(240, 70 + 36 * len(rows)), yaxis={"autorange": "reversed", "automargin": True},
                       xaxis={"tickvals": ticks, "ticktext": [month_label(t) for t in ticks], "automargin": True,
                              "range": [lo - 0.5, hi + 1.5]}),
    )
    return _dict(figure)


@lru_cache(maxsize=512)
def cached_figure(kind, *args) -> dict:
    """The figure ``kind`` ("plan_vs_actual" or "timeline") for these (hashable) inputs; the
    page puts it in its script block with ``|tojson``, and callers must not change it.
    Building a figure with plotly's validators costs tens of milliseconds, and a dashboard's
    figures change only when a report is approved or spending imported, so the same inputs
    are served from this process's cache."""
    return {"plan_vs_actual": plan_vs_actual, "timeline": timeline}[kind](*args)


@lru_cache(maxsize=512)
def cached_picture(locale, kind, *args):
    """The server-drawn picture (``bar_svg``) of ``cached_figure(kind, *args)`` in ``locale``
    (the request's: ``bar_svg`` formats its numbers in it), kept like the figure itself: the
    dashboard drew its three pictures again for every request (~0.5 ms each)."""
    return bar_svg(cached_figure(kind, *args))


@lru_cache(maxsize=128)
def cached_chart_data(locale, inputs):
    """The page's chart data block (``_charts.html``'s ``chart_data``: the figures keyed by
    their element ids, as ``|tojson`` writes them) for ``inputs``, ``((key, (kind, *args)),
    ...)``, kept per language: serialising the three figures cost ~1 ms a request."""
    figures = {f"chart-{key}": cached_figure(*args) for key, args in inputs}
    policies = current_app.jinja_env.policies
    text = htmlsafe_json_dumps(figures, dumps=policies["json.dumps_function"], **policies["json.dumps_kwargs"])
    return Markup(f'<script type="application/json" id="chart-data">{text}</script>')
