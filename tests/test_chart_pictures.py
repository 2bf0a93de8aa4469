"""Chart pages show their figures before any script runs: a server-drawn SVG from the very
figure dict plotly would draw (planner/svg_charts.py), and plotly's bundle is never a
<script src> of the page: it loads only when the reader asks (static/charts.js)."""
import re

import pytest

from planner.svg_charts import bar_svg

PLOTLY = "plotly-basic.min.js"


def _texts(svg):
    return re.findall(r"<text[^>]*>([^<]*)</text>", str(svg))


def _bars(svg):
    return [(float(w), fill) for w, fill in re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="[^"]+" '
                                                       r'fill="([^"]+)"><title>', str(svg))]


def assert_no_blocking_plotly(page):
    """plotly is not loaded by the page itself: only the button names its URL."""
    assert not re.search(r"<script[^>]*src=\"[^\"]*" + re.escape(PLOTLY), page)
    for match in re.finditer(re.escape(PLOTLY), page):
        before = page[max(0, match.start() - 200):match.start()]
        assert 'class="charts-toggle" data-charts-src="' in before


@pytest.fixture
def ctx(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def test_survey_bars_carry_labels_and_values_top_down(ctx):
    from planner.surveys import charts

    svg = bar_svg(charts.bar(["Road", "Water", "School <b>"], [12, 7, 3], "count"), "Question")
    assert _texts(svg) == ["Road", "12", "Water", "7", "School &lt;b&gt;", "3"]
    widths = [w for w, _fill in _bars(svg)]
    assert widths[0] > widths[1] > widths[2] > 0
    assert widths[1] == pytest.approx(widths[0] * 7 / 12, abs=0.2)
    assert 'aria-hidden="true"' in svg  # the table beside it is what screen readers read


def test_ballot_result_bars_stack_online_and_paper(ctx):
    from types import SimpleNamespace as O

    from planner.surveys.ballots import charts

    rows = [O(rank=1, option=O(text="Road"), online=30, paper=12, total=42),
            O(rank=2, option=O(text="Water"), online=20, paper=1, total=21)]
    svg = bar_svg(charts.result_bars(O(rows=rows, channels_hidden=False)), "Result")
    assert _texts(svg) == ["1. Road", "42", "2. Water", "21"]  # best first, the total after its bar
    assert [fill for _w, fill in _bars(svg)] == ["#0b5d4b", "#e3b56a"] * 2


def test_plan_against_actual_keeps_its_order_and_the_over_colour(ctx):
    from planner.monitoring import charts

    svg = bar_svg(charts.plan_vs_actual("t", ["1. Roads", "2. Water"], [100, 50], [40, 60], "Plan", "Actual"))
    assert _texts(svg) == ["1. Roads", "100", "40", "2. Water", "50", "60"]
    fills = [fill for _w, fill in _bars(svg)]
    assert fills[1] != fills[3]  # water's actual is above plan: drawn in its own colour


def test_a_timeline_starts_its_bars_at_their_month(ctx):
    from planner.monitoring import charts

    rows = [("A", 24300, 24305, 24301, None), ("B", 24302, 24303, None, None)]
    svg = bar_svg(charts.timeline("t", rows, "Planned", "Actual", str))
    xs = [float(x) for x in re.findall(r'<rect x="([^"]+)"', str(svg))]
    assert len(xs) == 3 and xs[0] == 0 and xs[1] > 0 and xs[2] > xs[0]  # B has no actual months


def test_attendance_columns_and_a_legend(ctx):
    from planner.surveys import charts

    svg = bar_svg(charts.attendance_by_year([(2024, 30, 12), (2025, 40, 25)], "Women", "Men"), "Attendance")
    assert _texts(svg) == ["2024", "30", "2025", "40"]
    assert "Women" in svg and "Men" in svg  # the legend under the picture


def test_two_bars_with_the_same_title_stay_two_bars(ctx):
    """Two participatory-budget projects may share a title ("Street lights" in two villages):
    each keeps its own bar and figure, in the count's order (before, the second replaced the
    first and one project's votes vanished from the picture)."""
    from types import SimpleNamespace as O

    from planner.budgeting.forms import votes_figure

    projects = {1: O(title="Street lights"), 2: O(title="Water"), 3: O(title="Street lights")}
    counted = {"order": [3, 2, 1], "projects": {1: {"score": 12, "won": False}, 2: {"score": 30, "won": True},
                                                 3: {"score": 41, "won": True}}}
    svg = bar_svg(votes_figure(counted, projects, "Votes"), "Votes")
    assert _texts(svg) == ["Street lights", "41", "Water", "30", "Street lights", "12"]
    widths = [w for w, _fill in _bars(svg)]
    assert len(widths) == 3 and widths[0] > widths[1] > widths[2] > 0


def test_traces_naming_different_bars_are_matched_by_name(ctx):
    figure = {"data": [{"type": "bar", "orientation": "h", "name": "A", "y": ["x", "y"], "x": [5, 7]},
                       {"type": "bar", "orientation": "h", "name": "B", "y": ["y", "z"], "x": [2, 9]}],
              "layout": {"yaxis": {"autorange": "reversed"}}}
    assert _texts(bar_svg(figure)) == ["x", "5", "0", "y", "7", "2", "z", "0", "9"]


def test_no_figure_no_picture(ctx):
    assert bar_svg(None) == "" and bar_svg({}) == "" and bar_svg({"data": []}) == ""


def test_ballot_results_page_shows_the_figures_without_scripts(client, db, make_municipality, make_user,
                                                              make_member):
    from planner.surveys.ballots import mixing, services
    from planner.models import utcnow
    from datetime import timedelta

    town = make_municipality()
    now = utcnow()
    ballot = services.create_ballot(town, None, title="Priorities", explanation="", method="single", max_choices=1,
                                    max_per_option=1, opens_at=now - timedelta(days=2),
                                    closes_at=now + timedelta(days=1), is_results_live=True,
                                    options=[("Road", {}), ("Water", {})])
    db.session.commit()
    for i in range(7):
        user = make_user()
        make_member(user, town, "resident")
        services.cast_vote(ballot, user, {ballot.options[0 if i < 5 else 1].id: 1})
        db.session.commit()
    mixing.mix_ballot(ballot.id, final=True)
    db.session.commit()
    page = client.get(f"/m/{town.slug}/ballots/{ballot.id}/results",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    picture = re.search(r'<div id="ballot-chart"[^>]*>(<svg.*?</svg>)', page, re.S).group(1)
    assert _texts(picture) == ["1. Road", "5", "2. Water", "2"]
    assert_no_blocking_plotly(page)
    assert 'class="charts-toggle"' in page and "charts.js" in page
