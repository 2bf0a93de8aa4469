"""The problem register's cards, each drawn by one Python format (as ``plans/sheet_rows.py``
draws the plan's rows): the template drew each card through a few dozen Jinja expressions,
an include of the support button, a ``url_for`` per link, Babel per date and lazy labels
resolved per card, about half of the page's time. The markup is the template's, byte for
byte: every value is escaped as the template escaped it, the translations are markup as
the template's ``_()`` makes them."""
from flask_babel import format_date, get_locale
from markupsafe import Markup, escape

from ..i18n import gettext, label_texts, number, request_translations
from ..supports.buttons import SupportButtons
from ..web import row_url
from .forms import MEETING_KIND_LABELS, SECTOR_LABELS, SOURCE_LABELS


def _text(translated):
    """A translated message as the templates' ``_()`` gives it (the translation is markup).
    Callers write ``_text(gettext("..."))`` so that ``make translations`` finds the message."""
    return Markup(translated) % {}


def _escaped(texts):
    return {key: escape(text) for key, text in texts.items()}


class ProblemCards:
    """Built once per page; ``cards(problem)`` is one problem's ``<li>`` (a
    ``problem_register.ProblemRow``)."""

    def __init__(self, municipality, support_tally, can_support, manager, action_form):
        slug = municipality.slug
        self.locale = str(get_locale())
        self.translations = request_translations()
        self.sectors = _escaped(label_texts(SECTOR_LABELS))
        self.sources = _escaped(label_texts(SOURCE_LABELS))
        self.meeting_kinds = _escaped(label_texts(MEETING_KIND_LABELS))
        self.support = SupportButtons(support_tally, can_support)
        self.support_url = row_url("supports.problem", "problem_id", slug=slug)
        self.meeting_url = row_url("meetings.detail", "meeting_id", slug=slug)
        self.survey_url = row_url("surveys.results_page", "survey_id", slug=slug)
        self.manager = manager
        if manager:
            self.edit_url = row_url("problems.edit", "problem_id", slug=slug)
            self.vote_url = row_url("problems.vote", "problem_id", slug=slug)
            self.hidden = action_form.hidden_tag()
            self.edit_label = _text(gettext("Edit or merge"))
            put, take = _text(gettext("Put to the vote")), _text(gettext("Take off the vote"))
            self.vote_buttons = (f'<button class="small" name="mark" value="1">{put}</button>',
                                 f'<button class="small" name="mark" value="0">{take}</button>')
        self.whole = _text(gettext("Whole municipality"))
        for_vote = _text(gettext("for the vote"))
        self.for_vote = f'<span class="badge ok">{for_vote}</span>'
        self.sources_label = _text(gettext("Sources"))
        self.dates = {}

    def _raised(self, n):
        return Markup(self.translations.ungettext("raised %(num)s time", "raised %(num)s times", n)) % {
            "num": number(n, locale=self.locale)}

    def _date(self, day):
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = escape(format_date(day, "medium"))
        return text

    def _source(self, s, p):
        parts = ["<li>", self.sources[s.source_kind]]
        if s.meeting is not None:
            parts.append(f': <a href="{self.meeting_url(s.meeting.id)}">{self.meeting_kinds[s.meeting.kind]}, '
                         f'{self._date(s.meeting.held_on)}</a>')
        elif s.survey is not None:
            parts.append(f': <a href="{self.survey_url(s.survey.id)}">{escape(s.survey.title)}</a>')
        parts.append("\n  ")
        if s.id != p.id:
            parts.append(f'<span class="muted">— {escape(s.text)} ({self._raised(s.times_raised)})</span>')
        parts.append("</li>")
        return "".join(parts)

    def __call__(self, p) -> Markup:
        village = escape(p.village_name) if p.village_name is not None else self.whole
        sources = (p, *p.merged)
        manager = ""
        if self.manager:
            manager = (f'<div class="actions">\n    <a class="button small" href="{self.edit_url(p.id)}">'
                       f'{self.edit_label}<span class="sr-only">: {escape(p.text[:60])}</span></a>\n'
                       f'    <form method="post" action="{self.vote_url(p.id)}" class="inline-form">{self.hidden}\n'
                       f'    {self.vote_buttons[bool(p.is_for_vote)]}</form>\n  </div>')
        return Markup(
            f'\n<li id="p{escape(p.id)}" class="card">\n  <p class="ptext">{escape(p.text)}</p>\n'
            f'  <p class="muted">{self.sectors[p.sector]} · {village} ·\n    {self._raised(p.times_raised)}\n'
            f'    {self.for_vote if p.is_for_vote else ""}</p>\n'
            f'  {self.support(p.id, p.is_active, self.support_url(p.id))}\n  \n'
            f'  <details><summary>{self.sources_label} ({len(sources)})</summary><ul>\n'
            f'  {"".join(self._source(s, p) for s in sources)}\n  </ul></details>\n  {manager}\n</li>\n')
