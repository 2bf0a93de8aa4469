"""SupportButtons (Python) draws what supports/_button.html draws, for every case."""
import pytest
from flask import render_template_string

from planner.supports.buttons import SupportButtons
from planner.supports.queries import Tally

CASES = [(mine, supportable, can) for mine in (False, True) for supportable in (False, True) for can in (False, True)]


@pytest.mark.parametrize("lang", ["en", "ru", "ky", "hy"])
@pytest.mark.parametrize("path", ["/m/x/problems", "/m/x/problems?sort=support&village=2"])
def test_support_buttons_are_the_templates_markup(app, lang, path):
    with app.test_request_context(path, headers={"Accept-Language": lang}):
        for count in (0, 1, 2, 5, 1234):
            for mine, supportable, can in CASES:
                tally = Tally(counts={7: count}, mine={7} if mine else set())
                template = render_template_string(
                    '{% include "supports/_button.html" %}', support_tally=tally, support_url="/m/x/problems/7/support?a=<&>",
                    target_id=7, supportable=supportable, municipality=None, can_support=lambda user, m: can)
                assert SupportButtons(tally, can)(7, supportable, "/m/x/problems/7/support?a=<&>") == template


def test_no_tally_no_block(app):
    with app.test_request_context("/"):
        assert SupportButtons(None, True)(7, True, "/x") == ""
