"""WTForms' own messages, in the app's catalogue so that they reach every language.

WTForms and Flask-WTF ship catalogues for Russian but none for Kyrgyz or Armenian, so a
Kyrgyz resident who left a required field empty read "This field is required." Listing the
messages here puts them in ``translations/messages.pot``; ``planner.forms.BaseForm`` looks
them up in the app's catalogue (``CatalogueMessages``). The text must be WTForms' own,
letter for letter (wtforms/locale/wtforms.pot): WTForms asks for it by that text."""
from flask_babel import get_translations, lazy_gettext as _l, lazy_ngettext

MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Field must be equal to %(other_name)s."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 1),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 1),
    lazy_ngettext("Field must be exactly %(max)d character long.",
                  "Field must be exactly %(max)d characters long.", 1),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    lazy_ngettext("'%(value)s' is not a valid choice for this field.",
                  "'%(value)s' are not valid choices for this field.", 1),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
)


class CatalogueMessages:
    """WTForms' translations protocol (``gettext``, ``ngettext``) on the app's catalogue for
    the request's language. Formatting stays with WTForms, which fills the placeholders."""

    def gettext(self, string):
        return get_translations().gettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ngettext(singular, plural, n)


CATALOGUE_MESSAGES = CatalogueMessages()
