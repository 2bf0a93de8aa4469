"""The voting inputs drawn in Python (ballots/choice_rows.py), against the markup the template
they replaced gave, written out by hand: values escaped, the voter's earlier choice marked."""
from types import SimpleNamespace

from flask_babel import force_locale

from planner.surveys.ballots.choice_rows import choices_html

OPTIONS = [SimpleNamespace(id=3, text="Road & <bridge>"), SimpleNamespace(id=7, text="School")]


def _ballot(method):
    return SimpleNamespace(method=method, options=OPTIONS, max_choices=2, max_per_option=1)


def test_ranking_inputs_mark_the_voters_ranks_and_escape_the_options(app):
    with app.test_request_context(), force_locale("en"):
        html = str(choices_html(_ballot("ranking"), {7: 2}))
    assert html == (
        '\n<fieldset>\n<legend>Your choice</legend>\n\n  '
        '\n  <div class="field"><label for="rank-3">Road &amp; &lt;bridge&gt;</label>\n'
        '  <select id="rank-3" name="rank-3">\n    <option value="">not ranked</option>\n    '
        '<option value="1">rank 1</option><option value="2">rank 2</option>\n  </select></div>\n  '
        '\n  <div class="field"><label for="rank-7">School</label>\n'
        '  <select id="rank-7" name="rank-7">\n    <option value="">not ranked</option>\n    '
        '<option value="1">rank 1</option><option value="2" selected>rank 2</option>\n  </select></div>\n  '
        '\n\n</fieldset>')


def test_single_approval_and_dots_inputs(app):
    with app.test_request_context(), force_locale("en"):
        single = str(choices_html(_ballot("single"), {3: 1}))
        approval = str(choices_html(_ballot("approval"), {}))
        dots = str(choices_html(_ballot("dots"), {3: 1}))
    assert ('<label class="check"><input type="radio" name="choice" value="3" checked> Road &amp; &lt;bridge&gt;'
            '</label>') in single
    assert '<input type="radio" name="choice" value="7"> School</label>' in single
    assert approval.count('type="checkbox" name="choice"') == 2 and "checked" not in approval
    assert ('<select id="points-3" name="points-3">\n    <option value="0">0 points</option>'
            '<option value="1" selected>1 point</option>\n  </select>') in dots
    assert '<option value="0" selected>0 points</option><option value="1">1 point</option>' in dots


def test_the_inputs_read_in_kyrgyz(app):
    with app.test_request_context(), force_locale("ky"):
        html = str(choices_html(_ballot("ranking"), {}))
    assert "Your choice" not in html and "not ranked" not in html and "rank 1" not in html
