"""The meetings list's rows, each drawn by one Python format (as ``problem_rows.py`` draws the
problem register's cards): the template drew each row through a Babel date, a ``url_for``,
two lazy labels and two number filters. The markup is the template's, byte for byte."""
from flask_babel import format_date, get_locale
from markupsafe import Markup, escape

from ..i18n import gettext, label_texts, number
from ..web import row_url
from .forms import MEETING_KIND_LABELS, TARGET_GROUP_LABELS


def _text(string):
    """A message as the templates' ``_()`` gives it (the translation is markup)."""
    return Markup(gettext(string)) % {}


def meeting_rows(rows, municipality):
    """``[row markup]`` for the rows of ``meetings.meetings_table``."""
    locale = str(get_locale())
    kinds = {key: escape(text) for key, text in label_texts(MEETING_KIND_LABELS).items()}
    groups = {key: escape(text) for key, text in label_texts(TARGET_GROUP_LABELS).items()}
    villages = {v.id: escape(v.name) for v in municipality.villages}
    whole = _text("Whole municipality")
    date_label, meeting_label, village_label, people_label, women_label = (
        _text(s) for s in ("Date", "Meeting", "Village", "Participants", "Women"))
    detail_url = row_url("meetings.detail", "meeting_id", slug=municipality.slug)
    dates = {}
    drawn = []
    for m in rows:
        day = dates.get(m.held_on)
        if day is None:
            day = dates[m.held_on] = escape(format_date(m.held_on, "medium"))
        group = f" · {groups[m.target_group]}" if m.target_group != "everyone" else ""
        village = villages[m.village_id] if m.village_id else whole
        drawn.append(Markup(
            f'<tr>\n<td data-label="{date_label}">{day}</td>\n'
            f'<td data-label="{meeting_label}"><a href="{detail_url(m.id)}">{kinds[m.kind]}</a>{group}</td>\n'
            f'<td data-label="{village_label}">{village}</td>\n'
            f'<td data-label="{people_label}" class="num">{escape(number(int(m.total), locale=locale))}</td>\n'
            f'<td data-label="{women_label}" class="num">{escape(number(int(m.women), locale=locale))}</td></tr>'))
    return drawn
