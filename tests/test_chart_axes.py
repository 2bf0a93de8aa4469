"""Money charts read like the tables beside them (issue 14, Phones): the value axis in the
locale's number format and currency, not plotly's "2M 4M 6M", and bar labels wrapped, not cut."""
from decimal import Decimal as D

import pytest

from planner.chart_axes import money_axis, wrap
from planner.monitoring import charts


@pytest.mark.parametrize(("locale", "currency", "separators", "prefix", "suffix"), [
    ("ky", "KGS", ",\u00a0", "", "\u00a0сом"),
    ("hy", "AMD", ",\u00a0", "", "\u00a0֏"),
    ("en", "KGS", ".,", "KGS", ""),
])
def test_the_money_axis_follows_the_locale(app, locale, currency, separators, prefix, suffix):
    with app.test_request_context():
        layout, axis = money_axis(locale, currency)
    assert layout == {"separators": separators}
    assert axis["title"]["text"] == (prefix + suffix).strip()
    assert axis["tickformat"] == ",.0f" and axis["exponentformat"] == "none"  # 6 000 000, never 6M


def test_long_labels_wrap_onto_at_most_three_lines_and_stay_text():
    label = "Жашыл-Өрөндө ичүүчү суу түтүгү эскирген, жайында суу күнүнө 2 саат гана келет / Изношен водопровод"
    lines = wrap(label).split("<br>")
    assert len(lines) == 3 and all(len(line) <= 17 for line in lines)
    assert lines[0] == "Жашыл-Өрөндө" and lines[-1].endswith("…")
    assert wrap("Суу") == "Суу"
    assert wrap("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"  # plotly's tags are not the label's


def test_the_dashboard_chart_uses_the_money_axis(app):
    with app.test_request_context():
        figure = charts.plan_vs_actual("t", ["1. Ичүүчү суу менен камсыз кылуу жана оңдоо"], [D("6000000")],
                                       [D("4000000")], "План", "Факт", "ky", "KGS")
    layout = figure["layout"]
    assert layout["separators"] == ",\u00a0" and layout["xaxis"]["title"]["text"] == "сом"
    assert figure["data"][0]["y"] == ["1. Ичүүчү суу<br>менен камсыз<br>кылуу жана оңдоо"]
