"""Plotly figure dicts for survey results and meeting attendance (pure functions).

Every figure is also shown as a table on the same page; these only add a picture."""
import plotly.graph_objects as go

BRAND = "#0b5d4b"
WOMEN = "#b5446e"
MEN = "#2f6f9f"


def _layout(height, **extra):
    return dict(margin=dict(l=10, r=10, t=10, b=30), height=height, showlegend=False,
                xaxis=dict(fixedrange=True), yaxis=dict(fixedrange=True, automargin=True),
                font=dict(family="system-ui, sans-serif", size=12), **extra)


def _short(text, limit=40):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar(labels, values, value_name):
    """A horizontal bar chart, biggest first at the top."""
    labels = [_short(str(label)) for label in labels]
    figure = go.Figure(
        go.Bar(x=list(values)[::-1], y=labels[::-1], orientation="h", marker_color=BRAND,
               hovertemplate="%{y}: %{x}<extra></extra>", name=str(value_name)),
        layout=_layout(60 + 28 * len(labels)),
    )
    return figure.to_plotly_json()


def question_figure(result):
    """The figure for one question's result, or None where a table says it all."""
    q = result.question
    if not result.rows or not result.answered:
        return None
    if q.kind == "ranking":
        return bar([r[0] for r in result.rows], [r[1] for r in result.rows], "points")
    if q.kind in ("single", "multiple", "scale"):
        return bar([r[0] for r in result.rows], [r[1] for r in result.rows], "count")
    return None


def attendance_by_year(rows, women_label, men_label):
    """rows: (year, total, women). Stacked bars of women and men per year."""
    years = [str(r[0]) for r in rows]
    women = [r[2] for r in rows]
    men = [r[1] - r[2] for r in rows]
    figure = go.Figure(
        [go.Bar(x=years, y=women, name=str(women_label), marker_color=WOMEN),
         go.Bar(x=years, y=men, name=str(men_label), marker_color=MEN)],
        layout=_layout(240, barmode="stack"),
    )
    figure.update_layout(showlegend=True, legend=dict(orientation="h"))
    return figure.to_plotly_json()
