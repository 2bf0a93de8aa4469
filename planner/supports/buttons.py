"""``supports/_button.html`` as a Python function, for lists that show a support count and
button per item: the include cost a Jinja context, a ``url_for``, a permission check and
several lookups per item. The markup is the template's, byte for byte (tests compare them)."""
from flask import request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from ..i18n import gettext, number, request_translations


def _text(string):
    """A message as the templates' ``_()`` gives it (the translation is markup)."""
    return Markup(gettext(string)) % {}


class SupportButtons:
    """Built once per list (``tally`` from ``queries.tally``, ``can_support`` asked once);
    ``buttons(target_id, supportable, support_url)`` is one item's block, "" without a tally."""

    def __init__(self, tally, can_support):
        self.tally = tally
        self.can_support = can_support
        self.locale = str(get_locale())
        self.translations = request_translations()
        if tally and can_support:
            self.form_head = Markup(
                '<input type="hidden" name="csrf_token" value="{}">\n'
                '    <input type="hidden" name="next" value="{}">\n    ').format(
                generate_csrf(), request.full_path if request.query_string else request.path)
            self.withdraw = _text("Withdraw my support")
            self.support = _text("I support this")
        self.yours = _text("You support this")

    def __call__(self, target_id, supportable, support_url) -> Markup:
        tally = self.tally
        if not tally:
            return Markup("")
        n = tally.count(target_id)
        count = Markup(self.translations.ungettext("%(num)s resident supports this", "%(num)s residents support this",
                                                   n)) % {"num": number(n, locale=self.locale)}
        mine = target_id in tally.mine
        if supportable and self.can_support:
            button = (f'<button class="small" name="support" value="0">{self.withdraw}</button>\n    ' if mine
                      else f'<button class="small primary" name="support" value="1">{self.support}</button>')
            action = (f'\n  <form method="post" action="{escape(support_url)}" class="inline-form">\n    '
                      f'{self.form_head}{button}\n  </form>\n  ')
        elif mine:
            action = f'<span class="badge ok">{self.yours}</span>\n  '
        else:
            action = ""
        return Markup(f'\n<div class="support">\n  <span class="support-count">{count}</span>\n  {action}\n</div>\n')
