"""Plotly figures for ballot results (pure functions: result in, figure dict out).

The dicts are written out as plotly's ``Figure(...).to_json()`` gave them (without its
default theme, which the page never sent): building and validating a ``go.Figure`` and
serialising it took about 40 % of the results page's time. tests/voting/test_chart_dicts.py
checks that the dict is the one plotly builds."""
from decimal import Decimal

LABEL_MAX = 24  # the table beside the chart carries the full texts

LAYOUT = {
    "barmode": "stack",
    "margin": {"l": 8, "r": 8, "t": 8, "b": 28},
    "showlegend": False,  # the caption under the chart says which colour is which
    "yaxis": {"automargin": True}, "xaxis": {"gridcolor": "#cfd6d3", "zeroline": False},
    "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1b1f23"},
    "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
}


def _label(rank, text):
    text = text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"
    return f"{rank}. {text}"


def _plain(value):
    """A figure as plotly's JSON encoder writes it (a Decimal becomes a float)."""
    return float(value) if isinstance(value, Decimal) else value


def result_bars(result, online_label="Online", paper_label="Paper", total_label="Total"):
    """A horizontal stacked bar per option (online + paper), best at the top; one bar of
    the totals when the online/paper split is hidden (``result.channels_hidden``)."""
    rows = list(reversed(result.rows))
    labels = [_label(r.rank, r.option.text) for r in rows]
    full = [r.option.text for r in rows]

    def bars(name, values, colour):
        return {"customdata": list(full), "hovertemplate": "%{customdata}: %{x}<extra></extra>",
                "marker": {"color": colour}, "name": str(name), "orientation": "h",
                "x": [_plain(v) for v in values], "y": list(labels), "type": "bar"}

    if getattr(result, "channels_hidden", False):
        data = [bars(total_label, [r.total for r in rows], "#0b5d4b")]
    else:
        data = [bars(online_label, [r.online for r in rows], "#0b5d4b"),
                bars(paper_label, [r.paper for r in rows], "#e3b56a")]
    layout = {**LAYOUT, "height": max(240, 30 * len(rows) + 90),
              "margin": dict(LAYOUT["margin"]), "yaxis": dict(LAYOUT["yaxis"]), "xaxis": dict(LAYOUT["xaxis"]),
              "font": dict(LAYOUT["font"])}
    return {"data": data, "layout": layout}
