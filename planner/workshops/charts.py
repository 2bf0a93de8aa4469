"""Plotly figures of workshop statistics: pure functions of a :class:`stats.Summary`.

The page puts them in one JSON block (``|tojson``) that ``static/charts.js`` draws; the same
figures are in tables, and a small server-drawn SVG shows them before (or without) scripts."""
import json

import plotly.graph_objects as go

from .labels import AGE_LABELS, ROLE_LABELS, SEX_PLURAL

COLOUR = "#0b5d4b"


def bars(title, labels, values) -> dict:
    """Horizontal bars, one per label, largest data first as given."""
    labels = [str(label) if len(str(label)) <= 40 else str(label)[:39] + "…" for label in labels]
    figure = go.Figure(
        data=[go.Bar(y=labels, x=list(values), orientation="h", marker_color=COLOUR)],
        layout=dict(meta={"title": str(title)}, height=max(160, 60 + 32 * len(labels)), showlegend=False,
                    margin={"l": 10, "r": 10, "t": 10, "b": 30}, yaxis={"autorange": "reversed", "automargin": True},
                    xaxis={"automargin": True, "dtick": 1 if max(values, default=0) <= 10 else None},
                    font={"family": "system-ui, sans-serif", "size": 12}),
    )
    return json.loads(figure.to_json())


def series(summary):
    """``{chart id: (title, [(label, value), ...])}``: what each chart (and its fallback) shows."""
    from ..i18n import gettext as _

    return {
        "chart-sex": (_("Participants by sex"), [(str(SEX_PLURAL[s]), n) for s, n in summary.by_sex.items()]),
        "chart-age": (_("Participants by age"), [(str(AGE_LABELS[a]), n) for a, n in summary.by_age.items()]),
        "chart-role": (_("Participants by role"), [(str(ROLE_LABELS[r]), n) for r, n in summary.by_role.items()]),
        "chart-municipality": (_("Participants by municipality"),
                               [(m.name, n) for m, n, _w in summary.by_municipality]),
    }


def figures(summary) -> dict:
    return {key: bars(title, [label for label, _v in points], [v for _l, v in points])
            for key, (title, points) in series(summary).items() if points}
