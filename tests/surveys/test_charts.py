"""The figure dicts are valid plotly figures (validated here, not at run time)."""
import plotly.graph_objects as go

from planner.surveys import charts
from planner.surveys.results import QuestionResult


class _Q:
    def __init__(self, kind):
        self.kind = kind


def test_bar_figure_is_valid_plotly():
    figure = charts.bar(["Суу", "Жол"], [10, 4], "count")
    go.Figure(figure)  # raises on anything plotly does not know
    assert figure["data"][0]["x"] == [4, 10] and figure["data"][0]["y"] == ["Жол", "Суу"]


def test_question_figure_only_where_it_helps():
    assert charts.question_figure(QuestionResult(question=_Q("number"), answered=3, rows=[("a", 1, 1)])) is None
    assert charts.question_figure(QuestionResult(question=_Q("single"), answered=0, rows=[("a", 0, 0)])) is None
    go.Figure(charts.question_figure(QuestionResult(question=_Q("ranking"), answered=3, rows=[("a", 9, 3, 3)])))


def test_attendance_figure_is_valid_plotly():
    figure = charts.attendance_by_year([(2025, 30, 17, 2), (2026, 40, 30, 1)], "Women", "Men")
    go.Figure(figure)
    assert figure["data"][0]["y"] == [17, 30] and figure["data"][1]["y"] == [13, 10]
