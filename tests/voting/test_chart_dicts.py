"""The ballot results' figure is a plain dict now; it must be the very dict plotly's Figure
gave (without its default theme), so the chart and its server-drawn picture stay the same."""
import json
from decimal import Decimal
from types import SimpleNamespace as O

import pytest

from planner.surveys.ballots import charts


def _plotly_bars(result, online_label, paper_label, total_label):
    """The former ``result_bars``, through plotly's Figure."""
    import plotly.graph_objects as go

    rows = list(reversed(result.rows))
    labels = [f"{r.rank}. " + (r.option.text if len(r.option.text) <= 24 else r.option.text[:23].rstrip() + "…")
              for r in rows]
    full = [r.option.text for r in rows]

    def bars(name, values, colour):
        return go.Bar(name=str(name), y=labels, x=values, orientation="h", marker={"color": colour},
                      customdata=full, hovertemplate="%{customdata}: %{x}<extra></extra>")

    if result.channels_hidden:
        data = [bars(total_label, [r.total for r in rows], "#0b5d4b")]
    else:
        data = [bars(online_label, [r.online for r in rows], "#0b5d4b"),
                bars(paper_label, [r.paper for r in rows], "#e3b56a")]
    figure = go.Figure(data=data, layout=go.Layout(
        barmode="stack", height=max(240, 30 * len(rows) + 90), margin={"l": 8, "r": 8, "t": 8, "b": 28},
        showlegend=False, yaxis={"automargin": True}, xaxis={"gridcolor": "#cfd6d3", "zeroline": False},
        font={"family": "system-ui, sans-serif", "size": 12, "color": "#1b1f23"},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff"))
    data = json.loads(figure.to_json())
    data["layout"].pop("template", None)
    return data


def _rows(n, number=int):
    return [O(rank=i + 1, option=O(text=f"Option {i} with a rather long name <b> & “quotes”"),
              online=number(30 - i), paper=number(i % 3), total=number(30 - i + i % 3)) for i in range(n)]


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize("n", [0, 1, 3, 15])
@pytest.mark.parametrize("number", [int, Decimal])
def test_result_bars_are_plotlys_figure(n, hidden, number):
    result = O(rows=_rows(n, number), channels_hidden=hidden)
    mine = charts.result_bars(result, "Онлайн", "Paper", "Total")
    assert mine == _plotly_bars(result, "Онлайн", "Paper", "Total")
    assert json.dumps(mine, sort_keys=True) == json.dumps(_plotly_bars(result, "Онлайн", "Paper", "Total"),
                                                          sort_keys=True)
