"""Figures for the plan pages, as plotly figure dicts (pure functions of a Sheet)."""
import json

import plotly.graph_objects as go

from ..chart_axes import LABEL_AXIS, money_axis, wrap

from .forms import FUNDING_LABELS
from .models import FUNDING_SOURCES

COLOURS = {"local": "#0b5d4b", "republican": "#3b7dd8", "community_cash": "#e0a030", "community_kind": "#b5651d",
           "donor": "#7b4fa0", "private": "#7b8781"}


def cost_by_section(sheet, locale="en", currency="KGS") -> dict:
    """Stacked horizontal bars: each section's cost split by funding source, the section's
    name wrapped beside its bar and the costs in the locale's format and currency."""
    labels = [wrap(f"{n}. {s['title']}", width=20) for n, s in enumerate(sheet.sections, start=1)]
    money_layout, money_ticks = money_axis(locale, currency)
    fig = go.Figure()
    for key in FUNDING_SOURCES:
        fig.add_trace(go.Bar(name=str(FUNDING_LABELS[key]), y=labels, x=[float(s["totals"][key]) for s in sheet.sections],
                             orientation="h", marker_color=COLOURS[key]))
    fig.update_layout(barmode="stack", height=max(320, 52 * len(labels) + 160), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "y": -0.15}, yaxis=LABEL_AXIS,
                      xaxis=money_ticks, **money_layout)
    return json.loads(fig.to_json())
