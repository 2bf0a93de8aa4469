"""Plotly figures for ballot results (pure functions: result in, figure dict out)."""
import json

LABEL_MAX = 24  # the table beside the chart carries the full texts


def _label(rank, text):
    text = text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"
    return f"{rank}. {text}"


def result_bars(result, online_label="Online", paper_label="Paper"):
    """A horizontal stacked bar per option (online + paper), best at the top."""
    import plotly.graph_objects as go

    rows = list(reversed(result.rows))
    labels = [_label(r.rank, r.option.text) for r in rows]
    full = [r.option.text for r in rows]
    figure = go.Figure(
        data=[
            go.Bar(name=str(online_label), y=labels, x=[r.online for r in rows], orientation="h",
                   marker={"color": "#0b5d4b"}, customdata=full, hovertemplate="%{customdata}: %{x}<extra></extra>"),
            go.Bar(name=str(paper_label), y=labels, x=[r.paper for r in rows], orientation="h",
                   marker={"color": "#e3b56a"}, customdata=full, hovertemplate="%{customdata}: %{x}<extra></extra>"),
        ],
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
