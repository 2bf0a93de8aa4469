"""Plotly figures for ballot results (pure functions: result in, figure dict out)."""
import json

TEXT_MAX = 48


def _label(text):
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def result_bars(result, online_label="Online", paper_label="Paper", title=""):
    """A horizontal stacked bar per option (online + paper), best at the top."""
    import plotly.graph_objects as go

    rows = list(reversed(result.rows))
    labels = [f"{r.rank}. {_label(r.option.text)}" for r in rows]
    figure = go.Figure(
        data=[
            go.Bar(name=str(online_label), y=labels, x=[r.online for r in rows], orientation="h",
                   marker={"color": "#0b5d4b"}),
            go.Bar(name=str(paper_label), y=labels, x=[r.paper for r in rows], orientation="h",
                   marker={"color": "#e3b56a"}),
        ],
        layout=go.Layout(barmode="stack", title={"text": str(title)} if title else None,
                         margin={"l": 10, "r": 10, "t": 30, "b": 30}, height=max(260, 34 * len(rows) + 80),
                         legend={"orientation": "h", "y": 1.08}, yaxis={"automargin": True},
                         font={"family": "system-ui, sans-serif", "size": 12}),
    )
    return json.loads(figure.to_json())
