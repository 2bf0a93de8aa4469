"""Figures for the plan pages, as plotly figure dicts (pure functions of a Sheet)."""
import json

import plotly.graph_objects as go

from .forms import FUNDING_LABELS
from .models import FUNDING_SOURCES

COLOURS = {"local": "#0b5d4b", "republican": "#3b7dd8", "community_cash": "#e0a030", "community_kind": "#b5651d",
           "donor": "#7b4fa0", "private": "#7b8781"}


def _short(title, limit=18):
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def cost_by_section(sheet) -> dict:
    """Stacked horizontal bars: each section's cost split by funding source."""
    labels = [f"{n}. {_short(s['title'])}" for n, s in enumerate(sheet.sections, start=1)]
    fig = go.Figure()
    for key in FUNDING_SOURCES:
        fig.add_trace(go.Bar(name=str(FUNDING_LABELS[key]), y=labels, x=[float(s["totals"][key]) for s in sheet.sections],
                             orientation="h", marker_color=COLOURS[key]))
    fig.update_layout(barmode="stack", height=max(320, 40 * len(labels) + 160), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "y": -0.15}, yaxis={"autorange": "reversed", "automargin": True},
                      xaxis={"separatethousands": True})
    return json.loads(fig.to_json())
