"""Plotly figures for ballot results (pure functions: result in, figure dict out)."""
import json

LABEL_MAX = 24  # the table beside the chart carries the full texts


def _label(rank, text):
    text = text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"
    return f"{rank}. {text}"


def result_bars(result, online_label="Online", paper_label="Paper", total_label="Total"):
    """A horizontal stacked bar per option (online + paper), best at the top; one bar of
    the totals when the online/paper split is hidden (``result.channels_hidden``)."""
    import plotly.graph_objects as go

    rows = list(reversed(result.rows))
    labels = [_label(r.rank, r.option.text) for r in rows]
    full = [r.option.text for r in rows]

    def bars(name, values, colour):
        return go.Bar(name=str(name), y=labels, x=values, orientation="h", marker={"color": colour},
                      customdata=full, hovertemplate="%{customdata}: %{x}<extra></extra>")

    if getattr(result, "channels_hidden", False):
        data = [bars(total_label, [r.total for r in rows], "#0b5d4b")]
    else:
        data = [bars(online_label, [r.online for r in rows], "#0b5d4b"),
                bars(paper_label, [r.paper for r in rows], "#e3b56a")]
    figure = go.Figure(
        data=data,
        layout=go.Layout(
            barmode="stack", height=max(240, 30 * len(rows) + 90),
            margin={"l": 8, "r": 8, "t": 8, "b": 28},
            showlegend=False,  # the caption under the chart says which colour is which
            yaxis={"automargin": True}, xaxis={"gridcolor": "#cfd6d3", "zeroline": False},
            font={"family": "system-ui, sans-serif", "size": 12, "color": "#1b1f23"},
            paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        ),
    )
    data = json.loads(figure.to_json())
    data["layout"].pop("template", None)  # plotly's default theme: 10 KB the page does not need
    return data
