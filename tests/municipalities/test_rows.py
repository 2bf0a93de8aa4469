"""The members table's rows drawn in Python (municipalities/member_rows.py) give the markup of
the template loop they replaced, and the kept date texts (i18n.date_text, datetime_text) are
Flask-Babel's own."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_babel import force_locale, format_date, format_datetime

from planner.forms import ActionForm
from planner.i18n import date_text, datetime_text
from planner.municipalities import member_rows

# The loop as it was in members.html: the reference the Python function must match.
OLD_LOOP = """{% for m in memberships %}
<tr><td data-label="{{ _('Name') }}">{{ m.user.name }}</td><td data-label="{{ _('Role') }}">{{ role_texts[m.role] }}</td><td data-label="{{ _('Village') }}">{{ m.village.name if m.village else "—" }}</td>
<td data-label="{{ _('Since') }}">{{ (m.verified_at or m.created_at)|dateformat("medium") }}</td>
<td>{% if m.user_id != me %}{{ post_button(remove_url(m.id), _("Remove role"), form, "small") }}{% endif %}</td></tr>
{% endfor %}"""
NEW_LOOP = """{{ rows(memberships, role_texts, (_('Name'), _('Role'), _('Village'), _('Since'), _("Remove role")),
remove_url, form, me, villages) }}"""

TIMES = [datetime(2026, 1, 1, 0, 0), datetime(2026, 12, 31, 23, 59, 59), datetime(1999, 3, 4, 12, 30)]


@pytest.mark.parametrize("lang", ["ky", "ru", "hy", "en"])
def test_member_rows_as_the_template_drew_them(app, lang):
    village = SimpleNamespace(id=5, name="Ак-Суу <1>")
    memberships = [
        SimpleNamespace(id=1, user_id=10, user=SimpleNamespace(name='<b>Ай & "Нур"</b>'), role="staff",
                        village_id=5, village=village, verified_at=TIMES[0], created_at=TIMES[2]),
        SimpleNamespace(id=22, user_id=11, user=SimpleNamespace(name="Me"), role="resident", village_id=None,
                        village=None, verified_at=None, created_at=TIMES[1]),
        SimpleNamespace(id=333, user_id=12, user=SimpleNamespace(name="X"), role="monitor", village_id=9,
                        village=SimpleNamespace(id=9, name="Another's & co"), verified_at=None,
                        created_at=date(2026, 5, 6)),
    ]
    with app.test_request_context(), force_locale(lang):
        values = dict(memberships=memberships, role_texts={"staff": "Staff <&>", "resident": "Resident",
                                                          "monitor": "'Monitor'"},
                      remove_url=lambda i: f"/m/a&b/members/{i}/remove", form=ActionForm(), me=11,
                      villages=[village, SimpleNamespace(id=6, name="Кара-Таш")])
        old = render_template_string(OLD_LOOP, **values)
        assert render_template_string(NEW_LOOP, rows=member_rows.rows_html, **values) == old
        assert old.count("<form") == 2


@pytest.mark.parametrize("lang", ["ky", "ru", "hy", "en"])
def test_kept_date_texts_are_flask_babels(app, lang):
    with app.test_request_context(), force_locale(lang):
        for value in [*TIMES, date(2026, 2, 28)]:
            for fmt in ("short", "medium", "long"):
                assert date_text(value, fmt) == format_date(value, fmt)
                assert date_text(value, fmt) == date_text(value, fmt)  # the kept text, again
                if isinstance(value, datetime):
                    assert datetime_text(value, fmt) == format_datetime(value, fmt, rebase=False)
