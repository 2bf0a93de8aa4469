"""Plotly figure dicts for survey results and meeting attendance (pure functions), drawn
in the browser by the self-hosted plotly.js basic bundle (static/charts.js).

Every figure is also shown as a table on the same page; these only add a picture."""
BRAND = "#0b5d4b"
WOMEN = "#b5446e"
MEN = "#2f6f9f"


def _figure(data, layout):
    """A plotly figure as a plain dict in plotly's schema. The tests validate every kind of
    figure with ``plotly.graph_objects.Figure``; building through it at run time cost about
    10 ms a chart (a results page has up to twenty), so it is done only there."""
    return {"data": data, "layout": layout}


def _layout(height, **extra):
    return dict(margin=dict(l=10, r=10, t=10, b=30), height=height, showlegend=False,
                xaxis=dict(fixedrange=True), yaxis=dict(fixedrange=True, automargin=True),
                font=dict(family="system-ui, sans-serif", size=12), **extra)


def _short(text, limit=28):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar(labels, values, value_name):
    """A horizontal bar chart, biggest first at the top."""
    labels = [_short(str(label)) for label in labels]
    trace = dict(type="bar", x=list(values)[::-1], y=labels[::-1], orientation="h", marker=dict(color=BRAND),
                 hovertemplate="%{y}: %{x}<extra></extra>", name=str(value_name))
    return _figure([trace], _layout(60 + 28 * len(labels)))


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
    layout = _layout(240, barmode="stack")
    layout.update(showlegend=True, legend=dict(orientation="h"))
    return _figure([dict(type="bar", x=years, y=women, name=str(women_label), marker=dict(color=WOMEN)),
                    dict(type="bar", x=years, y=men, name=str(men_label), marker=dict(color=MEN))], layout)
