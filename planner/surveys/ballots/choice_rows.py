"""The voting inputs of a ballot's page (plain HTML, no JavaScript) drawn in Python, each
option by one format that escapes every value, as ``result_rows`` draws the results' lists:
a ranking ballot of 11 options drew some hundred Jinja expressions (a ``rank_label`` and a
comparison per choice of each option). The markup is the template's it replaced, byte for
byte: translations as markup as the templates' ``_()`` gives them, option texts escaped."""
from markupsafe import Markup

from ...i18n import gettext, request_translations
from .forms import rank_label


def _text(translated):
    """A translated message as the templates' ``_()`` gives it (the translation is markup)."""
    return Markup(translated) % {}


def ngettext(singular, plural, num):
    """As the templates' ``ngettext``: the translation is markup, ``%(num)s`` the number."""
    return Markup(request_translations().ungettext(singular, plural, num)) % {"num": num}


_CHECK = Markup('\n  <label class="check"><input type="%s" name="choice" value="%s"%s> %s</label>\n  ')
_FIELD = Markup('\n  <div class="field"><label for="%s-%s">%s</label>\n  <select id="%s-%s" name="%s-%s">\n    %s\n  </select></div>\n  ')
_OPTION = Markup('<option value="%s"%s>%s</option>')


def _field(kind, option, options):
    return _FIELD % (kind, option.id, option.text, kind, option.id, kind, option.id, options)


def choices_html(ballot, mine) -> Markup:
    """The fieldset of choices for ``ballot``, ``mine`` (option id → value) marked."""
    rows = []
    if ballot.method in ("single", "approval"):
        kind = "radio" if ballot.method == "single" else "checkbox"
        for option in ballot.options:
            rows.append(_CHECK % (kind, option.id, Markup(" checked") if mine.get(option.id) else "", option.text))
    elif ballot.method == "dots":
        labels = [ngettext("%(num)s point", "%(num)s points", n) for n in range(ballot.max_per_option + 1)]
        for option in ballot.options:
            chosen = mine.get(option.id, 0)
            options = Markup("").join(_OPTION % (n, Markup(" selected") if chosen == n else "", label)
                                      for n, label in enumerate(labels))
            rows.append(_field("points", option, options))
    else:
        labels = [(n, rank_label(n)) for n in range(1, ballot.max_choices + 1)]
        unranked = Markup('<option value="">%s</option>\n    ') % _text(gettext("not ranked"))
        for option in ballot.options:
            chosen = mine.get(option.id)
            options = unranked + Markup("").join(_OPTION % (n, Markup(" selected") if chosen == n else "", label)
                                                 for n, label in labels)
            rows.append(_field("rank", option, options))
    return (Markup("\n<fieldset>\n<legend>%s</legend>\n\n  ") % _text(gettext("Your choice"))
            + Markup("").join(rows) + Markup("\n\n</fieldset>"))
