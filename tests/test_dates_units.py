"""Periods, months and file sizes go through Babel in every language (no "2026 Q1",
"2026-04" or "KB" left in the pages)."""
from datetime import date

import pytest
from flask_babel import force_locale

from planner.i18n import file_size, month_year, period_text


@pytest.mark.parametrize(("lang", "quarter", "month", "short", "size"), [
    ("ky", "2026-ж., 2-чейрек", "2026-ж. апр.", "2026-04", "12 кБ"),
    ("ru", "2-й квартал 2026\u202fг.", "апр. 2026\u202fг.", "04.2026", "12 кБ"),
    ("hy", "2026 թ. 2-րդ եռամսյակ", "2026 թ. ապր", "04.2026", "12 կԲ"),
    ("en", "2nd quarter 2026", "Apr 2026", "4/2026", "12 kB"),
])
def test_in_each_language(app, lang, quarter, month, short, size):
    with app.test_request_context(), force_locale(lang):
        assert period_text("quarter", 2026, 2) == quarter
        assert month_year("2026-04") == month == month_year(date(2026, 4, 1))
        assert month_year("2026-04", numeric=True) == short
        assert file_size(12 * 1024 - 100) == size
        assert "1,5" in file_size(3 * 512 * 1024) or lang == "en"


def test_a_monitoring_report_period_reads_in_words(app):
    from planner.monitoring.models import MonitoringReport

    report = MonitoringReport(period_kind="quarter", period_year=2026, period_number=1)
    with app.test_request_context(), force_locale("ru"):
        assert report.period_label == "1-й квартал 2026\u202fг."
    assert report.period_code == "2026 Q1"  # the audit log's data, the same in every language


def test_the_month_of_a_timeline(app):
    from planner.monitoring.queries import month_label

    with app.test_request_context(), force_locale("ru"):
        assert month_label(2026 * 12 + 3) == "04.2026"


@pytest.mark.parametrize("lang, ending", [("ru", "2026\u202fг."), ("ky", "12-фев."), ("en", "Feb 12, 2026."),
                                          ("hy", "12։")])
def test_a_sentence_that_ends_with_a_date_ends_with_one_full_stop(app, lang, ending):
    """Russian dates end with "г." and Kyrgyz medium ones with a shortened month: the date's
    stop is the sentence's ("Закрыто 12 февр. 2026 г.", not "г..")."""
    template = app.jinja_env.from_string('{{ _("Closed on %(date)s.", date=day|dateformat("medium"))|sentence }}')
    with app.test_request_context(), force_locale(lang):
        text = template.render(day=date(2026, 2, 12))
    assert text.endswith(ending) and ".." not in text


def test_an_ellipsis_is_left_as_it_is():
    from planner.i18n import sentence

    assert sentence("Ждите...") == "Ждите..." and sentence("г..") == "г." and sentence("Готово.") == "Готово."
