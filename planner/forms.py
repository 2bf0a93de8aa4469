"""The base form every feature form derives from."""
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from wtforms import FieldList, FormField, SelectChoice

from .i18n import normalize_text


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _LazyToken:
    """The form token, made when the form is drawn rather than when it is built: a page
    that builds a form it does not show (an anonymous visitor's) starts no session, so it
    can be kept whole (planner/page_cache.py)."""

    __slots__ = ("make", "value")

    def __init__(self, make):
        self.make, self.value = make, None

    def __str__(self):
        if self.value is None:
            self.value = self.make()
        return self.value

    __html__ = __str__


class _LazyCSRF(_FlaskFormCSRF):
    def generate_csrf_token(self, csrf_token_field):
        return _LazyToken(lambda: super(_LazyCSRF, self).generate_csrf_token(csrf_token_field))


class BaseForm(FlaskForm):
    """CSRF-protected; text input is stripped and Kyrgyz Ӊ/ӊ read as Ң/ң."""

    class Meta(FlaskForm.Meta):
        csrf_class = _LazyCSRF

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                # Containers take no filters; the fields inside them get their own.
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", ()))
            options["filters"] = [_strip, normalize_text, *filters]
            return unbound_field.bind(form=form, **options)


def choices(pairs):
    """``[(value, label), ...]`` as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]
